"""Estimate on which page the body of a document ends, from its WordprocessingML alone.

The 版记 must fall on an even page (GB/T 9704 §7.4); a .docx cannot say "add a blank page when the
page count is odd" in a way Word and LibreOffice both honour (LibreOffice 7.4 ignores
``w:type="evenPage"`` in its PDF: measured), so the writer decides it, from this estimate.

The body sits on the 22-line grid, which makes the estimate arithmetic: a grid paragraph takes
``ceil(line height / pitch)`` slots per printed line, and its printed lines follow from its width in
em (full-width characters 1 em, half-width ones ½ em) against the 版心 width less its indents.  An
exact-height paragraph takes its height; a table row its lines at single spacing.  A paragraph with
``w:pageBreakBefore`` starts a page.  The estimate errs only at a 禁则 line end (a line of 27): the
writer's tests render every example and check the page count on paper.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, Dict, Iterable, Optional, Tuple

from lxml import etree

from docgen.ooxml.build import qn
from docgen.style import TWIPS_PER_MM, Style

#: LibreOffice's single line for the CJK stand-in fonts is 1.448 em (OOXML_NOTES.md); a table row
#: adds its borders
SINGLE_LINE_EM = 1.45
ROW_EXTRA_TWIPS = 20


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WFA"


#: closing marks LibreOffice hangs past the end of a full line instead of wrapping them (one mark)
HANGING = set("，。、；：！？）》」』〉】”’")
#: opening marks that may not end a line (禁则): they move down with the next character
OPENING = set("“‘《（〈【「『〔")
_TOKEN = re.compile(r"[\x21-\x7e]+|\s+|.", re.S)


def break_lines(text: str, size_pt: float, spacing_pt: float, first_pt: float, width_pt: float,
                autospace_em: float = 0.0) -> int:
    """How many lines a paragraph takes, set the way LibreOffice sets CJK text: character by
    character, a run of ASCII (a number, a Latin word) unbreakable, a gap of ``autospace_em`` where
    CJK meets ASCII, one closing mark hanging past a full line, an opening mark never ending one."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return 1
    lines, x, avail, prev_wide = 1, 0.0, first_pt, None
    slack = 0.05
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        wide = _wide(tok[0])
        w = sum((size_pt if _wide(c) else size_pt / 2) + spacing_pt for c in tok)
        if prev_wide is not None and x > 0 and wide != prev_wide and not tok.isspace():
            w += autospace_em * size_pt
        if x + w <= avail + slack:
            x += w
        elif len(tok) == 1 and tok in HANGING and x <= avail + slack:
            x = avail + 1.0                      # hangs: the line is full
        else:
            # an opening mark at the end of the line goes down with this token
            lines += 1
            avail = width_pt
            carry = 0.0
            if i > 0 and tokens[i - 1] in OPENING and x > 0:
                carry = size_pt + spacing_pt
            x = carry + sum((size_pt if _wide(c) else size_pt / 2) + spacing_pt for c in tok)
        prev_wide = wide
        i += 1
    return lines


class _Styles:
    def __init__(self, styles_root: etree._Element) -> None:
        self.by_id: Dict[str, etree._Element] = {
            s.get(qn("w:styleId")): s for s in styles_root.iter(qn("w:style"))}

    def chain(self, style_id: Optional[str]) -> Iterable[etree._Element]:
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def lookup(self, style_id: Optional[str], path: Tuple[str, ...], attr: str) -> Optional[str]:
        for style in self.chain(style_id or "Normal"):
            node = style
            for tag in path:
                node = node.find(qn(tag)) if node is not None else None
            if node is not None and node.get(qn(attr)) is not None:
                return node.get(qn(attr))
        return None


class Paginator:
    def __init__(self, style: Style, styles_root: etree._Element, grid_rows: bool = True) -> None:
        self.styles = _Styles(styles_root)
        self.pitch = style.grid.line_pitch_twips
        self.capacity = int(round(style.page.text_height_mm * TWIPS_PER_MM))
        self.margin_top = int(round(style.page.margin_top_mm * TWIPS_PER_MM))
        self.width = int(round(style.page.text_width_mm * TWIPS_PER_MM))
        self.page = 1
        self.used = 0
        self._break_pending = False
        self.autospace_em = float(style.frame.get("autospace_em", 0))
        #: our documents have the line grid (w:docGrid type=lines): see paragraph()
        self.grid_rows = grid_rows
        self._pushed_page = 0

    def _place(self, height: int) -> None:
        if self.used + height > self.capacity and self.used > 0:
            self.page += 1
            self.used = 0
        self.used += height

    def _new_page(self) -> None:
        if self.used > 0 or self.page == 0:
            self.page += 1
            self.used = 0

    def _prop(self, p: etree._Element, path: Tuple[str, ...], attr: str) -> Optional[str]:
        node = p.find(qn("w:pPr"))
        for tag in path:
            node = node.find(qn(tag)) if node is not None else None
        if node is not None and node.get(qn(attr)) is not None:
            return node.get(qn(attr))
        sid = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        return self.styles.lookup(sid.get(qn("w:val")) if sid is not None else None, ("w:pPr",) + path, attr)

    def _int(self, p: etree._Element, path: Tuple[str, ...], attr: str, default: int = 0) -> int:
        value = self._prop(p, path, attr)
        try:
            return int(value) if value is not None else default
        except ValueError:
            return default

    def paragraph_lines(self, p: etree._Element, avail_width: Optional[int] = None) -> Tuple[int, int, float]:
        """(printed lines, char advance twips, size pt) of a paragraph."""
        sid = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        sid_val = sid.get(qn("w:val")) if sid is not None else None
        size_half = None
        spacing = None
        scale = 1.0                 # w:w: characters squeezed horizontally (the 标志)
        text = ""
        for r in p.iter(qn("w:r")):
            t = "".join(x.text or "" for x in r.iter(qn("w:t")))
            if r.find(qn("w:tab")) is not None:
                t += "\u3000"
            text += t
            rpr = r.find(qn("w:rPr"))
            sz = rpr.find(qn("w:sz")) if rpr is not None else None
            if sz is not None:
                size_half = max(size_half or 0, int(sz.get(qn("w:val"))))
            sp = rpr.find(qn("w:spacing")) if rpr is not None else None
            if sp is not None:
                spacing = int(sp.get(qn("w:val")))
            w = rpr.find(qn("w:w")) if rpr is not None else None
            if w is not None:
                scale = min(scale, int(w.get(qn("w:val"))) / 100)
        if size_half is None:
            size_half = int(self.styles.lookup(sid_val, ("w:rPr", "w:sz"), "w:val") or 32)
        if spacing is None:
            spacing = int(self.styles.lookup(sid_val, ("w:rPr", "w:spacing"), "w:val") or 0)
        size_pt = size_half / 2
        advance = max(1, int(size_pt * 20) + spacing)
        width = avail_width if avail_width is not None else self.width
        left = self._int(p, ("w:ind",), "w:left")
        right = self._int(p, ("w:ind",), "w:right")
        direct = p.find(qn("w:pPr") + "/" + qn("w:ind"))
        if direct is not None and direct.get(qn("w:hanging")) is not None:
            first = -int(direct.get(qn("w:hanging")))     # direct hanging replaces the style's first line
        else:
            first = self._int(p, ("w:ind",), "w:firstLine") - self._int(p, ("w:ind",), "w:hanging")
        lines = break_lines(text, size_pt * scale, spacing / 20, (width - left - right - first) / 20,
                            (width - left - right) / 20, self.autospace_em)
        return lines, advance, size_pt

    def _pending(self) -> None:
        if self._break_pending:
            self.page += 1
            self.used = 0
            self._break_pending = False

    def paragraph(self, p: etree._Element) -> None:
        self._pending()
        ppr = p.find(qn("w:pPr"))
        frame = ppr.find(qn("w:framePr")) if ppr is not None else None
        if frame is not None:
            # a frame anchored to the page is out of the flow, but the text it overlaps goes below it
            # (the 信函's 标志 and first double line reach into the 版心)
            try:
                bottom = int(frame.get(qn("w:y"), "0")) + int(frame.get(qn("w:h"), "0"))
            except ValueError:
                return
            push = bottom - self.margin_top
            if frame.get(qn("w:vAnchor")) == "page" and 0 < push < self.capacity // 2 and self.used < push:
                self.used = push
                self._pushed_page = self.page
            return
        if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
            self.page += 1
            self.used = 0
        rule = self._prop(p, ("w:spacing",), "w:lineRule")
        line = self._int(p, ("w:spacing",), "w:line", 240)
        snap = self._prop(p, ("w:snapToGrid",), "w:val") not in ("0", "false")
        lines, _, size_pt = self.paragraph_lines(p)
        if rule == "exact":
            # LibreOffice draws an exact-height paragraph at its height but, on a page with a line
            # grid, counts it as the whole grid lines it touches when it fills the page (measured:
            # after the 4.93-line 版头 a page holds 16 more lines, not 17)
            # (not so under a frame that pushed the text down: measured on the 信函's first page)
            rows = self.grid_rows and self._pushed_page != self.page
            height = line if not rows else self.pitch * max(1, math.ceil(line / self.pitch - 0.01))
        elif snap:
            natural = size_pt * SINGLE_LINE_EM * 20 * line / 240
            height = self.pitch * max(1, math.ceil(natural / self.pitch - 0.05))
            # a 3号 line fits one slot, a 2号 title line takes two (OOXML_NOTES.md)
            if size_pt <= self.pitch / 20 * 0.6:
                height = self.pitch
        else:
            height = int(size_pt * SINGLE_LINE_EM * 20 * line / 240)
        before = self._int(p, ("w:spacing",), "w:before")
        after = self._int(p, ("w:spacing",), "w:after")
        for k in range(lines):
            self._place(height + (before if k == 0 else 0) + (after if k == lines - 1 else 0))
        if any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br"))):
            self._break_pending = True
        sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
        if sect is not None:
            kind = sect.find(qn("w:type"))
            if kind is None or kind.get(qn("w:val")) != "continuous":
                self._break_pending = True      # the next section starts on a new page

    def table(self, tbl: etree._Element) -> None:
        self._pending()
        grid = [int(c.get(qn("w:w")) or 0) for c in tbl.iter(qn("w:gridCol"))]
        for tr in tbl.findall(qn("w:tr")):
            exact = tr.find(qn("w:trPr") + "/" + qn("w:trHeight"))
            if exact is not None and exact.get(qn("w:hRule")) == "exact":
                self._place(int(exact.get(qn("w:val"))))
                continue
            height = 0
            for i, tc in enumerate(tr.findall(qn("w:tc"))):
                width = grid[i] if i < len(grid) and grid[i] else self.width // max(1, len(grid))
                cell = 0
                for p in tc.findall(qn("w:p")):
                    lines, _, size_pt = self.paragraph_lines(p, width - 216)
                    cell += int(lines * size_pt * SINGLE_LINE_EM * 20)
                height = max(height, cell)
            self._place(height + ROW_EXTRA_TWIPS)

    def run(self, elements: Iterable[etree._Element]) -> Tuple[int, int]:
        """(page the last element ends on, twips used on it)."""
        for node in elements:
            if node.tag == qn("w:p"):
                self.paragraph(node)
            elif node.tag == qn("w:tbl"):
                self.table(node)
        return self.page, self.used


def last_page(style: Style, styles_root: etree._Element, elements: Iterable[etree._Element]) -> int:
    return Paginator(style, styles_root).run(elements)[0]


__all__ = ["Paginator", "last_page"]
