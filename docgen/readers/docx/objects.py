"""What a Word file holds besides the text of its body paragraphs (issue 13).

``format`` lays out the body's text; pictures, charts, notes, comments, header text and tracked
changes are not text of the body.  Nothing of them may go silently: this module counts and reads
them from the package, and :func:`package_notes` returns one report line for each kind found,
saying what became of it ("删除图片 2 张", "已接受修订：插入 2 处、删除 1 处", the text of a
footnote that is not in the output).  The reader attaches the notes to its first unit; the
recogniser turns them into findings (recognise.reader_findings).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
SNIPPET = 30
PathLike = Union[str, Path]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _parse(data: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _texts(root: Any, item_tag: str) -> List[str]:
    """The text of each real note / comment (separator notes have no text)."""
    out = []
    for item in root.iter(w(item_tag)):
        if item.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = "".join(t.text or "" for t in item.iter(w("t"))).strip()
        if text:
            out.append(text)
    return out


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[:SNIPPET] + "……"


def _quote(texts: List[str]) -> str:
    return "；".join(f"「{t}」" for t in texts)


A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WP_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
WP_ANCHOR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"
#: image formats the writer can place again (python-docx reads their size); others are reported
CARRIED_TYPES = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff", "image/x-png")


def _readable(blob: bytes) -> bool:
    """Can the writer place this image again (python-docx reads its header)?"""
    from docx.image.image import Image

    try:
        Image.from_blob(blob)
    except Exception:  # python-docx raises several kinds on a broken or unknown image
        return False
    return True


def picture_units(document: Any, p_el: Any, index: int) -> List[Any]:
    """The pictures of body paragraph ``p_el`` (number ``index``), as units of their own placed
    after it (kind "table", so that no text rule and no recogniser step looks at them: they are no
    text) with ``hints.pictures`` = [{"blob", "content_type", "cx", "cy", "floating"}].  Pictures
    in a format the writer cannot place again stay out, and package_notes reports them."""
    from docgen.units import Unit

    related = document.part.related_parts
    pictures = []
    for drawing in p_el.iter(w("drawing"), w("pict")):
        blips = [b.get(R_EMBED) for b in drawing.iter(A_BLIP)] or [
            el.get(R_ID) for el in drawing.iter(VML_IMAGE)]
        for rid in blips:
            part = related.get(rid) if rid else None
            if part is None or getattr(part, "content_type", "") not in CARRIED_TYPES or not _readable(part.blob):
                continue
            extent = next(drawing.iter(WP_EXTENT), None)
            cx = int(extent.get("cx")) if extent is not None and extent.get("cx", "").isdigit() else None
            cy = int(extent.get("cy")) if extent is not None and extent.get("cy", "").isdigit() else None
            pictures.append({"blob": part.blob, "content_type": part.content_type, "cx": cx, "cy": cy,
                             "floating": next(drawing.iter(WP_ANCHOR), None) is not None})
    if not pictures:
        return []
    unit = Unit(index=index, text="", kind="table")
    unit.table = None
    unit.hints.pictures = pictures
    return [unit]


#: the characters that stand for note references in the text: Supplementary Private Use Area-A
#: (plane 15), which no rule reads as text, no Chinese document uses, and which stays clear of the
#: BMP private use area (symbol fonts; the checker's watermark mask U+E000)
NOTE_MARK_FIRST = 0xF0000
NOTE_MARK_LAST = 0xF0FFF
NOTE_LABELS = {"footnote": "脚注", "endnote": "尾注"}


def is_note_mark(ch: str) -> bool:
    return NOTE_MARK_FIRST <= ord(ch) <= NOTE_MARK_LAST


class NoteCollector:
    """Footnotes and endnotes of a Word draft, read by id; each reference met in the body text
    becomes one private-use character, recorded with the note's text in ``notes``."""

    def __init__(self, document: Any) -> None:
        self.texts: Dict[tuple, str] = {}
        self.extra: Dict[tuple, Dict[str, str]] = {}
        self.notes: Dict[str, Dict[str, str]] = {}
        kinds = {"/word/footnotes.xml": "footnote", "/word/endnotes.xml": "endnote", "/word/comments.xml": "comment"}
        for part in document.part.package.iter_parts():
            kind = kinds.get(str(part.partname))
            if kind is None:
                continue
            try:
                root = _parse(part.blob)
            except etree.XMLSyntaxError:
                continue
            for item in root.iter(w(kind)):
                if item.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                if kind == "comment":      # a comment's paragraphs, one per line
                    text = "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in item.iter(w("p"))).strip()
                    self.extra[(kind, item.get(w("id")))] = {
                        key: item.get(w(key)) or "" for key in ("author", "initials", "date")}
                else:
                    text = "".join(t.text or "" for t in item.iter(w("t"))).strip()
                if text:
                    self.texts[(kind, item.get(w("id")))] = text

    def marker(self, kind: str, note_id: Optional[str]) -> str:
        text = self.texts.get((kind, note_id))
        if text is None:
            return ""
        code = NOTE_MARK_FIRST + len(self.notes)
        if code > NOTE_MARK_LAST:
            return ""
        mark = chr(code)
        self.notes[mark] = dict(self.extra.get((kind, note_id), {}), kind=kind, text=text)
        return mark

    def carried(self) -> Dict[str, int]:
        out: Dict[str, int] = {}
        for note in self.notes.values():
            out[note["kind"]] = out.get(note["kind"], 0) + 1
        return out


def bullet_note(count: int) -> Dict[str, Any]:
    return {"rule": "DOCX-BULLETS", "severity": "info",
            "message": f"Word 项目符号 {count} 处未保留（公文正文不用项目符号），所在段落的文字已保留"}


def package_notes(path: PathLike, carried: int = 0, notes_carried: Optional[Dict[str, int]] = None,
                  floating: int = 0) -> List[Dict[str, Any]]:
    """One entry per kind of non-text content: {"rule", "severity", "message"}.  ``carried`` is the
    number of pictures the reader took over into the output, ``floating`` how many of them floated."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            parts = {n: zf.read(n) for n in names
                     if n == "word/document.xml" or n in ("word/footnotes.xml", "word/endnotes.xml", "word/comments.xml")
                     or (n.startswith("word/header") or n.startswith("word/footer")) and n.endswith(".xml")}
    except (OSError, zipfile.BadZipFile, KeyError):
        return []
    notes: List[Dict[str, Any]] = []
    doc = _parse(parts["word/document.xml"])
    pictures = sum(1 for _ in doc.iter(PIC, VML_IMAGE))
    if carried:
        notes.append({"rule": "DOCX-PICTURE", "severity": "info",
                      "message": f"图片 {carried} 张已按原顺序放入成稿（单独成段）"
                                 + (f"，其中浮动图片 {floating} 张已改为嵌入式，请核对位置" if floating else "")})
    if pictures > carried:
        notes.append({"rule": "DOCX-PICTURE", "severity": "warning",
                      "message": f"删除图片 {pictures - carried} 张：格式或位置（文本框、页眉）无法放入成稿，"
                                 f"请在成稿中按原位置重新插入"})
    charts = sum(1 for _ in doc.iter(CHART))
    if charts:
        notes.append({"rule": "DOCX-PICTURE", "severity": "warning",
                      "message": f"删除图表 {charts} 个：成稿只排文字，请在成稿中重新插入图表"})
    equations = sum(1 for _ in doc.iter("{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"))
    if equations:
        notes.append({"rule": "DOCX-EQUATION", "severity": "info",
                      "message": f"公式 {equations} 个已按文字（线性写法）排入成稿，请核对"})
    ins = sum(1 for el in doc.iter(w("ins")) if "".join(t.text or "" for t in el.iter(w("t"))))
    dels = sum(1 for el in doc.iter(w("del")) if "".join(t.text or "" for t in el.iter(w("delText"))))
    if ins or dels:
        notes.append({"rule": "DOCX-REVISIONS", "severity": "warning",
                      "message": f"原稿有修订痕迹，已按接受全部修订后的文字排版：接受插入 {ins} 处、删除 {dels} 处"})
    hidden = 0
    for r in doc.iter(w("r")):
        v = r.find(f"{w('rPr')}/{w('vanish')}")
        if v is not None and v.get(w("val"), "true") not in ("0", "false", "off") and \
                "".join(t.text or "" for t in r.iter(w("t"))).strip():
            hidden += 1
    if hidden:
        notes.append({"rule": "DOCX-HIDDEN-TEXT", "severity": "warning",
                      "message": f"原稿有隐藏文字 {hidden} 处，不打印，未排入成稿"})
    for part, tag, label in (("word/footnotes.xml", "footnote", "脚注"), ("word/endnotes.xml", "endnote", "尾注"),
                             ("word/comments.xml", "comment", "批注")):
        if part in parts:
            texts = _texts(_parse(parts[part]), tag)
            kept = (notes_carried or {}).get(tag, 0)
            if kept:
                notes.append({"rule": "DOCX-NOTES", "severity": "info",
                              "message": f"原稿有{label} {kept} 条，已随正文放入成稿"})
            if len(texts) > kept:
                notes.append({"rule": "DOCX-NOTES", "severity": "warning",
                              "message": f"原稿有{label} {len(texts) - kept} 条未放入成稿，请核对："
                                         f"{_quote(texts[kept:] if kept else texts)}"})
    header_pictures = sum(1 for name in parts if name.startswith(("word/header", "word/footer"))
                          for _ in _parse(parts[name]).iter(PIC, VML_IMAGE))
    if header_pictures:
        notes.append({"rule": "DOCX-PICTURE", "severity": "warning",
                      "message": f"页眉/页脚中的图片 {header_pictures} 张未放入成稿（成稿页眉页脚按版式生成）"})
    furniture = []
    for name in sorted(parts):
        if name.startswith(("word/header", "word/footer")):
            for p in _parse(parts[name]).iter(w("p")):
                text = "".join(t.text or "" for t in p.iter(w("t"))).strip()
                if text and text.strip("—－-–_ \u3000/第页共0123456789") and text not in furniture:
                    furniture.append(text)
    if furniture:
        notes.append({"rule": "DOCX-HEADER-TEXT", "severity": "warning",
                      "message": f"原稿页眉/页脚中的文字未放入成稿（如为密级、单位名称，请在成稿中补上）：{_quote(furniture)}"})
    return notes


__all__ = ["NoteCollector", "bullet_note", "is_note_mark", "package_notes", "picture_units"]
