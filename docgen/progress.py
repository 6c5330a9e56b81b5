"""A progress line for one big file on a terminal: ``格式化 草稿.txt（19.9 MB）：清理 …  12 秒``.

A file of a few kB is done before anyone could read a progress line, so it shows only for inputs
of at least MIN_BYTES, only when standard error is a terminal, and never in a pool worker (the
batch has its own progress line).  The line is rewritten in place (\\r) and erased at the end;
nothing of it reaches a log file or a pipe.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import Iterator, Optional, TextIO

#: inputs smaller than this get no progress line
MIN_BYTES = 1024 * 1024
#: the elapsed seconds are shown once a stage takes longer than this
SHOW_SECONDS_AFTER = 1.0

_current: Optional["_Line"] = None


class _Line:
    def __init__(self, label: str, stream: TextIO) -> None:
        self.label, self.stream = label, stream
        self.start = time.monotonic()
        self.width = 0

    def draw(self, stage: str) -> None:
        elapsed = time.monotonic() - self.start
        text = f"{self.label}：{stage} …" + (f"  {elapsed:.0f} 秒" if elapsed >= SHOW_SECONDS_AFTER else "")
        pad = max(0, self.width - _cells(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self.width = _cells(text)

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wanted(size: int, stream: Optional[TextIO] = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    if size < MIN_BYTES or os.environ.get("DOCGEN_NO_PROGRESS"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def for_file(label: str, size: int, force: Optional[bool] = None,
             stream: Optional[TextIO] = None) -> Iterator[None]:
    """Show stages of one file's work while the block runs (``force`` overrides the terminal test)."""
    global _current
    stream = stream if stream is not None else sys.stderr
    show = wanted(size, stream) if force is None else force
    if not show or _current is not None:
        yield
        return
    _current = _Line(f"{label}（{size / (1024 * 1024):.1f} MB）", stream)
    try:
        yield
    finally:
        _current.clear()
        _current = None


def stage(name: str) -> None:
    """Say which stage the current file is in (nothing when no progress line is shown)."""
    if _current is not None:
        _current.draw(name)


__all__ = ["MIN_BYTES", "for_file", "stage", "wanted"]
