"""Substitution caught on the page: per role, the fonts the rendered PDF really embeds.

``docgen preview --measure`` calls :func:`measure_fonts`.  The PDF's characters are matched back to
the .docx paragraphs in reading order (each paragraph's role, a run-in lead's role per character;
the footer zone is the page number), and every Chinese character, Chinese mark, Latin letter and
digit is counted under the font the PDF embeds for it.  A role is flagged when

* a character of it is printed in a font the house style does not list for the role (its font,
  the alias family, its ``fallback:`` fonts, its Latin font and their stand-ins in
  docgen/data/fonts.conf): e.g. DejaVu or Droid for 黑体 (a Chinese mark printed in the role's own
  Latin font is no substitution: it is noted, FONT-PUNCT-LATIN's matter); or
* the renderer's font configuration does not resolve the role's font to a listed font at all
  (fc-match answers DejaVu Sans for 黑体): the glyphs on the page then come from LibreOffice's
  per-character fallback, and the font the style asks for never took effect.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from docgen.fonts import (FontProbe, FontconfigProbe, accepted_families, role_label, same_font)
from docgen.ooxml.build import AMBIGUOUS_CJK_PUNCT

PathLike = Union[str, Path]
#: examples of wrongly printed characters kept per role and font
EXAMPLES = 6


def _kind(ch: str) -> Optional[str]:
    """'cjk' for characters drawn with the east-Asian font, 'latin' for letters and digits."""
    if ch.isascii():
        return "latin" if ch.isalnum() else None
    if ch in AMBIGUOUS_CJK_PUNCT:
        return "cjk"
    if unicodedata.east_asian_width(ch) in ("W", "F") and unicodedata.category(ch)[0] in ("L", "P", "N"):
        return "cjk"
    return None


def _clean(name: str) -> str:
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


@dataclass
class RoleFonts:
    role: str
    label: str
    font: str
    latin_font: str
    cjk: Dict[str, int] = field(default_factory=dict)      # embedded font -> characters
    latin: Dict[str, int] = field(default_factory=dict)
    resolved: Optional[str] = None                          # what fc-match gives for ``font``
    problems: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)           # not substitution, worth knowing

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> Dict[str, Any]:
        return {"role": self.role, "label": self.label, "font": self.font, "latin_font": self.latin_font,
                "embedded_cjk": self.cjk, "embedded_latin": self.latin, "resolved": self.resolved,
                "ok": self.ok, "problems": self.problems, "notes": self.notes}


def _docx_chars(docx_path: PathLike, style: Any) -> List[Tuple[str, str]]:
    """(character, role) of every printed character of the .docx body, in order."""
    from docgen.readers.docx.interpret import docx_units
    from docgen.rules._docx import char_role

    _, units = docx_units(docx_path)
    out: List[Tuple[str, str]] = []
    for unit in units:
        if unit.kind in ("blank", "noise") or not unit.text:
            continue
        for i, ch in enumerate(unit.text):
            if ch.isspace():
                continue
            role = char_role(unit, i) or "body"
            out.append((ch, role if role in style.roles else "body"))
    return out


def _pdf_chars(pdf_path: PathLike, style: Any) -> Tuple[List[Tuple[str, str]], List[Tuple[str, str]]]:
    """((character, font) of the text area in reading order, (character, font) of the footers)."""
    from docgen.render.measure import import_pymupdf

    fitz = import_pymupdf()
    body: List[Tuple[str, str]] = []
    footer: List[Tuple[str, str]] = []
    mm_to_pt = 72 / 25.4
    bottom_edge = (style.page.height_mm - style.page.margin_bottom_mm) * mm_to_pt
    with fitz.open(str(pdf_path)) as pdf:
        for page in pdf:
            glyphs = []
            for block in page.get_text("rawdict").get("blocks", []):
                for line in block.get("lines", []):
                    if tuple(round(v) for v in line.get("dir", (1, 0))) != (1, 0):
                        continue
                    for span in line.get("spans", []):
                        for ch in span.get("chars", []):
                            if ch["c"].isspace():
                                continue
                            glyphs.append((round(ch["origin"][1], 1), ch["origin"][0], ch["c"], _clean(span["font"])))
            glyphs.sort()
            for y, _, c, font in glyphs:
                (footer if y > bottom_edge else body).append((c, font))
    return body, footer


def _align(doc_chars: List[Tuple[str, str]], pdf_chars: List[Tuple[str, str]]) -> List[Tuple[str, str, str]]:
    """(character, role, embedded font) for each .docx character matched to the PDF text (a
    longest-common-subsequence alignment: a mark LibreOffice draws differently or an auto number
    only costs its own characters)."""
    import difflib

    a = "".join(c for c, _ in doc_chars)
    b = "".join(c for c, _ in pdf_chars)
    out = []
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            ch, role = doc_chars[block.a + k]
            out.append((ch, role, pdf_chars[block.b + k][1]))
    return out


def measure_fonts(docx_path: PathLike, pdf_path: PathLike, style: Any,
                  probe: Optional[FontProbe] = None) -> List[RoleFonts]:
    """Per role that has text on the page: the embedded fonts and what is wrong with them."""
    body, footer = _pdf_chars(pdf_path, style)
    matched = _align(_docx_chars(docx_path, style), body)
    matched += [(c, "page_number", font) for c, font in footer]
    by_role: Dict[str, RoleFonts] = {}
    bad_examples: Dict[Tuple[str, str, str], List[str]] = {}
    for ch, role, font in matched:
        kind = _kind(ch)
        if kind is None:
            continue
        rs = style.roles[role]
        item = by_role.get(role)
        if item is None:
            item = by_role[role] = RoleFonts(role, role_label(role), rs.font, rs.latin_font)
        counter = item.cjk if kind == "cjk" else item.latin
        counter[font] = counter.get(font, 0) + 1
        bad_examples.setdefault((role, kind, font), [])
        if len(bad_examples[(role, kind, font)]) < EXAMPLES and ch not in bad_examples[(role, kind, font)]:
            bad_examples[(role, kind, font)].append(ch)
    probe = probe or FontconfigProbe()
    for role, item in by_role.items():
        accepted = accepted_families(style, role)
        accepted_latin = accepted_families(style, role, latin=True)
        listed = accepted + accepted_latin
        for kind, counter, names, wanted in (("cjk", item.cjk, accepted, item.font),
                                             ("latin", item.latin, accepted_latin, item.latin_font)):
            for font, n in sorted(counter.items(), key=lambda kv: -kv[1]):
                sample = "".join(bad_examples[(role, kind, font)])
                if any(same_font(font, a) for a in names):
                    continue
                if any(same_font(font, a) for a in listed):
                    # the role's other font (a mark in its Latin font): no substitution, but a
                    # FONT-PUNCT-LATIN matter
                    if kind == "cjk":
                        item.notes.append(f"{item.label}有 {n} 个中文字符或标点（如“{sample}”）用西文字体 {font} "
                                          "印出（规则 FONT-PUNCT-LATIN，docgen check --fix 可修正）")
                    continue
                what = "中文" if kind == "cjk" else "西文和数字"
                item.problems.append(f"{item.label}的{what} {n} 个字（如“{sample}”）实际用 {font} 印出，"
                                     f"不是样式要求的“{wanted}”或其别名、替代字体")
        try:
            m = probe.match(item.font)
        except Exception:           # no fontconfig: the embedded fonts alone decide
            m = None
        if m is not None:
            item.resolved = m.family
            if not probe.has(item.font) and not any(f.lower() in {a.lower() for a in accepted} for f in m.families):
                item.problems.append(f"{item.label}要求的“{item.font}”未生效：渲染所用的字体配置把它换成了 {m.family}，"
                                     "页面上的字是 LibreOffice 逐字回退找来的；请安装该字体或在样式中改用已安装的别名"
                                     "（docgen fonts 列出可用的别名）")
    order = list(style.roles)
    return sorted(by_role.values(), key=lambda r: order.index(r.role))


def format_fonts(items: List[RoleFonts]) -> str:
    lines = ["实际嵌入的字体（按角色）："]
    for it in items:
        cjk = "、".join(f"{f}（{n}字）" for f, n in sorted(it.cjk.items(), key=lambda kv: -kv[1])) or "—"
        latin = "、".join(f"{f}（{n}字）" for f, n in sorted(it.latin.items(), key=lambda kv: -kv[1])) or "—"
        mark = "✓" if it.ok else "✗"
        lines.append(f"  {mark} {it.label}：要求 {it.font} / {it.latin_font}；中文 {cjk}；西文 {latin}")
        lines += [f"      {p}" for p in it.problems]
        lines += [f"      注：{n}" for n in it.notes]
    return "\n".join(lines)
