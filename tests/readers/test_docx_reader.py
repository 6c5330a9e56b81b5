"""The .docx reader on messy Word files built here with python-docx, and on hostile packages."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import docx
import pytest
from messy_word import make_messy

from docgen.errors import DocgenError
from docgen.model import Table, query
from docgen.readers.docx import content, numbering, package, parse
from docgen.recognise.build import build_document
from docgen.recognise.structure import classify

@pytest.fixture
def messy(tmp_path):
    return make_messy(tmp_path / "messy.docx")


def test_raw_paragraphs_align_with_python_docx_and_freeze_numbers(messy):
    raws = parse.raw_paragraphs(messy)
    paras = [r for r in raws if r.kind != "table"]
    document = docx.Document(str(messy))
    assert [r.index for r in paras] == list(range(1, len(document.paragraphs) + 1))
    by_index = {r.index: r for r in paras}
    assert by_index[5].text == "一、认清形势" and by_index[5].auto_number == "一、"
    assert by_index[7].text == "二、压实责任"
    assert by_index[8].text.startswith("（一）压实属地责任。") and by_index[9].text.startswith("（二）压实部门责任。")
    assert by_index[10].text == "三、强化保障"                         # the level-2 counter does not leak
    assert by_index[6].text == "当前安全生产形势总体平稳，但风险隐患依然存在。"   # soft return merged
    assert by_index[6].hints.soft_breaks == 1
    assert by_index[1].bold and not by_index[3].bold
    assert by_index[2].kind == "blank"
    for r in paras:
        if not r.auto_number:
            assert r.text.replace("\n", "") == document.paragraphs[r.index - 1].text.replace("\n", "")


def test_tables_are_kept_in_body_order_with_their_header(messy):
    raws = parse.raw_paragraphs(messy)
    pos = next(i for i, r in enumerate(raws) if r.kind == "table")
    table = raws[pos]
    assert raws[pos - 1].text.startswith("（二）压实部门责任") and raws[pos + 1].text == "三、强化保障"
    assert table.table == [["任务", "责任单位", "时限"], ["隐患排查", "应急局", "3月底"], ["应急演练", "各乡镇", "6月底"]]
    assert table.hints.header_rows == 1


def test_messy_docx_recognised_into_the_model(messy):
    units = classify(content.read_units(messy))
    assert all(u.text.strip() or u.kind == "table" for u in units)      # spacers dropped
    doc = build_document(units)
    assert doc.title == "在全县安全生产工作会议上的讲话" and doc.salutation == "同志们："
    assert [s.heading for s in doc.sections() if s.number and s.number.endswith("、")] == ["认清形势", "压实责任", "强化保障"]
    second = doc.body[2]
    assert [b.heading for b in second.body[:2]] == ["压实属地责任。", "压实部门责任。"]
    assert all(b.runin for b in second.body[:2])
    tables = query(doc, Table)
    assert len(tables) == 1 and tables[0].rows[1] == ["隐患排查", "应急局", "3月底"] and tables[0].header_rows == 1
    assert second.body[1].body[-1] is tables[0]                      # in body order, after （二）
    assert doc.closing == ["同志们，安全生产责任重于泰山，让我们共同努力！"]


def test_word_heading_styles_are_hints(tmp_path):
    d = docx.Document()
    d.add_paragraph("关于防汛工作的讲话要点", style="Title")
    d.add_paragraph("总体要求", style="Heading 1")
    d.add_paragraph("要坚持人民至上、生命至上。")
    d.add_paragraph("具体措施", style="Heading 2")
    d.add_paragraph("要加强监测预警。")
    path = tmp_path / "styled.docx"
    d.save(str(path))
    units = classify(content.read_units(path))
    assert [(u.kind, u.level) for u in units] == [("title", None), ("heading", 1), ("body", None), ("heading", 2),
                                                  ("body", None)]


def test_number_formats():
    assert numbering.format_number(11, "chineseCounting") == "十一"
    assert numbering.format_number(3, "decimalEnclosedCircle") == "③"
    assert numbering.format_number(4, "upperRoman") == "IV" and numbering.format_number(28, "lowerLetter") == "ab"
    assert numbering.format_number(2, "chineseLegalSimplified") == "贰"


# -- hostile and broken packages -----------------------------------------------------------------

def test_not_a_zip_and_truncated_zip_are_one_line_errors(tmp_path, messy):
    fake = tmp_path / "fake.docx"
    fake.write_text("同志们：\n", encoding="utf-8")
    with pytest.raises(DocgenError, match="不是有效的 .docx") as exc:
        content.read_units(fake)
    assert "\n" not in str(exc.value)
    cut = tmp_path / "cut.docx"
    data = messy.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocgenError):
        content.read_units(cut)


def test_doctype_is_refused(tmp_path, messy):
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(messy) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                head, rest = data.split(b"?>", 1)
                data = head + b'?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>' + rest
            dst.writestr(item, data)
    with pytest.raises(DocgenError, match="DOCTYPE"):
        content.read_units(evil)


def test_members_larger_than_the_limit_are_refused_before_inflating(monkeypatch, messy):
    monkeypatch.setattr(package, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(DocgenError, match="超过 .* 的上限"):
        content.read_units(messy)


def test_zip_bomb_ratio(monkeypatch, tmp_path, messy):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(messy) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
        dst.writestr("word/media/zeros.bin", b"\0" * 300_000)
    monkeypatch.setattr(package, "RATIO_FLOOR", 100_000)
    with pytest.raises(DocgenError, match="压缩炸弹"):
        content.read_units(bomb)


def test_doc_without_libreoffice_is_a_clear_error(monkeypatch, tmp_path):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(DocgenError, match="LibreOffice"):
        content.read_units(doc)


@pytest.mark.render
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_doc_is_converted_with_libreoffice(tmp_path, messy):
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(messy)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=180, check=True)
    units = classify(content.read_units(tmp_path / "messy.doc"))
    doc = build_document(units)
    assert doc.title == "在全县安全生产工作会议上的讲话"
    assert [s.heading for s in doc.body if hasattr(s, "heading")] == ["认清形势", "压实责任", "强化保障"]


def test_big_repetitive_document_is_not_a_bomb(tmp_path):
    """A 5.7 MB document.xml of 100k runs (Word splits runs at every edit) deflates far beyond
    200:1 — it is a big file, not a bomb, and is read (issue 12 §5)."""
    # a pasted, re-edited speech: every character its own run, the same few characters repeated
    para = ("<w:p>" + "<w:r><w:rPr><w:sz w:val=\"32\"/></w:rPr><w:t>好</w:t></w:r>" * 50 + "</w:p>")
    body = para * 2000          # 100 000 runs
    d = docx.Document()
    d.add_paragraph("在全县森林防火工作会议上的讲话")
    src = tmp_path / "small.docx"
    d.save(str(src))
    big = tmp_path / "长文.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode("utf-8"), 1)
            zout.writestr(item.filename, data)
    with zipfile.ZipFile(big) as zf:
        info = zf.getinfo("word/document.xml")
    assert info.file_size > 5_000_000 and info.file_size > 200 * info.compress_size, \
        (info.file_size, info.compress_size)
    package.check_package(big)                         # not refused
    units = content.read_units(big)
    assert sum(1 for u in units if u.text == "好" * 50) == 2000
