"""The one interpretation of a .docx reading: style facts become hints, paragraphs get roles.

``hint_styles`` turns the parse's style facts (Word heading/title/TOC styles, docgen's own role
styles, bold, Word's automatic number) into hints, for ``check`` and ``format`` alike.
``classify_units`` gives each paragraph of the paragraph view its role (title, h2, body, …):
from our own style ids when the file was made by docgen (``docgen.writers.template``'s
``ROLE_STYLE_IDS``; run-in heading runs carry the character styles ``GwH1Run``…``GwH4Run`` and
enumerated leads ``GwLead``), else from the recogniser (``docgen.recognise.structure.classify``)
on the hinted units.  ``docx_units(path)`` opens, reads and classifies a file in one call.

The kinds of RULES.md §2.1 map to the style roles of the rule set with :func:`role_of_kind`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from docgen.ooxml.styles import role_style_ids, run_style_ids
from docgen.readers.docx.package import open_document
from docgen.readers.docx.parse import RawPara
from docgen.readers.docx.reading import DocxReading, DocxScan
from docgen.units import Unit

PathLike = Union[str, Path]

#: Unit.kind -> rule-set role (RULES.md §2.1 classes onto DESIGN.md §4 roles)
_KIND_ROLE = {
    "title": "title", "subtitle": "subtitle", "speaker": "subtitle", "date": "subtitle",
    "salutation": "salutation", "host": "body", "ellipsis": "body", "body": "body", "enum": "body",
    "closing": "closing", "closing-formula": "closing", "signature": "signature",
}


def offset_map(src: str, dst: str) -> List[int]:
    """For every offset 0..len(src) of ``src``, the matching offset in ``dst``.

    Unit text (the reader's: auto-numbers frozen in front, soft breaks merged) and run text (what
    the runs hold) differ slightly; findings carry unit offsets, comments and run formatting need
    run offsets.  Changed stretches map to the start of their counterpart."""
    if src == dst:
        return list(range(len(src) + 1))
    if dst.endswith(src):
        shift = len(dst) - len(src)
        return [i + shift for i in range(len(src) + 1)]
    import difflib

    out = [0] * (len(src) + 1)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, src, dst, autojunk=False).get_opcodes():
        for k in range(i1, i2):
            out[k] = j1 + (k - i1) if tag == "equal" else j1
    out[len(src)] = len(dst)
    return out


def role_of_kind(kind: str, level: Optional[int] = None) -> Optional[str]:
    """The paragraph role of a unit kind (None for blank, noise and tables)."""
    if kind in ("heading", "runin") and level:
        return f"h{min(max(level, 1), 4)}"
    return _KIND_ROLE.get(kind)


# ---------------------------------------------------------------------------------- roles

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T_PPR, _T_PSTYLE, _T_RPR, _T_RSTYLE, _A_VAL = _W + "pPr", _W + "pStyle", _W + "rPr", _W + "rStyle", _W + "val"
_TOC_STYLE = re.compile(r"(?i)(toc|目录)\s*[1-9]")
_HEADING_STYLE = re.compile(r"(?i)(heading|标题)\s*([1-9])")


def _style_id(p: Any) -> Optional[str]:
    ppr = next(p._p.iterchildren(_T_PPR), None)      # iterchildren: cheaper than find's path parser
    ps = next(ppr.iterchildren(_T_PSTYLE), None) if ppr is not None else None
    return ps.get(_A_VAL) if ps is not None else None


def _text(p: Any) -> str:
    from docgen.ooxml.resolve import iter_runs, run_text

    return "".join(run_text(r) for r in iter_runs(p))


def style_hints(raw: RawPara, role_by_id: Dict[str, str]) -> None:
    """Word heading/title styles and docgen's own role styles become hints for the recogniser."""
    role = role_by_id.get(raw.style or "")
    if role:
        raw.hints.style_source = "docgen"
        if role.startswith("h") and role[1:].isdigit():
            raw.hints.style_level = int(role[1:])
        elif role in ("title", "subtitle", "salutation", "closing", "signature"):
            raw.hints.style_kind = role
        return
    for name in (raw.style_name or "", raw.style or ""):
        if _TOC_STYLE.fullmatch(name.strip()):
            raw.hints.toc = True           # an entry of Word's table of contents (issue 13)
            return
        m = _HEADING_STYLE.fullmatch(name.strip())
        if m:
            raw.hints.style_level = min(int(m.group(2)), 4)
            return
        if name.strip().lower() in ("title", "标题"):
            raw.hints.style_kind = "title"
            return
        if name.strip().lower() in ("subtitle", "副标题"):
            raw.hints.style_kind = "subtitle"
            return


def hint_styles(units: Iterable[Unit]) -> None:
    """The style facts of the parse as hints, on every paragraph with text: the style's role or
    heading level, bold over the whole paragraph, Word's automatic number."""
    role_by_id = {v: k for k, v in role_style_ids().items()}
    for u in units:
        if not isinstance(u, RawPara) or u.kind in ("blank", "table"):
            continue
        style_hints(u, role_by_id)
        if u.bold:
            u.hints.bold = True
        if u.auto_number:
            u.hints.auto_number = u.auto_number


def _run_style_spans(paragraph: Any, run_ids: Dict[str, str],
                     by_id: Optional[Dict[str, str]] = None,
                     runs: Optional[List[Tuple[Any, str]]] = None) -> Tuple[Optional[str], int]:
    """(role of the leading character-styled run(s), length of that lead) for run-in paragraphs.
    ``by_id``: ``run_ids`` inverted, when the caller has it (it is the same for every paragraph);
    ``runs``: the paragraph's (run, text) pairs, when the caller has them (DocxScan.runs)."""
    from docgen.ooxml.resolve import iter_runs, run_text

    if by_id is None:
        by_id = {v: k for k, v in run_ids.items()}
    pairs = runs if runs is not None else ((r, run_text(r)) for r in iter_runs(paragraph))
    role, length = None, 0
    for r, text in pairs:
        rpr = next(r.iterchildren(_T_RPR), None)
        rs = next(rpr.iterchildren(_T_RSTYLE), None) if rpr is not None else None
        this = by_id.get(rs.get(_A_VAL)) if rs is not None else None
        if this is None:
            if not text.strip() and role is None:
                length += len(text)
                continue
            break
        if role is not None and this != role:
            break
        role = this
        length += len(text)
    return role, length


def classify_by_styles(document: Any, units: List[Unit], scan: Optional[DocxScan] = None) -> bool:
    """Set kinds from our style ids.  Returns False when the file does not use our styles.
    ``scan``: the document's DocxScan, when the caller has one (its run texts are reused)."""
    para_ids = role_style_ids()
    by_id = {v: k for k, v in para_ids.items()}
    paragraphs = scan.paragraphs if scan is not None else document.paragraphs
    # units and paragraphs are 1:1 here; a unit carries its paragraph's style id already
    ids = ([u.style for u in units] if len(units) == len(paragraphs) and all(u.style is not None for u in units)
           else [_style_id(p) for p in paragraphs])
    styled = [by_id.get(sid) for sid in ids]
    texts = ([scan.text(i) for i in range(len(paragraphs))] if scan is not None
             else [_text(p) for p in paragraphs])
    content = [s for s, t in zip(styled, texts) if t.strip()]
    if not content or sum(1 for s in content if s) < max(1, len(content) // 2):
        return False
    run_ids = run_style_ids()
    run_by_id = {v: k for k, v in run_ids.items()}
    prefix_len = {}
    for i, (unit, para, role, text) in enumerate(zip(units, paragraphs, styled, texts)):
        # the unit text may carry a frozen auto-number in front of the run text
        prefix_len[unit.index] = max(0, len(unit.text) - len(text)) if unit.text.endswith(text) else 0
        if not unit.text.strip():
            unit.kind = "blank"
            continue
        if role is None or role == "page_number":
            unit.kind = "body"
            continue
        if role.startswith("h") and role[1:].isdigit():
            unit.kind, unit.level = "heading", int(role[1:])
        elif role == "subtitle":
            unit.kind = "subtitle"
        elif role in ("title", "salutation", "closing", "signature", "body"):
            unit.kind = role
        run_role, lead = _run_style_spans(para, run_ids, run_by_id,
                                          scan.runs(i) if scan is not None else None)
        if run_role and lead < len(text.rstrip()):
            if run_role.startswith("h"):
                unit.kind, unit.level = "runin", int(run_role[1:])
            elif run_role == "lead":
                unit.kind = "enum"
            unit.lead_end = lead + prefix_len[unit.index]
        unit.hints.role_source = "style"
    from docgen.recognise.structure import mark_toc

    mark_toc(units)                 # a 目录 set as body text stays a table of contents (issue 13)
    return True


def classify_units(document: Any, units: List[Unit], scan: Optional[DocxScan] = None) -> List[Unit]:
    """Roles from our styles when the file uses them, else from the recogniser."""
    if classify_by_styles(document, units, scan):
        return units
    from docgen.recognise.structure import classify

    hint_styles(units)              # the style facts as hints, as `docgen format` gives them
    result = classify(units)
    if result is not None:
        units = list(result)
    for u in units:
        if not u.text.strip():
            u.kind = "blank"
    return units


# ---------------------------------------------------------------------------------- entry points

def read_docx(document: Any, resolver: Any = None) -> Tuple[DocxReading, List[Unit]]:
    """(the reading of ``document``, its classified paragraph units): what ``check`` reads."""
    reading = DocxReading(document, resolver)
    return reading, classify_units(document, reading.paragraph_units(), reading.scan)


def docx_units(path: PathLike) -> Tuple[Any, List[Unit]]:
    """(python-docx Document, classified paragraph units) of a .docx; broken or hostile files are
    refused with a one-line InputError (readers/docx/package.py)."""
    document = open_document(path)
    return document, read_docx(document)[1]


__all__ = ["classify_units", "docx_units", "hint_styles", "offset_map", "read_docx", "role_of_kind", "style_hints"]
