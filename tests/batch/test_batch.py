"""docgen.batch: input expansion, the batch runner (serial and process pool), per-file failures,
progress only on a terminal, Ctrl-C without partial outputs, and the shared --jobs/--quiet options."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import click
import docx
import pytest
from click.testing import CliRunner

from docgen.batch import (EXIT_FAILED, BatchResult, InputItem, Outcome, expand_inputs, mirror_output, preload,
                          resolve_jobs, run_batch)
from docgen.commands.options import jobs_option, quiet_option
from docgen.errors import DocgenError

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


# -- workers (top level: the process pool pickles them by name) --------------------------------------

def format_worker(task):
    """Format one draft into house style; the result is small: the number of findings."""
    from docgen.api import format_file

    src, out = task
    return len(format_file(src, out).findings)


def square_after_delay(n):
    # later tasks finish first, so input order must come from the runner, not from completion
    time.sleep(0.02 * (5 - n % 5))
    return n * n


def fail_on_three(n):
    if n == 3:
        raise ValueError("三号任务坏了")
    if n == 4:
        raise DocgenError("内容不对", path="第四个.txt", line=7)
    return n


def die_on_two(n):
    if n == 2:
        os._exit(1)           # a worker killed mid-task (a crash in a C extension, the OOM killer)
    return n


def never_called(task):
    raise AssertionError("a task with a known problem must not reach the worker")


# -- fixtures ----------------------------------------------------------------------------------------

@pytest.fixture()
def drafts(tmp_path):
    """The five seeds in a tree (two in a sub-folder), as a directory input would find them."""
    src = tmp_path / "drafts"
    (src / "sub").mkdir(parents=True)
    for i, seed in enumerate(SEEDS):
        target = src / ("sub" if i >= 3 else "") / seed.name
        target.write_bytes(seed.read_bytes())
    return src


def plan(src: Path, out_dir: Path):
    return [(item.path, mirror_output(item.rel, out_dir, ".docx")) for item in expand_inputs([str(src)])]


def first_texts(path: Path, n: int = 12) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs[:n])


# -- run_batch with the real formatter ---------------------------------------------------------------

def test_jobs_1_and_2_write_identical_documents_in_input_order(drafts, tmp_path):
    serial = run_batch(plan(drafts, tmp_path / "out1"), format_worker, jobs=1, progress=False)
    pooled = run_batch(plan(drafts, tmp_path / "out2"), format_worker, jobs=2, progress=False,
                       initializer=preload)
    assert pooled.jobs == 2
    assert serial.failed == [] and pooled.failed == []
    assert [o.label for o in serial.outcomes] == [o.label for o in pooled.outcomes] == \
        [str(item.path) for item in expand_inputs([str(drafts)])]
    assert serial.values == pooled.values
    assert all(n > 0 for n in serial.values)          # every seed has junk the formatter reports

    outs1 = sorted(p.relative_to(tmp_path / "out1") for p in (tmp_path / "out1").rglob("*.docx"))
    outs2 = sorted(p.relative_to(tmp_path / "out2") for p in (tmp_path / "out2").rglob("*.docx"))
    assert outs1 == outs2 == sorted(Path(("sub/" if i >= 3 else "") + s.stem + ".docx")
                                    for i, s in enumerate(SEEDS))
    for rel in outs1:
        assert (tmp_path / "out1" / rel).read_bytes() == (tmp_path / "out2" / rel).read_bytes(), rel
    # each output is its own seed formatted: seed 002's title, seed 004's salutation, ads gone
    text_002 = first_texts(tmp_path / "out2" / "002_b2d4874fc0b8858a.docx")
    assert "在县委党的建设工作领导小组会议上的讲话" in text_002
    assert "原创投稿" not in text_002
    assert "在县直机关党建工作会议上的讲话" in first_texts(tmp_path / "out2" / "sub" / "004_2bceb174e93711ca.docx")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_broken_input_fails_alone(drafts, tmp_path, jobs):
    garbage = drafts / "sub" / "002_binary.txt"
    garbage.write_bytes(bytes(range(256)) * 40)
    tasks = plan(drafts, tmp_path / "out")
    result = run_batch(tasks, format_worker, jobs=jobs, progress=False)

    assert len(result.outcomes) == 6
    [bad] = result.failed
    assert bad.label == str(garbage) and bad.error.startswith(str(garbage))
    assert "不是文本文件" in bad.error and "内部错误" not in bad.error
    assert result.succeeded == 5 and result.exit_code == EXIT_FAILED
    assert not (tmp_path / "out" / "sub" / "002_binary.docx").exists()
    assert len(list((tmp_path / "out").rglob("*.docx"))) == 5
    assert list((tmp_path / "out").rglob("*.tmp")) == []
    summary = result.summary({"问题": result.total(lambda n: n)})
    assert summary.startswith("共 6 个文件，成功 5，失败 1，问题 ")
    assert summary.endswith(" 秒")


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_keep_input_order_and_errors_are_one_line(jobs):
    ordered = run_batch(list(range(10)), square_after_delay, jobs=jobs, progress=False)
    assert ordered.values == [n * n for n in range(10)]

    mixed = run_batch(list(range(6)), fail_on_three, jobs=jobs, progress=False)
    assert [o.ok for o in mixed.outcomes] == [True, True, True, False, False, True]
    # a bug of ours: said in Chinese, without the exception's class name (issue 12)
    assert mixed.outcomes[3].error == "3: 内部错误（程序缺陷，不是这个文件的问题）；设置 DOCGEN_DEBUG=1 单独处理此文件可看到详情，请报告给维护者"
    assert mixed.outcomes[4].error == "第四个.txt:7: 内容不对"
    assert mixed.values[5] == 5 and mixed.exit_code != 0


def test_a_dead_worker_fails_its_task_and_the_batch_goes_on():
    result = run_batch(list(range(8)), die_on_two, jobs=2, progress=False)
    assert [o.label for o in result.failed] == ["2"]
    assert "处理进程意外退出" in result.failed[0].error
    assert [v for v in result.values if v is not None] == [0, 1, 3, 4, 5, 6, 7]


def test_all_good_batch_exits_zero():
    result = run_batch([1, 2, 3], abs, jobs=2, progress=False)
    assert result.exit_code == 0 and result.values == [1, 2, 3]
    assert result.summary().startswith("共 3 个文件，成功 3，失败 0，用时 ")


# -- progress ----------------------------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal():
    piped = io.StringIO()
    run_batch([1, 2, 3], abs, progress=None, label="格式化", stream=piped)
    assert piped.getvalue() == ""

    tty = FakeTerminal()
    run_batch([1, 2, 3], abs, progress=None, label="格式化", stream=tty)
    shown = tty.getvalue()
    assert "\r格式化 3/3" in shown
    assert shown.endswith("\r") and "\n" not in shown     # the line is cleared, nothing scrolls

    quiet = FakeTerminal()
    run_batch([1, 2, 3], abs, progress=False, label="格式化", stream=quiet)
    assert quiet.getvalue() == ""


# -- expand_inputs / mirror_output ---------------------------------------------------------------------

@pytest.fixture()
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = ["docs/a.txt", "docs/b.DOCX", "docs/sub/c.md", "docs/sub/deep/d.docx",
             "docs/.hidden.txt", "docs/.git/e.txt", "docs/~$b.docx", "docs/.b.docx.x1y2.tmp",
             "docs/notes.pdf", "docs/a.txt~", "docs/sub/draft.tmp", "other/z.txt"]
    for f in files:
        Path(f).parent.mkdir(parents=True, exist_ok=True)
        Path(f).write_text("同志们：", encoding="utf-8")
    Path("empty").mkdir()
    return tmp_path


def pairs(items):
    return [(str(p), str(r)) for p, r in items]


def test_directory_is_recursive_sorted_and_skips_hidden_and_temporary_files(tree):
    items = expand_inputs(["docs"])
    assert pairs(items) == [("docs/a.txt", "a.txt"), ("docs/b.DOCX", "b.DOCX"),
                            ("docs/sub/c.md", "sub/c.md"), ("docs/sub/deep/d.docx", "sub/deep/d.docx")]
    assert all(item.error is None for item in items)


def test_an_output_folder_inside_the_input_is_not_read_back(tree):
    Path("docs/out/sub").mkdir(parents=True)
    Path("docs/out/sub/a.docx").write_bytes(b"")
    assert "docs/out/sub/a.docx" in [str(i.path) for i in expand_inputs(["docs"])]
    [from_glob] = expand_inputs(["docs/out/**/*.docx"], exclude=["docs/out"])
    assert from_glob.error.startswith("没有与“docs/out/**/*.docx”匹配")
    assert pairs(expand_inputs(["docs"], exclude=["docs/out"])) == \
        pairs(expand_inputs(["docs"], exclude=[str(tree / "docs" / "out")])) == [
            ("docs/a.txt", "a.txt"), ("docs/b.DOCX", "b.DOCX"), ("docs/sub/c.md", "sub/c.md"),
            ("docs/sub/deep/d.docx", "sub/deep/d.docx")]


def test_globs_the_shell_did_not_expand(tree):
    items = expand_inputs(["docs/*.txt", "docs/**/*.docx"])
    # "b.DOCX" is not matched by the case-sensitive pattern *.docx; ~$b.docx is a Word lock file
    assert pairs(items) == [("docs/a.txt", "a.txt"), ("docs/sub/deep/d.docx", "sub/deep/d.docx")]
    assert pairs(expand_inputs(["docs/s*"])) == [("docs/sub/c.md", "sub/c.md"),
                                                  ("docs/sub/deep/d.docx", "sub/deep/d.docx")]


def test_problems_are_per_item_not_exceptions(tree):
    items = expand_inputs(["docs/a.txt", "missing.txt", "empty", "docs/*.rtf", "docs/notes.pdf", "-",
                           "docs", "other/z.txt"])
    by_path = {str(i.path): i for i in items}
    assert by_path["missing.txt"].error == "文件不存在"
    assert "目录中没有" in by_path["empty"].error
    assert "没有与“docs/*.rtf”匹配" in by_path["docs/*.rtf"].error
    assert "不支持的文件类型“.pdf”" in by_path["docs/notes.pdf"].error
    assert by_path["-"].is_stdin and by_path["-"].rel == Path("stdin") and by_path["-"].error is None
    # docs/a.txt was named first; the directory does not add it a second time
    assert [str(i.path) for i in items].count("docs/a.txt") == 1
    assert str(items[-1].path) == "other/z.txt"

    result = run_batch([i for i in items if i.error], never_called, jobs=1, progress=False)
    assert [o.error for o in result.outcomes] == [
        "missing.txt: 文件不存在", "empty: 目录中没有 .txt、.md、.docx 文件",
        "docs/*.rtf: 没有与“docs/*.rtf”匹配的 .txt、.md、.docx 文件",
        "docs/notes.pdf: 不支持的文件类型“.pdf”：可处理 .txt、.md、.docx"]
    assert result.exit_code == EXIT_FAILED


def test_a_missing_file_among_good_ones_fails_alone(tree, tmp_path):
    items = expand_inputs(["docs/a.txt", "gone.txt", "other/z.txt"])
    tasks = [(item, mirror_output(item.rel, tmp_path / "out", ".docx")) for item in items]
    result = run_batch(tasks, format_worker_item, jobs=2, progress=False)
    assert [o.ok for o in result.outcomes] == [True, False, True]
    assert result.outcomes[1].error == "gone.txt: 文件不存在"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.docx", "z.docx"]


def format_worker_item(task):
    item, out = task
    return format_worker((item.path, out))


def test_item_unpacks_as_path_and_relative_path(tree):
    [item] = expand_inputs(["docs/sub/deep"])
    path, rel = item
    assert isinstance(item, InputItem) and path == Path("docs/sub/deep/d.docx") and rel == Path("d.docx")


def test_mirror_output_creates_the_folders(tmp_path):
    out = mirror_output(Path("sub/deep/讲话.txt"), tmp_path / "out", ".docx")
    assert out == tmp_path / "out" / "sub" / "deep" / "讲话.docx" and out.parent.is_dir()
    assert mirror_output(Path("a.b.docx"), tmp_path / "o", ".formatted.docx") == tmp_path / "o" / "a.b.formatted.docx"
    # a relative path cannot climb out of the output directory
    assert mirror_output(Path("../../etc/x.txt"), tmp_path / "o", ".docx") == tmp_path / "o" / "x.docx"
    (tmp_path / "file").write_text("")
    with pytest.raises(DocgenError, match="同名文件已存在"):
        mirror_output(Path("file/x.txt"), tmp_path, ".docx")


# -- Ctrl-C --------------------------------------------------------------------------------------------

INTERRUPT_SCRIPT = textwrap.dedent("""
    import signal, sys, time
    from pathlib import Path
    from docgen.batch import run_batch
    from docgen.fileio import atomic_write

    OUT = Path(sys.argv[1])

    def slow_write(tmp):
        with open(tmp, "w") as fh:
            for _ in range(40):
                fh.write("x" * 100); fh.flush(); time.sleep(0.01)

    def worker(i):
        atomic_write(OUT / f"{i}.txt", slow_write)
        return i

    if __name__ == "__main__":
        signal.signal(signal.SIGINT, signal.default_int_handler)   # a background job starts with it ignored
        try:
            run_batch(list(range(60)), worker, jobs=int(sys.argv[2]), progress=False)
        except KeyboardInterrupt:
            print("INTERRUPTED", flush=True)
            sys.exit(130)
        print("FINISHED")
""")


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_the_batch_without_partial_outputs(tmp_path, jobs):
    script = tmp_path / "interrupt.py"
    script.write_text(INTERRUPT_SCRIPT, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    # its own process group, like a terminal's foreground job: Ctrl-C reaches parent and workers
    proc = subprocess.Popen([sys.executable, str(script), str(out), str(jobs)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(out.glob("*.txt")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and stdout.strip() == "INTERRUPTED", stderr
    assert "Traceback" not in stderr                     # no worker prints its own traceback
    written = sorted(out.iterdir())
    assert 0 < len(written) < 60
    assert [p for p in written if p.suffix != ".txt"] == []          # no temporary files left
    assert all(p.stat().st_size == 4000 for p in written)             # every output is complete


# -- shared options --------------------------------------------------------------------------------------

@click.command()
@jobs_option
@quiet_option
def options_probe(jobs, quiet):
    click.echo(f"{jobs} {quiet}")


def test_jobs_and_quiet_options():
    runner = CliRunner()
    assert runner.invoke(options_probe, []).output == "1 False\n"
    assert runner.invoke(options_probe, ["-j", "2", "-q"]).output == "2 True\n"
    assert runner.invoke(options_probe, ["--jobs", "0", "--quiet"]).output == f"{resolve_jobs(0)} True\n"
    assert resolve_jobs(0) >= 1
    bad = runner.invoke(options_probe, ["--jobs", "-1"])
    assert bad.exit_code == 2 and "-1" in bad.output


def test_outcome_and_result_bookkeeping():
    result = BatchResult([Outcome("a", value=3), Outcome("b", error="b: 坏"), Outcome("c", value=4)], 1.26)
    assert result.total(lambda n: n) == 7
    assert result.summary({"问题": 7}) == "共 3 个文件，成功 2，失败 1，问题 7 个，用时 1.3 秒"


def test_report_always_shows_failures_and_the_summary_unless_quiet():
    from docgen.batch import report

    result = run_batch(list(range(6)), fail_on_three, jobs=1, progress=False)
    loud, quiet = io.StringIO(), io.StringIO()
    report(result, {"问题": 15}, quiet=False, stream=loud)
    report(result, {"问题": 15}, quiet=True, stream=quiet)
    failures = "docgen: 3: 内部错误（程序缺陷，不是这个文件的问题）；设置 DOCGEN_DEBUG=1 单独处理此文件可看到详情，请报告给维护者\ndocgen: 第四个.txt:7: 内容不对\n"
    assert quiet.getvalue() == failures
    assert loud.getvalue().startswith(failures)
    assert loud.getvalue()[len(failures):].startswith("共 6 个文件，成功 4，失败 2，问题 15 个，用时 ")


def length_of_input(task):
    path = str(task)
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    return len(text)


def test_stdin_is_read_by_the_parent_even_with_a_pool(tree, monkeypatch):
    # a pool worker's stdin is /dev/null (multiprocessing closes it), so "-" must not go to one
    monkeypatch.setattr(sys, "stdin", io.StringIO("同志们：今天开会。"))
    items = expand_inputs(["docs/a.txt", "-", "other/z.txt"])
    result = run_batch([item.path for item in items], length_of_input, jobs=2, progress=False)
    assert result.values == [4, 9, 4]
