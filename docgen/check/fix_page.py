"""The page repairs of ``docgen check --fix``: page size and margins of every section, the line
grid (OOXML_NOTES.md), the settings (no mirror margins, different odd and even pages), headers
emptied (watermark shapes go with them) and footers rebuilt as "— N —", odd right / even left.

Each works on the whole document; docgen/check/fix_docx.py runs them for the findings that own
them (LAYOUT-*).
"""

from __future__ import annotations

from typing import Any, List, Tuple

from lxml import etree

from docgen.ooxml.edit import sect_child
from docgen.ooxml.resolve import W_NS, w


def _section_only_tables(sect_el: Any, blocks: List[Any]) -> bool:
    has_table = any(b.tag == w("tbl") for b in blocks)
    text = any(b.tag == w("p") and "".join(b.itertext()).strip() for b in blocks)
    return has_table and not text


def page_setup(document: Any, style: Any) -> None:
    page = style.page.twips()
    grid_pitch = style.grid.line_pitch_twips
    blocks: List[Any] = []
    per_section: List[Tuple[Any, List[Any]]] = []
    for child in document.element.body:
        if child.tag in (w("p"), w("tbl")):
            blocks.append(child)
            sect = child.find(f"{w('pPr')}/{w('sectPr')}") if child.tag == w("p") else None
            if sect is not None:
                per_section.append((sect, blocks))
                blocks = []
        elif child.tag == w("sectPr"):
            per_section.append((child, blocks))
            blocks = []
    for sect, sec_blocks in per_section:
        landscape_table = _section_only_tables(sect, sec_blocks) and _is_landscape(sect)
        pgsz = sect_child(sect, "pgSz")
        width, height = (page["height"], page["width"]) if landscape_table else (page["width"], page["height"])
        pgsz.set(w("w"), str(width))
        pgsz.set(w("h"), str(height))
        if landscape_table:
            pgsz.set(w("orient"), "landscape")
        elif pgsz.get(w("orient")) is not None:
            del pgsz.attrib[w("orient")]
        mar = sect_child(sect, "pgMar")
        for attr in ("start", "end"):
            if mar.get(w(attr)) is not None:
                del mar.attrib[w(attr)]
        for key in ("top", "right", "bottom", "left", "header", "footer"):
            mar.set(w(key), str(page[key]))
        mar.set(w("gutter"), "0")
        grid = sect_child(sect, "docGrid")
        for attr in list(grid.attrib):
            del grid.attrib[attr]
        grid.set(w("type"), "lines")
        grid.set(w("linePitch"), str(grid_pitch))


def _is_landscape(sect: Any) -> bool:
    pgsz = sect.find(w("pgSz"))
    if pgsz is None:
        return False
    try:
        return pgsz.get(w("orient")) == "landscape" or int(pgsz.get(w("w"), 0)) > int(pgsz.get(w("h"), 0))
    except ValueError:
        return False


#: CT_Settings children that come after w:evenAndOddHeaders (ECMA-376 17.15.1.78 sequence)
_AFTER_EVEN_ODD = frozenset("""
bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing
drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery
doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin
doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars
noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml
ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving
saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr
compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats
doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary
shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator""".split())


def _settings(document: Any) -> None:
    """No mirror margins; w:evenAndOddHeaders on, at its schema position."""
    settings = document.settings.element
    for el in settings.findall(w("mirrorMargins")):
        settings.remove(el)
    if settings.find(w("evenAndOddHeaders")) is not None:
        return
    el = etree.Element(w("evenAndOddHeaders"))
    for child in settings:
        if not isinstance(child.tag, str):      # comments, processing instructions
            continue
        if etree.QName(child).localname in _AFTER_EVEN_ODD or etree.QName(child).namespace != W_NS:
            child.addprevious(el)
            return
    settings.append(el)


def empty_headers(document: Any) -> None:
    """Empty every header part: running headers and watermark shapes go (LAYOUT-HEADER-CONTENT)."""
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/header"):
            continue
        root = rel.target_part.element
        for child in list(root):
            root.remove(child)
        etree.SubElement(root, w("p"))


def page_number_footers(document: Any, style: Any) -> None:
    """Footers "— N —", odd right / even left (LAYOUT-PAGE-NUMBER)."""
    from docgen.writers.template import footer_xml

    role = style.role("page_number")
    style_ids = {st.get(w("styleId")) for st in document.styles.element.iter(w("style"))}
    # a different first page would keep page 1 without its number; the footer distance puts the
    # folio 7 mm below the text block
    footer_twips = str(style.page.twips()["footer"])
    for sect in document.element.body.iter(w("sectPr")):
        for title_pg in sect.findall(w("titlePg")):
            sect.remove(title_pg)
        sect_child(sect, "pgMar").set(w("footer"), footer_twips)
    for i, section in enumerate(document.sections):
        for attr, side in (("footer", role.get("odd", "right")), ("even_page_footer", role.get("even", "left"))):
            footer = getattr(section, attr)
            if i > 0:
                footer.is_linked_to_previous = True
                continue
            footer.is_linked_to_previous = False
            root = footer._element
            for child in list(root):
                root.remove(child)
            built = etree.fromstring(footer_xml(style, str(side)))
            for p in built:
                for ps in p.iter(w("pStyle")):
                    if ps.get(w("val")) not in style_ids:
                        ps.getparent().remove(ps)
                root.append(p)
        if i > 0:
            section.first_page_footer.is_linked_to_previous = True
    # any other footer part (a first-page footer left over from titlePg) is emptied too, so no
    # watermark or stray page number survives in it
    rebuilt = {id(document.sections[0].footer._element), id(document.sections[0].even_page_footer._element)}
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/footer"):
            continue
        root = rel.target_part.element
        if id(root) not in rebuilt:
            for child in list(root):
                root.remove(child)
            etree.SubElement(root, w("p"))
    _settings(document)


__all__ = ["page_setup", "empty_headers", "page_number_footers"]
