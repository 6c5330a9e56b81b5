"""Word lists shared by the text rules: jieba's dictionary (loaded lazily, once per process, with
its log silenced), the reduplication list, the watermark and confusion dictionaries."""

from __future__ import annotations

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


def is_word(text: str) -> bool:
    # the small list first: it answers the common reduplications without loading jieba
    return text in redup_words() or _freq().get(text, 0) > 0


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
