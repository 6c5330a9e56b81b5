"""Sequence markers of a speech (RULES.md §2.2): ``一、`` ``（一）`` ``1.`` ``（1）`` headings,
paragraph-initial run-ins ``一是/一要/第一，/首先，`` and inline enumerations after ``。；：``.

A stuttered marker (``二是是``) is read as its marker (RULES.md §0 precedence 4); the stutter is
DUP-CHAR's finding, so ``Marker.stutter`` is only informative here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from docgen.text.patterns import NOT_A_RANGE
from docgen.text.lexicon import cn_to_int, int_to_cn
from docgen.text.cjk import lazy_compile

CN = "一二三四五六七八九十"

#: heading level -> marker regex (group 1 = the number)
HEADING_RES = (
    (1, re.compile(rf"^([{CN}]{{1,3}})、{NOT_A_RANGE}")),
    (2, re.compile(rf"^（([{CN}]{{1,3}})）")),
    (3, re.compile(r"^(\d{1,2})[.．](?!\d)")),
    (4, re.compile(r"^（(\d{1,2})）")),
)
#: malformed heading markers (NUM-MARKER-FORM reports them) still count for sequence and level
#: when a Han character (U+4E00–U+9FFF) follows.  That is checked in Python, not by a lookahead: a
#: Han class costs ~1 ms to compile, and these matches can end in one place only.
LENIENT_RES = (
    (1, lazy_compile(rf"^([{CN}]{{1,3}})(?:[.．，,]|[ \u3000]+){NOT_A_RANGE}")),
    (3, lazy_compile(r"^(\d{1,2})[、，,)）]")),
)
ENUM_RE = re.compile(rf"^([{CN}]{{1,3}})(是|要)(\2)?")
ORDINAL_RE = re.compile(rf"^第([{CN}]{{1,3}})[，,]")
SEQ_WORD_RE = re.compile(r"^(首先|其次|再次|最后)[，,]")
INLINE_RE = re.compile(rf"(?<=[。；：;:])(?:([{CN}]{{1,3}})(是|要)(\2)?|第([{CN}]{{1,3}})[，,])")
LEADING_WS = re.compile(r"^[ \t\u3000\u00a0]*")


@dataclass
class Marker:
    family: str            # "L1".."L4" for headings, "是", "要", "第" for enumerations, "序" for 首先…
    value: int
    start: int             # offsets of the marker in the unit's text
    end: int
    text: str              # the marker as read ("二是" for "二是是")
    stutter: bool = False

    @property
    def level(self) -> Optional[int]:
        return int(self.family[1]) if self.family.startswith("L") else None


def render(family: str, value: int) -> str:
    """The marker text for a family and number: ("L2", 3) -> "（三）"."""
    if family == "L1":
        return f"{int_to_cn(value)}、"
    if family == "L2":
        return f"（{int_to_cn(value)}）"
    if family == "L3":
        return f"{value}."
    if family == "L4":
        return f"（{value}）"
    if family == "第":
        return f"第{int_to_cn(value)}，"
    return f"{int_to_cn(value)}{family}"


def paragraph_marker(text: str, lenient: bool = False) -> Optional[Marker]:
    """The marker that opens a paragraph (leading whitespace skipped), or None.  ``lenient`` also
    reads malformed heading markers (``一.`` ``1、``), for paragraphs known to be headings."""
    off = LEADING_WS.match(text).end()
    body = text[off:]
    for level, m in _heading_matches(body, lenient):
        if m:
            value = cn_to_int(m.group(1))
            if value is not None:
                return Marker(f"L{level}", value, off, off + m.end(), m.group(0))
    m = ENUM_RE.match(body)
    if m:
        value = cn_to_int(m.group(1))
        if value is not None:
            marker = m.group(1) + m.group(2)
            return Marker(m.group(2), value, off, off + len(marker), marker, stutter=bool(m.group(3)))
    m = ORDINAL_RE.match(body)
    if m:
        value = cn_to_int(m.group(1))
        if value is not None:
            return Marker("第", value, off, off + m.end() - 1, m.group(0)[:-1])
    return None


def _heading_matches(body: str, lenient: bool):
    """(level, match or None) of each heading marker form, the lenient ones last."""
    for level, rx in HEADING_RES:
        yield level, rx.match(body)
    if lenient:
        for level, rx in LENIENT_RES:
            m = rx.match(body)
            yield level, (m if m and "\u4e00" <= body[m.end():m.end() + 1] <= "\u9fff" else None)


def inline_markers(text: str) -> List[Marker]:
    """Enumeration markers inside a paragraph, after ``。；：`` (not the paragraph's own marker)."""
    out = []
    for m in INLINE_RE.finditer(text):
        if m.group(1):
            value = cn_to_int(m.group(1))
            family = m.group(2)
            marker = m.group(1) + m.group(2)
            stutter = bool(m.group(3))
        else:
            value = cn_to_int(m.group(4))
            family = "第"
            marker = "第" + m.group(4)
            stutter = False
        if value is not None:
            out.append(Marker(family, value, m.start(), m.start() + len(marker), marker, stutter))
    return out


def sequence_problems(markers: List[Marker], restart_on_one: bool = True):
    """Yield (marker, expected) for every marker that breaks 1, 2, 3… (gap, repeat, disorder).

    With ``restart_on_one`` a 1 starts a new list (inline enumerations restart freely).
    """
    last = None
    for m in markers:
        expected = 1 if last is None else last + 1
        if m.value != expected and not (restart_on_one and m.value == 1):
            yield m, expected
        last = m.value
