"""Effective formatting resolution (docgen/resolve.py) on real python-docx documents."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml

from docgen.ooxml.resolve import Resolver, iter_runs, run_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def add_style(doc, xml: str) -> None:
    doc.styles.element.append(parse_xml(xml.replace("<w:style ", f"<w:style {W} ", 1)))


def set_doc_defaults(doc, rpr: str = "", ppr: str = "") -> None:
    styles = doc.styles.element
    old = styles.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docDefaults")
    if old is not None:
        styles.remove(old)
    styles.insert(0, parse_xml(
        f"<w:docDefaults {W}><w:rPrDefault><w:rPr>{rpr}</w:rPr></w:rPrDefault>"
        f"<w:pPrDefault><w:pPr>{ppr}</w:pPr></w:pPrDefault></w:docDefaults>"))


def para(doc, text, style=None, ppr="", rpr=""):
    p = doc.add_paragraph()
    if style:
        ppr = f'<w:pStyle w:val="{style}"/>' + ppr
    if ppr:
        p._p.insert(0, parse_xml(f"<w:pPr {W}>{ppr}</w:pPr>"))
    p._p.append(parse_xml(f"<w:r {W}><w:rPr>{rpr}</w:rPr><w:t>{text}</w:t></w:r>"))
    return p


def roundtrip(doc):
    """Save and reopen, so the resolver reads what a file on disk holds."""
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    return docx.Document(buf)


@pytest.fixture
def doc():
    d = docx.Document()
    set_doc_defaults(d, rpr='<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
                          'w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/>')
    add_style(d, '<w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/>'
                 '<w:pPr><w:ind w:firstLineChars="200" w:firstLine="630"/><w:jc w:val="both"/>'
                 '<w:spacing w:line="579" w:lineRule="exact"/></w:pPr>'
                 '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:spacing w:val="-5"/></w:rPr></w:style>')
    add_style(d, '<w:style w:type="paragraph" w:styleId="Child"><w:name w:val="Child"/>'
                 '<w:basedOn w:val="Base"/><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>')
    add_style(d, '<w:style w:type="paragraph" w:styleId="GrandChild"><w:name w:val="GrandChild"/>'
                 '<w:basedOn w:val="Child"/><w:pPr><w:ind w:hanging="320"/><w:jc w:val="distribute"/>'
                 '</w:pPr><w:rPr><w:b w:val="0"/><w:i/></w:rPr></w:style>')
    add_style(d, '<w:style w:type="character" w:styleId="Strong2"><w:name w:val="Strong2"/>'
                 '<w:rPr><w:b/><w:rFonts w:eastAsia="楷体_GB2312"/><w:color w:val="FF0000"/></w:rPr></w:style>')
    return d


def test_based_on_chain_and_doc_defaults(doc):
    p = para(doc, "正文", style="Child")
    d = roundtrip(doc)
    p = d.paragraphs[-1]
    rp = Resolver(d).run_props(p, p.runs[0])
    assert rp.east_asia_font == "黑体"             # from Base, two levels up
    assert rp.ascii_font == "Times New Roman"      # from docDefaults
    assert rp.size_pt == 14                        # Child's sz 28 beats docDefaults 32
    assert rp.bold is True
    assert rp.letter_spacing_pt == -0.25
    pp = Resolver(d).para_props(p)
    assert pp.style_id == "Child"
    assert (pp.first_line_chars, pp.first_line_twips, pp.hanging_twips) == (200, 630, 0)
    assert (pp.line_rule, pp.line_twips, pp.alignment) == ("exact", 579, "both")


def test_unstyled_paragraph_uses_doc_defaults_and_word_defaults():
    d = docx.Document()
    set_doc_defaults(d, rpr='<w:rFonts w:eastAsia="仿宋_GB2312"/>')
    # drop the Normal style's own formatting so only docDefaults and Word's defaults remain
    p = para(d, "文字")
    rp = Resolver(d).run_props(p, p.runs[0])
    assert rp.east_asia_font == "仿宋_GB2312"
    assert rp.size_pt == 10                        # Word's built-in default: nothing sets w:sz
    assert rp.ascii_font == "Times New Roman"


def test_hanging_in_nearer_style_cancels_first_line_and_jc_mapping(doc):
    p = para(doc, "条文", style="GrandChild")
    pp = Resolver(doc).para_props(p)
    assert pp.hanging_twips == 320 and pp.first_line_twips == 0
    assert pp.first_line_chars == 200              # the *Chars choice is separate and inherited
    assert pp.alignment == "both"                  # distribute counts as justified


def test_toggles(doc):
    r = Resolver(doc)
    bare = para(doc, "甲", style="Base", rpr="<w:b/>")
    off = para(doc, "乙", style="Child", rpr='<w:b w:val="0"/>')
    false_word = para(doc, "丙", style="Child", rpr='<w:b w:val="false"/>')
    inherited_off = para(doc, "丁", style="GrandChild")
    assert r.run_props(bare, bare.runs[0]).bold is True
    assert r.run_props(off, off.runs[0]).bold is False
    assert r.run_props(false_word, false_word.runs[0]).bold is False
    gc = r.run_props(inherited_off, inherited_off.runs[0])
    assert gc.bold is False and gc.italic is True  # nearest style in the chain wins


def test_character_style_over_paragraph_style_and_toggle_xor(doc):
    p = para(doc, "加粗", style="Child", rpr='<w:rStyle w:val="Strong2"/>')
    q = para(doc, "楷体", style="Base", rpr='<w:rStyle w:val="Strong2"/>')
    direct = para(doc, "直接", style="Base", rpr='<w:rStyle w:val="Strong2"/><w:rFonts w:eastAsia="仿宋"/>'
                                                 '<w:color w:val="auto"/>')
    r = Resolver(doc)
    rp = r.run_props(p, p.runs[0])
    assert rp.east_asia_font == "楷体_GB2312"
    assert rp.bold is False                        # bold in both style kinds cancels out
    assert rp.color == "FF0000"
    assert rp.char_style_id == "Strong2"
    assert r.run_props(q, q.runs[0]).bold is True
    rd = r.run_props(direct, direct.runs[0])
    assert rd.east_asia_font == "仿宋" and rd.color is None


def test_theme_fonts_resolve_and_win_over_explicit_names():
    d = docx.Document()
    set_doc_defaults(d, rpr='<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" '
                          'w:eastAsiaTheme="minorEastAsia" w:eastAsia="仿宋_GB2312"/>')
    add_style(d, '<w:style w:type="paragraph" w:styleId="Head"><w:name w:val="Head"/>'
                 '<w:rPr><w:rFonts w:eastAsiaTheme="majorEastAsia" w:asciiTheme="majorHAnsi"/></w:rPr></w:style>')
    theme_part = next(rel.target_part for rel in d.part.rels.values() if rel.reltype.endswith("/theme"))
    blob = theme_part.blob.decode("utf-8")
    # python-docx's default theme: a:ea is empty, the Hans script font is 宋体
    assert '<a:ea typeface=""/>' in blob and 'script="Hans" typeface="宋体"' in blob
    p = para(d, "正文")
    h = para(d, "标题", style="Head")
    d = roundtrip(d)
    p, h = d.paragraphs[-2], d.paragraphs[-1]
    r = Resolver(d)
    rp = r.run_props(p, p.runs[0])
    assert rp.east_asia_font == "宋体"             # theme attribute beats w:eastAsia on the same level
    assert rp.ascii_font == "Cambria" and rp.h_ansi_font == "Cambria"
    rh = r.run_props(h, h.runs[0])
    assert rh.east_asia_font == "宋体" and rh.ascii_font == "Calibri"


def test_theme_ea_typeface_preferred_over_script_font():
    d = docx.Document()
    set_doc_defaults(d, rpr='<w:rFonts w:eastAsiaTheme="minorEastAsia"/>')
    theme_part = next(rel.target_part for rel in d.part.rels.values() if rel.reltype.endswith("/theme"))
    blob = theme_part.blob.decode("utf-8")
    minor = blob.index("<a:minorFont>")
    blob = blob[:minor] + blob[minor:].replace('<a:ea typeface=""/>', '<a:ea typeface="等线"/>', 1)
    theme_part._blob = blob.encode("utf-8")
    p = para(d, "正文")
    assert Resolver(d).run_props(p, p.runs[0]).east_asia_font == "等线"


def test_numbering_through_style_and_num_id_zero():
    d = docx.Document()
    add_style(d, '<w:style w:type="paragraph" w:styleId="Listed"><w:name w:val="Listed"/>'
                 '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    listed = para(d, "一", style="Listed")
    direct = para(d, "二", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>')
    cancelled = para(d, "三", style="Listed", ppr='<w:numPr><w:numId w:val="0"/></w:numPr>')
    r = Resolver(d)
    assert r.para_props(listed).num_pr is True
    assert r.para_props(direct).num_pr is True
    assert r.para_props(cancelled).num_pr is False
    assert r.para_props(para(d, "四")).num_pr is False


def test_numbering_level_indent_between_direct_and_style():
    d = docx.Document()
    numbering = next(rel.target_part for rel in d.part.rels.values() if rel.reltype.endswith("/numbering"))
    numbering.element.append(parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="777"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
        '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'))
    numbering.element.append(parse_xml(f'<w:num {W} w:numId="999"><w:abstractNumId w:val="777"/></w:num>'))
    p = para(d, "甲", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="999"/></w:numPr>')
    q = para(d, "乙", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="999"/></w:numPr><w:ind w:firstLine="640"/>')
    r = Resolver(d)
    pp = r.para_props(p)
    assert (pp.left_twips, pp.hanging_twips, pp.first_line_twips) == (720, 360, 0)
    qq = r.para_props(q)
    assert (qq.left_twips, qq.hanging_twips, qq.first_line_twips) == (720, 0, 640)


def test_based_on_cycle_terminates_and_unknown_style_falls_back():
    d = docx.Document()
    add_style(d, '<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/>'
                 '<w:rPr><w:sz w:val="44"/></w:rPr></w:style>')
    add_style(d, '<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/>'
                 '<w:rPr><w:i/></w:rPr></w:style>')
    a = para(d, "环", style="A")
    ghost = para(d, "无", style="NoSuchStyle")
    r = Resolver(d)
    rp = r.run_props(a, a.runs[0])
    assert rp.size_pt == 22 and rp.italic is True
    assert r.para_props(ghost).style_id == "Normal"


def test_paragraph_defaults_grid_kinsoku_spacing():
    d = docx.Document()
    p = para(d, "甲", ppr='<w:snapToGrid w:val="0"/><w:kinsoku w:val="0"/>'
                         '<w:spacing w:before="120" w:afterLines="50"/><w:outlineLvl w:val="9"/>')
    q = para(d, "乙", ppr='<w:outlineLvl w:val="1"/><w:jc w:val="center"/>')
    r = Resolver(d)
    pp = r.para_props(p)
    assert pp.snap_to_grid is False and pp.kinsoku is False
    assert pp.space_before_twips == 120 and pp.after_lines == 50
    assert pp.outline_level is None                # 9 = body text
    qq = r.para_props(q)
    assert qq.outline_level == 1 and qq.alignment == "center" and qq.kinsoku is True


def test_iter_runs_skips_deleted_text_and_enters_hyperlinks():
    d = docx.Document()
    p = d.add_paragraph()
    p._p.append(parse_xml(f'<w:r {W}><w:t>可见</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="x"><w:r><w:delText>删除</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:hyperlink {W}><w:r><w:t>链接</w:t><w:br/></w:r></w:hyperlink>'))
    assert [run_text(r) for r in iter_runs(p)] == ["可见", "链接\n"]


def test_highlight_underline_shading_values():
    d = docx.Document()
    p = para(d, "标", rpr='<w:u w:val="single"/><w:highlight w:val="yellow"/><w:shd w:val="clear" w:fill="ffff00"/>')
    q = para(d, "无", rpr='<w:u w:val="none"/><w:highlight w:val="none"/><w:shd w:val="clear" w:fill="auto"/>')
    r = Resolver(d)
    rp = r.run_props(p, p.runs[0])
    assert (rp.underline, rp.highlight, rp.shading) == ("single", "yellow", "FFFF00")
    rq = r.run_props(q, q.runs[0])
    assert (rq.underline, rq.highlight, rq.shading) == (None, None, None)
