"""Measure the layout of a rendered PDF (``measure_pdf``); docgen.render.judge judges it.

"Print-ready" is a claim about paper, so it is checked on the pages LibreOffice renders, not on
the XML: per page the text lines (grouped by baseline), their grid slot, characters per full line,
line pitch, text-block margins (ideographic em box), page number (text, size, font, side, distance
from the 版心 edge) and loose (over-stretched) lines.  ``judge`` compares that with the Style; the
expectations and tolerances (docgen.render.tolerances) follow ../shared/reference/OOXML_NOTES.md
("Checker tolerances").

PyMuPDF is imported lazily (only ``measure_pdf`` needs it), pinned < 2 in setup.cfg.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median
from typing import Any, Dict, List, Optional, Tuple, Union

from docgen.errors import InputError, RenderError
from docgen.render.tolerances import RenderTolerances
from docgen.style import Style, load_style

PT_PER_MM = 72 / 25.4

# -- font metrics (properties of CJK fonts, not house-style settings) ---------------------------
#: ideographic em box relative to the baseline, in em: CJK fonts put the ideographic baseline
#: 0.12 em below the alphabetic one, so the em box spans baseline −0.88 em … +0.12 em
EM_BOX_ABOVE = 0.88
EM_BOX_BELOW = 0.12
#: a glyph whose advance is at least this share of an em is full-width (CJK, full-width punctuation)
FULL_WIDTH_ADVANCE = 0.9
#: closing punctuation LibreOffice may hang past the right edge of a justified line (one mark)
HANGING_PUNCTUATION = set("，。、；：！？）》」』〉】”’")
#: opening marks that may not end a line (禁则): the word they open moves down with them
OPENING_PUNCTUATION = set("“‘《（〈【「『〔")
#: the unit a line may not be broken inside: opening marks, then a number/Latin word or one
#: character, then closing marks and the point marks that may not start a line (禁则)
LEADING_UNIT_RE = re.compile(r"^[“‘《（〈【「『〔]*(?:[\x21-\x7e]+|\S)[”’》）〉】」』〕，。、；：！？]*")
#: a hanging mark starts at (or within this many em before) the right edge of the 版心
HANGING_START_EM = 0.25
#: glyphs closer than this (in em of the line's size) to one baseline belong to the same line
BASELINE_SNAP_EM = 0.1

#: rasterising the folio dash: 4 × 72 dpi; a pixel darker than this (of 255) is ink
DASH_RASTER_SCALE = 4
INK_THRESHOLD = 128

FOLIO_RE = re.compile(r"^[—–－\-─]+\s*(\d+)\s*[—–－\-─]+$")

#: PDF font names of the stand-ins (docgen/data/fonts.conf) -> family keys of Style.font_aliases.
#: LibreOffice embeds the Noto CJK collection faces under the collection's CFF name (…CJKjp…).
STAND_IN_FAMILIES: Tuple[Tuple[str, str], ...] = (
    (r"NotoSerifCJK.*-Light", "fangsong"),
    (r"NotoSerifCJK.*-SemiBold", "xiaobiaosong"),
    (r"NotoSerifCJK.*-Regular", "songti"),
    (r"NotoSansCJK", "heiti"),
    (r"LXGWWenKai|WenKai", "kaiti"),
    (r"LiberationSerif", "times"),
    (r"UMing|SungtiL", "songti"),
    (r"UKai|KaitiM", "kaiti"),
    (r"WenQuanYi|ZenHei", "heiti"),
)


def family_of_pdf_font(name: str) -> Optional[str]:
    """'NotoSerifCJKjp-Light-VKana' -> 'fangsong' (None for an unknown font)."""
    base = name.split("+", 1)[-1]
    for pattern, family in STAND_IN_FAMILIES:
        if re.search(pattern, base, re.I):
            return family
    return None

# -- measurement data --------------------------------------------------------------------------

@dataclass
class Glyph:
    c: str
    x0: float
    x1: float          # x0 + advance
    size: float
    font: str


@dataclass
class Line:
    baseline_pt: float
    size_pt: float           # dominant glyph size
    kind: str                # "title" | "body" | "other"
    text: str
    glyphs: int              # counted glyphs: no spaces, no hanging mark
    hanging: Optional[str]   # the punctuation mark hanging past the right edge, if any
    x0_pt: float
    x1_pt: float             # right edge of the last counted glyph
    em_top_pt: float
    em_bottom_pt: float
    full_width: bool         # every counted glyph is full-width
    width_em: float          # sum of glyph advances / size (half-width digits ≈ 0.5 em)
    stretch_em: float        # extent − natural width (with letter spacing), in em: >0 = loosened
    indent_em: float
    reaches_right: bool
    families: List[str]
    starts_half_width: bool  # first glyph is half-width (a number or Latin word begins the line)
    slot: int = 0

    @property
    def is_full(self) -> bool:
        """A full line: justified to the right edge and not indented (candidate for 28 chars)."""
        return self.reaches_right and self.kind == "body"


@dataclass
class Folio:
    text: str
    number: Optional[int]
    size_pt: float
    font: str
    family: Optional[str]
    side: str                # "left" | "right" | "center"
    inset_pt: float          # distance from the nearer 版心 edge to the text
    inset_chars: float       # the same, in characters of the folio size
    x0_pt: float
    baseline_mm: float
    dash_top_mm: Optional[float] = None   # ink top of the leading 一字线, from a rasterised clip


@dataclass
class PageMeasure:
    number: int
    width_mm: float
    height_mm: float
    lines: List[Line]
    folio: Optional[Folio]
    header_text: str
    other_footer_text: str
    pitch_pt: Optional[float]
    last_slot: int
    margin_top_mm: Optional[float]
    margin_bottom_mm: Optional[float]
    margin_left_mm: Optional[float]
    margin_right_mm: Optional[float]
    has_table: bool
    is_last: bool

    @property
    def line_count(self) -> int:
        return len(self.lines)

    @property
    def full_lines(self) -> List[Line]:
        return [ln for ln in self.lines if ln.is_full]

    def char_counts(self, no_indent_em: float) -> Counter:
        """Glyphs per full, non-indented, all-full-width line."""
        return Counter(ln.glyphs for ln in self.full_lines
                       if ln.full_width and abs(ln.indent_em) <= no_indent_em)


@dataclass
class Measurement:
    path: str
    pages: List[PageMeasure]
    style_name: str
    body_size_pt: float
    title_size_pt: float

    def to_dict(self) -> Dict[str, Any]:
        out = asdict(self)
        for page, raw in zip(self.pages, out["pages"]):
            raw["line_count"] = page.line_count
        return out


# -- measuring ---------------------------------------------------------------------------------

def import_pymupdf():
    """PyMuPDF under its module name (``pymupdf`` since 1.24.3, ``fitz`` before), or a RenderError
    that says how to install it."""
    try:
        import pymupdf
        return pymupdf
    except ImportError:
        try:
            import fitz
            return fitz
        except ImportError:
            raise RenderError("需要 PyMuPDF 才能渲染和测量 PDF：pip install 'docgen[render]'（或 pip install 'pymupdf<2'）") from None


def _page_glyphs(page) -> List[Tuple[float, Glyph]]:
    raw = page.get_text("rawdict")
    out = []
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            if tuple(round(v) for v in line.get("dir", (1, 0))) != (1, 0):
                continue  # rotated text (watermarks) is not part of the text block
            for span in line.get("spans", []):
                for ch in span.get("chars", []):
                    x0, _, x1, _ = ch["bbox"]
                    out.append((ch["origin"][1], Glyph(ch["c"], x0, x1, span["size"], span["font"])))
    return out


def _group_lines(glyphs: List[Tuple[float, Glyph]]) -> List[Tuple[float, List[Glyph]]]:
    glyphs.sort(key=lambda g: (g[0], g[1].x0))
    lines: List[Tuple[float, List[Glyph]]] = []
    for y, g in glyphs:
        if lines and abs(y - lines[-1][0]) <= BASELINE_SNAP_EM * max(g.size, 1):
            lines[-1][1].append(g)
        else:
            lines.append((y, [g]))
    return [(y, sorted(gs, key=lambda g: g.x0)) for y, gs in lines]


def _make_line(y: float, glyphs: List[Glyph], left: float, right: float, body_size: float,
               title_size: float, letter_spacing: float, tol: RenderTolerances) -> Optional[Line]:
    ink = [g for g in glyphs if not g.c.isspace()]
    if not ink:
        return None
    size = Counter(round(g.size, 1) for g in ink).most_common(1)[0][0]
    hanging = None
    if ink[-1].c in HANGING_PUNCTUATION and ink[-1].x0 >= right - HANGING_START_EM * size and len(ink) > 1:
        hanging = ink[-1].c
        ink = ink[:-1]
    x0, x1 = ink[0].x0, ink[-1].x1
    counted = [g for g in glyphs if g.x0 >= x0 - 0.01 and g.x1 <= x1 + 0.01]
    advances = sum(g.x1 - g.x0 for g in counted)
    natural = advances + letter_spacing * max(len(counted) - 1, 0)
    if size >= title_size - tol.font_size_pt:
        kind = "title"
    elif abs(size - body_size) <= tol.font_size_pt:
        kind = "body"
    else:
        kind = "other"
    families = sorted({family_of_pdf_font(g.font) or g.font for g in ink})
    return Line(
        baseline_pt=round(y, 2), size_pt=size, kind=kind,
        text="".join(g.c for g in glyphs), glyphs=len(ink), hanging=hanging,
        x0_pt=round(x0, 2), x1_pt=round(x1, 2),
        em_top_pt=round(y - EM_BOX_ABOVE * size, 2), em_bottom_pt=round(y + EM_BOX_BELOW * size, 2),
        full_width=all(g.x1 - g.x0 >= FULL_WIDTH_ADVANCE * g.size for g in ink),
        width_em=round(sum(g.x1 - g.x0 for g in ink) / size, 2),
        stretch_em=round(((x1 - x0) - natural) / size, 2),
        indent_em=round((x0 - left) / size, 2),
        reaches_right=x1 >= right - tol.full_line_reach_em * size,
        families=families,
        starts_half_width=ink[0].x1 - ink[0].x0 < FULL_WIDTH_ADVANCE * ink[0].size,
    )


def _pitch(lines: List[Line], nominal: float) -> Optional[float]:
    body = sorted(ln.baseline_pt for ln in lines if ln.kind == "body")
    deltas = [b - a for a, b in zip(body, body[1:]) if 0.5 * nominal < b - a < 1.5 * nominal]
    return round(median(deltas), 2) if deltas else None


def _assign_slots(lines: List[Line], pitch: float, top_pt: float, body_size: float, slack_pt: float) -> None:
    """Number the grid slots: slot 1 is the first lattice line whose em box starts in the 版心."""
    anchors = [ln for ln in lines if ln.kind == "body"] or lines
    if not anchors:
        return
    b = anchors[0].baseline_pt
    k = math.floor((b - EM_BOX_ABOVE * body_size - (top_pt - slack_pt)) / pitch)
    first = b - max(k, 0) * pitch
    for ln in lines:
        ln.slot = int(round((ln.baseline_pt - first) / pitch)) + 1


def _folio(lines: List[Line], left: float, right: float) -> Optional[Folio]:
    for ln in lines:
        text = re.sub(r"\s+", " ", ln.text.strip())
        m = FOLIO_RE.match(text.replace(" ", ""))
        if not m:
            continue
        centre = (ln.x0_pt + ln.x1_pt) / 2
        if centre > (left + right) / 2 + ln.size_pt:
            side, inset = "right", right - ln.x1_pt
        elif centre < (left + right) / 2 - ln.size_pt:
            side, inset = "left", ln.x0_pt - left
        else:
            side, inset = "center", min(right - ln.x1_pt, ln.x0_pt - left)
        return Folio(text=text, number=int(m.group(1)), size_pt=ln.size_pt,
                     font=",".join(ln.families), family=ln.families[0] if len(ln.families) == 1 else None,
                     side=side, inset_pt=round(inset, 2), inset_chars=round(inset / ln.size_pt, 2),
                     x0_pt=ln.x0_pt,
                     baseline_mm=round(ln.baseline_pt / PT_PER_MM, 2))
    return None


def _dash_top_mm(fitz, page, folio: Folio) -> Optional[float]:
    """Top of the ink of the folio's first glyph (the dash): GB/T 9704 puts it 7 mm below the 版心."""
    size = folio.size_pt
    baseline = folio.baseline_mm * PT_PER_MM
    x0 = folio.x0_pt
    clip = fitz.Rect(x0, baseline - size, x0 + size, baseline + EM_BOX_BELOW * size)
    scale = DASH_RASTER_SCALE
    pix = page.get_pixmap(matrix=fitz.Matrix(scale, scale), clip=clip, colorspace=fitz.csGRAY)
    data, width = pix.samples, pix.width
    for row in range(pix.height):
        if min(data[row * width:(row + 1) * width], default=255) < INK_THRESHOLD:
            return round((clip.y0 + row / scale) / PT_PER_MM, 2)
    return None


def _has_table(page, top: float, bottom: float) -> bool:
    """Vector rules inside the 版心 mean a table (its rows do not sit on the text grid)."""
    try:
        drawings = page.get_drawings()
    except Exception:  # noqa: BLE001 - a malformed drawing must not stop the measurement
        return False
    return any(top - 1 <= d["rect"].y0 and d["rect"].y1 <= bottom + 1 for d in drawings)


def measure_pdf(pdf: Union[str, Path], style: Optional[Style] = None) -> Measurement:
    """Measure every page of a PDF rendered from a docgen document."""
    style = style or load_style()
    tol = RenderTolerances.from_style(style)
    fitz = import_pymupdf()
    path = Path(pdf)
    if not path.is_file():
        raise InputError("找不到 PDF 文件", path=path)
    try:
        doc = fitz.open(path)
    except Exception as exc:  # noqa: BLE001 - PyMuPDF raises its own error types
        raise InputError("无法打开 PDF（文件已损坏或不是 PDF）", path=path) from None
    body = style.role("body")
    title_size = style.role("title").size_pt
    page_style = style.page
    nominal_pitch = style.grid.line_pitch_pt
    pages: List[PageMeasure] = []
    with doc:
        for index, page in enumerate(doc):
            w, h = page.rect.width, page.rect.height
            left = page_style.margin_left_mm * PT_PER_MM
            right = w - page_style.margin_right_mm * PT_PER_MM
            top = page_style.margin_top_mm * PT_PER_MM
            bottom = h - page_style.margin_bottom_mm * PT_PER_MM
            made = [_make_line(y, gs, left, right, body.size_pt, title_size, body.letter_spacing_pt, tol)
                    for y, gs in _group_lines(_page_glyphs(page))]
            all_lines = [ln for ln in made if ln is not None]
            text_lines = [ln for ln in all_lines if ln.em_top_pt < bottom and ln.em_bottom_pt > top]
            header = [ln for ln in all_lines if ln.em_bottom_pt <= top]
            footer = [ln for ln in all_lines if ln.em_top_pt >= bottom]
            folio = _folio(footer, left, right)
            if folio is not None:
                folio.dash_top_mm = _dash_top_mm(fitz, page, folio)
            pitch = _pitch(text_lines, nominal_pitch)
            _assign_slots(text_lines, pitch or nominal_pitch, top, body.size_pt, tol.margin_mm * PT_PER_MM)
            reaching = [ln for ln in text_lines if ln.reaches_right and ln.kind == "body"]
            # the left edge is where un-indented lines start (a page may hold only first lines)
            flush = [ln for ln in text_lines if ln.kind == "body"
                     and ln.indent_em < body.first_line_chars - tol.first_line_slack_em]
            right_edges = Counter(round(ln.x1_pt / PT_PER_MM, 1) for ln in reaching)
            pages.append(PageMeasure(
                number=index + 1,
                width_mm=round(w / PT_PER_MM, 2), height_mm=round(h / PT_PER_MM, 2),
                lines=text_lines, folio=folio,
                header_text=" / ".join(ln.text.strip() for ln in header),
                other_footer_text=" / ".join(ln.text.strip() for ln in footer
                                             if folio is None or ln.text.strip() != folio.text.strip()),
                pitch_pt=pitch,
                last_slot=max((ln.slot for ln in text_lines), default=0),
                margin_top_mm=round(text_lines[0].em_top_pt / PT_PER_MM, 2) if text_lines else None,
                margin_bottom_mm=round((h - text_lines[-1].em_bottom_pt) / PT_PER_MM, 2) if text_lines else None,
                margin_left_mm=round(min(ln.x0_pt for ln in flush) / PT_PER_MM, 2) if flush else None,
                margin_right_mm=(round(w / PT_PER_MM - right_edges.most_common(1)[0][0], 2)
                                 if right_edges else None),
                has_table=_has_table(page, top, bottom),
                is_last=index == doc.page_count - 1,
            ))
    return Measurement(path=str(path), pages=pages, style_name=style.name,
                       body_size_pt=body.size_pt, title_size_pt=title_size)
