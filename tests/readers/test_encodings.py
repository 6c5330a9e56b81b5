"""Encodings and shapes of pasted drafts (issue 7 §2), through the CLI.

The same speech saved as UTF-8 (with or without BOM), GB18030, UTF-16 LE/BE with BOM, or with
mixed CRLF/LF/CR line ends must give the very same .docx (byte for byte) and the same findings;
an empty file, a file of only noise and a binary file are refused or handled in one clear line;
a 10 MB paste completes in bounded memory.
"""

from __future__ import annotations

import codecs
import json
import random
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from cli_run import run
from docgen.cli import main
from strategies import fast_speeches, prop_settings, render_lines

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = SEEDS / "002_b2d4874fc0b8858a.txt"
HAN = re.compile(r"[\u4e00-\u9fff]")
#: peak RSS for formatting a 10 MB paste (measured ~300 MB on the reference machine)
BIG_MEMORY_LIMIT_MB = 600
BIG_TIME_LIMIT_S = 600

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
}




def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The .docx and the check report of the UTF-8 seed (same file name in every case: the name may
    legitimately appear in a report)."""
    d = tmp_path_factory.mktemp("ref")
    src = d / "draft.txt"
    src.write_bytes(seed_text().encode("utf-8"))
    try:
        main(["format", str(src), "-o", str(d / "draft.docx")])
    except SystemExit as exc:
        assert exc.code in (0, None)
    return (d / "draft.docx").read_bytes()


def _findings(json_text: str):
    report = json.loads(json_text)
    return [{k: v for k, v in f.items()} for f in report["files"][0]["findings"]]


# -- bytes -> text: a property over random speeches ---------------------------------------------------

@prop_settings(1500)
@given(fast_speeches(max_blocks=6), st.sampled_from(sorted(ENCODINGS)), st.sampled_from(["\n", "\r\n"]))
def test_decode_roundtrip(lines, encoding, newline):
    from docgen.readers.decode import decode

    text = render_lines(lines, newline)
    assert decode(ENCODINGS[encoding](text)) == text


# -- the CLI on the same speech in every encoding ------------------------------------------------------

@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_format_same_docx_in_every_encoding(encoding, tmp_path, capsys, reference):
    src = tmp_path / "draft.txt"
    src.write_bytes(ENCODINGS[encoding](seed_text()))
    code, out, err = run(["format", src, "-o", tmp_path / "draft.docx"], capsys)
    assert code == 0, err
    assert (tmp_path / "draft.docx").read_bytes() == reference, f"{encoding}: a different .docx than from UTF-8"


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_check_same_findings_in_every_encoding(encoding, tmp_path, capsys):
    ref = tmp_path / "ref" / "draft.txt"
    ref.parent.mkdir()
    ref.write_bytes(seed_text().encode("utf-8"))
    code_ref, out_ref, _ = run(["check", ref, "--format", "json"], capsys)
    src = tmp_path / "draft.txt"
    src.write_bytes(ENCODINGS[encoding](seed_text()))
    code, out, err = run(["check", src, "--format", "json"], capsys)
    assert code == code_ref and code in (0, 1), err
    assert _findings(out) == _findings(out_ref)


def test_mixed_line_ends(tmp_path, capsys, reference):
    lines = seed_text().split("\n")
    ends = ["\r\n", "\n", "\r"]
    text = "".join(line + ends[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]
    src = tmp_path / "draft.txt"
    src.write_bytes(text.encode("utf-8"))
    code, out, err = run(["format", src, "-o", tmp_path / "draft.docx"], capsys)
    assert code == 0, err
    assert (tmp_path / "draft.docx").read_bytes() == reference


def test_explicit_encoding_override(tmp_path, capsys, reference):
    src = tmp_path / "draft.txt"
    src.write_bytes(seed_text().encode("gb18030"))
    code, out, err = run(["format", src, "--encoding", "gb18030", "-o", tmp_path / "draft.docx"], capsys)
    assert code == 0, err
    assert (tmp_path / "draft.docx").read_bytes() == reference


def test_wrong_explicit_encoding_is_a_clear_error(tmp_path, capsys):
    src = tmp_path / "draft.txt"
    src.write_bytes(seed_text().encode("gb18030"))
    out_docx = tmp_path / "draft.docx"
    code, out, err = run(["format", src, "--encoding", "utf-8", "-o", out_docx], capsys)
    _assert_one_line_error(code, err, src)
    assert not out_docx.exists()


def _assert_one_line_error(code, err, src):
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, (code, err)
    assert len(lines) == 1 and HAN.search(lines[0]) and src.name in lines[0], lines
    assert "内部错误" not in err and "Traceback" not in err


# -- degenerate shapes --------------------------------------------------------------------------------

NOISE_ONLY = ("本文系笔杆子原创，转载请注明出处\n欢迎加入QQ群123456789交流学习\n"
              "更多范文请访问www.example.com\n版权所有 未经授权禁止转载\n")
DEGENERATE = {
    "empty": b"",
    "bom-only": codecs.BOM_UTF8,
    "blank-lines": b"\n\n  \n\t\n",
    "full-width-spaces": "\u3000\u3000\n\u3000\n".encode("utf-8"),
    "noise-only": NOISE_ONLY.encode("utf-8"),
}


@pytest.mark.parametrize("kind", sorted(DEGENERATE))
@pytest.mark.parametrize("command", ["format", "check"])
def test_degenerate_text_inputs(kind, command, tmp_path, capsys):
    """Nothing to format: either a clear one-line refusal (exit 2) or a valid, empty-bodied .docx
    — never a crash."""
    import docx

    src = tmp_path / f"{kind}.txt"
    src.write_bytes(DEGENERATE[kind])
    out_docx = tmp_path / "out.docx"
    argv = [command, src] + (["-o", out_docx] if command == "format" else [])
    code, out, err = run(argv, capsys)
    assert "内部错误" not in err and "Traceback" not in err, err
    if code == 2:
        _assert_one_line_error(code, err, src)
        assert not out_docx.exists()
    elif command == "format":
        assert code == 0, err
        d = docx.Document(str(out_docx))
        printed = "".join(p.text for p in d.paragraphs)
        assert "原创" not in printed and "QQ" not in printed, printed
    else:
        assert code in (0, 1), err


BINARIES = {
    "png": bytes.fromhex("89504E470D0A1A0A0000000D49484452") + random.Random(1).randbytes(4000),
    "elf": b"\x7fELF\x02\x01\x01" + bytes(9) + random.Random(2).randbytes(4000),
    "random": random.Random(3).randbytes(8192),
    "docx-renamed": None,         # a real .docx saved as .txt
    "utf-16-nul-heavy": "\x00\x00\x00\x00".encode("utf-16-le") * 500,
}


@pytest.mark.parametrize("kind", sorted(BINARIES))
@pytest.mark.parametrize("command", ["format", "check"])
def test_binary_file_as_txt(kind, command, tmp_path, capsys, reference):
    src = tmp_path / f"{kind}.txt"
    src.write_bytes(reference if kind == "docx-renamed" else BINARIES[kind])
    out_docx = tmp_path / "out.docx"
    argv = [command, src] + (["-o", out_docx] if command == "format" else [])
    start = time.monotonic()
    code, out, err = run(argv, capsys)
    assert time.monotonic() - start < 5
    _assert_one_line_error(code, err, src)
    assert not out_docx.exists()


# -- a 10 MB paste ---------------------------------------------------------------------------------

def test_ten_megabyte_text_completes_in_bounded_memory(tmp_path):
    from hostile_files import run_subprocess

    # body paragraphs of the seeds (no numbered headings: a real speech never has more than a
    # handful, and a hundred "一、" cannot be numbered), repeated to 10 MB under one title
    marker = re.compile(r"^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")
    paras = [ln.strip() for p in sorted(SEEDS.glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()
             if len(ln.strip()) > 60 and not marker.match(ln)]
    body = "\n".join(paras) + "\n"
    src = tmp_path / "big.txt"
    with open(src, "w", encoding="utf-8") as fh:
        fh.write("在全县经济工作会议上的讲话\n同志们：\n")
        written = 0
        while written < 10 * 1024 * 1024:
            fh.write(body)
            written += len(body.encode("utf-8"))
    out = tmp_path / "big.docx"
    start = time.monotonic()
    code, err, peak_mb, cpu = run_subprocess(["format", src, "-o", out], timeout=BIG_TIME_LIMIT_S)
    elapsed = time.monotonic() - start
    assert code == 0, err[-2000:]
    assert out.exists() and out.stat().st_size > 0
    assert peak_mb < BIG_MEMORY_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB for a 10 MB input ({elapsed:.0f} s)"


def test_hundred_level_one_headings(tmp_path, capsys):
    """More level-1 headings (two runs of 一、…六十、) than 一、…九十九、 can number: a clear one-line
    error naming the file (or a document), never a bare line number without the file."""
    text = "在全县经济工作会议上的讲话\n同志们：\n" + "".join(
        f"{n}、第{n}项工作\n这项工作要抓紧抓实。\n" for n in _cn_numbers(60) * 2)
    src = tmp_path / "many.txt"
    src.write_text(text, encoding="utf-8")
    out_docx = tmp_path / "many.docx"
    code, out, err = run(["format", src, "-o", out_docx], capsys)
    if code != 0:
        _assert_one_line_error(code, err, src)
        assert err.startswith(f"docgen: {src}"), err


def _cn_numbers(n):
    digits = "一二三四五六七八九"
    out = []
    for k in range(1, n + 1):
        tens, units = divmod(k, 10)
        if k < 10:
            out.append(digits[k - 1])
        else:
            out.append(("" if tens == 1 else digits[tens - 1]) + "十" + (digits[units - 1] if units else ""))
    return out
