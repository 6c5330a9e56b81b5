"""Build the document model from classified units (DESIGN.md §2): the title block, sections
nested by heading level with the author's written numbers, run-in headings, "一是……" leads,
tables, the closing and the sign-off.  The classification itself is structure.py's."""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from docgen.model import DEFAULT_NUMBERING, MAX_DEPTH, UNNUMBERED, Document, Paragraph, Section, Table
from docgen.text import patterns as P
from docgen.recognise.lines import (FAMILY_RANK, MD_FAMILY, UNNUMBERED_FAMILY, _TRAILING_DROP, Marker, _strip,
                                    find_lead, parse_enum, parse_marker)
from docgen.units import Unit

def _drop_trailing_punct(heading: str, u: Unit, findings: Optional[list]) -> str:
    """HEADING-TRAILING-PUNCT (safe fix): a standalone heading loses a trailing 。，；、： ."""
    if heading and heading[-1] in _TRAILING_DROP and not P.ELLIPSIS_PARA.match(heading):
        if findings is not None:
            findings.append(_finding(
                "HEADING-TRAILING-PUNCT", "warning", u, len(u.text.rstrip()) - 1, len(u.text.rstrip()),
                heading[-1], f"标题末尾不应有标点“{heading[-1]}”，已删除", {"replacement": ""}))
        return heading[:-1].rstrip()
    return heading


def _finding(rule, severity, u, start, end, text, message, fix):
    from docgen.findings import Finding

    return Finding(rule=rule, severity=severity, message=message, line=u.index, start=start, end=end,
                   text=text, fix=fix, fix_class="safe" if fix else "none")


def build_document(units: Sequence[Unit], findings: Optional[list] = None, docx: bool = False) -> Document:
    """Classified units -> Document.  Noise and blank units are dropped; ``line`` is set on every
    block.  Findings of the structure fixes made here are appended to ``findings``."""
    doc = Document()
    stack: List[Section] = []
    levels_used: Dict[int, str] = {}
    title_parts: List[str] = []
    for u in units:
        doc.notes.update(u.hints.get("notes", {}))        # a Word draft's footnotes (issue 13)
        kind = u.kind
        s = _strip(u.text)
        if kind in ("blank", "noise") or (not s and kind != "table"):
            continue
        if kind == "title":
            if not title_parts:
                doc.lines["title"] = u.index
            # a main title of two phrases set on two lines keeps a space between them (as one line
            # would have it); a title broken inside a phrase ("在全县……会议" / "上的讲话") does not
            title_parts.append((" " if title_parts and u.hints.title_phrase else "") + s)
            continue
        if kind in ("subtitle", "speaker") or (kind == "date" and doc.salutation is None and not doc.body):
            doc.subtitle.append(s)
            doc.lines.setdefault("subtitle", []).append(u.index)
            continue
        if kind == "salutation":
            doc.salutation = s
            doc.lines["salutation"] = u.index
            continue
        if kind in ("closing", "closing-formula"):
            doc.closing.append(s)
            doc.lines.setdefault("closing", []).append(u.index)
            continue
        if kind == "signature":
            doc.signature = s if doc.signature is None else doc.signature + "\n" + s
            doc.lines["signature"] = u.index
            continue
        if kind == "date":
            doc.date = s
            doc.lines["date"] = u.index
            continue
        if kind == "table" and u.hints.pictures:
            # pictures of a Word draft (readers.docx.objects): a paragraph of their own, in place
            (stack[-1].body if stack else doc.body).append(
                Paragraph(text="", line=u.index, pictures=list(u.hints.pictures)))
            continue
        if kind == "table":
            rows = [list(r) for r in (u.table or [])]
            block = Table(rows=rows, header_rows=int(u.hints.get("header_rows", 0)), line=u.index)
            (stack[-1].body if stack else doc.body).append(block)
            continue
        if kind in ("heading", "runin"):
            section = _section(u, s, findings)
            level = max(1, min(u.level or 1, len(stack) + 1, MAX_DEPTH))
            del stack[level - 1:]
            (stack[-1].body if stack else doc.body).append(section)
            stack.append(section)
            levels_used.setdefault(level, _numbering_marker(u.hints.get("family", UNNUMBERED_FAMILY)))
            continue
        if kind == "toc":
            # a table of contents stays where it stands, as written (its tab and page number)
            block = Paragraph(text=u.text.strip(), line=u.index)
        elif kind == "enum":
            block = _enum_paragraph(u, s)
        else:
            block = Paragraph(text=s, line=u.index)
        (stack[-1].body if stack else doc.body).append(block)
    if title_parts:
        doc.title = "".join(title_parts)
    doc.numbering = _numbering(levels_used)
    doc.meta.title = doc.title
    return doc


def _section(u: Unit, s: str, findings: Optional[list]) -> Section:
    fam = u.hints.get("family", UNNUMBERED_FAMILY)
    if u.hints.bare_numeral:
        return Section(heading="", number=s, line=u.index, written=True)
    m = parse_marker(s) if fam not in (UNNUMBERED_FAMILY, MD_FAMILY) else None
    number = written_number(m, s) if m else None
    rest_start = m.end if m else 0
    if u.kind == "runin":
        lead = find_lead(s, rest_start)
        if lead is not None and lead.end < len(s):
            heading = s[rest_start:lead.end].strip()
            body_text = s[lead.end:].strip()
            return Section(heading=heading, runin=True, number=number, line=u.index, written=True,
                           body=[Paragraph(text=body_text, line=u.index)])
    heading = s[rest_start:].strip()
    heading = _drop_trailing_punct(heading, u, findings)
    return Section(heading=heading, number=number, line=u.index, written=True)


def written_number(m: Marker, s: str) -> str:
    """The heading number as the author wrote it: "一、", "（三）"; a marker ending in a word
    ("第一部分") keeps the gap that separates it from the heading text."""
    number = m.number
    if number and "\u4e00" <= number[-1] <= "\u9fff" and m.family == "第一部分":
        number += "\u3000"
    return number


def _enum_paragraph(u: Unit, s: str) -> Paragraph:
    e = parse_enum(s)
    lead = find_lead(s, e[2]) if e else None
    if lead is None:
        return Paragraph(text="", lead=s, line=u.index)
    return Paragraph(text=s[lead.end:].strip(), lead=s[:lead.end], line=u.index)


def _numbering_marker(family: str) -> str:
    if family in (UNNUMBERED_FAMILY, MD_FAMILY):
        return UNNUMBERED
    return family


def _numbering(levels_used: Dict[int, str]) -> List[str]:
    """The numbering scheme from the markers actually used per depth; unused depths keep the
    default scheme's marker for that depth, unless an upper level already took it."""
    if not levels_used:
        return list(DEFAULT_NUMBERING)
    out = list(DEFAULT_NUMBERING)
    for level, marker in levels_used.items():
        out[level - 1] = marker
    # a deeper unused level must not repeat a family used above it (一、 > 1. > (1))
    for d in range(len(out)):
        if d + 1 not in levels_used:
            used_above = [out[k] for k in range(d)]
            if out[d] in used_above:
                free = [f for f in DEFAULT_NUMBERING if f not in out[:d]
                        and FAMILY_RANK.get(f, -2) > FAMILY_RANK.get(out[d - 1], -2)] if d else []
                out[d] = free[0] if free else out[d]
    return out


__all__ = ["build_document", "written_number"]
