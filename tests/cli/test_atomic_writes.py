"""What docgen promises about the user's files (issue 7 §5):

* an output is written to a temporary file in the target directory, fsynced, then renamed over the
  old one — so an existing output is replaced only when the new one was written completely;
* an input is never the output unless ``--in-place`` is given;
* a directory that cannot be written gives one clear line, not a traceback;
* Ctrl-C leaves no partial file and no temporary file.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from cli_run import run

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "002_b2d4874fc0b8858a.txt"
EXAMPLE = ROOT / "examples" / "speech.yaml"




def listing(d: Path):
    return sorted(p.name for p in d.iterdir())


def one_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def draft(tmp_path) -> Path:
    src = tmp_path / "draft.txt"
    shutil.copy(SEED, src)
    return src


@pytest.fixture
def docx_input(tmp_path, capsys) -> Path:
    """A real .docx (the seed formatted once)."""
    src = tmp_path / "seed.txt"
    shutil.copy(SEED, src)
    out = tmp_path / "speech.docx"
    code, _, err = run(["format", src, "-o", out], capsys)
    assert code == 0, err
    src.unlink()
    return out


# -- the input is never the output ------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["same", "dotdot", "symlink", "hardlink"])
def test_format_refuses_to_overwrite_its_input(spelling, docx_input, tmp_path, capsys):
    before = docx_input.read_bytes()
    out = {"same": docx_input,
           "dotdot": tmp_path / "sub" / ".." / docx_input.name,
           "symlink": tmp_path / "link.docx",
           "hardlink": tmp_path / "hard.docx"}[spelling]
    (tmp_path / "sub").mkdir()
    if spelling == "symlink":
        out.symlink_to(docx_input)
    elif spelling == "hardlink":
        os.link(docx_input, out)
    code, _, err = run(["format", docx_input, "-o", out], capsys)
    assert code == 2, err
    assert "输入" in one_line(err)
    assert docx_input.read_bytes() == before
    assert not [n for n in listing(tmp_path) if n.endswith(".tmp")]


def test_format_txt_refuses_yaml_over_its_input(draft, capsys):
    before = draft.read_bytes()
    code, _, err = run(["format", draft, "-o", draft.with_suffix(".docx"), "--yaml", draft], capsys)
    assert code == 2, err
    one_line(err)
    assert draft.read_bytes() == before


def test_format_directory_into_itself_keeps_inputs(docx_input, tmp_path, capsys):
    """``format DIR -o DIR``: a .docx in DIR would be its own output; it must stay untouched."""
    before = docx_input.read_bytes()
    shutil.copy(SEED, tmp_path / "other.txt")
    run(["format", tmp_path, "-o", tmp_path], capsys)
    assert docx_input.read_bytes() == before


def test_format_docx_default_output_is_a_new_file(docx_input, capsys):
    before = docx_input.read_bytes()
    code, _, err = run(["format", docx_input], capsys)
    assert code == 0, err
    assert docx_input.read_bytes() == before
    assert docx_input.with_name(docx_input.stem + ".formatted.docx").exists()


def test_build_refuses_to_overwrite_its_content_file(tmp_path, capsys):
    src = tmp_path / "speech.yaml"
    shutil.copy(EXAMPLE, src)
    before = src.read_bytes()
    code, _, err = run(["build", src, "-o", src], capsys)
    assert code == 2, err
    one_line(err)
    assert src.read_bytes() == before


def test_check_fix_refuses_to_overwrite_its_input(draft, capsys):
    before = draft.read_bytes()
    code, _, err = run(["check", draft, "--fix", "-o", draft], capsys)
    assert code == 2, err
    one_line(err)
    assert draft.read_bytes() == before


def test_format_in_place(docx_input, capsys):
    code, _, err = run(["format", docx_input, "--in-place"], capsys)
    assert code == 0, err
    assert zipfile.is_zipfile(docx_input)
    assert not docx_input.with_name(docx_input.stem + ".formatted.docx").exists()


def _in_place_argv(command, docx_input, draft):
    if command == "format":
        return docx_input, ["format", docx_input, "--in-place"]
    return draft, ["check", draft, "--fix", "--in-place"]


def test_check_fix_in_place_rewrites_the_input_and_keeps_its_mode(draft, tmp_path, capsys):
    draft.chmod(0o640)
    before = listing(tmp_path)
    code, _, err = run(["check", draft, "--fix", "--in-place"], capsys)
    assert code in (0, 1), err
    assert draft.read_bytes() != SEED.read_bytes()
    assert "本文系作者原创投稿" not in draft.read_text(encoding="utf-8")   # the seed's noise line is gone
    assert draft.read_text(encoding="utf-8").startswith("在县委党的建设工作领导小组会议上的讲话")
    assert draft.stat().st_mode & 0o777 == 0o640
    assert listing(tmp_path) == before


@pytest.mark.parametrize("command", ["format", "check"])
def test_in_place_input_survives_a_full_disk(command, docx_input, draft, tmp_path, capsys, monkeypatch):
    src, argv = _in_place_argv(command, docx_input, draft)
    before, names = src.read_bytes(), listing(tmp_path)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run(argv, capsys)
    monkeypatch.undo()
    line = one_line(err)
    assert code == 2 and "内部错误" not in line, (code, line)
    assert src.read_bytes() == before
    assert listing(tmp_path) == names, "a temporary file was left behind"


@pytest.mark.parametrize("command", ["format", "check"])
def test_in_place_interrupted_before_rename_keeps_the_input(command, docx_input, draft, tmp_path, capsys,
                                                            monkeypatch):
    src, argv = _in_place_argv(command, docx_input, draft)
    before, names = src.read_bytes(), listing(tmp_path)

    def interrupted(a, b):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    code, _, err = run(argv, capsys)
    monkeypatch.undo()
    assert code == 130, err
    assert src.read_bytes() == before
    assert listing(tmp_path) == names


# -- an existing output is replaced only when writing succeeded ------------------------------------------

OLD = b"PK\x03\x04-old-output-bytes-that-must-survive"   # stands for an earlier .docx (a zip)


def _source(command, draft, tmp_path):
    """The input of ``command``: the draft for format, a copy of the example content for build."""
    if command == "format":
        return draft
    src = tmp_path / "speech.yaml"
    shutil.copy(EXAMPLE, src)
    return src


def _boom(*args, **kwargs):
    raise RuntimeError("writer failed on purpose")


@pytest.mark.parametrize("command", ["format", "build"])
def test_existing_output_survives_a_failing_writer(command, draft, tmp_path, capsys, monkeypatch):
    import docgen.writers.docx

    src = _source(command, draft, tmp_path)
    out = tmp_path / "out.docx"
    out.write_bytes(OLD)
    before = listing(tmp_path)
    monkeypatch.setattr(docgen.writers.docx, "render_docx", _boom)
    code, _, err = run([command, src, "-o", out], capsys)
    assert code != 0, err
    assert out.read_bytes() == OLD
    assert listing(tmp_path) == before, "a temporary file was left behind"


@pytest.mark.parametrize("command", ["format", "build"])
def test_existing_output_survives_a_full_disk(command, draft, tmp_path, capsys, monkeypatch):
    """fsync fails with ENOSPC: the old output stays, the temporary file goes, and the user reads
    one clear line (a full disk is not a bug in docgen: exit 2, not an internal error)."""
    src = _source(command, draft, tmp_path)
    out = tmp_path / "out.docx"
    out.write_bytes(OLD)
    before = listing(tmp_path)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run([command, src, "-o", out], capsys)
    monkeypatch.undo()
    assert out.read_bytes() == OLD
    assert listing(tmp_path) == before, "a temporary file was left behind"
    line = one_line(err)
    assert code == 2 and "内部错误" not in line, (code, line)


def test_interrupt_while_writing_leaves_no_partial_file(draft, tmp_path, capsys, monkeypatch):
    """Ctrl-C arriving in the middle of writing the temporary file."""
    out = tmp_path / "out.docx"
    out.write_bytes(OLD)
    before = listing(tmp_path)
    real_write_bytes = Path.write_bytes

    def half_then_interrupt(self, data):
        real_write_bytes(self, data[: len(data) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", half_then_interrupt)
    code, _, err = run(["format", draft, "-o", out], capsys)
    monkeypatch.undo()
    assert code == 130, err
    assert out.read_bytes() == OLD
    assert listing(tmp_path) == before


def test_interrupt_before_rename_leaves_no_partial_file(draft, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out.docx"
    before = listing(tmp_path)

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    code, _, err = run(["format", draft, "-o", out], capsys)
    monkeypatch.undo()
    assert code == 130, err
    assert not out.exists()
    assert listing(tmp_path) == before


def test_temporary_file_is_in_target_directory_and_synced(draft, tmp_path, capsys, monkeypatch):
    out_dir = tmp_path / "elsewhere"
    out_dir.mkdir()
    out = out_dir / "out.docx"
    synced, renamed = [], []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real_fsync(fd)

    def replace(src, dst):
        renamed.append((str(src), str(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    code, _, err = run(["format", draft, "-o", out], capsys)
    monkeypatch.undo()
    assert code == 0, err
    docx_renames = [(s, d) for s, d in renamed if Path(d) == out]
    assert len(docx_renames) == 1, renamed
    tmp = Path(docx_renames[0][0])
    assert tmp.parent == out_dir, "the temporary file must be in the target directory (same file system)"
    assert str(tmp) in synced, "the temporary file was not fsynced before the rename"
    assert zipfile.is_zipfile(out)


# -- unwritable targets ----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["format", "build"])
def test_output_under_proc_is_a_clear_error(command, draft, tmp_path, capsys):
    src = _source(command, draft, tmp_path)
    code, _, err = run([command, src, "-o", "/proc/docgen-out.docx"], capsys)
    assert code == 2, err
    line = one_line(err)
    assert "内部错误" not in line


def test_build_into_missing_directory_is_a_clear_error(tmp_path, capsys):
    src = tmp_path / "speech.yaml"
    shutil.copy(EXAMPLE, src)
    code, _, err = run(["build", src, "-o", tmp_path / "no" / "such" / "dir" / "out.docx"], capsys)
    assert code == 2, err
    one_line(err)


SETPRIV = shutil.which("setpriv")


@pytest.mark.skipif(SETPRIV is None, reason="setpriv (util-linux) is needed to drop root's DAC override")
@pytest.mark.parametrize("command", ["format", "build"])
def test_read_only_directory_is_a_clear_error(command, draft, tmp_path):
    """Root ignores directory permissions; setpriv drops CAP_DAC_OVERRIDE so a 0555 directory is
    really read-only for the child, as it would be for a clerk's account."""
    src = _source(command, draft, tmp_path)
    ro = tmp_path / "readonly"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        proc = subprocess.run(
            [SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner", sys.executable, "-m", "docgen",
             command, str(src), "-o", str(ro / "out.docx")], capture_output=True, timeout=120)
        err = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == 2, err
        line = one_line(err)
        assert "内部错误" not in line and str(ro) in line, line
        assert listing(ro) == []
    finally:
        ro.chmod(0o755)


# -- a real Ctrl-C ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big_draft(tmp_path_factory):
    """A draft big enough (~4 MB) that formatting takes several seconds."""
    d = tmp_path_factory.mktemp("big")
    text = SEED.read_text(encoding="utf-8")
    head, _, body = text.partition("同志们：")
    paras = [ln for ln in body.splitlines() if len(ln.strip()) > 60]
    src = d / "big.txt"
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(head + "同志们：\n")
        written = 0
        while written < 4_000_000:
            chunk = "\n".join(paras) + "\n"
            fh.write(chunk)
            written += len(chunk.encode())
    return src


@pytest.mark.parametrize("delay", [1.0, 2.5, 4.0, "at-temp-file"])
def test_sigint_leaves_old_output_or_complete_new_one(delay, big_draft, tmp_path):
    """SIGINT at several moments (and, when the poll catches it, while the temporary file exists):
    afterwards the old output is intact, or the new one is complete; never a temporary file."""
    out = tmp_path / "out.docx"
    out.write_bytes(OLD)
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "format", str(big_draft), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if delay == "at-temp-file":
        while proc.poll() is None and not any(n.endswith(".tmp") for n in listing(tmp_path)):
            time.sleep(0.001)
    else:
        time.sleep(delay)
    interrupted = proc.poll() is None
    if interrupted:
        proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    leftovers = [n for n in listing(tmp_path) if n != "out.docx"]
    assert not leftovers, f"temporary files left: {leftovers}"
    if proc.returncode == 0:
        assert zipfile.is_zipfile(out) and zipfile.ZipFile(out).testzip() is None
    else:
        # a SIGINT that lands after the rename (while the process prints and exits) finds the new
        # output complete: that is the promise too; a broken or partial file never is
        if out.read_bytes() != OLD:
            assert zipfile.is_zipfile(out) and zipfile.ZipFile(out).testzip() is None, \
                "an interrupted run left a broken output"
        if interrupted:
            assert proc.returncode in (130, -signal.SIGINT), err
