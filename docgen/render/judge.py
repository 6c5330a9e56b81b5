"""Judge a measured PDF against the house style (``judge``) and print the per-page table
``docgen preview --measure`` shows (``format_report``).  The measuring is docgen.render.measure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence

from docgen.render.measure import (LEADING_UNIT_RE, OPENING_PUNCTUATION, PT_PER_MM, Line, Measurement,
                                   PageMeasure)
from docgen.render.tolerances import RenderTolerances
from docgen.style import Style, load_style


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


__all__ = ["Problem", "format_report", "judge"]
