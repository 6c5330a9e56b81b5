"""``check --format json`` lists every file, failed ones with their error (issue 12 §6)."""

from __future__ import annotations

import json
import zipfile

from tests.cli_run import run


def _folder(tmp_path):
    d = tmp_path / "稿件"
    d.mkdir()
    (d / "01-讲话.txt").write_text("在全县防汛工作会议上的讲话\n同志们：\n今天召开会议，部署防汛工作。\n", encoding="utf-8")
    (d / "02-不是压缩包.docx").write_text("这是改了扩展名的文本。\n", encoding="utf-8")
    (d / "03-乱码.txt").write_bytes(bytes(range(256)) * 8)
    with zipfile.ZipFile(d / "04-缺正文.docx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    return d


def test_every_file_is_in_the_json_with_its_error(tmp_path, capsys):
    d = _folder(tmp_path)
    code, out, err = run(["check", d, "--format", "json"], capsys)
    assert code == 2
    data = json.loads(out)
    files = {f["path"].split("/")[-1]: f for f in data["files"]}
    assert sorted(files) == ["01-讲话.txt", "02-不是压缩包.docx", "03-乱码.txt", "04-缺正文.docx"]
    good = files["01-讲话.txt"]
    assert "error" not in good and good["counts"]["warning"] + good["counts"]["info"] >= 0
    for name in ("02-不是压缩包.docx", "03-乱码.txt", "04-缺正文.docx"):
        entry = files[name]
        assert entry["error"] and entry["reason"] == "input" and entry["exit_code"] == 2, entry
        assert entry["findings"] == [] and entry["counts"] == {"error": 0, "warning": 0, "info": 0}
        assert name not in entry["error"]            # the message; the path is its own key
        assert entry["kind"] == ("docx" if name.endswith(".docx") else "text")
    assert "zip" in files["02-不是压缩包.docx"]["error"]
    assert "word/document.xml" in files["04-缺正文.docx"]["error"]
    # the order is the input order, and stderr still has one line per failure
    assert [f["path"].split("/")[-1] for f in data["files"]] == sorted(files)
    assert sum(1 for l in err.splitlines() if l.startswith("docgen: ")) == 3


def test_one_failed_file_alone_is_in_the_json(tmp_path, capsys):
    bad = tmp_path / "坏.docx"
    bad.write_text("文本", encoding="utf-8")
    code, out, _ = run(["check", bad, "--format", "json"], capsys)
    assert code == 2
    (entry,) = json.loads(out)["files"]
    assert entry["path"] == str(bad) and entry["reason"] == "input" and entry["error"]


def test_text_report_is_unchanged_by_failures(tmp_path, capsys):
    d = _folder(tmp_path)
    code, out, _ = run(["check", d], capsys)
    assert code == 2
    assert "01-讲话.txt" in out and "02-不是压缩包" not in out   # failures are on stderr only
