"""Measure the 公文 frame on a rendered PDF (DESIGN.md §3b): what a careful reader checks with a ruler.

Per document: the red ink (the 发文机关标志 and the separator line; found by rasterising and looking
for red pixels, so the font's metrics do not matter), the separator's width, thickness and
distance below the 发文字号, the title's distance below the separator, the black horizontal lines of
the 版记 (from the PDF's vector drawings: width, thickness, position of the last one), the page
count, and which pages carry a page number.  ``judge_frame`` compares that with the rule set.

PyMuPDF is imported lazily, as in docgen.render.measure.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from docgen.render.measure import FOLIO_RE, import_pymupdf
from docgen.style import Style, load_style

PT_PER_MM = 72 / 25.4
#: rasterising for red ink: 4 × 72 dpi (0.09 mm per pixel)
RASTER_SCALE = 4
#: a pixel is red when R is high and G, B are low (anti-aliased edges included)
RED_MIN_R, RED_MAX_GB = 180, 110
#: a vector stroke or fill at least this long and at most this tall (mm) is a horizontal rule
RULE_MIN_MM, RULE_MAX_THICK_MM = 30.0, 2.0


def _mm(pt: float) -> float:
    return pt / PT_PER_MM


@dataclass
class Rule:
    """A horizontal line drawn on a page."""

    page: int
    y_mm: float
    x0_mm: float
    x1_mm: float
    thick_mm: float
    color: Tuple[float, float, float]

    @property
    def width_mm(self) -> float:
        return self.x1_mm - self.x0_mm

    @property
    def red(self) -> bool:
        r, g, b = self.color
        return r > 0.7 and g < 0.45 and b < 0.45


@dataclass
class FrameMeasure:
    pages: int
    folios: List[Optional[int]]                 # page number shown on each page (None: none)
    red_rows_mm: List[Tuple[float, float]] = field(default_factory=list)   # red ink bands, page 1
    rules: List[Rule] = field(default_factory=list)
    lines: List[List[Dict[str, Any]]] = field(default_factory=list)   # per page: text lines

    @property
    def issuer_top_mm(self) -> Optional[float]:
        """Top of the first band of red ink on page 1 (the 发文机关标志)."""
        return self.red_rows_mm[0][0] if self.red_rows_mm else None

    def red_rule(self) -> Optional[Rule]:
        return next((r for r in self.rules if r.page == 1 and r.red), None)

    def imprint_rules(self) -> List[Rule]:
        last = self.pages
        return [r for r in self.rules if r.page == last and not r.red]

    def find_line(self, page: int, startswith: str) -> Optional[Dict[str, Any]]:
        for line in self.lines[page - 1]:
            if line["text"].replace(" ", "").startswith(startswith):
                return line
        return None

    def to_dict(self) -> Dict[str, Any]:
        d = asdict(self)
        d["issuer_top_mm"] = self.issuer_top_mm
        return d


def _red_bands(fitz: Any, page: Any) -> List[Tuple[float, float]]:
    pix = page.get_pixmap(matrix=fitz.Matrix(RASTER_SCALE, RASTER_SCALE), colorspace=fitz.csRGB, alpha=False)
    data, w, n = pix.samples, pix.width, pix.n
    rows = []
    for y in range(pix.height):
        row = data[y * w * n:(y + 1) * w * n]
        # step 2 pixels: a glyph stem is many pixels wide
        if any(row[i] >= RED_MIN_R and row[i + 1] <= RED_MAX_GB and row[i + 2] <= RED_MAX_GB
               for i in range(0, len(row), n * 2)):
            rows.append(y)
    bands: List[Tuple[float, float]] = []
    per_mm = RASTER_SCALE * PT_PER_MM
    for y in rows:
        if bands and y / per_mm - bands[-1][1] < 0.5:
            bands[-1] = (bands[-1][0], (y + 1) / per_mm)
        else:
            bands.append((y / per_mm, (y + 1) / per_mm))
    return bands


def _rules(page: Any, number: int) -> List[Rule]:
    out: List[Rule] = []
    for d in page.get_drawings():
        color = d.get("color") or d.get("fill")
        if color is None:
            continue
        for item in d["items"]:
            if item[0] == "l":
                p0, p1 = item[1], item[2]
                if abs(p0.y - p1.y) < 0.5 and _mm(abs(p1.x - p0.x)) >= RULE_MIN_MM:
                    out.append(Rule(number, _mm((p0.y + p1.y) / 2), _mm(min(p0.x, p1.x)), _mm(max(p0.x, p1.x)),
                                    _mm(d.get("width") or 0), tuple(color)))
            elif item[0] == "re":
                r = item[1]
                if _mm(r.width) >= RULE_MIN_MM and _mm(r.height) <= RULE_MAX_THICK_MM:
                    thick = _mm(r.height) if d.get("fill") is not None else _mm(d.get("width") or 0)
                    out.append(Rule(number, _mm((r.y0 + r.y1) / 2), _mm(r.x0), _mm(r.x1), thick, tuple(color)))
    out.sort(key=lambda r: r.y_mm)
    merged: List[Rule] = []
    for r in out:       # a border drawn as several segments
        if merged and abs(merged[-1].y_mm - r.y_mm) < 0.05 and r.x0_mm <= merged[-1].x1_mm + 0.5:
            merged[-1].x1_mm = max(merged[-1].x1_mm, r.x1_mm)
        else:
            merged.append(r)
    return merged


def _text_lines(page: Any) -> List[Dict[str, Any]]:
    lines = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            spans = [s for s in line["spans"] if s["text"].strip()]
            if not spans:
                continue
            x0 = min(s["bbox"][0] for s in spans)
            x1 = max(s["bbox"][2] for s in spans)
            size = max(s["size"] for s in spans)
            origin_y = spans[0]["origin"][1]
            lines.append({"text": "".join(s["text"] for s in spans), "x0_mm": _mm(x0), "x1_mm": _mm(x1),
                          "baseline_mm": _mm(origin_y), "size_pt": round(size, 2),
                          # ideographic em box: baseline − 0.88 em … + 0.12 em
                          "em_top_mm": _mm(origin_y - 0.88 * size), "em_bottom_mm": _mm(origin_y + 0.12 * size),
                          "fonts": sorted({s["font"] for s in spans}),
                          "colors": sorted({s["color"] for s in spans})})
    lines.sort(key=lambda l: (round(l["baseline_mm"], 1), l["x0_mm"]))
    return lines


def measure_frame(pdf: Union[str, Path]) -> FrameMeasure:
    fitz = import_pymupdf()
    with fitz.open(str(pdf)) as doc:
        folios: List[Optional[int]] = []
        rules: List[Rule] = []
        lines: List[List[Dict[str, Any]]] = []
        bands: List[Tuple[float, float]] = []
        for i, page in enumerate(doc, 1):
            page_lines = _text_lines(page)
            lines.append(page_lines)
            folio = None
            for line in page_lines:
                m = FOLIO_RE.match(line["text"].strip())
                if m and line["baseline_mm"] > 262:
                    folio = int(m.group(1))
            folios.append(folio)
            rules.extend(_rules(page, i))
            if i == 1:
                bands = _red_bands(fitz, page)
        return FrameMeasure(pages=len(doc), folios=folios, red_rows_mm=bands, rules=rules, lines=lines)


@dataclass
class FrameProblem:
    what: str
    detail: str

    def __str__(self) -> str:
        return f"{self.what}: {self.detail}"


def judge_frame(m: FrameMeasure, *, header: bool, imprint: bool, style: Optional[Style] = None,
                tol_mm: float = 1.0, letter: bool = False) -> List[FrameProblem]:
    """Problems of the frame on the page (empty when it is right).  ``letter``: the 信函格式 (§10.1)."""
    style = style or load_style()
    cfg = style.frame
    page = style.page
    width = page.text_width_mm
    out: List[FrameProblem] = []
    if letter:
        return _judge_letter(m, header=header, imprint=imprint, style=style, tol_mm=tol_mm)
    if header:
        top = m.issuer_top_mm
        want = page.margin_top_mm + float(cfg["issuer"]["top_mm"])
        if top is None:
            out.append(FrameProblem("标志", "第 1 页没有红色的发文机关标志"))
        elif abs(top - want) > tol_mm:
            out.append(FrameProblem("标志", f"上边缘距纸张上边 {top:.2f} mm，应为 {want:.1f} mm"))
        red = m.red_rule()
        if red is None:
            out.append(FrameProblem("分隔线", "第 1 页没有红色分隔线"))
        else:
            if abs(red.width_mm - width) > tol_mm:
                out.append(FrameProblem("分隔线", f"宽 {red.width_mm:.2f} mm，应为 {width:.0f} mm"))
            if abs(red.x0_mm - page.margin_left_mm) > tol_mm:
                out.append(FrameProblem("分隔线", f"左端距纸边 {red.x0_mm:.2f} mm，应为 {page.margin_left_mm:.0f} mm"))
            above = [l for l in m.lines[0] if l["baseline_mm"] < red.y_mm and l["em_bottom_mm"] > (top or 0) + 20]
            if above:
                gap = red.y_mm - red.thick_mm / 2 - above[-1]["em_bottom_mm"]
                want_gap = float(cfg["separator"]["gap_mm"])
                if abs(gap - want_gap) > tol_mm:
                    out.append(FrameProblem("分隔线", f"距发文字号 {gap:.2f} mm，应为 {want_gap:.0f} mm"))
    if imprint:
        if m.pages % 2:
            out.append(FrameProblem("版记", f"共 {m.pages} 页，带版记的公文应为偶数页"))
        rules = m.imprint_rules()
        if len(rules) < 2:
            out.append(FrameProblem("版记", f"最后一页只找到 {len(rules)} 条分隔线"))
        else:
            bottom = page.height_mm - page.margin_bottom_mm
            if abs(rules[-1].y_mm - bottom) > tol_mm:
                out.append(FrameProblem("版记", f"末条分隔线在 {rules[-1].y_mm:.2f} mm，应与版心下边缘 {bottom:.0f} mm 重合"))
            for r in rules:
                if abs(r.width_mm - width) > tol_mm:
                    out.append(FrameProblem("版记", f"分隔线宽 {r.width_mm:.2f} mm，应与版心同宽 {width:.0f} mm"))
            thick = float(cfg["imprint"]["thick_pt"]) / PT_PER_MM
            thin = float(cfg["imprint"]["thin_pt"]) / PT_PER_MM
            for r, want in ((rules[0], thick), (rules[-1], thick)) + tuple((r, thin) for r in rules[1:-1]):
                if abs(r.thick_mm - want) > 0.06:
                    out.append(FrameProblem("版记", f"分隔线粗 {r.thick_mm:.2f} mm，应为 {want:.2f} mm"))
        if m.folios and m.folios[-1] is not None:
            out.append(FrameProblem("页码", "版记所在页不应有页码"))
    return out


def _judge_letter(m: FrameMeasure, *, header: bool, imprint: bool, style: Style,
                  tol_mm: float) -> List[FrameProblem]:
    lc = style.frame["letter"]
    page = style.page
    out: List[FrameProblem] = []
    if m.folios and m.folios[0] is not None:
        out.append(FrameProblem("页码", "信函首页不显示页码"))
    if header:
        top = m.issuer_top_mm
        want = float(lc["issuer_top_mm"])
        if top is None or abs(top - want) > tol_mm:
            out.append(FrameProblem("标志", f"上边缘距纸张上边 {top} mm，应为 {want:.0f} mm"))
        reds = [r for r in m.rules if r.page == 1 and r.red]
        width = float(lc["line_width_mm"])
        left = (page.width_mm - width) / 2
        for r in reds:
            if abs(r.width_mm - width) > tol_mm or abs(r.x0_mm - left) > tol_mm:
                out.append(FrameProblem("双线", f"红线宽 {r.width_mm:.2f} mm、左端 {r.x0_mm:.2f} mm，应为 {width:.0f} mm 居中"))
        upper = [r for r in reds if r.y_mm < page.height_mm / 2]
        lower = [r for r in reds if r.y_mm >= page.height_mm / 2]
        if len(upper) != 2 or len(lower) != 2:
            out.append(FrameProblem("双线", f"应有上下两条红色双线，找到上 {len(upper)} 条、下 {len(lower)} 条线"))
        else:
            if not upper[0].thick_mm > upper[1].thick_mm:
                out.append(FrameProblem("双线", "上面的双线应上粗下细"))
            if not lower[0].thick_mm < lower[1].thick_mm:
                out.append(FrameProblem("双线", "下面的双线应上细下粗"))
            band = m.red_rows_mm[0] if m.red_rows_mm else None
            if band is not None:
                gap = upper[0].y_mm - upper[0].thick_mm / 2 - band[1]
                if abs(gap - float(lc["line_gap_mm"])) > tol_mm:
                    out.append(FrameProblem("双线", f"第一条双线距标志 {gap:.2f} mm，应为 {float(lc['line_gap_mm']):.0f} mm"))
            bottom = page.height_mm - (lower[1].y_mm + lower[1].thick_mm / 2)
            if abs(bottom - float(lc["bottom_line_mm"])) > tol_mm:
                out.append(FrameProblem("双线", f"第二条双线距纸张下边 {bottom:.2f} mm，应为 {float(lc['bottom_line_mm']):.0f} mm"))
    if imprint:
        if m.pages % 2:
            out.append(FrameProblem("版记", f"共 {m.pages} 页，带版记的公文应为偶数页"))
        if m.folios[-1] is not None and m.pages > 1:
            out.append(FrameProblem("页码", "版记所在页不应有页码"))
        if [r for r in m.rules if r.page == m.pages and not r.red]:
            out.append(FrameProblem("版记", "信函的版记不加分隔线"))
    return out


#: body-page checks of docgen.render.judge that a page ending a flow need not pass (it ends early)
FLOW_END_CHECKS = frozenset({"lines-per-page", "margin-bottom"})
#: checks a blank page or the 版记 page need not pass (no text at the top, no page number)
NO_FOLIO_CHECKS = frozenset({"lines-per-page", "margin-bottom", "margin-top", "empty-page", "folio-missing",
                             "off-grid"})
ANNEX_LABEL_RE = re.compile(r"^附件\d*$")


#: checks page 1 of a 信函 need not pass: its 标志 stands above the 版心 and it has no page number
LETTER_FIRST_PAGE_CHECKS = frozenset({"margin-top", "folio-missing"})


def exempt_checks(m: FrameMeasure, *, imprint: bool, letter: bool = False) -> Dict[int, frozenset]:
    """Page -> body-measure checks that do not apply to it in a 公文 with a frame.

    The body measurer expects every page but the last to be full and numbered.  In a 公文 these
    pages legitimately are not: the page before a 附件 page (附件 start a new page), the page before
    the 落款 when the 署名 and date moved on together, a blank page before the 版记 page and the
    版记 page itself (no page number, §7.5).
    """
    out: Dict[int, frozenset] = {}
    last = m.pages
    for number in range(1, last + 1):
        text_lines = [l for l in m.lines[number - 1] if not FOLIO_RE.match(l["text"].strip())]
        if imprint and (number == last or (number == last - 1 and not text_lines)):
            out[number] = NO_FOLIO_CHECKS
            if number > 1:
                out.setdefault(number - 1, FLOW_END_CHECKS)
            continue
        if not text_lines:
            continue
        first = text_lines[0]["text"].replace(" ", "")
        # a page that starts with a 附件 label, or with the 附件说明 or the 落款 that went over together
        # (the writer keeps them together rather than leave the 落款 alone on a page)
        right_aligned = text_lines[0]["x1_mm"] > 150 and text_lines[0]["x0_mm"] > 100
        if number > 1 and (ANNEX_LABEL_RE.match(first) or right_aligned or first.startswith("附件：")):
            out[number - 1] = out.get(number - 1, frozenset()) | FLOW_END_CHECKS
    if letter:
        out[1] = out.get(1, frozenset()) | LETTER_FIRST_PAGE_CHECKS
    return out


__all__ = ["FLOW_END_CHECKS", "FrameMeasure", "FrameProblem", "Rule", "exempt_checks", "judge_frame",
           "measure_frame"]
