"""Pasted text as bytes -> str: a BOM, strict UTF-8, charset-normalizer for GB18030/GBK/UTF-16,
or the user's ``--encoding`` (``mixed``: UTF-8 with GBK pieces, docgen.readers.mixed); binary data is
refused.  ``text_form`` tells how a file was saved, so a fixed copy keeps it."""

from __future__ import annotations

import codecs
import sys
import unicodedata
from pathlib import Path
from typing import Optional, Union

from docgen.errors import InputError

PathLike = Union[str, Path]

#: refuse inputs larger than this (a pasted speech is a few dozen kB)
MAX_TEXT_BYTES = 20 * 1024 * 1024
#: a GB18030 decode is preferred to an exotic guess when at least this share of the text is Han
GB_HAN_SHARE = 0.3
#: guesses that a clean GB18030 decode always beats (a short simplified-Chinese text looks as
#: Han in Big5 as in GB18030, so the share test above cannot tell them apart)
TRADITIONAL_GUESSES = ("big5", "cp950", "big5hkscs")
#: control characters (other than tab/newline) above this share mean the file is not text
MAX_CONTROL_SHARE = 0.01

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def read_bytes(source: PathLike) -> bytes:
    """The bytes of a file, or of stdin for "-"."""
    if str(source) == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    else:
        path = Path(source)
        try:
            if path.stat().st_size > MAX_TEXT_BYTES:
                raise InputError(f"文件过大（超过 {MAX_TEXT_BYTES // (1024 * 1024)} MB），不像一篇讲话稿", path=path)
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError("文件不存在", path=path) from None
        except IsADirectoryError:
            raise InputError("这是一个目录，不是文件", path=path) from None
        except PermissionError:
            raise InputError("没有读取权限", path=path) from None
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"输入过大（超过 {MAX_TEXT_BYTES // (1024 * 1024)} MB）", path=str(source))
    return data


def decode(data: bytes, encoding: Optional[str] = None, path: Optional[PathLike] = None) -> str:
    """Decode a pasted draft.  An explicit ``encoding`` wins; then a BOM; then strict UTF-8; then
    charset-normalizer (GB18030/GBK/UTF-16 without BOM).  Binary data raises InputError."""
    from docgen.readers import mixed

    where = str(path) if path is not None else None
    if encoding and encoding.lower() == mixed.MIXED:
        # UTF-8 with pasted GBK pieces: each piece read as GB18030, every place listed
        text, places = mixed.decode_mixed(data[3:] if data.startswith(codecs.BOM_UTF8) else data, where)
        if places:
            import click

            click.echo(f"docgen: {where or '标准输入'}: 以下 {len(places)} 处不是 UTF-8，已按 GB18030（GBK）读取，"
                       f"请核对：{mixed.describe(places)}", err=True)
        return _check_text(text, where)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"未知的编码名称“{encoding}”（可用如 utf-8、gb18030、utf-16，"
                             f"或 mixed：UTF-8 中混有 GBK 时逐处识别）", path=where) from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise mixed.decode_error(data, encoding, exc, where) from None
        if text.startswith("\ufeff"):
            text = text[1:]
        return _check_text(text, where)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(name), where)
            except UnicodeDecodeError:
                raise InputError(f"文件以 {name} 字节序标记开头，但内容不是合法的 {name} 编码", path=where) from None
    if not data:
        return ""
    try:
        return _check_text(data.decode("utf-8"), where)
    except UnicodeDecodeError:
        pass
    places = mixed.looks_mixed(data)
    if places:
        line, col, _ = places[0]
        raise InputError(f"文件混有两种编码：大部分是 UTF-8，但有 {len(places)} 处像是 GBK（{mixed.describe(places[:3])}）；"
                         "请加 --encoding mixed 读取（会列出每一处），或在编辑器中统一另存为 UTF-8",
                         path=where, line=line, col=col)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = best.encoding if best is not None else None
    guessed = str(best) if best is not None else None
    # charset-normalizer mistakes short GB texts for Big5 or UTF-16; the users of this tool write
    # simplified Chinese, so a clean GB18030 decode wins over a Big5 guess, and over any other
    # guess when it reads as more Han text
    if guess not in ("gb18030", "gbk", "gb2312"):
        try:
            gb = data.decode("gb18030")
        except UnicodeDecodeError:
            gb = None
        clean_gb = gb is not None and guess in TRADITIONAL_GUESSES and not _private_use(gb)
        if clean_gb or gb is not None and _han_share(gb) >= GB_HAN_SHARE and (
                guessed is None or _han_share(gb) > _han_share(guessed)):
            return _check_text(gb, where)
    if guessed is None:
        raise InputError("不是文本文件，或编码无法识别；如是文本，请用 --encoding 指定编码（如 gb18030）", path=where)
    return _check_text(guessed, where)


def text_form(data: bytes, encoding: Optional[str] = None) -> tuple:
    """(codec, byte-order mark, newline) of a text file as saved, so a fixed copy written back in
    place keeps them: the BOM's encoding, else UTF-8 when it decodes, else GB18030 (what decode()
    prefers for simplified Chinese); the newline that the file uses."""
    from docgen.readers.mixed import MIXED

    # a mixed file is written back in one encoding, UTF-8 (what most of it was)
    bom, codec = b"", ("utf-8" if (encoding or "").lower() == MIXED else encoding or "")
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, codec = mark, name
            break
    if not codec:
        try:
            data.decode("utf-8")
            codec = "utf-8"
        except UnicodeDecodeError:
            codec = "gb18030"
    text = data[len(bom):].decode(codec, errors="replace")
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
    return codec, bom, newline


def _private_use(text: str) -> bool:
    """Private-use characters: what Big5 bytes read as GB18030 turn into (not a clean decode)."""
    return any("\ue000" <= c <= "\uf8ff" for c in text)


def _han_share(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if "\u4e00" <= c <= "\u9fff") / len(visible)


def _check_text(text: str, where: Optional[str]) -> str:
    if "\x00" in text:
        raise InputError("不是文本文件（含有空字节）；请提供 .txt、.md 或 .docx", path=where)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0b\x0c")
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise InputError("不是文本文件（含有大量控制字符）；请提供 .txt、.md 或 .docx", path=where)
    return text


__all__ = ["MAX_TEXT_BYTES", "PathLike", "decode", "read_bytes", "text_form"]
