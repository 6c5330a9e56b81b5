"""The author's heading numbers (issue 13): kept as written, renumbered only where the written
sequence is itself a defect, and then with a report line.

``build_document`` gives every heading of a formatted draft the number it was written with
(``Section.written``), so one heading missed or added never shifts its siblings.  This pass looks at
each run of sibling headings of one marker family ("一、", "（一）", "1.", "（1）", "第一部分"):

- one wrong number between two right ones ("二、" "二、" "四、") is a slip of the pen: it is
  renumbered, as a NUM-SEQUENCE fix that names the old and the new number and the line;
- any other repeat or skip is reported (NUM-SEQUENCE, kept as written): renumbering it would shift
  every sibling after it, and which heading is wrong is the author's call;
- a skip whose missing number opens a body paragraph between the two ("（三）抓好……，……" left as
  body text) is no defect: the sequence is complete in the text, nothing is renumbered;
- a first sibling that does not start at one ("会议决定，一、……" in the text, then "二、" "三、") is
  kept: its predecessors may stand in the text.
"""

from __future__ import annotations

import re
from typing import Any, List, Optional, Tuple

from docgen.model import Block, Document, Paragraph, Section
from docgen.text.markers import render
from docgen.text.numerals import chinese_number, parse_chinese_number

RULE_ID = "NUM-SEQUENCE"
_SHAPES = (
    ("第一部分", re.compile(r"^第(?P<n>[一二三四五六七八九十]{1,3})(?P<word>部分|章|篇|方面)(?P<gap>\s*)$")),
    ("（一）", re.compile(r"^（(?P<n>[一二三四五六七八九十]{1,3})）$")),
    ("（1）", re.compile(r"^（(?P<n>\d{1,2})）$")),
    ("一、", re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})、$")),
    ("1.", re.compile(r"^(?P<n>\d{1,2})\.$")),
)


def parse_number(number: Optional[str]) -> Optional[Tuple[str, int]]:
    """("（一）", 1) for "（一）"; None for a number of no known family."""
    if not number:
        return None
    for family, rx in _SHAPES:
        m = rx.match(number)
        if m:
            raw = m.group("n")
            value = int(raw) if raw.isdigit() else parse_chinese_number(raw)
            return (family, value) if value else None
    return None


#: this module's families -> the heading families of the one marker grammar (text/markers.py)
_LEVEL_FAMILY = {"一、": "L1", "（一）": "L2", "1.": "L3", "（1）": "L4"}


def render_number(family: str, value: int, like: str) -> str:
    """The number ``value`` written in the shape of ``like`` (same family)."""
    if family == "第一部分":
        m = _SHAPES[0][1].match(like)
        return f"第{chinese_number(value)}{m.group('word')}{m.group('gap')}"
    return render(_LEVEL_FAMILY[family], value)


def _opens_body_paragraph(blocks: List[Block], family: str, value: int) -> bool:
    """Does a paragraph in ``blocks`` (at any depth) open with the number ``value`` of ``family``?"""
    want = render_number(family, value, "第一部分" if family == "第一部分" else "")
    want = want.strip()
    for block in blocks:
        if isinstance(block, Paragraph):
            text = (block.lead or "") + block.text
            if text.startswith(want):
                return True
        elif isinstance(block, Section) and _opens_body_paragraph(block.body, family, value):
            return True
    return False


def reconcile(doc: Document, findings: Optional[list] = None) -> Document:
    """Renumber (in place) the headings whose written sequence is a defect; append a finding for
    each renumbering.  Returns ``doc``."""
    _walk(doc.body, findings)
    return doc


def _walk(blocks: List[Block], findings: Optional[list]) -> None:
    between: List[Block] = []          # blocks since the last numbered sibling
    order: list = []                   # (section, family, value, blocks before it since the last)
    for block in blocks:
        if not isinstance(block, Section):
            between.append(block)
            continue
        _walk(block.body, findings)
        parsed = parse_number(block.number) if block.written else None
        if parsed is None:
            between.append(block)
            continue
        order.append((block, parsed[0], parsed[1], between))
        between = []
    _settle(order, findings)


def _settle(order, findings) -> None:
    """A wrong number with the right numbers on both sides ("二、" "二、" "四、") is a slip of the pen:
    it is renumbered (a reported fix).  Any other break of the sequence is reported, not changed:
    which heading is wrong is the author's call, and renumbering would shift the ones after it."""
    last: dict = {}                    # family -> (effective value, section)
    for k, (block, family, value, between) in enumerate(order):
        prev = last.get(family)
        if prev is not None and value != 1:          # a "一、" again starts a new sequence (附件)
            expected = prev[0] + 1
            explained = value > expected and all(
                _opens_body_paragraph(prev[1].body + between, family, n) for n in range(expected, value))
            if value != expected and not explained and findings is not None:
                nxt = next((v for _b, f, v, _bt in order[k + 1:] if f == family), None)
                old = block.number
                new = render_number(family, expected, old)
                if nxt == expected + 1:
                    findings.append(_finding(block, old, new, value, expected))
                    block.number = new
                    value = expected
                else:
                    findings.append(_doubt(block, old, new, value, expected))
        last[family] = (value, block)


def _doubt(section: Section, old: str, want: str, value: int, expected: int) -> Any:
    from docgen.findings import Finding

    what = "重复" if value < expected else "跳号"
    return Finding(rule=RULE_ID, severity="warning", line=section.line, start=0, end=len(old), text=old,
                   message=f"标题序号“{old.strip()}”与上一个同级标题不连续（{what}，按顺序应为“{want.strip()}”），"
                           f"已按原稿保留，请核对", fix=None, fix_class="none")


def _finding(section: Section, old: str, new: str, value: int, expected: int) -> Any:
    from docgen.findings import Finding

    what = "重复" if value < expected else "跳号"
    return Finding(rule=RULE_ID, severity="warning", line=section.line, start=0, end=len(old), text=old,
                   message=f"标题序号“{old.strip()}”{what}（上一个同级标题之后应为“{new.strip()}”），已改为“{new.strip()}”",
                   fix={"replacement": new, "old": old, "new": new}, fix_class="safe")


__all__ = ["parse_number", "reconcile", "render_number"]
