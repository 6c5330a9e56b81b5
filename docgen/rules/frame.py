"""Rules on the 公文 frame (DESIGN.md §3b; GB/T 9704-2012 §7.2–7.5), and the genre gate.

``prepare_frame(ctx)`` (called once per document by the check runner) guesses the genre
(docgen.recognise.genre) and finds the frame lines: 版头, 主送, 附件说明, 落款, 附注, 版记.  Then
``rule_applies`` keeps the speech-only rules (讲话标题, 称谓“同志们：”, 结束语…) off any other
genre, and ``finding_applies`` keeps body rules (first-line indent, end punctuation, heading
numbers, noise lines…) off the frame lines, which have their own layout; the FRAME-* rules below
check those lines instead.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterator, Optional

from docgen.model import GENRES, UPWARD_GENRES
from docgen.rules.base import Rule

AREA = "FRAME"
GENRE_KEY, ROLES_KEY, IMPRINT_KEY = "frame.genre", "frame.roles", "frame.imprint_table"

#: rules about a speech's own parts: they do not apply to a 通知, 请示, 报告…
SPEECH_ONLY_RULES = frozenset({
    "STRUCT-TITLE-MISSING", "STRUCT-SALUTATION-MISSING", "STRUCT-CLOSING-MISSING", "CLOSING-FORMULA-FORM",
    "FONT-SPEAKER-DATE", "NUMERAL-STRUCT-COUNT",
})
#: body rules that still apply on frame lines (the wording of the text, not its layout)
TEXT_RULES_ON_FRAME = frozenset({"PUNCT-HALFWIDTH-IN-CJK", "CHAR-FULLWIDTH-ALNUM", "TERM-CONFUSION"})
#: a blank line next to a frame line is part of the frame's layout (标志下空二行, 落款前空行)
BLANK_RULE = "BLANK-LINES"
PAGE_NUMBER_RULE = "LAYOUT-PAGE-NUMBER"


def prepare_frame(ctx: Any) -> None:
    """Guess the genre and mark the frame lines of the document in ``ctx`` (once)."""
    if GENRE_KEY in ctx.cache:
        return
    from docgen.recognise.genre import frame_roles

    try:
        genre, roles = frame_roles(ctx.units)
    except Exception:                   # the gate must never take the checker down
        genre, roles = "speech", {}
    ctx.cache[GENRE_KEY], ctx.cache[ROLES_KEY] = genre, roles
    ctx.cache[IMPRINT_KEY] = _imprint_table(ctx) if genre != "speech" else None
    for u in ctx.units:
        role = roles.get(u.index)
        if role == "title":
            u.kind = "title"
        elif role == "recipients":
            u.kind = "salutation"
        elif role is not None and u.kind in ("title", "subtitle", "speaker", "salutation", "closing",
                                             "closing-formula", "signature", "date", "heading", "runin"):
            u.kind = "body"             # a frame line is none of a speech's parts
    ctx.forget_content_units()


def _imprint_table(ctx: Any) -> Optional[Any]:
    """A .docx 版记 set as a table (as docgen writes it): (its cell texts, the paragraph index after it)."""
    if ctx.docx is None:
        return None
    from docgen.ooxml.build import qn

    body = ctx.docx.element.body
    paragraphs = {p._p: i for i, p in enumerate(ctx.docx.paragraphs, 1)}
    found = None
    for node in body:
        if node.tag == qn("w:tbl"):
            cells = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in node.iter(qn("w:tc"))]
            if cells and (cells[0].startswith("抄送") or cells[-1].rstrip().endswith("印发")):
                found = [cells, None]
        elif found is not None and found[1] is None and node in paragraphs:
            found[1] = paragraphs[node]
    return found


def genre_of(ctx: Any) -> str:
    prepare_frame(ctx)
    return ctx.cache[GENRE_KEY]


def roles_of(ctx: Any) -> Dict[int, str]:
    prepare_frame(ctx)
    return ctx.cache[ROLES_KEY]


def rule_applies(ctx: Any, rule_id: str) -> bool:
    return not (rule_id in SPEECH_ONLY_RULES and genre_of(ctx) != "speech")


def finding_applies(ctx: Any, finding: Any) -> bool:
    roles = roles_of(ctx)
    if not roles or finding.rule.startswith("FRAME-") or finding.rule in TEXT_RULES_ON_FRAME:
        return True
    imprint = ctx.cache.get(IMPRINT_KEY)
    if imprint is not None and finding.rule == BLANK_RULE and finding.where is not None and \
            imprint[1] is not None and finding.where >= imprint[1] - 3:
        return False            # the spacer above the 版记 and the paragraph closing its section
    if finding.rule == PAGE_NUMBER_RULE and ctx.docx is not None and \
            (imprint is not None or any(r in ("cc", "imprint") for r in roles.values())):
        # the 版记 page (its own last section) carries no page number (§7.5)
        last = len(ctx.docx.sections)
        if last > 1 and f"第{last}节" in finding.message:
            return False
    where = finding.where
    role = roles.get(where)
    if role is not None and role not in ("title", "recipients"):
        return False
    if finding.rule == BLANK_RULE and where is not None:
        near = [roles.get(where + d) for d in (-3, -2, -1, 1, 2, 3)]
        if any(r is not None for r in near) or where <= min(roles):
            return False
    return True


def _units(ctx: Any, *wanted: str) -> Iterator[Any]:
    roles = roles_of(ctx)
    for u in ctx.units:
        if roles.get(u.index) in wanted:
            yield u


class FrameDocNoForm(Rule):
    """## What it does
    检查版头的发文字号：年份用六角括号〔〕、年份写全，序号不加“第”、不编虚位。
    ## Why is this bad?
    GB/T 9704-2012 7.2.4：“年份、发文顺序号用阿拉伯数字标注；年份应标全称，用六角括号‘〔〕’括入；
    发文顺序号不加‘第’字，不编虚位（即1不编为01）”。
    ## Example
    `某政办发[2026]第08号` -> `某政办发〔2026〕8号`
    ## Fix safety
    安全：只替换括号、删去“第”和序号前的0。
    """

    id, severity, fix_class, area = "FRAME-DOC-NO-FORM", "error", "safe", AREA
    fix_stage = (7, 1)   # after the text rules: the 公文 frame lines
    summary = "发文字号应写作“机关代字〔2026〕12号”：六角括号，不加“第”，不编虚位"

    def check(self, ctx):
        from docgen.recognise.genre import DOC_NO, normalise_doc_no

        for u in _units(ctx, "doc_no"):
            text = u.text
            lead = len(text) - len(text.lstrip())
            m = DOC_NO.match(text.strip())
            if not m:
                continue
            written = m.group("no")
            good = normalise_doc_no(written)
            if written != good:
                start = lead + m.start("no")
                yield self.finding(ctx, u, start, start + len(written),
                                   f"发文字号“{written}”应为“{good}”（六角括号〔〕，不加“第”，不编虚位）",
                                   replacement=good)


class FrameSignerDownward(Rule):
    """## What it does
    下行文、平行文（通知、决定、意见、函、纪要）的版头中有“签发人”时报告。
    ## Why is this bad?
    GB/T 9704-2012 7.2.4、7.2.5：签发人只在上行文（请示、报告）中标注。
    ## Example
    通知版头的`某政发〔2026〕4号　签发人：王建华` -> `某政发〔2026〕4号`
    ## Fix safety
    不自动修复：须由起草人确认文种。
    """

    id, severity, fix_class, area = "FRAME-SIGNER-DOWNWARD", "warning", "none", AREA
    summary = "签发人只用于上行文（请示、报告）"

    def check(self, ctx):
        genre = genre_of(ctx)
        if genre in UPWARD_GENRES:
            return
        for u in _units(ctx, "doc_no"):
            k = u.text.find("签发人")
            if k >= 0:
                yield self.finding(ctx, u, k, k + 3, f"这份{GENRES.get(genre, '公文')}不是上行文，不标注签发人")


class FrameAttachmentForm(Rule):
    """## What it does
    检查正文后的附件说明：“附件”后用全角冒号，序号写作`1.`，附件名称后不加标点。
    ## Why is this bad?
    GB/T 9704-2012 7.3.4：“在正文下空一行左空二字编排‘附件’二字，后标全角冒号和附件名称。
    如有多个附件，使用阿拉伯数字标注附件顺序号（如‘附件：1.XXXXX’）；附件名称后不加标点符号”。
    ## Example
    `附件:1、值班表。` -> `附件：1.值班表`
    ## Fix safety
    安全：只改冒号、序号后的点和名称末尾的标点。
    """

    id, severity, fix_class, area = "FRAME-ATTACHMENT-FORM", "warning", "safe", AREA
    fix_stage = (7, 4)   # after the text rules: the 公文 frame lines
    summary = "附件说明：全角冒号，序号“1.”，名称后不加标点"
    HEAD = re.compile(r"^(\s*附\s*件\s*)(:)")
    NUMBER = re.compile(r"^(\s*(?:附\s*件\s*[:：]\s*)?\d{1,2})(、|．|，|,)")
    END = re.compile(r"[。；;，,.、]+\s*$")

    def check(self, ctx):
        for u in _units(ctx, "attachment"):
            text = u.text
            m = self.HEAD.match(text)
            if m:
                yield self.finding(ctx, u, m.start(2), m.end(2), "“附件”后应为全角冒号“：”", replacement="：")
            m = self.NUMBER.match(text)
            if m:
                yield self.finding(ctx, u, m.start(2), m.end(2), f"附件序号后应为“.”，而不是“{m.group(2)}”",
                                   replacement=".")
            m = self.END.search(text)
            if m:
                yield self.finding(ctx, u, m.start(), m.end(), "附件名称后不加标点符号", replacement="")


class FrameDateForm(Rule):
    """## What it does
    检查落款的成文日期和版记的印发日期：阿拉伯数字，年份写全，月、日不编虚位。
    ## Why is this bad?
    GB/T 9704-2012 7.3.5.1：“成文日期中的数字用阿拉伯数字将年、月、日标全，年份应标全称，
    月、日不编虚位（即1不编为01）”；7.4.3 印发日期同。
    ## Example
    `二〇二六年三月五日` / `2026年03月05日` -> `2026年3月5日`
    ## Fix safety
    安全：数值不变，只改写法。
    """

    id, severity, fix_class, area = "FRAME-DATE-FORM", "error", "safe", AREA
    fix_stage = (7, 2)   # after the text rules: the 公文 frame lines
    summary = "成文日期、印发日期用阿拉伯数字，不编虚位（2026年3月5日）"
    DATE = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*[\d〇零一二三四五六七八九十○]{1,3}\s*月"
                      r"\s*[\d〇零一二三四五六七八九十○]{1,3}\s*日")

    def check(self, ctx):
        from docgen.recognise.genre import normalise_date

        for u in _units(ctx, "date", "imprint"):
            m = self.DATE.search(u.text)
            if not m:
                continue
            good = normalise_date(m.group(0))
            if good != m.group(0):
                yield self.finding(ctx, u, m.start(), m.end(),
                                   f"日期“{m.group(0)}”应写作“{good}”（阿拉伯数字，不编虚位）", replacement=good)


class FrameCcEnd(Rule):
    """## What it does
    检查版记的抄送机关：机关之间用全角逗号，最后一个机关名称后标句号。
    ## Why is this bad?
    GB/T 9704-2012 7.4.2：“抄送机关间用逗号隔开，回行时与冒号后的首字对齐，最后一个抄送机关名称后标句号”。
    ## Example
    `抄送：县委办公室，县政协办公室` -> `抄送：县委办公室，县政协办公室。`
    ## Fix safety
    安全：只补上或替换末尾的标点。
    """

    id, severity, fix_class, area = "FRAME-CC-END", "warning", "safe", AREA
    fix_stage = (7, 3)   # after the text rules: the 公文 frame lines
    summary = "抄送机关最后一个名称后标句号“。”"

    def check(self, ctx):
        imprint = ctx.cache.get(IMPRINT_KEY) if genre_of(ctx) != "speech" else None
        if imprint is not None and imprint[1] is not None:
            cc = next((c for c in imprint[0] if c.startswith("抄送")), None)
            unit = next((u for u in ctx.units if u.index == imprint[1]), None)
            if cc is not None and unit is not None and not cc.rstrip().endswith("。"):
                yield self.finding(ctx, unit, 0, 0, "版记中抄送机关最后应标句号“。”", text=cc[-8:],
                                   fix_class="none")
        for u in _units(ctx, "cc"):
            text = u.text.rstrip()
            if text.endswith("。"):
                continue
            if text and text[-1] in "，,；;.、":
                yield self.finding(ctx, u, len(text) - 1, len(text), "抄送机关最后应标句号“。”", replacement="。")
            else:
                yield self.finding(ctx, u, len(text), len(text), "抄送机关最后应标句号“。”", replacement="。",
                                   text=text[-6:])


class FrameIssuerRed(Rule):
    """## What it does
    检查 .docx 版头的发文机关标志：红色、居中。
    ## Why is this bad?
    GB/T 9704-2012 7.2.4：“发文机关标志居中排布……推荐使用小标宋体字，颜色为红色”（上边缘距版心上边缘
    35mm，在排出的页面上量，见 docgen preview 与渲染测试）。
    ## Example
    黑色或左对齐的`某某县人民政府文件` -> 红色、居中
    ## Fix safety
    不自动修复：请用 docgen format 重排，或在 Word 中设置字体颜色。
    """

    id, severity, fix_class, area = "FRAME-ISSUER-RED", "warning", "none", AREA
    summary = "发文机关标志应为红色、居中"
    kinds = ("docx",)

    def check(self, ctx):
        if ctx.docx is None:
            return
        paragraphs = ctx.docx.paragraphs
        for u in _units(ctx, "issuer"):
            if not (1 <= u.index <= len(paragraphs)):
                continue
            p = paragraphs[u.index - 1]
            colors = [_rgb(r) for r in p.runs if r.text.strip()]
            if not colors or not all(c is not None and _red(c) for c in colors):
                yield self.finding(ctx, u, 0, len(u.text), "发文机关标志应为红色", text=u.text[:12])
            align = p.alignment if p.alignment is not None else p.style.paragraph_format.alignment
            if align is None or int(align) != 1:
                yield self.finding(ctx, u, 0, 0, "发文机关标志应居中", text=u.text[:12])


class FrameImprintEvenPage(Rule):
    """## What it does
    有版记的 .docx：估算版记所在页码（按 22 行版心网格排行数），不是偶数页时报告；
    并检查版记页是否单独一节且不设页码。
    ## Why is this bad?
    GB/T 9704-2012 7.4、7.5：版记应置于最后一页（双面印刷时为偶数页），版记页及其前的空白页不编排页码。
    ## Example
    正文排到第 3 页，版记也在第 3 页 -> 版记移到第 4 页（第 4 页不编页码）。
    ## Fix safety
    不自动修复：请用 docgen format 重排（自动补空白页）。估算以 docgen 生成的文件为准，其他文件仅供参考。
    """

    id, severity, fix_class, area = "FRAME-IMPRINT-EVEN-PAGE", "info", "none", AREA
    summary = "版记应在偶数页（最后一页），版记页不编页码"
    kinds = ("docx",)

    def check(self, ctx):
        if ctx.docx is None:
            return
        units = list(_units(ctx, "cc", "imprint"))
        paragraphs = ctx.docx.paragraphs
        if not units or units[0].index > len(paragraphs):
            return
        from docgen.writers.paginate import Paginator

        body = ctx.docx.element.body
        target = paragraphs[units[0].index - 1]._p
        while target.getparent() is not None and target.getparent() is not body:
            target = target.getparent()
        elements = []
        for node in body:
            elements.append(node)
            if node is target:
                break
        page, _ = Paginator(ctx.style, ctx.docx.styles.element).run(elements)
        if page % 2:
            yield self.finding(ctx, units[0], 0, 0, f"版记估计排在第 {page} 页（奇数页）：版记应在最后一页且为偶数页，"
                               "必要时在其前加空白页", text=units[0].text[:12])


def _rgb(run) -> Optional[str]:
    try:
        color = run.font.color
        return str(color.rgb) if color is not None and color.type is not None and color.rgb is not None else None
    except (ValueError, AttributeError):
        return None


def _red(hex_rgb: str) -> bool:
    try:
        r, g, b = int(hex_rgb[0:2], 16), int(hex_rgb[2:4], 16), int(hex_rgb[4:6], 16)
    except ValueError:
        return False
    return r >= 0xC0 and g <= 0x60 and b <= 0x60


__all__ = ["SPEECH_ONLY_RULES", "finding_applies", "genre_of", "prepare_frame", "roles_of", "rule_applies"]
