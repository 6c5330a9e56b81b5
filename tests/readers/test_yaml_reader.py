"""The YAML content reader and dumper (DESIGN.md §3): schema errors at exact 文件:行:列, hostile
input refused fast, scalars kept as written, and dump/read round trips."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.errors import ContentError, DocgenError, InputError
from docgen.model import (DEFAULT_NUMBERING, Document, Meta, Paragraph, Section, Table,
                          content_equal, iter_blocks)
from docgen.readers import yaml as yaml_reader
from docgen.readers.yaml import MAX_FILE_BYTES, MAX_SCALAR_CHARS, read, read_text
from docgen.writers.yaml import dump

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONTENT_FILES = sorted(EXAMPLES.glob("0*.yaml")) + [EXAMPLES / "speech.yaml"]


def error_of(text: str, name: str = "t.yaml") -> ContentError:
    with pytest.raises(ContentError) as info:
        read_text(text, name=name)
    return info.value


def where(err: DocgenError):
    return err.path, err.line, err.col


# -- a valid file -----------------------------------------------------------------------------------

FULL = """\
title: 在县委党建工作领导小组会议上的讲话
subtitle: [（2026年3月5日）, 县委书记 王建华]
salutation: 同志们：
numbering: [一、, （一）, 1., （1）]
body:
  - 今天，我们召开会议。
  - heading: 肯定成绩
    body:
      - lead: 一是政治建设进一步强化。
        text: 始终把党的政治建设摆在首要位置。
      - heading: 强化党建“主业”职责意识。
        runin: true
        body:
          - 各级党委（组）是“责任主体”。
  - table:
      header_rows: 1
      rows: [[工作任务, 责任单位], [项目开工, 县发展改革局]]
closing: 同志们，让我们共同努力！
signature: 县委办公室
date: 2026年3月5日
author: 县委办公室 李明
"""


def test_full_document_is_read_with_lines():
    doc = read_text(FULL)
    assert doc.title == "在县委党建工作领导小组会议上的讲话"
    assert doc.subtitle == ["（2026年3月5日）", "县委书记 王建华"]
    assert doc.salutation == "同志们："
    assert doc.numbering == DEFAULT_NUMBERING
    assert doc.closing == ["同志们，让我们共同努力！"]
    assert (doc.signature, doc.date, doc.meta.author) == ("县委办公室", "2026年3月5日", "县委办公室 李明")
    p0, sec, table = doc.body
    assert p0 == Paragraph("今天，我们召开会议。", line=6)
    assert (sec.heading, sec.runin, sec.number, sec.line) == ("肯定成绩", False, None, 7)
    lead, runin = sec.body
    assert (lead.lead, lead.text, lead.line) == ("一是政治建设进一步强化。", "始终把党的政治建设摆在首要位置。", 9)
    assert (runin.heading, runin.runin, runin.line) == ("强化党建“主业”职责意识。", True, 11)
    assert runin.body == [Paragraph("各级党委（组）是“责任主体”。", line=14)]
    assert isinstance(table, Table) and table.header_rows == 1 and table.line == 15
    assert table.rows == [["工作任务", "责任单位"], ["项目开工", "县发展改革局"]]
    assert doc.lines == {"title": 1, "subtitle": [2, 2], "salutation": 3, "numbering": 4,
                         "closing": [18], "signature": 19, "date": 20, "author": 21}


def test_minimal_document_gets_defaults():
    doc = read_text("body: [正文。]\n")
    assert doc.title is None and doc.subtitle == [] and doc.closing == []
    assert doc.numbering == DEFAULT_NUMBERING
    assert doc.body == [Paragraph("正文。", line=1)]


def test_content_is_data_not_template_code():
    doc = read_text('body:\n  - "{{ x }} 与 {%p if y %} 原样保留"\n  - "{_{ z }_}"\n')
    assert [p.text for p in doc.body] == ["{{ x }} 与 {%p if y %} 原样保留", "{_{ z }_}"]


def test_scalars_are_kept_as_written_never_numbers_dates_or_booleans():
    doc = read_text("title: 2026\ndate: 2026-03-05\nnumbering: [一、, 1.]\n"
                    "body:\n  - yes\n  - 0x1A\n  - 1_000\n  - heading: 甲\n    body: [5.20]\n")
    assert doc.title == "2026" and doc.date == "2026-03-05"
    assert doc.numbering == ["一、", "1."]
    assert [p.text for p in doc.paragraphs()] == ["yes", "0x1A", "1_000", "5.20"]


def test_multiline_scalars_join_without_space_between_cjk():
    text = ("body:\n"
            "  - 今天，我们\n    召开会议，GDP增长\n    5.2%。New\n    York\n"   # plain
            "  - |\n    第一行\n    第二行 abc\n    def\n"                      # literal
            "  - >-\n    折叠的\n    文字\n"                                    # folded
            '  - "引号里的\n    文字"\n')                                       # quoted
    texts = [p.text for p in read_text(text).body]
    assert texts == ["今天，我们召开会议，GDP增长5.2%。New York", "第一行第二行 abc def", "折叠的文字",
                     "引号里的文字"]


def test_single_line_text_keeps_its_spaces_and_escapes():
    doc = read_text('body:\n  - "县委书记 王建华"\n  - "一行\\n两行"\n')
    assert [p.text for p in doc.body] == ["县委书记 王建华", "一行\n两行"]


def test_lead_alone_and_empty_cells():
    doc = read_text("body:\n  - lead: 一是政治建设进一步强化。\n"
                    "  - table:\n      rows: [[甲, ''], [~, 丁]]\n")
    assert doc.body[0] == Paragraph(text="", lead="一是政治建设进一步强化。", line=2)
    assert doc.body[1].rows == [["甲", ""], ["", "丁"]] and doc.body[1].header_rows == 0


def test_unnumbered_and_custom_numbering_levels():
    doc = read_text("numbering: [none, 第一，]\nbody:\n  - heading: 甲\n    body:\n"
                    "      - heading: 乙\n        body: [正文。]\n")
    assert doc.numbering == ["none", "第一，"]
    assert [d for d, b in iter_blocks(doc.body) if isinstance(b, Section)] == [1, 2]


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffbody: [正文。]\n".encode("utf-8"))
    assert read(path).body == [Paragraph("正文。", line=1)]


# -- schema errors at exact positions (line:col counted by hand, 1-based) ---------------------------

def test_unknown_top_level_key_names_the_allowed_keys():
    err = error_of("title: 讲话\nbody:\n  - 正文。\nautor: 张三\n")
    assert where(err) == ("t.yaml", 4, 1)
    assert "autor" in err.message and "author" in err.message and "closing" in err.message
    assert str(err).startswith("t.yaml:4:1: ")


def test_unknown_key_in_a_heading():
    err = error_of("body:\n  - heading: 标题\n    lead: 一是。\n    body:\n      - 正文。\n")
    assert where(err)[1:] == (3, 5)
    assert "lead" in err.message and "heading、runin、body" in err.message


def test_unknown_key_in_a_paragraph_item():
    err = error_of("body:\n  - text: 正文。\n    extra: 1\n")
    assert where(err)[1:] == (3, 5) and "lead、text" in err.message


def test_text_with_half_width_colon_space_becomes_a_mapping_and_is_explained():
    err = error_of("body:\n  - 今天: 开会\n")
    assert where(err)[1:] == (2, 5) and "加引号" in err.message


def test_wrong_types():
    assert where(error_of("title:\n  - 甲\nbody:\n  - 正文。\n"))[1:] == (2, 3)        # list, not text
    assert "title 应为文字，而不是列表" in error_of("title:\n  - 甲\nbody:\n  - 正文。\n").message
    assert where(error_of("body:\n  a: b\n"))[1:] == (2, 3)                              # mapping
    assert where(error_of("body:\n  - [a, b]\n"))[1:] == (2, 5)                          # list item
    assert where(error_of("numbering: 一、\nbody: [a]\n"))[1:] == (1, 12)
    err = error_of("body:\n  - heading: 强化意识。\n    runin: 是\n    body:\n      - 正文。\n")
    assert where(err)[1:] == (3, 12) and "true 或 false" in err.message
    err = error_of("body:\n  - table:\n      header_rows: 一\n      rows: [[a]]\n")
    assert where(err)[1:] == (3, 20)


def test_top_level_must_be_a_mapping():
    assert where(error_of("- 正文。\n"))[1:] == (1, 1)


def test_empty_heading_is_reported_at_its_key():
    err = error_of("body:\n  - heading:\n    body:\n      - 正文。\n")
    assert where(err)[1:] == (2, 5) and "标题文字不能为空" in err.message
    assert where(error_of('body:\n  - heading: "  "\n    body: [正文。]\n'))[1:] == (2, 5)


def test_empty_paragraphs():
    assert where(error_of('body:\n  - ""\n  - 正文。\n'))[1:] == (2, 5)
    # an empty list item: the value is just after the dash
    assert where(error_of("body:\n  -\n  - 正文。\n"))[1:] == (2, 4)
    err = error_of('body:\n  - lead: ""\n    text: 正文。\n')
    assert where(err)[1:] == (2, 5) and "lead" in err.message


def test_missing_or_empty_body():
    assert where(error_of("title: 讲话\n"))[1:] == (1, 1)
    assert where(error_of("title: 讲话\nbody:\n"))[1:] == (2, 1)
    assert where(error_of(""))[1:] == (1, 1)


def test_nesting_deeper_than_four_heading_levels():
    text = ("body:\n"
            "  - heading: 一级\n"
            "    body:\n"
            "      - heading: 二级\n"
            "        body:\n"
            "          - heading: 三级\n"
            "            body:\n"
            "              - heading: 四级\n"
            "                body:\n"
            "                  - heading: 五级\n"
            "                    body:\n"
            "                      - 正文。\n")
    err = error_of(text)
    assert where(err)[1:] == (10, 21) and "4 级" in err.message
    # four levels are fine
    four = text.split("                  - heading: 五级")[0] + "                  - 正文。\n"
    assert len(list(read_text(four).sections())) == 4


def test_heading_deeper_than_the_numbering_scheme():
    err = error_of("numbering: [一、]\nbody:\n  - heading: 甲\n    body:\n      - heading: 乙\n")
    assert where(err)[1:] == (5, 9) and "numbering 只有 1 项" in err.message


def test_bad_numbering_pattern():
    err = error_of("numbering: [一、, 甲乙]\nbody: [正文。]\n")
    assert where(err)[1:] == (1, 17) and "甲乙" in err.message


def test_runin_heading_needs_a_body_paragraph():
    err = error_of("body:\n  - heading: 强化意识。\n    runin: true\n")
    assert where(err)[1:] == (3, 5) and "runin" in err.message
    err = error_of("body:\n  - heading: 强化意识。\n    runin: true\n    body:\n"
                   "      - table:\n          rows: [[a]]\n")
    assert where(err)[1:] == (3, 5)


def test_table_errors():
    err = error_of("body:\n  - table:\n      rows:\n        - [a, b]\n        - [c]\n")
    assert where(err)[1:] == (5, 11) and "格数" in err.message
    err = error_of("body:\n  - table:\n      header_rows: 3\n      rows: [[a]]\n")
    assert where(err)[1:] == (3, 20)
    assert where(error_of("body:\n  - table:\n      header_rows: 1\n"))[1:] == (2, 5)


def test_duplicate_key():
    err = error_of("title: 甲\ntitle: 乙\nbody: [正文。]\n")
    assert where(err)[1:] == (2, 1) and "重复" in err.message


def test_yaml_syntax_errors_use_the_problem_mark():
    err = error_of("body:\n\t- 正文。\n")                      # tab indentation
    assert where(err)[1:] == (2, 1) and "制表符" in err.message
    err = error_of("title: 讲话\nbody:\n  - 正文。\n - 第二段。\n")   # misaligned item
    assert where(err)[1:] == (4, 2) and err.message.startswith("YAML 语法错误")
    err = error_of('body:\n  - "今天\n')                        # unclosed quote
    assert where(err)[1:] == (3, 1) and "没有闭合" in err.message
    err = error_of("body:\n  - @x\n")
    assert where(err)[1:] == (2, 5) and "加引号" in err.message


def test_control_character_is_located():
    err = error_of("body:\n  - 今天\x01开会\n")
    assert where(err)[1:] == (2, 7) and "U+0001" in err.message


def test_second_document_is_refused():
    assert where(error_of("body: [a]\n---\nbody: [b]\n"))[1:] == (2, 1)


def test_non_utf8_file(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("title: 讲话\nbody:\n  - 今天开会\n".encode("gbk"))
    with pytest.raises(ContentError) as info:
        read(path)
    # the first byte that is not UTF-8 is the first byte of 讲 (line 1, column 8)
    assert where(info.value) == (str(path), 1, 8) and "UTF-8" in info.value.message


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError):
        read(tmp_path / "nope.yaml")
    with pytest.raises(InputError):
        read(tmp_path)


# -- hostile input: refused within 1 s, with a position --------------------------------------------

def _timed_error(text: str) -> ContentError:
    start = time.perf_counter()
    err = error_of(text)
    assert time.perf_counter() - start < 1.0
    return err


def test_billion_laughs_is_refused_fast():
    lol = '["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    lines = [f"a0: &a0 {lol}"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    lines.append("body: [*a8]")
    err = _timed_error("\n".join(lines) + "\n")
    assert where(err)[1:] == (1, 5) and "&a0" in err.message


def test_alias_alone_is_refused():
    err = _timed_error("body:\n  - *x\n")
    assert where(err)[1:] == (2, 5) and "*x" in err.message


def test_python_tags_are_refused_at_their_position():
    err = _timed_error('title: 讲话\nbody:\n  - !!python/object/apply:os.system ["echo pwned"]\n')
    assert where(err)[1:] == (3, 5) and "!!python/object/apply:os.system" in err.message
    err = _timed_error("body:\n  - heading: !!python/name:os.system\n")
    assert where(err)[1:] == (2, 14)
    assert where(_timed_error("body:\n  - !foo 文字\n"))[1:] == (2, 5)
    assert where(_timed_error("body:\n  - !!binary aGVsbG8=\n"))[1:] == (2, 5)
    # a %TAG directive cannot smuggle a python tag in under a short handle
    err = _timed_error("%TAG !p! tag:yaml.org,2002:python/\n---\nbody:\n  - !p!object:os.system x\n")
    assert where(err)[1:] == (4, 5) and "python/object" in err.message


def test_standard_tags_are_allowed():
    doc = read_text("body: !!seq\n  - !!str 2026\n  - !!map {text: !!str 正文。}\n")
    assert [p.text for p in doc.body] == ["2026", "正文。"]


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"body:\n  - " + b"a" * MAX_FILE_BYTES + b"\n")
    # prove no YAML parsing happens: the parser would raise if called
    monkeypatch.setattr(yaml_reader.yaml, "parse", lambda *a, **k: pytest.fail("parsed"))
    start = time.perf_counter()
    with pytest.raises(ContentError) as info:
        read(path)
    assert time.perf_counter() - start < 1.0
    assert "过大" in info.value.message and info.value.path == str(path)


def test_overlong_scalar_is_refused():
    err = _timed_error("body:\n  - " + "字" * (MAX_SCALAR_CHARS + 1) + "\n")
    assert where(err)[1:] == (2, 5) and str(MAX_SCALAR_CHARS) in err.message


def test_deep_nesting_and_node_floods_are_refused():
    assert "嵌套过深" in _timed_error("body: " + "[" * 5000 + "]" * 5000 + "\n").message
    err = _timed_error("body: [" + ",".join(["a"] * 200_000) + "]\n")
    assert "节点过多" in err.message and err.line == 1


def test_no_unsafe_loader_anywhere():
    source = Path(yaml_reader.__file__).read_text(encoding="utf-8")
    assert "yaml.load(" not in source and "UnsafeLoader" not in source and "FullLoader" not in source


# -- examples and round trip ------------------------------------------------------------------------

@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.name)
def test_every_example_reads(path):
    doc = read(path)
    assert doc.salutation == "同志们：" and doc.body
    assert all(p.text or p.lead for p in doc.paragraphs())
    assert all(b.line for _, b in iter_blocks(doc.body))


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.name)
def test_round_trip_of_every_example(path):
    doc = read(path)
    text = dump(doc)
    again = read_text(text, name="dumped")
    assert content_equal(again, doc)
    assert again.meta.author == doc.meta.author
    assert dump(again) == text                     # stable


def test_dump_shape_is_human_friendly():
    text = dump(read_text(FULL))
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line[0].isspace()]
    assert keys == ["title", "subtitle", "salutation", "body", "closing", "signature", "date", "author"]
    assert "同志们：" in text and "\\u" not in text                 # unicode written as itself
    assert "  - 今天，我们召开会议。\n" in text                         # plain, indented block list
    assert "      - heading: 强化党建“主业”职责意识。\n        runin: true\n" in text
    assert "rows:\n        - [工作任务, 责任单位]\n" in text              # rows as flow lists
    assert "numbering" not in text                                  # the default is not repeated
    long = "很长的段落，" * 200
    dumped = dump(Document(body=[Paragraph(long)]))
    assert f"  - {long}\n" in dumped                                # never wrapped


def test_dump_quotes_only_where_needed():
    doc = Document(numbering=["一、", "1."], body=[
        Paragraph("普通文字，“引号”——破折号……"), Paragraph("{{ x }}"), Paragraph("2026"),
        Paragraph("a: b # c"), Paragraph("*星号开头"), Paragraph("一行\n两行"),
        Section("标题", body=[Paragraph("正文。", lead="一是")])])
    text = dump(doc)
    assert "numbering: [一、, '1.']\n" in text
    assert "  - 普通文字，“引号”——破折号……\n" in text
    assert "  - '{{ x }}'\n" in text and "  - '2026'\n" in text and "  - '*星号开头'\n" in text
    assert '  - "一行\\n两行"\n' in text
    assert content_equal(read_text(text), doc)


def test_dump_comment_header():
    text = dump(read_text("body: [正文。]\n"), comment="由 docgen format 生成\n来源：a.txt")
    assert text.startswith("# 由 docgen format 生成\n# 来源：a.txt\nbody:\n")


# property: any document the model can hold (non-empty texts, depth ≤ 4) survives dump -> read
_TRICKY = ["yes", "No", "1.", "2026", "0x1A", "2026-03-05", "null", "~", "- x", "? x", "a: b",
           "a #b", "{{ x }}", "{%p if x %}", "*x", "&y", "!t", "|", ">", "'", '"', "%p", "@", "`",
           " 前后空格 ", "GDP增长5.2%", "——", "……", "行\n断", "段\u2028落", "[a, b]", "{a: b}", "#"]
_text = st.sampled_from(_TRICKY) | st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("，。“”：\n\t"),
    min_size=1, max_size=30).filter(lambda s: s.strip())


def _blocks(depth: int):
    para = st.builds(Paragraph, text=_text, lead=st.none() | _text)
    table = st.builds(lambda rows, h: Table(rows=rows, header_rows=min(h, len(rows))),
                      st.integers(1, 3).flatmap(lambda n: st.lists(
                          st.lists(st.text(max_size=8).filter(lambda s: "\x00" not in s)
                                   .map(lambda s: "".join(c for c in s if c.isprintable())),
                                   min_size=n, max_size=n), min_size=1, max_size=3)),
                      st.integers(0, 3))
    if depth > 4:
        return st.lists(para | table, min_size=1, max_size=3)
    section = st.builds(lambda h, runin, body: Section(heading=h, body=body, runin=runin),
                        _text, st.booleans(), st.deferred(lambda: _blocks(depth + 1)))
    section = section.map(lambda s: s if not s.runin or (s.body and isinstance(s.body[0], Paragraph))
                          else Section(heading=s.heading, body=s.body, runin=False))
    return st.lists(para | table | section, min_size=1, max_size=3)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.none() | _text, subtitle=st.lists(_text, max_size=2), body=_blocks(1),
       closing=st.lists(_text, max_size=2), author=st.none() | _text)
def test_property_round_trip(title, subtitle, body, closing, author):
    doc = Document(title=title, subtitle=subtitle, salutation="同志们：", body=body, closing=closing,
                   meta=Meta(author=author))
    again = read_text(dump(doc))
    assert content_equal(again, doc)
    assert again.meta.author == author
