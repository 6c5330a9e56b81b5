"""Effective formatting of python-docx paragraphs and runs (what Word shows, not only direct values).

python-docx reports ``None`` for anything inherited and never walks the style hierarchy
(CODE_SHAPES.md §3), so the FONT-*/PARA-* rules read formatting only through this module.

Run properties, nearest first:
    run ``w:rPr`` -> character style (``w:rStyle`` and its ``w:basedOn`` chain)
    -> paragraph style and its ``w:basedOn`` chain -> ``w:docDefaults/w:rPrDefault``
    -> theme fonts (``w:asciiTheme``/``w:eastAsiaTheme``/``w:hAnsiTheme`` -> theme1.xml
       ``a:minorFont``/``a:majorFont`` ``a:latin``/``a:ea``, falling back to ``a:font script="Hans"``)
    -> Word's built-in defaults.
The east-Asian, ascii and hAnsi font slots are resolved independently; inside one level a theme
attribute wins over the explicit name, as in Word.

Toggle properties (``w:b``, ``w:i``): a bare ``<w:b/>`` is true, ``w:val="0"/"false"/"off"`` false.
Inside one ``basedOn`` chain the nearest style wins; when both the paragraph style chain and the
character style chain set a toggle, the two values are XOR-ed (ECMA-376 §17.7.3); direct run
formatting is absolute.

Paragraph properties: ``w:pPr`` -> numbering level ``w:pPr`` (when the paragraph is numbered) ->
paragraph style chain -> ``w:pPrDefault`` -> defaults.  ``w:ind`` attributes merge one by one,
except that ``firstLine``/``hanging`` (and ``firstLineChars``/``hangingChars``) are one choice:
the nearest level that sets either decides both.

Units are OOXML's: twips for lengths, hundredths of a character/line for ``*Chars``/``*Lines``.
Table-style formatting is not applied (tables are checked with their own role).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Tuple

from lxml import etree

from docgen.ooxml.ns import A_NS, W_NS, w  # noqa: F401 (re-exported: the rules import them from here)


#: Word's built-in values when neither the document defaults nor any style says anything
WORD_DEFAULT_SIZE_HALF_POINTS = 20          # 10 pt
WORD_DEFAULT_LATIN_FONT = "Times New Roman"
WORD_DEFAULT_LINE = 240                     # single spacing ("auto" rule, 240ths of a line)

_TRUE = {"1", "true", "on"}
#: "none" is no ST_OnOff value, but documents carry it and Word reads it as off
_FALSE = {"0", "false", "off", "none"}

#: w:jc values -> the four alignments the rules know
_ALIGN = {
    "both": "both", "justify": "both", "distribute": "both", "lowKashida": "both",
    "mediumKashida": "both", "highKashida": "both", "thaiDistribute": "both",
    "left": "left", "start": "left", "right": "right", "end": "right", "center": "center",
}

_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class RunProps:
    east_asia_font: Optional[str]
    ascii_font: Optional[str]
    h_ansi_font: Optional[str]
    size_pt: float
    bold: bool
    italic: bool
    underline: Optional[str]        # None = no underline, else the w:u type ("single", …)
    color: Optional[str]            # None = automatic, else upper-case hex ("FF0000", "000000")
    highlight: Optional[str]        # None = no highlight, else the colour name ("yellow")
    letter_spacing_pt: float
    shading: Optional[str] = None   # w:shd/@w:fill when not auto, upper-case
    char_style_id: Optional[str] = None


@dataclass(frozen=True)
class ParaProps:
    alignment: str                  # 'both' | 'left' | 'center' | 'right'
    first_line_twips: int           # 0 when the paragraph has a hanging indent
    first_line_chars: Optional[int]  # hundredths of a character (200 = 2 chars); None = not set
    left_twips: int
    right_twips: int
    hanging_twips: int
    line_rule: str                  # 'auto' | 'exact' | 'atLeast'
    line_twips: int                 # for 'auto': 240ths of a line (240 = single)
    space_before_twips: int
    space_after_twips: int
    before_lines: int               # hundredths of a line
    after_lines: int
    outline_level: Optional[int]    # 0-based; None = body text
    num_pr: bool                    # Word automatic numbering (direct or through the style)
    style_id: Optional[str]
    snap_to_grid: bool
    kinsoku: bool
    hanging_chars: Optional[int] = None
    left_chars: Optional[int] = None
    right_chars: Optional[int] = None
    overflow_punct: bool = True
    num_id: Optional[str] = None
    num_level: int = 0


def on_off(el: Optional[etree._Element]) -> Optional[bool]:
    """ST_OnOff of an element: absent -> None, no w:val -> True, '0'/'false'/'off' -> False."""
    if el is None:
        return None
    val = el.get(w("val"))
    if val is None:
        return True
    return val.strip().lower() not in _FALSE


def _int(value: Optional[str]) -> Optional[int]:
    if value is None:
        return None
    try:
        return int(round(float(value)))
    except ValueError:
        return None


# --------------------------------------------------------------------------- partial property sets
# A "partial" is a dict holding only what one level (a run, a style, the defaults) sets.

_FONT_SLOTS = (("east_asia", "eastAsia", "eastAsiaTheme"), ("ascii", "ascii", "asciiTheme"),
               ("h_ansi", "hAnsi", "hAnsiTheme"))
_TOGGLES = (("bold", "b"), ("italic", "i"))


_T_RFONTS, _T_SZ, _T_U, _T_COLOR, _T_HL, _T_SHD, _T_SPACING = (
    w("rFonts"), w("sz"), w("u"), w("color"), w("highlight"), w("shd"), w("spacing"))
_A_VAL, _A_FILL = w("val"), w("fill")
_T_PPR, _T_RPR, _T_PSTYLE, _T_RSTYLE = w("pPr"), w("rPr"), w("pStyle"), w("rStyle")
_FONT_ATTRS = tuple((slot, w(attr), w(theme_attr)) for slot, attr, theme_attr in _FONT_SLOTS)
_TOGGLE_TAGS = tuple((key, w(tag)) for key, tag in _TOGGLES)


def _rpr_partial(rpr: Optional[etree._Element], theme: Dict[str, str]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    if rpr is None:
        return out
    # one pass over the children: this runs once per run, the hot path of a check
    for child in rpr:
        tag = child.tag
        if tag == _T_RFONTS:
            for slot, attr, theme_attr in _FONT_ATTRS:
                ref = child.get(theme_attr)
                if ref is not None and theme.get(ref):
                    out[slot] = theme[ref]
                elif child.get(attr) is not None:
                    out[slot] = child.get(attr)
        elif tag == _T_SZ:
            value = _int(child.get(_A_VAL))
            if value is not None:
                out["sz"] = value
        elif tag == _T_U:
            out["underline"] = child.get(_A_VAL, "single")
        elif tag == _T_COLOR:
            if child.get(_A_VAL) is not None:
                out["color"] = child.get(_A_VAL)
        elif tag == _T_HL:
            if child.get(_A_VAL) is not None:
                out["highlight"] = child.get(_A_VAL)
        elif tag == _T_SHD:
            out["shading"] = child.get(_A_FILL, "auto")
        elif tag == _T_SPACING:
            value = _int(child.get(_A_VAL))
            if value is not None:
                out["spacing"] = value
        else:
            for key, toggle_tag in _TOGGLE_TAGS:
                if tag == toggle_tag:
                    out[key] = on_off(child)
    return out


_T_JC, _T_IND, _T_PSPACING, _T_OUTLINE, _T_NUMPR, _T_NUMID, _T_ILVL = (
    w("jc"), w("ind"), w("spacing"), w("outlineLvl"), w("numPr"), w("numId"), w("ilvl"))
_PPR_TOGGLES = {w("snapToGrid"): "snapToGrid", w("kinsoku"): "kinsoku", w("overflowPunct"): "overflowPunct"}
_IND_ATTRS = tuple((key, tuple(w(n) for n in names)) for key, names in (
    ("left", ("left", "start")), ("right", ("right", "end")),
    ("leftChars", ("leftChars", "startChars")), ("rightChars", ("rightChars", "endChars"))))
_A = {n: w(n) for n in ("hanging", "firstLine", "hangingChars", "firstLineChars", "line", "before", "after",
                        "beforeLines", "afterLines", "lineRule")}


def _first_attr(el: etree._Element, names: Tuple[str, ...]) -> Optional[str]:
    for n in names:
        value = el.get(n)
        if value is not None:
            return value
    return None


def _first(el: Any, tag: str) -> Optional[etree._Element]:
    """``el.find(tag)`` for a plain tag: the C-level child iterator is about twice as fast as
    ``find``'s path machinery, and this runs for every paragraph and run of a check."""
    return next(el.iterchildren(tag), None)


def _ppr_partial(ppr: Optional[etree._Element]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    if ppr is None:
        return out
    for child in ppr:
        tag = child.tag
        if tag == _T_JC:
            if child.get(_A_VAL):
                out["jc"] = child.get(_A_VAL)
        elif tag == _T_IND:
            for key, names in _IND_ATTRS:
                value = _int(_first_attr(child, names))
                if value is not None:
                    out[key] = value
            # firstLine and hanging exclude each other: one choice per level
            if child.get(_A["hanging"]) is not None:
                out["first"] = ("hanging", _int(child.get(_A["hanging"])) or 0)
            elif child.get(_A["firstLine"]) is not None:
                out["first"] = ("firstLine", _int(child.get(_A["firstLine"])) or 0)
            if child.get(_A["hangingChars"]) is not None:
                out["firstChars"] = ("hangingChars", _int(child.get(_A["hangingChars"])) or 0)
            elif child.get(_A["firstLineChars"]) is not None:
                out["firstChars"] = ("firstLineChars", _int(child.get(_A["firstLineChars"])) or 0)
        elif tag == _T_PSPACING:
            for key in ("line", "before", "after", "beforeLines", "afterLines"):
                value = _int(child.get(_A[key]))
                if value is not None:
                    out[key] = value
            if child.get(_A["lineRule"]) is not None:
                out["lineRule"] = child.get(_A["lineRule"])
            elif "line" in out:
                out["lineRule"] = "auto"          # ST_LineSpacingRule default
        elif tag == _T_OUTLINE:
            value = _int(child.get(_A_VAL))
            if value is not None:
                out["outlineLvl"] = value
        elif tag == _T_NUMPR:
            num_id = child.find(_T_NUMID)
            ilvl = child.find(_T_ILVL)
            nid = num_id.get(_A_VAL) if num_id is not None else None
            lvl = _int(ilvl.get(_A_VAL)) if ilvl is not None else None
            if nid is not None or lvl is not None:
                out["numPr"] = (nid, lvl)
        elif tag in _PPR_TOGGLES:
            out[_PPR_TOGGLES[tag]] = on_off(child)
    return out


def _merge(near: Dict[str, Any], far: Dict[str, Any]) -> Dict[str, Any]:
    """Values of ``near`` override ``far``; numbering ids merge attribute by attribute."""
    out = dict(far)
    out.update(near)
    if "numPr" in near and "numPr" in far:
        nid = near["numPr"][0] if near["numPr"][0] is not None else far["numPr"][0]
        lvl = near["numPr"][1] if near["numPr"][1] is not None else far["numPr"][1]
        out["numPr"] = (nid, lvl)
    return out


# --------------------------------------------------------------------------------------- resolver

#: the caches of ``Resolver(document, shared=True)``, by the bytes of the parts every answer derives
#: from (styles, numbering, theme): the drafts of one batch mostly come from one template, and
#: resolving style chains anew for each of them was a tenth of a .docx check.  Least recently
#: used first; at most SHARED_TEMPLATES templates, each cache cleared at SHARED_ENTRIES_MAX entries.
_SHARED: "OrderedDict[Tuple[Optional[bytes], ...], Dict[str, Dict[Any, Any]]]" = OrderedDict()
SHARED_TEMPLATES = 8
SHARED_ENTRIES_MAX = 4096
_CACHE_NAMES = ("style_rpr", "style_ppr", "base_rpr", "num_ppr", "run_props", "para_props")


def clear_shared_caches() -> None:
    _SHARED.clear()


def _shared_caches(key: Tuple[Optional[bytes], ...]) -> Dict[str, Dict[Any, Any]]:
    caches = _SHARED.get(key)
    if caches is None:
        caches = _SHARED[key] = {name: {} for name in _CACHE_NAMES}
        while len(_SHARED) > SHARED_TEMPLATES:
            _SHARED.popitem(last=False)
    else:
        _SHARED.move_to_end(key)
        for cache in caches.values():
            if len(cache) > SHARED_ENTRIES_MAX:     # a bound on memory, not a policy: start over
                cache.clear()
    return caches


class Resolver:
    """Effective run and paragraph properties for one python-docx Document.

    Style chains are resolved once and cached, so checking a document costs one dict merge per run.

    ``shared=True``: the caches are shared with every other shared resolver of a document whose
    styles, numbering and theme parts are byte for byte the same (their answers depend on nothing
    else).  Only for a document that is not edited while resolvers exist (``docgen check``): an
    answer computed after an edit of the styles would be filed under the unedited parts.
    """

    def __init__(self, document: Any, shared: bool = False) -> None:
        self.document = document
        part = document.part
        theme_part = self._theme_part(part)
        self._theme = self._theme_fonts(part)
        styles_el = self._styles_element(document)
        self._styles: Dict[str, etree._Element] = {}
        self._default_para: Optional[str] = None
        self._default_char: Optional[str] = None
        self._doc_rpr: Dict[str, Any] = {}
        self._doc_ppr: Dict[str, Any] = {}
        if styles_el is not None:
            for st in styles_el.iter(w("style")):
                sid = st.get(w("styleId"))
                if sid is None:
                    continue
                self._styles.setdefault(sid, st)
                if (st.get(w("default")) or "").lower() in _TRUE:
                    kind = st.get(w("type"), "paragraph")
                    if kind == "paragraph" and self._default_para is None:
                        self._default_para = sid
                    elif kind == "character" and self._default_char is None:
                        self._default_char = sid
            defaults = styles_el.find(w("docDefaults"))
            if defaults is not None:
                self._doc_rpr = _rpr_partial(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"), self._theme)
                self._doc_ppr = _ppr_partial(defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
        self._numbering = self._numbering_element(part)
        if shared:
            caches = _shared_caches((
                None if styles_el is None else etree.tostring(styles_el),
                None if self._numbering is None else etree.tostring(self._numbering),
                None if theme_part is None else theme_part.blob))
        else:
            caches = {name: {} for name in _CACHE_NAMES}
        self._style_rpr_cache: Dict[Optional[str], Dict[str, Any]] = caches["style_rpr"]
        self._style_ppr_cache: Dict[Optional[str], Dict[str, Any]] = caches["style_ppr"]
        self._base_rpr_cache: Dict[Tuple[Optional[str], Optional[str]], Dict[str, Any]] = caches["base_rpr"]
        self._num_ppr_cache: Dict[Tuple[Optional[str], int], Dict[str, Any]] = caches["num_ppr"]
        #: (paragraph style id, serialized w:rPr) -> RunProps: the runs of a document repeat a few
        #: formattings, and the result depends only on these two (and the styles, fixed per resolver)
        self._run_props_cache: Dict[Tuple[Optional[str], Optional[bytes]], RunProps] = caches["run_props"]
        self._para_props_cache: Dict[Tuple[Optional[str], Optional[bytes]], ParaProps] = caches["para_props"]

    # -- document parts ------------------------------------------------------------------------
    @staticmethod
    def _styles_element(document: Any) -> Optional[etree._Element]:
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/styles") and not rel.is_external:
                return getattr(rel.target_part, "element", None)
        return None

    @staticmethod
    def _numbering_element(part: Any) -> Optional[etree._Element]:
        for rel in part.rels.values():
            if rel.reltype.endswith("/numbering") and not rel.is_external:
                return getattr(rel.target_part, "element", None)
        return None

    @staticmethod
    def _theme_part(part: Any) -> Optional[Any]:
        for rel in part.rels.values():
            if rel.reltype.endswith("/theme") and not rel.is_external:
                return rel.target_part
        return None

    @staticmethod
    def _theme_fonts(part: Any) -> Dict[str, str]:
        """theme1.xml font scheme -> {'minorEastAsia': 'SimSun', 'majorHAnsi': 'Calibri Light', …}."""
        fonts: Dict[str, str] = {}
        for rel in part.rels.values():
            if not rel.reltype.endswith("/theme") or rel.is_external:
                continue
            try:
                root = etree.fromstring(rel.target_part.blob, _SAFE_PARSER)
            except etree.XMLSyntaxError:
                return fonts
            for which in ("major", "minor"):
                scheme = root.find(f".//{{{A_NS}}}{which}Font")
                if scheme is None:
                    continue
                latin = scheme.find(f"{{{A_NS}}}latin")
                ea = scheme.find(f"{{{A_NS}}}ea")
                hans = scheme.find(f"{{{A_NS}}}font[@script='Hans']")
                latin_face = latin.get("typeface") if latin is not None else None
                ea_face = ea.get("typeface") if ea is not None else None
                if not ea_face and hans is not None:
                    ea_face = hans.get("typeface")
                if latin_face:
                    fonts[f"{which}Ascii"] = fonts[f"{which}HAnsi"] = latin_face
                if ea_face:
                    fonts[f"{which}EastAsia"] = ea_face
            break
        return fonts

    # -- style chains ----------------------------------------------------------------------------
    def _chain(self, style_id: Optional[str]) -> List[etree._Element]:
        """The style and its basedOn ancestors, nearest first (cycles and dangling ids stop it)."""
        chain: List[etree._Element] = []
        seen = set()
        while style_id is not None and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            st = self._styles[style_id]
            chain.append(st)
            based = st.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def _style_rpr(self, style_id: Optional[str]) -> Dict[str, Any]:
        if style_id not in self._style_rpr_cache:
            merged: Dict[str, Any] = {}
            for st in reversed(self._chain(style_id)):
                merged = _merge(_rpr_partial(st.find(w("rPr")), self._theme), merged)
            self._style_rpr_cache[style_id] = merged
        return self._style_rpr_cache[style_id]

    def _style_ppr(self, style_id: Optional[str]) -> Dict[str, Any]:
        if style_id not in self._style_ppr_cache:
            merged: Dict[str, Any] = {}
            for st in reversed(self._chain(style_id)):
                merged = _merge(_ppr_partial(st.find(w("pPr"))), merged)
            self._style_ppr_cache[style_id] = merged
        return self._style_ppr_cache[style_id]

    def style_id_of(self, paragraph: Any) -> Optional[str]:
        """The paragraph's style id, or the default paragraph style when none / unknown is named."""
        p = getattr(paragraph, "_p", paragraph)
        ppr = _first(p, _T_PPR)
        if ppr is not None:
            ps = _first(ppr, _T_PSTYLE)
            if ps is not None:
                sid = ps.get(_A_VAL)
                if sid in self._styles:
                    return sid
        return self._default_para

    def char_style_id_of(self, run: Any) -> Optional[str]:
        r = getattr(run, "_r", run)
        rpr = _first(r, _T_RPR)
        if rpr is not None:
            rs = _first(rpr, _T_RSTYLE)
            if rs is not None and rs.get(_A_VAL) in self._styles:
                return rs.get(_A_VAL)
        return self._default_char

    def style_chain_ids(self, style_id: Optional[str]) -> List[str]:
        return [st.get(w("styleId")) for st in self._chain(style_id)]

    def _base_rpr(self, para_style: Optional[str], char_style: Optional[str]) -> Dict[str, Any]:
        key = (para_style, char_style)
        if key not in self._base_rpr_cache:
            p_props = _merge(self._style_rpr(para_style), self._doc_rpr)
            c_props = self._style_rpr(char_style) if char_style else {}
            merged = _merge(c_props, p_props)
            for name, _tag in _TOGGLES:
                ps = self._style_rpr(para_style).get(name)
                cs = c_props.get(name)
                if ps is not None and cs is not None:
                    merged[name] = ps != cs        # toggles XOR across the two style kinds
            self._base_rpr_cache[key] = merged
        return self._base_rpr_cache[key]

    # -- public API ------------------------------------------------------------------------------
    def run_props(self, paragraph: Any, run: Any, para_style: Any = ...) -> RunProps:
        """Effective properties of ``run`` in ``paragraph``; ``para_style`` is
        ``style_id_of(paragraph)`` when the caller has it (a paragraph's runs share it)."""
        r = getattr(run, "_r", run)
        if para_style is ...:
            para_style = self.style_id_of(paragraph)
        rpr = _first(r, _T_RPR)
        key = (para_style, None if rpr is None else etree.tostring(rpr, with_tail=False))
        cached = self._run_props_cache.get(key)
        if cached is None:
            cached = self._run_props_cache[key] = self._compute_run_props(para_style, r, rpr)
        return cached

    def _compute_run_props(self, para_style: Optional[str], r: Any, rpr: Any) -> RunProps:
        char_style = self.char_style_id_of(r)
        base = self._base_rpr(para_style, char_style)
        props = _merge(_rpr_partial(rpr, self._theme), base)
        color = props.get("color")
        if color is not None and color.lower() == "auto":
            color = None
        highlight = props.get("highlight")
        if highlight is not None and highlight.lower() == "none":
            highlight = None
        underline = props.get("underline")
        if underline is not None and underline.lower() == "none":
            underline = None
        shading = props.get("shading")
        if shading is not None and shading.lower() == "auto":
            shading = None
        return RunProps(
            east_asia_font=props.get("east_asia"),
            ascii_font=props.get("ascii", WORD_DEFAULT_LATIN_FONT),
            h_ansi_font=props.get("h_ansi", props.get("ascii", WORD_DEFAULT_LATIN_FONT)),
            size_pt=props.get("sz", WORD_DEFAULT_SIZE_HALF_POINTS) / 2,
            bold=bool(props.get("bold", False)),
            italic=bool(props.get("italic", False)),
            underline=underline,
            color=color.upper() if color else None,
            highlight=highlight,
            letter_spacing_pt=props.get("spacing", 0) / 20,
            shading=shading.upper() if shading else None,
            char_style_id=char_style,
        )

    def _num_ppr(self, num_id: Optional[str], level: int) -> Dict[str, Any]:
        key = (num_id, level)
        if key in self._num_ppr_cache:
            return self._num_ppr_cache[key]
        out: Dict[str, Any] = {}
        if self._numbering is not None and num_id is not None:
            num = next((n for n in self._numbering.iter(w("num")) if n.get(w("numId")) == num_id), None)
            if num is not None:
                abs_ref = num.find(w("abstractNumId"))
                abs_id = abs_ref.get(w("val")) if abs_ref is not None else None
                lvl_el = None
                for override in num.iter(w("lvlOverride")):
                    if _int(override.get(w("ilvl"))) == level and override.find(w("lvl")) is not None:
                        lvl_el = override.find(w("lvl"))
                if lvl_el is None:
                    for abs_num in self._numbering.iter(w("abstractNum")):
                        if abs_num.get(w("abstractNumId")) == abs_id:
                            lvl_el = next((lv for lv in abs_num.iter(w("lvl"))
                                           if _int(lv.get(w("ilvl"))) == level), None)
                            break
                if lvl_el is not None:
                    out = _ppr_partial(lvl_el.find(w("pPr")))
                    out.pop("numPr", None)
        self._num_ppr_cache[key] = out
        return out

    def para_props(self, paragraph: Any) -> ParaProps:
        p = getattr(paragraph, "_p", paragraph)
        style_id = self.style_id_of(p)
        ppr = _first(p, _T_PPR)
        # the result depends only on the style and the w:pPr (numbering levels are per document)
        key = (style_id, None if ppr is None else etree.tostring(ppr, with_tail=False))
        cached = self._para_props_cache.get(key)
        if cached is None:
            cached = self._para_props_cache[key] = self._compute_para_props(style_id, ppr)
        return cached

    def _compute_para_props(self, style_id: Optional[str], ppr: Any) -> ParaProps:
        style = _merge(self._style_ppr(style_id), self._doc_ppr)
        direct = _ppr_partial(ppr)
        props = _merge(direct, style)
        num = props.get("numPr")
        num_id = num[0] if num else None
        numbered = bool(num_id) and num_id != "0"
        level = (num[1] or 0) if num else 0
        if numbered:
            props = _merge(direct, _merge(self._num_ppr(num_id, level), style))
        first_kind, first_val = props.get("first", ("firstLine", 0))
        chars = props.get("firstChars")
        outline = props.get("outlineLvl")
        return ParaProps(
            alignment=_ALIGN.get(props.get("jc", "left"), "left"),
            first_line_twips=first_val if first_kind == "firstLine" else 0,
            first_line_chars=(chars[1] if chars[0] == "firstLineChars" else 0) if chars else None,
            left_twips=props.get("left", 0),
            right_twips=props.get("right", 0),
            hanging_twips=first_val if first_kind == "hanging" else 0,
            line_rule=props.get("lineRule", "auto"),
            line_twips=props.get("line", WORD_DEFAULT_LINE),
            space_before_twips=props.get("before", 0),
            space_after_twips=props.get("after", 0),
            before_lines=props.get("beforeLines", 0),
            after_lines=props.get("afterLines", 0),
            outline_level=outline if outline is not None and 0 <= outline < 9 else None,
            num_pr=numbered,
            style_id=style_id,
            snap_to_grid=props.get("snapToGrid", True),
            kinsoku=props.get("kinsoku", True),
            hanging_chars=(chars[1] if chars[0] == "hangingChars" else None) if chars else None,
            left_chars=props.get("leftChars"),
            right_chars=props.get("rightChars"),
            overflow_punct=props.get("overflowPunct", True),
            num_id=num_id if numbered else None,
            num_level=level,
        )


# ------------------------------------------------------------------------------ run iteration

_SKIP_CONTAINERS = {w("del"), w("moveFrom")}
_T_R = w("r")


def iter_runs(paragraph: Any) -> Iterator[etree._Element]:
    """Every visible ``w:r`` of a paragraph in document order, also inside hyperlinks, insertions,
    smart tags and simple fields; deleted text (``w:del``/``w:moveFrom``) is skipped."""
    p = getattr(paragraph, "_p", paragraph)
    for r in p.iter(_T_R):
        parent = r.getparent()
        hidden = False
        while parent is not None and parent is not p:
            if parent.tag in _SKIP_CONTAINERS:
                hidden = True
                break
            parent = parent.getparent()
        if not hidden:
            yield r


def run_text(run: Any) -> str:
    """Text of one run as python-docx shows it (tabs and breaks as \\t / \\n)."""
    r = getattr(run, "_r", run)
    parts = []
    for child in r:
        tag = child.tag
        if tag == _T_T:
            parts.append(child.text or "")
        elif tag == _T_TAB:
            parts.append("\t")
        elif tag in _T_BREAKS:
            parts.append("\n")
        elif tag == _T_NBH:
            parts.append("-")
    return "".join(parts)


# tag names of run_text, computed once (it runs for every child of every run)
_T_T, _T_TAB, _T_NBH, _T_BREAKS = w("t"), w("tab"), w("noBreakHyphen"), (w("br"), w("cr"))


# ------------------------------------------------------------------------- style facts for readers

_T_NAME = w("name")


def style_name(resolver: Resolver, style_id: Optional[str]) -> Optional[str]:
    """The w:name of style ``style_id`` as styles.xml spells it ("heading 1"), None without one."""
    st = resolver._styles.get(style_id) if style_id is not None else None
    name = _first(st, _T_NAME) if st is not None else None
    return name.get(_A_VAL) if name is not None else None


def numbering_of(resolver: Resolver, paragraph: Any, style_id: Optional[str]) -> Tuple[Optional[str], int]:
    """(numId, level) of ``paragraph`` as ``para_props`` gives them (numId None when the paragraph
    is not numbered); ``style_id`` is ``style_id_of(paragraph)``.  A paragraph neither its own
    w:pPr nor its style chain nor the defaults number is answered without resolving the rest."""
    p = getattr(paragraph, "_p", paragraph)
    ppr = _first(p, _T_PPR)
    if ((ppr is None or _first(ppr, _T_NUMPR) is None) and "numPr" not in resolver._style_ppr(style_id)
            and "numPr" not in resolver._doc_ppr):
        return None, 0
    props = resolver.para_props(p)
    return props.num_id, props.num_level
