"""The content view of a .docx reading: the units ``format`` lays out again.

Derived from the one reading (readers/docx/reading.py), never parsed a second time: spacer
paragraphs dropped; a paragraph whose soft line breaks separate paragraphs split at them; the
text of text boxes, pictures and footnotes/endnotes placed after their paragraph
(readers/docx/objects.py); the reading's style facts as hints (readers/docx/interpret.py), plus
one only ``format`` uses: a heading font set by hand on every run.  Direct formatting and theme
fonts are otherwise ignored.  What the output cannot carry is reported on the first unit.
"""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from docgen.ooxml.ns import w
from docgen.readers.docx.interpret import hint_styles
from docgen.readers.docx.package import convert_doc, open_document
from docgen.readers.docx.parse import RawPara, merge_breaks, paragraph_text
from docgen.readers.docx.reading import DocxReading
from docgen.text import patterns as P
from docgen.units import Unit

PathLike = Union[str, Path]

#: what belongs only to the first part of a Word paragraph split at its soft breaks
SPLIT_FIRST_ONLY = ("soft_splits", "soft_breaks", "style_level", "style_kind", "style_source", "bold",
                    "run_font", "font_level")
#: "联系人：张三" / "联系电话：……": label lines one under the other are separate lines (issue 13)
_LABEL_LINE = re.compile(r"^[^，。；：:\s]{1,8}[：:]\S")
_T_R, _T_T, _T_RFONTS, _A_EAST_ASIA = w("r"), w("t"), f"{w('rPr')}/{w('rFonts')}", w("eastAsia")


def read_units(path: PathLike) -> List[Unit]:
    """Units of a .docx (or .doc) for ``format``: spacer paragraphs dropped, tables kept."""
    p = Path(path)
    if p.suffix.lower() == ".doc":
        with tempfile.TemporaryDirectory(prefix="docgen-doc-") as tmp:
            converted = convert_doc(p, tmp)
            return _content_units(converted)
    return _content_units(p)


def _content_units(path: Path) -> List[Unit]:
    from docgen.readers.docx.objects import NoteCollector, bullet_note, package_notes, picture_units

    document = open_document(path)
    notes = NoteCollector(document)
    reading = DocxReading(document, notes=notes)
    hint_styles(b.unit for b in reading.blocks)
    units: List[Unit] = []
    level_of_font: Optional[Callable[[str], Optional[int]]] = None
    for block in reading.blocks:
        raw = block.unit
        if raw.kind == "table":
            units.append(raw)
            continue
        if block.bullet:
            raw.hints.bullet = True             # reported below (issue 13)
        run_font = _uniform_run_font(block.element) if raw.text.strip() else None
        if run_font:
            raw.hints.run_font = run_font
            level_of_font = level_of_font or _heading_level_by_font()
            level = level_of_font(run_font)
            if level:
                raw.hints.font_level = level
        boxes = _text_box_units(raw, _text_box_texts(block.element))
        pictures = picture_units(document, block.element, raw.index)
        if raw.kind != "blank":
            units.extend(_split_paragraph(raw, block.pieces))
        units.extend(boxes)
        units.extend(pictures)

    carried = sum(len(u.hints.get("pictures", ())) for u in units)
    if notes.notes and units:
        units[0].hints.notes = dict(notes.notes)       # carried into the output (writers.objects)
    floating = sum(1 for u in units for pic in u.hints.get("pictures", ()) if pic.get("floating"))
    reported = package_notes(path, carried, notes.carried(), floating)  # reported, never silent
    bullets = sum(1 for u in units if u.hints.pop("bullet", False))
    if bullets:
        reported.append(bullet_note(bullets))
    if reported and units:
        units[0].hints.package_notes = reported
    indices = [u.index for u in units if u.kind != "table"]
    if len(set(indices)) < len(indices):
        # split paragraphs (and content-control paragraphs) share a Word paragraph number: number
        # the units one by one, keeping the Word paragraph for the report (readers.read_input)
        for n, u in enumerate(units, start=1):
            u.hints.paragraph = u.index
            u.index = n
    return units


# -- hints only format uses ----------------------------------------------------------------------

def _uniform_run_font(p_el: Any) -> Optional[str]:
    """The east-Asian font set directly on every visible run of a paragraph, if one and the same."""
    fonts = set()
    for r in p_el.iterchildren(_T_R):
        if not "".join(t.text or "" for t in r.iter(_T_T)).strip():
            continue
        rfonts = r.find(_T_RFONTS)
        fonts.add(rfonts.get(_A_EAST_ASIA) if rfonts is not None else None)
    return fonts.pop() if len(fonts) == 1 else None


def _heading_level_by_font() -> Callable[[str], Optional[int]]:
    """font name -> heading level (or None) from the house style (黑体 -> 1, 楷体 -> 2): in a Word
    file with direct formatting only, a short paragraph set in a heading font is a heading."""
    from docgen.style import load_style

    style = load_style()
    body = style.family_of(style.role("body").font)
    levels: Dict[str, int] = {}
    for level, role in ((1, "h1"), (2, "h2")):
        family = style.family_of(style.role(role).font)
        if family and family != body:
            levels.setdefault(family, level)
    return lambda name: levels.get(style.family_of(name))


# -- text boxes ----------------------------------------------------------------------------------

def _text_box_texts(p_el: Any) -> List[str]:
    """The paragraphs of the text boxes anchored in a paragraph, in order, each once (Word stores a
    text box twice: as DrawingML and as a VML fallback)."""
    out: List[str] = []
    for box in p_el.iter(w("txbxContent")):
        for inner in box.iter(w("p")):
            text = paragraph_text(inner)[0].strip()
            if text and text not in out:
                out.append(text)
    return out


def _text_box_units(raw: RawPara, texts: Sequence[str]) -> List[RawPara]:
    """Text-box paragraphs as units after their anchor: a speech's text is never dropped silently
    (format lays them out as body text; the report says where they came from)."""
    out = []
    for text in texts:
        unit = RawPara(index=raw.index, text=text)
        unit.hints.from_textbox = True
        out.append(unit)
    return out


# -- soft breaks ---------------------------------------------------------------------------------

def split_soft_breaks(pieces: Sequence[str]) -> List[str]:
    """The paragraphs of a Word paragraph whose soft line breaks (Shift+Enter) separate
    paragraphs, as a draft pasted from a web page into Word has them: a break after a finished
    sentence or a colon, before a heading, a salutation or a closing, after a title-like line, or
    a doubled break starts a new paragraph; any other break is a wrapped line and is merged."""
    from docgen.readers.text import starts_structure, whole_line

    out: List[str] = []
    current: Optional[str] = None
    for piece in pieces:
        if current is None:
            current = piece
            continue
        before, after = current.strip(), piece.strip()
        if not before:
            current = piece
        elif (not after or before[-1] in P.SENTENCE_FINAL + "：:" or starts_structure(after) or whole_line(before)
              or (_LABEL_LINE.match(before.split("\n")[-1]) and _LABEL_LINE.match(after))
              or P.SUBTITLE.match(after) or P.DATE_LINE.match(after) or P.DATE_PLAIN.match(after)):
            out.append(current)
            current = piece
        else:
            current = merge_breaks([current, piece])
    if current is not None:
        out.append(current)
    return [t for t in out if t.strip()] or [""]


def _split_paragraph(raw: RawPara, pieces: Sequence[str]) -> List[RawPara]:
    """``raw`` split at the soft breaks between ``pieces`` that separate paragraphs."""
    if not pieces:
        return [raw]
    if raw.auto_number:
        pieces = [raw.auto_number + pieces[0].lstrip()] + list(pieces[1:])
    parts = split_soft_breaks(pieces)
    if len(parts) < 2:
        return [raw]
    raw.hints.soft_splits = len(parts) - 1
    raw.hints.soft_breaks -= len(parts) - 1          # what is left were wrapped lines, merged
    if not raw.hints.soft_breaks:
        del raw.hints.soft_breaks
    out = []
    for k, text in enumerate(parts):
        unit = raw if k == 0 else copy.copy(raw)
        if k:
            # the paragraph's style speaks for its first line: a heading style, a title style or
            # bold on a paragraph whose later lines are sentences does not make them headings
            unit.hints = raw.hints.without(SPLIT_FIRST_ONLY)
            unit.bold = False
            unit.auto_number = None
        unit.text = unit.raw = text
        out.append(unit)
    return out


__all__ = ["read_units", "split_soft_breaks", "SPLIT_FIRST_ONLY"]
