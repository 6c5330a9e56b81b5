"""Render .docx to PDF with LibreOffice (headless) and PDF pages to PNG.

The CJK stand-in fonts are switched on only for the soffice child process, through
``FONTCONFIG_FILE`` pointing at docgen/data/fonts.conf (nothing system-wide changes).  Each run
uses its own LibreOffice profile: a reusable slot locked with ``flock`` (warm profiles start
~0.5 s faster), or a throw-away directory when every slot is busy, so two conversions at once never
share a profile (a second soffice on a profile in use would hand its job to the first one and
return without output).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Union

from docgen.errors import InputError, RenderError

PathLike = Union[str, Path]

from docgen.fonts import FONTS_CONF, fontconfig_file  # noqa: E402,F401 (the renderer's fonts)
INSTALL_HINT = ("apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk "
                "fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-liberation2"
                "（Debian/Ubuntu；或在 docgen 源码目录以 root 运行 bash .ci/system-deps）")
#: seconds one soffice run may take before it is killed (a 20-page speech converts in ~3 s)
DEFAULT_TIMEOUT_S = 180
#: reusable profile slots per user; more concurrent runs fall back to temporary profiles
PROFILE_SLOTS = 4
#: default resolution of PNG pages (96 dpi: an A4 page is 794 × 1123 pixels)
DEFAULT_DPI = 96


def find_soffice() -> str:
    """Path of the soffice executable (``DOCGEN_SOFFICE`` overrides the PATH lookup)."""
    override = os.environ.get("DOCGEN_SOFFICE")
    if override:
        if shutil.which(override):
            return shutil.which(override)  # type: ignore[return-value]
        raise RenderError(f"DOCGEN_SOFFICE 指向的程序不存在：{override}")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(f"未找到 LibreOffice，请先安装：{INSTALL_HINT}")


def render_env() -> dict:
    """Environment for soffice: ours plus the stand-in font aliases (only for this process)."""
    env = dict(os.environ)
    conf = fontconfig_file()
    if conf is not None:
        env["FONTCONFIG_FILE"] = str(conf)
    return env


@contextlib.contextmanager
def _profile_dir() -> Iterator[Path]:
    """A LibreOffice user profile directory nobody else uses while we hold it."""
    import fcntl

    base = Path(tempfile.gettempdir())
    uid = os.getuid() if hasattr(os, "getuid") else 0
    for slot in range(PROFILE_SLOTS):
        lock_path = base / f"docgen_lo_profile_{uid}_{slot}.lock"
        try:
            fh = open(lock_path, "a+")
        except OSError:
            continue
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            continue
        try:
            yield base / f"docgen_lo_profile_{uid}_{slot}"
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            fh.close()
        return
    with tempfile.TemporaryDirectory(prefix="docgen_lo_profile_") as tmp:
        yield Path(tmp)


#: what preview renders; anything else (a text draft, a PDF…) is refused before LibreOffice starts
PREVIEW_SUFFIXES = (".docx", ".doc", ".odt", ".rtf")
#: the first bytes of each kind (.docx/.odt are zips, .doc an OLE2 file, .rtf text starting {\rtf)
_PREVIEW_MAGIC = {".docx": (b"PK\x03\x04",), ".odt": (b"PK\x03\x04",),
                  ".doc": (b"\xd0\xcf\x11\xe0",), ".rtf": (b"{\\rtf",)}


def check_input(path: PathLike) -> None:
    """Refuse what preview cannot render: a missing file, another suffix, content of another kind."""
    path = Path(path)
    if not path.is_file():
        raise InputError("找不到输入文件" if not path.exists() else "这是一个目录，不是 Word 文件", path=path)
    suffix = path.suffix.lower()
    if suffix not in PREVIEW_SUFFIXES:
        raise InputError("预览只支持 .docx 等 Word 文件（.docx/.doc/.odt/.rtf）；文本稿请先用 docgen format 生成 .docx",
                         path=path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        from docgen.fileio import os_reason

        raise InputError(f"无法读取输入文件（{os_reason(exc)}）", path=path) from None
    if not head.startswith(_PREVIEW_MAGIC[suffix]):
        raise InputError(f"文件内容不是 {suffix} 格式（可能是改了扩展名的其他文件），不能预览", path=path)


_check_input = check_input


def _run_soffice(args: List[str], timeout: float) -> subprocess.CompletedProcess:
    # own process group: on timeout we kill soffice.bin and its helpers, not only the wrapper
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=render_env(), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RenderError(f"LibreOffice 转换超时（{timeout:g} 秒），已终止") from None
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def convert_many(docx_files: Sequence[PathLike], out_dir: PathLike,
                 timeout: float = DEFAULT_TIMEOUT_S, missing_ok: bool = False) -> List[Optional[Path]]:
    """Convert several documents in ONE soffice run (start-up is most of the cost).

    Returns the PDFs in input order (``out_dir/<stem>.pdf``); stems must be distinct.  A document
    LibreOffice could not convert raises RenderError, or gives None with ``missing_ok``.
    """
    sources = [Path(p) for p in docx_files]
    if not sources:
        return []
    for src in sources:
        _check_input(src)
    stems = [s.stem for s in sources]
    if len(set(stems)) != len(stems):
        raise RenderError("同一批转换的文件名（不含扩展名）不能重复：" + "、".join(stems))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    soffice = find_soffice()
    targets = [out / f"{stem}.pdf" for stem in stems]
    for t in targets:
        t.unlink(missing_ok=True)
    with _profile_dir() as profile:
        args = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                "--norestore", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                "--outdir", str(out)] + [str(s) for s in sources]
        try:
            result = _run_soffice(args, timeout)
        except RenderError:
            # a killed soffice may leave a half-written profile: the next run starts clean
            shutil.rmtree(profile, ignore_errors=True)
            raise
        made = [t if t.is_file() and t.stat().st_size > 0 else None for t in targets]
        missing = [s for s, t in zip(sources, made) if t is None]
        if missing:
            shutil.rmtree(profile, ignore_errors=True)
    if missing and missing_ok and len(missing) < len(sources):
        return made
    if missing:
        detail = (result.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        tail = detail[-1] if detail else f"退出码 {result.returncode}"
        raise RenderError(f"LibreOffice 未能转换：{'、'.join(str(m) for m in missing)}（{tail}）")
    return made


def convert_to_pdf(docx: PathLike, pdf_out: Optional[PathLike] = None,
                   timeout: float = DEFAULT_TIMEOUT_S) -> Path:
    """Render one document to ``pdf_out`` (default: next to the input, .pdf); replaced atomically."""
    from docgen.fileio import atomic_write
    from docgen.outputs import guard_output

    src = Path(docx)
    _check_input(src)
    target = Path(pdf_out) if pdf_out is not None else src.with_suffix(".pdf")
    guard_output(target, "pdf", [src], named=pdf_out is not None, what="PDF 输出文件")
    with tempfile.TemporaryDirectory(prefix="docgen_pdf_") as tmp:
        # copy under a safe name: soffice names its output after the input stem
        staged = Path(tmp) / ("input" + src.suffix.lower())
        shutil.copyfile(src, staged)
        (pdf,) = convert_many([staged], Path(tmp) / "out", timeout=timeout)
        atomic_write(target, lambda t: shutil.copyfile(pdf, t))
    return target


def pdf_to_png(pdf: PathLike, out_dir: PathLike, dpi: int = DEFAULT_DPI,
               first: Optional[int] = None, last: Optional[int] = None,
               prefix: str = "page") -> List[Path]:
    """Rasterise pages (1-based ``first``..``last``) to ``out_dir/<prefix>-N.png``; returns the files.

    Uses pdftoppm (poppler) when present, PyMuPDF otherwise.
    """
    src = Path(pdf)
    if not src.is_file():
        raise InputError("找不到 PDF 文件", path=src)
    from docgen.outputs import guard_dir, is_kind

    out = guard_dir(out_dir, "--png 的输出目录")
    out.mkdir(parents=True, exist_ok=True)

    def refuse_other(dest: Path) -> None:
        if dest.exists() and not is_kind(dest, "png"):
            raise InputError("已存在同名文件，但不是 PNG 图片，不会覆盖它；请换一个输出目录", path=dest)

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        with tempfile.TemporaryDirectory(prefix="docgen_png_", dir=out) as tmp:
            args = [pdftoppm, "-png", "-r", str(dpi)]
            if first:
                args += ["-f", str(first)]
            if last:
                args += ["-l", str(last)]
            done = subprocess.run(args + [str(src), str(Path(tmp) / "p")], capture_output=True)
            if done.returncode != 0:
                msg = done.stderr.decode("utf-8", "replace").strip()
                raise RenderError(f"pdftoppm 转换失败：{msg}", path=src)
            made = []
            # pdftoppm zero-pads page numbers by the page count; normalise to prefix-N.png
            pages = [(int(f.stem.split("-")[-1]), f) for f in Path(tmp).glob("p-*.png")]
            for n, _ in pages:
                refuse_other(out / f"{prefix}-{n}.png")     # before any page is moved
            for n, f in pages:
                dest = out / f"{prefix}-{n}.png"
                os.replace(f, dest)
                made.append((n, dest))
        return [p for _, p in sorted(made)]
    from docgen.render.measure import import_pymupdf   # one import rule for PyMuPDF

    fitz = import_pymupdf()
    made = []
    with fitz.open(src) as doc:
        lo = (first or 1) - 1
        hi = min(last or doc.page_count, doc.page_count)
        for i in range(lo, hi):
            refuse_other(out / f"{prefix}-{i + 1}.png")
        for i in range(lo, hi):
            dest = out / f"{prefix}-{i + 1}.png"
            doc[i].get_pixmap(dpi=dpi).save(str(dest))
            made.append(dest)
    return made
