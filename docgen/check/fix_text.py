"""The cleaner: apply the safe fixes of the text rules to classified units, in RULES.md §0 order.

    clean_units(units, style, level="safe") -> (units, findings)

Order (RULES.md §0 "Fix pipeline order", each rule's ``fix_stage``): 1. delete noise paragraphs; 2. remove watermark spans;
3. invisible characters, leading/trailing whitespace, spaces in Chinese text, full-width
digits, blank runs; 4. punctuation width, duplicate punctuation, ellipsis and dash forms, quote
nesting; 5. structure (title/heading trailing punctuation, salutation colon, marker form,
closing formula); 6. word level (the enumerator stutter `二是是`, dates, `○` in years).  A later
stage can make work for an earlier one, so the stages are run again until nothing is left to fix.

Every change is reported as a Finding of the rule that asked for it (line = the unit's line).
``level="safe"`` applies only safe fixes; suggest-class findings (DUP-PHRASE, other doubled
characters, 的/地/得, placeholders…) are left for a person.  ``level="all"`` also applies the
suggest-class fixes that carry a replacement.  Each step is idempotent: cleaning twice changes
nothing the second time.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import click

from docgen.errors import DocgenError
from docgen.rules.base import Finding

LEVELS = {"safe": ("safe",), "all": ("safe", "suggest")}
#: a rule whose fixes keep producing new findings is stopped after this many passes
MAX_PASSES = 4
#: the stages are run again while a full check still finds a fix, at most this many times
MAX_ROUNDS = 3
#: the kind of a unit that holds a table (docx input)
TABLE_KIND = "table"


def _allowed(f: Finding, classes: Sequence[str]) -> bool:
    return f.fix is not None and f.fix_class in classes


def _edits(f: Finding) -> List[Tuple[int, int, str]]:
    fix = f.fix or {}
    if "edits" in fix:
        return [(int(s), int(e), str(r)) for s, e, r in fix["edits"]]
    if "replacement" in fix and f.start is not None:
        end = f.end if f.end is not None else f.start
        return [(f.start, end, str(fix["replacement"]))]
    return []


def _overlap(a: Tuple[int, int, str], b: Tuple[int, int, str]) -> bool:
    (s1, e1, _), (s2, e2, _) = a, b
    if s1 == e1 or s2 == e2:          # an insertion clashes with an edit at the same point
        return s1 <= s2 <= e1 or s2 <= s1 <= e2
    return s1 < e2 and s2 < e1


def apply_fixes(units: List[Any], findings: Sequence[Finding]) -> Tuple[List[Any], List[Finding]]:
    """Apply the fixes of ``findings`` to ``units`` (their text is changed in place; pass copies
    to keep the originals); returns (the new unit list, the findings applied).

    Span edits of one unit are applied right to left; an edit overlapping one already taken is
    skipped (the next pass picks it up).  Paragraph deletions and splits are applied last.
    """
    # a table unit carries the index of the paragraph before it (it is no paragraph of its own):
    # fixes, deletions and splits address paragraphs, never the table
    by_index: Dict[Any, Any] = {u.index: u for u in units if u.kind != TABLE_KIND}
    applied: List[Finding] = []
    per_unit: Dict[Any, List[Tuple[int, int, str, Finding]]] = {}
    doomed = set()
    splits: Dict[Any, int] = {}
    for f in findings:
        idx = f.where
        fix = f.fix or {}
        if fix.get("delete_paragraph"):
            gone = {idx} | ({i for i in by_index if idx <= i <= f.end_line} if f.end_line else set())
            doomed.update(gone)
            # the report quotes what was removed in full (f.text may be a snippet)
            f.original = [by_index[i].text for i in sorted(gone) if i in by_index]
            applied.append(f)
        elif "delete_paragraphs" in fix:
            doomed.update(fix["delete_paragraphs"])
            f.original = [by_index[i].text for i in fix["delete_paragraphs"] if i in by_index]
            applied.append(f)
        elif "split_at" in fix:
            splits[idx] = int(fix["split_at"])
            applied.append(f)
        else:
            for s, e, r in _edits(f):
                per_unit.setdefault(idx, []).append((s, e, r, f))
    for idx, edits in per_unit.items():
        unit = by_index.get(idx)
        if unit is None:
            continue
        # accept whole findings whose edits overlap nothing accepted so far, then apply all
        # accepted edits right to left so that earlier offsets stay valid
        accepted: List[Tuple[int, int, str]] = []
        groups: Dict[int, List[Tuple[int, int, str]]] = {}
        owners: Dict[int, Finding] = {}
        for s, e, r, f in edits:
            groups.setdefault(id(f), []).append((s, e, r))
            owners[id(f)] = f
        for key, group in groups.items():
            if any(_overlap(a, b) for a in group for b in accepted):
                continue
            accepted.extend(group)
            # the exact text each edit replaces, for the report (offsets are into unit.text)
            owners[key].original = [unit.text[s:e] for s, e, _ in group]
            applied.append(owners[key])
        text = unit.text
        for s, e, r in sorted(accepted, key=lambda x: (x[0], x[1]), reverse=True):
            text = text[:s] + r + text[e:]
        unit.text = text
    out: List[Any] = []
    for u in units:
        if u.kind == TABLE_KIND:
            out.append(u)
            continue
        if u.index in doomed:
            continue
        if u.index in splits:
            k = splits[u.index]
            head, tail = u.text[:k].rstrip("。"), u.text[k:]
            u.text = head
            u.kind = "heading"
            out.append(u)
            rest = copy.copy(u)
            rest.hints = u.hints.copy(split_from=u.index)
            rest.text, rest.kind, rest.level, rest.number, rest.lead_end = tail, "body", None, None, None
            out.append(rest)
            continue
        out.append(u)
    return out, applied


def clean_units(units: List[Any], style: Any, level: str = "safe", select: Optional[Sequence[str]] = None,
                ignore: Optional[Sequence[str]] = None) -> Tuple[List[Any], List[Finding]]:
    """Classified units -> (cleaned units, findings describing every change made)."""
    from docgen.check.runner import build_context, run_rules, active_rules

    if level not in LEVELS:
        raise ValueError(f"level must be one of {sorted(LEVELS)}")
    classes = LEVELS[level]
    enabled = {r.id: r for r in active_rules(style, "text", select, ignore)}
    units = [copy.copy(u) for u in units]
    for u in units:
        u.hints = u.hints.copy()
    done: List[Finding] = []
    # RULES.md §0 fix order: each rule names its (stage, place) in it; a rule without one has no fix
    ordered = sorted((r for r in enabled.values() if r.fix_stage is not None), key=lambda r: r.fix_stage)

    built: List[Any] = []          # the context of the current units (one per unit list)

    def context():
        # building a context masks the watermarks of every unit: do it once per state of the
        # text, not once per rule (apply_fixes returns a new list whenever it ran)
        if not built or built[0].units is not units:
            ctx = build_context(units, style, "text")
            ctx.wanted_fix_classes = frozenset(classes)
            built[:] = [ctx]
        return built[0]

    def fixable_findings(rule, ctx=None) -> List[Finding]:
        found, _problems = run_rules(ctx or context(), [rule])      # one rule at a time, as in a stage
        return [f for f in found if _allowed(f, classes)]

    def anything_to_fix() -> bool:
        ctx = context()
        return any(fixable_findings(rule, ctx) for rule in ordered)

    # a later stage can leave work for an earlier one (a full-width "２０２６" made half-width next to
    # a space SPACE-IN-CJK let pass; "..." made "……"): run the stages again until one check of all
    # rules finds nothing to fix, so that cleaning the result again changes nothing
    for round_ in range(MAX_ROUNDS):
        if round_ and not anything_to_fix():
            break
        changed = False
        for rule in ordered:
            for _ in range(MAX_PASSES):
                fixable = fixable_findings(rule)
                if not fixable:
                    break
                units, applied = apply_fixes(units, fixable)
                done.extend(applied)
                changed = changed or bool(applied)
                if not applied:
                    break
        if not changed:
            break
    return units, done


def units_to_text(units: Sequence[Any]) -> str:
    """The cleaned draft as plain text: one paragraph per line, a final newline."""
    return "".join(u.text + "\n" for u in units)


def fix_text_file(src: Union[str, Path], dst: Path, style, level: str, encoding: Optional[str], select, ignore,
              in_place: bool = False) -> List[Any]:
    """Fix a text draft into ``dst`` (UTF-8, LF); returns the changes (findings).  ``in_place``:
    write it back in the input's own encoding, byte-order mark and line endings, as the user's
    editor saved it, and only when something changed."""
    from docgen.check.fix_text import clean_units, units_to_text
    from docgen.check.runner import TEXT_SUFFIXES, read_text_units
    from docgen.fileio import atomic_write_bytes, atomic_write_text, write_over_input
    from docgen.readers.decode import text_form

    if dst.suffix.lower() not in TEXT_SUFFIXES:
        from docgen.outputs import check_suffix

        if dst.suffix.lower() == ".docx":
            raise DocgenError("文本稿的 --fix 输出应为 .txt 或 .md；要生成公文格式的 .docx，请用 docgen format", path=dst)
        check_suffix(dst, "text", "文本稿的 --fix 输出")
    units, changes = clean_units(read_text_units(src, encoding), style, level=level, select=select, ignore=ignore)
    fixed = units_to_text(units)
    if not in_place or str(src) == "-":
        atomic_write_text(dst, fixed)
        return changes
    if not changes and encoding != "mixed":
        return changes                      # nothing to fix: the file keeps its bytes
    # (--encoding mixed: the file is rewritten in one encoding even when no rule fixed anything)

    def write(tmp: Path) -> None:
        codec, bom, newline = text_form(Path(src).read_bytes(), encoding)
        try:
            data = bom + fixed.replace("\n", newline).encode(codec)
        except UnicodeEncodeError:          # a fix brought in a character the old encoding lacks
            click.echo(f"docgen: {src}: 修正后的文字无法用原编码 {codec} 保存，已改存为 UTF-8", err=True)
            data = fixed.encode("utf-8")
        atomic_write_bytes(tmp, data)

    write_over_input(src, write)
    return changes
