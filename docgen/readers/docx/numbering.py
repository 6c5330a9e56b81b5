"""Word's automatic numbering: the number text Word shows for a w:numPr, with Word's counters.

``Numbering`` reads numbering.xml once per document and is asked paragraph by paragraph, in body
order (the counters advance as Word's do); ``format_number`` writes one counter in a w:numFmt.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from docgen.ooxml.ns import w

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _roman(n: int) -> str:
    out = ""
    for v, s in _ROMAN:
        while n >= v:
            out += s
            n -= v
    return out


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's w:numFmt formats."""
    from docgen.text.numerals import MAX_CHINESE, chinese_number

    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "japaneseDigitalTenThousand"):
        return chinese_number(n) if 1 <= n <= MAX_CHINESE else str(n)
    if fmt == "chineseLegalSimplified":
        if 1 <= n <= 9:
            return _LEGAL[n]
        return "".join(_LEGAL[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= len(_TIANGAN):
        return _TIANGAN[n - 1]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """Resolves w:numPr to the number Word would show, keeping Word's counters."""

    def __init__(self, document: Any) -> None:
        self.bullets = 0
        self.abstract: Dict[str, Any] = {}
        self.nums: Dict[str, Tuple[str, Dict[int, int]]] = {}
        self.counters: Dict[str, Dict[int, int]] = {}
        self.started: set = set()
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: nothing is auto-numbered
            root = None
        if root is not None:
            for an in root.findall(w("abstractNum")):
                self.abstract[an.get(w("abstractNumId"))] = an
            for num in root.findall(w("num")):
                ref = num.find(w("abstractNumId"))
                overrides = {}
                for ov in num.findall(w("lvlOverride")):
                    so = ov.find(w("startOverride"))
                    if so is not None:
                        overrides[int(ov.get(w("ilvl"), "0"))] = int(so.get(w("val"), "1"))
                if ref is not None:
                    self.nums[num.get(w("numId"))] = (ref.get(w("val")), overrides)

    def _lvl(self, abstract_id: str, ilvl: int) -> Optional[Any]:
        an = self.abstract.get(abstract_id)
        if an is None:
            return None
        for lvl in an.findall(w("lvl")):
            if int(lvl.get(w("ilvl"), "0")) == ilvl:
                return lvl
        return None

    @staticmethod
    def _val(lvl: Any, tag: str, default: Optional[str] = None) -> Optional[str]:
        el = lvl.find(w(tag))
        return el.get(w("val"), default) if el is not None else default

    def text(self, num_id: str, ilvl: int) -> Optional[str]:
        """The number text of the next paragraph of list ``num_id`` at level ``ilvl``."""
        if num_id in (None, "0") or num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        lvl = self._lvl(abstract_id, ilvl)
        if lvl is None:
            return None
        fmt = self._val(lvl, "numFmt", "decimal")
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        start = int(self._val(lvl, "start", "1") or 1)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            self.bullets += 1                     # counted: the report says they were dropped
            return None                           # a bullet is decoration, not a number
        pattern = self._val(lvl, "lvlText", "") or ""
        legal = lvl.find(w("isLgl")) is not None
        out = pattern
        for k in range(9):
            token = f"%{k + 1}"
            if token in out:
                other = self._lvl(abstract_id, k)
                kfmt = "decimal" if legal else (self._val(other, "numFmt", "decimal") if other is not None else "decimal")
                kstart = int(self._val(other, "start", "1") or 1) if other is not None else 1
                out = out.replace(token, format_number(counters.get(k, kstart), kfmt))
        return out or None


__all__ = ["Numbering", "format_number"]
