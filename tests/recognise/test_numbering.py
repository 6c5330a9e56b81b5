"""The numbering transform: numbers per depth from the document's scheme, restarting per parent."""

import pytest

from docgen.errors import ContentError
from docgen.model import Document, Paragraph, Section, Table, iter_blocks, to_dict
from docgen.transforms.numbering import (chinese_number, effective_scheme, marker, number,
                                         parse_chinese_number)


def numbers(doc):
    """[(depth, number, heading)] of every section in document order."""
    return [(d, b.number, b.heading) for d, b in iter_blocks(doc.body) if isinstance(b, Section)]


def sec(heading, *body, runin=False, number=None):
    return Section(heading=heading, body=list(body), runin=runin, number=number)


@pytest.mark.parametrize("n, word", [
    (1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (15, "十五"), (19, "十九"),
    (20, "二十"), (21, "二十一"), (30, "三十"), (45, "四十五"), (90, "九十"), (99, "九十九"),
])
def test_chinese_counting_words(n, word):
    assert chinese_number(n) == word
    assert parse_chinese_number(word) == n


def test_chinese_numbers_are_distinct_and_round_trip():
    words = [chinese_number(n) for n in range(1, 100)]
    assert len(set(words)) == 99
    assert all(parse_chinese_number(w) == n for n, w in enumerate(words, 1))
    assert parse_chinese_number("一十") is None and parse_chinese_number("零") is None
    with pytest.raises(ValueError):
        chinese_number(0)
    with pytest.raises(ValueError):
        chinese_number(100)


@pytest.mark.parametrize("pattern, n, expected", [
    ("一、", 3, "三、"), ("（一）", 12, "（十二）"), ("1.", 10, "10."), ("（1）", 4, "（4）"),
    ("第一，", 2, "第二，"), ("1、", 7, "7、"), ("none", 5, None),
])
def test_marker(pattern, n, expected):
    assert marker(pattern, n) == expected


def test_default_scheme_restarts_under_each_parent():
    doc = Document(body=[
        Paragraph("前言。"),
        sec("甲", Paragraph("x"), sec("甲一", sec("甲一1", sec("甲一1(1)"), sec("甲一1(2)")), sec("甲一2")),
            Table(rows=[["a"]]), sec("甲二", sec("甲二1"))),
        Paragraph("插话，不打断编号。"),
        sec("乙", sec("乙一", sec("乙一1", sec("乙一1(1)")))),
        sec("丙"),
    ])
    assert numbers(number(doc)) == [
        (1, "一、", "甲"), (2, "（一）", "甲一"), (3, "1.", "甲一1"), (4, "（1）", "甲一1(1)"),
        (4, "（2）", "甲一1(2)"), (3, "2.", "甲一2"), (2, "（二）", "甲二"), (3, "1.", "甲二1"),
        (1, "二、", "乙"), (2, "（一）", "乙一"), (3, "1.", "乙一1"), (4, "（1）", "乙一1(1)"),
        (1, "三、", "丙"),
    ]


def test_unnumbered_level_one_keeps_numbering_below_it():
    doc = Document(numbering=["none", "（一）", "1.", "（1）"],
                   body=[sec("要旗帜鲜明讲政治", sec("子一"), sec("子二")), sec("要勇于担当", sec("子三"))])
    assert numbers(number(doc)) == [
        (1, None, "要旗帜鲜明讲政治"), (2, "（一）", "子一"), (2, "（二）", "子二"),
        (1, None, "要勇于担当"), (2, "（一）", "子三"),
    ]


def test_two_level_scheme_is_kept_and_deeper_levels_take_unused_defaults():
    assert effective_scheme(["一、", "1."]) == ["一、", "1.", "（一）", "（1）"]
    doc = Document(numbering=["一、", "1."], body=[sec("甲", sec("甲1", sec("更深"))), sec("乙", sec("乙1"))])
    assert numbers(number(doc)) == [(1, "一、", "甲"), (2, "1.", "甲1"), (3, "（一）", "更深"),
                                    (1, "二、", "乙"), (2, "1.", "乙1")]


def test_run_in_sections_are_numbered_like_others_and_written_numbers_are_replaced():
    doc = Document(body=[sec("甲", sec("强化意识。", Paragraph("正文。"), runin=True, number="（九）"),
                             sec("压实责任。", Paragraph("正文。"), runin=True))])
    out = number(doc)
    assert numbers(out) == [(1, "一、", "甲"), (2, "（一）", "强化意识。"), (2, "（二）", "压实责任。")]
    assert [b.runin for _, b in iter_blocks(out.body) if isinstance(b, Section)] == [False, True, True]


def test_number_is_pure_and_idempotent():
    doc = Document(body=[sec("甲", Paragraph("正文"), sec("乙"))])
    before = to_dict(doc)
    once = number(doc)
    assert to_dict(doc) == before                      # input untouched
    assert to_dict(number(once)) == to_dict(once)


def test_arabic_levels_go_past_99_chinese_levels_do_not():
    many_arabic = Document(numbering=["1."], body=[sec(f"h{i}") for i in range(120)])
    assert numbers(number(many_arabic))[-1][1] == "120."
    many_chinese = Document(body=[sec(f"h{i}") for i in range(99)] + [Section(heading="第一百个", line=7)])
    with pytest.raises(ContentError) as err:
        number(many_chinese)
    assert err.value.line == 7 and "九十九" in err.value.message


def test_pattern_without_counter_is_a_content_error():
    with pytest.raises(ContentError) as err:
        number(Document(numbering=["A、"], body=[sec("甲")]))
    assert "A、" in err.value.message
