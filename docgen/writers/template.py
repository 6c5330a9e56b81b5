"""Build the docxtpl template (docx_templates/speech.docx) from a house-style rule set.

The package is generated from scratch, part by part, so nothing comes from a default Word
template: no theme (hence no theme fonts), no latent styles, no numbering.  It holds

* one named paragraph style per role (ROLE_STYLE_IDS), heading styles with outline levels, all
  based on Normal, every font slot explicit; character styles for lead sentences and run-in headings;
* the page setup, the line grid and the odd/even "— N —" footers;
* a body that is the docxtpl loop over the writer's blocks: one sample paragraph per role, so a
  user who opens the template in Word sees (and may restyle) every role.

Settings follow ../shared/reference/OOXML_NOTES.md (LibreOffice 7.4 gives 22 × 28 with them).
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from lxml import etree

from docgen.errors import StyleError
from docgen.ooxml.build import el, indent_attrs, ppr_for_role, rpr_for_role, sub, tostring, zip_members
from docgen.style import RoleStyle, Style

from docgen.ooxml.styles import ROLE_STYLE_IDS, RUNIN_STYLE_IDS, STYLE_ID_ROLES  # noqa: E402,F401
CHARACTER_ROLES = ("lead",)
TABLE_STYLE_ID = "GwTableGrid"
NORMAL_STYLE_ID = "Normal"

STYLE_NAMES: Dict[str, str] = {
    "GwTitle": "公文标题", "GwSubtitle": "讲话人与日期", "GwSalutation": "称谓", "GwBody": "公文正文",
    "GwH1": "一级标题", "GwH2": "二级标题", "GwH3": "三级标题", "GwH4": "四级标题",
    "GwClosing": "结束语", "GwSignature": "落款", "GwTable": "表格文字", "GwTableHeader": "表头文字",
    "GwLead": "引领句", "GwFolio": "页码",
    "GwH1Run": "一级标题（段首）", "GwH2Run": "二级标题（段首）", "GwH3Run": "三级标题（段首）",
    "GwH4Run": "四级标题（段首）", TABLE_STYLE_ID: "公文表格",
}

#: The roles the writer emits as paragraphs, in the order of the template's branches; "blank" is
#: an empty body-style line (标题下空一行, the line before a sign-off).
PARAGRAPH_BRANCHES = ("title", "subtitle", "salutation", "body", "h1", "h2", "h3", "h4",
                      "closing", "signature")
BLANK_ROLE = "blank"
TABLE_ROLE = "table"
#: the context variable the template loops over
BLOCKS_VAR = "blocks"

CT = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "xml": "application/xml",
    "document": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "settings": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
}
RT = {
    "document": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "core": "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
    "styles": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
    "settings": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings",
    "footer": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
}
PKG_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
FOOTER_ODD, FOOTER_EVEN = "footer1.xml", "footer2.xml"
#: the date the template (and so every output) carries: outputs are byte-for-byte reproducible
FIXED_DATE = "1980-01-01T00:00:00Z"
PAGE_PLACEHOLDER = "{n}"
#: Word's own default cell padding of a "Normal Table" (0.19 cm), so cells look as Word users expect
WORD_CELL_MARGIN_TWIPS = 108
#: the number shown in the footer field before a reader updates it
FIELD_SAMPLE = "1"


# -- styles.xml -----------------------------------------------------------------------------------

def _style(kind: str, style_id: str, name: str, *, default: bool = False, based_on: str = None,
           next_id: str = None, ppr=None, rpr=None, extra=()) -> etree._Element:
    node = el("w:style", {"w:type": kind, "w:styleId": style_id, "w:default": "1" if default else None})
    sub(node, "w:name", {"w:val": name})
    if based_on:
        sub(node, "w:basedOn", {"w:val": based_on})
    if next_id:
        sub(node, "w:next", {"w:val": next_id})
    sub(node, "w:qFormat")
    for child in (ppr, rpr, *extra):
        if child is not None:
            node.append(child)
    return node


def _styles_xml(style: Style) -> bytes:
    body = style.role("body")
    root = el("w:styles")
    # docDefaults AND Normal carry the body formatting: LibreOffice reads Normal, Word docDefaults
    defaults = sub(root, "w:docDefaults")
    sub(defaults, "w:rPrDefault").append(rpr_for_role(body))
    sub(defaults, "w:pPrDefault").append(ppr_for_role(body))
    root.append(_style("paragraph", NORMAL_STYLE_ID, "Normal", default=True,
                       ppr=ppr_for_role(body), rpr=rpr_for_role(body)))
    dpf = _style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True)
    root.append(dpf)
    table_normal = _style("table", "TableNormal", "Normal Table", default=True, extra=(_table_normal_pr(),))
    root.append(table_normal)

    for role_name, style_id in ROLE_STYLE_IDS.items():
        role = style.role(role_name)
        name = STYLE_NAMES[style_id]
        if role_name in CHARACTER_ROLES:
            root.append(_style("character", style_id, name, based_on="DefaultParagraphFont",
                               rpr=rpr_for_role(role, lang=False)))
            continue
        next_id = ROLE_STYLE_IDS["body"] if role_name in ("title", "subtitle", "salutation", "h1", "h2",
                                                          "h3", "h4", "body") else None
        root.append(_style("paragraph", style_id, name, based_on=NORMAL_STYLE_ID, next_id=next_id,
                           ppr=ppr_for_role(role), rpr=rpr_for_role(role)))
    for heading, style_id in RUNIN_STYLE_IDS.items():
        root.append(_style("character", style_id, STYLE_NAMES[style_id], based_on="DefaultParagraphFont",
                           rpr=rpr_for_role(style.role(heading), lang=False)))
    root.append(_style("table", TABLE_STYLE_ID, STYLE_NAMES[TABLE_STYLE_ID], based_on="TableNormal",
                       extra=(_table_grid_pr(),)))
    return tostring(root)


def _table_normal_pr() -> etree._Element:
    tbl_pr = el("w:tblPr")
    sub(tbl_pr, "w:tblInd", {"w:w": 0, "w:type": "dxa"})
    margins = sub(tbl_pr, "w:tblCellMar")
    for side, width in (("top", 0), ("left", WORD_CELL_MARGIN_TWIPS), ("bottom", 0),
                        ("right", WORD_CELL_MARGIN_TWIPS)):
        sub(margins, f"w:{side}", {"w:w": width, "w:type": "dxa"})
    return tbl_pr


def _table_grid_pr() -> etree._Element:
    tbl_pr = el("w:tblPr")
    borders = sub(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        # single 0.5 pt black rules (w:sz is in eighths of a point)
        sub(borders, f"w:{side}", {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "000000"})
    return tbl_pr


# -- footers --------------------------------------------------------------------------------------

def _folio_parts(role: RoleStyle) -> Tuple[str, str]:
    fmt = str(role.get("format", "— {n} —"))
    if fmt.count(PAGE_PLACEHOLDER) != 1:
        raise StyleError(f"roles.page_number.format 应含且只含一个 {PAGE_PLACEHOLDER}（如“— {{n}} —”），"
                         f"而不是 {fmt!r}")
    before, after = fmt.split(PAGE_PLACEHOLDER)
    if any(tag in before + after for tag in ("{{", "{%", "{#", "}}", "%}", "#}")):
        # footers go through docxtpl's Jinja rendering: template syntax would be evaluated
        raise StyleError(f"roles.page_number.format 不能含模板语法（{{{{ }}}}、{{% %}}），而是 {fmt!r}")
    return before, after


def footer_xml(style: Style, side: str) -> bytes:
    """A footer part holding the folio paragraph ("— N —" with a PAGE field) on ``side``."""
    role = style.role("page_number")
    if side not in ("left", "right", "center"):
        raise StyleError(f"roles.page_number: 页码位置应为 left、right 或 center，而不是 {side!r}")
    side_chars = float(role.get("side_chars", 0))
    indent = indent_attrs(role, first_line_chars=0,
                          right_chars=side_chars if side == "right" else 0,
                          left_chars=side_chars if side == "left" else 0)
    ftr = el("w:ftr")
    p = sub(ftr, "w:p")
    p.append(ppr_for_role(role, style_id=ROLE_STYLE_IDS["page_number"], align=side, indent=indent))
    before, after = _folio_parts(role)

    def run() -> etree._Element:
        r = sub(p, "w:r")
        r.append(rpr_for_role(role))
        return r

    def text_run(text: str) -> None:
        if text:
            t = sub(run(), "w:t")
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    text_run(before)
    sub(run(), "w:fldChar", {"w:fldCharType": "begin"})
    instr = sub(run(), "w:instrText")
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    sub(run(), "w:fldChar", {"w:fldCharType": "separate"})
    text_run(FIELD_SAMPLE)
    sub(run(), "w:fldChar", {"w:fldCharType": "end"})
    text_run(after)
    return tostring(ftr)




# -- document.xml: the docxtpl loop ---------------------------------------------------------------

def _tag_paragraph(tag: str) -> etree._Element:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes the paragraph."""
    p = el("w:p")
    t = sub(sub(p, "w:r"), "w:t")
    t.text = tag
    return p


def _runs_paragraph(style_id: str, expr: str) -> etree._Element:
    """A paragraph in ``style_id`` whose single run is replaced by the writer's runs ({{r …}})."""
    p = el("w:p")
    sub(sub(p, "w:pPr"), "w:pStyle", {"w:val": style_id})
    t = sub(sub(p, "w:r"), "w:t")
    t.text = "{{r %s }}" % expr
    return p


def _tag_cell(tag: str) -> etree._Element:
    tc = el("w:tc")
    tc.append(_tag_paragraph(tag))
    return tc


def _table(style: Style) -> etree._Element:
    page = style.page.twips()
    text_width = page["width"] - page["left"] - page["right"]
    tbl = el("w:tbl")
    tbl_pr = sub(tbl, "w:tblPr")
    sub(tbl_pr, "w:tblStyle", {"w:val": TABLE_STYLE_ID})
    sub(tbl_pr, "w:tblW", {"w:w": text_width, "w:type": "dxa"})
    sub(tbl_pr, "w:jc", {"w:val": "center"})
    # one grid column; docxtpl's fix_tables splits the width evenly over the rendered columns
    sub(sub(tbl, "w:tblGrid"), "w:gridCol", {"w:w": text_width})

    for rows_var, style_id, header in (("b.header_rows", ROLE_STYLE_IDS["table_header"], True),
                                       ("b.body_rows", ROLE_STYLE_IDS["table"], False)):
        tr = sub(tbl, "w:tr")
        tr.append(_tag_cell("{%%tr for row in %s %%}" % rows_var))
        tr = sub(tbl, "w:tr")
        if header:
            sub(sub(tr, "w:trPr"), "w:tblHeader")
        tr.append(_tag_cell("{%tc for cell in row %}"))
        tc = sub(tr, "w:tc")
        sub(sub(tc, "w:tcPr"), "w:vAlign", {"w:val": "center"})
        tc.append(_runs_paragraph(style_id, "cell"))
        tr.append(_tag_cell("{%tc endfor %}"))
        tr = sub(tbl, "w:tr")
        tr.append(_tag_cell("{%tr endfor %}"))
    return tbl


def _sect_pr(style: Style) -> etree._Element:
    page = style.page.twips()
    sect = el("w:sectPr")
    sub(sect, "w:footerReference", {"w:type": "default", "r:id": "rIdFooterOdd"})
    sub(sect, "w:footerReference", {"w:type": "even", "r:id": "rIdFooterEven"})
    sub(sect, "w:pgSz", {"w:w": page["width"], "w:h": page["height"]})
    sub(sect, "w:pgMar", {"w:top": page["top"], "w:right": page["right"], "w:bottom": page["bottom"],
                          "w:left": page["left"], "w:header": page["header"], "w:footer": page["footer"],
                          "w:gutter": 0})
    sub(sect, "w:cols", {"w:space": 0})
    # a line grid only: a linesAndChars grid with negative charSpace gives 14 chars per line in
    # LibreOffice; 28 per line come from the letter spacing (OOXML_NOTES.md, "What did NOT work")
    sub(sect, "w:docGrid", {"w:type": "lines", "w:linePitch": style.grid.line_pitch_twips})
    return sect


def _document_xml(style: Style) -> bytes:
    doc = el("w:document")
    body = sub(doc, "w:body")
    body.append(_tag_paragraph("{%%p for b in %s %%}" % BLOCKS_VAR))
    keyword = "if"
    for role in PARAGRAPH_BRANCHES:
        body.append(_tag_paragraph('{%%p %s b.role == "%s" %%}' % (keyword, role)))
        body.append(_runs_paragraph(ROLE_STYLE_IDS[role], "b.runs"))
        keyword = "elif"
    body.append(_tag_paragraph('{%%p elif b.role == "%s" %%}' % BLANK_ROLE))
    blank = sub(body, "w:p")
    sub(sub(blank, "w:pPr"), "w:pStyle", {"w:val": ROLE_STYLE_IDS["body"]})
    body.append(_tag_paragraph('{%%p elif b.role == "%s" %%}' % TABLE_ROLE))
    body.append(_table(style))
    body.append(_tag_paragraph("{%p endif %}"))
    body.append(_tag_paragraph("{%p endfor %}"))
    body.append(_sect_pr(style))
    return tostring(doc)


# -- settings, relationships, properties ------------------------------------------------------------

def _settings_xml() -> bytes:
    root = el("w:settings")
    sub(root, "w:evenAndOddHeaders")           # odd pages right folio, even pages left
    sub(root, "w:characterSpacingControl", {"w:val": "doNotCompress"})
    compat = sub(root, "w:compat")
    sub(compat, "w:useFELayout")
    sub(compat, "w:compatSetting", {"w:name": "compatibilityMode", "w:uri": "http://schemas.microsoft.com/office/word",
                                    "w:val": "15"})
    return tostring(root)


def _content_types() -> bytes:
    root = etree.Element(f"{{{PKG_NS}}}Types", nsmap={None: PKG_NS})
    for ext, ct in (("rels", CT["rels"]), ("xml", CT["xml"])):
        etree.SubElement(root, f"{{{PKG_NS}}}Default", Extension=ext, ContentType=ct)
    for part, ct in (("/word/document.xml", CT["document"]), ("/word/styles.xml", CT["styles"]),
                     ("/word/settings.xml", CT["settings"]), (f"/word/{FOOTER_ODD}", CT["footer"]),
                     (f"/word/{FOOTER_EVEN}", CT["footer"]), ("/docProps/core.xml", CT["core"])):
        etree.SubElement(root, f"{{{PKG_NS}}}Override", PartName=part, ContentType=ct)
    return tostring(root)


def _rels(items: List[Tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
    for rel_id, rel_type, target in items:
        etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
    return tostring(root)


def _core_xml(style: Style) -> bytes:
    ns = {
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    }
    root = etree.Element(f"{{{ns['cp']}}}coreProperties", nsmap=ns)
    etree.SubElement(root, f"{{{ns['dc']}}}title").text = f"讲话稿模板（{style.name}）"
    etree.SubElement(root, f"{{{ns['dc']}}}creator").text = "docgen"
    etree.SubElement(root, f"{{{ns['cp']}}}revision").text = "1"
    for name in ("created", "modified"):
        node = etree.SubElement(root, f"{{{ns['dcterms']}}}{name}")
        node.set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
        node.text = FIXED_DATE
    return tostring(root)


def build_template(style: Style) -> bytes:
    """The .docx template for ``style``, as bytes (deterministic: same style, same bytes)."""
    odd = str(style.role("page_number").get("odd", "right"))
    even = str(style.role("page_number").get("even", "left"))
    members = [
        ("[Content_Types].xml", _content_types()),
        ("_rels/.rels", _rels([("rId1", RT["document"], "word/document.xml"),
                                ("rId2", RT["core"], "docProps/core.xml")])),
        ("docProps/core.xml", _core_xml(style)),
        ("word/document.xml", _document_xml(style)),
        ("word/_rels/document.xml.rels", _rels([
            ("rIdStyles", RT["styles"], "styles.xml"),
            ("rIdSettings", RT["settings"], "settings.xml"),
            ("rIdFooterOdd", RT["footer"], FOOTER_ODD),
            ("rIdFooterEven", RT["footer"], FOOTER_EVEN),
        ])),
        ("word/styles.xml", _styles_xml(style)),
        ("word/settings.xml", _settings_xml()),
        (f"word/{FOOTER_ODD}", footer_xml(style, odd)),
        (f"word/{FOOTER_EVEN}", footer_xml(style, even)),
    ]
    return zip_members(members)


__all__ = ["BLANK_ROLE", "BLOCKS_VAR", "PARAGRAPH_BRANCHES", "ROLE_STYLE_IDS", "RUNIN_STYLE_IDS",
           "STYLE_ID_ROLES", "STYLE_NAMES", "TABLE_ROLE", "TABLE_STYLE_ID", "build_template", "footer_xml"]
