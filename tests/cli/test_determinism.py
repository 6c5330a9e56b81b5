"""Deterministic output (issue 7 §6): the same input gives a byte-identical .docx — in one process,
across processes (different hash seeds, time zones, and a later wall-clock second), for build and
for format of .txt and .docx inputs; zip timestamps are fixed and core-property dates are not the
time of the run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from docgen.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "speech.yaml"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def run_inprocess(argv) -> None:
    try:
        main([str(a) for a in argv])
    except SystemExit as exc:
        assert exc.code in (0, None), f"{argv}: exit {exc.code}"


def run_process(argv, hash_seed: str, tz: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, TZ=tz)
    proc = subprocess.run([sys.executable, "-m", "docgen"] + [str(a) for a in argv], capture_output=True,
                          timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")


def _inputs(kind: str, d: Path, seed: Path = SEEDS[0]):
    """(command argv without -o, input path) for build / format .txt / format .docx."""
    if kind == "build":
        src = d / "speech.yaml"
        shutil.copy(EXAMPLE, src)
        return ["build", src]
    src = d / "draft.txt"
    shutil.copy(seed, src)
    if kind == "format-txt":
        return ["format", src]
    docx_src = d / "draft-in.docx"
    run_inprocess(["format", src, "-o", docx_src])
    return ["format", docx_src]


@pytest.mark.parametrize("kind", ["build", "format-txt", "format-docx"])
def test_same_bytes_twice_in_one_process(kind, tmp_path):
    argv = _inputs(kind, tmp_path)
    run_inprocess(argv + ["-o", tmp_path / "a.docx"])
    time.sleep(1.1)                 # a later second: zip and core-property times must not follow the clock
    run_inprocess(argv + ["-o", tmp_path / "b.docx"])
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


@pytest.mark.parametrize("kind", ["build", "format-txt", "format-docx"])
def test_same_bytes_across_processes(kind, tmp_path):
    argv = _inputs(kind, tmp_path)
    run_inprocess(argv + ["-o", tmp_path / "in.docx"])
    run_process(argv + ["-o", tmp_path / "p1.docx"], hash_seed="1", tz="UTC")
    run_process(argv + ["-o", tmp_path / "p2.docx"], hash_seed="4242", tz="Asia/Shanghai")
    ref = (tmp_path / "in.docx").read_bytes()
    assert (tmp_path / "p1.docx").read_bytes() == ref
    assert (tmp_path / "p2.docx").read_bytes() == ref


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_every_seed_formats_deterministically(seed, tmp_path):
    src = tmp_path / "draft.txt"
    shutil.copy(seed, src)
    run_inprocess(["format", src, "-o", tmp_path / "a.docx"])
    run_inprocess(["format", src, "-o", tmp_path / "b.docx"])
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


@pytest.mark.parametrize("kind", ["build", "format-txt"])
def test_fixed_zip_times_and_no_run_time_in_core_properties(kind, tmp_path):
    argv = _inputs(kind, tmp_path)
    out = tmp_path / "out.docx"
    run_inprocess(argv + ["-o", out])
    with zipfile.ZipFile(out) as zf:
        assert {i.date_time for i in zf.infolist()} == {ZIP_EPOCH}
        names = [i.filename for i in zf.infolist()]
        core = zf.read("docProps/core.xml").decode("utf-8") if "docProps/core.xml" in names else ""
    assert names[0] == "[Content_Types].xml", "the content-types part should come first"
    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert today not in core, f"core properties carry the time of the run: {core}"
    for tag in ("created", "modified"):
        m = re.search(rf"<dcterms:{tag}[^>]*>([^<]*)<", core)
        if m:
            assert not m.group(1).startswith(time.strftime("%Y", time.gmtime())), core


def test_output_does_not_depend_on_input_file_name_or_directory(tmp_path):
    """Only the content decides the bytes: the same draft under another name in another directory."""
    a_dir, b_dir = tmp_path / "a", tmp_path / "b" / "deeper"
    a_dir.mkdir()
    b_dir.mkdir(parents=True)
    shutil.copy(SEEDS[1], a_dir / "draft.txt")
    shutil.copy(SEEDS[1], b_dir / "另一个名字.txt")
    run_inprocess(["format", a_dir / "draft.txt", "-o", tmp_path / "a.docx"])
    run_inprocess(["format", b_dir / "另一个名字.txt", "-o", tmp_path / "b.docx"])
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_yaml_round_trip_builds_the_same_bytes(tmp_path):
    """format --yaml, then build the YAML: the same .docx as format wrote (DESIGN.md §5)."""
    src = tmp_path / "draft.txt"
    shutil.copy(SEEDS[2], src)
    run_inprocess(["format", src, "-o", tmp_path / "formatted.docx", "--yaml", tmp_path / "content.yaml"])
    run_inprocess(["build", tmp_path / "content.yaml", "-o", tmp_path / "built.docx"])
    assert (tmp_path / "built.docx").read_bytes() == (tmp_path / "formatted.docx").read_bytes()
