"""``docgen check --fix``: apply the safe fixes to a .docx and re-check it.

    fix_docx(path, style, out, level="safe") -> list[Finding]   (the findings the fix resolved)

Order (RULES.md §0): 1. freeze Word's automatic numbers into the text; 2. the text fixes of
docgen.transforms.clean (noise paragraphs deleted, watermarks, punctuation …), written back into
the existing runs with a character diff so run formatting survives; 3. typography by role (fonts,
sizes, bold, letter spacing, indents, alignment, spacing, kinsoku; colour, highlight, italic and
underline removed) with the same OOXML builders as the writer (docgen.ooxml); styles cleaned of
colour and numbering; 4. page setup of every section, the line grid of OOXML_NOTES.md, headers
emptied (watermark shapes go with them), footers rebuilt as "— N —" odd right / even left.
The result is written atomically; fixing a fixed file changes nothing.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple, Union

from lxml import etree

from docgen.docx_roles import classify_units, open_docx, raw_units
from docgen.fileio import atomic_write_bytes
from docgen.resolve import W_NS, Resolver, iter_runs, run_text, w
from docgen.rules.base import Finding
from docgen.units import Unit

PathLike = Union[str, Path]
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: run children that carry text (rewritten when the text changes)
_TEXT_TAGS = {w("t"), w("br"), w("tab"), w("cr"), w("noBreakHyphen")}
#: run properties removed from every style (colour and numbering are never part of a speech)
_STYLE_RPR_DROP = ("color", "highlight", "shd", "i", "iCs", "u")
#: rPr children kept when a run is reformatted (everything else comes from the role)
_KEEP_RPR = ("rStyle", "vertAlign", "vanish")


# ------------------------------------------------------------------------------ run text editing

def set_run_text(r: Any, text: str) -> None:
    """Replace the text content of a run (t / br / tab) keeping its properties."""
    for child in list(r):
        if child.tag in _TEXT_TAGS:
            r.remove(child)
    for piece in _pieces(text):
        if piece == "\n":
            r.append(etree.Element(w("br")))
        elif piece == "\t":
            r.append(etree.Element(w("tab")))
        else:
            t = etree.SubElement(r, w("t"))
            t.text = piece
            t.set(XML_SPACE, "preserve")


def _pieces(text: str) -> List[str]:
    out, buf = [], ""
    for ch in text:
        if ch in "\n\t":
            if buf:
                out.append(buf)
                buf = ""
            out.append(ch)
        else:
            buf += ch
    if buf:
        out.append(buf)
    return out


def split_run(r: Any, offset: int) -> Any:
    """Split a plain text run at ``offset`` (in run_text coordinates); returns the second run."""
    text = run_text(r)
    second = copy.deepcopy(r)
    set_run_text(r, text[:offset])
    set_run_text(second, text[offset:])
    r.addnext(second)
    return second


def split_runs_at(paragraph: Any, offsets: Sequence[int]) -> None:
    """Make every offset (paragraph run-text coordinates) fall on a run boundary."""
    for offset in sorted(set(offsets), reverse=True):
        pos = 0
        for r in list(iter_runs(paragraph)):
            text = run_text(r)
            if pos < offset < pos + len(text) and not _has_field(r):
                split_run(r, offset - pos)
                break
            pos += len(text)


def _has_field(r: Any) -> bool:
    return any(c.tag in (w("fldChar"), w("instrText"), w("drawing"), w("pict")) for c in r)


def rewrite_paragraph_text(paragraph: Any, new: str) -> bool:
    """Change the paragraph's run text to ``new`` with minimal edits; returns True on change."""
    runs = [(r, run_text(r)) for r in iter_runs(paragraph)]
    old = "".join(t for _, t in runs)
    if old == new:
        return False
    if not runs:
        p = getattr(paragraph, "_p", paragraph)
        r = etree.SubElement(p, w("r"))
        set_run_text(r, new)
        return True
    owner: List[int] = []
    for i, (_, t) in enumerate(runs):
        owner.extend([i] * len(t))
    parts = [""] * len(runs)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                parts[owner[i1 + k]] += new[j1 + k]
        elif j2 > j1:
            # replaced or inserted text goes to the run of the first replaced character, or for a
            # pure insertion to the run before it
            target = owner[i1] if tag == "replace" else (owner[i1 - 1] if i1 > 0 else 0)
            parts[target] += new[j1:j2]
    for (r, t), part in zip(runs, parts):
        if part != t:
            set_run_text(r, part)
    return True


# ------------------------------------------------------------------------------------ numbering

def _freeze_numbering(document: Any, units: List[Unit]) -> int:
    """Write Word's rendered auto-numbers as text and remove the numbering."""
    resolver = Resolver(document)
    count = 0
    for unit, p in zip(units, document.paragraphs):
        if not resolver.para_props(p).num_pr:
            continue
        number = getattr(unit, "auto_number", None)
        runs = list(iter_runs(p))
        if number:
            new = etree.Element(w("r"))
            if runs and runs[0].find(w("rPr")) is not None:
                new.append(copy.deepcopy(runs[0].find(w("rPr"))))
            set_run_text(new, number)
            if runs:
                runs[0].addprevious(new)
            else:
                p._p.append(new)
        ppr = p._p.get_or_add_pPr()
        for old in ppr.findall(w("numPr")):
            ppr.remove(old)
        # numId 0 switches off numbering a style may still carry
        num = etree.Element(w("numPr"))
        etree.SubElement(num, w("numId")).set(w("val"), "0")
        _insert_ppr_child(ppr, num)
        count += 1
    return count


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")


def _insert_ppr_child(ppr: Any, child: Any) -> None:
    """Insert ``child`` into pPr at its schema position."""
    rank = {w(n): i for i, n in enumerate(_PPR_ORDER)}
    mine = rank.get(child.tag, len(rank))
    for existing in ppr:
        if rank.get(existing.tag, len(rank)) > mine:
            existing.addprevious(child)
            return
    ppr.append(child)


# ------------------------------------------------------------------------------ soft breaks

def _split_soft_breaks(document: Any, path: PathLike) -> int:
    """PARA-SOFT-BREAK (suggest, ``--fix all``): a line break inside running text becomes a
    paragraph break; the new paragraph copies the paragraph properties."""
    units = classify_units(document, _units_from_runs(document, path))
    count = 0
    for unit, p in zip(units, list(document.paragraphs)):
        if _role_of(unit) in (None, "title", "subtitle", "signature") or unit.kind == "blank":
            continue
        count += _split_at_breaks(p._p)
    return count


def _split_at_breaks(p_el: Any) -> int:
    count = 0
    while True:
        br = next((b for b in p_el.iter(w("br")) if b.get(w("type"), "textWrapping") == "textWrapping"
                   and b.getparent().tag == w("r") and b.getparent().getparent() is p_el), None)
        if br is None:
            return count
        r = br.getparent()
        new_p = etree.Element(w("p"))
        ppr = p_el.find(w("pPr"))
        if ppr is not None:
            new_p.append(copy.deepcopy(ppr))
            sect = ppr.find(w("sectPr"))
            if sect is not None:
                ppr.remove(sect)          # the section break stays with the last piece
        after = list(br.itersiblings())
        if after:
            r2 = etree.SubElement(new_p, w("r"))
            if r.find(w("rPr")) is not None:
                r2.append(copy.deepcopy(r.find(w("rPr"))))
            for el in after:
                r2.append(el)
        for sib in list(r.itersiblings()):
            new_p.append(sib)
        r.remove(br)
        p_el.addnext(new_p)
        p_el = new_p
        count += 1


# ---------------------------------------------------------------------------------- text fixes

def _units_from_runs(document: Any, path: PathLike) -> List[Unit]:
    """The reader's units of the document as it is now (style hints, bold), with the exact run
    text, so that edits map back onto the runs."""
    units = raw_units(path, document)
    for u, p in zip(units, document.paragraphs):
        u.text = u.raw = "".join(run_text(r) for r in iter_runs(p))
        u.kind = "blank" if not u.text.strip() else "body"
    return units


def _apply_text_fixes(document: Any, path: PathLike, style: Any, level: str) -> List[Finding]:
    from docgen.transforms.clean import clean_units

    units = classify_units(document, _units_from_runs(document, path))
    paragraphs = list(document.paragraphs)
    cleaned, done = clean_units(units, style, level)
    kept = {u.index for u in cleaned if not u.extra.get("split_from")}
    for u in cleaned:
        p = paragraphs[u.index - 1]
        if u.extra.get("split_from"):
            new_p = copy.deepcopy(p._p)
            for r in list(new_p):
                if r.tag != w("pPr"):
                    new_p.remove(r)
            ppr = new_p.find(w("pPr"))
            if ppr is not None and ppr.find(w("sectPr")) is not None:
                ppr.remove(ppr.find(w("sectPr")))
            p._p.addnext(new_p)
            r = etree.SubElement(new_p, w("r"))
            first = next(iter_runs(p), None)
            if first is not None and first.find(w("rPr")) is not None:
                r.append(copy.deepcopy(first.find(w("rPr"))))
            set_run_text(r, u.text)
            continue
        rewrite_paragraph_text(p, u.text)
    for i, p in enumerate(paragraphs, start=1):
        if i in kept:
            continue
        ppr = p._p.find(w("pPr"))
        if ppr is not None and ppr.find(w("sectPr")) is not None:
            rewrite_paragraph_text(p, "")           # the section break must stay
        else:
            p._p.getparent().remove(p._p)
    return done


# ------------------------------------------------------------------------------ typography

def _role_of(unit: Unit) -> Optional[str]:
    from docgen.docx_roles import role_of_kind

    if unit.kind == "blank":
        return "body"
    return role_of_kind(unit.kind, unit.level)


def _char_role(unit: Unit, offset: int, para_role: str) -> str:
    if unit.kind in ("runin", "enum") and unit.lead_end is not None and offset < unit.lead_end:
        return f"h{min(max(unit.level or 2, 1), 4)}" if unit.kind == "runin" else "lead"
    if unit.kind in ("runin", "enum"):
        return "body"
    return para_role


def _format_paragraph(p: Any, unit: Unit, style: Any) -> None:
    from docgen.ooxml import AMBIGUOUS_CJK_PUNCT, ppr_for_role, rfonts, rpr_for_role

    role_name = _role_of(unit)
    if role_name is None or role_name not in style.roles:
        return
    role = style.role(role_name)
    old = p._p.find(w("pPr"))
    new = ppr_for_role(role)
    if old is not None:
        for keep in ("pStyle", "sectPr", "numPr", "keepNext", "keepLines", "pageBreakBefore"):
            found = old.find(w(keep))
            if found is not None:
                _insert_ppr_child(new, copy.deepcopy(found))
        p._p.replace(old, new)
    else:
        p._p.insert(0, new)
    # the lead of a run-in takes the heading role: its end must be a run boundary
    if unit.kind in ("runin", "enum") and unit.lead_end:
        split_runs_at(p, [unit.lead_end])
    pos = 0
    for r in list(iter_runs(p)):
        text = run_text(r)
        if _has_field(r) and not text:
            continue
        char_role = style.role(_char_role(unit, pos, role_name))
        rpr = rpr_for_role(char_role)
        if text and all(ch in AMBIGUOUS_CJK_PUNCT for ch in text):
            # ambiguous-width punctuation is drawn with the CJK font in every slot (ooxml.py)
            rpr.replace(rpr.find(w("rFonts")), rfonts(char_role.font, char_role.font))
        old_rpr = r.find(w("rPr"))
        if old_rpr is not None:
            keep = {tag: old_rpr.find(w(tag)) for tag in _KEEP_RPR}
            if keep["rStyle"] is not None:
                rpr.insert(0, copy.deepcopy(keep["rStyle"]))
            for tag in ("vertAlign", "vanish"):
                if keep[tag] is not None:
                    lang = rpr.find(w("lang"))
                    (lang.addprevious if lang is not None else rpr.append)(copy.deepcopy(keep[tag]))
            r.replace(old_rpr, rpr)
        else:
            r.insert(0, rpr)
        pos += len(text)


def _clean_styles(document: Any, style: Any) -> None:
    """No colour, italic, underline or numbering in any style; defaults and Normal = body role."""
    from docgen.ooxml import ppr_for_role, rpr_for_role

    styles = document.styles.element
    for st in styles.iter(w("style")):
        for rpr in st.iter(w("rPr")):
            for tag in _STYLE_RPR_DROP:
                for el in rpr.findall(w(tag)):
                    rpr.remove(el)
        ppr = st.find(w("pPr"))
        if ppr is not None:
            # numbering, borders and shading of Word's built-in styles (Title has a rule under it)
            for tag in ("numPr", "pBdr", "shd"):
                for el in ppr.findall(w(tag)):
                    ppr.remove(el)
    body = style.role("body")
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        styles.insert(0, defaults)
    for tag, build in (("rPrDefault", lambda: rpr_for_role(body)), ("pPrDefault", lambda: ppr_for_role(body))):
        holder = defaults.find(w(tag))
        if holder is None:
            holder = etree.SubElement(defaults, w(tag))
            if tag == "rPrDefault" and len(defaults) > 1:
                defaults.insert(0, holder)
        for child in list(holder):
            holder.remove(child)
        holder.append(build())
    for st in styles.iter(w("style")):
        if st.get(w("type")) == "paragraph" and (st.get(w("default")) or "").lower() in ("1", "true", "on"):
            for tag, build in (("pPr", lambda: ppr_for_role(body)), ("rPr", lambda: rpr_for_role(body))):
                old = st.find(w(tag))
                new = build()
                if old is not None:
                    st.replace(old, new)
                else:
                    st.append(new)


def _clean_table_colors(document: Any) -> None:
    for table in document.tables:
        for cell_el in table._tbl.iter(w("tc")):
            for rpr in cell_el.iter(w("rPr")):
                for tag in ("color", "highlight", "shd"):
                    for el in rpr.findall(w(tag)):
                        rpr.remove(el)


# ------------------------------------------------------------------------------ page setup

def _section_only_tables(sect_el: Any, blocks: List[Any]) -> bool:
    has_table = any(b.tag == w("tbl") for b in blocks)
    text = any(b.tag == w("p") and "".join(b.itertext()).strip() for b in blocks)
    return has_table and not text


def _page_setup(document: Any, style: Any) -> None:
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
        pgsz = _child(sect, "pgSz")
        width, height = (page["height"], page["width"]) if landscape_table else (page["width"], page["height"])
        pgsz.set(w("w"), str(width))
        pgsz.set(w("h"), str(height))
        if landscape_table:
            pgsz.set(w("orient"), "landscape")
        elif pgsz.get(w("orient")) is not None:
            del pgsz.attrib[w("orient")]
        mar = _child(sect, "pgMar")
        for attr in ("start", "end"):
            if mar.get(w(attr)) is not None:
                del mar.attrib[w(attr)]
        for key in ("top", "right", "bottom", "left", "header", "footer"):
            mar.set(w(key), str(page[key]))
        mar.set(w("gutter"), "0")
        grid = _child(sect, "docGrid")
        for attr in list(grid.attrib):
            del grid.attrib[attr]
        grid.set(w("type"), "lines")
        grid.set(w("linePitch"), str(grid_pitch))
        title_pg = sect.find(w("titlePg"))
        if title_pg is not None:
            sect.remove(title_pg)


def _is_landscape(sect: Any) -> bool:
    pgsz = sect.find(w("pgSz"))
    if pgsz is None:
        return False
    try:
        return pgsz.get(w("orient")) == "landscape" or int(pgsz.get(w("w"), 0)) > int(pgsz.get(w("h"), 0))
    except ValueError:
        return False


_SECT_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _child(sect: Any, tag: str) -> Any:
    found = sect.find(w(tag))
    if found is not None:
        return found
    new = etree.Element(w(tag))
    rank = {w(n): i for i, n in enumerate(_SECT_ORDER)}
    mine = rank[w(tag)]
    for existing in sect:
        if rank.get(existing.tag, len(rank)) > mine:
            existing.addprevious(new)
            return new
    sect.append(new)
    return new


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


def _headers_and_footers(document: Any, style: Any) -> None:
    from docgen.template import _footer_xml

    role = style.role("page_number")
    style_ids = {st.get(w("styleId")) for st in document.styles.element.iter(w("style"))}
    # empty every header part: running headers and watermark shapes go
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/header"):
            continue
        root = rel.target_part.element
        for child in list(root):
            root.remove(child)
        etree.SubElement(root, w("p"))
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
            built = etree.fromstring(_footer_xml(style, str(side)))
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


# ---------------------------------------------------------------------------------------- entry

def fix_document(document: Any, path: PathLike, style: Any, level: str = "safe") -> List[Finding]:
    """Fix ``document`` (opened from ``path``) in memory; returns the text fixes applied."""
    units = raw_units(path, document)
    _freeze_numbering(document, units)
    if level == "all":
        _split_soft_breaks(document, path)
    done = _apply_text_fixes(document, path, style, level)
    units = classify_units(document, _units_from_runs(document, path))
    _clean_styles(document, style)
    for unit, p in zip(units, list(document.paragraphs)):
        _format_paragraph(p, unit, style)
    _clean_table_colors(document)
    _page_setup(document, style)
    _headers_and_footers(document, style)
    from docgen.rules.fontcover import cover_document, name_all_font_slots   # refine the above

    name_all_font_slots(document, style)
    cover_document(document, style)
    return done


def fix_docx(path: PathLike, style: Any, out: PathLike, level: str = "safe") -> List[Finding]:
    """Write the fixed copy of ``path`` to ``out``; returns the findings the fix resolved.

    Those are the text changes of the cleaner (one finding per change, like clean_units) and the
    findings of the .docx-only rules (layout, fonts, paragraphs) that were there before and are
    gone when ``out`` is checked again.  ``docgen check --fix`` then reports what is left."""
    from docgen.check import check_file
    from docgen.fileio import refuse_overwriting_inputs
    from docgen.ooxml import save_docx
    from docgen.rules import all_rules

    refuse_overwriting_inputs(out, [path])
    docx_only = {r.id for r in all_rules() if tuple(r.kinds) == ("docx",)}
    before = [f for f in check_file(path, style).findings if f.rule in docx_only and f.fix_class == "safe"]
    document = open_docx(path)
    done = fix_document(document, path, style, level)
    atomic_write_bytes(out, save_docx(document))
    still = {f.rule for f in check_file(out, style).findings}
    return done + [f for f in before if f.rule not in still]
