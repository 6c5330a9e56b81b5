"""The two ends of a speech: the front (noise before the title, title, subtitle, speaker, date,
salutation) and the back (closing formula, closing paragraphs, noise after them), RULES.md §2.1."""

from __future__ import annotations

from typing import List, Optional, Tuple

from docgen.text import patterns as P
from docgen.units import Unit
from docgen.recognise.lines import _is_short_line, is_title_text, parse_enum, parse_marker
from docgen.recognise.verdict import (CONF_BLOCK_NOISE, CONF_BOLD_HEADING, CONF_CLOSING_CUE, CONF_CLOSING_FOLLOWER,
                                      CONF_SURE, CONF_TITLE_NO_SALUTATION, CONF_TITLE_SHAPE, CONF_UNPLACED, _set)

#: a closing paragraph is followed by at most this many paragraphs (before the formula)
CLOSING_MAX_FOLLOWERS = 2


def _hinted(units, content, kind) -> List[int]:
    """Units a .docx style marks as ``kind`` (docgen's own role styles, Word's Title style)."""
    return [i for i in content if units[i].hints.style_kind == kind]


def find_salutation(units, s, content) -> Optional[int]:
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


def find_title(units, s, content, salutation, markers) -> Optional[int]:
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


def classify_front(units, s, content, salutation, title, markers) -> int:
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


def classify_back(units, s, content, start, markers) -> int:
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


__all__ = ["classify_back", "classify_front", "find_salutation", "find_title"]
