"""What the user reads about changes: every removal and fix with its rule ID and place, the
removed or replaced text quoted in full (``format --report``, ``check --fix``)."""

from __future__ import annotations

from typing import Any, List

#: a quoted span longer than this goes on lines of its own below the finding, never cut
INLINE_QUOTE_CHARS = 40
#: characters per continuation line of a long quote (joined without separators they give it back)
WRAP_CHARS = 60
#: indent of the continuation lines
WRAP_INDENT = "    "


class _Quotes:
    """The quotes of one report line: short ones inline, long ones listed under the line."""

    def __init__(self) -> None:
        self.pending: List[str] = []

    def q(self, text: str) -> str:
        """The quoted text in full: 「inline」 when short; else a marker here, and the text wrapped
        (never cut) in 「」 on the lines that follow."""
        text = (text or "").replace("\n", "⏎")
        if len(text) <= INLINE_QUOTE_CHARS:
            return f"「{text}」"
        self.pending.append(text)
        n = len(self.pending)
        return f"下列{'第 ' + str(n) + ' 段' if n > 1 else ''}全文，共 {len(text)} 字"

    def flush(self, numbered: bool = True) -> List[str]:
        lines: List[str] = []
        for k, text in enumerate(self.pending, 1):
            lines.extend(_wrapped(text, f"[{k}]" if numbered and len(self.pending) > 1 else ""))
        self.pending.clear()
        return lines


def _wrapped(text: str, mark: str = "") -> List[str]:
    chunks = [text[i:i + WRAP_CHARS] for i in range(0, len(text), WRAP_CHARS)]
    chunks[0] = mark + "「" + chunks[0]
    chunks[-1] = chunks[-1] + "」"
    return [WRAP_INDENT + c for c in chunks]


def _edit_text(f: Any, fix: dict, quotes: _Quotes) -> str:
    """Say what a safe fix did, quoting the replaced text in full: ``f.original`` (set by the
    cleaner as it applies the fix), else ``f.text`` when it is exactly the span start..end."""
    q = quotes.q
    original = getattr(f, "original", None)
    span = f.text if (f.start is not None and f.end is not None and len(f.text or "") == f.end - f.start) else None
    if original and len(original) == 1:
        span = original[0]
    if "edits" in fix:
        pairs = list(zip(original or [], [str(e[2]) for e in fix["edits"]]))
        if not pairs:
            return f"（已修改 {len(fix['edits'])} 处）"
        said = "；".join(f"{q(a)}已删除" if b == "" else f"{q(a)}改为{q(b)}" for a, b in pairs)
        return f"（已修改 {len(pairs)} 处：{said}）"
    if "replacement" not in fix:
        return ""
    if fix["replacement"] == "":
        return f"（已删除{q(span)}）" if span else "（已删除）"
    return f"（{q(span)}已改为{q(fix['replacement'])}）" if span else f"（已改为{q(fix['replacement'])}）"


def change_lines(findings: List[Any], name: str, unit_kind: str = "段") -> List[str]:
    """One line per change or finding: place, rule ID, severity, message and what was done, with
    every removed or replaced text in full."""
    lines: List[str] = []
    quotes = _Quotes()
    # stable sort: findings on one line keep the order in which the fixes were applied
    for f in sorted(findings, key=lambda f: f.where or 0):
        where = f.where
        loc = f"{name}:{where}" if where is not None else name
        if f.start is not None and where is not None:
            loc += f":{f.start + 1}"
        fix = getattr(f, "fix", None)
        action = ""
        if fix and (fix.get("delete_paragraph") or "delete_paragraphs" in fix):
            gone = getattr(f, "original", None) or [f.text]
            action = "".join(f"（已删除整{unit_kind}：{quotes.q(t)}）" for t in gone)
        elif fix and ("replacement" in fix or "edits" in fix) and getattr(f, "fix_class", "") == "safe":
            action = _edit_text(f, fix, quotes)
        elif getattr(f, "fix_class", "") == "suggest":
            action = "（建议修改，未自动改动）"
        lines.append(f"{loc}: {f.rule} {f.severity_label} {f.message}{action}")
        lines.extend(quotes.flush())
    return lines


def report_text(result: Any) -> str:
    """What ``--report`` prints: every removal and fix with rule ID and place, then the uncertain
    decisions of the recogniser with their confidence."""
    name = result.source
    lines = change_lines(result.findings, name, "段" if result.kind == "docx" else "行")
    if result.decisions:
        quotes = _Quotes()
        lines.append(f"{name}: 以下{len(result.decisions)}处结构识别把握不大，请核对：")
        for d in result.decisions:
            lines.append(f"{name}:{d.line}: {d.describe()}")
            if len(d.text) > d.snippet_chars and "「" in lines[-1]:
                # the recogniser's snippet is cut: quote the whole line (below it when long)
                quoted = quotes.q(d.text)
                lines[-1] = lines[-1][: lines[-1].rindex("「")] + ("" if quoted.startswith("「") else "，") + quoted
                lines.extend(quotes.flush(numbered=False))
    if not lines:
        lines.append(f"{name}: 未作任何修改")
    return "\n".join(lines)
