"""``docgen format`` and ``docgen check`` as batch commands (docgen.batch wired into the CLI): files,
directories and globs, ``--jobs``, a failed file reported on its own line while the others go on,
the summary line, ``--quiet``, valid JSON with a failure, and ``--in-place``."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from docgen.check.runner import check_paths, render_json, render_text
from cli_run import run
from docgen.cli import main
from docgen.model import Paragraph, iter_blocks
from docgen.readers import yaml as yaml_reader
from docgen.style import load_style

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NOT_A_ZIP = b"PK? not really a zip archive"
SUMMARY = re.compile(r"^共 (\d+) 个文件，成功 (\d+)，失败 (\d+)，\S+ (\d+) 个，用时 [\d.]+ 秒$", re.M)




def gold_texts(seed: Path):
    """The title (if any) and the first body paragraph the hand-made gold says the seed holds."""
    doc = yaml_reader.read(ROOT / "examples" / f"{seed.stem}.yaml")
    first = next(b.text for _, b in iter_blocks(doc.body) if isinstance(b, Paragraph))
    return [t for t in (doc.title, first) if t]


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def summary(err: str):
    found = SUMMARY.findall(err)
    assert len(found) == 1, err
    return tuple(int(n) for n in found[0])


def error_lines(err: str, name: str):
    return [ln for ln in err.splitlines() if name in ln and ln.startswith("docgen: ")]


def temp_leftovers(directory: Path):
    return [p.name for p in directory.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]


@pytest.fixture
def drafts(tmp_path):
    """The five seeds (two in a sub-folder), a .docx that is not a zip and a binary .txt."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for i, seed in enumerate(SEEDS):
        shutil.copy(seed, src / ("sub" if i >= 3 else "") / seed.name)
    (src / "broken.docx").write_bytes(NOT_A_ZIP)
    (src / "sub" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return src


@pytest.fixture(scope="module")
def formatted(tmp_path_factory):
    """The seeds formatted once into .docx files (what check usually gets), plus a broken .docx."""
    d = tmp_path_factory.mktemp("formatted")
    src = d / "drafts"
    src.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, src / seed.name)
    out = d / "docx"
    code = None
    try:
        main(["format", str(src), "-o", str(out), "--quiet"])
    except SystemExit as exc:
        code = exc.code
    assert code == 0
    good = sorted(out.glob("*.docx"))
    assert len(good) == len(SEEDS)
    (out / "zz-broken.docx").write_bytes(NOT_A_ZIP)
    return out, good


def raw_docx(path: Path, seed: Path) -> Path:
    """A seed pasted into Word as plain paragraphs (default styles, no house style)."""
    d = docx.Document()
    for line in seed.read_text(encoding="utf-8").split("\n")[:-1]:
        d.add_paragraph(line)
    d.save(str(path))
    return path


# -- format ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", [1, 2])
def test_format_directory_goes_on_past_broken_files(drafts, tmp_path, capsys, jobs):
    out = tmp_path / "out"
    code, stdout, err = run(["format", drafts, "-o", out, "--jobs", jobs], capsys)
    assert code == 2, err
    assert "Traceback" not in err and stdout == ""
    for i, seed in enumerate(SEEDS):
        result = out / ("sub" if i >= 3 else "") / (seed.stem + ".docx")
        assert result.exists(), err
        text = docx_text(result)
        for expected in gold_texts(seed):
            assert expected in text, (seed.name, expected)
        assert f"已生成：{result}" in err
    # each failure: one line naming the file and saying what is wrong
    (broken,) = error_lines(err, "broken.docx")
    assert "不是有效的 .docx 文件" in broken
    (binary,) = error_lines(err, "binary.txt")
    assert "不是文本文件" in binary
    assert not (out / "broken.docx").exists() and not (out / "sub" / "binary.docx").exists()
    files, ok, failed, _ = summary(err)
    assert (files, ok, failed) == (len(SEEDS) + 2, len(SEEDS), 2)
    assert temp_leftovers(out) == []


def test_format_jobs_1_and_2_write_the_same_documents(drafts, tmp_path, capsys):
    for jobs in (1, 2):
        run(["format", drafts, "-o", tmp_path / f"out{jobs}", "-j", jobs, "-q"], capsys)
    one = sorted(p.relative_to(tmp_path / "out1") for p in (tmp_path / "out1").rglob("*.docx"))
    two = sorted(p.relative_to(tmp_path / "out2") for p in (tmp_path / "out2").rglob("*.docx"))
    assert one == two and len(one) == len(SEEDS)
    for rel in one:
        assert (tmp_path / "out1" / rel).read_bytes() == (tmp_path / "out2" / rel).read_bytes(), rel


def test_second_run_does_not_read_its_own_outputs(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, src / seed.name)
    for _ in range(2):                                     # the output folder is inside the input
        code, _, err = run(["format", src, "-o", src / "out", "--jobs", 2], capsys)
        assert code == 0, err
        assert summary(err)[:3] == (2, 2, 0)
    assert not (src / "out" / "out").exists()
    assert sorted(p.name for p in (src / "out").iterdir()) == [s.stem + ".docx" for s in SEEDS[:2]]
    shutil.rmtree(src / "out")
    for _ in range(2):                                     # no -o: outputs next to the drafts
        code, _, err = run(["format", src], capsys)
        assert code == 0, err
        assert summary(err)[:3] == (2, 2, 0)
    assert not list(src.glob("*.formatted.docx"))


def test_two_inputs_for_one_output_fail_alone(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS[2], src / "a.txt")
    shutil.copy(SEEDS[3], src / "a.md")                 # both would become out/a.docx
    shutil.copy(SEEDS[4], src / "b.txt")
    code, _, err = run(["format", src, "-o", tmp_path / "out"], capsys)
    assert code == 2, err
    (line,) = error_lines(err, "a.txt")
    assert "a.md" in line and "同一个输出文件" in line
    assert gold_texts(SEEDS[3])[0] in docx_text(tmp_path / "out" / "a.docx")   # the first one won
    assert (tmp_path / "out" / "b.docx").exists()


def test_glob_the_shell_did_not_expand(drafts, tmp_path, capsys):
    code, _, err = run(["format", f"{drafts}/**/0*.txt", "-o", tmp_path / "out"], capsys)
    assert code == 0, err
    assert (tmp_path / "out" / "sub" / (SEEDS[4].stem + ".docx")).exists()
    assert summary(err)[:3] == (len(SEEDS), len(SEEDS), 0)


def test_quiet_hides_the_summary_but_not_the_errors(drafts, tmp_path, capsys):
    code, _, err = run(["format", drafts, "-o", tmp_path / "out", "--quiet"], capsys)
    assert code == 2
    assert not SUMMARY.search(err)
    assert len(error_lines(err, "broken.docx")) == 1 and len(error_lines(err, "binary.txt")) == 1


def test_report_is_printed_per_file(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for seed in SEEDS[2:4]:
        shutil.copy(seed, src / seed.name)
    code, _, err = run(["format", src, "-o", tmp_path / "out", "--report", "-j", 2], capsys)
    assert code == 0, err
    # seed 003 starts with a watermark line the formatter removes, and says so with the place
    assert f"{src / SEEDS[3].name}:1:1: NOISE-LINE" in err
    assert err.index(SEEDS[2].name) < err.index(f"{src / SEEDS[3].name}:1:1:")     # input order


# -- check -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", [1, 2])
def test_check_directory_reports_the_others_when_one_is_broken(formatted, capsys, jobs):
    out, good = formatted
    code, stdout, err = run(["check", out, "--jobs", jobs], capsys)
    expected = check_paths(good, load_style())
    assert stdout == render_text(expected) + "\n"          # the good files, exactly as one by one
    assert expected.findings                               # (and there is something to report)
    (line,) = error_lines(err, "zz-broken.docx")
    assert "不是有效的 .docx 文件" in line
    files, ok, failed, findings = summary(err)
    assert (files, ok, failed, findings) == (len(good) + 1, len(good), 1, len(expected.findings))
    assert code == 2                                       # max(findings code, 2 for the failed file)


def test_check_json_stays_valid_with_a_failure(formatted, capsys):
    out, good = formatted
    code, stdout, err = run(["check", out, "--format", "json", "-j", 2, "-q"], capsys)
    assert code == 2
    data = json.loads(stdout)
    # every good file as a check of them alone gives it, and the broken one with its error (issue 12)
    *files, broken = data["files"]
    assert {"version": 1, "files": files} == json.loads(render_json(check_paths(good, load_style())))
    assert [Path(f["path"]).name for f in files] == [p.name for p in good]
    assert Path(broken["path"]).name == "zz-broken.docx" and broken["reason"] == "input"
    assert broken["error"] and broken["findings"] == [] and broken["exit_code"] == 2
    assert len(error_lines(err, "zz-broken.docx")) == 1
    assert not SUMMARY.search(err)


def test_check_missing_file_among_good_ones(formatted, capsys):
    _, good = formatted
    code, stdout, err = run(["check", good[0], "no-such.txt", good[1]], capsys)
    assert code == 2
    (line,) = error_lines(err, "no-such.txt")
    assert "文件不存在" in line
    assert stdout == render_text(check_paths(good[:2], load_style())) + "\n"


def test_check_exit_code_without_failures_is_the_findings_code(formatted, capsys):
    _, good = formatted
    code, _, err = run(["check", *good, "-j", 2], capsys)
    assert code == check_paths(good, load_style()).exit_code == 1
    assert summary(err)[:3] == (len(good), len(good), 0)


def test_check_fix_into_a_directory_mirrors_the_tree(drafts, tmp_path, capsys):
    (drafts / "broken.docx").unlink()
    (drafts / "sub" / "binary.txt").unlink()
    out = tmp_path / "fixed"
    code, _, err = run(["check", drafts, "--fix", "-o", out, "-j", 2], capsys)
    assert code in (0, 1), err
    for i, seed in enumerate(SEEDS):
        fixed = out / ("sub" if i >= 3 else "") / seed.name
        assert fixed.exists() and f"写入 {fixed}。" in err
    assert [s.read_bytes() for s in SEEDS] == [p.read_bytes() for p in sorted(drafts.rglob("*.txt"),
                                                                              key=lambda p: p.name)]


# -- --in-place ------------------------------------------------------------------------------------

def test_format_docx_in_place(tmp_path, capsys):
    src = raw_docx(tmp_path / "讲话.docx", SEEDS[2])
    before = src.read_bytes()
    code, _, err = run(["format", src, "--in-place"], capsys)
    assert code == 0, err
    assert src.read_bytes() != before
    assert zipfile.is_zipfile(src) and zipfile.ZipFile(src).testzip() is None
    d = docx.Document(str(src))
    assert any(p.style.style_id == "GwTitle" for p in d.paragraphs)           # now in house style
    for expected in gold_texts(SEEDS[2]):
        assert expected in docx_text(src)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["讲话.docx"]         # no .formatted, no temp
    assert f"已改写：{src}" in err


def test_format_in_place_over_a_directory_rewrites_the_docx_files_only(tmp_path, capsys):
    raw_docx(tmp_path / "a.docx", SEEDS[3])
    shutil.copy(SEEDS[4], tmp_path / "b.txt")
    before = (tmp_path / "b.txt").read_bytes()
    code, _, err = run(["format", tmp_path, "--in-place", "-j", 2], capsys)
    assert code == 0, err
    assert any(p.style.style_id == "GwTitle" for p in docx.Document(str(tmp_path / "a.docx")).paragraphs)
    assert (tmp_path / "b.txt").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.txt"]


def test_format_in_place_refuses_text_and_output(tmp_path, capsys):
    src = tmp_path / "稿.txt"
    shutil.copy(SEEDS[2], src)
    code, _, err = run(["format", src, "--in-place"], capsys)
    assert code == 2
    (line,) = [ln for ln in err.splitlines() if ln.strip()]
    assert "--in-place" in line and ".docx" in line and str(src) in line
    dx = raw_docx(tmp_path / "a.docx", SEEDS[2])
    before = dx.read_bytes()
    code, _, err = run(["format", dx, "--in-place", "-o", tmp_path / "b.docx"], capsys)
    assert code == 2 and "-o" in err
    assert dx.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "稿.txt"]


def test_check_fix_in_place_text(tmp_path, capsys):
    src = tmp_path / "草稿.txt"
    src.write_text("在全县工作会议上的讲话\n同志们：\n持续保持反腐败高压态势,全县上下政治生态正气充盈。\n", encoding="utf-8")
    code, stdout, err = run(["check", src, "--fix", "--in-place"], capsys)
    assert code in (0, 1), err
    assert src.read_text(encoding="utf-8").splitlines()[2] == "持续保持反腐败高压态势，全县上下政治生态正气充盈。"
    assert "PUNCT-HALFWIDTH-IN-CJK" not in stdout                           # the report is of the fixed file
    assert "已修复 1 处" in err and f"{src}:3:12: PUNCT-HALFWIDTH-IN-CJK" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["草稿.txt"]


def test_check_fix_in_place_docx(tmp_path, capsys):
    src = raw_docx(tmp_path / "讲话.docx", SEEDS[0])
    code, _, err = run(["check", src, "--fix", "--in-place", "--select", "PUNCT,DUP-CHAR"], capsys)
    assert code in (0, 1), err
    text = docx_text(src)
    assert "态势，全县上下" in text and "态势,全县上下" not in text and "二是是" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["讲话.docx"]


@pytest.mark.parametrize("args, needle", [
    (["--in-place"], "--fix"),                        # check alone never writes
    (["--fix", "--in-place", "-o", "x.txt"], "-o"),
    (["--fix"], "--in-place"),                        # --fix needs somewhere to write
])
def test_check_in_place_usage_errors(tmp_path, capsys, args, needle):
    src = tmp_path / "a.txt"
    src.write_text("态势,全县。\n", encoding="utf-8")
    code, _, err = run(["check", src, *args], capsys)
    assert code == 2 and needle in err, err
    assert src.read_text(encoding="utf-8") == "态势,全县。\n"
