"""Drafts with two encodings in one file: UTF-8 text with pieces pasted in GBK/GB18030.

``--encoding mixed`` reads such a file: UTF-8 wherever the bytes are UTF-8, and each piece that is
not is read as GB18030; every place read that way is listed (line:column) so the user can look.
A decoding failure names the line and column of the bad bytes, never a byte offset.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from docgen.errors import InputError
from docgen.text.cjk import lazy_compile

#: the --encoding value that reads a file of mixed UTF-8 and GB18030
MIXED = "mixed"
#: a file whose UTF-8 part holds at least this many non-ASCII characters is UTF-8 text with
#: pieces of another encoding, not a GBK file that happens to contain a valid UTF-8 sequence
MIN_UTF8_CHARS = 8
#: at most this many places are listed one by one; the rest are counted
MAX_LISTED = 20
#: at least this share of the Chinese text must be UTF-8 for the file to be "UTF-8 with pieces"
MIN_UTF8_SHARE = 0.2
#: only a file that is not valid UTF-8 needs it (a Han class costs ~1 ms to compile)
_HAN_RE = lazy_compile("[\u4e00-\u9fff]")


def _gb_char(data: bytes, start: int) -> Tuple[str, int]:
    """The GB18030 character at byte ``start`` (2 or 4 bytes) and the offset after it."""
    for size in (2, 4):
        chunk = data[start:start + size]
        if len(chunk) == size:
            try:
                return chunk.decode("gb18030"), start + size
            except UnicodeDecodeError:
                continue
    raise UnicodeDecodeError("gb18030", data, start, start + 1, "neither UTF-8 nor GB18030")


def line_col(data: bytes, offset: int, encoding: str = "utf-8") -> Tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``: the text before it on its line
    is decoded leniently, so the column counts what an editor shows."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    try:
        col = len(data[start:offset].decode(encoding, errors="replace")) + 1
    except LookupError:
        col = offset - start + 1
    return line, col


def split_decode(data: bytes) -> Tuple[str, List[Tuple[int, int, str]]]:
    """Decode line by line: a line that is UTF-8 is read as UTF-8, else as GB18030 when the whole
    line is, else piece by piece (UTF-8 where it reads, GB18030 for the rest).  Returns (text,
    places); a place is (line, column, the characters read as GB18030).  Raises
    UnicodeDecodeError (``start`` = the byte offset in ``data``) when a piece is neither."""
    out: List[str] = []
    places: List[Tuple[int, int, str]] = []
    offset = 0
    for number, raw in enumerate(data.split(b"\n"), 1):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
                out.append(text)
                places.append((number, 1, text.rstrip("\r")))
            except UnicodeDecodeError:
                try:
                    text, pieces = _scan_line(raw)
                except UnicodeDecodeError as exc:
                    raise UnicodeDecodeError("utf-8", data, offset + exc.start, offset + exc.end,
                                             "neither UTF-8 nor GB18030") from None
                out.append(text)
                for start, chars in pieces:
                    col = len(raw[:start].decode("utf-8", errors="replace")) + 1
                    places.append((number, col, chars))
        offset += len(raw) + 1
    return "\n".join(out), places


def _utf8_at(raw: bytes, i: int) -> Tuple[Optional[str], int]:
    lead = raw[i]
    size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
    if not size:
        return None, i
    try:
        return raw[i:i + size].decode("utf-8"), i + size
    except UnicodeDecodeError:
        return None, i


def _gb_at(raw: bytes, i: int) -> Tuple[Optional[str], int]:
    try:
        return _gb_char(raw, i)
    except UnicodeDecodeError:
        return None, i


def _scan_line(raw: bytes) -> Tuple[str, List[Tuple[int, str]]]:
    """One line with both encodings in it, character by character: ASCII as is; a UTF-8 character
    of three or four bytes (all Chinese characters and punctuation) as UTF-8; otherwise a GB18030
    character when there is one (a GBK pair such as D2 AA "要" is also valid two-byte UTF-8, "Ҫ",
    a letter no Chinese speech holds); else two-byte UTF-8.  Returns the text and the pieces read
    as GB18030 (byte start, characters), neighbours joined."""
    out: List[str] = []
    pieces: List[Tuple[int, str]] = []
    last_end = -1
    i = 0
    while i < len(raw):
        if raw[i] < 0x80:
            out.append(chr(raw[i]))
            i += 1
            continue
        char, end = _utf8_at(raw, i)
        if char is not None and end - i >= 3:
            out.append(char)
            i = end
            continue
        gb, gb_end = _gb_at(raw, i)
        if gb is not None:
            if pieces and last_end == i:
                pieces[-1] = (pieces[-1][0], pieces[-1][1] + gb)
            else:
                pieces.append((i, gb))
            last_end = gb_end
            out.append(gb)
            i = gb_end
            continue
        if char is not None:
            out.append(char)
            i = end
            continue
        raise UnicodeDecodeError("gb18030", raw, i, i + 1, "neither UTF-8 nor GB18030")
    return "".join(out), pieces


def describe(places: List[Tuple[int, int, str]]) -> str:
    listed = "；".join(f"第 {l} 行第 {c} 列“{t[:10]}{'…' if len(t) > 10 else ''}”" for l, c, t in places[:MAX_LISTED])
    more = f"；另有 {len(places) - MAX_LISTED} 处" if len(places) > MAX_LISTED else ""
    return listed + more


def decode_mixed(data: bytes, where: Optional[str]) -> Tuple[str, List[Tuple[int, int, str]]]:
    """``--encoding mixed``: the text and the places read as GB18030."""
    try:
        return split_decode(data)
    except UnicodeDecodeError as exc:
        line, col = line_col(data, exc.start)
        raise InputError(f"第 {line} 行第 {col} 列的字节（{data[exc.start:exc.start + 4].hex(' ')}）既不是 UTF-8 "
                         "也不是 GB18030 文字；请在编辑器中删去或重新输入这几个字", path=where, line=line, col=col) from None


def looks_mixed(data: bytes) -> Optional[List[Tuple[int, int, str]]]:
    """The GB18030 places of a file that is UTF-8 text with pasted GBK pieces, or None when the
    file is not such a mix (all UTF-8, a plain GBK file, or not text)."""
    # a quick look first (C speed), so that a plain GBK file is not decoded piece by piece
    utf8_han = len(_HAN_RE.findall(data.decode("utf-8", errors="ignore")))
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    if utf8_han < MIN_UTF8_CHARS or utf8_han < MIN_UTF8_SHARE * (utf8_han + bad / 2):
        return None
    try:
        _, places = split_decode(data)
    except UnicodeDecodeError:
        return None
    return places or None


def decode_error(data: bytes, encoding: str, exc: UnicodeDecodeError, where: Optional[str]) -> InputError:
    """An explicit --encoding that fails: the line and column, and the way through."""
    line, col = line_col(data, exc.start, encoding)
    hint = ("如果文件混有 UTF-8 与 GBK 两种编码，请改用 --encoding mixed（逐处识别并列出按 GBK 读取的位置），"
            "或在编辑器中统一另存为 UTF-8")
    return InputError(f"无法按 {encoding} 解码：第 {line} 行第 {col} 列的字节（{data[exc.start:exc.start + 4].hex(' ')}）"
                      f"不是合法的 {encoding} 编码；{hint}", path=where, line=line, col=col)


__all__ = ["MIXED", "decode_error", "decode_mixed", "describe", "line_col", "looks_mixed", "split_decode"]
