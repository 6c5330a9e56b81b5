"""``docgen rules [ID]``: list every rule, or explain one (what, why, example, fix)."""

from __future__ import annotations

import click

from docgen.commands.options import style_option


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
    import json

    from docgen.rules.describe import explain, render_explanation, render_listing, rule_rows

    style = None
    if style_path:
        from docgen.style import load_style

        style = load_style(style_path)
    if rule_id:
        info = explain(rule_id)
        click.echo(json.dumps(info, ensure_ascii=False, indent=2) if fmt == "json" else render_explanation(info))
        return
    rows = rule_rows(style)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2) if fmt == "json" else render_listing(rows))
