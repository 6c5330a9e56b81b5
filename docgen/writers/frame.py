"""The 公文 frame on the page (DESIGN.md §3b, GB/T 9704-2012 §7.2–7.5, §10.3).

The docxtpl template lays out the title, the 主送 line (the salutation branch) and the body; this
module adds, as WordprocessingML, what the template has no branch for:

* the 版头 before the title: 份号 / 密级 / 紧急程度 lines, the red 发文机关标志 (its top edge placed
  by an exact-height spacer), 发文字号 (and 签发人 on 上行文) two lines below it, the red separator as
  the bottom border of the 发文字号 paragraph, 4 mm below it, as wide as the 版心;
* after the body: 附件说明 (hanging indent, one item per line), 纪要's 出席/请假/列席 lines, the
  落款 with or without room for the seal (§7.3.5), the 附注 in parentheses;
* each 附件 on a new page headed "附件N" in 黑体, its content laid out by the same writer;
* the 版记 in a section of its own, on a new page, with empty footers (no page number on the 版记
  page nor on the blank page before it); a blank page comes first when the body ends on an even
  page (docgen.writers.paginate estimates it: LibreOffice ignores w:type evenPage); the 版记 is a table anchored to the bottom of the 版心 (a floating
  table whose rows have exact heights, placed at 版心 height − table height), so its last line lies on the 版心's bottom edge.

Every position, font, colour and width comes from ``frame:`` in the rule set (docgen/data/gbt9704.yaml).
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from lxml import etree

from docgen.model import UPWARD_GENRES, Document, Frame
from docgen.ooxml.build import LANG_EAST_ASIA, LANG_LATIN, el, qn, sub
from docgen.style import TWIPS_PER_MM, Style, parse_size, pt_to_twips
from docgen.writers.template import ROLE_STYLE_IDS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: OOXML border widths are in eighths of a point
EIGHTHS_PER_PT = 8
#: the smallest exact line Word accepts (1 pt): the empty paragraph a section needs after a table
CLOSING_PARAGRAPH_TWIPS = 20


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WFA"


def text_width_chars(text: str, autospace: float = 0.0) -> float:
    """Width in characters of the text's size: full-width 1, half-width (digits, Latin) 0.5, plus
    ``autospace`` at each change between the two (the gap a renderer puts between 年 and 2026)."""
    width = sum(1.0 if _wide(c) else 0.5 for c in text)
    changes = sum(1 for a, b in zip(text, text[1:]) if _wide(a) != _wide(b))
    return width + changes * autospace


class _Builder:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.cfg = style.frame
        self.body = style.role("body")
        self.latin = style.latin_font

    # -- primitives ---------------------------------------------------------------------------------
    def size(self, value: Any) -> float:
        return parse_size(value, "frame")

    def char_twips(self, size_pt: float, spacing_pt: Optional[float] = None) -> int:
        spacing = self.body.letter_spacing_pt if spacing_pt is None else spacing_pt
        return pt_to_twips(size_pt + spacing)

    def run(self, text: str, font: str, size_pt: float, *, color: Optional[str] = None,
            scale: Optional[int] = None, spacing_pt: Optional[float] = None) -> etree._Element:
        r = el("w:r")
        rpr = sub(r, "w:rPr")
        sub(rpr, "w:rFonts", {"w:ascii": self.latin, "w:hAnsi": self.latin, "w:eastAsia": font,
                              "w:cs": self.latin, "w:hint": "eastAsia"})
        sub(rpr, "w:b", {"w:val": "0"})
        sub(rpr, "w:bCs", {"w:val": "0"})
        if color:
            sub(rpr, "w:color", {"w:val": color})
        spacing = self.body.letter_spacing_pt if spacing_pt is None else spacing_pt
        sub(rpr, "w:spacing", {"w:val": pt_to_twips(spacing)})
        if scale is not None and scale != 100:
            sub(rpr, "w:w", {"w:val": scale})
        half = int(round(size_pt * 2))
        sub(rpr, "w:sz", {"w:val": half})
        sub(rpr, "w:szCs", {"w:val": half})
        sub(rpr, "w:lang", {"w:val": LANG_LATIN, "w:eastAsia": LANG_EAST_ASIA})
        if text == "\t":
            sub(r, "w:tab")
        else:
            t = sub(r, "w:t")
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return r

    def para(self, runs: Sequence[etree._Element], *, jc: str = "left", left: int = 0, right: int = 0,
             first: int = 0, hanging: int = 0, exact_twips: Optional[int] = None,
             borders: Optional[Dict[str, Tuple[float, str, float]]] = None,
             tabs: Sequence[Tuple[str, int]] = (), page_break_before: bool = False,
             keep_next: bool = False, role: str = "body") -> etree._Element:
        p = el("w:p")
        ppr = sub(p, "w:pPr")
        sub(ppr, "w:pStyle", {"w:val": ROLE_STYLE_IDS[role]})
        if keep_next:
            sub(ppr, "w:keepNext")
        if page_break_before:
            sub(ppr, "w:pageBreakBefore")
        sub(ppr, "w:widowControl", {"w:val": "0"})
        if borders:
            pbdr = sub(ppr, "w:pBdr")
            for side in ("top", "bottom"):
                if side in borders:
                    width_pt, color, space_pt = borders[side]
                    sub(pbdr, f"w:{side}", {"w:val": "single", "w:sz": int(round(width_pt * EIGHTHS_PER_PT)),
                                            "w:space": int(round(space_pt)), "w:color": color})
        if tabs:
            tabs_el = sub(ppr, "w:tabs")
            for kind, pos in tabs:
                sub(tabs_el, "w:tab", {"w:val": kind, "w:pos": pos})
        sub(ppr, "w:autoSpaceDE", {"w:val": "0"})
        sub(ppr, "w:autoSpaceDN", {"w:val": "0"})
        if exact_twips is not None:
            sub(ppr, "w:snapToGrid", {"w:val": "0"})
            sub(ppr, "w:spacing", {"w:before": 0, "w:beforeLines": 0, "w:after": 0, "w:afterLines": 0,
                                   "w:line": exact_twips, "w:lineRule": "exact"})
        ind = {"w:left": left, "w:right": right, "w:leftChars": 0, "w:rightChars": 0}
        if hanging:
            # firstLineChars="0" too: the style's firstLineChars="200" must not survive in Word
            ind.update({"w:firstLineChars": 0, "w:hanging": hanging, "w:hangingChars": 0})
        else:
            ind.update({"w:firstLine": first, "w:firstLineChars": 0})
        sub(ppr, "w:ind", ind)
        sub(ppr, "w:jc", {"w:val": jc})
        for r in runs:
            p.append(r)
        return p

    def blank(self) -> etree._Element:
        """One empty grid line (the template's blank line)."""
        return self.para([])

    def text_para(self, text: str, *, font: Optional[str] = None, **kw: Any) -> etree._Element:
        return self.para([self.run(text, font or self.body.font, self.body.size_pt)], **kw)

    # -- 版头 ----------------------------------------------------------------------------------------
    def header(self, frame: Frame) -> List[etree._Element]:
        h = frame.header
        if h is None or not h.issuer or frame.genre == "letter":
            return []
        cfg = self.cfg
        out: List[etree._Element] = []
        top = cfg["top_lines"]
        top_size = self.size(top["size"])
        lines_used = 0
        for value, font in ((h.copy_no, top["font"]), (h.secret, top["secret_font"]),
                            (h.urgency, top["secret_font"])):
            if value:
                out.append(self.para([self.run(value, font, top_size)]))
                lines_used += 1
        iss = cfg["issuer"]
        size = self.size(iss["size"])
        name = h.issuer + (h.issuer_suffix or "")
        max_pt = float(iss["max_width_mm"]) * 72 / 25.4
        natural = text_width_chars(name) * size
        scale = min(100, int(max_pt / natural * 100)) if natural else 100
        line_twips = pt_to_twips(size * float(iss["line_em"]))
        # spacer: from the end of the top lines to the top of the 标志 line, so that the ink top
        # of the characters lies top_mm below the 版心 top
        target = float(iss["top_mm"]) * TWIPS_PER_MM
        used = lines_used * self.style.grid.line_pitch_twips
        spacer = int(round(target - used - float(iss["ink_top_em"]) * size * 20))
        if spacer > 20:
            out.append(self.para([], exact_twips=spacer))
        out.append(self.para([self.run(name, iss["font"], size, color=cfg["red"], scale=scale, spacing_pt=0)],
                             jc="center", exact_twips=line_twips))
        dn = cfg["doc_no"]
        for _ in range(int(dn["lines_below_issuer"])):
            out.append(self.blank())
        sep = cfg["separator"]
        dn_size = self.size(dn["size"])
        # the border's distance from the text: from the bottom of the line's em box (the grid line
        # is centred on the em box) down to 4 mm; OOXML takes it in whole points
        pitch_pt = self.style.grid.line_pitch_pt
        em_bottom_below_line_bottom = (pitch_pt - dn_size) / 2
        space_pt = max(0.0, float(sep["gap_mm"]) * 72 / 25.4 - em_bottom_below_line_bottom)
        border = {"bottom": (float(sep["width_pt"]), cfg["red"], space_pt)}
        if h.doc_no or h.signer:
            out.append(self.doc_no_line(frame, dn, dn_size, border))
        else:
            out.append(self.para([], borders=border))
        for _ in range(int(cfg["title_lines_below_separator"])):
            out.append(self.blank())
        return out

    def doc_no_line(self, frame: Frame, dn: Dict[str, Any], size: float, border: Dict[str, Any]) -> etree._Element:
        h = frame.header
        assert h is not None
        if frame.genre in UPWARD_GENRES or h.signer:
            # 上行文: 字号 one character in from the left, 签发人 one in from the right, by tab stops
            # (indents would shorten the separator, which is this paragraph's bottom border)
            side = self.char_twips(size) * int(dn["upward_indent_chars"])
            width = int(round(self.style.page.text_width_mm * TWIPS_PER_MM))
            tabs: List[Tuple[str, int]] = [("left", side)]
            runs = [self.run("\t", dn["font"], size), self.run(h.doc_no or "", dn["font"], size)]
            if h.signer:
                tabs.append(("right", width - side))
                runs += [self.run("\t", dn["font"], size),
                         self.run("签发人：", dn["signer_label_font"], size),
                         self.run(h.signer, dn["signer_name_font"], size)]
            return self.para(runs, jc="left", tabs=tabs, borders=border)
        return self.para([self.run(h.doc_no or "", dn["font"], size)], jc="center", borders=border)

    # -- 信函格式 (§10.1) ----------------------------------------------------------------------------
    def _frame_para(self, runs: Sequence[etree._Element], y_twips: int, width_twips: int, height_twips: int,
                    border: Optional[Tuple[str, str, int]] = None) -> etree._Element:
        """A paragraph in a frame anchored to the page (w:framePr), centred, ``y`` from the paper top."""
        p = self.para(runs, jc="center", exact_twips=height_twips)
        ppr = p.find(qn("w:pPr"))
        frame = el("w:framePr", {"w:w": width_twips, "w:h": height_twips, "w:hRule": "exact",
                                 "w:wrap": "around", "w:hAnchor": "page", "w:vAnchor": "page",
                                 "w:xAlign": "center", "w:y": y_twips})
        ppr.find(qn("w:pStyle")).addnext(frame)
        if border is not None:
            side, kind, size = border
            pbdr = el("w:pBdr")
            sub(pbdr, f"w:{side}", {"w:val": kind, "w:sz": size, "w:space": 0, "w:color": self.cfg["red"]})
            ppr.find(qn("w:widowControl")).addnext(pbdr)
        return p

    def letter_head(self, frame: Frame) -> Tuple[List[etree._Element], List[etree._Element]]:
        """(first-page header paragraphs, body paragraphs before the title) of a 信函."""
        h = frame.header
        cfg, lc = self.cfg, self.cfg["letter"]
        iss = cfg["issuer"]
        size = self.size(iss["size"])
        width = int(round(float(lc["line_width_mm"]) * TWIPS_PER_MM))
        name = (h.issuer or "") + (h.issuer_suffix or "")
        max_pt = float(iss["max_width_mm"]) * 72 / 25.4
        natural = text_width_chars(name) * size
        scale = min(100, int(max_pt / natural * 100)) if natural else 100
        line_twips = pt_to_twips(size * float(iss["line_em"]))
        top = float(lc["issuer_top_mm"]) * TWIPS_PER_MM
        y_issuer = int(round(top - float(iss["ink_top_em"]) * size * 20))
        double = int(round(float(lc["double_line_pt"]) * EIGHTHS_PER_PT))
        first_line_y = int(round(top + float(lc["ink_height_em"]) * size * 20 + float(lc["line_gap_mm"]) * TWIPS_PER_MM))
        bottom_y = int(round((self.style.page.height_mm - float(lc["bottom_line_mm"])) * TWIPS_PER_MM))
        thin_box = CLOSING_PARAGRAPH_TWIPS * 3
        header = [
            self._frame_para([self.run(name, iss["font"], size, color=cfg["red"], scale=scale, spacing_pt=0)],
                             y_issuer, width, line_twips),
            # thick over thin (LibreOffice draws thinThick with the thick line on top of a top border)
            self._frame_para([], first_line_y, width, thin_box, ("top", "thinThickSmallGap", double)),
            # the second line's bottom edge 20 mm above the paper bottom
            self._frame_para([], bottom_y - thin_box, width, thin_box, ("bottom", "thinThickSmallGap", double)),
        ]
        # body: the first element 7/8 of a 3号 character below the first double line.  The frames
        # reach into the 版心, and Word and LibreOffice both set the text below a frame as wide as
        # the page that it would overlap: the body starts under the double line's frame, then
        # this gap
        dn = cfg["doc_no"]
        dn_size = self.size(dn["size"])
        body: List[etree._Element] = [self.para([], exact_twips=int(round(float(lc["first_gap_em"]) * dn_size * 20)))]
        text_width = int(round(self.style.page.text_width_mm * TWIPS_PER_MM))
        lefts = [v for v in (h.copy_no, h.secret, h.urgency) if v]
        top_font = cfg["top_lines"]
        line_h = pt_to_twips(dn_size)
        first_runs = []
        if lefts:
            font = top_font["font"] if h.copy_no else top_font["secret_font"]
            first_runs.append(self.run(lefts[0], font, dn_size))
        if h.doc_no:
            first_runs += [self.run("\t", dn["font"], dn_size), self.run(h.doc_no, dn["font"], dn_size)]
        if first_runs:
            body.append(self.para(first_runs, tabs=[("right", text_width)], exact_twips=line_h))
        for value in lefts[1:]:
            body.append(self.para([self.run(value, top_font["secret_font"], dn_size)], exact_twips=line_h))
        body += [self.blank() for _ in range(int(lc["title_lines_below"]))]
        return header, body

    # -- after the body ------------------------------------------------------------------------------
    def attachments(self, frame: Frame) -> List[etree._Element]:
        items = frame.attachments
        if not items:
            return []
        cfg = self.cfg["attachments"]
        ch = self.char_twips(self.body.size_pt)
        indent = ch * int(cfg["indent_chars"])
        label = "附件："
        out = [self.blank() for _ in range(int(cfg["lines_before"]))]
        if len(items) == 1:
            left = indent + ch * 3
            out.append(self.para([self.run(label + items[0], self.body.font, self.body.size_pt)],
                                 jc="both", left=left, hanging=ch * 3))
            return out
        num_chars = 1.5 if len(items) >= 10 else 1
        left = indent + ch * 3 + int(round(ch * num_chars))
        for i, item in enumerate(items, 1):
            prefix = (label if i == 1 else "") + f"{i}."
            hang = left - (indent if i == 1 else indent + ch * 3)
            out.append(self.para([self.run(prefix, self.body.font, self.body.size_pt),
                                  self.run("\t", self.body.font, self.body.size_pt),
                                  self.run(item, self.body.font, self.body.size_pt)],
                                 jc="both", left=left, hanging=hang, tabs=[("left", left)]))
        return out

    def attendance(self, frame: Frame) -> List[etree._Element]:
        if not frame.attendance:
            return []
        cfg = self.cfg["attendance"]
        ch = self.char_twips(self.body.size_pt)
        indent = ch * int(cfg["indent_chars"])
        out = [self.blank() for _ in range(int(cfg["lines_before"]))]
        for label, names in frame.attendance:
            head = label + "："
            left = indent + ch * len(head)
            out.append(self.para([self.run(head, cfg["label_font"], self.body.size_pt),
                                  self.run(names, self.body.font, self.body.size_pt)],
                                 jc="both", left=left, hanging=ch * len(head)))
        return out

    def sign(self, frame: Frame, room: Optional[int] = None) -> List[etree._Element]:
        """署名 and date; ``room`` (twips left on the page) lets the blank lines above shrink to the
        minimum so the 落款 stays with the body (§7.3.5: adjust the spacing, never a page with only
        the 落款 on it)."""
        s = frame.sign
        if s is None:
            return []
        ch = self.char_twips(self.body.size_pt)
        gap = float(self.cfg.get("autospace_em", 0))
        org_w = text_width_chars(s.org, gap) if s.org else 0.0
        date_w = text_width_chars(s.date or "", gap)
        out: List[etree._Element] = []
        if s.stamped:
            cfg = self.cfg["sign"]["stamped"]
            date_right = float(cfg["date_right_chars"])
            org_right = max(0.0, date_right + (date_w - org_w) / 2)
        else:
            cfg = self.cfg["sign"]["unstamped"]
            org_right = float(cfg["org_right_chars"])
            shift = float(cfg["date_shift_chars"])
            date_right = org_right + org_w - shift - date_w
            if date_right < org_right:          # a date longer than the 署名: the date keeps 2 chars
                date_right = org_right
                org_right = date_right + date_w + shift - org_w
        blanks = int(cfg["lines_before"])
        lines = (1 if s.org else 0) + (1 if s.date else 0) + (1 if frame.note else 0)
        pitch = self.style.grid.line_pitch_twips
        if room is not None:
            while blanks > int(cfg["min_lines_before"]) and (blanks + lines) * pitch > room:
                blanks -= 1
        out += [self.para([], keep_next=True) for _ in range(blanks)]
        if s.org:
            out.append(self.text_para(s.org, jc="right", right=int(round(org_right * ch)), keep_next=True))
        if s.date:
            out.append(self.text_para(s.date, jc="right", right=int(round(date_right * ch))))
        return out

    def note(self, frame: Frame) -> List[etree._Element]:
        if not frame.note:
            return []
        ch = self.char_twips(self.body.size_pt)
        return [self.text_para(f"（{frame.note}）", jc="both",
                               first=ch * int(self.cfg["note"]["indent_chars"]))]

    def annex_head(self, number: Optional[int], written: Optional[str] = None) -> List[etree._Element]:
        cfg = self.cfg["annex"]
        label = written or ("附件" if number is None else f"附件{number}")
        out = [self.para([self.run(label, cfg["label_font"], self.size(cfg["label_size"]))],
                         page_break_before=True)]
        out += [self.blank() for _ in range(int(cfg["lines_before_title"]))]
        return out

    # -- 版记 --------------------------------------------------------------------------------------
    def imprint(self, frame: Frame) -> List[etree._Element]:
        imp = frame.imprint
        if imp is None:
            return []
        cfg = self.cfg["imprint"]
        size = self.size(cfg["size"])
        ch = pt_to_twips(size)
        side = ch * int(cfg["side_chars"])
        width = int(round(self.style.page.text_width_mm * TWIPS_PER_MM))
        thick = int(round(float(cfg["thick_pt"]) * EIGHTHS_PER_PT))
        thin = int(round(float(cfg["thin_pt"]) * EIGHTHS_PER_PT))
        rows: List[etree._Element] = []
        if imp.cc:
            head = "抄送："
            text = "，".join(imp.cc) + "。"
            rows.append(self.para([self.run(head + text, cfg["font"], size, spacing_pt=0)], jc="both",
                                  left=side + ch * len(head), hanging=ch * len(head), right=side))
        letter = frame.genre == "letter"         # 信函: no 印发 line and no separator lines (§10.1)
        if imp.org and not letter:
            rows.append(self.para([self.run(imp.org, cfg["font"], size, spacing_pt=0),
                                   self.run("\t", cfg["font"], size, spacing_pt=0),
                                   self.run(f"{imp.date or ''}印发", cfg["font"], size, spacing_pt=0)],
                                  jc="left", left=side, right=side, tabs=[("right", width - side)]))
        if not rows:
            return []
        # each row's height: its printed lines × line_mm (the 抄送 may wrap)
        line_tw = int(round(float(cfg["line_mm"]) * TWIPS_PER_MM))
        heights = []
        if imp.cc:
            per_line = max(1, int((width - 2 * side - ch * 3) // ch))
            heights.append(line_tw * max(1, -(-int(round(text_width_chars("，".join(imp.cc) + "。"))) // per_line)))
        if imp.org and not letter:
            heights.append(line_tw)
        total = sum(heights)
        text_height = int(round(self.style.page.text_height_mm * TWIPS_PER_MM))
        for p in rows:      # 版记 lines are single-spaced 4号, not on the body's grid
            ppr = p.find(qn("w:pPr"))
            spacing = el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"})
            ppr.find(qn("w:ind")).addprevious(spacing)
            ppr.find(qn("w:autoSpaceDN")).addnext(el("w:snapToGrid", {"w:val": "0"}))
        tbl = el("w:tbl")
        tpr = sub(tbl, "w:tblPr")
        sub(tpr, "w:tblW", {"w:w": width, "w:type": "dxa"})
        sub(tpr, "w:jc", {"w:val": "center"})
        borders = sub(tpr, "w:tblBorders")
        if letter:
            thick = thin = 0
        for name, sz in (("top", thick), ("left", 0), ("bottom", thick), ("right", 0), ("insideH", thin),
                         ("insideV", 0)):
            if sz:
                sub(borders, f"w:{name}", {"w:val": "single", "w:sz": sz, "w:space": 0, "w:color": "000000"})
            else:
                sub(borders, f"w:{name}", {"w:val": "nil"})
        sub(tpr, "w:tblLayout", {"w:type": "fixed"})
        mar = sub(tpr, "w:tblCellMar")
        for name in ("top", "left", "bottom", "right"):
            sub(mar, f"w:{name}", {"w:w": 0, "w:type": "dxa"})
        grid = sub(tbl, "w:tblGrid")
        sub(grid, "w:gridCol", {"w:w": width})
        for p, height in zip(rows, heights):
            tr = sub(tbl, "w:tr")
            sub(sub(tr, "w:trPr"), "w:trHeight", {"w:val": height, "w:hRule": "exact"})
            tc = sub(tr, "w:tc")
            tcpr = sub(tc, "w:tcPr")
            sub(tcpr, "w:tcW", {"w:w": width, "w:type": "dxa"})
            sub(tcpr, "w:vAlign", {"w:val": "center"})
            tc.append(p)
        # the 版记 section starts on a fresh page: a spacer of exact height puts the table's bottom
        # on the 版心 bottom (less the closing 1 pt paragraph a .docx needs after a table, and a
        # little slack so rounding never pushes that paragraph onto a new page)
        spacer = text_height - total - CLOSING_PARAGRAPH_TWIPS - int(round(float(cfg["slack_mm"]) * TWIPS_PER_MM))
        return [self.para([], exact_twips=spacer), tbl]


def _letter_first_page(document: Any) -> None:
    """信函: no page number on page 1 (§10.1): an empty first-page footer."""
    section = document.sections[-1]
    section.different_first_page_header_footer = True
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    for p in footer._element.findall(qn("w:p")):
        for child in list(p):
            if child.tag != qn("w:pPr"):
                p.remove(child)


def _empty_footer(document: Any, section: Any) -> None:
    """Give ``section`` its own empty default and even footers (no page number)."""
    sect = section._sectPr
    for ref in sect.findall(qn("w:footerReference")):
        sect.remove(ref)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
        for p in footer._element.findall(qn("w:p")):
            for child in list(p):
                if child.tag != qn("w:pPr"):
                    p.remove(child)


def apply_frame(document: Any, doc: Document, style: Style,
                annex_body: Callable[[Document], List[etree._Element]]) -> None:
    """Add the frame of ``doc`` to the rendered python-docx ``document`` (in place)."""
    frame = doc.frame
    if frame is None:
        return
    b = _Builder(style)
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    # 版头 before everything the template wrote
    first = body[0]
    for node in b.header(frame):
        first.addprevious(node)
    letter_header: List[etree._Element] = []
    if frame.genre == "letter" and frame.header is not None and frame.header.issuer:
        letter_header, head = b.letter_head(frame)
        for node in head:
            first.addprevious(node)
    tail: List[etree._Element] = []
    tail += b.attachments(frame)
    tail += b.attendance(frame)
    room = None
    if frame.sign is not None:
        from docgen.writers.paginate import Paginator

        pager = Paginator(style, document.styles.element)
        _, used = pager.run([n for n in body if n.tag != qn("w:sectPr")] + tail)
        room = pager.capacity - used
        # if the 落款 cannot stay on the body's last page, the 附件说明 (or, without one, the last
        # body paragraph) goes over with it: a page never holds the 落款 alone (§7.3.5)
        before = [n for n in tail if n.tag == qn("w:p") and n.findall(qn("w:r"))] or \
            [n for n in body if n.tag == qn("w:p")][-1:]
        for p in before:
            ppr = p.find(qn("w:pPr"))
            if ppr is not None and ppr.find(qn("w:keepNext")) is None:
                style_el = ppr.find(qn("w:pStyle"))
                if style_el is not None:
                    style_el.addnext(el("w:keepNext"))
                else:
                    ppr.insert(0, el("w:keepNext"))
    tail += b.sign(frame, room)
    tail += b.note(frame)
    numbered = len(frame.annexes) > 1
    for i, annex in enumerate(frame.annexes, 1):
        written = frame.annex_labels[i - 1] if i <= len(frame.annex_labels) else None
        tail += b.annex_head(i if numbered else None, written)
        tail += annex_body(annex)
    for node in tail:
        sect.addprevious(node)
    if letter_header:
        # the frames go at the start of the body, anchored to the page (in a first-page header
        # LibreOffice grows the header around them and pushes the body down by a guess)
        anchor = body[0]
        for node in letter_header:
            anchor.addprevious(node)
        _letter_first_page(document)
    imprint = b.imprint(frame)
    if not imprint:
        return
    # the body's section ends at its last paragraph; the 版记 gets a section of its own, on a new
    # page, with empty footers.  Its page must be even: when the body (with its 附件) ends on an
    # even page, a blank page comes first (no page number on it either, §7.5)
    from docgen.writers.paginate import last_page

    body_pages = last_page(style, document.styles.element, [n for n in body if n.tag != qn("w:sectPr")])
    last = sect.getprevious()
    if last is None or last.tag != qn("w:p"):
        last = b.para([], exact_twips=CLOSING_PARAGRAPH_TWIPS)
        sect.addprevious(last)
    ppr = last.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        last.insert(0, ppr)
    ppr.append(copy.deepcopy(sect))
    for child in sect.findall(qn("w:type")) + sect.findall(qn("w:titlePg")) + sect.findall(qn("w:headerReference")):
        sect.remove(child)
    page_size = sect.find(qn("w:pgSz"))
    page_size.addprevious(el("w:type", {"w:val": "nextPage"}))
    if body_pages % 2 == 0:
        sect.addprevious(b.para([], exact_twips=CLOSING_PARAGRAPH_TWIPS))     # the blank page
        spacer = imprint[0]
        spacer.find(qn("w:pPr")).find(qn("w:pStyle")).addnext(el("w:pageBreakBefore"))
    anchor = b.para([], exact_twips=CLOSING_PARAGRAPH_TWIPS)
    # the paragraph mark in a 1 pt font: LibreOffice gives an empty paragraph its mark's height
    mark = sub(anchor.find(qn("w:pPr")), "w:rPr")
    sub(mark, "w:sz", {"w:val": 2})
    sub(mark, "w:szCs", {"w:val": 2})
    sect.addprevious(anchor)
    for node in imprint:
        anchor.addprevious(node)
    _empty_footer(document, document.sections[-1])


__all__ = ["apply_frame", "text_width_chars"]
