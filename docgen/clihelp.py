"""Help in Chinese for every docgen command: click's own words (Usage, Options, Commands, the help
and version options, ``[default: x]``, ``[required]``, metavars such as FILE or INTEGER RANGE) are
translated in one formatter, used by the group and by each command (docgen/cli.py sets it)."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional, Sequence, Tuple

import click

#: click's section headings
SECTIONS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
#: click's fixed sentences
SENTENCES = {
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
}
#: metavars click derives from a parameter's type, and our arguments' names
METAVARS = {
    "INTEGER RANGE": "整数", "FLOAT RANGE": "数值", "INTEGER": "整数", "FLOAT": "数值", "TEXT": "文字",
    "FILE": "文件", "DIRECTORY": "目录", "PATH": "路径", "BOOLEAN": "是/否", "IDS": "规则ID",
    "[OPTIONS]": "[选项]", "COMMAND": "命令", "[ARGS]...": "[参数]...",
    "INPUTS...": "输入...", "CONTENT": "内容文件", "INPUT.docx": "输入.docx", "[RULE_ID]": "[规则ID]",
}
_METAVAR_RE = re.compile("|".join(re.escape(k) for k in sorted(METAVARS, key=len, reverse=True)))
#: the bracketed extras click appends to an option's help: "[default: text; required]"
_EXTRA_RE = re.compile(r"\s*\[([^\[\]]*)\]\s*$")
_RANGE_RE = re.compile(r"^(?:(-?[\d.]+)(<=|<))?x(?:(<=|<|>=|>)(-?[\d.]+))?$")


def zh_metavars(text: str) -> str:
    return _METAVAR_RE.sub(lambda m: METAVARS[m.group(0)], text)


def _zh_range(part: str) -> Optional[str]:
    m = _RANGE_RE.match(part.replace(" ", ""))
    if not m or not (m.group(1) or m.group(4)):
        return None
    lo, lo_op, hi_op, hi = m.groups()
    words = []
    if lo is not None:
        words.append(("不小于 " if lo_op == "<=" else "大于 ") + lo)
    if hi is not None:
        words.append({"<=": "不大于 ", "<": "小于 ", ">=": "不小于 ", ">": "大于 "}[hi_op] + hi)
    return "、".join(words)


def zh_extra(part: str) -> str:
    part = part.strip()
    if part.startswith("default: "):
        return "默认：" + part[len("default: "):]
    if part == "required":
        return "必填"
    if part.startswith("env var: "):
        return "环境变量：" + part[len("env var: "):]
    return _zh_range(part) or part


def zh_help(text: str) -> str:
    """An option's help column: click's sentences and its ``[…]`` extras in Chinese."""
    for en, zh in SENTENCES.items():
        text = text.replace(en, zh)
    m = _EXTRA_RE.search(text)
    if m:
        extras = "；".join(zh_extra(p) for p in m.group(1).split(";"))
        text = text[: m.start()] + f"  [{extras}]"
    return text


class ZhHelpFormatter(click.HelpFormatter):
    """click's HelpFormatter with every fixed English word of click in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: Optional[str] = None) -> None:
        super().write_usage(prog, zh_metavars(args), prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{SECTIONS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[Tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Two columns aligned by display width (a Chinese character takes two cells)."""
        rows = [(zh_metavars(term), zh_help(help_text)) for term, help_text in rows]
        if not rows:
            return
        first = min(max(display_width(t) for t, _ in rows), col_max)
        indent = " " * self.current_indent
        text_width = max(self.width - first - col_spacing - self.current_indent, 20)
        for term, help_text in rows:
            self.write(indent + term)
            if not help_text:
                self.write("\n")
                continue
            if display_width(term) <= first:
                self.write(" " * (first - display_width(term) + col_spacing))
            else:
                self.write("\n" + " " * (first + col_spacing + self.current_indent))
            lines = wrap_cells(help_text, text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first + col_spacing + self.current_indent) + line + "\n")


#: never at the start of a line (they stay with the character before them)
NO_LINE_START = set("）)」』”’，。；：、！？]")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_cells(text: str, width: int) -> list:
    """Wrap to ``width`` terminal cells: Chinese may break between any two characters, a Latin
    word or an option name is kept whole."""
    lines, line, used = [], "", 0
    for token in re.findall(r"\[[^\[\]]*\]$|[A-Za-z0-9_.\-/:\[\]|]+|\s+|.", " ".join(text.split())):
        w = display_width(token)
        if used + w > width and line.strip() and token not in NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
            if token.isspace():
                continue
        line += token
        used += w
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


class ZhContext(click.Context):
    formatter_class = ZhHelpFormatter


def make_chinese(commands: Iterable[click.Command]) -> None:
    """Use the Chinese formatter for these commands' help (their contexts make the formatter)."""
    for command in commands:
        command.context_class = ZhContext


__all__ = ["ZhContext", "ZhHelpFormatter", "make_chinese", "zh_extra", "zh_help", "zh_metavars"]
