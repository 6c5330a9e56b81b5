"""The faithful parse of a .docx body: one RawPara per Word paragraph (and per table), nothing
interpreted.

Like pandoc's docx reader this is the first of two stages: ``parse_body`` walks the body once, in
order, with Word's automatic numbers frozen into the text (readers/docx/numbering.py), soft line
breaks merged, tables read as cells, and the paragraph's effective style facts (style, numbering
through the style chain, bold) asked of the one resolver (docgen/ooxml/resolve.py).  What the
paragraphs *are* is decided afterwards (readers/docx/reading.py, readers/docx/content.py).

Checklist of Word features: [X] w:numPr through styles and numbering.xml (一、 （一） %1. bullets
skipped and reported) [X] soft breaks (w:br, w:cr, a newline inside w:t) [X] tabs [X] hyperlinks,
fields (result text), w:ins [X] w:del / w:moveFrom skipped [X] tables (merged cells repeated as
in Word's grid; a cell's paragraphs kept apart; a one-cell frame table read as paragraphs)
[X] content controls and custom XML (read, indexed after the paragraph before them) [X] text
boxes [X] ruby (the base text only) [X] hidden text (not read; reported) [X] equations (their
text) [X] pictures, footnotes, endnotes (carried into the output: readers/docx/objects.py)
[-] comments, header text, charts (reported, not carried).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from docgen.ooxml.ns import w
from docgen.ooxml.resolve import Resolver, numbering_of, on_off, style_name
from docgen.readers.docx.numbering import Numbering
from docgen.readers.docx.package import open_document
from docgen.units import Unit

PathLike = Union[str, Path]

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

#: elements whose text is not part of the paragraph as printed / as the author meant it
_SKIP = {w("del"), w("moveFrom"), w("txbxContent"), w("pPr"), w("rPr"), w("footnoteReference"),
         w("endnoteReference"), w("commentReference"), f"{{{MC_NS}}}Fallback", w("instrText"),
         w("delText"), w("fldData"), w("rt")}
#: an equation's text (OMML): read as the paragraph's text, never dropped (issue 13)
_M_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
# tag names of the paragraph walk, computed once (it runs for every element of every paragraph)
_T_RUN, _T_VANISH, _T_RPR, _T_B = w("r"), w("vanish"), w("rPr"), w("b")
_T_T, _T_P, _T_NBH, _A_TYPE, _A_VAL, _A_ID = w("t"), w("p"), w("noBreakHyphen"), w("type"), w("val"), w("id")
_T_PPR, _T_PSTYLE = w("pPr"), w("pStyle")
_T_TABS = (w("tab"), w("ptab"))
_T_BREAKS = (w("br"), w("cr"))
_NOTE_REFS = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote",
              w("commentReference"): "comment"}


@dataclass
class RawPara(Unit):
    """One body paragraph (or table) of a .docx, parsed but not interpreted."""

    style_name: Optional[str] = None
    is_table: bool = False
    auto_number: Optional[str] = None      # the frozen Word number ("一、"), if any
    bold: bool = False                     # every visible run is bold


@dataclass
class Block:
    """A RawPara with what the parse saw of it beyond the unit: its Word element (the anchor
    comments, pictures and text boxes are found from), the text between its soft breaks, and
    whether a Word bullet was dropped in front of it.  Kept beside the unit, never in it: units
    are copied and pickled, XML elements must not travel with them."""

    unit: RawPara
    element: Any
    pieces: List[str] = field(default_factory=list)
    bullet: bool = False

    @property
    def in_paragraphs(self) -> bool:
        """One of python-docx's ``Document.paragraphs`` (not a table, not inside a content
        control, custom XML or a frame table)."""
        return self.unit.kind != "table" and not self.unit.hints.sdt


# -- text of a paragraph ---------------------------------------------------------------------------

_CJK_RANGES = ("\u2e80", "\u9fff"), ("\uf900", "\ufaff"), ("\uff00", "\uffef"), ("\u3000", "\u303f")


def _is_cjk(ch: str) -> bool:
    return any(a <= ch <= b for a, b in _CJK_RANGES) or ch in "“”‘’—…·"


def merge_breaks(pieces: List[str]) -> str:
    """Join the text on both sides of a soft line break: nothing between CJK, a space otherwise."""
    out = ""
    for piece in pieces:
        if out and piece:
            a, b = out.rstrip()[-1:], piece.lstrip()[:1]
            if a and b and not (_is_cjk(a) or _is_cjk(b)):
                out = out.rstrip() + " " + piece.lstrip()
                continue
            out = out.rstrip(" ") + piece.lstrip(" ")
        else:
            out += piece
    return out


def _hidden_run(run: Any) -> bool:
    """A run set as hidden text (w:vanish): not printed, so not read as the paragraph's text."""
    rpr = next(run.iterchildren(_T_RPR), None)      # iterchildren: cheaper than find's path parser
    v = next(rpr.iterchildren(_T_VANISH), None) if rpr is not None else None
    return v is not None and v.get(_A_VAL, "true") not in ("0", "false", "off")


def paragraph_text(p: Any) -> Tuple[str, int]:
    """(text of a w:p element as printed, number of soft line breaks merged)."""
    pieces, breaks = paragraph_pieces(p)
    return merge_breaks(pieces), breaks


def paragraph_pieces(p: Any, on_note: Any = None) -> Tuple[List[str], int]:
    """(the text between the soft line breaks of a w:p element, number of breaks).

    ``on_note(kind, id)`` (format's reader) returns the character that stands for a footnote or
    endnote reference in the text (readers.docx.objects.NoteCollector); without it references
    are left out, as check reads them."""
    pieces: List[str] = [""]
    breaks = 0

    def walk(el: Any) -> None:
        nonlocal breaks
        for child in el:
            tag = child.tag
            # runs and their text first: they are most of what a paragraph holds
            if tag == _T_RUN:
                if not _hidden_run(child):
                    walk(child)
                continue
            if tag == _T_T or tag == _M_T:
                text = child.text or ""
                if "\n" not in text and "\r" not in text:
                    pieces[-1] += text
                    continue
                # a newline typed inside a w:t is a soft line break, as Word shows it (issue 13)
                lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                pieces[-1] += lines[0]
                for more in lines[1:]:
                    pieces.append(more)
                    breaks += 1
                continue
            if on_note is not None and tag in _NOTE_REFS:
                pieces[-1] += on_note(_NOTE_REFS[tag], child.get(_A_ID))
                continue
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in _T_TABS:
                pieces[-1] += "\t"
            elif tag in _T_BREAKS:
                if child.get(_A_TYPE) in ("page", "column"):
                    continue
                pieces.append("")
                breaks += 1
            elif tag == _T_NBH:
                pieces[-1] += "-"
            elif tag == _T_P:
                continue                      # a nested paragraph (text box): not this paragraph's text
            else:
                walk(child)

    walk(p)
    return pieces, breaks


def raw_style_id(p_el: Any) -> Optional[str]:
    """The w:pStyle value of a w:p element as written (None without one)."""
    ppr = next(p_el.iterchildren(_T_PPR), None)      # iterchildren: cheaper than find's path parser
    ps = next(ppr.iterchildren(_T_PSTYLE), None) if ppr is not None else None
    return ps.get(_A_VAL) if ps is not None else None


def all_bold(p_el: Any, resolver: Resolver, style_id: Optional[str]) -> bool:
    """True when every run with visible text is bold, as the resolver reads the run (direct
    formatting, character style, paragraph style ``style_id``, document defaults)."""
    seen = False
    for r in p_el.iter(_T_RUN):
        if not "".join([t.text or "" for t in r.iter(_T_T)]).strip():
            continue
        seen = True
        if not resolver.run_props(p_el, r, style_id).bold:
            return False
    return seen


# -- tables ------------------------------------------------------------------------------------------

def _cell_text(tc: Any) -> str:
    """A cell's text; its paragraphs stay apart, one per line (the writer prints a line break),
    never glued into one run of text (issue 13)."""
    parts = [paragraph_text(p)[0].strip() for p in tc.iter(_T_P)]
    return "\n".join(p for p in parts if p)


def layout_cell(tbl: Any) -> Optional[Any]:
    """The one cell of a one-row, one-column table (a speech laid out in a frame), else None."""
    rows = tbl.findall(w("tr"))
    if len(rows) != 1:
        return None
    cells = rows[0].findall(w("tc"))
    return cells[0] if len(cells) == 1 else None


def _table_rows(tbl: Any) -> Tuple[List[List[str]], int]:
    rows: List[List[str]] = []
    header_rows = 0
    counting_header = True
    for tr in tbl.findall(w("tr")):
        cells = []
        for tc in tr.findall(w("tc")):
            span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
            span = int(span_el.get(_A_VAL, "1")) if span_el is not None else 1
            # a merged cell's text once, then empty cells for the columns it spans (the model has no
            # spans; repeating the text printed "项目类别 项目类别")
            cells.extend([_cell_text(tc)] + [""] * (max(span, 1) - 1))
        trpr = tr.find(w("trPr"))
        is_header = trpr is not None and on_off(trpr.find(w("tblHeader"))) is True
        if counting_header and is_header:
            header_rows += 1
        else:
            counting_header = False
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return rows, header_rows


def _bold_first_row(tbl: Any) -> int:
    """A first row set in bold is a header row (a common hand-made table)."""
    tr = tbl.find(w("tr"))
    if tr is None or len(tbl.findall(w("tr"))) < 2:
        return 0
    runs = [r for r in tr.iter(_T_RUN) if "".join(t.text or "" for t in r.iter(_T_T)).strip()]
    if not runs:
        return 0
    for r in runs:
        rpr = r.find(_T_RPR)
        if rpr is None or not on_off(rpr.find(_T_B)):
            return 0
    return 1


# -- the body ------------------------------------------------------------------------------------------

def parse_body(document: Any, resolver: Optional[Resolver] = None, include_sdt: bool = True,
               notes: Any = None) -> List[Block]:
    """Every body paragraph (index = 1-based python-docx ``Document.paragraphs`` index) and every
    top-level table (kind "table", index of the paragraph before it), in body order.

    With ``include_sdt`` the paragraphs inside block content controls (w:sdt), custom XML and a
    one-cell frame table are returned too (``hints.sdt``, indexed like the paragraph before them);
    without it a frame table is a table.  ``notes`` (format's NoteCollector) puts a mark for each
    footnote or endnote reference into the text.  ``resolver``: the document's Resolver, when the
    caller has one (its style answers are shared)."""
    if resolver is None:
        resolver = Resolver(document)
    numbering = Numbering(document)
    on_note = notes.marker if notes is not None else None
    out: List[Block] = []
    index = 0
    names: Dict[Optional[str], Optional[str]] = {}      # style id -> its name, asked once per style

    def para(p_el: Any, idx: int, in_sdt: bool = False) -> Block:
        style_id = resolver.style_id_of(p_el)
        if style_id not in names:
            names[style_id] = style_name(resolver, style_id)
        pieces, breaks = paragraph_pieces(p_el, on_note=on_note)
        text = merge_breaks(pieces)
        num_id, level = numbering_of(resolver, p_el, style_id)
        auto = numbering.text(num_id, level) if num_id else None
        if auto and text.strip():
            text = auto + text.lstrip()
        elif auto:
            auto = None
        raw = RawPara(index=idx, text=text, style=raw_style_id(p_el), style_name=names[style_id], auto_number=auto,
                      bold=all_bold(p_el, resolver, style_id) if text.strip() else False)
        if breaks:
            raw.hints.soft_breaks = breaks
        if in_sdt:
            raw.hints.sdt = True
        if not text.strip():
            raw.kind = "blank"
        return Block(raw, p_el, pieces if breaks else [])

    for child in document.element.body.iterchildren():
        tag = child.tag
        if tag == _T_P:
            index += 1
            out.append(para(child, index))
            if numbering.bullets:
                out[-1].bullet = True               # reported by format (issue 13)
                numbering.bullets = 0
        elif tag == w("tbl") and include_sdt and layout_cell(child) is not None:
            # a one-cell table is a frame around text: its paragraphs are body paragraphs
            for p_el in layout_cell(child).iter(_T_P):
                out.append(para(p_el, max(index, 1), in_sdt=True))
        elif tag == w("tbl"):
            rows, header_rows = _table_rows(child)
            if rows:
                t = RawPara(index=index, text="", kind="table", table=rows, is_table=True)
                t.hints.header_rows = header_rows or _bold_first_row(child)
                out.append(Block(t, child))
        elif tag == w("customXml") and include_sdt:
            # paragraphs wrapped in custom XML are body paragraphs (issue 13)
            for p_el in child.iter(_T_P):
                out.append(para(p_el, max(index, 1), in_sdt=True))
        elif tag == w("sdt") and include_sdt:
            content = child.find(w("sdtContent"))
            for p_el in (content.findall(_T_P) if content is not None else []):
                out.append(para(p_el, max(index, 1), in_sdt=True))
    return out


def raw_paragraphs(path: PathLike, document: Any = None, include_sdt: bool = False) -> List[RawPara]:
    """The units of ``parse_body`` (``document``: ``path`` opened, when the caller has it)."""
    if document is None:
        document = open_document(path)
    return [block.unit for block in parse_body(document, include_sdt=include_sdt)]


__all__ = ["RawPara", "Block", "parse_body", "raw_paragraphs", "paragraph_text", "paragraph_pieces",
           "merge_breaks", "raw_style_id", "all_bold", "layout_cell"]
