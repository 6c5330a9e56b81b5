"""Open a .docx safely and give each paragraph its role (title, h2, body, …) for the checker.

``docx_units(path, style)`` returns the python-docx Document and one classified
:class:`~docgen.units.Unit` per ``Document.paragraphs`` entry (``index`` 1-based, DESIGN.md §5).

Roles come from our own style ids when the file was made by docgen (``docgen.writers.template``'s
``ROLE_STYLE_IDS``; run-in heading runs carry the character styles ``GwH1Run``…``GwH4Run`` and
enumerated leads ``GwLead``).  Any other file goes through the recogniser
(``docgen.recognise.structure.classify``) on the reader's units, which carry Word's automatic
numbers frozen into the text.

The kinds of RULES.md §2.1 map to the style roles of the rule set with :func:`role_of_kind`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from docgen.ooxml.styles import role_style_ids, run_style_ids
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


# ------------------------------------------------------------------------------- safe opening

def open_docx(path: PathLike) -> Any:
    """python-docx Document of ``path``.  The docx reader refuses broken or hostile files (not a
    zip, truncated, oversized members checked before inflating, DOCTYPE/entities) with a
    one-line InputError."""
    from docgen.readers.docx.parse import open_document

    return open_document(path)


# ---------------------------------------------------------------------------------- roles

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T_PPR, _T_PSTYLE, _T_RPR, _T_RSTYLE, _A_VAL = _W + "pPr", _W + "pStyle", _W + "rPr", _W + "rStyle", _W + "val"


def _style_id(p: Any) -> Optional[str]:
    ppr = next(p._p.iterchildren(_T_PPR), None)      # iterchildren: cheaper than find's path parser
    ps = next(ppr.iterchildren(_T_PSTYLE), None) if ppr is not None else None
    return ps.get(_A_VAL) if ps is not None else None


def _text(p: Any) -> str:
    from docgen.ooxml.resolve import iter_runs, run_text

    return "".join(run_text(r) for r in iter_runs(p))


class DocxScan:
    """What the classifier and the .docx rules read of one opened document, gathered once and
    shared: python-docx builds ``Document.paragraphs`` anew (an XPath query and a proxy per
    paragraph) on every access, and the visible runs with their text were walked three times per
    check (classification by styles, run-in leads, the rules' spans).

    The document must not change while a scan is in use (``check`` only reads it; the fixer, which
    edits, reads the document afresh without a scan)."""

    __slots__ = ("document", "paragraphs", "_runs", "_para_index")

    def __init__(self, document: Any) -> None:
        self.document = document
        #: python-docx paragraphs; ``paragraphs[i - 1]`` is unit/paragraph number ``i``
        self.paragraphs: List[Any] = list(document.paragraphs)
        self._runs: List[Optional[List[Tuple[Any, str]]]] = [None] * len(self.paragraphs)
        self._para_index: Optional[Dict[int, int]] = None

    def runs(self, i: int) -> List[Tuple[Any, str]]:
        """(w:r element, its text) of every visible run of paragraph ``i`` (0-based), in order."""
        found = self._runs[i]
        if found is None:
            from docgen.ooxml.resolve import iter_runs, run_text

            found = self._runs[i] = [(r, run_text(r)) for r in iter_runs(self.paragraphs[i])]
        return found

    def text(self, i: int) -> str:
        """The run text of paragraph ``i`` (0-based), as ``_text`` gives it."""
        return "".join([t for _, t in self.runs(i)])

    @property
    def para_index(self) -> Dict[int, int]:
        """id(w:p element) -> 1-based paragraph number."""
        if self._para_index is None:
            self._para_index = {id(p._p): i for i, p in enumerate(self.paragraphs, start=1)}
        return self._para_index


def _plain_units(document: Any) -> List[Unit]:
    return [Unit(index=i, text=_text(p), style=_style_id(p)) for i, p in enumerate(document.paragraphs, start=1)]


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
    from docgen.readers.docx.parse import RawPara, style_hints
    from docgen.recognise.structure import classify

    # the same hints `docgen format` gives the recogniser: Word heading/title styles, bold lines
    role_by_id = {v: k for k, v in role_style_ids().items()}
    for u in units:
        if isinstance(u, RawPara):
            style_hints(u, role_by_id)
            if u.bold:
                u.hints.bold = True
    result = classify(units)
    if result is not None:
        units = list(result)
    for u in units:
        if not u.text.strip():
            u.kind = "blank"
    return units


def raw_units(path: PathLike, document: Any, scan: Optional[DocxScan] = None) -> List[Unit]:
    """One Unit per python-docx paragraph, with auto-numbers frozen into the text when the docx
    reader provides that; plain paragraph text otherwise."""
    from docgen.readers.docx.parse import raw_paragraphs

    units: Optional[List[Unit]] = None
    # keep only units that map 1:1 onto Document.paragraphs: tables and paragraphs inside
    # content controls are not in that list
    by_index = {u.index: u for u in raw_paragraphs(path, document)
                if u.kind != "table" and not u.hints.sdt}
    # python-docx builds Document.paragraphs anew (XPath) on every access
    paragraphs = scan.paragraphs if scan is not None else document.paragraphs
    if all(i in by_index for i in range(1, len(paragraphs) + 1)):
        units = [by_index[i] for i in range(1, len(paragraphs) + 1)]
    if units is None:
        units = _plain_units(document)
    for u, p in zip(units, paragraphs):
        if u.style is None:
            u.style = _style_id(p)
    return units


def docx_units(path: PathLike, style: Any = None) -> Tuple[Any, List[Unit]]:
    """(python-docx Document, classified units) of a .docx; refuses broken or hostile files."""
    document, units, _ = scanned_docx_units(path, style)
    return document, units


def scanned_docx_units(path: PathLike, style: Any = None) -> Tuple[Any, List[Unit], DocxScan]:
    """``docx_units`` and the DocxScan it read through, for the checker to hand to the rules."""
    document = open_docx(path)
    scan = DocxScan(document)
    units = raw_units(path, document, scan)
    return document, classify_units(document, units, scan), scan


def units_of_document(document: Any) -> List[Unit]:
    """Classified units of an in-memory Document (the fixer re-reads after editing)."""
    return classify_units(document, _plain_units(document))
