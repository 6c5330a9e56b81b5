"""Chinese text facts every module shares: the Han ranges, display width, and regular
expressions compiled on first use."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

#: CJK Unified Ideographs and Extension A, as a character-class body ("[" + HAN + "]")
HAN = "\u4e00-\u9fff\u3400-\u4dbf"


def is_han(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def is_wide(ch: str) -> bool:
    """A character that LibreOffice and Word treat as east-Asian script (ideographs, full-width
    punctuation such as ，、。（）)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def display_width(text: str) -> int:
    """Columns on a terminal: a wide character takes two."""
    return sum(2 if is_wide(c) else 1 for c in text)


class LazyPattern:
    """A regular expression compiled when it is first used; otherwise it behaves as the compiled
    pattern (``finditer``, ``search``, ``match``, ``sub``…; ``pattern`` and ``flags`` are at hand).

    sre compiles a class with a large Unicode range (the Han block, 21k code points) in a Python
    loop: 1–6 ms per pattern.  The recogniser and the rules define some two hundred of them and one
    process uses few, so compiling them all at import made a third of a ``docgen format``."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def compiled(self) -> "re.Pattern[str]":
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:      # only for what the slots do not hold
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
