"""Safe file output: write to a temporary file in the target directory, fsync, then rename.

An existing output is replaced only when the new content was written completely, and an input is
never overwritten unless the caller says so (``--in-place``).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Callable, List, TypeVar, Union

from docgen.errors import DocgenError

PathLike = Union[str, Path]
T = TypeVar("T")


#: the system errors a user meets when writing, in Chinese
OS_REASONS = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "文件系统只读",
              errno.EACCES: "没有读写权限", errno.EPERM: "没有权限（文件可能被锁定或设为不可修改）",
              errno.EISDIR: "这是一个目录，不是文件", errno.ENOTDIR: "路径中有一段不是目录",
              errno.ENAMETOOLONG: "文件名太长", errno.EEXIST: "同名文件已存在", errno.ENOENT: "路径不存在",
              errno.EIO: "磁盘读写出错", errno.EMFILE: "同时打开的文件太多", errno.ETXTBSY: "文件正被其他程序使用",
              errno.EBUSY: "文件或设备正忙", errno.EFBIG: "文件太大", errno.EXDEV: "不能跨磁盘改名"}


def os_reason(exc: OSError) -> str:
    """A Chinese phrase for a system error (the system's own text when we have none)."""
    return OS_REASONS.get(exc.errno, f"系统错误，错误号 {exc.errno}" if exc.errno else "系统错误")


def _create_temp(directory: Path, prefix: str, suffix: str, made: List[Path]) -> Path:
    """Create an empty temporary file and return its path.  Unlike tempfile.mkstemp, the name is
    put in ``made`` before the file exists, so the caller can remove it whenever a Ctrl-C arrives
    (even between the file's creation and the caller receiving its name)."""
    import secrets

    for _ in range(100):
        tmp = directory / f"{prefix}{secrets.token_hex(4)}{suffix}"
        made[:] = [tmp]
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            made.clear()                          # someone else's file: not ours to remove
            continue
        except OSError:
            made.clear()
            raise
        os.close(fd)
        return tmp
    raise OSError(errno.EEXIST, "no free temporary name")


def atomic_write(out: PathLike, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``out`` only if it succeeded."""
    out = Path(out)
    directory = out.parent if str(out.parent) else Path(".")
    if not directory.is_dir():
        raise DocgenError(f"输出目录不存在：{directory}", path=out)
    made: List[Path] = []
    try:
        try:
            tmp = _create_temp(directory, f".{out.name}.", ".tmp", made)
        except PermissionError:
            raise DocgenError(f"无权在目录中写入：{directory}，请换一个输出位置", path=out) from None
        except OSError as exc:
            raise DocgenError(f"无法在目录中创建文件：{directory}（{os_reason(exc)}）", path=out) from None
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if out.exists():
            # keep the permissions of the file being replaced
            os.chmod(tmp, out.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
        made.clear()
    except DocgenError:
        for leftover in made:
            leftover.unlink(missing_ok=True)
        raise
    except OSError as exc:
        for leftover in made:
            leftover.unlink(missing_ok=True)
        raise DocgenError(f"写出失败：{os_reason(exc)}；原有文件未被改动", path=out) from None
    except BaseException:  # includes KeyboardInterrupt: never leave a partial file behind
        for leftover in made:
            leftover.unlink(missing_ok=True)
        raise
    return out


def atomic_write_bytes(out: PathLike, data: bytes) -> Path:
    return atomic_write(out, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(out: PathLike, text: str) -> Path:
    return atomic_write(out, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_over_input(src: PathLike, produce: Callable[[Path], "T"]) -> "T":
    """Run ``produce(tmp)`` to write the new version of ``src`` to a temporary file next to it, then
    rename that over ``src`` (same file system: atomic).  ``produce`` returns what the caller needs
    (e.g. the formatter's result); its own writes go through docgen.fileio, so ``tmp`` is complete
    and synced before the rename.  The temporary name keeps ``src``'s suffix (the formatter and the
    fixer choose the writer by it) and starts with "." (batch input expansion skips it).  On any
    failure, Ctrl-C included, ``src`` is untouched and the temporary file is removed."""
    # a symlinked input: rewrite the document it points to, and keep the link
    src = Path(os.path.realpath(src))
    directory = src.parent
    made: List[Path] = []
    try:
        try:
            tmp = _create_temp(directory, f".{src.stem}.", f".inplace{src.suffix}", made)
        except OSError as exc:
            raise DocgenError(f"无法在输入文件所在目录中写入（{os_reason(exc)}），原文件未被改动", path=src) from None
        value = produce(tmp)
        os.chmod(tmp, src.stat().st_mode & 0o7777)      # the rewritten file keeps its permissions
        os.replace(tmp, src)
        made.clear()
    except DocgenError:
        for leftover in made:
            leftover.unlink(missing_ok=True)
        raise
    except OSError as exc:
        for leftover in made:
            leftover.unlink(missing_ok=True)
        raise DocgenError(f"改写失败（{os_reason(exc)}），原文件未被改动", path=src) from None
    except BaseException:
        for leftover in made:
            leftover.unlink(missing_ok=True)
        raise
    return value
