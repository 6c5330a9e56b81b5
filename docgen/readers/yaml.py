"""Read a YAML content file (DESIGN.md §3) into a :class:`~docgen.model.Document`.

The schema is checked on the node tree of ``yaml.compose`` so every error can name its
``文件:行:列`` (1-based).  Before composing, one pass over the parser's events refuses what a
content file never needs and what makes YAML dangerous: anchors and aliases (billion laughs),
tags other than the standard str/int/bool/null/seq/map (``!!python/object``), more than one
document, absurd nesting, node counts or scalar sizes.  The file size is checked before parsing.
Nothing is ever constructed into Python objects, so no loader can run code.

Content is data: ``{{ x }}`` or ``{%p`` in a paragraph is kept as text.  Scalars are taken as
written (``2026``, ``1.``, ``2026-03-05`` and ``yes`` stay text, never numbers, dates or booleans).

Multi-line scalars.  A text value that spans several lines of the YAML file is one paragraph.
Its line breaks are joined without a space when the character on either side is CJK (Han,
full-width punctuation, “”‘’——…), and with one space between two non-CJK characters
(``GDP增长\\n5.2%`` -> ``GDP增长5.2%``; ``New\\nYork`` -> ``New York``).  Blank lines inside
the scalar do not start a new paragraph: write a new list item for that.  Plain, literal (``|``)
and folded (``>``) scalars are rebuilt from their source lines; a multi-line quoted scalar is
folded by YAML first, and a folded space next to a CJK character is then removed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen.errors import MAX_NESTING, YAML_HINTS, ContentError, InputError
from docgen.readers.frame_yaml import ANNEX_KEYS, FRAME_KEYS, read_frame
from docgen.model import (DEFAULT_NUMBERING, MAX_DEPTH, UNNUMBERED, Block, Document, Meta,
                          Paragraph, Section, Table)

PathLike = Union[str, Path]

# -- limits against hostile input (a speech is a few hundred nodes and well under 100 KB) ----------
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_SCALAR_CHARS = 100_000
MAX_NODES = 50_000

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when available: fast, bounded

_STD = "tag:yaml.org,2002:"
STR_TAG, INT_TAG, BOOL_TAG, NULL_TAG = _STD + "str", _STD + "int", _STD + "bool", _STD + "null"
#: explicit tags a content file may carry ("!" is the non-specific tag: "treat as text")
ALLOWED_TAGS = {"!", STR_TAG, INT_TAG, BOOL_TAG, NULL_TAG, _STD + "seq", _STD + "map"}

TOP_KEYS = ("title", "subtitle", "salutation", "numbering", "body", "closing", "signature", "date",
            "author") + FRAME_KEYS
SECTION_KEYS = ("heading", "runin", "body")
PARAGRAPH_KEYS = ("lead", "text")
TABLE_ITEM_KEYS = ("table",)
TABLE_KEYS = ("rows", "header_rows")

#: the marker patterns the numbering transform knows; any other pattern must contain a counter
KNOWN_MARKERS = ("一、", "（一）", "1.", "（1）", UNNUMBERED)
MARKER_COUNTERS = ("一", "1", "①")
MAX_MARKER_CHARS = 8

_TRUE = {"true", "yes", "on", "y"}
_FALSE = {"false", "no", "off", "n"}

#: characters after or before which a joined line break leaves no space
_CJK = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
        "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_FOLDED_SPACE_NEAR_CJK = re.compile(f"(?<=[{_CJK}]) (?=\\S)|(?<=\\S) (?=[{_CJK}])")


def read(path: PathLike) -> Document:
    """Read a content file; :class:`ContentError` (``文件:行:列: 说明``) when it is not valid."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("找不到内容文件", path=p) from None
    except OSError as exc:
        from docgen.fileio import os_reason

        raise InputError(f"无法读取内容文件（{os_reason(exc)}）", path=p) from None
    if p.is_dir():
        raise InputError("这是一个目录，不是 YAML 内容文件", path=p)
    if size > MAX_FILE_BYTES:
        raise ContentError(f"内容文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节），不像一篇讲话稿",
                           path=p)
    with p.open("rb") as fh:
        # read one byte past the limit: a file that grew after stat() is still refused
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f"内容文件过大（上限 {MAX_FILE_BYTES} 字节），不像一篇讲话稿", path=p)
    return read_text(_decode(data, str(p)), name=str(p))


def read_text(text: str, name: str = "<string>") -> Document:
    """Read content from a string; ``name`` is the file name used in error messages."""
    if len(text) > MAX_FILE_BYTES:
        raise ContentError(f"内容过大（超过 {MAX_FILE_BYTES} 个字符），不像一篇讲话稿", path=name)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:       # a lone surrogate: only possible from a str caller
        before = text[:exc.start]
        raise ContentError("内容含有无效的字符（孤立的代理码位）", path=name, line=before.count("\n") + 1,
                           col=exc.start - (before.rfind("\n") + 1) + 1) from None
    _screen_events(text, name)
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:        # the screen parsed the same text; kept for safety
        raise _syntax_error(exc, text, name) from None
    if root is None:
        raise ContentError("内容文件是空的：至少需要 body（正文）", path=name, line=1, col=1)
    return _Reader(text, name).document(root)


# -- decoding and screening -------------------------------------------------------------------------

def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        raise ContentError("内容文件不是 UTF-8 编码（此处的字节无法解码）；请用 UTF-8 另存", path=name,
                           line=line, col=col) from None


def _where(mark: Any) -> Dict[str, int]:
    return {"line": mark.line + 1, "col": mark.column + 1}


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


def _screen_events(text: str, name: str) -> None:
    """Refuse anchors, aliases, foreign tags, extra documents and oversized input, event by event.

    The parser's events never expand aliases, so this pass is linear in the size of the text.
    """
    nodes = depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise ContentError("一个内容文件只能有一个 YAML 文档（删去第二个“---”及其后内容）",
                                       path=name, **_where(event.start_mark))
            if not isinstance(event, yaml.NodeEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
                continue
            if isinstance(event, yaml.AliasEvent):
                raise ContentError(f"不支持别名“*{event.anchor}”：内容文件中请直接写出文字",
                                   path=name, **_where(event.start_mark))
            if event.anchor is not None:
                raise ContentError(f"不支持锚点“&{event.anchor}”：内容文件中请直接写出文字",
                                   path=name, **_where(event.start_mark))
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in ALLOWED_TAGS:
                raise ContentError(f"不允许的 YAML 标签“{_short_tag(tag)}”：内容文件只能写文字、列表和键值"
                                   "（可用标签 !!str !!int !!bool !!null !!seq !!map）",
                                   path=name, **_where(event.start_mark))
            nodes += 1
            if nodes > MAX_NODES:
                raise ContentError(f"内容文件的节点过多（超过 {MAX_NODES} 个），不像一篇讲话稿",
                                   path=name, **_where(event.start_mark))
            if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
                raise ContentError(f"单个文字值过长（{len(event.value)} 字，上限 {MAX_SCALAR_CHARS} 字）",
                                   path=name, **_where(event.start_mark))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise ContentError(f"嵌套过深（超过 {MAX_NESTING} 层列表或键值）",
                                       path=name, **_where(event.start_mark))
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, name) from None


def _syntax_error(exc: yaml.YAMLError, text: str, name: str) -> ContentError:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    hint = next((h for key, h in YAML_HINTS.items() if key in problem), None)
    if "cannot start any token" in problem and mark is not None:
        char = text[mark.index:mark.index + 1]
        hint = ("不能用制表符（Tab）缩进，请用空格" if char == "\t" else
                f"“{char}”不能作为 YAML 值的开头；请给整段文字加引号")
    # PyYAML's own words are English: the user gets our hint, or the common causes
    message = (f"YAML 语法错误：{hint}" if hint else
               "YAML 语法错误：此处写法不合 YAML 语法（常见原因：冒号后缺空格、缩进不齐、引号不成对；含冒号的文字请加引号）")
    if mark is not None:
        return ContentError(message, path=name, **_where(mark))
    position = getattr(exc, "position", None)        # ReaderError: a character YAML cannot hold
    if position is not None:
        # libyaml counts UTF-8 bytes, the pure-Python reader counts characters
        before = (text.encode("utf-8")[:position].decode("utf-8", errors="ignore")
                  if _LOADER is not yaml.SafeLoader else text[:position])
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        char = getattr(exc, "character", None)
        code = f"U+{ord(char) if isinstance(char, str) else int(char or 0):04X}"
        return ContentError(f"YAML 不允许的控制字符 {code}；请删除", path=name, line=line, col=col)
    return ContentError(message, path=name)


# -- the schema walk ---------------------------------------------------------------------------------

_KIND_NAMES = {ScalarNode: "文字", SequenceNode: "列表", MappingNode: "键值映射"}


class _Reader:
    """Walks one composed node tree; state is local to one read."""

    @staticmethod
    def read_file(path: Any) -> Document:
        """Another content file (an annex's ``content:``), read as a whole."""
        return read(path)

    def __init__(self, text: str, name: str) -> None:
        self.source = text
        self.name = name
        self.numbering: List[str] = list(DEFAULT_NUMBERING)

    # errors
    def error(self, message: str, node: Node) -> ContentError:
        return ContentError(message, path=self.name, **_where(node.start_mark))

    def expect(self, node: Node, kind: type, what: str) -> None:
        if not isinstance(node, kind):
            what = what + " " if what[-1:].isascii() else what
            raise self.error(f"{what}应为{_KIND_NAMES[kind]}，而不是{_KIND_NAMES[type(node)]}", node)

    def mapping(self, node: Node, allowed: Tuple[str, ...], what: str) -> Dict[str, Tuple[Node, Node]]:
        """``{key: (key_node, value_node)}``; unknown, duplicate or non-text keys are errors."""
        self.expect(node, MappingNode, what)
        out: Dict[str, Tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.error(f"{what}的键应为文字", key_node)
            key = key_node.value
            if key not in allowed:
                raise self.error(f"{what}中有未知的键“{key}”；可用的键：{'、'.join(allowed)}", key_node)
            if key in out:
                raise self.error(f"键“{key}”重复出现（第一次在第 {out[key][0].start_mark.line + 1} 行）",
                                 key_node)
            out[key] = (key_node, value_node)
        return out

    # scalars
    def is_null(self, node: Node) -> bool:
        return isinstance(node, ScalarNode) and node.tag == NULL_TAG

    def text(self, node: Node, what: str, key_node: Optional[Node] = None) -> str:
        """Non-empty text; an empty value is reported at its key (an empty value has no position)."""
        value = self.optional_text(node, what)
        if value is None or not value.strip():
            raise self.error(f"{what}不能为空", key_node if key_node is not None else node)
        return value

    def optional_text(self, node: Node, what: str) -> Optional[str]:
        self.expect(node, ScalarNode, what)
        if node.tag == NULL_TAG:
            return None
        return self.scalar_text(node)

    def scalar_text(self, node: ScalarNode) -> str:
        """The scalar as written (never a number or a date), multi-line values joined."""
        if node.start_mark.line == node.end_mark.line:
            return node.value
        if node.style in (None, "|", ">"):
            raw = self.source[node.start_mark.index:node.end_mark.index].split("\n")
            if node.style is not None:
                raw = raw[1:]           # the "|" / ">" header line
            return _join_lines(raw)
        # quoted: YAML folded the breaks into spaces (escapes already applied)
        return _FOLDED_SPACE_NEAR_CJK.sub("", _join_lines(node.value.split("\n")))

    def text_list(self, node: Node, what: str) -> Tuple[List[str], List[int]]:
        """A string or a list of strings (subtitle, closing)."""
        if self.is_null(node):
            return [], []
        if isinstance(node, ScalarNode):
            return [self.text(node, what)], [node.start_mark.line + 1]
        self.expect(node, SequenceNode, what)
        return ([self.text(item, what) for item in node.value],
                [item.start_mark.line + 1 for item in node.value])

    def boolean(self, node: Node, what: str) -> bool:
        if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
            word = node.value.lower()
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
        raise self.error(f"{what} 应为 true 或 false", node)

    def count(self, node: Node, what: str) -> int:
        if isinstance(node, ScalarNode) and node.tag == INT_TAG and node.value.isdigit():
            return int(node.value)
        raise self.error(f"{what} 应为非负整数", node)

    # document
    def document(self, root: Node, annex: bool = False) -> Document:
        keys = self.mapping(root, ANNEX_KEYS if annex else TOP_KEYS, "附件项" if annex else "内容文件顶层")
        doc = Document()
        lines: Dict[str, Any] = {}

        def line_of(key: str) -> int:
            return keys[key][1].start_mark.line + 1

        for key in ("title", "salutation", "signature", "date", "author"):
            if key in keys:
                value = self.optional_text(keys[key][1], key)
                if value is not None and value.strip():
                    lines[key] = line_of(key)
                    if key == "author":
                        doc.meta.author = value
                    else:
                        setattr(doc, key, value)
        for key in ("subtitle", "closing"):
            if key in keys:
                values, value_lines = self.text_list(keys[key][1], key)
                setattr(doc, key, values)
                lines[key] = value_lines
        if "numbering" in keys:
            self.numbering = self.read_numbering(keys["numbering"][1])
            lines["numbering"] = line_of("numbering")
        doc.numbering = list(self.numbering)
        if "body" not in keys:
            raise self.error("缺少 body（正文）：内容文件至少要有一段正文", root)
        body_key, body_node = keys["body"]
        if self.is_null(body_node) or (isinstance(body_node, SequenceNode) and not body_node.value):
            raise self.error("body（正文）是空的：至少要有一段正文", body_key)
        doc.body = self.blocks(body_node, depth=1)
        doc.meta = Meta(title=doc.title, author=doc.meta.author, date=doc.date)
        doc.lines = lines
        if not annex:
            doc.frame = read_frame(self, keys, root)      # DESIGN.md §3b (None for a speech)
        return doc

    def read_numbering(self, node: Node) -> List[str]:
        self.expect(node, SequenceNode, "numbering")
        if not node.value or len(node.value) > MAX_DEPTH:
            raise self.error(f"numbering 应有 1 到 {MAX_DEPTH} 项（每级标题一项）", node)
        out = []
        for item in node.value:
            marker = self.text(item, "numbering 的每一项")
            if marker not in KNOWN_MARKERS and (
                    len(marker) > MAX_MARKER_CHARS or any(c.isspace() for c in marker)
                    or not any(c in marker for c in MARKER_COUNTERS)):
                raise self.error(f"无法识别的编号样式“{marker}”：应为 {'、'.join(KNOWN_MARKERS)}，"
                                 f"或含计数字符（{'、'.join(MARKER_COUNTERS)}）的样式，如“第一，”", item)
            out.append(marker)
        return out

    # blocks
    def blocks(self, node: Node, depth: int) -> List[Block]:
        if self.is_null(node):
            return []
        self.expect(node, SequenceNode, "body")
        blocks = [self.block(item, depth) for item in node.value]
        self.check_sibling_count(node, blocks, depth)
        return blocks

    def check_sibling_count(self, node: SequenceNode, blocks: List[Block], depth: int) -> None:
        """Chinese counting words stop at 九十九: say so at the heading that overflows."""
        from docgen.text.numerals import MAX_CHINESE, chinese_number

        pattern = self.numbering[depth - 1] if depth <= len(self.numbering) else ""
        if "一" not in pattern:
            return
        sections = [item for item, block in zip(node.value, blocks) if isinstance(block, Section)]
        if len(sections) > MAX_CHINESE:
            raise self.error(f"同一层级下的标题超过{chinese_number(MAX_CHINESE)}个，无法用“{pattern}”编号；"
                             "请分层组织，或在 numbering 中改用阿拉伯数字（如“1.”）", sections[MAX_CHINESE])

    def block(self, node: Node, depth: int) -> Block:
        line = node.start_mark.line + 1
        if isinstance(node, ScalarNode):
            return Paragraph(text=self.text(node, "段落"), line=line)
        if not isinstance(node, MappingNode):
            raise self.error("正文的每一项应为一段文字、{lead:, text:}、{heading:, body:} 或 {table:}，"
                             f"而不是{_KIND_NAMES[type(node)]}", node)
        names = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
        if "heading" in names:
            return self.section(node, depth)
        if "table" in names:
            return self.table(node)
        if names & set(PARAGRAPH_KEYS):
            return self.paragraph(node)
        if not node.value:
            raise self.error("正文项是空的键值映射", node)
        allowed = "、".join(SECTION_KEYS + PARAGRAPH_KEYS + TABLE_ITEM_KEYS)
        raise self.error(f"无法识别的正文项（键“{node.value[0][0].value}”）；可用的键：{allowed}"
                         "（若这本是一段文字，是其中的半角“: ”使它成了键值：请给整段加引号）",
                         node.value[0][0])

    def paragraph(self, node: MappingNode) -> Paragraph:
        keys = self.mapping(node, PARAGRAPH_KEYS, "段落项")
        lead = None
        if "lead" in keys:
            lead = self.text(keys["lead"][1], "lead（段首句）", keys["lead"][0])
        if "text" in keys:
            text_key, text_node = keys["text"]
            text = self.text(text_node, "段落文字", text_key) if lead is None else \
                (self.optional_text(text_node, "段落文字") or "")
        else:
            text = ""       # a lead alone is a whole paragraph ("一是……。")
        return Paragraph(text=text, lead=lead, line=node.start_mark.line + 1)

    def section(self, node: MappingNode, depth: int) -> Section:
        keys = self.mapping(node, SECTION_KEYS, "标题项")
        heading_key, heading_node = keys["heading"]
        if depth > MAX_DEPTH:
            raise self.error(f"标题嵌套超过 {MAX_DEPTH} 级：这是第 {depth} 级标题", heading_key)
        if depth > len(self.numbering):
            raise self.error(f"第 {depth} 级标题没有编号样式：numbering 只有 {len(self.numbering)} 项",
                             heading_key)
        heading = self.text(heading_node, "标题文字", heading_key)
        runin = self.boolean(keys["runin"][1], "runin") if "runin" in keys else False
        body = self.blocks(keys["body"][1], depth + 1) if "body" in keys else []
        if runin and not (body and isinstance(body[0], Paragraph)):
            raise self.error("runin: true 的标题要与其后第一段正文合为一段：body 的第一项应为段落",
                             keys["runin"][0])
        return Section(heading=heading, body=body, runin=runin, line=node.start_mark.line + 1)

    def table(self, node: MappingNode) -> Table:
        item = self.mapping(node, TABLE_ITEM_KEYS, "表格项")
        table_key, table_node = item["table"]
        keys = self.mapping(table_node, TABLE_KEYS, "table")
        if "rows" not in keys:
            raise self.error("table 缺少 rows（表格各行）", table_key)
        rows_key, rows_node = keys["rows"]
        self.expect(rows_node, SequenceNode, "rows")
        if not rows_node.value:
            raise self.error("rows 是空的：表格至少要有一行", rows_key)
        rows: List[List[str]] = []
        for row_node in rows_node.value:
            self.expect(row_node, SequenceNode, "表格的每一行")
            cells = [self.optional_text(cell, "表格单元格") or "" for cell in row_node.value]
            if not cells:
                raise self.error("表格的行不能为空", row_node)
            if rows and len(cells) != len(rows[0]):
                raise self.error(f"这一行有 {len(cells)} 格，第一行有 {len(rows[0])} 格：各行格数应相同",
                                 row_node)
            rows.append(cells)
        header_rows = self.count(keys["header_rows"][1], "header_rows") if "header_rows" in keys else 0
        if header_rows > len(rows):
            raise self.error(f"header_rows（{header_rows}）多于表格行数（{len(rows)}）",
                             keys["header_rows"][1])
        return Table(rows=rows, header_rows=header_rows, line=node.start_mark.line + 1)


def _join_lines(lines: List[str]) -> str:
    """Join source lines of one paragraph: no space next to CJK, one space between other text."""
    out = ""
    for piece in (line.strip() for line in lines):
        if not piece:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(piece[0])):
            out += " "
        out += piece
    return out


__all__ = ["read", "read_text", "MAX_FILE_BYTES", "MAX_SCALAR_CHARS", "MAX_NODES", "MAX_NESTING"]
