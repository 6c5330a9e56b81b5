"""Text reader: encodings, newlines, Markdown marks as structure, hard-wrapped lines joined back."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from docgen.errors import DocgenError
from docgen.readers import text as tr
from docgen.readers.decode import decode

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
SAMPLE = "在全县经济工作会议上的讲话\n同志们：\n今天召开全县经济工作会议，主要任务是总结去年工作、部署今年任务。\n一、总体要求\n"


# -- decoding ------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("gb18030", b""), ("gbk", b""),
])
def test_decode_detects_encodings(encoding, prefix):
    data = prefix + SAMPLE.encode(encoding)
    assert decode(data) == SAMPLE


def test_decode_utf16_without_bom_and_short_gb_text():
    assert decode(SAMPLE.encode("utf-16-le")) == SAMPLE
    # short GB18030 texts are what charset-normalizer alone mistakes for Big5
    short = "同志们：\n今天开会。\n"
    assert decode(short.encode("gb18030")) == short


def test_decode_explicit_encoding_wins_and_bad_names_are_errors():
    data = SAMPLE.encode("gb18030")
    assert decode(data, "gb18030") == SAMPLE
    with pytest.raises(DocgenError, match="未知的编码"):
        decode(data, "no-such-codec")
    with pytest.raises(DocgenError, match="无法按 utf-8 解码"):
        decode(data, "utf-8")


def test_binary_data_is_refused_in_one_line(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(DocgenError) as exc:
        decode(png, path="x.png")
    assert "\n" not in str(exc.value) and "x.png" in str(exc.value)
    f = tmp_path / "nul.txt"
    f.write_bytes("同志们：\x00\x00".encode("utf-8"))
    with pytest.raises(DocgenError, match="空字节"):
        tr.read_units(f)


def test_missing_file_is_a_docgen_error(tmp_path):
    with pytest.raises(DocgenError, match="不存在"):
        tr.read_units(tmp_path / "none.txt")


# -- lines ---------------------------------------------------------------------------------------

def test_newlines_are_normalised_and_final_newline_adds_no_line():
    assert tr.split_lines("甲\r\n乙\r丙\n") == ["甲", "乙", "丙"]
    assert tr.split_lines("甲\n\n") == ["甲", ""]
    assert tr.split_lines("甲") == ["甲"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_units_keep_source_line_numbers(seed):
    text = seed.read_text(encoding="utf-8")
    lines = tr.split_lines(text)
    units = tr.read_units(seed)
    # one paragraph per line in the seeds: nothing joined, every line its own unit, same text
    assert tr.wrap_width(lines) is None
    assert [u.index for u in units] == list(range(1, len(lines) + 1))
    assert [u.text for u in units] == lines
    assert all(u.kind == "blank" for u in units if not u.text.strip())


def test_crlf_file_reads_like_lf(tmp_path):
    seed = SEEDS[2]
    f = tmp_path / "crlf.txt"
    f.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
    assert [u.text for u in tr.read_units(f)] == [u.text for u in tr.read_units(seed)]


# -- Markdown --------------------------------------------------------------------------------------

def test_markdown_marks_are_structure_and_recorded():
    units = tr.text_to_units("# 在全市安全生产工作会议上的讲话\n\n## 一、认清形势\n**一是压实属地责任。**各县区要担负起责任。\n"
                             "- 加强隐患排查\n> 安全生产，人命关天。\n---\n")
    texts = [u.text for u in units]
    assert texts == ["在全市安全生产工作会议上的讲话", "", "一、认清形势", "一是压实属地责任。各县区要担负起责任。",
                     "加强隐患排查", "安全生产，人命关天。", ""]
    assert units[0].hints.md_heading == 1 and units[2].hints.md_heading == 2
    assert units[3].hints.bold_end == len("一是压实属地责任。")
    assert units[4].hints.md_item and units[5].hints.md_quote
    # every removed mark is recorded with its rule id; replaying the removals gives the text
    raw = ["# 在全市安全生产工作会议上的讲话", "", "## 一、认清形势", "**一是压实属地责任。**各县区要担负起责任。",
           "- 加强隐患排查", "> 安全生产，人命关天。", "---"]
    for line, u in zip(raw, units):
        # offsets refer to the line as read: check each, then cut right to left
        marks = u.hints.get("removed", [])
        for r in marks:
            assert r["rule"] == tr.MD_RULE_ID and line[r["start"]:r["end"]] == r["text"]
        for r in sorted(marks, key=lambda r: r["start"], reverse=True):
            line = line[:r["start"]] + line[r["end"]:]
        assert line.strip() == u.text.strip()


def test_placeholder_asterisks_are_not_bold_marks():
    units = tr.text_to_units("全县经营性收入超过**万元的村达到**％以上。\n为奋力打造******提供坚强保证。\n")
    assert units[0].text == "全县经营性收入超过**万元的村达到**％以上。"
    assert units[1].text == "为奋力打造******提供坚强保证。"
    assert not any(u.hints.has("removed") for u in units)


# -- hard wraps ----------------------------------------------------------------------------------

WRAPPED = """同志们：
今天我们召开全县乡村振兴工作推进会，主要任务是学习贯彻中央和省委关于乡村振兴的
决策部署，总结前一阶段工作，安排部署下一步重点任务。刚才，几位同志作了很好的发
言，我都赞同。下面，我讲三点意见。
一、提高站位，充分认识做好乡村振兴工作的重要意义
实施乡村振兴战略，是党的十九大作出的重大决策部署，是新时代做好三农工作的总抓手
。我们一定要提高政治站位，切实增强做好乡村振兴工作的责任感和紧迫感。
二、突出重点，扎实推进乡村振兴各项工作
一是抓好产业振兴。要立足资源禀赋，大力发展特色种养业，推动农村一二三产业融合发
展，带动农民持续增收。
二是抓好人才振兴。要加大乡土人才培养力度，吸引各类人才返乡创业，为乡村振兴提供
有力的人才支撑。
"""


def test_hard_wrapped_lines_are_joined_back_keeping_first_line_numbers():
    units = [u for u in tr.text_to_units(WRAPPED) if u.kind != "blank"]
    assert [u.index for u in units] == [1, 2, 5, 6, 8, 9, 11]
    assert units[1].text.startswith("今天我们") and units[1].text.endswith("我讲三点意见。")
    assert "乡村振兴的决策部署" in units[1].text and "作了很好的发言" in units[1].text
    assert units[1].hints.lines == [2, 3, 4]
    assert units[2].text == "一、提高站位，充分认识做好乡村振兴工作的重要意义"   # a short heading is never joined
    assert units[3].text.endswith("总抓手。我们一定要提高政治站位，切实增强做好乡村振兴工作的责任感和紧迫感。")
    assert units[4].text == "二、突出重点，扎实推进乡村振兴各项工作"
    assert units[5].text == "一是抓好产业振兴。要立足资源禀赋，大力发展特色种养业，推动农村一二三产业融合发展，带动农民持续增收。"
    assert units[6].text.startswith("二是") and units[6].text.endswith("有力的人才支撑。")


def test_latin_words_keep_a_space_when_joined():
    line = "要加快推进数字乡村建设，推广应用大数据、物联网、人工智能等新技术，建设智慧农业 smart"
    text = "\n".join([line, "farming 示范基地，提高农业生产效率和质量效益。", line, "farming 示范基地。", line, "farming。"])
    units = tr.text_to_units(text)
    assert "smart farming" in units[0].text


def test_indented_and_blank_separated_paragraphs_are_not_run_together():
    para = "　　各级党委政府要切实扛起主体责任，主要负责同志要亲自抓、负总责，形成齐抓共管的良好局面，确保取得实效。"
    text = "\n".join([para, para, para, para])
    units = tr.text_to_units(text)
    assert len(units) == 4
