"""A classified input paragraph: the shared currency of the recogniser, the cleaner and the rules.

Readers split input into units (a text line, or a python-docx paragraph); the recogniser
(transforms/structure.py) sets ``kind``/``level``; the cleaner (transforms/clean.py) applies safe
fixes to ``text``; rules report on units; the recogniser then builds the Document from them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple

#: paragraph classes (RULES.md §2.1), in detection order
KINDS = (
    "blank", "noise", "title", "subtitle", "speaker", "date", "salutation", "host", "ellipsis",
    "heading", "runin", "enum", "body", "closing", "closing-formula", "signature", "table",
)


#: every note a reader or the recogniser may make about a unit: name -> what it holds
HINT_FIELDS: Dict[str, str] = {
    "removed": 'spans removed (Markdown marks …): rule, start, end, text',
    "lines": 'a hard-wrapped paragraph: its source lines',
    "soft_breaks": 'Shift+Enter breaks merged into the paragraph',
    "soft_splits": 'Shift+Enter breaks that split paragraphs',
    "paragraph": 'the Word paragraph a split piece came from',
    "from_textbox": 'text-box text placed after its anchor',
    "sdt": 'inside a content control (not in Document.paragraphs)',
    "header_rows": "a table's header rows",
    "running_header": "a PDF's running header repeated at page breaks",
    "doubts": 'kept as written and reported (OCR slips)',
    "package_notes": 'what the Word file holds besides body text',
    "auto_number": "Word's automatic number, frozen into the text",
    "bullet": 'a Word bullet, frozen into the text',
    "pictures": 'pictures carried into the output',
    "notes": 'footnotes / endnotes referenced in the paragraph',
    "note": 'a 附注 line (公文 frame)',
    "bold": 'the whole line is bold',
    "bold_end": 'Markdown: where a bold opening ends',
    "bold_heading": 'a short bold line taken for a heading',
    "md_heading": 'Markdown heading level ("## 标题": 2)',
    "md_item": 'a Markdown list item',
    "md_quote": 'a Markdown quote ("> ")',
    "run_font": "the paragraph's heading-like run font (黑体, 楷体)",
    "font_level": 'the heading level that run font suggests',
    "style_kind": 'the kind a Word style names (title, heading, toc)',
    "style_level": 'the heading level a Word style names',
    "style_source": 'where the style hint came from',
    "role_source": '"style": the role is our own style\'s',
    "reason": 'why the recogniser decided (for --report)',
    "family": 'the heading-marker family ("一、", "md", …)',
    "unnumbered_level": 'the level of an unnumbered heading family',
    "title_phrase": 'one line of a title broken over several',
    "furniture": 'page furniture (page numbers) copied along',
    "doubtful_furniture": 'possibly furniture: kept and reported',
    "kept_in_place": 'a line above the title kept where it stands',
    "segments": 'a line made of several labelled items',
    "bare_numeral": 'a heading that is only its number ("一")',
    "toc": 'a line of a table of contents',
    "split_from": 'a unit split off this line by a fix',
    "table_path": 'docx: the table cell ("表1 行2 列3")',
}


class Hints:
    """What a reader or the recogniser noted about a unit besides its text and kind.  Only the
    notes named in HINT_FIELDS exist: reading or setting any other name is an error, not a silent
    miss (a note not made reads as None).  Small: a unit holds only the notes made about it.

    ``get``, ``pop``, ``setdefault`` and ``has`` take a note's name for the few places that pass
    one along; everywhere else the notes are read and set as attributes."""

    __slots__ = ("_notes",)

    def __init__(self, **notes: Any) -> None:
        unknown = set(notes) - set(HINT_FIELDS)
        if unknown:
            raise AttributeError(f"no such hint: {', '.join(sorted(unknown))}")
        object.__setattr__(self, "_notes", {k: v for k, v in notes.items() if v is not None})

    def __getattr__(self, name: str) -> Any:
        if name in HINT_FIELDS:
            return self._notes.get(name)
        raise AttributeError(f"no such hint: {name}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in HINT_FIELDS:
            raise AttributeError(f"no such hint: {name}")
        if value is None:
            self._notes.pop(name, None)
        else:
            self._notes[name] = value

    def __delattr__(self, name: str) -> None:
        setattr(self, name, None)           # "del unit.hints.reason": the note is no longer made

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hints) and self._notes == other._notes

    def __repr__(self) -> str:
        return f"Hints({', '.join(f'{k}={v!r}' for k, v in self._notes.items())})"

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Hints":
        return Hints(**copy.deepcopy(self._notes, memo))

    def __copy__(self) -> "Hints":
        return Hints(**self._notes)

    def __getstate__(self) -> Dict[str, Any]:
        return dict(self._notes)

    def __setstate__(self, state: Dict[str, Any]) -> None:
        object.__setattr__(self, "_notes", dict(state))

    def has(self, name: str) -> bool:
        return getattr(self, name) is not None

    def get(self, name: str, default: Any = None) -> Any:
        value = getattr(self, name)
        return default if value is None else value

    def pop(self, name: str, default: Any = None) -> Any:
        value = self.get(name, default)
        setattr(self, name, None)
        return value

    def setdefault(self, name: str, default: Any) -> Any:
        if getattr(self, name) is None:
            setattr(self, name, default)
        return getattr(self, name)

    def copy(self, deep: bool = False, **changes: Any) -> "Hints":
        """A copy (``deep``: the lists and dicts in it copied one level too; XML elements and
        strings are shared), with ``changes`` applied."""
        notes = dict(self._notes)
        if deep:
            notes = {k: list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v
                     for k, v in notes.items()}
        out = Hints(**notes)
        for name, value in changes.items():
            setattr(out, name, value)
        return out

    def without(self, names: Iterable[str]) -> "Hints":
        return self.copy(**{name: None for name in names})

    def noted(self) -> Tuple[str, ...]:
        """The names of the notes made."""
        return tuple(self._notes)

    @classmethod
    def of(cls, notes: Dict[str, Any]) -> "Hints":
        """From a reader's dict of notes (keys are note names)."""
        return cls(**notes)


@dataclass
class Unit:
    index: int                       # 1-based line (text input) or python-docx paragraph index (docx)
    text: str                        # current text (after any fixes applied so far)
    raw: str = ""                    # the text as read, before any fix
    kind: str = "body"
    level: Optional[int] = None      # heading level 1..4 (also for run-in headings and enum leads)
    number: Optional[str] = None     # the marker as written: "一、", "（一）", "一是"
    lead_end: Optional[int] = None   # run-in / enum: offset in ``text`` where the lead sentence ends
    confidence: float = 1.0          # the recogniser's confidence in ``kind``
    style: Optional[str] = None      # docx: paragraph style id/name
    table: Optional[List[List[str]]] = None   # kind == "table": the cells
    hints: Hints = field(default_factory=Hints)

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = self.text
