"""The one document model (DESIGN.md §2).  Plain data: no I/O, no python-docx.

Every reader produces a :class:`Document`; the writer and the checker consume it.  ``line`` fields
remember where a block came from in the input (a 1-based line of a text file, a 1-based paragraph
index of a .docx, or a line of a YAML content file) so findings and reports can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Type, TypeVar, Union

MODEL_VERSION = 1

#: The default numbering scheme, one marker pattern per depth (GB/T 9704 7.3.3).
DEFAULT_NUMBERING = ["一、", "（一）", "1.", "（1）"]
#: The value of a numbering level that is not numbered.
UNNUMBERED = "none"
MAX_DEPTH = 4


@dataclass
class Paragraph:
    """A body paragraph.  ``lead`` is a "一是……。" style lead sentence kept apart from ``text``."""

    text: str
    lead: Optional[str] = None
    line: Optional[int] = None
    #: pictures carried over from a Word draft, printed in this paragraph ({"blob", "cx", "cy", …})
    pictures: List[Dict[str, Any]] = field(default_factory=list)


@dataclass
class Table:
    rows: List[List[str]]
    header_rows: int = 0
    line: Optional[int] = None


@dataclass
class Section:
    """A heading and what stands under it.  Its depth in the tree is its heading level (1..4).

    ``number`` is the marker as written or as produced by the numbering transform ("一、");
    ``runin`` means the heading and the first paragraph of ``body`` share one printed paragraph.
    ``written`` means ``number`` is the author's own (a formatted draft): the numbering transform
    keeps it as it is, ``None`` included (a heading written without a number stays unnumbered).
    """

    heading: str
    body: List["Block"] = field(default_factory=list)
    runin: bool = False
    number: Optional[str] = None
    line: Optional[int] = None
    written: bool = False


Block = Union[Section, Paragraph, Table]


@dataclass
class Meta:
    title: Optional[str] = None
    author: Optional[str] = None
    date: Optional[str] = None
    template: Optional[str] = None


# -- the whole 公文 (DESIGN.md §3b): genre and the parts outside the body -----------------------

#: genre key -> Chinese name; "speech" is the default and has no frame
GENRES: Dict[str, str] = {"speech": "讲话稿", "notice": "通知", "request": "请示", "report": "报告",
                          "letter": "函", "minutes": "纪要", "decision": "决定", "opinion": "意见"}
#: 上行文: the genres that carry a 签发人
UPWARD_GENRES = ("request", "report")


@dataclass
class Header:
    """版头 (GB/T 9704 §7.2)."""

    copy_no: Optional[str] = None
    secret: Optional[str] = None
    urgency: Optional[str] = None
    issuer: Optional[str] = None
    issuer_suffix: Optional[str] = None
    doc_no: Optional[str] = None
    signer: Optional[str] = None


@dataclass
class Sign:
    """发文机关署名, 成文日期 and whether a seal goes over them (§7.3.5)."""

    org: Optional[str] = None
    date: Optional[str] = None
    stamped: bool = True


@dataclass
class Imprint:
    """版记 (§7.4)."""

    cc: List[str] = field(default_factory=list)
    org: Optional[str] = None
    date: Optional[str] = None


@dataclass
class Frame:
    """Everything of a 公文 outside the speech fields; ``annexes`` are whole documents."""

    genre: str = "speech"
    header: Optional[Header] = None
    recipients: Optional[str] = None
    attachments: List[str] = field(default_factory=list)
    sign: Optional[Sign] = None
    note: Optional[str] = None
    annexes: List["Document"] = field(default_factory=list)
    imprint: Optional[Imprint] = None
    #: 纪要: "出席", "请假", "列席" -> names
    attendance: List[Tuple[str, str]] = field(default_factory=list)
    #: the 附件 pages' labels as a formatted draft wrote them ("附件1" for a single 附件): the
    #: author's numbers are kept; empty: "附件" / "附件N" by count
    annex_labels: List[str] = field(default_factory=list)


@dataclass
class Document:
    title: Optional[str] = None
    subtitle: List[str] = field(default_factory=list)
    salutation: Optional[str] = None
    body: List[Block] = field(default_factory=list)
    closing: List[str] = field(default_factory=list)
    signature: Optional[str] = None
    date: Optional[str] = None
    numbering: List[str] = field(default_factory=lambda: list(DEFAULT_NUMBERING))
    meta: Meta = field(default_factory=Meta)
    #: footnotes, endnotes and comments of a Word draft: the private-use character (plane 15) that
    #: stands for the reference in the text -> {"kind": "footnote"|"endnote"|"comment", "text": ...,
    #: and for a comment "author", "initials", "date"} (readers.docx.objects, writers.objects)
    notes: Dict[str, Dict[str, str]] = field(default_factory=dict)
    #: where the document-level parts came from: {"title": 16, "salutation": 17,
    #: "subtitle": [..], "closing": [..], "signature": n, "date": n}
    lines: Dict[str, Any] = field(default_factory=dict)
    #: the 公文 frame (DESIGN.md §3b); None for a plain speech
    frame: Optional[Frame] = None

    @property
    def genre(self) -> str:
        return self.frame.genre if self.frame is not None else "speech"

    # -- convenience -------------------------------------------------------------------------
    def sections(self) -> Iterator["Section"]:
        return iter(query(self, Section))

    def paragraphs(self) -> Iterator["Paragraph"]:
        return iter(query(self, Paragraph))


T = TypeVar("T")


def iter_blocks(blocks: List[Block], depth: int = 1) -> Iterator[tuple]:
    """Yield ``(depth, block)`` for every block in document order; depth of a Section = its level."""
    for block in blocks:
        yield depth, block
        if isinstance(block, Section):
            yield from iter_blocks(block.body, depth + 1)


def query(doc: Document, kind: Type[T]) -> List[T]:
    """All blocks of one kind in document order (pandoc's ``query``)."""
    return [b for _, b in iter_blocks(doc.body) if isinstance(b, kind)]


def walk(doc: Document, kind: Type[T], fn: Callable[[T], Optional[Union[T, List[Block]]]]) -> Document:
    """Return a copy of ``doc`` with every block of ``kind`` replaced by ``fn(block)``.

    ``fn`` may return the block (kept), a new block, a list of blocks (spliced in; ``[]`` deletes)
    or None (kept unchanged).  Sections are rebuilt bottom-up, like pandoc's ``walk``.
    """

    def walk_list(blocks: List[Block]) -> List[Block]:
        out: List[Block] = []
        for block in blocks:
            if isinstance(block, Section):
                block = replace(block, body=walk_list(block.body))
            if isinstance(block, kind):
                result = fn(block)
                if result is None:
                    out.append(block)
                elif isinstance(result, list):
                    out.extend(result)
                else:
                    out.append(result)
            else:
                out.append(block)
        return out

    return replace(doc, body=walk_list(doc.body))


def max_depth(blocks: List[Block], depth: int = 0) -> int:
    deepest = depth
    for block in blocks:
        if isinstance(block, Section):
            deepest = max(deepest, max_depth(block.body, depth + 1))
    return deepest


# -- serialisation --------------------------------------------------------------------------------

def _block_to_dict(block: Block) -> Dict[str, Any]:
    if isinstance(block, Paragraph):
        d: Dict[str, Any] = {"type": "paragraph", "text": block.text}
        if block.lead is not None:
            d["lead"] = block.lead
    elif isinstance(block, Table):
        d = {"type": "table", "rows": [list(r) for r in block.rows], "header_rows": block.header_rows}
    else:
        d = {"type": "section", "heading": block.heading, "runin": block.runin,
             "number": block.number, "body": [_block_to_dict(b) for b in block.body]}
    return d


def _block_from_dict(d: Dict[str, Any]) -> Block:
    kind = d.get("type")
    if kind == "paragraph":
        return Paragraph(text=d["text"], lead=d.get("lead"))
    if kind == "table":
        return Table(rows=[list(r) for r in d["rows"]], header_rows=d.get("header_rows", 0))
    if kind == "section":
        return Section(heading=d["heading"], runin=d.get("runin", False), number=d.get("number"),
                       body=[_block_from_dict(b) for b in d.get("body", [])])
    raise ValueError(f"unknown block type {kind!r}")


def _frame_to_dict(frame: Frame) -> Dict[str, Any]:
    d: Dict[str, Any] = {"genre": frame.genre}
    for name in ("header", "sign", "imprint"):
        part = getattr(frame, name)
        if part is not None:
            d[name] = {f.name: getattr(part, f.name) for f in fields(part)}
    for name in ("recipients", "attachments", "note", "attendance", "annex_labels"):
        value = getattr(frame, name)
        if value:
            d[name] = [list(v) for v in value] if name == "attendance" else value
    if frame.annexes:
        d["annexes"] = [to_dict(a) for a in frame.annexes]
    return d


def _frame_from_dict(d: Dict[str, Any]) -> Frame:
    return Frame(
        genre=d.get("genre", "speech"),
        header=Header(**d["header"]) if d.get("header") else None,
        recipients=d.get("recipients"), attachments=list(d.get("attachments") or []),
        sign=Sign(**d["sign"]) if d.get("sign") else None, note=d.get("note"),
        annexes=[from_dict(a) for a in d.get("annexes") or []],
        imprint=Imprint(**d["imprint"]) if d.get("imprint") else None,
        attendance=[tuple(a) for a in d.get("attendance") or []],
        annex_labels=list(d.get("annex_labels") or []))


def to_dict(doc: Document) -> Dict[str, Any]:
    """A JSON-able dict with ``version``; source line numbers are not part of the content.
    ``frame`` is there only when the document has one (a speech's dict is unchanged)."""
    d = _to_dict(doc)
    if doc.frame is not None:
        d["frame"] = _frame_to_dict(doc.frame)
    return d


def _to_dict(doc: Document) -> Dict[str, Any]:
    return {
        "version": MODEL_VERSION,
        "title": doc.title,
        "subtitle": list(doc.subtitle),
        "salutation": doc.salutation,
        "numbering": list(doc.numbering),
        "body": [_block_to_dict(b) for b in doc.body],
        "closing": list(doc.closing),
        "signature": doc.signature,
        "date": doc.date,
        "meta": {f.name: getattr(doc.meta, f.name) for f in fields(doc.meta)},
    }


def from_dict(d: Dict[str, Any]) -> Document:
    if d.get("version") != MODEL_VERSION:
        raise ValueError(f"model version {d.get('version')!r} is not {MODEL_VERSION}")
    return Document(
        title=d.get("title"),
        subtitle=list(d.get("subtitle") or []),
        salutation=d.get("salutation"),
        numbering=list(d.get("numbering") or DEFAULT_NUMBERING),
        body=[_block_from_dict(b) for b in d.get("body", [])],
        closing=list(d.get("closing") or []),
        signature=d.get("signature"),
        date=d.get("date"),
        meta=Meta(**(d.get("meta") or {})),
        frame=_frame_from_dict(d["frame"]) if d.get("frame") else None,
    )


def content_dict(doc: Document) -> Dict[str, Any]:
    """``to_dict`` without what is not content: metadata and heading numbers (the numbering
    transform derives those from ``numbering`` and the depth)."""

    def strip(block: Dict[str, Any]) -> Dict[str, Any]:
        if block["type"] == "section":
            block = {k: v for k, v in block.items() if k != "number"}
            block["body"] = [strip(b) for b in block["body"]]
        return block

    d = to_dict(doc)
    d.pop("meta")
    for annex in (d.get("frame") or {}).get("annexes", []):
        annex.pop("meta", None)
    d["body"] = [strip(b) for b in d["body"]]
    return d


def content_equal(a: Document, b: Document) -> bool:
    """Same content, ignoring source line numbers, metadata and derived heading numbers."""
    return content_dict(a) == content_dict(b)


__all__ = [
    "Block", "Document", "Meta", "Frame", "Header", "Sign", "Imprint", "GENRES", "UPWARD_GENRES", "Paragraph", "Section", "Table", "DEFAULT_NUMBERING", "UNNUMBERED",
    "MAX_DEPTH", "iter_blocks", "query", "walk", "max_depth", "to_dict", "from_dict", "content_dict", "content_equal",
    "is_dataclass",
]
