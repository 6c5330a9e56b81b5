"""The body of a speech between its front and back: noise lines in the body, notes, numbered
headings L1–L4 (standalone or run-in), enumerated run-ins, unnumbered headings, and the depth of
every heading (RULES.md §2.1–2.2)."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from docgen.text import patterns as P
from docgen.model import MAX_DEPTH
from docgen.recognise.lines import (EDGE_CHARS, FAMILY_RANK, MD_FAMILY, UNNUMBERED_FAMILY, _enumerates_inline,
                                    _is_short_line, find_lead, is_standalone, parse_enum, parse_marker)
from docgen.recognise.verdict import (CONF_BOLD_HEADING, CONF_DOUBTFUL_KEPT, CONF_FONT_HEADING, CONF_LIST_ITEM,
                                      CONF_STYLE_HEADING, CONF_SURE, CONF_TITLE_SHAPE, CONF_UNNUMBERED_SHAPE,
                                      CONF_UNNUMBERED_SUFFIX, _set)

SPEECH_SENTENCE_ENDS = "。！？!?"
SOURCE_CREDIT = re.compile(r"^(资料|数据|图片|图表)?来源[：:]")
NOTE_OPENERS = "（(【["


def classify_mid_noise(units, s, ids, markers) -> None:
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


def classify_headings(units, s, ids) -> None:
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


def classify_notes(units, s, ids) -> None:
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


def classify_second_parts(units, s, ids) -> None:
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


def classify_bare_numerals(units, s, ids) -> None:
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


def classify_enums(units, s, ids) -> None:
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


def classify_unnumbered(units, s, ids) -> None:
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


def assign_levels(units, ids) -> None:
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


__all__ = ["assign_levels", "classify_bare_numerals", "classify_enums", "classify_headings", "classify_mid_noise",
           "classify_notes", "classify_second_parts", "classify_unnumbered"]
