"""A draft of UTF-8 with pieces pasted in GBK (issue 12 §9): the refusal names the line and column,
and ``--encoding mixed`` is a way through that lists every place it read as GBK."""

from __future__ import annotations

import re

from docx import Document

from tests.cli_run import run

HEAD = "在全县春耕生产工作会议上的讲话\n同志们：\n今天召开全县春耕生产工作会议，"
GBK_PIECE = "主要任务是部署今年的春耕备耕工作"
MIDDLE = "。\n各乡镇要认真落实粮食播种面积。\n"
GBK_LINE = "二是加强组织领导，层层压实责任。"
TAIL = "\n同志们，春耕工作任务艰巨，让我们共同努力！\n"


def _mixed(tmp_path):
    src = tmp_path / "混合编码.txt"
    src.write_bytes(HEAD.encode() + GBK_PIECE.encode("gbk") + MIDDLE.encode() + GBK_LINE.encode("gbk") + TAIL.encode())
    return src


def test_auto_detection_names_line_column_and_the_way_through(tmp_path, capsys):
    src = _mixed(tmp_path)
    code, _, err = run(["format", src, "-o", tmp_path / "x.docx"], capsys)
    assert code == 2 and not (tmp_path / "x.docx").exists()
    assert f"{src}:3:16: 文件混有两种编码" in err
    assert "第 5 行第 1 列" in err and "--encoding mixed" in err


def test_explicit_gb18030_failure_gives_line_and_column(tmp_path, capsys):
    src = _mixed(tmp_path)
    code, _, err = run(["format", src, "-o", tmp_path / "x.docx", "--encoding", "gb18030"], capsys)
    assert code == 2
    m = re.search(r"第 (\d+) 行第 (\d+) 列", err)
    assert m and f"{src}:{m[1]}:{m[2]}:" in err
    assert "个字节" not in err and "--encoding mixed" in err


def test_mixed_reads_every_piece_and_lists_it(tmp_path, capsys):
    src = _mixed(tmp_path)
    out = tmp_path / "成稿.docx"
    code, _, err = run(["format", src, "-o", out, "--encoding", "mixed"], capsys)
    assert code == 0, err
    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert HEAD.splitlines()[2] + GBK_PIECE in body
    assert GBK_LINE in body and "各乡镇要认真落实粮食播种面积。" in body
    assert "以下 2 处不是 UTF-8" in err and "第 3 行第 16 列" in err and "第 5 行第 1 列" in err


def test_check_fix_in_place_with_mixed_writes_one_encoding(tmp_path, capsys):
    src = _mixed(tmp_path)
    code, _, err = run(["check", src, "--encoding", "mixed", "--fix", "--in-place"], capsys)
    assert code in (0, 1), err
    text = src.read_bytes().decode("utf-8")          # now all UTF-8
    assert GBK_PIECE in text and GBK_LINE in text


def test_plain_gbk_is_still_read_without_options(tmp_path, capsys):
    src = tmp_path / "gbk.txt"
    src.write_bytes((HEAD + GBK_PIECE + MIDDLE + GBK_LINE + TAIL).encode("gbk"))
    code, _, err = run(["format", src, "-o", tmp_path / "g.docx"], capsys)
    assert code == 0, err
    body = "\n".join(p.text for p in Document(str(tmp_path / "g.docx")).paragraphs)
    assert GBK_LINE in body
