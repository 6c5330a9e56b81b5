"""One test per text rule: a bad snippet that fires, a good one that does not, and for safe fixes
"fix applied twice == fix applied once".  Units are classified by hand here (kinds as the
recogniser would set them), so each rule is tested on its own (ruff's one-fixture-per-rule)."""

from __future__ import annotations

import pytest

from docgen.check.runner import check_units
from docgen.rules import all_rules, get
from docgen.rules.base import Rule, RuleDefinitionError
from docgen.style import load_style
from docgen.check.fix_text import apply_fixes
from docgen.units import Unit

STYLE = load_style()


def units(*specs):
    """('kind', 'text'[, level]) or 'text' (a body paragraph) -> Units numbered from line 1."""
    out = []
    for i, spec in enumerate(specs, start=1):
        kind, text, level = ("body", spec, None) if isinstance(spec, str) else (tuple(spec) + (None,))[:3]
        if not text.strip() and kind == "body":
            kind = "blank"
        out.append(Unit(index=i, text=text, kind=kind, level=level))
    return out


def run(rule_id, *specs, us=None):
    us = us if us is not None else units(*specs)
    return [f for f in check_units(us, STYLE, select=[rule_id]) if f.rule == rule_id]


def fix(rule_id, us, level=("safe",)):
    found = [f for f in run(rule_id, us=us) if f.fix is not None and f.fix_class in level]
    fixed, _ = apply_fixes([Unit(index=u.index, text=u.text, kind=u.kind, level=u.level) for u in us], found)
    return fixed


def texts(us):
    return [u.text for u in us]


def assert_idempotent(rule_id, *specs, want=None):
    us = units(*specs)
    once = fix(rule_id, us)
    twice = fix(rule_id, once)
    assert texts(once) == texts(twice)
    assert not [f for f in run(rule_id, us=once) if f.fix_class == "safe" and f.fix is not None]
    if want is not None:
        assert texts(once) == want
    return once


# -- registry -------------------------------------------------------------------------------------

#: the 78 rule ids of the contract (RULES.md §3, DESIGN.md §6): never renamed, never dropped
CONTRACT_IDS = """
    LAYOUT-PAPER-SIZE LAYOUT-ORIENTATION LAYOUT-MARGIN-TOP LAYOUT-MARGIN-LEFT
    LAYOUT-MARGIN-BOTTOM LAYOUT-MARGIN-RIGHT LAYOUT-LINE-PITCH LAYOUT-CHARS-PER-LINE
    LAYOUT-PAGE-NUMBER LAYOUT-HEADER-CONTENT LAYOUT-TEXT-COLOR LAYOUT-REVISIONS
    LAYOUT-SECTIONS-UNIFORM FONT-TITLE TITLE-LINEBREAK FONT-SPEAKER-DATE FONT-SALUTATION
    FONT-BODY FONT-LATIN-DIGITS FONT-MIXED-RUNS HEADING-L1-FONT HEADING-L2-FONT HEADING-L3-FONT
    HEADING-L4-FONT PARA-FIRST-LINE-INDENT PARA-ALIGNMENT PARA-SPACING NUM-AUTO-LIST
    PARA-SOFT-BREAK PARA-KINSOKU STRUCT-TITLE-MISSING TITLE-TRAILING-PUNCT
    STRUCT-SALUTATION-MISSING SALUTATION-PUNCT STRUCT-CLOSING-MISSING CLOSING-FORMULA-FORM
    HEADING-UNNUMBERED NUM-SEQUENCE NUM-LEVEL-ORDER NUM-MARKER-FORM NUM-MARKER-STYLE-MIX
    ENUM-COUNT-MISMATCH HEADING-TRAILING-PUNCT HEADING-PUNCT-INCONSISTENT HEADING-L1-RUNIN
    RUNIN-LEAD-END HEADING-TOO-LONG PARA-NO-END-PUNCT ELLIPSIS-PARA BLANK-LINES
    PUNCT-HALFWIDTH-IN-CJK PUNCT-DUPLICATE PUNCT-ELLIPSIS-FORM PUNCT-DASH-FORM RANGE-DASH
    QUOTE-UNBALANCED QUOTE-NESTING BRACKET-UNBALANCED SPACE-IN-CJK LEADING-SPACES
    TRAILING-WHITESPACE CHAR-INVISIBLE CHAR-FULLWIDTH-ALNUM NUMERAL-LIANG NUMERAL-STRUCT-COUNT
    NUMERAL-CONSISTENCY DATE-FORMAT YEAR-ZERO-CHAR NOISE-LINE WATERMARK-INLINE PLACEHOLDER
    DUP-CHAR DUP-PHRASE PAREN-SELF-GLOSS DE-DI-DE TERM-CONFUSION TERM-INCONSISTENT PARA-TOO-LONG
""".split()


def test_all_78_contract_ids_are_registered():
    ids = {r.id for r in all_rules()}
    assert len(CONTRACT_IDS) == 78
    assert set(CONTRACT_IDS) <= ids, sorted(set(CONTRACT_IDS) - ids)


def test_registered_rules_have_docs():
    for cls in all_rules():
        sections = cls.doc_sections()
        for key in ("What it does", "Why", "Example", "Fix safety"):
            assert sections.get(key), (cls.id, key)


def test_registry_rejects_duplicate_ids_and_missing_headings():
    with pytest.raises(RuleDefinitionError):
        class Dup(Rule):  # noqa: F841
            """## What it does\nx\n## Why\ny\n## Example\nz\n## Fix safety\nw"""
            id, summary = "DUP-CHAR", "重复"
    with pytest.raises(RuleDefinitionError):
        class NoDoc(Rule):  # noqa: F841
            """no headings"""
            id, summary = "TEST-NO-DOC", "无文档"
    assert "TEST-NO-DOC" not in {r.id for r in all_rules()}
    assert get("DUP-CHAR").__module__ == "docgen.rules.hygiene"


# -- STRUCT / NUM / HEADING -----------------------------------------------------------------------

def test_struct_title_missing():
    assert [f.line for f in run("STRUCT-TITLE-MISSING", ("salutation", "同志们："), "今天开会。")] == [1]
    assert not run("STRUCT-TITLE-MISSING", ("title", "在全县党建工作会议上的讲话"), ("salutation", "同志们："), "今天开会。")


def test_title_trailing_punct():
    bad = [("title", "在全县党建工作会议上的讲话。"), ("salutation", "同志们：")]
    assert [(f.line, f.col) for f in run("TITLE-TRAILING-PUNCT", *bad)] == [(1, 14)]
    assert not run("TITLE-TRAILING-PUNCT", ("title", "在全县党建工作会议上的讲话"))
    assert assert_idempotent("TITLE-TRAILING-PUNCT", *bad)[0].text == "在全县党建工作会议上的讲话"


def test_struct_salutation_missing():
    assert [f.line for f in run("STRUCT-SALUTATION-MISSING", ("title", "在会议上的讲话"), "今天开会。")] == [2]
    assert not run("STRUCT-SALUTATION-MISSING", ("title", "在会议上的讲话"), ("salutation", "同志们："), "今天开会。")


def test_salutation_punct():
    assert len(run("SALUTATION-PUNCT", ("salutation", "同志们:"))) == 1
    assert not run("SALUTATION-PUNCT", ("salutation", "同志们："))
    assert_idempotent("SALUTATION-PUNCT", ("salutation", "同志们:"), want=["同志们："])
    assert_idempotent("SALUTATION-PUNCT", ("salutation", "同志们"), want=["同志们："])


def test_struct_closing_missing():
    assert [f.line for f in run("STRUCT-CLOSING-MISSING", ("salutation", "同志们："), ("heading", "一、抓落实", 1),
                                 ("enum", "三是要注重考核激励。注重发挥作用。"))] == [3]
    assert not run("STRUCT-CLOSING-MISSING", ("salutation", "同志们："), "今天开会。", ("closing", "同志们，让我们共同努力！"))


def test_closing_formula_form():
    bad = run("CLOSING-FORMULA-FORM", ("salutation", "同志们："), "今天开会。", ("closing-formula", "谢谢大家"))
    assert [f.fix for f in bad] == [{"replacement": "！"}]
    assert_idempotent("CLOSING-FORMULA-FORM", "今天开会。", ("closing-formula", "谢谢大家"), want=["今天开会。", "谢谢大家！"])
    # 散会 belongs to the presiding person when the speech has a title
    with_title = run("CLOSING-FORMULA-FORM", ("title", "在会议上的讲话"), "今天开会。", ("closing-formula", "散会！"))
    assert [f.fix_class for f in with_title] == ["none"]
    assert not run("CLOSING-FORMULA-FORM", "今天开会。", ("closing-formula", "散会！"))
    assert not run("CLOSING-FORMULA-FORM", "今天开会。", ("closing-formula", "谢谢大家！"))
    merged = run("CLOSING-FORMULA-FORM", "今天开会。", ("closing", "同志们，让我们共同努力！谢谢大家！"))
    assert [(f.col, f.fix_class) for f in merged] == [(13, "none")]


def test_heading_unnumbered():
    specs = [("salutation", "同志们："), ("heading", "要旗帜鲜明讲政治，在坚决做到“两个维护”上用劲发力", 1), "正文。",
             ("heading", "要凝心铸魂强头脑，在筑牢意识形态阵地上用劲发力", 1), "正文。"]
    found = run("HEADING-UNNUMBERED", *specs)
    assert [(f.line, f.severity, f.fix) for f in found] == [(2, "warning", {"replacement": "一、"}),
                                                         (4, "warning", {"replacement": "二、"})]
    assert not run("HEADING-UNNUMBERED", ("heading", "一、抓党建", 1), "正文。", ("heading", "二、抓落实", 1), "正文。")


def test_num_sequence():
    bad = run("NUM-SEQUENCE", ("heading", "一、甲", 1), "正文。", ("heading", "二、乙", 1), ("heading", "四、丁", 1))
    assert [(f.line, f.fix) for f in bad] == [(4, {"replacement": "三、"})]
    inline = run("NUM-SEQUENCE", "主要是：一是学习。二是落实。四是考核。")
    assert [f.text for f in inline] and inline[0].fix == {"replacement": "三是"}
    good = [("heading", "一、甲", 1), ("enum", "一是要学。"), ("enum", "二是是要干。"), ("enum", "三是要考。"),
            ("heading", "二、乙", 1), ("enum", "一是要学。"), "看：一是学。二是干。", "又：一是学。二是干。"]
    assert not run("NUM-SEQUENCE", *good)       # stutter 二是是 counts as 二是; lists restart


def test_num_level_order():
    bad = run("NUM-LEVEL-ORDER", ("heading", "一、甲", 1), ("heading", "（1）乙", 4))
    assert [f.line for f in bad] == [2]
    assert [f.line for f in run("NUM-LEVEL-ORDER", ("heading", "（一）甲", 2), ("heading", "一、乙", 1))] == [1]
    assert not run("NUM-LEVEL-ORDER", ("heading", "一、甲", 1), ("runin", "（一）乙。正文。", 2), ("runin", "1.丙。正文。", 3),
                   ("heading", "二、丁", 1), ("runin", "1.戊。正文。", 3))


def test_num_marker_form():
    specs = [("heading", "一.肯定成绩", 1), ("runin", "（一）、强化意识。正文。", 2), ("runin", "1、加强学习。正文。", 3),
             "第一：要学习。", ("enum", "一是：政治建设。")]
    assert len(run("NUM-MARKER-FORM", *specs)) == 5
    fixed = assert_idempotent("NUM-MARKER-FORM", *specs)
    assert texts(fixed) == ["一、肯定成绩", "（一）强化意识。正文。", "1.加强学习。正文。", "第一，要学习。", "一是政治建设。"]
    assert not run("NUM-MARKER-FORM", ("heading", "一、肯定成绩", 1), ("runin", "（一）强化意识。正文。", 2), "1.5亿元投入。")


def test_num_marker_style_mix():
    assert [f.line for f in run("NUM-MARKER-STYLE-MIX", ("enum", "一是学习。"), ("enum", "二要落实。"))] == [2]
    assert not run("NUM-MARKER-STYLE-MIX", ("enum", "一是学习。"), ("enum", "二是落实。"))


def test_enum_count_mismatch():
    bad = run("ENUM-COUNT-MISMATCH", "下面，我讲三点意见。", ("heading", "一、甲", 1), "正文。", ("heading", "二、乙", 1), "正文。")
    assert [(f.line, f.col) for f in bad] == [(1, 6)]
    assert not run("ENUM-COUNT-MISMATCH", "下面，我讲两点意见。", ("heading", "一、甲", 1), ("heading", "二、乙", 1))
    assert not run("ENUM-COUNT-MISMATCH", "下面，我讲几点意见。", ("heading", "一、甲", 1))
    speakers = ["请甲同志作交流发言；", ("ellipsis", "……"), "请乙同志作交流发言。", "刚才，3位同志分别作了发言。"]
    assert [f.line for f in run("ENUM-COUNT-MISMATCH", *speakers)] == [4]


def test_heading_trailing_punct():
    bad = [("heading", "一、肯定成绩，正视问题。", 1)]
    assert [(f.line, f.col) for f in run("HEADING-TRAILING-PUNCT", *bad)] == [(1, 12)]
    assert not run("HEADING-TRAILING-PUNCT", ("runin", "（一）强化党建“主业”职责意识。各级党委要抓。", 2))
    assert not run("HEADING-TRAILING-PUNCT", ("heading", "一、何以抓好党建？", 1))
    assert_idempotent("HEADING-TRAILING-PUNCT", *bad, want=["一、肯定成绩，正视问题"])


def test_heading_punct_inconsistent():
    specs = [("heading", "一、甲事", 1), "正文。", ("heading", "二、乙事", 1), "正文。", ("heading", "三、丙事。", 1), "正文。"]
    assert [f.line for f in run("HEADING-PUNCT-INCONSISTENT", *specs)] == [5]
    assert not run("HEADING-PUNCT-INCONSISTENT", ("heading", "一、甲事", 1), ("heading", "二、乙事", 1))
    assert_idempotent("HEADING-PUNCT-INCONSISTENT", *specs)


def test_heading_l1_runin():
    assert [f.line for f in run("HEADING-L1-RUNIN", ("runin", "一、肯定成绩。今年以来成绩明显。", 1))] == [1]
    assert not run("HEADING-L1-RUNIN", ("heading", "一、肯定成绩。", 1))


def test_runin_lead_end():
    long_lead = "一是" + "加强学习，" * 20 + "。"
    assert [f.line for f in run("RUNIN-LEAD-END", ("enum", long_lead))] == [1]
    assert not run("RUNIN-LEAD-END", ("enum", "一是政治建设进一步强化。始终把党的政治建设摆在首位。"))


def test_heading_too_long():
    assert run("HEADING-TOO-LONG", ("heading", "一、" + "甲" * 60, 1))
    assert not run("HEADING-TOO-LONG", ("heading", "一、肯定成绩", 1))


def test_para_no_end_punct():
    bad = run("PARA-NO-END-PUNCT", "要深入挖掘利用红色资源，在传承红色基因中坚定自觉走好新时代赶考之路")
    assert bad and bad[0].fix_class == "suggest" and bad[0].fix == {"replacement": "路。"}
    assert not run("PARA-NO-END-PUNCT", "请XX同志作交流发言；")
    assert not run("PARA-NO-END-PUNCT", ("heading", "要旗帜鲜明讲政治，在坚决做到上用劲发力", 1))
    assert not run("PARA-NO-END-PUNCT", "附件")


def test_ellipsis_para():
    assert [f.line for f in run("ELLIPSIS-PARA", "请XX同志发言；", ("ellipsis", "……"), "...")] == [2, 3]
    assert not run("ELLIPSIS-PARA", "等等……都要抓。")


def test_blank_lines():
    specs = ["", "今天开会。", "", "", "接着讲。", "", "结束。", ""]
    found = run("BLANK-LINES", *specs)
    assert [(f.line, f.end_line) for f in found] == [(1, None), (3, 4), (8, None)]
    assert not run("BLANK-LINES", ("title", "在会议上的讲话"), "", ("salutation", "同志们："), "今天开会。")
    assert_idempotent("BLANK-LINES", *specs, want=["今天开会。", "", "接着讲。", "", "结束。"])


# -- PUNCT / SPACE / CHAR -------------------------------------------------------------------------

def test_punct_halfwidth_in_cjk():
    bad = "持续保持反腐败高压态势,全县上下；资金xx万元,村级造血功能；问题:一是学习!落实(试行)。他说\"抓好党建\"."
    found = run("PUNCT-HALFWIDTH-IN-CJK", bad)
    assert [f.fix["replacement"] for f in found] == ["，", "，", "：", "！", "（", "）", "“", "”", "。"]
    good = ["增长3.5个百分点，投入1,000万元，8:30开会。", "网址https://www.gov.cn:8080/a,b;c，请查阅。",
            "制定“1+5”工作方案。", "上下联动、整体推进，公.文思.享.文.库出.品，一根杆子插到底。",
            "按标准(GB/T 9704)执行。", "这是中.国的事"]
    for text in good:
        assert not run("PUNCT-HALFWIDTH-IN-CJK", text), text
    once = assert_idempotent("PUNCT-HALFWIDTH-IN-CJK", bad)
    assert once[0].text == "持续保持反腐败高压态势，全县上下；资金xx万元，村级造血功能；问题：一是学习！落实（试行）。他说“抓好党建”。"


def test_punct_halfwidth_beside_a_typed_space():
    # a space typed beside the mark does not make the context Latin
    found = run("PUNCT-HALFWIDTH-IN-CJK", "我们开会 ,要认真。工作存在. 有的部门不行。")
    assert [(f.start, f.fix["replacement"]) for f in found] == [(5, "，"), (14, "。")]
    for text in ["价格是3. 5元。", "Hello. World，好的。", "见第2 , 3条。", "v2. 0版本已发布。"]:
        assert not run("PUNCT-HALFWIDTH-IN-CJK", text), text


def test_punct_duplicate():
    found = run("PUNCT-DUPLICATE", "落到实处，。下一步，，要抓好。")
    assert [f.fix for f in found] == [{"replacement": "。"}, {"replacement": "，"}]
    assert not run("PUNCT-DUPLICATE", "难道不是吗？！当然……。是的。")
    assert_idempotent("PUNCT-DUPLICATE", "落到实处，。下一步，，要抓好。", want=["落到实处。下一步，要抓好。"])


def test_punct_ellipsis_form():
    assert len(run("PUNCT-ELLIPSIS-FORM", "等等...还有…以及。。。")) == 3
    assert not run("PUNCT-ELLIPSIS-FORM", "等等……还有…………")
    assert_idempotent("PUNCT-ELLIPSIS-FORM", "等等...还有…", want=["等等……还有……"])


def test_punct_dash_form():
    assert len(run("PUNCT-DASH-FORM", "总书记指出--抓落实；干部—群众")) == 2
    assert not run("PUNCT-DASH-FORM", "——在全县大会上的讲话；2019—2020年")
    assert_idempotent("PUNCT-DASH-FORM", "总书记指出--抓落实", want=["总书记指出——抓落实"])


def test_range_dash():
    found = run("RANGE-DASH", "按照总数1-2%的比例，每村3-5个项目。")
    assert [f.fix["replacement"] for f in found] == ["1%～2", "3～5"]
    assert all(f.fix_class == "suggest" for f in found)
    assert not run("RANGE-DASH", "2019-2020年，1%～2%，型号A1-2个")


def test_quote_unbalanced():
    assert [f.col for f in run("QUOTE-UNBALANCED", "牢固树立“抓党建是最大政绩的理念。")] == [5]
    assert run("QUOTE-UNBALANCED", "他说”抓好“。")
    assert not run("QUOTE-UNBALANCED", "牢固树立“抓党建是最大政绩”的理念。")
    # GB/T 15834 4.8: every paragraph of a long quotation opens with “, only the last closes
    assert not run("QUOTE-UNBALANCED", "“第一段引文。", "“第二段引文。”")


def test_quote_nesting():
    assert len(run("QUOTE-NESTING", "他说：“要树立“四个意识”。”")) == 1
    assert not run("QUOTE-NESTING", "他说：“要树立‘四个意识’。”")
    assert_idempotent("QUOTE-NESTING", "他说：“要树立“四个意识”。”", want=["他说：“要树立‘四个意识’。”"])


def test_bracket_unbalanced():
    assert run("BRACKET-UNBALANCED", "《条例》（试行。")
    assert run("BRACKET-UNBALANCED", "条例）试行。")
    assert run("BRACKET-UNBALANCED", "《条例（试行》）。")
    assert not run("BRACKET-UNBALANCED", "《中国共产党党内监督条例》（试行）【要点】。")


def test_space_in_cjk():
    assert len(run("SPACE-IN-CJK", "全面 从严治党，2020 年，共 5 项。")) == 4
    assert not run("SPACE-IN-CJK", "使用Times New Roman字体。")
    assert not run("SPACE-IN-CJK", ("speaker", "县委书记 张三"))
    assert_idempotent("SPACE-IN-CJK", "全面 从严治党，2020 年。", want=["全面从严治党，2020年。"])


def test_leading_spaces():
    assert [f.line for f in run("LEADING-SPACES", "今天开会。", "    五要坚持分类指导。")] == [2]
    # two ideographic spaces are the plain-text indent when most paragraphs use them
    assert not run("LEADING-SPACES", "　　今天开会。", "　　接着讲。")
    assert_idempotent("LEADING-SPACES", "\t 五要坚持。", want=["五要坚持。"])


def test_trailing_whitespace():
    assert run("TRAILING-WHITESPACE", "谢谢大家！  ")
    assert not run("TRAILING-WHITESPACE", "谢谢大家！")
    assert_idempotent("TRAILING-WHITESPACE", "谢谢大家！ \u3000", want=["谢谢大家！"])


def test_char_invisible():
    assert len(run("CHAR-INVISIBLE", "党建\u200b工作\u00a0会议\x08。")) == 3
    assert not run("CHAR-INVISIBLE", "党建工作会议。")
    assert_idempotent("CHAR-INVISIBLE", "党建\u200b工作\u00a0会议。", want=["党建工作会议。"])


def test_char_fullwidth_alnum():
    assert [f.fix for f in run("CHAR-FULLWIDTH-ALNUM", "达到８０％以上，ＡＢ级。")] == [{"replacement": "80%"}, {"replacement": "AB"}]
    assert not run("CHAR-FULLWIDTH-ALNUM", "　　达到80%以上。")
    assert_idempotent("CHAR-FULLWIDTH-ALNUM", "达到８０％以上", want=["达到80%以上"])


# -- NUMERAL / DATE -------------------------------------------------------------------------------

def test_numeral_liang():
    assert [f.col for f in run("NUMERAL-LIANG", "今天的会议共二项议程。")] == [7]
    assert [f.col for f in run("NUMERAL-LIANG", "这是一项重要工作，共二项议程。")] == [11]
    for good in ("进行第二项议程。", "十二个乡镇。", "坚持二次创业。", "二者缺一不可。", "分为一类、二类、三类村。"):
        assert not run("NUMERAL-LIANG", good), good


def test_numeral_struct_count():
    found = run("NUMERAL-STRUCT-COUNT", "下面，我讲3点意见。要抓好以下2个方面。")
    assert [f.fix for f in found] == [{"replacement": "三"}, {"replacement": "两"}]
    assert not run("NUMERAL-STRUCT-COUNT", "每月至少组织1次学习，6方面25种表现。")


def test_numeral_consistency():
    assert run("NUMERAL-CONSISTENCY", "二〇二〇年3月召开。")
    assert not run("NUMERAL-CONSISTENCY", "2020年3月召开，二〇二〇年三月五日。")


def test_date_format():
    found = run("DATE-FORMAT", "2020年03月05日召开，2020.3.5通知，19年3月开始。")
    assert [f.fix and f.fix["replacement"] for f in found] == ["3", "5", "2020年3月5日", None]
    assert not run("DATE-FORMAT", "2020年3月5日召开，2022年底完成，“十四五”规划。")
    assert_idempotent("DATE-FORMAT", "2020年03月05日召开，2020.3.5通知。", want=["2020年3月5日召开，2020年3月5日通知。"])


def test_year_zero_char():
    assert run("YEAR-ZERO-CHAR", "二○二○年三月")
    assert not run("YEAR-ZERO-CHAR", "二〇二〇年三月")
    assert_idempotent("YEAR-ZERO-CHAR", "二○二○年三月", want=["二〇二〇年三月"])


# -- content hygiene ------------------------------------------------------------------------------

def test_noise_line():
    found = run("NOISE-LINE", ("noise", "本文系作者原创投稿，仅供学习参考！"), ("title", "在会议上的讲话"))
    assert [(f.line, f.fix) for f in found] == [(1, {"delete_paragraph": True})]
    assert not run("NOISE-LINE", "要下载学习材料，认真学习。")
    assert_idempotent("NOISE-LINE", ("noise", "本文系作者原创投稿"), ("title", "在会议上的讲话"), want=["在会议上的讲话"])


def test_noise_paragraph_gets_only_noise_line():
    us = units(("noise", "会员群：      免费QQ群：XX ,,"), ("title", "在会议上的讲话"), ("salutation", "同志们："),
               "今天开会。")
    assert {f.rule for f in check_units(us, STYLE) if f.line == 1} == {"NOISE-LINE"}


def test_watermark_inline():
    text = "上下联动、整体推进，公.文思.享.文.库出.品，一根杆子插到底。"
    found = run("WATERMARK-INLINE", text)
    assert [(f.col, f.text) for f in found] == [(11, "公.文思.享.文.库出.品")]
    assert not run("WATERMARK-INLINE", "会见了约翰·史密斯·琼斯先生，版本3.5.1.2发布。")
    assert_idempotent("WATERMARK-INLINE", text, want=["上下联动、整体推进，一根杆子插到底。"])


def test_placeholder():
    assert len(run("PLACEHOLDER", "请XXX、XXX同志，××-××个村，**万元，某某同志，【待补充】，xx万元。")) == 7
    assert not run("PLACEHOLDER", "拍X光片，3×4的格子，Xbox和XML。")


REDUP_OK = ["谢谢大家！", "常常讲", "层层压实", "切切实实抓好", "看一看", "晒一晒、亮一亮", "学习习近平新时代中国特色社会主义思想",
            "召开常委会会议", "人人头上有指标", "步步为营", "久久为功", "工作作为", "宪法法律", "年年晋位升级"]


def test_dup_char():
    found = run("DUP-CHAR", "二是是要以干部人才队伍建设为基础")
    assert [(f.col, f.severity, f.fix_class, f.fix) for f in found] == [(2, "error", "safe", {"replacement": "是"})]
    slip = run("DUP-CHAR", "加强党的的建设。")
    assert [(f.severity, f.fix_class) for f in slip] == [("warning", "suggest")]
    for good in REDUP_OK:
        assert not run("DUP-CHAR", good), good
    assert_idempotent("DUP-CHAR", "二是是要以干部人才队伍建设为基础", want=["二是要以干部人才队伍建设为基础"])


def test_dup_phrase():
    found = run("DUP-PHRASE", "统筹推进基层党建全面过硬、全面过硬。机关要突出突出政治建设。")
    assert [(f.col, f.severity) for f in found] == [(9, "error"), (22, "error")]
    assert [f.severity for f in run("DUP-PHRASE", "这个问题要研究研究。")] == ["warning"]
    for good in ("抓责任，责任不落实", "抓书记、书记抓", "一件一件抓，一件一件改", "守土有责、守土担责", "党组织、党组织书记",
                 "切切实实抓好", "看一看"):
        assert not run("DUP-PHRASE", good), good


def test_paren_self_gloss():
    found = run("PAREN-SELF-GLOSS", "县直各单位党组（党组）要加强。")
    assert [(f.col, f.fix) for f in found] == [(6, {"replacement": "党委"})]
    for good in ("各级党委（党组）要加强", "党组（党委）", "党（工）委", "村（社区）"):
        assert not run("PAREN-SELF-GLOSS", good)


def test_de_di_de():
    bad = "把党组织建设的更加坚强有力，通过有针对性的举办培训班，有重点的地加大培育。"
    assert [f.fix["replacement"] for f in run("DE-DI-DE", bad)] == ["得", "地", ""]
    for good in ("清醒地认识到问题", "坚决地贯彻", "有计划地开展", "党的执政地位", "目的地", "有针对性的措施"):
        assert not run("DE-DI-DE", good), good


def test_term_confusion():
    assert [f.fix for f in run("TERM-CONFUSION", "安排布署后段工作。")] == [{"replacement": "部署"}]
    assert not run("TERM-CONFUSION", "安排部署工作，各自为营、各司其责。")


def test_term_inconsistent_off_by_default():
    specs = ["各级党委（组）要抓。", "各级党委（党组）要抓。", "党委（党组）书记。"]
    assert not [f for f in check_units(units(*specs), STYLE) if f.rule == "TERM-INCONSISTENT"]
    assert [f.line for f in run("TERM-INCONSISTENT", *specs)] == [1]


def test_para_too_long_off_by_default():
    long = "抓党建。" * 250
    assert not [f for f in check_units(units(long), STYLE) if f.rule == "PARA-TOO-LONG"]
    assert run("PARA-TOO-LONG", long)


def test_enum_count_inside_a_section_counts_its_own_items():
    specs = [("heading", "一、甲", 1), "我提三点要求：一是学习。二是落实。三是考核。", ("heading", "二、乙", 1),
             "我提三点要求：一是学习。二是落实。", ("heading", "三、丙", 1)]
    assert [f.line for f in run("ENUM-COUNT-MISMATCH", *specs)] == [4]


def test_a_rule_fix_applies_the_finding_edit_and_is_idempotent():
    from docgen.check.fix_text import apply_fixes

    us = units("态势,全县上下;政治生态!")
    fixed, applied = apply_fixes(us, run("PUNCT-HALFWIDTH-IN-CJK", us=us))
    assert len(applied) == 3
    text = fixed[0].text
    assert text == "态势，全县上下；政治生态！"
    assert not run("PUNCT-HALFWIDTH-IN-CJK", text)


def test_a_crashing_rule_is_reported_not_fatal():
    from docgen.check.runner import build_context, run_rules

    class Broken(Rule, abstract=True):       # abstract: not registered, so the catalog stays clean
        id = "TEST-BROKEN"

        def check(self, ctx):
            raise ValueError("boom")
            yield

    ctx = build_context(units("态势,全县。"), STYLE)
    findings, problems = run_rules(ctx, [Broken(), get("PUNCT-HALFWIDTH-IN-CJK")()])
    assert [f.rule for f in findings] == ["PUNCT-HALFWIDTH-IN-CJK"]
    # said in Chinese, without the exception's class name (issue 12 §5)
    assert problems == ["TEST-BROKEN（程序缺陷；设置 DOCGEN_DEBUG=1 重试可看到详情，请报告给维护者）"]


def test_ascii_quotes_in_chinese_text():
    found = run("PUNCT-HALFWIDTH-IN-CJK", "他说：“要树立'四个意识'。”")
    assert [f.fix["replacement"] for f in found] == ["‘", "’"]
    # the quotes around an English title become Chinese quotes; the apostrophe stays
    found = run("PUNCT-HALFWIDTH-IN-CJK", "他读了\"Xi's speech\"一文。")
    assert [(f.start, f.fix["replacement"]) for f in found] == [(3, "“"), (15, "”")]
