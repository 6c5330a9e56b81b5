"""Word lists shared by the text rules: jieba's dictionary (loaded lazily, once per process, with
its log silenced), the reduplication list, the watermark and confusion dictionaries."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from docgen.text.cjk import HAN, is_han  # noqa: F401 (is_han is re-exported)

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


#: (words, verbs, total) of jieba's dictionary: word -> frequency for every word with a frequency
#: above 0, the set of those tagged as verbs, and the sum of the frequencies.  Read from dict.txt
#: (0.2 s) once and cached as marshal data (0.1 s to load), where jieba's own dictionary takes
#: 0.6 s and its part-of-speech tagger 0.4 s more.
_LEXICON: Optional[Tuple[Dict[str, int], frozenset, int]] = None
WORDS_CACHE_PREFIX = "docgen-jieba-words-"
#: jieba's part-of-speech tags for verbs start with this ("v", "vn", "vd", …)
VERB_TAG = "v"


def _jieba_dictionary() -> Optional[Path]:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None


def _words_cache_path(dictionary: Path) -> Path:
    """A cache file name that changes with jieba's dictionary and the marshal format (the Python
    version), in the user's cache folder (not a shared /tmp another account could fill), or the
    temp folder when that cannot be made."""
    import sys
    import tempfile

    st = dictionary.stat()
    key = f"{st.st_size}-{int(st.st_mtime)}-py{sys.version_info[0]}{sys.version_info[1]}"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docgen"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        base = Path(tempfile.gettempdir())
    return base / f"{WORDS_CACHE_PREFIX}{key}.marshal"


def _read_dictionary(dictionary: Path) -> Tuple[Dict[str, int], frozenset, int]:
    words: Dict[str, int] = {}
    verbs = set()
    with dictionary.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit() or int(parts[1]) <= 0:
                continue
            words[parts[0]] = int(parts[1])
            if len(parts) > 2 and parts[2].startswith(VERB_TAG):
                verbs.add(parts[0])
    return words, frozenset(verbs), sum(words.values())


def _lexicon() -> Tuple[Dict[str, int], frozenset, int]:
    global _LEXICON
    if _LEXICON is None:
        import marshal

        dictionary = _jieba_dictionary()
        if dictionary is None:              # jieba missing: the small lists alone
            _LEXICON = ({}, frozenset(), 1)
            return _LEXICON
        cache = _words_cache_path(dictionary)
        try:
            loaded = marshal.loads(cache.read_bytes())
            if (isinstance(loaded, tuple) and len(loaded) == 3 and isinstance(loaded[0], dict)
                    and isinstance(loaded[1], frozenset) and isinstance(loaded[2], int)):
                _LEXICON = loaded
                return _LEXICON
        except (OSError, ValueError, EOFError, TypeError):
            pass                                        # no cache yet, or a damaged one: rebuild
        _LEXICON = _read_dictionary(dictionary)
        try:
            from docgen.fileio import atomic_write_bytes

            atomic_write_bytes(cache, marshal.dumps(_LEXICON))
        except Exception:  # noqa: BLE001 - a cache we cannot write only costs time
            pass
    return _LEXICON


def _words() -> Dict[str, int]:
    return _lexicon()[0]


def is_word(text: str) -> bool:
    # the small list first: it answers the common reduplications without loading anything
    return text in redup_words() or text in _words()


def first_word(text: str, longest: int = 6) -> str:
    """The first word of ``text`` as jieba cuts it without its HMM: the route through the
    dictionary words that maximises the product of their frequencies (jieba's ``calc``)."""
    import math

    words, _, total = _lexicon()
    n = len(text)
    log_total = math.log(total)
    best: List[Tuple[float, int]] = [(0.0, 0)] * (n + 1)   # from i: (log probability, end of first word)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, min(n, i + longest) + 1):
            piece = text[i:j]
            if j == i + 1 or piece in words:
                options.append((math.log(words.get(piece) or 1) - log_total + best[j][0], j))
        best[i] = max(options)
    return text[:best[0][1]] if n else ""


def starts_with_verb(text: str) -> bool:
    """Is the first word of ``text`` a verb of two or more characters (jieba's tags)?  On 3,000
    six-character windows of the seeds this agreed with jieba.posseg 99.2% of the time; the rest
    were words jieba's HMM makes of fragments that start mid-word ("控和"), never a word boundary."""
    word = first_word(text)
    return len(word) >= 2 and word in _lexicon()[1]


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


# -- character classes ------------------------------------------------------------------------------

HAN_CLASS = HAN
CN_DIGITS = "一二三四五六七八九十"
CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
CN_NUM.update({"〇": 0, "两": 2})


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
    """3 -> 三, 11 -> 十一 (text/numerals.py); 0 -> 零, and from 100 on the digits."""
    from docgen.text.numerals import MAX_CHINESE, chinese_number

    if 1 <= n <= MAX_CHINESE:
        return chinese_number(n)
    return "零" if n == 0 else str(n)
