"""The recogniser: classify units by the speech structure model (RULES.md §2), then build the
one document model from them.

    classify(units)              sets kind / level / number / lead_end / confidence on each unit
    build_document(units)        classified (and cleaned) units -> Document

Detection follows RULES.md §2.1 in order: blank, noise (NOISE-LINE (a) pre-title block,
(b) post-closing block, (c) mid-body markers), title, subtitle/speaker/date, salutation, host,
ellipsis, numbered headings L1–L4 (standalone or run-in), enumerated run-ins, unnumbered
headings (HEADING-UNNUMBERED), closing formula and closing paragraphs, body.  Where a decision is
a guess the unit's ``confidence`` is below 1 and ``extra["reason"]`` says why; ``--report``
lists those.  Every pattern is matched on the text stripped of surrounding whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from docgen.text import patterns as P
from docgen.model import MAX_DEPTH, UNNUMBERED
from docgen.units import Unit

# confidences of the guesses the recogniser makes (shown in --report)
CONF_SURE = 1.0
CONF_BLOCK_NOISE = 0.9          # a pre-title/post-closing line without a marker of its own
CONF_TITLE_SHAPE = 0.7          # a short line before the salutation, not a "……的讲话" line
CONF_LIST_ITEM = 0.8            # numbered lines ending in "；": a list in the text, not headings
CONF_TITLE_NO_SALUTATION = 0.6  # the first line of a draft with no salutation
CONF_UNNUMBERED_SUFFIX = 0.85   # parallel short lines sharing their ending
CONF_UNNUMBERED_SHAPE = 0.6     # parallel short lines sharing only their first character
CONF_BOLD_HEADING = 0.8         # a short bold paragraph (docx / Markdown)
CONF_FONT_HEADING = 0.7         # a short paragraph set in a heading font (黑体, 楷体) by hand
CONF_STYLE_HEADING = 0.9        # a paragraph in a Word heading style
CONF_LEAD_FAR = 0.6             # the lead sentence ends beyond LEAD_MAX_CHARS
CONF_CLOSING_CUE = 0.8          # a closing paragraph opened by 总之/让我们/希望大家
CONF_CLOSING_FOLLOWER = 0.7     # a paragraph after the closing paragraph
CONF_UNPLACED = 0.5             # a line before the title that is neither noise nor title
#: a closing paragraph is followed by at most this many paragraphs (before the formula)
CLOSING_MAX_FOLLOWERS = 2

UNNUMBERED_FAMILY = UNNUMBERED
MD_FAMILY = "md"
#: depth rank of the numbered marker families (GB/T 9704 7.3.3); "第一部分" sits above 一、
FAMILY_RANK = {"第一部分": -1, "一、": 0, "（一）": 1, "1.": 2, "（1）": 3}
#: a standalone heading may keep these at its end (HEADING-TRAILING-PUNCT allows ？！ and closers)
_TRAILING_DROP = set(P.HEADING_TRAILING)

CONTENT_SKIP = ("blank", "noise", "table")
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


# -- small parsers (shared with build_document) --------------------------------------------------

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


# -- classification ------------------------------------------------------------------------------

def _set(u: Unit, kind: str, confidence: float = CONF_SURE, reason: str = "", **kw) -> None:
    u.kind = kind
    u.confidence = confidence
    if reason:
        u.hints.reason = reason
    else:
        u.hints.pop("reason", None)
    for k, v in kw.items():
        setattr(u, k, v)


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

    salutation = _find_salutation(units, s, content)
    title_idx = _find_title(units, s, content, salutation, markers)
    start = _classify_front(units, s, content, salutation, title_idx, markers)
    end = _classify_back(units, s, content, start, markers)
    body_ids = [i for i in content if start <= i < end and units[i].kind == "body"]
    _classify_mid_noise(units, s, body_ids, markers)
    body_ids = [i for i in body_ids if units[i].kind == "body"]
    for i in body_ids:
        if P.HOST_CUES.search(s[i]):
            _set(units[i], "host")
        elif P.ELLIPSIS_PARA.match(s[i]):
            _set(units[i], "ellipsis")
    body_ids = [i for i in body_ids if units[i].kind == "body"]
    _classify_notes(units, s, body_ids)
    body_ids = [i for i in body_ids if not units[i].hints.note]
    _classify_second_parts(units, s, body_ids)
    _classify_headings(units, s, [i for i in body_ids if units[i].kind == "body"])
    _classify_bare_numerals(units, s, body_ids)
    _classify_enums(units, s, [i for i in content if start <= i < end])
    _classify_unnumbered(units, s, [i for i in content if start <= i < end])
    _assign_levels(units, [i for i, u in enumerate(units) if start <= i < end])
    return units


#: furniture labels that real documents also carry (a 纪要's 审核人), alone on their line: noise only
#: next to other junk, else kept and reported as a doubt (issue 13)
DOUBTFUL_FURNITURE = re.compile(r"^(审核|编辑)[：:](?!.*(审核|编辑|来源)[：:])")
CONF_DOUBTFUL_KEPT = 0.5


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


def _hinted(units, content, kind) -> List[int]:
    """Units a .docx style marks as ``kind`` (docgen's own role styles, Word's Title style)."""
    return [i for i in content if units[i].hints.style_kind == kind]


def _find_salutation(units, s, content) -> Optional[int]:
    hinted = _hinted(units, content, "salutation")
    if hinted:
        return hinted[0]
    # the first Markdown heading may be the title ("# 在……上的讲话", after web junk); any later one is
    # a section heading
    first_md = next((i for i in content if units[i].hints.has("md_heading")), None)
    for i in content:
        if P.SALUTATION.match(s[i]) or (P.SALUTATION_LOOSE.match(s[i]) and len(s[i]) <= 20):
            return i
        if parse_marker(s[i]) or (units[i].hints.has("md_heading") and i != first_md):
            return None                 # a salutation comes before any heading
    return None


def _find_title(units, s, content, salutation, markers) -> Optional[int]:
    """The title index; also marks a title broken over two lines and double titles."""
    hinted = _hinted(units, content, "title")
    if hinted:
        for i in hinted:
            _set(units[i], "title")
        for i in _hinted(units, content, "subtitle"):
            _set(units[i], "subtitle")
        return hinted[0]
    if salutation is not None:
        before = [i for i in content if i < salutation]
        title = next((i for i in reversed(before) if is_title_text(s[i]) and not markers[i]), None)
        if title is not None:
            _set(units[title], "title")
        else:
            for i in reversed(before):
                if _front_matter(s[i]) or units[i].kind != "body":
                    continue
                if markers[i] or not _is_short_line(s[i], P.STANDALONE_MAX_CHARS) or parse_marker(s[i]):
                    break
                title = i
                _set(units[i], "title", CONF_TITLE_SHAPE, "称呼前的短行，按标题处理")
                break
    else:
        title = _title_without_salutation(units, s, content, markers)
    if title is None:
        return None
    # double title: "——在……上的讲话" under a main title
    if P.SUBTITLE.match(s[title]):
        prev = [i for i in content if i < title]
        if prev and not markers[prev[-1]] and _is_short_line(s[prev[-1]], P.STANDALONE_MAX_CHARS):
            _set(units[title], "subtitle")
            title = prev[-1]
            _set(units[title], "title", units[title].confidence)
            # a main title set on two lines ("坚持以人民为中心" / "奋力推进……"): both are the title
            if (len(prev) >= 2 and prev[-2] == title - 1 and units[prev[-2]].kind == "body"
                    and not markers[prev[-2]] and _is_short_line(s[prev[-2]], P.STANDALONE_MAX_CHARS)
                    and not _front_matter(s[prev[-2]])
                    and len(s[prev[-2]]) + len(s[title]) <= P.STANDALONE_MAX_CHARS):
                _set(units[prev[-2]], "title", CONF_TITLE_SHAPE, "主标题分两行书写，已合并")
                units[title].hints.title_phrase = True
                return prev[-2]
    # a title broken over two lines: "在全县……会议" + "上的讲话"
    if title - 1 in content and units[title - 1].kind == "body" and not markers[title - 1]:
        joined = s[title - 1] + s[title]
        if (P.TITLE_AT.match(joined) and not P.TITLE_AT.match(s[title]) and not P.TITLE_AT.match(s[title - 1])
                and len(joined) <= P.STANDALONE_MAX_CHARS):
            _set(units[title - 1], "title", CONF_SURE, "标题分两行书写，已合并")
            return title - 1
    return title


def _title_without_salutation(units, s, content, markers) -> Optional[int]:
    # skip a leading block of noise (lines with markers up to the first blank line); in a block that
    # also holds speech text (title, heading, prose) only its marked lines are skipped
    first_block = _leading_block(units, content)
    marked, junk_block = _front_junk(s, first_block, markers)
    if junk_block and len(first_block) < len(content):
        candidates = [i for i in content if i > first_block[-1]]
    else:
        candidates = [i for i in content if i not in marked]
    if not candidates:
        return None
    i = candidates[0]
    if is_title_text(s[i]) and not markers[i]:
        _set(units[i], "title")
        return i
    md = units[i].hints.md_heading
    if md and not markers[i] and not parse_marker(s[i]) and not any(
            units[j].hints.get("md_heading", 0) and units[j].hints.md_heading <= md for j in candidates[1:]):
        _set(units[i], "title", CONF_BOLD_HEADING, "文首唯一的一级 Markdown 标题，按标题处理")
        return i
    nxt = candidates[1] if len(candidates) > 1 else None
    toc_next = next((units[j].kind == "toc" for j in range(i + 1, len(units)) if units[j].kind != "blank"), False)
    if toc_next and _is_short_line(s[i], P.STANDALONE_MAX_CHARS) and not markers[i] and not parse_marker(s[i]):
        _set(units[i], "title", CONF_TITLE_NO_SALUTATION, "目录前的短行，按标题处理")
        return i
    if (_is_short_line(s[i]) and not markers[i] and not parse_marker(s[i]) and not parse_enum(s[i])
            and nxt is not None and len(s[nxt]) > P.UNNUMBERED_MAX_CHARS and not _is_short_line(s[nxt])):
        _set(units[i], "title", CONF_TITLE_NO_SALUTATION, "无称呼，首行为短行，按标题处理")
        return i
    return None


def _leading_block(units, content) -> List[int]:
    """Content indices of the first blank-separated block."""
    block = []
    for i in content:
        if block and any(units[j].kind == "blank" for j in range(block[-1] + 1, i)):
            break
        block.append(i)
    return block


def _speech_text(s: str) -> bool:
    """A line that is plainly part of the speech: a title, a numbered heading or enumerator, a
    salutation, a closing formula, a finished sentence, or a line too long for an ad."""
    return bool(len(s) > P.NOISE_MAX_CHARS or is_title_text(s) or parse_marker(s) or parse_enum(s)
                or P.SALUTATION.match(s) or P.CLOSING_FORMULA.match(s) or P.FINISHED_SENTENCE.search(s))


def _strong_noise(s: str, n_markers: int) -> bool:
    """A marked line that is an ad by itself: one marker in a finished sentence ("要提高会员单位的服务
    水平。") or in a heading or title ("二、加强会员管理") is speech text, not an ad."""
    return len(s) <= P.NOISE_MAX_CHARS and bool(
        n_markers >= 2 or P.NOISE_CONTACT.search(s) or (
            n_markers and s[-1:] not in P.SENTENCE_FINAL and not parse_marker(s) and not is_title_text(s)))


def _front_junk(s, block, markers) -> Tuple[List[int], bool]:
    """NOISE-LINE (a) for the lines ``block`` at the head of the draft: (the ad lines, whether the
    whole block is ad-shaped).  A block is ad-shaped when one of its lines carries a marker and no
    other line is speech text (seed 003 L1–L9: brand lines without markers go with the block).
    Otherwise only the ad lines before the first line of speech text are noise; marked lines
    further down are left to the mid-body and closing tests."""
    if not any(markers[i] for i in block):
        return [], False
    ads = [i for i in block if markers[i] and _strong_noise(s[i], markers[i])]
    speech = next((i for i in block if i not in ads and _speech_text(s[i])), None)
    if speech is None:
        return ads, True
    return [i for i in ads if i < speech], False


def _front_matter(s: str) -> bool:
    return bool(P.SUBTITLE.match(s) or P.DATE_LINE.match(s) or P.SPEAKER.match(s) or P.DATE_PLAIN.match(s)
                or P.BRACKET_NOTE.match(s) or P.SPEAKER_LABELLED.match(s) or P.DATE_LABELLED.match(s))


def _classify_front(units, s, content, salutation, title, markers) -> int:
    """Noise block, title block and salutation; return the index where the body starts."""
    anchor = title if title is not None else salutation
    if anchor is None:
        # no title or salutation, so no "pre-title" block: only the lines that are ads by themselves
        marked, _ = _front_junk(s, _leading_block(units, content), markers)
        for i in marked:
            _noise(units[i], markers[i], "正文前的广告/声明行")
        return content[0]
    first_title = min(i for i in content if units[i].kind == "title") if title is not None else anchor
    block = [i for i in content if i < first_title]
    marked, junk_block = _front_junk(s, block, markers)
    if junk_block:
        for i in block:
            _noise(units[i], markers[i], "标题前的广告/声明块")
    else:
        for i in marked:
            _noise(units[i], markers[i], "标题前的广告/声明行")
        pre = [i for i in block if units[i].kind == "body"]
        if pre and title is not None:
            # lines above the title that are not junk (an article's headline, an editor's note):
            # order is sacred (issue 13), so the first of them heads the document and the title
            # follows in its place, as a subtitle line; nothing is moved
            _set(units[pre[0]], "title", CONF_UNPLACED, "标题前还有文字：按原顺序以首行作标题，原标题作副标题排在其后")
            for i in pre[1:]:
                _set(units[i], "subtitle", CONF_UNPLACED, "标题前的行，按原位置保留")
                units[i].hints.kept_in_place = True
            for i in content:
                if i > pre[0] and units[i].kind == "title":
                    _set(units[i], "subtitle", CONF_UNPLACED, "原稿的讲话标题，按原位置排在文首行之后")
        for i in pre if title is None else ():
            if _front_matter(s[i]):
                _set(units[i], "subtitle" if P.SUBTITLE.match(s[i]) else
                     "date" if P.DATE_LINE.match(s[i]) or P.DATE_PLAIN.match(s[i]) else "speaker",
                     CONF_UNPLACED, "标题前的行，移到标题下")
            else:
                _set(units[i], "subtitle", CONF_UNPLACED, "标题前的行，既非广告也非标题，移到标题下")
    if title is not None:
        end = salutation if salutation is not None else None
        for i in content:
            if i <= title or units[i].kind != "body":
                continue
            if end is None and (not _front_matter(s[i]) or units[i].hints.has("md_heading")
                                or (P.SPEAKER.match(s[i]) and not any(c.isspace() for c in s[i]))):
                break       # without a salutation a bare 2-4 character line is more likely a heading
            if end is not None and i >= end:
                break
            if markers[i]:
                _noise(units[i], markers[i], "标题与称呼之间的广告/声明行")
            elif P.SUBTITLE.match(s[i]) or (P.BRACKET_NOTE.match(s[i]) and not P.DATE_LINE.match(s[i])):
                _set(units[i], "subtitle")
            elif P.DATE_LINE.match(s[i]) or P.DATE_PLAIN.match(s[i]) or P.DATE_LABELLED.match(s[i]):
                _set(units[i], "date")
            elif P.SPEAKER.match(s[i]) or P.SPEAKER_LABELLED.match(s[i]):
                _set(units[i], "speaker")
            elif _is_short_line(s[i], P.STANDALONE_MAX_CHARS):
                _set(units[i], "subtitle", CONF_TITLE_SHAPE, "标题与称呼之间的短行，按副标题处理")
    if salutation is not None:
        _set(units[salutation], "salutation")
        return salutation + 1
    front = [i for i in content if units[i].kind in ("title", "subtitle", "speaker", "date", "noise")]
    return front[-1] + 1 if front else content[0]


def _noise(u: Unit, n_markers: int, reason: str) -> None:
    if n_markers:
        _set(u, "noise", CONF_SURE, reason)
    else:
        _set(u, "noise", CONF_BLOCK_NOISE, reason + "（本行无广告标记，按所在块判断）")


def _classify_back(units, s, content, start, markers) -> int:
    """Closing formula, closing paragraphs, sign-off and the post-closing noise block.
    Return the index where the closing part begins (the end of the body)."""
    body = [i for i in content if i >= start and units[i].kind == "body"]
    if not body:
        return start
    hinted = [i for i in body if units[i].hints.style_kind in ("closing", "signature")]
    if hinted:
        for i in hinted:
            kind = units[i].hints.style_kind
            if kind == "closing" and P.CLOSING_FORMULA.match(s[i]):
                kind = "closing-formula"
            elif kind == "signature" and (P.DATE_PLAIN.match(s[i]) or P.DATE_LINE.match(s[i])):
                kind = "date"
            _set(units[i], kind)
        return min(hinted)
    tail_kinds = ("closing", "closing-formula", "signature", "date", "noise")
    # (1) the closing formula: the last formula-shaped paragraph followed only by short lines
    formula = None
    for i in reversed(body):
        if P.CLOSING_FORMULA.match(s[i]):
            after = [j for j in body if j > i]
            if all(len(s[j]) <= P.NOISE_MAX_CHARS and not parse_marker(s[j]) for j in after):
                formula = i
            break
        if len(s[i]) > P.NOISE_MAX_CHARS or parse_marker(s[i]):
            break
    # (2) the closing paragraph: the last 同志们，… (or 总之/让我们…) near the end
    limit = formula if formula is not None else body[-1] + 1
    closing = None
    # web furniture after the speech ("责任编辑：", "上一篇：") does not push the closing out of reach
    candidates = [j for j in body if j < limit and not (markers[j] and _strong_noise(s[j], markers[j]))]
    for n, i in enumerate(reversed(candidates)):
        if n > CLOSING_MAX_FOLLOWERS:
            break                 # "同志们，…" deep inside the last section is body text
        if P.CLOSING_CUES.match(s[i]) or (n == 0 and P.CLOSING_THANKS_END.search(s[i])):
            closing = i
            break
        if parse_marker(s[i]) or parse_enum(s[i]):
            break
    tail_anchor = formula if formula is not None else closing
    if tail_anchor is None:
        return _trailing_noise(units, s, body, markers)
    # the post-closing block
    post = [j for j in body if j > (formula if formula is not None else closing)]
    if any(markers[j] for j in post):
        # a sign-off (org name, date) before the first marked line is kept; the rest is noise
        first_marked = min(j for j in post if markers[j])
        for j in post:
            if j >= first_marked or not (P.DATE_PLAIN.match(s[j]) or _is_short_line(s[j], 20)):
                _noise(units[j], markers[j], "结束语之后的广告/声明块")
        post = [j for j in post if units[j].kind == "body"]
    for j in post:
        if P.DATE_PLAIN.match(s[j]) or P.DATE_LINE.match(s[j]):
            _set(units[j], "date")
        elif P.CLOSING_FORMULA.match(s[j]):
            _set(units[j], "closing-formula")
        elif _is_short_line(s[j], 20):
            _set(units[j], "signature", CONF_TITLE_SHAPE, "结束语之后的短行，按署名处理")
        elif formula is None and closing is not None:
            _set(units[j], "closing", CONF_CLOSING_FOLLOWER, "结束段之后的段落，并入结束语")
        else:
            _set(units[j], "signature", CONF_UNPLACED, "结束语之后的行，按署名处理")
    if formula is not None:
        _set(units[formula], "closing-formula")
    if closing is not None:
        conf = CONF_SURE if s[closing].startswith("同志们") else CONF_CLOSING_CUE
        _set(units[closing], "closing", conf, "" if conf == CONF_SURE else "以总结语开头的末段，按结束语处理")
        between = [j for j in body if closing < j < limit and units[j].kind == "body"]
        for j in between:
            _set(units[j], "closing", CONF_CLOSING_FOLLOWER, "结束段之后的段落，并入结束语")
    first = min(j for j in body if units[j].kind in tail_kinds)
    return first


def _trailing_noise(units, s, body, markers) -> int:
    """No closing: a trailing run of short lines that all carry a marker is noise (NOISE-LINE b)."""
    run = []
    for i in reversed(body):
        if P.CONTACT_PERSON.match(s[i]):
            break                  # the document's contact line ends the search: what is above it is real
        # one marker in a finished sentence ("要提高会员单位的服务水平。") is prose, not an ad
        strong = markers[i] >= 2 or P.NOISE_CONTACT.search(s[i]) or (markers[i] and s[i][-1:] not in P.SENTENCE_FINAL)
        if len(s[i]) <= P.NOISE_MAX_CHARS and strong:
            run.append(i)
        else:
            break
    if len(run) == len(body):
        return body[-1] + 1
    for i in run:
        _noise(units[i], markers[i], "文末的广告/声明行")
    return min(run) if run else body[-1] + 1


SPEECH_SENTENCE_ENDS = "。！？!?"
SOURCE_CREDIT = re.compile(r"^(资料|数据|图片|图表)?来源[：:]")
NOTE_OPENERS = "（(【["


def _classify_mid_noise(units, s, ids, markers) -> None:
    """NOISE-LINE (c): a short body line with two markers, or one and a contact.  A finished
    sentence is deleted only when it reads as boilerplate (three markers and no word of a speech):
    deleting a real sentence loses the user's text, keeping a junk line costs a finding."""
    for i in ids:
        if len(s[i]) > P.NOISE_MAX_CHARS or not (
                markers[i] >= 2 or (markers[i] >= 1 and P.NOISE_CONTACT.search(s[i]))):
            continue
        # a sentence of the speech ends in 。！？; a note in brackets ("（本文仅供学习参考，请勿照搬）")
        # is not one, whatever it ends with
        sentence = s[i][-1:] in SPEECH_SENTENCE_ENDS and s[i][:1] not in NOTE_OPENERS
        if sentence and (P.SPEECH_CUES.search(s[i]) or markers[i] < P.MID_NOISE_SENTENCE_MARKERS):
            continue
        if SOURCE_CREDIT.match(s[i]) and not P.count_noise_markers(
                re.sub(r"https?://\S+|www\.\S+", "", s[i][SOURCE_CREDIT.match(s[i]).end():])):
            # "来源：https://…" under a figure of an 附件 is a picture credit: real text (issue 13)
            _set(units[i], "body", CONF_DOUBTFUL_KEPT, "正文中的“来源”行，可能是图表出处，已保留")
            continue
        _set(units[i], "noise", CONF_SURE, "正文中的广告/声明行")


#: how a list item (not a heading) ends: "1.按时参加学习；"
LIST_ITEM_ENDS = "；;"


def _classify_headings(units, s, ids) -> None:
    for i in ids:
        u = units[i]
        md = u.hints.md_heading
        style_level = u.hints.style_level
        m = parse_marker(s[i])
        if m is not None:
            u.hints.family = m.family
            if md or style_level or is_standalone(s[i], m.end):
                _set(u, "heading", number=m.number)
                continue
            lead = find_lead(s[i], m.end)
            if lead is None or lead.end >= len(s[i].rstrip()):
                if len(s[i]) <= P.STANDALONE_MAX_CHARS * 2:
                    _set(u, "heading", 0.7, "带编号但含句号的长行，按标题处理", number=m.number)
                else:
                    u.hints.pop("family", None)
                    _set(u, "body", 0.5, "以编号开头但找不到标题句的段落，按正文处理")
                continue
            conf = lead.confidence
            reason = "" if conf == CONF_SURE else "标题句超过 80 字才结束"
            if m.family in ("一、", "第一部分"):
                conf = min(conf, 0.8)
                reason = reason or "一级标题后接正文（HEADING-L1-RUNIN），按段内标题处理"
            _set(u, "runin", conf, reason, number=m.number, lead_end=_offset(u.text, lead.end))
        elif md:
            u.hints.family = MD_FAMILY
            _set(u, "heading")
        elif style_level:
            u.hints.family = MD_FAMILY
            u.hints.md_heading = style_level
            if u.hints.style_source == "docgen":
                _set(u, "heading")            # our own heading style: no guess involved
            else:
                _set(u, "heading", CONF_STYLE_HEADING, "Word 标题样式的段落")
        elif u.hints.bold and _is_short_line(s[i], P.STANDALONE_MAX_CHARS):
            u.hints.family = UNNUMBERED_FAMILY
            u.hints.bold_heading = True
            _set(u, "heading", CONF_BOLD_HEADING, "整段加粗的短行，按标题处理")
        elif u.hints.font_level and _is_short_line(s[i], P.STANDALONE_MAX_CHARS):
            # a Word file formatted by hand: the heading shows only in its font (黑体 / 楷体)
            u.hints.family = UNNUMBERED_FAMILY
            u.hints.unnumbered_level = u.hints.font_level
            _set(u, "heading", CONF_FONT_HEADING,
                 f"整段为{'黑体' if u.hints.font_level == 1 else '楷体'}的短行，按第 {u.hints.font_level} 级标题处理")
    _demote_numbered_lists(units, s, ids)


NOTES_HEAD = re.compile(r"^(注释|注|附注|注解|说明)[：:]?$")
NOTE_LINE = re.compile(r"^(?:[（(]\d{1,3}[）)]|\[\d{1,3}\]|[①-⑳])")


def _classify_notes(units, s, ids) -> None:
    """The notes after a "注释" line ("（1）定息是……。") are notes: body text as written, never
    headings whose full stop would be taken (issue 13)."""
    for n, i in enumerate(ids):
        if not NOTES_HEAD.match(s[i]):
            continue
        for j in ids[n + 1:]:
            if not NOTE_LINE.match(s[j]):
                break
            units[j].hints.note = True
            _set(units[j], "body")


#: a part of a speech (or a second speech) opens with its own short title, perhaps a date or a
#: note in brackets, then its own salutation: "结论" / "（一九五五年三月三十一日）" / "同志们："
SECOND_PART_GAP = 2


def _classify_second_parts(units, s, ids) -> None:
    """The title of a second part inside one file (an opening address, then the closing speech;
    开幕词 then 结论) is a heading where it stands; its date and salutation stay where they stand
    (order is sacred, issue 13)."""
    for n, i in enumerate(ids):
        if units[i].kind != "body" or not (P.SALUTATION.match(s[i]) or P.SALUTATION_LOOSE.match(s[i])):
            continue
        k = n - 1
        while k >= 0 and n - k <= SECOND_PART_GAP and units[ids[k]].kind == "body" and (
                P.DATE_LINE.match(s[ids[k]]) or P.DATE_PLAIN.match(s[ids[k]]) or P.BRACKET_NOTE.match(s[ids[k]])
                or (P.SPEAKER.match(s[ids[k]]) and any(c.isspace() for c in s[ids[k]]))
                or P.SPEAKER_LABELLED.match(s[ids[k]])):
            k -= 1
        if k < 0:
            continue
        t = ids[k]
        if (units[t].kind != "body" or parse_marker(s[t]) or parse_enum(s[t])
                or not _is_short_line(s[t], P.STANDALONE_MAX_CHARS)):
            continue
        units[t].hints.family = UNNUMBERED_FAMILY
        units[t].hints.unnumbered_level = 1
        _set(units[t], "heading", CONF_TITLE_SHAPE, "其后有自己的日期和称呼：另一篇讲话（或另一部分）的标题，按原位置保留")


BARE_NUMERAL = re.compile(r"^[一二三四五六七八九十]{1,3}$")


def _classify_bare_numerals(units, s, ids) -> None:
    """A Chinese numeral alone on a line, followed by text ("一" / "要持续加强……"), in a run of
    two or more counting up from 一: the numbered sections of a published speech.  Each is a
    heading that is only its number, kept as written (issue 13)."""
    from docgen.text.numerals import parse_chinese_number

    cands = []
    for n, i in enumerate(ids):
        if units[i].kind != "body" or not BARE_NUMERAL.match(s[i]):
            continue
        nxt = ids[n + 1] if n + 1 < len(ids) else None
        if nxt is None or units[nxt].kind not in ("body", "enum"):
            continue
        cands.append((i, parse_chinese_number(s[i])))
    values = [v for _, v in cands]
    if len(cands) < 2 or values[0] != 1 or any(b != a + 1 for a, b in zip(values, values[1:])):
        return
    # under numbered "一、" headings the bare numerals count their parts, one level down
    has_l1 = any(units[i].kind in ("heading", "runin") and units[i].hints.family == "一、" for i in ids)
    for i, _ in cands:
        units[i].hints.family = "（一）" if has_l1 else "一、"
        units[i].hints.bare_numeral = True
        _set(units[i], "heading", CONF_TITLE_SHAPE, "单独成行的序数，按只有序号的标题处理", number=s[i])


def _demote_numbered_lists(units, s, ids) -> None:
    """"1.按时参加学习，不得无故缺席；2.……；3.……。" one item a line is a numbered list inside the
    text, not three headings: a run of numbered lines of one family, one after another with no
    text between, whose items end in a semicolon, stays body text with its numbers as written."""
    run: List[int] = []

    def flush() -> None:
        # ... and so does a run whose every item is a finished sentence ("（一）全市性会议不超过90
        # 分钟。" "（二）……。"; "二、同意……。" "三、同意……。"): numbered rules or decisions, not
        # headings, whose full stops must stay (issue 13)
        if len(run) >= 2 and (any(s[i][-1:] in LIST_ITEM_ENDS for i in run[:-1])
                              or all(s[i][-1:] == "。" for i in run)):
            for i in run:
                units[i].hints.pop("family", None)
                _set(units[i], "body", CONF_LIST_ITEM, "带编号、以分号或句号结尾的并列项，按正文中的列举处理")
        run.clear()

    previous = None                      # the unit just before, in ``ids`` order
    for i in ids:
        u = units[i]
        plain = u.kind == "heading" and not u.hints.md_heading and not u.hints.style_level
        if plain and run and run[-1] == previous and units[previous].hints.family == u.hints.family:
            run.append(i)
        else:
            flush()
            if plain and u.hints.family not in (None, UNNUMBERED_FAMILY, MD_FAMILY):
                run.append(i)
        previous = i
    flush()


def _offset(text: str, stripped_offset: int) -> int:
    """Offset in ``text`` of an offset in the stripped text."""
    return len(text) - len(text.lstrip(EDGE_CHARS)) + stripped_offset


def _classify_enums(units, s, ids) -> None:
    """Paragraph-initial 一是/一要/第一，/首先， leads, accepted when a sibling of the same family
    exists under the same parent (a lone "一是" opening an inline list stays body)."""
    parent = None
    groups: Dict[Tuple[Optional[int], str], List[int]] = {}
    for i in ids:
        u = units[i]
        if u.kind in ("heading", "runin"):
            parent = i
            continue
        if u.kind != "body":
            continue
        e = parse_enum(s[i])
        if e is None:
            continue
        groups.setdefault((parent, e[0]), []).append(i)
    for (_, family), members in groups.items():
        numbers = {parse_enum(s[i])[1] for i in members}
        if len(members) < 2 or len(numbers) < 2:
            for i in members:
                if _enumerates_inline(s[i], family):
                    continue            # "一是……。二是……。" in one paragraph: surely prose, nothing to ask
                units[i].hints.reason = "段首有“一是”类序语，但其他段落没有同级的“二是”，按正文（段内列举）处理"
                units[i].confidence = 0.7
            continue
        for i in members:
            family_, number, marker_end = parse_enum(s[i])
            lead = find_lead(s[i], marker_end)
            u = units[i]
            u.hints.family = family_
            if lead is None:
                if len(s[i]) <= P.LEAD_MAX_CHARS:
                    _set(u, "enum", CONF_SURE, number=number, lead_end=_offset(u.text, len(s[i])))
                else:
                    _set(u, "body", 0.6, "序语段落中找不到句号，按正文处理")
                continue
            _set(u, "enum", lead.confidence, "" if lead.confidence == CONF_SURE else "段首句超过 80 字才结束",
                 number=number, lead_end=_offset(u.text, lead.end))


#: the inner marks that split a two-phrase heading, and how far parallel headings' lengths may differ
PHRASE_MARKS = "，、：\u3000"          # and the full-width gap of "提高站位　增强……" (issue 13)
PARALLEL_LENGTH_SLACK = 2


def _classify_unnumbered(units, s, ids) -> None:
    """HEADING-UNNUMBERED: ≥ 2 short parallel lines, each followed by body text, none adjacent."""
    kinds_followed = ("body", "enum", "host", "runin")
    cands = []
    for n, i in enumerate(ids):
        if units[i].kind != "body" or units[i].hints.has("family"):
            continue
        if not (P.UNNUMBERED_MIN_CHARS <= len(s[i]) <= P.UNNUMBERED_MAX_CHARS) or not _is_short_line(s[i]):
            continue
        nxt = ids[n + 1] if n + 1 < len(ids) else None
        if nxt is None or units[nxt].kind not in kinds_followed or (
                units[nxt].kind == "body" and _is_short_line(s[nxt]) and len(s[nxt]) <= P.UNNUMBERED_MAX_CHARS):
            continue
        cands.append(i)
    if len(cands) < 2:
        return
    chosen: Dict[int, float] = {}
    by_suffix: Dict[str, List[int]] = {}
    for i in cands:
        by_suffix.setdefault(s[i][-2:], []).append(i)
    for members in by_suffix.values():
        if len(members) >= 2:
            for i in members:
                chosen[i] = CONF_UNNUMBERED_SUFFIX
    rest = [i for i in cands if i not in chosen]
    by_first: Dict[str, List[int]] = {}
    for i in rest:
        by_first.setdefault(s[i][0], []).append(i)
    for members in by_first.values():
        lengths = [len(s[i]) for i in members]
        if len(members) >= 2 and max(lengths) - min(lengths) <= 6:
            for i in members:
                chosen[i] = CONF_UNNUMBERED_SHAPE
    # two-phrase lines built alike ("认清形势，增强紧迫感" / "聚焦重点，打好攻坚战"): the same inner
    # punctuation at the same places, lengths within a few characters
    by_shape: Dict[Tuple[int, ...], List[int]] = {}
    for i in cands:
        if i in chosen:
            continue
        shape = tuple(k for k, ch in enumerate(s[i]) if ch in PHRASE_MARKS)
        if shape:
            by_shape.setdefault(shape, []).append(i)
    for members in by_shape.values():
        lengths = [len(s[i]) for i in members]
        if len(members) >= 2 and max(lengths) - min(lengths) <= PARALLEL_LENGTH_SLACK:
            for i in members:
                chosen[i] = CONF_UNNUMBERED_SHAPE
    has_numbered_l1 = any(units[i].kind in ("heading", "runin") and units[i].hints.family in ("一、", "第一部分")
                          for i in ids)
    for i, conf in chosen.items():
        units[i].hints.family = UNNUMBERED_FAMILY
        units[i].hints.unnumbered_level = 2 if has_numbered_l1 else 1
        _set(units[i], "heading", conf, "无编号的并列短行（HEADING-UNNUMBERED），按标题处理")


def _assign_levels(units, ids) -> None:
    """Depth of each heading from the marker families actually used (一、>（一）>1.>（1）, with
    levels skipped downward allowed, e.g. 一、>1.); enum leads sit one level below their heading."""
    stack: List[Tuple[str, float]] = []          # (family, rank) of the open headings
    md_levels = sorted({units[i].hints.md_heading for i in ids
                        if units[i].kind == "heading" and units[i].hints.family == MD_FAMILY})
    md_rank = {lvl: n for n, lvl in enumerate(md_levels)}
    for i in ids:
        u = units[i]
        if u.kind in ("heading", "runin"):
            fam = u.hints.get("family", UNNUMBERED_FAMILY)
            if fam == UNNUMBERED_FAMILY:
                level = u.hints.get("unnumbered_level", 1)
                if u.hints.bold_heading:
                    level = len(stack) if stack and stack[-1][0] == UNNUMBERED_FAMILY else len(stack) + 1
                level = max(1, min(level, len(stack) + 1))
                del stack[level - 1:]
                stack.append((fam, level - 1.5))
            elif fam == MD_FAMILY:
                level = md_rank[u.hints.md_heading] + 1
                level = max(1, min(level, len(stack) + 1))
                del stack[level - 1:]
                stack.append((fam, level - 1.5))
            else:
                rank = FAMILY_RANK[fam]
                while stack and stack[-1][1] >= rank:
                    stack.pop()
                stack.append((fam, rank))
            u.level = min(len(stack), MAX_DEPTH)
        elif u.kind == "enum":
            u.level = min(len(stack) + 1, MAX_DEPTH)


__all__ = ["classify", "mark_toc", "parse_marker", "parse_enum", "find_lead", "is_standalone",
           "is_title_text", "FAMILY_RANK"]
