"""``docgen check INPUT...``: check drafts and .docx files against the rule set.

Exit code 0 (no error-severity finding), 1 (at least one), 2 (bad usage, or some input could not be
checked: max of the two).  With ``--fix`` the fixed copy is written to ``-o`` (or over the input with
``--in-place``) and the report lists what is left in it.  Several files, a directory or a glob run
as a batch (docgen.batch): a file that cannot be read gets one line on stderr and the others are
checked and reported as usual, so the JSON on stdout stays valid.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import click

from docgen.batch import is_batch
from docgen.commands.options import jobs_option, quiet_option
from docgen.commands.options import in_place_option, output_option, style_option
from docgen.errors import DocgenError

#: the progress line and the summary line
PROGRESS_LABEL = "检查"
FINDINGS_LABEL = "问题"
#: the suffix of a fixed copy of standard input in an output directory
STDIN_FIX_SUFFIX = ".txt"

#: one task: (docgen.batch.InputItem, where the fixed copy goes or None without --fix)
Task = Tuple[Any, Optional[Path]]


def _fix_text(src: Union[str, Path], dst: Path, style, level: str, encoding: Optional[str], select, ignore,
              in_place: bool = False) -> List[Any]:
    """Fix a text draft into ``dst`` (UTF-8, LF); returns the changes (findings).  ``in_place``:
    write it back in the input's own encoding, byte-order mark and line endings, as the user's
    editor saved it, and only when something changed."""
    from docgen.check.fix_text import clean_units, units_to_text
    from docgen.check.runner import TEXT_SUFFIXES, read_text_units
    from docgen.fileio import atomic_write_bytes, atomic_write_text, write_over_input
    from docgen.readers.text import text_form

    if dst.suffix.lower() not in TEXT_SUFFIXES:
        from docgen.outputs import check_suffix

        if dst.suffix.lower() == ".docx":
            raise DocgenError("文本稿的 --fix 输出应为 .txt 或 .md；要生成公文格式的 .docx，请用 docgen format", path=dst)
        check_suffix(dst, "text", "文本稿的 --fix 输出")
    units, changes = clean_units(read_text_units(src, encoding), style, level=level, select=select, ignore=ignore)
    fixed = units_to_text(units)
    if not in_place or str(src) == "-":
        atomic_write_text(dst, fixed)
        return changes
    if not changes and encoding != "mixed":
        return changes                      # nothing to fix: the file keeps its bytes
    # (--encoding mixed: the file is rewritten in one encoding even when no rule fixed anything)

    def write(tmp: Path) -> None:
        codec, bom, newline = text_form(Path(src).read_bytes(), encoding)
        try:
            data = bom + fixed.replace("\n", newline).encode(codec)
        except UnicodeEncodeError:          # a fix brought in a character the old encoding lacks
            click.echo(f"docgen: {src}: 修正后的文字无法用原编码 {codec} 保存，已改存为 UTF-8", err=True)
            data = fixed.encode("utf-8")
        atomic_write_bytes(tmp, data)

    write_over_input(src, write)
    return changes


def plan(inputs: Sequence[str], fix: Optional[str], output: Optional[str], in_place: bool) -> Tuple[List[Task], bool]:
    """The tasks and whether the run is a batch.  Usage errors raise; a problem of one file is put on
    that file's task (docgen.batch reports it without running it)."""
    from docgen.batch import expand_inputs, mirror_output
    from docgen.check.runner import DOCX_SUFFIXES, TEXT_SUFFIXES

    inputs = [str(i) for i in inputs]
    if output and not fix:
        raise DocgenError("-o 只与 --fix 一起使用；报告直接输出到屏幕，可用重定向保存")
    if in_place and not fix:
        raise DocgenError("--in-place 只与 --fix 一起使用：只检查时不会改动文件")
    if in_place and output:
        raise DocgenError("--in-place 直接改写输入文件，不能与 -o 同时使用")
    if fix and not output and not in_place:
        raise DocgenError("--fix 需要用 -o 指定输出文件（不会覆盖原文件），或加 --in-place 直接改写原文件")
    if in_place and "-" in inputs:
        raise DocgenError("标准输入不能用 --in-place 改写；请用 -o 指定输出文件")

    items = expand_inputs(inputs, suffixes=TEXT_SUFFIXES + DOCX_SUFFIXES, exclude=[output] if output else [])
    batch = is_batch(inputs, len(items))
    if not fix:
        return [(item, None) for item in items], batch

    out_dir = None
    if output:
        out = Path(output)
        if out.is_dir() or batch:
            if out.exists() and not out.is_dir():
                raise DocgenError("检查多个文件时，-o 应为目录", path=out)
            out_dir = out
    own = {os.path.realpath(i.path) for i in items if not i.error and not i.is_stdin}
    seen: Dict[str, str] = {}
    tasks: List[Task] = []
    for item in items:
        if item.error:
            tasks.append((item, None))
            continue
        if in_place:
            tasks.append((item, item.path))
            continue
        try:
            dst = (mirror_output(item.rel, out_dir, STDIN_FIX_SUFFIX if item.is_stdin else item.rel.suffix)
                   if out_dir is not None else Path(output))
        except DocgenError as exc:
            tasks.append((replace(item, error=str(exc)), None))
            continue
        key = os.path.realpath(dst)
        if key in seen:
            tasks.append((replace(item, error=f"与 {seen[key]} 的修复结果会写到同一个文件 {dst}；请分开处理或改名"), None))
            continue
        seen[key] = str(item)
        if key not in own and not item.is_stdin:
            from docgen.outputs import guard_output

            kind = "docx" if item.path.suffix.lower() in DOCX_SUFFIXES else "text"
            try:   # a file of another kind at the output path stays as it is
                guard_output(dst, kind, [], what="--fix 的输出文件")
            except DocgenError as exc:
                tasks.append((replace(item, error=exc.message), None))
                continue
        if key in own:
            error = (f"输出文件与输入文件相同：{dst}。如确需覆盖原文件，请加 --in-place"
                     if not item.is_stdin and key == os.path.realpath(item.path) else
                     f"输出 {dst} 是本次要检查的另一个输入文件，不会覆盖它；请用 -o 指定输出目录")
            item = replace(item, error=error)
        tasks.append((item, dst))
    return tasks, batch


def check_task(task: Task, style_path=None, select=(), ignore=(), encoding=None, fix=None,
               in_place=False) -> Tuple[Optional[List[Any]], Any]:
    """Fix (with --fix) and check one file (runs in a pool worker).  Returns the changes the fix
    made (None without --fix) and the file's FileReport (small, picklable dataclasses)."""
    from docgen.check.runner import check_file
    from docgen.outputs import check_not_input
    from docgen.style import load_style

    item, dst = task
    style = load_style(style_path)            # cached per process: loaded once, not per file
    src: Union[str, Path] = "-" if item.is_stdin else item.path
    if not fix:
        return None, check_file(src, style, select, ignore, encoding)
    if not in_place:
        check_not_input(dst, [src], hint="如确需覆盖原文件，请加 --in-place")  # a hard link the plan cannot see
    if not item.is_stdin and item.path.suffix.lower() == ".docx":
        from docgen.check.fix_docx import fix_docx
        from docgen.outputs import check_suffix

        check_suffix(dst, "docx", ".docx 的 --fix 输出")
        result = fix_docx(item.path, style, dst, fix, select, ignore, in_place=in_place)
        return result.changes, result.report
    changes = _fix_text(src, item.path if in_place else dst, style, fix, encoding, select, ignore, in_place)
    # the fixed copy is written in UTF-8 whatever the input's encoding: read it back as such
    return changes, check_file(item.path if in_place else dst, style, select, ignore,
                               encoding if in_place else None)


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
    from docgen.check.runner import Report, parse_ids, render_json, render_text, validate_rule_config
    from docgen.style import load_style

    style = load_style(style_path)
    validate_rule_config(style)
    select_ids, ignore_ids = parse_ids(list(select)), parse_ids(list(ignore))
    tasks, batch = plan(tuple(inputs), fix, output, in_place)
    if annotate:
        if len(tasks) != 1 or tasks[0][0].path.suffix.lower() != ".docx":
            raise DocgenError("--annotate 只用于单个 .docx 输入")
        from docgen.outputs import guard_output

        guard_output(annotate, "docx", [str(t[0].path) for t in tasks] + [style_path],
                     what="--annotate 的输出文件", hint="批注副本请另存为一个新文件")

    worker = functools.partial(check_task, style_path=style_path, select=select_ids, ignore=ignore_ids,
                               encoding=encoding, fix=fix, in_place=in_place)
    # the workers need the dictionary word lists (word rules) and no writer: load once before forking
    warm = functools.partial(preload, style_path, lexicon=True, writer=False)
    result = run_batch(tasks, worker, jobs=jobs, progress=False if (quiet or not batch) else None,
                       label=PROGRESS_LABEL, initializer=warm)
    report = Report()
    for outcome, (item, dst) in zip(result.outcomes, tasks):
        if not outcome.ok:
            if fmt == "json":
                # a script reading the JSON sees every file: this one with its error
                from docgen.check.runner import DOCX_SUFFIXES, FileReport

                kind = "docx" if not item.is_stdin and item.path.suffix.lower() in DOCX_SUFFIXES else "text"
                report.files.append(FileReport(path=outcome.label, kind=kind, error=outcome.message,
                                               reason=outcome.reason))
            continue
        changes, file_report = outcome.value
        if fix:
            _say_changes(changes, "标准输入" if item.is_stdin else str(item.path), dst, in_place)
        report.files.append(file_report)

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
