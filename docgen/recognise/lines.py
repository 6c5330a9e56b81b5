"""Readings of one line (its text stripped of edge characters) that the classifier and the builder
share: heading markers, paragraph-initial enumerators, the lead sentence, a standalone heading's
and a title's shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from docgen.text import patterns as P
from docgen.model import UNNUMBERED
from docgen.recognise.verdict import CONF_LEAD_FAR, CONF_SURE

UNNUMBERED_FAMILY = UNNUMBERED
MD_FAMILY = "md"
#: depth rank of the numbered marker families (GB/T 9704 7.3.3); "第一部分" sits above 一、
FAMILY_RANK = {"第一部分": -1, "一、": 0, "（一）": 1, "1.": 2, "（1）": 3}
#: a standalone heading may keep these at its end (HEADING-TRAILING-PUNCT allows ？！ and closers)
_TRAILING_DROP = set(P.HEADING_TRAILING)

EDGE_CHARS = P.EDGE_CHARS


def _strip(text: str) -> str:
    return text.strip(EDGE_CHARS)


@dataclass
class Marker:
    family: str        # "一、", "（一）", "1.", "（1）", "第一部分"
    number: str        # the marker as written, e.g. "一、", "(一)"
    end: int           # offset in the stripped text where the heading text starts


@dataclass
class Lead:
    end: int           # offset in the stripped text where the lead sentence ends (after 。)
    confidence: float


def parse_marker(s: str) -> Optional[Marker]:
    """The heading marker at the start of stripped text ``s``, if any."""
    for family, rx in (("（一）", P.HEADING_L2), ("（1）", P.HEADING_L4), ("第一部分", P.HEADING_PART),
                       ("一、", P.HEADING_L1), ("1.", P.HEADING_L3)):
        m = rx.match(s)
        if m:
            end = m.end()
            while end < len(s) and s[end] in " \t\u3000":
                end += 1
            if end >= len(s):
                return None                     # a marker with nothing after it is not a heading
            return Marker(family, s[:m.end()].strip(), end)
    return None


def parse_enum(s: str) -> Optional[Tuple[str, str, int]]:
    """(family, number, marker_end) of a paragraph-initial enumerator: 一是/一要/第一，/首先，.

    A stuttered marker (二是是) is read as its marker (RULES.md §0 precedence 4).
    """
    m = P.ENUM_SHI_YAO.match(s)
    if m:
        word = m.group("word")
        # "一方面" only counts when a sibling "另一方面"/"二方面" exists: checked by the caller
        return ("enum-" + word, m.group("num") + word, m.end())
    m = P.ENUM_DI.match(s)
    if m:
        return ("enum-第", m.group("num"), m.end())
    m = P.ENUM_ORDER.match(s)
    if m:
        return ("enum-order", m.group("num"), m.end())
    return None


def _enumerates_inline(s: str, family: str) -> bool:
    """Does a paragraph opening with an enumerator of ``family`` go on to its second member
    ("一是……。二是……" / "一要……，二要……" / "首先，……其次，")?"""
    if family.startswith("enum-") and family not in ("enum-第", "enum-order"):
        word = family[len("enum-"):]
        return f"二{word}" in s
    if family == "enum-第":
        return "第二，" in s or "第二、" in s
    return "其次" in s


def find_lead(s: str, start: int) -> Optional[Lead]:
    """The end of the lead sentence that begins at ``start`` (RULES.md §2.2)."""
    window = s[start:start + P.LEAD_MAX_CHARS]
    m = P.LEAD_END.search(window)
    if m:
        return Lead(start + m.end(), CONF_SURE)
    m = P.LEAD_COLON.search(window)
    if m:
        return Lead(start + m.end(), CONF_SURE)
    m = P.LEAD_END.search(s, start)
    if m:
        return Lead(m.end(), CONF_LEAD_FAR)
    return None


def is_standalone(s: str, body_start: int) -> bool:
    """Only the heading: no sentence end inside (one at the very end is allowed) and short."""
    rest = s[body_start:]
    return len(s) <= P.STANDALONE_MAX_CHARS and not P.HEADING_FORBIDDEN_INSIDE.search(rest[:-1])


def is_title_text(s: str) -> bool:
    return ("。" not in s and len(s) <= P.STANDALONE_MAX_CHARS
            and bool(P.TITLE_AT.match(s) or P.TITLE_SPEECH.match(s)))


def _ends_sentence(s: str) -> bool:
    return s[-1:] in P.SENTENCE_FINAL or s[-1:] in "，、：:,"


def _is_short_line(s: str, limit: int = P.UNNUMBERED_MAX_CHARS) -> bool:
    return 0 < len(s) <= limit and not P.HEADING_FORBIDDEN_INSIDE.search(s) and not _ends_sentence(s)


__all__ = ["FAMILY_RANK", "Lead", "Marker", "find_lead", "is_standalone", "is_title_text", "parse_enum",
           "parse_marker"]
