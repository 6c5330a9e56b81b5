"""Dump a :class:`~docgen.model.Document` as a YAML content file (DESIGN.md §3).

The inverse of :mod:`docgen.readers.yaml`: ``read_text(dump(doc))`` has the same content
as ``doc`` (``docgen.model.content_equal``).  This is what ``docgen format --yaml`` writes, so it
is meant for people: block style, keys in the documented order, Chinese written as itself, one
paragraph per line (never wrapped), strings quoted only where YAML needs it (``'1.'``,
``'{{ x }}'``, ``'2026'``), numbering and table rows as short flow lists.

Not written: section ``number`` (the numbering transform derives it from depth and
``numbering:``), source line numbers, and meta other than ``author``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import yaml

from docgen.model import DEFAULT_NUMBERING, Block, Document, Paragraph, Section, Table

#: no line wrapping: one paragraph stays on one line of the file
_NO_WRAP = 1 << 30


class _Flow(list):
    """A list written in flow style: ``[一、, （一）, 1., （1）]``."""


class _Dumper(yaml.SafeDumper):
    """Block style with indented list items under their key (``body:\\n  - …``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # a text with a line break is written double-quoted ("a\nb") so it stays on one line of the
    # file: a scalar spanning lines would be joined by the reader as a wrapped paragraph
    style = '"' if any(b in data for b in _LINE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data,
                                                          flow_style=True))


def _picture_only(block: Block) -> bool:
    """A paragraph that holds only pictures of a Word draft: a content file has no pictures."""
    return isinstance(block, Paragraph) and bool(block.pictures) and not (block.text or block.lead)


def _block(block: Block) -> Any:
    if isinstance(block, Paragraph):
        if block.lead is None:
            return block.text
        item: Dict[str, Any] = {"lead": block.lead}
        if block.text:
            item["text"] = block.text
        return item
    if isinstance(block, Table):
        return {"table": {"header_rows": block.header_rows,
                          "rows": [_Flow(row) for row in block.rows]}}
    if isinstance(block, Section):
        item = {"heading": block.heading or (block.number or "").strip()}   # a number-only heading
        if block.runin:
            item["runin"] = True
        if block.body:
            item["body"] = [_block(b) for b in block.body if not _picture_only(b)]
        return item
    raise TypeError(f"not a block: {block!r}")


def to_content(doc: Document) -> Dict[str, Any]:
    """The content-file mapping of ``doc``, keys in the documented order, empty parts left out."""
    data: Dict[str, Any] = {}
    if doc.title:
        data["title"] = doc.title
    if doc.subtitle:
        data["subtitle"] = list(doc.subtitle)
    if doc.salutation:
        data["salutation"] = doc.salutation
    if list(doc.numbering) != DEFAULT_NUMBERING:
        data["numbering"] = _Flow(doc.numbering)
    data["body"] = [_block(b) for b in doc.body if not _picture_only(b)]
    if doc.closing:
        data["closing"] = list(doc.closing)
    if doc.signature:
        data["signature"] = doc.signature
    if doc.date:
        data["date"] = doc.date
    if doc.meta.author:
        data["author"] = doc.meta.author
    if doc.frame is not None:
        data = _with_frame(doc, data)
    return data


def _with_frame(doc: Document, data: Dict[str, Any]) -> Dict[str, Any]:
    """The §3b keys (DESIGN.md) in the documented order: genre and header first, the rest after the body."""
    frame = doc.frame
    head: Dict[str, Any] = {"genre": frame.genre}
    if frame.header is not None:
        head["header"] = {k: v for k, v in vars(frame.header).items() if v}
    out = {**head, **{k: v for k, v in data.items() if k in ("title", "subtitle")}}
    if frame.recipients:
        out["recipients"] = frame.recipients
    out.update({k: v for k, v in data.items() if k not in out})
    if frame.attendance:
        out["attendance"] = {label: names for label, names in frame.attendance}
    if frame.attachments:
        out["attachments"] = list(frame.attachments)
    if frame.sign is not None:
        out["sign"] = {k: v for k, v in vars(frame.sign).items() if v is not None}
    if frame.note:
        out["note"] = frame.note
    if frame.annexes:
        out["annexes"] = [{k: v for k, v in to_content(a).items() if k != "author"} for a in frame.annexes]
    if frame.imprint is not None:
        imprint: Dict[str, Any] = {}
        if frame.imprint.cc:
            imprint["cc"] = _Flow(frame.imprint.cc)
        if frame.imprint.org:
            imprint["org"] = frame.imprint.org
        if frame.imprint.date:
            imprint["date"] = frame.imprint.date
        out["imprint"] = imprint
    return out


def dump(doc: Document, comment: Optional[str] = None) -> str:
    """YAML text of ``doc``; ``comment`` (one or more lines) is written on top as ``# …``."""
    text = yaml.dump(to_content(doc), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=_NO_WRAP, indent=2)
    for mark in doc.notes:                   # a content file has no footnotes: drop their marks
        text = text.replace(mark, "")
    if comment:
        head: List[str] = [f"# {line}".rstrip() for line in comment.splitlines()]
        text = "\n".join(head) + "\n" + text
    return text


__all__ = ["dump", "to_content"]
