"""FONT-GB2312-COVERAGE and FONT-PUNCT-LATIN: characters that the font a run names cannot print,
or that Word / LibreOffice would draw in the Latin font.  The detection and the repair are OOXML
work shared with the writer: docgen/ooxml/fontcover.py."""

from __future__ import annotations

from typing import Any, Iterator, List, Optional, Tuple

from docgen.ooxml.fontcover import GB2312_RULE, Hints, Issue, PUNCT_RULE, RunInfo, paragraph_issues
from docgen.ooxml.resolve import w
from docgen.rules.base import CheckContext, Finding, Rule

# ----------------------------------------------------------------------------------------- rules

class _CoverRule(Rule, abstract=True):
    area = "FONT / PARA"
    kinds = ("docx",)
    docx_fix = "font_cover"
    which = ""

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        rule = GB2312_RULE if self.which == "gb2312" else PUNCT_RULE
        for unit, start, issue in ctx.memo("fontcover.issues", lambda: _document_issues(ctx)):
            if issue.rule == rule:
                yield self.finding(ctx, unit, start, start + 1, self.describe(issue),
                                   fix={"format": "font_cover", "font": issue.target} if issue.target else None)

    def describe(self, issue: Issue) -> str:
        raise NotImplementedError


def _document_issues(ctx: CheckContext) -> List[Tuple[Any, int, Issue]]:
    """(unit, offset in the unit, issue) of both rules, worked out once per document."""
    from docgen.rules._docx import spans

    hints = Hints(ctx.docx, ctx.resolver)
    out: List[Tuple[Any, int, Issue]] = []
    for unit in ctx.content_units():
        sps = spans(ctx, unit)
        if not sps:
            continue
        p = _paragraph_el(sps[0].run)
        para_style = ctx.resolver.style_id_of(p) if p is not None else None
        issues = paragraph_issues(ctx.style, [RunInfo(sp.text, sp.props, sp.role, sp.run, para_style)
                                              for sp in sps], hints)
        if not issues:
            continue
        offsets = []            # of each run in the run text (an issue's offset counts there)
        pos = 0
        for sp in sps:
            offsets.append(pos)
            pos += len(sp.text)
        for issue in issues:
            out.append((unit, sps[issue.run_index].start + (issue.offset - offsets[issue.run_index]), issue))
    return out


def _paragraph_el(r: Any) -> Optional[Any]:
    node = r.getparent()
    while node is not None and node.tag != w("p"):
        node = node.getparent()
    return node


class FontGb2312Coverage(_CoverRule):
    """A character outside GB2312 set in a *_GB2312 font.

    ## What it does
    Finds every Chinese character (and full-width symbol) whose run uses a font named *_GB2312
    (仿宋_GB2312, 楷体_GB2312, …) but which is not in the GB2312 character set — typically rare
    characters in personal and place names: 王喆、李堃、张珺、刘昇, and 〇.  The set is GB2312's own
    code table (docgen.fonts.in_gb2312: the character's GBK code must lie in GB2312's rows and decode
    with Python's ``gb2312`` codec), not a hand-made list.  Reported with paragraph and column.
    ## Why
    The *_GB2312 fonts hold only GB2312's 6763 hanzi: a character outside it prints as a blank box
    or silently in another font (“GB2312中很多生僻字不能显示”).
    ## Example
    “王喆同志” in 仿宋_GB2312 → “王”“同志” stay in 仿宋_GB2312, “喆” alone in 仿宋 (the role's
    ``fallback:`` in the rule set).
    ## Fix safety
    Safe: only that character's run changes its east-Asian font to the role's first fallback font;
    the text is unchanged.  ``build`` and ``format`` apply it by themselves and report it.
    """

    id, severity, fix_class = GB2312_RULE, "error", "safe"
    summary = "GB2312 字体（如仿宋_GB2312）中有字符集外的字（如“喆”），打印会缺字"
    which = "gb2312"

    def describe(self, issue: Issue) -> str:
        fix = f"，应单独改用“{issue.target}”" if issue.target else "，请在样式中为该角色设置 fallback 字体"
        return f"“{issue.ch}”不在 GB2312 字符集内，{issue.font}无此字，打印时会缺字或变成别的字体{fix}"


class FontPunctLatin(_CoverRule):
    """Chinese punctuation drawn in the Latin font.

    ## What it does
    Finds “ ” ‘ ’ —— …… · × whose run would be drawn with the Latin font (Times New Roman): in Word
    when the run's rFonts has no ``w:hint="eastAsia"`` (run, styles, defaults) and its hAnsi font is
    Latin; in LibreOffice when the mark follows a Latin letter or digit (or stands alone), and for
    · × always, unless the run's ascii/hAnsi font is the Chinese font.  Also full-width marks
    (，。：；（）《》…) whose east-Asian font is a Latin font.
    ## Why
    Quotes, dashes and ellipses left in Times New Roman are narrow, sit low and break the
    28-character grid; 公文 sets all punctuation in the body's Chinese font.
    ## Example
    “2026年实现“十四五”目标” with ” after 五 fine; “第3”” with the quote after a digit in Times
    → the quote in its own run in 仿宋_GB2312 (ascii, hAnsi and eastAsia) with the east-Asian hint.
    ## Fix safety
    Safe: the mark moves into a run of its own with the role's Chinese font in every slot; the text
    is unchanged.
    """

    id, severity, fix_class = PUNCT_RULE, "warning", "safe"
    summary = "引号、破折号、省略号、间隔号等中文标点应使用中文字体，而非 Times New Roman"
    which = "punct"

    def describe(self, issue: Issue) -> str:
        return (f"“{issue.ch}”会以西文字体 {issue.font or '（未指定）'}显示（宽度和位置都不对），"
                f"应使用中文字体“{issue.target}”")
