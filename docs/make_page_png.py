"""Regenerate docs/speech-page1.png and docs/notice-page1.png: page 1 of examples/speech.yaml and of
examples/notice.yaml (a 通知 with its 版头) as LibreOffice renders them.

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
#: (content file, picture)
PAGES = ((ROOT / "examples" / "speech.yaml", ROOT / "docs" / "speech-page1.png"),
         (ROOT / "examples" / "notice.yaml", ROOT / "docs" / "notice-page1.png"))
#: pixels per inch of the picture in the README (A4 = 794 × 1123 px)
DPI = 96


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from docgen.fileio import atomic_write
    from docgen.render.judge import format_report, judge
    from docgen.render.measure import measure_pdf
    from docgen.api import build_file
    from docgen.render.preview import convert_to_pdf, pdf_to_png
    from docgen.style import load_style

    from docgen.render.frame_measure import exempt_checks, judge_frame, measure_frame

    for content, target in PAGES:
        with tempfile.TemporaryDirectory(prefix="docgen_docs_") as tmp:
            docx = Path(tmp) / "page.docx"
            for warning in build_file(content, docx):
                print(warning, file=sys.stderr)
            pdf = convert_to_pdf(docx, Path(tmp) / "page.pdf")
            (png,) = pdf_to_png(pdf, Path(tmp) / "png", dpi=DPI, first=1, last=1)
            atomic_write(target, lambda t: shutil.copyfile(png, t))
            style = load_style()
            measurement = measure_pdf(pdf, style)
            problems = judge(measurement, style)
            if content.stem != "speech":
                # pages that end a flow (before a 附件 page, the 版记 page) need not be full or numbered
                frame = measure_frame(pdf)
                exempt = exempt_checks(frame, imprint=True)
                problems = [p for p in problems if p.check not in exempt.get(p.page, ())]
            print(format_report(measurement, problems, style=style))
            if content.stem != "speech":
                print(f"标志上边缘 {frame.issuer_top_mm:.2f} mm；共 {frame.pages} 页；页码 {frame.folios}")
                for problem in judge_frame(frame, header=True, imprint=True, style=style):
                    print(problem)
        print(f"wrote {target.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
