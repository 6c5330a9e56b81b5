"""Structure and numbering rules (RULES.md §3.3): title, salutation, closing, headings, sequence
markers, announced counts, paragraph ends, ellipsis paragraphs, blank lines."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from docgen.text.lexicon import cn_to_int, int_to_cn
from docgen.text.markers import (
    Marker, inline_markers, paragraph_marker, render, sequence_problems,
)
from docgen.rules.base import CheckContext, Finding, Rule, lazy_compile

AREA = "STRUCT / NUM / HEADING"
#: kinds that carry running text (RULES.md §2.1); the preamble is body
PROSE_KINDS = ("body", "host", "runin", "enum", "closing")
RUNIN_KINDS = ("runin", "enum")
#: kinds whose leading marker is a structure marker worth parsing
NUMBERED_KINDS = ("heading", "runin", "enum", "body", "host", "closing")


def _content(ctx: CheckContext) -> List:
    return list(ctx.content_units())


def _numbered(ctx: CheckContext) -> List[Tuple[object, Optional[Marker]]]:
    """[(unit, paragraph marker or None)] for the units that may carry structure markers."""
    def compute():
        return [(u, paragraph_marker(u.text, lenient=u.kind in ("heading", "runin")))
                for u in ctx.content_units(NUMBERED_KINDS)]
    return ctx.memo("struct.numbered", compute)


def _is_unnumbered_heading(unit, marker: Optional[Marker]) -> bool:
    return unit.kind == "heading" and (marker is None or marker.level is None)


def _has_l1(ctx: CheckContext) -> bool:
    return any(m is not None and m.family == "L1" for _, m in _numbered(ctx))


# ---------------------------------------------------------------------------------------------
class StructTitleMissing(Rule):
    """## What it does
    称谓之前没有标题段落时报告（文首第一段即“同志们：”）。
    ## Why is this bad?
    讲话稿印发时以标题开头（单标题或双标题，参照 GB/T 9704 7.3.1）。
    ## Example
    首行为`同志们：` -> 在其上加`在……会议上的讲话`。
    ## Fix safety
    不自动修复：标题须由起草人拟定。
    """

    id, severity, fix_class, area = "STRUCT-TITLE-MISSING", "warning", "none", AREA
    summary = "讲话稿缺少标题"

    def check(self, ctx):
        content = _content(ctx)
        if not content or any(u.kind == "title" for u in content):
            return
        # a title the recogniser could only place as a subtitle (e.g. one ending in 。) is a title
        # with another problem (TITLE-TRAILING-PUNCT), not a missing one
        if content[0].kind == "subtitle" and not content[0].text.lstrip().startswith("——"):
            return
        first = content[0]
        yield self.finding(ctx, first, 0, 0, "缺少讲话标题：应在称谓前加标题（如“在……会议上的讲话”）",
                           text=first.text[:12])


class TitleTrailingPunct(Rule):
    """## What it does
    标题末尾有`。，；：、.`时报告。
    ## Why is this bad?
    标题末尾不加句号、逗号等点号（确需时可用？或！）。
    ## Example
    `在全县党建工作会议上的讲话。` -> `在全县党建工作会议上的讲话`
    ## Fix safety
    安全：只删除末尾的标点。
    """

    id, severity, fix_class, area = "TITLE-TRAILING-PUNCT", "error", "safe", AREA
    fix_stage = (5, 1)
    summary = "标题末尾不应有句号、逗号等标点"
    PUNCT = "。，；：、.,;:"

    def check(self, ctx):
        for u in ctx.content_units(("title", "subtitle")):
            text = u.text.rstrip()
            if (u.kind == "subtitle" or u.hints.kept_in_place) and re.search("[。！？；]", text[:-1]):
                continue      # a line of prose in the title block (an editor's note kept in place, issue 13)
            if text and text[-1] in self.PUNCT:
                k = len(text) - 1
                yield self.finding(ctx, u, k, k + 1, f"标题末尾不应有“{text[-1]}”，请删除",
                                   replacement="")


class StructSalutationMissing(Rule):
    """## What it does
    标题之后、第一个层次标题或正文之前没有称谓（`同志们：`）时报告。
    ## Why is this bad?
    讲话先称呼听众；称谓后用全角冒号（GB/T 15834 4.7.3）。
    ## Example
    标题后直接是`今天，我们召开……` -> 加`同志们：`。
    ## Fix safety
    不自动修复：称呼谁由讲话人决定。
    """

    id, severity, fix_class, area = "STRUCT-SALUTATION-MISSING", "info", "none", AREA
    summary = "讲话稿缺少称谓（如“同志们：”）"

    def check(self, ctx):
        content = _content(ctx)
        if not content or any(u.kind == "salutation" for u in content):
            return
        head_kinds = ("title", "subtitle", "speaker", "date")
        first = next((u for u in content if u.kind not in head_kinds), None)
        if first is not None:
            yield self.finding(ctx, first, 0, 0, "缺少称谓：正文前宜有“同志们：”等称谓",
                               text=first.text[:12])


class SalutationPunct(Rule):
    """## What it does
    检查称谓是否以全角冒号`：`结尾。
    ## Why is this bad?
    GB/T 15834 4.7.3、GB/T 9704 7.3.2：称谓（主送机关）后标全角冒号。
    ## Example
    `同志们:` / `同志们，` -> `同志们：`
    ## Fix safety
    安全：替换或补上冒号。
    """

    id, severity, fix_class, area = "SALUTATION-PUNCT", "error", "safe", AREA
    fix_stage = (5, 4)
    summary = "称谓后应用全角冒号“：”"

    def check(self, ctx):
        for u in ctx.content_units(("salutation",)):
            text = u.text.rstrip()
            if not text or text.endswith("："):
                continue
            last = text[-1]
            if last in ":，,；;。.！!":
                yield self.finding(ctx, u, len(text) - 1, len(text), f"称谓末尾的“{last}”应为全角冒号“：”",
                                   replacement="：")
            else:
                yield self.finding(ctx, u, len(text), len(text), "称谓末尾缺少全角冒号“：”",
                                   replacement="：", text=text[-6:])


class StructClosingMissing(Rule):
    """## What it does
    最后一个正文段落既不是结束段（`同志们，……！`）也不是结束用语（`谢谢大家！`）时报告。
    ## Why is this bad?
    讲话在最后一部分中途停止，通常是稿子不完整或被截断。
    ## Example
    末段为`三是要注重考核激励。……` -> 补写结束语`同志们，……！`。
    ## Fix safety
    不自动修复：结束语须由起草人撰写。
    """

    id, severity, fix_class, area = "STRUCT-CLOSING-MISSING", "info", "none", AREA
    summary = "讲话稿没有结束语"
    #: a speech that ends on a slogan ("……万岁！", "……而奋斗！") has ended (issue 13)
    SLOGAN = re.compile(r"(万岁|奋斗|前进|努力|胜利|干杯|加油)[！!]+$")

    def check(self, ctx):
        content = [u for u in _content(ctx) if u.kind not in ("signature",)]
        if len(content) < 2:
            return
        last = content[-1]
        if last.kind not in ("closing", "closing-formula") and not self.SLOGAN.search(last.text.strip()):
            yield self.finding(ctx, last, 0, 0, "讲话在最后一部分中途结束，没有结束语（如“同志们，……！”）",
                               text=last.text[:12])


class ClosingFormulaForm(Rule):
    """## What it does
    检查结束用语（`谢谢大家！`、`我就讲这些。`）：应是最后一段，以`！`或`。`结尾，单独成段；
    有标题的讲话稿用`散会`时提示（`散会`由会议主持人宣布）。
    ## Why is this bad?
    结束用语位于中间、缺标点或与结束段连排，读来像未定稿。
    ## Example
    `谢谢大家` -> `谢谢大家！`；`……共同努力！谢谢大家！` -> 另起一段`谢谢大家！`
    ## Fix safety
    缺标点时安全修复（补`！`）；其余情况只报告。
    """

    id, severity, fix_class, area = "CLOSING-FORMULA-FORM", "info", "safe", AREA
    fix_stage = (5, 6)
    summary = "结束用语（“谢谢大家！”）应单独成段、位于最后并带标点"
    MERGED = re.compile(r"(?<=[。！？])(?:我就讲(?:这些|这么多|以上几点)[，,。]?)?谢谢(?:大家)?[！。!]?$")

    def check(self, ctx):
        content = [u for u in _content(ctx) if u.kind != "signature"]
        has_title = any(u.kind == "title" for u in content)
        if content and content[-1].kind in ("closing", "body"):
            last = content[-1]
            m = self.MERGED.search(last.text.rstrip())
            if m:
                yield self.finding(ctx, last, m.start(), m.end(), "结束用语“谢谢大家！”应另起一段",
                                   fix_class="none")
        for i, u in enumerate(content):
            if u.kind != "closing-formula":
                continue
            text = u.text.rstrip()
            if text and text[-1] not in "！。!":
                yield self.finding(ctx, u, len(text), len(text), "结束用语末尾缺少“！”",
                                   replacement="！", text=text[-6:])
            if i != len(content) - 1:
                yield self.finding(ctx, u, 0, 0, "结束用语后面还有正文：结束用语应是最后一段",
                                   fix_class="none", text=text[:12])
            if has_title and "散会" in text:
                k = text.index("散会")
                yield self.finding(ctx, u, k, k + 2, "“散会”由会议主持人宣布，讲话稿一般不用",
                                   fix_class="none")


#: marker families of heading levels 1-4 (GB/T 9704 7.3.3: 一、（一）1.（1）)
LEVEL_FAMILIES = ("L1", "L2", "L3", "L4")


class HeadingUnnumbered(Rule):
    """## What it does
    报告没有层次序数的并列小标题（由结构识别找出：两个以上短小的并列段落，结尾相同，后面各跟正文）。
    ## Why is this bad?
    GB/T 9704 7.3.3 用`一、（一）1.（1）`标示结构层次；无序号的小标题多是复制粘贴时丢失了自动编号。
    ## Example
    `要旗帜鲜明讲政治，在……上用劲发力` -> `一、要旗帜鲜明讲政治，在……上用劲发力`
    ## Fix safety
    建议修改：按顺序加`一、二、……`（已有一级序号时加`（一）……`）。
    """

    id, severity, fix_class, area = "HEADING-UNNUMBERED", "warning", "suggest", AREA
    fix_stage = (5, 8)
    summary = "并列的小标题缺少层次序数"

    def check(self, ctx):
        group = [u for u, m in _numbered(ctx) if _is_unnumbered_heading(u, m)]
        # a .docx whose headings carry our heading styles chose unnumbered headings on purpose
        if len(group) < 2 or all(u.hints.role_source == "style" for u in group):
            return
        if any(u.level for u in group):
            yield from self._by_level(ctx, group)
            return
        nested = _has_l1(ctx)
        family = "L2" if nested else "L1"
        severity = "info" if nested else self.severity
        for n, u in enumerate(group, start=1):
            prefix = render(family, n)
            yield self.finding(ctx, u, 0, 0, f"小标题没有序号，建议加“{prefix}”",
                               replacement=prefix, severity=severity, text=u.text[:12])

    def _by_level(self, ctx, group):
        """Headings whose level is known (Word's Heading 1-4 styles): each level numbered in its
        own family, restarting under each heading of a higher level, as the numbering transform
        does ("提升政务服务效能" under the second level-1 heading is "（一）", not "三、")."""
        counters: Dict[int, int] = {}
        for u in group:
            level = u.level or 1
            counters = {lv: n for lv, n in counters.items() if lv <= level}
            counters[level] = counters.get(level, 0) + 1
            prefix = render(LEVEL_FAMILIES[min(level, len(LEVEL_FAMILIES)) - 1], counters[level])
            yield self.finding(ctx, u, 0, 0, f"小标题没有序号，建议加“{prefix}”",
                               replacement=prefix, severity=self.severity if level == 1 else "info",
                               text=u.text[:12])


class NumSequence(Rule):
    """## What it does
    检查同一上级下同级层次标题、段首`一是/一要/第一，`以及段内列举是否按 1、2、3……排列，
    无跳号、重号或颠倒。叠字序号（`二是是`）按`二是`计。
    ## Why is this bad?
    GB/T 9704 7.3.3 结构层次序数；《党政机关公文处理工作条例》第二十条（段落顺序是否准确）。
    ## Example
    `一、` `二、` `四、` -> `一、` `二、` `三、`
    ## Fix safety
    建议修改：按顺序重新编号。
    """

    id, severity, fix_class, area = "NUM-SEQUENCE", "error", "suggest", AREA
    fix_stage = (5, 9)
    ATTACHMENT = re.compile(r"^附件\s*\d*$")
    summary = "层次序数或“一是、二是”序列不连续、重复或颠倒"

    def check(self, ctx):
        last_by_level: Dict[int, int] = {}
        enum_markers: List[Tuple[object, Marker]] = []

        def flush():
            yield from self._report(ctx, enum_markers, restart=False)
            enum_markers.clear()

        numbered = _numbered(ctx)
        for n, (u, m) in enumerate(numbered):
            prev_text = numbered[n - 1][0].text if n else ""
            if u.kind == "body" and self.ATTACHMENT.match(u.text.strip()):
                yield from flush()
                last_by_level.clear()       # an attachment numbers its headings afresh
                continue
            if m is not None and m.level is not None:
                yield from flush()
                expected = last_by_level.get(m.level, 0) + 1
                if m.value != expected and expected == 1 and self._opened_inline(prev_text, m):
                    expected = m.value    # "会议决定，一、原则同意……。" then "二、同意……" (issue 13)
                if m.value != expected:
                    yield self._finding(ctx, u, m, expected)
                last_by_level[m.level] = m.value
                for deeper in [k for k in last_by_level if k > m.level]:
                    del last_by_level[deeper]
            elif _is_unnumbered_heading(u, m):
                yield from flush()
                level = u.level or 1
                for deeper in [k for k in last_by_level if k > level]:
                    del last_by_level[deeper]
            elif m is not None and m.family in ("是", "要", "第"):
                enum_markers.append((u, m))
            # inline enumerations restart in every paragraph, per family
            by_family: Dict[str, List[Tuple[object, Marker]]] = {}
            for im in inline_markers(u.text):
                by_family.setdefault(im.family, []).append((u, im))
            for family, items in by_family.items():
                # the paragraph's own marker opens its inline list ("一要……。二要……。三要……"), and
                # a "首先，" before it counts as the first of "第二，" "第三，" (issue 13)
                first = items[0][1]
                if m is not None and m.family == family:
                    items = [(u, m)] + items
                elif family == "第" and "首先" in u.text[:first.start]:
                    k = u.text.index("首先")
                    items = [(u, Marker("第", 1, k, k + 2, "首先", False))] + items
                yield from self._report(ctx, items, restart=True)
        yield from flush()

    @staticmethod
    def _opened_inline(text: str, m: Marker) -> bool:
        """Does ``text`` hold the markers before ``m`` inline ("会议决定，一、原则同意……")?"""
        return all(re.search(rf"[，。；：,]{re.escape(render(m.family, k))}", text) for k in range(1, m.value))

    def _report(self, ctx, items, restart):
        markers = [m for _, m in items]
        owner = {id(m): u for u, m in items}
        for m, expected in sequence_problems(markers, restart_on_one=restart):
            yield self._finding(ctx, owner[id(m)], m, expected)

    def _finding(self, ctx, unit, m: Marker, expected: int) -> Finding:
        want = render(m.family, expected)
        if m.family in ("是", "要"):
            want = f"{int_to_cn(expected)}{m.family}"
        return self.finding(ctx, unit, m.start, m.end, f"序号“{m.text}”不连续，按顺序此处应为“{want}”",
                            replacement=want.rstrip("，") if m.family == "第" else want)


class NumLevelOrder(Rule):
    """## What it does
    检查层次序数是否按`一、` > `（一）` > `1.` > `（1）`逐级使用；只有`一、`下可直接用`1.`（两层结构）。
    ## Why is this bad?
    GB/T 9704 7.3.3 规定了结构层次序数的顺序。
    ## Example
    `一、……`之下直接用`（1）……` -> 改用`（一）`或`1.`。
    ## Fix safety
    不自动修复：层次结构须由起草人确定。
    """

    id, severity, fix_class, area = "NUM-LEVEL-ORDER", "warning", "none", AREA
    summary = "层次序数应按“一、”“（一）”“1.”“（1）”逐级使用"

    def check(self, ctx):
        items = [(u, m) for u, m in _numbered(ctx) if m is not None and m.level is not None]
        if not items:
            return
        top = min(m.level for _, m in items)
        chain: List[int] = []
        for u, m in items:
            level = m.level
            while chain and chain[-1] >= level:
                chain.pop()
            parent = chain[-1] if chain else None
            ok = (parent is None and level == top) or (parent is not None and (
                level == parent + 1 or (parent == 1 and level == 3)))
            if not ok:
                above = "文档开头" if parent is None else f"第{parent}层标题"
                yield self.finding(ctx, u, m.start, m.end,
                                   f"层次序数“{m.text}”（第{level}层）直接用在{above}之下，层次跳级或颠倒")
            chain.append(level)


class NumMarkerForm(Rule):
    """## What it does
    检查序数后的标点：`一、`（不用`一.` `一，`）；`（一）`用全角括号，后面不加标点；`1.`（不用`1、`
    `1，` `1)`）；`（1）`后不加标点；`第一，` `首先，`用逗号；`一是/一要`后不加或加逗号。
    ## Why is this bad?
    GB/T 15834 附录 B.3.1–B.3.4（序次语之后的标点）。
    ## Example
    `一.肯定成绩` -> `一、肯定成绩`；`（一）、强化` -> `（一）强化`；`1、` -> `1.`
    ## Fix safety
    安全：只改序数后的标点。
    """

    id, severity, fix_class, area = "NUM-MARKER-FORM", "error", "safe", AREA
    fix_stage = (5, 5)
    summary = "序数后的标点形式错误（如“一.”“（一）、”“1、”）"
    CN = "一二三四五六七八九十"
    PATTERNS = (
        # (regex on the stripped text, group holding the wrong part, replacement, description)
        (lazy_compile(rf"^[{CN}]{{1,3}}([.．，,]|[ \u3000]+)(?=[\u4e00-\u9fff])"), "、", "一级序数后应用顿号“、”"),
        (re.compile(rf"^（[{CN}]{{1,3}}）([、.．，,])"), "", "“（一）”后不加标点"),
        (lazy_compile(r"^\d{1,2}([、，,)）])(?=[\u4e00-\u9fff])"), ".", "“1.”式序数后应用下脚点“.”"),
        (re.compile(r"^（\d{1,2}）([、.．，,])"), "", "“（1）”后不加标点"),
        (re.compile(rf"^第[{CN}]{{1,3}}([、：:.．])"), "，", "“第一”后应用逗号“，”"),
        (re.compile(r"^(?:首先|其次|再次|最后)([、：:])"), "，", "“首先”“其次”后应用逗号“，”"),
        (re.compile(rf"^[{CN}]{{1,3}}[是要]([、：:])"), "", "“一是”“一要”后不加顿号或冒号"),
    )
    #: patterns whose number-plus-mark also opens ordinary sentences: only for recognised headings
    HEADING_ONLY = (0, 2)
    BRACKETS = re.compile(rf"^([（(])[{CN}\d]{{1,3}}([）)])")
    FULL = {"(": "（", ")": "）"}

    def check(self, ctx):
        for u in ctx.content_units(NUMBERED_KINDS):
            text = u.text
            off = len(text) - len(text.lstrip(" \t\u3000\u00a0"))
            body = text[off:]
            m = self.BRACKETS.match(body)
            if m:
                for g in (1, 2):
                    if m.group(g) in self.FULL:
                        k = off + m.start(g)
                        yield self.finding(ctx, u, k, k + 1, "序数括号应为全角“（）”",
                                           replacement=self.FULL[m.group(g)])
                # read the rest as if the brackets were already full-width
                body = "（" + body[1:m.end() - 1] + "）" + body[m.end():]
            for n, (rx, repl, desc) in enumerate(self.PATTERNS):
                if n in self.HEADING_ONLY and u.kind not in ("heading", "runin"):
                    continue      # "3、4月份……" in running text is not a marker
                m = rx.match(body)
                if m:
                    s, e = off + m.start(1), off + m.end(1)
                    yield self.finding(ctx, u, s, e, f"{desc}（现为“{m.group(1).strip() or '空格'}”）",
                                       replacement=repl)
                    break


class NumMarkerStyleMix(Rule):
    """## What it does
    同一上级下的并列项混用不同形式（`一是……`后接`二要……`，`第一，`与`二是`混用）时提示。
    ## Why is this bad?
    并列项应形式一致（参照 GB/T 15835 4.3“同类别同形式”）。
    ## Example
    `一是加强……。二要完善……。` -> `一是……。二是……。`
    ## Fix safety
    不自动修复：保留哪种形式由起草人决定。
    """

    id, severity, fix_class, area = "NUM-MARKER-STYLE-MIX", "info", "none", AREA
    summary = "同级并列项混用“一是”“二要”“第一”等不同形式"

    def check(self, ctx):
        group: List[Tuple[object, Marker]] = []
        for u, m in _numbered(ctx):
            if (m is not None and m.level is not None) or _is_unnumbered_heading(u, m):
                yield from self._mixed(ctx, group)
                group = []
            elif m is not None and m.family in ("是", "要", "第"):
                group.append((u, m))
            items = [(u, im) for im in inline_markers(u.text)]
            yield from self._mixed(ctx, items)
        yield from self._mixed(ctx, group)

    def _mixed(self, ctx, items):
        if len(items) < 2:
            return
        first = items[0][1].family
        # a new list that starts at 1 may use another family
        current = first
        for u, m in items[1:]:
            if m.value == 1:
                current = m.family
                continue
            if m.family != current:
                yield self.finding(ctx, u, m.start, m.end,
                                   f"并列项形式不一致：前面用“{current}”，此处用“{m.text}”")


class EnumCountMismatch(Rule):
    """## What it does
    核对预告的数目与实际内容：`讲三点意见`与其后的一级标题（在某一部分内则与其后的列举项）、
    `以下5个方面`与本部分列举项、`共二项议程`与实际进行的议程、`刚才，5位同志`与此前请发言的人数。
    ## Why is this bad?
    《党政机关公文处理工作条例》第二十条：数字是否准确。
    ## Example
    六次`请XX同志作交流发言；`之后写`刚才，5位同志……` -> `刚才，6位同志……`
    ## Fix safety
    不自动修复：可能是数目错，也可能是内容缺。
    """

    id, severity, fix_class, area = "ENUM-COUNT-MISMATCH", "warning", "none", AREA
    summary = "预告的数目（讲三点、5位同志）与实际不符"
    NUM = r"(\d{1,2}|[一二三四五六七八九十两]{1,3})"
    POINTS = re.compile(rf"(?:讲|谈|强调|提)了?{NUM}(?:点|个方面|个问题)")
    FOLLOWING = re.compile(rf"(?:以下|如下){NUM}(?:个方面|项|点)")
    AGENDA = re.compile(rf"共{NUM}项议程")
    SPEAKERS = re.compile(rf"刚才，{NUM}位同志")
    INVITE = re.compile(r"^请.{0,40}作.{0,6}发言[；;。]$")
    AGENDA_ITEM = re.compile(rf"第{NUM}项议程")

    def check(self, ctx):
        units = _content(ctx)
        numbered = _numbered(ctx)
        pos = {id(u): i for i, u in enumerate(units)}
        for i, u in enumerate(units):
            text = ctx.text_of(u)
            in_section = None       # asked only when a paragraph announces points: a scan of all markers
            for m in self.POINTS.finditer(text):
                if in_section is None:
                    in_section = any(pos.get(id(v), len(units)) < i and m2 is not None and m2.family == "L1"
                                     for v, m2 in numbered) or any(
                        pos.get(id(v), len(units)) < i and _is_unnumbered_heading(v, m2) for v, m2 in numbered)
                said = cn_to_int(m.group(1))
                # "我提三点要求：一是……二是……" counts its own inline items; in the preamble the
                # points are the level-1 headings; inside a section, the run-ins that follow
                inline = [im for im in inline_markers(text) if im.start > m.end()]
                if len(inline) >= 2:
                    actual, what = len(inline), "项"
                elif not in_section:
                    actual, what = self._l1_after(numbered, pos, i), "个一级标题"
                    if not actual:
                        actual, what = self._enums_after(numbered, pos, i), "项"
                else:
                    actual, what = self._enums_after(numbered, pos, i), "项"
                if said and actual and said != actual:
                    yield self._f(ctx, u, m, said, actual, what)
            for m in self.FOLLOWING.finditer(text):
                said = cn_to_int(m.group(1))
                inline = [im for im in inline_markers(text) if im.start > m.end()]
                actual = len(inline) if len(inline) >= 2 else self._enums_after(numbered, pos, i)
                if said and actual and said != actual:
                    yield self._f(ctx, u, m, said, actual, "项")
            for m in self.AGENDA.finditer(text):
                said = cn_to_int(m.group(1))
                opened = set()
                for later in units[i + 1:]:
                    t = ctx.text_of(later)
                    if t.lstrip().startswith("首先"):
                        opened.add(1)
                    for am in self.AGENDA_ITEM.finditer(t):
                        value = cn_to_int(am.group(1))
                        if value:
                            opened.add(value)
                if said and opened and said != len(opened):
                    yield self._f(ctx, u, m, said, len(opened), "项议程")
            for m in self.SPEAKERS.finditer(text):
                said = cn_to_int(m.group(1))
                invited = sum(1 for earlier in units[:i] if self.INVITE.match(ctx.text_of(earlier).strip()))
                if said and invited and said != invited:
                    yield self._f(ctx, u, m, said, invited, "位同志发言")

    @staticmethod
    def _l1_after(numbered, pos, i) -> int:
        return sum(1 for u, m in numbered if pos.get(id(u), -1) > i and (
            (m is not None and m.family == "L1") or (_is_unnumbered_heading(u, m) and (u.level or 1) == 1)))

    @staticmethod
    def _enums_after(numbered, pos, i) -> int:
        count = 0
        for u, m in numbered:
            if pos.get(id(u), -1) <= i:
                continue
            if (m is not None and m.level is not None) or _is_unnumbered_heading(u, m):
                break
            if m is not None and m.family in ("是", "要", "第"):
                count += 1
        return count

    def _f(self, ctx, u, m, said, actual, what) -> Finding:
        s, e = m.start(1), m.end(1)
        return self.finding(ctx, u, s, e, f"预告的数目为{said}，实际为{actual}（{what}），请核对")


class HeadingTrailingPunct(Rule):
    """## What it does
    独立成段的标题（任何层级，有无序号）末尾有`。，；、：`或半角`.,;:`时报告。接排标题不在此列：
    其领句应以`。`结束。
    ## Why is this bad?
    标题末尾不加点号（GB/T 9704 7.3.3 惯例；lint-md correct-title-trailing-punctuation）。
    ## Example
    `一、肯定成绩，正视问题。` -> `一、肯定成绩，正视问题`
    ## Fix safety
    安全：删除末尾标点。
    """

    id, severity, fix_class, area = "HEADING-TRAILING-PUNCT", "warning", "safe", AREA
    fix_stage = (5, 2)
    summary = "独立成段的标题末尾不应有句号、逗号等标点"
    PUNCT = "。，；、：.,;:"

    def check(self, ctx):
        for u in ctx.content_units(("heading",)):
            text = u.text.rstrip()
            if text and text[-1] in self.PUNCT:
                k = len(text) - 1
                yield self.finding(ctx, u, k, k + 1, f"独立成段的标题末尾不应有“{text[-1]}”，请删除",
                                   replacement="")


class HeadingPunctInconsistent(Rule):
    """## What it does
    同一文件中同级独立标题末尾标点不一致（有的带`。`，有的不带）时，报告少数一方。
    ## Why is this bad?
    同类别同形式（参照 GB/T 15835 4.3）。
    ## Example
    `一、……` / `二、……。` -> 都不加标点。
    ## Fix safety
    安全：删除带标点标题的末尾标点。
    """

    id, severity, fix_class, area = "HEADING-PUNCT-INCONSISTENT", "warning", "safe", AREA
    fix_stage = (5, 3)
    summary = "同级标题末尾标点用法不一致"
    PUNCT = HeadingTrailingPunct.PUNCT

    def check(self, ctx):
        if HeadingTrailingPunct.id in ctx.active_ids:
            return      # the absolute rule already reports every trailing mark
        by_level: Dict[int, List] = {}
        for u, m in _numbered(ctx):
            if u.kind != "heading":
                continue
            level = m.level if (m is not None and m.level) else (u.level or 1)
            by_level.setdefault(level, []).append(u)
        for level, heads in by_level.items():
            with_p = [u for u in heads if u.text.rstrip()[-1:] in tuple(self.PUNCT)]
            without = [u for u in heads if u not in with_p]
            if not with_p or not without:
                continue
            minority = with_p if len(with_p) <= len(without) else without
            for u in minority:
                text = u.text.rstrip()
                if u in with_p:
                    k = len(text) - 1
                    yield self.finding(ctx, u, k, k + 1, "同级标题末尾标点不一致：其他同级标题末尾无标点",
                                       replacement="")
                else:
                    yield self.finding(ctx, u, len(text), len(text),
                                       "同级标题末尾标点不一致：其他同级标题末尾有标点（标题宜一律不加）",
                                       fix_class="none", text=text[-8:])


class HeadingL1Runin(Rule):
    """## What it does
    `一、`段落在第一个`。`之后还接有正文时报告。
    ## Why is this bad?
    一级标题（黑体）应单独成段（GB/T 9704 7.3.3 惯例）。
    ## Example
    `一、肯定成绩。今年以来……` -> `一、肯定成绩` + 另起一段`今年以来……`
    ## Fix safety
    建议修改：在领句后分段并去掉句号。
    """

    id, severity, fix_class, area = "HEADING-L1-RUNIN", "warning", "suggest", AREA
    fix_stage = (5, 7)
    summary = "一级标题应单独成段，不与正文接排"

    def check(self, ctx):
        for u, m in _numbered(ctx):
            if m is None or m.family != "L1":
                continue
            text = u.text.rstrip()
            k = text.find("。", m.end)
            if 0 <= k < len(text) - 1:
                yield self.finding(ctx, u, m.start, k + 1, "一级标题后接排了正文，应将标题单独成段",
                                   fix={"split_at": k + 1})


class RuninLeadEnd(Rule):
    """## What it does
    接排标题（`（一）` `1.` `一是` `一要`）的领句应在序号后 80 字内以`。`（或`？` `！`）结束。
    ## Why is this bad?
    领句到句号为止用标题字体；没有句号，领句就没有边界。
    ## Example
    `（一）强化职责意识，各级党委……` -> `（一）强化职责意识。各级党委……`
    ## Fix safety
    建议修改：句子边界需人工确认。
    """

    id, severity, fix_class, area = "RUNIN-LEAD-END", "warning", "suggest", AREA
    summary = "接排标题的领句应以句号结束"
    defaults = {"max_lead_chars": 80}

    def check(self, ctx):
        limit = self.param(ctx, "max_lead_chars")
        for u, m in _numbered(ctx):
            if u.kind not in RUNIN_KINDS or m is None:
                continue
            if m.family not in ("L2", "L3", "L4", "是", "要"):
                continue
            window = ctx.text_of(u)[m.end:m.end + limit]
            if not re.search(r"[。？！]", window):
                yield self.finding(ctx, u, m.start, m.end,
                                   f"接排标题“{m.text}”的领句在{limit}字内没有以句号结束")


class HeadingTooLong(Rule):
    """## What it does
    独立标题超过 56 字（每行 28 字，两行）时提示。
    ## Why is this bad?
    标题过长不便宣读和浏览，惯例控制在一两行。
    ## Example
    60 字的`一、……`标题 -> 精简。
    ## Fix safety
    不自动修复。
    """

    id, severity, fix_class, area = "HEADING-TOO-LONG", "info", "none", AREA
    summary = "独立标题过长（超过两行）"
    defaults = {"max_chars": 56}

    def check(self, ctx):
        limit = self.param(ctx, "max_chars")
        for u in ctx.content_units(("heading",)):
            n = len(u.text.strip())
            if n > limit:
                yield self.finding(ctx, u, 0, 0, f"标题有{n}字，超过{limit}字（两行），宜精简",
                                   text=u.text.strip()[:12])


class ParaNoEndPunct(Rule):
    """## What it does
    正文、开场、主持、接排或结束段落的末字不是`。！？…”’）》：；`之一，且段落长于 40 字或含有
    `，。；：`时报告。标题、称谓、结束用语、省略号段落不在此列。
    ## Why is this bad?
    GB/T 15834 4.1：句末用句号；缺标点往往说明文字有缺失。
    ## Example
    `……走好新时代赶考之路` -> `……走好新时代赶考之路。`
    ## Fix safety
    建议修改：补`。`（以`同志们，`开头的段落补`！`）。
    """

    id, severity, fix_class, area = "PARA-NO-END-PUNCT", "error", "suggest", AREA
    fix_stage = (5, 10)
    summary = "正文段落末尾缺少标点"
    ENDS = "。！？…”’）》：；!?"
    #: lines that take no full stop: an attachment list or name, a label line ("联系人：王五"),
    #: a figure or table caption
    NO_PUNCT = re.compile(r"^(附件|附表|附图)|^[^，。；！？\s]{1,8}[：:]|^[图表]\s*\d")
    defaults = {"min_chars": 40}

    def check(self, ctx):
        limit = self.param(ctx, "min_chars")
        for u in ctx.content_units(PROSE_KINDS):
            text = ctx.text_of(u).rstrip()
            if not text or text[-1] in self.ENDS:
                continue
            if self.NO_PUNCT.match(text.strip()) or u.hints.toc:
                continue          # 附件名称、“联系人：”式标注行、图表题、目录行不加标点 (GB/T 9704 7.3.5)
            if len(text) > limit or re.search("[，。；：]", text):
                mark = "！" if text.startswith("同志们，") else "。"
                k = len(text) - 1
                yield self.finding(ctx, u, k, k + 1, f"段落末尾缺少标点，建议加“{mark}”",
                                   fix={"replacement": text[-1] + mark})


class EllipsisPara(Rule):
    """## What it does
    报告整段只有省略号的段落（`……` `…` `...` `。。。`）。
    ## Why is this bad?
    定稿中它表示内容缺失（待补的文字，或剪去的他人发言）；GB/T 15834 4.11 规定省略整段用`…………`。
    ## Example
    `请XX同志作交流发言；` / `……` -> 补全或删除。
    ## Fix safety
    不自动修复。
    """

    id, severity, fix_class, area = "ELLIPSIS-PARA", "warning", "none", AREA
    summary = "整段只有省略号（内容缺失或待补）"
    RE = re.compile(r"^[…⋯.。·]{2,}$|^…$")

    def check(self, ctx):
        for u in ctx.content_units():
            if self.RE.match(u.text.strip()):
                yield self.finding(ctx, u, 0, 0, "整段只有省略号：内容缺失，定稿前应补全或删除",
                                   text=u.text.strip())


class BlankLines(Rule):
    """## What it does
    报告连续两个以上的空行，以及第一个正文段落之前、最后一个正文段落之后的空行。夹在网页广告块中的
    空行随广告一并删除，不单独报告。
    ## Why is this bad?
    公文用单个空行控制版面；成串的空行和首尾空行是粘贴残留。
    ## Example
    文末三个空行 -> 删除。
    ## Fix safety
    安全：连续空行压缩为一个，删除首尾空行。
    """

    id, severity, fix_class, area = "BLANK-LINES", "info", "safe", AREA
    fix_stage = (3, 6)
    summary = "连续空行，或文首文末有空行"

    def check(self, ctx):
        units = ctx.units
        n = len(units)
        i = 0
        content_idx = [k for k, u in enumerate(units) if u.kind not in ("blank", "noise")]
        first = content_idx[0] if content_idx else n
        last = content_idx[-1] if content_idx else -1
        while i < n:
            if units[i].kind != "blank":
                i += 1
                continue
            j = i
            while j + 1 < n and units[j + 1].kind == "blank":
                j += 1
            prev = next((units[k] for k in range(i - 1, -1, -1) if units[k].kind != "blank"), None)
            nxt = next((units[k] for k in range(j + 1, n) if units[k].kind != "blank"), None)
            inside_noise = prev is not None and prev.kind == "noise" and (nxt is None or nxt.kind == "noise")
            leading, trailing = j < first, i > last
            if not inside_noise and (leading or trailing or j > i):
                keep = 0 if (leading or trailing) else 1
                doomed = [u.index for u in units[i + keep:j + 1]]
                where = "文首" if leading else ("文末" if trailing else "")
                count = j - i + 1
                msg = f"{where}有{count}个空行，应删除" if where else f"连续{count}个空行，应只留一个"
                yield self.finding(ctx, units[i], 0, 0, msg, end_unit=units[j] if j > i else None,
                                   fix={"delete_paragraphs": doomed}, text="")
            i = j + 1
