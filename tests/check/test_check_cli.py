"""`docgen check` and `docgen rules` end to end: reports, JSON schema, exit codes, --select /
--ignore, --fix on text drafts, .docx paragraphs as anchors; and the seed-defect comparison of
tests/seed_defects.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.check.runner import check_paths, render_json, render_text
from docgen.style import load_style

from seed_defects import (  # noqa: F401  (collected here too: the seed comparison is part of the suite)
    SEEDS, seed_path, test_seed_blank_runs_span, test_seed_findings_equal_reading,
    test_seed_negatives_not_reported, test_seed_totals_per_rule,
)

ROOT = Path(__file__).resolve().parents[2]
FINDING_KEYS = {"rule", "severity", "paragraph", "line", "start", "end", "text", "message", "fix"}


def docgen(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)


def test_check_seed_text_report_and_exit_code():
    r = docgen("check", seed_path("000"))
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    # one line per finding: 文件:行: 规则ID 严重性 说明
    assert any(l.startswith(f"{seed_path('000')}:26: DUP-CHAR 错误 ") for l in lines)
    assert any(":21: PUNCT-HALFWIDTH-IN-CJK 错误 中文语境中使用了半角“,”" in l for l in lines)
    assert lines[-1].startswith("共检查 1 个文件，发现 36 个问题")


def test_check_json_matches_schema(tmp_path):
    r = docgen("check", seed_path("001"), seed_path("004"), "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["version"] == 1 and [Path(f["path"]).name[:3] for f in data["files"]] == ["001", "004"]
    for fr in data["files"]:
        assert set(fr) == {"path", "kind", "findings", "counts"} and fr["kind"] == "text"
        assert set(fr["counts"]) == {"error", "warning", "info"}
        assert sum(fr["counts"].values()) == len(fr["findings"])
        for f in fr["findings"]:
            assert set(f) == FINDING_KEYS
            assert f["severity"] in ("error", "warning", "info")
            assert f["paragraph"] is None and isinstance(f["line"], int)
            assert isinstance(f["start"], int) and isinstance(f["end"], int) and f["end"] >= f["start"]
            assert f["fix"] is None or isinstance(f["fix"], dict)
    wm = [f for f in data["files"][0]["findings"] if f["rule"] == "WATERMARK-INLINE"][0]
    assert wm["line"] == 16 and wm["fix"] == {"replacement": ""}
    # suggest-class fixes are not advertised as fixes in the JSON (DESIGN.md §5: fix = safe fix)
    dedide = [f for f in data["files"][1]["findings"] if f["rule"] == "DE-DI-DE"]
    assert dedide and all(f["fix"] is None for f in dedide)


def test_select_and_ignore_by_id_and_prefix():
    style = load_style()
    report = check_paths([seed_path("000")], style, select="PUNCT,DUP-CHAR")
    assert {f.rule for f in report.findings} == {"PUNCT-HALFWIDTH-IN-CJK", "DUP-CHAR"}
    report = check_paths([seed_path("000")], style, ignore=["PLACEHOLDER", "NUMERAL"])
    rules = {f.rule for f in report.findings}
    assert "PLACEHOLDER" not in rules and not any(r.startswith("NUMERAL-") for r in rules)
    assert "DUP-CHAR" in rules
    # a rule that is off by default runs when selected by its exact id
    report = check_paths([seed_path("002")], style, select=["PARA-TOO-LONG"])
    assert [f.line for f in report.findings] == [6, 18]


def test_clean_file_exits_zero(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("在全县党建工作会议上的讲话\n\n同志们：\n今天，我们召开全县党建工作会议。\n"
                    "同志们，让我们共同努力，把党建工作抓实抓好！\n", encoding="utf-8")
    r = docgen("check", good)
    assert r.returncode == 0, r.stdout
    assert "未发现问题" in r.stdout


@pytest.mark.parametrize("args, needle", [
    (["check", "no-such-file.txt"], "文件不存在"),
    (["check", "README.md", "--select", "NO-SUCH-RULE"], "未知的规则"),
    (["check", "setup.cfg"], "不支持的文件类型"),
    (["rules", "NO-SUCH-RULE"], "没有规则"),
])
def test_bad_input_exit_2(args, needle):
    r = docgen(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert needle in r.stderr and "Traceback" not in r.stderr


def test_fix_text_writes_fixed_copy_and_rechecks(tmp_path):
    out = tmp_path / "fixed.txt"
    src = seed_path("003")
    before = src.read_bytes()
    r = docgen("check", src, "--fix", "-o", out)
    assert out.exists() and src.read_bytes() == before
    fixed = out.read_text(encoding="utf-8")
    assert fixed.startswith("在全县党建工作座谈会上的讲话\n") and "会员" not in fixed
    # what is left are the findings without a safe fix (placeholders, the range)
    report = check_paths([out], load_style())
    assert not [f for f in report.findings if f.fix_class == "safe" and f.fix is not None]
    assert {f.rule for f in report.findings} == {"PLACEHOLDER", "RANGE-DASH"}
    assert r.returncode == 1 and "已修复 12 处" in r.stderr
    # every change is listed with its rule and its line in the input
    listed = [l for l in r.stderr.splitlines() if l.startswith(f"{src}:")]
    assert len(listed) == 12 and any(" NOISE-LINE " in l for l in listed)
    # --fix all also takes the suggestion
    out2 = tmp_path / "fixed-all.txt"
    docgen("check", src, "--fix", "all", "-o", out2)
    assert "×～×个村" in out2.read_text(encoding="utf-8")


def test_fix_requires_output_and_refuses_input(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("态势,全县。\n", encoding="utf-8")
    assert docgen("check", src, "--fix").returncode == 2
    r = docgen("check", src, "--fix", "-o", src)
    assert r.returncode == 2 and src.read_text(encoding="utf-8") == "态势,全县。\n"


def test_docx_input_reports_paragraph_index(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for text in ("在全县党建工作会议上的讲话", "同志们：", "持续保持反腐败高压态势,全县上下政治生态正气充盈。",
                 "二是是要以干部人才队伍建设为基础。", "同志们，让我们共同努力！"):
        d.add_paragraph(text)
    path = tmp_path / "speech.docx"
    d.save(path)
    report = check_paths([path], load_style(), select="PUNCT,DUP-CHAR")
    fr = report.files[0]
    assert fr.kind == "docx"
    assert [(f.rule, f.paragraph, f.line, f.start) for f in fr.findings] == [
        ("PUNCT-HALFWIDTH-IN-CJK", 3, None, 11), ("DUP-CHAR", 4, None, 1)]
    data = json.loads(render_json(report))
    assert data["files"][0]["findings"][0]["paragraph"] == 3
    assert f"{path}:3: PUNCT-HALFWIDTH-IN-CJK 错误" in render_text(report)


def test_rules_lists_all_78_and_explains_one():
    r = docgen("rules")
    assert r.returncode == 0
    from docgen.rules import ids as rule_ids

    rows = [l for l in r.stdout.splitlines() if l and l.split()[0].isupper()]
    ids = [l.split()[0] for l in rows]
    assert ids == rule_ids() and len(ids) >= 78 and len(set(ids)) == len(ids)
    assert all(l.split()[1] in ("错误", "警告", "提示") for l in rows)
    assert all(l.split()[3] in ("开启", "默认关") for l in rows)
    assert not re.search(r"\b(error|warning|info|safe|suggest|none)\b", r.stdout)
    assert "共 " in r.stdout
    r = docgen("rules", "--format", "json")
    data = json.loads(r.stdout)
    by_id = {row["id"]: row for row in data}
    assert by_id["DUP-CHAR"]["fix"] == "suggest"
    assert by_id["PARA-TOO-LONG"]["enabled"] is False
    r = docgen("rules", "punct-halfwidth-in-cjk")
    assert r.returncode == 0
    for label in ("作用", "原因", "示例", "修复", "态势,全县"):
        assert label in r.stdout
    info = json.loads(docgen("rules", "DUP-CHAR", "--format", "json").stdout)
    assert set(info["explanation"]) == {"What it does", "Why", "Example", "Fix safety"}


def _raw_docx(tmp_path, seed):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    text = seed_path(seed).read_text(encoding="utf-8")
    for line in text.split("\n")[:-1]:
        d.add_paragraph(line)
    path = tmp_path / f"raw{seed}.docx"
    d.save(path)
    return path


def test_docx_text_findings_match_the_txt_ones(tmp_path):
    """A raw seed pasted into Word paragraphs gets the same text findings, by paragraph."""
    path = _raw_docx(tmp_path, "003")
    text_rules = "NOISE,PLACEHOLDER,HEADING-TRAILING-PUNCT,RANGE-DASH,BLANK-LINES"
    as_docx = check_paths([path], load_style(), select=text_rules).findings
    as_txt = check_paths([seed_path("003")], load_style(), select=text_rules).findings
    assert [(f.rule, f.paragraph, f.start) for f in as_docx] == [(f.rule, f.line, f.start) for f in as_txt]


def test_docx_fix_and_annotate(tmp_path):
    docx = pytest.importorskip("docx")
    src = _raw_docx(tmp_path, "000")
    fixed = tmp_path / "fixed.docx"
    r = docgen("check", src, "--fix", "-o", fixed, "--select", "PUNCT,DUP-CHAR,BLANK-LINES")
    assert fixed.exists(), r.stderr
    texts = [p.text for p in docx.Document(fixed).paragraphs]
    joined = "\n".join(texts)
    assert "态势，全县上下" in joined and "二是是" not in joined and "突出突出" in joined
    left = check_paths([fixed], load_style(), select="PUNCT,DUP-CHAR,BLANK-LINES").findings
    assert not [f for f in left if f.fix_class == "safe"]

    annotated = tmp_path / "annotated.docx"
    r = docgen("check", src, "--select", "PUNCT-HALFWIDTH-IN-CJK,DUP-CHAR", "--annotate", annotated)
    assert r.returncode == 1 and annotated.exists(), r.stderr
    doc = docx.Document(annotated)
    comments = list(doc.comments)
    assert len(comments) == 3
    assert all(c.author == "docgen" for c in comments)
    assert sorted(c.text.split("（")[0] for c in comments) == ["DUP-CHAR", "PUNCT-HALFWIDTH-IN-CJK",
                                                              "PUNCT-HALFWIDTH-IN-CJK"]


BROKEN = """在全县经济工作会议上的讲话。
同志们:
今天，我们召开全县经济工作会议，，主要任务是安排布署2024年工作...下面，我讲两点意见。
一.客观看待成绩，坚定信心
2023年，全县GDP完成１８５亿元，增长3-5%；截止到2023年12月底，新建项目12个。二○二三年，我们召开了二个专题会议。
二、准确把握形势。
当前形势复杂--我们要有清醒认识：一是需求收缩。三是企业困难。
（1）抓项目扩投资。要坚持“项目为王，每月召开1次推进会。
四、突出重点
谢谢大家
"""


def test_planted_defects_through_the_recogniser(tmp_path):
    """A draft with one planted defect per rule family, read and classified for real."""
    path = tmp_path / "broken.txt"
    path.write_text(BROKEN, encoding="utf-8")
    got = {(f.rule, f.line) for f in check_paths([path], load_style()).findings}
    assert got == {
        ("TITLE-TRAILING-PUNCT", 1), ("SALUTATION-PUNCT", 2), ("PUNCT-DUPLICATE", 3), ("TERM-CONFUSION", 3),
        ("PUNCT-ELLIPSIS-FORM", 3), ("ENUM-COUNT-MISMATCH", 3), ("NUM-MARKER-FORM", 4),
        ("CHAR-FULLWIDTH-ALNUM", 5), ("RANGE-DASH", 5), ("TERM-CONFUSION", 5), ("YEAR-ZERO-CHAR", 5),
        ("NUMERAL-LIANG", 5), ("HEADING-TRAILING-PUNCT", 6), ("PUNCT-DASH-FORM", 7), ("NUM-SEQUENCE", 7),
        ("NUM-LEVEL-ORDER", 8), ("QUOTE-UNBALANCED", 8), ("NUM-SEQUENCE", 9), ("CLOSING-FORMULA-FORM", 10),
    }
    # one problem, one finding: the salutation colon is not also PUNCT-HALFWIDTH-IN-CJK, the heading's
    # 。 not also HEADING-PUNCT-INCONSISTENT, and the malformed 一. still counts as 一 for the sequence
    out = tmp_path / "fixed.txt"
    docgen("check", path, "--fix", "-o", out)
    assert out.read_text(encoding="utf-8").splitlines()[:4] == [
        "在全县经济工作会议上的讲话", "同志们：", "今天，我们召开全县经济工作会议，主要任务是安排布署2024年工作……下面，我讲两点意见。",
        "一、客观看待成绩，坚定信心"]


def test_rule_set_overrides_severity_enable_and_params(tmp_path):
    custom = tmp_path / "house.yaml"
    custom.write_text("extends: gbt9704\nrules:\n  PLACEHOLDER: {severity: warning}\n"
                      "  PARA-TOO-LONG: {enabled: true, params: {max_chars: 900}}\n"
                      "  NOISE-LINE: false\n", encoding="utf-8")
    report = check_paths([seed_path("002")], load_style(custom))
    by_rule = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    assert {f.severity for f in by_rule["PLACEHOLDER"]} == {"warning"}
    assert [f.line for f in by_rule["PARA-TOO-LONG"]] == [6, 18]      # 918 and 958 characters
    assert "NOISE-LINE" not in by_rule
    assert report.exit_code == 0
    typo = tmp_path / "typo.yaml"
    typo.write_text("extends: gbt9704\nrules:\n  DUP-CHR: false\n", encoding="utf-8")
    r = docgen("check", seed_path("000"), "--style", typo)
    assert r.returncode == 2 and "DUP-CHAR" in r.stderr
