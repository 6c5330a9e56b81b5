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
import unicodedata
from typing import Any, Dict, Iterable, Optional, Tuple

from lxml import etree

from docgen.ooxml.build import qn
from docgen.style import TWIPS_PER_MM, Style

#: LibreOffice's single line for the CJK stand-in fonts is 1.448 em (OOXML_NOTES.md); a table row
#: adds its borders
SINGLE_LINE_EM = 1.45
ROW_EXTRA_TWIPS = 20


def _em(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


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
    def __init__(self, style: Style, styles_root: etree._Element) -> None:
        self.styles = _Styles(styles_root)
        self.pitch = style.grid.line_pitch_twips
        self.capacity = int(round(style.page.text_height_mm * TWIPS_PER_MM))
        self.width = int(round(style.page.text_width_mm * TWIPS_PER_MM))
        self.page = 1
        self.used = 0
        self._break_pending = False

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
        if size_half is None:
            size_half = int(self.styles.lookup(sid_val, ("w:rPr", "w:sz"), "w:val") or 32)
        if spacing is None:
            spacing = int(self.styles.lookup(sid_val, ("w:rPr", "w:spacing"), "w:val") or 0)
        size_pt = size_half / 2
        advance = max(1, int(size_pt * 20) + spacing)
        width = avail_width if avail_width is not None else self.width
        left = self._int(p, ("w:ind",), "w:left")
        right = self._int(p, ("w:ind",), "w:right")
        first = self._int(p, ("w:ind",), "w:firstLine") - self._int(p, ("w:ind",), "w:hanging")
        per_line = max(1.0, math.floor((width - left - right) / advance + 0.01))
        first_avail = max(1.0, math.floor((width - left - right - first) / advance + 0.01))
        em = _em(text)
        if em <= first_avail:
            return 1, advance, size_pt
        return 1 + math.ceil((em - first_avail) / per_line - 1e-9), advance, size_pt

    def _pending(self) -> None:
        if self._break_pending:
            self.page += 1
            self.used = 0
            self._break_pending = False

    def paragraph(self, p: etree._Element) -> None:
        self._pending()
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
            self.page += 1
            self.used = 0
        rule = self._prop(p, ("w:spacing",), "w:lineRule")
        line = self._int(p, ("w:spacing",), "w:line", 240)
        snap = self._prop(p, ("w:snapToGrid",), "w:val") not in ("0", "false")
        lines, _, size_pt = self.paragraph_lines(p)
        if rule == "exact":
            height = line
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
