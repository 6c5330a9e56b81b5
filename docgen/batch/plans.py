"""Where each input's output goes, for ``format`` and ``check --fix``: files, folders and globs
expanded (batch.inputs), the output beside the input, at ``-o``, or mirrored into an output
folder, and every output checked by the one guard (docgen.outputs) before any work starts.  A
usage error of the whole run raises; a problem of one file is put on that file's task, which
the batch then reports without running it."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from docgen.batch.inputs import is_batch
from docgen.errors import DocgenError
from docgen.outputs import made_by_docgen as _made_by_docgen

#: a default output next to a .docx input gets this suffix (the input itself is never replaced)
FORMATTED_SUFFIX = ".formatted.docx"
DOCX_SUFFIX = ".docx"
YAML_SUFFIX = ".yaml"
IN_PLACE_DOCX_ONLY = ("--in-place 只能改写 .docx 文件：.txt/.md 格式化后是一个新的 .docx，"
                      "请去掉 --in-place（默认生成同名 .docx）或用 -o 指定输出")
#: the suffix of a fixed copy of standard input in an output directory
STDIN_FIX_SUFFIX = ".txt"

#: one format task: (docgen.batch.InputItem, output .docx or None, output .yaml or None); the
#: item carries ``error`` when the file must not be processed (run_batch reports it, runs nothing)
Task = Tuple[Any, Optional[Path], Optional[Path]]

#: one check task: (docgen.batch.InputItem, where the fixed copy goes or None without --fix)
CheckTask = Tuple[Any, Optional[Path]]


# -- format ------------------------------------------------------------------------------------------

def _default_out(src: Path) -> Path:
    out = src.with_suffix(DOCX_SUFFIX)
    if src.suffix.lower() == DOCX_SUFFIX:
        out = src.with_name(src.stem + FORMATTED_SUFFIX)
    return out


def _output_dir(option: Optional[str], batch: bool, name: str) -> Optional[Path]:
    """``-o``/``--yaml`` is a directory (the input tree mirrored in it) for a batch, or when it
    already is one."""

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


def plan_format(inputs: Sequence[str], output: Optional[str], yaml_out: Optional[str],
         in_place: bool = False) -> Tuple[List[Task], bool]:
    """The tasks of a run and whether it is a batch.  Usage errors (that concern the whole run)
    raise DocgenError; a problem of one file is put on that file's task."""
    from docgen.batch import expand_inputs
    from docgen.outputs import guard_output

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
                      or (not output and not in_place and item.path in drafts)) and _made_by_docgen(item.path, "docx"):
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
            if error is None and key not in own:
                # the one output guard: a file of another kind, or (without -o naming the file)
                # one docgen did not write, is never replaced
                named_file = (output if target is out else yaml_out) and \
                    (out_dir if target is out else yaml_dir) is None
                try:
                    guard_output(target, "docx" if target is out else "yaml", [],
                                 named=bool(named_file))
                except DocgenError as exc:
                    error = exc.message
            if key in own and error is None:
                error = (f"输出文件与输入文件相同：{target}。如确需覆盖原文件，请加 --in-place"
                         if not item.is_stdin and key == os.path.realpath(item.path) else
                         f"输出 {target} 是本次要处理的另一个输入文件，不会覆盖它；请用 -o 指定输出目录")
        tasks.append((replace(item, error=error) if error else item, out, yml))
    return tasks, batch


def _targets(item, output, yaml_out, out_dir, yaml_dir, in_place) -> Tuple[Optional[Path], Optional[Path]]:
    from docgen.batch import mirror_output
    from docgen.outputs import check_suffix

    if in_place:
        out = item.path
    elif out_dir is not None:
        out = mirror_output(item.rel, out_dir, DOCX_SUFFIX)
    elif output:
        out = Path(output)
        check_suffix(out, "docx")
    elif item.is_stdin:
        out = None                              # only the YAML was asked for
    else:
        out = _default_out(item.path)
    if yaml_dir is not None:
        yml = mirror_output(item.rel, yaml_dir, YAML_SUFFIX)
    else:
        yml = Path(yaml_out) if yaml_out else None
        if yml is not None:
            check_suffix(yml, "yaml", "--yaml 的输出文件")
    return out, yml


# -- check --fix -------------------------------------------------------------------------------------

def plan_check(inputs: Sequence[str], fix: Optional[str], output: Optional[str], in_place: bool,
               annotate: Optional[str] = None, style_path: Optional[str] = None) -> Tuple[List[CheckTask], bool]:
    """The tasks and whether the run is a batch.  Usage errors raise; a problem of one file is put on
    that file's task (docgen.batch reports it without running it).  ``annotate``: the commented
    copy's path (one .docx input only; never an input or the rule set)."""
    tasks, batch = _plan_check_tasks(inputs, fix, output, in_place)
    if annotate:
        if len(tasks) != 1 or tasks[0][0].path.suffix.lower() != ".docx":
            raise DocgenError("--annotate 只用于单个 .docx 输入")
        from docgen.outputs import guard_output

        guard_output(annotate, "docx", [str(t[0].path) for t in tasks] + [style_path],
                     what="--annotate 的输出文件", hint="批注副本请另存为一个新文件")
    return tasks, batch


def _plan_check_tasks(inputs: Sequence[str], fix: Optional[str], output: Optional[str],
                      in_place: bool) -> Tuple[List[CheckTask], bool]:
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
    tasks: List[CheckTask] = []
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
