"""``docgen format``: reformat pasted drafts and messy Word files into house style."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Tuple

import click

from docgen.commands.options import style_option, template_option

#: a default output next to a .docx input gets this suffix (the input itself is never replaced)
FORMATTED_SUFFIX = ".formatted.docx"


def _scan(directory: Path) -> List[Path]:
    from docgen.readers import DRAFT_SUFFIXES

    found = []
    for p in sorted(directory.rglob("*")):
        rel = p.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts) or p.name.startswith("~$"):
            continue                     # hidden files and Word lock files
        if p.is_file() and p.suffix.lower() in DRAFT_SUFFIXES and not p.name.endswith(FORMATTED_SUFFIX):
            found.append(p)
    return found


def _default_out(src: Path) -> Path:
    out = src.with_suffix(".docx")
    if src.suffix.lower() == ".docx":
        out = src.with_name(src.stem + FORMATTED_SUFFIX)
    return out


def plan(inputs: Tuple[str, ...], output: Optional[str], yaml_out: Optional[str]) -> List[Tuple[str, Optional[Path], Optional[Path]]]:
    """(input, output .docx, output .yaml) for every input; directories are expanded and their
    tree mirrored under ``-o DIR`` (and ``--yaml DIR``)."""
    from docgen.errors import DocgenError

    jobs: List[Tuple[str, Path, Optional[Path]]] = []
    expanded: List[Tuple[str, Optional[Path]]] = []        # (input, base directory it came from)
    for item in inputs:
        p = Path(item)
        if item != "-" and p.is_dir():
            files = _scan(p)
            if not files:
                raise DocgenError("目录中没有 .txt/.md/.docx 文件", path=p)
            expanded.extend((str(f), p) for f in files)
        else:
            expanded.append((item, None))
    many = len(expanded) > 1 or any(base is not None for _, base in expanded)
    out_dir = Path(output) if (output and many) else None
    yaml_dir = Path(yaml_out) if (yaml_out and many) else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise DocgenError("有多个输入时，-o 应为目录", path=out_dir)
    if yaml_dir is not None and yaml_dir.exists() and not yaml_dir.is_dir():
        raise DocgenError("有多个输入时，--yaml 应为目录", path=yaml_dir)
    seen = {}
    for src, base in expanded:
        if src == "-":
            if not output and not yaml_out:
                raise DocgenError("从标准输入读取时请用 -o 指定输出文件")
            out = (out_dir / "stdin.docx") if out_dir else (Path(output) if output else None)
            yml = (yaml_dir / "stdin.yaml") if yaml_dir else (Path(yaml_out) if yaml_out else None)
        else:
            sp = Path(src)
            rel = sp.relative_to(base) if base is not None else Path(sp.name)
            if out_dir is not None:
                out = out_dir / rel.with_suffix(".docx")
            elif output:
                out = Path(output)
            else:
                out = _default_out(sp)
            if yaml_dir is not None:
                yml = yaml_dir / rel.with_suffix(".yaml")
            else:
                yml = Path(yaml_out) if yaml_out else None
        for target in (out, yml):
            if target is None:
                continue
            key = str(target.resolve())
            if key in seen:
                raise DocgenError(f"{seen[key]} 与 {src} 会写到同一个输出文件 {target}；请分开处理或改名", path=src)
            seen[key] = src
        jobs.append((src, out, yml))
    return jobs


def _run_one(job, style_path, template_path, encoding, report):
    """Format one job; returns (ok, report text or error message, output path)."""
    from docgen.errors import DocgenError
    from docgen.formatter import format_file, report_text

    src, out, yml = job
    try:
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
        if yml is not None:
            yml.parent.mkdir(parents=True, exist_ok=True)
        result = format_file(src, out, yaml_out=yml, style_path=style_path, report=report, encoding=encoding,
                             template_path=template_path)
    except DocgenError as exc:
        return False, f"docgen: {exc}", out
    return True, report_text(result) if report else "", out


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(), default=None,
              help="输出 .docx；有多个输入或输入为目录时为输出目录（按原目录结构存放）。默认：与输入同名的 .docx。")
@click.option("--yaml", "yaml_out", type=click.Path(), default=None,
              help="同时把识别出的内容写成 YAML 内容文件（可再用 docgen build 生成）。")
@click.option("--report", is_flag=True, default=False,
              help="在标准错误输出列出删除的行/片段、每处修改（规则编号与行号）和把握不大的结构识别。")
@click.option("--encoding", default=None, help="文本输入的编码（如 gb18030、utf-16）；默认自动识别。")
@click.option("--jobs", "jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="并行处理的文件数。")
@style_option
@template_option
def command(inputs, output, yaml_out, report, encoding, jobs, style_path, template_path):
    """把粘贴的讲话稿（.txt/.md/标准输入 -）或格式混乱的 .docx 重排为公文格式。

    \b
    示例：docgen format 草稿.txt                      生成 草稿.docx
          docgen format 草稿.txt -o 讲话.docx --report
          docgen format 草稿目录/ -o 输出目录/         批量处理目录中的 .txt/.md/.docx
          docgen format 草稿.txt --yaml 讲话.yaml      同时导出内容文件
    """
    job_list = plan(tuple(inputs), output, yaml_out)
    failures = 0
    if jobs > 1 and len(job_list) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_run_one, job_list, *[[a] * len(job_list) for a in
                                                          (style_path, template_path, encoding, report)]))
    else:
        results = [_run_one(job, style_path, template_path, encoding, report) for job in job_list]
    for (ok, text, out), job in zip(results, job_list):
        if text:
            click.echo(text, err=True)
        if ok:
            if out is not None:
                click.echo(f"已生成：{out}", err=True)
            elif job[2] is not None:
                click.echo(f"已生成：{job[2]}", err=True)
        else:
            failures += 1
    if failures:
        from docgen.errors import DocgenError

        if len(job_list) == 1:
            raise SystemExit(2)
        raise DocgenError(f"{failures} 个文件未能处理（见上方说明）")
