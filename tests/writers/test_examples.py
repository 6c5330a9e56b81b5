"""The hand-made example content files are faithful to their seeds.

For each seed, the documented clean-up (noise lines, watermark, stutter, half-width commas,
heading trailing 。, leading spaces) is applied to the seed text here, independently of docgen's
cleaner.  The example, flattened back to one line per paragraph with its heading numbers
regenerated from ``numbering:``, must then equal the seed line for line: a dropped, duplicated,
reordered, mis-levelled or mangled paragraph fails.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Dict, List

import pytest

from docgen.model import Document, Paragraph, Section, Table, UNNUMBERED, iter_blocks
from docgen.readers.yaml import read
from docgen.style import load_style

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EXAMPLES = ROOT / "examples"

#: what each example documents in its header comment, as data: seed lines that are not content,
#: text replacements, and headings whose trailing 。 is removed (HEADING-TRAILING-PUNCT)
CLEANUP: Dict[str, dict] = {
    "000_bf1380484ddc3ea9": {
        "noise": [],
        "replace": [("态势,全县", "态势，全县"), ("万元,村级", "万元，村级"), ("二是是要", "二是要")],
        "heading_punct": [],
    },
    "001_227c46b3c302e6a6": {
        "noise": [],
        "replace": [("公.文思.享.文.库出.品，", ""), ("**％以上", "**%以上")],
        "heading_punct": [],
    },
    "002_b2d4874fc0b8858a": {
        "noise": [1],
        "replace": [],
        "heading_punct": [],
    },
    "003_a16cca3364c6c753": {
        "noise": [1, 2, 3, 4, 5, 7, 8, 9],
        "replace": [],
        "heading_punct": [19, 22],
    },
    "004_2bceb174e93711ca": {
        "noise": [],
        "replace": [],
        "heading_punct": [],
    },
}

CN_DIGITS = "一二三四五六七八九十"


def marker(pattern: str, index: int) -> str:
    """The written number of the index-th (1-based, ≤ 10) heading for a numbering pattern."""
    if pattern == UNNUMBERED:
        return ""
    if "一" in pattern:
        return pattern.replace("一", CN_DIGITS[index - 1], 1)
    return pattern.replace("1", str(index), 1)


def seed_lines(stem: str) -> List[str]:
    """The seed's content lines after the documented clean-up, in order."""
    spec = CLEANUP[stem]
    out = []
    for number, line in enumerate((SEEDS / f"{stem}.txt").read_text(encoding="utf-8").split("\n"), 1):
        if number in spec["noise"]:
            continue
        text = line.strip()
        for old, new in spec["replace"]:
            text = text.replace(old, new)
        if number in spec["heading_punct"]:
            assert text.endswith("。"), f"{stem} L{number} was documented to end in 。"
            text = text[:-1]
        if text:
            out.append(text)
    return out


def flatten(doc: Document) -> List[str]:
    """One line per printed paragraph, as a plain-text paste of the speech would have it."""
    lines = [doc.title] if doc.title else []
    lines += doc.subtitle
    if doc.salutation:
        lines.append(doc.salutation)

    def walk(blocks, depth):
        count = 0
        for block in blocks:
            if isinstance(block, Section):
                count += 1
                number = marker(doc.numbering[depth - 1], count)
                if block.runin:
                    first = block.body[0]
                    lines.append(number + block.heading + (first.lead or "") + first.text)
                    walk(block.body[1:], depth + 1)
                else:
                    lines.append(number + block.heading)
                    walk(block.body, depth + 1)
            elif isinstance(block, Paragraph):
                lines.append((block.lead or "") + block.text)
            elif isinstance(block, Table):
                lines.extend("\t".join(row) for row in block.rows)

    walk(doc.body, 1)
    lines += doc.closing
    for extra in (doc.signature, doc.date):
        if extra:
            lines.append(extra)
    return lines


SEED_STEMS = sorted(CLEANUP)


def test_one_example_per_seed():
    assert sorted(p.stem for p in SEEDS.glob("*.txt")) == SEED_STEMS
    for stem in SEED_STEMS:
        assert (EXAMPLES / f"{stem}.yaml").is_file()


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_example_equals_cleaned_seed_line_for_line(stem):
    doc = read(EXAMPLES / f"{stem}.yaml")
    assert flatten(doc) == seed_lines(stem)


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_example_text_occurs_in_the_cleaned_seed(stem):
    seed_text = "\n".join(seed_lines(stem))
    doc = read(EXAMPLES / f"{stem}.yaml")
    texts = [t for t in (doc.title, doc.salutation) if t] + list(doc.closing)
    for _, block in iter_blocks(doc.body):
        if isinstance(block, Section):
            texts.append(block.heading)
        elif isinstance(block, Paragraph):
            texts += [block.lead or "", block.text, (block.lead or "") + block.text]
    for text in filter(None, texts):
        assert text in seed_text, f"{stem}: not in the seed: {text[:40]}"


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_header_comment_documents_every_fix(stem):
    header = "\n".join(line for line in (EXAMPLES / f"{stem}.yaml").read_text(encoding="utf-8")
                       .splitlines() if line.startswith("#"))
    assert "written by hand" in header
    for old, _ in CLEANUP[stem]["replace"]:
        assert old in header, f"{stem}: the fix of {old!r} is not documented"
    mentioned = set()
    for first, last in re.findall(r"\bL(\d+)(?:-L(\d+))?\b", header):
        mentioned.update(range(int(first), int(last or first) + 1))
    for number in CLEANUP[stem]["noise"] + CLEANUP[stem]["heading_punct"]:
        assert number in mentioned, f"{stem}: seed line {number} is not mentioned in the header"


def test_the_check_catches_a_dropped_or_mangled_paragraph():
    stem = "002_b2d4874fc0b8858a"
    doc = read(EXAMPLES / f"{stem}.yaml")
    expected = seed_lines(stem)
    assert flatten(doc) == expected
    first = doc.body[0]
    assert isinstance(first, Paragraph)
    dropped = replace(doc, body=doc.body[1:])
    mangled = replace(doc, body=[replace(first, text=first.text.replace("今天", "明天", 1))] + doc.body[1:])
    duplicated = replace(doc, body=[first] + doc.body)
    relevelled = replace(doc, numbering=["（一）", "一、", "1.", "（1）"])
    for bad in (dropped, mangled, duplicated, relevelled):
        assert flatten(bad) != expected


EXPECTED_SHAPE = {
    # stem: (title?, number of level-1 headings, leads, run-ins, closing paragraphs, level-1 numbering)
    "000_bf1380484ddc3ea9": (False, 3, 8, 0, 0, "一、"),
    "001_227c46b3c302e6a6": (False, 6, 0, 0, 2, "none"),
    "002_b2d4874fc0b8858a": (True, 3, 8, 0, 1, "一、"),
    "003_a16cca3364c6c753": (True, 2, 0, 5, 1, "一、"),
    "004_2bceb174e93711ca": (True, 3, 11, 0, 1, "一、"),
}


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_structure_matches_the_judgement_of_the_seed(stem):
    doc = read(EXAMPLES / f"{stem}.yaml")
    has_title, h1, leads, runins, closing, level1 = EXPECTED_SHAPE[stem]
    levels = [(depth, b) for depth, b in iter_blocks(doc.body) if isinstance(b, Section)]
    assert bool(doc.title) == has_title
    assert doc.salutation == "同志们："
    assert sum(1 for depth, _ in levels if depth == 1) == h1
    assert sum(1 for p in doc.paragraphs() if p.lead) == leads
    assert sum(1 for _, s in levels if s.runin) == runins
    assert len(doc.closing) == closing
    assert doc.numbering[0] == level1
    # house style: no standalone heading ends in 。; run-in leads do
    for _, section in levels:
        assert section.heading.endswith("。") == section.runin
    for p in doc.paragraphs():
        if p.lead:
            assert re.match(rf"^[{CN_DIGITS}][是要]", p.lead) and p.lead.endswith("。")
            assert p.lead.count("。") == 1


def test_speech_example_shows_every_feature():
    doc = read(EXAMPLES / "speech.yaml")
    assert doc.title and doc.salutation == "同志们："
    assert any(re.fullmatch(r"（\d{4}年\d{1,2}月\d{1,2}日）", s) for s in doc.subtitle)
    assert len(doc.subtitle) == 2
    depths = {depth for depth, b in iter_blocks(doc.body) if isinstance(b, Section)}
    assert depths == {1, 2, 3, 4}
    assert any(s.runin for s in doc.sections())
    assert any(p.lead for p in doc.paragraphs())
    tables = [b for _, b in iter_blocks(doc.body) if isinstance(b, Table)]
    assert tables and tables[0].header_rows == 1
    assert isinstance(doc.body[0], Paragraph)              # a preamble before the first heading
    assert doc.closing and doc.signature and doc.date
    everything = "\n".join(flatten(doc))
    for needle in ("GDP", "5.2%", "2026年", "“", "”", "——", "……"):
        assert needle in everything
    # fits 2-3 pages: 22 lines x 28 characters a page
    chars = sum(len(line) for line in flatten(doc))
    assert 22 * 28 < chars < 3 * 22 * 28


def test_user_style_overrides_fonts_only():
    base = load_style()
    style = load_style(EXAMPLES / "style-fzfangsong.yaml")
    for role in ("body", "salutation", "h3", "h4", "lead", "closing", "signature"):
        assert style.role(role).font == "方正仿宋_GBK"
        assert style.family_of(style.role(role).font) == "fangsong"
    assert style.role("h2").font == "方正楷体_GBK" and style.family_of("方正楷体_GBK") == "kaiti"
    assert style.role("h1").font == base.role("h1").font == "黑体"
    assert style.role("title").font == base.role("title").font
    for role in ("body", "h1", "h2", "h3", "h4", "title"):
        assert style.role(role).size_pt == base.role(role).size_pt
        assert style.role(role).bold == base.role(role).bold
    assert style.page == base.page and style.grid == base.grid
