"""A messy Word file as people send them (Calibri, spaces as indents, a soft return, bold lines with
Word's automatic 一、/（一） numbering, a table with a bold header row), built with python-docx for the
reader and format tests."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]


def add_list(document, num_id=907):
    """A three-level 一、/（一）/1. list definition, as Word writes one."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/></w:lvl>' for i, (fmt, text) in enumerate(LEVELS))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">'
                                  f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))
    return num_id


def numbered(paragraph, num_id, ilvl=0):
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def bold_para(document, text):
    p = document.add_paragraph()
    p.add_run(text).bold = True
    return p


def make_messy(path: Path) -> Path:
    d = docx.Document()
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(11)
    num = add_list(d)
    bold_para(d, "在全县安全生产工作会议上的讲话")
    d.add_paragraph("")                                               # spacer
    d.add_paragraph("同志们：")
    d.add_paragraph("    今天召开全县安全生产工作会议，主要任务是分析形势、部署工作。")   # spaces as indent
    numbered(bold_para(d, "认清形势"), num)
    p = d.add_paragraph()
    r = p.add_run("当前安全生产形势总体平稳，")
    r.add_break()                                                     # soft return
    p.add_run("但风险隐患依然存在。")
    numbered(bold_para(d, "压实责任"), num)
    numbered(d.add_paragraph("压实属地责任。各乡镇要切实担负起属地管理责任。"), num, 1)
    numbered(d.add_paragraph("压实部门责任。各部门要按照“三个必须”要求抓好落实。"), num, 1)
    table = d.add_table(rows=3, cols=3)
    for i, row in enumerate([["任务", "责任单位", "时限"], ["隐患排查", "应急局", "3月底"], ["应急演练", "各乡镇", "6月底"]]):
        for j, v in enumerate(row):
            table.cell(i, j).text = v
            if i == 0:
                table.cell(i, j).paragraphs[0].runs[0].bold = True
    numbered(bold_para(d, "强化保障"), num)
    d.add_paragraph("各级党委政府要切实扛起主体责任。")
    d.add_paragraph("")
    d.add_paragraph("同志们，安全生产责任重于泰山，让我们共同努力！")
    d.save(str(path))
    return path
