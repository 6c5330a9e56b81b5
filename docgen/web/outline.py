"""The outline the page shows: a content file as a flat list of paragraphs with their roles, and
back.  Changing one paragraph's role or heading level is an edit of that list; the list is turned
into the content model again and dumped as the content file (so the change goes into the content
and the .docx is rebuilt from it).

Round trip: ``unflatten(flatten(doc))`` has the same content as ``doc``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Optional

from docgen.web import engine

#: the roles a paragraph can be given on the page (value -> label)
ROLES = {
    "title": "标题",
    "subtitle": "副标题",
    "salutation": "称谓（主送）",
    "heading": "标题行",
    "body": "正文",
    "closing": "结束语",
    "signature": "落款（署名）",
    "date": "日期",
}
HEADING_LABELS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
MAX_LEVEL = 4
TABLE_ROLE = "table"


def label(item: Dict[str, Any]) -> str:
    if item["role"] == "heading":
        name = HEADING_LABELS.get(item["level"], f"{item['level']}级标题")
        return name + ("（段内）" if item.get("runin") else "")
    if item["role"] == "body" and item.get("lead"):
        return "序语段（一是……）"
    if item["role"] == TABLE_ROLE:
        return "表格"
    return ROLES.get(item["role"], item["role"])


def flatten(doc: Any) -> List[Dict[str, Any]]:
    """Every paragraph of the content in printed order: role, level, number, text."""
    numbered = engine.number_headings(doc)
    items: List[Dict[str, Any]] = []

    def add(role: str, text: str, **extra: Any) -> Dict[str, Any]:
        item = {"index": len(items), "role": role, "text": text, "level": None, "number": None,
                "parent": None, "runin": False, "lead": None, "line": None}
        item.update(extra)
        item["label"] = label(item)
        items.append(item)
        return item

    where = doc.lines or {}

    def at(key: str, i: Optional[int] = None) -> Optional[int]:
        value = where.get(key)
        if i is not None:
            return value[i] if isinstance(value, list) and i < len(value) else None
        return value if isinstance(value, int) else None

    if doc.title:
        add("title", doc.title, line=at("title"))
    for k, line in enumerate(doc.subtitle):
        add("subtitle", line, line=at("subtitle", k))
    if doc.salutation:
        add("salutation", doc.salutation, line=at("salutation"))

    def walk(blocks: List[Any], depth: int, parent: Optional[int]) -> None:
        for block in blocks:
            if isinstance(block, engine.Section):
                item = add("heading", block.heading, level=depth, number=block.number, parent=parent,
                           runin=bool(block.runin), line=block.line)
                walk(block.body, depth + 1, item["index"])
            elif isinstance(block, engine.Table):
                text = " | ".join(block.rows[0]) if block.rows else ""
                add(TABLE_ROLE, text, parent=parent, rows=[list(r) for r in block.rows],
                    header_rows=block.header_rows, line=block.line)
            else:
                add("body", block.text, parent=parent, lead=block.lead, line=block.line)

    walk(numbered.body, 1, None)
    for k, line in enumerate(doc.closing):
        add("closing", line, line=at("closing", k))
    if doc.signature:
        add("signature", doc.signature, line=at("signature"))
    if doc.date:
        add("date", doc.date, line=at("date"))
    return items


def _whole_text(item: Dict[str, Any]) -> str:
    return (item.get("lead") or "") + (item.get("text") or "")


def edit(items: List[Dict[str, Any]], index: int, role: str, level: Optional[int] = None) -> List[Dict[str, Any]]:
    """A copy of the list with paragraph ``index`` given ``role`` (and ``level`` for a heading)."""
    if not 0 <= index < len(items):
        raise ValueError(f"没有第 {index + 1} 段")
    if role not in ROLES:
        raise ValueError(f"未知的段落角色“{role}”")
    old = items[index]
    if old["role"] == TABLE_ROLE:
        raise ValueError("表格不能改为其他角色")
    new = dict(old)
    if role == "heading":
        if level is None:
            level = old["level"] or 1
        if not 1 <= int(level) <= MAX_LEVEL:
            raise ValueError(f"标题层级应为 1–{MAX_LEVEL}")
        new.update(role="heading", level=int(level), text=old["text"] if old["role"] == "heading" else _whole_text(old),
                   lead=None, runin=old["runin"] if old["role"] == "heading" else False)
    else:
        text = _whole_text(old) if role != "body" else old["text"]
        new.update(role=role, level=None, runin=False, text=text,
                   lead=old["lead"] if role == "body" and old["role"] == "body" else None)
    new["changed"] = True
    out = [dict(i) for i in items]
    out[index] = new
    return out


def unflatten(items: List[Dict[str, Any]], base: Any) -> Any:
    """The content model of the list; ``base`` gives what the list does not hold (numbering, meta)."""
    doc = replace(base, title=None, subtitle=[], salutation=None, body=[], closing=[], signature=None,
                  date=None, lines={})
    stack: List[tuple] = []          # (item index, level, Section) of the open headings
    open_at: Dict[int, Any] = {}     # item index -> its Section, while it is on the stack
    changed = None                  # the item index of a heading made on this edit
    for item in items:
        role = item["role"]
        if role == "title":
            if doc.title is None:
                doc.title = item["text"]
            else:
                doc.subtitle.append(item["text"])
        elif role == "subtitle":
            doc.subtitle.append(item["text"])
        elif role == "salutation":
            if doc.salutation is None:
                doc.salutation = item["text"]
            else:
                _container(doc, stack, open_at, item, changed).append(engine.Paragraph(text=item["text"]))
        elif role == "closing":
            doc.closing.append(item["text"])
        elif role == "signature":
            if doc.signature is None:
                doc.signature = item["text"]
            else:
                doc.closing.append(item["text"])
        elif role == "date":
            if doc.date is None:
                doc.date = item["text"]
            else:
                doc.closing.append(item["text"])
        elif role == "heading":
            level = max(1, min(int(item["level"] or 1), len(stack) + 1, MAX_LEVEL))
            while stack and stack[-1][1] >= level:
                open_at.pop(stack.pop()[0], None)
            section = engine.Section(heading=item["text"], runin=bool(item.get("runin")))
            (stack[-1][2].body if stack else doc.body).append(section)
            stack.append((item["index"], level, section))
            open_at[item["index"]] = section
            if item.get("changed"):
                changed = item["index"]
        elif role == TABLE_ROLE:
            _container(doc, stack, open_at, item, changed).append(
                engine.Table(rows=[list(r) for r in item["rows"]], header_rows=item.get("header_rows", 0)))
        else:
            _container(doc, stack, open_at, item, changed).append(
                engine.Paragraph(text=item["text"], lead=item.get("lead")))
    return doc


def _container(doc: Any, stack: List[tuple], open_at: Dict[int, Any], item: Dict[str, Any],
               changed: Optional[int]) -> List[Any]:
    """Where a paragraph goes: under its own heading while that heading is open (a paragraph after
    a sub-section stays in its parent's body; a top-level paragraph stays top-level), else under
    the innermost open heading.  Paragraphs that follow a heading the user just made go under it."""
    order = [idx for idx, _, _ in stack]
    parent = item.get("parent")
    newer = changed in order and (parent not in order or order.index(changed) > order.index(parent))
    if not newer:
        if parent is None:
            return doc.body
        if parent in open_at:
            return open_at[parent].body
    return stack[-1][2].body if stack else doc.body
