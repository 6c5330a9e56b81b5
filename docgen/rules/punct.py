"""Punctuation, spacing and character rules (RULES.md §3.4).  They read the masked text
(watermark spans overwritten, RULES.md §0 precedence 2), so the dots of `公.文思.享` are never
taken for punctuation."""

from __future__ import annotations

import re
from typing import List, Tuple

from docgen.text.lexicon import is_han
from docgen.rules.base import Rule, lazy_compile
from docgen.text.cjk import HAN

AREA = "PUNCT / SPACE / CHAR"
FULL_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕［］…—～·"
#: kinds with running text the punctuation rules inspect (not noise, not blank)
TEXT_KINDS = None   # every content unit


def _han_near(text: str, i: int, radius: int) -> bool:
    lo, hi = max(0, i - radius), min(len(text), i + radius + 1)
    return any(is_han(c) for c in text[lo:hi] if c)


SPACES = " \u3000"


def _next_visible(text: str, i: int) -> str:
    while i < len(text) and text[i] in SPACES:
        i += 1
    return text[i] if i < len(text) else ""


def _prev_visible(text: str, i: int) -> str:
    while i >= 0 and text[i] in SPACES:
        i -= 1
    return text[i] if i >= 0 else ""


class PunctHalfwidthInCjk(Rule):
    """## What it does
    查找中文语境中的半角`, ; : ! ?`：左边是汉字（或`”’）》`），右边是汉字或前引号、前括号；
    或在段末紧跟汉字。还包括括住汉字的半角`( )`、用作引号的半角`"`、段末汉字后的`.`。
    汉字之间的`.`留给 WATERMARK-INLINE；数字中的`.` `,`（`3.5`、`1,000`）、时间中的`:`（`8:30`）、
    网址和西文不动。
    ## Why is this bad?
    GB/T 15834：中文文本使用全角标点。
    ## Example
    `持续保持反腐败高压态势,全县上下` -> `持续保持反腐败高压态势，全县上下`
    ## Fix safety
    安全：只改标点的全角/半角。
    """

    id, severity, fix_class, area = "PUNCT-HALFWIDTH-IN-CJK", "error", "safe", AREA
    fix_stage = (4, 1)
    summary = "中文语境中使用了半角标点"
    FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。"}
    LEFT_OK = set("”’）》")
    RIGHT_OK = set("“‘（《")
    defaults = {"han_radius": 3}

    def check(self, ctx):
        radius = self.param(ctx, "han_radius")
        for u, text in ctx.content_texts():
            yield from self._marks(ctx, u, text, radius)
            yield from self._parens(ctx, u, text)
            yield from self._quotes(ctx, u, text)

    HALF_RE = re.compile(r"[,;:!?.]")

    def _marks(self, ctx, u, text, radius):
        stripped = text.rstrip()
        for m in self.HALF_RE.finditer(text):
            i, ch = m.start(), m.group()
            left = text[i - 1] if i > 0 else ""
            right = text[i + 1] if i + 1 < len(text) else ""
            # a typed space beside the mark ("存在. 有的", "开会 ,要") does not make it Latin: look past
            # it (SPACE-IN-CJK then removes the space beside the full-width mark)
            spaced_right = right in SPACES and is_han(_next_visible(text, i + 1))
            if spaced_right:
                right = _next_visible(text, i + 1)
            if left in SPACES and ch != "." and is_han(_prev_visible(text, i - 1)):
                left = _prev_visible(text, i - 1)
            at_end = i == len(stripped) - 1
            if at_end and u.kind == "salutation":
                continue          # SALUTATION-PUNCT reports the colon of a salutation
            if at_end and (is_han(left) or (left in self.LEFT_OK | {'"'} and _han_near(text, i, radius))):
                pass
            elif ch == "." and spaced_right and is_han(left):
                pass              # "存在. 有的": a sentence ends between two Chinese words
            elif ch == ".":
                continue          # a dot inside text is a number, an abbreviation or a watermark
            elif (is_han(left) or left in self.LEFT_OK or (left.isascii() and left.isalnum())) and \
                    (is_han(right) or right in self.RIGHT_OK) and _han_near(text, i, radius):
                if ch == ":" and left.isdigit() and right.isdigit():
                    continue
            else:
                continue
            full = self.FULL[ch]
            yield self.finding(ctx, u, i, i + 1, f"中文语境中使用了半角“{ch}”，应为“{full}”",
                               replacement=full)

    PAREN_RE = lazy_compile(rf"\(([^()]*[{HAN}][^()]*)\)")

    def _parens(self, ctx, u, text):
        if "(" not in text:
            return          # a cheap test before the scan
        for m in self.PAREN_RE.finditer(text):
            for k, full in ((m.start(), "（"), (m.end() - 1, "）")):
                yield self.finding(ctx, u, k, k + 1, f"中文括注使用了半角括号“{text[k]}”，应为“{full}”",
                                   replacement=full)

    def _quotes(self, ctx, u, text):
        for mark, (left, right) in (('"', ("“", "”")), ("'", ("‘", "’"))):
            if mark not in text:
                continue
            positions = [i for i, c in enumerate(text) if c == mark]
            if positions and len(positions) % 2:
                # "“‘左'比右好”": a lone half-width mark closes the full-width quote left open
                # before it (issue 13); one that opens nothing is left alone
                for k in positions:
                    before = text[:k]
                    if before.count(left) > before.count(right) and is_han(text[k - 1] if k else ""):
                        yield self.finding(ctx, u, k, k + 1, f"中文引文使用了半角引号，应为“{right}”",
                                           replacement=right)
                continue
            if not positions or not re.search(f"[{HAN}]", text):
                continue
            # every mark must touch Han text: quotes around Latin text and apostrophes stay
            if any(not (is_han(text[k - 1] if k else "") or is_han(text[k + 1] if k + 1 < len(text) else ""))
                   for k in positions):
                continue
            for n, k in enumerate(positions):
                full = left if n % 2 == 0 else right
                yield self.finding(ctx, u, k, k + 1, f"中文引文使用了半角引号，应为“{full}”", replacement=full)


class PunctDuplicate(Rule):
    """## What it does
    查找重复的标点（`，，` `。。`）或冲突的连用（`，。` `；，` `。、`）。`？！` `！？` `？？` `！！`
    允许；三个以上`！`作为提示。省略号不计。
    ## Why is this bad?
    GB/T 15834；中文文案排版指北：不重复使用标点符号。
    ## Example
    `落到实处，。` -> `落到实处。`
    ## Fix safety
    安全：保留较强的标点（`。` > `；` > `：` > `，` > `、`）。
    """

    id, severity, fix_class, area = "PUNCT-DUPLICATE", "error", "safe", AREA
    fix_stage = (4, 2)
    summary = "标点重复或连用冲突（“，，”“，。”）"
    RANK = {"。": 5, "；": 4, "：": 3, "，": 2, "、": 1}
    RUN_RE = re.compile(r"[，。、；：]{2,}")
    BANG_RE = re.compile(r"！{3,}")

    def check(self, ctx):
        for u, text in ctx.content_texts():
            for m in self.RUN_RE.finditer(text):
                run = m.group(0)
                if set(run) == {"。"} and len(run) >= 3:
                    continue        # 。。。 is an ellipsis (PUNCT-ELLIPSIS-FORM)
                keep = max(run, key=lambda c: self.RANK[c])
                yield self.finding(ctx, u, m.start(), m.end(), f"标点“{run}”重复或连用，应只保留“{keep}”",
                                   replacement=keep)
            for m in (self.BANG_RE.finditer(text) if "！！！" in text else ()):     # a cheap test first
                yield self.finding(ctx, u, m.start(), m.end(), "连用三个以上感叹号，宜只用一个",
                                   replacement="！", severity="info", fix_class="suggest")


class PunctEllipsisForm(Rule):
    """## What it does
    查找不规范的省略号：单个`…`、三个以上`…`、`...`、`。。。`、`···`、`⋯⋯`。规范形式为`……`
    （两个 U+2026），省略整段时为`…………`。
    ## Why is this bad?
    GB/T 15834 4.11.2 规定了省略号的形式。
    ## Example
    `等等...` -> `等等……`
    ## Fix safety
    安全：只改形式。
    """

    id, severity, fix_class, area = "PUNCT-ELLIPSIS-FORM", "warning", "safe", AREA
    fix_stage = (4, 3)
    summary = "省略号应为“……”"
    RE = re.compile(r"…+|⋯+|\.{3,}|。{3,}|·{3,}|・{3,}")
    #: substrings one of which every match contains (substring tests are much cheaper than the scan)
    HINTS = ("…", "⋯", "...", "。。。", "···", "・・・")

    def check(self, ctx):
        for u, text in ctx.content_texts():
            if not any(h in text for h in self.HINTS):
                continue
            for m in self.RE.finditer(text):
                s = m.group(0)
                if s in ("……", "…………"):
                    continue
                yield self.finding(ctx, u, m.start(), m.end(), f"省略号“{s}”不规范，应为“……”",
                                   replacement="……")


class PunctDashForm(Rule):
    """## What it does
    查找写成`--`、`－－`、`――`（U+2015）或汉字间单个`—`的破折号。
    ## Why is this bad?
    GB/T 15834 4.10.2：破折号为`——`（两个 U+2014），副标题前的破折号也一样。
    ## Example
    `总书记指出--抓落实` -> `总书记指出——抓落实`
    ## Fix safety
    安全：只改形式。
    """

    id, severity, fix_class, area = "PUNCT-DASH-FORM", "warning", "safe", AREA
    fix_stage = (4, 4)
    summary = "破折号应为“——”"
    RE = lazy_compile(rf"(?<=[{HAN}“”，。）])(?:-{{2,}}|－{{2,}}|―+|(?<!—)—(?!—))(?=[{HAN}“（])|^(?:-{{2,}}|―+|－{{2,}})(?=[{HAN}])")
    HINTS = ("--", "－－", "―", "—")     # every match contains one of these

    def check(self, ctx):
        for u, text in ctx.content_texts():
            if not any(h in text for h in self.HINTS):
                continue
            for m in self.RE.finditer(text):
                yield self.finding(ctx, u, m.start(), m.end(), f"破折号“{m.group(0)}”不规范，应为“——”",
                                   replacement="——")


class RangeDash(Rule):
    """## What it does
    查找用连字符或减号表示的数值范围（`1-2%`、`×-×个`）。年份（首数为四位）、型号和`2020-03-05`式日期除外。
    ## Why is this bad?
    GB/T 15834 4.13.3、GB/T 15835：数值范围用浪纹线`～`；带`%` `万` `亿`时两端都写单位（`1%～2%`）。
    ## Example
    `总数1-2%的比例` -> `总数1%～2%的比例`
    ## Fix safety
    建议修改：数字间的连字符偶尔另有含义。
    """

    id, severity, fix_class, area = "RANGE-DASH", "warning", "suggest", AREA
    fix_stage = (6, 8)
    summary = "数值范围应用浪纹线“～”，且单位两端都写"
    RE = re.compile(r"(?<![A-Za-z\d])(\d+|×+|X+)\s*[-－–]\s*(\d+|×+|X+)"
                    r"(?=(%|％|个|万|亿|元|人|次|倍|名|项|岁|天|年|月|日|小时|分钟|公里|米|亩|户|家|所|条))")
    REPEAT_UNITS = ("%", "％", "万", "亿")

    def check(self, ctx):
        if "suggest" not in ctx.wanted_fix_classes:
            return      # every finding of this rule is suggest-class or unfixable: the cleaner skips it
        for u, text in ctx.content_texts():
            if "-" not in text and "－" not in text and "–" not in text:
                continue        # no dash, no range (a cheap test before the scan)
            for m in self.RE.finditer(text):
                a, b, unit = m.group(1), m.group(2), m.group(3)
                if len(a) == 4 and a.isdigit():
                    continue     # a year range takes —, see DATE-FORMAT
                if re.match(r"\d{4}-\d{1,2}-\d{1,2}", text[m.start():m.start() + 10]):
                    continue
                repl = f"{a}{unit}～{b}" if unit in self.REPEAT_UNITS else f"{a}～{b}"
                yield self.finding(ctx, u, m.start(), m.end(),
                                   f"数值范围“{m.group(0)}{unit}”应写作“{repl}{unit}”（用浪纹线“～”）",
                                   replacement=repl)


class QuoteUnbalanced(Rule):
    """## What it does
    逐段检查`“”`和`‘’`是否成对、次序正确。以`“`开头而未闭合的段落，若后续段落继续以`“`开头并最终闭合，
    视为多段引文（GB/T 15834 4.8），不报告。
    ## Why is this bad?
    引号不成对，读者无法判断引文在哪里结束。
    ## Example
    `牢固树立“抓党建是最大政绩的理念` -> `牢固树立“抓党建是最大政绩”的理念`
    ## Fix safety
    不自动修复：引文在哪里结束须人工判断。
    """

    id, severity, fix_class, area = "QUOTE-UNBALANCED", "error", "none", AREA
    summary = "引号不成对"
    PAIRS = (("“", "”"), ("‘", "’"))

    def check(self, ctx):
        units = list(ctx.content_units())
        for n, u in enumerate(units):
            text = ctx.text_of(u)
            for open_, close in self.PAIRS:
                if open_ not in text and close not in text:
                    continue
                stack: List[int] = []
                for m in re.finditer(f"[{open_}{close}]", text):
                    i, c = m.start(), m.group()
                    if c == open_:
                        stack.append(i)
                    elif c == close:
                        if stack:
                            stack.pop()
                        else:
                            yield self.finding(ctx, u, i, i + 1, f"多余的后引号“{close}”：前面没有对应的“{open_}”")
                if stack:
                    continued = (open_ == "“" and text.lstrip().startswith("“") and n + 1 < len(units)
                                 and self._closes_later(ctx, units[n + 1:], open_, close))
                    if not continued:
                        for i in stack:
                            yield self.finding(ctx, u, i, i + 1, f"引号“{open_}”没有闭合")

    @staticmethod
    def _closes_later(ctx, later, open_, close) -> bool:
        # the quotation goes on while paragraphs open with “; the one holding a ” ends it
        for u in later:
            text = ctx.text_of(u)
            if not text.lstrip().startswith(open_):
                return False
            if close in text:
                return True
        return False


class QuoteNesting(Rule):
    """## What it does
    查找在未闭合的`“`之内又用`“`的情况：里层应为`‘’`。
    ## Why is this bad?
    GB/T 15834 4.8.3：引号里面还要用引号时，外面一层用双引号，里面一层用单引号。
    ## Example
    `“要树立“四个意识”。”` -> `“要树立‘四个意识’。”`
    ## Fix safety
    安全：只在里层引号成对时改为单引号。
    """

    id, severity, fix_class, area = "QUOTE-NESTING", "warning", "safe", AREA
    fix_stage = (4, 5)
    summary = "引号内再用引号应用单引号"
    QUOTE_RE = re.compile("[“”]")

    def check(self, ctx):
        for u, text in ctx.content_texts():
            if text.count("“") < 2:
                continue        # nesting needs two opening quotes
            stack: List[int] = []
            for m in self.QUOTE_RE.finditer(text):
                i, c = m.start(), m.group()
                if c == "“":
                    stack.append(i)
                elif c == "”" and stack:
                    start = stack.pop()
                    if stack:      # this pair sits inside another “…”
                        yield self.finding(ctx, u, start, start + 1, "引号内的引号应用单引号“‘’”",
                                           fix={"edits": [[start, start + 1, "‘"], [i, i + 1, "’"]]})


class BracketUnbalanced(Rule):
    """## What it does
    逐段检查`（）` `〔〕` `【】` `［］` `《》` `〈〉`和半角`()`是否成对、嵌套正确。
    ## Why is this bad?
    GB/T 15834 4.9、4.15：括号和书名号成对使用。
    ## Example
    `《中国共产党党内监督条例》（试行` -> `……（试行）`
    ## Fix safety
    不自动修复。
    """

    id, severity, fix_class, area = "BRACKET-UNBALANCED", "error", "none", AREA
    summary = "括号不成对或嵌套错误"
    OPEN = {"（": "）", "〔": "〕", "【": "】", "［": "］", "《": "》", "〈": "〉", "(": ")"}
    CLOSE = {v: k for k, v in OPEN.items()}
    BRACKET_RE = re.compile("[" + re.escape("".join(OPEN) + "".join(CLOSE)) + "]")

    def check(self, ctx):
        for u, text in ctx.content_texts():
            stack: List[Tuple[int, str]] = []
            for m in self.BRACKET_RE.finditer(text):
                i, c = m.start(), m.group()
                if c in self.OPEN:
                    stack.append((i, c))
                elif c in self.CLOSE:
                    if stack and stack[-1][1] == self.CLOSE[c]:
                        stack.pop()
                    elif stack and any(o == self.CLOSE[c] for _, o in stack):
                        k, o = stack.pop()
                        yield self.finding(ctx, u, k, k + 1, f"括号“{o}”没有闭合（嵌套错误）")
                        while stack and stack[-1][1] != self.CLOSE[c]:
                            k, o = stack.pop()
                            yield self.finding(ctx, u, k, k + 1, f"括号“{o}”没有闭合（嵌套错误）")
                        if stack:
                            stack.pop()
                    else:
                        yield self.finding(ctx, u, i, i + 1, f"多余的后括号“{c}”：前面没有对应的“{self.CLOSE[c]}”")
            for k, o in stack:
                yield self.finding(ctx, u, k, k + 1, f"括号“{o}”没有闭合")


class SpaceInCjk(Rule):
    """## What it does
    查找段内汉字之间、全角标点旁边、汉字与西文或数字之间的空格（U+0020、U+3000）。段首空白归
    LEADING-SPACES；标题和“职务 姓名”式讲话人行允许一个空格。
    ## Why is this bad?
    公文中文不加空格——与 pangu/autocorrect 的“中英文之间加空格”相反。
    ## Example
    `全面 从严治党` -> `全面从严治党`；`2020 年` -> `2020年`
    ## Fix safety
    安全：删除空格。
    """

    id, severity, fix_class, area = "SPACE-IN-CJK", "warning", "safe", AREA
    fix_stage = (3, 4)
    summary = "中文文字之间不应有空格"
    RE = re.compile(r"(?<=\S)[ \u3000]+(?=\S)")

    #: an item number after the space ("1.检查清单 2.核对表") and a bare heading numeral before it
    ITEM_AFTER = re.compile(r"(?:\d{1,2}|[（(]\d{1,2}[）)])[.．、]?(?=[\u4e00-\u9fff])")
    BARE_NUMBER = re.compile(r"^\s*[一二三四五六七八九十]{1,3}$")
    PHRASE_GAP = re.compile(r"^\s*[\u4e00-\u9fff]{2,12}[ \u3000][\u4e00-\u9fff]{2,20}\s*$")
    LABEL_AFTER = re.compile(r"[\u4e00-\u9fff]{2,6}[：:]")
    CAPTION = re.compile(r"^\s*(?:[图表]|附件|附表)\s*\d{1,3}(?:[-－.．]\d{1,3})?$")
    #: "第一部分　工作回顾": the gap after a part marker is the heading's own separator
    PART_GAP = re.compile(r"^\s*第[一二三四五六七八九十]{1,3}(?:部分|章|篇)(?=[ \u3000])")

    def check(self, ctx):
        for u, text in ctx.content_texts():
            if " " not in text and "\u3000" not in text:
                continue        # RE needs a space: a cheap test before the scans
            found = []
            part = self.PART_GAP.match(text)
            for m in self.RE.finditer(text):
                if part is not None and m.start() == part.end():
                    continue
                if u.kind == "toc":
                    continue      # "目　录" and its entries are kept as written (issue 13)
                if self.CAPTION.match(text[:m.start()]):
                    continue      # "图1　隐患排查流程": a caption's number is set off by a space
                if u.kind == "heading" and m.group(0) in ("\u3000", " ") and self.PHRASE_GAP.match(text):
                    continue      # "提高站位　增强作风建设的自觉性": the gap between the two phrases
                if self.LABEL_AFTER.match(text, m.end()) and self.LABEL_AFTER.search(text[:m.start()]):
                    continue      # "联系人：王五　联系电话：……": the gap parts two labelled items
                if self.ITEM_AFTER.match(text, m.end()):
                    continue      # "附件：1.检查清单 2.核对表": the space parts the items (issue 13)
                if u.kind in ("heading", "runin") and self.BARE_NUMBER.match(text[:m.start()]):
                    continue      # "一 关于……": NUM-MARKER-FORM makes the space a "、"
                left, right = text[m.start() - 1], text[m.end()]
                cjkish = lambda c: is_han(c) or c in FULL_PUNCT
                if not (cjkish(left) or cjkish(right)):
                    continue
                if not (cjkish(left) and cjkish(right)) and not (
                        (cjkish(left) and right.isascii() and right.isalnum())
                        or (cjkish(right) and left.isascii() and left.isalnum())):
                    continue
                found.append(m)
            if u.kind in ("title", "speaker", "subtitle") and len(found) == 1:
                # one space is allowed there (`职务 姓名`); a longer run shrinks to one, for without
                # it the speaker line no longer reads as one
                m = found[0]
                if len(m.group(0)) > 1:
                    yield self.finding(ctx, u, m.start() + 1, m.end(), "标题、讲话人行内只保留一个空格",
                                       replacement="")
                continue
            for m in found:
                yield self.finding(ctx, u, m.start(), m.end(), "中文文字之间不应有空格，请删除", replacement="")


class LeadingSpaces(Rule):
    """## What it does
    查找以空白（空格、制表符、U+3000、U+00A0）开头的正文段落。纯文本中，若多数段落采用`　　`
    （两个全角空格）缩进，则不报告全角空格。
    ## Why is this bad?
    首行缩进二字应由段落格式设置（GB/T 9704 7.3.3），不用键入空格；粘贴稿中多出的缩进还会妨碍序号识别。
    ## Example
    `    五要坚持分类指导` -> `五要坚持分类指导`
    ## Fix safety
    安全：删除空白（缩进由版式设置）。
    """

    id, severity, fix_class, area = "LEADING-SPACES", "warning", "safe", AREA
    fix_stage = (3, 2)
    summary = "段首用空格缩进（应由段落格式缩进）"
    RE = re.compile(r"^[ \t\u3000\u00a0]+")

    def check(self, ctx):
        units = list(ctx.content_units())
        ideographic = sum(1 for u in units if u.text.startswith("\u3000\u3000"))
        convention = ctx.kind == "text" and ideographic * 2 > len(units)
        for u in units:
            m = self.RE.match(u.text)
            if not m:
                continue
            if convention and set(m.group(0)) == {"\u3000"}:
                continue
            yield self.finding(ctx, u, 0, m.end(), "段首有空格，缩进应由段落格式设置，请删除空格",
                               replacement="")


class TrailingWhitespace(Rule):
    """## What it does
    查找段末多余的空白。
    ## Why is this bad?
    粘贴残留的不可见字符，可能导致印刷时多出换行。
    ## Example
    `谢谢大家！  ` -> `谢谢大家！`
    ## Fix safety
    安全。
    """

    id, severity, fix_class, area = "TRAILING-WHITESPACE", "info", "safe", AREA
    fix_stage = (3, 3)
    summary = "段末有多余空白"
    RE = re.compile(r"[ \t\u3000\u00a0\r]+$")
    #: RE's characters: one of them ends the text, or stands before a final newline (``$`` matches there)
    ENDS = frozenset(" \t\u3000\u00a0\r")

    def check(self, ctx):
        for u in ctx.content_units():
            text = u.text
            last = text[-2:-1] if text.endswith("\n") else text[-1:]
            if last not in self.ENDS:
                continue        # no trailing space: spare the search, which tries every position
            m = self.RE.search(text)
            if m and m.start() > 0:
                yield self.finding(ctx, u, m.start(), m.end(), "段末有多余空白，请删除", replacement="")


class CharInvisible(Rule):
    """## What it does
    查找不可见字符：U+200B–U+200D、U+2060、U+FEFF（文件开头除外）、U+00AD、其他控制字符
    （制表符、换行除外），以及汉字旁的不换行空格 U+00A0。
    ## Why is this bad?
    网页粘贴常带入这些字符，会影响查找、计数和换行。
    ## Example
    `党建<U+200B>工作` -> `党建工作`（尖括号处为零宽空格）
    ## Fix safety
    安全：删除（非汉字之间的不换行空格改为普通空格）。
    """

    id, severity, fix_class, area = "CHAR-INVISIBLE", "warning", "safe", AREA
    fix_stage = (3, 1)
    summary = "含不可见字符（零宽空格、控制字符等）"
    RE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad\u200a\u00a0\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

    def check(self, ctx):
        for n, u in enumerate(ctx.units):
            if u.kind in ("noise",):
                continue
            text = u.text
            for m in self.RE.finditer(text):
                i, ch = m.start(), m.group(0)
                if ch == "\ufeff" and n == 0 and i == 0:
                    continue
                if ch == "\u00a0":
                    left = text[i - 1] if i else ""
                    right = text[i + 1] if i + 1 < len(text) else ""
                    if not (is_han(left) or is_han(right)):
                        continue
                    repl = "" if (is_han(left) and is_han(right)) or not left or not right else " "
                else:
                    repl = ""
                yield self.finding(ctx, u, i, i + 1, f"含不可见字符 U+{ord(ch):04X}，请删除",
                                   replacement=repl, text=text[max(0, i - 2):i + 3].replace(ch, "␣"))


class CharFullwidthAlnum(Rule):
    """## What it does
    查找正文中的全角数字`０-９`、全角字母`Ａ-Ｚ ａ-ｚ`和`％`。全角空格 U+3000 不在此列。
    ## Why is this bad?
    GB/T 15835、中文文案排版指北：数字和字母用半角；`％`改为`%`。
    ## Example
    `达到８０％以上` -> `达到80%以上`
    ## Fix safety
    安全：改为半角。
    """

    id, severity, fix_class, area = "CHAR-FULLWIDTH-ALNUM", "info", "safe", AREA
    fix_stage = (3, 5)
    summary = "数字、字母和百分号应为半角"
    RE = re.compile("[０-９Ａ-Ｚａ-ｚ％]+")

    def check(self, ctx):
        for u, text in ctx.content_texts():
            for m in self.RE.finditer(text):
                half = "".join(chr(ord(c) - 0xFEE0) for c in m.group(0))
                yield self.finding(ctx, u, m.start(), m.end(), f"全角字符“{m.group(0)}”应为半角“{half}”",
                                   replacement=half)
