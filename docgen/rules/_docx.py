"""Shared helpers of the .docx rules (layout.py, page.py, font.py, font_para.py): paragraphs, sections,
per-character roles, run spans with effective properties, and font-family comparison.

Raw lxml access of the checker lives here, in docgen/resolve.py and in the two rule modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple

from docgen.readers.docx.interpret import DocxScan, offset_map, role_of_kind
from docgen.rules.base import lazy_compile
from docgen.ooxml.resolve import RunProps, w
from docgen.style import SIZE_NAMES, TWIPS_PER_MM

#: characters whose glyph comes from the east-Asian font slot
CJK_RE = lazy_compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·]")
#: runs of such characters: summing run lengths counts them ~10× faster than findall per character
CJK_RUN_RE = lazy_compile(CJK_RE.pattern + "+")
LATIN_RE = re.compile(r"[0-9A-Za-z]")
#: roles whose paragraphs count as running text (body font, 2-char indent, grid spacing)
BODY_ROLES = ("body", "closing")
HEADING_ROLES = ("h1", "h2", "h3", "h4")
INDENTED_ROLES = BODY_ROLES + HEADING_ROLES


@dataclass
class Span:
    """A run's text at ``[start, end)`` of the unit text, with its effective properties."""

    start: int
    end: int
    text: str
    props: RunProps
    run: Any
    role: Optional[str]

    @property
    def cjk(self) -> int:
        """Number of characters set in the east-Asian font slot (counted once per span: several
        rules ask)."""
        n = self.__dict__.get("_cjk")
        if n is None:
            n = self.__dict__["_cjk"] = sum(map(len, CJK_RUN_RE.findall(self.text)))
        return n


#: ctx.cache key of the document's DocxScan (docgen.readers.docx.interpret): the checker puts the one the
#: classifier read through there; a context built without it scans on first use
SCAN_KEY = "docx.scan"


def scan(ctx: Any) -> DocxScan:
    found = ctx.cache.get(SCAN_KEY)
    if found is None:
        found = ctx.cache[SCAN_KEY] = DocxScan(ctx.docx)
    return found


def _per_unit(ctx: Any, key: str) -> Dict[Any, Any]:
    """A ctx.cache dict by unit index: the rules ask for spans and paragraph properties some
    hundred times per document, and ``ctx.memo`` with a per-call key and closure cost more than
    the look-up."""
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = {}
    return found


def paragraphs(ctx: Any) -> List[Any]:
    return scan(ctx).paragraphs


def paragraph_of(ctx: Any, unit: Any) -> Optional[Any]:
    paras = paragraphs(ctx)
    if unit.index is None or not 1 <= unit.index <= len(paras):
        return None
    return paras[unit.index - 1]


def para_role(unit: Any) -> Optional[str]:
    return role_of_kind(unit.kind, unit.level)


def char_role(unit: Any, offset: int) -> Optional[str]:
    """Role of the character at ``offset``: the run-in lead takes the heading or lead role."""
    if unit.kind in ("runin", "enum") and unit.lead_end is not None:
        if offset < unit.lead_end:
            return f"h{min(max(unit.level or 2, 1), 4)}" if unit.kind == "runin" else "lead"
        return "body"
    return para_role(unit)


def content_units(ctx: Any, roles: Tuple[str, ...]) -> Iterator[Any]:
    """Units whose paragraph role (or, for run-ins, body part) is one of ``roles``."""
    with_roles = ctx.cache.get("docx.content_roles")
    if with_roles is None:      # (unit, role, has a body part) once per document, not once per rule
        with_roles = ctx.cache["docx.content_roles"] = [
            (u, para_role(u), u.kind in ("runin", "enum")) for u in ctx.content_units()]
    body = "body" in roles
    for u, role, runin in with_roles:
        if role in roles or (runin and body):
            yield u


def spans(ctx: Any, unit: Any) -> List[Span]:
    """Visible runs of the unit's paragraph with offsets in ``unit.text`` coordinates (a frozen
    auto-number in front of the run text shifts them)."""
    cache = _per_unit(ctx, "docx.spans")
    found = cache.get(unit.index)
    if found is None:
        found = cache[unit.index] = _compute_spans(ctx, unit)
    return found


def _compute_spans(ctx: Any, unit: Any) -> List[Span]:
    para = paragraph_of(ctx, unit)
    if para is None:
        return []
    out: List[Span] = []
    texts = scan(ctx).runs(unit.index - 1)
    run_text_all = "".join([t for _, t in texts])
    # the usual case: unit text and run text agree, offsets map onto themselves
    to_unit = None if run_text_all == unit.text else offset_map(run_text_all, unit.text)
    pos = 0
    resolver = ctx.resolver
    para_style = resolver.style_id_of(para)
    # only a run-in's lead has a role of its own: other paragraphs have one role for every run
    split_role = unit.kind in ("runin", "enum") and unit.lead_end is not None
    role = None if split_role else para_role(unit)
    for r, text in texts:
        if text:
            if to_unit is None:
                start, end = pos, pos + len(text)
            else:
                start, end = to_unit[pos], to_unit[pos + len(text)]
            out.append(Span(start, max(end, start), text, resolver.run_props(para, r, para_style), r,
                            char_role(unit, start) if split_role else role))
        pos += len(text)
    return out


def para_props(ctx: Any, unit: Any) -> Any:
    cache = _per_unit(ctx, "docx.pp")
    found = cache.get(unit.index)
    if found is None:
        found = cache[unit.index] = ctx.resolver.para_props(paragraph_of(ctx, unit))
    return found


def family(style: Any, name: str) -> Optional[str]:
    """style.family_of, cached on the style (it scans every alias list; checks ask once per run)."""
    cache = style.__dict__.setdefault("_docgen_family_cache", {})
    if name not in cache:
        cache[name] = style.family_of(name)
    return cache[name]


def family_ok(style: Any, actual: Optional[str], expected: str) -> bool:
    """Same font family by the rule set's alias lists (exact name when ``expected`` has none)."""
    if not actual:
        return False
    want = family(style, expected)
    if want is None:
        return actual.strip().lower() == expected.strip().lower()
    return family(style, actual) == want


def size_ok(style: Any, actual: float, expected: float) -> bool:
    return abs(actual - expected) <= float(style.tolerances.get("font_size_pt", 0.5))


def size_name(pt: float) -> str:
    """16.0 -> '三号（16 磅）'; 13.0 -> '13 磅'."""
    names = [n for n, v in SIZE_NAMES.items() if abs(v - pt) < 0.01]
    number = f"{pt:g} 磅"
    return f"{names[0]}（{number}）" if names else number


def font_label(name: Optional[str]) -> str:
    return f"“{name}”" if name else "未指定（由 Word 替代）"


def mm(twips: float) -> str:
    return f"{twips / TWIPS_PER_MM:.1f}mm"


# ------------------------------------------------------------------------------------- sections

@dataclass
class SectionInfo:
    number: int                      # 1-based
    sectPr: Any
    elements: List[Any]              # body blocks (w:p / w:tbl) of the section
    first_paragraph: Optional[int]   # 1-based index of its first python-docx paragraph
    #: (child, name) -> value: rules ask for the same few attributes once per paragraph
    _attrs: Dict[Tuple[str, str], Optional[str]] = field(default_factory=dict, repr=False, compare=False)

    def attr(self, child: str, name: str) -> Optional[str]:
        key = (child, name)
        if key not in self._attrs:
            el = self.sectPr.find(w(child))
            self._attrs[key] = None if el is None else el.get(w(name))
        return self._attrs[key]

    def int_attr(self, child: str, name: str, default: Optional[int] = None) -> Optional[int]:
        value = self.attr(child, name)
        try:
            return int(round(float(value))) if value is not None else default
        except ValueError:
            return default

    @property
    def landscape(self) -> bool:
        width = self.int_attr("pgSz", "w", 0) or 0
        height = self.int_attr("pgSz", "h", 0) or 0
        return self.attr("pgSz", "orient") == "landscape" or width > height

    @property
    def only_tables(self) -> bool:
        """True when the section holds tables and no text paragraph (GB9704 8 allows landscape)."""
        has_table = any(e.tag == w("tbl") for e in self.elements)
        text = any(e.tag == w("p") and "".join(e.itertext()).strip() for e in self.elements)
        return has_table and not text


_T_P, _T_PPR, _T_TBL, _T_SECTPR = w("p"), w("pPr"), w("tbl"), w("sectPr")


def sections(ctx: Any) -> List[SectionInfo]:
    def compute() -> List[SectionInfo]:
        body = ctx.docx.element.body
        para_index = scan(ctx).para_index
        out: List[SectionInfo] = []
        current: List[Any] = []
        for child in body:
            tag = child.tag
            if tag == _T_P:
                current.append(child)
                ppr = next(child.iterchildren(_T_PPR), None)
                sect = next(ppr.iterchildren(_T_SECTPR), None) if ppr is not None else None
                if sect is not None:
                    out.append(_section(len(out) + 1, sect, current, para_index))
                    current = []
            elif tag == _T_TBL:
                current.append(child)
            elif tag == _T_SECTPR:
                out.append(_section(len(out) + 1, child, current, para_index))
                current = []
        return out

    return ctx.memo("docx.sections", compute)


def _section(number: int, sect: Any, elements: List[Any], para_index: Dict[int, int]) -> SectionInfo:
    first = next((para_index[id(e)] for e in elements if id(e) in para_index), None)
    return SectionInfo(number, sect, elements, first)


def section_of_paragraph(ctx: Any, index: int) -> Optional[SectionInfo]:
    def compute() -> Dict[int, SectionInfo]:
        para_index = scan(ctx).para_index
        out: Dict[int, SectionInfo] = {}
        for sec in sections(ctx):
            for e in sec.elements:
                if id(e) in para_index:
                    out[para_index[id(e)]] = sec
        return out

    found = ctx.memo("docx.section_of", compute).get(index)
    if found is None and sections(ctx):
        return sections(ctx)[-1]
    return found


def settings_element(ctx: Any) -> Optional[Any]:
    def compute() -> Optional[Any]:
        for rel in ctx.docx.part.rels.values():
            if rel.reltype.endswith("/settings") and not rel.is_external:
                return getattr(rel.target_part, "element", None)
        return None

    return ctx.memo("docx.settings", compute)
