"""``docgen format``: reformat pasted drafts and messy Word files into house style.

One input file behaves as it always did (one line per output, one line per error).  Several files,
a directory or a glob make a batch (docgen.batch): a process pool with ``--jobs``, a progress line on
a terminal, each failed file reported on its own line while the others go on, a summary line, and
exit code 2 if any file failed.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import click

from docgen.batch import is_batch, jobs_option, quiet_option
from docgen.commands.options import in_place_option, style_option, template_option

#: a default output next to a .docx input gets this suffix (the input itself is never replaced)
FORMATTED_SUFFIX = ".formatted.docx"
DOCX_SUFFIX = ".docx"
YAML_SUFFIX = ".yaml"
#: the progress line and the summary line
PROGRESS_LABEL = "格式化"
FIXES_LABEL = "修正"
IN_PLACE_DOCX_ONLY = ("--in-place 只能改写 .docx 文件：.txt/.md 格式化后是一个新的 .docx，"
                      "请去掉 --in-place（默认生成同名 .docx）或用 -o 指定输出")


#: one task of the batch: (docgen.batch.InputItem, output .docx or None, output .yaml or None); the
#: item carries ``error`` when the file must not be processed (run_batch reports it, runs nothing)
Task = Tuple[Any, Optional[Path], Optional[Path]]


def _default_out(src: Path) -> Path:
    out = src.with_suffix(DOCX_SUFFIX)
    if src.suffix.lower() == DOCX_SUFFIX:
        out = src.with_name(src.stem + FORMATTED_SUFFIX)
    return out


def _output_dir(option: Optional[str], batch: bool, name: str) -> Optional[Path]:
    """``-o``/``--yaml`` is a directory (the input tree mirrored in it) for a batch, or when it
    already is one."""
    from docgen.errors import DocgenError

    if not option:
        return None
    p = Path(option)
    if p.is_dir() or option.endswith(("/", os.sep)):
        return p                                # "-o 新目录/": a folder, made when needed
    if batch:
        if p.exists():
            raise DocgenError(f"有多个输入时，{name} 应为目录", path=p)
        return p
    return None


def plan(inputs: Sequence[str], output: Optional[str], yaml_out: Optional[str],
         in_place: bool = False) -> Tuple[List[Task], bool]:
    """The tasks of a run and whether it is a batch.  Usage errors (that concern the whole run)
    raise DocgenError; a problem of one file is put on that file's task."""
    from docgen.batch import expand_inputs
    from docgen.errors import DocgenError

    inputs = [str(i) for i in inputs]
    if in_place and output:
        raise DocgenError("--in-place 直接改写输入文件，不能与 -o 同时使用")
    if in_place and "-" in inputs:
        raise DocgenError("标准输入不能用 --in-place 改写；请用 -o 指定输出文件")
    if "-" in inputs and not output and not yaml_out:
        raise DocgenError("从标准输入读取时请用 -o 指定输出文件")

    # an output folder inside an input folder is not read back on the next run
    items = expand_inputs(inputs, exclude=[d for d in (output, yaml_out) if d])
    named = {str(Path(raw)) for raw in inputs if raw != "-" and Path(raw).is_file()}
    drafts = {item.path.with_suffix(DOCX_SUFFIX) for item in items
              if not item.error and not item.is_stdin and item.path.suffix.lower() != DOCX_SUFFIX}
    kept = []
    for item in items:
        found = not item.error and not item.is_stdin and str(item.path) not in named
        if found and (item.path.name.endswith(FORMATTED_SUFFIX)
                      or (not output and not in_place and item.path in drafts)) and made_by_docgen(item.path):
            # our default output of an earlier run (x.formatted.docx, or x.docx next to x.txt when
            # there is no -o), not a draft: a second run over a folder must not format it again.
            # A Word file of the user's own under that name is a draft: it stays an input, and the
            # plan below refuses to write over it.
            continue
        if in_place and not item.error and item.path.suffix.lower() != DOCX_SUFFIX:
            if found:
                continue                   # in a folder, --in-place takes the .docx files
            item = replace(item, error=IN_PLACE_DOCX_ONLY)
        kept.append(item)
    if not kept:
        raise DocgenError("没有要格式化的文件（.txt、.md、.docx）" + ("；--in-place 只处理 .docx" if in_place else ""))

    batch = is_batch(inputs, len(kept))
    out_dir = _output_dir(output, batch, "-o")
    yaml_dir = _output_dir(yaml_out, batch, "--yaml")
    own = {os.path.realpath(i.path) for i in kept if not i.error and not i.is_stdin}
    seen: Dict[str, str] = {}
    tasks: List[Task] = []
    for item in kept:
        if item.error:
            tasks.append((item, None, None))
            continue
        try:
            out, yml = _targets(item, output, yaml_out, out_dir, yaml_dir, in_place)
        except DocgenError as exc:          # e.g. a file where a mirrored folder should be
            tasks.append((replace(item, error=str(exc)), None, None))
            continue
        error = None
        for target in (out, yml):
            if target is None or (in_place and target is out):
                continue
            key = os.path.realpath(target)
            if key in seen:
                error = error or f"与 {seen[key]} 会写到同一个输出文件 {target}；请分开处理或改名"
                continue
            seen[key] = str(item)
            if (error is None and target is out and not output and not in_place and key not in own
                    and out.exists() and not made_by_docgen(out)):
                error = (f"{out} 已存在，且不是 docgen 生成的文件，不会覆盖它；"
                         "请用 -o 指定输出文件（或输出目录）")
            if key in own and error is None:
                error = (f"输出文件与输入文件相同：{target}。如确需覆盖原文件，请加 --in-place"
                         if not item.is_stdin and key == os.path.realpath(item.path) else
                         f"输出 {target} 是本次要处理的另一个输入文件，不会覆盖它；请用 -o 指定输出目录")
        tasks.append((replace(item, error=error) if error else item, out, yml))
    return tasks, batch


def made_by_docgen(path: Path) -> bool:
    """Is this .docx one docgen wrote (it carries our body paragraph style)?  Only such a file is
    replaced without -o, or skipped as an earlier run's output when a folder is formatted again."""
    import zipfile

    from docgen.readers.docx.interpret import role_style_ids

    marker = f'w:styleId="{role_style_ids()["body"]}"'.encode()
    try:
        with zipfile.ZipFile(path) as zf:
            return marker in zf.read("word/styles.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def _targets(item, output, yaml_out, out_dir, yaml_dir, in_place) -> Tuple[Optional[Path], Optional[Path]]:
    from docgen.batch import mirror_output
    from docgen.fileio import require_suffix

    if in_place:
        out = item.path
    elif out_dir is not None:
        out = mirror_output(item.rel, out_dir, DOCX_SUFFIX)
    elif output:
        out = Path(output)
        require_suffix(out, (DOCX_SUFFIX,))
    elif item.is_stdin:
        out = None                              # only the YAML was asked for
    else:
        out = _default_out(item.path)
    if yaml_dir is not None:
        yml = mirror_output(item.rel, yaml_dir, YAML_SUFFIX)
    else:
        yml = Path(yaml_out) if yaml_out else None
        if yml is not None:
            require_suffix(yml, (YAML_SUFFIX, ".yml"), "--yaml 的输出文件")
    return out, yml


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
                in_place=False, genre=None) -> Tuple[int, str]:
    """Format one file (runs in a pool worker): returns the number of fixes and removals, and the
    --report text ("" without --report) — small and picklable."""
    from docgen.api import format_file
    from docgen.check.report import report_text

    item, out, yml = task
    src = "-" if item.is_stdin else str(item.path)
    _make_parent(yml)
    run = functools.partial(format_file, src, yaml_out=yml, style_path=style_path, encoding=encoding,
                            template_path=template_path, genre=genre)
    if in_place:
        from docgen.fileio import write_over_input

        result = write_over_input(item.path, run)
    else:
        _make_parent(out)
        result = run(out)
    return len(result.findings), (report_text(result) if report else "")


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(), default=None,
              help="输出 .docx；有多个输入或输入为目录时为输出目录（按原目录结构存放）。默认：与输入同名的 .docx。")
@click.option("--yaml", "yaml_out", type=click.Path(), default=None,
              help="同时把识别出的内容写成 YAML 内容文件（可再用 docgen build 生成）。")
@click.option("--report", is_flag=True, default=False,
              help="在标准错误输出列出删除的行/片段、每处修改（规则编号与行号）和把握不大的结构识别。")
@click.option("--encoding", default=None, help="文本输入的编码（如 gb18030、utf-16）；默认自动识别。")
@click.option("--genre", default=None, type=click.Choice(["speech", "notice", "request", "report", "letter",
                                                          "minutes", "decision", "opinion"]),
              help="文种（默认按标题、版头和主送自动判断）：speech 讲话稿、notice 通知、request 请示、report 报告、"
                   "letter 函、minutes 纪要、decision 决定、opinion 意见。")
@in_place_option("直接改写输入的 .docx（先写临时文件再替换，失败时原文件不变）；目录中只处理 .docx。不能与 -o 同用。")
@jobs_option
@quiet_option
@style_option
@template_option
def command(inputs, output, yaml_out, report, encoding, genre, in_place, jobs, quiet, style_path, template_path):
    """把粘贴的讲话稿（.txt/.md/标准输入 -）或格式混乱的 .docx 重排为公文格式。

    \b
    示例：docgen format 草稿.txt                      生成 草稿.docx
          docgen format 草稿.txt -o 讲话.docx --report
          docgen format 草稿目录/ -o 输出目录/ -j 0    批量处理目录中的 .txt/.md/.docx
          docgen format "稿件/*.docx" -o 输出目录/     通配符（含 **）
          docgen format 讲话.docx --in-place           直接改写原 .docx
          docgen format 草稿.txt --yaml 讲话.yaml      同时导出内容文件
    """
    from docgen.batch import preload, report as report_batch, run_batch

    tasks, batch = plan(tuple(inputs), output, yaml_out, in_place)
    worker = functools.partial(format_task, style_path=style_path, template_path=template_path,
                               encoding=encoding, report=report, in_place=in_place, genre=genre)
    result = run_batch(tasks, worker, jobs=jobs, progress=False if (quiet or not batch) else None,
                       label=PROGRESS_LABEL, initializer=functools.partial(preload, style_path, template_path))
    for outcome, (item, out, yml) in zip(result.outcomes, tasks):
        if not outcome.ok:
            continue
        _, text = outcome.value
        if text:
            click.echo(text, err=True)
        if in_place:
            click.echo(f"已改写：{item.path}", err=True)
        elif out is not None or yml is not None:
            click.echo(f"已生成：{out if out is not None else yml}", err=True)
    report_batch(result, {FIXES_LABEL: result.total(lambda v: v[0])}, quiet=quiet or not batch)
    # sys.exit, not ctx.exit: cli.main runs click with standalone_mode=False
    sys.exit(result.exit_code)
