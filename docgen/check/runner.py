"""Run the rule set over files and report: ``check_paths(paths, style) -> Report``.

Text input (.txt/.md) is read by docgen.readers.text and classified by the recogniser
(docgen.recognise.structure.classify); .docx input by docgen.readers.docx.interpret.read_docx.  RULES.md §0
precedence is applied here, once for all rules: a noise paragraph gets only NOISE-LINE, and
watermark spans are masked before the other text rules look at a paragraph.

Reporters: ``render_text`` (one line per finding, grouped per file, with a summary) and
``render_json`` (DESIGN.md §5 schema).  Exit code: 0, 1 if any finding has severity error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from docgen.errors import DocgenError, InputError
from docgen.findings import SEVERITY_LABEL
from docgen.rules import all_rules
from docgen.rules.base import MASK_CHAR, SEVERITIES, CheckContext, Finding, Rule

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
DOCX_SUFFIXES = (".docx",)


@dataclass
class FileReport:
    path: str
    kind: str
    findings: List[Finding] = field(default_factory=list)
    #: rules that crashed on this file (a bug of ours; reported, not fatal)
    problems: List[str] = field(default_factory=list)
    #: the file could not be checked: the Chinese message (JSON "error") and why (JSON "reason":
    #: "input" bad or unreadable input, "internal" a bug of ours, "cancelled" Ctrl-C)
    error: Optional[str] = None
    reason: Optional[str] = None

    @property
    def counts(self) -> Dict[str, int]:
        out = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out


@dataclass
class Report:
    files: List[FileReport] = field(default_factory=list)

    @property
    def findings(self) -> List[Finding]:
        return [f for fr in self.files for f in fr.findings]

    @property
    def counts(self) -> Dict[str, int]:
        out = {s: 0 for s in SEVERITIES}
        for fr in self.files:
            for k, v in fr.counts.items():
                out[k] += v
        return out

    @property
    def exit_code(self) -> int:
        return 1 if self.counts["error"] else 0


# -- rule selection -----------------------------------------------------------------------------

def parse_ids(value: Union[None, str, Sequence[str]]) -> List[str]:
    """'PUNCT,DUP-CHAR' or ['PUNCT', 'DUP-CHAR'] -> ['PUNCT', 'DUP-CHAR'] (validated)."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else [p for v in value for p in str(v).split(",")]
    out = [i.strip().upper().rstrip("*").rstrip("-") for i in items if i.strip()]
    known = {r.id for r in all_rules()}
    for item in out:
        if item == "ALL":
            continue
        if not any(_matches(rid, item) for rid in known):
            raise DocgenError(f"未知的规则或规则前缀“{item}”（用 docgen rules 查看全部规则）")
    return out


def _matches(rule_id: str, pattern: str) -> bool:
    return pattern == "ALL" or rule_id == pattern or rule_id.startswith(pattern + "-")


def active_rules(style: Any, kind: str, select: Optional[Sequence[str]] = None,
                 ignore: Optional[Sequence[str]] = None) -> List[Rule]:
    """Instances of the rules to run on one input kind, after the rule set, --select, --ignore."""
    select = list(select or [])
    ignore = list(ignore or [])
    out = []
    for cls in all_rules(kind):
        if kind not in cls.kinds:
            continue
        cfg = style.rule_config(cls.id) if style is not None else {}
        enabled = bool(cfg.get("enabled", cls.default_enabled))
        if select:
            chosen = [p for p in select if _matches(cls.id, p)]
            if not chosen:
                continue
            # naming a rule exactly turns it on even when the rule set leaves it off
            if cls.id in chosen:
                enabled = True
        if not enabled or any(_matches(cls.id, p) for p in ignore):
            continue
        out.append(cls())
    return out


# -- contexts -----------------------------------------------------------------------------------

def watermark_extra(style: Any) -> List[str]:
    if style is None:
        return []
    params = style.rule_config("WATERMARK-INLINE").get("params") or {}
    return list(params.get("extra") or [])


def build_context(units: List[Any], style: Any, kind: str = "text", path: Optional[str] = None,
                  docx: Any = None, resolver: Any = None) -> CheckContext:
    from docgen.rules.hygiene import watermark_spans

    ctx = CheckContext(path=path, kind=kind, units=units, style=style, docx=docx, resolver=resolver)
    extra = watermark_extra(style)
    for u in units:
        if u.kind in ("blank", "noise") or not u.text:
            continue
        spans = watermark_spans(u.text, extra)
        if spans:
            chars = list(u.text)
            for s, e in spans:
                chars[s:e] = MASK_CHAR * (e - s)
            ctx.masks[id(u)] = "".join(chars)
    return ctx


def run_rules(ctx: CheckContext, rules: Iterable[Rule]) -> Tuple[List[Finding], List[str]]:
    """Findings of ``rules`` on ``ctx`` with RULES.md §0 precedence and the rule set's severities."""
    from docgen.rules.frame import finding_applies, rule_applies   # the genre gate (DESIGN.md §3b)

    rules = [r for r in rules if rule_applies(ctx, r.id)]
    ctx.active_ids = frozenset(r.id for r in rules)
    noise = {u.index for u in ctx.units if u.kind == "noise"}
    findings: List[Finding] = []
    problems: List[str] = []
    for rule in rules:
        cfg = ctx.config(rule.id)
        severity = cfg.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise DocgenError(f"规则集 rules.{rule.id}.severity 应为 error、warning 或 info，而不是 {severity!r}",
                              path=getattr(ctx.style, "path", None))
        try:
            produced = list(rule.check(ctx) or [])
        except Exception:   # one broken rule must not hide the other findings
            if os.environ.get("DOCGEN_DEBUG"):
                raise
            problems.append(f"{rule.id}（程序缺陷；设置 DOCGEN_DEBUG=1 重试可看到详情，请报告给维护者）")
            continue
        for f in produced:
            where = f.where
            if rule.id != "NOISE-LINE" and where in noise and f.rule != "BLANK-LINES":
                continue
            if not finding_applies(ctx, f):
                continue
            if severity:
                f.severity = severity
            findings.append(f)
    findings.sort(key=Finding.sort_key)
    return findings, problems


def check_units(units: List[Any], style: Any, kind: str = "text", path: Optional[str] = None,
                select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None,
                docx: Any = None, resolver: Any = None) -> List[Finding]:
    """Check already classified units (tests and the cleaner use this directly)."""
    ctx = build_context(units, style, kind, path, docx, resolver)
    findings, _ = run_rules(ctx, active_rules(style, kind, select, ignore))
    return findings


# -- files --------------------------------------------------------------------------------------

def read_text_units(path: Union[str, Path], encoding: Optional[str] = None) -> List[Any]:
    from docgen.readers.text import read_units
    from docgen.recognise.structure import classify

    units = read_units(path, encoding)
    return list(classify(units) or units)


def expand_paths(paths: Sequence[Union[str, Path]]) -> List[Path]:
    """Files to check: the given files, and the .txt/.md/.docx files of given directories."""
    out: List[Path] = []
    for raw in paths:
        if str(raw) == "-":            # a draft piped in on stdin
            out.append(Path("-"))
            continue
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in TEXT_SUFFIXES + DOCX_SUFFIXES
                           and not q.name.startswith(("~$", ".")))
            if not found:
                raise InputError("目录中没有 .txt、.md 或 .docx 文件", path=p)
            out.extend(found)
        elif not p.exists():
            raise InputError("文件不存在", path=p)
        elif p.suffix.lower() not in TEXT_SUFFIXES + DOCX_SUFFIXES:
            raise InputError(f"不支持的文件类型“{p.suffix or '无扩展名'}”：可检查 .txt、.md、.docx", path=p)
        else:
            out.append(p)
    if not out:
        raise InputError("没有要检查的文件")
    return out


def check_document(document: Any, path: Union[str, Path], style: Any, rules: Sequence[Rule],
                   shared: bool = False) -> FileReport:
    """Run ``rules`` over an open python-docx ``document`` (read from ``path``)."""
    from docgen.ooxml.resolve import Resolver
    from docgen.readers.docx.interpret import read_docx
    from docgen.rules._docx import SCAN_KEY

    reading, units = read_docx(document, Resolver(document, shared=shared))
    ctx = build_context(list(units), style, "docx", str(path), document, reading.resolver)
    ctx.cache[SCAN_KEY] = reading.scan  # one read of paragraphs and runs for classifier and rules
    findings, problems = run_rules(ctx, rules)
    return FileReport(str(path), "docx", findings, problems)


def check_file(path: Union[str, Path], style: Any, select=None, ignore=None, encoding=None) -> FileReport:
    path = Path(path)
    if str(path) != "-" and path.suffix.lower() in DOCX_SUFFIXES:
        from docgen.readers.docx.package import open_document

        # check only reads the document: its resolver may share answers with same-template files
        return check_document(open_document(path), path, style, active_rules(style, "docx", select, ignore),
                              shared=True)
    name = "<stdin>" if str(path) == "-" else str(path)
    units = read_text_units("-" if str(path) == "-" else path, encoding)
    if not any(u.text.strip() for u in units):
        raise InputError("文件没有任何文字内容", path=name)
    ctx = build_context(units, style, "text", name)
    findings, problems = run_rules(ctx, active_rules(style, "text", select, ignore))
    return FileReport(name, "text", findings, problems)


def validate_rule_config(style: Any) -> None:
    """The ``rules:`` section of a rule set names known rules with well-typed settings."""
    if style is None:
        return
    from docgen.errors import StyleError

    known = {r.id for r in all_rules()}
    where = getattr(style, "path", None)
    for rule_id, value in (style.rules or {}).items():
        if rule_id not in known:
            import difflib

            close = difflib.get_close_matches(str(rule_id), sorted(known), n=1)
            hint = f"（是否是 {close[0]}？）" if close else "（用 docgen rules 查看全部规则）"
            raise StyleError(f"rules: 未知的规则“{rule_id}”{hint}", path=where)
        if value is None or isinstance(value, (bool, str)):
            cfg = style.rule_config(rule_id)
        elif isinstance(value, dict):
            cfg = value
            unknown = set(cfg) - {"enabled", "severity", "params"}
            if unknown:
                raise StyleError(f"rules.{rule_id}: 未知的键 {'、'.join(sorted(map(str, unknown)))}"
                                 "（可用：enabled、severity、params）", path=where)
        else:
            raise StyleError(f"rules.{rule_id}: 应为 true/false、严重性名称或键值映射", path=where)
        if "severity" in cfg and cfg["severity"] not in SEVERITIES:
            raise StyleError(f"rules.{rule_id}.severity: 应为 error、warning 或 info，而不是 {cfg['severity']!r}",
                             path=where)
        if "enabled" in cfg and not isinstance(cfg["enabled"], bool):
            raise StyleError(f"rules.{rule_id}.enabled: 应为 true 或 false", path=where)
        if "params" in cfg and cfg["params"] is not None and not isinstance(cfg["params"], dict):
            raise StyleError(f"rules.{rule_id}.params: 应为键值映射", path=where)


def check_paths(paths: Sequence[Union[str, Path]], style: Any, select=None, ignore=None,
                encoding: Optional[str] = None) -> Report:
    validate_rule_config(style)
    select_ids, ignore_ids = parse_ids(select), parse_ids(ignore)
    report = Report()
    for p in expand_paths(paths):
        report.files.append(check_file(p, style, select_ids, ignore_ids, encoding))
    return report


# -- reporters ----------------------------------------------------------------------------------

def format_finding(f: Finding, path: Optional[str] = None) -> str:
    """`文件:段落或行: 规则ID 严重性 说明` (the column and the text in brackets)."""
    where = f.where if f.where is not None else 0
    detail = []
    if f.col is not None:
        detail.append(f"第{f.col}列")
    if f.end_line:
        detail.append(f"至第{f.end_line}行")
    if f.table:
        detail.append(f.table)
    if f.text:
        detail.append(f"“{f.text}”")
    tail = f"（{'，'.join(detail)}）" if detail else ""
    return f"{path or f.path}:{where}: {f.rule} {f.severity_label} {f.message}{tail}"


def _summary(counts: Dict[str, int]) -> str:
    return "，".join(f"{SEVERITY_LABEL[s]} {counts.get(s, 0)}" for s in SEVERITIES)


def render_text(report: Report) -> str:
    lines: List[str] = []
    for fr in report.files:
        unit = "段落" if fr.kind == "docx" else "行"
        for f in fr.findings:
            lines.append(format_finding(f, fr.path))
        for problem in fr.problems:
            lines.append(f"{fr.path}: 内部错误，规则未能完成检查：{problem}")
        lines.append(f"{fr.path}：{_summary(fr.counts)}（位置按{unit}计）" if fr.findings else f"{fr.path}：未发现问题")
        lines.append("")
    total = report.counts
    n = len(report.files)
    lines.append(f"共检查 {n} 个文件，发现 {sum(total.values())} 个问题：{_summary(total)}")
    return "\n".join(lines)


def report_dict(report: Report) -> Dict[str, Any]:
    return {
        "version": 1,
        "files": [_file_dict(fr) for fr in report.files],
    }


def _file_dict(fr: FileReport) -> Dict[str, Any]:
    """One file of the JSON report; a file that could not be checked carries ``error`` (the
    message), ``reason`` and ``exit_code`` 2, with no findings (the schema's other keys kept)."""
    out: Dict[str, Any] = {"path": fr.path, "kind": fr.kind, "findings": [f.to_dict() for f in fr.findings],
                           "counts": fr.counts}
    if fr.error is not None:
        out.update(error=fr.error, reason=fr.reason or "input", exit_code=2)
    return out


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2)
