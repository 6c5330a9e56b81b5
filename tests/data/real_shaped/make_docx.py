"""Write the Word files of the real-shaped corpus (run: python tests/data/real_shaped/make_docx.py).

Each file is the shape of an office Word file that docgen met in the wild: pictures (inline and
floating), Word bullets and auto-numbered headings, a header holding a 密级, soft line breaks,
footnotes, endnotes, comments, ruby, hidden text, an equation, tracked changes, a speech laid out
in a table, content controls and custom XML.  The text is written here, not copied.  The output
is reproducible: fixed zip timestamps and core properties.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm

HERE = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def png(width: int = 8, height: int = 6, rgb=(200, 30, 30)) -> bytes:
    """A tiny solid-colour PNG (no imaging library needed)."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def new_doc() -> docx.Document:
    d = docx.Document()
    props = d.core_properties
    import datetime as _dt

    fixed = _dt.datetime(2026, 1, 1)
    props.created = props.modified = fixed
    props.last_printed = fixed
    props.author = props.last_modified_by = "docgen-corpus"
    props.revision = 1
    return d


def save(d: docx.Document, name: str) -> Path:
    buf = io.BytesIO()
    d.save(buf)
    out = HERE / name
    # reproducible bytes: the same member order, fixed timestamps
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out


def add_xml_paragraph(d: docx.Document, inner: str) -> None:
    """Append ``<w:p>inner</w:p>`` to the body (before the section properties)."""
    p = parse_xml(f'<w:p {NS} xmlns:m="{M}">{inner}</w:p>')
    d.element.body.sectPr.addprevious(p)


def add_block_xml(d: docx.Document, xml: str) -> None:
    el = parse_xml(xml)
    d.element.body.sectPr.addprevious(el)


def run(text: str, props: str = "") -> str:
    return f'<w:r>{"<w:rPr>" + props + "</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def add_part(d: docx.Document, partname: str, content_type: str, reltype: str, xml: str) -> str:
    part = Part(PackURI(partname), content_type, xml.encode("utf-8"), d.part.package)
    return d.part.relate_to(part, reltype)


# -- the files -----------------------------------------------------------------------------------

def pictures() -> Path:
    """A 情况报告 with an inline picture, a floating picture and captions."""
    d = new_doc()
    d.add_paragraph("关于全县高标准农田建设进展情况的报告")
    d.add_paragraph("县人民政府：")
    d.add_paragraph("2026年，全县计划建设高标准农田5.2万亩，截至6月底已完成3.8万亩，占年度任务的73.1%。现将有关情况报告如下。")
    d.add_paragraph("一、建设进展")
    d.add_paragraph("各乡镇按照统一规划、集中连片的要求推进建设，项目区灌排设施基本配套。")
    d.add_paragraph().add_run().add_picture(io.BytesIO(png()), width=Cm(4))
    d.add_paragraph("图1 城关镇项目区灌溉渠道")
    # a floating picture: the same drawing turned into wp:anchor
    p = d.add_paragraph("项目区田间道路已硬化42公里。")
    p.add_run().add_picture(io.BytesIO(png(rgb=(30, 120, 30))), width=Cm(3))
    inline = p._p.xpath(".//wp:inline")[0]
    anchor = parse_xml(
        '<wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV></wp:anchor>')
    for child in list(inline):
        if child.tag.endswith("}extent"):
            anchor.append(child)
            anchor.append(parse_xml('<wp:wrapSquare xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
                                    'wordprocessingDrawing" wrapText="bothSides"/>'))
        else:
            anchor.append(child)
    inline.getparent().replace(inline, anchor)
    d.add_paragraph("二、存在问题")
    d.add_paragraph("部分项目区后期管护责任不落实，个别工程存在质量隐患。")
    d.add_paragraph("特此报告。")
    d.add_paragraph("县农业农村局")
    d.add_paragraph("2026年7月3日")
    return save(d, "19_pictures.docx")


def bullets_and_header() -> Path:
    """A 通知 with Word bullets, auto-numbered list items, a 黑体 heading set by run font only and a
    header that holds the 密级."""
    d = new_doc()
    d.sections[0].header.paragraphs[0].text = "机密★启用前"
    d.add_paragraph("关于做好2026年防汛准备工作的通知")
    d.add_paragraph("各乡镇人民政府，县直有关单位：")
    d.add_paragraph("当前已进入主汛期，为切实做好防汛准备工作，现将有关事项通知如下。")
    h = d.add_paragraph()
    r = h.add_run("一、全面排查风险隐患")
    r._r.get_or_add_rPr().append(parse_xml(f'<w:rFonts {NS} w:ascii="黑体" w:eastAsia="黑体" w:hAnsi="黑体"/>'))
    d.add_paragraph("重点排查以下部位：")
    for text in ("病险水库和淤地坝；", "山洪灾害危险区；", "城市低洼易涝区域。"):
        d.add_paragraph(text, style="List Bullet")
    h = d.add_paragraph()
    r = h.add_run("二、落实应急保障措施")
    r._r.get_or_add_rPr().append(parse_xml(f'<w:rFonts {NS} w:ascii="黑体" w:eastAsia="黑体" w:hAnsi="黑体"/>'))
    for text in ("储备编织袋5万条、救生衣800件。", "组建抢险队伍12支、队员600人。"):
        d.add_paragraph(text, style="List Number")
    d.add_paragraph("县防汛抗旱指挥部办公室")
    d.add_paragraph("2026年5月20日")
    return save(d, "20_bullets_header.docx")


def soft_breaks() -> Path:
    """A 函 whose contact lines are one paragraph with a newline inside a w:t, and a paragraph
    broken by Shift+Enter."""
    d = new_doc()
    d.add_paragraph("关于商请支持开展联合执法检查的函")
    d.add_paragraph("县市场监督管理局：")
    add_xml_paragraph(d, run("为规范城区餐饮服务秩序，我局拟于4月开展联合执法检查，")
                      + '<w:r><w:br/></w:r>' + run("恳请贵局派员参加为盼。"))
    add_xml_paragraph(d, '<w:pPr><w:jc w:val="both"/></w:pPr>' + run("联系人：张三\n联系电话：0371-87654321"))
    d.add_paragraph("县城市管理局")
    d.add_paragraph("2026年3月28日")
    return save(d, "21_soft_breaks.docx")


def notes_and_marks() -> Path:
    """A 讲话 with a footnote, an endnote, a comment, ruby, hidden text and an equation."""
    d = new_doc()
    add_part(d, "/word/footnotes.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", RT.FOOTNOTES,
             f'<w:footnotes {NS}><w:footnote w:id="-1" w:type="separator"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="0" w:type="continuationSeparator"><w:p><w:r><w:continuationSeparator/>'
             '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
             '</w:rPr><w:footnoteRef/></w:r>' + run("数据来源于县统计局2025年统计公报。") + '</w:p></w:footnote></w:footnotes>')
    add_part(d, "/word/endnotes.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml", RT.ENDNOTES,
             f'<w:endnotes {NS}><w:endnote w:id="-1" w:type="separator"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:endnote><w:endnote w:id="0" w:type="continuationSeparator"><w:p><w:r><w:continuationSeparator/>'
             '</w:r></w:p></w:endnote><w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>'
             + run("本文根据录音整理。") + '</w:p></w:endnote></w:endnotes>')
    add_part(d, "/word/comments.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml", RT.COMMENTS,
             f'<w:comments {NS}><w:comment w:id="7" w:author="办公室" w:date="2026-03-01T00:00:00Z" w:initials="B">'
             '<w:p>' + run("此处数字请再核对。") + '</w:p></w:comment></w:comments>')
    d.add_paragraph("在全县统计工作会议上的讲话")
    d.add_paragraph("同志们：")
    add_xml_paragraph(d, run("2025年，全县地区生产总值增长6.2%")
                      + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'
                        '<w:footnoteReference w:id="1"/></w:r>' + run("，主要指标好于预期。"))
    add_xml_paragraph(d, '<w:commentRangeStart w:id="7"/>' + run("全年规模以上工业增加值增长8.7%。")
                      + '<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>')
    add_xml_paragraph(d, run("要学习")
                      + '<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="10"/>'
                        '<w:hpsRaise w:val="18"/><w:hpsBaseText w:val="21"/><w:lid w:val="zh-CN"/></w:rubyPr>'
                        '<w:rt><w:r><w:t>chóng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>重</w:t></w:r></w:rubyBase>'
                        '</w:ruby></w:r>' + run("庆市统计工作的经验。")
                      + run("（内部讨论稿，勿外传）", "<w:vanish/>"))
    add_xml_paragraph(d, run("人均可支配收入按公式")
                      + '<m:oMath><m:r><m:t>I=Y/N</m:t></m:r></m:oMath>'
                      + run("计算，其中Y为可支配收入总额，N为常住人口数。"))
    add_xml_paragraph(d, run("谢谢大家！")
                      + '<w:r><w:endnoteReference w:id="1"/></w:r>')
    return save(d, "22_notes_marks.docx")


def tracked() -> Path:
    """A 报告 with tracked changes: a deleted figure and the inserted figure that replaces it."""
    d = new_doc()
    d.add_paragraph("关于一季度经济运行情况的报告")
    d.add_paragraph("县委：")
    add_xml_paragraph(d, run("一季度，全县固定资产投资增长")
                      + '<w:del w:id="1" w:author="王五" w:date="2026-04-08T00:00:00Z"><w:r><w:delText>35</w:delText></w:r></w:del>'
                      + '<w:ins w:id="2" w:author="王五" w:date="2026-04-08T00:00:00Z"><w:r><w:t>38</w:t></w:r></w:ins>'
                      + run("%，社会消费品零售总额增长7.4%。"))
    add_xml_paragraph(d, run("下一步，我们将")
                      + '<w:ins w:id="3" w:author="王五" w:date="2026-04-08T00:00:00Z"><w:r><w:t>继续</w:t></w:r></w:ins>'
                      + run("加大项目建设力度，确保上半年实现时间过半、任务过半。"))
    d.add_paragraph("特此报告。")
    d.add_paragraph("县发展和改革局")
    d.add_paragraph("2026年4月10日")
    return save(d, "23_tracked_changes.docx")


def table_speech() -> Path:
    """A speech laid out in a one-cell table (several paragraphs in the cell), a paragraph inside a
    block content control and one inside custom XML."""
    d = new_doc()
    d.add_paragraph("在全县春季森林防火工作会议上的讲话")
    add_block_xml(d, f'<w:sdt {NS}><w:sdtPr><w:alias w:val="称呼"/></w:sdtPr><w:sdtContent><w:p>'
                     + run("同志们：") + '</w:p></w:sdtContent></w:sdt>')
    t = d.add_table(rows=1, cols=1)
    cell = t.cell(0, 0)
    cell.paragraphs[0].text = "当前正值春季森林防火关键期，全县林区气温回升快、降水偏少，火险等级持续偏高。"
    cell.add_paragraph("一、压实防火责任")
    cell.add_paragraph("各乡镇要落实网格化管理，每个山头、每片林地都要明确责任人。")
    cell.add_paragraph("二、加强火源管控")
    cell.add_paragraph("要在进山路口设立检查站，严禁携带火种进山。")
    add_block_xml(d, f'<w:customXml {NS} w:element="结束语"><w:p>'
                     + run("同志们，森林防火责任重于泰山，务必抓紧抓实！") + '</w:p></w:customXml>')
    return save(d, "24_table_speech.docx")


def auto_numbered_headings() -> Path:
    """A speech formatted by hand: headings set only by a direct 黑体 run font and numbered by
    Word's own Chinese counting ("一、"), a header with the unit's name, a text box, a table whose
    cells hold two paragraphs, a tracked change and a footnote."""
    d = new_doc()
    d.sections[0].header.paragraphs[0].text = "某某县人民政府办公室"
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {NS} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    add_part(d, "/word/footnotes.xml",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", RT.FOOTNOTES,
             f'<w:footnotes {NS}><w:footnote w:id="-1" w:type="separator"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="0" w:type="continuationSeparator"><w:p><w:r><w:continuationSeparator/>'
             '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
             + run("按县统计局快报数计算。") + '</w:p></w:footnote></w:footnotes>')
    hei = '<w:rFonts w:ascii="黑体" w:eastAsia="黑体" w:hAnsi="黑体"/>'
    d.add_paragraph("在全县一季度经济运行调度会上的讲话")
    d.add_paragraph("同志们：")
    d.add_paragraph("今天召开一季度经济运行调度会，主要是分析形势、查找差距、部署下一步工作。")
    for heading, body in (
            ("全面分析一季度经济运行情况",
             run("一季度，全县地区生产总值增长")
             + '<w:del w:id="11" w:author="办公室" w:date="2026-04-10T00:00:00Z"><w:r><w:delText>5.2</w:delText></w:r></w:del>'
             + '<w:ins w:id="12" w:author="办公室" w:date="2026-04-10T00:00:00Z"><w:r><w:t>5.6</w:t></w:r></w:ins>'
             + run("%")
             + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
             + run("，高于全市平均水平。")),
            ("精准发力确保完成全年目标任务", run("要紧盯重点项目，逐一明确责任人和时间节点。"))):
        add_xml_paragraph(d, '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr></w:pPr>'
                          + run(heading, hei))
        add_xml_paragraph(d, body)
    add_xml_paragraph(d, run("重点项目推进情况见下表。")
                      + '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:200pt;height:40pt">'
                        '<v:textbox><w:txbxContent><w:p>' + run("（数据截至3月31日）")
                      + '</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).text = "进度"
    t.cell(1, 0).text = "城东污水处理厂"
    t.cell(1, 1).paragraphs[0].text = "主体完工"
    t.cell(1, 1).add_paragraph("设备安装中")
    d.add_paragraph("同志们，时间不等人，让我们抓紧行动，确保实现“双过半”目标！")
    return save(d, "25_auto_numbered_headings.docx")


def report_with_toc() -> Path:
    """A 可行性研究报告 as Word writes it: a table of contents in a content control (entries with a
    tab and a PAGEREF field), headings in Word's heading styles, a table and a picture."""
    d = new_doc()
    d.add_paragraph("某某县城乡供水一体化工程可行性研究报告")
    entries = (("一、项目概况", "1"), ("二、建设必要性", "2"), ("三、建设方案", "4"), ("四、投资估算", "6"))
    toc = [f'<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr>{run("目　录")}</w:p>']
    for n, (text, page) in enumerate(entries):
        toc.append('<w:p><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8300"/></w:tabs></w:pPr>'
                   + run(text) + '<w:r><w:tab/></w:r>'
                   + f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc{n} \\h </w:instrText></w:r>'
                   + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run(page)
                   + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    add_block_xml(d, f'<w:sdt {NS}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                     f'<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{"".join(toc)}</w:sdtContent></w:sdt>')
    body = (("一、项目概况", "项目供水范围覆盖全县12个乡镇，设计供水规模每日4.5万立方米，受益人口28.6万人。"),
            ("二、建设必要性", "现有农村供水工程规模小、标准低，水质达标率仅为81.3%，不能满足群众需要。"),
            ("三、建设方案", "新建水厂1座，铺设输配水管网386公里，改造加压泵站6座。"),
            ("四、投资估算", "项目总投资6.38亿元，资金来源为中央预算内投资、地方政府专项债券和县级自筹。"))
    for k, (heading, text) in enumerate(body):
        d.add_paragraph(heading, style="Heading 1")
        d.add_paragraph(text)
        if k == 2:
            t = d.add_table(rows=3, cols=3)
            for r, row in enumerate((("工程", "单位", "数量"), ("水厂", "座", "1"), ("管网", "公里", "386"))):
                for c, value in enumerate(row):
                    t.cell(r, c).text = value
            d.add_paragraph().add_run().add_picture(io.BytesIO(png(rgb=(20, 60, 160))), width=Cm(5))
            d.add_paragraph("图1 供水管网布置示意图")
    return save(d, "26_report_with_toc.docx")


MAKERS = (pictures, bullets_and_header, soft_breaks, notes_and_marks, tracked, table_speech, auto_numbered_headings,
          report_with_toc)


def main() -> int:
    for make in MAKERS:
        print(make())
    return 0


if __name__ == "__main__":
    sys.exit(main())
