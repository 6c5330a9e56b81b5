"""`docgen check` on a .docx reads the document once for all rules: the classifier and the rules share
one DocxScan (paragraphs, visible runs and their text), and the resolver shares its answers with
the other checked documents whose styles, numbering and theme parts are the same bytes.

Neither may change a finding: every document here is checked both ways (the shared pass of
``check_file``, and the plain path of the rule tests: fresh units, a private resolver, no scan) and
the findings must be equal, field by field, whatever the order the documents are checked in.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from docgen.check.runner import active_rules, build_context, check_file, run_rules
from docgen.readers.docx.interpret import _text, classify_units, docx_units, read_docx
from docgen.readers.docx.package import open_document
from docgen.readers.docx.reading import DocxReading, DocxScan
from docgen.ooxml.resolve import Resolver, clear_shared_caches, iter_runs, run_text
from docgen.style import load_style

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Formatted seeds (one template), the clean example, a copy of it whose body *style* says
    宋体 (same direct formatting, other styles part), and a draft in Word's default template."""
    from docgen.api import format_file
    from docgen.readers.yaml import read
    from docgen.writers.docx import render_docx

    tmp = tmp_path_factory.mktemp("shared")
    out = {}
    for seed in SEEDS:
        out[seed.stem[:3]] = tmp / f"{seed.stem[:3]}.docx"
        format_file(seed, out[seed.stem[:3]])
    clean = out["speech"] = tmp / "speech.docx"
    clean.write_bytes(render_docx(read(ROOT / "examples" / "speech.yaml"), load_style()))
    d = docx.Document(str(clean))
    body_style = d.styles.element.xpath('w:style[@w:styleId="GwBody"]')[0]
    body_style.find(q("rPr")).find(q("rFonts")).set(q("eastAsia"), "宋体")
    out["restyled"] = tmp / "restyled.docx"
    d.save(str(out["restyled"]))
    foreign = docx.Document()
    for line in (SEEDS[2]).read_text(encoding="utf-8").split("\n"):
        foreign.add_paragraph(line)
    foreign.add_paragraph("加强组织领导", style="List Number")
    out["foreign"] = tmp / "foreign.docx"
    foreign.save(str(out["foreign"]))
    return out


def plain_findings(path: Path, style):
    """The findings without any sharing: fresh units, a private resolver, the rules scan themselves."""
    document, units = docx_units(path)
    ctx = build_context(list(units), style, "docx", str(path), document, Resolver(document))
    findings, problems = run_rules(ctx, active_rules(style, "docx"))
    assert problems == []
    return [vars(f) for f in findings]


def shared_findings(path: Path, style):
    report = check_file(path, style)
    assert report.problems == []
    return [vars(f) for f in report.findings]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_shared_pass_finds_exactly_what_the_plain_path_finds(documents, order):
    style = load_style()
    names = sorted(documents)
    if order == "backward":
        names.reverse()
    clear_shared_caches()
    expected = {name: plain_findings(documents[name], style) for name in names}
    # twice over: the second round runs on caches the first round filled
    for _ in range(2):
        for name in names:
            assert shared_findings(documents[name], style) == expected[name], name
    # the documents are not trivially clean: the comparison covers real findings of both kinds
    assert any(f["rule"].startswith(("FONT-", "LAYOUT-")) for f in expected["foreign"])
    assert "FONT-BODY" in {f["rule"] for f in expected["restyled"]}
    assert "FONT-BODY" not in {f["rule"] for f in expected["speech"]}


def test_resolvers_share_only_between_identical_style_parts(documents):
    clear_shared_caches()
    first = Resolver(docx.Document(str(documents["000"])), shared=True)
    again = Resolver(docx.Document(str(documents["001"])), shared=True)
    restyled_doc = docx.Document(str(documents["restyled"]))
    restyled = Resolver(restyled_doc, shared=True)
    private = Resolver(docx.Document(str(documents["000"])))
    assert first._run_props_cache is again._run_props_cache            # one template, one cache
    assert restyled._run_props_cache is not first._run_props_cache     # other styles part
    assert private._run_props_cache is not first._run_props_cache      # sharing is opt-in
    # the same run formatting under the changed body style resolves to the style's new font
    speech_doc = docx.Document(str(documents["speech"]))
    speech = Resolver(speech_doc, shared=True)
    for res, d in ((speech, speech_doc), (restyled, restyled_doc)):
        body = next(p for p in d.paragraphs if res.style_id_of(p) == "GwBody" and p.text.strip())
        res.run_props(body, next(iter_runs(body)))
    body = next(p for p in restyled_doc.paragraphs if restyled.style_id_of(p) == "GwBody" and p.text.strip())
    assert restyled.run_props(body, next(iter_runs(body))).east_asia_font == "宋体"
    assert speech._run_props_cache is not restyled._run_props_cache


def test_scan_gives_the_runs_and_units_of_a_fresh_read(documents):
    for name in ("002", "foreign"):
        path = documents[name]
        document = open_document(path)
        reading, units = read_docx(document)
        scan = reading.scan
        assert len(scan.paragraphs) == len(document.paragraphs) == len(units)
        for i, p in enumerate(document.paragraphs):
            assert [t for _, t in scan.runs(i)] == [run_text(r) for r in iter_runs(p)]
            assert scan.text(i) == _text(p)
            assert scan.para_index[id(p._p)] == i + 1
        fresh = classify_units(document, DocxReading(document).paragraph_units())
        assert [(u.index, u.text, u.kind, u.level, u.lead_end) for u in units] == \
               [(u.index, u.text, u.kind, u.level, u.lead_end) for u in fresh]
        assert isinstance(scan, DocxScan)
