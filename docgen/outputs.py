"""The one output guard: every command that writes a file asks here first.

Three promises, one set of Chinese messages for preview, check --annotate, template, build, format
and check --fix:

1. **An input is never replaced** (same path, a symlink or a hard link to it), unless the command was
   given ``--in-place``.
2. **The suffix says what is written**: a PDF goes to ``.pdf``, a Word file to ``.docx``; ``-o 草稿.txt``
   or ``-o 讲话.docx`` for a PDF is refused, so a file of the user's is never replaced by one of
   another kind.
3. **An existing file of another kind is not replaced**: a ``讲话.docx`` that is really a text file, or
   a ``.pdf`` that is not a PDF, stays as it is.  Without ``-o`` (a default output next to the input)
   an existing file is replaced only when docgen wrote it.

The writes themselves are atomic (docgen.fileio).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Iterable, Optional, Tuple, Union

from docgen.errors import DocgenError

PathLike = Union[str, Path]

#: kind -> (suffixes docgen writes for it, its name in messages)
KINDS = {
    "docx": ((".docx",), "Word 文件（.docx）"),
    "pdf": ((".pdf",), "PDF 文件"),
    "png": ((".png",), "PNG 图片"),
    "yaml": ((".yaml", ".yml"), "YAML 内容文件"),
    "text": ((".txt", ".md"), "文本文件"),
}
#: bytes read from an existing file to tell its kind
SNIFF_BYTES = 8
#: a PDF docgen wrote (LibreOffice's producer string) is looked for in at most this many bytes
PDF_SCAN_BYTES = 4 * 1024 * 1024
#: "LibreOffice" as a PDF producer writes it: plain, or UTF-16BE in hex (<FEFF004C0069…>)
_LIBREOFFICE = (b"LibreOffice", "LibreOffice".encode("utf-16-be").hex().upper().encode())
_MAGIC = {"docx": (b"PK\x03\x04",), "pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",)}


def suffixes(kind: str) -> Tuple[str, ...]:
    return KINDS[kind][0]


def same_file(a: PathLike, b: PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_suffix(out: PathLike, kind: str, what: str = "输出文件") -> None:
    """Refuse an output whose suffix does not match what is written."""
    allowed, name = KINDS[kind]
    suffix = Path(out).suffix
    if suffix.lower() not in allowed:
        shown = f"“{suffix}”" if suffix else "没有扩展名"
        raise DocgenError(f"{what}应为 {'/'.join(allowed)} 文件（现在{shown}）：这里写出的是{name}，"
                          f"为免覆盖别的文件，请改用 {allowed[0]} 扩展名", path=out)


def check_not_input(out: PathLike, inputs: Iterable[PathLike], in_place: bool = False,
                    hint: str = "请换一个输出文件名") -> None:
    """Refuse an output that is one of the inputs (the path, a symlink or a hard link to it)."""
    if in_place:
        return
    for src in inputs:
        if src is None or str(src) == "-":
            continue
        if Path(out).resolve() == Path(src).resolve() or (Path(out).exists() and same_file(out, src)):
            raise DocgenError(f"输出文件与输入文件相同：{out}，不会覆盖输入文件；{hint}", path=out)


def is_kind(path: PathLike, kind: str) -> bool:
    """Does the existing file ``path`` hold what its kind says (by its first bytes)?"""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if kind in _MAGIC:
        return head.startswith(_MAGIC[kind])
    # text and YAML: no NUL byte and decodable as UTF-8 (what docgen writes)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3          # a character cut at the end of the sample
    return True


def made_by_docgen(path: PathLike, kind: str = "docx") -> bool:
    """Did docgen write this file?  A .docx carries our body paragraph style; a PDF was produced by
    LibreOffice (docgen preview); YAML starts with docgen's comment."""
    path = Path(path)
    if kind == "docx":
        from docgen.ooxml.styles import role_style_ids

        marker = f'w:styleId="{role_style_ids()["body"]}"'.encode()
        try:
            with zipfile.ZipFile(path) as zf:
                return marker in zf.read("word/styles.xml")
        except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
            return False
    if kind == "pdf":
        # LibreOffice writes its /Producer in the document information near the end of the file
        try:
            with open(path, "rb") as fh:
                head = fh.read(PDF_SCAN_BYTES)
                fh.seek(max(0, path.stat().st_size - PDF_SCAN_BYTES))
                tail = fh.read(PDF_SCAN_BYTES)
        except OSError:
            return False
        return head.startswith(b"%PDF-") and any(m in part for m in _LIBREOFFICE for part in (head, head.upper(), tail, tail.upper()))
    if kind == "png":
        return is_kind(path, "png")
    try:
        with open(path, "rb") as fh:
            return b"docgen" in fh.readline()
    except OSError:
        return False


def guard_output(out: PathLike, kind: str, inputs: Iterable[Optional[PathLike]] = (), *,
                 named: bool = True, in_place: bool = False, what: str = "输出文件",
                 hint: str = "请换一个输出文件名") -> Path:
    """Check ``out`` before anything is written to it; returns it as a Path.

    ``kind``: what is written (a key of KINDS).  ``inputs``: the files the command reads.
    ``named``: the user named this output (-o, --annotate…); a default output (``named=False``)
    replaces an existing file only when docgen wrote it.  ``in_place``: the user asked to rewrite
    the input (--in-place), the one case an input may be the output."""
    out = Path(out)
    check_suffix(out, kind, what)
    check_not_input(out, [p for p in inputs if p is not None], in_place, hint)
    if in_place or not out.exists():
        return out
    if out.is_dir():
        raise DocgenError(f"{what}是一个已有的目录，请给出文件名", path=out)
    name = KINDS[kind][1]
    if not is_kind(out, kind):
        raise DocgenError(f"{out} 已存在，但不是{name}，不会覆盖它；请换一个输出文件名", path=out)
    if not named and not made_by_docgen(out, kind):
        raise DocgenError(f"{out} 已存在，且不是 docgen 生成的文件，不会覆盖它；请用 -o 指定输出文件（或输出目录）",
                          path=out)
    return out


def guard_dir(out_dir: PathLike, what: str = "输出目录") -> Path:
    """A directory outputs go into: refuse a path that is an existing file."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise DocgenError(f"{what}应为目录，但 {out_dir} 是一个已有的文件，不会覆盖它；请给出一个目录", path=out_dir)
    return out_dir


__all__ = ["KINDS", "check_not_input", "check_suffix", "guard_dir", "guard_output", "is_kind",
           "made_by_docgen", "same_file", "suffixes"]
