"""``docgen format``: a pasted draft or a messy .docx -> a house-style .docx (and a YAML content file).

read -> classify -> clean -> build model (docgen.readers.read_input) -> numbering transform ->
writer.  Outputs are written atomically and never over an input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional, Union

from docgen.errors import DocgenError, InputError
from docgen.fileio import atomic_write_bytes, atomic_write_text, refuse_overwriting_inputs, same_file
from docgen.readers import FormatResult, read_input

PathLike = Union[str, Path]
SNIPPET_CHARS = 40


def format_file(input: PathLike, out_docx: Optional[PathLike], yaml_out: Optional[PathLike] = None,
                style_path: Optional[PathLike] = None, report: bool = False, encoding: Optional[str] = None,
                template_path: Optional[PathLike] = None) -> FormatResult:
    """Format one input.  ``out_docx`` None writes no .docx (only the YAML, if asked).
    ``report`` is accepted for symmetry with the CLI; the caller prints :func:`report_text`."""
    from docgen.style import load_style
    from docgen.transforms.numbering import number
    from docgen.writer import render_docx

    style = load_style(style_path)
    inputs = [p for p in (input, style_path, template_path) if p is not None and str(p) != "-"]
    for out in (out_docx, yaml_out):
        if out is None:
            continue
        _refuse_input_as_output(out, inputs)
    result = read_input(input, encoding=encoding, style=style)
    name = "标准输入" if str(input) == "-" else str(input)
    if _is_empty(result.document):
        removed = any(f.rule == "NOISE-LINE" for f in result.findings)
        raise InputError("文件中只有广告、声明等与讲话无关的文字，没有可排版的内容" if removed else
                         "文件没有任何文字内容", path=name)
    data = yaml_text = None
    if out_docx is not None:
        try:
            changes: list = []
            data = render_docx(number(result.document), style, template_path, font_changes=changes)
            result.findings.extend(c.finding(out_docx) for c in changes)
        except DocgenError as exc:      # the model knows lines, not files: name the input
            if exc.path is None:
                exc.path = name
            raise
    if yaml_out is not None:
        from docgen.readers.yaml_writer import dump     # only when asked: not on every format's path

        source = "标准输入" if str(input) == "-" else Path(input).name
        yaml_text = dump(result.document, comment=f"由 docgen format 从 {source} 识别生成")
    _write_both(out_docx, data, yaml_out, yaml_text)
    return result


def _is_empty(doc: Any) -> bool:
    return not (doc.title or doc.subtitle or doc.salutation or doc.body or doc.closing or doc.signature
                or doc.date)


def _write_both(out_docx: Optional[PathLike], data: Optional[bytes], yaml_out: Optional[PathLike],
                yaml_text: Optional[str]) -> None:
    """Write the .docx and the YAML, or neither: when the second write fails, the first output is
    put back as it was (removed, or its old bytes restored), so a failed run leaves no new file."""
    if out_docx is None or yaml_out is None:
        if out_docx is not None:
            atomic_write_bytes(out_docx, data)
        if yaml_out is not None:
            atomic_write_text(yaml_out, yaml_text)
        return
    old = Path(out_docx).read_bytes() if Path(out_docx).is_file() else None
    atomic_write_bytes(out_docx, data)
    try:
        atomic_write_text(yaml_out, yaml_text)
    except BaseException:
        if old is None:
            Path(out_docx).unlink(missing_ok=True)
        else:
            atomic_write_bytes(out_docx, old)
        raise


def _refuse_input_as_output(out: PathLike, inputs: List[PathLike]) -> None:
    refuse_overwriting_inputs(out, inputs)
    for src in inputs:
        if Path(out).resolve() == Path(src).resolve() or (Path(out).exists() and same_file(out, src)):
            raise DocgenError(f"输出文件与输入文件相同：{out}，不会覆盖输入文件", path=out)


def _snippet(text: str) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "……"


def _edit_text(f: Any, fix: dict) -> str:
    """Say what a safe fix did; ``f.text`` is the matched span when its length fits start..end."""
    span = f.text if (f.start is not None and f.end is not None and len(f.text or "") == f.end - f.start) else None
    if "edits" in fix:
        return f"（已修改 {len(fix['edits'])} 处）"
    if fix["replacement"] == "":
        return f"（已删除「{_snippet(span)}」）" if span else "（已删除）"
    return f"（「{_snippet(span)}」已改为「{fix['replacement']}」）" if span else f"（已改为「{fix['replacement']}」）"


def report_text(result: FormatResult) -> str:
    """What ``--report`` prints: every removal and fix with rule ID and place, then the uncertain
    decisions of the recogniser with their confidence."""
    lines: List[str] = []
    name = result.source
    unit_kind = "段" if result.kind == "docx" else "行"
    # stable sort: findings on one line keep the order in which the fixes were applied
    for f in sorted(result.findings, key=lambda f: f.where or 0):
        where = f.where
        loc = f"{name}:{where}" if where is not None else name
        if f.start is not None and where is not None:
            loc += f":{f.start + 1}"
        fix = getattr(f, "fix", None)
        action = ""
        if fix and fix.get("delete_paragraph"):
            action = f"（已删除整{unit_kind}：「{_snippet(f.text)}」）"
        elif fix and ("replacement" in fix or "edits" in fix) and getattr(f, "fix_class", "") == "safe":
            action = _edit_text(f, fix)
        elif getattr(f, "fix_class", "") == "suggest":
            action = "（建议修改，未自动改动）"
        lines.append(f"{loc}: {f.rule} {f.severity} {f.message}{action}")
    if result.decisions:
        lines.append(f"{name}: 以下{len(result.decisions)}处结构识别把握不大，请核对：")
        for d in result.decisions:
            lines.append(f"{name}:{d.line}: {d.describe()}")
    if not lines:
        lines.append(f"{name}: 未作任何修改")
    return "\n".join(lines)


__all__ = ["format_file", "report_text"]
