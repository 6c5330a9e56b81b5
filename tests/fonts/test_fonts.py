"""Fonts that really print (issue 15): the GB2312 table, `fallback:` per role, FONT-GB2312-COVERAGE and
FONT-PUNCT-LATIN on hand-made Word files and on build/format output, `docgen fonts` on this
machine's fontconfig (and a configuration that lacks 黑体), the Windows probe, and font slots.

Render tests (LibreOffice) are in test_fonts_render.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt

from cli_run import run
from docgen.fonts import (FontProbe, Match, WindowsProbe, fallback_for, font_report, in_gb2312,
                          limited_to_gb2312, outside_gb2312)
from docgen.ooxml.resolve import Resolver, iter_runs, run_text
from docgen.style import load_style

ROOT = Path(__file__).resolve().parents[2]
FONTS_CONF = ROOT / "docgen" / "data" / "fonts.conf"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RARE = "喆堃珺昇"


@pytest.fixture(scope="module")
def style():
    return load_style()


# ----------------------------------------------------------------------------- the GB2312 table

def test_gb2312_table_is_the_codec_set():
    hanzi = [chr(c) for c in range(0x4E00, 0xA000) if in_gb2312(chr(c))]
    assert len(hanzi) == 6763                      # GB 2312-1980: 3755 + 3008 hanzi
    for ch in RARE + "〇镕堉玥":
        assert not in_gb2312(ch), ch
    for ch in "王李张刘同志，。、；：？！（）《》“”‘’——……·～％":
        assert in_gb2312(ch), ch
    assert outside_gb2312("王喆、李堃同志（2026年）") == [(1, "喆"), (4, "堃")]


def test_gb2312_only_fonts_and_fallbacks_come_from_the_rule_set(style):
    assert limited_to_gb2312("仿宋_GB2312", style) and limited_to_gb2312("楷体_gb2312", style)
    assert limited_to_gb2312("方正小标宋简体", style) and limited_to_gb2312("FZXiaoBiaoSong-B05S", style)
    assert not limited_to_gb2312("仿宋", style) and not limited_to_gb2312("方正小标宋_GBK", style)
    assert not limited_to_gb2312("黑体", style)
    assert style.role("body").fallback == ("仿宋", "方正仿宋_GBK")
    assert style.role("h2").fallback[0] == "楷体"
    assert style.role("title").fallback[0] == "方正小标宋_GBK"
    assert fallback_for(style, "仿宋_GB2312", "body") == "仿宋"
    assert fallback_for(style, "楷体_GB2312", "body") == "楷体"        # by the font, not the role
    assert fallback_for(style, "方正小标宋简体", "title") == "方正小标宋_GBK"


def test_fallback_is_not_inherited_by_a_role_with_another_font(tmp_path, capsys):
    from docgen.errors import StyleError
    from docgen.style import build_style, load_raw

    raw = load_raw()
    del raw["roles"]["h1"]["fallback"]
    assert build_style(raw).role("h1").fallback == ()           # 黑体 does not get 仿宋
    raw["roles"]["h1"]["fallback"] = 5
    with pytest.raises(StyleError, match="fallback"):
        build_style(raw)
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: gbt9704\nroles:\n  body:\n    fallback: {a: 1}\n", encoding="utf-8")
    code, _, err = run(["fonts", "--style", bad], capsys)
    assert code == 2 and "fallback" in err and "Traceback" not in err


# ------------------------------------------------------------------ a Word file formatted by hand

def _rfonts(east, latin="Times New Roman", hint=True):
    h = ' w:hint="eastAsia"' if hint else ""
    return f'<w:rFonts xmlns:w="{W}" w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"{h}/>'


def _para(d, runs, size=16, center=False):
    p = d.add_paragraph()
    if center:
        p.alignment = 1
    for text, east, hint in runs:
        r = p.add_run(text)
        r.font.size = Pt(size)
        rpr = r._r.get_or_add_rPr()
        rpr.insert(0, parse_xml(_rfonts(east, hint=hint)))
    return p


#: (text, east-Asian font, hint) per run, per paragraph: a 通报 typed in Word by hand
WORD_FILE = [
    ([("关于表彰王喆等同志的通报", "方正小标宋简体", True)], 22, True),
    ([("同志们：", "仿宋_GB2312", True)], 16, False),
    ([("一、李堃同志扎根基层", "黑体", True)], 16, False),
    ([("2025年以来，王喆同志带领驻村工作队走访农户", "仿宋_GB2312", True),
      ("1200余户，协调解决张珺、刘昇等同志反映的实际问题，群众满意度明显提升。", "仿宋_GB2312", True)], 16, False),
    ([("（一）刘昇同志的经验做法", "楷体_GB2312", True)], 16, False),
    ([("刘昇同志总结提出“三问三访”工作法，带动全镇完成“2025", "仿宋_GB2312", True),
      ("”专项行动的各项任务。", "仿宋_GB2312", True)], 16, False),
    ([("他说：“要把群众的事当成自己的事。”这句话大家都记住了。", "仿宋_GB2312", False)], 16, False),
    ([("谢谢大家！", "仿宋_GB2312", True)], 16, False),
]


@pytest.fixture()
def word_file(tmp_path):
    d = docx.Document()
    for runs, size, center in WORD_FILE:
        _para(d, runs, size, center)
    path = tmp_path / "通报.docx"
    d.save(path)
    return path


def _expected_rare():
    """(paragraph, column, character) of every rare character of WORD_FILE."""
    out = []
    for i, (runs, _, _) in enumerate(WORD_FILE, start=1):
        text = "".join(t for t, _, _ in runs)
        out += [(i, k + 1, ch) for k, ch in enumerate(text) if ch in RARE]
    return out


def _findings(path, capsys, *extra):
    code, out, err = run(["check", path, "--format", "json", *extra], capsys)
    data = json.loads(out)
    return code, [f for file in data["files"] for f in file["findings"]]


def test_check_finds_each_rare_character_with_paragraph_and_column(word_file, capsys):
    _, findings = _findings(word_file, capsys)
    got = [(f["paragraph"], f["start"] + 1, f["text"]) for f in findings if f["rule"] == "FONT-GB2312-COVERAGE"]
    expected = _expected_rare()
    # 李堃 sits in a 黑体 heading: 黑体 (SimHei) has GBK, only *_GB2312 and 方正…简体 fonts are limited
    expected = [e for e in expected if e[0] != 3]
    assert [(p, c) for p, c, _ in got] == [(p, c) for p, c, _ in expected]
    assert all(ch in snippet for (_, _, snippet), (_, _, ch) in zip(got, expected))
    msgs = [f["message"] for f in findings if f["rule"] == "FONT-GB2312-COVERAGE"]
    assert "方正小标宋简体" in msgs[0] and "方正小标宋_GBK" in msgs[0]       # title
    assert any("楷体_GB2312" in m and "“楷体”" in m for m in msgs)          # h2


def test_check_finds_marks_drawn_in_the_latin_font(word_file, capsys):
    _, findings = _findings(word_file, capsys)
    punct = [(f["paragraph"], f["start"]) for f in findings if f["rule"] == "FONT-PUNCT-LATIN"]
    after_digit = WORD_FILE[5][0][0][0]
    # the quote after "2025" (LibreOffice: the Latin font) and both quote pairs of the paragraph
    # without w:hint="eastAsia" (Word: the hAnsi font, Times New Roman)
    no_hint = WORD_FILE[6][0][0][0]
    expected = [(6, len(after_digit))] + [(7, i) for i, ch in enumerate(no_hint) if ch in "“”"]
    assert punct == expected


def _run_fonts(path):
    """[(paragraph text, [(run text, effective east-Asian font, ascii font)])] of a .docx."""
    d = docx.Document(str(path))
    res = Resolver(d)
    out = []
    for p in d.paragraphs:
        runs = [(run_text(r), res.run_props(p, r).east_asia_font, res.run_props(p, r).ascii_font)
                for r in iter_runs(p)]
        out.append((p.text, [r for r in runs if r[0]]))
    return out


def test_check_fix_sets_only_the_rare_characters_and_marks(word_file, tmp_path, capsys):
    out = tmp_path / "fixed.docx"
    code, _, err = run(["check", word_file, "--fix", "-o", out], capsys)
    before = [p.text for p in docx.Document(str(word_file)).paragraphs]
    after = _run_fonts(out)
    assert [t for t, _ in after] == before                        # no text changed
    for para, col, ch in _expected_rare():
        runs = after[para - 1][1]
        text = after[para - 1][0]
        assert text[col - 1] == ch
        pos = 0
        for rt, east, _ in runs:
            if pos <= col - 1 < pos + len(rt):
                break
            pos += len(rt)
        if para == 3:                                             # 黑体 has it: untouched
            assert east == "黑体"
            continue
        assert rt == ch, (para, ch, runs)                         # a run of its own
        assert east == {1: "方正小标宋_GBK", 5: "楷体"}.get(para, "仿宋")
    # every other Chinese character stays in its role's GB2312 font
    body = after[3][1]
    assert all(east == "仿宋_GB2312" for rt, east, _ in body if rt not in RARE)
    # the marks are in the CJK font in every slot
    for para in (6, 7):
        for rt, east, ascii_font in after[para - 1][1]:
            if rt in ("“", "”"):
                assert (east, ascii_font) == ("仿宋_GB2312", "仿宋_GB2312"), (para, rt)
    _, findings = _findings(out, capsys)
    assert not [f for f in findings if f["rule"] in ("FONT-GB2312-COVERAGE", "FONT-PUNCT-LATIN")]
    assert code == 0 and "已修复" in err


def test_build_sets_rare_names_in_the_fallback_and_says_so(tmp_path, capsys):
    content = tmp_path / "讲话.yaml"
    content.write_text(
        "title: 在表彰王喆同志先进事迹大会上的讲话\n"
        "salutation: 同志们：\n"
        "body:\n"
        "  - heading: 学习李堃同志的担当精神\n"
        "    body:\n"
        "      - heading: 张珺同志的做法值得推广\n"
        "        body:\n"
        "          - text: 王喆同志扎根基层，完成“十四五”规划确定的第3“项”任务——成绩突出……\n"
        "closing: [谢谢大家！]\n", encoding="utf-8")
    out = tmp_path / "讲话.docx"
    code, _, err = run(["build", content, "-o", out], capsys)
    assert code == 0
    paras = _run_fonts(out)
    texts = [t for t, _ in paras]
    assert "在表彰王喆同志先进事迹大会上的讲话" in texts and any("王喆同志扎根基层" in t for t in texts)
    lines = [l for l in err.splitlines() if "FONT-GB2312-COVERAGE" in l]
    assert len(lines) == 3, err                                  # title 喆, h2 珺, body 喆; not 黑体 堃
    for index, (text, runs) in enumerate(paras, start=1):
        for rt, east, _ in runs:
            rare = [c for c in rt if c in RARE]
            if not rare or east == "黑体":
                continue
            assert rt == rare[0] and east in ("仿宋", "楷体", "方正小标宋_GBK"), (text, runs)
            assert any(l.startswith(f"{out}:{index}:{text.index(rt) + 1}: ") and f"“{rt}”" in l for l in lines), lines
    body = next(runs for t, runs in paras if t.startswith("王喆同志扎根基层"))
    assert [r[0] for r in body][:2] == ["王", "喆"] and body[0][1] == "仿宋_GB2312" and body[1][1] == "仿宋"
    # nothing for either rule is left in the output
    _, findings = _findings(out, capsys)
    assert not [f for f in findings if f["rule"] in ("FONT-GB2312-COVERAGE", "FONT-PUNCT-LATIN")]


def test_format_sets_rare_names_and_reports_them(tmp_path, capsys):
    draft = tmp_path / "草稿.txt"
    draft.write_text("在全县乡村振兴推进会上的讲话\n同志们：\n一、充分肯定成绩\n"
                     "今年以来，王喆同志带领工作队，会同李堃、张珺等同志走访农户1200余户。\n"
                     "（一）刘昇同志的经验\n谢谢大家！\n", encoding="utf-8")
    out = tmp_path / "讲话.docx"
    code, _, err = run(["format", draft, "-o", out, "--report"], capsys)
    assert code == 0
    lines = [l for l in err.splitlines() if "FONT-GB2312-COVERAGE" in l]
    assert [re.search(r"“(.)”", l).group(1) for l in lines] == ["喆", "堃", "珺", "昇"]
    paras = _run_fonts(out)
    body = next(runs for t, runs in paras if t.startswith("今年以来"))
    assert [(rt, east) for rt, east, _ in body if rt in RARE] == [("喆", "仿宋"), ("堃", "仿宋"), ("珺", "仿宋")]
    h2 = next(runs for t, runs in paras if t.startswith("（一）"))
    assert ("昇", "楷体") in [(rt, east) for rt, east, _ in h2]
    assert "".join(rt for rt, _, _ in body) == "今年以来，王喆同志带领工作队，会同李堃、张珺等同志走访农户1200余户。"
    # without --report the font changes are still said, one line each
    code, _, err = run(["format", draft, "-o", tmp_path / "again.docx"], capsys)
    assert code == 0 and [re.search(r"“(.)”", l).group(1) for l in err.splitlines()
                          if "FONT-GB2312-COVERAGE" in l] == ["喆", "堃", "珺", "昇"]


def test_house_outputs_have_no_punct_in_the_latin_font(tmp_path, capsys):
    out = tmp_path / "speech.docx"
    assert run(["build", ROOT / "examples" / "speech.yaml", "-o", out], capsys)[0] == 0
    _, findings = _findings(out, capsys)
    assert not [f for f in findings if f["rule"] in ("FONT-PUNCT-LATIN", "FONT-GB2312-COVERAGE")]


def test_rules_list_and_explain_the_new_rules(capsys):
    code, out, _ = run(["rules", "FONT-GB2312-COVERAGE"], capsys)
    assert code == 0 and "GB2312" in out and "仿宋" in out
    code, out, _ = run(["rules"], capsys)
    assert "FONT-PUNCT-LATIN" in out and "FONT-GB2312-COVERAGE" in out


# ------------------------------------------------------------------------------- font slots

def _slots_of(el):
    rf = el.find(f"{{{W}}}rPr/{{{W}}}rFonts") if el.tag != f"{{{W}}}rPr" else el.find(f"{{{W}}}rFonts")
    return {} if rf is None else {k.split("}")[1]: v for k, v in rf.attrib.items()}


def _effective_slots(d):
    """Per run of the body: the four font slots merged over run, character style chain,
    paragraph style chain and document defaults (None when no level names a slot)."""
    styles = {s.get(f"{{{W}}}styleId"): s for s in d.styles.element.iter(f"{{{W}}}style")}

    def chain(sid):
        out = []
        while sid in styles and sid not in out:
            out.append(sid)
            b = styles[sid].find(f"{{{W}}}basedOn")
            sid = b.get(f"{{{W}}}val") if b is not None else None
        return [styles[s] for s in out]

    defaults = d.styles.element.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr")
    res = Resolver(d)
    for p in d.paragraphs + [p for t in d.tables for c in t._cells for p in c.paragraphs]:
        pstyle = res.style_id_of(p)
        for r in iter_runs(p):
            levels = [_slots_of(r)]
            cs = res.char_style_id_of(r)
            levels += [_slots_of(s) for s in chain(cs)] if cs else []
            levels += [_slots_of(s) for s in chain(pstyle)]
            levels.append(_slots_of(defaults) if defaults is not None else {})
            merged = {}
            for lv in levels:
                for k, v in lv.items():
                    merged.setdefault(k, v)
            yield run_text(r), merged


@pytest.mark.parametrize("source", ["examples/speech.yaml", "names"])
def test_every_run_and_style_names_all_four_font_slots_and_no_theme(source, tmp_path, capsys, word_file):
    out = tmp_path / "out.docx"
    if source == "names":
        code, _, _ = run(["check", word_file, "--fix", "-o", out], capsys)
    else:
        code, _, _ = run(["build", ROOT / source, "-o", out], capsys)
    d = docx.Document(str(out))
    for st in d.styles.element.iter(f"{{{W}}}style"):
        rf = st.find(f"{{{W}}}rPr/{{{W}}}rFonts")
        if rf is not None:
            attrs = {k.split("}")[1] for k in rf.attrib}
            assert {"ascii", "hAnsi", "eastAsia", "cs"} <= attrs, (st.get(f"{{{W}}}styleId"), attrs)
            assert not any(a.endswith("Theme") or a == "cstheme" for a in attrs)
    seen = 0
    for text, slots in _effective_slots(d):
        if not text.strip():
            continue
        seen += 1
        assert {"ascii", "hAnsi", "eastAsia", "cs"} <= set(slots), (text, slots)
        assert not any(k.endswith("Theme") or k == "cstheme" for k in slots), (text, slots)
    assert seen > 5


# --------------------------------------------------------------------------------- docgen fonts

class FakeProbe(FontProbe):
    system = "fake"

    def __init__(self, installed, matches):
        self._installed = {n.lower() for n in installed}
        self._m = matches

    def installed(self):
        return self._installed

    def match(self, name):
        fam = self._m.get(name)
        return Match(fam, (fam,)) if fam else None


def test_report_of_a_machine_with_fangsong_but_not_fangsong_gb2312(style):
    installed = ["仿宋", "黑体", "楷体", "宋体", "方正小标宋简体", "Times New Roman"]
    p = FakeProbe(installed, {"仿宋_GB2312": "DejaVu Sans", "楷体_GB2312": "楷体"})
    items = {it.role: it for it in font_report(style, p)}
    assert items["title"].ok and items["h1"].ok and items["page_number"].ok
    body = items["body"]
    assert body.status == "missing" and body.installed_aliases[0] == "仿宋"
    assert "roles.body.font: 仿宋" in body.advice and "仿宋_GB2312" in body.advice
    # 楷体_GB2312 is substituted by 楷体, which the house style lists: a stand-in, not missing
    assert items["h2"].status == "standin" and items["h2"].ok
    assert not font_report(style, p, strict=True)[[r for r in style.roles].index("h2")].ok


def test_windows_probe_reads_registry_names_and_font_files(tmp_path, style):
    folder = tmp_path / "Fonts"
    folder.mkdir()
    for f in ("simhei.ttf", "FZXBSJW.TTF", "times.ttf"):
        (folder / f).write_bytes(b"")
    p = WindowsProbe(folders=[folder], registry_names=[
        "FangSong (TrueType)", "SimSun & NSimSun (TrueType)", "SimHei (TrueType)", "KaiTi (TrueType)",
        "方正小标宋简体 (TrueType)", "Times New Roman (TrueType)"])
    assert p.has("仿宋") and p.has("宋体") and p.has("黑体") and p.has("方正小标宋简体") and not p.has("仿宋_GB2312")
    items = {it.role: it for it in font_report(style, p)}
    assert items["title"].ok and items["h1"].ok and items["page_number"].ok
    assert not items["body"].ok and "仿宋" in items["body"].advice and items["body"].substitute is None


needs_fontconfig = pytest.mark.skipif(not shutil.which("fc-match"), reason="fontconfig (fc-match) not installed")


def _standins_installed():
    if not shutil.which("fc-match"):
        return False
    out = subprocess.run(["fc-match", "--format", "%{family}", "仿宋_GB2312"], capture_output=True, text=True,
                         env={"FONTCONFIG_FILE": str(FONTS_CONF), "PATH": "/usr/bin:/bin"}).stdout
    return "Noto Serif CJK SC" in out or "AR PL UMing" in out


def without_heiti(tmp_path, style) -> Path:
    """docgen's fonts.conf without any alias for the 黑体 family: a machine that lacks 黑体."""
    names = set(style.font_aliases["heiti"])
    lines = [l for l in FONTS_CONF.read_text(encoding="utf-8").splitlines()
             if not any(f"<family>{n}</family><prefer>" in l for n in names)]
    conf = tmp_path / "no-heiti.conf"
    conf.write_text("\n".join(lines), encoding="utf-8")
    return conf


@pytest.mark.skipif(not _standins_installed(), reason="the CJK stand-in fonts are not installed (.ci/system-deps)")
def test_docgen_fonts_on_this_machine_and_without_heiti(tmp_path, capsys, monkeypatch, style):
    code, out, _ = run(["fonts"], capsys)
    assert code == 0, out
    assert "正文" in out and "仿宋_GB2312" in out and "替代字体" in out
    code, out, _ = run(["fonts", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["ok"] and {r["role"] for r in data["roles"]} == set(style.roles)
    monkeypatch.setenv("DOCGEN_FONTCONFIG", str(without_heiti(tmp_path, style)))
    code, out, _ = run(["fonts"], capsys)
    assert code == 1
    advice = out.split("缺少字体的角色", 1)[1].splitlines()[1:]
    assert [l.split("：")[0] for l in advice] == ["一级标题", "表头"]
    assert all("黑体" in l and "DejaVu" in l for l in advice)
    code, out, _ = run(["fonts", "--json"], capsys)
    data = json.loads(out)
    assert code == 1 and not data["ok"]
    assert sorted(r["role"] for r in data["roles"] if not r["ok"]) == ["h1", "table_header"]
    # the standard variable works the same (a machine's own configuration)
    monkeypatch.setenv("FONTCONFIG_FILE", os.environ["DOCGEN_FONTCONFIG"])
    monkeypatch.delenv("DOCGEN_FONTCONFIG")
    code, out, _ = run(["fonts", "--json"], capsys)
    assert code == 1 and sorted(r["role"] for r in json.loads(out)["roles"] if not r["ok"]) == ["h1", "table_header"]
    monkeypatch.delenv("FONTCONFIG_FILE")
    # --strict: stand-ins do not count, every role needs the real font
    code, out, _ = run(["fonts", "--strict", "--json"], capsys)
    assert code == 1 and all(not r["ok"] for r in json.loads(out)["roles"] if r["status"] != "installed")
