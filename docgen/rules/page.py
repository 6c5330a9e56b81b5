"""LAYOUT-*: page setup of a .docx (RULES.md §3.1): paper, margins, line and character grid, and
sections that agree, judged on every ``w:sectPr``.  The shared LayoutRule base lives here.

Expected values come from the rule set (``page``, ``grid``, ``roles.page_number``, ``tolerances``).
Deviation from RULES.md, measured in OOXML_NOTES.md: a ``w:docGrid w:type="lines"`` of 28–30 pt
with single line spacing snapped to it is as good as exact line spacing, and −0.2…−0.3 pt letter
spacing is how 28 characters fit a line (a ``linesAndChars`` grid with negative charSpace gives 14
characters per line in LibreOffice), so the safe fixes write our measured settings.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, Optional, Tuple

from docgen.ooxml.resolve import w
from docgen.rules._docx import (BODY_ROLES, HEADING_ROLES, SectionInfo, content_units, mm, para_props,
                                section_of_paragraph, sections, settings_element, size_name, size_ok, spans)
from docgen.rules.base import CheckContext, Finding, Rule
from docgen.style import mm_to_twips, pt_to_twips

V_NS = "urn:schemas-microsoft-com:vml"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
#: OOXML: a line of w:line="240" with lineRule="auto" is single spacing
SINGLE_LINE = 240
#: Word's char-grid pitch: the Normal font size plus w:charSpace/4096 pt (ECMA-376 17.6.5)
CHARSPACE_UNIT = 4096


class LayoutRule(Rule, abstract=True):
    area = "LAYOUT"
    kinds = ("docx",)

    def layout_finding(self, ctx: CheckContext, message: str, *, paragraph: Optional[int] = None,
                       fix: Optional[Dict[str, Any]] = None, severity: Optional[str] = None,
                       text: str = "") -> Finding:
        fix_class = self.fix_class if fix is not None else "none"
        if paragraph is not None:
            # a page-level finding must not hide behind a noise line (RULES.md §0 precedence)
            unit = next((u for u in ctx.units if u.index == paragraph), None)
            if unit is None or unit.kind in ("noise", "blank"):
                paragraph = None
        return Finding(rule=self.id, severity=severity or self.severity, message=message, path=ctx.path,
                       paragraph=paragraph, text=text, fix=fix, fix_class=fix_class)

    def margin_tolerance(self, ctx: CheckContext) -> int:
        return mm_to_twips(float(ctx.style.tolerances.get("margin_mm", 1)))


def _sec_label(sec: SectionInfo, total: int) -> str:
    return f"第{sec.number}节" if total > 1 else "页面"


# ---------------------------------------------------------------------------------- paper, margins

class LayoutPaperSize(LayoutRule):
    """Paper size A4.

    ## What it does
    Checks ``w:pgSz`` of every section: 210 mm × 297 mm (11906 × 16838 twips) within the rule set's
    ``tolerances.page_size_mm``.
    ## Why
    GB/T 9704-2012 5.1: 公文用纸采用 A4 型纸.
    ## Example
    Letter paper 8.5 × 11 in → 页面设置 → 纸张 A4.
    ## Fix safety
    Safe: sets the paper size; text reflows but does not change.
    """

    id, severity, fix_class = "LAYOUT-PAPER-SIZE", "error", "safe"
    docx_fix = "page"
    summary = "纸张应为 A4（210mm×297mm）"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        page = ctx.style.page.twips()
        tol = mm_to_twips(float(ctx.style.tolerances.get("page_size_mm", 1)))
        secs = sections(ctx)
        for sec in secs:
            width, height = sec.int_attr("pgSz", "w"), sec.int_attr("pgSz", "h")
            if width is None or height is None:
                yield self.layout_finding(ctx, f"{_sec_label(sec, len(secs))}未设置纸张大小，应设为 A4（210mm×297mm）",
                                          paragraph=sec.first_paragraph, fix={"layout": "page"})
                continue
            short, long_ = sorted((width, height))
            if abs(short - page["width"]) > tol or abs(long_ - page["height"]) > tol:
                yield self.layout_finding(
                    ctx, f"{_sec_label(sec, len(secs))}纸张为 {mm(width)}×{mm(height)}，应为 A4"
                         f"（{ctx.style.page.width_mm:g}mm×{ctx.style.page.height_mm:g}mm）：页面设置→纸张→A4",
                    paragraph=sec.first_paragraph, fix={"layout": "page"})


class LayoutOrientation(LayoutRule):
    """Portrait pages.

    ## What it does
    Reports a section whose ``w:pgSz`` is landscape (``w:orient="landscape"`` or width > height),
    unless the section holds nothing but tables.
    ## Why
    GB/T 9704-2012 5.1 and 8: text pages are portrait; only a table page may be landscape.
    ## Example
    A speech section set to 横向 → 纵向.
    ## Fix safety
    Safe: swaps the page to portrait; the text reflows.
    """

    id, severity, fix_class = "LAYOUT-ORIENTATION", "error", "safe"
    docx_fix = "page"
    summary = "页面应为纵向（仅含表格的节可横向）"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        secs = sections(ctx)
        for sec in secs:
            if sec.landscape and not sec.only_tables:
                yield self.layout_finding(ctx, f"{_sec_label(sec, len(secs))}为横向，讲话稿正文页应为纵向：页面设置→纸张方向→纵向",
                                          paragraph=sec.first_paragraph, fix={"layout": "page"})


class _MarginRule(LayoutRule, abstract=True):
    side = ""          # pgMar attribute
    alias = ""         # bidi-neutral alias (w:start / w:end)
    label = ""

    def expected(self, ctx: CheckContext) -> int:
        return ctx.style.page.twips()[self.side]

    def value(self, sec: SectionInfo) -> Optional[int]:
        value = sec.int_attr("pgMar", self.side)
        if value is None and self.alias:
            value = sec.int_attr("pgMar", self.alias)
        return None if value is None else abs(value)   # a negative top/bottom is exact: judge its size

    def extra(self, ctx: CheckContext, sec: SectionInfo, label: str) -> Iterable[Finding]:
        return ()

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        want, tol = self.expected(ctx), self.margin_tolerance(ctx)
        secs = sections(ctx)
        for sec in secs:
            if sec.landscape and sec.only_tables:
                continue
            got = self.value(sec)
            label = _sec_label(sec, len(secs))
            if got is None or abs(got - want) > tol:
                shown = "未设置" if got is None else f"为 {mm(got)}"
                yield self.layout_finding(
                    ctx, f"{label}{self.label}{shown}，应为 {mm(want)}±{ctx.style.tolerances.get('margin_mm', 1)}mm："
                         f"页面设置→页边距→{self.label[:1]}",
                    paragraph=sec.first_paragraph, fix={"layout": "margins"})
            yield from self.extra(ctx, sec, label)


class LayoutMarginTop(_MarginRule):
    """Top margin (天头) 37 mm.

    ## What it does
    Checks ``w:pgMar/@w:top`` against the rule set's top margin ± ``tolerances.margin_mm``.
    ## Why
    GB/T 9704-2012 5.2.1: 天头（上白边）为 37mm±1mm.
    ## Example
    top 25.4 mm (Word's default) → 37 mm.
    ## Fix safety
    Safe: sets the margin.
    """

    id, severity, fix_class = "LAYOUT-MARGIN-TOP", "error", "safe"
    docx_fix = "page"
    summary = "上白边（天头）应为 37mm±1mm"
    side, label = "top", "上边距"


class LayoutMarginLeft(_MarginRule):
    """Left margin (订口) 28 mm, no gutter.

    ## What it does
    Checks ``w:pgMar/@w:left`` (or ``@w:start``) ± tolerance, ``@w:gutter`` = 0, and reports
    ``w:mirrorMargins`` in settings.xml as info.
    ## Why
    GB/T 9704-2012 5.2.1: 订口（左白边）为 28mm±1mm.
    ## Example
    left 31.8 mm → 28 mm; gutter 5 mm → 0.
    ## Fix safety
    Safe: sets the margin and removes gutter and mirror margins.
    """

    id, severity, fix_class = "LAYOUT-MARGIN-LEFT", "error", "safe"
    docx_fix = "page"
    summary = "左白边（订口）应为 28mm±1mm，无装订线"
    side, alias, label = "left", "start", "左边距"

    def extra(self, ctx: CheckContext, sec: SectionInfo, label: str) -> Iterable[Finding]:
        gutter = sec.int_attr("pgMar", "gutter", 0) or 0
        if gutter:
            yield self.layout_finding(ctx, f"{label}设置了 {mm(gutter)} 装订线，应为 0：页面设置→页边距→装订线",
                                      paragraph=sec.first_paragraph, fix={"layout": "margins"})
        if sec.number == 1:
            settings = settings_element(ctx)
            if settings is not None and settings.find(w("mirrorMargins")) is not None:
                yield self.layout_finding(ctx, "文档设置了“对称页边距”，公文左右白边应固定：页面设置→多页→普通",
                                          paragraph=sec.first_paragraph, severity="info", fix={"layout": "margins"})


class LayoutMarginBottom(_MarginRule):
    """Bottom margin 35 mm.

    ## What it does
    Checks ``w:pgMar/@w:bottom`` ± tolerance (297 − 37 − 225 mm of 版心 height).
    ## Why
    GB/T 9704-2012 5.2.1 (版心 156 mm × 225 mm).
    ## Example
    bottom 25.4 mm → 35 mm.
    ## Fix safety
    Safe: sets the margin.
    """

    id, severity, fix_class = "LAYOUT-MARGIN-BOTTOM", "warning", "safe"
    docx_fix = "page"
    summary = "下白边应为 35mm±1mm（版心高 225mm）"
    side, label = "bottom", "下边距"


class LayoutMarginRight(_MarginRule):
    """Right margin 26 mm.

    ## What it does
    Checks ``w:pgMar/@w:right`` (or ``@w:end``) ± tolerance (210 − 28 − 156 mm of 版心 width).
    ## Why
    GB/T 9704-2012 5.2.1 (版心 156 mm × 225 mm).
    ## Example
    right 31.8 mm → 26 mm.
    ## Fix safety
    Safe: sets the margin.
    """

    id, severity, fix_class = "LAYOUT-MARGIN-RIGHT", "warning", "safe"
    docx_fix = "page"
    summary = "右白边应为 26mm±1mm（版心宽 156mm）"
    side, alias, label = "right", "end", "右边距"


# ------------------------------------------------------------------------------ line and char grid

def _pitch_range(ctx: CheckContext) -> Tuple[int, int]:
    lo, hi = ctx.style.tolerances.get("line_pitch_pt", [28, 30])
    return pt_to_twips(float(lo)), pt_to_twips(float(hi))


def line_spacing_ok(ctx: CheckContext, pp: Any, sec: Optional[SectionInfo]) -> Tuple[bool, str]:
    """(accepted, description of what the paragraph has)."""
    lo, hi = _pitch_range(ctx)
    if pp.line_rule == "exact":
        return lo <= pp.line_twips <= hi, f"固定值 {pp.line_twips / 20:g} 磅"
    if pp.line_rule == "atLeast":
        return False, f"最小值 {pp.line_twips / 20:g} 磅"
    grid_type = sec.attr("docGrid", "type") if sec is not None else None
    pitch = sec.int_attr("docGrid", "linePitch") if sec is not None else None
    on_grid = pp.snap_to_grid and grid_type in ("lines", "linesAndChars") and pitch is not None
    multiple = f"{pp.line_twips / SINGLE_LINE:g} 倍行距"
    if pp.line_twips > SINGLE_LINE:
        return False, multiple
    if not on_grid:
        reason = "未对齐文档网格" if not pp.snap_to_grid else "文档未设置行网格"
        return False, f"{multiple}（{reason}）"
    if not lo <= pitch <= hi:
        return False, f"文档网格行距 {pitch / 20:g} 磅"
    return True, f"单倍行距对齐 {pitch / 20:g} 磅网格"


class LayoutLinePitch(LayoutRule):
    """22 lines per page: a 28–30 pt line pitch.

    ## What it does
    Body, heading, salutation and closing paragraphs need either exact line spacing within
    ``tolerances.line_pitch_pt`` (28–30 pt), or single spacing snapped to a ``w:docGrid`` of type
    ``lines``/``linesAndChars`` whose ``w:linePitch`` is in that range (our template: 579 twips).
    Multiples, "at least" and a grid outside the range are findings.
    ## Why
    GB/T 9704-2012 5.2.3: 一般每面排 22 行; 225 mm / 22 = 28.95 pt.
    ## Example
    1.5 倍行距 → 文档网格每页 22 行 + 单倍行距.
    ## Fix safety
    Safe: writes the line grid (579 twips) and single spacing snapped to it; line breaks move.
    """

    id, severity, fix_class = "LAYOUT-LINE-PITCH", "warning", "safe"
    # the line grid of the page, and the line spacing of the paragraphs it names
    docx_fix = ("page", "typography")
    fix_ppr, fix_rpr = ("spacing", "snapToGrid"), ()
    summary = "正文行距应为固定值 28–30 磅（每页 22 行）"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        lo, hi = _pitch_range(ctx)
        #: (paragraph properties, section) -> line_spacing_ok: a document has a few of each (the
        #: resolver hands out one ParaProps per formatting), and the verdict is worded each time
        verdicts: Dict[Tuple[int, int], Tuple[bool, str]] = {}
        for unit in content_units(ctx, BODY_ROLES + HEADING_ROLES + ("salutation",)):
            pp = para_props(ctx, unit)
            sec = section_of_paragraph(ctx, unit.index)
            key = (id(pp), id(sec))
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = line_spacing_ok(ctx, pp, sec)
            ok, what = verdict
            if not ok:
                yield self.finding(ctx, unit, None, None,
                                   f"第{unit.index}段行距为{what}，每页 22 行需固定值 {lo / 20:g}–{hi / 20:g} 磅，"
                                   f"或单倍行距并对齐 {ctx.style.grid.line_pitch_pt:g} 磅的文档网格",
                                   fix={"format": "line_pitch"})


class LayoutCharsPerLine(LayoutRule):
    """28 characters per line at 三号.

    ## What it does
    When the body is set at the rule set's body size, 28 × 16 pt does not fit the 156 mm line; a
    compliant file squeezes it with letter spacing ``w:rPr/w:spacing`` within
    ``tolerances.letter_spacing_pt`` (−0.2…−0.3 pt), or with a ``linesAndChars`` grid whose
    char pitch (size + charSpace/4096 pt) gives exactly 28 characters.  Reported once per file,
    when most of the body text (``min_share``) is squeezed neither way.
    ## Why
    GB/T 9704-2012 5.2.3: 每行排 28 个字.
    ## Example
    字距 0 → 字符间距紧缩 0.25 磅.
    ## Fix safety
    Safe: sets −0.25 pt letter spacing on body text (the line grid stays ``lines``: LibreOffice
    lays out a ``linesAndChars`` grid with negative charSpace at 14 characters per line).
    """

    id, severity, fix_class = "LAYOUT-CHARS-PER-LINE", "info", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = (), ("spacing",)
    fix_scope = "document"
    summary = "三号字每行应排 28 字（文档网格或字距调整）"
    #: reported when less than this share of the body's CJK characters is squeezed
    min_share = 0.5

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        body = ctx.style.role("body")
        lo, hi = sorted(float(v) for v in ctx.style.tolerances.get("letter_spacing_pt", [-0.3, -0.2]))
        total = good = 0
        first_bad = None
        for unit in content_units(ctx, BODY_ROLES):
            sec = section_of_paragraph(ctx, unit.index)
            for sp in spans(ctx, unit):
                if sp.role not in BODY_ROLES or not size_ok(ctx.style, sp.props.size_pt, body.size_pt):
                    continue
                n = sp.cjk
                if not n:
                    continue
                total += n
                if lo - 1e-6 <= sp.props.letter_spacing_pt <= hi + 1e-6 or self._grid_fits(ctx, sec, sp.props.size_pt):
                    good += n
                elif first_bad is None:
                    first_bad = (unit, sp)
        if total and first_bad is not None and good / total < float(self.params(ctx).get("min_share", self.min_share)):
            unit, sp = first_bad
            yield self.finding(ctx, unit, sp.start, sp.end,
                               f"正文字距为 {sp.props.letter_spacing_pt:g} 磅，{size_name(body.size_pt)}每行排不下 "
                               f"{ctx.style.grid.chars_per_line} 字：字体→高级→字符间距紧缩 {abs(ctx.style.grid.letter_spacing_pt):g} 磅",
                               fix={"format": "letter_spacing"})

    @staticmethod
    def _grid_fits(ctx: CheckContext, sec: Optional[SectionInfo], size_pt: float) -> bool:
        if sec is None or sec.attr("docGrid", "type") != "linesAndChars":
            return False
        char_space = sec.int_attr("docGrid", "charSpace", 0) or 0
        pitch = size_pt + char_space / CHARSPACE_UNIT
        width = (sec.int_attr("pgSz", "w", 0) or 0) - (sec.int_attr("pgMar", "left", 0) or 0) \
            - (sec.int_attr("pgMar", "right", 0) or 0)
        return pitch > 0 and int(width / 20 / pitch) == ctx.style.grid.chars_per_line


class LayoutSectionsUniform(LayoutRule):
    """All sections share page size, margins and grid.

    ## What it does
    Compares ``w:pgSz``, ``w:pgMar`` and ``w:docGrid`` of every section with the first one; a
    landscape section holding only tables is exempt.
    ## Why
    GB/T 9704-2012 5.2: one 版心 for the whole document.
    ## Example
    section 2 with 25 mm margins → copied from section 1.
    ## Fix safety
    Safe: copies the settings of the first section.
    """

    id, severity, fix_class = "LAYOUT-SECTIONS-UNIFORM", "warning", "safe"
    docx_fix = "page"
    summary = "各节的纸张、页边距和网格应一致"

    _KEYS = (("pgSz", ("w", "h", "orient")), ("pgMar", ("top", "bottom", "left", "right", "gutter")),
             ("docGrid", ("type", "linePitch", "charSpace")))
    _LABEL = {"pgSz": "纸张", "pgMar": "页边距", "docGrid": "文档网格"}

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        secs = [s for s in sections(ctx) if not (s.landscape and s.only_tables)]
        if len(secs) < 2:
            return
        ref = secs[0]
        for sec in secs[1:]:
            differ = [self._LABEL[child] for child, names in self._KEYS
                      if any(ref.attr(child, n) != sec.attr(child, n) for n in names)]
            if differ:
                yield self.layout_finding(ctx, f"第{sec.number}节的{'、'.join(differ)}与第1节不同，各节版面应一致",
                                          paragraph=sec.first_paragraph, fix={"layout": "sections"})
