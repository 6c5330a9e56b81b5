"""No English reaches the user (issue 12 §5): click's help words, severity names, exception class
names, references to documents the user does not have."""

from __future__ import annotations

import re

import pytest

from tests.cli_run import run

COMMANDS = ["build", "format", "check", "rules", "preview", "template"]
CLICK_ENGLISH = ["Usage:", "Options:", "Commands:", "Arguments:", "Show this message", "Show the version",
                 "[default:", "[required]", "default:", "required]", "DESIGN.md", "RULES.md", "INTEGER",
                 "TEXT", "FILE", "PATH", "[OPTIONS]", "COMMAND"]


@pytest.mark.parametrize("argv", [["--help"]] + [[c, "--help"] for c in COMMANDS])
def test_help_is_chinese(argv, capsys):
    code, out, err = run(argv, capsys)
    assert code == 0, err
    for word in CLICK_ENGLISH:
        assert word not in out, (word, out)
    assert out.startswith("用法：docgen")
    assert "选项：" in out and "显示此帮助并退出。" in out


def test_group_help_lists_commands_in_chinese(capsys):
    _, out, _ = run(["--help"], capsys)
    assert "命令：" in out and "[选项] 命令 [参数]..." in out


def test_defaults_and_required_are_chinese(capsys):
    _, out, _ = run(["check", "--help"], capsys)
    assert "[默认：text]" in out and "[默认：1；不小于 0]" in out
    _, out, _ = run(["template", "--help"], capsys)
    assert "[必填]" in out


def test_help_columns_line_up_by_display_width(capsys):
    """Chinese metavars take two cells each: the help column starts at one screen column."""
    from docgen.clihelp import display_width

    _, out, _ = run(["check", "--help"], capsys)
    rows = [l for l in out.splitlines() if re.match(r"  -", l)]
    starts = set()
    for row in rows:
        m = re.match(r"(  \S.*?\S)  +(\S)", row)
        if m and display_width(m.group(1)) < 28:
            starts.add(display_width(row[: m.start(2)]))
    assert len(starts) == 1, starts


def test_version_is_chinese(capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and re.fullmatch(r"docgen 版本 \S+\n", out)


def test_no_arguments_prints_chinese_help(capsys):
    code, out, err = run([], capsys)
    assert code == 2 and "用法：docgen" in err and "Usage" not in err


def test_click_path_errors_are_chinese(tmp_path, capsys):
    code, _, err = run(["build", tmp_path], capsys)
    assert code == 2 and "应为文件" in err and "is a directory" not in err


def test_rules_listing_uses_chinese_severity_and_fix_names(capsys):
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert not re.search(r"\b(error|warning|info|safe|suggest|none)\b", out), out[:400]
    assert re.search(r"^LAYOUT-PAPER-SIZE\s+错误\s+安全修复", out, re.M)
    code, out, _ = run(["rules", "DUP-CHAR"], capsys)
    assert "严重性：警告" in out and "类别：文字清理" in out and "(warning)" not in out and "（warning）" not in out


def test_check_text_uses_chinese_severity_json_keeps_ids(tmp_path, capsys):
    src = tmp_path / "草稿.txt"
    src.write_text("同志们：\n各乡镇要认真落实责任,二是是要加强巡查。\n", encoding="utf-8")
    code, out, _ = run(["check", src], capsys)
    assert code == 1
    assert re.search(r":2: \S+ 错误 ", out) and not re.search(r" (error|warning|info) ", out)
    import json

    code, out, _ = run(["check", src, "--format", "json"], capsys)
    data = json.loads(out)
    assert {f["severity"] for f in data["files"][0]["findings"]} <= {"error", "warning", "info"}


def test_internal_error_names_no_exception_class(tmp_path, capsys, monkeypatch):
    import docgen.api

    def broken(*a, **k):
        raise KeyError("styles")

    monkeypatch.setattr(docgen.api, "build_file", broken)
    src = tmp_path / "讲话.yaml"
    src.write_text("title: 讲话\nbody:\n  - text: 正文。\n", encoding="utf-8")
    code, _, err = run(["build", src, "-o", tmp_path / "x.docx"], capsys)
    assert code == 3 and "KeyError" not in err and "内部错误" in err and "DOCGEN_DEBUG=1" in err


def test_broken_docx_message_names_no_exception_class(tmp_path, capsys):
    import zipfile

    bad = tmp_path / "坏文件.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body><w:p>")
    code, out, err = run(["check", bad], capsys)
    assert code == 2
    assert not re.search(r"(Error|Exception)\b", err), err
    assert "坏文件.docx" in err
