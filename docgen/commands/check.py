"""``docgen check INPUT...``: check drafts and .docx files against the rule set.

Exit code 0 (no error-severity finding), 1 (at least one), 2 (bad usage, or some input could not be
checked: max of the two).  With ``--fix`` the fixed copy is written to ``-o`` (or over the input with
``--in-place``) and the report lists what is left in it.  Several files, a directory or a glob run
as a batch (docgen.batch): a file that cannot be read gets one line on stderr and the others are
checked and reported as usual, so the JSON on stdout stays valid.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, List

import click

from docgen.commands.options import in_place_option, jobs_option, output_option, quiet_option, style_option

#: the progress line and the summary line
PROGRESS_LABEL = "检查"
FINDINGS_LABEL = "问题"


def _say_changes(changes: List[Any], src: str, dst: Path, in_place: bool) -> None:
    """Every change of --fix, with rule ID and its place in the input, as ``format --report``
    lists them."""
    from docgen.check.report import change_lines

    if not changes:
        click.echo(f"没有可自动修复的问题{'，文件未改动' if in_place else '，已原样复制'}：{dst}", err=True)
        return
    click.echo(f"已修复 {len(changes)} 处，写入 {dst}。逐条如下（位置指原文件的行或段）：", err=True)
    unit = "段" if src.lower().endswith(".docx") else "行"
    for line in change_lines(changes, src, unit):
        click.echo(line, err=True)
    click.echo("修复后仍存在的问题：", err=True)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="报告格式：text（每条一行）或 json（字段说明见 README 的“JSON 报告”一节）。")
@click.option("--select", multiple=True, metavar="IDS",
              help="只检查这些规则（ID 或前缀，逗号分隔，如 PUNCT,DUP-CHAR）。")
@click.option("--ignore", multiple=True, metavar="IDS", help="不检查这些规则（ID 或前缀）。")
@style_option
@click.option("--fix", "fix", is_flag=False, flag_value="safe", default=None, type=click.Choice(["safe", "all"]),
              help="修复后写到 -o（或用 --in-place 改写原文件）：--fix 只做安全修复；--fix all 也采纳建议性修改。")
@output_option
@in_place_option("与 --fix 一起用：把修复结果直接写回输入文件（先写临时文件再替换，失败时原文件不变）。")
@click.option("--annotate", type=click.Path(dir_okay=False), default=None,
              help="另存一份 .docx，在每个问题处加 Word 批注（作者 docgen）。")
@click.option("--encoding", default=None, help="文本稿的编码（默认自动识别；mixed：UTF-8 中混有 GBK 时逐处识别）。")
@jobs_option
@quiet_option
def command(inputs, fmt, select, ignore, style_path, fix, output, in_place, annotate, encoding, jobs, quiet):
    """按规则集检查讲话稿（.docx / .txt / .md），列出每个问题的规则、位置和修改办法。

    \b
    docgen check 讲话.docx
    docgen check 草稿.txt --format json
    docgen check 稿件目录/ -j 0                    批量检查目录中的 .txt/.md/.docx
    docgen check 草稿.txt --fix -o 草稿-修正.txt
    docgen check 草稿.txt --fix --in-place         直接改写原文件
    docgen check 讲话.docx --annotate 讲话-批注.docx
    """
    from docgen.batch import preload, report as report_batch, run_batch
    from docgen.batch.plans import plan_check
    from docgen.batch.tasks import check_report, check_task
    from docgen.check.runner import parse_ids, render_json, render_text, validate_rule_config
    from docgen.style import load_style

    style = load_style(style_path)
    validate_rule_config(style)
    select_ids, ignore_ids = parse_ids(list(select)), parse_ids(list(ignore))
    tasks, batch = plan_check(tuple(inputs), fix, output, in_place, annotate, style_path)
    worker = functools.partial(check_task, style_path=style_path, select=select_ids, ignore=ignore_ids,
                               encoding=encoding, fix=fix, in_place=in_place)
    # the workers need the dictionary word lists (word rules) and no writer: load once before forking
    warm = functools.partial(preload, style_path, lexicon=True, writer=False)
    result = run_batch(tasks, worker, jobs=jobs, progress=False if (quiet or not batch) else None,
                       label=PROGRESS_LABEL, initializer=warm)
    report, fixed = check_report(result, tasks, with_failures=fmt == "json")
    for item, dst, changes in fixed:
        _say_changes(changes, "标准输入" if item.is_stdin else str(item.path), dst, in_place)
    if annotate and report.files:
        from docgen.check.annotate import annotate_docx

        item, dst = tasks[0]
        annotate_docx(dst or item.path, report.files[0].findings, annotate)
        click.echo(f"已写出带批注的文件：{annotate}", err=True)

    if batch or report.files or fmt == "json":
        # a batch, and any JSON run, always prints its report (valid JSON even if every file
        # failed: a script reading stdout must get JSON); one file that could not be read prints
        # only its error line in text mode
        click.echo(render_json(report) if fmt == "json" else render_text(report))
    report_batch(result, {FINDINGS_LABEL: len(report.findings)}, quiet=quiet or not batch)
    # sys.exit, not ctx.exit: cli.main runs click with standalone_mode=False, which would
    # swallow the code of a click Exit
    sys.exit(max(report.exit_code, result.exit_code))
