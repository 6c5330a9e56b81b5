"""The one LibreOffice precondition of the render tests: skip only when told to, fail when
LibreOffice is missing (CI installs it, so a silent skip would hide every layout test)."""

from __future__ import annotations

import os
import shutil

import pytest


def require_soffice() -> None:
    if shutil.which("soffice") or shutil.which("libreoffice") or os.environ.get("DOCGEN_SOFFICE"):
        return
    if os.environ.get("DOCGEN_SKIP_RENDER") == "1":
        pytest.skip("DOCGEN_SKIP_RENDER=1: LibreOffice render tests skipped")
    pytest.fail("LibreOffice (soffice) is not installed: run `bash .ci/system-deps` (Debian 12, root), "
                "or set DOCGEN_SKIP_RENDER=1 / deselect with -m 'not render'", pytrace=False)
