"""``docgen format`` end to end: the seeds against the hand-made gold, every character accounted
for, idempotence, round trip through YAML, the CLI (outputs, directories, stdin, --report)."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from docgen.api import format_file
from docgen.check.report import report_text
from docgen.model import Paragraph, Section, content_equal, iter_blocks
from docgen.api import read_input
from docgen.readers import text as text_reader, yaml as yaml_reader
from docgen.ooxml.resolve import Resolver, iter_runs
from docgen.style import load_style
from docgen.transforms.numbering import number

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DRAFTS = {
    "ads_double_title.txt": (
        "来源：某某范文网 www.example.com\n更多范文请关注公众号\n\n凝心聚力 实干争先\n"
        "——在2026年全县经济工作会议上的讲话\n县委书记 张某某\n（2026年1月8日）\n\n各位领导、同志们：\n"
        "这次会议的主要任务是总结去年工作,部署今年任务。下面，我讲两点意见。\n一、总体要求\n  今年经济工作的总体要求是稳中求进。\n"
        "1. 抓好项目建设\n项目是经济发展的生命线，要坚持项目为王。\n二、重点任务\n"
        "（一）扩大有效投资。要聚焦重点领域，加大投资力度。\n（二）培育新兴产业。要立足资源禀赋，培育壮大特色产业。\n"
        "同志们，新的一年任务艰巨，让我们团结一心，奋力开创新局面！\n谢谢大家！\n"
        "本文来源于网络，版权归原作者所有，如有侵权请联系删除\n"),
    "markdown.md": (
        "# 在全市安全生产工作会议上的讲话\n\n同志们：\n\n今天召开全市安全生产工作会议，主要是分析形势，部署工作。\n\n"
        "## 一、认清形势\n\n当前安全生产形势总体平稳，但风险隐患依然存在。\n\n## 二、压实责任\n\n"
        "**一是压实属地责任。**各县区要切实担负起属地管理责任。\n\n**二是压实部门责任。**各部门要抓好落实。\n\n"
        "- 加强隐患排查\n\n> 安全生产，人命关天。\n\n谢谢大家！\n"),
}


def seed_key(path: Path) -> str:
    return path.name[:3]


def gold(path: Path):
    return yaml_reader.read(ROOT / "examples" / f"{path.stem}.yaml")


# -- the seeds against the gold ------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=seed_key)
def test_format_yaml_matches_the_gold(seed, tmp_path):
    out = tmp_path / "out.yaml"
    result = subprocess.run([sys.executable, "-m", "docgen", "format", str(seed), "-o", str(tmp_path / "out.docx"),
                             "--yaml", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert content_equal(number(yaml_reader.read(out)), number(gold(seed)))


# -- no real text lost ---------------------------------------------------------------------------

def _replay(lines, findings):
    """Apply every reported fix to the input lines, in the order the fixes were made."""
    texts = {i + 1: line for i, line in enumerate(lines)}
    usable = [f for f in findings if f.fix and f.fix_class == "safe" and f.where is not None]
    for (_, where), group in itertools.groupby(usable, key=lambda f: (f.rule, f.where)):
        edits = []
        for f in group:
            if f.fix.get("delete_paragraph"):
                for n in range(where, (f.end_line or where) + 1):
                    texts[n] = None
                continue
            if "edits" in f.fix:
                edits.extend((int(s), int(e), r) for s, e, r in f.fix["edits"])
            elif "replacement" in f.fix:
                edits.append((f.start, f.end if f.end is not None else f.start, f.fix["replacement"]))
        text = texts[where]
        for s, e, r in sorted(edits, reverse=True):     # one pass: right to left, original offsets
            text = text[:s] + r + text[e:]
        texts[where] = text
    return texts


def _output_by_line(doc):
    out = {}

    def put(line, text):
        out[line] = out.get(line, "") + text

    for key in ("title", "salutation", "signature", "date"):
        if key in doc.lines:
            put(doc.lines[key], getattr(doc, key))
    for line, text in zip(doc.lines.get("subtitle", []), doc.subtitle):
        put(line, text)
    for line, text in zip(doc.lines.get("closing", []), doc.closing):
        put(line, text)
    for _, block in iter_blocks(doc.body):
        if isinstance(block, Section):
            put(block.line, (block.number or "") + block.heading)
        elif isinstance(block, Paragraph):
            put(block.line, (block.lead or "") + block.text)
    return out


def _squeeze(text):
    return re.sub(r"\s", "", text or "")


@pytest.mark.parametrize("source", SEEDS + list(DRAFTS), ids=lambda s: s.name[:3] if isinstance(s, Path) else s)
def test_every_character_is_kept_or_reported_removed(source, tmp_path):
    if isinstance(source, str):
        path = tmp_path / source
        path.write_text(DRAFTS[source], encoding="utf-8")
    else:
        path = source
    result = read_input(path)
    lines = text_reader.split_lines(path.read_text(encoding="utf-8"))
    replayed = _replay(lines, result.findings)
    output = _output_by_line(result.document)
    for n, line in enumerate(lines, start=1):
        kept = output.get(n)
        if replayed[n] is None:
            assert kept is None, f"line {n} reported deleted but printed"
            assert any(f.rule == "NOISE-LINE" or f.rule == "BLANK-LINES" for f in result.findings if f.where == n)
        else:
            assert _squeeze(kept) == _squeeze(replayed[n]), f"line {n}: text changed without a report"
    # and the deletions carry a rule id and the deleted text
    for f in result.findings:
        assert re.fullmatch(r"[A-Z][A-Z0-9-]+", f.rule)


# -- idempotence and round trip ------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=seed_key)
def test_formatting_the_output_again_changes_nothing(seed, tmp_path):
    first = format_file(seed, tmp_path / "a.docx")
    second = format_file(tmp_path / "a.docx", tmp_path / "b.docx")
    assert content_equal(first.document, second.document)
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert not second.decisions             # our own styles leave nothing to guess


@pytest.mark.parametrize("seed", SEEDS[2:4], ids=seed_key)
def test_build_of_the_yaml_equals_format(seed, tmp_path):
    from docgen.api import build_file

    format_file(seed, tmp_path / "f.docx", yaml_out=tmp_path / "f.yaml")
    build_file(tmp_path / "f.yaml", tmp_path / "b.docx")
    texts = [[p.text for p in docx.Document(str(tmp_path / name)).paragraphs] for name in ("f.docx", "b.docx")]
    assert texts[0] == texts[1]
    assert content_equal(read_input(tmp_path / "f.docx").document, read_input(tmp_path / "b.docx").document)


# -- messy .docx ---------------------------------------------------------------------------------

def test_messy_docx_comes_out_in_house_style_with_the_table(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from messy_word import make_messy

    src = make_messy(tmp_path / "messy.docx")
    out = tmp_path / "out.docx"
    result = format_file(src, out)
    style = load_style(None)
    d = docx.Document(str(out))
    resolver = Resolver(d)
    styles = [p.style.style_id for p in d.paragraphs if p.text.strip()]
    assert styles[0] == "GwTitle" and styles[1] == "GwSalutation" and styles.count("GwH1") == 3
    for p in d.paragraphs:
        assert not resolver.para_props(p).num_pr                       # numbers are text now
        for r in iter_runs(p):
            props = resolver.run_props(p, r)
            assert props.east_asia_font != "Calibri" and props.ascii_font != "Calibri"
    body = next(p for p in d.paragraphs if p.text.startswith("今天召开"))
    assert body.text == "今天召开全县安全生产工作会议，主要任务是分析形势、部署工作。"   # spaces gone
    assert all(resolver.run_props(body, r).east_asia_font == style.role("body").font for r in iter_runs(body))
    assert resolver.para_props(body).first_line_chars == style.role("body").first_line_chars * 100
    assert [[c.text for c in row.cells] for row in d.tables[0].rows] == [
        ["任务", "责任单位", "时限"], ["隐患排查", "应急局", "3月底"], ["应急演练", "各乡镇", "6月底"]]
    assert any(f.rule == "LEADING-SPACES" for f in result.findings)
    assert any(f.rule == "PARA-SOFT-BREAK" and f.paragraph == 6 for f in result.findings)


# -- CLI -----------------------------------------------------------------------------------------

def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "docgen", "format", *map(str, args)], capture_output=True,
                          text=True, input=stdin, cwd=cwd)


def test_default_output_is_next_to_the_input_and_never_the_input(tmp_path):
    src = tmp_path / "稿.txt"
    src.write_bytes(SEEDS[2].read_bytes())
    r = run(src)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "稿.docx").exists()
    before = (tmp_path / "稿.docx").read_bytes()
    r = run(tmp_path / "稿.docx")                                      # a .docx input
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "稿.docx").read_bytes() == before
    assert (tmp_path / "稿.formatted.docx").exists()
    r = run(src, "-o", src)                                           # explicit -o onto the input
    assert r.returncode == 2 and "应为 .docx 文件" in r.stderr           # a .txt is never written over
    assert src.read_bytes() == SEEDS[2].read_bytes()
    docx_in = tmp_path / "稿.formatted.docx"
    before = docx_in.read_bytes()
    r = run(docx_in, "-o", docx_in)                                   # a .docx onto itself
    assert r.returncode == 2 and "输入文件相同" in r.stderr
    assert docx_in.read_bytes() == before


def test_directory_input_is_mirrored_into_the_output_directory(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_bytes(SEEDS[3].read_bytes())
    (tmp_path / "in" / "sub" / "b.md").write_text(DRAFTS["markdown.md"], encoding="utf-8")
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")
    r = run(tmp_path / "in", "-o", tmp_path / "out", "--yaml", tmp_path / "yml", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "a.docx").exists() and (tmp_path / "out" / "sub" / "b.docx").exists()
    assert (tmp_path / "yml" / "sub" / "b.yaml").exists()
    assert not (tmp_path / "out" / "notes.docx").exists()
    doc = yaml_reader.read(tmp_path / "yml" / "sub" / "b.yaml")
    assert doc.title == "在全市安全生产工作会议上的讲话"


def test_stdin_input(tmp_path):
    r = run("-", "-o", tmp_path / "s.docx", "--yaml", tmp_path / "s.yaml", stdin=SEEDS[4].read_text(encoding="utf-8"))
    assert r.returncode == 0, r.stderr
    assert content_equal(number(yaml_reader.read(tmp_path / "s.yaml")), number(gold(SEEDS[4])))
    r = run("-", stdin="同志们：\n")
    assert r.returncode == 2 and "-o" in r.stderr


def test_report_lists_removals_fixes_and_uncertain_decisions(tmp_path):
    seed = next(s for s in SEEDS if seed_key(s) == "003")
    r = run(seed, "-o", tmp_path / "o.docx", "--report")
    assert r.returncode == 0
    err = r.stderr
    assert f"{seed}:1:1: NOISE-LINE" in err and "仅供学习 禁止外传" in err
    assert f"{seed}:19:" in err and "HEADING-TRAILING-PUNCT" in err
    assert re.search(r":2: 识别为广告.*置信度 0\.\d\d", err)
    quiet = run(seed, "-o", tmp_path / "o.docx")
    assert "NOISE-LINE" not in quiet.stderr


def test_report_of_a_gb18030_file_with_encoding_option(tmp_path):
    src = tmp_path / "gb.txt"
    src.write_bytes(SEEDS[0].read_text(encoding="utf-8").encode("gb18030"))
    r = run(src, "-o", tmp_path / "gb.docx", "--yaml", tmp_path / "gb.yaml", "--encoding", "gb18030", "--report")
    assert r.returncode == 0, r.stderr
    assert "DUP-CHAR" in r.stderr and f"{src}:26:" in r.stderr
    assert content_equal(number(yaml_reader.read(tmp_path / "gb.yaml")), number(gold(SEEDS[0])))


def test_bad_inputs_exit_2_with_one_line(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    r = run(bad, "-o", tmp_path / "y.docx")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    r = run(tmp_path / "missing.txt")
    assert r.returncode == 2 and "不存在" in r.stderr
    assert not (tmp_path / "y.docx").exists()


def test_report_text_without_changes_says_so(tmp_path):
    src = tmp_path / "clean.txt"
    src.write_text("在全县工作会议上的讲话\n同志们：\n今天召开会议。\n", encoding="utf-8")
    result = read_input(src)
    assert "未作任何修改" in report_text(result)


def test_style_option_changes_the_house_style(tmp_path):
    seed = SEEDS[4]
    style_path = ROOT / "examples" / "style-fzfangsong.yaml"
    r = run(seed, "-o", tmp_path / "s.docx", "--style", style_path)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(tmp_path / "s.docx"))
    resolver = Resolver(d)
    body = next(p for p in d.paragraphs if p.style.style_id == "GwBody" and p.text.strip())
    run_ = next(iter_runs(body))
    assert resolver.run_props(body, run_).east_asia_font == load_style(style_path).role("body").font == "方正仿宋_GBK"
