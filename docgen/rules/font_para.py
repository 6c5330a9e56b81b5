"""PARA-* / NUM-AUTO-LIST: paragraph formatting by role (RULES.md §3.2): first-line indent,
alignment, spacing, automatic numbering, soft line breaks, line-start punctuation.  Values are the
effective ones (docgen.ooxml.resolve), expectations the rule set's roles, as in font.py.
"""

from __future__ import annotations

from typing import Iterator

from docgen.ooxml.resolve import w
from docgen.rules._docx import INDENTED_ROLES, content_units, para_props, para_role, spans
from docgen.rules.base import CheckContext, Finding
from docgen.rules.font import ALIGN_CN, FontRule, align_ok


class ParaFirstLineIndent(FontRule):
    """Body and headings: first line indented 2 characters, no other indent.

    ## What it does
    Body, heading (all levels) and closing paragraphs: ``w:firstLineChars`` = 100 × the role's
    characters (200), or ``w:firstLine`` = characters × (size + letter spacing) (630 twips at
    16 pt − 0.25 pt) within ``tolerances.first_line_chars``; left indent, hanging indent and right
    indent 0.  Title, subtitle, salutation and signature are judged by their own rules.
    ## Why
    GB/T 9704-2012 7.3.3: 每个自然段左空二字，回行顶格.
    ## Example
    no indent, or a hanging indent from a pasted list → 首行缩进 2 字符.
    ## Fix safety
    Safe: writes firstLineChars and firstLine (Word reads one, LibreOffice the other).
    """

    id, severity, fix_class = "PARA-FIRST-LINE-INDENT", "error", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = ("ind",), ()
    summary = "正文和各级标题首行缩进 2 字，回行顶格"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        tol_chars = float(ctx.style.tolerances.get("first_line_chars", 0.1))
        for unit in content_units(ctx, INDENTED_ROLES):
            role = ctx.style.role(para_role(unit) or "body")
            pp = para_props(ctx, unit)
            want_chars = role.first_line_chars * 100
            want_twips = role.chars_to_twips(role.first_line_chars)
            tol_twips = role.chars_to_twips(tol_chars)
            chars_ok = pp.first_line_chars not in (None, 0) and abs(pp.first_line_chars - want_chars) <= tol_chars * 100
            twips_ok = abs(pp.first_line_twips - want_twips) <= tol_twips and not pp.first_line_chars
            problems = []
            if not (chars_ok or twips_ok):
                if pp.hanging_twips or pp.hanging_chars:
                    problems.append("为悬挂缩进")
                elif pp.first_line_chars:
                    problems.append(f"首行缩进 {pp.first_line_chars / 100:g} 字符")
                else:
                    problems.append(f"首行缩进 {pp.first_line_twips / 20:g} 磅")
            elif pp.hanging_twips:
                problems.append("有悬挂缩进")
            if pp.left_twips or pp.left_chars:
                problems.append(f"左缩进 {pp.left_twips / 20:g} 磅")
            if pp.right_twips or pp.right_chars:
                problems.append(f"右缩进 {pp.right_twips / 20:g} 磅")
            if problems:
                yield self.finding(ctx, unit, None, None,
                                   f"第{unit.index}段" + "、".join(problems) + f"，应首行缩进 {role.first_line_chars:g} 字符、回行顶格",
                                   fix={"format": "indent"})


class ParaAlignment(FontRule):
    """Body justified; headings not centred.

    ## What it does
    Body, closing and heading paragraphs have the role's alignment (justified, or flush left
    when the role is justified).  The title's centring is FONT-TITLE's.
    ## Why
    Practice (public 公文 generators), GB/T 9704-2012 7.3.3.
    ## Example
    a centred "一、……" heading → 两端对齐 with a 2-character indent.
    ## Fix safety
    Safe: sets ``w:jc``.
    """

    id, severity, fix_class = "PARA-ALIGNMENT", "info", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = ("jc",), ()
    summary = "正文两端对齐，标题居中，层次标题不居中"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in content_units(ctx, INDENTED_ROLES + ("signature",)):
            role = ctx.style.role(para_role(unit) or "body")
            pp = para_props(ctx, unit)
            if not align_ok(pp.alignment, role.align):
                yield self.finding(ctx, unit, None, None,
                                   f"第{unit.index}段为{ALIGN_CN.get(pp.alignment, pp.alignment)}，应{ALIGN_CN[role.align]}",
                                   fix={"format": "align"})


class ParaSpacing(FontRule):
    """No space before or after body and heading paragraphs.

    ## What it does
    ``w:spacing/@w:before``/``@w:after`` equal to the role's values (0) and
    ``beforeLines``/``afterLines`` 0, for body, heading and closing paragraphs.
    ## Why
    Practice: vertical gaps are whole empty lines (标题下空一行), so the 22-line grid holds.
    ## Example
    段后 10 磅 (Word's default) → 0.
    ## Fix safety
    Safe: sets the spacing.
    """

    id, severity, fix_class = "PARA-SPACING", "info", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = ("spacing", "snapToGrid"), ()
    summary = "正文和标题段前段后间距应为 0"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in content_units(ctx, INDENTED_ROLES):
            role = ctx.style.role(para_role(unit) or "body")
            pp = para_props(ctx, unit)
            parts = []
            if pp.space_before_twips != round(role.space_before_pt * 20) or pp.before_lines:
                parts.append(f"段前 {pp.space_before_twips / 20:g} 磅" if not pp.before_lines else f"段前 {pp.before_lines / 100:g} 行")
            if pp.space_after_twips != round(role.space_after_pt * 20) or pp.after_lines:
                parts.append(f"段后 {pp.space_after_twips / 20:g} 磅" if not pp.after_lines else f"段后 {pp.after_lines / 100:g} 行")
            if parts:
                yield self.finding(ctx, unit, None, None,
                                   f"第{unit.index}段{'、'.join(parts)}，应为 {role.space_before_pt:g}（空行用空段落）",
                                   fix={"format": "spacing"})


class NumAutoList(FontRule):
    """Sequence numbers are text, not Word's automatic numbering.

    ## What it does
    Heading and body paragraphs that carry ``w:numPr`` directly or through their style.
    ## Why
    GB/T 9704-2012 7.3.3: 结构层次序数 are part of the text; automatic numbers take the wrong font,
    restart or vanish on copy and paste.
    ## Example
    an auto-numbered "一、" list → the text "一、" typed in the heading.
    ## Fix safety
    Safe: writes the rendered number as text in front of the paragraph and removes the numbering.
    """

    id, severity, fix_class = "NUM-AUTO-LIST", "warning", "safe"
    docx_fix = "numbering"
    summary = "层次序数应为文字，不用 Word 自动编号"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in content_units(ctx, INDENTED_ROLES + ("salutation",)):
            if para_props(ctx, unit).num_pr:
                shown = unit.number or unit.text[:6]
                yield self.finding(ctx, unit, 0, len(unit.number or ""),
                                   f"第{unit.index}段使用了 Word 自动编号（{shown}），层次序数应直接写成文字",
                                   fix={"format": "freeze_numbering"})


class ParaSoftBreak(FontRule):
    """No manual line breaks inside body paragraphs.

    ## What it does
    A ``w:br`` without type (or ``textWrapping``) inside a body, heading or closing paragraph:
    a line break standing in for a paragraph break, typical of pasted web text.
    ## Why
    Practice: a broken paragraph loses its first-line indent and justification.
    ## Example
    "……工作。↵下面，……" → two paragraphs.
    ## Fix safety
    Suggest: splitting changes the paragraph structure.
    """

    id, severity, fix_class = "PARA-SOFT-BREAK", "warning", "suggest"
    docx_fix = "soft_breaks"
    summary = "正文中不应用手动换行代替分段"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in content_units(ctx, INDENTED_ROLES + ("salutation",)):
            for sp in spans(ctx, unit):
                if "\n" not in sp.text:
                    continue
                brs = [b for b in sp.run.iter(w("br")) if b.get(w("type"), "textWrapping") == "textWrapping"]
                if not brs:
                    continue
                at = sp.start + sp.text.index("\n")
                yield self.finding(ctx, unit, at, at + 1,
                                   f"第{unit.index}段有手动换行符，应分成两段（按回车）",
                                   fix={"split_paragraph": at}, fix_class="suggest")
                break


class ParaKinsoku(FontRule):
    """East-Asian line breaking rules stay on.

    ## What it does
    Reports ``w:kinsoku w:val="0"`` or ``w:overflowPunct w:val="0"`` on body and heading
    paragraphs (directly or through the style).
    ## Why
    GB/T 15834-2011 5.1: 点号不出现在一行之首.
    ## Example
    段落→中文版式→按中文习惯控制首尾字符 unchecked → checked.
    ## Fix safety
    Safe: removes the overrides.
    """

    id, severity, fix_class = "PARA-KINSOKU", "info", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = ("kinsoku", "overflowPunct"), ()
    summary = "不应关闭中文避头尾"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in content_units(ctx, INDENTED_ROLES + ("salutation", "title", "subtitle")):
            pp = para_props(ctx, unit)
            if not pp.kinsoku or not pp.overflow_punct:
                what = "关闭了中文避头尾" if not pp.kinsoku else "禁止了标点溢出边界"
                yield self.finding(ctx, unit, None, None, f"第{unit.index}段{what}：段落→中文版式→勾选“按中文习惯控制首尾字符”",
                                   fix={"format": "kinsoku"})
