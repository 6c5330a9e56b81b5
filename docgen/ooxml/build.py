"""The one module that builds WordprocessingML (``w:``) XML for the template builder and the writer.

* element builders: :func:`rpr_for_role`, :func:`ppr_for_role`, :func:`rfonts` turn a
  :class:`~docgen.style.RoleStyle` into ``w:rPr`` / ``w:pPr`` elements (lxml), with every font slot
  explicit (ascii, hAnsi, eastAsia, cs) so no theme font can ever apply;
* run markup: :func:`runs_xml` turns text spans into ``w:r`` XML that docxtpl inserts verbatim
  (the RichText mechanism), keeping the characters of the content exactly as given;
* deterministic packaging: :func:`zip_members` / :func:`save_docx` write a .docx whose bytes depend
  only on its content (fixed zip timestamps and member order).

Values (fonts, sizes, indents, spacing) always come from the Style; the only constants here are
OOXML's own units (half-points, twentieths of a point, per-cent-of-a-character).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from lxml import etree
from markupsafe import Markup

from docgen.style import RoleStyle, pt_to_twips

from docgen.ooxml.ns import NSMAP, R_NS, W_NS, qn  # noqa: F401 (re-exported to the writer)

#: OOXML unit factors (ECMA-376 17.3.1.12, 17.3.2.38, 17.3.1.12 *Chars)
HALF_POINTS_PER_PT = 2
CHARS_UNIT = 100            # w:firstLineChars="200" = 2 characters
SINGLE_LINE = 240           # w:line with lineRule auto: 240 = single spacing
#: Language tags: Latin text en-US (zh-CN makes LibreOffice break inside digit runs,
#: OOXML_NOTES.md §6), East Asian zh-CN.
LANG_LATIN, LANG_EAST_ASIA, LANG_BIDI = "en-US", "zh-CN", "ar-SA"

# Punctuation that Unicode gives an ambiguous East Asian width.  Word draws it with the east-Asian
# font because every style's rFonts has w:hint="eastAsia" (and the east-Asian language is zh-CN).
# LibreOffice goes by its own script classes instead; measured in LibreOffice 7.4
# (OOXML_NOTES.md §7; docformat-gui#31):

#: weak marks: they take the script of the character before them (at the start of a paragraph, of
#: the first other character after them), so after Chinese they are drawn with the CJK font
WEAK_CJK_PUNCT = frozenset("“”‘’—―…")
#: Latin-script marks: drawn with the Latin font (a narrow Times × or ·) wherever they stand, unless
#: the run's ascii/hAnsi font is the CJK font
LATIN_SCRIPT_CJK_PUNCT = frozenset("·×")
AMBIGUOUS_CJK_PUNCT = WEAK_CJK_PUNCT | LATIN_SCRIPT_CJK_PUNCT

#: Fixed zip timestamp: the same content always gives the same bytes (the zip format's epoch).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

ALIGN_VALUES = {"both": "both", "left": "left", "right": "right", "center": "center"}




def el(tag: str, attrs: Optional[Dict[str, object]] = None, *children: etree._Element) -> etree._Element:
    """Make ``<tag attrs…>children…</tag>``; attribute names are prefixed ('w:val')."""
    node = etree.Element(qn(tag), nsmap=NSMAP if tag.startswith("w:") else None)
    for name, value in (attrs or {}).items():
        if value is not None:
            node.set(qn(name), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


def sub(parent: etree._Element, tag: str, attrs: Optional[Dict[str, object]] = None) -> etree._Element:
    node = etree.SubElement(parent, qn(tag))
    for name, value in (attrs or {}).items():
        if value is not None:
            node.set(qn(name), str(value))
    return node


def tostring(node: etree._Element) -> bytes:
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- fonts and run properties ---------------------------------------------------------------------

def rfonts(east_asia: str, latin: str, complex_script: Optional[str] = None,
           hint: str = "eastAsia") -> etree._Element:
    """``w:rFonts`` with every slot explicit, never a ``*Theme`` attribute."""
    return el("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asia,
                           "w:cs": complex_script or latin, "w:hint": hint})


def letter_spacing_twips(role: RoleStyle) -> int:
    return pt_to_twips(role.letter_spacing_pt)


def rpr_for_role(role: RoleStyle, *, lang: bool = True) -> etree._Element:
    """The run properties of a role: fonts, bold, letter spacing, size, language."""
    rpr = el("w:rPr")
    rpr.append(rfonts(role.font, role.latin_font))
    if role.bold:
        sub(rpr, "w:b")
        sub(rpr, "w:bCs")
    else:
        sub(rpr, "w:b", {"w:val": "0"})
        sub(rpr, "w:bCs", {"w:val": "0"})
    sub(rpr, "w:spacing", {"w:val": letter_spacing_twips(role)})
    sub(rpr, "w:sz", {"w:val": role.size_half_points})
    sub(rpr, "w:szCs", {"w:val": role.size_half_points})
    if lang:
        sub(rpr, "w:lang", {"w:val": LANG_LATIN, "w:eastAsia": LANG_EAST_ASIA, "w:bidi": LANG_BIDI})
    return rpr


# -- paragraph properties -------------------------------------------------------------------------

def line_spacing_attrs(role: RoleStyle) -> Tuple[Dict[str, object], bool]:
    """(w:spacing attributes for the line, snap to grid?) from ``role.line_spacing``.

    "grid": single spacing snapped to the section's line grid (w:docGrid type=lines);
    "single": single spacing, not snapped (tables, the folio); a number: exact points.
    """
    spacing = role.line_spacing
    if spacing == "grid":
        return {"w:line": SINGLE_LINE, "w:lineRule": "auto"}, True
    if spacing == "single":
        return {"w:line": SINGLE_LINE, "w:lineRule": "auto"}, False
    return {"w:line": pt_to_twips(float(spacing)), "w:lineRule": "exact"}, True


def indent_attrs(role: RoleStyle, first_line_chars: Optional[float] = None, right_chars: Optional[float] = None,
                 left_chars: float = 0) -> Dict[str, object]:
    """Indents written both as *Chars (Word) and twips (LibreOffice 7.4 ignores *Chars)."""
    first = role.first_line_chars if first_line_chars is None else first_line_chars
    right = role.right_chars if right_chars is None else right_chars
    return {
        "w:leftChars": int(round(left_chars * CHARS_UNIT)), "w:left": role.chars_to_twips(left_chars),
        "w:rightChars": int(round(right * CHARS_UNIT)), "w:right": role.chars_to_twips(right),
        "w:firstLineChars": int(round(first * CHARS_UNIT)), "w:firstLine": role.chars_to_twips(first),
    }


def ppr_for_role(role: RoleStyle, *, style_id: Optional[str] = None, align: Optional[str] = None,
                 indent: Optional[Dict[str, object]] = None) -> etree._Element:
    """The paragraph properties of a role, children in CT_PPr schema order."""
    ppr = el("w:pPr")
    if style_id:
        sub(ppr, "w:pStyle", {"w:val": style_id})
    sub(ppr, "w:widowControl", {"w:val": "0"})
    # no automatic space between CJK and Latin/digits: "2019年" stays as written, lines keep
    # their 28-character measure
    sub(ppr, "w:autoSpaceDE", {"w:val": "0"})
    sub(ppr, "w:autoSpaceDN", {"w:val": "0"})
    line, snap = line_spacing_attrs(role)
    sub(ppr, "w:snapToGrid", {"w:val": "1" if snap else "0"})
    sub(ppr, "w:spacing", {
        "w:before": pt_to_twips(role.space_before_pt), "w:beforeLines": 0,
        "w:after": pt_to_twips(role.space_after_pt), "w:afterLines": 0, **line,
    })
    sub(ppr, "w:ind", indent if indent is not None else indent_attrs(role))
    sub(ppr, "w:jc", {"w:val": ALIGN_VALUES[align or role.align]})
    if role.outline_level is not None:
        sub(ppr, "w:outlineLvl", {"w:val": int(role.outline_level)})
    return ppr


# -- run markup (what docxtpl's {{r }} inserts) ----------------------------------------------------

@dataclass(frozen=True)
class Span:
    """A piece of paragraph text, optionally in a character style.

    ``cjk_font`` is the east-Asian font of the text's role: ambiguous punctuation that LibreOffice
    would draw in the Latin font is written in a run whose ascii/hAnsi font is this font.
    """

    text: str
    cjk_font: str
    char_style: Optional[str] = None


_XML_TEXT_ESCAPES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    # docxtpl replaces "{_{" "}_}" "{_%" "%_}" in the rendered XML; a character reference is the
    # same character to every XML reader but cannot match those replacements.
    "{": "&#123;", "}": "&#125;",
}
# characters XML 1.0 cannot carry (C0 controls except tab/newline/carriage return, U+FFFE/FFFF)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ESCAPE = re.compile(r"[&<>{}]")


def escape_text(text: str) -> str:
    text = _INVALID_XML.sub("", text)
    return _NEEDS_ESCAPE.sub(lambda m: _XML_TEXT_ESCAPES[m.group(0)], text)


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>'


def _run_content(text: str) -> str:
    """w:t / w:tab / w:br for text: a tab is <w:tab/>, a line break <w:br/> (as python-docx does),
    so docxtpl's listing step finds no control character in any w:t."""
    parts: List[str] = []
    for piece in re.split(r"(\t|\r\n|\r|\n)", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r\n", "\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(_t(piece))
    return "".join(parts)


def escape_attr(value: str) -> str:
    return escape_text(value).replace('"', "&quot;")


#: How a piece of paragraph text is marked up (see :func:`classify`).
PLAIN = "plain"              # no direct formatting: the role's style decides
CJK_PUNCT = "cjk-punct"      # ambiguous punctuation LibreOffice would draw in the Latin font
PLACEHOLDER = "placeholder"  # a run of X placeholders: zh-CN so lines may break around it

#: "XXX", "xx": placeholder letters standing alone (not part of a Latin word or number).  With en-US
#: "XXX、XXX、XXX" is one unbreakable word in LibreOffice (OOXML_NOTES.md §6).
_PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9])(?:X+|x+)(?![A-Za-z0-9])")


from docgen.text.cjk import is_wide as _is_wide  # noqa: E402


def _context(text: str, i: int) -> str:
    """The character whose script LibreOffice gives the weak mark text[i] ('' if none)."""
    for j in range(i - 1, -1, -1):
        if text[j] not in WEAK_CJK_PUNCT:
            return text[j]
    return next((c for c in text[i + 1:] if c not in WEAK_CJK_PUNCT), "")


def classify(text: str) -> List[Tuple[str, str]]:
    """[(piece, kind)] for one paragraph's text, in order; adjacent characters of one kind joined.

    Ambiguous punctuation gets a run of its own in the CJK font only where LibreOffice would draw
    it in the Latin font: a weak mark (“”——……) after a Latin letter or digit ("“1+5”"), or with
    no Chinese around it (a paragraph that is only "……"); · and × always.  After Chinese a weak
    mark stays in the surrounding run (the style's hint gives Word the CJK font): a direct rFonts
    on every quote costs LibreOffice 1–2 characters a line.
    """
    kinds: List[str] = []
    for i, ch in enumerate(text):
        if ch in LATIN_SCRIPT_CJK_PUNCT:
            kinds.append(CJK_PUNCT)
        elif ch in WEAK_CJK_PUNCT:
            context = _context(text, i)
            kinds.append(PLAIN if context and _is_wide(context) else CJK_PUNCT)
        else:
            kinds.append(PLAIN)
    for m in _PLACEHOLDER.finditer(text):
        kinds[m.start():m.end()] = [PLACEHOLDER] * (m.end() - m.start())
    out: List[Tuple[str, str]] = []
    for ch, kind in zip(text, kinds):
        if out and out[-1][1] == kind:
            out[-1] = (out[-1][0] + ch, kind)
        else:
            out.append((ch, kind))
    return out


#: kinds written with w:lang zh-CN: LibreOffice then breaks lines there by Chinese rules (a break
#: after "XXX、", before "“" after a digit) instead of treating the piece as part of a Latin word
LANG_ZH_KINDS = (CJK_PUNCT, PLACEHOLDER)


def _rpr_xml(char_style: Optional[str], kind: str, cjk_font: str) -> str:
    inner = ""
    if char_style:
        inner += f'<w:rStyle w:val="{char_style}"/>'
    if kind == CJK_PUNCT:
        font = escape_attr(cjk_font)
        inner += (f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" '
                  f'w:hint="eastAsia"/>')
    if kind in LANG_ZH_KINDS:
        inner += f'<w:lang w:val="{LANG_EAST_ASIA}" w:eastAsia="{LANG_EAST_ASIA}" w:bidi="{LANG_BIDI}"/>'
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def runs_xml(spans: Sequence[Span]) -> Markup:
    """``w:r`` elements for one paragraph's spans, as markup docxtpl inserts unescaped (like its
    RichText).  The spans are classified together: a quote at the start of a span follows the
    last character of the span before it."""
    spans = [s for s in spans if s.text]
    pieces = classify("".join(s.text for s in spans))
    out: List[str] = []
    pos = 0
    for span in spans:
        end = pos + len(span.text)
        offset = 0
        for piece, kind in pieces:
            p_start, p_end = offset, offset + len(piece)
            offset = p_end
            lo, hi = max(p_start, pos), min(p_end, end)
            if lo < hi:
                text = piece[lo - p_start:hi - p_start]
                out.append(f"<w:r>{_rpr_xml(span.char_style, kind, span.cjk_font)}{_run_content(text)}</w:r>")
        pos = end
    return Markup("".join(out))


# -- packaging ------------------------------------------------------------------------------------

def zip_members(members: Sequence[Tuple[str, bytes]], compress: bool = True) -> bytes:
    """A zip whose bytes depend only on the members: fixed timestamps, order and attributes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data)
    return buf.getvalue()


def read_members(data: bytes) -> List[Tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def save_docx(document) -> bytes:
    """Save a python-docx Document deterministically (python-docx stamps zip entries with now)."""
    buf = io.BytesIO()
    document.save(buf)
    return zip_members(read_members(buf.getvalue()))


__all__ = [
    "AMBIGUOUS_CJK_PUNCT", "NSMAP", "R_NS", "Span", "W_NS", "el", "escape_attr", "escape_text",
    "indent_attrs", "line_spacing_attrs", "ppr_for_role", "qn", "read_members", "rfonts", "rpr_for_role",
    "runs_xml", "save_docx", "classify", "PLAIN", "CJK_PUNCT", "PLACEHOLDER", "WEAK_CJK_PUNCT", "LATIN_SCRIPT_CJK_PUNCT", "sub", "tostring", "zip_members",
]
