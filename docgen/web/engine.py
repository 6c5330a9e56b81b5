"""The one place where docgen.web meets the rest of docgen.

Every function here calls the same library function the CLI calls for the same job, so the page
and the HTTP API give the same bytes as ``docgen format`` / ``build`` / ``check`` / ``preview``.
When modules move, only the imports below need to follow them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from docgen.errors import DocgenError  # noqa: F401  (re-exported: the web layer catches it)
from docgen.model import Document, Paragraph, Section, Table  # noqa: F401  (the content model)


def format_draft(src: Path, out_docx: Optional[Path], yaml_out: Optional[Path]) -> Tuple[Any, str]:
    """``docgen format SRC -o OUT --yaml YAML --report``: the FormatResult and the report text."""
    from docgen.api import format_file
    from docgen.check.report import report_text

    result = format_file(src, out_docx, yaml_out=yaml_out)
    return result, report_text(result)


def check_document(path: Path) -> Dict[str, Any]:
    """``docgen check PATH --format json``: the JSON document as a dict."""
    from docgen.check.runner import check_paths, report_dict
    from docgen.style import load_style

    return report_dict(check_paths([path], load_style(None)))


def build_content(content: Path, out: Path) -> List[str]:
    """``docgen build CONTENT -o OUT``: writes OUT, returns the warnings the CLI prints."""
    from docgen.api import build_file

    return build_file(content, out)


def render_available() -> Optional[str]:
    """None when LibreOffice is there, else the Chinese install hint ``preview`` gives."""
    from docgen.render import preview

    try:
        preview.find_soffice()
    except DocgenError as exc:
        return exc.message
    return None


def render_pages(docx: Path, pdf_out: Path, png_dir: Path) -> List[Path]:
    """``docgen preview DOCX -o PDF --png DIR``: the PNG pages in order."""
    from docgen.render import preview

    pdf = preview.convert_to_pdf(docx, pdf_out)
    return preview.pdf_to_png(pdf, png_dir, dpi=preview.DEFAULT_DPI, prefix="page")


def read_content(text: str, name: str) -> Document:
    """A YAML content file's text as the model (errors carry line and column)."""
    from docgen.readers.yaml import read_text

    return read_text(text, name=name)


def dump_content(doc: Document, comment: Optional[str] = None) -> str:
    """The model as a content file, as ``docgen format --yaml`` writes it."""
    from docgen.writers.yaml import dump

    return dump(doc, comment=comment)


def number_headings(doc: Document) -> Document:
    """The model with the heading numbers the writer prints (一、 （一） 1. （1））."""
    from docgen.transforms.numbering import number

    return number(doc)


def preload() -> None:
    """Warm the process once (rule set, template, word lists) before the first request."""
    from docgen.batch.pool import preload as warm

    warm(None, None, lexicon=True)
