"""The .docx rules (LAYOUT-*, FONT-*, PARA-*), the fixer and the annotator on real documents.

The clean document is examples/speech.yaml built by the writer (docgen.writers.docx.render_docx); each
broken variant changes one thing with python-docx / lxml and must fire exactly its rule.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Mm

from docgen.readers.docx.interpret import docx_units
from docgen.errors import DocgenError
from docgen.ooxml.resolve import Resolver
from docgen.rules import font as font_rules
from docgen.rules import font_para as font_para_rules
from docgen.rules import layout as layout_rules
from docgen.rules import page as page_rules
from docgen.rules.base import CheckContext, Rule
from docgen.style import load_style

ROOT = Path(__file__).resolve().parents[2]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'
MY_RULES = [c for m in (page_rules, layout_rules, font_rules, font_para_rules) for c in vars(m).values()
            if isinstance(c, type) and issubclass(c, Rule) and c.__dict__.get("id")]
MY_IDS = {c.id for c in MY_RULES}

# paragraph numbers in the clean document (examples/speech.yaml)
TITLE, DATE, SPEAKER, SALUTATION, PREAMBLE, H1, BODY, ENUM, H2, H3, RUNIN_H4 = 1, 2, 3, 5, 6, 7, 8, 9, 13, 15, 16


def q(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def check(path):
    style = load_style()
    document, units = docx_units(path)
    ctx = CheckContext(str(path), "docx", units, style, docx=document, resolver=Resolver(document))
    return [f for cls in MY_RULES for f in cls().check(ctx)]


@pytest.fixture(scope="module")
def clean_docx(tmp_path_factory):
    from docgen.readers.yaml import read
    from docgen.writers.docx import render_docx

    path = tmp_path_factory.mktemp("clean") / "speech.docx"
    path.write_bytes(render_docx(read(ROOT / "examples" / "speech.yaml"), load_style()))
    return path


def test_docx_rules_are_registered():
    assert len(MY_IDS) == 30
    assert all(cls.kinds == ("docx",) for cls in MY_RULES)


def test_clean_document_has_expected_roles(clean_docx):
    _, units = docx_units(clean_docx)
    kinds = {u.index: (u.kind, u.level) for u in units}
    assert kinds[TITLE] == ("title", None)
    assert kinds[SALUTATION] == ("salutation", None)
    assert kinds[H1] == ("heading", 1) and kinds[H2] == ("heading", 2) and kinds[H3] == ("heading", 3)
    assert kinds[RUNIN_H4][0] == "runin" and kinds[RUNIN_H4][1] == 4
    unit = next(u for u in units if u.index == RUNIN_H4)
    assert unit.text[:unit.lead_end] == "（1）用地保障。"


def test_clean_document_fires_none_of_the_docx_rules(clean_docx):
    assert [(f.rule, f.paragraph, f.message) for f in check(clean_docx)] == []


# ------------------------------------------------------------------------------ broken variants

def _runs(p):
    return list(p._p.iter(q("r")))


def _set_rpr(r, xml):
    """Put ``xml`` children into the run's rPr (replacing same-named children)."""
    rpr = r.find(q("rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {W}/>")
        r.insert(0, rpr)
    for child in parse_xml(f"<w:rPr {W}>{xml}</w:rPr>"):
        old = rpr.find(child.tag)
        if old is not None:
            rpr.remove(old)
        rpr.append(child)


def _set_ppr(p, xml):
    ppr = p._p.get_or_add_pPr()
    for child in parse_xml(f"<w:pPr {W}>{xml}</w:pPr>"):
        old = ppr.find(child.tag)
        if old is not None:
            ppr.remove(old)
        ppr.append(child)


def _east_asia(p, font, only_first=False):
    for r in _runs(p)[:1] if only_first else _runs(p):
        _set_rpr(r, f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{font}"/>')


def _paper(d):
    d.sections[0].page_width, d.sections[0].page_height = Mm(215.9), Mm(279.4)


def _orientation(d):
    sect = d.sections[0]._sectPr
    pgsz = sect.find(q("pgSz"))
    pgsz.set(q("w"), "16838")
    pgsz.set(q("h"), "11906")
    pgsz.set(q("orient"), "landscape")


def _margin(side):
    def change(d):
        setattr(d.sections[0], f"{side}_margin", Mm(25.4) if side in ("top", "bottom") else Mm(31.8))
    return change


def _line_pitch(d):
    d.sections[0]._sectPr.find(q("docGrid")).set(q("linePitch"), "312")


def _chars_per_line(d):
    for el in list(d.styles.element.iter(q("spacing"))) + list(d.element.body.iter(q("spacing"))):
        if el.getparent().tag == q("rPr"):
            el.set(q("val"), "0")


def _page_number(d):
    footer = d.sections[0].footer
    first_t = next(footer._element.iter(q("t")))
    first_t.text = "第"


def _header_text(d):
    header = d.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "公文思享文库"


def _text_color(d):
    _set_rpr(_runs(d.paragraphs[BODY - 1])[0], '<w:color w:val="FF0000"/>')


def _revisions(d):
    r = _runs(d.paragraphs[BODY - 1])[0]
    ins = parse_xml(f'<w:ins {W} w:id="901" w:author="张三" w:date="2026-03-01T00:00:00Z"/>')
    r.addprevious(ins)
    ins.append(r)


def _sections_uniform(d):
    new = d.add_section()
    new.top_margin = d.sections[0].top_margin + 40 * 635   # +40 twips: within ±1 mm, but different


def _font_title(d):
    _east_asia(d.paragraphs[TITLE - 1], "宋体")


def _title_linebreak(d):
    p1 = d.paragraphs[TITLE - 1]
    p2 = copy.deepcopy(p1._p)
    p1._p.addnext(p2)
    for p, text in ((p1._p, "在全县2026年经济工作会"), (p2, "议上的讲话")):
        ts = list(p.iter(q("t")))
        ts[0].text = text
        for t in ts[1:]:
            t.text = ""


def _speaker_date(d):
    _set_ppr(d.paragraphs[SPEAKER - 1], '<w:jc w:val="left"/>')


def _salutation(d):
    _set_ppr(d.paragraphs[SALUTATION - 1], '<w:ind w:firstLineChars="200" w:firstLine="630"/>')


def _font_body(d):
    _east_asia(d.paragraphs[PREAMBLE - 1], "宋体")


def _latin_digits(d):
    for r in _runs(d.paragraphs[PREAMBLE - 1]):
        _set_rpr(r, '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="仿宋_GB2312"/>')


def _mixed_runs(d):
    _set_rpr(_runs(d.paragraphs[BODY - 1])[0], "<w:i/>")


def _heading(index, font):
    def change(d):
        p = d.paragraphs[index - 1]
        _east_asia(p, font, only_first=index == RUNIN_H4)
    return change


def _first_line(d):
    _set_ppr(d.paragraphs[BODY - 1], '<w:ind w:firstLineChars="0" w:firstLine="0"/>')


def _alignment(d):
    _set_ppr(d.paragraphs[BODY - 1], '<w:jc w:val="center"/>')


def _spacing(d):
    _set_ppr(d.paragraphs[BODY - 1], '<w:spacing w:after="200" w:line="240" w:lineRule="auto"/>')


def _auto_list(d):
    _set_ppr(d.paragraphs[H1 - 1], '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')


def _soft_break(d):
    r = _runs(d.paragraphs[BODY - 1])[0]
    t = r.find(q("t"))
    t.addnext(parse_xml(f"<w:br {W}/>"))
    t.getparent().append(parse_xml(f'<w:t {W} xml:space="preserve">接着写。</w:t>'))


def _kinsoku(d):
    _set_ppr(d.paragraphs[BODY - 1], '<w:kinsoku w:val="0"/>')


VARIANTS = {
    "LAYOUT-PAPER-SIZE": _paper,
    "LAYOUT-ORIENTATION": _orientation,
    "LAYOUT-MARGIN-TOP": _margin("top"),
    "LAYOUT-MARGIN-LEFT": _margin("left"),
    "LAYOUT-MARGIN-BOTTOM": _margin("bottom"),
    "LAYOUT-MARGIN-RIGHT": _margin("right"),
    "LAYOUT-LINE-PITCH": _line_pitch,
    "LAYOUT-CHARS-PER-LINE": _chars_per_line,
    "LAYOUT-PAGE-NUMBER": _page_number,
    "LAYOUT-HEADER-CONTENT": _header_text,
    "LAYOUT-TEXT-COLOR": _text_color,
    "LAYOUT-REVISIONS": _revisions,
    "LAYOUT-SECTIONS-UNIFORM": _sections_uniform,
    "FONT-TITLE": _font_title,
    "TITLE-LINEBREAK": _title_linebreak,
    "FONT-SPEAKER-DATE": _speaker_date,
    "FONT-SALUTATION": _salutation,
    "FONT-BODY": _font_body,
    "FONT-LATIN-DIGITS": _latin_digits,
    "FONT-MIXED-RUNS": _mixed_runs,
    "HEADING-L1-FONT": _heading(H1, "宋体"),
    "HEADING-L2-FONT": _heading(H2, "仿宋_GB2312"),
    "HEADING-L3-FONT": _heading(H3, "黑体"),
    "HEADING-L4-FONT": _heading(RUNIN_H4, "黑体"),
    "PARA-FIRST-LINE-INDENT": _first_line,
    "PARA-ALIGNMENT": _alignment,
    "PARA-SPACING": _spacing,
    "NUM-AUTO-LIST": _auto_list,
    "PARA-SOFT-BREAK": _soft_break,
    "PARA-KINSOKU": _kinsoku,
}


def make_variant(clean, rule_id, tmp_path):
    d = docx.Document(str(clean))
    VARIANTS[rule_id](d)
    out = tmp_path / f"{rule_id}.docx"
    d.save(str(out))
    return out


def test_every_rule_has_a_broken_variant():
    assert set(VARIANTS) == MY_IDS


@pytest.mark.parametrize("rule_id", sorted(VARIANTS))
def test_broken_variant_fires_exactly_its_rule(clean_docx, tmp_path, rule_id):
    findings = check(make_variant(clean_docx, rule_id, tmp_path))
    assert {f.rule for f in findings} == {rule_id}, [(f.rule, f.message) for f in findings]
    for f in findings:
        assert f.message and any("\u4e00" <= ch <= "\u9fff" for ch in f.message)


def test_messages_name_place_and_expected_value(clean_docx, tmp_path):
    [f] = check(make_variant(clean_docx, "LAYOUT-MARGIN-TOP", tmp_path))
    assert "25.4mm" in f.message and "37.0mm" in f.message and f.fix_class == "safe"
    [f] = check(make_variant(clean_docx, "FONT-BODY", tmp_path))
    assert f.paragraph == PREAMBLE and "宋体" in f.message and "仿宋_GB2312" in f.message
    found = check(make_variant(clean_docx, "HEADING-L4-FONT", tmp_path))
    assert [(f.paragraph, f.start, f.text[:3]) for f in found] == [(RUNIN_H4, 0, "（1）")]
    [f] = check(make_variant(clean_docx, "PARA-SOFT-BREAK", tmp_path))
    assert f.fix_class == "suggest" and f.to_dict()["fix"] is None


def test_style_level_change_is_seen_through_the_resolver(clean_docx, tmp_path):
    """A wrong font in the paragraph style (no direct formatting) still fires FONT-BODY."""
    d = docx.Document(str(clean_docx))
    body_style = d.styles.element.xpath('w:style[@w:styleId="GwBody"]')[0]
    body_style.find(q("rPr")).find(q("rFonts")).set(q("eastAsia"), "等线")
    out = tmp_path / "style.docx"
    d.save(str(out))
    rules = {f.rule for f in check(out)}
    assert "FONT-BODY" in rules


def test_accepts_exact_spacing_and_lines_and_chars_grid(clean_docx, tmp_path):
    """RULES.md's own settings (exact 28.95 pt, linesAndChars with −849 charSpace) are also fine."""
    d = docx.Document(str(clean_docx))
    grid = d.sections[0]._sectPr.find(q("docGrid"))
    grid.set(q("type"), "linesAndChars")
    grid.set(q("charSpace"), "-849")
    for el in list(d.styles.element.iter(q("spacing"))):
        if el.getparent().tag == q("rPr"):
            el.set(q("val"), "0")
        elif el.get(q("lineRule")) == "auto":
            el.set(q("line"), "579")
            el.set(q("lineRule"), "exact")
    out = tmp_path / "exact.docx"
    d.save(str(out))
    assert {f.rule for f in check(out)} == set()


def test_watermark_shape_in_header_is_an_error(clean_docx, tmp_path):
    d = docx.Document(str(clean_docx))
    header = d.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0]._p.append(parse_xml(
        f'<w:r {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="PowerPlusWaterMarkObject1" '
        'type="#_x0000_t136"><v:textpath string="公文思享文库"/></v:shape></w:pict></w:r>'))
    out = tmp_path / "wm.docx"
    d.save(str(out))
    [f] = check(out)
    assert (f.rule, f.severity) == ("LAYOUT-HEADER-CONTENT", "error") and "公文思享文库" in f.message
    # a watermark in a first-page footer (left over once titlePg goes) is removed by the fixer too
    d.sections[0].different_first_page_header_footer = True
    d.sections[0].first_page_footer.paragraphs[0]._p.append(parse_xml(
        f'<w:r {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="x" type="#_x0000_t136">'
        '<v:textpath string="仅供学习"/></v:shape></w:pict></w:r>'))
    d.save(str(out))
    assert {f.rule for f in check(out)} == {"LAYOUT-HEADER-CONTENT", "LAYOUT-PAGE-NUMBER"}
    from docgen.check.fix_docx import fix_docx

    fix_docx(out, load_style(), tmp_path / "wm-fixed.docx")
    assert check(tmp_path / "wm-fixed.docx") == []


# ---------------------------------------------------------------------------------- hostile files

def test_refuses_non_zip_and_truncated_and_doctype(tmp_path, clean_docx):
    bad = tmp_path / "a.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(DocgenError, match="zip"):
        docx_units(bad)
    data = clean_docx.read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocgenError):
        docx_units(cut)
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(clean_docx) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "boom">]>', 1)
            dst.writestr(info, body)
    with pytest.raises(DocgenError) as exc:
        docx_units(evil)
    assert "DOCTYPE" in str(exc.value) and "\n" not in str(exc.value)


# ------------------------------------------------------------------------------------ fixing

SEED = ROOT / "seeds" / "002_b2d4874fc0b8858a.txt"


@pytest.fixture(scope="module")
def foreign_docx(tmp_path_factory):
    """A draft pasted into Word's default template: Calibri/宋体 theme fonts, 11 pt, Letter paper,
    10 pt after paragraphs, a noise line, and one auto-numbered paragraph."""
    d = docx.Document()
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        d.add_paragraph(line)
    d.add_paragraph("加强组织领导", style="List Number")
    path = tmp_path_factory.mktemp("foreign") / "draft.docx"
    d.save(str(path))
    return path


def _all_broken(clean, tmp_path):
    d = docx.Document(str(clean))
    for rule_id, change in VARIANTS.items():
        if rule_id not in ("LAYOUT-REVISIONS", "PARA-SOFT-BREAK", "TITLE-LINEBREAK", "LAYOUT-SECTIONS-UNIFORM"):
            change(d)
    out = tmp_path / "broken.docx"
    d.save(str(out))
    return out


def test_fix_leaves_no_fixable_finding(clean_docx, tmp_path):
    from docgen.check.runner import check_file
    from docgen.check.fix_docx import fix_docx

    broken = _all_broken(clean_docx, tmp_path)
    before = {f.rule for f in check_file(broken, load_style()).findings}
    assert {"LAYOUT-ORIENTATION", "FONT-LATIN-DIGITS", "HEADING-L2-FONT", "NUM-AUTO-LIST", "LAYOUT-PAGE-NUMBER",
            "LAYOUT-HEADER-CONTENT", "PARA-KINSOKU", "FONT-MIXED-RUNS"} <= before
    resolved = fix_docx(broken, load_style(), tmp_path / "fixed.docx").changes
    left = check_file(tmp_path / "fixed.docx", load_style()).findings
    assert [f for f in left if f.fix_class == "safe"] == []
    assert {f.rule for f in check(tmp_path / "fixed.docx")} == set()
    assert before & MY_IDS <= {f.rule for f in resolved} | {"PARA-SOFT-BREAK"}


def test_fix_of_a_foreign_draft(foreign_docx, tmp_path):
    from docgen.check.runner import check_file
    from docgen.check.fix_docx import fix_docx

    out = tmp_path / "fixed.docx"
    resolved = fix_docx(foreign_docx, load_style(), out).changes
    assert {"NOISE-LINE", "LAYOUT-MARGIN-TOP", "FONT-BODY", "NUM-AUTO-LIST"} <= {f.rule for f in resolved}
    left = check_file(out, load_style()).findings
    assert [f.rule for f in left if f.fix_class == "safe"] == []
    assert {f.rule for f in left} <= {"PLACEHOLDER", "NUM-SEQUENCE", "STRUCT-CLOSING-MISSING"}
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert "在县委党的建设工作领导小组会议上的讲话" == texts[0]        # the noise line above it is gone
    assert "1.加强组织领导" in texts                                    # auto-number frozen into the text
    sect = d.sections[0]._sectPr
    assert (sect.find(q("pgSz")).get(q("w")), sect.find(q("pgMar")).get(q("top"))) == ("11906", "2098")
    assert sect.find(q("docGrid")).get(q("type")) == "lines" and sect.find(q("docGrid")).get(q("linePitch")) == "579"
    body = d.paragraphs[3]
    assert body.text.startswith("今天")
    r = body._p.find(f"{q('r')}/{q('rPr')}")
    assert r.find(q("rFonts")).get(q("eastAsia")) == "仿宋_GB2312" and r.find(q("sz")).get(q("val")) == "32"
    ind = body._p.find(f"{q('pPr')}/{q('ind')}")
    assert (ind.get(q("firstLineChars")), ind.get(q("firstLine"))) == ("200", "630")
    assert d.paragraphs[0]._p.find(f"{q('r')}/{q('rPr')}/{q('rFonts')}").get(q("eastAsia")) == "方正小标宋简体"
    footer_text = "".join(t.text for t in d.sections[0].footer._element.iter(q("t")))
    assert footer_text == "— 1 —"
    assert not any(p._p.find(f"{q('pPr')}/{q('numPr')}/{q('numId')}") is not None
                   and p._p.find(f"{q('pPr')}/{q('numPr')}/{q('numId')}").get(q("val")) != "0" for p in d.paragraphs)


def test_fixing_twice_equals_fixing_once(foreign_docx, tmp_path):
    from docgen.check.fix_docx import fix_docx

    once, twice = tmp_path / "once.docx", tmp_path / "twice.docx"
    fix_docx(foreign_docx, load_style(), once)
    fix_docx(once, load_style(), twice)
    with zipfile.ZipFile(once) as a, zipfile.ZipFile(twice) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_fix_refuses_to_overwrite_its_input(foreign_docx):
    from docgen.check.fix_docx import fix_docx

    with pytest.raises(DocgenError):
        fix_docx(foreign_docx, load_style(), foreign_docx)


# ---------------------------------------------------------------------------------- annotating

def _comment_anchors(d):
    """comment id -> anchored text, read from the commentRangeStart/End markers."""
    out = {}
    for p in d.paragraphs:
        open_ids, texts = set(), {}
        for el in p._p.iter():
            if el.tag == q("commentRangeStart"):
                open_ids.add(el.get(q("id")))
                texts.setdefault(el.get(q("id")), "")
            elif el.tag == q("commentRangeEnd"):
                open_ids.discard(el.get(q("id")))
            elif el.tag == q("t"):
                for cid in open_ids:
                    texts[cid] += el.text or ""
        out.update(texts)
    return out


def test_annotate_writes_comments_on_the_findings_text(clean_docx, tmp_path):
    from docgen.check.annotate import annotate_docx
    from docgen.check.runner import check_file

    broken = make_variant(clean_docx, "HEADING-L4-FONT", tmp_path)
    findings = check_file(broken, load_style()).findings
    out = tmp_path / "annotated.docx"
    annotate_docx(broken, findings, out)
    d = docx.Document(str(out))
    comments = list(d.comments)
    assert len(comments) == len(findings) >= 1
    assert {c.author for c in comments} == {"docgen"}
    assert {c.text.split("（")[0] for c in comments} == {f.rule for f in findings}
    anchors = _comment_anchors(d)
    heading = next(c for c in comments if c.text.startswith("HEADING-L4-FONT"))
    assert anchors[str(heading.comment_id)] == "（1）用地保障。"
    # the text itself is untouched by the anchoring
    assert d.paragraphs[RUNIN_H4 - 1].text == docx.Document(str(broken)).paragraphs[RUNIN_H4 - 1].text


def test_annotate_span_inside_a_run_and_document_level_findings(foreign_docx, tmp_path):
    from docgen.check.annotate import annotate_docx
    from docgen.check.runner import check_file

    findings = check_file(foreign_docx, load_style()).findings
    placeholder = next(f for f in findings if f.rule == "PLACEHOLDER")
    out = tmp_path / "annotated.docx"
    annotate_docx(foreign_docx, findings, out)
    d = docx.Document(str(out))
    comments = list(d.comments)
    assert len(comments) == len(findings)
    anchors = _comment_anchors(d)
    texts = {c.comment_id: c.text for c in comments}
    placeholder_anchor = [anchors[str(cid)] for cid, t in texts.items() if t.startswith("PLACEHOLDER")]
    assert placeholder.text.strip("，。、") and any(a and a in placeholder.text for a in placeholder_anchor)
    assert any(t.startswith("LAYOUT-MARGIN-TOP") for t in texts.values())
    # re-checking the annotated copy reports the comments as LAYOUT-REVISIONS
    assert "LAYOUT-REVISIONS" in {f.rule for f in check_file(out, load_style()).findings}


@pytest.mark.render
def test_annotated_file_opens_in_libreoffice(clean_docx, tmp_path):
    from docgen.check.annotate import annotate_docx
    from docgen.check.runner import check_file
    from docgen.render.preview import render_env

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    broken = make_variant(clean_docx, "FONT-BODY", tmp_path)
    out = tmp_path / "annotated.docx"
    annotate_docx(broken, check_file(broken, load_style()).findings, out)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(out)],
                   env=render_env(), capture_output=True, timeout=300, check=True)
    odt = tmp_path / "annotated.odt"
    with zipfile.ZipFile(odt) as z:
        content = z.read("content.xml").decode("utf-8")
    assert content.count("<office:annotation") >= 1
    assert "FONT-BODY" in content and "docgen" in content


@pytest.mark.render
def test_fixed_foreign_draft_renders_print_ready(foreign_docx, tmp_path):
    """The fixer's settings give 22 lines × 28 characters and correct folios in LibreOffice."""
    from docgen.check.fix_docx import fix_docx
    from docgen.render.judge import judge
    from docgen.render.measure import measure_pdf
    from docgen.render.preview import render_env

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    fixed = tmp_path / "fixed.docx"
    fix_docx(foreign_docx, load_style(), fixed)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(fixed)],
                   env=render_env(), capture_output=True, timeout=300, check=True)
    measurement = measure_pdf(tmp_path / "fixed.pdf")
    assert len(measurement.pages) >= 3
    assert judge(measurement) == []


def test_fix_all_splits_soft_breaks_and_safe_leaves_them(clean_docx, tmp_path):
    from docgen.check.fix_docx import fix_docx

    broken = make_variant(clean_docx, "PARA-SOFT-BREAK", tmp_path)
    safe, every = tmp_path / "safe.docx", tmp_path / "all.docx"
    fix_docx(broken, load_style(), safe)
    assert "PARA-SOFT-BREAK" in {f.rule for f in check(safe)}
    fix_docx(broken, load_style(), every, level="all")
    before = [p.text for p in docx.Document(str(broken)).paragraphs]
    after = [p.text for p in docx.Document(str(every)).paragraphs]
    assert len(after) == len(before) + 1
    assert after[BODY] == "接着写。" and before[BODY - 1] == after[BODY - 1] + "\n接着写。"
    assert {f.rule for f in check(every)} == set()


def _odd_documents():
    empty = docx.Document()
    only_table = docx.Document()
    table = only_table.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "工作任务"
    mixed = docx.Document()
    for text in ("在全县工作会议上的讲话", "同志们：", "今天开会。"):
        mixed.add_paragraph(text)
    mixed.paragraphs[-1]._p.append(parse_xml(
        f'<w:hyperlink {W}><w:r><w:rPr><w:color w:val="0000FF"/><w:u w:val="single"/></w:rPr>'
        '<w:t>链接</w:t></w:r></w:hyperlink>'))
    cell = mixed.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "甲"
    cell.paragraphs[0].runs[0].font.highlight_color = 7
    mixed.add_paragraph("一、加强领导")
    mixed.add_section()
    mixed.add_paragraph("谢谢大家！")
    return {"empty": empty, "only_table": only_table, "mixed": mixed}


@pytest.mark.parametrize("name", ["empty", "only_table", "mixed"])
def test_odd_documents_check_fix_and_annotate_without_crashing(name, tmp_path):
    from docgen.check.annotate import annotate_docx
    from docgen.check.runner import check_file
    from docgen.check.fix_docx import fix_docx

    path = tmp_path / f"{name}.docx"
    _odd_documents()[name].save(str(path))
    report = check_file(path, load_style())
    assert report.problems == []                       # no rule raised
    assert "LAYOUT-MARGIN-TOP" in {f.rule for f in report.findings}
    fix_docx(path, load_style(), tmp_path / "fixed.docx")
    left = check_file(tmp_path / "fixed.docx", load_style()).findings
    assert [f.rule for f in left if f.fix_class == "safe"] == []
    annotate_docx(path, report.findings, tmp_path / "annotated.docx")
    assert len(list(docx.Document(str(tmp_path / "annotated.docx")).comments)) == len(report.findings)
    if name == "mixed":
        rules = {f.rule for f in report.findings}
        assert {"LAYOUT-TEXT-COLOR", "FONT-MIXED-RUNS"} <= rules
        colour = [f for f in report.findings if f.rule == "LAYOUT-TEXT-COLOR"]
        assert any(f.table == "表1 行1 列1" for f in colour) and any(f.paragraph == 3 for f in colour)


def test_enumerated_leads_must_match_each_other(clean_docx, tmp_path):
    d = docx.Document(str(clean_docx))
    lead = next(r for r in _runs(d.paragraphs[ENUM - 1]) if r.find(f"{q('rPr')}/{q('rStyle')}") is not None)
    _set_rpr(lead, "<w:b/>")
    out = tmp_path / "leads.docx"
    d.save(str(out))
    [f] = check(out)
    assert (f.rule, f.paragraph, f.start) == ("FONT-MIXED-RUNS", ENUM, 0) and "引领句" in f.message


def test_title_broken_by_a_manual_line_break(clean_docx, tmp_path):
    d = docx.Document(str(clean_docx))
    title = d.paragraphs[TITLE - 1]
    ts = list(title._p.iter(q("t")))
    ts[0].text = "在全县2026年经济工作会"
    for t in ts[1:]:
        t.text = ""
    ts[0].addnext(parse_xml(f"<w:br {W}/>"))
    ts[0].getparent().append(parse_xml(f'<w:t {W}>议上的讲话</w:t>'))
    out = tmp_path / "title.docx"
    d.save(str(out))
    [f] = check(out)
    assert f.rule == "TITLE-LINEBREAK" and "会议" in f.message


def test_offset_map_between_unit_and_run_text():
    from docgen.readers.docx.interpret import offset_map

    assert offset_map("abc", "abc") == [0, 1, 2, 3]
    assert offset_map("甲乙", "一、甲乙") == [2, 3, 4]
    # the reader merges a soft break: unit "前文后文", runs "前文\n后文"
    m = offset_map("前文后文", "前文\n后文")
    assert (m[0], m[2], m[3], m[4]) == (0, 3, 4, 5)


def test_annotation_after_a_soft_break_lands_on_the_right_characters(clean_docx, tmp_path):
    from docgen.check.annotate import annotate_docx
    from docgen.rules.base import Finding

    broken = make_variant(clean_docx, "PARA-SOFT-BREAK", tmp_path)
    _, units = docx_units(broken)
    unit = next(u for u in units if u.index == BODY)
    at = unit.text.index("接着写")                       # offset in the reader's text (break merged)
    f = Finding(rule="DUP-CHAR", severity="warning", message="测试", paragraph=BODY, start=at, end=at + 3)
    out = tmp_path / "ann.docx"
    annotate_docx(broken, [f], out)
    assert list(_comment_anchors(docx.Document(str(out))).values()) == ["接着写"]


# -- --fix touches only what the selected rules' findings name --------------------------------------

def _plain_word_file(path):
    """A file as python-docx's default template makes it: Letter paper, 1-inch margins, Calibri."""
    d = docx.Document()
    d.add_paragraph("在全县安全生产工作会议上的讲话")
    d.add_paragraph("同志们：")
    d.add_paragraph("今年以来,全县安全生产形势总体平稳,但隐患依然存在。")
    d.add_paragraph("一、提高认识")
    d.add_paragraph("各乡镇要把安全生产摆在突出位置。")
    d.save(str(path))
    return path


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_select_fix_changes_only_that_rules_text(tmp_path):
    from docgen.check.fix_docx import fix_docx

    src = _plain_word_file(tmp_path / "plain.docx")
    out = tmp_path / "out.docx"
    result = fix_docx(src, load_style(), out, select=["PUNCT-HALFWIDTH-IN-CJK"])
    assert [f.rule for f in result.changes] == ["PUNCT-HALFWIDTH-IN-CJK"] * 2
    before, after = _parts(src), _parts(out)
    # only the document part changed; margins, styles, settings and footers are the input's
    assert [n for n in before if before[n] != after.get(n)] == ["word/document.xml"]
    d_in, d_out = docx.Document(str(src)), docx.Document(str(out))
    assert d_out.sections[0].top_margin == d_in.sections[0].top_margin
    assert [p.text for p in d_out.paragraphs][2] == "今年以来，全县安全生产形势总体平稳，但隐患依然存在。"
    assert [p.text for p in d_out.paragraphs][:2] == [p.text for p in d_in.paragraphs][:2]
    # and the run formatting of that paragraph is untouched
    assert d_out.paragraphs[2]._p.find(f"{q('pPr')}") is None


def test_select_a_layout_rule_fixes_only_the_page(tmp_path):
    from docgen.check.fix_docx import fix_docx

    src = _plain_word_file(tmp_path / "plain.docx")
    out = tmp_path / "out.docx"
    result = fix_docx(src, load_style(), out, select=["LAYOUT-MARGIN-TOP"])
    assert {f.rule for f in result.changes} == {"LAYOUT-MARGIN-TOP"}
    d = docx.Document(str(out))
    assert round(d.sections[0].top_margin.mm) == 37
    assert [p.text for p in d.paragraphs] == [p.text for p in docx.Document(str(src)).paragraphs]
    assert "," in d.paragraphs[2].text                     # the punctuation rule was not selected


def test_fix_in_place_with_nothing_to_fix_writes_nothing(clean_docx, tmp_path, capsys):
    import os
    import shutil
    import time

    from cli_run import run

    src = tmp_path / "定稿.docx"
    shutil.copy(clean_docx, src)
    old = os.stat(src)
    time.sleep(0.01)
    code, _, err = run(["check", src, "--fix", "--in-place", "--select", "PUNCT,LAYOUT"], capsys)
    assert code == 0, err
    assert os.stat(src).st_mtime_ns == old.st_mtime_ns and src.read_bytes() == clean_docx.read_bytes()
    assert "文件未改动" in err


def _plain_draft(path):
    """A draft as Word's default template makes it, with something for most rules to find."""
    d = docx.Document()
    for text in ["本文系作者原创投稿，仅供学习参考", "在全县安全生产工作会议上的讲话", "同志们：",
                 "今年以来,全县安全生产形势总体平稳,但隐患依然存在。", "一、提高认识",
                 "各乡镇要把安全生产摆在突出位置，2026年要完成12项任务。", "（一）压实责任", "县直各部门要各司其职。"]:
        d.add_paragraph(text)
    d.add_paragraph("加强组织领导", style="List Number")
    d.save(str(path))
    return path


#: a fix that may make another rule's finding: the frozen auto-number "1." is digits in the
#: paragraph's own font (FONT-LATIN-DIGITS then asks for Times New Roman)
_KNOWN_KNOCK_ON = {"NUM-AUTO-LIST": {"FONT-LATIN-DIGITS"}}


@pytest.mark.parametrize("rule_id", sorted(r.id for r in MY_RULES if r.fix_class == "safe"))
def test_select_one_rule_fixes_that_rule_and_nothing_else(rule_id, tmp_path):
    from collections import Counter

    from docgen.check.fix_docx import fix_docx
    from docgen.check.runner import check_file

    src = _plain_draft(tmp_path / "plain.docx")
    out = tmp_path / "out.docx"
    style = load_style()
    before = check_file(src, style).findings
    result = fix_docx(src, style, out, select=[rule_id])
    after = check_file(out, style).findings
    mine_before = [f for f in before if f.rule == rule_id]
    assert not [f for f in after if f.rule == rule_id and f.fix_class == "safe"], "the rule's findings stay"
    assert len(result.changes) == len(mine_before)
    # no other rule finds more than before; the text is the author's
    more = Counter(f.rule for f in after) - Counter(f.rule for f in before)
    assert set(more) - {rule_id} <= _KNOWN_KNOCK_ON.get(rule_id, set())
    text_in = [p.text for p in docx.Document(str(src)).paragraphs]
    text_out = [p.text for p in docx.Document(str(out)).paragraphs]
    if rule_id != "NUM-AUTO-LIST":
        assert text_out == text_in
    if not mine_before:
        assert out.read_bytes() == src.read_bytes()      # nothing to fix: an exact copy
