"""The writer: Document -> docxtpl template -> .docx bytes.

The writer flattens the model into a list of blocks, one per printed paragraph (or table), each
with the role that picks its branch (and so its paragraph style) in the template and the run XML of
its text.  The runs are built by docgen.ooxml.build, where the content is escaped so that what the user
wrote is what is printed: "{{ x }}", "{%p", "{_{", "A&B<c>" and tabs come out verbatim.

The template is read and its Jinja source compiled once per process and reused (``_load``): a batch
of speeches pays for it once.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

import jinja2
import jinja2.sandbox
from docx import Document as open_docx
from docxtpl import DocxTemplate
from lxml import etree

from docgen.errors import DocgenError
from docgen.model import Document, Paragraph, Section, Table
from docgen.ooxml.build import W_NS, Span, qn, read_members, runs_xml, save_docx, zip_members
from docgen.style import Style, load_style
from docgen.writers.template import (BLANK_ROLE, BLOCKS_VAR, ROLE_STYLE_IDS, RUNIN_STYLE_IDS, TABLE_ROLE, TABLE_STYLE_ID,
                             build_template)
from docgen.transforms.numbering import number
from docgen.writers.objects import NOTES_KEY, PICTURES_KEY, embed_notes, embed_pictures, token as picture_token

PathLike = Union[str, Path]

PACKAGE_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "speech.docx"
#: the largest power and repeated sequence a template's expressions may compute
MAX_TEMPLATE_POWER = 64
MAX_TEMPLATE_REPEAT = 1_000_000
#: a template larger than this (uncompressed, per member) is not a speech template
MAX_MEMBER_BYTES = 64 * 1024 * 1024
HEADING_ROLES = ("h1", "h2", "h3", "h4")
_CORE_TEXT_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: runs with no properties and one empty w:t (the leftovers of docxtpl's {{r }} patch)
_EMPTY_RUNS = etree.XPath(
    "//w:r[count(*) = 1 and w:t and string(w:t) = '']",
    namespaces={"w": W_NS})


# -- template loading (once per process) -----------------------------------------------------------

class _CompilingEnvironment(jinja2.sandbox.SandboxedEnvironment):
    """A sandboxed Jinja environment that compiles each distinct source once.

    Templates travel between offices by e-mail: rendering one must never run code, so the
    environment is Jinja's sandbox (no ``__globals__``, ``__class__``… from a template's text).

    docxtpl calls ``from_string`` on every render for the body, each footer and each core property;
    the sources are the same every time for one template, so compiled templates are kept.
    """

    #: a template's arithmetic may not build huge values ("x" * 10**10 would take the memory)
    intercepted_binops = frozenset(["*", "**"])

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: Dict[str, jinja2.Template] = {}
        self._lock = threading.Lock()

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_TEMPLATE_POWER:
            raise jinja2.sandbox.SecurityError("exponent too large")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and \
                        len(seq) * count > MAX_TEMPLATE_REPEAT:
                    raise jinja2.sandbox.SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (jinja's name)
        if globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = super().from_string(source)
            with self._lock:
                self._compiled[source] = compiled
        return compiled


class _SpeechTemplate(DocxTemplate):
    """DocxTemplate over in-memory template bytes; the patched body source is computed once."""

    def __init__(self, loaded: "_LoadedTemplate") -> None:
        super().__init__(io.BytesIO(loaded.data))
        self._loaded = loaded

    def init_docx(self, reload: bool = True):
        if not self.docx or (self.is_rendered and reload):
            self.docx = open_docx(io.BytesIO(self._loaded.data))
            self.is_rendered = False

    def patch_xml(self, src_xml):
        cache = self._loaded.patched
        patched = cache.get(src_xml)
        if patched is None:
            patched = cache[src_xml] = super().patch_xml(src_xml)
        return patched

    def resolve_listing(self, xml):
        # docxtpl turns \t \a \n \f inside w:t into tabs, paragraphs, breaks and page breaks, with
        # one regex pass per paragraph and run over the whole document; the writer never puts
        # them in its runs, so when none is there the result is the input: skip the passes (a
        # 20 MB draft's XML is not copied several times over)
        if not any(c in xml for c in "\t\a\n\f"):
            return xml
        return super().resolve_listing(xml)

    def map_tree(self, tree):
        # docxtpl's {{r }} leaves an empty run on each side of the inserted runs; drop them so a
        # paragraph holds exactly the runs the writer built
        for run in _EMPTY_RUNS(tree):
            run.getparent().remove(run)
        super().map_tree(tree)


@dataclass
class _LoadedTemplate:
    data: bytes
    source: str
    env: _CompilingEnvironment
    patched: Dict[str, str]


_CACHE: Dict[Any, _LoadedTemplate] = {}
_CACHE_LOCK = threading.Lock()


def _check_template(data: bytes, source: str) -> None:
    """A user template must be a .docx with our styles; fail with a clear message, not a traceback."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = {i.filename: i for i in zf.infolist()}
            if any(i.file_size > MAX_MEMBER_BYTES for i in infos.values()):
                raise DocgenError("模板文件中有异常大的部件，拒绝处理", path=source)
            if "word/document.xml" not in infos or "word/styles.xml" not in infos:
                raise DocgenError("不是 Word .docx 模板（缺少 word/document.xml 或 word/styles.xml）", path=source)
            styles = zf.read("word/styles.xml")
            document = zf.read("word/document.xml")
    except zipfile.BadZipFile:
        raise DocgenError("不是有效的 .docx 文件（无法按 zip 打开）", path=source) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(styles, parser)
    except etree.XMLSyntaxError as exc:
        raise DocgenError(f"模板的样式部件（styles.xml）不是合法的 XML（第 {exc.lineno} 行附近）；"
                          "请用 docgen template 重新生成模板", path=source) from None
    have = {s.get(qn("w:styleId")) for s in root.iter(qn("w:style"))}
    wanted = set(ROLE_STYLE_IDS.values()) | set(RUNIN_STYLE_IDS.values()) | {TABLE_STYLE_ID}
    missing = sorted(wanted - have)
    if missing:
        raise DocgenError(f"模板缺少样式 {'、'.join(missing)}；请用 docgen template -o 模板.docx 生成模板后再修改",
                          path=source)
    if BLOCKS_VAR.encode() not in document:
        raise DocgenError(f"模板正文中没有遍历 {BLOCKS_VAR} 的 docxtpl 循环；请用 docgen template 生成模板", path=source)


def _load(style: Style, template_path: Optional[PathLike]) -> _LoadedTemplate:
    if template_path is None and PACKAGE_TEMPLATE.exists() and style.source == load_style().source:
        # the built-in rule set: its template ships with the package (a test keeps them in sync)
        template_path = PACKAGE_TEMPLATE
    if template_path is not None:
        path = Path(template_path)
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise DocgenError("找不到模板文件", path=path) from None
        key: Any = ("file", str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    else:
        # a user rule set without a template: build the template from that rule set
        key = ("style", hashlib.sha256(json.dumps(style.source, sort_keys=True, default=str,
                                                  ensure_ascii=False).encode()).hexdigest())
    loaded = _CACHE.get(key)
    if loaded is not None:
        return loaded
    if template_path is not None:
        try:
            data = Path(template_path).read_bytes()
        except OSError as exc:
            from docgen.fileio import os_reason

            raise DocgenError(f"无法读取模板文件（{os_reason(exc)}）", path=template_path) from None
        source = str(template_path)
        _check_template(data, source)
    else:
        data, source = build_template(style), f"<{style.name}>"
    loaded = _LoadedTemplate(data=data, source=source, env=_CompilingEnvironment(), patched={})
    with _CACHE_LOCK:
        _CACHE[key] = loaded
    return loaded


# -- model -> blocks ---------------------------------------------------------------------------------

class _Blocks:
    """Flattens a Document into the template's block list."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.items: List[Dict[str, Any]] = []
        self.pictures: List[Dict[str, Any]] = []

    def span(self, role: str, text: str, char_style: Optional[str] = None) -> Span:
        return Span(text=text, cjk_font=self.style.role(role).font, char_style=char_style)

    def paragraph(self, role: str, spans: List[Span]) -> None:
        self.items.append({"role": role, "runs": runs_xml(spans)})

    def blank(self, count: int) -> None:
        for _ in range(count):
            self.items.append({"role": BLANK_ROLE})

    def spaced(self, role: str, spans: List[Span]) -> None:
        """A paragraph with the blank lines its role asks for before and after it."""
        role_style = self.style.role(role)
        self.blank(role_style.blank_lines_before)
        self.paragraph(role, spans)
        self.blank(role_style.blank_lines_after)

    def body_spans(self, para: Paragraph) -> List[Span]:
        spans = []
        if para.lead:
            spans.append(self.span("lead", para.lead, ROLE_STYLE_IDS["lead"]))
        spans.append(self.span("body", para.text))
        return spans

    def table(self, table: Table) -> None:
        rows = [list(r) for r in table.rows]
        width = max((len(r) for r in rows), default=0)
        if width == 0:
            return
        rows = [r + [""] * (width - len(r)) for r in rows]
        header_count = max(0, min(table.header_rows, len(rows)))

        def cells(row: List[str], role: str) -> List[Any]:
            return [runs_xml([self.span(role, str(text))]) for text in row]

        self.items.append({
            "role": TABLE_ROLE,
            "header_rows": [cells(r, "table_header") for r in rows[:header_count]],
            "body_rows": [cells(r, "table") for r in rows[header_count:]],
        })

    def blocks(self, blocks: List[Any], depth: int) -> None:
        for block in blocks:
            if isinstance(block, Paragraph) and block.pictures:
                # placeholders the pictures replace after rendering (writers.objects)
                spans = []
                for pic in block.pictures:
                    spans.append(self.span("body", picture_token(len(self.pictures))))
                    self.pictures.append(pic)
                if block.text or block.lead:
                    spans = self.body_spans(block) + spans
                self.spaced("body", spans)
            elif isinstance(block, Paragraph):
                self.spaced("body", self.body_spans(block))
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Section):
                self.section(block, depth)

    def section(self, section: Section, depth: int) -> None:
        if depth > len(HEADING_ROLES):
            raise DocgenError(f"标题层级超过 {len(HEADING_ROLES)} 级：“{section.heading[:20]}”", line=section.line)
        role = HEADING_ROLES[depth - 1]
        heading = (section.number or "") + section.heading
        rest = section.body
        first = rest[0] if rest else None
        if section.runin and isinstance(first, Paragraph):
            # one paragraph: the heading in the level's character style, the text in body font
            spans = [self.span(role, heading, RUNIN_STYLE_IDS[role])] + self.body_spans(first)
            self.spaced("body", spans)
            rest = rest[1:]
        else:
            self.spaced(role, [self.span(role, heading)])
        self.blocks(rest, depth + 1)

    def document(self, doc: Document) -> List[Dict[str, Any]]:
        style = self.style
        if doc.title or doc.subtitle:
            self.blank(style.role("title").blank_lines_before)
            if doc.title:
                self.paragraph("title", [self.span("title", doc.title)])
            for line in doc.subtitle:
                self.paragraph("subtitle", [self.span("subtitle", line)])
            # 标题下空一行: after the whole title block (title, speaker, date lines)
            self.blank(style.role("title").blank_lines_after)
        # a 公文's 主送机关 stands where a speech's salutation does: flush left, a line below the title
        salutation = doc.salutation if doc.salutation is not None else (doc.frame.recipients if doc.frame else None)
        if salutation is not None:
            self.spaced("salutation", [self.span("salutation", salutation)])
        self.blocks(doc.body, 1)
        for line in doc.closing:
            self.spaced("closing", [self.span("closing", line)])
        # a signature may have several lines (office, then a department): one paragraph each
        sign_off = [line for t in (doc.signature, doc.date) if t for line in t.split("\n") if line.strip()]
        if sign_off:
            self.blank(style.role("signature").blank_lines_before)
            for line in sign_off:
                self.paragraph("signature", [self.span("signature", line)])
            self.blank(style.role("signature").blank_lines_after)
        return self.items


def build_context(doc: Document, style: Style) -> Dict[str, Any]:
    """The docxtpl context for a (numbered) document."""
    blocks = _Blocks(style)
    context: Dict[str, Any] = {BLOCKS_VAR: blocks.document(doc)}
    if blocks.pictures:
        context[PICTURES_KEY] = blocks.pictures
    if doc.notes:
        context[NOTES_KEY] = doc.notes
    return context


def _core_text(value: Optional[str]) -> str:
    return _CORE_TEXT_INVALID.sub("", (value or "").replace("\r\n", " ").replace("\n", " ").replace("\r", " "))


def render_docx(doc: Document, style: Style, template_path: Optional[PathLike] = None,
                font_changes: Optional[List[Any]] = None) -> bytes:
    """The .docx of ``doc`` in ``style`` (numbers from the document's scheme), as bytes.

    Without ``template_path`` the packaged template is used for the built-in rule set, and a template
    built from ``style`` for any other rule set.  The bytes depend only on the inputs.

    A character the role's font cannot print (王喆 in 仿宋_GB2312) or a mark it would draw in the
    Latin font gets a run of its own in the right font (docgen.rules.fontcover); the changes are
    appended to ``font_changes`` when given, for the caller to report.
    """
    loaded = _load(style, template_path)
    context = build_context(number(doc), style)
    blocks = context[BLOCKS_VAR]
    # a draft's pictures and notes, and a 公文's frame, are placed in the whole document: such a
    # document renders in one piece
    if (len(blocks) > CHUNK_BLOCKS and _chunkable(loaded) and not context.get(PICTURES_KEY)
            and not context.get(NOTES_KEY) and doc.frame is None):
        data = _render_in_chunks(loaded, blocks, doc, style, font_changes)
        if data is not None:
            return data
    tpl = _render(loaded, context)
    embed_pictures(tpl.docx, context.get(PICTURES_KEY))
    embed_notes(tpl.docx, context.get(NOTES_KEY), style.role("body").font)
    if doc.frame is not None:       # the 公文 frame: 版头, 附件说明, 落款, 附件, 版记 (DESIGN.md §3b)
        from docgen.writers.frame import apply_frame

        def annex_body(annex: Document) -> List[Any]:
            body = _render(loaded, build_context(number(annex), style)).docx.element.body
            return [child for child in body if child.tag != qn("w:sectPr")]

        apply_frame(tpl.docx, doc, style, annex_body)
    changes = _cover(tpl, style)
    if font_changes is not None:
        font_changes.extend(changes)
    _set_properties(tpl, doc)
    return save_docx(tpl.docx)


def _render(loaded: _LoadedTemplate, context: Dict[str, Any]) -> _SpeechTemplate:
    tpl = _SpeechTemplate(loaded)
    try:
        tpl.render(context, jinja_env=loaded.env, autoescape=True)
    except (jinja2.sandbox.SecurityError, OverflowError, MemoryError, RecursionError):
        # OverflowError: the sandbox's range() limit; MemoryError/RecursionError: a template built
        # to exhaust the machine
        raise DocgenError("模板中含有试图执行程序或读取内部对象的代码，已拒绝使用此模板（未生成任何文件）；"
                          "请改用 docgen template 生成的模板", path=loaded.source) from None
    except jinja2.TemplateSyntaxError as exc:
        raise DocgenError("模板中的 {{ }} 或 {% %} 标记写得不完整或有误；请检查模板中的占位符，"
                          "或用 docgen template 重新生成模板", path=loaded.source) from None
    except jinja2.TemplateError:
        raise DocgenError("模板渲染失败：模板中的占位符与 docgen 的内容不匹配；"
                          "请用 docgen template 生成模板后再修改版式", path=loaded.source) from None
    return tpl


def _cover(tpl: _SpeechTemplate, style: Style) -> List[Any]:
    """A character the role's font cannot print (王喆 in 仿宋_GB2312) or a mark it would draw in the
    Latin font gets a run of its own in the right font; returns the changes (docgen.ooxml.fontcover)."""
    from docgen.ooxml.fontcover import cover_document
    from docgen.ooxml.styles import STYLE_ID_ROLES

    return cover_document(tpl.docx, style, STYLE_ID_ROLES)


def _set_properties(tpl: _SpeechTemplate, doc: Document) -> None:
    props = tpl.docx.core_properties
    props.title = _core_text(doc.meta.title or doc.title)
    props.author = _core_text(doc.meta.author)


# -- big documents: the body rendered in pieces -------------------------------------------------------
# docxtpl renders the whole body as one string, copies it several times and parses it into one
# tree: a 100 000-paragraph draft took 250 MB there.  Above CHUNK_BLOCKS blocks the body is rendered
# CHUNK_BLOCKS at a time and each piece's serialized paragraphs are spliced into the document
# rendered with no blocks.  The loop body has no state across iterations (no ``loop.``), so the
# bytes are those of the one-piece render (tests/test_big_inputs.py compares them).

#: documents with more blocks than this are rendered in pieces of this many
CHUNK_BLOCKS = 2000


def _chunkable(loaded: _LoadedTemplate) -> bool:
    with zipfile.ZipFile(io.BytesIO(loaded.data)) as zf:
        body = zf.read("word/document.xml")
    return b"loop." not in body and BLOCKS_VAR.encode() in body


def _body_bytes(loaded: _LoadedTemplate, blocks: List[Dict[str, Any]], style: Style,
                changes: List[Any]) -> bytes:
    tpl = _render(loaded, {BLOCKS_VAR: blocks})
    changes.extend(_cover(tpl, style))
    return tpl.docx.part.blob


def _top_paragraphs(xml: bytes) -> int:
    """Body paragraphs of a document.xml (docgen's templates put no table before the blocks)."""
    return xml.count(b"<w:p>") + xml.count(b"<w:p ")


def _render_in_chunks(loaded: _LoadedTemplate, blocks: List[Dict[str, Any]], doc: Document, style: Style,
                      font_changes: Optional[List[Any]] = None) -> Optional[bytes]:
    """The .docx of ``blocks`` rendered CHUNK_BLOCKS at a time, or None when the pieces do not fit
    together (then the caller renders in one piece).  The font coverage runs on each piece as on a
    whole document; its changes are renumbered to the whole document's paragraphs."""
    empty = _render(loaded, {BLOCKS_VAR: []})
    frame_changes = _cover(empty, style)
    bare = empty.docx.part.blob                  # the document with no blocks: prefix + suffix
    pieces: List[bytes] = []
    piece_changes: List[List[Any]] = []
    lo, hi = 0, len(bare)                        # split points valid for every piece so far
    for start in range(0, len(blocks), CHUNK_BLOCKS):
        piece_changes.append([])
        full = _body_bytes(loaded, blocks[start:start + CHUNK_BLOCKS], style, piece_changes[-1])
        extra = len(full) - len(bare)
        if extra <= 0:
            return None
        prefix = _common_prefix(bare, full)
        suffix = _common_suffix(bare, full)
        # full == bare[:p] + piece + bare[p:] for every p in [len(bare) - suffix, prefix]
        lo, hi = max(lo, len(bare) - suffix), min(hi, prefix)
        if lo > hi:
            return None
        pieces.append(full)
    split = lo
    out = [bare[:split]]
    out.extend(full[split:split + len(full) - len(bare)] for full in pieces)
    out.append(bare[split:])
    if font_changes is not None:
        font_changes.extend(_renumbered(frame_changes, piece_changes, pieces, bare, split))
    del pieces
    _set_properties(empty, doc)
    members = [(name, b"".join(out) if name == "word/document.xml" else data)
               for name, data in read_members(save_docx(empty.docx))]
    return zip_members(members)


def _renumbered(frame_changes: List[Any], piece_changes: List[List[Any]], pieces: List[bytes], bare: bytes,
                split: int) -> List[Any]:
    """Font changes of the pieces in the whole document's paragraph numbers: a piece's own
    paragraphs follow the ones before them; the title block and the closing are the bare
    document's (counted once)."""
    from dataclasses import replace

    before = _top_paragraphs(bare[:split])
    sizes = [_top_paragraphs(full) - _top_paragraphs(bare) for full in pieces]
    out = [c if c.paragraph is None or c.paragraph <= before else replace(c, paragraph=c.paragraph + sum(sizes))
           for c in frame_changes]
    offset = 0
    for changes, size in zip(piece_changes, sizes):
        for c in changes:
            if c.paragraph is None:
                out.append(c)                    # in a table of this piece: its cell path stands
            elif before < c.paragraph <= before + size:
                out.append(replace(c, paragraph=c.paragraph + offset))
        offset += size
    return out


def _common_prefix(a: bytes, b: bytes) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n                                # binary search on slices: C speed
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: bytes, b: bytes) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


__all__ = ["PACKAGE_TEMPLATE", "build_context", "render_docx"]
