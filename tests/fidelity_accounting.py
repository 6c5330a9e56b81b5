"""The accounting of a format run: what the author wrote, what docgen printed, what the report says.

Independent of docgen's readers: the input's text is read here from the raw file (a .txt/.md as
it is; a .docx's visible body text, read straight from its XML: deleted revisions, ruby guides and
hidden text are not visible text), and the output's text from the produced .docx.  The two are
compared as streams of "real characters" (Han characters, digits, Latin letters): every character
that is in one and not in the other must be explained by a removal or a fix that ``--report``
lists.  A paragraph moved elsewhere shows as its characters deleted in one place and inserted in
another, which no report entry explains, so it fails too.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PIC_TAGS = ("{http://schemas.openxmlformats.org/drawingml/2006/picture}pic",
            "{urn:schemas-microsoft-com:vml}imagedata")
REAL = re.compile(r"[\u3400-\u9fff\u30070-9A-Za-z]")
#: parts whose text must survive (or be reported): notes, comments, headers
SIDE_PARTS = re.compile(r"word/(footnotes|endnotes|comments|header\d*)\.xml$")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def real_chars(text: str) -> str:
    return "".join(REAL.findall(text))


def _hidden(run) -> bool:
    rpr = run.find(w("rPr"))
    if rpr is None:
        return False
    v = rpr.find(w("vanish"))
    return v is not None and v.get(w("val"), "true") not in ("0", "false")


def visible_paragraphs(root) -> List[str]:
    """The visible text of each paragraph of a part, in document order (tables and content
    controls and text boxes included): w:t and m:t, not w:delText, not ruby guides (w:rt), not
    hidden runs, not the text inside a note (only the body's own paragraphs)."""
    out = []
    for p in root.iter(w("p")):
        # a text box's paragraphs count once (Word stores a box twice: DrawingML and a VML
        # fallback), after the paragraph they are anchored in
        if any(a.tag == f"{{{MC}}}Fallback" for a in p.iterancestors()):
            continue
        parts = []
        for el in p.iter(w("t"), f"{{{M}}}t", w("tab")):
            # skip text belonging to a nested paragraph (text box) or a deleted revision
            anc = list(el.iterancestors())
            if next((a for a in anc if a.tag == w("p")), None) is not p:
                continue
            if any(a.tag in (w("del"), w("rt"), w("moveFrom")) for a in anc):
                continue
            run = next((a for a in anc if a.tag == w("r")), None)
            if run is not None and _hidden(run):
                continue
            parts.append("\t" if el.tag == w("tab") else (el.text or ""))
        out.append("".join(parts))
    return out


def docx_parts(path: Path) -> Dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def body_text(parts: Dict[str, bytes]) -> List[str]:
    return [t for t in visible_paragraphs(etree.fromstring(parts["word/document.xml"])) if t.strip()]


def picture_count(parts: Dict[str, bytes]) -> int:
    root = etree.fromstring(parts["word/document.xml"])
    return sum(1 for el in root.iter(*PIC_TAGS))


def side_texts(parts: Dict[str, bytes]) -> List[str]:
    """Text of the notes, comments and headers of a package (one entry per paragraph)."""
    out = []
    for name, data in parts.items():
        if SIDE_PARTS.search(name):
            out.extend(t.strip() for t in visible_paragraphs(etree.fromstring(data)) if t.strip())
    return out


def input_paragraphs(path: Path) -> List[str]:
    if path.suffix.lower() == ".docx":
        return body_text(docx_parts(path))
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


@dataclass
class Accounting:
    silent_removed: Counter = field(default_factory=Counter)
    silent_added: Counter = field(default_factory=Counter)
    diffs: List[Tuple[str, str]] = field(default_factory=list)
    pictures_in: int = 0
    pictures_out: int = 0
    pictures_reported: int = 0
    side_lost: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (not self.silent_removed and not self.silent_added
                and self.pictures_out + self.pictures_reported >= self.pictures_in and not self.side_lost)

    def explain(self) -> str:
        lines = [f"silently removed: {''.join(sorted(self.silent_removed.elements()))!r}",
                 f"silently added: {''.join(sorted(self.silent_added.elements()))!r}",
                 f"pictures in/out/reported: {self.pictures_in}/{self.pictures_out}/{self.pictures_reported}",
                 f"side text lost: {self.side_lost}"]
        lines += [f"  -{a!r} +{b!r}" for a, b in self.diffs[:12]]
        return "\n".join(lines)


def _budgets(findings: Iterable) -> Tuple[Counter, Counter]:
    """What the report says was removed and added (real characters), fix by fix."""
    removed, added = Counter(), Counter()
    for f in findings:
        fix = getattr(f, "fix", None) or {}
        applied = getattr(f, "fix_class", "") == "safe" or fix.get("reported_change")
        if not fix or not applied:
            continue
        if fix.get("delete_paragraph") or "delete_paragraphs" in fix:
            removed.update(real_chars(f.text or ""))
            continue
        if "edits" in fix:
            removed.update(real_chars(fix.get("removed", "") or f.text or ""))
            for _s, _e, r in fix["edits"]:
                added.update(real_chars(str(r)))
            continue
        if "replacement" in fix:
            removed.update(real_chars(f.text or ""))
            added.update(real_chars(str(fix["replacement"])))
        if "old" in fix and "new" in fix:           # a renumbering: old and new number
            removed.update(real_chars(fix["old"]))
            added.update(real_chars(fix["new"]))
    return removed, added


PICTURE_REPORT = re.compile(r"(?:删除|未保留|丢失)图片\s*(\d+)\s*张")


def account(src: Path, out: Path, findings: List, report: str) -> Accounting:
    a = Accounting()
    before = real_chars("\n".join(input_paragraphs(src)))
    out_parts = docx_parts(out)
    after = real_chars("\n".join(body_text(out_parts)))
    removed_budget, added_budget = _budgets(findings)
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    gone, new = Counter(), Counter()
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        gone.update(before[i1:i2])
        new.update(after[j1:j2])
        a.diffs.append((before[max(0, i1 - 4):i2 + 4], after[max(0, j1 - 4):j2 + 4]))
    # the same character removed in one place and added in another (a move) stays unexplained
    a.silent_removed = gone - removed_budget
    a.silent_added = new - added_budget
    if src.suffix.lower() == ".docx":
        in_parts = docx_parts(src)
        a.pictures_in = picture_count(in_parts)
        a.pictures_out = picture_count(out_parts)
        a.pictures_reported = sum(int(n) for n in PICTURE_REPORT.findall(report))
        out_side = "".join(side_texts(out_parts))
        for text in side_texts(in_parts):
            if real_chars(text) and real_chars(text) not in real_chars(out_side) and real_chars(text) not in real_chars(report):
                a.side_lost.append(text)
    return a


def heading_numbers(paragraphs: Iterable[str]) -> List[str]:
    """The heading numbers at the start of paragraphs (一、 （一） 1. （1）), in order."""
    rx = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.(?!\d)|（\d+）)")
    out = []
    for p in paragraphs:
        m = rx.match(p)
        if m:
            out.append(m.group(1))
    return out


__all__ = ["Accounting", "account", "body_text", "docx_parts", "heading_numbers", "input_paragraphs",
           "picture_count", "real_chars", "side_texts", "visible_paragraphs"]
