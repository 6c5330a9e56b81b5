"""One output guard for every command that writes (issue 12 §2): never an input, never a file of
another kind, never a suffix that does not match what is written — one set of Chinese messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli_run import run

CONTENT = """\
title: 在全县春季农业生产工作会议上的讲话
salutation: 同志们：
body:
  - text: 今天召开全县春季农业生产工作会议，主要任务是安排部署今年春耕备耕工作。
  - heading: 抓好粮食生产
    body:
      - text: 各乡镇要把粮食播种面积落实到村、到户、到田块。
"""
USER_TEXT = "这是我自己的草稿，不能被替换。\n"
ENGLISH = re.compile(r"[A-Za-z]{4,}")


@pytest.fixture
def speech(tmp_path, capsys):
    content = tmp_path / "讲话.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    out = tmp_path / "讲话.docx"
    code, _, err = run(["build", content, "-o", out], capsys)
    assert code == 0, err
    return out


def _refused(code, err, *paths_unchanged):
    assert code == 2, err
    line = err.strip()
    assert len(line.splitlines()) == 1, line
    assert "Traceback" not in line
    for p, data in paths_unchanged:
        assert p.read_bytes() == data, p
    return line


#: names a Chinese user reads as they are: file kinds, the program, command words
ALLOWED = {"Word", "docgen", "format", "build", "template", "check", "preview", "docx", "yaml", "annotate",
           "fix", "place", "output"}


def _chinese_only(line, tmp_path):
    """No English prose in the message: only paths, option names and the names above."""
    line = re.sub(re.escape(str(tmp_path)) + r"/[^\s:：，；（）]*", "", line)
    words = {w for w in ENGLISH.findall(re.sub(r"--?[\w-]+", "", line))} - ALLOWED
    assert not words, (words, line)


def test_preview_never_replaces_a_text_file(speech, tmp_path, capsys):
    draft = tmp_path / "草稿.txt"
    draft.write_text(USER_TEXT, encoding="utf-8")
    code, _, err = run(["preview", speech, "-o", draft], capsys)
    line = _refused(code, err, (draft, USER_TEXT.encode()))
    assert "应为 .pdf 文件" in line
    _chinese_only(line, tmp_path)


def test_preview_never_replaces_a_word_file(speech, tmp_path, capsys):
    user = tmp_path / "user.docx"
    user.write_bytes(speech.read_bytes())
    before = user.read_bytes()
    code, _, err = run(["preview", speech, "-o", user], capsys)
    assert "应为 .pdf 文件" in _refused(code, err, (user, before))


def test_preview_refuses_a_text_draft(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要：\n一、关于春耕生产。\n", encoding="utf-8")
    code, _, err = run(["preview", notes], capsys)
    line = _refused(code, err)
    assert "预览只支持 .docx 等 Word 文件" in line and "docgen format" in line
    assert not (tmp_path / "notes.pdf").exists()


def test_preview_refuses_a_renamed_text_file(tmp_path, capsys):
    fake = tmp_path / "假文件.docx"
    fake.write_text("这其实是一个文本文件。\n", encoding="utf-8")
    code, _, err = run(["preview", fake], capsys)
    assert "不是 .docx 格式" in _refused(code, err)
    assert not (tmp_path / "假文件.pdf").exists()


def test_preview_png_pointed_at_a_file_answers_in_chinese(speech, tmp_path, capsys):
    target = tmp_path / "pages"
    target.write_text(USER_TEXT, encoding="utf-8")
    code, _, err = run(["preview", speech, "-o", tmp_path / "x.pdf", "--png", target], capsys)
    line = _refused(code, err, (target, USER_TEXT.encode()))
    assert "--png 的输出目录应为目录" in line
    _chinese_only(line, tmp_path)
    assert not (tmp_path / "x.pdf").exists()


def test_preview_default_pdf_of_the_users_own_is_kept(speech, tmp_path, capsys):
    """Without -o, an existing 讲话.pdf that docgen did not write is not replaced."""
    pdf = speech.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF-1.4\n% made by hand in another program\n%%EOF\n")
    before = pdf.read_bytes()
    code, _, err = run(["preview", speech], capsys)
    assert "不是 docgen 生成的文件" in _refused(code, err, (pdf, before))


def test_pdf_output_that_is_not_a_pdf_is_kept(speech, tmp_path, capsys):
    pdf = tmp_path / "记录.pdf"
    pdf.write_text(USER_TEXT, encoding="utf-8")
    code, _, err = run(["preview", speech, "-o", pdf], capsys)
    assert "已存在，但不是PDF 文件" in _refused(code, err, (pdf, USER_TEXT.encode()))


@pytest.mark.parametrize("command", ["build", "format", "template", "annotate", "fix"])
def test_every_command_keeps_a_text_file_named_docx(command, speech, tmp_path, capsys):
    """The same refusal, word for word, from every command that writes a .docx."""
    victim = tmp_path / "我的记录.docx"
    victim.write_text(USER_TEXT, encoding="utf-8")
    draft = tmp_path / "草稿.txt"
    draft.write_text("同志们：\n今天召开会议，安排春耕生产工作。\n", encoding="utf-8")
    argv = {
        "build": ["build", tmp_path / "讲话.yaml", "-o", victim],
        "format": ["format", draft, "-o", victim],
        "template": ["template", "-o", victim],
        "annotate": ["check", speech, "--annotate", victim],
        "fix": ["check", speech, "--fix", "-o", victim],
    }[command]
    code, _, err = run(argv, capsys)
    line = _refused(code, err, (victim, USER_TEXT.encode()))
    assert f"{victim} 已存在，但不是Word 文件（.docx），不会覆盖它；请换一个输出文件名" in line
    _chinese_only(line, tmp_path)


@pytest.mark.parametrize("command", ["build", "format", "template", "annotate"])
def test_every_command_refuses_a_wrong_suffix(command, speech, tmp_path, capsys):
    victim = tmp_path / "笔记.txt"
    victim.write_text(USER_TEXT, encoding="utf-8")
    draft = tmp_path / "草稿.txt"
    draft.write_text("同志们：\n今天召开会议。\n", encoding="utf-8")
    argv = {
        "build": ["build", tmp_path / "讲话.yaml", "-o", victim],
        "format": ["format", draft, "-o", victim],
        "template": ["template", "-o", victim],
        "annotate": ["check", speech, "--annotate", victim],
    }[command]
    code, _, err = run(argv, capsys)
    line = _refused(code, err, (victim, USER_TEXT.encode()))
    assert "应为 .docx 文件（现在“.txt”）" in line


def test_build_never_replaces_its_own_input(tmp_path, capsys):
    content = tmp_path / "讲话.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    link = tmp_path / "链接.docx"
    link.symlink_to(content)
    code, _, err = run(["build", content, "-o", link], capsys)
    assert "输出文件与输入文件相同" in _refused(code, err, (content, CONTENT.encode()))


def test_build_default_output_keeps_a_users_word_file(tmp_path, capsys):
    """``docgen build 讲话.yaml`` would write 讲话.docx: a Word file of the user's there stays."""
    from docx import Document

    content = tmp_path / "讲话.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    mine = tmp_path / "讲话.docx"
    d = Document()
    d.add_paragraph("用户自己写的讲话稿。")
    d.save(str(mine))
    before = mine.read_bytes()
    code, _, err = run(["build", content], capsys)
    assert "不是 docgen 生成的文件" in _refused(code, err, (mine, before))
    # and the file docgen wrote itself is replaced on the next run
    mine.unlink()
    assert run(["build", content], capsys)[0] == 0
    assert run(["build", content], capsys)[0] == 0


def test_named_output_of_the_same_kind_is_replaced(speech, tmp_path, capsys):
    """What the user names with -o is replaced when it is of the kind written."""
    draft = tmp_path / "草稿.txt"
    draft.write_text("同志们：\n今天召开会议，安排春耕生产工作。\n", encoding="utf-8")
    target = tmp_path / "成稿.docx"
    target.write_bytes(speech.read_bytes())
    code, _, err = run(["format", draft, "-o", target], capsys)
    assert code == 0, err
    from docx import Document

    assert any("春耕生产" in p.text for p in Document(str(target)).paragraphs)


@pytest.mark.render
def test_preview_replaces_its_own_earlier_pdf(speech, capsys):
    """Without -o, the PDF an earlier preview wrote (LibreOffice's) is docgen's: replaced."""
    pdf = speech.with_suffix(".pdf")
    code, _, err = run(["preview", speech], capsys)
    assert code == 0, err
    first = pdf.read_bytes()
    assert first.startswith(b"%PDF-")
    code, _, err = run(["preview", speech], capsys)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF-")
