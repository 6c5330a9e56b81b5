"""``docgen format``: reformat pasted drafts and messy Word files into house style.

One input file behaves as it always did (one line per output, one line per error).  Several files,
a directory or a glob make a batch (docgen.batch): a process pool with ``--jobs``, a progress line on
a terminal, each failed file reported on its own line while the others go on, a summary line, and
exit code 2 if any file failed.
"""

from __future__ import annotations

import functools
import sys

import click

from docgen.commands.options import in_place_option, jobs_option, quiet_option, style_option, template_option

#: the progress line and the summary line
PROGRESS_LABEL = "格式化"
FIXES_LABEL = "修正"


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(), default=None,
              help="输出 .docx；有多个输入或输入为目录时为输出目录（按原目录结构存放）。默认：与输入同名的 .docx。")
@click.option("--yaml", "yaml_out", type=click.Path(), default=None,
              help="同时把识别出的内容写成 YAML 内容文件（可再用 docgen build 生成）。")
@click.option("--report", is_flag=True, default=False,
              help="在标准错误输出列出删除的行/片段、每处修改（规则编号与行号）和把握不大的结构识别。")
@click.option("--encoding", default=None, help="文本输入的编码（如 gb18030、utf-16；mixed：UTF-8 中混有 GBK 时逐处识别并列出位置）；默认自动识别。")
@click.option("--genre", default=None, type=click.Choice(["speech", "notice", "request", "report", "letter",
                                                          "minutes", "decision", "opinion"]),
              help="文种（默认按标题、版头和主送自动判断）：speech 讲话稿、notice 通知、request 请示、report 报告、"
                   "letter 函、minutes 纪要、decision 决定、opinion 意见。")
@in_place_option("直接改写输入的 .docx（先写临时文件再替换，失败时原文件不变）；目录中只处理 .docx。不能与 -o 同用。")
@jobs_option
@quiet_option
@style_option
@template_option
def command(inputs, output, yaml_out, report, encoding, genre, in_place, jobs, quiet, style_path, template_path):
    """把粘贴的讲话稿（.txt/.md/标准输入 -）或格式混乱的 .docx 重排为公文格式。

    \b
    示例：docgen format 草稿.txt                      生成 草稿.docx
          docgen format 草稿.txt -o 讲话.docx --report
          docgen format 草稿目录/ -o 输出目录/ -j 0    批量处理目录中的 .txt/.md/.docx
          docgen format "稿件/*.docx" -o 输出目录/     通配符（含 **）
          docgen format 讲话.docx --in-place           直接改写原 .docx
          docgen format 草稿.txt --yaml 讲话.yaml      同时导出内容文件
    """
    from docgen.batch import preload, report as report_batch, run_batch
    from docgen.batch.plans import plan_format
    from docgen.batch.tasks import format_task

    tasks, batch = plan_format(tuple(inputs), output, yaml_out, in_place)
    worker = functools.partial(format_task, style_path=style_path, template_path=template_path,
                               encoding=encoding, report=report, in_place=in_place, genre=genre,
                               progress_line=not (batch or quiet))
    result = run_batch(tasks, worker, jobs=jobs, progress=False if (quiet or not batch) else None,
                       label=PROGRESS_LABEL, initializer=functools.partial(preload, style_path, template_path))
    for outcome, (item, out, yml) in zip(result.outcomes, tasks):
        if not outcome.ok:
            continue
        _, text = outcome.value
        if text:
            click.echo(text, err=True)
        if in_place:
            click.echo(f"已改写：{item.path}", err=True)
        elif out is not None or yml is not None:
            click.echo(f"已生成：{out if out is not None else yml}", err=True)
    report_batch(result, {FIXES_LABEL: result.total(lambda v: v[0])}, quiet=quiet or not batch)
    # sys.exit, not ctx.exit: cli.main runs click with standalone_mode=False
    sys.exit(result.exit_code)
