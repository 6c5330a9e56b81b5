"""Word lists shared by the text rules: jieba's dictionary (loaded lazily, once per process, with
its log silenced), the reduplication list, the watermark and confusion dictionaries."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_JIEBA_FREQ: Optional[Dict[str, int]] = None


def _freq() -> Dict[str, int]:
    """jieba's word -> frequency map (prefixes are stored with 0: only freq > 0 is a word)."""
    global _JIEBA_FREQ
    if _JIEBA_FREQ is None:
        import logging      # here, not at the top: only the jieba path needs it (~5 ms to import)

        import jieba

        jieba.setLogLevel(logging.WARNING)   # its "Building prefix dict" chatter is not ours to print
        jieba.dt.initialize()
        _JIEBA_FREQ = jieba.dt.FREQ
    return _JIEBA_FREQ


_WORDS: Optional[frozenset] = None
#: the set of jieba's words (freq > 0), cached beside jieba's own cache as marshal data: it loads in
#: about 0.08 s where jieba's dictionary takes 0.6 s, and is_word needs nothing else
WORDS_CACHE_PREFIX = "docgen-jieba-words-"


def _words_cache_path() -> Optional[Path]:
    """A cache file name that changes with jieba's dictionary, jieba's version and the marshal
    format (the Python version); None when jieba is not installed."""
    import importlib.util
    import sys
    import tempfile

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    dictionary = Path(spec.origin).parent / "dict.txt"
    try:
        st = dictionary.stat()
    except OSError:
        return None
    key = f"{st.st_size}-{int(st.st_mtime)}-py{sys.version_info[0]}{sys.version_info[1]}"
    # the user's cache folder (not a shared /tmp another account could fill), else the temp folder
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docgen"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        base = Path(tempfile.gettempdir())
    return base / f"{WORDS_CACHE_PREFIX}{key}.marshal"


def _words() -> frozenset:
    global _WORDS
    if _WORDS is None:
        import marshal

        cache = _words_cache_path()
        try:
            if cache is not None:
                words = marshal.loads(cache.read_bytes())
                if isinstance(words, frozenset):
                    _WORDS = words
                    return _WORDS
        except (OSError, ValueError, EOFError, TypeError):
            pass                                        # no cache yet, or a damaged one: rebuild
        _WORDS = frozenset(w for w, n in _freq().items() if n > 0)
        if cache is not None:
            try:
                from docgen.fileio import atomic_write_bytes

                atomic_write_bytes(cache, marshal.dumps(_WORDS))
            except Exception:  # noqa: BLE001 - a cache we cannot write only costs time
                pass
    return _WORDS


def is_word(text: str) -> bool:
    # the small list first: it answers the common reduplications without loading anything
    return text in redup_words() or text in _words()


def _read_list(name: str) -> List[str]:
    path = DATA_DIR / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@lru_cache(maxsize=1)
def redup_words() -> frozenset:
    return frozenset(_read_list("redup.txt"))


@lru_cache(maxsize=1)
def watermark_words() -> Tuple[str, ...]:
    return tuple(_read_list("watermarks.txt"))


@lru_cache(maxsize=1)
def confusion_pairs() -> Tuple[Tuple[str, str, bool], ...]:
    """(wrong, right, info_only) triples."""
    out = []
    for line in _read_list("confusion.txt"):
        parts = line.split()
        if len(parts) >= 2:
            out.append((parts[0], parts[1], len(parts) > 2 and parts[2] == "info"))
    return tuple(out)


_POS_CACHE: Dict[str, List[Tuple[str, str]]] = {}


def pos_tags(text: str) -> List[Tuple[str, str]]:
    """[(word, flag)] from jieba.posseg (same lazy dictionary)."""
    if text not in _POS_CACHE:
        _freq()
        import jieba.posseg as pseg

        _POS_CACHE[text] = [(p.word, p.flag) for p in pseg.lcut(text)]
    return _POS_CACHE[text]


# -- character classes ------------------------------------------------------------------------------

HAN_CLASS = "\u4e00-\u9fff\u3400-\u4dbf"
CN_DIGITS = "一二三四五六七八九十"
CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
CN_NUM.update({"〇": 0, "两": 2})


def is_han(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def cn_to_int(text: str) -> Optional[int]:
    """'三' -> 3, '十一' -> 11, '二十' -> 20, '两' -> 2, '12' -> 12 (None if not a number)."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    m = re.fullmatch(r"([一二三四五六七八九两])?十([一二三四五六七八九])?", text)
    if m:
        tens = CN_NUM[m.group(1)] if m.group(1) else 1
        ones = CN_NUM[m.group(2)] if m.group(2) else 0
        return tens * 10 + ones
    if len(text) == 1 and text in CN_NUM:
        return CN_NUM[text]
    return None


def int_to_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)
