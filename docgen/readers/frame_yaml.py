"""The §3b keys of a content file (genre, header, recipients, attachments, sign, note, annexes,
imprint, attendance) read from the composed node tree, with ``文件:行:列`` errors.

Called once from :meth:`docgen.readers.yaml._Reader.document`; a file without any of these keys is
a speech and gets no frame (``Document.frame is None``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen.errors import DocgenError
from docgen.model import GENRES, UPWARD_GENRES, Document, Frame, Header, Imprint, Sign

FRAME_KEYS = ("genre", "header", "recipients", "attachments", "sign", "note", "annexes", "imprint",
              "attendance")
HEADER_KEYS = ("copy_no", "secret", "urgency", "issuer", "issuer_suffix", "doc_no", "signer")
SIGN_KEYS = ("org", "date", "stamped")
IMPRINT_KEYS = ("cc", "org", "date")
ANNEX_KEYS = ("content", "title", "subtitle", "salutation", "numbering", "body", "closing", "signature", "date")
ATTENDANCE_LABELS = ("出席", "请假", "缺席", "列席")

#: 2026年3月5日: Arabic numerals, full year, no leading zeros (GB/T 9704 §7.3.5)
DATE_RE = re.compile(r"^[1-9]\d{3}年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日$")
#: 某办发〔2026〕12号: year in 六角括号, no 第, no leading zero (§7.2.4)
DOC_NO_RE = re.compile(r"^\S+〔[1-9]\d{3}〕[1-9]\d*号$")
COPY_NO_RE = re.compile(r"^\d{6}$")


def date_problem(value: str) -> Optional[str]:
    """Why a 成文日期 is not in the standard's form (None when it is)."""
    if DATE_RE.match(value):
        return None
    if re.search(r"[〇零一二三四五六七八九十○]", value):
        return "日期应使用阿拉伯数字（如 2026年3月5日），不用汉字数字"
    if re.search(r"(?:年|月)0\d", value):
        return "日期的月、日不编虚位（如 2026年3月5日，而不是 2026年03月05日）"
    return "日期应写作“2026年3月5日”的形式：年份写全，阿拉伯数字，不编虚位"


def doc_no_problem(value: str) -> Optional[str]:
    """Why a 发文字号 is not in the standard's form (None when it is)."""
    if DOC_NO_RE.match(value):
        return None
    if "第" in value:
        return "发文字号的序号不加“第”字（如 某办发〔2026〕12号）"
    if re.search(r"[\[\]【】()（）]\s*\d{4}", value) or re.search(r"\d{4}\s*[\[\]【】()（）]", value):
        return "发文字号的年份应使用六角括号〔〕（如 某办发〔2026〕12号）"
    if re.search(r"〕0\d*号", value):
        return "发文字号的序号不编虚位（如 12号，而不是 012号）"
    return "发文字号应写作“机关代字〔年份〕序号号”的形式，如 某办发〔2026〕12号"


def read_frame(reader: Any, keys: Dict[str, Tuple[Node, Node]], root: Node) -> Optional[Frame]:
    """The frame of a document from its top-level keys (None when the file has none of them)."""
    if not any(k in keys for k in FRAME_KEYS):
        return None
    frame = Frame()
    if "genre" in keys:
        key_node, node = keys["genre"]
        genre = reader.text(node, "genre（文种）", key_node).strip()
        if genre not in GENRES:
            names = "、".join(f"{k}（{v}）" for k, v in GENRES.items())
            raise reader.error(f"未知的文种“{genre}”；可用：{names}", node)
        frame.genre = genre
    else:
        frame.genre = "notice"      # a frame without a genre: the most common 公文
    if "header" in keys:
        frame.header = _header(reader, keys["header"], frame.genre)
    if "recipients" in keys:
        key_node, node = keys["recipients"]
        if isinstance(node, SequenceNode):         # a list of organs: joined with full-width commas
            values, _ = reader.text_list(node, "recipients（主送机关）")
            if not values:
                raise reader.error("recipients（主送机关）不能为空", key_node)
            frame.recipients = _recipients("，".join(v.strip().rstrip("，,：:") for v in values))
        else:
            frame.recipients = _recipients(reader.text(node, "recipients（主送机关）", key_node))
    if "attachments" in keys:
        frame.attachments = _attachments(reader, keys["attachments"][1])
    if "sign" in keys:
        frame.sign = _sign(reader, keys["sign"][1])
    if "note" in keys:
        key_node, node = keys["note"]
        note = reader.text(node, "note（附注）", key_node).strip()
        if note[:1] in "（(" and note[-1:] in "）)":
            note = note[1:-1]
        frame.note = note
    if "annexes" in keys:
        frame.annexes = _annexes(reader, keys["annexes"][1])
    if "imprint" in keys:
        frame.imprint = _imprint(reader, keys["imprint"][1])
    if "attendance" in keys:
        frame.attendance = _attendance(reader, keys["attendance"][1])
    return frame


def _date(reader: Any, node: Node, what: str, key_node: Node) -> str:
    value = reader.text(node, what, key_node).strip()
    problem = date_problem(value)
    if problem:
        raise reader.error(f"{what}“{value}”：{problem}", node)
    return value


def _header(reader: Any, item: Tuple[Node, Node], genre: str) -> Header:
    keys = reader.mapping(item[1], HEADER_KEYS, "header（版头）")
    header = Header()
    for name in HEADER_KEYS:
        if name not in keys:
            continue
        key_node, node = keys[name]
        value = reader.text(node, f"header.{name}", key_node).strip()
        if name == "copy_no" and not COPY_NO_RE.match(value):
            raise reader.error(f"份号“{value}”应为 6 位阿拉伯数字（如 000012）", node)
        if name == "doc_no" and genre != "minutes":     # 纪要 are numbered by 期 or 〔年〕号
            problem = doc_no_problem(value)
            if problem:
                raise reader.error(f"发文字号“{value}”：{problem}", node)
        if name == "signer" and genre not in UPWARD_GENRES:
            raise reader.error(f"签发人只用于上行文（请示、报告）；这份{GENRES[genre]}是下行文或平行文，"
                               "请删去 signer", key_node)
        setattr(header, name, value)
    if header.issuer is None and (header.doc_no or header.issuer_suffix):
        raise reader.error("header 缺少 issuer（发文机关标志）", item[0])
    return header


def _recipients(text: str) -> str:
    text = text.strip()
    if text.endswith(":"):
        text = text[:-1]
    return text if text.endswith("：") else text + "："


def _attachments(reader: Any, node: Node) -> List[str]:
    values, _ = reader.text_list(node, "attachments（附件说明）")
    out = []
    for value, item in zip(values, node.value if isinstance(node, SequenceNode) else [node]):
        name = re.sub(r"^\s*(?:附件[:：]?)?\s*\d+[.．、]\s*", "", value).strip()
        if name[-1:] in "。，；、.,;":
            raise reader.error(f"附件名称“{name}”后不加标点符号", item)
        out.append(name)
    return out


def _sign(reader: Any, node: Node) -> Sign:
    keys = reader.mapping(node, SIGN_KEYS, "sign（落款）")
    sign = Sign()
    if "org" in keys:
        sign.org = reader.text(keys["org"][1], "sign.org（发文机关署名）", keys["org"][0]).strip()
    if "date" in keys:
        sign.date = _date(reader, keys["date"][1], "成文日期", keys["date"][0])
    if "stamped" in keys:
        sign.stamped = reader.boolean(keys["stamped"][1], "sign.stamped")
    if sign.date is None:
        raise reader.error("sign（落款）缺少 date（成文日期）", node)
    return sign


def _imprint(reader: Any, node: Node) -> Imprint:
    keys = reader.mapping(node, IMPRINT_KEYS, "imprint（版记）")
    imprint = Imprint()
    if "cc" in keys:
        values, _ = reader.text_list(keys["cc"][1], "imprint.cc（抄送机关）")
        imprint.cc = [v.strip().rstrip("。，、,") for v in values]
    if "org" in keys:
        imprint.org = reader.text(keys["org"][1], "imprint.org（印发机关）", keys["org"][0]).strip()
    if "date" in keys:
        imprint.date = _date(reader, keys["date"][1], "印发日期", keys["date"][0])
    if (imprint.org is None) != (imprint.date is None):
        raise reader.error("imprint 的 org（印发机关）和 date（印发日期）应同时给出", node)
    return imprint


def _attendance(reader: Any, node: Node) -> List[Tuple[str, str]]:
    keys = reader.mapping(node, ATTENDANCE_LABELS, "attendance（出席、请假、列席）")
    return [(label, reader.text(keys[label][1], label, keys[label][0]).strip())
            for label in ATTENDANCE_LABELS if label in keys]


def _annexes(reader: Any, node: Node) -> List[Document]:
    reader.expect(node, SequenceNode, "annexes（附件）")
    out: List[Document] = []
    for item in node.value:
        keys = reader.mapping(item, ANNEX_KEYS, "附件项")
        if "content" in keys:
            if len(keys) > 1:
                raise reader.error("附件项写了 content（另一个内容文件）就不能再写 title、body", item)
            key_node, value_node = keys["content"]
            rel = reader.text(value_node, "content（附件的内容文件）", key_node).strip()
            # relative to the content file itself, never the working directory: a content file
            # names its own neighbours (and a page served by docgen serve reads no server file)
            path = Path(rel)
            if not path.is_absolute():
                path = Path(reader.name).parent / rel
            try:
                annex = reader.read_file(path)
            except DocgenError as exc:
                if exc.line is None:
                    raise reader.error(f"附件的内容文件 {rel}：{exc.message}", value_node) from None
                raise
            out.append(annex)
            continue
        sub = type(reader)(reader.source, reader.name)     # the same reader, for inline content
        if "body" not in keys:
            raise reader.error("附件项应有 content（另一个内容文件）或 title 与 body", item)
        out.append(sub.document(item, annex=True))
    return out


__all__ = ["FRAME_KEYS", "read_frame", "date_problem", "doc_no_problem", "DATE_RE", "DOC_NO_RE"]
