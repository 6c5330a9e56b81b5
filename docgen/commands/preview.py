"""``docgen preview``: render a .docx with LibreOffice, optionally PNG pages and a layout report."""

import click

from docgen.commands.options import style_option


@click.command()
@click.argument("input_docx", metavar="INPUT.docx", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="输出 PDF（默认：与输入同名的 .pdf）。")
@click.option("--png", "png_dir", type=click.Path(), default=None,
              help="把每一页另存为 PNG 图片到此目录（<文件名>-1.png …）。")
@click.option("--dpi", type=click.IntRange(30, 600), default=None, help="PNG 分辨率（默认 96）。")
@click.option("--measure", is_flag=True, help="测量 PDF 版面（每页行数、每行字数、行距、边距、页码）和每个角色实际嵌入的字体，列出不合格处。")
@click.option("--lines", "show_lines", is_flag=True, help="与 --measure 同用：列出每一行的测量值。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出测量结果（隐含 --measure）。")
@style_option
def command(input_docx, output, png_dir, dpi, measure, show_lines, as_json, style_path):
    """用 LibreOffice 把 .docx 转成 PDF 预览（需要安装 LibreOffice 与替代字体）。

    --measure 在渲染出的 PDF 上实测版面：满页是否 22 行、满行是否 28 字、
    边距与页码位置是否合规，不合格时退出码为 1。

    \b
    示例：docgen preview 讲话.docx -o 讲话.pdf --png 预览图 --measure
    """
    import json
    import sys
    from pathlib import Path

    from docgen.outputs import guard_dir, guard_output
    from docgen.render import preview

    # every check before LibreOffice starts: nothing is written when one fails
    preview.check_input(input_docx)
    target = Path(output) if output else Path(input_docx).with_suffix(".pdf")
    guard_output(target, "pdf", [input_docx, style_path], named=bool(output), what="PDF 输出文件")
    if png_dir:
        guard_dir(png_dir, "--png 的输出目录")
    pdf = preview.convert_to_pdf(input_docx, output)
    click.echo(f"已生成：{pdf}", err=True)
    if png_dir:
        pngs = preview.pdf_to_png(pdf, png_dir, dpi=dpi or preview.DEFAULT_DPI, prefix=Path(input_docx).stem)
        click.echo(f"已生成 {len(pngs)} 张 PNG：{png_dir}", err=True)
    if not (measure or as_json):
        return
    from docgen.render.judge import format_report, judge
    from docgen.render.measure import measure_pdf
    from docgen.style import load_style

    from docgen.render.fonts import format_fonts, measure_fonts

    style = load_style(style_path)
    measurement = measure_pdf(pdf, style)
    problems = judge(measurement, style)
    fonts = measure_fonts(input_docx, pdf, style)
    fonts_ok = all(f.ok for f in fonts)
    if as_json:
        data = {"version": 1, "measurement": measurement.to_dict(),
                "problems": [p.__dict__ for p in problems], "fonts": [f.to_dict() for f in fonts],
                "ok": not problems and fonts_ok}
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(measurement, problems, style=style, lines=show_lines))
        click.echo(format_fonts(fonts))
    if problems or not fonts_ok:
        sys.exit(1)
