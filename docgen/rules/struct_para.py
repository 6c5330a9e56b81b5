"""Heading and paragraph shape rules (RULES.md §3.3): the end punctuation and length of headings,
run-in leads, paragraphs without end punctuation, ellipsis paragraphs, blank lines."""

from __future__ import annotations

import re
from typing import Dict, List

from docgen.rules.base import Rule
from docgen.rules.struct import AREA, numbered_units

#: kinds that carry running text (RULES.md §2.1); the preamble is body
PROSE_KINDS = ("body", "host", "runin", "enum", "closing")
RUNIN_KINDS = ("runin", "enum")


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
        for u, m in numbered_units(ctx):
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
        for u, m in numbered_units(ctx):
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
        for u, m in numbered_units(ctx):
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
