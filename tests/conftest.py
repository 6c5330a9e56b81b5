"""Shared set-up.  Tests are grouped like the package (tests/check, tests/readers, …); the helper
modules they share (cli_run, golden_docx, hostile_files, messy_word, seed_defects, strategies, …)
stay here, and pytest puts this folder on sys.path, so every test imports them by name.  No test
module imports another test module from a different folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
