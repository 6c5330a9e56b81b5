"""Recognise a draft: read -> classify -> clean -> build the model (DESIGN.md §2).

``read_input(path_or_dash)`` runs the format pipeline on a pasted draft (.txt, .md, stdin "-")
or a Word file and returns a :class:`FormatResult` with the Document, the findings of every
change made on the way (rule ID, line or paragraph, text) and the recogniser's uncertain
decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Optional, Tuple, Union

from docgen.model import Document
from docgen.readers import KIND_DOCX, KIND_TEXT, reader_for
from docgen.units import Unit

PathLike = Union[str, Path]


@dataclass
class Decision:
    """A recogniser decision made with confidence below 1 (listed by ``--report``)."""

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
    "signature": "署名", "table": "表格",
}
SNIPPET_CHARS = 30


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
        for r in u.extra.get("removed", ()):
            out.append(Finding(rule=r["rule"], severity="info", message=r["message"], path=path,
                               start=r["start"], end=r["end"], text=r["text"], fix={"replacement": ""},
                               fix_class="safe", **anchor))
        if u.extra.get("soft_breaks"):
            out.append(Finding(rule="PARA-SOFT-BREAK", severity="warning", path=path, text="",
                               message=f"段落内有 {u.extra['soft_breaks']} 处手动换行（Shift+Enter），已合并为一段",
                               fix=None, fix_class="none", **anchor))       # done by the reader
        if u.extra.get("from_textbox"):
            out.append(Finding(rule="TEXTBOX-TEXT", severity="warning", path=path, text=u.text[:20],
                               message="文本框中的文字，已作为正文段落放在所在段落之后，请核对位置",
                               fix=None, fix_class="none", **anchor))
        if u.extra.get("soft_splits"):
            n = u.extra["soft_splits"]
            out.append(Finding(rule="PARA-SOFT-BREAK", severity="warning", path=path, text="",
                               message=f"段落内有 {n} 处手动换行（Shift+Enter）分隔了段落，已拆成 {n + 1} 段",
                               fix=None, fix_class="none", **anchor))
        if u.extra.get("lines"):
            lines = u.extra["lines"]
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
                            reason=u.extra.get("reason", ""), text=u.text.strip()))
    return out


def clean(units: List[Unit], style: Any) -> Tuple[List[Unit], List[Any]]:
    """The cleaner (transforms/clean.py) on classified units."""
    from docgen.check.fix_text import clean_units

    return clean_units(units, style)


def read_input(path_or_dash: PathLike, encoding: Optional[str] = None, style: Any = None,
               genre: Optional[str] = None) -> FormatResult:
    """Read a draft into the model: read -> classify -> clean -> build (DESIGN.md §2).
    A 公文 that is not a speech has its frame taken off first (docgen.recognise.genre; ``genre``
    overrides the guess)."""
    import copy

    from docgen.recognise.structure import build_document, classify

    kind, reader = reader_for(path_or_dash)
    name = "<stdin>" if str(path_or_dash) == "-" else str(path_or_dash)
    units = reader(path_or_dash, encoding)
    findings = reader_findings(units, kind, name)
    from docgen.recognise.genre import split_frame

    plan, units = split_frame(units, genre)
    classify(units)
    classified = copy.deepcopy(units)
    cleaned, clean_findings = clean(units, _load_style(style))
    for f in clean_findings:
        if getattr(f, "path", None) is None:
            f.path = name
    findings.extend(clean_findings)
    structure_findings: List[Any] = []
    doc = build_document(cleaned, structure_findings)
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
    word_paragraph = {u.index: u.extra["paragraph"] for u in classified if "paragraph" in u.extra}
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


__all__ = ["FormatResult", "Decision", "read_input", "decisions_of", "reader_findings"]
