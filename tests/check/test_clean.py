"""The cleaner on the raw seeds: noise and watermarks go, safe fixes are applied in RULES.md §0
order, suggest-class problems are left alone, and cleaning twice changes nothing."""

from __future__ import annotations

import re

import pytest

from docgen.check.runner import check_units, read_text_units
from docgen.style import load_style
from docgen.check.fix_text import clean_units, units_to_text
from docgen.units import Unit

from seed_defects import SEEDS, seed_path

STYLE = load_style()


def cleaned(seed, level="safe"):
    return clean_units(read_text_units(seed_path(seed)), STYLE, level=level)


def text_of(units):
    return units_to_text(units)


@pytest.mark.parametrize("seed", SEEDS)
def test_clean_is_idempotent_and_leaves_no_safe_findings(seed):
    once, changes = cleaned(seed)
    twice, again = clean_units(once, STYLE)
    assert text_of(once) == text_of(twice)
    assert again == []
    left = [f for f in check_units(once, STYLE) if f.fix_class == "safe" and f.fix is not None]
    assert left == []


@pytest.mark.parametrize("seed", SEEDS)
def test_clean_reports_every_change_with_rule_and_line(seed):
    raw = read_text_units(seed_path(seed))
    _, changes = clean_units(raw, STYLE)
    lines = {u.index for u in raw}
    for f in changes:
        assert f.rule and f.fix_class == "safe" and f.line in lines


def test_noise_dropped_and_blank_runs_collapsed():
    units, changes = cleaned("003")
    text = text_of(units)
    assert text.startswith("在全县党建工作座谈会上的讲话\n同志们：\n")
    for junk in ("仅供学习", "会员", "QQ群", "酷乐文行", "倒卖"):
        assert junk not in text
    assert "\n\n" not in text and not text.endswith("\n\n")
    assert sorted(f.line for f in changes if f.rule == "NOISE-LINE") == [1, 2, 3, 4, 5, 7, 8, 9]
    # the headings lose their trailing 。 (HEADING-TRAILING-PUNCT, safe)
    assert "一、肯定成绩，正视问题，进一步增强基层党建工作的使命感责任感和紧迫感\n" in text


def test_watermark_removed_with_one_comma():
    units, changes = cleaned("001")
    line16 = next(u.text for u in units if u.index == 16)
    assert "上下联动、整体推进，一根杆子插到底" in line16
    assert not re.search(r"[公文思享库出品]\.", line16)
    assert [f.line for f in changes if f.rule == "WATERMARK-INLINE"] == [16]
    # ％ -> % (safe), ** placeholders stay (none), missing end punctuation stays (suggest)
    line10 = next(u.text for u in units if u.index == 10)
    assert "**%以上" in line10
    assert next(u.text for u in units if u.index == 12).endswith("赶考之路")


def test_stutter_fixed_but_suggestions_left():
    units, changes = cleaned("000")
    text = text_of(units)
    assert "二是要以干部人才队伍建设为基础" in text and "二是是" not in text
    assert "态势，全县上下" in text and "xx万元，村级" in text
    # suggest-class problems are for a person: DUP-PHRASE, PAREN-SELF-GLOSS, NUMERAL-*, placeholders
    for kept in ("全面过硬、全面过硬", "突出突出", "党组（党组）", "共二项议程", "我讲3点意见", "XXX、XXX", "……"):
        assert kept in text, kept
    assert {f.rule for f in changes} == {"BLANK-LINES", "PUNCT-HALFWIDTH-IN-CJK", "DUP-CHAR"}


def test_level_all_applies_suggestions():
    units, changes = cleaned("000", level="all")
    text = text_of(units)
    assert "要突出政治建设" in text and "突出突出" not in text
    assert "党委（党组）要进一步加强" in text
    assert "共两项议程" in text and "我讲三点意见" in text
    again, more = clean_units(units, STYLE, level="all")
    assert text_of(again) == text and more == []


def test_never_inserts_spaces_between_chinese_and_digits():
    for seed in SEEDS:
        raw = read_text_units(seed_path(seed))
        units, _ = clean_units(raw, STYLE, level="all")
        for u in units:
            assert not re.search(r"[\u4e00-\u9fff] [0-9A-Za-z]|[0-9A-Za-z] [\u4e00-\u9fff]", u.text), u.text[:40]


def test_leading_spaces_stripped_so_marker_reads():
    units, changes = cleaned("004")
    line16 = next(u.text for u in units if u.index == 16)
    assert line16.startswith("五要坚持分类指导")
    assert [f.rule for f in changes] == ["LEADING-SPACES"]


def test_clean_does_not_touch_input_units():
    raw = [Unit(index=1, text="本文系原创", kind="noise"), Unit(index=2, text="态势,全县。")]
    units, _ = clean_units(raw, STYLE)
    assert [u.text for u in raw] == ["本文系原创", "态势,全县。"]
    assert [u.text for u in units] == ["态势，全县。"]
