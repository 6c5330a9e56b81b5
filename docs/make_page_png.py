"""Regenerate docs/speech-page1.png: page 1 of examples/speech.yaml as LibreOffice renders it.

    python docs/make_page_png.py            # needs LibreOffice + the stand-in fonts (.ci/system-deps)

Runs the same steps a user would (docgen build, then docgen preview --png) and also prints the
layout measurement of the page, so a regenerated picture that is off is noticed at once.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "examples" / "speech.yaml"
TARGET = ROOT / "docs" / "speech-page1.png"
#: pixels per inch of the picture in the README (A4 = 794 × 1123 px)
DPI = 96


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from docgen.fileio import atomic_write
    from docgen.render.measure import format_report, judge, measure_pdf
    from docgen.api import build_file
    from docgen.render.preview import convert_to_pdf, pdf_to_png
    from docgen.style import load_style

    with tempfile.TemporaryDirectory(prefix="docgen_docs_") as tmp:
        docx = Path(tmp) / "speech.docx"
        for warning in build_file(CONTENT, docx):
            print(warning, file=sys.stderr)
        pdf = convert_to_pdf(docx, Path(tmp) / "speech.pdf")
        (png,) = pdf_to_png(pdf, Path(tmp) / "png", dpi=DPI, first=1, last=1)
        atomic_write(TARGET, lambda t: shutil.copyfile(png, t))
        style = load_style()
        measurement = measure_pdf(pdf, style)
        print(format_report(measurement, judge(measurement, style), style=style))
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
