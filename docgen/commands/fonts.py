"""``docgen fonts``: does this machine have the fonts the house style asks for?"""

import click

from docgen.commands.options import style_option


@click.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
@click.option("--strict", is_flag=True,
              help="替代字体不算数：用 Word/WPS 打印的机器必须装有样式要求的原字体。")
@style_option
def command(as_json, strict, style_path):
    """检查本机能否印出样式要求的字体：每个角色的字体、是否安装、渲染时用什么替代。

    列出样式中每个角色（标题、各级标题、正文、页码……）要求的中文和西文字体、本机是否安装
    （Linux/macOS 查 fontconfig，Windows 查字体文件夹和注册表）、渲染时实际会用什么字体。
    有角色缺字体时退出码为 1，并逐个角色用一行说明该安装什么字体，或在 --style 样式文件中
    改用哪个已安装的别名（如用“仿宋”代替“仿宋_GB2312”；别名见样式中各角色的 fallback:）。

    \b
    示例：docgen fonts
          docgen fonts --json
          docgen fonts --style my-style.yaml --strict
    """
    import json
    import sys

    from docgen.fonts import font_report, format_report, probe
    from docgen.style import load_style

    style = load_style(style_path)
    p = probe()
    items = font_report(style, p, strict=strict)
    ok = all(it.ok for it in items)
    if as_json:
        data = {"version": 1, "system": p.system, "fontconfig": str(getattr(p, "conf", "") or "") or None,
                "strict": strict, "ok": ok, "roles": [it.to_dict() for it in items]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(items, p))
    if not ok:
        sys.exit(1)
