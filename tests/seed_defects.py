"""The defects of the five raw seeds, found by reading them, with the rule that must report each.

Each defect is ``(rule, line, match, nth)``: the column is where the ``nth`` occurrence of
``match`` starts in that line of the seed (computed from the seed text here, not taken from the
checker), shifted by ``offset`` when the anchor is inside the match; ``match=None`` anchors at
column 1 and ``match=END`` at the last character of the line.  Running the checker on a raw seed
(as .txt, default rule set) must give exactly these findings — no more, no fewer — and none of
the NEGATIVES (grammar and correct text that naive rules flag).

Run alone:  python -m pytest tests/seed_defects.py -q
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

import pytest

SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"
END = "<END>"


class Defect(NamedTuple):
    rule: str
    line: int
    match: Optional[str] = None
    nth: int = 1
    offset: int = 0            # anchor inside the match (二是是: the doubled 是 is 1 in)
    end_line: Optional[int] = None


D = Defect

DEFECTS: Dict[str, List[Defect]] = {
    "000": [
        D("STRUCT-TITLE-MISSING", 1),                       # 同志们： opens the file, no title
        D("NUMERAL-LIANG", 4, "二项议程"),                  # 共二项议程 -> 两项
        *[D("PLACEHOLDER", 5, "XXX", n) for n in (1, 2, 3, 4)],
        D("PLACEHOLDER", 7, "XX"), D("PLACEHOLDER", 9, "XX"), D("PLACEHOLDER", 11, "XX"),
        D("PLACEHOLDER", 13, "XX", 1), D("PLACEHOLDER", 13, "XX", 2),
        D("PLACEHOLDER", 15, "XX", 1), D("PLACEHOLDER", 15, "XX", 2),
        D("PLACEHOLDER", 17, "XX", 1), D("PLACEHOLDER", 17, "XX", 2),
        *[D("ELLIPSIS-PARA", n) for n in (8, 10, 12, 14, 16, 18)],   # …… after each invitation
        D("ENUM-COUNT-MISMATCH", 19, "5位同志"),            # six speakers invited (L7–L17)
        D("NUMERAL-STRUCT-COUNT", 19, "3点意见"),           # 讲3点意见 -> 讲三点意见
        D("PUNCT-HALFWIDTH-IN-CJK", 21, ",", 1),            # 态势,全县
        D("PLACEHOLDER", 21, "xx万元"),
        D("PUNCT-HALFWIDTH-IN-CJK", 21, ",", 2),            # 万元,村级
        D("NUMERAL-STRUCT-COUNT", 24, "5个方面"),           # 以下5个方面
        D("DUP-CHAR", 26, "二是是", offset=1),              # stuttered enumerator
        D("DUP-PHRASE", 27, "全面过硬、全面过硬"),           # duplicated list item
        D("DUP-PHRASE", 27, "突出突出"),                     # 要突出突出政治建设
        D("PLACEHOLDER", 28, "XX", 1), D("PLACEHOLDER", 28, "XX", 2),
        D("PLACEHOLDER", 28, "X责任"),
        D("PAREN-SELF-GLOSS", 32, "党组（党组）"),
        D("STRUCT-CLOSING-MISSING", 34),                    # the speech stops inside 三、
        D("BLANK-LINES", 35, end_line=36),                  # trailing blank lines
    ],
    "001": [
        D("STRUCT-TITLE-MISSING", 1),
        D("DE-DI-DE", 3, "的更加"),                          # 建设的更加坚强 -> 建设得
        *[D("HEADING-UNNUMBERED", n) for n in (5, 7, 9, 11, 13, 15)],   # …上用劲发力 ×6
        D("PLACEHOLDER", 8, "**", 1), D("PLACEHOLDER", 8, "**", 2),
        D("PLACEHOLDER", 10, "**", 1), D("PLACEHOLDER", 10, "**", 2), D("PLACEHOLDER", 10, "**", 3),
        D("CHAR-FULLWIDTH-ALNUM", 10, "％"),
        D("PLACEHOLDER", 12, "**"),
        D("PARA-NO-END-PUNCT", 12, END),                    # …走好新时代赶考之路 (no 。)
        D("PLACEHOLDER", 14, "**"),
        D("WATERMARK-INLINE", 16, "公.文思.享.文.库出.品"),
        D("PLACEHOLDER", 17, "******"),
        D("BLANK-LINES", 19, end_line=20),
    ],
    "002": [
        D("NOISE-LINE", 1),                                  # 本文系作者原创投稿…
        D("PLACEHOLDER", 5, "XX市委"),
        D("PLACEHOLDER", 6, "XX市委"), D("PLACEHOLDER", 6, "X个乡镇"), D("PLACEHOLDER", 6, "XX日报"),
        D("PLACEHOLDER", 6, "XX县党员"), D("PLACEHOLDER", 6, "X场次"), D("PLACEHOLDER", 6, "X万多件"),
        D("PLACEHOLDER", 6, "XX、XX等工程"), D("PLACEHOLDER", 6, "XX等工程"),
        D("PLACEHOLDER", 6, "XX、XX、XX等三个"), D("PLACEHOLDER", 6, "XX、XX等三个"),
        D("PLACEHOLDER", 6, "XX等三个"),
        D("PLACEHOLDER", 15, "XX市委"), D("PLACEHOLDER", 15, "XX县党员"), D("PLACEHOLDER", 15, "XX等红色"),
        D("PLACEHOLDER", 15, "XX宣传"), D("PLACEHOLDER", 15, "XX先锋"),
        D("PLACEHOLDER", 18, "XX县政治"),
    ],
    "003": [
        *[D("NOISE-LINE", n) for n in (1, 2, 3, 4, 5, 7, 8, 9)],   # ad block before the title
        D("BLANK-LINES", 10, end_line=15),                  # six blanks after the ad block
        D("PLACEHOLDER", 18, "×名"),
        D("HEADING-TRAILING-PUNCT", 19, END),               # …紧迫感。
        D("PLACEHOLDER", 20, "×年", 1), D("PLACEHOLDER", 20, "×年", 2),
        D("HEADING-TRAILING-PUNCT", 22, END),               # …科学化水平。
        D("PLACEHOLDER", 26, "×个乡镇"),
        D("PLACEHOLDER", 27, "×个乡镇", 1),
        D("PLACEHOLDER", 27, "×-×"), D("RANGE-DASH", 27, "×-×"),   # two problems, one span
        D("PLACEHOLDER", 27, "×个乡镇", 2), D("PLACEHOLDER", 27, "联系×个村", offset=2),
        D("PLACEHOLDER", 28, "×年"), D("PLACEHOLDER", 28, "×万元"), D("PLACEHOLDER", 28, "×元"),
        D("BLANK-LINES", 30, end_line=32),
    ],
    "004": [
        D("PLACEHOLDER", 4, "XX同志"),
        D("RANGE-DASH", 12, "1-2%"),                         # 1-2% -> 1%～2%
        D("PLACEHOLDER", 12, "XXX"),
        D("PLACEHOLDER", 14, "XXX"),
        D("LEADING-SPACES", 16),                             # 4 ASCII spaces before 五要
        D("DE-DI-DE", 16, "的举办"),                         # 有针对性的举办 -> 地
        D("PLACEHOLDER", 18, "XXX"),
        D("PLACEHOLDER", 20, "XXX"),
        D("DE-DI-DE", 21, "的地加大"),                       # 有重点的地加大 -> 有重点地
    ],
}

#: text that must NOT be reported by the rule (RULES.md negatives): (rule, line, match)
NEGATIVES: Dict[str, List[Tuple[str, int, str]]] = {
    "000": [
        ("DUP-CHAR", 21, "学习习近平"), ("DUP-CHAR", 29, "久久为功"), ("DUP-CHAR", 33, "人人头上"),
        ("DUP-CHAR", 27, "紧紧"),
        ("DUP-PHRASE", 2, "全面进步、全面过硬"), ("DUP-PHRASE", 31, "抓责任，责任不落实"),
        ("DUP-PHRASE", 32, "一级抓一级、一级带一级"), ("DUP-PHRASE", 32, "书记抓、抓书记"),
        ("PUNCT-HALFWIDTH-IN-CJK", 21, "“1+5”"),
        ("NUM-SEQUENCE", 26, "二是是"),
        ("PAREN-SELF-GLOSS", 27, "党组（党委）"),
        ("ENUM-COUNT-MISMATCH", 4, "共二项议程"), ("ENUM-COUNT-MISMATCH", 19, "3点意见"),
        ("ENUM-COUNT-MISMATCH", 24, "5个方面"),
        ("DE-DI-DE", 22, "清醒地认识到"),
        ("PARA-NO-END-PUNCT", 7, "请XX同志作交流发言；"),
    ],
    "001": [
        ("DUP-CHAR", 3, "等等"), ("DUP-CHAR", 8, "层层"), ("DUP-CHAR", 10, "高高"), ("DUP-CHAR", 16, "紧紧"),
        ("DUP-CHAR", 13, "久久为功"), ("DUP-CHAR", 17, "久久为功"),
        ("DUP-PHRASE", 16, "守土有责、守土担责、守土尽责"),
        ("PUNCT-HALFWIDTH-IN-CJK", 16, "公.文思.享.文.库出.品"),
        *[("PARA-NO-END-PUNCT", n, "用劲发力") for n in (5, 7, 9, 11, 13, 15)],
        ("CLOSING-FORMULA-FORM", 18, "散会"),
    ],
    "002": [
        ("DUP-CHAR", 9, "常委会会议"), ("DUP-CHAR", 15, "学习习近平"), ("DUP-CHAR", 15, "牢牢"),
        ("DUP-CHAR", 18, "宪法法律"), ("DUP-CHAR", 24, "谢谢"), ("DUP-CHAR", 20, "层层"),
        ("DUP-PHRASE", 6, "强化正向激励，激励干部"), ("DUP-PHRASE", 14, "抓书记、书记抓"),
        ("NUMERAL-STRUCT-COUNT", 18, "6方面25种"),
        ("ENUM-COUNT-MISMATCH", 7, "三点意见"),
        ("BLANK-LINES", 3, ""),
    ],
    "003": [
        ("DUP-CHAR", 24, "硬杠杠"), ("DUP-CHAR", 24, "工作作为"), ("DUP-CHAR", 26, "年年"),
        ("DUP-CHAR", 26, "步步为营"),
        ("DUP-PHRASE", 25, "该教育的教育，该整顿的整顿"), ("DUP-PHRASE", 27, "一件一件抓，一件一件改"),
        ("HEADING-TRAILING-PUNCT", 24, "意识。"), ("HEADING-TRAILING-PUNCT", 25, "管理。"),
        ("DE-DI-DE", 26, "坚决地贯彻"),
        ("ENUM-COUNT-MISMATCH", 18, "两点意见"),
        ("BLANK-LINES", 6, ""),
        ("SPACE-IN-CJK", 1, "仅供学习 禁止外传"), ("BRACKET-UNBALANCED", 7, "【打击倒卖活动】"),
    ],
    "004": [
        ("DUP-CHAR", 4, "工作作了"), ("DUP-CHAR", 9, "看看"), ("DUP-CHAR", 12, "紧紧"),
        ("DUP-PHRASE", 12, "党组织、党组织书记"), ("DUP-PHRASE", 16, "两手抓、两不误"),
        ("DE-DI-DE", 14, "有计划地开展"),
        ("NUMERAL-STRUCT-COUNT", 13, "组织1次"),
        ("NUM-SEQUENCE", 16, "五要"),
        ("PUNCT-HALFWIDTH-IN-CJK", 12, "1-2%"),
        ("ENUM-COUNT-MISMATCH", 4, "三个方面的意见"),
        ("BLANK-LINES", 2, ""),
    ],
}


def seed_path(seed: str) -> Path:
    found = sorted(SEED_DIR.glob(f"{seed}_*.txt"))
    assert found, f"seed {seed} not found in {SEED_DIR}"
    return found[0]


def seed_lines(seed: str) -> List[str]:
    text = seed_path(seed).read_text(encoding="utf-8")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


def _col(lines: List[str], d: Defect) -> int:
    line = lines[d.line - 1]
    if d.match is None:
        return 1
    if d.match == END:
        return len(line.rstrip())
    pos = -1
    for _ in range(d.nth):
        pos = line.find(d.match, pos + 1)
        assert pos >= 0, f"{d}: match not found in line {d.line}"
    return pos + 1 + d.offset


def expected(seed: str) -> Counter:
    lines = seed_lines(seed)
    return Counter((d.rule, d.line, _col(lines, d)) for d in DEFECTS[seed])


def run_seed(seed: str):
    from docgen.check.runner import check_paths
    from docgen.style import load_style

    return check_paths([seed_path(seed)], load_style()).files[0].findings


_CACHE: Dict[str, list] = {}


def findings_of(seed: str):
    if seed not in _CACHE:
        _CACHE[seed] = run_seed(seed)
    return _CACHE[seed]


SEEDS = sorted(DEFECTS)


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_findings_equal_reading(seed):
    got = Counter((f.rule, f.line, f.col) for f in findings_of(seed))
    want = expected(seed)
    missing = want - got
    extra = got - want
    assert not missing and not extra, f"missing {sorted(missing)}\nextra {sorted(extra)}"


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_blank_runs_span(seed):
    spans = {(f.line, f.end_line) for f in findings_of(seed) if f.rule == "BLANK-LINES"}
    assert spans == {(d.line, d.end_line) for d in DEFECTS[seed] if d.rule == "BLANK-LINES"}


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_negatives_not_reported(seed):
    lines = seed_lines(seed)
    findings = findings_of(seed)
    for rule, line, match in NEGATIVES[seed]:
        text = lines[line - 1]
        start = text.find(match)
        assert start >= 0, f"negative {match!r} not in {seed} line {line}"
        end = start + max(len(match), 1)
        hits = [f for f in findings if f.rule == rule and f.line == line
                and (f.start is None or not match or start <= f.start < end or (f.start <= start < (f.end or f.start + 1)))]
        assert not hits, f"{seed} L{line} {rule} must not fire on {match!r}: {hits}"


def test_seed_totals_per_rule():
    """The per-rule totals over the five seeds (RULES.md §3 rule index, read independently)."""
    got = Counter(f.rule for seed in SEEDS for f in findings_of(seed))
    want = Counter(d.rule for seed in SEEDS for d in DEFECTS[seed])
    assert got == want
    assert want["PLACEHOLDER"] == 59 and want["NOISE-LINE"] == 9 and sum(want.values()) == 108
