"""One file's work in a batch (runs in a pool worker; returns small, picklable values): format it,
or check it and, with ``--fix``, fix it first."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, List, Optional, Tuple, Union

from docgen.batch.plans import CheckTask, Task

#: the label of the progress line of one big file
PROGRESS_LABEL = "格式化"


def _make_parent(path: Optional[Path]) -> None:
    from docgen.errors import DocgenError

    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from docgen.fileio import os_reason

        raise DocgenError(f"无法创建输出目录 {path.parent}（{os_reason(exc)}）", path=path) from None


def format_task(task: Task, style_path=None, template_path=None, encoding=None, report=False,
                in_place=False, progress_line=False, genre=None) -> Tuple[int, str]:
    """Format one file (runs in a pool worker): returns the number of fixes and removals, and the
    --report text ("" without --report) — small and picklable.  ``progress_line``: one file, not
    quiet — a big input shows its stages on a terminal (docgen.progress)."""
    from docgen import progress
    from docgen.api import format_file
    from docgen.check.report import report_text

    item, out, yml = task
    src = "-" if item.is_stdin else str(item.path)
    _make_parent(yml)
    run = functools.partial(format_file, src, yaml_out=yml, style_path=style_path, encoding=encoding,
                            template_path=template_path, genre=genre)
    size = 0 if item.is_stdin else item.path.stat().st_size if item.path.is_file() else 0
    with progress.for_file(f"{PROGRESS_LABEL} {item.path.name}", size, force=None if progress_line else False):
        if in_place:
            from docgen.fileio import write_over_input

            result = write_over_input(item.path, run)
        else:
            _make_parent(out)
            result = run(out)
    if report:
        return len(result.findings), report_text(result)
    if in_place:
        from docgen.api import lossy_text     # the only copy: say what it does not keep

        return len(result.findings), lossy_text(result)
    # a character put in another font is said even without --report (the print changes)
    fonts = [f.line_for(result.source) for f in result.findings if f.rule == "FONT-GB2312-COVERAGE"]
    return len(result.findings), "\n".join(fonts)


def check_task(task: CheckTask, style_path=None, select=(), ignore=(), encoding=None, fix=None,
               in_place=False) -> Tuple[Optional[List[Any]], Any]:
    """Fix (with --fix) and check one file (runs in a pool worker).  Returns the changes the fix
    made (None without --fix) and the file's FileReport (small, picklable dataclasses)."""
    from docgen.check.fix_text import fix_text_file
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
    changes = fix_text_file(src, item.path if in_place else dst, style, fix, encoding, select, ignore, in_place)
    # the fixed copy is written in UTF-8 whatever the input's encoding: read it back as such
    return changes, check_file(item.path if in_place else dst, style, select, ignore,
                               encoding if in_place else None)


def check_report(result: Any, tasks: List[CheckTask], with_failures: bool) -> Tuple[Any, List[Tuple[Any, Any, Any]]]:
    """The Report of a check run from its workers' outcomes, and (input, output, changes) of each
    file that ``--fix`` wrote.  ``with_failures`` (JSON): a file that could not be checked is in
    the report too, with its error, so a script reading the JSON sees every file."""
    from docgen.check.runner import DOCX_SUFFIXES, FileReport, Report

    report, fixed = Report(), []
    for outcome, (item, dst) in zip(result.outcomes, tasks):
        if not outcome.ok:
            if with_failures:
                kind = "docx" if not item.is_stdin and item.path.suffix.lower() in DOCX_SUFFIXES else "text"
                report.files.append(FileReport(path=outcome.label, kind=kind, error=outcome.message,
                                               reason=outcome.reason))
            continue
        changes, file_report = outcome.value
        if changes is not None:
            fixed.append((item, dst, changes))
        report.files.append(file_report)
    return report, fixed

