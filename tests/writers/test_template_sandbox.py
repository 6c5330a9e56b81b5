"""A template is data, never code: docxtpl renders in Jinja's sandbox (issue 12 §1)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from tests.cli_run import run

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "docx_templates" / "speech.docx"

CONTENT = """\
title: 在全县安全生产工作会议上的讲话
salutation: 同志们：
body:
  - text: 今天召开全县安全生产工作会议，主要任务是部署下一阶段的安全生产工作。
"""

PAYLOADS = [
    '{{ cycler.__init__.__globals__.os.system("touch PWNED") }}',
    '{{ joiner.__init__.__globals__.os.popen("touch PWNED").read() }}',
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    # exhausting the machine is refused too, before it happens
    "{{ 'x' * 10 ** 10 }}",
    "{% for i in range(10 ** 9) %}x{% endfor %}",
    "{{ 2 ** 1000000000 }}",
]


def _hostile_template(tmp_path: Path, payload: str) -> Path:
    """The shipped template with one more paragraph whose text is ``payload``."""
    out = tmp_path / "共享模板.docx"
    with zipfile.ZipFile(TEMPLATE) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                para = f"<w:p><w:r><w:t>{payload.replace('&', '&amp;').replace('<', '&lt;')}</w:t></w:r></w:p>"
                text = re.sub(r"(<w:body[^>]*>)", lambda m: m.group(1) + para, text, count=1)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    return out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_template_code_does_not_run(tmp_path, capsys, monkeypatch, payload):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "讲话.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    template = _hostile_template(tmp_path, payload)
    out = tmp_path / "讲话.docx"
    code, _, err = run(["build", content, "-o", out, "--template", template], capsys)
    assert not (tmp_path / "PWNED").exists()
    assert code == 2
    assert not out.exists()
    assert "拒绝使用此模板" in err and str(template) in err
    assert not re.search(r"[A-Za-z]{6,}", err.replace(str(template), "").replace(str(content), "")
                         .replace("docgen template", "").replace("docgen", "")), err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_plain_template_still_renders(tmp_path, capsys):
    """The sandbox changes nothing for an honest template: the shipped one builds the document."""
    content = tmp_path / "讲话.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    out = tmp_path / "讲话.docx"
    code, _, err = run(["build", content, "-o", out, "--template", TEMPLATE], capsys)
    assert code == 0, err
    from docx import Document

    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "在全县安全生产工作会议上的讲话" in texts
    assert any(t.startswith("今天召开全县安全生产工作会议") for t in texts)
