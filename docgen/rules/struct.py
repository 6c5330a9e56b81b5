"""Structure rules (RULES.md §3.3): title, salutation and closing, and the helpers the structure
rules share.  Headings' numbers, sequence markers and announced counts are in struct_num.py; the
ends and shape of headings and paragraphs, ellipsis paragraphs and blank lines in struct_para.py."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from docgen.text.markers import Marker, inline_markers, paragraph_marker
from docgen.rules.base import CheckContext, Rule

AREA = "STRUCT / NUM / HEADING"
#: kinds whose leading marker is a structure marker worth parsing
NUMBERED_KINDS = ("heading", "runin", "enum", "body", "host", "closing")


def content_list(ctx: CheckContext) -> List:
    return list(ctx.content_units())


def numbered_units(ctx: CheckContext) -> List[Tuple[object, Optional[Marker]]]:
    """[(unit, paragraph marker or None)] for the units that may carry structure markers."""
    def compute():
        return [(u, paragraph_marker(u.text, lenient=u.kind in ("heading", "runin")))
                for u in ctx.content_units(NUMBERED_KINDS)]
    return ctx.memo("struct.numbered", compute)


def inline_markers_of(ctx: CheckContext, text: str) -> List[Marker]:
    """``inline_markers(text)``, once per document and text: three numbering rules ask for every
    paragraph's (the list is shared: read it, do not change it)."""
    cache = ctx.cache.get("struct.inline")
    if cache is None:
        cache = ctx.cache["struct.inline"] = {}
    found = cache.get(text)
    if found is None:
        found = cache[text] = inline_markers(text)
    return found


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
        content = content_list(ctx)
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
        content = content_list(ctx)
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
        content = [u for u in content_list(ctx) if u.kind not in ("signature",)]
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
        content = [u for u in content_list(ctx) if u.kind != "signature"]
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
