"""A finding: one problem (or one change made) at one place, with its rule ID.  Readers, the
recogniser, the cleaner, the rules and the reports all speak in findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

#: the severities in the user's words (reports, comments, the rule listing)
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class Finding:
    """One problem at one place.  ``fix`` is the edit that repairs it, or None.

    ``fix`` forms (all applied by docgen.check.fix_text.apply_fixes, which docgen.check.fix_docx uses):
      {"replacement": "，"}            replace ``text[start:end]`` of the line/paragraph
      {"edits": [[s, e, "‘"], ...]}    several replacements in the same line/paragraph, all or none
      {"delete_paragraph": True}       delete the whole line/paragraph (and ``end_line`` if set)
      {"delete_paragraphs": [i, ...]}  delete these lines/paragraphs (BLANK-LINES)
      {"split_at": k}                  split the paragraph after offset k (HEADING-L1-RUNIN)
    ``fix_class`` says when the fix may be applied: "safe" (``--fix``), "suggest" (``--fix all``),
    "none" (report only).
    """

    rule: str
    severity: str
    message: str
    path: Optional[str] = None
    paragraph: Optional[int] = None
    line: Optional[int] = None
    end_line: Optional[int] = None
    start: Optional[int] = None
    end: Optional[int] = None
    text: str = ""
    fix: Optional[Dict[str, Any]] = None
    fix_class: str = "none"
    table: Optional[str] = None          # docx table-cell path ("表1 行2 列3"), when inside a table

    @property
    def where(self) -> Optional[int]:
        """The paragraph (docx) or line (text) number."""
        return self.paragraph if self.paragraph is not None else self.line

    @property
    def col(self) -> Optional[int]:
        """1-based column (RULES.md §0 anchors)."""
        return None if self.start is None else self.start + 1

    @property
    def safe_fix(self) -> Optional[Dict[str, Any]]:
        return self.fix if self.fix_class == "safe" else None

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABEL.get(self.severity, self.severity)

    def line_for(self, source: str) -> str:
        """``来源: 规则ID 严重性 说明`` — a finding of a whole file, without a place."""
        return f"{source}: {self.rule} {self.severity_label} {self.message}"

    def sort_key(self) -> Tuple[int, int, str]:
        return (self.where or 0, self.start or 0, self.rule)

    def to_dict(self) -> Dict[str, Any]:
        """The DESIGN.md §5 JSON object (``fix`` only when it is a safe fix)."""
        return {
            "rule": self.rule, "severity": self.severity,
            "paragraph": self.paragraph, "line": self.line,
            "start": self.start, "end": self.end,
            "text": self.text, "message": self.message,
            "fix": self.safe_fix,
        }
