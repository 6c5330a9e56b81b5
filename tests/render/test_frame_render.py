"""The 版记 page parity, proven on paper: documents of every genre with bodies of random length,
rendered in one LibreOffice run; each with a 版记 must have an even number of pages and no page
number on its last page.  The writer decides the parity from its own page estimate
(docgen/writers/paginate.py), so this is the test that the estimate agrees with LibreOffice."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from docgen.readers.yaml import read_text
from docgen.style import load_style
from docgen.writers.docx import render_docx

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[2]
GENRES = ["notice", "request", "report", "letter", "minutes", "decision", "opinion", "notice-speech"]
SENTENCE = ("各单位要切实提高政治站位，认真落实“五个一”工作责任，确保2026年各项措施落地见效，"
            "以实际行动推动全县经济社会高质量发展。")


def random_documents(count: int, seed: int):
    rng = random.Random(seed)
    for k in range(count):
        name = GENRES[k % len(GENRES)]
        base = (ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8")
        items = []
        for j in range(rng.randint(1, 30)):
            text = (SENTENCE * 5)[:rng.randint(10, 28 * rng.randint(1, 5))].rstrip("“") + "。"
            if rng.random() < 0.15:
                items.append(f'  - heading: 第{j}项重点工作\n    body:\n      - "{text}"')
            else:
                items.append(f'  - "{text}"')
        head, rest = base.split("body:\n", 1)
        after = re.search(r"\n(?=[a-z_]+:)", rest)
        content = head + "body:\n" + "\n".join(items) + (rest[after.start():] if after else "")
        content = content.replace('content: "speech.yaml"', f'content: "{ROOT / "examples" / "speech.yaml"}"')
        yield f"{name}-{k}", read_text(content, f"{name}-{k}.yaml")


from soffice import require_soffice  # noqa: E402 (tests/soffice.py)


def test_documents_with_an_imprint_have_an_even_page_count(tmp_path):
    from docgen.render import preview
    from docgen.render.frame_measure import measure_frame

    require_soffice()
    style = load_style()
    docs = list(random_documents(24, seed=2026))
    files = []
    for name, doc in docs:
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render_docx(doc, style))
        files.append(path)
    pdfs = preview.convert_many(files, tmp_path / "pdf")
    odd = []
    for (name, doc), pdf in zip(docs, pdfs):
        m = measure_frame(pdf)
        if m.pages % 2 or m.folios[-1] is not None:
            odd.append((name, m.pages, m.folios))
    assert not odd, odd
