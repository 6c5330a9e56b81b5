"""Hostile or broken inputs (issue 7 §3, §4): each is refused with one line of Chinese on stderr,
exit code 2, within a second, without inflating, resolving or constructing anything, and without
leaving an output file behind.

The commands run in-process through ``docgen.cli.main`` (what the ``docgen`` script calls), after a
warm-up call, so "within 1 s" measures docgen's work and not the interpreter's start-up; a few
cases also run as a subprocess to measure peak memory (``ru_maxrss``).
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from hostile_files import (BOMB_BYTES, HOSTILE_DOCX, HOSTILE_YAML, MARKER, billion_laughs, hostile_docx,
                           minimal_docx, run_subprocess, zeros_deflated)

from docgen.cli import main

TIME_LIMIT_S = 1.0
#: peak resident memory (VmHWM) of a whole `docgen` process refusing a hostile file: the interpreter
#: with python-docx, lxml and jinja2 loaded takes ~35-60 MB; inflating a bomb would take gigabytes
MEMORY_LIMIT_MB = 120
HAN = re.compile(r"[\u4e00-\u9fff]")


def run(argv, capsys):
    """Run the CLI in-process: (exit code, stdout, stderr, seconds)."""
    capsys.readouterr()
    start = time.monotonic()
    try:
        main([str(a) for a in argv])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    return code, out, err, elapsed


def assert_refused(code, out, err, elapsed, path: Path, what: str):
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, f"{what}: exit {code}, stderr {err!r}"
    assert len(lines) == 1, f"{what}: expected one line on stderr, got {lines!r}"
    assert HAN.search(lines[0]), f"{what}: message is not in Chinese: {lines[0]!r}"
    assert path.name in lines[0], f"{what}: message does not name the file: {lines[0]!r}"
    assert "Traceback" not in err and "内部错误" not in err, f"{what}: {err!r}"
    assert elapsed < TIME_LIMIT_S, f"{what}: took {elapsed:.2f} s"



@pytest.fixture(scope="module")
def bomb_stream():
    return zeros_deflated(BOMB_BYTES)


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """Import what the commands import (python-docx, lxml, jinja2, the rules) before timing."""
    d = tmp_path_factory.mktemp("warm")
    good = d / "good.docx"
    good.write_bytes(minimal_docx({}))
    try:
        main(["check", str(good)])
    except SystemExit:
        pass
    try:
        main(["format", str(good), "-o", str(d / "out.docx")])
    except SystemExit:
        pass
    return d



@pytest.mark.parametrize("command", ["format", "check"])
@pytest.mark.parametrize("kind", HOSTILE_DOCX)
def test_hostile_docx_refused(kind, command, tmp_path, capsys, warm, request):
    bomb = request.getfixturevalue("bomb_stream") if kind.startswith("zip-bomb") else None
    src = tmp_path / f"{kind}.docx"
    src.write_bytes(hostile_docx(kind, tmp_path, bomb))
    before = sorted(p.name for p in tmp_path.iterdir())
    argv = [command, src] + (["-o", tmp_path / "out.docx"] if command == "format" else [])
    code, out, err, elapsed = run(argv, capsys)
    assert MARKER not in out + err, "an external entity was resolved"
    assert_refused(code, out, err, elapsed, src, f"{command} {kind}")
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "an output or temporary file was left behind"


@pytest.mark.parametrize("kind", ["zip-bomb-document", "zip-bomb-extra-member"])
def test_hostile_docx_memory_bounded(kind, tmp_path, bomb_stream):
    """The whole process, refusing a 2 GB bomb, stays small: nothing was inflated."""
    src = tmp_path / f"{kind}.docx"
    src.write_bytes(hostile_docx(kind, tmp_path, bomb_stream))
    code, err, peak_mb, cpu_s = run_subprocess(["format", src, "-o", tmp_path / "out.docx"])
    assert code == 2, err
    assert MARKER not in err
    assert peak_mb < MEMORY_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"
    assert not (tmp_path / "out.docx").exists()



def test_xxe_marker_never_in_output_when_accepted(tmp_path, capsys, warm):
    """Belt and braces: whatever docgen decides about a DOCTYPE hidden behind a long comment, the
    entity's target must never reach an output."""
    src = tmp_path / "x.docx"
    src.write_bytes(hostile_docx("xxe-after-long-comment", tmp_path))
    out = tmp_path / "out.docx"
    run(["format", src, "-o", out, "--yaml", tmp_path / "out.yaml"], capsys)
    for p in (out, tmp_path / "out.yaml"):
        if p.exists():
            data = p.read_bytes()
            if p.suffix == ".docx":
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    data = b"".join(zf.read(i) for i in zf.infolist())
            assert MARKER.encode() not in data



@pytest.mark.parametrize("kind", sorted(HOSTILE_YAML))
def test_hostile_yaml_refused(kind, tmp_path, capsys, warm):
    pwned = tmp_path / "pwned"
    src = tmp_path / f"{kind}.yaml"
    src.write_text(HOSTILE_YAML[kind]().replace("{pwned}", str(pwned)), encoding="utf-8")
    out = tmp_path / "out.docx"
    code, stdout, err, elapsed = run(["build", src, "-o", out], capsys)
    assert_refused(code, stdout, err, elapsed, src, f"build {kind}")
    assert re.match(rf"^docgen: {re.escape(str(src))}:\d+:\d+: ", err.strip()), f"no file:line:col in {err!r}"
    assert not out.exists(), "an output file was created"
    assert not pwned.exists(), "a YAML tag ran code"
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]


def test_huge_yaml_scalar_refused(tmp_path, capsys, warm):
    """A 50 MB scalar: refused before parsing (the size check names the file; no line to point at)."""
    src = tmp_path / "huge.yaml"
    with open(src, "w", encoding="utf-8") as fh:
        fh.write("title: 讲话\nbody:\n  - \"")
        block = "很长的文字" * 20_000
        written = 0
        while written < 50 * 1024 * 1024:
            fh.write(block)
            written += len(block.encode())
        fh.write("\"\n")
    out = tmp_path / "out.docx"
    code, stdout, err, elapsed = run(["build", src, "-o", out], capsys)
    assert_refused(code, stdout, err, elapsed, src, "build 50 MB scalar")
    assert not out.exists()
    code, err, peak_mb, _ = run_subprocess(["build", src, "-o", out])
    assert code == 2 and peak_mb < MEMORY_LIMIT_MB, (code, err, peak_mb)


def test_large_scalar_under_file_limit_refused_with_position(tmp_path, capsys, warm):
    """A 3 MB scalar (under the file-size limit): refused by the scalar limit, with file:line:col."""
    src = tmp_path / "long.yaml"
    src.write_text("title: 讲话\nbody:\n  - " + "很长的文字" * 200_000 + "\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    code, stdout, err, elapsed = run(["build", src, "-o", out], capsys)
    assert_refused(code, stdout, err, elapsed, src, "build 3 MB scalar")
    assert re.match(rf"^docgen: {re.escape(str(src))}:\d+:\d+: ", err.strip()), err
    assert not out.exists()


def testbillion_laughs_memory_bounded(tmp_path):
    src = tmp_path / "lol.yaml"
    src.write_text(billion_laughs(), encoding="utf-8")
    code, err, peak_mb, cpu = run_subprocess(["build", src, "-o", tmp_path / "out.docx"])
    assert code == 2, err
    assert peak_mb < MEMORY_LIMIT_MB and cpu < 10, (peak_mb, cpu)


def test_random_yaml_error_exit_code_through_cli(tmp_path, capsys, warm):
    """A content file with a schema error goes through the CLI as exit 2 and file:line:col."""
    src = tmp_path / "bad.yaml"
    src.write_text("title: 讲话\nbody:\n  - heading: 标题\n    bogus: 1\n", encoding="utf-8")
    code, stdout, err, elapsed = run(["build", src, "-o", tmp_path / "out.docx"], capsys)
    assert_refused(code, stdout, err, elapsed, src, "build schema error")
    assert re.match(rf"^docgen: {re.escape(str(src))}:4:\d+: ", err.strip()), err
