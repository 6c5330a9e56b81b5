import click

from docgen.commands.options import output_option, style_option, template_option


@click.command()
@click.argument("content", type=click.Path(dir_okay=False))
@output_option
@style_option
@template_option
def command(content, output, style_path, template_path):
    """从 YAML 内容文件生成公文格式的 .docx。

    \b
    示例：docgen build examples/speech.yaml -o speech.docx
    """
    from pathlib import Path

    from docgen.api import build_file
    from docgen.outputs import guard_output

    out = Path(output) if output else Path(content).with_suffix(".docx")
    guard_output(out, "docx", [content, style_path, template_path], named=bool(output))
    warnings = build_file(content, out, style_path=style_path, template_path=template_path)
    for w in warnings:
        click.echo(w, err=True)
    click.echo(f"已生成：{out}", err=True)
