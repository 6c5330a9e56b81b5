"""``docgen check --fix``: apply the safe fixes to a .docx and re-check it.

    fix_docx(path, style, out, level="safe") -> list[Finding]   (the findings the fix resolved)

Order (RULES.md §0): 1. freeze Word's automatic numbers into the text; 2. the text fixes of
docgen.check.fix_text (noise paragraphs deleted, watermarks, punctuation …), written back into
the existing runs with a character diff so run formatting survives; 3. typography by role (fonts,
sizes, bold, letter spacing, indents, alignment, spacing, kinsoku; colour, highlight, italic and
underline removed) with the same OOXML builders as the writer (docgen.ooxml.build); styles cleaned of
colour and numbering; 4. page setup, headers and footers (docgen/check/fix_page.py).
Every step reads the document as it is then through a fresh .docx reading (its paragraph view).
The result is written atomically; fixing a fixed file changes nothing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple, Union

from lxml import etree

from docgen.check.fix_page import empty_headers, page_number_footers, page_setup
from docgen.readers.docx.interpret import classify_units
from docgen.readers.docx.package import open_document
from docgen.readers.docx.reading import DocxReading
from docgen.fileio import atomic_write_bytes
from docgen.ooxml.edit import (has_field, insert_ppr_child, insert_rpr_child, rewrite_paragraph_text,
                              set_run_text, split_runs_at)
from docgen.ooxml.resolve import iter_runs, run_text, w
from docgen.rules.base import Finding
from docgen.units import Unit

PathLike = Union[str, Path]
#: rPr children kept when a run is reformatted (everything else comes from the role)
_KEEP_RPR = ("rStyle", "vertAlign", "vanish")


# ------------------------------------------------------------------------------------ numbering

def _freeze_numbering(document: Any) -> int:
    """Write Word's rendered auto-numbers as text and remove the numbering."""
    reading = DocxReading(document)
    count = 0
    for unit, p in zip(reading.paragraph_units(), reading.paragraphs):
        if not reading.resolver.para_props(p).num_pr:
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
        insert_ppr_child(ppr, num)
        count += 1
    return count


# ------------------------------------------------------------------------------ soft breaks

def _split_soft_breaks(document: Any) -> int:
    """PARA-SOFT-BREAK (suggest, ``--fix all``): a line break inside running text becomes a
    paragraph break; the new paragraph copies the paragraph properties."""
    reading, units = _read_from_runs(document)
    count = 0
    for unit, p in zip(units, reading.paragraphs):
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

def _read_from_runs(document: Any) -> Tuple[DocxReading, List[Unit]]:
    """A reading of the document as it is now and its classified paragraph units, with the exact
    run text, so that edits map back onto the runs."""
    reading = DocxReading(document)
    units: List[Unit] = reading.paragraph_units()
    for i, u in enumerate(units):
        u.text = u.raw = reading.scan.text(i)
        u.kind = "blank" if not u.text.strip() else "body"
    return reading, classify_units(document, units, reading.scan)


def _apply_text_fixes(document: Any, style: Any, level: str,
                      select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None) -> List[Finding]:
    from docgen.check.fix_text import clean_units

    reading, units = _read_from_runs(document)
    paragraphs = reading.paragraphs
    cleaned, done = clean_units(units, style, level, select=select, ignore=ignore)
    if not done:
        return done
    kept = {u.index for u in cleaned if not u.hints.split_from}
    for u in cleaned:
        p = paragraphs[u.index - 1]
        if u.hints.split_from:
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
    from docgen.readers.docx.interpret import role_of_kind

    if unit.kind == "blank":
        return "body"
    return role_of_kind(unit.kind, unit.level)


def _char_role(unit: Unit, offset: int, para_role: str) -> str:
    if unit.kind in ("runin", "enum") and unit.lead_end is not None and offset < unit.lead_end:
        return f"h{min(max(unit.level or 2, 1), 4)}" if unit.kind == "runin" else "lead"
    if unit.kind in ("runin", "enum"):
        return "body"
    return para_role


def _format_paragraph(p: Any, unit: Unit, style: Any, ppr_tags: Optional[Set[str]] = None,
                      rpr_tags: Optional[Set[str]] = None) -> None:
    """Give the paragraph its role's formatting.  ``ppr_tags`` / ``rpr_tags`` name the pPr / rPr
    children to set (a child the role does not have is removed); None sets the whole of it."""
    from docgen.ooxml.build import AMBIGUOUS_CJK_PUNCT, ppr_for_role, rfonts, rpr_for_role

    role_name = _role_of(unit)
    if role_name is None or role_name not in style.roles:
        return
    role = style.role(role_name)
    if ppr_tags is None or ppr_tags:
        _set_ppr(p, ppr_for_role(role), ppr_tags)
    if rpr_tags is not None and not rpr_tags:
        return
    # the lead of a run-in takes the heading role: its end must be a run boundary
    if unit.kind in ("runin", "enum") and unit.lead_end:
        split_runs_at(p, [unit.lead_end])
    pos = 0
    for r in list(iter_runs(p)):
        text = run_text(r)
        if has_field(r) and not text:
            continue
        char_role = style.role(_char_role(unit, pos, role_name))
        rpr = rpr_for_role(char_role)
        if text and all(ch in AMBIGUOUS_CJK_PUNCT for ch in text):
            # ambiguous-width punctuation is drawn with the CJK font in every slot (ooxml.py)
            rpr.replace(rpr.find(w("rFonts")), rfonts(char_role.font, char_role.font))
        _set_rpr(r, rpr, rpr_tags)
        pos += len(text)


def _set_ppr(p: Any, new: Any, tags: Optional[Set[str]]) -> None:
    old = p._p.find(w("pPr"))
    if tags is not None:
        if old is None:
            old = p._p.get_or_add_pPr()
        _copy_children(old, new, tags, insert_ppr_child)
        return
    if old is not None:
        for keep in ("pStyle", "sectPr", "numPr", "keepNext", "keepLines", "pageBreakBefore"):
            found = old.find(w(keep))
            if found is not None:
                insert_ppr_child(new, copy.deepcopy(found))
        p._p.replace(old, new)
    else:
        p._p.insert(0, new)


def _set_rpr(r: Any, new: Any, tags: Optional[Set[str]]) -> None:
    old = r.find(w("rPr"))
    if tags is not None:
        if old is None:
            old = etree.Element(w("rPr"))
            r.insert(0, old)
        _copy_children(old, new, tags, insert_rpr_child)
        return
    if old is not None:
        keep = {tag: old.find(w(tag)) for tag in _KEEP_RPR}
        if keep["rStyle"] is not None:
            new.insert(0, copy.deepcopy(keep["rStyle"]))
        for tag in ("vertAlign", "vanish"):
            if keep[tag] is not None:
                lang = new.find(w("lang"))
                (lang.addprevious if lang is not None else new.append)(copy.deepcopy(keep[tag]))
        r.replace(old, new)
    else:
        r.insert(0, new)


def _copy_children(old: Any, new: Any, tags: Set[str], insert: Callable[[Any, Any], None]) -> None:
    """Set the ``tags`` children of ``old`` to those of ``new`` (removed where ``new`` has none)."""
    for tag in tags:
        for el in old.findall(w(tag)):
            old.remove(el)
        for el in new.findall(w(tag)):
            insert(old, copy.deepcopy(el))


def _drop_from_styles(document: Any, rpr_tags: Sequence[str] = (), ppr_tags: Sequence[str] = ()) -> None:
    """Remove these run / paragraph properties from every style."""
    for st in document.styles.element.iter(w("style")):
        for rpr in st.iter(w("rPr")):
            for tag in rpr_tags:
                for el in rpr.findall(w(tag)):
                    rpr.remove(el)
        ppr = st.find(w("pPr"))
        if ppr is not None:
            for tag in ppr_tags:
                for el in ppr.findall(w(tag)):
                    ppr.remove(el)


def _body_defaults(document: Any, style: Any, parts: Sequence[str] = ("rPr", "pPr")) -> None:
    """Document defaults and the Normal style = the body role: its run properties (FONT-BODY),
    its paragraph properties (PARA-SPACING: the line grid every paragraph inherits)."""
    from docgen.ooxml.build import ppr_for_role, rpr_for_role

    styles = document.styles.element
    body = style.role("body")
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        styles.insert(0, defaults)
    for tag, build in (("rPrDefault", lambda: rpr_for_role(body)), ("pPrDefault", lambda: ppr_for_role(body))):
        if tag[:3] not in parts:
            continue
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
                if tag not in parts:
                    continue
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


# ---------------------------------------------------------------------------------------- entry

#: the .docx repairs a rule can own (``Rule.docx_fix``), in the order they run; text fixes (the
#: cleaner) run between "soft_breaks" and "typography"
DOCX_FIXES = ("numbering", "soft_breaks", "colors", "typography", "font_cover", "page", "headers", "footers")
LEVELS = {"safe": ("safe",), "all": ("safe", "suggest")}


@dataclass
class FixResult:
    """What ``fix_docx`` did: every change with its rule and place, and the check of the result."""

    changes: List[Finding] = field(default_factory=list)
    report: Any = None                     # docgen.check.runner.FileReport of the fixed document
    wrote: bool = False


def _docx_findings(document: Any, path: PathLike, style: Any, rules: List[Any]) -> List[Finding]:
    from docgen.check.runner import check_document

    return check_document(document, path, style, rules).findings if rules else []


#: a repair can reveal a finding (a size fixed, the letter spacing no longer fits 28 characters;
#: the body's defaults set, a title inherits their indent): the findings are repaired again while
#: they change, at most
MAX_ROUNDS = 3


def fix_document(document: Any, path: PathLike, style: Any, level: str = "safe",
                 select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None) -> List[Finding]:
    """Fix ``document`` (opened from ``path``) in memory.  Only the selected rules' fixes run, and
    each touches only what its findings name.  Returns the findings of the changes made: the text
    fixes, and the .docx findings the repairs were run for."""
    from docgen.check.runner import active_rules

    classes = LEVELS[level]
    rules = {r.id: r for r in active_rules(style, "docx", select, ignore)}
    repairing = [r for r in rules.values() if r.docx_fix and r.fix_class in classes]
    done = _apply_text_fixes(document, style, level, select, ignore)
    listed: Set[Tuple[str, Optional[int], Optional[int]]] = set()
    previous = None
    for _ in range(MAX_ROUNDS):
        found = [f for f in _docx_findings(document, path, style, repairing) if f.fix is not None]
        keys = [(f.rule, f.paragraph, f.start) for f in found]
        if not found or keys == previous:        # nothing left, or nothing more a repair can do
            break
        _repair(document, style, rules, found)
        done += [f for f, k in zip(found, keys) if k not in listed]
        listed.update(keys)
        previous = keys
    return done


#: the run properties the "colors" repair clears
COLOR_RPR = ("color", "highlight", "shd")


def _add_target(targets: Dict[int, Tuple[Any, Optional[Set[str]], Optional[Set[str]]]], el: Any, rule: Any) -> None:
    """Add ``rule``'s pPr / rPr children to what the typography repair sets on paragraph ``el``."""
    _, ppr, rpr = targets.get(id(el), (el, set(), set()))
    if "colors" in rule.docx_repairs():
        ppr_add, rpr_add = (), COLOR_RPR
    else:
        ppr_add, rpr_add = rule.fix_ppr, rule.fix_rpr
    ppr = None if ppr is None or ppr_add is None else ppr | set(ppr_add)
    rpr = None if rpr is None or rpr_add is None else rpr | set(rpr_add)
    targets[id(el)] = (el, ppr, rpr)


def _repair(document: Any, style: Any, rules: Dict[str, Any], findings: List[Finding]) -> None:
    """Run the .docx repairs that own ``findings``, each on the places the findings name."""
    owned: Dict[str, List[Finding]] = {}
    for f in findings:
        for repair in rules[f.rule].docx_repairs():
            owned.setdefault(repair, []).append(f)
    flagged = {f.rule for f in findings}
    paragraphs = list(document.paragraphs)
    # typography targets are the paragraphs' elements: they survive a split, indices do not
    targets: Dict[int, Tuple[Any, Optional[Set[str]], Optional[Set[str]]]] = {}
    for f in owned.get("typography", []) + owned.get("colors", []):
        rule = rules[f.rule]
        if rule.fix_scope == "document":
            places = [p._p for p in paragraphs]
        elif f.paragraph is not None and 0 < f.paragraph <= len(paragraphs):
            places = [paragraphs[f.paragraph - 1]._p]
        else:
            continue
        for el in places:
            _add_target(targets, el, rule)

    if "numbering" in owned:
        _freeze_numbering(document)
        _drop_from_styles(document, ppr_tags=("numPr", "pBdr", "shd"))
    if "soft_breaks" in owned:
        _split_soft_breaks(document)
    if "colors" in owned:
        _drop_from_styles(document, rpr_tags=COLOR_RPR)
        _clean_table_colors(document)
    if "FONT-MIXED-RUNS" in flagged:
        _drop_from_styles(document, rpr_tags=("i", "iCs", "u"))
    defaults = [part for rule, part in (("FONT-BODY", "rPr"), ("PARA-SPACING", "pPr")) if rule in flagged]
    if defaults:
        _body_defaults(document, style, defaults)
    if targets:
        reading, units = _read_from_runs(document)
        for unit, p in zip(units, reading.paragraphs):
            target = targets.get(id(p._p))
            if target is not None:
                _format_paragraph(p, unit, style, target[1], target[2])
    if "font_cover" in owned or any(rules[r].docx_fix == "typography" and rules[r].fix_rpr is None
                                    or "rFonts" in (rules[r].fix_rpr or ()) for r in flagged):
        from docgen.ooxml.fontcover import GB2312_RULE, PUNCT_RULE, cover_document, name_all_font_slots

        # fonts set by a repair name all four slots, and no theme font (WPS, Word on Windows)
        name_all_font_slots(document, style)
        if "font_cover" in owned:
            cover_document(document, style, gb2312=GB2312_RULE in flagged, punct=PUNCT_RULE in flagged)
    if "page" in owned:
        page_setup(document, style)
    if "headers" in owned:
        empty_headers(document)
    if "footers" in owned:
        page_number_footers(document, style)


def fix_docx(path: PathLike, style: Any, out: PathLike, level: str = "safe",
             select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None,
             in_place: bool = False) -> FixResult:
    """Fix ``path`` into ``out`` (or over ``path`` with ``in_place``).  Nothing to fix: an
    in-place run writes nothing, an ``out`` gets an exact copy of the input.

    Checks twice: before (inside :func:`fix_document`) and after, on the written result; the
    after-check is the report ``docgen check --fix`` prints.  The changes listed are the text fixes
    and those .docx findings that are gone after the fix."""
    from docgen.check.runner import check_file
    from docgen.fileio import write_over_input
    from docgen.outputs import check_not_input
    from docgen.ooxml.build import save_docx

    if not in_place:
        check_not_input(out, [path], hint="如确需覆盖原文件，请加 --in-place")
    document = open_document(path)
    changes = fix_document(document, path, style, level, select, ignore)
    if not changes:
        if not in_place:
            atomic_write_bytes(out, Path(path).read_bytes())
        report = check_file(path if in_place else out, style, select, ignore)
        return FixResult([], report, wrote=not in_place)
    data = save_docx(document)
    if in_place:
        write_over_input(path, lambda tmp: atomic_write_bytes(tmp, data))
        target = path
    else:
        atomic_write_bytes(out, data)
        target = out
    report = check_file(target, style, select, ignore)
    # a .docx finding counts as fixed when its rule no longer fires on the result
    still = {f.rule for f in report.findings}
    resolved = [f for f in changes if not _docx_only(f.rule) or f.rule not in still]
    return FixResult(resolved, report, wrote=True)


def _docx_only(rule_id: str) -> bool:
    from docgen.rules import get

    return tuple(get(rule_id).kinds) == ("docx",)
