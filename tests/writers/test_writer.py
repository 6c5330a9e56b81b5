"""The writer: model -> docxtpl -> .docx, checked on the real output through the effective-formatting
resolver (style inheritance resolved, not only direct formatting)."""

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from docgen.errors import DocgenError
from docgen.model import Document, Meta, Paragraph, Section, Table
from docgen.ooxml.build import AMBIGUOUS_CJK_PUNCT
from docgen.ooxml.resolve import Resolver, iter_runs, run_text
from docgen.style import build_style, load_raw, load_style
from docgen.writers.template import ROLE_STYLE_IDS, RUNIN_STYLE_IDS, STYLE_ID_ROLES
from docgen.transforms.numbering import number
from docgen.writers.docx import render_docx

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TRICKY = "模板语法{{ x }}、{%p if y %}、{_{ z }_}、{_% w %_}、{# c #}、A&B<c>\"'、制表\t符。"


def rich_document():
    return Document(
        title="在县委党建工作领导小组会议上的讲话",
        subtitle=["（2026年3月5日）", "县委书记 张某某"],
        salutation="同志们：",
        body=[
            Paragraph("今天，我们召开会议，总结2025年工作，部署2026年工作。下面，我讲三点意见。"),
            Section("肯定成绩，增强责任感", body=[
                Paragraph("全县落实“1+5”工作机制——成效明显……GDP增长5.2%，×××同志·带头。"),
                Paragraph(lead="一是政治建设进一步强化。", text="始终把党的政治建设摆在首要位置。"),
                Section("强化党建“主业”职责意识。", runin=True, body=[
                    Paragraph(lead="一要提高站位。", text="各级党委（组）是落实基层党建的“责任主体”。"),
                    Paragraph("第二段正文。"),
                    Section("完善制度", body=[
                        Paragraph("三级之下的正文。"),
                        Section("健全台账。", runin=True, body=[Paragraph("四级 run-in 正文，含English与123。")]),
                        Section("明确时限", body=[Paragraph("四级独立标题下的正文。")]),
                    ]),
                ]),
                Section("压实责任", body=[
                    Table(rows=[["工作任务", "责任单位", "完成时限"], ["党建述职", "组织部"],
                                ["A&B<c>", "{{ x }}", "2026年3月"]], header_rows=1),
                ]),
            ]),
            Section("突出重点", runin=True, body=[Section("下级标题", body=[Paragraph("正文。")])]),
            Paragraph(TRICKY),
            Paragraph("请XXX、XXX、xx同志发言，XXL号、Xbox、X5型与2026年X月不变。"),
            Paragraph("“2026”年，GDP“两个”目标。"),
            Paragraph("……"),
        ],
        closing=["同志们，让我们……！", "谢谢大家！"],
        signature="县委办公室",
        date="2026年3月5日",
        meta=Meta(author="县委办 {{ author }}"),
    )


def expected_texts(doc):
    """What the reader sees, in order, written from the model independently of the writer."""
    doc = number(doc)
    out = [doc.title, *doc.subtitle, doc.salutation]

    def para(p):
        return (p.lead or "") + p.text

    def blocks(items):
        for b in items:
            if isinstance(b, Paragraph):
                out.append(para(b))
            elif isinstance(b, Table):
                width = max(len(r) for r in b.rows)
                out.extend(c for r in b.rows for c in r + [""] * (width - len(r)))
            else:
                head = (b.number or "") + b.heading
                rest = b.body
                if b.runin and rest and isinstance(rest[0], Paragraph):
                    head, rest = head + para(rest[0]), rest[1:]
                out.append(head)
                blocks(rest)

    frame = doc.frame
    if frame is not None and frame.recipients and doc.salutation is None:
        out[-1] = frame.recipients          # the 主送 stands where a salutation does
    blocks(doc.body)
    out += [*doc.closing, doc.signature, doc.date]
    if frame is not None:       # the frame's tab stops (上行文 字号, 印发 line) are layout, not text
        return [t.replace("\t", "") for t in _frame_head(frame) + out + _frame_tail(frame) if t]
    return [t for t in out if t]


def _frame_head(frame):
    """The 版头 as the writer prints it (DESIGN.md §3b), written out independently."""
    h = frame.header
    if h is None or not h.issuer:
        return []
    no = (h.doc_no or "") + (f"签发人：{h.signer}" if h.signer else "")
    if frame.genre == "letter":     # 信函: 标志, then 份号 (left) and 发文字号 (right) on one line
        lefts = [v for v in (h.copy_no, h.secret, h.urgency) if v]
        return [h.issuer + (h.issuer_suffix or ""), (lefts[0] if lefts else "") + no, *lefts[1:]]
    return [h.copy_no, h.secret, h.urgency, h.issuer + (h.issuer_suffix or ""), no]


def _frame_tail(frame):
    out = []
    items = frame.attachments
    if len(items) == 1:
        out.append("附件：" + items[0])
    else:
        out += [("附件：" if i == 1 else "") + f"{i}.{name}" for i, name in enumerate(items, 1)]
    out += [f"{label}：{names}" for label, names in frame.attendance]
    if frame.sign is not None:
        out += [frame.sign.org, frame.sign.date]
    if frame.note:
        out.append(f"（{frame.note}）")
    for i, annex in enumerate(frame.annexes, 1):
        out.append("附件" if len(frame.annexes) == 1 else f"附件{i}")
        out += expected_texts(annex)
    if frame.imprint is not None:
        if frame.imprint.cc:
            out.append("抄送：" + "，".join(frame.imprint.cc) + "。")
        if frame.imprint.org and frame.genre != "letter":      # 信函: no 印发 line
            out.append(frame.imprint.org + (frame.imprint.date or "") + "印发")
    return out


def output_texts(d):
    """Non-empty paragraph texts of the body in document order, table cells included."""
    out = []
    for child in d.element.body.iterchildren():
        if child.tag == W + "p":
            text = "".join(run_text(r) for r in iter_runs(child))
            if text:
                out.append(text)
        elif child.tag == W + "tbl":
            for tc in child.iter(W + "tc"):
                text = "".join(run_text(r) for p in tc.iter(W + "p") for r in iter_runs(p))
                if text:
                    out.append(text)
    return out


def char_style(props):
    """The run's character style id, None for the default paragraph font."""
    return props.char_style_id if props.char_style_id in STYLE_ID_ROLES else None


def is_wide(ch):
    return unicodedata.east_asian_width(ch) in ("W", "F")


def needs_cjk_font_run(text, i):
    """Would LibreOffice draw the ambiguous mark text[i] in the Latin font without a run of its own?

    Measured (LibreOffice 7.4): · and × are Latin script everywhere; “”‘’——…… take the script of
    the character before them, skipping other such marks (at the start of a paragraph: of the
    first other character after them)."""
    weak = set("“”‘’—―…")
    if text[i] in "·×":
        return True
    if text[i] not in weak:
        return False
    before = [c for c in text[:i] if c not in weak]
    context = before[-1] if before else next((c for c in text[i + 1:] if c not in weak), "")
    return not (context and is_wide(context))


def check_formatting(d, style):
    """Every paragraph and run has its role's effective formatting; returns the roles seen."""
    res = Resolver(d)
    seen = []
    paragraphs = list(d.paragraphs) + [p for t in d.tables for row in t.rows for c in row.cells
                                       for p in c.paragraphs]
    for p in paragraphs:
        if p._p.pPr is not None and p._p.pPr.find(W + "jc") is not None:
            continue        # a 公文 frame paragraph: direct formatting, tested in tests/test_frame.py
        pp = res.para_props(p)
        role_name = STYLE_ID_ROLES[pp.style_id]
        role = style.role(role_name)
        seen.append(role_name)
        assert pp.alignment == role.align, (role_name, p.text)
        assert pp.first_line_chars == round(role.first_line_chars * 100), (role_name, p.text)
        assert pp.first_line_twips == role.chars_to_twips(role.first_line_chars), (role_name, p.text)
        assert pp.left_twips == 0 and pp.hanging_twips == 0
        assert pp.right_twips == role.chars_to_twips(role.right_chars)
        assert pp.space_before_twips == round(role.space_before_pt * 20)
        assert pp.space_after_twips == round(role.space_after_pt * 20)
        assert pp.before_lines == pp.after_lines == 0
        if role.line_spacing in ("grid", "single"):
            assert (pp.line_rule, pp.line_twips) == ("auto", 240)
            assert pp.snap_to_grid is (role.line_spacing == "grid")
        else:
            assert (pp.line_rule, pp.line_twips) == ("exact", round(role.line_spacing * 20))
        expected_outline = role.outline_level
        assert pp.outline_level == expected_outline, (role_name, p.text)
        assert not pp.num_pr
        para_text = "".join(run_text(r) for r in iter_runs(p))
        offset = 0
        for r in iter_runs(p):
            rp = res.run_props(p, r)
            run_role = style.role(STYLE_ID_ROLES[char_style(rp)]) if char_style(rp) else role
            text = run_text(r)
            start = offset
            offset += len(text)
            assert rp.east_asia_font == run_role.font, (text, rp)
            own_run = [needs_cjk_font_run(para_text, i) for i in range(start, offset)]
            # ambiguous punctuation LibreOffice would draw in Times has its own run in the CJK font;
            # everything else keeps the role's Latin font for Latin and digits
            assert all(own_run) or not any(own_run), text
            latin = run_role.font if text and all(own_run) else run_role.latin_font
            assert rp.ascii_font == rp.h_ansi_font == latin, (text, rp)
            assert rp.size_pt == run_role.size_pt, text
            assert rp.bold is run_role.bold, text
            assert rp.letter_spacing_pt == run_role.letter_spacing_pt, text
            assert not rp.italic and rp.underline is None and rp.color is None
    return seen


@pytest.fixture(scope="module")
def style():
    return load_style()


@pytest.fixture(scope="module")
def rich(style):
    data = render_docx(rich_document(), style)
    return data, docx.Document(io.BytesIO(data))


def test_every_character_of_the_model_appears_in_order(rich):
    _, d = rich
    assert output_texts(d) == expected_texts(rich_document())


def test_every_paragraph_and_run_has_its_roles_effective_formatting(rich, style):
    _, d = rich
    seen = check_formatting(d, style)
    assert set(seen) == {"title", "subtitle", "salutation", "body", "h1", "h2", "h3", "h4", "closing",
                         "signature", "table", "table_header"}


def test_title_block_then_blank_lines_then_flush_left_salutation(rich, style):
    _, d = rich
    paras = d.paragraphs
    blanks = style.role("title").blank_lines_after
    assert blanks >= 1
    assert [p.style.style_id for p in paras[:3]] == ["GwTitle", "GwSubtitle", "GwSubtitle"]
    assert all(p.text == "" and not p.runs for p in paras[3:3 + blanks])
    salutation = paras[3 + blanks]
    assert (salutation.style.style_id, salutation.text) == ("GwSalutation", "同志们：")
    pp = Resolver(d).para_props(salutation)
    assert (pp.alignment, pp.first_line_twips, pp.left_twips) == ("left", 0, 0)
    title = Resolver(d).para_props(paras[0])
    assert title.alignment == "center" and title.first_line_twips == 0


def test_run_in_heading_is_one_paragraph_heading_in_level_font_rest_in_body_font(rich, style):
    _, d = rich
    res = Resolver(d)
    (p,) = [p for p in d.paragraphs if p.text.startswith("（一）强化党建")]
    assert p.style.style_id == ROLE_STYLE_IDS["body"]
    runs = list(iter_runs(p))
    styles = [char_style(res.run_props(p, r)) for r in runs]
    heading = "".join(run_text(r) for r, s in zip(runs, styles) if s == RUNIN_STYLE_IDS["h2"])
    lead = "".join(run_text(r) for r, s in zip(runs, styles) if s == ROLE_STYLE_IDS["lead"])
    rest = "".join(run_text(r) for r, s in zip(runs, styles) if s is None)
    assert heading == "（一）强化党建“主业”职责意识。"
    assert lead == "一要提高站位。"
    assert rest == "各级党委（组）是落实基层党建的“责任主体”。"
    # the order is heading, lead, text
    assert styles.index(ROLE_STYLE_IDS["lead"]) > max(i for i, s in enumerate(styles) if s == RUNIN_STYLE_IDS["h2"])
    fonts = {res.run_props(p, r).east_asia_font for r, s in zip(runs, styles) if s == RUNIN_STYLE_IDS["h2"]}
    assert fonts == {style.role("h2").font} != {style.role("body").font}
    # a run-in heading with no paragraph to run into stands alone in its heading style
    (alone,) = [p for p in d.paragraphs if p.text == "二、突出重点"]
    assert alone.style.style_id == "GwH1"
    # the level-4 run-in keeps its number in the heading run
    (h4,) = [p for p in d.paragraphs if p.text.startswith("（1）健全台账。")]
    first = list(iter_runs(h4))[0]
    assert res.run_props(h4, first).char_style_id == "GwH4Run" and run_text(first) == "（1）健全台账。"


def test_lead_sentence_is_its_own_run_in_the_lead_style(rich, style):
    _, d = rich
    res = Resolver(d)
    (p,) = [p for p in d.paragraphs if p.text.startswith("一是政治建设")]
    runs = list(iter_runs(p))
    assert run_text(runs[0]) == "一是政治建设进一步强化。"
    props = res.run_props(p, runs[0])
    assert props.char_style_id == "GwLead" and props.east_asia_font == style.role("lead").font
    assert char_style(res.run_props(p, runs[1])) is None


def styles_root(data):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/styles.xml"))


def direct(run, tag):
    """The run's direct w:rPr child ``tag`` (None when the style decides)."""
    return run.find(f"{W}rPr/{W}{tag}")


def test_every_style_draws_ambiguous_punctuation_in_the_chinese_font_in_word(rich, style):
    """Word draws “”——……·× with the east-Asian font when the rFonts hint says eastAsia and the
    east-Asian language is Chinese: every style that sets fonts says so."""
    data, _ = rich
    root = styles_root(data)
    fonts = root.findall(f".//{W}rFonts")
    assert len(fonts) >= len(ROLE_STYLE_IDS) + len(RUNIN_STYLE_IDS)
    assert all(f.get(W + "hint") == "eastAsia" for f in fonts)
    for role_name, style_id in list(ROLE_STYLE_IDS.items()) + list(RUNIN_STYLE_IDS.items()):
        (node,) = root.xpath("w:style[@w:styleId=$id]", namespaces={"w": W[1:-1]}, id=style_id)
        rfonts = node.find(f"{W}rPr/{W}rFonts")
        assert rfonts.get(W + "eastAsia") == style.role(role_name).font, style_id
    for lang in root.iter(W + "lang"):
        assert (lang.get(W + "val"), lang.get(W + "eastAsia")) == ("en-US", "zh-CN")


def test_ambiguous_chinese_punctuation_stays_in_the_chinese_font(rich, style):
    _, d = rich
    res = Resolver(d)
    body_font = style.role("body").font

    def own_runs(p):
        """Texts of the runs that name the CJK font in every slot; the others are checked plain."""
        out = []
        for r in iter_runs(p):
            text, props = run_text(r), res.run_props(p, r)
            if direct(r, "rFonts") is not None:
                # LibreOffice would draw these in Times (narrow quote, Latin ×): the run names the
                # Chinese font in every slot, with the hint and Chinese line breaking
                assert props.ascii_font == props.h_ansi_font == props.east_asia_font == body_font
                assert direct(r, "rFonts").get(W + "hint") == "eastAsia"
                assert direct(r, "lang").get(W + "val") == "zh-CN"
                out.append(text)
            else:
                # after Chinese text the marks stay in the surrounding run (the style's hint draws
                # them in the Chinese font in Word; a direct rFonts costs LibreOffice characters
                # per line), and Latin and digits keep Times New Roman
                assert direct(r, "lang") is None, text
                assert props.ascii_font == "Times New Roman" and props.east_asia_font == body_font
        return out

    (p,) = [p for p in d.paragraphs if p.text.startswith("全县落实")]
    assert own_runs(p) == ["”", "×××", "·"]
    plain = "".join(run_text(r) for r in iter_runs(p) if direct(r, "rFonts") is None)
    assert [c for c in plain if c in AMBIGUOUS_CJK_PUNCT] == list("“——……")
    # a paragraph that opens with a quote before a digit: the opening mark goes with the digit
    (q,) = [p for p in d.paragraphs if p.text.startswith("“2026”")]
    assert own_runs(q) == ["“", "”", "“"]
    assert [run_text(r) for r in iter_runs(q)][:4] == ["“", "2026", "”", "年，GDP"]
    # a paragraph of nothing but an ellipsis has no Chinese to take the script from
    (e,) = [p for p in d.paragraphs if p.text == "……"]
    assert own_runs(e) == ["……"]


def test_placeholders_may_break_but_latin_words_and_numbers_do_not(rich):
    """Runs of X placeholders are tagged zh-CN so LibreOffice may break after "XXX、"; Latin words
    and numbers keep en-US (zh-CN would let "2026" break inside, OOXML_NOTES.md §6)."""
    _, d = rich
    (p,) = [p for p in d.paragraphs if p.text.startswith("请XXX")]
    tagged = [run_text(r) for r in iter_runs(p) if direct(r, "lang") is not None]
    assert tagged == ["XXX", "XXX", "xx", "X"]
    for r in iter_runs(p):
        lang = direct(r, "lang")
        if lang is not None:
            assert re.fullmatch("X+|x+", run_text(r))
            assert (lang.get(W + "val"), lang.get(W + "eastAsia")) == ("zh-CN", "zh-CN")
            assert direct(r, "rFonts") is None       # the Latin font stays Times New Roman
    latin = "".join(run_text(r) for r in iter_runs(p) if direct(r, "lang") is None)
    assert "XXL" in latin and "Xbox" in latin and "2026" in latin and "X5" in latin


def test_template_syntax_markup_and_tabs_in_content_come_out_verbatim(rich):
    data, d = rich
    (p,) = [p for p in d.paragraphs if p.text.startswith("模板语法")]
    assert p.text == TRICKY
    assert [c.tag for r in iter_runs(p) for c in r if c.tag in (W + "tab", W + "br")] == [W + "tab"]
    cells = [c.text for row in d.tables[0].rows for c in row.cells]
    assert "A&B<c>" in cells and "{{ x }}" in cells
    assert d.core_properties.author == "县委办 {{ author }}"
    assert d.core_properties.title == "在县委党建工作领导小组会议上的讲话"


def test_control_characters_neither_split_paragraphs_nor_break_pages(style):
    doc = Document(body=[Paragraph("甲\a乙\f丙\x00丁"), Paragraph("上一行\n下一行")])
    d = docx.Document(io.BytesIO(render_docx(doc, style)))
    texts = [p.text for p in d.paragraphs]
    assert texts == ["甲乙丙丁", "上一行\n下一行"]
    assert not d.element.body.xpath(".//w:br[@w:type='page']")


def test_table_header_rows_and_ragged_rows(rich, style):
    _, d = rich
    (table,) = d.tables
    assert len(table.columns) == 3
    rows = table.rows
    assert [c.paragraphs[0].style.style_id for c in rows[0].cells] == ["GwTableHeader"] * 3
    assert [c.paragraphs[0].style.style_id for c in rows[1].cells] == ["GwTable"] * 3
    assert [c.text for c in rows[1].cells] == ["党建述职", "组织部", ""]
    assert rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert rows[1]._tr.find(f"{W}trPr/{W}tblHeader") is None
    assert table.style.style_id == "GwTableGrid"


def test_sign_off_is_right_aligned_after_a_blank_line(rich, style):
    _, d = rich
    paras = d.paragraphs
    assert [p.text for p in paras[-2:]] == ["县委办公室", "2026年3月5日"]
    before = style.role("signature").blank_lines_before
    assert all(p.text == "" for p in paras[-2 - before:-2])
    pp = Resolver(d).para_props(paras[-1])
    assert pp.alignment == "right" and pp.right_twips == style.role("signature").chars_to_twips(4)


def test_output_is_deterministic_and_keeps_page_setup(rich, style):
    data, d = rich
    assert render_docx(rich_document(), style) == data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = zf.namelist()
        settings = etree.fromstring(zf.read("word/settings.xml"))
    assert not any("theme" in n for n in names)
    assert settings.find(W + "evenAndOddHeaders") is not None
    sect = d.sections[0]
    assert sect.even_page_footer.paragraphs[0].text.replace(" PAGE ", "") and sect.footer.paragraphs
    grid = d.element.body.find(f"{W}sectPr/{W}docGrid")
    assert grid.get(W + "type") == "lines" and grid.get(W + "linePitch") == "579"


def test_a_user_rule_set_without_template_gets_its_own_styles(tmp_path):
    raw = load_raw()
    raw["roles"]["body"]["font"] = "方正仿宋_GBK"
    raw["roles"]["body"]["line_spacing"] = 29
    raw["roles"]["h1"]["font"] = "方正黑体_GBK"
    user = build_style(raw)          # no path: still not the built-in rule set
    doc = rich_document()
    d = docx.Document(io.BytesIO(render_docx(doc, user)))
    check_formatting(d, user)
    res = Resolver(d)
    body = [p for p in d.paragraphs if p.style.style_id == "GwBody" and p.text][0]
    assert res.run_props(body, list(iter_runs(body))[-1]).east_asia_font == "方正仿宋_GBK"
    assert (res.para_props(body).line_rule, res.para_props(body).line_twips) == ("exact", 580)
    assert output_texts(d) == expected_texts(doc)


def test_template_problems_are_reported_not_raised_as_tracebacks(tmp_path, style):
    with pytest.raises(DocgenError) as err:
        render_docx(rich_document(), style, tmp_path / "missing.docx")
    assert "找不到模板" in err.value.message
    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    with pytest.raises(DocgenError) as err:
        render_docx(rich_document(), style, plain)
    assert "GwBody" in err.value.message and "docgen template" in err.value.message
    junk = tmp_path / "junk.docx"
    junk.write_text("not a zip")
    with pytest.raises(DocgenError):
        render_docx(rich_document(), style, junk)


def test_an_explicit_template_is_used(tmp_path, style):
    from docgen.writers.template import build_template
    raw = load_raw()
    raw["roles"]["title"]["font"] = "华文中宋"
    custom = tmp_path / "custom.docx"
    custom.write_bytes(build_template(build_style(raw)))
    d = docx.Document(io.BytesIO(render_docx(rich_document(), style, custom)))
    title = d.paragraphs[0]
    assert Resolver(d).run_props(title, list(iter_runs(title))[0]).east_asia_font == "华文中宋"


def test_more_than_four_levels_is_an_error(style):
    deep = Section("1", body=[Section("2", body=[Section("3", body=[Section("4", body=[
        Section("5", line=12)])])])])
    with pytest.raises(DocgenError) as err:
        render_docx(Document(body=[deep]), style)
    assert err.value.line == 12


# -- the examples, through the real pipeline ----------------------------------------------------------

def content_examples():
    return sorted(p for p in (ROOT / "examples").glob("*.yaml") if not p.name.startswith("style-"))


@pytest.mark.parametrize("path", content_examples(), ids=lambda p: p.stem)
def test_every_example_builds_with_its_roles_formatting_and_all_its_text(path, tmp_path, style):
    from docgen.api import build_file
    from docgen.readers import yaml as yaml_reader

    out = tmp_path / "out.docx"
    build_file(path, out)
    d = docx.Document(str(out))
    check_formatting(d, style)
    doc = yaml_reader.read(path)
    texts = output_texts(d)
    if doc.frame is not None:
        texts = [t.replace("\t", "") for t in texts]
    assert texts == expected_texts(doc)


def test_examples_exist():
    assert len(content_examples()) >= 6
