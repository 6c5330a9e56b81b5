"""FONT-* / HEADING-L*-FONT: fonts, sizes and weight by paragraph role (RULES.md §3.2); the
paragraph formatting rules (PARA-*, NUM-AUTO-LIST) are in font_para.py.

Every value is the effective one (docgen.ooxml.resolve: run → character style → paragraph style chain →
document defaults → theme), and every expectation comes from the rule set's roles.  A run-in
paragraph is judged per character: its lead (``unit.lead_end``) takes the heading or lead role,
the rest the body role.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, List, Optional, Tuple

from docgen.rules._docx import (BODY_ROLES, CJK_RE, HEADING_ROLES, LATIN_RE, Span, content_units, family,
                                family_ok, font_label, para_props, size_name, size_ok, spans)
from docgen.rules.base import CheckContext, Finding, Rule

ALIGN_CN = {"left": "左对齐", "right": "右对齐", "center": "居中", "both": "两端对齐"}
_LEVEL_CN = {1: "一", 2: "二", 3: "三", 4: "四"}


class FontRule(Rule, abstract=True):
    area = "FONT / PARA"
    kinds = ("docx",)


def _font_problems(ctx: CheckContext, sps: List[Span], role: Any, *, check_bold: bool = True) -> Tuple[List[str], Optional[Span]]:
    """Differences between the spans and the role's east-Asian font, size and bold."""
    problems: List[str] = []
    first: Optional[Span] = None
    bad_font = next((sp for sp in sps if CJK_RE.search(sp.text)
                     and not family_ok(ctx.style, sp.props.east_asia_font, role.font)), None)
    if bad_font:
        problems.append(f"字体为{font_label(bad_font.props.east_asia_font)}（应为{role.font}）")
        first = bad_font
    bad_size = next((sp for sp in sps if sp.text.strip() and not size_ok(ctx.style, sp.props.size_pt, role.size_pt)), None)
    if bad_size:
        problems.append(f"字号为{size_name(bad_size.props.size_pt)}（应为{size_name(role.size_pt)}）")
        first = first or bad_size
    if check_bold:
        bad_bold = next((sp for sp in sps if sp.text.strip() and sp.props.bold != role.bold), None)
        if bad_bold:
            problems.append("加粗（应不加粗）" if bad_bold.props.bold else "未加粗（应加粗）")
            first = first or bad_bold
    return problems, first


def align_ok(actual: str, expected: str) -> bool:
    """Justified text may also be flush left (RULES.md PARA-ALIGNMENT)."""
    return actual == expected or (expected == "both" and actual == "left")


class FontTitle(FontRule):
    """The title: 二号 小标宋, centred, not bold, no indent.

    ## What it does
    Title paragraphs: east-Asian font in the title role's family (小标宋 aliases), size ± tolerance,
    bold as the role says (not bold), centred, first-line and left indent 0.
    ## Why
    GB/T 9704-2012 7.3.1: 标题一般用 2 号小标宋体字，居中排布.
    ## Example
    宋体 小二 加粗 左对齐 → 方正小标宋简体 二号 居中.
    ## Fix safety
    Safe: sets the run and paragraph properties of the title.
    """

    id, severity, fix_class = "FONT-TITLE", "error", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = ("jc", "ind"), ("rFonts", "b", "bCs", "sz", "szCs")
    summary = "标题应为二号小标宋、居中、不加粗"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        role = ctx.style.role("title")
        for unit in ctx.content_units(("title",)):
            problems, first = _font_problems(ctx, spans(ctx, unit), role)
            pp = para_props(ctx, unit)
            if pp.alignment != role.align:
                problems.append(f"{ALIGN_CN.get(pp.alignment, pp.alignment)}（应{ALIGN_CN[role.align]}）")
            if pp.first_line_twips or (pp.first_line_chars or 0) or pp.left_twips or pp.hanging_twips:
                problems.append("有缩进（应无缩进）")
            if problems:
                yield self.finding(ctx, unit, first.start if first else None, first.end if first else None,
                                   "标题" + "；".join(problems), fix={"format": "title"})


class TitleLinebreak(FontRule):
    """A multi-line title is a trapezoid or diamond, broken between words.

    ## What it does
    For a title of two or more lines (consecutive title paragraphs or manual breaks): no line
    longer than the grid's characters per line; adjacent lines differ by 2 or more characters or
    are equal; no break inside a word (jieba's segmentation of the whole title).
    ## Why
    GB/T 9704-2012 7.3.1: 回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形.
    ## Example
    "在全县党建工作会 | 议上的讲话" → "在全县党建工作会议上的讲话" split as 梯形 at a word boundary.
    ## Fix safety
    None: a person chooses the break.
    """

    id, severity, fix_class = "TITLE-LINEBREAK", "info", "none"
    summary = "多行标题应排成梯形或菱形，不在词中断行"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        blocks: List[List[Any]] = []
        prev = None
        for unit in ctx.content_units():
            if unit.kind == "title":
                if prev is not None and prev.kind == "title" and unit.index == prev.index + 1:
                    blocks[-1].append(unit)
                else:
                    blocks.append([unit])
            prev = unit
        for block in blocks:
            # the run text keeps manual line breaks (the reader's unit text merges them)
            texts = ["".join(sp.text for sp in spans(ctx, u)) or u.text for u in block]
            lines = [line.strip() for text in texts for line in text.split("\n") if line.strip()]
            if len(lines) < 2:
                continue
            problems = []
            limit = ctx.style.grid.chars_per_line
            if any(len(line) > limit for line in lines):
                problems.append(f"有一行超过 {limit} 字")
            if any(abs(len(a) - len(b)) == 1 for a, b in zip(lines, lines[1:])):
                problems.append("相邻两行只差一字，不成梯形或菱形")
            broken = self._word_broken(lines)
            if broken:
                problems.append(f"在词语“{broken}”中间断行")
            if problems:
                yield self.finding(ctx, block[0], None, None, "多行标题" + "；".join(problems) + "，请调整回行位置")

    @staticmethod
    def _word_broken(lines: List[str]) -> Optional[str]:
        from docgen.text.lexicon import _freq

        _freq()                       # loads jieba once, quietly
        import jieba

        joined = "".join(lines)
        breaks, pos = set(), 0
        for line in lines[:-1]:
            pos += len(line)
            breaks.add(pos)
        start = 0
        for token in jieba.lcut(joined, HMM=False):
            end = start + len(token)
            if len(token) >= 2 and any(start < b < end for b in breaks):
                return token
            start = end
        return None


class FontSpeakerDate(FontRule):
    """Subtitle, speaker and date lines: 三号 楷体, centred, date in （）.

    ## What it does
    Subtitle, speaker and date paragraphs: east-Asian font in the subtitle role's family, size,
    not bold, centred; a date line is wrapped in full-width parentheses.
    ## Why
    Speech practice (讲话人职务、姓名和时间为三号楷体，时间栏加“（）”).
    ## Example
    "2026年3月5日" in 仿宋 → "（2026年3月5日）" in 楷体_GB2312, centred.
    ## Fix safety
    Safe: sets fonts and alignment; the parentheses are reported, not added.
    """

    id, severity, fix_class = "FONT-SPEAKER-DATE", "warning", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = ("jc", "ind"), ("rFonts", "b", "bCs", "sz", "szCs")
    summary = "讲话人和日期行应为三号楷体、居中"
    _DATE = re.compile(r"^[（(]?\s*[\d〇○零一二三四五六七八九十]{2,4}年[\d〇○零一二三四五六七八九十]{1,2}月"
                       r"[\d〇○零一二三四五六七八九十]{1,3}日\s*[）)]?$")

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        role = ctx.style.role("subtitle")
        for unit in ctx.content_units(("subtitle", "speaker", "date")):
            problems, first = _font_problems(ctx, spans(ctx, unit), role)
            pp = para_props(ctx, unit)
            if pp.alignment != role.align:
                problems.append(f"{ALIGN_CN.get(pp.alignment, pp.alignment)}（应{ALIGN_CN[role.align]}）")
            if problems:
                yield self.finding(ctx, unit, first.start if first else None, first.end if first else None,
                                   "讲话人/日期行" + "；".join(problems), fix={"format": "subtitle"})
            text = unit.text.strip()
            if self._DATE.match(text) and not (text.startswith("（") and text.endswith("）")):
                # a text change, left to the author: reported without a fix
                yield self.finding(ctx, unit, 0, len(unit.text), f"日期“{text}”应加全角括号，写作“（{text.strip('()（）')}）”")


class FontSalutation(FontRule):
    """The salutation: 三号 仿宋, flush left.

    ## What it does
    Salutation paragraphs ("同志们："): east-Asian font in the salutation role's family, size, not
    bold, no first-line or left indent, not centred.
    ## Why
    GB/T 9704-2012 7.3.2 by analogy (主送机关 居左顶格).
    ## Example
    "    同志们：" centred → "同志们：" flush left.
    ## Fix safety
    Safe: sets fonts, indents and alignment.
    """

    id, severity, fix_class = "FONT-SALUTATION", "warning", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = ("ind", "jc"), ("rFonts", "b", "bCs", "sz", "szCs")
    summary = "称谓应为三号仿宋、顶格"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        role = ctx.style.role("salutation")
        for unit in ctx.content_units(("salutation",)):
            problems, first = _font_problems(ctx, spans(ctx, unit), role)
            pp = para_props(ctx, unit)
            if pp.alignment in ("center", "right"):
                problems.append(f"{ALIGN_CN[pp.alignment]}（应{ALIGN_CN[role.align]}）")
            indented = pp.first_line_twips or (pp.first_line_chars or 0) or pp.left_twips or (pp.left_chars or 0)
            if indented or pp.hanging_twips:
                problems.append("有缩进（应顶格）")
            if problems:
                yield self.finding(ctx, unit, first.start if first else None, first.end if first else None,
                                   "称谓" + "；".join(problems), fix={"format": "salutation"})


class FontBody(FontRule):
    """Body text: 三号 仿宋.

    ## What it does
    Body, host and closing paragraphs (and the body part of run-ins): at least ``min_share``
    (default 95 %) of the CJK characters are in the body role's east-Asian family, and of all
    characters at the body size ± tolerance.
    ## Why
    GB/T 9704-2012 5.2.2 and 7.3.3: 正文用 3 号仿宋体字.
    ## Example
    宋体 小四 → 仿宋_GB2312 三号.
    ## Fix safety
    Safe: sets the run properties of the body text.
    """

    id, severity, fix_class = "FONT-BODY", "error", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = (), ("rFonts", "b", "bCs", "sz", "szCs")
    summary = "正文应为三号仿宋"
    min_share = 0.95

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        share = float(self.params(ctx).get("min_share", self.min_share))
        for unit in content_units(ctx, BODY_ROLES):
            sps = [sp for sp in spans(ctx, unit) if sp.role in BODY_ROLES]
            if not sps:
                continue
            role = ctx.style.role(sps[0].role)
            cjk = font_ok = chars = size_good = 0
            bad_font = bad_size = None
            for sp in sps:
                n_cjk = sp.cjk
                n_all = len(sp.text.strip())
                cjk += n_cjk
                chars += n_all
                if family_ok(ctx.style, sp.props.east_asia_font, role.font):
                    font_ok += n_cjk
                elif n_cjk and bad_font is None:
                    bad_font = sp
                if size_ok(ctx.style, sp.props.size_pt, role.size_pt):
                    size_good += n_all
                elif n_all and bad_size is None:
                    bad_size = sp
            problems = []
            if cjk and font_ok / cjk < share and bad_font is not None:
                problems.append(f"字体为{font_label(bad_font.props.east_asia_font)}（应为{role.font}）")
            else:
                bad_font = None
            if chars and size_good / chars < share and bad_size is not None:
                problems.append(f"字号为{size_name(bad_size.props.size_pt)}（应为{size_name(role.size_pt)}）")
            else:
                bad_size = None
            first = bad_font or bad_size
            if problems:
                yield self.finding(ctx, unit, first.start, first.end, "正文" + "；".join(problems),
                                   fix={"format": "body"})


class FontLatinDigits(FontRule):
    """Digits and Latin letters in Times New Roman.

    ## What it does
    Body runs holding digits or Latin letters: the ``w:ascii`` font is the role's Latin font
    (Times New Roman) or the role's CJK font family ("same as CJK" is accepted).  Theme fonts are
    resolved first, so Calibri/Cambria from the theme are reported.
    ## Why
    Speech practice and public 公文 generators: 文中数字用 Times New Roman 字体.
    ## Example
    "2026年" with ascii Calibri → Times New Roman.
    ## Fix safety
    Safe: sets the ascii/hAnsi fonts.
    """

    id, severity, fix_class = "FONT-LATIN-DIGITS", "info", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = (), ("rFonts",)
    summary = "正文中的数字和西文应为 Times New Roman"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in content_units(ctx, BODY_ROLES + HEADING_ROLES + ("salutation", "subtitle")):
            for sp in spans(ctx, unit):
                m = LATIN_RE.search(sp.text)
                if not m or sp.role is None or sp.role not in ctx.style.roles:
                    continue
                role = ctx.style.role(sp.role)
                font = sp.props.ascii_font
                if family_ok(ctx.style, font, role.latin_font) or family_ok(ctx.style, font, role.font):
                    continue
                start = sp.start + m.start()
                yield self.finding(ctx, unit, start, start + len(LATIN_RE.match(sp.text, m.start()).group()),
                                   f"数字或西文字体为{font_label(font)}，应为 {role.latin_font}",
                                   fix={"format": "latin"})
                break


class FontMixedRuns(FontRule):
    """One paragraph, one look per role; no italic or underline.

    ## What it does
    Inside a paragraph, runs of the same role (the run-in lead and the rest are different roles)
    that differ in east-Asian font family, size or bold; any italic or underlined run; and
    "一是……。" leads formatted differently from the document's other leads.
    ## Why
    GB/T 9704-2012 5.2.2; pasted text often keeps stray formatting of its source.
    ## Example
    one sentence in 宋体 inside a 仿宋 paragraph; an underlined word → uniform 仿宋.
    ## Fix safety
    Safe: normalises every run to its role.
    """

    id, severity, fix_class = "FONT-MIXED-RUNS", "warning", "safe"
    docx_fix = "typography"
    fix_ppr, fix_rpr = (), None
    summary = "同一段内同一角色的文字格式应一致，不用斜体和下划线"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        reported = set()
        for unit in ctx.content_units():
            sps = [sp for sp in spans(ctx, unit) if sp.text.strip()]
            styled = next((sp for sp in sps if sp.props.italic or sp.props.underline), None)
            if styled is not None:
                what = "斜体" if styled.props.italic else "下划线"
                reported.add(unit.index)
                yield self.finding(ctx, unit, styled.start, styled.end,
                                   f"第{unit.index}段有{what}文字，讲话稿不用{what}：清除该格式", fix={"format": "runs"})
                continue
            odd = self._odd_one(ctx, sps)
            if odd is not None:
                sp, what = odd
                reported.add(unit.index)
                yield self.finding(ctx, unit, sp.start, sp.end, f"第{unit.index}段中这部分文字的{what}与同段其他文字不同，应统一",
                                   fix={"format": "runs"})
        yield from self._leads_differ(ctx, reported)

    def _leads_differ(self, ctx: CheckContext, reported: set) -> Iterator[Finding]:
        """"一是……。" leads: house styles differ (plain, bold, 楷体), but one document uses one."""
        role = ctx.style.role("lead")
        expected = (family(ctx.style, role.font) or role.font, role.bold)
        leads = []
        for unit in ctx.content_units(("enum",)):
            sps = [sp for sp in spans(ctx, unit) if sp.role == "lead" and sp.text.strip()]
            if sps:
                props = sps[0].props
                leads.append((unit, sps[0], (family(ctx.style, props.east_asia_font or "") or props.east_asia_font,
                                             props.bold)))
        counts: dict = {}
        for _, _, key in leads:
            counts[key] = counts.get(key, 0) + 1
        if len(counts) < 2:
            return
        top = max(counts.values())
        major = expected if counts.get(expected) == top else next(k for k, n in counts.items() if n == top)
        for unit, sp, key in leads:
            if key != major and unit.index not in reported:
                shown = lambda k: f"{sp.props.east_asia_font if k is key else k[0]}、{'加粗' if k[1] else '不加粗'}"
                yield self.finding(ctx, unit, sp.start, sp.end,
                                   f"第{unit.index}段的引领句（{shown(key)}）与文中其他“一是……”引领句（{shown(major)}）格式不同，应统一",
                                   fix={"format": "runs"})

    @staticmethod
    def _odd_one(ctx: CheckContext, sps: List[Span]) -> Optional[Tuple[Span, str]]:
        by_role = {}
        for sp in sps:
            by_role.setdefault(sp.role, []).append(sp)
        for group in by_role.values():
            if len(group) < 2:
                continue
            if len({(s.props.east_asia_font, s.props.size_pt, s.props.bold) for s in group}) == 1:
                continue        # nothing the three comparisons below look at differs
            for label, key, only_cjk in (("字体", lambda s: family(ctx.style, s.props.east_asia_font or "") or s.props.east_asia_font, True),
                                         ("字号", lambda s: round(s.props.size_pt * 2), False),
                                         ("加粗", lambda s: s.props.bold, False)):
                members = [s for s in group if not only_cjk or CJK_RE.search(s.text)]
                weights = {}
                for s in members:
                    weights[key(s)] = weights.get(key(s), 0) + len(s.text)
                if len(weights) > 1:
                    major = max(weights, key=weights.get)
                    return next(s for s in members if key(s) != major), label
        return None


class _HeadingFont(FontRule, abstract=True):
    docx_fix = "typography"
    fix_ppr, fix_rpr = (), ("rFonts", "b", "bCs", "sz", "szCs")
    level = 1
    #: bold differs between house styles: only level 1 reports it (as info)
    bold_severity: Optional[str] = None

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        role_name = f"h{self.level}"
        role = ctx.style.role(role_name)
        for unit in ctx.content_units(("heading", "runin")):
            if unit.level != self.level:
                continue
            sps = [sp for sp in spans(ctx, unit) if sp.role == role_name]
            problems, first = _font_problems(ctx, sps, role, check_bold=False)
            if problems:
                yield self.finding(ctx, unit, first.start, first.end, f"{_LEVEL_CN[self.level]}级标题" + "；".join(problems),
                                   fix={"format": role_name})
            elif self.bold_severity:
                bad = next((sp for sp in sps if sp.text.strip() and sp.props.bold != role.bold), None)
                if bad is not None:
                    yield self.finding(ctx, unit, bad.start, bad.end,
                                       f"{_LEVEL_CN[self.level]}级标题{'加粗' if bad.props.bold else '未加粗'}，本规范为{'加粗' if role.bold else '不加粗'}",
                                       fix={"format": role_name}, severity=self.bold_severity)


class HeadingL1Font(_HeadingFont):
    """Level-1 headings "一、": 三号 黑体.

    ## What it does
    Level-1 headings (numbered ``一、`` or recognised unnumbered ones): east-Asian font in the h1
    role's family (黑体) at its size.  Bold is reported as info only (house styles differ).
    ## Why
    GB/T 9704-2012 7.3.3: 第一层用黑体字.
    ## Example
    "一、提高政治站位" in 仿宋 加粗 → 黑体, not bold.
    ## Fix safety
    Safe: sets the run properties.
    """

    id, severity, fix_class = "HEADING-L1-FONT", "warning", "safe"
    summary = "一级标题“一、”应为三号黑体"
    level, bold_severity = 1, "info"


class HeadingL2Font(_HeadingFont):
    """Level-2 headings "（一）": 三号 楷体.

    ## What it does
    Level-2 headings and the lead of level-2 run-ins (marker and lead sentence): the h2 role's
    family (楷体) at its size; bold is allowed.
    ## Why
    GB/T 9704-2012 7.3.3: 第二层用楷体字.
    ## Example
    "（一）强化责任意识。" in 仿宋 → 楷体_GB2312; the rest of the paragraph stays 仿宋.
    ## Fix safety
    Safe: splits the run at the lead's end and sets the fonts.
    """

    id, severity, fix_class = "HEADING-L2-FONT", "warning", "safe"
    summary = "二级标题“（一）”应为三号楷体"
    level = 2


class HeadingL3Font(_HeadingFont):
    """Level-3 headings "1.": 三号 仿宋.

    ## What it does
    Level-3 headings and run-in leads: the h3 role's family (仿宋) at its size; bold is allowed.
    ## Why
    GB/T 9704-2012 7.3.3: 第三层和第四层用仿宋体字.
    ## Example
    "1.抓好学习" in 黑体 → 仿宋_GB2312.
    ## Fix safety
    Safe: sets the run properties.
    """

    id, severity, fix_class = "HEADING-L3-FONT", "warning", "safe"
    summary = "三级标题“1.”应为三号仿宋"
    level = 3


class HeadingL4Font(_HeadingFont):
    """Level-4 headings "（1）": 三号 仿宋.

    ## What it does
    Level-4 headings and run-in leads: the h4 role's family (仿宋) at its size; bold is allowed.
    ## Why
    GB/T 9704-2012 7.3.3: 第三层和第四层用仿宋体字.
    ## Example
    "（1）开展培训" in 楷体 → 仿宋_GB2312.
    ## Fix safety
    Safe: sets the run properties.
    """

    id, severity, fix_class = "HEADING-L4-FONT", "info", "safe"
    summary = "四级标题“（1）”应为三号仿宋"
    level = 4
