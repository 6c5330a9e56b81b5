"""The library behind the commands: build, format, check, fix.  The click commands in
docgen/commands/ parse options and print; everything else is here or below.

build:  YAML content file -> model -> numbering -> writer (docxtpl template) -> .docx
format: draft (.txt/.md/.docx) -> readers -> recognise (classify, clean, build) -> numbering -> writer
Outputs are written atomically and never over an input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, List, Optional, Tuple, Union

from docgen.errors import DocgenError, InputError
from docgen.fileio import atomic_write_bytes, atomic_write_text
from docgen.model import Document
from docgen.outputs import check_not_input
from docgen.readers import KIND_DOCX, KIND_TEXT, reader_for
from docgen.units import Unit

PathLike = Union[str, Path]

def build_file(content: PathLike, out: PathLike, style_path: Optional[PathLike] = None,
               template_path: Optional[PathLike] = None) -> List[str]:
    """Read a YAML content file, write the .docx atomically; return warnings for the user."""
    from docgen.readers import yaml as yaml_reader
    from docgen.style import load_style
    from docgen.writers.docx import render_docx

    style = load_style(style_path)
    doc = yaml_reader.read(content)
    check_not_input(out, [p for p in (content, style_path, template_path) if p])
    warnings = []
    if not doc.title:
        warnings.append(f"{content}: STRUCT-TITLE-MISSING warning 内容文件没有标题（title:），生成的文稿将没有标题")
    try:
        changes: list = []
        data = render_docx(doc, style, template_path, font_changes=changes)
        warnings += [c.line(out) for c in changes]
    except DocgenError as exc:          # the model knows lines, not files: name the content file
        if exc.path is None:
            exc.path = str(content)
        raise
    atomic_write_bytes(out, data)
    return warnings


def format_file(input: PathLike, out_docx: Optional[PathLike], yaml_out: Optional[PathLike] = None,
                style_path: Optional[PathLike] = None, report: bool = False, encoding: Optional[str] = None,
                template_path: Optional[PathLike] = None, genre: Optional[str] = None) -> Any:
    """Format one input.  ``out_docx`` None writes no .docx (only the YAML, if asked).
    ``report`` is accepted for symmetry with the CLI; the caller prints :func:`report_text`."""
    from docgen.style import load_style
    from docgen.transforms.numbering import number
    from docgen.writers.docx import render_docx

    style = load_style(style_path)
    inputs = [p for p in (input, style_path, template_path) if p is not None and str(p) != "-"]
    for out in (out_docx, yaml_out):
        if out is None:
            continue
        check_not_input(out, inputs, hint="如确需覆盖原文件，请加 --in-place")

    result = read_input(input, encoding=encoding, style=style, genre=genre)
    name = "标准输入" if str(input) == "-" else str(input)
    if _is_empty(result.document):
        removed = any(f.rule == "NOISE-LINE" for f in result.findings)
        raise InputError("文件中只有广告、声明等与讲话无关的文字，没有可排版的内容" if removed else
                         "文件没有任何文字内容", path=name)
    from docgen import progress

    # the classified units served the report's decisions and line numbers (already taken): let them
    # go before the writer builds the whole document in memory
    result.units = []
    data = yaml_text = None
    if out_docx is not None:
        progress.stage("生成 Word 文件")
        try:
            changes: list = []
            data = render_docx(number(result.document), style, template_path, font_changes=changes)
            result.findings.extend(c.finding(out_docx) for c in changes)
        except DocgenError as exc:      # the model knows lines, not files: name the input
            if exc.path is None:
                exc.path = name
            raise
    if yaml_out is not None:
        from docgen.writers.yaml import dump     # only when asked: not on every format's path

        source = "标准输入" if str(input) == "-" else Path(input).name
        yaml_text = dump(result.document, comment=f"由 docgen format 从 {source} 识别生成")
    progress.stage("写出")
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


# -- format: read -> classify -> clean -> build the model (DESIGN.md §2) --------------------------------


#: the recogniser's decisions quote this many characters of their line
SNIPPET_CHARS = 30


@dataclass
class Decision:
    """A recogniser decision made with confidence below 1 (listed by ``--report``)."""

    #: the report quotes the text in full where ``describe`` cut it at this length
    snippet_chars: ClassVar[int] = SNIPPET_CHARS

    line: int
    kind: str
    level: Optional[int]
    confidence: float
    reason: str
    text: str

    def describe(self) -> str:
        what = KIND_NAMES.get(self.kind, self.kind)
        if self.level:
            what += f"（第 {self.level} 级）"
        snippet = self.text if len(self.text) <= SNIPPET_CHARS else self.text[:SNIPPET_CHARS] + "……"
        return f"识别为{what}，置信度 {self.confidence:.2f}：{self.reason}「{snippet}」"


KIND_NAMES = {
    "noise": "广告/无关行（将删除）", "title": "标题", "subtitle": "副标题", "speaker": "讲话人", "date": "日期",
    "salutation": "称呼", "host": "主持词", "ellipsis": "省略号段", "heading": "标题行", "runin": "段内标题",
    "enum": "序语段（一是……）", "body": "正文", "closing": "结束语", "closing-formula": "结束套语",
    "signature": "署名", "table": "表格", "toc": "目录",
}


@dataclass
class FormatResult:
    document: Document
    findings: List[Any] = field(default_factory=list)
    decisions: List[Decision] = field(default_factory=list)
    units: List[Unit] = field(default_factory=list)      # classified units, before cleaning
    kind: str = KIND_TEXT
    source: str = ""


def _load_style(style: Any) -> Any:
    from docgen.style import load_style

    if style is None or isinstance(style, (str, Path)):
        return load_style(style)
    return style


def reader_findings(units: List[Unit], kind: str, path: str) -> List[Any]:
    """Findings for what the readers themselves took out (Markdown marks, soft line breaks)."""
    from docgen.rules.base import Finding

    out = []
    for u in units:
        anchor = {"paragraph": u.index} if kind == KIND_DOCX else {"line": u.index}
        for r in u.hints.get("removed", ()):
            out.append(Finding(rule=r["rule"], severity="info", message=r["message"], path=path,
                               start=r["start"], end=r["end"], text=r["text"], fix={"replacement": ""},
                               fix_class="safe", **anchor))
        if u.hints.soft_breaks:
            out.append(Finding(rule="PARA-SOFT-BREAK", severity="warning", path=path, text="",
                               message=f"段落内有 {u.hints.soft_breaks} 处手动换行（Shift+Enter），已合并为一段",
                               fix=None, fix_class="none", **anchor))       # done by the reader
        if u.hints.from_textbox:
            out.append(Finding(rule="TEXTBOX-TEXT", severity="warning", path=path, text=u.text[:20],
                               message="文本框中的文字，已作为正文段落放在所在段落之后，请核对位置",
                               fix=None, fix_class="none", **anchor))
        if u.hints.soft_splits:
            n = u.hints.soft_splits
            out.append(Finding(rule="PARA-SOFT-BREAK", severity="warning", path=path, text="",
                               message=f"段落内有 {n} 处手动换行（Shift+Enter）分隔了段落，已拆成 {n + 1} 段",
                               fix=None, fix_class="none", **anchor))
        for d in u.hints.get("doubts", ()):
            # kept as written, reported (an OCR letter among digits: readers.text.ocr_doubts)
            out.append(Finding(rule=d["rule"], severity="warning", message=d["message"], path=path,
                               start=d["start"], end=d["end"], text=d["text"], fix=None, fix_class="none",
                               **anchor))
        for note in u.hints.get("package_notes", ()):
            # what the Word file holds besides body text (docgen.readers.docx.objects)
            out.append(Finding(rule=note["rule"], severity=note["severity"], message=note["message"], path=path,
                               text="", fix=None, fix_class="none"))
        if u.hints.auto_number and u.text.startswith(u.hints.auto_number):
            number = u.hints.auto_number
            out.append(Finding(rule="DOCX-AUTO-NUMBER", severity="info", path=path, start=0, end=0, text="",
                               message=f"Word 自动编号“{number.strip()}”已转为正文文字",
                               fix={"replacement": number}, fix_class="safe", **anchor))
        if u.hints.lines:
            lines = u.hints.lines
            out.append(Finding(rule="HARD-WRAP", severity="info", path=path, text="", end_line=lines[-1],
                               message=f"第 {lines[0]}–{lines[-1]} 行是一段被硬换行拆开的文字，已接回一段",
                               fix=None, fix_class="none", **anchor))
    return out


def decisions_of(units: List[Unit]) -> List[Decision]:
    out = []
    for u in units:
        if u.kind == "blank" or u.confidence >= 1.0:
            continue
        out.append(Decision(line=u.index, kind=u.kind, level=u.level, confidence=u.confidence,
                            reason=u.hints.get("reason", ""), text=u.text.strip()))
    return out


def clean(units: List[Unit], style: Any) -> Tuple[List[Unit], List[Any]]:
    """The cleaner (transforms/clean.py) on classified units."""
    from docgen.check.fix_text import clean_units

    return clean_units(units, style)


def _snapshot(unit: Unit) -> Unit:
    """A copy of ``unit`` that later changes to the original (its extra dict, the lists and dicts in
    it, its table) do not reach."""
    import copy

    clone = copy.copy(unit)
    clone.hints = unit.hints.copy(deep=True)
    if unit.table is not None:
        clone.table = [list(row) for row in unit.table]
    return clone


def read_input(path_or_dash: PathLike, encoding: Optional[str] = None, style: Any = None,
               genre: Optional[str] = None) -> FormatResult:
    """Read a draft into the model: read -> classify -> clean -> build (DESIGN.md §2).
    A 公文 that is not a speech has its frame taken off first (docgen.recognise.genre; ``genre``
    overrides the guess)."""
    from docgen import progress
    from docgen.recognise.build import build_document
    from docgen.recognise.structure import classify

    kind, reader = reader_for(path_or_dash)
    name = "<stdin>" if str(path_or_dash) == "-" else str(path_or_dash)
    progress.stage("读取")
    units = reader(path_or_dash, encoding)
    findings = reader_findings(units, kind, name)
    progress.stage("识别结构")
    from docgen.recognise.genre import split_frame

    plan, units = split_frame(units, genre)
    classify(units)
    # the classified units as they are before cleaning (the cleaner works on copies of its own);
    # a copy one level deep, not copy.deepcopy: the strings are shared, which keeps a 20 MB draft
    # in bounded memory (issue 12 §7)
    classified = [_snapshot(u) for u in units]
    progress.stage("清理")
    cleaned, clean_findings = clean(units, _load_style(style))
    for f in clean_findings:
        if getattr(f, "path", None) is None:
            f.path = name
    findings.extend(clean_findings)
    structure_findings: List[Any] = []
    progress.stage("整理结构")
    doc = build_document(cleaned, structure_findings)
    from docgen.recognise.numbers import reconcile

    reconcile(doc, structure_findings)          # the author's heading numbers (issue 13)
    if plan is not None:
        doc = plan.attach(doc, lambda annex: build_document(classify(annex)))
    for f in structure_findings:
        f.path = name
        if kind == KIND_DOCX and f.line is not None and f.paragraph is None:
            f.paragraph, f.line = f.line, None
    findings.extend(structure_findings)
    if kind == KIND_TEXT:
        from docgen.readers.text import relocate

        relocate(findings, classified)
    decisions = decisions_of(classified)
    word_paragraph = {u.index: u.hints.paragraph for u in classified if u.hints.has("paragraph")}
    if word_paragraph:
        # units were numbered one by one (a Word paragraph split at its soft breaks): report the
        # paragraph number Word shows
        for f in findings:
            if f.paragraph in word_paragraph:
                f.paragraph = word_paragraph[f.paragraph]
        for d in decisions:
            d.line = word_paragraph.get(d.line, d.line)
    return FormatResult(document=doc, findings=findings, decisions=decisions,
                        units=classified, kind=kind, source=name)


#: what a Word file loses in the formatted output (reported by the reader): with --in-place the
#: user's only copy would lose it, so format says so even without --report
LOSSY_RULES = ("DOCX-PICTURE", "DOCX-NOTES", "DOCX-HIDDEN-TEXT", "DOCX-HEADER-TEXT")


def lossy_text(result: FormatResult) -> str:
    """The report lines of what the output does not carry over (warning-level reader notes)."""
    return "\n".join(f.line_for(result.source)
                     for f in result.findings if f.rule in LOSSY_RULES and f.severity == "warning")


__all__ = ["build_file", "format_file", "read_input", "lossy_text", "FormatResult", "Decision", "decisions_of", "reader_findings"]
