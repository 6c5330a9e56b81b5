"""One reading of an open .docx, made once per file and shared by everything that reads it.

A :class:`DocxReading` holds the document, its one :class:`~docgen.ooxml.resolve.Resolver` (the
effective style facts of the parse come from it, and the .docx rules reuse its answers), and the
body parsed once (readers/docx/parse.py): every paragraph with its Word element, the paragraphs
of content controls, custom XML and frame tables marked ``hints.sdt``, tables as units of kind
"table".  Two views are derived from it, never a second parse:

* the paragraph view (``paragraph_units``, ``paragraphs``, ``scan``), 1:1 with python-docx's
  ``Document.paragraphs`` — what ``check``, ``--fix``, ``--annotate`` and ``fonts`` read
  (interpreted by readers/docx/interpret.py);
* the content view of ``format`` (readers/docx/content.py): split at soft breaks, text boxes,
  pictures and notes placed after their paragraph.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from docgen.ooxml.resolve import Resolver, iter_runs, run_text
from docgen.readers.docx.parse import Block, RawPara, parse_body


class DocxScan:
    """The python-docx paragraphs of a document and their visible runs with text, gathered once
    and shared by the classifier and the .docx rules: python-docx builds ``Document.paragraphs``
    anew (an XPath query and a proxy per paragraph) on every access, and the runs were walked
    three times per check (classification by styles, run-in leads, the rules' spans).

    The document must not change while a scan is in use (``check`` only reads it; the fixer, which
    edits, reads the document afresh)."""

    __slots__ = ("document", "paragraphs", "_runs", "_para_index")

    def __init__(self, document: Any, paragraphs: Optional[List[Any]] = None) -> None:
        self.document = document
        #: python-docx paragraphs; ``paragraphs[i - 1]`` is unit/paragraph number ``i``
        self.paragraphs: List[Any] = list(document.paragraphs) if paragraphs is None else paragraphs
        self._runs: List[Optional[List[Tuple[Any, str]]]] = [None] * len(self.paragraphs)
        self._para_index: Optional[Dict[int, int]] = None

    def runs(self, i: int) -> List[Tuple[Any, str]]:
        """(w:r element, its text) of every visible run of paragraph ``i`` (0-based), in order."""
        found = self._runs[i]
        if found is None:
            found = self._runs[i] = [(r, run_text(r)) for r in iter_runs(self.paragraphs[i])]
        return found

    def text(self, i: int) -> str:
        """The run text of paragraph ``i`` (0-based)."""
        return "".join([t for _, t in self.runs(i)])

    @property
    def para_index(self) -> Dict[int, int]:
        """id(w:p element) -> 1-based paragraph number."""
        if self._para_index is None:
            self._para_index = {id(p._p): i for i, p in enumerate(self.paragraphs, start=1)}
        return self._para_index


class DocxReading:
    """The body of ``document`` parsed once, with the resolver that gave its style facts.

    ``resolver``: the one to use (``check`` passes a shared one); a private one otherwise.
    ``notes``: format's NoteCollector (note references become marks in the text); ``check``
    reads the text without them.  The document must not be edited while the reading is used."""

    def __init__(self, document: Any, resolver: Optional[Resolver] = None, notes: Any = None) -> None:
        self.document = document
        self.resolver = resolver if resolver is not None else Resolver(document)
        #: every paragraph and table of the body, in order (parse.Block: unit, element, pieces)
        self.blocks: List[Block] = parse_body(document, self.resolver, include_sdt=True, notes=notes)
        self._paragraphs: Optional[List[Any]] = None
        self._scan: Optional[DocxScan] = None

    @property
    def paragraphs(self) -> List[Any]:
        """python-docx paragraphs, 1:1 with ``Document.paragraphs``, built from the parsed
        elements (no second XPath walk of the body)."""
        if self._paragraphs is None:
            from docx.text.paragraph import Paragraph

            body = self.document._body
            self._paragraphs = [Paragraph(b.element, body) for b in self.blocks if b.in_paragraphs]
        return self._paragraphs

    @property
    def scan(self) -> DocxScan:
        if self._scan is None:
            self._scan = DocxScan(self.document, self.paragraphs)
        return self._scan

    def paragraph_units(self) -> List[RawPara]:
        """One unit per python-docx paragraph (``index`` = its 1-based number), auto-numbers
        frozen into the text, not yet interpreted."""
        return [b.unit for b in self.blocks if b.in_paragraphs]


__all__ = ["DocxReading", "DocxScan"]
