import click

#: genre key -> the starter's default file name
STARTER_NAMES = {"notice": "通知", "request": "请示", "report": "报告", "letter": "函", "minutes": "纪要",
                 "decision": "决定", "opinion": "意见", "speech": "讲话"}


@click.command()
@click.argument("genre", type=click.Choice(list(STARTER_NAMES)))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="要写出的内容文件（.yaml，默认：文种名.yaml，如 通知.yaml）。")
@click.option("--annex", "annex", type=click.Path(dir_okay=False),
              help="把已有的内容文件（如讲话稿）作为附件，生成“关于印发……的通知”。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它。")
def command(genre, output, annex, force):
    """写出某一文种的内容文件样例（带注释），供填写后用 docgen build 生成公文。

    \b
    文种：notice 通知、request 请示、report 报告、letter 函、minutes 纪要、
          decision 决定、opinion 意见、speech 讲话稿
    示例：docgen new notice -o 通知.yaml
          docgen new notice --annex 讲话.yaml -o 印发通知.yaml
    """
    from pathlib import Path

    from docgen.errors import DocgenError
    from docgen.fileio import atomic_write_text
    from docgen.outputs import check_suffix, guard_output
    from docgen.starters import annex_notice, starter_text

    out = Path(output) if output else Path(STARTER_NAMES[genre] + ".yaml")
    check_suffix(out, "yaml", "内容文件")
    if out.exists() and not force:
        raise DocgenError("输出文件已存在；换一个文件名，或加 --force 覆盖", path=out)
    # the one guard: never an input (the annex), never a file of another kind
    guard_output(out, "yaml", [annex] if annex else [], what="内容文件", named=True)
    if annex is not None:
        if genre != "notice":
            raise DocgenError("--annex 只用于 notice：生成“关于印发……的通知”")
        if Path(annex).resolve() == out.resolve():
            raise DocgenError("输出文件不能是附件的内容文件本身", path=out)
        text = annex_notice(annex, out)
    else:
        text = starter_text(genre)
    atomic_write_text(out, text)
    click.echo(f"已生成：{out}（填写后运行 docgen build {out}）", err=True)
