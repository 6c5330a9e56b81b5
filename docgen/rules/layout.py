"""LAYOUT-*: page setup of a .docx (RULES.md §3.1), judged on every ``w:sectPr``.

Expected values come from the rule set (``page``, ``grid``, ``roles.page_number``, ``tolerances``).
Deviation from RULES.md, measured in OOXML_NOTES.md: a ``w:docGrid w:type="lines"`` of 28–30 pt
with single line spacing snapped to it is as good as exact line spacing, and −0.2…−0.3 pt letter
spacing is how 28 characters fit a line (a ``linesAndChars`` grid with negative charSpace gives 14
characters per line in LibreOffice), so the safe fixes write our measured settings.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from docgen.ooxml.resolve import iter_runs, run_text, w
from docgen.rules._docx import (BODY_ROLES, CJK_RE, HEADING_ROLES, SectionInfo, content_units, family_ok,
                                font_label, mm, para_props, scan, section_of_paragraph,
                                sections, settings_element, size_name, size_ok, spans)
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
    docx_fix = "page"
    summary = "正文行距应为固定值 28–30 磅（每页 22 行）"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        lo, hi = _pitch_range(ctx)
        for unit in content_units(ctx, BODY_ROLES + HEADING_ROLES + ("salutation",)):
            pp = para_props(ctx, unit)
            ok, what = line_spacing_ok(ctx, pp, section_of_paragraph(ctx, unit.index))
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


# ------------------------------------------------------------------------------- headers, footers

def _footer_parts(ctx: CheckContext) -> List[Tuple[SectionInfo, str, Optional[Any]]]:
    """(section, reference type, footer root element or None when missing) for every section and
    every footer type that applies, following inheritance from earlier sections."""
    out = []
    part = ctx.docx.part
    inherited: Dict[str, Any] = {}
    for sec in sections(ctx):
        for ref in sec.sectPr.findall(w("footerReference")):
            rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            kind = ref.get(w("type"), "default")
            try:
                inherited[kind] = part.related_parts[rid].element
            except (KeyError, AttributeError):
                inherited[kind] = None
        types = ["default"]
        if _even_and_odd(ctx):
            types.append("even")
        if sec.sectPr.find(w("titlePg")) is not None and on(sec.sectPr.find(w("titlePg"))):
            types.append("first")
        for kind in types:
            out.append((sec, kind, inherited.get(kind)))
    return out


def on(el: Any) -> bool:
    from docgen.ooxml.resolve import on_off
    return bool(on_off(el))


def _even_and_odd(ctx: CheckContext) -> bool:
    settings = settings_element(ctx)
    return settings is not None and on(settings.find(w("evenAndOddHeaders")))


def _is_page(instr: Optional[str]) -> bool:
    return "PAGE" in (instr or "").upper().split()


def folio_text(p: Any) -> Tuple[str, bool]:
    """Footer paragraph text with the PAGE field shown as ``{n}``; (text, has PAGE field)."""
    simple = {id(f) for f in p.iter(w("fldSimple")) if _is_page(f.get(w("instr")))}
    out: List[str] = []
    has_page = bool(simple)
    stack: List[List[Any]] = []          # open complex fields: [instruction, result started]
    for el in p.iter(w("fldSimple"), w("fldChar"), w("instrText"), w("t")):
        if el.tag == w("fldSimple"):
            if id(el) in simple:
                out.append("{n}")
            continue
        if any(id(a) in simple for a in el.iterancestors(w("fldSimple"))):
            continue
        if el.tag == w("fldChar"):
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                stack.append(["", False])
            elif kind == "separate" and stack:
                stack[-1][1] = True
                if _is_page(stack[-1][0]):
                    has_page = True
                    out.append("{n}")
            elif kind == "end" and stack:
                instr, result = stack.pop()
                if _is_page(instr) and not result:
                    has_page = True
                    out.append("{n}")
        elif el.tag == w("instrText"):
            if stack:
                stack[-1][0] += el.text or ""
        elif not stack or (stack[-1][1] and not _is_page(stack[-1][0])):
            out.append(el.text or "")
    return "".join(out), has_page


def folio_regex(fmt: str) -> "re.Pattern[str]":
    """'— {n} —' -> a pattern tolerating spaces around the number."""
    parts = [re.escape(part.strip()) for part in fmt.split("{n}")]
    return re.compile(r"^\s*" + r"\s*\{n\}\s*".join(parts) + r"\s*$")


class LayoutPageNumber(LayoutRule):
    """Page numbers "— N —" in 四号 宋体, odd right / even left, one character in.

    ## What it does
    Every section's footer has a ``PAGE`` field written as the rule set's format ("— {n} —",
    U+2014, a space each side tolerated); runs in the 宋体 family at 四号; ``w:evenAndOddHeaders``
    set; the odd footer right-aligned with a right indent of ``side_chars`` characters, the even
    footer left-aligned with the same left indent (± ``tolerances.page_number_side_twips``); the
    footer distance as in the rule set ± 2 mm (the 一字线 7 mm below the 版心).
    ## Why
    GB/T 9704-2012 7.5: 4 号半角宋体阿拉伯数字，数字左右各放一条一字线，单页码居右空一字，双页码居左空一字.
    ## Example
    "第 1 页" centred → "— 1 —" right on odd pages, left on even pages.
    ## Fix safety
    Safe: rebuilds both footers (a footer's other content is removed).
    """

    id, severity, fix_class = "LAYOUT-PAGE-NUMBER", "warning", "safe"
    docx_fix = "footers"
    summary = "页码应为“— N —”四号宋体，单页居右、双页居左各空一字"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        role = ctx.style.role("page_number")
        fmt = str(role.get("format", "— {n} —"))
        side = {"default": role.get("odd", "right"), "first": role.get("odd", "right"),
                "even": role.get("even", "left")}
        sides_differ = side["default"] != side["even"]
        fix = {"layout": "footers"}
        secs = sections(ctx)
        first_para = secs[0].first_paragraph if secs else None
        if sides_differ and not _even_and_odd(ctx):
            yield self.layout_finding(ctx, "未设置“奇偶页不同”，无法单页码居右、双页码居左：页眉和页脚→奇偶页不同",
                                      paragraph=first_para, fix=fix)
        seen = set()
        want_indent = pt_to_twips(role.size_pt) * float(role.get("side_chars", 1))
        tol = int(ctx.style.tolerances.get("page_number_side_twips", 30))
        for sec, kind, root in _footer_parts(ctx):
            label = {"default": "单页（奇数页）" if _even_and_odd(ctx) else "", "even": "双页（偶数页）",
                     "first": "首页"}[kind] + "页脚"
            where = (_sec_label(sec, len(secs)) + label) if len(secs) > 1 else label
            if root is None:
                yield self.layout_finding(ctx, f"{where}缺少页码：插入“{fmt.format(n='N')}”格式的页码",
                                          paragraph=first_para, fix=fix)
                continue
            if id(root) in seen:
                continue
            seen.add(id(root))
            paras = list(root.iter(w("p")))
            texts = [folio_text(p) for p in paras]
            hit = next((i for i, (_, has) in enumerate(texts) if has), None)
            if hit is None:
                yield self.layout_finding(ctx, f"{where}没有页码域（PAGE）：插入“{fmt.format(n='N')}”格式的页码",
                                          paragraph=first_para, fix=fix)
                continue
            problems = self._folio_problems(ctx, role, paras[hit], texts[hit][0], fmt, side[kind], want_indent, tol)
            if problems:
                yield self.layout_finding(ctx, f"{where}页码" + "；".join(problems), paragraph=first_para,
                                          fix=fix, text=texts[hit][0].replace("{n}", "N").strip())
        footer = ctx.style.page.twips()["footer"]
        ftol = mm_to_twips(2 * float(ctx.style.tolerances.get("margin_mm", 1)))
        for sec in secs:
            got = sec.int_attr("pgMar", "footer")
            if got is not None and abs(got - footer) > ftol:
                yield self.layout_finding(
                    ctx, f"{_sec_label(sec, len(secs))}页脚距边界 {mm(got)}，应约 {mm(footer)}（使页码一字线位于版心下边缘之下 7mm）",
                    paragraph=sec.first_paragraph, fix=fix)

    def _folio_problems(self, ctx: CheckContext, role: Any, p: Any, text: str, fmt: str, align: str,
                        want_indent: float, tol: int) -> List[str]:
        problems = []
        shown = text.replace("{n}", "N").strip()
        if not folio_regex(fmt).match(text):
            problems.append(f"为“{shown}”，应为“{fmt.format(n='N')}”（一字线 U+2014）")
        pp = ctx.resolver.para_props(p)
        if pp.alignment != align:
            problems.append(f"对齐方式为{_ALIGN_CN.get(pp.alignment, pp.alignment)}，应{_ALIGN_CN.get(align, align)}")
        else:
            indent = pp.right_twips if align == "right" else pp.left_twips
            chars = pp.right_chars if align == "right" else pp.left_chars
            side_chars = float(role.get("side_chars", 1))
            if abs(indent - want_indent) > tol and not (chars and abs(chars - side_chars * 100) < 1):
                problems.append(f"{'右' if align == 'right' else '左'}缩进 {indent / 20:g} 磅，应空一字（{want_indent / 20:g} 磅）")
        bad_font = bad_size = None
        for r in iter_runs(p):
            t = run_text(r)
            if not t.strip():
                continue
            props = ctx.resolver.run_props(p, r)
            font = props.east_asia_font if CJK_RE.search(t) else props.ascii_font
            expected = role.font if CJK_RE.search(t) else role.latin_font
            if bad_font is None and not family_ok(ctx.style, font, expected):
                bad_font = font
            if bad_size is None and not size_ok(ctx.style, props.size_pt, role.size_pt):
                bad_size = props.size_pt
        if bad_font is not None or bad_size is not None:
            got = []
            if bad_font is not None:
                got.append(f"字体{font_label(bad_font)}")
            if bad_size is not None:
                got.append(f"字号{size_name(bad_size)}")
            problems.append(f"{'、'.join(got)}，应为{size_name(role.size_pt)}{role.font}")
        return problems


_ALIGN_CN = {"left": "居左", "right": "居右", "center": "居中", "both": "两端对齐"}


def _header_footer_roots(ctx: CheckContext) -> Iterator[Tuple[str, Any]]:
    """('header'|'footer', root element) of every header/footer part the document references."""
    seen = set()
    for rel in ctx.docx.part.rels.values():
        if rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("header", "footer") and id(rel.target_part) not in seen:
            seen.add(id(rel.target_part))
            yield kind, rel.target_part.element


def watermark_shapes(root: Any, kind: str) -> List[Any]:
    """Shapes that are watermarks: VML text paths, Word's PowerPlusWaterMarkObject, text boxes and
    pictures.  In a footer, a shape holding the PAGE field is a page-number frame, not a watermark."""
    found = []
    for shape in root.iter(f"{{{V_NS}}}shape", f"{{{V_NS}}}rect", w("drawing")):
        textpath = shape.find(f".//{{{V_NS}}}textpath") is not None
        marked = "PowerPlusWaterMarkObject" in (shape.get("id") or "")
        box = shape.find(f".//{w('txbxContent')}") is not None
        picture = (shape.find(f".//{{{V_NS}}}imagedata") is not None or shape.find(f".//{{{PIC_NS}}}pic") is not None)
        if not (textpath or marked or box or picture):
            continue
        if kind == "footer" and not (textpath or marked):
            holds_page = any("PAGE" in (t.text or "").upper() for t in shape.iter(w("instrText"))) or any(
                "PAGE" in (f.get(w("instr")) or "").upper() for f in shape.iter(w("fldSimple")))
            if holds_page:
                continue
        found.append(shape)
    # nested matches (a w:drawing holding a v:shape) count once
    return [s for s in found if not any(o is not s and s in o.iterdescendants() for o in found)]


def header_text(root: Any) -> str:
    """Visible text of a header part outside shapes."""
    out = []
    for t in root.iter(w("t")):
        if any(a.tag in (w("txbxContent"), f"{{{V_NS}}}shape") for a in t.iterancestors()):
            continue
        out.append(t.text or "")
    return "".join(out).strip()


class LayoutHeaderContent(LayoutRule):
    """No running header, no watermark shapes.

    ## What it does
    Headers hold no visible text; no header or footer holds a watermark: a VML ``v:shape`` with
    ``v:textpath``, a shape whose id contains ``PowerPlusWaterMarkObject``, a text box, or a picture
    (error for shapes, warning for text).
    ## Why
    A speech has no running header (GB/T 9704); web-sourced .docx files carry site watermarks
    there, the .docx counterpart of WATERMARK-INLINE.
    ## Example
    header "公文思享文库" + a diagonal "仅供学习" WordArt → empty header.
    ## Fix safety
    Safe: empties the headers and removes the shapes.
    """

    id, severity, fix_class = "LAYOUT-HEADER-CONTENT", "warning", "safe"
    docx_fix = "headers"
    summary = "页眉不应有文字，页眉页脚不应有水印图形"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        secs = sections(ctx)
        first = secs[0].first_paragraph if secs else None
        fix = {"layout": "headers"}
        for kind, root in _header_footer_roots(ctx):
            where = "页眉" if kind == "header" else "页脚"
            shapes = watermark_shapes(root, kind)
            if shapes:
                words = "".join(
                    (tp.get("string") or "") for s in shapes for tp in s.iter(f"{{{V_NS}}}textpath"))
                label = f"（“{words}”）" if words else ""
                yield self.layout_finding(ctx, f"{where}中有 {len(shapes)} 个水印图形或文本框{label}，应删除",
                                          paragraph=first, severity="error", fix=fix, text=words)
            if kind == "header":
                text = header_text(root)
                if text:
                    yield self.layout_finding(ctx, f"页眉有文字“{text[:30]}”，讲话稿不设页眉，应删除",
                                              paragraph=first, fix=fix, text=text[:30])


# ------------------------------------------------------------------------------- colour, revisions

class LayoutTextColor(LayoutRule):
    """Black text, no highlight or shading.

    ## What it does
    Reports runs whose effective ``w:color`` is neither automatic nor 000000, runs with
    ``w:highlight``, and runs with ``w:shd/@w:fill`` other than auto/FFFFFF (one finding per
    paragraph, at the first such run).  Table cells are included.
    ## Why
    GB/T 9704-2012 5.2.4: 文字的颜色均为黑色.
    ## Example
    blue hyperlink-styled text, yellow highlight → black, no highlight.
    ## Fix safety
    Safe: removes colour, highlight and shading from the runs and their styles.
    """

    id, severity, fix_class = "LAYOUT-TEXT-COLOR", "warning", "safe"
    docx_fix = "colors"
    summary = "文字应为黑色，无突出显示和底纹"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.content_units():
            for sp in spans(ctx, unit):
                why = self._problem(sp.props)
                if why:
                    yield self.finding(ctx, unit, sp.start, sp.end, f"第{unit.index}段文字{why}，公文文字应为黑色：清除颜色和突出显示",
                                       fix={"format": "color"})
                    break
        if next(ctx.docx.element.body.iterchildren(w("tbl")), None) is None:
            return      # Document.tables (an XPath query and proxies) would be empty
        for t_no, table in enumerate(ctx.docx.tables, start=1):
            for r_no, row in enumerate(table.rows, start=1):
                for c_no, cell in enumerate(row.cells, start=1):
                    for para in cell.paragraphs:
                        for r in iter_runs(para):
                            text = run_text(r)
                            why = self._problem(ctx.resolver.run_props(para, r)) if text.strip() else None
                            if why:
                                yield Finding(rule=self.id, severity=self.severity, path=ctx.path,
                                              message=f"表{t_no}第{r_no}行第{c_no}列文字{why}，应为黑色",
                                              text=text[:20], fix={"format": "color"}, fix_class="safe",
                                              table=f"表{t_no} 行{r_no} 列{c_no}")
                                break

    @staticmethod
    def _problem(props: Any) -> Optional[str]:
        parts = []
        if props.color not in (None, "000000"):
            parts.append(f"为彩色（#{props.color}）")
        if props.highlight:
            parts.append(f"有突出显示（{props.highlight}）")
        if props.shading not in (None, "FFFFFF"):
            parts.append(f"有底纹（#{props.shading}）")
        return "、".join(parts)


_REVISION_TAGS = {
    "ins": "插入修订", "del": "删除修订", "moveFrom": "移动修订", "moveTo": "移动修订",
    "rPrChange": "格式修订", "pPrChange": "格式修订", "commentRangeStart": "批注",
}


class LayoutRevisions(LayoutRule):
    """No tracked changes or comments in a final text.

    ## What it does
    Reports ``w:ins``, ``w:del``, ``w:moveFrom``/``w:moveTo``, ``w:rPrChange``/``w:pPrChange``,
    ``w:commentRangeStart`` and a non-empty comments part (one finding per kind, at its first
    paragraph).
    ## Why
    A speech submitted as final has been reviewed (党政机关公文处理工作条例 第二十条); tracked changes print
    or leak drafts.
    ## Example
    审阅→接受所有修订, 删除所有批注.
    ## Fix safety
    None: a person accepts or rejects each change.
    """

    id, severity, fix_class = "LAYOUT-REVISIONS", "error", "none"
    summary = "定稿不应含修订痕迹或批注"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        para_index = scan(ctx).para_index
        counts: Dict[str, List[Any]] = {}
        body = ctx.docx.element.body
        for tag, label in _REVISION_TAGS.items():
            for el in body.iter(w(tag)):
                counts.setdefault(label, []).append(el)
        for label, els in counts.items():
            first = None
            for el in els:
                node = el if el.tag == w("p") else next((a for a in el.iterancestors(w("p"))), None)
                if node is None and el.tag in (w("ins"), w("del")):
                    node = next(iter(el.iter(w("p"))), None)
                if node is not None and id(node) in para_index:
                    first = para_index[id(node)]
                    break
            yield self.layout_finding(ctx, f"文档含 {len(els)} 处{label}，定稿前应在“审阅”中逐一接受或拒绝（删除批注）",
                                      paragraph=first)
        if "批注" not in counts:
            n = self._comment_count(ctx)
            if n:
                yield self.layout_finding(ctx, f"文档含 {n} 条批注，定稿前应删除", paragraph=None)

    @staticmethod
    def _comment_count(ctx: CheckContext) -> int:
        for rel in ctx.docx.part.rels.values():
            if rel.reltype.endswith("/comments") and not rel.is_external:
                el = getattr(rel.target_part, "element", None)
                if el is not None:
                    return len(el.findall(w("comment")))
        return 0


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
