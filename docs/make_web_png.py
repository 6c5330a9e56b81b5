"""Regenerate docs/web-page.png: the page of ``docgen serve`` after a draft was pasted and formatted.

    python docs/make_web_png.py        # needs the web and test extras and Debian's chromium
                                       # (and LibreOffice for the page images: .ci/system-deps)

Starts ``docgen serve`` on a free loopback port, opens the page in headless Chromium (Playwright
driving /usr/bin/chromium; no browser is downloaded), pastes seed 002, presses 排版, waits for the
outline, the findings and the page images, and takes a screenshot.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEED = ROOT / "seeds" / "002_b2d4874fc0b8858a.txt"
TARGET = ROOT / "docs" / "web-page.png"
VIEWPORT = {"width": 1440, "height": 900}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
TIMEOUT_MS = 180_000


def chromium() -> str:
    for p in (os.environ.get("DOCGEN_CHROMIUM"), "/usr/lib/chromium/chromium", "/usr/bin/chromium",
              shutil.which("chromium")):
        if p and Path(p).is_file():
            return p
    sys.exit("make_web_png: 没有找到 chromium（apt-get install chromium）")


def main() -> int:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    from docgen.web.launch import running

    with running(ROOT) as url:
        if url is None:
            sys.exit("make_web_png: docgen serve did not start")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            page.fill("#draft", SEED.read_text(encoding="utf-8"))
            page.click("#btn-format")
            page.wait_for_function("() => document.querySelector('#status').textContent.includes('排版完成')")
            page.wait_for_function("() => document.querySelector('#pages img, #pages .notice')")
            page.wait_for_function("() => [...document.querySelectorAll('#pages img')].every(i => i.complete)")
            tmp = TARGET.with_suffix(".tmp.png")
            page.screenshot(path=str(tmp))
            os.replace(tmp, TARGET)
            browser.close()

    print(f"已生成：{TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
