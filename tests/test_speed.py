"""Speed work of issue 6 item 2 must not change behaviour: what is imported where, the per-document
caches of the resolver, lazily compiled patterns and the substring pre-tests of the text rules."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "002_b2d4874fc0b8858a.txt"
HEAVY = ("lxml", "docx", "docxtpl", "jinja2", "jieba")


def _modules_after(code: str) -> list:
    """Top-level modules and docgen modules imported by a fresh interpreter running ``code``."""
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          "print(json.dumps(sorted(sys.modules)))"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_help_imports_no_heavy_module():
    mods = _modules_after("from click.testing import CliRunner\nfrom docgen.cli import cli\n"
                          "r = CliRunner().invoke(cli, ['--help'])\nassert r.exit_code == 0, r.output\n"
                          "assert 'format' in r.output and 'check' in r.output")
    assert not [m for m in mods if m.split(".")[0] in HEAVY]
    assert "docgen.rules" not in mods


def test_format_text_loads_no_docx_rules_and_no_jieba(tmp_path):
    out = tmp_path / "x.docx"
    mods = _modules_after(f"from docgen.api import format_file\nformat_file({str(SEED)!r}, {str(out)!r})")
    assert out.stat().st_size > 0
    assert "docgen.rules.font" not in mods and "docgen.rules.layout" not in mods
    assert "jieba" not in mods
    assert "docgen.writers.yaml" not in mods        # only with --yaml


def test_text_rules_and_all_rules_agree():
    from docgen.rules import DOCX_ONLY_MODULES, all_rules

    every = all_rules()
    text = all_rules("text")
    assert {r.id for r in text} == {r.id for r in every if "text" in r.kinds}
    assert len([r for r in every if not r.id.startswith("FRAME-")]) == 80     # + the 公文 frame rules
    for r in every:
        if r.__module__.rsplit(".", 1)[-1] in DOCX_ONLY_MODULES:
            assert tuple(r.kinds) == ("docx",), r.id


def test_check_of_text_file_same_findings_as_units(tmp_path):
    """active_rules("text") picks the same rules whether or not the .docx modules are loaded."""
    from docgen.check.runner import active_rules
    from docgen.rules import load_all
    from docgen.style import load_style

    style = load_style()
    before = [r.id for r in active_rules(style, "text")]
    load_all()
    after = [r.id for r in active_rules(style, "text")]
    assert before == after and len(before) > 40


def test_lazy_pattern_matches_like_compiled():
    from docgen.rules.base import HAN, lazy_compile

    src = rf"([{HAN}]{{2,4}})\1"
    lazy = lazy_compile(src)
    assert lazy._compiled is None and lazy.pattern == src
    text = "要突出突出政治建设，抓好抓好落实"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in re.finditer(src, text)]
    assert lazy._compiled is re.compile(src)                 # compiled once, then reused
    assert lazy.sub("", text) == re.sub(src, "", text)


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory):
    from docgen.api import format_file

    out = tmp_path_factory.mktemp("speed") / "002.docx"
    format_file(SEED, out)
    return out


def test_resolver_caches_give_the_uncached_answers(seed_docx):
    from docgen.readers.docx.package import open_document
    from docgen.ooxml.resolve import Resolver, _first, _T_PPR, _T_RPR, iter_runs

    doc = open_document(seed_docx)
    res = Resolver(doc)
    runs = 0
    for p in doc.paragraphs:
        sid = res.style_id_of(p)
        assert res.para_props(p) == res._compute_para_props(sid, _first(p._p, _T_PPR))
        for r in iter_runs(p):
            cached = res.run_props(p, r)
            assert cached == res._compute_run_props(sid, r, _first(r, _T_RPR))
            assert res.run_props(p, r) is cached
            runs += 1
    assert runs > 20
    # a run's properties depend on its paragraph style: same rPr, other style, other answer
    body = next(p for p in doc.paragraphs if res.style_id_of(p) and p.text.strip())
    r = next(iter_runs(body))
    assert res.run_props(body, r, None).size_pt != res.run_props(body, r).size_pt or \
        res.run_props(body, r, None).east_asia_font != res.run_props(body, r).east_asia_font


@pytest.mark.parametrize("rule_id, text, expected", [
    ("DATE-FORMAT", "会议定于2020.3.5召开，2020年03月05日报到，19年3月启动。", 4),
    ("PUNCT-DASH-FORM", "总书记指出--抓落实，关键在于——干。", 1),
    ("PUNCT-ELLIPSIS-FORM", "抓党建、促发展...等等。", 1),
    ("QUOTE-NESTING", "他说：“要树立“四个意识”。”", 1),
    ("NUMERAL-LIANG", "今天的会议共二项议程。", 1),
    ("YEAR-ZERO-CHAR", "二○二○年三月", 1),
    ("PLACEHOLDER", "请XX同志作交流发言，时间为×月×日。", 3),
    ("DUP-CHAR", "二是是要以干部人才队伍建设为基础。", 1),
    ("PAREN-SELF-GLOSS", "县直各单位党组（党组）要认真落实。", 1),
    ("PUNCT-HALFWIDTH-IN-CJK", "持续保持反腐败高压态势,全县上下", 1),
])
def test_text_rules_still_find_with_pretests(rule_id, text, expected):
    """The substring pre-tests skip paragraphs that cannot match; these ones can."""
    from docgen.check.runner import check_units
    from docgen.style import load_style
    from docgen.units import Unit

    units = [Unit(index=1, text="在全县工作会议上的讲话", kind="title"), Unit(index=2, text=text, kind="body")]
    found = [f for f in check_units(units, load_style(), "text", select=[rule_id]) if f.rule == rule_id]
    assert len(found) == expected, [(f.start, f.text) for f in found]


def test_cleaner_skips_suggest_only_rules_but_keeps_safe_fixes():
    from docgen.style import load_style
    from docgen.check.fix_text import clean_units
    from docgen.units import Unit

    units = [Unit(index=1, text="二是是要突出突出政治建设,抓好落实", kind="body")]
    cleaned, done = clean_units(units, load_style())
    assert cleaned[0].text == "二是要突出突出政治建设，抓好落实"      # DUP-PHRASE is suggest: left
    assert {f.rule for f in done} == {"DUP-CHAR", "PUNCT-HALFWIDTH-IN-CJK"}
    cleaned, done = clean_units(units, load_style(), level="all")
    assert "DUP-PHRASE" in {f.rule for f in done}


def test_format_of_a_speech_compiles_no_han_class_it_does_not_need(tmp_path):
    """Start-up work of issue 11: the 发文字号 pattern waits for a line holding 号, the mixed-encoding
    count for a file that is not UTF-8 (each Han class costs ~1 ms to compile)."""
    out = tmp_path / "x.docx"
    code = (f"from docgen.api import format_file\nformat_file({str(SEED)!r}, {str(out)!r})\n"
            "from docgen.recognise.genre import DOC_NO\nfrom docgen.readers import mixed\n"
            "print(DOC_NO._compiled is None, mixed._HAN_RE._compiled is None)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["True", "True"]


@pytest.mark.parametrize("line", ["国发〔2024〕3号", "某某县政府办公室 〔2024〕 第 12 号 签发人：王某", "关于做好工作的通知",
                                  "（2024）12号文件", "第3号", ""])
def test_doc_no_pretest_answers_like_the_pattern(line):
    from docgen.recognise.genre import DOC_NO, doc_no_match

    found, expected = doc_no_match(line), DOC_NO.match(line)
    assert (found and found.groupdict()) == (expected and expected.groupdict())


@pytest.mark.parametrize("text, expected", [
    ("一.加强领导", ("L1", 1, "一.")), ("二，抓好落实", ("L1", 2, "二，")), ("三　压实责任", ("L1", 3, "三　")),
    ("1、突出重点", ("L3", 1, "1、")), ("12）完善机制", ("L3", 12, "12）")),
    ("一. 加强领导", None), ("1、2024年", None), ("一 二季度", None), ("1、", None), ("一，", None), ("1、𠀀", None)])
def test_lenient_heading_marker_needs_a_han_character_after_it(text, expected):
    """The Han lookahead of the lenient markers is checked in Python: the same answers."""
    from docgen.text.markers import paragraph_marker

    m = paragraph_marker(text, lenient=True)
    assert (m and (m.family, m.value, m.text)) == expected
