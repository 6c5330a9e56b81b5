"""A .docx (or .doc through LibreOffice) -> paragraphs and units.

Two stages, like pandoc's docx reader: ``raw_paragraphs`` parses faithfully (one RawPara per
python-docx ``Document.paragraphs`` entry, Word's automatic numbers frozen into the text, soft
line breaks merged, tables in body order), and ``read_units`` interprets for ``format`` (spacer
paragraphs dropped, direct formatting and theme fonts ignored, style hints kept for the
recogniser).  Hostile or broken packages are refused before anything is inflated or parsed:
not a zip, truncated, a member larger than the limits (zip bomb), XML with a DOCTYPE.

Checklist of Word features: [X] w:numPr through styles and numbering.xml (一、 （一） %1. bullets
skipped and reported) [X] soft breaks (w:br, w:cr, a newline inside w:t) [X] tabs [X] hyperlinks,
fields (result text), w:ins [X] w:del / w:moveFrom skipped [X] tables (merged cells repeated as
in Word's grid; a cell's paragraphs kept apart; a one-cell frame table read as paragraphs)
[X] content controls and custom XML (read, indexed after the paragraph before them) [X] text
boxes [X] ruby (the base text only) [X] hidden text (not read; reported) [X] equations (their
text) [X] pictures, footnotes, endnotes (carried into the output: readers/docx/objects.py)
[-] comments, header text, charts (reported, not carried).
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from docgen.ooxml.resolve import on_off
from docgen.text import patterns as P
from docgen.errors import InputError
from docgen.units import Unit

PathLike = Union[str, Path]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


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

#: elements whose text is not part of the paragraph as printed / as the author meant it
_SKIP = {w("del"), w("moveFrom"), w("txbxContent"), w("pPr"), w("rPr"), w("footnoteReference"),
         w("endnoteReference"), w("commentReference"), f"{{{MC_NS}}}Fallback", w("instrText"),
         w("delText"), w("fldData"), w("rt")}
#: an equation's text (OMML): read as the paragraph's text, never dropped (issue 13)
_M_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_T_RUN, _T_VANISH = w("r"), w("vanish")


def _hidden_run(run: Any) -> bool:
    """A run set as hidden text (w:vanish): not printed, so not read as the paragraph's text."""
    rpr = run.find(w("rPr"))
    v = rpr.find(_T_VANISH) if rpr is not None else None
    return v is not None and v.get(w("val"), "true") not in ("0", "false", "off")


@dataclass
class RawPara(Unit):
    """One body paragraph (or table) of a .docx, parsed but not interpreted."""

    style_name: Optional[str] = None
    is_table: bool = False
    auto_number: Optional[str] = None      # the frozen Word number ("一、"), if any
    bold: bool = False                     # every visible run is bold


# -- package checks --------------------------------------------------------------------------------

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
    except (OSError, EOFError, zipfile.LargeZipFile, RuntimeError, NotImplementedError) as exc:
        raise InputError("无法读取 .docx 文件（压缩包中的部件读不出来），请在 Word 中重新保存后再试", path=p) from None


def open_document(path: PathLike) -> Any:
    check_package(path)
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on malformed parts
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


# -- Word automatic numbering ------------------------------------------------------------------

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


# -- paragraphs ----------------------------------------------------------------------------------

_CJK_RANGES = ("\u2e80", "\u9fff"), ("\uf900", "\ufaff"), ("\uff00", "\uffef"), ("\u3000", "\u303f")


def _is_cjk(ch: str) -> bool:
    return any(a <= ch <= b for a, b in _CJK_RANGES) or ch in "“”‘’—…·"


def _merge_breaks(pieces: List[str]) -> str:
    """Join the text on both sides of a soft line break: nothing between CJK, a space otherwise."""
    out = ""
    for piece in pieces:
        if out and piece:
            a, b = out.rstrip()[-1:], piece.lstrip()[:1]
            if a and b and not (_is_cjk(a) or _is_cjk(b)):
                out = out.rstrip() + " " + piece.lstrip()
                continue
            out = out.rstrip(" ") + piece.lstrip(" ")
        else:
            out += piece
    return out


# tag names of the paragraph walk, computed once (it runs for every element of every paragraph)
_T_T, _T_P, _T_NBH, _A_TYPE = w("t"), w("p"), w("noBreakHyphen"), w("type")
_T_TABS = (w("tab"), w("ptab"))
_T_BREAKS = (w("br"), w("cr"))


def paragraph_text(p: Any) -> Tuple[str, int]:
    """(text of a w:p element as printed, number of soft line breaks merged)."""
    pieces, breaks = paragraph_pieces(p)
    return _merge_breaks(pieces), breaks


_NOTE_REFS = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote",
              w("commentReference"): "comment"}


def paragraph_pieces(p: Any, on_note: Any = None) -> Tuple[List[str], int]:
    """(the text between the soft line breaks of a w:p element, number of breaks).

    ``on_note(kind, id)`` (format's reader) returns the character that stands for a footnote or
    endnote reference in the text (readers.docx.objects.NoteCollector); without it references
    are left out, as check reads them."""
    pieces: List[str] = [""]
    breaks = 0

    def walk(el: Any) -> None:
        nonlocal breaks
        for child in el:
            tag = child.tag
            if on_note is not None and tag in _NOTE_REFS:
                pieces[-1] += on_note(_NOTE_REFS[tag], child.get(w("id")))
                continue
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _T_T or tag == _M_T:
                # a newline typed inside a w:t is a soft line break, as Word shows it (issue 13)
                lines = (child.text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
                pieces[-1] += lines[0]
                for more in lines[1:]:
                    pieces.append(more)
                    breaks += 1
            elif tag == _T_RUN and _hidden_run(child):
                continue
            elif tag in _T_TABS:
                pieces[-1] += "\t"
            elif tag in _T_BREAKS:
                if child.get(_A_TYPE) in ("page", "column"):
                    continue
                pieces.append("")
                breaks += 1
            elif tag == _T_NBH:
                pieces[-1] += "-"
            elif tag == _T_P:
                continue                      # a nested paragraph (text box): not this paragraph's text
            else:
                walk(child)

    walk(p)
    return pieces, breaks


#: "联系人：张三" / "联系电话：……": label lines one under the other are separate lines (issue 13)
_LABEL_LINE = re.compile(r"^[^，。；：:\s]{1,8}[：:]\S")


def split_soft_breaks(pieces: Sequence[str]) -> List[str]:
    """The paragraphs of a Word paragraph whose soft line breaks (Shift+Enter) separate
    paragraphs, as a draft pasted from a web page into Word has them: a break after a finished
    sentence or a colon, before a heading, a salutation or a closing, after a title-like line, or
    a doubled break starts a new paragraph; any other break is a wrapped line and is merged."""
    from docgen.readers.text import starts_structure, whole_line

    out: List[str] = []
    current: Optional[str] = None
    for piece in pieces:
        if current is None:
            current = piece
            continue
        before, after = current.strip(), piece.strip()
        if not before:
            current = piece
        elif (not after or before[-1] in P.SENTENCE_FINAL + "：:" or starts_structure(after) or whole_line(before)
              or (_LABEL_LINE.match(before.split("\n")[-1]) and _LABEL_LINE.match(after))
              or P.SUBTITLE.match(after) or P.DATE_LINE.match(after) or P.DATE_PLAIN.match(after)):
            out.append(current)
            current = piece
        else:
            current = _merge_breaks([current, piece])
    if current is not None:
        out.append(current)
    return [t for t in out if t.strip()] or [""]


def _style_chain(style: Any) -> Iterator[Any]:
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _chain_elements(style: Any, by_id: Optional[Dict[str, Any]] = None) -> Iterator[Any]:
    """The w:style elements of ``style`` and its basedOn ancestors.  With ``by_id`` (styleId ->
    w:style of the document) the links are followed in that dict: python-docx's ``base_style``
    runs an XPath query per link."""
    if by_id is None:
        for st in _style_chain(style):
            yield st.element
        return
    el, seen = style.element, 0
    while el is not None and seen < 20:
        yield el
        based = el.find(_T_BASED_ON)
        el = by_id.get(based.get(_A_VAL)) if based is not None else None
        seen += 1


def _styles_by_id(document: Any) -> Dict[str, Any]:
    try:
        root = document.part.styles.element
    except Exception:  # no styles part
        return {}
    out: Dict[str, Any] = {}
    for st in root.iterchildren(w("style")):
        out.setdefault(st.get(w("styleId")), st)
    return out


def _style_num_pr(style: Any, by_id: Optional[Dict[str, Any]] = None) -> Tuple[Optional[str], Optional[int]]:
    for st in _chain_elements(style, by_id):
        ppr = st.find(w("pPr"))
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = num_pr.find(w("numId"))
            ilvl = num_pr.find(w("ilvl"))
            return (num_id.get(w("val")) if num_id is not None else None,
                    int(ilvl.get(w("val"))) if ilvl is not None else 0)
    return None, None


def _num_pr(p_el: Any, style: Any, style_num_pr: Optional[Tuple[Optional[str], Optional[int]]] = None
            ) -> Tuple[Optional[str], int]:
    """``style_num_pr``: ``_style_num_pr(style)`` when the caller has it already (it is per style)."""
    ppr = p_el.find(_T_PPR)
    num_pr = ppr.find(_T_NUMPR) if ppr is not None else None
    if style_num_pr is None:
        style_num_pr = _style_num_pr(style) if style is not None else (None, None)
    s_num, s_lvl = style_num_pr
    num_id, ilvl = s_num, s_lvl or 0
    if num_pr is not None:
        n = num_pr.find(_T_NUMID)
        lv = num_pr.find(_T_ILVL)
        if n is not None:
            num_id = n.get(_A_VAL)
        if lv is not None:
            ilvl = int(lv.get(_A_VAL, "0"))
    return num_id, ilvl


_T_PPR, _T_PSTYLE, _T_NUMPR, _T_NUMID, _T_ILVL = w("pPr"), w("pStyle"), w("numPr"), w("numId"), w("ilvl")


def _p_style_id(p_el: Any) -> Optional[str]:
    """``p_el.style`` (the w:pStyle value) without python-docx's descriptor machinery, which costs
    several look-ups per call on the hot path of every paragraph."""
    ppr = next(p_el.iterchildren(_T_PPR), None)      # iterchildren: cheaper than find's path parser
    ps = next(ppr.iterchildren(_T_PSTYLE), None) if ppr is not None else None
    return ps.get(_A_VAL) if ps is not None else None


#: ST_OnOff, read as the one resolver reads it
_on = on_off


def _style_bold(style: Any, by_id: Optional[Dict[str, Any]] = None) -> Optional[bool]:
    for st in _chain_elements(style, by_id):
        rpr = st.find(w("rPr"))
        if rpr is not None and rpr.find(w("b")) is not None:
            return _on(rpr.find(w("b")))
    return None


def _all_bold(paragraph: Any, style: Any = None, para_bold: Any = ..., char_bold: Optional[Dict[str, Any]] = None
              ) -> bool:
    """True when every visible run is bold.  ``para_bold`` (``_style_bold(style)``) and ``char_bold``
    (character style id -> its bold) let a caller share these per-style look-ups across paragraphs:
    python-docx finds a style by an XPath query each time."""
    if para_bold is ...:
        if style is None:
            style = paragraph.style
        para_bold = _style_bold(style) if style is not None else None
    if char_bold is None:
        char_bold = {}
    seen = False
    # iterchildren(tag) instead of find(tag): find parses its path argument on every call
    for r in paragraph._p.iter(_T_R):
        if not "".join([t.text or "" for t in r.iter(_T_T)]).strip():
            continue
        seen = True
        rpr = next(r.iterchildren(_T_RPR), None)
        b = _on(next(rpr.iterchildren(_T_B), None)) if rpr is not None else None
        rstyle = next(rpr.iterchildren(_T_RSTYLE), None) if b is None and rpr is not None else None
        if rstyle is not None:
            sid = rstyle.get(_A_VAL)
            if sid not in char_bold:
                cs = paragraph.part.styles.element.get_by_id(sid)
                crpr = cs.find(_T_RPR) if cs is not None else None
                char_bold[sid] = _on(crpr.find(_T_B)) if crpr is not None else None
            b = char_bold[sid]
        if b is None:
            b = para_bold
        if not b:
            return False
    return seen


_T_R, _T_RPR, _T_B, _T_RSTYLE, _A_VAL = w("r"), w("rPr"), w("b"), w("rStyle"), w("val")
_T_BASED_ON = w("basedOn")


def _cell_text(tc: Any) -> str:
    """A cell's text; its paragraphs stay apart, one per line (the writer prints a line break),
    never glued into one run of text (issue 13)."""
    parts = [paragraph_text(p)[0].strip() for p in tc.iter(w("p"))]
    return "\n".join(p for p in parts if p)


def _layout_cell(tbl: Any) -> Optional[Any]:
    """The one cell of a one-row, one-column table (a speech laid out in a frame), else None."""
    rows = tbl.findall(w("tr"))
    if len(rows) != 1:
        return None
    cells = rows[0].findall(w("tc"))
    return cells[0] if len(cells) == 1 else None


def _table_rows(tbl: Any) -> Tuple[List[List[str]], int]:
    rows: List[List[str]] = []
    header_rows = 0
    counting_header = True
    for tr in tbl.findall(w("tr")):
        cells = []
        for tc in tr.findall(w("tc")):
            span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
            span = int(span_el.get(w("val"), "1")) if span_el is not None else 1
            # a merged cell's text once, then empty cells for the columns it spans (the model has no
            # spans; repeating the text printed "项目类别 项目类别")
            cells.extend([_cell_text(tc)] + [""] * (max(span, 1) - 1))
        trpr = tr.find(w("trPr"))
        is_header = trpr is not None and _on(trpr.find(w("tblHeader"))) is True
        if counting_header and is_header:
            header_rows += 1
        else:
            counting_header = False
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return rows, header_rows


def raw_paragraphs(path: PathLike, document: Any = None, include_sdt: bool = False,
                   format_hints: bool = False, notes: Any = None) -> List[RawPara]:
    """Every body paragraph (index = 1-based python-docx ``Document.paragraphs`` index) and every
    top-level table (kind "table", index of the paragraph before it), in body order.

    Paragraphs inside block content controls (w:sdt) are not in ``Document.paragraphs``; with
    ``include_sdt`` they are returned too, indexed like the paragraph before them.
    ``format_hints`` (format's reader) also records what only format uses: the text between soft
    breaks, a font set by hand on every run, the text of text boxes (check does not pay for it)."""
    import docx.text.paragraph

    if document is None:
        document = open_document(path)
    numbering = Numbering(document)
    body = document.element.body
    out: List[RawPara] = []
    index = 0

    # per paragraph style id: (style, name, numPr of its chain, bold of its chain) -- python-docx
    # looks a style (and each basedOn link) up with an XPath query per call
    styles_by_id: Dict[Optional[str], Tuple[Any, Optional[str], Any, Optional[bool]]] = {}
    char_bold: Dict[str, Any] = {}
    by_id = _styles_by_id(document)

    def para(p_el: Any, idx: int, in_sdt: bool = False) -> RawPara:
        paragraph = docx.text.paragraph.Paragraph(p_el, document._body)
        style_id = _p_style_id(p_el)
        if style_id not in styles_by_id:
            st = paragraph.style
            styles_by_id[style_id] = (st, st.name if st is not None else None,
                                      _style_num_pr(st, by_id) if st is not None else (None, None),
                                      _style_bold(st, by_id) if st is not None else None)
        style, style_name, style_num_pr, style_bold = styles_by_id[style_id]
        pieces, breaks = paragraph_pieces(p_el, on_note=notes.marker if notes is not None else None)
        text = _merge_breaks(pieces)
        num_id, ilvl = _num_pr(p_el, style, style_num_pr)
        auto = numbering.text(num_id, ilvl) if num_id else None
        if auto and text.strip():
            text = auto + text.lstrip()
        elif auto:
            auto = None
        raw = RawPara(index=idx, text=text, style=style_id, style_name=style_name, auto_number=auto,
                      bold=_all_bold(paragraph, style, style_bold, char_bold) if text.strip() else False)
        if format_hints and p_el.find(".//" + w("drawing")) is not None or p_el.find(".//" + w("pict")) is not None:
            raw.hints.element = p_el       # pictures are read from it (readers.docx.objects)
        if breaks:
            raw.hints.soft_breaks = breaks
        if in_sdt:
            raw.hints.sdt = True
        if format_hints:
            if breaks:
                raw.hints.pieces = pieces
            run_font = _uniform_run_font(p_el) if text.strip() else None
            if run_font:
                raw.hints.run_font = run_font
            boxes = _text_box_texts(p_el)
            if boxes:
                raw.hints.textbox = boxes
        if not text.strip():
            raw.kind = "blank"
        return raw

    for child in body.iterchildren():
        if child.tag == w("p"):
            index += 1
            out.append(para(child, index))
            if numbering.bullets and format_hints:
                out[-1].hints.bullet = True          # reported by the recogniser (issue 13)
                numbering.bullets = 0
        elif child.tag == w("tbl") and include_sdt and _layout_cell(child) is not None:
            # a one-cell table is a frame around text: its paragraphs are body paragraphs
            for p_el in _layout_cell(child).iter(w("p")):
                out.append(para(p_el, max(index, 1), in_sdt=True))
        elif child.tag == w("tbl"):
            rows, header_rows = _table_rows(child)
            if rows:
                t = RawPara(index=index, text="", kind="table", table=rows, is_table=True)
                t.hints.header_rows = header_rows or _bold_first_row(child)
                out.append(t)
        elif child.tag == w("customXml") and include_sdt:
            # paragraphs wrapped in custom XML are body paragraphs (issue 13)
            for p_el in child.iter(w("p")):
                out.append(para(p_el, max(index, 1), in_sdt=True))
        elif child.tag == w("sdt") and include_sdt:
            content = child.find(w("sdtContent"))
            for p_el in (content.findall(w("p")) if content is not None else []):
                out.append(para(p_el, max(index, 1), in_sdt=True))
    return out


def _bold_first_row(tbl: Any) -> int:
    """A first row set in bold is a header row (a common hand-made table)."""
    tr = tbl.find(w("tr"))
    if tr is None or len(tbl.findall(w("tr"))) < 2:
        return 0
    runs = [r for r in tr.iter(w("r")) if "".join(t.text or "" for t in r.iter(w("t"))).strip()]
    if not runs:
        return 0
    for r in runs:
        rpr = r.find(w("rPr"))
        if rpr is None or not _on(rpr.find(w("b"))):
            return 0
    return 1


# -- interpretation for format -------------------------------------------------------------------

def style_hints(raw: RawPara, role_by_id: Dict[str, str]) -> None:
    """Word heading/title styles and docgen's own role styles become hints for the recogniser."""
    import re

    role = role_by_id.get(raw.style or "")
    if role:
        raw.hints.style_source = "docgen"
        if role.startswith("h") and role[1:].isdigit():
            raw.hints.style_level = int(role[1:])
        elif role in ("title", "subtitle", "salutation", "closing", "signature"):
            raw.hints.style_kind = role
        return
    for name in (raw.style_name or "", raw.style or ""):
        if re.fullmatch(r"(?i)(toc|目录)\s*[1-9]", name.strip()):
            raw.hints.toc = True           # an entry of Word's table of contents (issue 13)
            return
        m = re.fullmatch(r"(?i)(heading|标题)\s*([1-9])", name.strip())
        if m:
            raw.hints.style_level = min(int(m.group(2)), 4)
            return
        if name.strip().lower() in ("title", "标题"):
            raw.hints.style_kind = "title"
            return
        if name.strip().lower() in ("subtitle", "副标题"):
            raw.hints.style_kind = "subtitle"
            return


def read_units(path: PathLike) -> List[Unit]:
    """Units of a .docx (or .doc) for ``format``: spacer paragraphs dropped, tables kept."""
    p = Path(path)
    if p.suffix.lower() == ".doc":
        with tempfile.TemporaryDirectory(prefix="docgen-doc-") as tmp:
            converted = convert_doc(p, tmp)
            return _read_docx_units(converted)
    return _read_docx_units(p)


def _read_docx_units(path: Path) -> List[Unit]:
    from docgen.ooxml.styles import role_style_ids
    from docgen.readers.docx.objects import picture_units

    role_by_id = {v: k for k, v in role_style_ids().items()}
    units: List[Unit] = []
    level_of_font = None
    from docgen.readers.docx.objects import NoteCollector

    document = open_document(path)
    notes = NoteCollector(document)
    for raw in raw_paragraphs(path, document=document, include_sdt=True, format_hints=True, notes=notes):
        if raw.hints.run_font:
            level_of_font = level_of_font or _heading_level_by_font()
            level = level_of_font(raw.hints.run_font)
            if level:
                raw.hints.font_level = level
        boxes = _text_box_units(raw) if raw.kind != "table" else []
        pictures = picture_units(document, raw) if raw.kind != "table" else []
        if raw.kind == "blank":
            units.extend(boxes)
            units.extend(pictures)
            continue
        if raw.kind != "table":
            style_hints(raw, role_by_id)
            if raw.bold:
                raw.hints.bold = True
        if raw.auto_number and raw.kind != "table":
            raw.hints.auto_number = raw.auto_number
        units.extend(_split_paragraph(raw))
        units.extend(boxes)
        units.extend(pictures)
    from docgen.readers.docx.objects import package_notes, picture_units

    carried = sum(len(u.hints.get("pictures", ())) for u in units)
    if notes.notes and units:
        units[0].hints.notes = dict(notes.notes)       # carried into the output (writers.objects)
    floating = sum(1 for u in units for pic in u.hints.get("pictures", ()) if pic.get("floating"))
    notes = package_notes(path, carried, notes.carried(), floating)  # reported, never silent
    bullets = sum(1 for u in units if u.hints.pop("bullet", False))
    if bullets:
        from docgen.readers.docx.objects import bullet_note

        notes.append(bullet_note(bullets))
    if notes and units:
        units[0].hints.package_notes = notes
    indices = [u.index for u in units if u.kind != "table"]
    if len(set(indices)) < len(indices):
        # split paragraphs (and content-control paragraphs) share a Word paragraph number: number
        # the units one by one, keeping the Word paragraph for the report (readers.read_input)
        for n, u in enumerate(units, start=1):
            u.hints.paragraph = u.index
            u.index = n
    return units


#: what belongs only to the first part of a Word paragraph split at its soft breaks
SPLIT_FIRST_ONLY = ("soft_splits", "soft_breaks", "style_level", "style_kind", "style_source", "bold",
                    "run_font", "font_level")


def _uniform_run_font(p_el: Any) -> Optional[str]:
    """The east-Asian font set directly on every visible run of a paragraph, if one and the same."""
    fonts = set()
    for r in p_el.iterchildren(_T_R):
        if not "".join(t.text or "" for t in r.iter(_T_T)).strip():
            continue
        rfonts = r.find(f"{_T_RPR}/{w('rFonts')}")
        fonts.add(rfonts.get(w("eastAsia")) if rfonts is not None else None)
    return fonts.pop() if len(fonts) == 1 else None


def _heading_level_by_font() -> Any:
    """font name -> heading level (or None) from the house style (黑体 -> 1, 楷体 -> 2): in a Word
    file with direct formatting only, a short paragraph set in a heading font is a heading."""
    from docgen.style import load_style

    style = load_style()
    body = style.family_of(style.role("body").font)
    levels: Dict[str, int] = {}
    for level, role in ((1, "h1"), (2, "h2")):
        family = style.family_of(style.role(role).font)
        if family and family != body:
            levels.setdefault(family, level)
    return lambda name: levels.get(style.family_of(name))


def _text_box_texts(p_el: Any) -> List[str]:
    """The paragraphs of the text boxes anchored in a paragraph, in order, each once (Word stores a
    text box twice: as DrawingML and as a VML fallback)."""
    out: List[str] = []
    for box in p_el.iter(w("txbxContent")):
        for inner in box.iter(w("p")):
            text = paragraph_text(inner)[0].strip()
            if text and text not in out:
                out.append(text)
    return out


def _text_box_units(raw: RawPara) -> List[RawPara]:
    """Text-box paragraphs as units after their anchor: a speech's text is never dropped silently
    (format lays them out as body text; the report says where they came from)."""
    out = []
    for text in raw.hints.pop("textbox", ()):
        unit = RawPara(index=raw.index, text=text)
        unit.hints.from_textbox = True
        out.append(unit)
    return out


def _split_paragraph(raw: RawPara) -> List[RawPara]:
    pieces = raw.hints.pop("pieces", None)
    if not pieces:
        return [raw]
    if raw.auto_number:
        pieces = [raw.auto_number + pieces[0].lstrip()] + list(pieces[1:])
    parts = split_soft_breaks(pieces)
    if len(parts) < 2:
        return [raw]
    raw.hints.soft_splits = len(parts) - 1
    raw.hints.soft_breaks -= len(parts) - 1          # what is left were wrapped lines, merged
    if not raw.hints.soft_breaks:
        del raw.hints.soft_breaks
    out = []
    for k, text in enumerate(parts):
        unit = raw if k == 0 else copy.copy(raw)
        if k:
            # the paragraph's style speaks for its first line: a heading style, a title style or
            # bold on a paragraph whose later lines are sentences does not make them headings
            unit.hints = raw.hints.without(SPLIT_FIRST_ONLY)
            unit.bold = False
            unit.auto_number = None
        unit.text = unit.raw = text
        out.append(unit)
    return out


__all__ = ["RawPara", "check_package", "open_document", "convert_doc", "raw_paragraphs", "read_units",
           "paragraph_text", "Numbering", "format_number"]
