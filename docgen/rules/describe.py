"""The rules in the user's words: the listing of ``docgen rules`` and the explanation of one rule
(what, why, example, fix), read from the rule classes (they are the catalog)."""

from __future__ import annotations

from typing import Any, Dict, List

from docgen.errors import DocgenError
from docgen.findings import SEVERITY_LABEL

FIX_LABEL = {"safe": "安全修复", "suggest": "建议修改", "none": "仅报告"}
#: the catalog's areas (RULES.md headings) in the user's words; JSON keeps the catalog's names
AREA_LABEL = {"LAYOUT": "版面", "FONT / PARA": "字体与段落", "STRUCT / NUM / HEADING": "结构、序号与标题",
              "PUNCT / SPACE / CHAR": "标点、空格与字符", "NUMERAL / DATE": "数字与日期",
              "Content hygiene": "文字清理", "FRAME": "公文版头、落款与版记"}
SECTION_LABEL = (("What it does", "作用"), ("Why", "原因"), ("Example", "示例"), ("Fix safety", "修复"))


def _width(text: str) -> int:
    from docgen.text.cjk import display_width

    return display_width(text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def rule_rows(style: Any = None) -> List[Dict[str, Any]]:
    """One row per rule, by family (the rule classes are the catalog)."""
    from docgen.rules import all_rules

    rows = []
    for cls in all_rules():
        row = {"id": cls.id, "area": cls.area, "severity": cls.severity, "fix": cls.fix_class,
               "summary": cls.summary, "enabled": bool(cls.default_enabled)}
        if style is not None:
            cfg = style.rule_config(cls.id)
            row["severity"] = cfg.get("severity", row["severity"])
            row["enabled"] = bool(cfg.get("enabled", row["enabled"]))
        rows.append(row)
    return rows


def explain(rule_id: str) -> Dict[str, Any]:
    from docgen.rules import all_rules

    rules = {r.id: r for r in all_rules()}
    rid = rule_id.strip().upper()
    if rid not in rules:
        import difflib

        close = difflib.get_close_matches(rid, sorted(rules), n=3)
        hint = f"；是否要找：{'、'.join(close)}" if close else "；用 docgen rules 查看全部规则"
        raise DocgenError(f"没有规则“{rule_id}”{hint}")
    cls = rules[rid]
    sections = cls.doc_sections()
    out = {"id": rid, "area": cls.area, "severity": cls.severity, "fix": cls.fix_class, "summary": cls.summary,
           "explanation": {key: sections.get(key, "") for key, _ in SECTION_LABEL},
           "default_enabled": cls.default_enabled}
    if cls.defaults:
        out["params"] = dict(cls.defaults)
    return out


def render_explanation(info: Dict[str, Any]) -> str:
    lines = [f"{info['id']}：{info['summary']}",
             f"类别：{AREA_LABEL.get(info['area'], info['area'])}    严重性：{SEVERITY_LABEL[info['severity']]}    "
             f"修复：{FIX_LABEL[info['fix']]}"]
    if info.get("default_enabled") is False:
        lines.append("（默认关闭：在规则集的 rules: 中设 enabled: true 打开）")
    for key, label in SECTION_LABEL:
        text = info["explanation"].get(key, "")
        if text:
            lines.append("")
            lines.append(f"## {label}")
            lines.append(text)
    if info.get("params"):
        lines.append("")
        lines.append("## 参数（rules: {ID: {params: …}}）")
        for k, v in info["params"].items():
            lines.append(f"{k}: {v!r}")
    return "\n".join(lines)


def render_listing(rows: List[Dict[str, Any]]) -> str:
    """The rule table of ``docgen rules``: one line per rule in aligned columns, and a count."""
    id_w = max(_width(r["id"]) for r in rows) + 2
    lines = [f"{_pad(r['id'], id_w)}{_pad(SEVERITY_LABEL[r['severity']], 6)}{_pad(FIX_LABEL[r['fix']], 10)}"
             f"{_pad('开启' if r['enabled'] else '默认关', 8)}{r['summary']}" for r in rows]
    off = sum(1 for r in rows if not r["enabled"])
    lines.append(f"\n共 {len(rows)} 条规则（{off} 条默认关闭）。用 docgen rules 规则ID 查看说明。")
    return "\n".join(lines)


__all__ = ["AREA_LABEL", "FIX_LABEL", "explain", "render_explanation", "render_listing", "rule_rows"]
