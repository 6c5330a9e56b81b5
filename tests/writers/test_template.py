"""The docxtpl template: built from the rule set, committed in sync, with the OOXML settings that give
22 × 28 in LibreOffice (OOXML_NOTES.md)."""

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from docgen.cli import main
from docgen.ooxml.build import read_members
from docgen.style import build_style, load_raw, load_style
from docgen.writers.template import ROLE_STYLE_IDS, RUNIN_STYLE_IDS, STYLE_NAMES, build_template

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docx_templates" / "speech.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1], "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def wattr(node, name):
    return node.get(W + name)


@pytest.fixture(scope="module")
def style():
    return load_style()


@pytest.fixture(scope="module")
def parts(style):
    return {name: etree.fromstring(data) for name, data in read_members(build_template(style))
            if name.endswith(".xml") or name.endswith(".rels")}


def style_el(parts, style_id):
    found = parts["word/styles.xml"].xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
    assert len(found) == 1, style_id
    return found[0]


def test_committed_template_is_what_the_command_builds_from_the_committed_rule_set(style):
    assert COMMITTED.exists(), "run: docgen template -o docx_templates/speech.docx"
    assert read_members(COMMITTED.read_bytes()) == read_members(build_template(style))


def test_package_finds_the_template_through_its_templates_link():
    from docgen.writers.docx import PACKAGE_TEMPLATE
    assert PACKAGE_TEMPLATE.read_bytes() == COMMITTED.read_bytes()


def test_build_is_deterministic(style):
    assert build_template(style) == build_template(style)


def test_every_role_has_a_named_style_and_headings_carry_outline_levels(parts, style):
    for role, style_id in ROLE_STYLE_IDS.items():
        node = style_el(parts, style_id)
        kind = "character" if role == "lead" else "paragraph"
        assert wattr(node, "type") == kind
        assert node.find(W + "name").get(W + "val") == STYLE_NAMES[style_id]
        outline = node.find(f"{W}pPr/{W}outlineLvl")
        if role in ("h1", "h2", "h3", "h4"):
            assert int(wattr(outline, "val")) == style.role(role).outline_level == int(role[1]) - 1
        else:
            assert outline is None, role
    for heading, style_id in RUNIN_STYLE_IDS.items():
        node = style_el(parts, style_id)
        assert wattr(node, "type") == "character"
        fonts = node.find(f"{W}rPr/{W}rFonts")
        assert wattr(fonts, "eastAsia") == style.role(heading).font


def test_no_theme_fonts_anywhere_and_every_rfonts_is_explicit(parts):
    names = set(parts)
    assert not any("theme" in n for n in names)
    for name, root in parts.items():
        for fonts in root.iter(W + "rFonts"):
            attrs = {etree.QName(a).localname for a in fonts.attrib}
            assert not any(a.endswith("Theme") for a in attrs), (name, attrs)
            if name != "word/document.xml":
                assert {"ascii", "hAnsi", "eastAsia"} <= attrs, (name, attrs)


def test_normal_and_doc_defaults_carry_the_body_formatting(parts, style):
    body = style.role("body")
    styles = parts["word/styles.xml"]
    normal = style_el(parts, "Normal")
    assert wattr(normal, "default") == "1"
    for rpr in (styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"), normal.find(W + "rPr")):
        fonts = rpr.find(W + "rFonts")
        assert (wattr(fonts, "eastAsia"), wattr(fonts, "ascii"), wattr(fonts, "hAnsi")) == \
            (body.font, body.latin_font, body.latin_font)
        assert int(wattr(rpr.find(W + "sz"), "val")) == body.size_pt * 2
        assert int(wattr(rpr.find(W + "spacing"), "val")) == round(style.grid.letter_spacing_pt * 20) == -5
        lang = rpr.find(W + "lang")
        assert (wattr(lang, "val"), wattr(lang, "eastAsia")) == ("en-US", "zh-CN")
    for ppr in (styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr"), normal.find(W + "pPr")):
        spacing = ppr.find(W + "spacing")
        assert (wattr(spacing, "line"), wattr(spacing, "lineRule")) == ("240", "auto")
        assert wattr(spacing, "before") == wattr(spacing, "after") == "0"
        ind = ppr.find(W + "ind")
        assert wattr(ind, "firstLineChars") == "200"
        assert int(wattr(ind, "firstLine")) == body.chars_to_twips(2) == 630
        assert wattr(ppr.find(W + "jc"), "val") == "both"


def test_indents_are_written_as_chars_and_twips_consistently(parts, style):
    for role, style_id in ROLE_STYLE_IDS.items():
        if role == "lead":
            continue
        r = style.role(role)
        ind = style_el(parts, style_id).find(f"{W}pPr/{W}ind")
        assert int(wattr(ind, "firstLineChars")) == round(r.first_line_chars * 100), role
        assert int(wattr(ind, "firstLine")) == r.chars_to_twips(r.first_line_chars), role
        assert int(wattr(ind, "rightChars")) == round(r.right_chars * 100), role
        assert int(wattr(ind, "right")) == r.chars_to_twips(r.right_chars), role
    signature = style_el(parts, "GwSignature").find(f"{W}pPr/{W}ind")
    assert (wattr(signature, "rightChars"), wattr(signature, "right")) == ("400", str(4 * 315))


def test_page_setup_and_line_grid(parts, style):
    sect = parts["word/document.xml"].find(f"{W}body/{W}sectPr")
    page = style.page.twips()
    pg_sz, pg_mar, grid = sect.find(W + "pgSz"), sect.find(W + "pgMar"), sect.find(W + "docGrid")
    assert (int(wattr(pg_sz, "w")), int(wattr(pg_sz, "h"))) == (page["width"], page["height"]) == (11906, 16838)
    for key in ("top", "bottom", "left", "right", "header", "footer"):
        assert int(wattr(pg_mar, key)) == page[key], key
    assert abs(int(wattr(pg_mar, "top")) - 2098) <= 1 and abs(int(wattr(pg_mar, "left")) - 1588) <= 1
    # a line grid only, never linesAndChars with a negative charSpace (14 chars per line in LibreOffice)
    assert wattr(grid, "type") == "lines"
    assert int(wattr(grid, "linePitch")) == style.grid.line_pitch_twips == 579
    assert wattr(grid, "charSpace") is None
    settings = parts["word/settings.xml"]
    assert settings.find(W + "evenAndOddHeaders") is not None
    assert wattr(settings.find(W + "characterSpacingControl"), "val") == "doNotCompress"


def _footer_for(parts, kind):
    rels = parts["word/_rels/document.xml.rels"]
    sect = parts["word/document.xml"].find(f"{W}body/{W}sectPr")
    ref = [f for f in sect.findall(W + "footerReference") if wattr(f, "type") == kind]
    assert len(ref) == 1
    rid = ref[0].get("{%s}id" % NS["r"])
    target = [r.get("Target") for r in rels if r.get("Id") == rid][0]
    return parts["word/" + target]


@pytest.mark.parametrize("kind, side", [("default", "right"), ("even", "left")])
def test_footers_show_dash_page_dash_one_character_in(parts, style, kind, side):
    role = style.role("page_number")
    footer = _footer_for(parts, kind)
    (p,) = footer.findall(W + "p")
    ppr = p.find(W + "pPr")
    assert wattr(ppr.find(W + "jc"), "val") == side
    ind = ppr.find(W + "ind")
    one_char = role.chars_to_twips(1)
    assert one_char == 280
    assert int(wattr(ind, side)) == one_char and wattr(ind, side + "Chars") == "100"
    other = "left" if side == "right" else "right"
    assert int(wattr(ind, other)) == 0
    # the folio line is single spaced and off the grid, or it grows the footer (OOXML_NOTES.md §4)
    spacing = ppr.find(W + "spacing")
    assert (wattr(spacing, "line"), wattr(spacing, "lineRule")) == ("240", "auto")
    assert wattr(ppr.find(W + "snapToGrid"), "val") == "0"
    assert "".join(p.itertext()).replace(" PAGE ", "") == "— 1 —"
    assert [t.text for t in p.iter(W + "instrText")] == [" PAGE "]
    assert [wattr(f, "fldCharType") for f in p.iter(W + "fldChar")] == ["begin", "separate", "end"]
    for run in p.findall(W + "r"):
        rpr = run.find(W + "rPr")
        fonts = rpr.find(W + "rFonts")
        assert {wattr(fonts, a) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"宋体"}
        assert wattr(rpr.find(W + "sz"), "val") == "28"
        assert wattr(rpr.find(W + "spacing"), "val") == "0"


def test_template_is_a_docxtpl_template_over_blocks_and_opens_in_python_docx(style):
    data = build_template(style)
    assert DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables() == {"blocks"}
    d = docx.Document(io.BytesIO(data))
    used = {p.style.style_id for p in d.paragraphs}
    assert {ROLE_STYLE_IDS[r] for r in ("title", "subtitle", "salutation", "body", "h1", "h2", "h3", "h4",
                                        "closing", "signature")} <= used


def test_template_command_writes_the_template(tmp_path, capsys):
    out = tmp_path / "t.docx"
    with pytest.raises(SystemExit) as done:
        main(["template", "-o", str(out)])
    assert done.value.code == 0
    assert read_members(out.read_bytes()) == read_members(COMMITTED.read_bytes())
    assert list(tmp_path.iterdir()) == [out]          # atomic write: no temporary left behind


def test_template_command_needs_an_output(capsys):
    with pytest.raises(SystemExit) as done:
        main(["template"])
    assert done.value.code == 2


def test_template_follows_a_user_rule_set(tmp_path, capsys):
    user = tmp_path / "my.yaml"
    user.write_text("extends: gbt9704\nroles:\n  body:\n    font: 方正仿宋_GBK\n  h1:\n    font: 方正黑体_GBK\n"
                    "  page_number:\n    format: \"－{n}－\"\n", encoding="utf-8")
    out = tmp_path / "t.docx"
    with pytest.raises(SystemExit) as done:
        main(["template", "--style", str(user), "-o", str(out)])
    assert done.value.code == 0
    with zipfile.ZipFile(out) as zf:
        styles = etree.fromstring(zf.read("word/styles.xml"))
        footer = etree.fromstring(zf.read("word/footer1.xml"))
    body = styles.xpath("w:style[@w:styleId='GwBody']/w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)
    h1 = styles.xpath("w:style[@w:styleId='GwH1']/w:rPr/w:rFonts/@w:eastAsia", namespaces=NS)
    assert (body, h1) == (["方正仿宋_GBK"], ["方正黑体_GBK"])
    assert "".join(footer.itertext()).replace(" PAGE ", "") == "－1－"


def test_a_folio_format_without_page_placeholder_is_a_usage_error(tmp_path, capsys):
    raw = load_raw()
    raw["roles"]["page_number"]["format"] = "第页"
    with pytest.raises(Exception) as err:
        build_template(build_style(raw))
    assert "{n}" in str(err.value)
    user = tmp_path / "bad.yaml"
    user.write_text("extends: gbt9704\nroles:\n  page_number:\n    format: 第页\n", encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["template", "--style", str(user), "-o", str(tmp_path / "t.docx")])
    assert done.value.code == 2
    assert "{n}" in capsys.readouterr().err
    assert not (tmp_path / "t.docx").exists()
