"""docgen preview: fontconfig aliases, LibreOffice conversion, PNG pages, the CLI and its errors."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from golden_docx import build_golden, seed_paragraphs  # noqa: E402

from docgen.render import preview  # noqa: E402
from docgen.errors import RenderError  # noqa: E402
from docgen.style import load_style  # noqa: E402

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[2]
FONTS_CONF = ROOT / "docgen" / "data" / "fonts.conf"


def require(tool: str) -> None:
    if shutil.which(tool):
        return
    if os.environ.get("DOCGEN_SKIP_RENDER") == "1":
        pytest.skip(f"DOCGEN_SKIP_RENDER=1: {tool} not installed")
    pytest.fail(f"{tool} is not installed: run `bash .ci/system-deps` (Debian 12, root), or set "
                f"DOCGEN_SKIP_RENDER=1 / deselect with -m 'not render'", pytrace=False)


def run_docgen(*args, env=None):
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def golden(tmp_path_factory):
    """A short print-ready document (2 full pages + a last page) and a 30 pt-pitch twin."""
    d = tmp_path_factory.mktemp("golden")
    paras = seed_paragraphs(count=6)
    return {"good": build_golden(d / "good.docx", paragraphs=paras),
            "bad": build_golden(d / "bad.docx", paragraphs=paras, line_pitch_pt=30)}


def _aliases():
    root = ET.parse(FONTS_CONF).getroot()
    return root, [(a.find("family").text, [f.text for f in a.find("prefer").findall("family")])
                  for a in root.findall("alias")]


# -- fonts.conf ---------------------------------------------------------------------------------

def test_fonts_conf_maps_every_font_name_of_the_rule_set():
    _, aliases = _aliases()
    mapped = {name for name, _ in aliases}
    style = load_style()
    wanted = {n for names in style.font_aliases.values() for n in names}
    wanted |= {role.font for role in style.roles.values()} | {style.latin_font}
    assert wanted - mapped == set()
    # the user style shipped as an example must be covered too
    fz = load_style(ROOT / "examples" / "style-fzfangsong.yaml")
    assert {role.font for role in fz.roles.values()} - mapped == set()


def test_fonts_conf_puts_our_rules_before_the_system_config():
    root, aliases = _aliases()
    children = [c.tag for c in root if isinstance(c.tag, str)]
    assert children[-1] == "include" and root[-1].text.strip() == "/etc/fonts/fonts.conf"
    assert "include" not in children[:-1]
    assert all(a.get("binding") == "strong" for a in root.findall("alias"))


def test_every_font_name_resolves_to_its_stand_in():
    require("fc-match")
    _, aliases = _aliases()
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))

    def match(name):
        # fc-match parses a pattern: "-" would start a size, ":" properties
        pattern = "".join("\\" + c if c in "-:,\\" else c for c in name)
        return subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True,
                              env=env, check=True).stdout

    wrong = {}
    for name, prefer in aliases:
        got, want = match(name), match(prefer[0])
        if got != want or "DejaVu" in got:
            wrong[name] = (got, want)
    assert wrong == {}
    # and without our file the same names fall back to something else (the file is what matters)
    plain = subprocess.run(["fc-match", "-f", "%{file}", "仿宋_GB2312"], capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}).stdout
    assert plain != match("仿宋_GB2312")


def test_system_deps_takes_the_fast_path_when_everything_is_installed():
    require("soffice")
    require("dpkg-query")
    done = subprocess.run(["bash", ".ci/system-deps"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "installing" not in done.stderr
    assert "font names resolve to their stand-ins" in done.stderr


# -- conversion -------------------------------------------------------------------------------

def _png_size(path: Path):
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def golden_pdf(golden, tmp_path_factory):
    require("soffice")
    return preview.convert_to_pdf(golden["good"], tmp_path_factory.mktemp("pdf") / "out.pdf")


def test_convert_to_pdf_and_png_pages(golden_pdf, tmp_path):
    from docgen.render.measure import import_pymupdf

    assert golden_pdf.read_bytes()[:5] == b"%PDF-"
    with import_pymupdf().open(golden_pdf) as doc:
        pages = doc.page_count
    assert pages >= 2
    dpi = 72
    pngs = preview.pdf_to_png(golden_pdf, tmp_path / "png", dpi=dpi)
    assert [p.name for p in pngs] == [f"page-{i}.png" for i in range(1, pages + 1)]
    page = load_style().page
    w, h = _png_size(pngs[0])
    assert abs(w - page.width_mm / 25.4 * dpi) <= 1 and abs(h - page.height_mm / 25.4 * dpi) <= 1
    assert not any(p.name.startswith("docgen_png_") for p in (tmp_path / "png").iterdir())


def test_png_pages_without_poppler_use_pymupdf(golden_pdf, tmp_path, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(preview.shutil, "which", lambda name: None if name == "pdftoppm" else real_which(name))
    pngs = preview.pdf_to_png(golden_pdf, tmp_path, dpi=50, first=2, last=2, prefix="p")
    assert [p.name for p in pngs] == ["p-2.png"]
    page = load_style().page
    w, h = _png_size(pngs[0])
    assert abs(w - page.width_mm / 25.4 * 50) <= 1 and abs(h - page.height_mm / 25.4 * 50) <= 1


def test_two_conversions_at_once_use_separate_profiles(golden, tmp_path):
    require("soffice")
    results, errors = {}, []

    def convert(key):
        try:
            results[key] = preview.convert_to_pdf(golden[key], tmp_path / f"{key}.pdf")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(k,)) for k in ("good", "bad")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(results[k].stat().st_size > 1000 for k in ("good", "bad"))
    assert results["good"].read_bytes() != results["bad"].read_bytes()


def test_timeout_kills_the_conversion(golden, tmp_path):
    require("soffice")
    with pytest.raises(RenderError, match="超时"):
        preview.convert_to_pdf(golden["good"], tmp_path / "slow.pdf", timeout=0.3)
    assert not (tmp_path / "slow.pdf").exists()


# -- the command --------------------------------------------------------------------------------

def test_cli_measure_passes_a_print_ready_document(golden, tmp_path):
    require("soffice")
    out = tmp_path / "good.pdf"
    done = run_docgen("preview", golden["good"], "-o", out, "--measure", "--png", tmp_path / "png")
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.exists()
    assert "版面合格" in done.stdout
    rows = [ln for ln in done.stdout.splitlines() if ln[:1].isdigit()]
    assert len(rows) >= 2 and rows[1].split()[2:4] == ["22", "22"]   # page 2: 22 lines, last slot 22
    assert sorted(p.name for p in (tmp_path / "png").iterdir())[0] == "good-1.png"


def test_cli_json_explains_a_bad_page(golden, tmp_path):
    require("soffice")
    done = run_docgen("preview", golden["bad"], "-o", tmp_path / "bad.pdf", "--json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["ok"] is False
    page1 = data["measurement"]["pages"][0]
    assert page1["pitch_pt"] == pytest.approx(30, abs=0.2)
    assert page1["line_count"] == len(page1["lines"])
    lines = [p for p in data["problems"] if p["check"] == "lines-per-page"]
    assert lines and lines[0]["measured"] == 21 and lines[0]["expected"] == 22
    assert "满页应为 22 行" in lines[0]["message"]


def test_cli_without_libreoffice_says_how_to_install(golden, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DOCGEN_SOFFICE"}
    env["PATH"] = str(empty)
    done = run_docgen("preview", golden["good"], env=env)
    assert done.returncode == 2
    assert "未找到 LibreOffice" in done.stderr and "apt-get install" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name, message", [("missing.docx", "找不到输入文件"), ("notes.txt", "只支持 .docx")])
def test_cli_rejects_bad_input(tmp_path, name, message):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("同志们：", encoding="utf-8")
    done = run_docgen("preview", path)
    assert done.returncode == 2 and message in done.stderr, done.stderr
