"""Readers: every input format ends as the one document model (pandoc's reader table).

``read_input(path_or_dash)`` runs read -> classify -> clean -> build for a pasted draft (.txt,
.md, stdin "-") or a Word file (.docx, .doc) and returns a :class:`FormatResult` with the
Document, the findings of every change made on the way (rule ID, line or paragraph, text) and
the recogniser's uncertain decisions.  YAML content files have their own reader (yaml_reader).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from docgen.errors import InputError
from docgen.model import Document
from docgen.units import Unit

PathLike = Union[str, Path]

KIND_TEXT, KIND_DOCX = "text", "docx"


def _text_units(path: PathLike, encoding: Optional[str]) -> List[Unit]:
    from docgen.readers import text_reader

    return text_reader.read_units(path, encoding)


def _docx_units(path: PathLike, encoding: Optional[str]) -> List[Unit]:
    from docgen.readers import docx_reader

    return docx_reader.read_units(path)


#: suffix -> (input kind, reader); readers return units in input order
READERS: Dict[str, Tuple[str, Callable[[PathLike, Optional[str]], List[Unit]]]] = {
    ".txt": (KIND_TEXT, _text_units),
    ".text": (KIND_TEXT, _text_units),
    ".md": (KIND_TEXT, _text_units),
    ".markdown": (KIND_TEXT, _text_units),
    ".docx": (KIND_DOCX, _docx_units),
    ".doc": (KIND_DOCX, _docx_units),
}
#: suffixes a directory scan picks up
DRAFT_SUFFIXES = (".txt", ".md", ".docx")


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


def reader_for(path: PathLike) -> Tuple[str, Callable[[PathLike, Optional[str]], List[Unit]]]:
    if str(path) == "-":
        return READERS[".txt"]
    suffix = Path(path).suffix.lower()
    if suffix in READERS:
        return READERS[suffix]
    if suffix in (".yaml", ".yml"):
        raise InputError("这是 YAML 内容文件：请用 docgen build 生成 .docx", path=path)
    if suffix in (".wps", ".pdf", ".odt", ".rtf", ".pages"):
        raise InputError(f"不支持 {suffix} 文件：请另存为 .docx 或 .txt 后再试", path=path)
    p = Path(path)
    if p.is_file() and zipfile.is_zipfile(p):
        return READERS[".docx"]
    return READERS[".txt"]            # an unknown suffix is read as text; binary data is refused


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
    from docgen.transforms.clean import clean_units

    return clean_units(units, style)


def read_input(path_or_dash: PathLike, encoding: Optional[str] = None, style: Any = None) -> FormatResult:
    """Read a draft into the model: read -> classify -> clean -> build (DESIGN.md §2)."""
    import copy

    from docgen.transforms.structure import build_document, classify

    kind, reader = reader_for(path_or_dash)
    name = "<stdin>" if str(path_or_dash) == "-" else str(path_or_dash)
    units = reader(path_or_dash, encoding)
    findings = reader_findings(units, kind, name)
    classify(units)
    classified = copy.deepcopy(units)
    cleaned, clean_findings = clean(units, _load_style(style))
    for f in clean_findings:
        if getattr(f, "path", None) is None:
            f.path = name
    findings.extend(clean_findings)
    structure_findings: List[Any] = []
    doc = build_document(cleaned, structure_findings)
    for f in structure_findings:
        f.path = name
        if kind == KIND_DOCX and f.line is not None and f.paragraph is None:
            f.paragraph, f.line = f.line, None
    findings.extend(structure_findings)
    if kind == KIND_TEXT:
        from docgen.readers.text_reader import relocate

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


__all__ = ["READERS", "DRAFT_SUFFIXES", "FormatResult", "Decision", "read_input", "reader_for",
           "decisions_of", "reader_findings"]
