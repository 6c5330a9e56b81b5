"""A classified input paragraph: the shared currency of the recogniser, the cleaner and the rules.

Readers split input into units (a text line, or a python-docx paragraph); the recogniser
(transforms/structure.py) sets ``kind``/``level``; the cleaner (transforms/clean.py) applies safe
fixes to ``text``; rules report on units; the recogniser then builds the Document from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

#: paragraph classes (RULES.md §2.1), in detection order
KINDS = (
    "blank", "noise", "title", "subtitle", "speaker", "date", "salutation", "host", "ellipsis",
    "heading", "runin", "enum", "body", "closing", "closing-formula", "signature", "table",
)


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
    extra: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = self.text
