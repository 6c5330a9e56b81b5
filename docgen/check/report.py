"""What the user reads: the format report (every removal and fix with its rule ID and place)."""

from __future__ import annotations

from typing import Any, List

SNIPPET_CHARS = 40


def _snippet(text: str) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "……"


def _edit_text(f: Any, fix: dict) -> str:
    """Say what a safe fix did; ``f.text`` is the matched span when its length fits start..end."""
    span = f.text if (f.start is not None and f.end is not None and len(f.text or "") == f.end - f.start) else None
    if "edits" in fix:
        return f"（已修改 {len(fix['edits'])} 处）"
    if fix["replacement"] == "":
        return f"（已删除「{_snippet(span)}」）" if span else "（已删除）"
    return f"（「{_snippet(span)}」已改为「{fix['replacement']}」）" if span else f"（已改为「{fix['replacement']}」）"


def report_text(result: Any) -> str:
    """What ``--report`` prints: every removal and fix with rule ID and place, then the uncertain
    decisions of the recogniser with their confidence."""
    name = result.source
    lines = change_lines(result.findings, name, "段" if result.kind == "docx" else "行")
    if result.decisions:
        lines.append(f"{name}: 以下{len(result.decisions)}处结构识别把握不大，请核对：")
        for d in result.decisions:
            lines.append(f"{name}:{d.line}: {d.describe()}")
    if not lines:
        lines.append(f"{name}: 未作任何修改")
    return "\n".join(lines)


def change_lines(findings: List[Any], name: str, unit_kind: str = "段") -> List[str]:
    """One line per change or finding: place, rule ID, severity, message and what was done."""
    lines: List[str] = []
    # stable sort: findings on one line keep the order in which the fixes were applied
    for f in sorted(findings, key=lambda f: f.where or 0):
        where = f.where
        loc = f"{name}:{where}" if where is not None else name
        if f.start is not None and where is not None:
            loc += f":{f.start + 1}"
        fix = getattr(f, "fix", None)
        action = ""
        if fix and fix.get("delete_paragraph"):
            action = f"（已删除整{unit_kind}：「{_snippet(f.text)}」）"
        elif fix and ("replacement" in fix or "edits" in fix) and getattr(f, "fix_class", "") == "safe":
            action = _edit_text(f, fix)
        elif getattr(f, "fix_class", "") == "suggest":
            action = "（建议修改，未自动改动）"
        lines.append(f"{loc}: {f.rule} {f.severity} {f.message}{action}")
    return lines
