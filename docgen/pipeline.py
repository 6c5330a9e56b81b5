"""The pipelines the CLI runs: build (YAML -> .docx) and format (draft -> .docx)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Union

from docgen.errors import DocgenError
from docgen.fileio import atomic_write_bytes, refuse_overwriting_inputs

PathLike = Union[str, Path]


def build_file(content: PathLike, out: PathLike, style_path: Optional[PathLike] = None,
               template_path: Optional[PathLike] = None) -> List[str]:
    """Read a YAML content file, write the .docx atomically; return warnings for the user."""
    from docgen.readers import yaml_reader
    from docgen.style import load_style
    from docgen.writer import render_docx

    style = load_style(style_path)
    doc = yaml_reader.read(content)
    refuse_overwriting_inputs(out, [p for p in (content, style_path, template_path) if p], hint="")
    warnings = []
    if not doc.title:
        warnings.append(f"{content}: STRUCT-TITLE-MISSING warning 内容文件没有标题（title:），生成的文稿将没有标题")
    try:
        changes: list = []
        data = render_docx(doc, style, template_path, font_changes=changes)
        warnings += [c.line(out) for c in changes]
    except DocgenError as exc:          # the model knows lines, not files: name the content file
        if exc.path is None:
            exc.path = str(content)
        raise
    atomic_write_bytes(out, data)
    return warnings
