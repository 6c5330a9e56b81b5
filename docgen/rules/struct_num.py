"""Numbering rules (RULES.md §3.3): unnumbered headings, the sequence, levels, form and style of
structure markers (一、（一）1.（1）), and counts a sentence announces ("三个方面")."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from docgen.text.lexicon import cn_to_int, int_to_cn
from docgen.text.markers import Marker, render, sequence_problems
from docgen.rules.base import CheckContext, Finding, Rule, lazy_compile
from docgen.rules.struct import AREA, NUMBERED_KINDS, content_list, inline_markers_of, numbered_units


def _is_unnumbered_heading(unit, marker: Optional[Marker]) -> bool:
    return unit.kind == "heading" and (marker is None or marker.level is None)


def _has_l1(ctx: CheckContext) -> bool:
    return any(m is not None and m.family == "L1" for _, m in numbered_units(ctx))


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
        group = [u for u, m in numbered_units(ctx) if _is_unnumbered_heading(u, m)]
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

        numbered = numbered_units(ctx)
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
            for im in inline_markers_of(ctx, u.text):
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
        items = [(u, m) for u, m in numbered_units(ctx) if m is not None and m.level is not None]
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
        for u, m in numbered_units(ctx):
            if (m is not None and m.level is not None) or _is_unnumbered_heading(u, m):
                yield from self._mixed(ctx, group)
                group = []
            elif m is not None and m.family in ("是", "要", "第"):
                group.append((u, m))
            items = [(u, im) for im in inline_markers_of(ctx, u.text)]
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
        units = content_list(ctx)
        numbered = numbered_units(ctx)
        pos = {id(u): i for i, u in enumerate(units)}
        for i, u in enumerate(units):
            text = ctx.text_of(u)
            in_section = None       # asked only when a paragraph announces points: a scan of all markers
            for m in (self.POINTS.finditer(text) if self._may_announce(text) else ()):
                if in_section is None:
                    in_section = any(pos.get(id(v), len(units)) < i and m2 is not None and m2.family == "L1"
                                     for v, m2 in numbered) or any(
                        pos.get(id(v), len(units)) < i and _is_unnumbered_heading(v, m2) for v, m2 in numbered)
                said = cn_to_int(m.group(1))
                # "我提三点要求：一是……二是……" counts its own inline items; in the preamble the
                # points are the level-1 headings; inside a section, the run-ins that follow
                inline = [im for im in inline_markers_of(ctx, text) if im.start > m.end()]
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
            for m in (self.FOLLOWING.finditer(text) if "以下" in text or "如下" in text else ()):
                said = cn_to_int(m.group(1))
                inline = [im for im in inline_markers_of(ctx, text) if im.start > m.end()]
                actual = len(inline) if len(inline) >= 2 else self._enums_after(numbered, pos, i)
                if said and actual and said != actual:
                    yield self._f(ctx, u, m, said, actual, "项")
            for m in (self.AGENDA.finditer(text) if "项议程" in text else ()):
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
            for m in (self.SPEAKERS.finditer(text) if "位同志" in text else ()):
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

    @staticmethod
    def _may_announce(text: str) -> bool:
        """Substring tests before the POINTS scan (its verb, then its measure word); the other
        patterns are tested by their fixed words where they are scanned."""
        return any(v in text for v in ("讲", "谈", "强调", "提")) and any(
            m in text for m in ("点", "个方面", "个问题"))

    def _f(self, ctx, u, m, said, actual, what) -> Finding:
        s, e = m.start(1), m.end(1)
        return self.finding(ctx, u, s, e, f"预告的数目为{said}，实际为{actual}（{what}），请核对")
