"""``docgen check --annotate OUT.docx``: a copy of the .docx with a Word comment (批注) per finding.

Each comment is anchored on the finding's text: the paragraph's runs are split so that the
comment covers exactly ``[start, end)`` when the finding has offsets, else the whole paragraph.
Findings about the whole document (page setup, footers) sit on the first non-empty paragraph;
findings in table cells on the first paragraph of their cell when it can be found.
Author "docgen"; text = rule ID, severity and the message.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple, Union

from docgen.ooxml.edit import split_runs_at
from docgen.readers.docx.interpret import offset_map
from docgen.readers.docx.package import open_document
from docgen.readers.docx.reading import DocxReading
from docgen.fileio import atomic_write_bytes
from docgen.outputs import guard_output
from docgen.ooxml.resolve import iter_runs, run_text
from docgen.rules.base import Finding

PathLike = Union[str, Path]
AUTHOR = "docgen"
INITIALS = "DG"
_CELL = re.compile(r"表(\d+)\s*行(\d+)\s*列(\d+)")


def comment_text(f: Finding) -> str:
    return f"{f.rule}（{f.severity_label}）：{f.message}"


def _cell_paragraph(document: Any, where: Optional[str]) -> Optional[Any]:
    m = _CELL.search(where or "")
    if not m:
        return None
    t, r, c = (int(g) - 1 for g in m.groups())
    try:
        return document.tables[t].rows[r].cells[c].paragraphs[0]
    except IndexError:
        return None


def _span(text_len: int, start: Optional[int], end: Optional[int], to_run: Optional[List[int]]) -> Tuple[int, int]:
    """Run-text offsets of a finding: whole paragraph without offsets; never empty."""
    if start is None:
        return 0, text_len
    end = start if end is None else end
    if to_run is not None:
        start, end = (to_run[min(max(x, 0), len(to_run) - 1)] for x in (start, end))
    s = min(max(start, 0), text_len)
    e = min(max(end, s), text_len)
    if e == s:
        if s < text_len:
            e = s + 1
        else:
            s = max(0, text_len - 1)
    return s, e


def _anchor_runs(paragraph: Any, s: int, e: int) -> List[Any]:
    from docx.text.run import Run

    split_runs_at(paragraph, [s, e])
    out, pos = [], 0
    for r in iter_runs(paragraph):
        n = len(run_text(r))
        if n and pos < e and pos + n > s:
            out.append(Run(r, paragraph))
        pos += n
    if not out:
        out = [paragraph.add_run("")]
    return out


def annotate_document(document: Any, findings: Sequence[Finding], maps: Optional[dict] = None) -> int:
    """Add one comment per finding to an open Document; returns the number added.  ``maps`` gives,
    per paragraph, finding offsets -> run-text offsets (docx_roles.offset_map)."""
    paragraphs = list(document.paragraphs)
    maps = maps or {}
    fallback = next((p for p in paragraphs if p.text.strip()), paragraphs[0] if paragraphs else None)
    if fallback is None and findings:
        # a document without body paragraphs (only a table, or nothing): an empty paragraph
        # carries the document-level comments
        fallback = document.add_paragraph()
    added = 0
    for f in findings:
        para = None
        if f.paragraph is not None and 1 <= f.paragraph <= len(paragraphs):
            para = paragraphs[f.paragraph - 1]
        elif f.table:
            para = _cell_paragraph(document, f.table)
        para = para or fallback
        if para is None:
            continue
        text_len = sum(len(run_text(r)) for r in iter_runs(para))
        use_offsets = f.paragraph is not None and para is paragraphs[f.paragraph - 1]
        s, e = _span(text_len, f.start if use_offsets else None, f.end if use_offsets else None,
                     maps.get(f.paragraph))
        runs = _anchor_runs(para, s, e)
        document.add_comment(runs, text=comment_text(f), author=AUTHOR, initials=INITIALS)
        added += 1
    return added


def annotate_docx(path: PathLike, findings: Sequence[Finding], out: PathLike) -> Path:
    """Write a copy of ``path`` with the findings as Word comments to ``out``."""
    from docgen.ooxml.build import save_docx

    guard_output(out, "docx", [path], what="--annotate 的输出文件", hint="批注副本请另存为一个新文件")
    document = open_document(path)
    # finding offsets are in the reader's unit text (auto-numbers frozen in, soft breaks merged);
    # comments anchor on runs
    reading = DocxReading(document)
    maps = {}
    for i, unit in enumerate(reading.paragraph_units()):
        plain = reading.scan.text(i)
        if unit.text != plain:
            maps[unit.index] = offset_map(unit.text, plain)
    annotate_document(document, findings, maps)
    return atomic_write_bytes(out, save_docx(document))
