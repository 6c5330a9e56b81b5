"""The page of ``docgen serve`` in a real browser (issue 16): Debian's headless Chromium driven by
Playwright (``executable_path``: Playwright never downloads a browser here).

A clerk's session: paste a draft, press 排版, read the outline, change one heading's level,
download the .docx and compare it with the CLI's build of the same content; drop a .docx on the
page; put an error in the content file and see its line marked.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

pytest.importorskip("flask", reason="网页版需要 Flask（pip install 'docgen[web]'）")
pytest.importorskip("waitress", reason="网页版需要 waitress（pip install 'docgen[web]'）")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
sync_api = pytest.importorskip("playwright.sync_api", reason="浏览器测试需要 playwright（pip install -e '.[test]'）")

from cli_run import run  # noqa: E402
from test_web_api import DOUBTFUL, DRAFT  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = next((p for p in (os.environ.get("DOCGEN_CHROMIUM"), "/usr/lib/chromium/chromium", "/usr/bin/chromium",
                             shutil.which("chromium") or "") if p and Path(p).is_file()), None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
TIMEOUT_MS = 120_000

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="没有安装 chromium（Debian 包 chromium，见 .ci/system-deps）")]


@pytest.fixture(scope="module")
def server():
    from docgen.web.launch import spawn

    proc, url = spawn(ROOT)
    assert url, "docgen serve did not start"
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    # launch() gives Chromium a fresh temporary profile (--user-data-dir) of its own every time
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(server)
    yield pg
    context.close()
    assert errors == [], errors


def cli_build(tmp_path, capsys, text: str) -> bytes:
    content = tmp_path / "页面内容.yaml"
    content.write_text(text, encoding="utf-8")
    out = tmp_path / "cli.docx"
    code, _, err = run(["build", content, "-o", out], capsys)
    assert code == 0, err
    return out.read_bytes()


def wait_status(page, text: str):
    """Wait until the status line says ``text`` (the page says it once everything is rebuilt)."""
    page.wait_for_function("(t) => document.querySelector('#status').textContent.includes(t)", arg=text)


def outline_row(page, text: str):
    return page.locator("#outline li", has_text=text)


def test_paste_format_fix_a_level_download(page, tmp_path, capsys):
    page.fill("#draft", DRAFT)
    page.click("#btn-format")
    wait_status(page, "排版完成")

    # the outline: title, salutation, headings with their levels and numbers
    assert outline_row(page, "在全县安全生产工作会议上的讲话").locator("select").input_value() == "title"
    assert outline_row(page, "同志们：").locator("select").input_value() == "salutation"
    first = outline_row(page, "清醒认识当前安全生产形势")
    assert first.locator("select").input_value() == "heading:1"
    assert first.locator(".num").inner_text() == "一、"
    row = outline_row(page, "建筑施工监管存在短板")
    assert row.locator("select").input_value() == "heading:2"
    assert row.locator(".num").inner_text() == "（二）"
    # what format removed is in the report
    assert "来源：某某县政府网" in page.text_content("#report")

    # one click: the sub-heading becomes a first-level heading, numbered 二、 and the next 三、
    row.locator("select").select_option("heading:1")
    wait_status(page, "已按修改重新生成")
    row = outline_row(page, "建筑施工监管存在短板")
    assert row.locator("select").input_value() == "heading:1"
    assert row.locator(".num").inner_text() == "二、"
    assert outline_row(page, "扎实做好今年重点工作").locator(".num").inner_text() == "三、"
    content = page.input_value("#yaml-editor")
    assert "  - heading: 建筑施工监管存在短板" in content          # now a top-level section

    # findings of check beside the pages, each pointing at a paragraph
    page.wait_for_selector("#findings-count:not(:empty)")

    with page.expect_download() as dl:
        page.click("#btn-docx")
    download = dl.value
    assert download.suggested_filename == "粘贴的文字.docx"
    got = Path(download.path()).read_bytes()
    assert got == cli_build(tmp_path, capsys, content)
    texts = [p.text for p in docx.Document(io.BytesIO(got)).paragraphs if p.text.strip()]
    assert texts[0] == "在全县安全生产工作会议上的讲话"
    assert "二、建筑施工监管存在短板" in texts and "三、扎实做好今年重点工作" in texts

    with page.expect_download() as dl:
        page.click("#btn-yaml")
    assert Path(dl.value.path()).read_text(encoding="utf-8") == content


def test_pages_or_an_honest_message(page):
    from docgen.web import engine

    page.fill("#draft", DRAFT)
    page.click("#btn-format")
    wait_status(page, "排版完成")
    if engine.render_available() is None:
        page.wait_for_selector("#pages img", timeout=TIMEOUT_MS)
        page.wait_for_function("() => [...document.querySelectorAll('#pages img')].every(i => i.complete && i.naturalWidth > 700)")
        assert page.locator("#btn-pdf").is_enabled()
        with page.expect_download() as dl:
            page.click("#btn-pdf")
        assert Path(dl.value.path()).read_bytes().startswith(b"%PDF")
    else:
        page.wait_for_selector("#pages .notice")
        assert "LibreOffice" in page.inner_text("#pages")


DROP_JS = """(files) => {
    const dt = new DataTransfer();
    for (const [name, bytes] of files) dt.items.add(new File([new Uint8Array(bytes)], name));
    const zone = document.querySelector('#dropzone');
    zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
    zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
}"""


def test_drop_several_files_and_download_a_zip(page, tmp_path, capsys):
    files = [["安全.txt", list(DRAFT.encode("utf-8"))], ["作风.md", list(DOUBTFUL.encode("utf-8"))],
             ["旧稿.doc", list(b"\xd0\xcf\x11\xe0" + bytes(600))]]
    page.evaluate(DROP_JS, files)
    page.wait_for_function("() => document.querySelectorAll('#doc-list li').length === 3")
    wait_status(page, "旧稿.doc")
    items = page.locator("#doc-list li")
    assert items.nth(0).inner_text() == "安全.txt" and items.nth(1).inner_text() == "作风.md"
    assert "另存为 .docx" in items.nth(2).inner_text()
    items.nth(1).click()
    page.wait_for_selector("#doc-list li.current:has-text('作风.md')")
    assert outline_row(page, "在全县作风建设大会上的讲话").locator("select").input_value() == "title"
    assert page.locator("#btn-zip").is_enabled()
    with page.expect_download() as dl:
        page.click("#btn-zip")
    with zipfile.ZipFile(dl.value.path()) as zf:
        assert sorted(zf.namelist()) == ["作风.docx", "作风.yaml", "安全.docx", "安全.yaml"]
        assert zf.read("作风.docx") == cli_build(tmp_path, capsys, zf.read("作风.yaml").decode("utf-8"))


def test_drop_a_docx(page, tmp_path, capsys):
    d = docx.Document()
    for text in ["在全县秋季森林防火工作会议上的讲话", "同志们：", "今天召开会议，部署秋季森林防火工作。",
                 "一、压实防火责任", "各乡镇要落实网格化管理，责任到人。", "二、加强火源管控",
                 "严禁野外用火，发现火情立即报告。", "谢谢大家！"]:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    data = list(buf.getvalue())
    page.evaluate("""(bytes) => {
        const file = new File([new Uint8Array(bytes)], '防火.docx',
            {type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'});
        const dt = new DataTransfer();
        dt.items.add(file);
        const zone = document.querySelector('#dropzone');
        zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", data)
    wait_status(page, "排版完成")
    assert page.inner_text("#doc-list li.current") == "防火.docx"
    assert outline_row(page, "压实防火责任").locator("select").input_value() == "heading:1"
    assert outline_row(page, "加强火源管控").locator(".num").inner_text() == "二、"
    with page.expect_download() as dl:
        page.click("#btn-docx")
    assert dl.value.suggested_filename == "防火.docx"
    assert Path(dl.value.path()).read_bytes() == cli_build(tmp_path, capsys, page.input_value("#yaml-editor"))


def test_yaml_editor_marks_the_error_line(page):
    page.click("#yaml-box summary")
    # a misspelt key on line 4
    broken = "title: 在全县防汛工作会议上的讲话\nsalutation: 同志们：\nbody:\n  - headng: 认清形势\n  - 正文。\n"
    page.fill("#yaml-editor", broken)
    page.click("#btn-rebuild")
    page.wait_for_selector("#yaml-error:not([hidden])")
    marked = page.locator("#yaml-gutter span.err")
    assert marked.count() == 1
    line = int(marked.inner_text())
    assert line == 4
    assert "headng" in page.inner_text("#yaml-error") and ":4:5:" in page.inner_text("#yaml-error")
    # the editor selects the line with the error
    assert page.evaluate("() => { const e = document.querySelector('#yaml-editor');"
                         " return e.value.slice(e.selectionStart, e.selectionEnd); }") == "  - headng: 认清形势"
    # fixed, it builds: the error mark goes away and the outline shows the content
    page.fill("#yaml-editor", broken.replace("headng", "heading"))
    page.click("#btn-rebuild")
    page.wait_for_selector("#yaml-error[hidden]", state="attached")
    assert page.locator("#yaml-gutter span.err").count() == 0
    assert outline_row(page, "认清形势").locator(".num").inner_text() == "一、"


def test_doubts_marked_and_a_finding_finds_its_paragraph(page):
    page.fill("#draft", DOUBTFUL)
    page.click("#btn-format")
    wait_status(page, "排版完成")
    marks = page.locator("#outline li.doubt .conf")
    assert marks.count() == 2 and marks.first.inner_text() == "把握不大 0.60"
    # the clerk decides: the first doubtful line is a paragraph, not a heading
    outline_row(page, "要坚持问题导向").locator("select").select_option("body")
    wait_status(page, "已按修改重新生成")
    assert outline_row(page, "要坚持问题导向").locator("select").input_value() == "body"
    assert page.locator("#outline li.doubt .conf").count() == 1
    # the draft's headings had no numbers, and the content keeps them unnumbered (numbering: none)
    second = outline_row(page, "要坚持真抓实干")
    assert second.locator("select").input_value() == "heading:1" and second.locator(".num").count() == 0
    # the placeholder XX is a finding of check on the built document; a click finds its paragraph
    finding = page.locator("#findings li", has_text="PLACEHOLDER")
    assert finding.count() >= 1
    finding.first.click()
    row = outline_row(page, "各单位要对照XX要求")
    page.wait_for_function("(el) => el.classList.contains('flash')", arg=row.element_handle())
