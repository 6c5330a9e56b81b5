"""Readers: every input format is read into units (a text line, or a Word paragraph), in input
order.  One table, READERS, maps a file suffix to its kind and reader; every command uses it.
YAML content files have their own reader (readers/yaml.py), which gives the model directly.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple, Union

from docgen.errors import InputError
from docgen.units import Unit

PathLike = Union[str, Path]

KIND_TEXT, KIND_DOCX = "text", "docx"

def _text_units(path: PathLike, encoding: Optional[str]) -> List[Unit]:
    from docgen.readers import text as text_reader

    return text_reader.read_units(path, encoding)


def _docx_units(path: PathLike, encoding: Optional[str]) -> List[Unit]:
    from docgen.readers.docx import content

    return content.read_units(path)


#: suffix -> (input kind, reader); readers return units in input order
READERS: Dict[str, Tuple[str, Callable[[PathLike, Optional[str]], List[Unit]]]] = {
    ".txt": (KIND_TEXT, _text_units),
    ".text": (KIND_TEXT, _text_units),
    ".md": (KIND_TEXT, _text_units),
    ".markdown": (KIND_TEXT, _text_units),
    ".docx": (KIND_DOCX, _docx_units),
    ".doc": (KIND_DOCX, _docx_units),
}
#: suffixes a directory scan picks up
DRAFT_SUFFIXES = (".txt", ".md", ".docx")


def reader_for(path: PathLike) -> Tuple[str, Callable[[PathLike, Optional[str]], List[Unit]]]:
    if str(path) == "-":
        return READERS[".txt"]
    suffix = Path(path).suffix.lower()
    if suffix in READERS:
        return READERS[suffix]
    if suffix in (".yaml", ".yml"):
        raise InputError("这是 YAML 内容文件：请用 docgen build 生成 .docx", path=path)
    if suffix in (".wps", ".pdf", ".odt", ".rtf", ".pages"):
        raise InputError(f"不支持 {suffix} 文件：请另存为 .docx 或 .txt 后再试", path=path)
    p = Path(path)
    if p.is_file() and zipfile.is_zipfile(p):
        return READERS[".docx"]
    return READERS[".txt"]            # an unknown suffix is read as text; binary data is refused



__all__ = ["READERS", "DRAFT_SUFFIXES", "KIND_TEXT", "KIND_DOCX", "reader_for"]
