"""Builders of hostile and broken inputs, shared by the CLI, reader and web tests: packages that are
not zips, truncated, missing parts, with DOCTYPEs and external entities, zip bombs built without
inflating them, and hostile YAML content files.  Also ``run_subprocess``, which runs a whole
``docgen`` process and reports its peak memory."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

MARKER = "XXE_MARKER_7f3a9c"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"



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


def hostile_docx(kind: str, d: Path, bomb=None) -> bytes:
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


# -- hostile YAML content (issue 7 §4) --------------------------------------------------------------

def billion_laughs() -> str:
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
    "billion-laughs": billion_laughs,
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

