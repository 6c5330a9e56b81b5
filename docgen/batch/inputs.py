"""Batch inputs: files, folders and globs expanded into one list of items, in a stable order,
and where each item's output goes when the output is a folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional, Sequence

from docgen.errors import DocgenError

#: suffixes a directory or glob expansion picks up by default
DEFAULT_SUFFIXES = (".txt", ".md", ".docx")
#: the relative name given to standard input (used when mirroring into an output directory)
STDIN_NAME = "stdin"


@dataclass(frozen=True)
class InputItem:
    """One input file: its path, its path relative to the directory or glob it came from (what an
    output directory mirrors), and ``error`` when it cannot be processed at all (missing file,
    empty directory, unmatched glob).  Unpacks as ``path, rel``."""

    path: Path
    rel: Path
    error: Optional[str] = None

    def __iter__(self) -> Iterator[Path]:
        yield self.path
        yield self.rel

    @property
    def is_stdin(self) -> bool:
        return str(self.path) == "-"

    def __str__(self) -> str:
        return "标准输入" if self.is_stdin else str(self.path)


def _has_magic(s: str) -> bool:
    return any(c in s for c in "*?[")


def _skipped(rel: Path) -> bool:
    """Hidden files and folders, Word lock files (~$x.docx), editor/atomic-write temporaries."""
    for part in rel.parts:
        if part.startswith((".", "~$")):
            return True
    name = rel.name
    return name.endswith(("~", ".tmp", ".temp", ".bak"))


def _wanted(path: Path, suffixes: Sequence[str]) -> bool:
    return path.suffix.lower() in suffixes


def _scan_dir(directory: Path, base: Path, suffixes: Sequence[str], exclude: Sequence[str]) -> List[InputItem]:
    """Files under ``directory`` (relative to ``base``), hidden folders and ``exclude`` pruned, sorted."""
    found = []
    for root, dirs, files in os.walk(directory):      # does not follow symlinked folders: no loops
        dirs[:] = [d for d in dirs if not d.startswith((".", "~$"))
                   and os.path.realpath(os.path.join(root, d)) not in exclude]
        for name in files:
            p = Path(root, name)
            if _wanted(p, suffixes) and not _skipped(Path(name)):
                found.append(InputItem(p, p.relative_to(base)))
    return sorted(found, key=lambda item: item.path.parts)


def _glob_base(pattern: str) -> Path:
    """The longest leading part of a glob pattern without wildcards: what outputs are relative to."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if _has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def expand_inputs(inputs: Sequence[str], suffixes: Sequence[str] = DEFAULT_SUFFIXES,
                  exclude: Sequence[str] = ()) -> List[InputItem]:
    """Files, directories (recursive, sorted, only ``suffixes``, hidden and temporary files skipped),
    glob patterns the shell did not expand (``docs/*.docx``, ``docs/**/*.txt``) and "-" (stdin), in
    the order given, each file once.  Problems are per item (``InputItem.error``), never raised, so
    one bad argument does not stop the batch.  A file named explicitly is taken whatever its name
    (the user asked for it); only its suffix is checked.  Folders in ``exclude`` (an output directory
    inside an input directory) are not scanned, so a second run does not pick up its own outputs."""
    suffixes = tuple(s.lower() for s in suffixes)
    exclude = [os.path.realpath(e) for e in exclude]
    items: List[InputItem] = []
    for raw in inputs:
        raw = str(raw)
        p = Path(raw)
        if raw == "-":
            items.append(InputItem(p, Path(STDIN_NAME)))
        elif p.is_dir():
            found = _scan_dir(p, p, suffixes, exclude)
            items.extend(found or [InputItem(p, Path(p.name), f"目录中没有 {_suffix_list(suffixes)} 文件")])
        elif p.is_file():
            error = None if _wanted(p, suffixes) else \
                f"不支持的文件类型“{p.suffix or '无扩展名'}”：可处理 {_suffix_list(suffixes)}"
            items.append(InputItem(p, Path(p.name), error))
        elif _has_magic(raw):
            import glob

            base = _glob_base(raw)
            found = []
            for match in sorted(glob.glob(raw, recursive=True)):
                m = Path(match)
                rel = m.relative_to(base) if base != Path(".") else m
                if m.is_dir():
                    found.extend(_scan_dir(m, base, suffixes, exclude))
                elif _wanted(m, suffixes) and not _skipped(rel) and not _inside(m, exclude):
                    found.append(InputItem(m, rel))
            items.extend(found or [InputItem(p, Path(p.name), f"没有与“{raw}”匹配的 {_suffix_list(suffixes)} 文件")])
        else:
            items.append(InputItem(p, Path(p.name), "文件不存在"))
    return _unique(items)


def is_batch(inputs: Sequence[str], n_items: int) -> bool:
    """Several files, or any directory or glob pattern: a batch (progress line, summary).  One named
    file keeps the single-file behaviour: its output or its one-line error, nothing else."""
    return n_items > 1 or any(raw != "-" and (Path(raw).is_dir() or (not Path(raw).exists() and _has_magic(raw)))
                              for raw in inputs)


def _inside(path: Path, folders: Sequence[str]) -> bool:
    real = os.path.realpath(path)
    return any(real.startswith(f + os.sep) for f in folders)


def _suffix_list(suffixes: Sequence[str]) -> str:
    return "、".join(suffixes)


def _unique(items: List[InputItem]) -> List[InputItem]:
    """Keep the first occurrence of each file (a file named and also inside a named directory)."""
    seen, out = set(), []
    for item in items:
        key = str(item.path) if (item.error or item.is_stdin) else os.path.realpath(item.path)
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def mirror_output(src_rel: Path, out_dir: Path, new_suffix: str) -> Path:
    """Where the output of ``src_rel`` goes under ``out_dir`` (the input tree mirrored), with its
    parent directories created.  ``new_suffix`` may be compound (".formatted.docx")."""
    src_rel = Path(src_rel)
    if src_rel.is_absolute() or ".." in src_rel.parts:
        # an absolute or escaping relative path must not write outside the output directory
        src_rel = Path(src_rel.name)
    name = src_rel.name
    stem = name[: -len(src_rel.suffix)] if src_rel.suffix else name
    out = Path(out_dir) / src_rel.parent / (stem + new_suffix)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise DocgenError("无法创建输出目录：同名文件已存在", path=out.parent) from None
    except PermissionError:
        raise DocgenError("无权创建输出目录，请换一个输出位置", path=out.parent) from None
    except OSError as exc:                      # a read-only file system, a name too long …
        from docgen.fileio import os_reason

        raise DocgenError(f"无法创建输出目录（{os_reason(exc)}），请换一个输出位置", path=out.parent) from None
    return out


# -- results ----------------------------------------------------------------------------------------
