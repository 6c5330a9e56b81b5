"""``docgen check INPUT...``: check drafts and .docx files against the rule set.

Exit code 0 (no error-severity finding), 1 (at least one), 2 (bad usage or input).  With
``--fix`` the fixed copy is written to ``-o`` and the report lists what is left in it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional, Tuple

import click

from docgen.commands.options import output_option, style_option
from docgen.errors import DocgenError


def _fix_targets(inputs: List[Path], output: Optional[str]) -> List[Tuple[Path, Path]]:
    if not output:
        raise DocgenError("--fix 需要用 -o 指定输出文件（不会覆盖原文件）")
    out = Path(output)
    if len(inputs) == 1 and not out.is_dir():
        return [(inputs[0], out)]
    if not out.is_dir():
        raise DocgenError("检查多个文件时，-o 应为已存在的目录", path=out)
    return [(p, out / p.name) for p in inputs]


def _fix_text(src: Path, dst: Path, style, level: str, encoding: Optional[str], select, ignore) -> int:
    from docgen.check import TEXT_SUFFIXES, read_text_units
    from docgen.fileio import atomic_write_text
    from docgen.transforms.clean import clean_units, units_to_text

    if dst.suffix.lower() not in TEXT_SUFFIXES:
        raise DocgenError("文本稿的 --fix 输出应为 .txt 或 .md；要生成公文格式的 .docx，请用 docgen format", path=dst)
    units, changes = clean_units(read_text_units(src, encoding), style, level=level, select=select, ignore=ignore)
    atomic_write_text(dst, units_to_text(units))
    return len(changes)


def _fix_docx(src: Path, dst: Path, style, level: str) -> int:
    try:
        from docgen.docx_fix import fix_docx
    except ImportError:
        raise DocgenError("此版本尚不支持修复 .docx（缺少 docgen.docx_fix）", path=src) from None
    if dst.suffix.lower() != ".docx":
        raise DocgenError(".docx 的 --fix 输出应为 .docx 文件", path=dst)
    resolved = fix_docx(src, style, dst, level)   # the findings the fix resolved
    return len(resolved)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="报告格式：text（每条一行）或 json（DESIGN.md §5）。")
@click.option("--select", multiple=True, metavar="IDS",
              help="只检查这些规则（ID 或前缀，逗号分隔，如 PUNCT,DUP-CHAR）。")
@click.option("--ignore", multiple=True, metavar="IDS", help="不检查这些规则（ID 或前缀）。")
@style_option
@click.option("--fix", "fix", is_flag=False, flag_value="safe", default=None, type=click.Choice(["safe", "all"]),
              help="修复后写到 -o：--fix 只做安全修复；--fix all 也采纳建议性修改。")
@output_option
@click.option("--annotate", type=click.Path(dir_okay=False), default=None,
              help="另存一份 .docx，在每个问题处加 Word 批注（作者 docgen）。")
@click.option("--encoding", default=None, help="文本稿的编码（默认自动识别）。")
def command(inputs, fmt, select, ignore, style_path, fix, output, annotate, encoding):
    """按规则集检查讲话稿（.docx / .txt / .md），列出每个问题的规则、位置和修改办法。

    \b
    docgen check 讲话.docx
    docgen check 草稿.txt --format json
    docgen check 草稿.txt --fix -o 草稿-修正.txt
    docgen check 讲话.docx --annotate 讲话-批注.docx
    """
    from docgen.check import check_paths, expand_paths, parse_ids, render_json, render_text
    from docgen.fileio import refuse_overwriting_inputs
    from docgen.style import load_style

    style = load_style(style_path)
    select_ids, ignore_ids = parse_ids(list(select)), parse_ids(list(ignore))
    files = expand_paths(inputs)
    if annotate and (len(files) != 1 or files[0].suffix.lower() != ".docx"):
        raise DocgenError("--annotate 只用于单个 .docx 输入")
    if output and not fix:
        raise DocgenError("-o 只与 --fix 一起使用；报告直接输出到屏幕，可用重定向保存")

    targets = files
    if fix:
        pairs = _fix_targets(files, output)
        for src, dst in pairs:
            refuse_overwriting_inputs(dst, [str(f) for f in files])
            if src.suffix.lower() == ".docx":
                n = _fix_docx(src, dst, style, fix)
            else:
                n = _fix_text(src, dst, style, fix, encoding, select_ids, ignore_ids)
            count = "" if n is None else f"，修改 {n} 处"
            click.echo(f"已修复{count}：{dst}（下面列出修复后仍存在的问题）", err=True)
        targets = [dst for _, dst in pairs]

    report = check_paths(targets, style, select_ids, ignore_ids, encoding)

    if annotate:
        refuse_overwriting_inputs(annotate, [str(f) for f in files])
        try:
            from docgen.annotate import annotate_docx
        except ImportError:
            raise DocgenError("此版本尚不支持批注（缺少 docgen.annotate）") from None
        annotate_docx(targets[0], report.files[0].findings, annotate)
        click.echo(f"已写出带批注的文件：{annotate}", err=True)

    click.echo(render_json(report) if fmt == "json" else render_text(report))
    # sys.exit, not ctx.exit: cli.main runs click with standalone_mode=False, which would
    # swallow the code of a click Exit
    sys.exit(report.exit_code)
