"""Numeral and date rules (RULES.md §3.5)."""

from __future__ import annotations

import re
from collections import Counter

from docgen.text.lexicon import int_to_cn
from docgen.rules.base import Rule

AREA = "NUMERAL / DATE"
CN_YEAR_DIGIT = "〇零一二三四五六七八九○OoＯ0０"


class NumeralLiang(Rule):
    """## What it does
    查找在量词前作基数用的`二`（`二项` `二个` `二点`）；序数、合成词和多位数（`第二项` `十二个` `二者`）
    不报告。`二次`（`二次创业`）和`二位`（敬称）不在此列。
    ## Why is this bad?
    量词前的基数 2 用`两`（《现代汉语规范词典》；GB/T 15835 4.2）。
    ## Example
    `今天的会议共二项议程` -> `今天的会议共两项议程`
    ## Fix safety
    建议修改：固定说法可能保留`二`。
    """

    id, severity, fix_class, area = "NUMERAL-LIANG", "warning", "suggest", AREA
    fix_stage = (6, 6)
    summary = "量词前的基数应用“两”而不是“二”"
    RE = re.compile(r"(?<![第十百千万零〇一二三四五六七八九两初])二(?=项|个|点|条|件|种|方面|批|类|句|份|家|所|名)")

    MEASURE = re.compile(r"项|个|点|条|件|种|方面|批|类|句|份|家|所|名")

    def check(self, ctx):
        if "suggest" not in ctx.wanted_fix_classes:
            return      # every finding of this rule is suggest-class or unfixable: the cleaner skips it
        for u, text in ctx.content_texts():
            if "二" not in text:
                continue        # a cheap test before the scan (the pattern opens with a lookbehind)
            for m in self.RE.finditer(text):
                measure = self.MEASURE.match(text, m.end()).group(0)
                # "一类、二类、三类" is a series of ordinals (categories), not a count
                after = m.end() + len(measure)
                series = rf"[一三四五六七八九]{re.escape(measure)}"
                if re.search(series + r"[、，]$", text[:m.start()]) or re.match(r"[、，]" + series, text[after:]):
                    continue
                yield self.finding(ctx, u, m.start(), m.end(), "量词前的基数应用“两”，不用“二”",
                                   replacement="两", text=text[max(0, m.start() - 2):m.end() + 2])


class NumeralStructCount(Rule):
    """## What it does
    查找用阿拉伯数字书写的讲话结构数目（`讲3点意见`、`以下5个方面`）。
    ## Why is this bad?
    GB/T 15835 4.3 两种写法都可，庄重典雅处宜用汉字；讲话稿惯用`讲三点意见`（种子稿中多数如此）。
    ## Example
    `下面，我讲3点意见。` -> `下面，我讲三点意见。`
    ## Fix safety
    建议修改：1–10 改为汉字（量词前的`2`改为`两`）。
    """

    id, severity, fix_class, area = "NUMERAL-STRUCT-COUNT", "info", "suggest", AREA
    fix_stage = (6, 7)
    summary = "讲话结构的数目宜用汉字（讲三点意见）"
    RE = re.compile(r"(?:讲|谈|强调|提|说|以下|如下)(\d{1,2})(?=点|个方面|项|条)")
    defaults = {"max_value": 10}

    def check(self, ctx):
        if "suggest" not in ctx.wanted_fix_classes:
            return      # every finding of this rule is suggest-class or unfixable: the cleaner skips it
        top = self.param(ctx, "max_value")
        for u in ctx.content_units():
            for m in self.RE.finditer(ctx.text_of(u)):
                n = int(m.group(1))
                cn = "两" if n == 2 else int_to_cn(n)
                fix = {"replacement": cn} if 0 < n <= top else None
                yield self.finding(ctx, u, m.start(1), m.end(1),
                                   f"讲话结构的数目宜用汉字：“{m.group(1)}”改为“{cn}”", fix=fix)


class NumeralConsistency(Rule):
    """## What it does
    同一文件中同一功能的数字混用两种写法：一个日期中汉字与阿拉伯数字混用（`二〇二〇年3月`），
    或同一类序数`第一，`……`第5，`。
    ## Why is this bad?
    GB/T 15835 4.3：同类别同形式。
    ## Example
    `二〇二〇年3月5日` -> `2020年3月5日`或`二〇二〇年三月五日`
    ## Fix safety
    不自动修复：采用哪种写法须按本单位体例确定。
    """

    id, severity, fix_class, area = "NUMERAL-CONSISTENCY", "info", "none", AREA
    summary = "同类数字应使用同一种书写形式"
    MIXED_DATE = re.compile(rf"[{CN_YEAR_DIGIT}]{{4}}年\d{{1,2}}月|\d{{4}}年[一二三四五六七八九十]{{1,3}}月")
    ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3}|\d{1,2})(?=[，,、])")

    def check(self, ctx):
        ordinals = []
        for u, text in ctx.content_texts():
            # substring tests before the scans: a date needs 年 and 月, an ordinal 第
            for m in (self.MIXED_DATE.finditer(text) if "年" in text and "月" in text else ()):
                if re.search("[一二三四五六七八九〇零○]", m.group(0)):
                    yield self.finding(ctx, u, m.start(), m.end(), "同一日期中混用汉字数字和阿拉伯数字")
            for m in (self.ORDINAL.finditer(text) if "第" in text else ()):
                ordinals.append((u, m, m.group(1).isdigit()))
        kinds = Counter(arabic for _, _, arabic in ordinals)
        if len(kinds) == 2:
            minority = min(kinds, key=lambda k: (kinds[k], k))
            for u, m, arabic in ordinals:
                if arabic == minority:
                    yield self.finding(ctx, u, m.start(), m.end(), "序数“第几”的写法不一致（汉字与阿拉伯数字混用）")


class DateFormat(Rule):
    """## What it does
    检查正文中的日期：`YYYY年M月D日`，年份四位，月、日不编虚位；正文中不用`2020.3.5`、`2020/3/5`、
    `2020-03-05`；两位年份（`19年3月`）也报告。
    ## Why is this bad?
    GB/T 9704 7.3.5（年份应标全称，月、日不编虚位）；GB/T 15835。
    ## Example
    `2020年03月05日` -> `2020年3月5日`；`2020.3.5` -> `2020年3月5日`
    ## Fix safety
    虚位和点号、短横线日期安全修复；两位年份只报告。
    """

    id, severity, fix_class, area = "DATE-FORMAT", "warning", "safe", AREA
    fix_stage = (6, 9)
    summary = "日期应写作“2020年3月5日”"
    NUMERIC = re.compile(r"(?<![\d.])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d.])")
    PADDED = re.compile(r"(?<=[年月])0(\d)(?=[月日])")
    YEAR_MONTH = re.compile(r"年[\d一二三四五六七八九十]")
    SHORT_YEAR = re.compile(r"(?<![\d])(\d{2})年(?=\d{1,2}月)|(?<![〇零一二三四五六七八九○])([〇零一二三四五六七八九○]{2})年(?=[一二三四五六七八九十]{1,2}月)")

    def check(self, ctx):
        for u, text in ctx.content_texts():
            # the patterns open with lookbehinds, so the regex engine tries every position: a few
            # substring tests (what each match must contain) skip most paragraphs
            numeric = "." in text or "/" in text or "-" in text
            padded = "年0" in text or "月0" in text
            if not (numeric or padded or "年" in text):
                continue
            for m in (self.NUMERIC.finditer(text) if numeric else ()):
                y, mo, d = m.group(1), int(m.group(3)), int(m.group(4))
                if 1 <= mo <= 12 and 1 <= d <= 31:
                    repl = f"{y}年{mo}月{d}日"
                    yield self.finding(ctx, u, m.start(), m.end(), f"日期“{m.group(0)}”应写作“{repl}”",
                                       replacement=repl)
            for m in (self.PADDED.finditer(text) if padded else ()):
                yield self.finding(ctx, u, m.start(), m.end(), f"月、日不编虚位：“{m.group(0)}”应为“{m.group(1)}”",
                                   replacement=m.group(1))
            # both SHORT_YEAR branches need 年 then a digit or a Chinese numeral: a literal-led search
            # is fast, the lookbehind-led pattern is not
            for m in (self.SHORT_YEAR.finditer(text) if self.YEAR_MONTH.search(text) else ()):
                yield self.finding(ctx, u, m.start(), m.end() + 1, "年份应写全称（四位），不能省略为两位",
                                   fix_class="none")


class YearZeroChar(Rule):
    """## What it does
    汉字数字书写的年份中，零应写作`〇`（U+3007），不用`○`（U+25CB）、`O`、`0`、`０`或`零`。
    ## Why is this bad?
    GB/T 15835：`二〇〇八年`。
    ## Example
    `二○二○年` -> `二〇二〇年`
    ## Fix safety
    安全：只替换零字。
    """

    id, severity, fix_class, area = "YEAR-ZERO-CHAR", "warning", "safe", AREA
    fix_stage = (6, 10)
    summary = "汉字年份中的零应写作“〇”"
    RE = re.compile(rf"[{CN_YEAR_DIGIT}]{{4}}(?=年)")
    BAD = "○OoＯ0０零"

    def check(self, ctx):
        for u, text in ctx.content_texts():
            if "年" not in text:
                continue
            for m in self.RE.finditer(text):
                year = m.group(0)
                if not re.search("[一二三四五六七八九]", year) or not any(c in self.BAD for c in year):
                    continue
                fixed = "".join("〇" if c in self.BAD else c for c in year)
                yield self.finding(ctx, u, m.start(), m.end(), f"汉字年份“{year}年”中的零应写作“〇”：{fixed}年",
                                   replacement=fixed)
