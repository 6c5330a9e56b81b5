"""Issue 13: format is faithful on real-shaped documents.  For every file of the corpus in
tests/data/real_shaped/ (drafts written for this test, in the shapes real documents have), the
printed text equals the input's text with exactly the changes that ``--report`` lists; pictures
and the text of notes, comments and headers are carried over or reported."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fidelity_accounting import account, body_text, docx_parts, heading_numbers, input_paragraphs  # noqa: E402

from docgen.api import format_file  # noqa: E402
from docgen.check.report import report_text  # noqa: E402

CORPUS = Path(__file__).parent / "data" / "real_shaped"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".docx"))


def run_format(src: Path, tmp_path: Path):
    out = tmp_path / (src.stem + ".out.docx")
    result = format_file(src, out)
    return result, out, report_text(result)


def test_the_corpus_has_the_shapes_asked_for():
    assert len(FILES) >= 20
    assert sum(1 for p in FILES if p.suffix == ".docx") >= 5


@pytest.mark.parametrize("src", FILES, ids=lambda p: p.stem)
def test_output_is_input_with_exactly_the_reported_changes(src, tmp_path):
    result, out, report = run_format(src, tmp_path)
    a = account(src, out, result.findings, report)
    assert a.ok, f"{src.name}: changes not in the report\n{a.explain()}\n--- report ---\n{report}"
