"""One reading of a .docx (readers/docx/reading.py): parsed once, its paragraph view 1:1 with
python-docx's ``Document.paragraphs``, its style facts from the one resolver, and format's
content view derived from it."""

from __future__ import annotations

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docgen.ooxml.resolve import Resolver, numbering_of, style_name
from docgen.readers.docx.content import read_units
from docgen.readers.docx.interpret import read_docx
from docgen.readers.docx.reading import DocxReading


def _document_with_extras():
    """Body paragraphs, a content control, custom XML, a one-cell frame table and a real table."""
    d = docx.Document()
    d.add_paragraph("关于做好防汛工作的通知")
    d.add_paragraph("各乡镇：")
    body = d.element.body
    sect = body[-1]
    sect.addprevious(parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>控件中的段落。</w:t></w:r></w:p>'
                               f'</w:sdtContent></w:sdt>'))
    sect.addprevious(parse_xml(f'<w:customXml {nsdecls("w")} w:element="x"><w:p><w:r><w:t>自定义标记中的段落。</w:t>'
                               f'</w:r></w:p></w:customXml>'))
    frame = d.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "框中的正文。"
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "任务"
    table.cell(1, 0).text = "排查"
    d.add_paragraph("特此通知。")
    return d


def test_paragraph_view_is_one_to_one_with_python_docx():
    d = _document_with_extras()
    reading = DocxReading(d)
    units = reading.paragraph_units()
    assert [p._p for p in reading.paragraphs] == [p._p for p in d.paragraphs]
    assert [u.index for u in units] == list(range(1, len(d.paragraphs) + 1))
    assert [u.text for u in units] == [p.text for p in d.paragraphs]
    # the rest of the body is in the reading too, marked
    extras = [b.unit for b in reading.blocks if not b.in_paragraphs]
    assert [u.text for u in extras if u.hints.sdt] == ["控件中的段落。", "自定义标记中的段落。", "框中的正文。"]
    assert [u.table for u in extras if u.kind == "table"] == [[["任务", ""], ["排查", ""]]]
    assert reading.scan.paragraphs == reading.paragraphs


def test_style_facts_come_from_the_resolver():
    d = docx.Document()
    strong = d.styles.add_style("Strong Para", WD_STYLE_TYPE.PARAGRAPH)
    strong.base_style = d.styles["Normal"]
    strong.font.bold = True
    d.add_paragraph("加强组织领导", style="List Number")       # numbered through its style
    d.add_paragraph("压实工作责任", style="List Number")
    d.add_paragraph("一段粗体的正文。", style="Strong Para")  # bold through its style chain
    plain = d.add_paragraph()
    plain.add_run("前半粗体").bold = True
    plain.add_run("后半不粗")
    reading = DocxReading(d)
    units = reading.paragraph_units()
    assert [u.auto_number for u in units] == ["1.", "2.", None, None]
    assert [u.text for u in units][:2] == ["1.加强组织领导", "2.压实工作责任"]
    assert [u.bold for u in units] == [False, False, True, False]
    res = reading.resolver
    assert units[0].style_name == style_name(res, res.style_id_of(d.paragraphs[0])) == "List Number"
    for p in d.paragraphs:
        props = res.para_props(p)
        assert numbering_of(res, p, res.style_id_of(p)) == (props.num_id, props.num_level)


def test_check_reads_through_one_resolver_and_one_scan():
    d = _document_with_extras()
    resolver = Resolver(d)
    reading, units = read_docx(d, resolver)
    assert reading.resolver is resolver
    assert [u.text for u in units] == [p.text for p in d.paragraphs]


def test_format_view_is_derived_from_the_same_reading(tmp_path):
    d = _document_with_extras()
    p = d.add_paragraph()
    run = p.add_run("联系人：张三")
    run.add_break()
    p.add_run("联系电话：12345678")
    path = tmp_path / "extras.docx"
    d.save(str(path))
    texts = [u.text for u in read_units(path) if u.kind != "table"]
    # content-control, custom XML and frame paragraphs are content; the label lines are split
    assert texts == ["关于做好防汛工作的通知", "各乡镇：", "控件中的段落。", "自定义标记中的段落。", "框中的正文。",
                     "特此通知。", "联系人：张三", "联系电话：12345678"]
