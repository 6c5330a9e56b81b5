"""Hypothesis strategies for speeches in the genre (讲话稿) and for YAML content files.

A generated speech is a list of :class:`Line` — the text of one input line and what the generator
meant it to be (title, heading of level n with its written marker, run-in, lead, body, noise …).
Knowing the intended kind lets a property tell genuine text (which must never be lost) from noise
(which the cleaner is expected to drop), independently of how docgen classifies the line.

Content lines never contain the words that mark web junk (``NOISE_WORDS``): a content line that
says "转载" is ambiguous even for a person, and the property is about text nobody would call noise.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import List

from hypothesis import strategies as st

# -- vocabulary -------------------------------------------------------------------------------------

CN_NUMERALS = "一二三四五六七八九十"
#: what a content line must not contain: the marks of web junk (ads, copyright notes, QQ groups)
NOISE_WORDS = (
    "本文系", "原创", "投稿", "仅供", "请勿", "禁止", "版权", "未经", "转载", "订阅", "会员", "QQ", "qq", "Qq", "qQ",
    "微信", "公众号", "扫码", "扫一扫", "关注我们", "下载", "倒卖", "举报", "免费", "VIP", "vip", "www", "http",
    ".com", ".cn", "文库", "范文", "笔杆子", "来源", "更多", "点击", "长按",
)

ORGS = ["全县", "全市", "县委", "县政府", "全镇", "全区", "各乡镇", "县直各部门"]
MEETINGS = ["安全生产工作会议", "党建工作领导小组会议", "经济工作会议", "乡村振兴推进会", "优化营商环境大会",
            "防汛抗旱工作部署会", "干部作风建设大会", "第一季度工作调度会"]
SPEAKERS = ["县委书记 张某某", "县长 李某某", "副县长 王某", "县委副书记 赵某某"]
SALUTATIONS = ["同志们：", "各位领导、同志们：", "尊敬的各位来宾，同志们：", "同志们:", "同志们"]
#: words that open a body sentence (never a numeral or bracket: that would make it a heading)
STARTS = ["今天", "我们", "全县", "各级", "近年来", "当前", "这次会议", "要", "必须", "对此", "总体看",
          "实践证明", "今年以来", "据统计", "下一步"]
WORDS = ["党的建设", "高质量发展", "安全生产", "乡村振兴", "营商环境", "基层治理", "责任落实", "隐患排查",
         "主体责任", "工作机制", "人民群众", "获得感", "幸福感", "安全感", "重点项目", "招商引资", "财政收入",
         "同比增长", "万元", "亿元", "个百分点", "坚持", "推动", "落实", "抓好", "强化", "完善", "进一步",
         "切实", "层层", "常常", "谢谢", "看一看", "学习习近平新时代中国特色社会主义思想", "常委会会议",
         "“三重一大”", "《安全生产法》", "一把手", "两个维护"]
PHRASES = ["统一思想，提高认识", "突出重点，狠抓落实", "强化担当，压实责任", "深化改革，激发活力",
           "守住底线，确保安全", "转变作风，提升效能", "聚焦主业，补齐短板", "加强领导，形成合力"]
CLOSINGS = ["同志们，让我们更加紧密地团结在以习近平同志为核心的党中央周围，奋力谱写新篇章！",
            "同志们，任务艰巨，使命光荣，让我们只争朝夕、不负韶华！", "总之，要以更大的决心推动各项工作落地见效。"]
FORMULAS = ["谢谢大家！", "我就讲这些，谢谢大家！", "散会！", "今天的会议就到这里。"]

#: characters beyond GB2312 (CJK Ext-A/B and rare 堃-style name characters), emoji, placeholders
RARE_CJK = "𠀀䶮堃㐀𪚥𫖯鿏昇喆珺赟犇龘"
EMOJI = ["😀", "👍", "🎉", "🇨🇳", "🔥", "✅"]
PLACEHOLDERS = ["XX", "××", "**", "○○", "XXX", "××万元", "XX乡镇"]
LATIN = ["GDP", "PPP", "5G", "App", "AI", "CPI", "iPhone", "Word", "Excel", "3.5", "12.8%", "2026", "1.2万",
         "２０２６", "ＡＢ"]
CJK_PUNCT = ["，", "、", "；", "：", "“", "”", "（", "）", "《", "》", "——", "……", "！", "？"]
HALF_PUNCT = [",", ";", ":", "(", ")", "!", "?", "...", "。。", "，，", " ", " ...", " ,", " ２０２６"]

NOISE_TEMPLATES = [
    "本文系{site}原创，转载请注明出处", "欢迎加入QQ群{digits}交流学习", "更多范文请访问www.{ascii}.com",
    "扫码关注公众号“{site}”，获取更多材料", "来源：{site}文库", "（本文仅供学习参考，请勿照搬）",
    "下载完整版请点击http://{ascii}.cn/{digits}", "版权所有 未经授权禁止转载",
]

# -- the grammar ------------------------------------------------------------------------------------------
#
# The grammar is written once against a small "chooser" and run two ways: drawing every choice from
# Hypothesis (``speeches()``: examples shrink to a minimal failing speech; used where examples are
# few and costly) or from a seeded random.Random that Hypothesis hands over (``fast_speeches()``: one
# draw per speech, so thousands of examples cost little; a failure prints the whole speech).

FRAGMENT_KINDS = ("word", "word", "han", "rare", "emoji", "placeholder", "latin", "cjk_punct", "half_punct")
SENTENCE_ENDS = ("。", "。", "。", "！", "；", "", "。。")
BLOCK_KINDS = ("heading", "heading", "runin", "lead", "body", "body", "blank")
COMMON_HAN = (0x4E00, 0x9FA5)


def is_noise_free(text: str) -> bool:
    return not any(w in text for w in NOISE_WORDS)


class RandomChooser:
    def __init__(self, rng) -> None:
        self.rng = rng

    def pick(self, options):
        return self.rng.choice(list(options))

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def bool(self) -> bool:
        return self.rng.random() < 0.5

    def han(self, lo: int, hi: int) -> str:
        return "".join(chr(self.rng.randint(*COMMON_HAN)) for _ in range(self.rng.randint(lo, hi)))


_INTS: dict = {}
_PICKS: dict = {}
_HAN = {}


def ints(lo: int, hi: int):
    if (lo, hi) not in _INTS:
        _INTS[(lo, hi)] = st.integers(lo, hi)
    return _INTS[(lo, hi)]


def pick(options):
    key = tuple(options)
    if key not in _PICKS:
        _PICKS[key] = st.sampled_from(key)
    return _PICKS[key]


BOOL = st.booleans()


class DrawChooser:
    """Strategies are cached: building one inside a draw costs more than the code under test."""

    def __init__(self, draw) -> None:
        self.draw = draw

    def pick(self, options):
        return self.draw(pick(options))

    def int(self, lo: int, hi: int) -> int:
        return self.draw(ints(lo, hi))

    def bool(self) -> bool:
        return self.draw(BOOL)

    def han(self, lo: int, hi: int) -> str:
        if (lo, hi) not in _HAN:
            _HAN[(lo, hi)] = st.text(st.characters(min_codepoint=COMMON_HAN[0], max_codepoint=COMMON_HAN[1]),
                                     min_size=lo, max_size=hi)
        return self.draw(_HAN[(lo, hi)])


def fragment(ch) -> str:
    kind = ch.pick(FRAGMENT_KINDS)
    if kind == "word":
        return ch.pick(WORDS)
    if kind == "han":
        return ch.han(1, 6)
    return ch.pick({"rare": RARE_CJK, "emoji": EMOJI, "placeholder": PLACEHOLDERS, "latin": LATIN,
                    "cjk_punct": CJK_PUNCT, "half_punct": HALF_PUNCT}[kind])


def sentence(ch) -> str:
    for _ in range(20):
        text = (ch.pick(STARTS) + "".join(fragment(ch) for _ in range(ch.int(1, 10)))).rstrip() + ch.pick(SENTENCE_ENDS)
        if is_noise_free(text):
            return text
    return ch.pick(STARTS) + "。"


def body_text(ch, max_sentences: int = 3) -> str:
    return "".join(sentence(ch) for _ in range(ch.int(1, max_sentences)))


def heading_text(ch) -> str:
    form = ch.int(0, 2)
    if form == 0:
        return ch.pick(PHRASES)
    if form == 1:
        return ch.pick(WORDS) + "，" + ch.pick(WORDS)
    return ch.pick(PHRASES) + ch.pick(RARE_CJK)


# -- speeches -------------------------------------------------------------------------------------------

@dataclass
class Line:
    kind: str                   # title subtitle salutation h1..h4 runin lead body noise closing blank
    text: str                   # the line as written (marker included)
    marker: str = ""            # the heading marker written at the start of ``text``

    @property
    def is_noise(self) -> bool:
        return self.kind == "noise"


def cn(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else CN_NUMERALS[tens - 1]) + "十" + (CN_NUMERALS[units - 1] if units else "")


def marker(level: int, n: int) -> str:
    return {1: f"{cn(n)}、", 2: f"（{cn(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def noise_line(ch) -> str:
    digits = str(ch.int(1, 9)) + "".join(str(ch.int(0, 9)) for _ in range(ch.int(5, 9)))
    word = "".join(ch.pick("abcdefghijklmnopqrstuvwxyz") for _ in range(ch.int(3, 8)))
    return ch.pick(NOISE_TEMPLATES).format(site=ch.pick(["笔杆子", "公文范文网", "文秘帮"]), digits=digits, ascii=word)


def speech(ch, max_blocks: int = 10, noise: bool = True) -> List[Line]:
    """A pasted speech: title block, salutation, body of headings/run-ins/leads/paragraphs at four
    levels (numbers counted correctly), noise lines anywhere, closing."""
    lines: List[Line] = []

    def maybe_noise():
        if noise and ch.int(0, 9) == 0:
            lines.append(Line("noise", noise_line(ch)))

    maybe_noise()
    if ch.bool():
        lines.append(Line("title", f"在{ch.pick(ORGS)}{ch.pick(MEETINGS)}上的讲话"))
        if ch.bool():
            lines.append(Line("subtitle", f"（2026年{ch.int(1, 12)}月{ch.int(1, 28)}日）"))
        if ch.bool():
            lines.append(Line("subtitle", ch.pick(SPEAKERS)))
    if ch.bool():
        lines.append(Line("salutation", ch.pick(SALUTATIONS)))
    counters = [0, 0, 0, 0]
    level = 0
    for _ in range(ch.int(1, max_blocks)):
        maybe_noise()
        choice = ch.pick(BLOCK_KINDS)
        if choice in ("heading", "runin"):
            new = ch.int(1, min(level + 1, 4))
            counters[new - 1] += 1
            for k in range(new, 4):
                counters[k] = 0
            level = new
            mark = marker(new, counters[new - 1])
            if choice == "heading":
                lines.append(Line(f"h{new}", mark + heading_text(ch), mark))
            else:
                lines.append(Line("runin", mark + heading_text(ch) + "。" + body_text(ch, 2), mark))
        elif choice == "lead":
            word = ch.pick(["是", "要", "是是"])
            lines.append(Line("lead", f"{cn(ch.int(1, 5))}{word}{heading_text(ch)}。{body_text(ch, 2)}"))
        elif choice == "body":
            lines.append(Line("body", body_text(ch)))
        else:
            lines.append(Line("blank", ""))
    if ch.bool():
        lines.append(Line("closing", ch.pick(CLOSINGS)))
    if ch.bool():
        lines.append(Line("closing", ch.pick(FORMULAS)))
    maybe_noise()
    return lines


def speeches(max_blocks: int = 10, noise: bool = True):
    """Speeches drawn choice by choice (shrinkable)."""

    @st.composite
    def _speeches(draw):
        return speech(DrawChooser(draw), max_blocks, noise)

    return _speeches()


def fast_speeches(max_blocks: int = 10, noise: bool = True):
    """Speeches from one seeded random generator per example (cheap; reproducible under derandomize)."""
    return st.randoms(use_true_random=True).map(lambda rng: speech(RandomChooser(rng), max_blocks, noise))


def render_lines(lines: List[Line], newline: str = "\n", indent: str = "") -> str:
    return "".join((indent + ln.text if ln.text and ln.kind not in ("noise",) else ln.text) + newline
                   for ln in lines)


# -- character accounting ---------------------------------------------------------------------------------

def significant(text: str) -> str:
    """The characters a clean-up may never silently change: letters, digits, symbols (emoji, ×) —
    not punctuation, spaces or invisible format characters, whose repair the rules own."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNS")


# -- YAML content files -----------------------------------------------------------------------------------

_odd_scalars = st.sampled_from(["{{ x }}", "{%p if x %}", "{% for %}", "&lt;", "<w:p/>", "]]>", "yes", "2026-03-05",
                                "1.", "null", "~", "''", "- x", "a: b", "#注释", "!!str x", "@x", "`x`", "%TAG",
                                "\t缩进", "多行\n文字", "  前后空格  ", "\u200b零宽", "", " "])
_any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30)
_speech_text = st.randoms(use_true_random=True).map(lambda rng: body_text(RandomChooser(rng), 2))
#: mostly speech text; arbitrary Unicode (control characters, empty strings) and template syntax mixed in
yaml_scalar_text = st.one_of(_speech_text, _speech_text, _speech_text, _any_text, _odd_scalars)

_yaml_rows = st.lists(st.lists(yaml_scalar_text, min_size=1, max_size=3), min_size=1, max_size=3)
_yaml_junk = st.one_of(st.integers(), st.none(), st.booleans(), st.just({"bogus": 1}), st.lists(st.integers(), max_size=2),
                       st.just([]), st.just({}))
_yaml_list = st.lists(yaml_scalar_text, min_size=1, max_size=2)
_yaml_numbering = st.lists(st.sampled_from(["一、", "（一）", "1.", "（1）", "none", "第一", "x", ""]), min_size=1, max_size=5)
_YAML_KINDS = ("para", "para", "para", "lead", "section", "section", "table") + ("junk",) * 1
_BAD = 12            # a defect is injected with probability ~1/_BAD at each place that can hold one


def _bad(draw) -> bool:
    # a middle value: Hypothesis favours the ends of a range, which would inject defects too often
    return draw(ints(0, _BAD)) == _BAD // 2


@st.composite
def yaml_body(draw, depth: int = 1):
    items = []
    for _ in range(draw(ints(1, 4))):
        kind = draw(pick(_YAML_KINDS))
        if kind == "junk" and not _bad(draw):
            kind = "para"
        if kind == "para":
            items.append(draw(yaml_scalar_text))
        elif kind == "lead":
            items.append({"lead": draw(yaml_scalar_text), "text": draw(yaml_scalar_text)})
        elif kind == "section" and depth <= 5:
            sec = {"heading": draw(yaml_scalar_text), "body": draw(yaml_body(depth + 1))}
            if draw(BOOL):
                sec["runin"] = draw(pick(["yes", 3, None])) if _bad(draw) else draw(pick([True, False]))
            items.append(sec)
        elif kind == "table":
            width = draw(ints(1, 3))
            rows = [[draw(yaml_scalar_text) for _ in range(width)] for _ in range(draw(ints(1, 3)))]
            if _bad(draw):
                rows = draw(_yaml_rows)           # ragged or odd rows
            header = draw(ints(-1, 5)) if _bad(draw) else draw(ints(0, 1))
            items.append({"table": {"rows": rows, "header_rows": header}})
        else:
            items.append(draw(_yaml_junk))
    return items


@st.composite
def yaml_documents(draw):
    """A content-file mapping, valid about half the time, with wrong types, unknown keys, empty
    texts, nesting deeper than four levels and template syntax mixed in."""
    doc = {}
    if draw(BOOL):
        doc["title"] = draw(yaml_scalar_text)
    if draw(BOOL):
        doc["subtitle"] = draw(_yaml_list)
    if draw(BOOL):
        doc["salutation"] = draw(yaml_scalar_text)
    if _bad(draw):
        doc["numbering"] = draw(_yaml_numbering)
    doc["body"] = draw(yaml_body())
    if draw(BOOL):
        doc["closing"] = draw(_yaml_list)
    if draw(ints(0, 3)) == 0:
        key = draw(pick(["unknown", "Title"])) if _bad(draw) else draw(pick(["author", "signature", "date"]))
        doc[key] = draw(yaml_scalar_text)
    return doc


# -- settings ---------------------------------------------------------------------------------------------

import os  # noqa: E402  (kept next to its only use)

from hypothesis import HealthCheck, Phase, settings  # noqa: E402

#: DOCGEN_HYPOTHESIS_PROFILE=long multiplies every example budget (a nightly / pre-release run)
PROFILE_MULTIPLIER = {"default": 1, "long": 10, "quick": 0.1}


def budget(n: int) -> int:
    mult = PROFILE_MULTIPLIER.get(os.environ.get("DOCGEN_HYPOTHESIS_PROFILE", "default"), 1)
    return max(1, int(n * mult))


def prop_settings(n: int, **kw) -> settings:
    """Seeded, reproducible settings: derandomize=True gives the same examples on every run."""
    return settings(max_examples=budget(n), derandomize=True, deadline=None, database=None, print_blob=True,
                    suppress_health_check=list(HealthCheck),
                    # no "explain" phase: it re-runs failures under a tracer and writes patch files
                    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink], **kw)
