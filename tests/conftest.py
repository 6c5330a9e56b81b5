"""Shared set-up.  Tests are grouped like the package (tests/check, tests/readers, …); the helper
modules (cli_run, golden_docx, seed_defects, strategies) stay here, and pytest puts this folder on
sys.path, so every test imports them by name."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# a few test modules share fixtures by import across folders (test_web_api takes the hostile
# inputs of cli/test_hostile_inputs): every test folder is importable, whatever runs first
for _folder in sorted(p for p in Path(__file__).parent.iterdir() if p.is_dir() and p.name != "data"):
    if str(_folder) not in sys.path:
        sys.path.append(str(_folder))
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def pytest_collection_modifyitems(config, items):
    """A test that starts LibreOffice must be marked ``render`` (so ``-m "not render"`` runs without
    it): the render folder's tests are marked here, by place."""
    for item in items:
        if "/tests/render/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.render)
