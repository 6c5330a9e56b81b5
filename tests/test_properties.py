"""Property-based tests for issue 7: never lose text, never crash.

Random speeches in the genre (tests/strategies.py) go through the reader, the recogniser, the
cleaner, the writer and back.  The budget (sum of ``prop_settings`` below) is > 10,000 examples,
most of them on the cheap text path; ``DOCGEN_HYPOTHESIS_PROFILE=long`` multiplies it by ten.
Every run draws the same examples (derandomize=True), so a failure reproduces.

Character accounting: the *significant* characters (letters, digits, symbols, emoji — see
strategies.significant) of every line the generator did not write as noise must reach the output
in order.  The only excused differences are the ones the format report owns up to: text inside a
span that a finding with a fix names (deleted side) and the replacement it put in (inserted side).
A content line deleted whole is a failure whatever the report says.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import io
import re
import tempfile
import zipfile
from collections import Counter
from pathlib import Path
from typing import Iterable, List

import yaml
from hypothesis import given, note, strategies as st

from docgen.errors import DocgenError, InputError
from docgen.model import Document, Paragraph, Section, Table, content_equal, iter_blocks
from strategies import (Line, fast_speeches, prop_settings, render_lines, significant, speeches,
                              yaml_documents)

#: a written or generated heading number at the start of a paragraph (GB/T 9704 7.3.3 families)
LEADING_MARKER = re.compile(r"^\s*([一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])")


@functools.lru_cache(maxsize=None)
def house_style():
    from docgen.style import load_style

    return load_style(None)


@contextlib.contextmanager
def workdir():
    with tempfile.TemporaryDirectory(prefix="docgen-prop-") as d:
        yield Path(d)


def strip_marker(text: str) -> str:
    return LEADING_MARKER.sub("", text, count=1)


def model_paragraph_texts(doc: Document) -> List[str]:
    """The document's printed text, one string per printed paragraph, in reading order, no numbers."""
    out = [doc.title or ""] + list(doc.subtitle) + [doc.salutation or ""]
    for _, block in iter_blocks(doc.body):
        if isinstance(block, Section):
            out.append(block.heading)
        elif isinstance(block, Paragraph):
            out.append((block.lead or "") + block.text)
        elif isinstance(block, Table):
            out.extend(cell for row in block.rows for cell in row)
    out += list(doc.closing) + [doc.signature or "", doc.date or ""]
    return [strip_marker(t) for t in out]


def docx_paragraph_texts(data: bytes) -> List[str]:
    import docx

    d = docx.Document(io.BytesIO(data))
    texts = [strip_marker(p.text) for p in d.paragraphs]
    for table in d.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def expected_text(lines: List[Line], deleted: Iterable[int] = ()) -> str:
    deleted = set(deleted)
    kept = [ln.text[len(ln.marker):] if ln.marker else ln.text
            for i, ln in enumerate(lines, start=1) if i not in deleted]
    return significant("".join(kept))


def deleted_lines(findings) -> set:
    out = set()
    for f in findings:
        fix = getattr(f, "fix", None) or {}
        if fix.get("delete_paragraph"):
            out.add(f.where)
            if f.end_line:
                out.update(range(f.where, f.end_line + 1))
        out.update(fix.get("delete_paragraphs", ()))
    return out


def assert_accounted(expected: str, actual: str, findings, context: str) -> None:
    """``actual`` is ``expected`` with only the deletions and insertions the findings account for."""
    removed, inserted = Counter(), Counter()
    for f in findings:
        fix = getattr(f, "fix", None)
        if not fix:
            continue
        removed.update(significant(f.text or ""))
        if "replacement" in fix:
            inserted.update(significant(str(fix["replacement"])))
        for edit in fix.get("edits", ()):
            inserted.update(significant(str(edit[2])))
    lost, added = Counter(), Counter()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, expected, actual, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            lost.update(expected[i1:i2])
        if op in ("insert", "replace"):
            added.update(actual[j1:j2])
    unexplained_loss = lost - removed
    unexplained_gain = added - inserted
    assert not unexplained_loss and not unexplained_gain, (
        f"{context}: characters changed without a report: lost {dict(unexplained_loss)}, "
        f"added {dict(unexplained_gain)}\nexpected: {expected}\nactual:   {actual}")


def content_deleted(lines: List[Line], findings) -> List[str]:
    """Lines the generator wrote as content (with text) that a fix deleted whole."""
    gone = deleted_lines(findings)
    return [f"{i}: {lines[i - 1].text}" for i in sorted(gone)
            if 0 < i <= len(lines) and lines[i - 1].kind not in ("noise", "blank") and lines[i - 1].text.strip()]


# -- 1. reader + recogniser (no cleaning): nothing but noise may disappear ------------------------------

def _recognise(lines: List[Line]):
    from docgen.readers.text import text_to_units
    from docgen.recognise.build import build_document
    from docgen.recognise.structure import classify

    text = render_lines(lines)
    note(f"draft:\n{text}")
    units = text_to_units(text)
    classify(units)
    dropped = set()
    for u in units:
        if u.kind == "noise":
            dropped.update(u.hints.get("lines", [u.index]))
    wrongly = [f"{i}: {lines[i - 1].text}" for i in sorted(dropped) if lines[i - 1].kind != "noise"]
    assert not wrongly, f"content lines classified as noise (would be deleted): {wrongly}"
    doc = build_document(units, [])
    actual = significant("".join(model_paragraph_texts(doc)))
    assert actual == expected_text(lines, dropped)


@prop_settings(2000)
@given(fast_speeches())
def test_recogniser_keeps_every_character(lines):
    """Noise lines anywhere (web pastes): only the noise lines themselves may be dropped."""
    _recognise(lines)


@prop_settings(2000)
@given(fast_speeches(noise=False))
def test_recogniser_keeps_every_character_clean_drafts(lines):
    """A draft without any junk: the recogniser drops nothing and reorders nothing."""
    _recognise(lines)


# -- 2. the whole text path (read -> classify -> clean -> build), through a real file -------------------

NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])
INDENTS = st.sampled_from(["", "　　", "  "])


@prop_settings(1000)
@given(fast_speeches(max_blocks=6), NEWLINES, INDENTS)
def test_read_input_accounts_for_every_change(lines, newline, indent):
    _read_and_account(lines, newline, indent)


@prop_settings(500)
@given(fast_speeches(max_blocks=6, noise=False), NEWLINES, INDENTS)
def test_read_input_accounts_for_every_change_clean_drafts(lines, newline, indent):
    _read_and_account(lines, newline, indent)


def _read_and_account(lines, newline, indent):
    from docgen.api import read_input

    text = render_lines(lines, newline, indent)
    note(f"draft:\n{text}")
    with workdir() as d:
        path = d / "draft.txt"
        path.write_text(text, encoding="utf-8", newline="")
        result = read_input(path, style=house_style())
    assert isinstance(result.document, Document)
    wrongly = content_deleted(lines, result.findings)
    assert not wrongly, f"content lines deleted: {wrongly}"
    expected = expected_text(lines, deleted_lines(result.findings))
    actual = significant("".join(model_paragraph_texts(result.document)))
    assert_accounted(expected, actual, result.findings, "read_input")


@prop_settings(300)
@given(fast_speeches(max_blocks=6))
def test_cleaner_reaches_a_fixed_point(lines):
    """clean_units promises idempotence: cleaning the cleaned units again changes nothing (so a
    second `format` or `check --fix` never finds work the first one left)."""
    from docgen.readers.text import text_to_units
    from docgen.check.fix_text import clean_units
    from docgen.recognise.structure import classify

    text = render_lines(lines)
    note(f"draft:\n{text}")
    units = text_to_units(text)
    classify(units)
    cleaned, _ = clean_units(units, house_style())
    again, second = clean_units(cleaned, house_style())
    assert not second, "second cleaning pass still changed: " + "; ".join(
        f"{f.rule} line {f.where}: {f.text!r} -> {f.fix}" for f in second)
    assert [u.text for u in again] == [u.text for u in cleaned]


# -- 3. format -> .docx -> format: valid package, text kept, second pass idempotent ----------------------

@prop_settings(100)
@given(speeches(max_blocks=8))
def test_format_docx_roundtrip(lines):
    with workdir() as d:
        _roundtrip(lines, d)


@prop_settings(100)
@given(fast_speeches(max_blocks=8, noise=False))
def test_format_docx_roundtrip_clean_drafts(lines):
    with workdir() as d:
        _roundtrip(lines, d)


def _roundtrip(lines, d: Path):
    import docx

    from docgen.api import format_file
    from docgen.api import read_input

    src, out, out2 = d / "draft.txt", d / "draft.docx", d / "again.docx"
    text = render_lines(lines)
    note(f"draft:\n{text}")
    src.write_text(text, encoding="utf-8")
    try:
        first = format_file(src, out)
    except InputError as exc:
        # nothing to lay out: allowed only when every line is junk or blank, and then no file
        assert all(line.kind == "noise" or not line.text.strip() for line in lines), str(exc)
        assert not out.exists()
        return
    data = out.read_bytes()
    assert zipfile.is_zipfile(io.BytesIO(data))
    docx.Document(io.BytesIO(data))                     # re-opens with python-docx
    assert not content_deleted(lines, first.findings)
    expected = expected_text(lines, deleted_lines(first.findings))
    actual = significant("".join(docx_paragraph_texts(data)))
    assert_accounted(expected, actual, first.findings, "format .txt -> .docx")

    second = read_input(out, style=house_style())
    assert content_equal(first.document, second.document), (
        "format of the produced .docx changed the content:\n"
        f"first:  {first.document}\nsecond: {second.document}")
    format_file(out, out2)
    assert out2.read_bytes() == data, "formatting the formatted .docx again changed its bytes"


# -- 4. YAML content: the reader either gives a Document or a DocgenError --------------------------------

def _dump(doc) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@prop_settings(2000)
@given(yaml_documents())
def test_yaml_reader_never_crashes(doc):
    from docgen.readers import yaml as yaml_reader

    text = _dump(doc)
    try:
        result = yaml_reader.read_text(text, "content.yaml")
    except DocgenError as exc:
        assert exc.message and "\n" not in str(exc)
        return
    assert isinstance(result, Document)


YAML_ALPHABET = st.sampled_from(list("abc:-[]{}|>&*!%@`'\"#,?\n \t一二“”：") + ["  ", "- ", ": ", "body:", "heading:",
                                                                             "!!python/object:os.system", "&a", "*a"])


@prop_settings(1500)
@given(st.lists(YAML_ALPHABET, max_size=40).map("".join))
def test_yaml_reader_syntax_garbage(text):
    from docgen.readers import yaml as yaml_reader

    try:
        yaml_reader.read_text(text, "content.yaml")
    except DocgenError as exc:
        assert exc.message and "\n" not in str(exc), repr(str(exc))


@prop_settings(150)
@given(yaml_documents())
def test_build_random_yaml(doc):
    with workdir() as d:
        _build(doc, d)


def _build(doc, d: Path):
    import docx

    from docgen.api import build_file

    src, out = d / "content.yaml", d / "content.docx"
    src.write_text(_dump(doc), encoding="utf-8")
    try:
        build_file(src, out)
    except DocgenError as exc:
        assert "\n" not in str(exc)
        assert not out.exists(), "an error left an output file behind"
        assert not [p for p in d.iterdir() if p.name not in ("content.yaml",)], "temporary files left behind"
        return
    data = out.read_bytes()
    document = docx.Document(io.BytesIO(data))
    printed = "".join(p.text for p in document.paragraphs)
    printed += "".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    if isinstance(doc.get("title"), str) and doc["title"].strip():
        assert significant(doc["title"]) in significant(printed)
