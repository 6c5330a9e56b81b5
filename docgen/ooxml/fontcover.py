"""FONT-GB2312-COVERAGE and FONT-PUNCT-LATIN: characters that the font a run names cannot print,
or that Word / LibreOffice would draw in the Latin font.

* a name such as 王喆, 李堃, 张珺 or 刘昇 set in 仿宋_GB2312: the font has only GB2312's characters
  (docgen.fonts.in_gb2312, a codec table), so 喆 prints as a blank box or in some other font.  The
  fix sets only that character's run to the role's ``fallback:`` font (仿宋), text unchanged;
* “ ” ‘ ’ —— …… · and the full-width marks in Times New Roman: Word draws “”‘’—… with the hAnsi
  font unless the run's rFonts has ``w:hint="eastAsia"``; LibreOffice draws them with the script of
  the character before them (after a digit: the Latin font) and · × always with the Latin font
  (docgen.ooxml.build, OOXML_NOTES.md §7).  The fix gives such a mark a run of its own with the CJK font
  in every slot and the east-Asian hint, as the writer does.

:func:`cover_document` applies both fixes to a whole document; the writer (``build``,
``format``) and ``check --fix`` call it and report what it changed.  The two rules that find
these (docgen/rules/fontcover.py) use the detection here.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from docgen.fonts import fallback_for, in_gb2312, limited_to_gb2312, role_label
from docgen.ooxml.build import LATIN_SCRIPT_CJK_PUNCT, WEAK_CJK_PUNCT, _context, _is_wide
from docgen.ooxml.resolve import Resolver, iter_runs, run_text, w
from docgen.findings import Finding

GB2312_RULE = "FONT-GB2312-COVERAGE"
PUNCT_RULE = "FONT-PUNCT-LATIN"
_FONT_ATTRS = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
#: run children a split may copy (a run with a field, drawing or footnote reference is left alone)
_PLAIN_CHILDREN = {w("rPr"), w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("lastRenderedPageBreak")}
#: Latin fonts Word offers by default (besides the house style's latin_font and its aliases)
_LATIN_NAMES = ("calibri", "calibri light", "arial", "cambria", "cambria math", "courier new", "verdana",
                "tahoma", "georgia", "segoe ui", "helvetica", "liberation serif", "liberation sans",
                "dejavu sans", "dejavu serif")
_CJK_NAME_RE = re.compile(r"[\u3400-\u9fff]")


# ------------------------------------------------------------------------------------- fonts

def _cjk_names(style: Any) -> frozenset:
    found = style.__dict__.get("_docgen_cjk_font_names")
    if found is None:
        names = set()
        latin_families = {style.family_of(r.latin_font) for r in style.roles.values()} - {None}
        for r in style.roles.values():
            names.add(r.font.lower())
            names.update(f.lower() for f in r.fallback)
        for family, members in style.font_aliases.items():
            if family not in latin_families:
                names.update(m.lower() for m in members)
        names.update(n.lower() for n in style.forbidden_fonts if _CJK_NAME_RE.search(n))
        names.update(("microsoft yahei", "dengxian"))
        found = style.__dict__["_docgen_cjk_font_names"] = frozenset(names)
    return found


def is_cjk_font(style: Any, name: Optional[str]) -> bool:
    """A font with Chinese glyphs: a house-style name (roles, fallbacks, CJK alias families) or a
    name written in Chinese."""
    if not name:
        return False
    return name.strip().lower() in _cjk_names(style) or bool(_CJK_NAME_RE.search(name))


def is_latin_font(style: Any, name: Optional[str]) -> bool:
    if not name or is_cjk_font(style, name):
        return False
    latin = style.__dict__.get("_docgen_latin_font_names")
    if latin is None:
        names = {r.latin_font.lower() for r in style.roles.values()} | set(_LATIN_NAMES)
        for family in {style.family_of(r.latin_font) for r in style.roles.values()} - {None}:
            names.update(n.lower() for n in style.font_aliases.get(family, ()))
        latin = style.__dict__["_docgen_latin_font_names"] = frozenset(names)
    return name.strip().lower() in latin


def is_fullwidth_mark(ch: str) -> bool:
    """，。、；：？！（）《》【】「」… : the CJK Symbols block and the fullwidth forms."""
    import unicodedata

    return (0x3000 < ord(ch) <= 0x303F or 0xFF01 <= ord(ch) <= 0xFF65) and unicodedata.category(ch).startswith("P")


class Hints:
    """The effective ``w:rFonts/@w:hint`` of a run: the run, its character style chain, the
    paragraph style chain, the document defaults (docgen.ooxml.resolve does not carry it)."""

    def __init__(self, document: Any, resolver: Resolver) -> None:
        self.resolver = resolver
        styles = document.styles.element
        self.styles = {st.get(w("styleId")): st for st in styles.iter(w("style"))}
        d = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
        self.default = d.get(w("hint")) if d is not None else None
        self._cache: Dict[Optional[str], Optional[str]] = {}

    def _style(self, sid: Optional[str]) -> Optional[str]:
        if sid not in self._cache:
            found = None
            for s in self.resolver.style_chain_ids(sid) if sid else ():
                rf = self.styles[s].find(f"{w('rPr')}/{w('rFonts')}") if s in self.styles else None
                if rf is not None and rf.get(w("hint")):
                    found = rf.get(w("hint"))
                    break
            self._cache[sid] = found
        return self._cache[sid]

    def hint(self, para_style: Optional[str], r: Any) -> Optional[str]:
        rf = r.find(f"{w('rPr')}/{w('rFonts')}")
        if rf is not None and rf.get(w("hint")):
            return rf.get(w("hint"))
        cs = self.resolver.char_style_id_of(r)
        return (self._style(cs) if cs else None) or self._style(para_style) or self.default


# ------------------------------------------------------------------------------------ detection

@dataclass
class Issue:
    """One character to move into a run of its own in ``target``."""

    rule: str
    offset: int                  # in the paragraph text
    ch: str
    font: Optional[str]          # the font it is set in now (east-Asian or hAnsi slot)
    target: Optional[str]        # the font the fix sets (None: no fallback known)
    role: Optional[str]
    run_index: int


@dataclass
class RunInfo:
    text: str
    props: Any                   # docgen.ooxml.resolve.RunProps
    role: Optional[str]
    run: Any                     # the w:r element (its font hint is looked up only for a mark)
    para_style: Optional[str]    # the style id of its paragraph


def paragraph_issues(style: Any, runs: Sequence[RunInfo], hints: Hints, gb2312: bool = True,
                     punct: bool = True) -> List[Issue]:
    """The characters of one paragraph that FONT-GB2312-COVERAGE / FONT-PUNCT-LATIN find.

    What depends on the run's fonts is decided once per font pair (``_run_fonts``), a run whose
    text the ``gb2312`` codec encodes whole has no character outside the set, and a run that can
    only hold misdrawn marks is searched for the marks alone: the check runs on every paragraph of
    every document checked, so the per-character work is kept to what can yield an issue."""
    from docgen.fonts import east_asian_slot

    text: Optional[str] = None           # the paragraph text, for a weak mark's neighbour
    out: List[Issue] = []
    pos = 0
    for i, r in enumerate(runs):
        props = r.props
        ea = props.east_asia_font
        hansi = props.h_ansi_font
        gb2312_font, hansi_cjk, ea_latin, cjk_target, role_target = _run_fonts(style, ea, hansi, r.role,
                                                                              gb2312, punct)
        scan_gb2312 = gb2312_font and not _all_gb2312(r.text)
        if not scan_gb2312 and not ea_latin:
            if hansi_cjk:
                pos += len(r.text)          # nothing in this run either rule could find
                continue
            # only a weak or Latin-script mark can be misdrawn here: visit those alone
            places = ((m.start(), m.group()) for m in _MARKS_RE.finditer(r.text))
        else:
            places = enumerate(r.text)
        word_latin: Optional[bool] = None   # Word draws the run's weak marks in hAnsi (asked once)
        for k, ch in places:
            off = pos + k
            if scan_gb2312 and east_asian_slot(ch) and not in_gb2312(ch):
                out.append(Issue(GB2312_RULE, off, ch, ea, fallback_for(style, ea, r.role), r.role, i))
                continue
            if not punct:
                continue
            if ch in _MARKS:
                if hansi_cjk:
                    continue
                if word_latin is None:
                    word_latin = hints.hint(r.para_style, r.run) != "eastAsia"
                if not word_latin and ch not in LATIN_SCRIPT_CJK_PUNCT:
                    if text is None:
                        text = "".join(run.text for run in runs)
                    neighbour = _context(text, off)
                    if neighbour and _is_wide(neighbour):
                        continue        # LibreOffice draws it with the east-Asian font as well
                out.append(Issue(PUNCT_RULE, off, ch, hansi, cjk_target, r.role, i))
            elif ea_latin and is_fullwidth_mark(ch):
                out.append(Issue(PUNCT_RULE, off, ch, ea, role_target, r.role, i))
        pos += len(r.text)
    return out


def _run_fonts(style: Any, ea: Optional[str], hansi: Optional[str], role: Optional[str], gb2312: bool,
               punct: bool) -> Tuple[bool, bool, bool, Optional[str], Optional[str]]:
    """What ``paragraph_issues`` decides from a run's fonts: (its east-Asian font has only GB2312,
    its hAnsi font is a CJK font, its east-Asian font is a Latin font, the CJK font a mark moves to,
    the role's font a full-width mark moves to).  Cached on the style: a document names a few font
    pairs in hundreds of runs."""
    cache = style.__dict__.setdefault("_docgen_run_fonts", {})
    key = (ea, hansi, role, gb2312, punct)
    found = cache.get(key)
    if found is None:
        role_font = style.roles[role].font if role in style.roles else None
        role_target = role_font or style.roles["body"].font
        found = cache[key] = (gb2312 and limited_to_gb2312(ea, style),
                              is_cjk_font(style, hansi) if punct else True,
                              punct and is_latin_font(style, ea),
                              ea if is_cjk_font(style, ea) else role_target,
                              role_target)
    return found


#: the marks FONT-PUNCT-LATIN looks at in a run whose fonts are otherwise right
_MARKS = frozenset(WEAK_CJK_PUNCT) | frozenset(LATIN_SCRIPT_CJK_PUNCT)
_MARKS_RE = re.compile("[" + re.escape("".join(sorted(_MARKS))) + "]")


def _all_gb2312(text: str) -> bool:
    """Every character of ``text`` is in GB2312 (the codec encodes it whole)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# ------------------------------------------------------------------------------------------ fix

def _set_fonts(r: Any, issue: Issue) -> None:
    from docgen.ooxml.build import el

    rpr = r.find(w("rPr"))
    if rpr is None:
        rpr = el("w:rPr")
        r.insert(0, rpr)
    rf = rpr.find(w("rFonts"))
    if rf is None:
        rf = el("w:rFonts")
        rs = rpr.find(w("rStyle"))
        if rs is not None:
            rs.addnext(rf)
        else:
            rpr.insert(0, rf)
    # a mark gets the CJK font in every slot, as docx_fix gives a run of marks (fixing twice
    # changes nothing); a rare character only changes its east-Asian font
    slots = ("eastAsia",) if issue.rule == GB2312_RULE else _FONT_ATTRS
    for slot, theme in zip(_FONT_ATTRS, _THEME_ATTRS):
        if slot in slots:
            rf.set(w(slot), issue.target)
            if rf.get(w(theme)) is not None:
                del rf.attrib[w(theme)]
    rf.set(w("hint"), "eastAsia")


def _split_run(r: Any, pieces: List[Tuple[str, Optional[Issue]]]) -> None:
    from docgen.ooxml.edit import set_run_text

    for text, issue in pieces:
        new = copy.deepcopy(r)
        set_run_text(new, text)
        if issue is not None:
            _set_fonts(new, issue)
        r.addprevious(new)
    r.getparent().remove(r)


@dataclass
class Change:
    """One character moved into a run of its own (what build/format/--fix report)."""

    rule: str
    paragraph: Optional[int]
    table: Optional[str]
    col: int
    ch: str
    font: Optional[str]
    target: str
    role: Optional[str]

    def message(self) -> str:
        where = role_label(self.role) if self.role else "文字"
        if self.rule == GB2312_RULE:
            return (f"{where}中的“{self.ch}”不在 GB2312 字符集内，{self.font}无此字（打印为空框或别的字体）："
                    f"已将这一个字单独改用“{self.target}”，文字未改")
        return f"{where}中的“{self.ch}”原用西文字体 {self.font or '（未指定）'}：已改用中文字体“{self.target}”，文字未改"

    def finding(self, out: Any) -> Finding:
        """As a finding of ``docgen format``'s report (placed in the output, not the input)."""
        at = f"第{self.paragraph}段" if self.paragraph is not None else (self.table or "表格中")
        return Finding(rule=self.rule, severity="error" if self.rule == GB2312_RULE else "warning",
                       message=f"{self.message()}（输出 {out} {at}第{self.col}字）", text=self.ch,
                       fix={"format": "font_cover", "font": self.target}, fix_class="safe")

    def line(self, path: Any) -> str:
        at = f"{self.paragraph}:{self.col}" if self.paragraph is not None else f"{self.table or '表格'}:{self.col}"
        return f"{path}:{at}: {self.rule} {'error' if self.rule == GB2312_RULE else 'warning'} {self.message()}"


def _paragraphs(document: Any) -> Iterator[Tuple[Any, Optional[int], Optional[str]]]:
    """(w:p, body paragraph number or None, table path or None) of the body and its tables."""
    body = document.element.body
    index = 0
    tables = 0
    for child in body:
        if child.tag == w("p"):
            index += 1
            yield child, index, None
        elif child.tag == w("tbl"):
            tables += 1
            for ri, tr in enumerate(child.iter(w("tr")), start=1):
                for ci, tc in enumerate(tr.iter(w("tc")), start=1):
                    for p in tc.iter(w("p")):
                        yield p, None, f"表{tables} 行{ri} 列{ci}"


def cover_document(document: Any, style: Any, role_of_style: Optional[Dict[str, str]] = None,
                   gb2312: bool = True, punct: bool = True) -> List[Change]:
    """Give every character outside GB2312 set in a *_GB2312 font, and every CJK mark drawn in the
    Latin font, a run of its own in the right font.  Text is never changed.  ``role_of_style``:
    paragraph / character style id -> role (the writer's template), for the fallback of the role."""
    resolver = Resolver(document)
    hints = Hints(document, resolver)
    role_of_style = role_of_style or {}
    changes: List[Change] = []
    for p, number, table in _paragraphs(document):
        runs = [r for r in iter_runs(p)]
        if not runs:
            continue
        para_style = resolver.style_id_of(p)
        infos = []
        for r in runs:
            cs = resolver.char_style_id_of(r)
            role = role_of_style.get(cs or "") or role_of_style.get(para_style or "")
            infos.append(RunInfo(run_text(r), resolver.run_props(p, r, para_style), role, r, para_style))
        issues = [i for i in paragraph_issues(style, infos, hints, gb2312, punct) if i.target]
        if not issues:
            continue
        by_run: Dict[int, List[Issue]] = {}
        for i in issues:
            by_run.setdefault(i.run_index, []).append(i)
        pos_of = []
        pos = 0
        for info in infos:
            pos_of.append(pos)
            pos += len(info.text)
        for ri, found in by_run.items():
            r = runs[ri]
            if any(c.tag not in _PLAIN_CHILDREN for c in r):
                continue
            text = infos[ri].text
            at = {i.offset - pos_of[ri]: i for i in found}
            pieces: List[Tuple[str, Optional[Issue]]] = []
            for k, ch in enumerate(text):
                issue = at.get(k)
                key = None if issue is None else (issue.rule, issue.target)
                if pieces and key is not None and pieces[-1][1] is not None \
                        and (pieces[-1][1].rule, pieces[-1][1].target) == key:
                    pieces[-1] = (pieces[-1][0] + ch, pieces[-1][1])
                elif pieces and key is None and pieces[-1][1] is None:
                    pieces[-1] = (pieces[-1][0] + ch, None)
                else:
                    pieces.append((ch, issue))
            _split_run(r, pieces)
            for i in found:
                changes.append(Change(i.rule, number, table, i.offset + 1, i.ch, i.font, i.target, i.role))
    changes.sort(key=lambda c: (c.paragraph or 0, c.table or "", c.col))
    return changes


def name_all_font_slots(document: Any, style: Any) -> int:
    """Every ``w:rFonts`` of the styles part names all four slots (ascii, hAnsi, eastAsia, cs) and
    no theme font: a theme reference makes WPS report missing fonts and lets Word pick 等线 or
    Calibri.  A slot that is missing or themed gets the body role's font (``check --fix`` sets
    every paragraph to the house style anyway).  Returns the number of elements changed."""
    body = style.role("body")
    changed = 0
    for rf in document.styles.element.iter(w("rFonts")):
        themed = [a for a in _THEME_ATTRS if rf.get(w(a)) is not None]
        missing = [a for a in _FONT_ATTRS if rf.get(w(a)) is None]
        if not themed and not missing:
            continue
        for a in themed:
            del rf.attrib[w(a)]
        latin = rf.get(w("ascii")) or rf.get(w("hAnsi")) or body.latin_font
        for a in _FONT_ATTRS:
            if rf.get(w(a)) is None:
                rf.set(w(a), body.font if a == "eastAsia" else latin)
        changed += 1
    return changed
