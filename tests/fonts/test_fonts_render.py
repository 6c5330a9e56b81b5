"""Fonts on the rendered page (issue 15): LibreOffice renders, PyMuPDF reads which font each
character was printed in.

* quotes, dashes, ellipses and · of a built speech are printed in the CJK font, never in the Latin
  stand-in (Liberation Serif for Times New Roman);
* a hand-made Word file with a quote after a digit prints that quote in the Latin font; after
  ``check --fix`` (FONT-PUNCT-LATIN) it prints in the CJK font;
* with a font configuration that lacks 黑体, ``docgen fonts`` exits 1 naming 一级标题 and
  ``preview --measure`` flags 一级标题 (and nothing else).
"""

from __future__ import annotations

import json

import docx
import pytest
from docx.shared import Pt

from cli_run import run
from docgen.fonts import font_key
from docgen.style import load_style
from test_fonts import _para, without_heiti

pytestmark = pytest.mark.render


from soffice import require_soffice  # noqa: E402 (tests/soffice.py)

MARKS = "“”‘’—…·"

SPEECH = """\
title: 在全县安全生产工作会议上的讲话
subtitle: ["（2026年3月5日）"]
salutation: 同志们：
body:
  - heading: 清醒认识当前安全生产形势
    body:
      - text: 去年全县发生生产安全事故3起，同比下降25%。王喆同志在检查中发现，“三违”行为仍然时有发生——这说明‘最后一公里’还没有打通……
      - text: 我们要落实“党政同责、一岗双责”，做到“十四五”期间“2026”目标不动摇，坚持“管行业必须管安全”的原则。
  - heading: 扎实抓好重点领域专项整治
    body:
      - text: 各乡镇要对照《安全生产法》开展隐患排查，对检查发现的问题实行“清单·销号”管理，切实把风险化解在萌芽状态。
closing: [谢谢大家！]
"""


def _chars(pdf):
    """[(character, embedded font)] of every page, in reading order."""
    from docgen.render.measure import import_pymupdf

    fitz = import_pymupdf()
    out = []
    with fitz.open(str(pdf)) as doc:
        for page in doc:
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        out += [(c["c"], span["font"]) for c in span["chars"]]
    return out


def _is_cjk_font(name: str) -> bool:
    key = font_key(name)
    return "cjk" in key or "wenkai" in key


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require_soffice()
    d = tmp_path_factory.mktemp("fonts-render")
    content = d / "安全生产.yaml"
    content.write_text(SPEECH, encoding="utf-8")
    out = d / "安全生产.docx"
    from docgen.api import build_file

    build_file(content, out)
    return out


def test_quotes_dashes_and_rare_names_are_printed_in_the_cjk_font(built, tmp_path, capsys):
    pdf = tmp_path / "out.pdf"
    code, out, err = run(["preview", built, "-o", pdf, "--measure", "--json"], capsys)
    data = json.loads(out)
    assert all(f["ok"] for f in data["fonts"]), data["fonts"]
    chars = _chars(pdf)
    marks = [(c, f) for c, f in chars if c in MARKS]
    assert len(marks) >= 20 and {c for c, _ in marks} == set(MARKS)
    latin = [(c, f) for c, f in marks if not _is_cjk_font(f)]
    assert not latin, latin
    # 喆 is printed (in the fallback's stand-in), not dropped
    assert [f for c, f in chars if c == "喆"] and all(_is_cjk_font(f) for c, f in chars if c == "喆")
    # digits of the body stay in the Latin stand-in
    assert all("liberation" in font_key(f) for c, f in chars if c in "2025%")
    body = next(f for f in data["fonts"] if f["role"] == "body")
    assert body["embedded_cjk"] and all(_is_cjk_font(f) for f in body["embedded_cjk"])
    assert any("liberation" in font_key(f) for f in body["embedded_latin"])


def test_punct_latin_on_the_page_before_and_after_the_fix(tmp_path, capsys):
    require_soffice()
    d = docx.Document()
    _para(d, [("关于开展安全生产大检查的通知", "方正小标宋简体", True)], 22, True)
    _para(d, [("各乡镇要在3月底前完成第一轮排查，确保“2026", "仿宋_GB2312", True),
              ("”目标任务按期完成，不留死角。", "仿宋_GB2312", True)])
    src = tmp_path / "通知.docx"
    d.save(src)
    pdf = tmp_path / "before.pdf"
    assert run(["preview", src, "-o", pdf], capsys)[0] == 0
    closing = [f for c, f in _chars(pdf) if c == "”"]
    assert closing and "liberation" in font_key(closing[0])        # Times New Roman on the page
    fixed = tmp_path / "fixed.docx"
    assert run(["check", src, "--fix", "-o", fixed], capsys)[0] in (0, 1)
    pdf2 = tmp_path / "after.pdf"
    assert run(["preview", fixed, "-o", pdf2], capsys)[0] == 0
    closing = [f for c, f in _chars(pdf2) if c == "”"]
    assert closing and _is_cjk_font(closing[0]), closing


def test_a_configuration_without_heiti_is_caught_by_fonts_and_measure(built, tmp_path, capsys, monkeypatch):
    style = load_style()
    monkeypatch.setenv("DOCGEN_FONTCONFIG", str(without_heiti(tmp_path, style)))
    code, out, _ = run(["fonts"], capsys)
    assert code == 1 and "一级标题：本机未安装“黑体”" in out
    pdf = tmp_path / "no-heiti.pdf"
    code, out, _ = run(["preview", built, "-o", pdf, "--measure", "--json"], capsys)
    data = json.loads(out)
    assert code == 1 and not data["ok"]
    bad = {f["role"]: f for f in data["fonts"] if not f["ok"]}
    assert set(bad) == {"h1"}, bad
    assert any("黑体" in p and "未生效" in p for p in bad["h1"]["problems"])
    assert bad["h1"]["resolved"] == "DejaVu Sans"
    code, text, _ = run(["preview", built, "-o", pdf, "--measure"], capsys)
    assert code == 1 and "✗ 一级标题" in text and "✓ 正文" in text
