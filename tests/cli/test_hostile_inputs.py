"""Hostile or broken inputs (issue 7 §3, §4): each is refused with one line of Chinese on stderr,
exit code 2, within a second, without inflating, resolving or constructing anything, and without
leaving an output file behind.

The commands run in-process through ``docgen.cli.main`` (what the ``docgen`` script calls), after a
warm-up call, so "within 1 s" measures docgen's work and not the interpreter's start-up; a few
cases also run as a subprocess to measure peak memory (``ru_maxrss``).
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from docgen.cli import main

TIME_LIMIT_S = 1.0
#: peak resident memory (VmHWM) of a whole `docgen` process refusing a hostile file: the interpreter
#: with python-docx, lxml and jinja2 loaded takes ~35-60 MB; inflating a bomb would take gigabytes
MEMORY_LIMIT_MB = 120
MARKER = "XXE_MARKER_7f3a9c"
HAN = re.compile(r"[\u4e00-\u9fff]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


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


# -- building hostile packages ----------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')


def document_xml(body_text: str = "同志们：", prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{body_text}</w:t></w:r></w:p>'
            f'<w:p><w:r><w:t>今天召开会议，部署全年工作。</w:t></w:r></w:p></w:body></w:document>')


def minimal_docx(parts: dict) -> bytes:
    """A package from {name: text or bytes}; the three parts a .docx needs unless overridden."""
    members = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "word/document.xml": document_xml()}
    members.update(parts)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if data is None:
                continue
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def zeros_deflated(total: int, chunk: int = 1 << 24):
    """(raw deflate stream of ``total`` zero bytes, crc32), built without deflating ``total`` bytes:
    after a full flush the compressor starts afresh, so every further chunk compresses identically."""
    assert total % chunk == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    z = bytes(chunk)
    first = c.compress(z) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(z) + c.flush(zlib.Z_FULL_FLUSH)
    stream = first + again * (total // chunk - 1) + c.flush()
    crc = 0
    for _ in range(total // chunk):
        crc = zlib.crc32(z, crc)
    return stream, crc


def zip_with_raw_member(members: dict, raw_name: str, raw: bytes, crc: int, size: int) -> bytes:
    """A zip of ``members`` (written by zipfile) plus one deflated member given as a raw stream."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    # append the raw member: rebuild the archive by hand (local header + data + central directory)
    head = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(head)) as zf:
        infos = zf.infolist()
    cd_start = struct.unpack("<I", head[-6:-2])[0]
    local_part, central = head[:cd_start], head[cd_start:-22]
    name = raw_name.encode()
    offset = len(local_part)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(raw), size, len(name), 0) + name
    cd_entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(raw), size,
                           len(name), 0, 0, 0, 0, 0, offset) + name
    body = local_part + local + raw
    cd = central + cd_entry
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(infos) + 1, len(infos) + 1, len(cd), len(body), 0)
    return body + cd + eocd


BOMB_BYTES = (1 << 31) - (1 << 24)        # just under 2 GiB: no zip64 needed


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


def _valid_docx() -> bytes:
    from docgen.model import Document, Paragraph
    from docgen.style import load_style
    from docgen.writers.docx import render_docx

    return render_docx(Document(title="在全县经济工作会议上的讲话", salutation="同志们：",
                                body=[Paragraph(text="今天召开会议，部署全年工作。")]), load_style(None))


def _xxe(marker_file: Path, padding: int = 0, encoding: str = "utf-8", part: str = "word/document.xml") -> bytes:
    pad = "<!--" + "x" * padding + "-->" if padding else ""
    prolog = (f'{pad}<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{marker_file.as_uri()}">'
              f'<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    xml = document_xml("&xxe;&lol2;", prolog)
    if encoding != "utf-8":
        xml = xml.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    data = xml.encode(encoding)
    if part == "word/document.xml":
        return minimal_docx({"word/document.xml": data})
    # a DOCTYPE in another part: the styles part of a real document
    with zipfile.ZipFile(io.BytesIO(_valid_docx())) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    doc = members[part].decode("utf-8")
    root = doc.index("?>") + 2
    members[part] = (doc[:root] + prolog.replace("w:document", "w:styles") + doc[root:]).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _hostile_docx(kind: str, d: Path, bomb=None) -> bytes:
    marker_file = d / "secret.txt"
    marker_file.write_text(MARKER, encoding="utf-8")
    if kind == "not-a-zip":
        return "这不是一个 Word 文件，只是一段文字。\n".encode() * 20
    if kind == "empty":
        return b""
    if kind == "truncated-zip":
        data = _valid_docx()
        return data[: len(data) // 2]
    if kind == "truncated-central-directory":
        data = _valid_docx()
        return data[:-10]
    if kind == "really-a-doc":
        return bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + b"Microsoft Word 97-2003" + bytes(2000)
    if kind == "really-a-pdf":
        return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    if kind == "missing-document-xml":
        return minimal_docx({"word/document.xml": None})
    if kind == "missing-content-types":
        return minimal_docx({"[Content_Types].xml": None})
    if kind == "missing-rels":
        return minimal_docx({"_rels/.rels": None})
    if kind == "malformed-xml":
        return minimal_docx({"word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p>'})
    if kind == "xxe":
        return _xxe(marker_file)
    if kind == "xxe-after-long-comment":
        return _xxe(marker_file, padding=8000)
    if kind == "xxe-utf16":
        return _xxe(marker_file, encoding="utf-16")
    if kind == "xxe-in-styles":
        return _xxe(marker_file, part="word/styles.xml")
    if kind in ("zip-bomb-document", "zip-bomb-extra-member"):
        stream, crc = bomb
        members = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS}
        if kind == "zip-bomb-extra-member":
            members["word/document.xml"] = document_xml()
            return zip_with_raw_member(members, "word/media/image1.png", stream, crc, BOMB_BYTES)
        return zip_with_raw_member(members, "word/document.xml", stream, crc, BOMB_BYTES)
    raise AssertionError(kind)


HOSTILE_DOCX = ["not-a-zip", "empty", "truncated-zip", "truncated-central-directory", "really-a-doc", "really-a-pdf",
                "missing-document-xml", "missing-content-types", "missing-rels", "malformed-xml", "xxe",
                "xxe-after-long-comment", "xxe-utf16", "xxe-in-styles", "zip-bomb-document",
                "zip-bomb-extra-member"]


@pytest.mark.parametrize("command", ["format", "check"])
@pytest.mark.parametrize("kind", HOSTILE_DOCX)
def test_hostile_docx_refused(kind, command, tmp_path, capsys, warm, request):
    bomb = request.getfixturevalue("bomb_stream") if kind.startswith("zip-bomb") else None
    src = tmp_path / f"{kind}.docx"
    src.write_bytes(_hostile_docx(kind, tmp_path, bomb))
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
    src.write_bytes(_hostile_docx(kind, tmp_path, bomb_stream))
    code, err, peak_mb, cpu_s = run_subprocess(["format", src, "-o", tmp_path / "out.docx"])
    assert code == 2, err
    assert MARKER not in err
    assert peak_mb < MEMORY_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"
    assert not (tmp_path / "out.docx").exists()


def run_subprocess(argv, timeout=120, stdin=None):
    """Run ``python -m docgen`` in a child; return (exit code, stderr, peak RSS in MB, CPU seconds)."""
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a child forked from
    # a big pytest process would report the parent's size
    probe = ("import resource, runpy, sys\n"
             "sys.argv = ['docgen'] + sys.argv[1:]\n"
             "try:\n"
             "    runpy.run_module('docgen', run_name='__main__')\n"
             "finally:\n"
             "    r = resource.getrusage(resource.RUSAGE_SELF)\n"
             "    hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
             "    with open(__import__('os').environ['DOCGEN_PROBE_OUT'], 'w') as fh:\n"
             "        fh.write(f'{hwm} {r.ru_utime + r.ru_stime}')\n")
    probe_out = Path(os.environ.get("TMPDIR", "/tmp")) / f"docgen-probe-{os.getpid()}-{time.monotonic_ns()}"
    env = dict(os.environ, DOCGEN_PROBE_OUT=str(probe_out))
    proc = subprocess.run([sys.executable, "-c", probe] + [str(a) for a in argv], capture_output=True, timeout=timeout,
                          env=env, stdin=stdin)
    rss_kb, cpu = probe_out.read_text().split()
    probe_out.unlink()
    return proc.returncode, proc.stderr.decode("utf-8", "replace"), int(rss_kb) / 1024, float(cpu)


def test_xxe_marker_never_in_output_when_accepted(tmp_path, capsys, warm):
    """Belt and braces: whatever docgen decides about a DOCTYPE hidden behind a long comment, the
    entity's target must never reach an output."""
    src = tmp_path / "x.docx"
    src.write_bytes(_hostile_docx("xxe-after-long-comment", tmp_path))
    out = tmp_path / "out.docx"
    run(["format", src, "-o", out, "--yaml", tmp_path / "out.yaml"], capsys)
    for p in (out, tmp_path / "out.yaml"):
        if p.exists():
            data = p.read_bytes()
            if p.suffix == ".docx":
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    data = b"".join(zf.read(i) for i in zf.infolist())
            assert MARKER.encode() not in data


# -- hostile YAML content (issue 7 §4) --------------------------------------------------------------

def _billion_laughs() -> str:
    lines = ['lol0: &a0 "哈"']
    for k in range(1, 10):
        lines.append(f"lol{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]")
    lines.append("title: 在全县经济工作会议上的讲话")
    lines.append("body: [*a9]")
    return "\n".join(lines) + "\n"


def _deep_headings(levels: int = 6) -> str:
    out, indent = ["title: 在全县经济工作会议上的讲话", "body:"], "  "
    for k in range(1, levels + 1):
        out.append(f"{indent}- heading: 第{k}级标题")
        out.append(f"{indent}  body:")
        indent += "    "
    out.append(f"{indent}- 正文。")
    return "\n".join(out) + "\n"


def _deep_flow(depth: int = 5000) -> str:
    return "title: 讲话\nbody: " + "[" * depth + "x" + "]" * depth + "\n"


HOSTILE_YAML = {
    "billion-laughs": _billion_laughs,
    "nesting-beyond-four-levels": _deep_headings,
    "deep-flow-nesting": _deep_flow,
    "python-object-tag": lambda: "title: !!python/object/apply:os.system ['touch {pwned}']\nbody: [正文。]\n",
    "python-name-tag": lambda: "title: 讲话\nbody:\n  - !!python/name:os.system 正文\n",
    "custom-tag": lambda: "title: !include /etc/passwd\nbody: [正文。]\n",
    "merge-key-alias": lambda: "base: &b {title: 讲话}\n<<: *b\nbody: [正文。]\n",
    # more sections at one level than 一、…九十九、 can number
    "hundred-sections": lambda: "title: 讲话\nbody:\n" + "".join(f"  - heading: 第{k}项\n    body: [正文。]\n"
                                                               for k in range(120)),
}


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


def test_billion_laughs_memory_bounded(tmp_path):
    src = tmp_path / "lol.yaml"
    src.write_text(_billion_laughs(), encoding="utf-8")
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
