"""The numbering transform: heading numbers from depth and the document's scheme.

``Document.numbering`` holds one marker pattern per depth, e.g. ``["一、", "（一）", "1.", "（1）"]``.
A pattern contains one counter, written as ``一`` (Chinese counting words 一 … 九十九) or ``1``
(Arabic digits); the text around it is kept: "（一）" -> "（三）", "1." -> "3.".  ``"none"`` leaves a
level unnumbered (seed 001's headings).  Depths below the scheme take the GB/T 9704 patterns the
scheme has not used yet, in order, so ``["一、", "1."]`` continues with "（1）".

A section whose ``written`` flag is set (a formatted draft) keeps its number as the author wrote
it, or no number when it had none.  Numbers restart under each parent section; paragraphs and tables between sections do not
interrupt a sequence.  The transform is pure and idempotent: it returns a new Document.
"""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Sequence

from docgen.errors import ContentError
from docgen.model import DEFAULT_NUMBERING, MAX_DEPTH, UNNUMBERED, Block, Document, Section

from docgen.text.numerals import (CHINESE_COUNTER, MAX_CHINESE, chinese_number,  # noqa: F401,E402
                                   parse_chinese_number, split_pattern)

WORD_MARKER_GAP = "\u3000"


def marker(pattern: str, n: int) -> Optional[str]:
    """The n-th marker of a pattern: marker("（一）", 3) == "（三）"; None for "none"."""
    if pattern == UNNUMBERED:
        return None
    prefix, kind, suffix = split_pattern(pattern)
    if kind == CHINESE_COUNTER:
        if n > MAX_CHINESE:
            raise ContentError(f"同一层级下的标题超过{chinese_number(MAX_CHINESE)}个，无法用“{pattern}”编号；"
                               f"请分层组织，或在 numbering 中改用阿拉伯数字（如“1.”）")
        counter = chinese_number(n)
    else:
        counter = str(n)
    text = f"{prefix}{counter}{suffix}"
    if suffix and "\u4e00" <= suffix[-1] <= "\u9fff":
        text += WORD_MARKER_GAP        # "第一部分　工作回顾": a marker ending in a word needs a gap
    return text


def effective_scheme(numbering: Sequence[str], depth: int = MAX_DEPTH) -> List[str]:
    """The scheme extended to ``depth`` levels with the unused default patterns, in order."""
    scheme = [str(p).strip() for p in numbering]
    for pattern in scheme:
        if pattern != UNNUMBERED:
            try:
                split_pattern(pattern)
            except ValueError:
                raise ContentError(f"numbering: 编号样式“{pattern}”中没有序数（应写成“一、”“（一）”“1.”“（1）”"
                                   f"之类，或 {UNNUMBERED} 表示不编号）") from None
    spare = [p for p in DEFAULT_NUMBERING if p not in scheme]
    while len(scheme) < depth and spare:
        scheme.append(spare.pop(0))
    while len(scheme) < depth:
        scheme.append(UNNUMBERED)
    return scheme


def number(doc: Document) -> Document:
    """A copy of ``doc`` whose sections carry the numbers of its scheme (``None`` when unnumbered)."""
    scheme = effective_scheme(doc.numbering)

    def walk(blocks: List[Block], depth: int) -> List[Block]:
        out: List[Block] = []
        count = 0
        for block in blocks:
            if isinstance(block, Section) and block.written:
                # the author's number (issue 13): kept as written; a sequence that is itself a
                # defect was renumbered, with a report line, before this (recognise.numbers)
                block = replace(block, body=walk(block.body, depth + 1))
            elif isinstance(block, Section):
                count += 1
                pattern = scheme[depth - 1] if depth <= len(scheme) else UNNUMBERED
                try:
                    num = marker(pattern, count)
                except ContentError as exc:
                    raise ContentError(exc.message, line=block.line) from None
                block = replace(block, number=num, body=walk(block.body, depth + 1))
            out.append(block)
        return out

    return replace(doc, body=walk(doc.body, 1))


__all__ = ["chinese_number", "effective_scheme", "marker", "number", "parse_chinese_number", "split_pattern"]
