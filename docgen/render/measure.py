"""Measure the layout of a rendered PDF and judge it against the house style.

"Print-ready" is a claim about paper, so it is checked on the pages LibreOffice renders, not on
the XML: per page the text lines (grouped by baseline), their grid slot, characters per full line,
line pitch, text-block margins (ideographic em box), page number (text, size, font, side, distance
from the 版心 edge) and loose (over-stretched) lines.  ``judge`` compares that with the Style; the
expectations and tolerances follow ../shared/reference/OOXML_NOTES.md ("Checker tolerances").

PyMuPDF is imported lazily (only ``measure_pdf`` needs it), pinned < 2 in setup.cfg.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from docgen.errors import InputError, RenderError
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


# -- tolerances --------------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderTolerances:
    """What a rendered page may deviate by (OOXML_NOTES.md "Checker tolerances").

    Defaults here; a rule set can override any of them under ``tolerances: render:``.
    """

    margin_mm: float = 1.0
    page_size_mm: float = 1.0
    line_pitch_pt: Tuple[float, float] = (28.4, 29.1)
    #: share of full all-full-width lines that must hold exactly chars_per_line glyphs
    full_line_share: float = 0.75
    #: how many glyphs short of chars_per_line a full line may be (禁则 pushes a “ down)
    full_line_short: int = 1
    #: fewest qualifying full lines in a document before the share/mode test is applied
    full_line_min_sample: int = 4
    loose_line_em: float = 2.5
    folio_inset_chars: Tuple[float, float] = (0.7, 1.4)
    #: GB/T 9704 7.5: the 一字线 of the page number sits 7 mm below the 版心, ±1 mm
    folio_dash_below_mm: Tuple[float, float] = (6.0, 8.0)
    font_size_pt: float = 0.5
    #: a centred line's centre may be this far (em of its size) from the 版心 centre
    centre_em: float = 0.5
    #: a line reaching this close (em) to the right edge counts as a full (justified) line
    full_line_reach_em: float = 0.5
    #: a line starting this close (em) to the left edge counts as not indented
    no_indent_em: float = 0.25
    #: lines indented by at least (first_line_chars − this) em are paragraph first lines
    first_line_slack_em: float = 0.5

    @classmethod
    def from_style(cls, style: Style) -> "RenderTolerances":
        tol = style.tolerances or {}
        values: Dict[str, Any] = {}
        if "margin_mm" in tol:
            values["margin_mm"] = float(tol["margin_mm"])
        if "page_size_mm" in tol:
            values["page_size_mm"] = float(tol["page_size_mm"])
        if "font_size_pt" in tol:
            values["font_size_pt"] = float(tol["font_size_pt"])
        for key, value in (tol.get("render") or {}).items():
            if key in cls.__dataclass_fields__:
                values[key] = tuple(value) if isinstance(value, list) else value
        return cls(**values)


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


# -- judging -----------------------------------------------------------------------------------

@dataclass
class Problem:
    check: str
    page: Optional[int]
    message: str
    measured: Any = None
    expected: Any = None

    def __str__(self) -> str:
        where = f"第 {self.page} 页：" if self.page else ""
        return f"[{self.check}] {where}{self.message}"


def _mm(pt: float) -> float:
    return pt / PT_PER_MM


def judge(measurement: Measurement, style: Optional[Style] = None) -> List[Problem]:
    """Every way the rendered pages miss the house style (empty list = print-ready)."""
    style = style or load_style()
    tol = RenderTolerances.from_style(style)
    page_style, grid = style.page, style.grid
    body_size = style.role("body").size_pt
    folio_role = style.role("page_number")
    problems: List[Problem] = []
    add = problems.append

    every = [ln for pg in measurement.pages for ln in pg.lines]
    follows = {id(a): b for a, b in zip(every, every[1:])}
    for pg in measurement.pages:
        n = pg.number
        if (abs(pg.width_mm - page_style.width_mm) > tol.page_size_mm
                or abs(pg.height_mm - page_style.height_mm) > tol.page_size_mm):
            add(Problem("page-size", n, f"纸张 {pg.width_mm:.1f}×{pg.height_mm:.1f} mm，应为 "
                        f"{page_style.width_mm:g}×{page_style.height_mm:g} mm（A4）",
                        [pg.width_mm, pg.height_mm], [page_style.width_mm, page_style.height_mm]))
        if not pg.lines:
            add(Problem("empty-page", n, "版心内没有文字（空白页）"))
            continue
        full_page = not pg.is_last and not pg.has_table
        if full_page and pg.last_slot != grid.lines_per_page:
            add(Problem("lines-per-page", n,
                        f"本页排了 {pg.last_slot} 行（{pg.line_count} 行文字），满页应为 {grid.lines_per_page} 行",
                        pg.last_slot, grid.lines_per_page))
        elif pg.has_table and not pg.is_last and pg.last_slot < grid.lines_per_page - 1:
            # table rows do not sit on the grid, so allow one line of play, but not a half-empty page
            add(Problem("lines-per-page", n, f"本页（含表格）只排到第 {pg.last_slot} 行，满页应排到第 "
                        f"{grid.lines_per_page} 行", pg.last_slot, grid.lines_per_page))
        elif pg.last_slot > grid.lines_per_page:
            add(Problem("lines-per-page", n, f"本页排了 {pg.last_slot} 行，超过 {grid.lines_per_page} 行",
                        pg.last_slot, grid.lines_per_page))
        lo, hi = tol.line_pitch_pt
        if pg.pitch_pt is not None and not pg.has_table and not lo <= pg.pitch_pt <= hi:
            add(Problem("line-pitch", n, f"行距 {pg.pitch_pt:.2f} pt，应在 {lo}–{hi} pt 之间", pg.pitch_pt, [lo, hi]))
        slots = sorted(ln.slot for ln in pg.lines)
        shared = sorted({s for s in slots if slots.count(s) > 1})
        if shared and not pg.has_table:
            add(Problem("off-grid", n, f"有文字行不在行格上（第 {'、'.join(map(str, shared))} 格有多行）", shared, None))

        # margins: left/right from justified lines, top from line 1, bottom on full pages
        m = tol.margin_mm
        if pg.margin_left_mm is not None and abs(pg.margin_left_mm - page_style.margin_left_mm) > m:
            add(Problem("margin-left", n, f"左边距 {pg.margin_left_mm:.2f} mm，应为 {page_style.margin_left_mm:g}±{m:g} mm",
                        pg.margin_left_mm, page_style.margin_left_mm))
        if pg.margin_right_mm is not None and abs(pg.margin_right_mm - page_style.margin_right_mm) > m:
            add(Problem("margin-right", n, f"右边距 {pg.margin_right_mm:.2f} mm，应为 {page_style.margin_right_mm:g}±{m:g} mm",
                        pg.margin_right_mm, page_style.margin_right_mm))
        first = pg.lines[0]
        pitch = pg.pitch_pt or grid.line_pitch_pt
        # a line sits somewhere inside its grid cell(s): the slack is the cell height minus its em
        top_hi = page_style.margin_top_mm + _mm(max(first.slot, 1) * pitch - first.size_pt) + m
        top_lo = page_style.margin_top_mm - m
        if not top_lo <= pg.margin_top_mm <= top_hi:
            add(Problem("margin-top", n, f"首行字框上沿距纸边 {pg.margin_top_mm:.2f} mm，应在 {top_lo:.1f}–{top_hi:.1f} mm 之间",
                        pg.margin_top_mm, [round(top_lo, 2), round(top_hi, 2)]))
        if full_page:
            bot_lo = page_style.margin_bottom_mm - m
            bot_hi = page_style.margin_bottom_mm + _mm(pitch - body_size) + m
            if not bot_lo <= pg.margin_bottom_mm <= bot_hi:
                add(Problem("margin-bottom", n, f"末行字框下沿距纸边 {pg.margin_bottom_mm:.2f} mm，应在 {bot_lo:.1f}–{bot_hi:.1f} mm 之间",
                            pg.margin_bottom_mm, [round(bot_lo, 2), round(bot_hi, 2)]))

        problems.extend(_judge_folio(pg, folio_role, style, tol))
        problems.extend(_judge_title(pg, page_style, tol))
        for ln in pg.lines:
            if ln.kind == "body" and ln.reaches_right and ln.stretch_em > tol.loose_line_em \
                    and ln.stretch_em > _leading_unit_em(follows.get(id(ln))):
                add(Problem("loose-line", n, f"第 {ln.slot} 行被拉松 {ln.stretch_em:.1f} 字（上限 {tol.loose_line_em:g} 字）："
                            f"“{ln.text.strip()}”", ln.stretch_em, tol.loose_line_em))

    problems.extend(_judge_chars(measurement, grid.chars_per_line, tol))
    return problems


def _judge_folio(pg: PageMeasure, role, style: Style, tol: RenderTolerances) -> List[Problem]:
    n = pg.number
    fmt = str(role.get("format", "— {n} —"))
    expected_text = fmt.format(n=n)
    if pg.folio is None:
        return [Problem("folio-missing", n, f"页脚没有找到页码（应为“{expected_text}”）", None, expected_text)]
    f = pg.folio
    out = []
    if f.text.replace(" ", "") != expected_text.replace(" ", ""):
        out.append(Problem("folio-text", n, f"页码为“{f.text}”，应为“{expected_text}”", f.text, expected_text))
    if abs(f.size_pt - role.size_pt) > tol.font_size_pt:
        out.append(Problem("folio-size", n, f"页码字号 {f.size_pt:g} pt，应为 {role.size_pt:g} pt", f.size_pt, role.size_pt))
    want_family = style.family_of(role.font)
    if want_family and f.family != want_family:
        out.append(Problem("folio-font", n, f"页码字体为 {f.font}，应为 {role.font}", f.font, role.font))
    want_side = str(role.get("odd" if n % 2 else "even", "center"))
    if f.side != want_side:
        names = {"left": "居左", "right": "居右", "center": "居中"}
        out.append(Problem("folio-side", n, f"{'单' if n % 2 else '双'}页页码{names.get(f.side, f.side)}，应{names.get(want_side, want_side)}",
                           f.side, want_side))
    if f.dash_top_mm is not None:
        below = f.dash_top_mm - (style.page.height_mm - style.page.margin_bottom_mm)
        lo, hi = tol.folio_dash_below_mm
        if not lo <= below <= hi:
            out.append(Problem("folio-position", n, f"页码一字线距版心下边缘 {below:.1f} mm，应为 {lo:g}–{hi:g} mm",
                               round(below, 2), [lo, hi]))
    if f.side == want_side and want_side != "center":
        lo, hi = tol.folio_inset_chars
        side_chars = float(role.get("side_chars", 1))
        if not lo * side_chars <= f.inset_chars <= hi * side_chars:
            out.append(Problem("folio-inset", n, f"页码距版心边缘 {f.inset_chars:.2f} 字，应空 {side_chars:g} 字"
                               f"（{lo * side_chars:g}–{hi * side_chars:g} 字）", f.inset_chars, side_chars))
    return out


def _judge_title(pg: PageMeasure, page_style, tol: RenderTolerances) -> List[Problem]:
    out = []
    width_pt = page_style.width_mm * PT_PER_MM
    centre = (page_style.margin_left_mm * PT_PER_MM + width_pt - page_style.margin_right_mm * PT_PER_MM) / 2
    for ln in pg.lines:
        if ln.kind != "title":
            continue
        off = (ln.x0_pt + ln.x1_pt) / 2 - centre
        if abs(off) > tol.centre_em * ln.size_pt:
            out.append(Problem("title-centre", pg.number, f"标题行未居中（偏{'右' if off > 0 else '左'} {abs(_mm(off)):.1f} mm）："
                               f"“{ln.text.strip()}”", round(_mm(off), 2), 0))
        if ln.families and len(ln.families) > 1 and "times" not in ln.families:
            out.append(Problem("title-own-line", pg.number, f"标题行混有其他字体的文字：“{ln.text.strip()}”",
                               ln.families, None))
    return out


def _leading_unit_em(line: Optional[Line]) -> float:
    """Width in em of the unbreakable unit a line starts with ("“1+5”", "“严”"): a line before it
    that could not take it is justified loose by up to that much, and that is not a fault."""
    if line is None:
        return 0.0
    m = LEADING_UNIT_RE.match(line.text.lstrip())
    if not m:
        return 0.0
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in m.group())


def _judge_chars(measurement: Measurement, chars: int, tol: RenderTolerances) -> List[Problem]:
    counts: Counter = Counter()
    out = []
    every = [(pg, ln) for pg in measurement.pages for ln in pg.lines]
    follows = {id(a): b for (_, a), (_, b) in zip(every, every[1:])}
    for pg in measurement.pages:
        if pg.has_table:
            continue
        counts.update(pg.char_counts(tol.no_indent_em))
        for ln in pg.full_lines:
            if not ln.full_width or abs(ln.indent_em) > tol.no_indent_em:
                continue
            nxt = follows.get(id(ln))
            if ln.glyphs < chars and nxt is not None and (nxt.starts_half_width or nxt.text.lstrip()[:1] in OPENING_PUNCTUATION):
                # an unbreakable unit was pushed to the next line: a number or Latin word (never
                # broken), or a quoted/bracketed word (禁则: “ may not end a line, ” may not start
                # one, so “严”字 moves as a whole); the line is justified short and the loose-line
                # limit bounds how short
                continue
            if not chars - tol.full_line_short <= ln.glyphs <= chars:
                out.append(Problem("chars-per-line", pg.number, f"第 {ln.slot} 行排了 {ln.glyphs} 字，满行应为 {chars} 字："
                                   f"“{ln.text.strip()}”", ln.glyphs, chars))
    total = sum(counts.values())
    if total >= tol.full_line_min_sample:
        mode, _ = counts.most_common(1)[0]
        share = counts[chars] / total
        if mode != chars or share < tol.full_line_share:
            hist = "，".join(f"{k} 字 {v} 行" for k, v in sorted(counts.items(), reverse=True))
            out.append(Problem("chars-per-line", None, f"满行字数不对：{hist}；应多数为 {chars} 字"
                               f"（至少 {tol.full_line_share:.0%}）", dict(counts), chars))
    return out


# -- text report -------------------------------------------------------------------------------

def format_report(measurement: Measurement, problems: Sequence[Problem], style: Optional[Style] = None,
                  lines: bool = False) -> str:
    """The per-page table ``docgen preview --measure`` prints (``lines``: every line too)."""
    style = style or load_style()
    tol = RenderTolerances.from_style(style)
    chars, per_page = style.grid.chars_per_line, style.grid.lines_per_page
    short = chars - tol.full_line_short
    sides = {"left": "左", "right": "右", "center": "中"}
    head = (f"页  纸张(mm)      文字行 末行格 行距(pt) 满行字数({chars}/{short}/其他) "
            f"上/下/左/右边距(mm)      页码                          最松行")
    rows = [measurement.path, head]
    for pg in measurement.pages:
        counts = pg.char_counts(tol.no_indent_em)
        exact, shorter = counts.get(chars, 0), counts.get(short, 0)
        other = sum(counts.values()) - exact - shorter
        margins = "/".join("–" if v is None else f"{v:.1f}" for v in
                           (pg.margin_top_mm, pg.margin_bottom_mm, pg.margin_left_mm, pg.margin_right_mm))
        folio = "无" if pg.folio is None else (
            f"“{pg.folio.text}” {pg.folio.size_pt:g}pt {pg.folio.family or pg.folio.font} "
            f"{sides.get(pg.folio.side, pg.folio.side)}{pg.folio.inset_chars:.2f}字")
        loose = max((ln.stretch_em for ln in pg.lines if ln.kind == "body" and ln.reaches_right), default=0.0)
        flags = ("（末页）" if pg.is_last else "") + ("（含表格）" if pg.has_table else "")
        pitch = "–" if pg.pitch_pt is None else f"{pg.pitch_pt:.2f}"
        rows.append(f"{pg.number:<3} {pg.width_mm:.1f}×{pg.height_mm:.1f} {pg.line_count:>6} {pg.last_slot:>6} "
                    f"{pitch:>8} {f'{exact}/{shorter}/{other}':<20} {margins:<24} {folio:<29} {loose:.1f}字{flags}")
        if lines:
            for ln in pg.lines:
                hang = "+" + ln.hanging if ln.hanging else "  "
                rows.append(f"     格{ln.slot:>2} 基线{_mm(ln.baseline_pt):6.1f}mm {ln.size_pt:g}pt {ln.glyphs:>2}字{hang} "
                            f"缩进{ln.indent_em:5.2f} 拉伸{ln.stretch_em:5.2f}  {ln.text.strip()}")
    if problems:
        rows.append(f"问题 {len(problems)} 处：")
        rows.extend(f"  {p}" for p in problems)
    else:
        rows.append(f"版面合格：满页 {per_page} 行、满行 {chars} 字，边距、页码均在允许范围内。")
    return "\n".join(rows)
