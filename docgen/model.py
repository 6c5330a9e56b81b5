"""The one document model (DESIGN.md §2).  Plain data: no I/O, no python-docx.

Every reader produces a :class:`Document`; the writer and the checker consume it.  ``line`` fields
remember where a block came from in the input (a 1-based line of a text file, a 1-based paragraph
index of a .docx, or a line of a YAML content file) so findings and reports can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Callable, Dict, Iterator, List, Optional, Type, TypeVar, Union

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


def to_dict(doc: Document) -> Dict[str, Any]:
    """A JSON-able dict with ``version``; source line numbers are not part of the content."""
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
    d["body"] = [strip(b) for b in d["body"]]
    return d


def content_equal(a: Document, b: Document) -> bool:
    """Same content, ignoring source line numbers, metadata and derived heading numbers."""
    return content_dict(a) == content_dict(b)


__all__ = [
    "Block", "Document", "Meta", "Paragraph", "Section", "Table", "DEFAULT_NUMBERING", "UNNUMBERED",
    "MAX_DEPTH", "iter_blocks", "query", "walk", "max_depth", "to_dict", "from_dict", "content_dict", "content_equal",
    "is_dataclass",
]
