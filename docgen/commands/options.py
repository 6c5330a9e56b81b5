"""Options shared by several commands (one definition, one help text)."""

import click

style_option = click.option(
    "--style", "style_path", type=click.Path(dir_okay=False), default=None,
    help="样式规则集 YAML（可用 extends: gbt9704 只覆盖部分键）；默认 GB/T 9704 内置规则集。",
)

template_option = click.option(
    "--template", "template_path", type=click.Path(dir_okay=False), default=None,
    help="Word 模板 .docx（可用 docgen template 生成后修改版式）；默认使用随包提供的模板。",
)

output_option = click.option(
    "-o", "--output", "output", type=click.Path(), default=None,
    help="输出文件（或目录）。",
)


def in_place_option(help_text: str):
    """``--in-place``: the one way to let a command write over its input (DESIGN.md, issue 7 §5)."""
    return click.option("--in-place", "in_place", is_flag=True, default=False, help=help_text)


def _jobs_callback(ctx, param, value):
    from docgen.batch.pool import resolve_jobs

    return resolve_jobs(value)


jobs_option = click.option(
    "-j", "--jobs", "jobs", type=click.IntRange(min=0), default=1, show_default=True,
    callback=_jobs_callback,
    help="并行处理的进程数；0 表示按 CPU 核数。",
)

quiet_option = click.option(
    "-q", "--quiet", "quiet", is_flag=True, default=False,
    help="不显示进度和汇总行（错误仍会显示）。",
)
