import click

from docgen.commands.options import style_option


@click.command()
@style_option
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help="要写出的模板 .docx（如 docx_templates/speech.docx）。")
def command(style_path, output):
    """按样式规则集生成 Word 模板（段落样式、页面、版心网格、页码），供 build 与 format 的 --template 使用。

    \b
    示例：docgen template -o docx_templates/speech.docx
          docgen template --style my.yaml -o my-template.docx
    """
    from docgen.fileio import atomic_write_bytes
    from docgen.style import load_style
    from docgen.writers.template import build_template

    from docgen.outputs import guard_output

    guard_output(output, "docx", [style_path], what="模板文件")
    style = load_style(style_path)
    atomic_write_bytes(output, build_template(style))
    click.echo(f"已生成模板：{output}", err=True)
