"""Objects of a Word draft carried into the formatted output (issue 13): pictures, footnotes,
endnotes and comments.

The writer lays out text through the docxtpl template; a picture cannot pass through it as text.
So a picture paragraph is written as a body paragraph holding a placeholder token, one per
picture, and after rendering :func:`embed_pictures` replaces each token's run by the picture
itself (python-docx adds the media part and its relationship).  The picture keeps its size; a
floating picture becomes an inline one in its own paragraph (the reader reports that).
"""

from __future__ import annotations

import io
from typing import Any, Dict, List, Optional

#: the key of the pictures in the template context (docxtpl ignores keys the template never uses)
PICTURES_KEY = "_docgen_pictures"
_TOKEN = "\u2063DOCGEN-PICTURE-{n}\u2063"
#: a picture wider than the text block is scaled down to it (A4, 156 mm type area, in EMU)
MAX_WIDTH_EMU = 156 * 36000


def token(n: int) -> str:
    return _TOKEN.format(n=n)


def embed_pictures(document: Any, pictures: Optional[List[Dict[str, Any]]]) -> int:
    """Replace the placeholder runs of ``document`` by the pictures; return how many were placed."""
    if not pictures:
        return 0
    from docx.shared import Emu

    wanted = {token(n): pic for n, pic in enumerate(pictures)}
    placed = 0
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            pic = wanted.get(run.text)
            if pic is None:
                continue
            run.text = ""
            cx, cy = pic.get("cx"), pic.get("cy")
            if cx and cy and cx > MAX_WIDTH_EMU:
                cx, cy = MAX_WIDTH_EMU, int(cy * MAX_WIDTH_EMU / cx)
            run.add_picture(io.BytesIO(pic["blob"]), width=Emu(cx) if cx else None, height=Emu(cy) if cy else None)
            placed += 1
    return placed


__all__ = ["PICTURES_KEY", "embed_pictures", "token"]


# -- footnotes and endnotes --------------------------------------------------------------------------

NOTES_KEY = "_docgen_notes"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS = {
    "footnote": ("/word/footnotes.xml", "footnotes",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
                 "footnoteReference", "footnoteRef"),
    "endnote": ("/word/endnotes.xml", "endnotes",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
                "endnoteReference", "endnoteRef"),
}


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _notes_xml(kind: str, items: List[tuple], font: Optional[str]) -> bytes:
    _part, root, _ct, _rt, _ref, own_ref = _PARTS[kind]
    fonts = f'<w:rFonts w:ascii="{_esc(font)}" w:eastAsia="{_esc(font)}" w:hAnsi="{_esc(font)}"/>' if font else ""
    body = [f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
            f'</w:{kind}>']
    for note_id, text in items:
        body.append(f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:rPr>{fonts}<w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:{own_ref}/></w:r><w:r><w:rPr>{fonts}</w:rPr>'
                    f'<w:t xml:space="preserve"> {_esc(text)}</w:t></w:r></w:p></w:{kind}>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{root} xmlns:w="{W_NS}">'
            + "".join(body) + f"</w:{root}>").encode("utf-8")


def _split_runs(body: Any, marks: Dict[str, tuple]) -> None:
    """Replace each mark character inside a run's text by a note reference run."""
    import copy

    from lxml import etree

    for t in list(body.iter(_w("t"))):
        text = t.text or ""
        if not any(c in marks for c in text):
            continue
        run = t.getparent()
        if run is None or run.tag != _w("r"):
            continue
        rpr = run.find(_w("rPr"))
        pieces: List[Any] = []
        current = ""
        for ch in text:
            if ch in marks:
                if current:
                    pieces.append(("t", current))
                    current = ""
                pieces.append(("ref", ch))
            else:
                current += ch
        if current:
            pieces.append(("t", current))
        # the run is split where this w:t stands: children before it stay in the first run
        children = [c for c in run if c.tag != _w("rPr")]
        k = children.index(t)
        anchor = run
        head = children[:k]
        tail = children[k + 1:]
        new_runs = []
        first = True
        for kind, value in pieces:
            if kind == "t":
                r = etree.Element(_w("r"))
                if rpr is not None:
                    r.append(copy.deepcopy(rpr))
                if first:
                    for c in head:
                        r.append(c)
                el = etree.SubElement(r, _w("t"))
                el.text = value
                el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                new_runs.append(r)
            else:
                note_kind, note_id = marks[value]
                r = etree.Element(_w("r"))
                rp = etree.SubElement(r, _w("rPr"))
                etree.SubElement(rp, _w("vertAlign")).set(_w("val"), "superscript")
                etree.SubElement(r, _w(_PARTS[note_kind][4])).set(_w("id"), str(note_id))
                if first and head:
                    lead = etree.Element(_w("r"))
                    if rpr is not None:
                        lead.append(copy.deepcopy(rpr))
                    for c in head:
                        lead.append(c)
                    new_runs.append(lead)
                new_runs.append(r)
            first = False
        if tail:
            r = etree.Element(_w("r"))
            if rpr is not None:
                r.append(copy.deepcopy(rpr))
            for c in tail:
                r.append(c)
            new_runs.append(r)
        for r in new_runs:
            anchor.addprevious(r)
        run.getparent().remove(run)


def _embed_comments(document: Any, comments: Dict[str, Dict[str, str]]) -> int:
    """Each comment mark ends the text its comment is anchored on: the run is split there, the
    comment is added on the text before the mark (python-docx writes the comments part)."""
    import copy

    from docx.text.paragraph import Paragraph as DocxParagraph
    from docx.text.run import Run
    from lxml import etree

    placed = 0
    body = document.element.body
    for t in list(body.iter(_w("t"))):
        text = t.text or ""
        while any(c in comments for c in text):
            k = next(i for i, c in enumerate(text) if c in comments)
            note = comments[text[k]]
            run = t.getparent()
            p_el = next((a for a in run.iterancestors() if a.tag == _w("p")), None)
            if run.tag != _w("r") or p_el is None:
                t.text = text = text[:k] + text[k + 1:]
                continue
            before, after = text[:k], text[k + 1:]
            t.text = before
            tail_run = None
            if after:
                tail_run = etree.Element(_w("r"))
                rpr = run.find(_w("rPr"))
                if rpr is not None:
                    tail_run.append(copy.deepcopy(rpr))
                tail_t = etree.SubElement(tail_run, _w("t"))
                tail_t.text = after
                tail_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                for sibling in list(t.itersiblings()):
                    tail_run.append(sibling)
                run.addnext(tail_run)
            paragraph = DocxParagraph(p_el, document._body)
            comment = document.add_comment(Run(run, paragraph), text=note.get("text", ""),
                                           author=note.get("author", ""), initials=note.get("initials", "") or None)
            # the comment's own date, or none: the same input gives the same bytes
            if note.get("date"):
                comment._comment_elm.set(_w("date"), note["date"])
            else:
                comment._comment_elm.attrib.pop(_w("date"), None)
            placed += 1
            if tail_run is None:
                break
            t = tail_run.find(_w("t"))
            text = t.text or ""
    return placed


def embed_notes(document: Any, notes: Optional[Dict[str, Dict[str, str]]], font: Optional[str] = None) -> int:
    """Write the notes as the output's footnotes/endnotes part and put a reference where each
    mark character stands in the text; return the number of notes placed."""
    if not notes:
        return 0
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    comments = {m: n for m, n in notes.items() if n.get("kind") == "comment"}
    placed = _embed_comments(document, comments) if comments else 0
    marks: Dict[str, tuple] = {}
    by_kind: Dict[str, List[tuple]] = {}
    for mark, note in notes.items():
        kind = note.get("kind", "footnote")
        if kind not in _PARTS:
            continue
        note_id = len(by_kind.get(kind, [])) + 1
        by_kind.setdefault(kind, []).append((note_id, note.get("text", "")))
        marks[mark] = (kind, note_id)
    body = document.element.body
    present = {c for t in body.iter(_w("t")) for c in (t.text or "") if c in marks}
    if not present:
        return placed
    for kind, items in by_kind.items():
        partname, _root, content_type, reltype, _ref, _own = _PARTS[kind]
        part = Part(PackURI(partname), content_type, _notes_xml(kind, items, font), document.part.package)
        document.part.relate_to(part, reltype)
    _split_runs(body, marks)
    return placed + len(present)


__all__ += ["NOTES_KEY", "embed_notes"]
