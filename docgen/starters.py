"""Starter content files, one per genre (``docgen new``), and the 印发 notice around an existing
content file (``docgen new notice --annex 讲话.yaml``).  The starters are package data in
docgen/data/starters/; every one of them builds as it is (tests/test_frame.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Optional, Union

from docgen.style import DATA_DIR

STARTER_DIR = DATA_DIR / "starters"
PathLike = Union[str, Path]


def starter_path(genre: str) -> Path:
    return STARTER_DIR / f"{genre}.yaml"


def starter_text(genre: str) -> str:
    return starter_path(genre).read_text(encoding="utf-8")


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (content is always text, never a number or a key)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _speaker(subtitles) -> Optional[str]:
    """'县委书记 王建华' -> '王建华' (the last word of the first line that is not a date)."""
    for line in subtitles:
        line = line.strip()
        if not line or line[0] in "（(":
            continue
        words = re.split(r"[\s\u3000]+", line)
        return words[-1]
    return None


def annex_notice(annex: PathLike, out: PathLike) -> str:
    """The content file of a "关于印发……的通知" whose 附件 is the content file ``annex``."""
    from docgen.readers import yaml as yaml_reader

    doc = yaml_reader.read(annex)
    title = (doc.title or "讲话").strip()
    speaker = _speaker(doc.subtitle)
    what = f"{speaker}同志{title}" if speaker and title.startswith("在") else f"《{title}》"
    rel = os.path.relpath(Path(annex).resolve(), Path(out).resolve().parent)
    date = _date_of(doc)
    return TEMPLATE.format(title=_quote(f"关于印发{what}的通知"),
                           body=_quote(f"现将{what}印发给你们，请结合实际认真学习贯彻。"),
                           attachment=_quote(what.strip("《》")), annex=_quote(rel.replace(os.sep, "/")), date=date)


def _date_of(doc) -> str:
    from docgen.readers.frame_yaml import DATE_RE

    for line in list(doc.subtitle) + [doc.date or ""]:
        m = re.search(r"[1-9]\d{3}年\d{1,2}月\d{1,2}日", line)
        if m and DATE_RE.match(m.group(0)):
            return m.group(0)
    return "2026年3月5日"


TEMPLATE = """\
# 印发讲话的通知：docgen new notice --annex 生成。讲话稿作为附件排在通知之后，另起一页。
# 把机关名称、发文字号、主送机关、日期换成你的内容，再运行 docgen build 本文件。
# 日期一律写成“2026年3月5日”：阿拉伯数字，年份写全，月、日不编虚位。
genre: notice
header:
  issuer: 中共某某县委办公室           # 发文机关标志（红色、居中）
  issuer_suffix: 文件
  doc_no: 某办发〔2026〕12号            # 发文字号：六角括号〔〕，不加“第”，不编虚位
title: {title}
recipients: 各乡镇党委，县委各部委，县直各单位   # 主送机关
body:
  - {body}
attachments:
  - {attachment}
sign:
  org: 中共某某县委办公室
  date: {date}
  stamped: true
annexes:
  - content: {annex}                   # 附件的内容文件（相对本文件所在目录）
imprint:
  cc: [县人大常委会办公室, 县政府办公室, 县政协办公室]
  org: 中共某某县委办公室
  date: {date}
"""

__all__ = ["STARTER_DIR", "annex_notice", "starter_path", "starter_text"]
