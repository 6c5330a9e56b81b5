"""Content hygiene (RULES.md §3.6): noise paragraphs, inline watermarks, placeholders,
duplicated characters and phrases, self-glossing brackets, 的/地/得, confusable terms."""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter
from typing import Dict, Iterable, List, Optional, Tuple

from docgen.text.lexicon import (
    confusion_pairs, is_word, starts_with_verb, watermark_words,
)
from docgen.text import patterns as P
from docgen.rules.base import Rule, lazy_compile
from docgen.text.cjk import HAN, is_han

AREA = "Content hygiene"

# -- noise ---------------------------------------------------------------------------------------

#: strong markers of web boilerplate (RULES.md NOISE-LINE): the recogniser's list, one source
NOISE_MARKER_RE = P.NOISE_STRONG
CONTACT_RE = re.compile(r"https?://|www\.|QQ|\b1[3-9]\d{9}\b|\b\d{3,4}-\d{7,8}\b", re.I)


def noise_markers(text: str) -> List[str]:
    return [m.group(0) for m in NOISE_MARKER_RE.finditer(text)]


def is_midbody_noise(text: str, max_chars: int = 80) -> bool:
    """RULES.md NOISE-LINE (c): a short paragraph with ≥ 2 markers, or 1 marker plus a contact."""
    text = text.strip()
    if not text or len(text) > max_chars:
        return False
    marks = noise_markers(text)
    return len(marks) >= 2 or (len(marks) == 1 and bool(CONTACT_RE.search(text)))


class NoiseLine(Rule):
    """## What it does
    报告不属于讲话的段落：网页套话、广告、版权声明、网站名称。标题之前（或结束语之后）的一块文字中，
    只要有一段带强标记（`原创`、`仅供学习`、`会员`、`QQ群`、`订阅`……），整块都算；正文中的短段落需有两个
    标记，或一个标记加网址、QQ、电话号码。
    ## Why is this bad?
    网站粘贴的文字不能进入印发的讲话稿（条例第二十条：内容准确）。
    ## Example
    标题上方的`本文系作者原创投稿，仅供学习参考，请勿照搬照抄！` -> 删除该段。
    ## Fix safety
    安全：删除该段，再压缩留下的空行。
    """

    id, severity, fix_class, area = "NOISE-LINE", "error", "safe", AREA
    fix_stage = (1, 1)
    summary = "网页广告、版权声明等与讲话无关的段落"

    def check(self, ctx):
        for u in ctx.units:
            if u.kind == "noise":
                furniture = u.hints.furniture      # set by the recogniser (structure.classify)
                if furniture == "page":
                    message = "复制带入的页码行，不属于讲话正文，应删除（页码由版式生成）"
                elif furniture == "header":
                    message = "复制带入的页眉（每页重复的文字），不属于讲话正文，应删除"
                elif furniture == "web":
                    message = "网页附带的文字（编辑署名、分享链接、图片说明等），不属于讲话，应删除"
                else:
                    marks = noise_markers(u.text)
                    why = f"（含“{marks[0]}”）" if marks else "（位于网页广告块中）"
                    message = f"与讲话无关的网页文字{why}，应删除"
                yield self.finding(ctx, u, 0, 0, message, fix={"delete_paragraph": True}, text=u.text.strip())


# -- watermarks ----------------------------------------------------------------------------------

DOTTED_RE = lazy_compile(rf"[{HAN}]{{1,3}}(?:[.．][{HAN}]{{1,3}}){{3,}}")


@lru_cache(maxsize=32)
def _dictionary_re(words: Tuple[str, ...]) -> Optional[re.Pattern]:
    """One compiled pattern per word list (cached: it runs on every paragraph)."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        parts.append(r"[.．·\s]?".join(re.escape(c) for c in w))
    return re.compile("|".join(parts)) if parts else None


def _dotted_core(found: str, start: int, text: str) -> Tuple[int, int]:
    """The dotted watermark inside a match of DOTTED_RE: a site name dotted character by character
    ("墨.池.文.稿.网.整.理") spliced into real words ("理用好本地") takes only its own character
    from the chunk at an edge where the words go on; only the dotted span is noise (issue 13).
    At an edge with punctuation ("库出品，") the whole chunk is the watermark's."""
    chunks = re.split("[.．]", found)
    inner = chunks[1:-1]
    end = start + len(found)
    if inner and sum(1 for c in inner if len(c) == 1) * 2 > len(inner):
        han = lambda k: 0 <= k < len(text) and "\u4e00" <= text[k] <= "\u9fff"  # noqa: E731
        head = len(chunks[0]) - 1 if han(start - 1) or start == 0 else 0
        tail = len(chunks[-1]) - 1 if han(end) else 0
        return start + head, end - tail
    return start, end


def watermark_spans(text: str, extra: Iterable[str] = ()) -> List[Tuple[int, int]]:
    """Spans of inline site watermarks: Han chunks joined by ≥ 3 dots, or dictionary words."""
    spans = ([_dotted_core(m.group(0), m.start(), text) for m in DOTTED_RE.finditer(text)]
             if ("." in text or "．" in text) else [])
    rx = _dictionary_re(tuple(watermark_words()) + tuple(extra))
    if rx is not None:
        for m in rx.finditer(text):
            # a dictionary word without any separator may be the site's name quoted in prose only
            # when it is the long "…出品" form; the bare words are watermarks only with separators
            if not re.search(r"[.．·\s]", m.group(0)) and not m.group(0).endswith("出品"):
                continue
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: List[Tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


class WatermarkInline(Rule):
    """## What it does
    查找夹在句子中的网站水印：用点号连接的汉字块（`公.文思.享.文.库出.品`，至少三个点；外国人名中的
    间隔号不算），或已知的水印字符串（可配置：`params.extra`）。
    ## Why is this bad?
    水印不是正文；autocorrect 一类工具甚至会把其中的点改成`。`。
    ## Example
    `整体推进，公.文思.享.文.库出.品，一根杆子插到底` -> `整体推进，一根杆子插到底`
    ## Fix safety
    安全：删除水印（前后各有一个逗号时一并删去一个）。
    """

    id, severity, fix_class, area = "WATERMARK-INLINE", "error", "safe", AREA
    fix_stage = (2, 1)
    summary = "正文中夹带网站水印文字"
    defaults = {"extra": []}

    def check(self, ctx):
        extra = self.param(ctx, "extra") or []
        for u in ctx.content_units():
            text = u.text
            for s, e in watermark_spans(text, extra):
                end = e
                if s > 0 and text[s - 1] in "，," and e < len(text) and text[e] in "，,":
                    end = e + 1
                yield self.finding(ctx, u, s, end, f"正文中夹带网站水印“{text[s:e]}”，应删除",
                                   replacement="", text=text[s:e])


# -- placeholders --------------------------------------------------------------------------------

PLACEHOLDER_RES = (
    re.compile(r"(?<![A-Za-z])X{1,4}(?![A-Za-z光射线])"),
    re.compile(r"(?<![A-Za-z])x{2,4}(?![A-Za-z])"),
    re.compile(r"(?<![\d×])×+(?:[-－~～—]×+)?(?![\d×])"),
    re.compile(r"\*{2,}|＊+"),
    re.compile(r"○{2,}|□{2,}"),
    re.compile(r"某某"),
    re.compile(r"【[^】]{0,10}(?:待|填|补|略)[^】]{0,10}】"),
)
YEAR_NEIGHBOUR = re.compile(r"[〇零一二三四五六七八九○]")
#: a character every PLACEHOLDER_RES match contains: most paragraphs have none, so one search
#: spares the seven patterns
PLACEHOLDER_HINT = re.compile(r"[Xx×*＊○□某【]")


#: per pattern of PLACEHOLDER_RES, characters one of which each of its matches contains
PLACEHOLDER_PATTERN_HINTS = ("X", "x", "×", "*＊", "○□", "某", "【")


def placeholder_spans(text: str) -> List[Tuple[int, int]]:
    if not PLACEHOLDER_HINT.search(text):
        return []
    spans = []
    for rx, hints in zip(PLACEHOLDER_RES, PLACEHOLDER_PATTERN_HINTS):
        if not any(h in text for h in hints):
            continue
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if m.group(0)[0] in "○□":
                left = text[s - 1] if s else ""
                after = text[e:e + 3]
                if YEAR_NEIGHBOUR.match(left or " ") or re.match(r"[〇零一二三四五六七八九○]*年", after):
                    continue    # a badly written year: YEAR-ZERO-CHAR
            spans.append((s, e))
    spans.sort()
    out: List[Tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


class Placeholder(Rule):
    """## What it does
    查找未填写的模板占位符：`X`–`XXXX`、`xx`、`×` / `×-×`、`**`、`＊`、`○○`、`□□`、`某某`、`【待填】`。
    `X光`、西文单词和`3×4`除外。每一处都报告。
    ## Why is this bad?
    人名、地名、时间、数字必须填写并核实（条例第二十条）。
    ## Example
    `请XX同志作交流发言` -> `请张三同志作交流发言`
    ## Fix safety
    不自动修复：内容须由起草人补全。
    """

    id, severity, fix_class, area = "PLACEHOLDER", "error", "none", AREA
    summary = "未填写的占位符（XX、××、**）"

    def check(self, ctx):
        for u, text in ctx.content_texts():
            for s, e in placeholder_spans(text):
                yield self.finding(ctx, u, s, e, f"未填写的占位符“{text[s:e]}”，请补全实际内容")


# -- duplicated characters -----------------------------------------------------------------------

#: longest dictionary word the DUP-CHAR boundary tests look for (jieba words and idioms)
MAX_WORD = 6
STUTTER_RE = re.compile(r"([一二三四五六七八九十])(是|要)\2")
#: after "一是" a second 是 that opens a word is no stutter: 是非, 是否, 是就是; likewise 要求, 要素…
STUTTER_WORD = re.compile(r"(?<=是)(?:[非否]|就是)|(?<=要)[求素害点务领件]")
#: a suffix that makes the second copy of a doubled word part of a new word ("批评批评者")
NOUN_SUFFIXES = "者家们员性化式型"
#: a Han character followed by the same character (lookahead: "AAA" gives two matches)
DOUBLE_HAN_RE = lazy_compile(rf"(?=([{HAN}])\1)")
VERB_REDUP = frozenset("研究 学习 讨论 商量 考虑 琢磨 总结 交流 锻炼 检查 了解 认识 思考 分析 调查 体验 "
                       "休息 活动 准备 打扫 整理 收拾 比较 练习 请教 沟通 反思 梳理".split())


def _pair_is_grammar(s: str, k: int) -> bool:
    """True when the identical pair s[k], s[k+1] is a word, a reduplication or straddles words."""
    pair = s[k:k + 2]
    if is_word(pair):
        return True
    # measure reduplication after 一 (一级级, 一道道, 一批批)
    if k >= 1 and s[k - 1] == "一":
        return True
    # AABB (扎扎实实) and ABB / A一A neighbours
    if (k >= 2 and s[k - 2] == s[k - 1]) or (k + 3 < len(s) and s[k + 2] == s[k + 3]):
        return True
    # inside a longer word or idiom (步步为营, 久久为功)
    for lo in range(max(0, k - (MAX_WORD - 2)), k + 1):
        for hi in range(k + 2, min(len(s), lo + MAX_WORD) + 1):
            if hi - lo >= 3 and is_word(s[lo:hi]):
                return True
    # word boundary: a word of ≥ 2 chars ends at k (学习|习近平) or starts at k+1 (常委会|会议)
    for lo in range(max(0, k + 1 - MAX_WORD), k):
        if is_word(s[lo:k + 1]):
            return True
    for hi in range(k + 3, min(len(s), k + 1 + MAX_WORD) + 1):
        if is_word(s[k + 1:hi]):
            return True
    # transliterated names
    if "·" in s[max(0, k - 3):k + 5]:
        return True
    return False


class DupChar(Rule):
    """## What it does
    查找相邻重复且不合语法的两个汉字：排除词语和叠字（jieba 词典加叠字表：人人 层层 谢谢 常常……）、
    AABB 式（扎扎实实）、一AA 式（一级级）、长词或成语中的（步步为营）、跨两个词的（学习|习近平、
    常委会|会议）、音译人名中的。序号叠字（`二是是`）为错误。
    ## Why is this bad?
    重复的字是打字失误（pycorrector 的“多字”错误）。
    ## Example
    `二是是要以干部人才队伍建设为基础` -> `二是要以干部人才队伍建设为基础`
    ## Fix safety
    序号叠字安全修复（删去一个字）；其他情况为建议修改。
    """

    id, severity, fix_class, area = "DUP-CHAR", "warning", "suggest", AREA
    fix_stage = (6, 1)
    summary = "相邻重复的字（如“二是是”）"

    def check(self, ctx):
        for u, text in ctx.content_texts():
            stutters = set()
            # a cheap test before the scan: a stutter doubles 是 or 要
            for m in (STUTTER_RE.finditer(text) if "是是" in text or "要要" in text else ()):
                if STUTTER_WORD.match(text, m.end()):
                    continue      # "一是是非面前": the second 是 starts 是非 — not a stutter (issue 13)
                k = m.start(2)
                stutters.update((k, k + 1))
                yield self.finding(ctx, u, k, k + 2, f"序号“{m.group(1)}{m.group(2)}”多了一个“{m.group(2)}”",
                                   replacement=m.group(2), severity="error", fix_class="safe",
                                   text=m.group(0))
            if "suggest" not in ctx.wanted_fix_classes:
                continue        # the other doubled characters are suggest-class: skip the lexicon
            for m in DOUBLE_HAN_RE.finditer(text):
                k, c = m.start(), m.group(1)
                if k in stutters:
                    continue
                if _pair_is_grammar(text, k):
                    continue
                yield self.finding(ctx, u, k, k + 2, f"“{c}{c}”疑似多打了一个“{c}”", replacement=c)


#: a 、-list item DUP-PHRASE compares with the next: 2 to 8 Han characters
LIST_ITEM_MIN, LIST_ITEM_MAX = 2, 8
#: what may follow a repeated list item (or the end of the paragraph)
LIST_ITEM_END = "，。；、：！？"
HAN_RUN_RE = lazy_compile(f"[{HAN}]+")


def list_repeats(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, item) of each "项、项" whose two items are the same 2–8 Han characters, the second
    followed by LIST_ITEM_END or the paragraph end; the matches of
    ``([Han]{2,8})、\\1(?=[，。；、：！？]|$)``, found from the 、 alone (the pattern, tried at every
    character, cost more than the rest of the rule).  An item ends at its 、 and the second item
    starts with the first's first character: the candidates are that character's places before
    the 、, leftmost (longest item) first."""
    out: List[Tuple[int, int, str]] = []
    taken_to = 0                        # matches do not overlap
    sep = text.find("、")
    while sep != -1:
        head = text[sep + 1:sep + 2]
        lo = max(taken_to, sep - LIST_ITEM_MAX)
        start = text.find(head, lo, sep - LIST_ITEM_MIN + 1) if head else -1
        while start != -1:
            item = text[start:sep]
            end = sep + 1 + len(item)
            if text[sep + 1:end] == item and HAN_RUN_RE.fullmatch(item) and (
                    end == len(text) or text[end] in LIST_ITEM_END or (end == len(text) - 1 and text[end] == "\n")):
                out.append((start, end, item))
                taken_to = end
                break
            start = text.find(head, start + 1, sep - LIST_ITEM_MIN + 1)
        sep = text.find("、", max(sep + 1, taken_to))
    return out


class DupPhrase(Rule):
    """## What it does
    查找 (a) `、`并列中相邻的两项完全相同（`全面过硬、全面过硬`），(b) 词语紧接着重复（`突出突出`），
    且重叠后不成词、不是`一X`（`一件一件`）或 AA 式。口语化的动词重叠（`研究研究`）为警告。
    隔着`，`的重复（`抓责任，责任不落实`）和回环（`抓书记、书记抓`）不报告。
    ## Why is this bad?
    重复的词语或并列项是编辑失误（pycorrector“多字”）。
    ## Example
    `机关事业单位要突出突出政治建设` -> `机关事业单位要突出政治建设`
    ## Fix safety
    建议修改：原意可能是另一个词（`全面进步、全面过硬`）。
    """

    id, severity, fix_class, area = "DUP-PHRASE", "error", "suggest", AREA
    fix_stage = (6, 2)
    summary = "重复的词语或并列项（如“突出突出”）"
    WORD_RE = lazy_compile(rf"(?=([{HAN}]{{2,4}})\1)")

    def check(self, ctx):
        if "suggest" not in ctx.wanted_fix_classes:
            return      # every finding of this rule is suggest-class or unfixable: the cleaner skips it
        for u, text in ctx.content_texts():
            taken = []
            for start, end, item in list_repeats(text):
                taken.append((start, end))
                yield self.finding(ctx, u, start, end, f"并列项“{item}”重复，请核对（可能应为另一个词）",
                                   fix={"replacement": item})
            for m in self.WORD_RE.finditer(text):
                unit = m.group(1)
                s, e = m.start(), m.start() + 2 * len(unit)
                if any(a <= s < b for a, b in taken):
                    continue
                if len(set(unit)) == 1 or unit.startswith("一") or not is_word(unit) or is_word(unit * 2):
                    continue
                # the doubled unit must not just be a word boundary coincidence: the text before
                # the first copy must not end a longer word with it (e.g. 工作作 is DUP-CHAR's)
                if any(a <= s < b for a, b in taken):
                    continue
                if e < len(text) and (text[e] in NOUN_SUFFIXES or is_word(unit + text[e]) or
                                      is_word(unit[-1] + text[e])):
                    continue      # "批评批评者": the second copy starts another word (issue 13)
                taken.append((s, e))
                severity = "warning" if unit in VERB_REDUP else self.severity
                yield self.finding(ctx, u, s, e, f"词语“{unit}”重复，请删除一个", fix={"replacement": unit},
                                   severity=severity)


class ParenSelfGloss(Rule):
    """## What it does
    查找括注与其前面的词尾重复的情况（`党组（党组）`）。规范搭配`党委（党组）`、`党组（党委）`、
    `党（工）委`、`村（社区）`不报告。
    ## Why is this bad?
    括注应注出另一机构；与前文相同是编辑失误。
    ## Example
    `县直各单位党组（党组）` -> `县直各单位党委（党组）`
    ## Fix safety
    建议修改：`党组（党组）` -> `党委（党组）`；其他情况须人工核对。
    """

    id, severity, fix_class, area = "PAREN-SELF-GLOSS", "error", "suggest", AREA
    fix_stage = (6, 3)
    summary = "括注与前文重复（如“党组（党组）”）"
    #: the bracketed gloss; the word before it is the Han run that ends at the bracket (a pattern
    #: for both, tried at every character, cost more than the rest of the rule)
    GLOSS_RE = lazy_compile(rf"（([{HAN}]{{2,6}})）")
    WORD_MIN, WORD_MAX = 2, 6
    ALTERNATIVE = {"党组": "党委", "党委": "党组"}

    def check(self, ctx):
        if "suggest" not in ctx.wanted_fix_classes:
            return      # every finding of this rule is suggest-class or unfixable: the cleaner skips it
        for u, text in ctx.content_texts():
            if "（" not in text:
                continue        # a cheap test before the scan
            taken_to = 0        # "词（注）" matches do not overlap
            for m in self.GLOSS_RE.finditer(text):
                paren, gloss = m.start(), m.group(1)
                first = paren
                while first > max(taken_to, paren - self.WORD_MAX) and is_han(text[first - 1]):
                    first -= 1
                if paren - first < self.WORD_MIN:
                    continue
                taken_to = m.end()
                if not text[first:paren].endswith(gloss):
                    continue
                s = paren - len(gloss)
                alt = self.ALTERNATIVE.get(gloss)
                fix = {"replacement": alt} if alt else None
                hint = f"，应为“{alt}（{gloss}）”" if alt else "，请核对"
                yield self.finding(ctx, u, s, s + len(gloss), f"括注“（{gloss}）”与前面的“{gloss}”重复{hint}",
                                   fix=fix, text=text[s:m.end()])


class DeDiDe(Rule):
    """## What it does
    查找三种“的、地、得”误用：(a) 状语`地`前多了`的`（`有重点的地加大`）；(b) 补语前用了`的`
    （`建设的更加坚强` -> `得`）；(c) `有针对性的` / `有计划的`……后接动词（-> `地`）。
    ## Why is this bad?
    的地得混用是常见错误（pycorrector“语法”类）；`地`标状语，`得`标补语。
    ## Example
    `把我们党组织建设的更加坚强有力` -> `建设得更加坚强有力`
    ## Fix safety
    建议修改：(c) 依赖词性判断。
    """

    id, severity, fix_class, area = "DE-DI-DE", "warning", "suggest", AREA
    fix_stage = (6, 4)
    summary = "“的、地、得”用法错误"
    STRAY = re.compile(r"(?<!目)的地")
    DEGREE = re.compile(r"(?:建设|做|搞|抓|干|办|讲|写|落实|完成|执行|推进|开展|管理)(的)"
                        r"(?=更加|很|非常|十分|越来越|比较|特别|扎实|到位)")
    ADVERBIAL = re.compile(r"有(?:针对性|计划|重点|步骤|组织|目的|选择)(的)")

    def check(self, ctx):
        if "suggest" not in ctx.wanted_fix_classes:
            return      # every finding of this rule is suggest-class or unfixable: the cleaner skips it
        for u, text in ctx.content_texts():
            seen = set()
            for m in (self.STRAY.finditer(text) if "的地" in text else ()):     # a cheap test first
                k = m.start()
                if is_word(text[k + 1:k + 3]) or is_word(text[k + 1:k + 4]):
                    continue      # 的地方, 的地位: 地 starts a word
                seen.add(k)
                yield self.finding(ctx, u, k, k + 1, "“的地”连用：状语后只用“地”，删去“的”", replacement="")
            for m in self.DEGREE.finditer(text):
                k = m.start(1)
                seen.add(k)
                yield self.finding(ctx, u, k, k + 1, "补语前应用“得”，不用“的”", replacement="得")
            for m in self.ADVERBIAL.finditer(text):
                k = m.start(1)
                if k in seen or text[k + 1:k + 2] == "地":
                    continue
                if starts_with_verb(text[k + 1:k + 7]):
                    yield self.finding(ctx, u, k, k + 1, "修饰动词的状语后应用“地”，不用“的”", replacement="地")


@lru_cache(maxsize=2)
def _confusions(include_info: bool) -> Tuple[Dict[str, Tuple[str, bool]], Optional[re.Pattern]]:
    """TERM-CONFUSION's table {wrong: (right, info only)} and one pattern for all its wrong words
    (longest first), made once: the table has hundreds of words and every file asks."""
    pairs = {w: (r, info) for w, r, info in confusion_pairs() if include_info or not info}
    if not pairs:
        return pairs, None
    return pairs, re.compile("|".join(re.escape(w) for w in sorted(pairs, key=len, reverse=True)))


class TermConfusion(Rule):
    """## What it does
    按易错词表（docgen/data/confusion.txt）查找党政文稿中常见的错别字和误用词（`布署` -> `部署`、
    `截止到` -> `截至`、`再接再励` -> `再接再厉`……）。有些编辑接受的说法只在`params.include_info: true`
    时报告。
    ## Why is this bad?
    音似、形似错误（pycorrector 易混词典）。
    ## Example
    `安排布署后段工作` -> `安排部署后段工作`
    ## Fix safety
    建议修改。
    """

    id, severity, fix_class, area = "TERM-CONFUSION", "warning", "suggest", AREA
    fix_stage = (6, 5)
    summary = "常见错别字或误用词（如“布署”）"
    defaults = {"include_info": False}

    def check(self, ctx):
        if "suggest" not in ctx.wanted_fix_classes:
            return      # every finding of this rule is suggest-class or unfixable: the cleaner skips it
        pairs, rx = _confusions(bool(self.param(ctx, "include_info")))
        if not pairs:
            return
        for u, text in ctx.content_texts():
            for m in rx.finditer(text):
                right, info = pairs[m.group(0)]
                yield self.finding(ctx, u, m.start(), m.end(), f"“{m.group(0)}”应为“{right}”",
                                   replacement=right, severity="info" if info else None)


class TermInconsistent(Rule):
    """## What it does
    同一机构在同一文件中有两种写法（`党委（组）`与`党委（党组）`）时提示；同名异写表可配置
    （`params.aliases`）。默认关闭。
    ## Why is this bad?
    条例第二十条：名称准确、前后一致。
    ## Example
    `党委（组）`……`党委（党组）` -> 全文统一一种写法。
    ## Fix safety
    不自动修复。
    """

    id, severity, fix_class, area = "TERM-INCONSISTENT", "info", "none", AREA
    summary = "同一名称前后写法不一致（默认关闭）"
    default_enabled = False
    defaults = {"aliases": [["党委（组）", "党委（党组）"], ["县委党建工作领导小组", "县委党的建设工作领导小组"]]}

    def check(self, ctx):
        for group in self.param(ctx, "aliases") or []:
            hits = []
            for u, text in ctx.content_texts():
                for form in group:
                    for m in re.finditer(re.escape(form), text):
                        hits.append((u, m, form))
            counts = Counter(form for _, _, form in hits)
            if len(counts) < 2:
                continue
            major = counts.most_common(1)[0][0]
            for u, m, form in hits:
                if form != major:
                    yield self.finding(ctx, u, m.start(), m.end(), f"“{form}”与文中的“{major}”写法不一致")


class ParaTooLong(Rule):
    """## What it does
    正文段落超过 800 字（约 29 行）时提示。默认关闭。
    ## Why is this bad?
    讲话稿要宣读，各单位体例多主张拆分长段。
    ## Example
    900 字的段落 -> 在话题转换处分段。
    ## Fix safety
    不自动修复。
    """

    id, severity, fix_class, area = "PARA-TOO-LONG", "info", "none", AREA
    summary = "段落过长，宜拆分（默认关闭）"
    default_enabled = False
    defaults = {"max_chars": 800}

    def check(self, ctx):
        limit = self.param(ctx, "max_chars")
        for u in ctx.content_units(("body", "runin", "enum", "host", "closing")):
            n = len(u.text.strip())
            if n > limit:
                yield self.finding(ctx, u, 0, 0, f"段落有{n}字，超过{limit}字，宜拆分", text=u.text.strip()[:12])
