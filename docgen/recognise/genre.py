"""Recognise the genre of a draft and the parts of a 公文 outside its body (DESIGN.md §3b).

``split_frame(units, genre=None)`` runs before the structure recogniser.  For a speech it changes
nothing (a pasted speech stays a speech).  For any other genre it

* takes the 版头 lines (份号, 密级, 紧急程度, 发文机关标志, 发文字号 and 签发人) off the top, and the
  版记 (抄送, 印发机关和日期, separator lines), the 落款 (署名, 成文日期), 附注, 附件说明, 纪要's
  出席/请假/列席 lines and the 附件 pages off the end, so the structure recogniser sees only the title
  and the body;
* marks the title (also when it is broken over two lines) and the 主送 line with the style hints the
  structure recogniser already honours (``hints.style_kind``), so the 主送 under a title no
  longer hides it;

and returns a :class:`FramePlan` that ``attach`` turns into ``Document.frame`` once the body is built.
``detect_genre(texts)`` is the guess alone (``docgen check`` uses it to skip speech-only rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from docgen.text.cjk import lazy_compile
from docgen.model import GENRES, Document, Frame, Header, Imprint, Sign

# -- patterns ----------------------------------------------------------------------------------------

_SP = r"[\s\u3000]*"
#: genre word at the end of a title -> genre key
TITLE_GENRES: Tuple[Tuple[str, str], ...] = (
    ("通知", "notice"), ("请示", "request"), ("报告", "report"), ("复函", "letter"), ("函", "letter"),
    ("纪要", "minutes"), ("决定", "decision"), ("意见", "opinion"), ("通报", "notice"), ("批复", "letter"),
    ("方案", "notice"), ("办法", "notice"), ("公告", "notice"), ("通告", "notice"),
)
#: "在……会议上的讲话 / 致辞 / 发言 / 报告": a speech, whatever its last word
SPEECH_TITLE = lazy_compile(r"(?:讲话|致辞|发言|讲稿|主持词|动员令|演讲)(?:稿)?$|^在.{2,50}上的.{0,8}(?:讲话|致辞|发言|报告|总结)")
SPEECH_SALUTATION = lazy_compile(r"^(?:同志们|各位(?:领导|代表|委员|来宾|同事)|女士们|朋友们|老师们|同学们)[，,、：:]?")
COPY_NO = lazy_compile(r"^\d{6}$")
SECRET = lazy_compile(r"^(?:绝密|机密|秘密)(?:[★☆\*]\S*)?$")
URGENCY = lazy_compile(r"^(?:特急|加急|特提|平急)$")
#: 发文字号 as people type it: brackets of any kind, "第", leading zeros, spaces
DOC_NO = lazy_compile(r"^(?P<no>[\u4e00-\u9fffA-Za-z]{0,12}" + _SP + r"[〔\[【(（［]" + _SP + r"\d{4}" + _SP
                    + r"[〕\]】)）］]" + _SP + r"第?" + _SP + r"\d{1,4}" + _SP + r"号)"
                    + r"(?:" + _SP + r"签发人[:：]" + _SP + r"(?P<signer>\S.*))?$")


def doc_no_match(line: str) -> Optional["re.Match[str]"]:
    """``DOC_NO.match(line)``; a line without 号 cannot match, and most documents have no such
    line, so the pattern (its Han class costs ~1 ms to compile) is then never compiled."""
    return DOC_NO.match(line) if "号" in line else None


ISSUE_NO = lazy_compile(r"^第" + _SP + r"\d{1,4}" + _SP + r"期$")
SIGNER = lazy_compile(r"^签发人[:：]" + _SP + r"(?P<signer>\S.*)$")
RULE_LINE = lazy_compile(r"^[─━—\-_=＝－﹣~～·.。★]{5,}$")
DATE = lazy_compile(r"^(?:\d{4}|[〇零一二三四五六七八九○Ｏ]{4})" + _SP + r"年" + _SP + r"[\d〇零一二三四五六七八九十○]{1,3}"
                  + _SP + r"月" + _SP + r"[\d〇零一二三四五六七八九十○]{1,3}" + _SP + r"日$")
IMPRINT_LINE = lazy_compile(r"^(?P<org>\S.*?)" + _SP + r"(?P<date>\d{4}年\d{1,2}月\d{1,2}日)" + _SP + r"(?:印发|印)$")
CC_LINE = lazy_compile(r"^抄" + _SP + r"送" + _SP + r"[:：]" + _SP + r"(?P<cc>.*)$")
ATTACH_HEAD = lazy_compile(r"^附" + _SP + r"件" + _SP + r"[:：]" + _SP + r"(?P<rest>.*)$")
ATTACH_ITEM = lazy_compile(r"^(?P<n>\d{1,2})" + _SP + r"[.．、]" + _SP + r"(?P<name>\S.*)$")
ANNEX_LABEL = lazy_compile(r"^附" + _SP + r"件" + _SP + r"(?P<n>\d{0,2})$")
NOTE = lazy_compile(r"^[（(](?P<note>.+)[）)]$")
ATTENDANCE = lazy_compile(r"^(?P<label>出" + _SP + r"席|请" + _SP + r"假|列" + _SP + r"席|缺" + _SP + r"席|参" + _SP
                        + r"[加会])(?:人员)?" + _SP + r"[:：]" + _SP + r"(?P<names>\S.*)$")
#: 参加/参会人员 are the 出席 of §10.3
ATTENDANCE_LABEL = {"参加": "出席", "参会": "出席"}
#: the 主送 line: organs ending with a colon, no sentence inside
RECIPIENTS = lazy_compile(r"^[^。！？；]{2,120}[：:]$")
#: a line after the 成文日期 that belongs to neither 版记 nor 附注 but must be kept ("审核：张三")
LABELLED = lazy_compile(r"^(?:审核|审稿|校对|核稿|拟稿|联系人|联系电话|经办人)[:：]")
#: the closing formula of a 公文 ("特此通知。", "妥否，请批示。"): kept as the document's closing
CLOSING_FORMULA = lazy_compile(r"^(?:特此(?:通知|报告|函告|函复|函达|批复|通报|公告|通告|决定|说明)|"
                             r"(?:妥否|当否|是否妥当|以上意见如无不妥)[，,]\s*请(?:批示|批复|审定|审示|审批|示复|复函)|"
                             r"以上(?:报告|意见|请示)[，,]\s*请(?:审阅|审定|批示|批转各地执行)|"
                             r"请(?:认真)?遵照执行|请(?:予|即)?函复|请研究函复|此复)[。！]?$")
ORGAN_END = lazy_compile(r"(?:局|委|办|办公室|政府|委员会|厅|部|院|中心|所|站|党组|总队|支队|大队|协会|学校|公司|分局)$")
FOLIO = lazy_compile(r"^[—\-－–]+\s*\d+\s*[—\-－–]+$|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$")
SIGN_ORG_MAX = 30
HEAD_WINDOW = 14


def _s(text: str) -> str:
    return text.strip().strip("\u3000").strip()


def _heading_marker(text: str) -> bool:
    """A line opening with a heading number ("三、", "（一）", "1.") is the body's, never a 署名."""
    from docgen.recognise.lines import parse_marker

    return parse_marker(text.strip()) is not None


def _compact(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def title_genre(text: str) -> Optional[str]:
    """The genre a title names ("关于……的通知" -> notice), None when it names none."""
    t = _compact(text)
    if not t or t[-1] in "。，；：！？,.;:" or len(t) > 80:
        return None
    if SPEECH_TITLE.search(t):
        return "speech"
    for word, genre in TITLE_GENRES:
        if t.endswith(word) and len(t) > len(word) + 1:
            return genre
    return None


def detect_genre(texts: Sequence[str]) -> str:
    """The genre of a draft from its lines: a title naming a genre, else a 版头 or 主送, else speech."""
    lines = [_s(t) for t in texts if _s(t)]
    head = lines[:HEAD_WINDOW]
    for i, line in enumerate(head):
        if SPEECH_SALUTATION.match(line):
            return "speech"
        genre = title_genre(line)
        if genre is None and i + 1 < len(head):
            genre = title_genre(line + head[i + 1]) if "关于" in line else None
        if genre is not None:
            return genre
    if any(doc_no_match(line) for line in head):
        return "notice"
    return "speech"


# -- the plan ---------------------------------------------------------------------------------------

@dataclass
class FramePlan:
    genre: str
    header: Optional[Header] = None
    recipients_unit: Any = None
    attachments: List[str] = field(default_factory=list)
    sign: Optional[Sign] = None
    note: List[str] = field(default_factory=list)
    imprint: Optional[Imprint] = None
    attendance: List[Tuple[str, str]] = field(default_factory=list)
    annex_units: List[List[Any]] = field(default_factory=list)
    annex_labels: List[str] = field(default_factory=list)   # "附件1" as written
    extra_recipients: Any = None                            # check: the 主送's second line
    removed: List[Any] = field(default_factory=list)       # units taken out of the body

    def attach(self, doc: Document, build_annex) -> Document:
        """Put the frame on the built document: the salutation slot holds the 主送."""
        frame = Frame(genre=self.genre, header=self.header, attachments=list(self.attachments),
                      sign=self.sign, imprint=self.imprint, attendance=list(self.attendance))
        if doc.salutation is not None and self.recipients_unit is not None:
            frame.recipients = doc.salutation if doc.salutation.endswith("：") else doc.salutation.rstrip(":") + "："
            doc.salutation = None
            doc.lines.pop("salutation", None)
        if self.note:
            frame.note = "；".join(n for n in self.note)
        frame.annexes = [build_annex(units) for units in self.annex_units]
        frame.annex_labels = list(self.annex_labels)
        doc.frame = frame
        _lift_closing(doc)
        return doc


def _lift_closing(doc: Document) -> None:
    """"特此通知。" at the end of the last section is the document's closing, not that section's text."""
    from docgen.model import Paragraph, Section

    blocks = doc.body
    while blocks and isinstance(blocks[-1], Section) and blocks[-1].body:
        blocks = blocks[-1].body
    if blocks and isinstance(blocks[-1], Paragraph) and blocks[-1].lead is None and \
            CLOSING_FORMULA.match(_compact(blocks[-1].text)) and not doc.closing and len(doc.body) > 1:
        doc.closing = [blocks.pop().text]


def _text(u: Any) -> str:
    return _s(u.text)


def _content(units: List[Any]) -> List[int]:
    return [i for i, u in enumerate(units) if u.kind != "table" and _text(u) and not FOLIO.match(_text(u))]


def _find_title(units: List[Any], content: List[int]) -> Tuple[Optional[List[int]], Optional[str]]:
    for k, i in enumerate(content[:HEAD_WINDOW]):
        t = _text(units[i])
        genre = title_genre(t)
        # a 纪要's 标志 ("某某县人民政府常务会议纪要") names the genre too: it has a 字号 or 期 under it
        below = [_compact(_text(units[j])) for j in content[k + 1:k + 3]]
        if genre is not None and any(doc_no_match(b) or ISSUE_NO.match(b) for b in below):
            continue
        if genre is not None:
            # a title broken over two lines: "关于做好……" / "工作的通知"
            if k > 0 and "关于" not in t and "关于" in _text(units[content[k - 1]]):
                prev = content[k - 1]
                if title_genre(_text(units[prev])) is None and not doc_no_match(_text(units[prev])):
                    return [prev, i], genre
            return [i], genre
        if t.startswith("关于") or (k + 1 < len(content) and "关于" in t):
            # a title broken over two or three lines
            for n in (2, 3):
                ids = content[k:k + n]
                if len(ids) < n:
                    break
                joined = "".join(_text(units[j]) for j in ids)
                genre = title_genre(joined)
                if genre is not None and len(_compact(joined)) <= 80:
                    return ids, genre
    return None, None


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGITS.update({"零": 0, "○": 0, "Ｏ": 0})


def _cn_number(text: str) -> Optional[int]:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    m = re.fullmatch(r"([一二三]?)十([一二三四五六七八九]?)", text)
    if m:
        return (_CN_DIGITS[m.group(1)] if m.group(1) else 1) * 10 + (_CN_DIGITS[m.group(2)] if m.group(2) else 0)
    return None


def normalise_date(text: str) -> str:
    """'二〇二六年三月五日' / '2026年03月05日' -> '2026年3月5日' (GB/T 9704 §7.3.5); else unchanged."""
    m = re.fullmatch(r"(\S{4})年(\S{1,3})月(\S{1,3})日", _compact(text))
    if not m:
        return text
    parts = [_cn_number(g) for g in m.groups()]
    if None in parts:
        return text
    return f"{parts[0]}年{parts[1]}月{parts[2]}日"


def normalise_doc_no(text: str) -> str:
    """'某办发[2026]第012号' -> '某办发〔2026〕12号' (§7.2.4: 六角括号, no 第, no leading zero)."""
    m = re.fullmatch(r"(.*?)[〔\[【(（［](\d{4})[〕\]】)）］]第?0*(\d+)号", _compact(text))
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else _compact(text)


def _date(text: str) -> Optional[str]:
    t = _compact(text)
    return normalise_date(t) if DATE.match(t) else None


def split_frame(units: List[Any], genre: Optional[str] = None,
                mutate: bool = True) -> Tuple[Optional[FramePlan], List[Any]]:
    """(the frame plan or None for a speech, the units left for the structure recogniser).
    ``mutate=False`` (check) leaves every unit's text as it is: a 主送 over two lines is not joined."""
    content = _content(units)
    if not content:
        return None, units
    title_ids, title_gen = _find_title(units, content)
    guess = detect_genre([units[i].text for i in content])
    genre = genre or (title_gen if title_gen not in (None, "speech") else guess)
    if genre == "speech" or genre not in GENRES:
        return None, units
    plan = FramePlan(genre=genre)
    drop: set = set()

    # -- 版头: everything above the title ---------------------------------------------------------
    if title_ids:
        head = [i for i in content if i < title_ids[0]]
        header = Header()
        issuer_lines: List[str] = []
        # a 版头 laid out in a table (Word 红头 templates): its cells are 版头 lines
        head_tables = [i for i in range(title_ids[0]) if units[i].kind == "table" and units[i].table and all(
            len(_compact(c)) <= 40 and not re.search(r"[。，；！？]", _compact(c)) for row in units[i].table for c in row)]
        cell_lines = [(i, c) for i in head_tables for row in units[i].table for c in row if _compact(c)]
        # joint issuance: the organs one per row, "文件" in a cell of its own beside them
        cell_lines.sort(key=lambda item: _compact(item[1]) == "文件")
        for i, t in cell_lines + [(i, _text(units[i])) for i in head]:
            c = _compact(t)
            m = doc_no_match(t)
            if COPY_NO.match(c):
                header.copy_no = c
            elif SECRET.match(c):
                header.secret = c
            elif URGENCY.match(c):
                header.urgency = c
            elif m:
                header.doc_no = normalise_doc_no(m.group("no"))
                if m.group("signer"):
                    header.signer = _compact(m.group("signer"))
            elif ISSUE_NO.match(c):
                header.doc_no = c
            elif SIGNER.match(t):
                header.signer = _compact(SIGNER.match(t).group("signer"))
            elif RULE_LINE.match(c):
                pass
            elif len(c) <= 40 and not re.search(r"[。，；！？]", c):
                issuer_lines.append(c)
            else:
                continue                         # not a 版头 line: leave it to the recogniser
            drop.add(i)
        # an organ's name on the line right above "关于……" (no blank line, no 字号, no "文件") is the
        # first line of the title, not a 标志
        if (len(issuer_lines) == 1 and header.doc_no is None and not issuer_lines[0].endswith("文件")
                and _text(units[title_ids[0]]).startswith("关于") and title_ids[0] > 0
                and head and head[-1] == title_ids[0] - 1 and ORGAN_END.search(issuer_lines[0])):
            title_ids = [head[-1]] + title_ids
            drop.discard(head[-1])
            issuer_lines = []
        if issuer_lines:
            issuer = "".join(issuer_lines)
            if issuer.endswith("文件") and len(issuer) > 2:
                header.issuer, header.issuer_suffix = issuer[:-2], "文件"
            else:
                header.issuer = issuer
        if header.issuer or header.doc_no:
            if header.issuer is None:
                header.issuer = ""
            plan.header = header
        for i in title_ids:
            units[i].hints.style_kind = "title"
        # 主送: the first line under the title, ending with a colon (or two lines, the first ending
        # with a comma: "各乡镇人民政府，县政府各部门，" / "各直属机构：")
        after = [i for i in content if i > title_ids[-1]]
        if after:
            t = _text(units[after[0]])
            if len(after) > 1 and t[-1:] in "，、," and not re.search(r"[。！？；]", t) and len(t) <= 60:
                t2 = _text(units[after[1]])
                if RECIPIENTS.match(t2) and len(t2) <= 60:
                    if mutate:
                        units[after[0]].text = t + t2
                        drop.add(after[1])
                    else:
                        plan.extra_recipients = units[after[1]]
                    t = t + t2
            if RECIPIENTS.match(t) and not SPEECH_SALUTATION.match(t) and not ATTACH_HEAD.match(t):
                units[after[0]].hints.style_kind = "salutation"
                plan.recipients_unit = units[after[0]]

    # -- a 版记 set as a table (Word files; docgen's own): its cells are the 抄送 and 印发 lines -------
    for i in range(len(units) - 1, -1, -1):
        u = units[i]
        if u.kind != "table":
            if _text(u):
                break
            continue
        cells = [_compact(c) for row in (u.table or []) for c in row if _compact(c)]
        if cells and all(CC_LINE.match(c) or IMPRINT_LINE.match(c) for c in cells):
            imprint = Imprint()
            for c in cells:
                m, cc = IMPRINT_LINE.match(c), CC_LINE.match(c)
                if m:
                    imprint.org, imprint.date = m.group("org"), normalise_date(m.group("date"))
                elif cc:
                    imprint.cc += [n for n in (x.strip() for x in re.split(r"[，,、]", cc.group("cc").rstrip("。．."))) if n]
            plan.imprint = imprint
            drop.add(i)
        break
    # -- 附件 pages: from the first bare "附件N" line after the body --------------------------------
    body_start = title_ids[-1] + 1 if title_ids else content[0]
    labels = [i for i in content if i > body_start and ANNEX_LABEL.match(_compact(_text(units[i])))]
    tail_end = len(units)
    if labels:
        # the 版记 may follow the last 附件: cut it off first
        imprint_start = _imprint_start(units, [i for i in content if i > labels[-1]])
        annex_end = imprint_start if imprint_start is not None else len(units)
        bounds = labels + [annex_end]
        for a, b in zip(bounds, bounds[1:]):
            annex = [u for j, u in enumerate(units[a + 1:b], a + 1) if j not in drop]
            # the first line of a 附件 page, short and without end punctuation, is its title
            first = next((u for u in annex if u.kind != "table" and _text(u)), None)
            if first is not None and len(_compact(_text(first))) <= 60 and \
                    not re.search(r"[。！？；：:]$", _text(first)) and not first.hints.has("style_kind"):
                first.hints.style_kind = "title"
            plan.annex_units.append(annex)
            plan.annex_labels.append(_compact(_text(units[a])))
            drop.update(range(a, b))
        if imprint_start is not None:
            _read_imprint(units, [i for i in content if i >= imprint_start], plan, drop)
        tail_end = labels[0]
    # -- 版记, 附注, 落款, 附件说明, 出席 lines: backwards from the end of the main text ---------------
    tail = [i for i in content if body_start <= i < tail_end and i not in drop]
    imprint_start = _imprint_start(units, tail)
    if imprint_start is not None and plan.imprint is None:
        _read_imprint(units, [i for i in tail if i >= imprint_start], plan, drop)
    tail = [i for i in tail if i not in drop]
    # lines after the 成文日期: 附注 and labelled lines
    date_at = next((k for k in range(len(tail) - 1, max(-1, len(tail) - 8), -1)
                    if _date(_text(units[tail[k]]))), None)
    if date_at is not None:
        after = tail[date_at + 1:]
        if all(NOTE.match(_text(units[i])) or LABELLED.match(_text(units[i])) for i in after):
            for i in after:
                t = _text(units[i])
                m = NOTE.match(t)
                plan.note.append(m.group("note") if m else t)
                drop.add(i)
            date_i = tail[date_at]
            sign = Sign(date=_date(_text(units[date_i])), stamped=True)
            drop.add(date_i)
            org_lines = []
            k = date_at - 1
            while k >= 0 and len(org_lines) < 2:
                t = _text(units[tail[k]])
                if (len(_compact(t)) > SIGN_ORG_MAX or re.search(r"[。，；：！？:,]", t) or ATTENDANCE.match(t)
                        or ATTACH_ITEM.match(t) or ATTACH_HEAD.match(t) or NOTE.match(t) or DATE.match(_compact(t))
                        or title_genre(t) is not None or _heading_marker(t)):
                    break
                # a second 署名 line (joint issuers) stands right above the first, no blank between
                if org_lines and units[tail[k]].index + 1 != units[tail[k + 1]].index:
                    break
                org_lines.insert(0, _compact(t))
                drop.add(tail[k])
                k -= 1
            if org_lines:
                sign.org = "　".join(org_lines) if len(org_lines) > 1 else org_lines[0]
            plan.sign = sign
            tail = tail[:k + 1]
        else:
            date_at = None
    # 出席/请假/列席 (纪要) and 附件说明, from the end of what is left
    k = len(tail) - 1
    while k >= 0:
        i = tail[k]
        t = _text(units[i])
        m = ATTENDANCE.match(t)
        if m:
            label = _compact(m.group("label"))
            plan.attendance.insert(0, (ATTENDANCE_LABEL.get(label, label), m.group("names").strip()))
            drop.add(i)
            k -= 1
            continue
        break
    attach_at = next((k for k in range(len(tail) - 1, max(-1, len(tail) - 25), -1)
                      if ATTACH_HEAD.match(_text(units[tail[k]]))), None)
    if attach_at is not None:
        items: List[str] = []
        first = ATTACH_HEAD.match(_text(units[tail[attach_at]])).group("rest").strip()
        rest = tail[attach_at + 1:]
        ok = True
        for i in rest:
            if i in drop:
                continue
            if not ATTACH_ITEM.match(_text(units[i])) and not items:
                ok = False
                break
        if ok:
            if first:
                # "附件：1.……　2.……" typed on one line: one item each
                items += [x for x in re.split(r"[\s\u3000]+(?=\d{1,2}[.．、])", first) if x.strip()] \
                    if ATTACH_ITEM.match(first) else [first]
            for i in rest:
                if i in drop:
                    continue
                items.append(_text(units[i]))
                drop.add(i)
            drop.add(tail[attach_at])
            names = []
            for item in items:
                m = ATTACH_ITEM.match(item)
                name = m.group("name") if m else item
                names.append(name.strip().rstrip("。；;，,."))
            plan.attachments = [n for n in names if n]
    plan.removed = [units[i] for i in sorted(drop)]
    kept = [u for i, u in enumerate(units) if i not in drop]
    if plan.sign is None and plan.header is None and plan.imprint is None and not plan.attachments \
            and plan.recipients_unit is None and not title_ids:
        return None, units
    return plan, kept


def frame_roles(units: List[Any], genre: Optional[str] = None) -> Tuple[str, Dict[int, str]]:
    """(genre, {unit.index: role}) of the frame lines of an already classified draft (for ``check``).

    Roles: head (份号/密级/紧急), issuer, doc_no, title, recipients, attachment, attendance, sign-org,
    date, note, cc, imprint, rule, annex-label.  A speech has no frame lines.
    """
    plan, _ = split_frame(units, genre, mutate=False)
    if plan is None:
        return "speech", {}
    annex = {id(u) for units_ in plan.annex_units for u in units_}
    removed = {id(u) for u in plan.removed}
    roles: Dict[int, str] = {}
    title_seen = False
    for u in units:
        if u.hints.style_kind == "title" and id(u) not in removed:
            roles[u.index] = "title"
            title_seen = True
            continue
        if u is plan.recipients_unit and plan.extra_recipients is not None:
            roles[u.index] = "recipients-head"      # the first of two 主送 lines (ends with "，")
            continue
        if u is plan.recipients_unit or u is plan.extra_recipients:
            roles[u.index] = "recipients"
            continue
        if id(u) in annex or id(u) not in removed:
            continue
        t, c = _text(u), _compact(_text(u))
        role = ("doc_no" if doc_no_match(t) or SIGNER.match(t) or ISSUE_NO.match(c) else
                "head" if COPY_NO.match(c) or SECRET.match(c) or URGENCY.match(c) else
                "annex-label" if ANNEX_LABEL.match(c) else
                "attachment" if ATTACH_HEAD.match(t) or ATTACH_ITEM.match(t) else
                "attendance" if ATTENDANCE.match(t) else
                "date" if DATE.match(c) else
                "cc" if CC_LINE.match(c) else
                "imprint" if IMPRINT_LINE.match(c) else
                "rule" if RULE_LINE.match(c) else
                "note" if NOTE.match(t) or LABELLED.match(t) else
                "issuer" if not title_seen else "sign-org")
        roles[u.index] = role
    return plan.genre, roles


def _imprint_start(units: List[Any], ids: List[int]) -> Optional[int]:
    """Where the 版记 begins among ``ids`` (its 抄送 line or the 印发 line, and rules above them)."""
    start = None
    for k in range(len(ids) - 1, -1, -1):
        i = ids[k]
        t = _compact(_text(units[i]))
        if IMPRINT_LINE.match(t) or CC_LINE.match(t) or RULE_LINE.match(t) or t.startswith("主题词"):
            start = i
            continue
        # a 抄送 list wrapped onto the next line: organs and commas, ending the list
        if start is not None and k > 0 and CC_LINE.match(_compact(_text(units[ids[k - 1]]))) and \
                len(t) <= 40 and not re.search(r"[。；！？]", t[:-1]):
            start = i
            continue
        if start is not None:
            break
        if not t:
            continue
        return None if start is None else start
    return start


def _read_imprint(units: List[Any], ids: List[int], plan: FramePlan, drop: set) -> None:
    imprint = Imprint()
    previous_cc = False
    for i in ids:
        t = _compact(_text(units[i]))
        m = IMPRINT_LINE.match(t)
        c = CC_LINE.match(t)
        if not (m or c or RULE_LINE.match(t)) and previous_cc:
            c = CC_LINE.match("抄送：" + t)             # the wrapped rest of the 抄送 list
        previous_cc = bool(c)
        if m:
            imprint.org, imprint.date = m.group("org"), normalise_date(m.group("date"))
        elif c:
            names = re.split(r"[，,、]", c.group("cc").rstrip("。．."))
            imprint.cc += [n for n in (x.strip() for x in names) if n]
        drop.add(i)
    if imprint.cc or imprint.org:
        plan.imprint = imprint


__all__ = ["FramePlan", "detect_genre", "frame_roles", "normalise_date", "normalise_doc_no", "split_frame", "title_genre"]
