"""``docgen rules [ID]``: list every rule, or explain one (what, why, example, fix)."""

from __future__ import annotations

from typing import Any, Dict, List

import click

from docgen.commands.options import style_option
from docgen.errors import DocgenError

FIX_LABEL = {"safe": "安全修复", "suggest": "建议修改", "none": "仅报告"}
SEV_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
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
             f"类别：{AREA_LABEL.get(info['area'], info['area'])}    严重性：{SEV_LABEL[info['severity']]}    "
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


@click.command()
@click.argument("rule_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式。")
@style_option
def command(rule_id, fmt, style_path):
    """列出全部规则，或解释一条规则（作用、原因、示例、修复）。

    \b
    docgen rules
    docgen rules DUP-CHAR
    docgen rules --format json
    """
    style = None
    if style_path:
        from docgen.style import load_style

        style = load_style(style_path)
    if rule_id:
        info = explain(rule_id)
        import json

        click.echo(json.dumps(info, ensure_ascii=False, indent=2) if fmt == "json" else render_explanation(info))
        return
    rows = rule_rows(style)
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    id_w = max(_width(r["id"]) for r in rows) + 2
    for r in rows:
        state = "开启" if r["enabled"] else "默认关"
        click.echo(f"{_pad(r['id'], id_w)}{_pad(SEV_LABEL[r['severity']], 6)}{_pad(FIX_LABEL[r['fix']], 10)}"
                   f"{_pad(state, 8)}{r['summary']}")
    off = sum(1 for r in rows if not r["enabled"])
    click.echo(f"\n共 {len(rows)} 条规则（{off} 条默认关闭）。用 docgen rules 规则ID 查看说明。")
