"""Safe file output: write to a temporary file in the target directory, fsync, then rename.

An existing output is replaced only when the new content was written completely, and an input is
never overwritten unless the caller says so (``--in-place``).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar, Union

from docgen.errors import DocgenError

PathLike = Union[str, Path]
T = TypeVar("T")


#: the system errors a user meets when writing, in Chinese
OS_REASONS = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "文件系统只读",
              errno.EACCES: "没有写入权限", errno.EPERM: "没有权限（文件可能被锁定或设为不可修改）",
              errno.EISDIR: "这是一个目录，不是文件", errno.ENOTDIR: "路径中有一段不是目录",
              errno.ENAMETOOLONG: "文件名太长", errno.EEXIST: "同名文件已存在", errno.ENOENT: "路径不存在"}


def os_reason(exc: OSError) -> str:
    """A Chinese phrase for a system error (the system's own text when we have none)."""
    return OS_REASONS.get(exc.errno, exc.strerror or str(exc))


def require_suffix(out: PathLike, suffixes: Iterable[str], what: str = "输出文件") -> None:
    """Refuse an output whose suffix is not one docgen writes: "-o 讲话.txt" must not replace a text
    draft with a Word file."""
    suffixes = tuple(suffixes)
    suffix = Path(out).suffix.lower()
    if suffix not in suffixes:
        shown = f"“{Path(out).suffix}”" if suffix else "没有扩展名"
        raise DocgenError(f"{what}应为 {'/'.join(suffixes)} 文件（现在{shown}）；为免覆盖别的文件，请改用正确的扩展名",
                          path=out)


def same_file(a: PathLike, b: PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def refuse_overwriting_inputs(out: PathLike, inputs: Iterable[PathLike], in_place: bool = False,
                              hint: str = "如确需覆盖原文件，请加 --in-place") -> None:
    """``hint`` says how to do it on purpose, where the command can (build cannot: pass "")."""
    if in_place:
        return
    for src in inputs:
        if str(src) != "-" and Path(out).exists() and same_file(out, src):
            raise DocgenError(f"输出文件与输入文件相同：{out}。" + (hint or "请换一个输出文件名"), path=out)


def _hold_sigint() -> Any:
    """Block SIGINT for this thread (where the platform can); returns what to restore."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_sigint(held: Any) -> None:
    """Restore the signal mask; a Ctrl-C pressed meanwhile is delivered now."""
    if held is None:
        return
    import signal

    signal.pthread_sigmask(signal.SIG_SETMASK, held)


def atomic_write(out: PathLike, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``out`` only if it succeeded."""
    out = Path(out)
    directory = out.parent if str(out.parent) else Path(".")
    if not directory.is_dir():
        raise DocgenError(f"输出目录不存在：{directory}", path=out)
    # Ctrl-C is held back from the moment the temporary file exists until the cleanup below is
    # armed: an interrupt that landed in between would leave the temporary file behind
    held = _hold_sigint()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=directory)
    except PermissionError:
        _release_sigint(held)
        raise DocgenError(f"无权在目录中写入：{directory}，请换一个输出位置", path=out) from None
    except OSError as exc:
        _release_sigint(held)
        raise DocgenError(f"无法在目录中创建文件：{directory}（{os_reason(exc)}）", path=out) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _release_sigint(held)
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
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DocgenError(f"写出失败：{os_reason(exc)}；原有文件未被改动", path=out) from None
    except BaseException:  # includes KeyboardInterrupt: never leave a partial file behind
        tmp.unlink(missing_ok=True)
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
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{src.stem}.", suffix=f".inplace{src.suffix}", dir=directory)
    except OSError as exc:
        raise DocgenError(f"无法在输入文件所在目录中写入（{os_reason(exc)}），原文件未被改动", path=src) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        value = produce(tmp)
        os.chmod(tmp, src.stat().st_mode & 0o7777)      # the rewritten file keeps its permissions
        os.replace(tmp, src)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DocgenError(f"改写失败（{os_reason(exc)}），原文件未被改动", path=src) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return value
