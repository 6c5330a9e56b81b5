"""The recogniser: classify units by the speech structure model (RULES.md §2).

    classify(units)              sets kind / level / number / lead_end / confidence on each unit

The front and back of a speech are read in recognise/edges.py, its body in recognise/body.py,
single lines in recognise/lines.py; recognise/build.py builds the document model from the result.

Detection follows RULES.md §2.1 in order: blank, noise (NOISE-LINE (a) pre-title block,
(b) post-closing block, (c) mid-body markers), title, subtitle/speaker/date, salutation, host,
ellipsis, numbered headings L1–L4 (standalone or run-in), enumerated run-ins, unnumbered
headings (HEADING-UNNUMBERED), closing formula and closing paragraphs, body.  Where a decision is
a guess the unit's ``confidence`` is below 1 and ``extra["reason"]`` says why; ``--report``
lists those.  Every pattern is matched on the text stripped of surrounding whitespace.
"""

from __future__ import annotations

import re
from typing import List

from docgen.text import patterns as P
from docgen.units import Unit
from docgen.recognise.body import (assign_levels, classify_bare_numerals, classify_enums, classify_headings,
                                   classify_mid_noise, classify_notes, classify_second_parts, classify_unnumbered)
from docgen.recognise.edges import classify_back, classify_front, find_salutation, find_title
from docgen.recognise.lines import _strip
from docgen.recognise.verdict import CONF_DOUBTFUL_KEPT, CONF_SURE, _set


def classify(units: List[Unit]) -> List[Unit]:
    """Set kind/level/number/lead_end/confidence on every unit (in place) and return the list."""
    for u in units:
        if u.kind == "table":
            continue
        u.level = u.number = u.lead_end = None
        u.hints.pop("reason", None)
        u.hints.pop("family", None)
        _set(u, "blank" if not _strip(u.text) else "body")
    s = [_strip(u.text) for u in units]
    for i, u in enumerate(units):
        # a page number or a line of web page furniture copied along with the text: noise wherever
        # it stands, and invisible to the structure around it (a heading after it is still the
        # next heading, a closing before it is still the closing)
        if u.kind == "body" and u.hints.running_header:
            _set(u, "noise", CONF_SURE, "每页重复的页眉（从 PDF 复制时带入）")
            u.hints.furniture = "header"
        elif u.kind == "body" and P.PAGE_FURNITURE.match(s[i]):
            _set(u, "noise", CONF_SURE, "页码行（从 PDF 或打印稿复制时带入）")
            u.hints.furniture = "page"
        elif u.kind == "body" and len(s[i]) <= P.LINE_FURNITURE_MAX_CHARS and P.LINE_FURNITURE.search(s[i]):
            _set(u, "noise", CONF_SURE, "网页附带的文字（编辑署名、分享链接、图片说明等）")
            u.hints.furniture = "web"
    _keep_doubtful_furniture(units, s)
    _classify_toc(units, s)
    content = [i for i, u in enumerate(units) if u.kind not in ("blank", "table", "noise", "toc")]
    if not content:
        return units
    markers = {i: P.count_noise_markers(s[i]) for i in content}

    salutation = find_salutation(units, s, content)
    title_idx = find_title(units, s, content, salutation, markers)
    start = classify_front(units, s, content, salutation, title_idx, markers)
    end = classify_back(units, s, content, start, markers)
    body_ids = [i for i in content if start <= i < end and units[i].kind == "body"]
    classify_mid_noise(units, s, body_ids, markers)
    body_ids = [i for i in body_ids if units[i].kind == "body"]
    for i in body_ids:
        if P.HOST_CUES.search(s[i]):
            _set(units[i], "host")
        elif P.ELLIPSIS_PARA.match(s[i]):
            _set(units[i], "ellipsis")
    body_ids = [i for i in body_ids if units[i].kind == "body"]
    classify_notes(units, s, body_ids)
    body_ids = [i for i in body_ids if not units[i].hints.note]
    classify_second_parts(units, s, body_ids)
    classify_headings(units, s, [i for i in body_ids if units[i].kind == "body"])
    classify_bare_numerals(units, s, body_ids)
    classify_enums(units, s, [i for i in content if start <= i < end])
    classify_unnumbered(units, s, [i for i in content if start <= i < end])
    assign_levels(units, [i for i, u in enumerate(units) if start <= i < end])
    return units


#: furniture labels that real documents also carry (a 纪要's 审核人), alone on their line: noise only
#: next to other junk, else kept and reported as a doubt (issue 13)
DOUBTFUL_FURNITURE = re.compile(r"^(审核|编辑)[：:](?!.*(审核|编辑|来源)[：:])")


def _keep_doubtful_furniture(units, s) -> None:
    real = [i for i, u in enumerate(units) if u.kind != "blank"]
    for n, i in enumerate(real):
        u = units[i]
        if u.hints.furniture != "web" or not DOUBTFUL_FURNITURE.match(s[i]):
            continue
        neighbours = [real[k] for k in (n - 1, n + 1) if 0 <= k < len(real)]
        if any(units[j].kind == "noise" or P.count_noise_markers(s[j]) for j in neighbours):
            continue
        u.hints.pop("furniture", None)
        _set(u, "body", CONF_DOUBTFUL_KEPT, "形似网页附带文字，但前后都是正文，可能是原文内容，已保留")
        u.hints.doubtful_furniture = True


TOC_HEAD = re.compile(r"^目\s*录$")
#: a table-of-contents line: text, then a tab, a dot leader or a wide gap, then a page number
TOC_LINE = re.compile(r"^\S.*?(?:\t+|[.…·．\s]{3,}|\s{2,}|(?<=\S)\s+)\d{1,4}$")


def mark_toc(units) -> None:
    """Mark the table of contents among units classified some other way (a Word file in our
    styles, where it is body text)."""
    _classify_toc(units, [_strip(u.text) for u in units])


def _classify_toc(units, s) -> None:
    """A 目录 line and the lines after it that end in a tab (or a leader) and a page number are a
    table of contents: kept as written, in place, never read as headings (issue 13).  Paragraphs
    in Word's TOC styles ("TOC 1", extra["toc"] from the reader) are entries in any case."""
    for i, u in enumerate(units):
        if u.kind == "body" and u.hints.toc:
            _set(u, "toc", CONF_SURE)
    for i, u in enumerate(units):
        if u.kind != "body" or not TOC_HEAD.match(s[i]):
            continue
        members = []
        for j in range(i + 1, len(units)):
            if units[j].kind == "blank":
                if members:
                    break
                continue
            if units[j].kind != "body" or not TOC_LINE.match(s[j]) or "\t" not in units[j].text and not re.search(
                    r"[.…·．]{3,}", s[j]):
                break
            members.append(j)
        if len(members) >= 2:
            for j in [i] + members:
                _set(units[j], "toc", CONF_SURE)
                units[j].hints.toc = True


__all__ = ["classify", "mark_toc"]
