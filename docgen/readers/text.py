"""Pasted text (.txt, .md, stdin) -> units, one per paragraph.

Stages: bytes -> str (docgen.readers.decode), newline normalisation, Markdown-ish marks read as
structure (``# 标题``, ``**粗体**`` leads, ``- `` items, ``> `` quotes), hard-wrapped lines joined
back.  A unit keeps the 1-based number of its first source line (RULES.md §0: a line is split on
``\\n``; a final newline adds no line).  Nothing is classified here except blank lines; removed
marks are recorded in ``unit.hints.removed`` so that the report accounts for every character.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Dict, List, Optional, Sequence

from docgen.text import patterns as P
from docgen.readers.decode import PathLike, decode, read_bytes
from docgen.units import Hints, Unit

#: hard-wrap detection: line widths (display columns) within this many columns count as "full"
WRAP_SLACK = 4
#: lines shorter than this (columns) never decide the wrap width
WRAP_MIN_WIDTH = 20
#: at least this share of the long lines must sit at the wrap width
WRAP_SHARE = 0.4
#: at most this share of lines may be longer than the wrap width
WRAP_OVER_SHARE = 0.05
WRAP_MIN_LINES = 3
#: at least this many lines wide enough to decide the width (3 lines of a short draft happen to
#: share a width by chance)
WRAP_MIN_LONG = 4
#: of the full lines, at least this many (and this share) must end inside a sentence
WRAP_MIN_BROKEN = 2
WRAP_BROKEN_SHARE = 0.3
#: indentation marks paragraphs when at least this share of the text lines (and this many) start
#: indented: an unindented line after an indented one then continues its paragraph (a paste that
#: broke a few long lines, at no common width)
INDENT_SHARE = 0.6
INDENT_MIN_LINES = 4
#: in that mode, a line after a finished sentence continues the paragraph only when it is at least
#: this wide (columns) and finishes a sentence itself: a short unindented line after the last
#: paragraph is a signature or a date, not a wrap
INDENT_JOIN_MIN_WIDTH = 40
MD_RULE_ID = "MARKDOWN-MARK"
DECORATION_RULE_ID = "DECORATION-MARK"
#: emoji and ornaments a WeChat article puts before its headings ("🔸一、", "▶（一）")
DECORATION = re.compile("^(?P<indent>[ \t\u3000]*)(?P<mark>(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\u25A0-\u25FF"
                        "\u2190-\u21FF\u2B00-\u2BFF\uFE0F※]){1,3}[ \u3000]*)")

_NEWLINES = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n",
             "\x85": "\n"}


# -- str -> lines -------------------------------------------------------------------------------

def normalise_newlines(text: str) -> str:
    for old, new in _NEWLINES.items():
        text = text.replace(old, new)
    return text


def split_lines(text: str) -> List[str]:
    """RULES.md §0: split on newlines; a final newline adds no line."""
    text = normalise_newlines(text)
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


# -- lines -> units -----------------------------------------------------------------------------

from docgen.text.cjk import display_width  # noqa: E402,F401 (used below and by tests)


def _removed(start: int, mark: str, what: str) -> Dict[str, object]:
    return {"rule": MD_RULE_ID, "start": start, "end": start + len(mark), "text": mark,
            "message": f"Markdown 标记“{mark}”按结构读取（{what}），不作为正文文字"}


def strip_markdown(line: str) -> tuple:
    """Return (text, extra) with Markdown-ish structure marks removed and recorded.

    Offsets of the removed marks refer to the line as read (like the cleaner's edits of one pass).
    """
    extra: Dict[str, object] = {}
    removed: List[Dict[str, object]] = []
    shift = 0                                  # characters removed so far, all left of what follows

    def cut(text: str, start: int, end: int, what: str) -> str:
        nonlocal shift
        mark = text[start:end]
        removed.append(_removed(start + shift, mark, what))
        shift += len(mark)
        return text[:start] + text[end:]

    deco = DECORATION.match(line)
    if deco and _numbered(line[deco.end():].strip(P.EDGE_CHARS)):
        # "🔸一、坚定发展信心": a WeChat decoration before a heading number is not text
        removed.append({"rule": DECORATION_RULE_ID, "start": len(deco.group("indent")), "end": deco.end(),
                        "text": deco.group("mark"),
                        "message": f"标题前的装饰符号“{deco.group('mark').strip()}”不是正文文字，已去掉"})
        shift += deco.end() - len(deco.group("indent"))
        line = deco.group("indent") + line[deco.end():]
    if P.MD_RULE.match(line):
        removed.append(_removed(0, line, "分隔线"))
        extra["removed"] = removed
        return "", extra
    m = P.MD_QUOTE.match(line)
    if m and m.group("mark"):
        line = cut(line, len(m.group("indent")), m.end(), "引用")
        extra["md_quote"] = True
    m = P.MD_HEADING.match(line)
    if m:
        indent, body = len(m.group("indent")), m.group("text")
        text_start = m.start("text") if body else len(line)
        tail = line[text_start + len(body):]
        tail_mark = tail.strip()
        tail_at = text_start + len(body) + len(tail) - len(tail.lstrip())
        line = cut(line, indent, text_start, "标题")
        if tail_mark:                          # closing "##" of an ATX heading
            at = tail_at - (text_start - indent)
            line = cut(line, at, at + len(tail_mark), "标题")
        line = line.rstrip()
        extra["md_heading"] = len(m.group("mark"))
    else:
        m = P.MD_ITEM.match(line)
        if m:
            line = cut(line, len(m.group("indent")), m.end(), "列表项")
            extra["md_item"] = True
    m = P.MD_BOLD_LEAD.match(line)
    if m:
        start, bold = len(m.group("indent")), m.group("bold")
        line = cut(line, start, start + 2, "粗体")
        line = cut(line, start + len(bold), start + len(bold) + 2, "粗体")
        extra["bold_end"] = len(bold)
        if not line[start + len(bold):].strip():
            extra["bold"] = True
    # bold further on ("…。**二是**隐患…"): drop its marks, keep its words (left to right, so every
    # cut lies right of the ones before it, as ``cut`` assumes)
    pos = len(m.group("indent")) + extra["bold_end"] if m else 0
    while True:
        inline = P.MD_BOLD_INLINE.search(line, pos)
        if inline is None:
            break
        line = cut(line, inline.start(), inline.start() + 2, "粗体")
        close = inline.end() - 4
        line = cut(line, close, close + 2, "粗体")
        pos = close
    if removed:
        extra["removed"] = removed
    return line, extra


#: a lettered list item "（a）……" opens a line of its own (issue 13)
LETTER_ITEM = re.compile(r"^[（(][a-zA-Z][）)]")


def starts_structure(text: str) -> bool:
    """A line that opens a new paragraph whatever the line before it looks like."""
    s = text.strip(P.EDGE_CHARS)
    return bool(LETTER_ITEM.match(s) or P.HEADING_L1.match(s) or P.HEADING_L2.match(s) or P.HEADING_L3.match(s)
                or P.HEADING_L4.match(s) or P.ENUM_SHI_YAO.match(s) or P.ENUM_DI.match(s)
                or P.ENUM_ORDER.match(s) or P.SALUTATION.match(s) or P.CLOSING_FORMULA.match(s)
                or P.ELLIPSIS_PARA.match(s))


def whole_line(text: str) -> bool:
    """A line that is a paragraph by itself whatever its width: a web-junk line (joining it to a
    neighbour would take that text down with it when the junk is deleted), a title, a salutation
    or a standalone heading (a numbered line without a sentence end inside: parallel headings
    often share a width)."""
    s = text.strip(P.EDGE_CHARS)
    return bool(P.count_noise_markers(s) or P.PAGE_FURNITURE.match(s) or P.TITLE_AT.match(s) or P.TITLE_SPEECH.match(s)
                or P.SALUTATION.match(s) or P.SALUTATION_LOOSE.match(s)
                or (_numbered(s) and not P.HEADING_FORBIDDEN_INSIDE.search(s)))


def _numbered(s: str) -> bool:
    return bool(P.HEADING_L1.match(s) or P.HEADING_L2.match(s) or P.HEADING_L3.match(s)
                or P.HEADING_L4.match(s) or P.HEADING_PART.match(s))


def wrap_width(lines: Sequence[str]) -> Optional[int]:
    """The column at which a hard-wrapped file was wrapped, or None when it was not wrapped.

    A wrapped file has many lines of (nearly) the same width and almost none wider; a file with
    one paragraph per line (the usual paste) has widths spread over hundreds of columns.  Junk,
    title, salutation and heading lines are no evidence of wrapping (they are never joined).
    """
    widths: List[int] = []
    long: List[int] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        w = display_width(text)
        if w >= WRAP_MIN_WIDTH and whole_line(text):
            continue
        widths.append(w)
        if w >= WRAP_MIN_WIDTH:
            long.append(w)
    if len(long) < max(WRAP_MIN_LINES, WRAP_MIN_LONG):
        return None
    counts = Counter(long)
    best_w, best_n = 0, 0
    for w in sorted(counts):
        n = sum(c for x, c in counts.items() if w - WRAP_SLACK <= x <= w)
        if n >= best_n:
            best_w, best_n = w, n
    over = sum(1 for w in widths if w > best_w + WRAP_SLACK)
    if best_n < WRAP_MIN_LINES or best_n < WRAP_SHARE * len(long) or over > WRAP_OVER_SHARE * len(widths):
        return None
    # wrapping breaks sentences: several full lines end mid-sentence and are followed by more text
    broken = 0
    for line, nxt in zip(lines, list(lines[1:]) + [""]):
        text = line.strip()
        if (text and nxt.strip() and display_width(text) >= best_w - WRAP_SLACK
                and text[-1] not in P.SENTENCE_FINAL):
            broken += 1
    if broken < max(WRAP_MIN_BROKEN, WRAP_BROKEN_SHARE * best_n):
        return None
    return best_w


def _join(a: str, b: str) -> str:
    """Join a wrapped line to its continuation: no space next to CJK, one space between words."""
    b = b.strip()
    a = a.rstrip()
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


#: a letter among digits, as OCR misreads them ("202l年", "2O26"): reported, never changed
OCR_DIGIT = re.compile(r"(?<![A-Za-z0-9])(?=[0-9lIO]*[0-9][0-9lIO]*[lIO]|[lIO][0-9])[0-9lIO]{3,}(?![A-Za-z0-9])")
OCR_RULE_ID = "OCR-DIGIT"
OCR_LOOKALIKE = {"l": "1", "I": "1", "O": "0"}


def ocr_doubts(text: str) -> List[Dict[str, object]]:
    """Numbers with a letter that looks like a digit, next to Chinese text: a doubt for the report."""
    out: List[Dict[str, object]] = []
    for m in OCR_DIGIT.finditer(text):
        near = text[max(0, m.start() - 1):m.start()] + text[m.end():m.end() + 1]
        if not any("\u4e00" <= c <= "\u9fff" for c in near):
            continue
        word = m.group(0)
        guess = "".join(OCR_LOOKALIKE.get(c, c) for c in word)
        out.append({"rule": OCR_RULE_ID, "start": m.start(), "end": m.end(), "text": word,
                    "message": f"“{word}”中有形似数字的字母，疑为识别错误（可能是“{guess}”），已按原文保留，请核对"})
    return out


def lines_to_units(lines: Sequence[str], markdown: bool = True) -> List[Unit]:
    """One unit per paragraph; wrapped lines joined into the unit of their first line."""
    cooked: List[tuple] = []
    for line in lines:
        if markdown:
            cooked.append(strip_markdown(line))
        else:
            cooked.append((line, {}))
    width = wrap_width([c[0] for c in cooked])
    indented = sum(1 for text, _ in cooked if text.strip() and text[:1] in " \t\u3000")
    text_lines = sum(1 for text, _ in cooked if text.strip())
    indent_marks = (width is None and indented >= INDENT_MIN_LINES and indented >= INDENT_SHARE * text_lines)
    blank_separated = _blank_separated(cooked)

    def continues(line: str, nxt: str, nxt_extra: dict) -> bool:
        """Does ``nxt`` continue ``line``: by the wrap width, else by indentation."""
        if width is not None:
            return _continues(line, nxt, nxt_extra, width, indented, blank_separated)
        return _continues_indented(line, nxt, nxt_extra)

    running = running_headers([c[0] for c in cooked])
    units: List[Unit] = []
    i = 0
    while i < len(cooked):
        text, extra = cooked[i]
        extra = dict(extra)
        members = [i + 1]
        segments = [(0, i + 1, 0)]
        deferred: List[Unit] = []
        joinable = text.strip() and "md_heading" not in extra and not extra.get("bold")
        if joinable and (width is not None or (indent_marks and _indented(text) and not whole_line(text))):
            last_source = text
            while i + 1 < len(cooked):
                nxt, nxt_extra = cooked[i + 1]
                if P.PAGE_FURNITURE.match(nxt.strip()) or nxt.strip() in running:
                    # a page break inside a paragraph (a page number, the running header of a
                    # PDF): the text goes on after it; each such line becomes a unit of its own
                    # (NOISE-LINE deletes it) and is never joined to the text
                    j = i + 1
                    while j < len(cooked) and (P.PAGE_FURNITURE.match(cooked[j][0].strip())
                                               or cooked[j][0].strip() in running):
                        j += 1
                    if j < len(cooked) and continues(last_source, *cooked[j]):
                        for k in range(i + 1, j):
                            extra_k = dict(cooked[k][1])
                            if cooked[k][0].strip() in running:
                                extra_k["running_header"] = True
                            deferred.append(Unit(index=k + 1, text=cooked[k][0], hints=Hints.of(extra_k)))
                        i = j - 1
                        continue
                if not continues(last_source, nxt, nxt_extra):
                    break
                last_source = nxt
                if nxt_extra.get("removed"):
                    # a mark on a continuation line: keep its record, shifted into the joined text
                    shift = len(text.rstrip()) - len(nxt) + len(nxt.lstrip())
                    extra.setdefault("removed", [])
                    extra["removed"] = list(extra["removed"]) + [
                        dict(r, start=r["start"] + shift, end=r["end"] + shift) for r in nxt_extra["removed"]]
                joined = _join(text, nxt)
                # where this source line's text starts in the joined text, and at which column of
                # its own line (for findings reported at the line the user sees: relocate())
                segments.append((len(joined) - len(nxt.strip()), i + 2, len(nxt) - len(nxt.lstrip())))
                text = joined
                i += 1
                members.append(i + 1)
        if (width is not None and len(members) == 1 and _numbered(text.strip(P.EDGE_CHARS))
                and display_width(text.strip()) >= width - WRAP_SLACK - 2):
            # a heading that fills its line at the foot of a page and goes on after the break
            # ("一、充分肯定优化营商环境取得的" / "— 2 —" / "成效"): joined, the break's lines set apart
            j = i + 1
            while j < len(cooked) and (P.PAGE_FURNITURE.match(cooked[j][0].strip()) or cooked[j][0].strip() in running):
                j += 1
            tail = cooked[j][0].strip() if j < len(cooked) and j > i + 1 else ""
            if (tail and len(tail) <= HEADING_TAIL_MAX_CHARS and not cooked[j][1] and tail[-1] not in P.SENTENCE_FINAL
                    and not starts_structure(tail) and not whole_line(tail)):
                for k in range(i + 1, j):
                    extra_k = dict(cooked[k][1])
                    if cooked[k][0].strip() in running:
                        extra_k["running_header"] = True
                    deferred.append(Unit(index=k + 1, text=cooked[k][0], hints=Hints.of(extra_k)))
                joined = _join(text, tail)
                segments.append((len(joined) - len(tail), j + 1, len(cooked[j][0]) - len(cooked[j][0].lstrip())))
                text = joined
                members.append(j + 1)
                i = j
        if len(members) > 1:
            extra["lines"] = members
            extra["segments"] = segments
        unit = Unit(index=members[0], text=text, hints=Hints.of(extra))
        doubts = ocr_doubts(text) if any(c in text for c in "lIO") else []
        if doubts:
            unit.hints.doubts = doubts
        if text.strip() in running and len(members) == 1:
            unit.hints.running_header = True
        if not text.strip():
            unit.kind = "blank"
        units.append(unit)
        units.extend(deferred)
        i += 1
    return units


#: the rest of a heading carried over a page break is at most this long
HEADING_TAIL_MAX_CHARS = 15
#: a running header (the page head of a PDF copied out) is at most this long
RUNNING_HEADER_MAX_CHARS = 30


def running_headers(lines: Sequence[str]) -> set:
    """Lines repeated at page breaks: the same short line, not a sentence, at least twice, each
    time next to a page-number line ("— 2 —"): the running header of a PDF copied as text."""
    seen: Dict[str, int] = {}
    for n, line in enumerate(lines):
        t = line.strip()
        if not t or len(t) > RUNNING_HEADER_MAX_CHARS or t[-1] in P.SENTENCE_FINAL or P.PAGE_FURNITURE.match(t):
            continue
        near = [lines[k].strip() for k in (n - 1, n + 1) if 0 <= k < len(lines)]
        if any(P.PAGE_FURNITURE.match(x) for x in near if x):
            seen[t] = seen.get(t, 0) + 1
    return {t for t, count in seen.items() if count >= 2}


def _blank_separated(cooked: Sequence[tuple]) -> bool:
    """Paragraphs separated by blank lines, with at least one paragraph of several lines."""
    groups, run = [], 0
    for text, _ in cooked:
        if text.strip():
            run += 1
        elif run:
            groups.append(run)
            run = 0
    if run:
        groups.append(run)
    return len(groups) >= WRAP_MIN_LINES and any(g > 1 for g in groups)


def _indented(line: str) -> bool:
    return line[:1] in " \t\u3000"


def _continues_indented(line: str, nxt: str, nxt_extra: dict) -> bool:
    """In a draft whose paragraphs start indented, does the unindented ``nxt`` continue ``line``?"""
    if not nxt.strip() or _indented(nxt) or nxt_extra:
        return False                      # blank, a new paragraph, or a Markdown-marked line
    if starts_structure(nxt) or whole_line(nxt):
        return False
    if line.rstrip()[-1:] not in P.SENTENCE_FINAL:
        return True
    stripped = nxt.strip()
    return display_width(stripped) >= INDENT_JOIN_MIN_WIDTH and stripped[-1] in P.SENTENCE_FINAL


def _continues(line: str, nxt: str, nxt_extra: dict, width: int, indented: int, blank_separated: bool) -> bool:
    """Does ``nxt`` continue the wrapped source line ``line``?"""
    if not nxt.strip() or "md_heading" in nxt_extra or "md_item" in nxt_extra or nxt_extra.get("bold"):
        return False
    if display_width(line.strip()) < width - WRAP_SLACK - 2:
        return False                      # a short line ends its paragraph (headings are short)
    if starts_structure(nxt) or whole_line(line) or whole_line(nxt):
        return False
    if nxt[:1] in " \t\u3000":
        return False                      # an indented line opens a paragraph
    if line.rstrip()[-1:] not in P.SENTENCE_FINAL:
        return True
    # a full line ending a sentence: a new paragraph would have been indented or set off by a blank
    return indented >= 2 or blank_separated


def relocate(findings: Sequence[Any], units: Sequence[Unit]) -> None:
    """Findings in a paragraph joined from several source lines are anchored at the unit's first
    line with an offset into the joined text; move each to the source line its offset falls in,
    with the column of that line, so ``文件:行:列`` points at what the user sees in the file."""
    segments_of = {u.index: u.hints.segments for u in units if u.hints.segments}
    if not segments_of:
        return
    for f in findings:
        segments = segments_of.get(f.line) if getattr(f, "paragraph", None) is None else None
        if not segments or f.start is None:
            continue
        offset, line, column = next(seg for seg in reversed(segments) if seg[0] <= f.start)
        if line == f.line:
            continue
        shift = column - offset
        f.line, f.start = line, f.start + shift
        if f.end is not None:
            f.end += shift


def read_units(source: PathLike, encoding: Optional[str] = None) -> List[Unit]:
    """Read a .txt/.md file (or stdin for "-") into units."""
    text = decode(read_bytes(source), encoding, path=source)
    return text_to_units(text)


def text_to_units(text: str, markdown: bool = True) -> List[Unit]:
    return lines_to_units(split_lines(text), markdown=markdown)


__all__ = ["relocate", "starts_structure", "whole_line", "split_lines", "normalise_newlines", "strip_markdown", "wrap_width",
           "lines_to_units", "text_to_units", "read_units", "display_width", "MD_RULE_ID"]
