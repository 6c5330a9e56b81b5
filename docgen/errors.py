"""Errors a user can act on.  The CLI prints them as one line and exits with code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union


class DocgenError(Exception):
    """Bad input or bad usage: reported as ``文件:行:列: 说明`` and exit code 2, never a traceback."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        path: Optional[Union[str, Path]] = None,
        line: Optional[int] = None,
        col: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.col = col

    def __str__(self) -> str:
        parts = [p for p in (self.path, self.line, self.col) if p is not None]
        where = ":".join(str(p) for p in parts)
        return f"{where}: {self.message}" if where else self.message


class InputError(DocgenError):
    """The input file cannot be read or is not what it claims to be."""


class ContentError(DocgenError):
    """A YAML content file breaks the schema (DESIGN.md §3)."""


class StyleError(DocgenError):
    """A house-style rule set is malformed."""


class RenderError(DocgenError):
    """LibreOffice or poppler is missing or failed."""
