"""LAYOUT-*: what is printed around and over the text (RULES.md §3.1): page numbers, headers and
their watermark shapes, text colour, revision marks.  The page setup rules are in page.py."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, Iterator, List, Optional, Tuple

from docgen.ooxml.resolve import iter_runs, run_text, w
from docgen.rules._docx import (CJK_RE, SectionInfo, family_ok, font_label, mm, scan, sections, settings_element,
                                size_name, size_ok, spans)
from docgen.rules.base import CheckContext, Finding
from docgen.rules.page import PIC_NS, V_NS, LayoutRule, _sec_label
from docgen.style import mm_to_twips, pt_to_twips

# ------------------------------------------------------------------------------- headers, footers

def _footer_parts(ctx: CheckContext) -> List[Tuple[SectionInfo, str, Optional[Any]]]:
    """(section, reference type, footer root element or None when missing) for every section and
    every footer type that applies, following inheritance from earlier sections."""
    out = []
    part = ctx.docx.part
    inherited: Dict[str, Any] = {}
    for sec in sections(ctx):
        for ref in sec.sectPr.findall(w("footerReference")):
            rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            kind = ref.get(w("type"), "default")
            try:
                inherited[kind] = part.related_parts[rid].element
            except (KeyError, AttributeError):
                inherited[kind] = None
        types = ["default"]
        if _even_and_odd(ctx):
            types.append("even")
        if sec.sectPr.find(w("titlePg")) is not None and on(sec.sectPr.find(w("titlePg"))):
            types.append("first")
        for kind in types:
            out.append((sec, kind, inherited.get(kind)))
    return out


def on(el: Any) -> bool:
    from docgen.ooxml.resolve import on_off
    return bool(on_off(el))


def _even_and_odd(ctx: CheckContext) -> bool:
    settings = settings_element(ctx)
    return settings is not None and on(settings.find(w("evenAndOddHeaders")))


def _is_page(instr: Optional[str]) -> bool:
    return "PAGE" in (instr or "").upper().split()


_T_FLD_SIMPLE, _T_FLD_CHAR, _T_INSTR, _T_T = w("fldSimple"), w("fldChar"), w("instrText"), w("t")
_A_INSTR, _A_FLD_CHAR_TYPE = w("instr"), w("fldCharType")


def folio_text(p: Any) -> Tuple[str, bool]:
    """Footer paragraph text with the PAGE field shown as ``{n}``; (text, has PAGE field)."""
    simple = {id(f) for f in p.iter(_T_FLD_SIMPLE) if _is_page(f.get(_A_INSTR))}
    out: List[str] = []
    has_page = bool(simple)
    stack: List[List[Any]] = []          # open complex fields: [instruction, result started]
    for el in p.iter(_T_FLD_SIMPLE, _T_FLD_CHAR, _T_INSTR, _T_T):
        tag = el.tag
        if tag == _T_FLD_SIMPLE:
            if id(el) in simple:
                out.append("{n}")
            continue
        if simple and any(id(a) in simple for a in el.iterancestors(_T_FLD_SIMPLE)):
            continue
        if tag == _T_FLD_CHAR:
            kind = el.get(_A_FLD_CHAR_TYPE)
            if kind == "begin":
                stack.append(["", False])
            elif kind == "separate" and stack:
                stack[-1][1] = True
                if _is_page(stack[-1][0]):
                    has_page = True
                    out.append("{n}")
            elif kind == "end" and stack:
                instr, result = stack.pop()
                if _is_page(instr) and not result:
                    has_page = True
                    out.append("{n}")
        elif tag == _T_INSTR:
            if stack:
                stack[-1][0] += el.text or ""
        elif not stack or (stack[-1][1] and not _is_page(stack[-1][0])):
            out.append(el.text or "")
    return "".join(out), has_page


@lru_cache(maxsize=None)
def folio_regex(fmt: str) -> "re.Pattern[str]":
    """'— {n} —' -> a pattern tolerating spaces around the number."""
    parts = [re.escape(part.strip()) for part in fmt.split("{n}")]
    return re.compile(r"^\s*" + r"\s*\{n\}\s*".join(parts) + r"\s*$")


class LayoutPageNumber(LayoutRule):
    """Page numbers "— N —" in 四号 宋体, odd right / even left, one character in.

    ## What it does
    Every section's footer has a ``PAGE`` field written as the rule set's format ("— {n} —",
    U+2014, a space each side tolerated); runs in the 宋体 family at 四号; ``w:evenAndOddHeaders``
    set; the odd footer right-aligned with a right indent of ``side_chars`` characters, the even
    footer left-aligned with the same left indent (± ``tolerances.page_number_side_twips``); the
    footer distance as in the rule set ± 2 mm (the 一字线 7 mm below the 版心).
    ## Why
    GB/T 9704-2012 7.5: 4 号半角宋体阿拉伯数字，数字左右各放一条一字线，单页码居右空一字，双页码居左空一字.
    ## Example
    "第 1 页" centred → "— 1 —" right on odd pages, left on even pages.
    ## Fix safety
    Safe: rebuilds both footers (a footer's other content is removed).
    """

    id, severity, fix_class = "LAYOUT-PAGE-NUMBER", "warning", "safe"
    docx_fix = "footers"
    summary = "页码应为“— N —”四号宋体，单页居右、双页居左各空一字"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        role = ctx.style.role("page_number")
        fmt = str(role.get("format", "— {n} —"))
        side = {"default": role.get("odd", "right"), "first": role.get("odd", "right"),
                "even": role.get("even", "left")}
        sides_differ = side["default"] != side["even"]
        fix = {"layout": "footers"}
        secs = sections(ctx)
        first_para = secs[0].first_paragraph if secs else None
        if sides_differ and not _even_and_odd(ctx):
            yield self.layout_finding(ctx, "未设置“奇偶页不同”，无法单页码居右、双页码居左：页眉和页脚→奇偶页不同",
                                      paragraph=first_para, fix=fix)
        seen = set()
        want_indent = pt_to_twips(role.size_pt) * float(role.get("side_chars", 1))
        tol = int(ctx.style.tolerances.get("page_number_side_twips", 30))
        for sec, kind, root in _footer_parts(ctx):
            label = {"default": "单页（奇数页）" if _even_and_odd(ctx) else "", "even": "双页（偶数页）",
                     "first": "首页"}[kind] + "页脚"
            where = (_sec_label(sec, len(secs)) + label) if len(secs) > 1 else label
            if root is None:
                yield self.layout_finding(ctx, f"{where}缺少页码：插入“{fmt.format(n='N')}”格式的页码",
                                          paragraph=first_para, fix=fix)
                continue
            if id(root) in seen:
                continue
            seen.add(id(root))
            paras = list(root.iter(w("p")))
            texts = [folio_text(p) for p in paras]
            hit = next((i for i, (_, has) in enumerate(texts) if has), None)
            if hit is None:
                yield self.layout_finding(ctx, f"{where}没有页码域（PAGE）：插入“{fmt.format(n='N')}”格式的页码",
                                          paragraph=first_para, fix=fix)
                continue
            problems = self._folio_problems(ctx, role, paras[hit], texts[hit][0], fmt, side[kind], want_indent, tol)
            if problems:
                yield self.layout_finding(ctx, f"{where}页码" + "；".join(problems), paragraph=first_para,
                                          fix=fix, text=texts[hit][0].replace("{n}", "N").strip())
        footer = ctx.style.page.twips()["footer"]
        ftol = mm_to_twips(2 * float(ctx.style.tolerances.get("margin_mm", 1)))
        for sec in secs:
            got = sec.int_attr("pgMar", "footer")
            if got is not None and abs(got - footer) > ftol:
                yield self.layout_finding(
                    ctx, f"{_sec_label(sec, len(secs))}页脚距边界 {mm(got)}，应约 {mm(footer)}（使页码一字线位于版心下边缘之下 7mm）",
                    paragraph=sec.first_paragraph, fix=fix)

    def _folio_problems(self, ctx: CheckContext, role: Any, p: Any, text: str, fmt: str, align: str,
                        want_indent: float, tol: int) -> List[str]:
        problems = []
        shown = text.replace("{n}", "N").strip()
        if not folio_regex(fmt).match(text):
            problems.append(f"为“{shown}”，应为“{fmt.format(n='N')}”（一字线 U+2014）")
        pp = ctx.resolver.para_props(p)
        if pp.alignment != align:
            problems.append(f"对齐方式为{_ALIGN_CN.get(pp.alignment, pp.alignment)}，应{_ALIGN_CN.get(align, align)}")
        else:
            indent = pp.right_twips if align == "right" else pp.left_twips
            chars = pp.right_chars if align == "right" else pp.left_chars
            side_chars = float(role.get("side_chars", 1))
            if abs(indent - want_indent) > tol and not (chars and abs(chars - side_chars * 100) < 1):
                problems.append(f"{'右' if align == 'right' else '左'}缩进 {indent / 20:g} 磅，应空一字（{want_indent / 20:g} 磅）")
        bad_font = bad_size = None
        para_style = ctx.resolver.style_id_of(p)
        for r in iter_runs(p):
            t = run_text(r)
            if not t.strip():
                continue
            props = ctx.resolver.run_props(p, r, para_style)
            cjk = CJK_RE.search(t)
            font = props.east_asia_font if cjk else props.ascii_font
            expected = role.font if cjk else role.latin_font
            if bad_font is None and not family_ok(ctx.style, font, expected):
                bad_font = font
            if bad_size is None and not size_ok(ctx.style, props.size_pt, role.size_pt):
                bad_size = props.size_pt
        if bad_font is not None or bad_size is not None:
            got = []
            if bad_font is not None:
                got.append(f"字体{font_label(bad_font)}")
            if bad_size is not None:
                got.append(f"字号{size_name(bad_size)}")
            problems.append(f"{'、'.join(got)}，应为{size_name(role.size_pt)}{role.font}")
        return problems


_ALIGN_CN = {"left": "居左", "right": "居右", "center": "居中", "both": "两端对齐"}


def _header_footer_roots(ctx: CheckContext) -> Iterator[Tuple[str, Any]]:
    """('header'|'footer', root element) of every header/footer part the document references."""
    seen = set()
    for rel in ctx.docx.part.rels.values():
        if rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("header", "footer") and id(rel.target_part) not in seen:
            seen.add(id(rel.target_part))
            yield kind, rel.target_part.element


def watermark_shapes(root: Any, kind: str) -> List[Any]:
    """Shapes that are watermarks: VML text paths, Word's PowerPlusWaterMarkObject, text boxes and
    pictures.  In a footer, a shape holding the PAGE field is a page-number frame, not a watermark."""
    found = []
    for shape in root.iter(f"{{{V_NS}}}shape", f"{{{V_NS}}}rect", w("drawing")):
        textpath = shape.find(f".//{{{V_NS}}}textpath") is not None
        marked = "PowerPlusWaterMarkObject" in (shape.get("id") or "")
        box = shape.find(f".//{w('txbxContent')}") is not None
        picture = (shape.find(f".//{{{V_NS}}}imagedata") is not None or shape.find(f".//{{{PIC_NS}}}pic") is not None)
        if not (textpath or marked or box or picture):
            continue
        if kind == "footer" and not (textpath or marked):
            holds_page = any("PAGE" in (t.text or "").upper() for t in shape.iter(w("instrText"))) or any(
                "PAGE" in (f.get(w("instr")) or "").upper() for f in shape.iter(w("fldSimple")))
            if holds_page:
                continue
        found.append(shape)
    # nested matches (a w:drawing holding a v:shape) count once
    return [s for s in found if not any(o is not s and s in o.iterdescendants() for o in found)]


def header_text(root: Any) -> str:
    """Visible text of a header part outside shapes."""
    out = []
    for t in root.iter(w("t")):
        if any(a.tag in (w("txbxContent"), f"{{{V_NS}}}shape") for a in t.iterancestors()):
            continue
        out.append(t.text or "")
    return "".join(out).strip()


class LayoutHeaderContent(LayoutRule):
    """No running header, no watermark shapes.

    ## What it does
    Headers hold no visible text; no header or footer holds a watermark: a VML ``v:shape`` with
    ``v:textpath``, a shape whose id contains ``PowerPlusWaterMarkObject``, a text box, or a picture
    (error for shapes, warning for text).
    ## Why
    A speech has no running header (GB/T 9704); web-sourced .docx files carry site watermarks
    there, the .docx counterpart of WATERMARK-INLINE.
    ## Example
    header "公文思享文库" + a diagonal "仅供学习" WordArt → empty header.
    ## Fix safety
    Safe: empties the headers and removes the shapes.
    """

    id, severity, fix_class = "LAYOUT-HEADER-CONTENT", "warning", "safe"
    docx_fix = "headers"
    summary = "页眉不应有文字，页眉页脚不应有水印图形"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        secs = sections(ctx)
        first = secs[0].first_paragraph if secs else None
        fix = {"layout": "headers"}
        for kind, root in _header_footer_roots(ctx):
            where = "页眉" if kind == "header" else "页脚"
            shapes = watermark_shapes(root, kind)
            if shapes:
                words = "".join(
                    (tp.get("string") or "") for s in shapes for tp in s.iter(f"{{{V_NS}}}textpath"))
                label = f"（“{words}”）" if words else ""
                yield self.layout_finding(ctx, f"{where}中有 {len(shapes)} 个水印图形或文本框{label}，应删除",
                                          paragraph=first, severity="error", fix=fix, text=words)
            if kind == "header":
                text = header_text(root)
                if text:
                    yield self.layout_finding(ctx, f"页眉有文字“{text[:30]}”，讲话稿不设页眉，应删除",
                                              paragraph=first, fix=fix, text=text[:30])


# ------------------------------------------------------------------------------- colour, revisions

class LayoutTextColor(LayoutRule):
    """Black text, no highlight or shading.

    ## What it does
    Reports runs whose effective ``w:color`` is neither automatic nor 000000, runs with
    ``w:highlight``, and runs with ``w:shd/@w:fill`` other than auto/FFFFFF (one finding per
    paragraph, at the first such run).  Table cells are included.
    ## Why
    GB/T 9704-2012 5.2.4: 文字的颜色均为黑色.
    ## Example
    blue hyperlink-styled text, yellow highlight → black, no highlight.
    ## Fix safety
    Safe: removes colour, highlight and shading from the runs and their styles.
    """

    id, severity, fix_class = "LAYOUT-TEXT-COLOR", "warning", "safe"
    docx_fix = "colors"
    summary = "文字应为黑色，无突出显示和底纹"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for unit in ctx.content_units():
            for sp in spans(ctx, unit):
                why = self._problem(sp.props)
                if why:
                    yield self.finding(ctx, unit, sp.start, sp.end, f"第{unit.index}段文字{why}，公文文字应为黑色：清除颜色和突出显示",
                                       fix={"format": "color"})
                    break
        if next(ctx.docx.element.body.iterchildren(w("tbl")), None) is None:
            return      # Document.tables (an XPath query and proxies) would be empty
        for t_no, table in enumerate(ctx.docx.tables, start=1):
            for r_no, row in enumerate(table.rows, start=1):
                for c_no, cell in enumerate(row.cells, start=1):
                    for para in cell.paragraphs:
                        for r in iter_runs(para):
                            text = run_text(r)
                            why = self._problem(ctx.resolver.run_props(para, r)) if text.strip() else None
                            if why:
                                yield Finding(rule=self.id, severity=self.severity, path=ctx.path,
                                              message=f"表{t_no}第{r_no}行第{c_no}列文字{why}，应为黑色",
                                              text=text[:20], fix={"format": "color"}, fix_class="safe",
                                              table=f"表{t_no} 行{r_no} 列{c_no}")
                                break

    @staticmethod
    def _problem(props: Any) -> Optional[str]:
        parts = []
        if props.color not in (None, "000000"):
            parts.append(f"为彩色（#{props.color}）")
        if props.highlight:
            parts.append(f"有突出显示（{props.highlight}）")
        if props.shading not in (None, "FFFFFF"):
            parts.append(f"有底纹（#{props.shading}）")
        return "、".join(parts)


_REVISION_TAGS = {
    "ins": "插入修订", "del": "删除修订", "moveFrom": "移动修订", "moveTo": "移动修订",
    "rPrChange": "格式修订", "pPrChange": "格式修订", "commentRangeStart": "批注",
}


class LayoutRevisions(LayoutRule):
    """No tracked changes or comments in a final text.

    ## What it does
    Reports ``w:ins``, ``w:del``, ``w:moveFrom``/``w:moveTo``, ``w:rPrChange``/``w:pPrChange``,
    ``w:commentRangeStart`` and a non-empty comments part (one finding per kind, at its first
    paragraph).
    ## Why
    A speech submitted as final has been reviewed (党政机关公文处理工作条例 第二十条); tracked changes print
    or leak drafts.
    ## Example
    审阅→接受所有修订, 删除所有批注.
    ## Fix safety
    None: a person accepts or rejects each change.
    """

    id, severity, fix_class = "LAYOUT-REVISIONS", "error", "none"
    summary = "定稿不应含修订痕迹或批注"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        para_index = scan(ctx).para_index
        counts: Dict[str, List[Any]] = {}
        body = ctx.docx.element.body
        for tag, label in _REVISION_TAGS.items():
            for el in body.iter(w(tag)):
                counts.setdefault(label, []).append(el)
        for label, els in counts.items():
            first = None
            for el in els:
                node = el if el.tag == w("p") else next((a for a in el.iterancestors(w("p"))), None)
                if node is None and el.tag in (w("ins"), w("del")):
                    node = next(iter(el.iter(w("p"))), None)
                if node is not None and id(node) in para_index:
                    first = para_index[id(node)]
                    break
            yield self.layout_finding(ctx, f"文档含 {len(els)} 处{label}，定稿前应在“审阅”中逐一接受或拒绝（删除批注）",
                                      paragraph=first)
        if "批注" not in counts:
            n = self._comment_count(ctx)
            if n:
                yield self.layout_finding(ctx, f"文档含 {n} 条批注，定稿前应删除", paragraph=None)

    @staticmethod
    def _comment_count(ctx: CheckContext) -> int:
        for rel in ctx.docx.part.rels.values():
            if rel.reltype.endswith("/comments") and not rel.is_external:
                el = getattr(rel.target_part, "element", None)
                if el is not None:
                    return len(el.findall(w("comment")))
        return 0
