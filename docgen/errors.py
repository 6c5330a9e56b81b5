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


#: collections inside collections a content file or rule set may nest (4 heading levels and a
#: table need 14); deeper is refused before PyYAML builds it
MAX_NESTING = 32

#: PyYAML's English problems -> what to do, in Chinese (content files and rule sets)
YAML_HINTS = {
    "mapping values are not allowed here":
        "此处不能出现“键: 值”；文字中含半角冒号加空格（: ）时请给整段加引号",
    "found undefined alias": "不支持别名（*）",
    "expected <block end>, but found '-'": "列表项“- ”的缩进与上一行不一致",
    "could not find expected ':'": "缺少“:”，或缩进不一致",
    "found unexpected end of stream": "引号或括号没有闭合",
    "did not find expected ',' or ']'": "方括号列表没有闭合，或其中的文字含半角逗号（请加引号）",
    "did not find expected key": "缩进不一致：同一层的键和列表项要上下对齐",
    # PyYAML >= 6.0.4 refuses deep nesting in its scanner, before the screen counts the depth
    "exceeded maximum nesting depth": f"嵌套过深（超过 {MAX_NESTING} 层列表或键值）",
}
