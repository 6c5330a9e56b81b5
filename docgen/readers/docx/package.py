"""Opening a .docx safely (and converting a .doc): the one door every .docx reading goes through.

Hostile or broken packages are refused before anything is inflated or parsed: not a zip,
truncated, a member larger than the limits (zip bomb), XML with a DOCTYPE.  A legacy .doc is
converted to .docx by LibreOffice in a private profile first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any, Optional, Union

from docgen.errors import InputError

PathLike = Union[str, Path]

#: limits checked from the zip directory before anything is inflated
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 2000
# A bomb is told from a big document by size AND ratio: Word's XML is repetitive (a 5.7 MB
# document.xml of 100k runs deflates more than 200:1), so the ratio alone refuses real files.  Below
# RATIO_FLOOR a member is inflated whatever its ratio (zipfile never reads past the declared size);
# above it a ratio beyond MAX_RATIO is a bomb; above MAX_MEMBER_BYTES anything is refused.
MAX_RATIO = 200                      # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 16 * 1024 * 1024
#: the XML prolog (where a DOCTYPE would be) is within this many bytes of a part's start
PROLOG_LIMIT = 1024 * 1024   # comments/PIs before the root element of one part
PROLOG_BYTES = 4096
SOFFICE_TIMEOUT_S = 180


def _decode_prolog(raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw[: len(raw) - len(raw) % 2].decode("utf-16", errors="replace")
    if raw[:2] == b"<\x00":
        return raw[: len(raw) - len(raw) % 2].decode("utf-16-le", errors="replace")
    if raw[:2] == b"\x00<":
        return raw[: len(raw) - len(raw) % 2].decode("utf-16-be", errors="replace")
    return raw.decode("utf-8", errors="replace")


def _prolog_verdict(fh: Any) -> Optional[str]:
    """Why an XML part must be refused, read from its prolog (everything before the root element):
    a DOCTYPE (entities live there) in any encoding, however many comments come first.  None = fine.
    The prolog is read in chunks up to PROLOG_LIMIT, so a part cannot hide one behind padding."""
    raw = b""
    while True:
        chunk = fh.read(PROLOG_BYTES)
        raw += chunk
        text = _decode_prolog(raw).lstrip("\ufeff")
        pos, n = 0, len(text)
        while True:
            while pos < n and text[pos] in " \t\r\n":
                pos += 1
            if pos >= n:
                break                                  # need more input
            if text.startswith("<?", pos) or text.startswith("<!--", pos):
                terminator = "?>" if text[pos + 1] == "?" else "-->"
                end = text.find(terminator, pos + 2)
                if end < 0:
                    break                              # the comment/PI goes on: read more
                pos = end + len(terminator)
                continue
            if text.startswith("<!", pos):
                return "含有 DOCTYPE/实体声明"
            return None                                # the root element (or garbage the parser rejects)
        if not chunk:
            return None
        if len(raw) > PROLOG_LIMIT:
            return f"的 XML 开头超过 {PROLOG_LIMIT // 1024} KB 仍未见根元素"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def check_package(path: PathLike) -> None:
    """Refuse what is not a sane .docx, from the zip directory and the XML prologs only."""
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", path=p)
    if not p.is_file():
        raise InputError("不是普通文件", path=p)
    if not zipfile.is_zipfile(p):
        raise InputError("不是有效的 .docx 文件（不是 zip 压缩包，可能已损坏，或其实是 .doc/.wps），"
                         "请在 Word 中另存为 .docx", path=p)
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise InputError("不是有效的 .docx 文件（缺少 word/document.xml），请在 Word 中另存为 .docx", path=p)
            if len(infos) > MAX_MEMBERS:
                raise InputError(f"文件包含的部件过多（{len(infos)} 个），拒绝处理", path=p)
            total = 0
            for info in infos:
                total += info.file_size
                bomb = info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
                if bomb:
                    raise InputError(f"部件 {info.filename} 解压后有 {_mb(info.file_size)}，是压缩后的 "
                                     f"{info.file_size // max(info.compress_size, 1)} 倍，拒绝处理（可能是压缩炸弹）",
                                     path=p)
                if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                    raise InputError(f"部件 {info.filename} 解压后有 {_mb(info.file_size)}，超过 "
                                     f"{_mb(MAX_MEMBER_BYTES)} 的上限，拒绝处理；请把文件拆分后再处理", path=p)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as fh:
                        verdict = _prolog_verdict(fh)
                    if verdict:
                        raise InputError(f"部件 {info.filename} {verdict}，拒绝处理（可能是恶意文件）", path=p)
            bad = zf.testzip() if os.environ.get("DOCGEN_TESTZIP") else None
            if bad:
                raise InputError(f"部件 {bad} 已损坏", path=p)
    except zipfile.BadZipFile:
        raise InputError("文件已损坏或不完整（zip 结构错误），请重新保存或重新下载", path=p) from None
    except (OSError, EOFError, zipfile.LargeZipFile, RuntimeError, NotImplementedError):
        raise InputError("无法读取 .docx 文件（压缩包中的部件读不出来），请在 Word 中重新保存后再试", path=p) from None


def open_document(path: PathLike) -> Any:
    """The python-docx Document of ``path``, once the package passed ``check_package``."""
    check_package(path)
    import docx

    try:
        return docx.Document(str(path))
    except Exception:  # python-docx raises many kinds on malformed parts
        raise InputError("无法解析 .docx 文件（其中的部件不符合 Word 格式），请在 Word 中另存为 .docx 后再试",
                         path=path) from None


def convert_doc(path: PathLike, workdir: PathLike) -> Path:
    """Convert a legacy .doc to .docx with LibreOffice in a private profile; return the new path."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError("不能直接读取 .doc 文件：本机未安装 LibreOffice。请在 Word/WPS 中另存为 .docx 后再试",
                         path=path)
    workdir = Path(workdir)
    profile = workdir / "profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "docx", "--outdir", str(workdir), str(Path(path).resolve())]
    try:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=SOFFICE_TIMEOUT_S,
                       check=False)
    except subprocess.TimeoutExpired:
        raise InputError(f"LibreOffice 转换 .doc 超时（{SOFFICE_TIMEOUT_S} 秒）", path=path) from None
    out = workdir / (Path(path).stem + ".docx")
    if not out.exists():
        raise InputError("LibreOffice 无法转换此 .doc 文件（文件可能已损坏），请在 Word/WPS 中另存为 .docx", path=path)
    return out


__all__ = ["check_package", "open_document", "convert_doc"]
