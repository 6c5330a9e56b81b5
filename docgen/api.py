"""The library behind the commands: build, format, check, fix.  The click commands in
docgen/commands/ parse options and print; everything else is here or below.

build:  YAML content file -> model -> numbering -> writer (docxtpl template) -> .docx
format: draft (.txt/.md/.docx) -> readers -> recognise (classify, clean, build) -> numbering -> writer
Outputs are written atomically and never over an input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional, Union

from docgen.errors import DocgenError, InputError
from docgen.fileio import atomic_write_bytes, atomic_write_text, refuse_overwriting_inputs, same_file

PathLike = Union[str, Path]

def build_file(content: PathLike, out: PathLike, style_path: Optional[PathLike] = None,
               template_path: Optional[PathLike] = None) -> List[str]:
    """Read a YAML content file, write the .docx atomically; return warnings for the user."""
    from docgen.readers import yaml as yaml_reader
    from docgen.style import load_style
    from docgen.writers.docx import render_docx

    style = load_style(style_path)
    doc = yaml_reader.read(content)
    refuse_overwriting_inputs(out, [p for p in (content, style_path, template_path) if p], hint="")
    warnings = []
    if not doc.title:
        warnings.append(f"{content}: STRUCT-TITLE-MISSING warning 内容文件没有标题（title:），生成的文稿将没有标题")
    try:
        data = render_docx(doc, style, template_path)
    except DocgenError as exc:          # the model knows lines, not files: name the content file
        if exc.path is None:
            exc.path = str(content)
        raise
    atomic_write_bytes(out, data)
    return warnings


def format_file(input: PathLike, out_docx: Optional[PathLike], yaml_out: Optional[PathLike] = None,
                style_path: Optional[PathLike] = None, report: bool = False, encoding: Optional[str] = None,
                template_path: Optional[PathLike] = None, genre: Optional[str] = None) -> Any:
    """Format one input.  ``out_docx`` None writes no .docx (only the YAML, if asked).
    ``report`` is accepted for symmetry with the CLI; the caller prints :func:`report_text`."""
    from docgen.style import load_style
    from docgen.transforms.numbering import number
    from docgen.writers.docx import render_docx

    style = load_style(style_path)
    inputs = [p for p in (input, style_path, template_path) if p is not None and str(p) != "-"]
    for out in (out_docx, yaml_out):
        if out is None:
            continue
        _refuse_input_as_output(out, inputs)
    from docgen.recognise import read_input

    result = read_input(input, encoding=encoding, style=style, genre=genre)
    name = "标准输入" if str(input) == "-" else str(input)
    if _is_empty(result.document):
        removed = any(f.rule == "NOISE-LINE" for f in result.findings)
        raise InputError("文件中只有广告、声明等与讲话无关的文字，没有可排版的内容" if removed else
                         "文件没有任何文字内容", path=name)
    data = yaml_text = None
    if out_docx is not None:
        try:
            data = render_docx(number(result.document), style, template_path)
        except DocgenError as exc:      # the model knows lines, not files: name the input
            if exc.path is None:
                exc.path = name
            raise
    if yaml_out is not None:
        from docgen.writers.yaml import dump     # only when asked: not on every format's path

        source = "标准输入" if str(input) == "-" else Path(input).name
        yaml_text = dump(result.document, comment=f"由 docgen format 从 {source} 识别生成")
    _write_both(out_docx, data, yaml_out, yaml_text)
    return result


def _is_empty(doc: Any) -> bool:
    return not (doc.title or doc.subtitle or doc.salutation or doc.body or doc.closing or doc.signature
                or doc.date)


def _write_both(out_docx: Optional[PathLike], data: Optional[bytes], yaml_out: Optional[PathLike],
                yaml_text: Optional[str]) -> None:
    """Write the .docx and the YAML, or neither: when the second write fails, the first output is
    put back as it was (removed, or its old bytes restored), so a failed run leaves no new file."""
    if out_docx is None or yaml_out is None:
        if out_docx is not None:
            atomic_write_bytes(out_docx, data)
        if yaml_out is not None:
            atomic_write_text(yaml_out, yaml_text)
        return
    old = Path(out_docx).read_bytes() if Path(out_docx).is_file() else None
    atomic_write_bytes(out_docx, data)
    try:
        atomic_write_text(yaml_out, yaml_text)
    except BaseException:
        if old is None:
            Path(out_docx).unlink(missing_ok=True)
        else:
            atomic_write_bytes(out_docx, old)
        raise


def _refuse_input_as_output(out: PathLike, inputs: List[PathLike]) -> None:
    refuse_overwriting_inputs(out, inputs)
    for src in inputs:
        if Path(out).resolve() == Path(src).resolve() or (Path(out).exists() and same_file(out, src)):
            raise DocgenError(f"输出文件与输入文件相同：{out}，不会覆盖输入文件", path=out)


__all__ = ["build_file", "format_file"]
