"""A golden .docx built with python-docx exactly as ../shared/reference/OOXML_NOTES.md says
(variant ``lines``), independent of docgen's writer and template, plus deliberately broken variants.

The render tests use it to prove the measurer: the golden must pass every check, and each broken
variant must fail the one check it breaks (30 pt pitch -> 21 lines; no letter spacing -> 27 chars;
centred page numbers -> wrong side; footer 20 mm from the edge -> page number 12 mm below the 版心).  All dimensions come from the Style, not from literals.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.style import Style, load_style, mm_to_twips, pt_to_twips

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: OOXML percentage units: w:firstLineChars="200" = 2 characters
CHARS_UNIT = 100
#: w:spacing w:line="240" w:lineRule="auto" = single spacing
SINGLE_LINE = 240


def _el(tag: str, **attrs) -> OxmlElement:
    e = OxmlElement(tag)
    for key, value in attrs.items():
        e.set(qn(key.replace("_", ":", 1)), str(value))
    return e


def _set_rpr(rpr, east: str, latin: str, size_pt: float, spacing_pt: float) -> None:
    for old in list(rpr):
        rpr.remove(old)
    rpr.append(_el("w:rFonts", w_ascii=latin, w_hAnsi=latin, w_eastAsia=east, w_cs=latin, w_hint="eastAsia"))
    rpr.append(_el("w:spacing", w_val=pt_to_twips(spacing_pt)))
    rpr.append(_el("w:sz", w_val=int(round(size_pt * 2))))
    rpr.append(_el("w:szCs", w_val=int(round(size_pt * 2))))
    # en-US for Latin: zh-CN would let LibreOffice break inside numbers (OOXML_NOTES.md §6)
    rpr.append(_el("w:lang", w_val="en-US", w_eastAsia="zh-CN", w_bidi="ar-SA"))


def seed_paragraphs(seed: str = "002_b2d4874fc0b8858a.txt", count: int = 8) -> list:
    """Long content paragraphs of a seed; "XXX" placeholders as "×××" (what golden.py did)."""
    text = next(SEEDS.glob(seed)).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if len(line) >= 60:
            out.append(re.sub("X", "×", line))
    return out[:count]


def build_golden(path: Path, style: Optional[Style] = None, paragraphs: Optional[Iterable[str]] = None,
                 line_pitch_pt: Optional[float] = None, letter_spacing_pt: Optional[float] = None,
                 folio: str = "sides", title: Optional[str] = "在县委党的建设工作领导小组会议上的讲话",
                 footer_mm: Optional[float] = None) -> Path:
    style = style or load_style()
    body = style.role("body")
    spacing = body.letter_spacing_pt if letter_spacing_pt is None else letter_spacing_pt
    pitch = style.grid.line_pitch_pt if line_pitch_pt is None else line_pitch_pt
    paragraphs = list(paragraphs) if paragraphs is not None else seed_paragraphs()

    doc = Document()
    # docDefaults AND Normal: LibreOffice reads Normal, Word docDefaults
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rpr(defaults, body.font, body.latin_font, body.size_pt, spacing)
    normal = doc.styles["Normal"].element
    _set_rpr(normal.get_or_add_rPr(), body.font, body.latin_font, body.size_pt, spacing)
    ppr = normal.get_or_add_pPr()
    for old in list(ppr):
        ppr.remove(old)
    ppr.append(_el("w:widowControl", w_val=0))
    ppr.append(_el("w:spacing", w_before=0, w_after=0, w_beforeLines=0, w_afterLines=0,
                   w_line=SINGLE_LINE, w_lineRule="auto"))
    ppr.append(_el("w:jc", w_val="both"))

    tw = style.page.twips()
    if footer_mm is not None:
        tw["footer"] = mm_to_twips(footer_mm)
    sect = doc.sections[0]._sectPr
    for tag in ("w:pgSz", "w:pgMar", "w:docGrid", "w:cols"):
        for old in sect.findall(qn(tag)):
            sect.remove(old)
    sect.append(_el("w:pgSz", w_w=tw["width"], w_h=tw["height"]))
    sect.append(_el("w:pgMar", w_top=tw["top"], w_right=tw["right"], w_bottom=tw["bottom"], w_left=tw["left"],
                    w_header=tw["header"], w_footer=tw["footer"], w_gutter=0))
    # line grid only: linesAndChars with a negative charSpace gives 14 chars a line in LibreOffice
    sect.append(_el("w:docGrid", w_type="lines", w_linePitch=pt_to_twips(pitch)))
    doc.settings.odd_and_even_pages_header_footer = True
    doc.settings.element.append(_el("w:characterSpacingControl", w_val="doNotCompress"))

    folio_role = style.role("page_number")
    inset = pt_to_twips(folio_role.size_pt * float(folio_role.get("side_chars", 1)))
    sides = {"sides": (folio_role.get("odd"), folio_role.get("even")), "center": ("center", "center")}[folio]
    for footer, side in ((doc.sections[0].footer, sides[0]), (doc.sections[0].even_page_footer, sides[1])):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        fppr = p._p.get_or_add_pPr()
        fppr.append(_el("w:snapToGrid", w_val=0))
        # single spacing: an inherited exact 579 tw line would push the footer into the text block
        fppr.append(_el("w:spacing", w_line=SINGLE_LINE, w_lineRule="auto"))
        if side == "right":
            fppr.append(_el("w:ind", w_rightChars=CHARS_UNIT, w_right=inset))
        elif side == "left":
            fppr.append(_el("w:ind", w_leftChars=CHARS_UNIT, w_left=inset))
        fppr.append(_el("w:jc", w_val=side))
        before, after = str(folio_role.get("format", "— {n} —")).split("{n}")

        def run(text=None, fld=None, instr=None):
            r = _el("w:r")
            rpr = _el("w:rPr")
            _set_rpr(rpr, folio_role.font, folio_role.latin_font, folio_role.size_pt, 0)
            r.append(rpr)
            if text is not None:
                t = _el("w:t")
                t.text = text
                t.set(XML_SPACE, "preserve")
                r.append(t)
            if fld:
                r.append(_el("w:fldChar", w_fldCharType=fld))
            if instr:
                t = _el("w:instrText")
                t.text = instr
                t.set(XML_SPACE, "preserve")
                r.append(t)
            p._p.append(r)

        run(before)
        run(fld="begin")
        run(instr=" PAGE ")
        run(fld="separate")
        run("1")
        run(fld="end")
        run(after)

    def para(runs, role_name: str, indent_chars: float = 0, jc: Optional[str] = None):
        role = style.role(role_name)
        p = doc.add_paragraph()
        pp = p._p.get_or_add_pPr()
        if indent_chars:
            # both attributes: Word reads *Chars, LibreOffice 7.4 only the twips
            pp.append(_el("w:ind", w_firstLineChars=int(indent_chars * CHARS_UNIT),
                          w_firstLine=int(round(indent_chars * pt_to_twips(role.size_pt + spacing)))))
        if jc:
            pp.append(_el("w:jc", w_val=jc))
        for text, run_role in runs:
            rr = style.role(run_role)
            r = p.add_run(text)
            _set_rpr(r._r.get_or_add_rPr(), rr.font, rr.latin_font, rr.size_pt,
                     spacing if rr.letter_spacing_pt else 0)
        return p

    if title:
        para([(title, "title")], "title", jc="center")
        para([], "body")  # 标题下空一行
    para([("同志们：", "salutation")], "salutation", jc="left")
    for i, text in enumerate(paragraphs):
        if i == 2:
            para([("一、切实提高政治站位，扛牢管党治党政治责任", "h1")], "h1", indent_chars=2)
        if i == 4:
            # run-in level-2 heading: heading in 楷体, the rest of the paragraph in 仿宋
            para([("（一）强化党建主业职责意识。", "h2"), (text, "body")], "h2", indent_chars=2)
            continue
        para([(text, "body")], "body", indent_chars=body.first_line_chars)
    doc.save(str(path))
    return Path(path)
