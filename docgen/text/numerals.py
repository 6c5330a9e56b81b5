"""Chinese numerals of heading numbers: 一 … 九十九, written and read back (GB/T 9704 §7.3.3)."""

from __future__ import annotations

import re
from typing import Optional, Tuple

CHINESE_DIGITS = "零一二三四五六七八九"
TEN = "十"
#: the largest number the Chinese counting words here express (一 … 九十九)
MAX_CHINESE = 99
CHINESE_COUNTER, ARABIC_COUNTER = "一", "1"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 99 -> 九十九 (GB/T 9704 heading numerals)."""
    if not 1 <= n <= MAX_CHINESE:
        raise ValueError(f"{n} is outside 1..{MAX_CHINESE}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    return ("" if tens == 1 else CHINESE_DIGITS[tens]) + TEN + (CHINESE_DIGITS[ones] if ones else "")


def parse_chinese_number(text: str) -> Optional[int]:
    """Inverse of :func:`chinese_number` ('十一' -> 11); None if ``text`` is not such a numeral."""
    for n in range(1, MAX_CHINESE + 1):
        if chinese_number(n) == text:
            return n
    return None


def split_pattern(pattern: str) -> Tuple[str, str, str]:
    """'（一）' -> ('（', '一', '）'): prefix, counter kind, suffix.  The first counter wins."""
    m = re.search(f"[{CHINESE_COUNTER}{ARABIC_COUNTER}]", pattern)
    if m is None:
        raise ValueError(pattern)
    return pattern[:m.start()], m.group(0), pattern[m.end():]


#: the gap after a marker that ends in a word ("第一部分", "第一章"), as GB/T practice sets it
