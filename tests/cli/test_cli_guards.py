"""Guards a user meets by accident (found by a review that tried to break the promises in the
README): a wrong output extension, a Word file of the user's own where a default output would go,
'-o newdir/', and advice that names an option the command does not have."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from cli_run import run

ROOT = Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
EXAMPLE = ROOT / "examples" / "speech.yaml"


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "讲话.txt"
    shutil.copy(SEED, path)
    return path


@pytest.mark.parametrize("argv", [
    ["format", "{draft}", "-o", "{other}"],
    ["build", str(EXAMPLE), "-o", "{other}"],
    ["template", "-o", "{other}"],
])
def test_an_output_that_is_not_a_docx_is_refused_and_the_file_there_kept(draft, tmp_path, capsys, argv):
    other = tmp_path / "另一份草稿.txt"
    other.write_text("别的草稿", encoding="utf-8")
    code, _, err = run([a.format(draft=draft, other=other) for a in argv], capsys)
    assert code == 2 and "应为 .docx 文件" in err
    assert other.read_text(encoding="utf-8") == "别的草稿"


def test_annotate_into_a_text_file_is_refused(draft, tmp_path, capsys):
    made = tmp_path / "讲话.docx"
    assert run(["format", draft, "-o", made], capsys)[0] == 0
    code, _, err = run(["check", made, "--annotate", draft], capsys)
    assert code == 2 and "应为 .docx 文件" in err
    assert draft.read_bytes() == SEED.read_bytes()


def _users_own_docx(path: Path) -> bytes:
    d = docx.Document()
    d.add_paragraph("用户自己的文件，不是 docgen 生成的")
    d.save(str(path))
    return path.read_bytes()


def test_a_default_output_never_replaces_a_users_own_word_file(draft, capsys):
    own = draft.with_suffix(".docx")
    before = _users_own_docx(own)
    code, _, err = run(["format", draft], capsys)
    assert code == 2 and "不是 docgen 生成的文件" in err
    assert own.read_bytes() == before
    # with -o the user names the target: that is allowed
    assert run(["format", draft, "-o", own], capsys)[0] == 0


def test_a_folder_run_treats_a_users_word_file_as_a_draft_not_as_an_old_output(draft, capsys):
    own = draft.with_suffix(".docx")
    before = _users_own_docx(own)
    code, _, err = run(["format", draft.parent], capsys)
    assert code == 2                                           # 讲话.txt cannot go to 讲话.docx
    assert own.read_bytes() == before
    assert draft.with_name("讲话.formatted.docx").exists()      # the user's .docx was formatted


def test_a_docgen_output_next_to_its_draft_is_replaced_and_skipped_on_a_second_run(draft, capsys):
    assert run(["format", draft], capsys)[0] == 0
    code, _, err = run(["format", draft.parent], capsys)
    assert code == 0, err
    assert not draft.with_name("讲话.formatted.docx").exists()


def test_output_with_a_trailing_slash_is_a_folder(draft, tmp_path, capsys):
    code, _, err = run(["format", draft, "-o", str(tmp_path / "新目录") + "/"], capsys)
    assert code == 0, err
    assert (tmp_path / "新目录" / "讲话.docx").is_file()


def test_build_onto_its_own_input_does_not_suggest_an_option_build_lacks(tmp_path, capsys):
    content = tmp_path / "speech.docx"          # a content file named .docx, built onto itself
    content.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(["build", content, "-o", content], capsys)
    assert code == 2 and "输入文件相同" in err and "--in-place" not in err


def _failing_yaml_write(monkeypatch):
    import docgen.api
    from docgen.errors import DocgenError

    def fail(path, text):
        raise DocgenError("写出失败：磁盘空间不足；原有文件未被改动", path=path)

    monkeypatch.setattr(docgen.api, "atomic_write_text", fail)


def test_a_yaml_that_cannot_be_written_leaves_no_new_docx(draft, tmp_path, monkeypatch):
    from docgen.errors import DocgenError
    from docgen.api import format_file

    out = tmp_path / "讲话.docx"
    _failing_yaml_write(monkeypatch)
    with pytest.raises(DocgenError, match="磁盘空间不足"):
        format_file(draft, out, yaml_out=tmp_path / "讲话.yaml")
    assert not out.exists()


def test_a_yaml_failure_puts_the_old_docx_back(draft, tmp_path, monkeypatch):
    from docgen.errors import DocgenError
    from docgen.api import format_file

    out = tmp_path / "讲话.docx"
    format_file(draft, out)
    before = out.read_bytes()
    other = tmp_path / "另一篇.txt"
    other.write_text("同志们：\n今天开个短会。\n谢谢大家！\n", encoding="utf-8")
    _failing_yaml_write(monkeypatch)
    with pytest.raises(DocgenError):
        format_file(other, out, yaml_out=tmp_path / "x.yaml")
    assert out.read_bytes() == before


@pytest.mark.parametrize("text, says", [("", "没有任何文字内容"),
                                         ("本文系作者原创投稿，仅供学习参考，请勿照搬照抄！\n更多范文请关注公众号\n",
                                          "只有广告、声明")])
def test_nothing_to_lay_out_is_refused_like_check_refuses_it(tmp_path, capsys, text, says):
    src = tmp_path / "空.txt"
    src.write_text(text, encoding="utf-8")
    code, _, err = run(["format", src], capsys)
    assert code == 2 and says in err
    assert not (tmp_path / "空.docx").exists()


def test_check_json_of_one_unreadable_file_is_still_json(tmp_path, capsys):
    import json

    src = tmp_path / "坏.txt"
    src.write_bytes(b"\x00\x01\x02binary")
    code, out, err = run(["check", src, "--format", "json"], capsys)
    assert code == 2 and "不是文本文件" in err
    # the JSON names the file with its error (issue 12 §6), not an empty list
    (entry,) = json.loads(out)["files"]
    assert entry["path"] == str(src) and "不是文本文件" in entry["error"] and entry["findings"] == []


@pytest.mark.parametrize("codec, bom, newline", [("gb18030", b"", "\r\n"), ("utf-8", b"\xef\xbb\xbf", "\n"),
                                                  ("utf-16-le", b"\xff\xfe", "\r\n")])
def test_fix_in_place_keeps_the_encoding_bom_and_line_ends(tmp_path, capsys, codec, bom, newline):
    src = tmp_path / "草稿.txt"
    src.write_bytes(bom + newline.join(["同志们:", "今天开会,要认真.", ""]).encode(codec))
    code, _, err = run(["check", src, "--fix", "--in-place"], capsys)
    assert code in (0, 1), err
    data = src.read_bytes()
    assert data.startswith(bom)
    assert data[len(bom):].decode(codec) == newline.join(["同志们：", "今天开会，要认真。", ""])


@pytest.mark.parametrize("argv, says", [
    (["format", "a.txt", "--bogus"], "没有选项 --bogus"),
    (["check", "a.txt", "--format", "xml"], "无效，可用"),
    (["fromat"], "没有命令 fromat"),
    (["format"], "缺少参数"),
    (["format", "a.txt", "-j", "-1"], "超出范围"),
    (["build", "a", "b"], "多余的参数"),
])
def test_usage_errors_are_one_chinese_line_with_exit_2(capsys, argv, says):
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert err.startswith("docgen: ") and says in err and err.count("\n") == 1
    assert "--help 查看用法" in err
