"""Run-level edits of WordprocessingML that keep formatting: replace a run's text, split runs at
an offset, rewrite a paragraph's text with a minimal character diff, and insert pPr / rPr /
sectPr children at their schema positions (ECMA-376 sequences).  The fixer and the annotator
use them."""

from __future__ import annotations

import copy
import difflib
from typing import Any, Dict, List, Sequence

from lxml import etree

from docgen.ooxml.resolve import iter_runs, run_text, w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: run children that carry text (rewritten when the text changes)
_TEXT_TAGS = {w("t"), w("br"), w("tab"), w("cr"), w("noBreakHyphen")}


def set_run_text(r: Any, text: str) -> None:
    """Replace the text content of a run (t / br / tab) keeping its properties."""
    for child in list(r):
        if child.tag in _TEXT_TAGS:
            r.remove(child)
    for piece in _pieces(text):
        if piece == "\n":
            r.append(etree.Element(w("br")))
        elif piece == "\t":
            r.append(etree.Element(w("tab")))
        else:
            t = etree.SubElement(r, w("t"))
            t.text = piece
            t.set(XML_SPACE, "preserve")


def _pieces(text: str) -> List[str]:
    out, buf = [], ""
    for ch in text:
        if ch in "\n\t":
            if buf:
                out.append(buf)
                buf = ""
            out.append(ch)
        else:
            buf += ch
    if buf:
        out.append(buf)
    return out


def split_run(r: Any, offset: int) -> Any:
    """Split a plain text run at ``offset`` (in run_text coordinates); returns the second run."""
    text = run_text(r)
    second = copy.deepcopy(r)
    set_run_text(r, text[:offset])
    set_run_text(second, text[offset:])
    r.addnext(second)
    return second


def split_runs_at(paragraph: Any, offsets: Sequence[int]) -> None:
    """Make every offset (paragraph run-text coordinates) fall on a run boundary."""
    for offset in sorted(set(offsets), reverse=True):
        pos = 0
        for r in list(iter_runs(paragraph)):
            text = run_text(r)
            if pos < offset < pos + len(text) and not has_field(r):
                split_run(r, offset - pos)
                break
            pos += len(text)


def has_field(r: Any) -> bool:
    return any(c.tag in (w("fldChar"), w("instrText"), w("drawing"), w("pict")) for c in r)


def rewrite_paragraph_text(paragraph: Any, new: str) -> bool:
    """Change the paragraph's run text to ``new`` with minimal edits; returns True on change."""
    runs = [(r, run_text(r)) for r in iter_runs(paragraph)]
    old = "".join(t for _, t in runs)
    if old == new:
        return False
    if not runs:
        p = getattr(paragraph, "_p", paragraph)
        r = etree.SubElement(p, w("r"))
        set_run_text(r, new)
        return True
    owner: List[int] = []
    for i, (_, t) in enumerate(runs):
        owner.extend([i] * len(t))
    parts = [""] * len(runs)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                parts[owner[i1 + k]] += new[j1 + k]
        elif j2 > j1:
            # replaced or inserted text goes to the run of the first replaced character, or for a
            # pure insertion to the run before it
            target = owner[i1] if tag == "replace" else (owner[i1 - 1] if i1 > 0 else 0)
            parts[target] += new[j1:j2]
    for (r, t), part in zip(runs, parts):
        if part != t:
            set_run_text(r, part)
    return True


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")


_PPR_RANK = {w(n): i for i, n in enumerate(_PPR_ORDER)}


def _insert_in_order(parent: Any, child: Any, rank: Dict[str, int]) -> Any:
    """Insert ``child`` into ``parent`` before the first child that comes after it in the schema
    sequence ``rank`` (Clark name -> position); unknown tags go last."""
    mine = rank.get(child.tag, len(rank))
    for existing in parent:
        if rank.get(existing.tag, len(rank)) > mine:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def insert_ppr_child(ppr: Any, child: Any) -> None:
    """Insert ``child`` into pPr at its schema position."""
    _insert_in_order(ppr, child, _PPR_RANK)


_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


_RPR_RANK = {w(n): i for i, n in enumerate(_RPR_ORDER)}


def insert_rpr_child(rpr: Any, child: Any) -> None:
    """Insert ``child`` into rPr at its schema position."""
    _insert_in_order(rpr, child, _RPR_RANK)


_SECT_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


_SECT_RANK = {w(n): i for i, n in enumerate(_SECT_ORDER)}


def sect_child(sect: Any, tag: str) -> Any:
    """The sectPr child ``tag``, made at its schema position when missing."""
    found = sect.find(w(tag))
    if found is not None:
        return found
    return _insert_in_order(sect, etree.Element(w(tag)), _SECT_RANK)
