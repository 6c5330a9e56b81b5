"""The rule framework: findings, the ``Rule`` base class, the registry and the check context.

Shaped like ruff (CODE_SHAPES.md §1): one class per rule holds its metadata (id, severity, fix
class, one-line summary), its documentation (the docstring, with fixed headings) and its check.
Subclassing ``Rule`` registers the rule; the registry refuses duplicate ids and docstrings that
lack the headings ``docgen rules ID`` prints.

Anchors follow RULES.md §0: text input reports ``line`` (1-based line of the input file), .docx
input reports ``paragraph`` (1-based index into python-docx ``Document.paragraphs``); ``start`` and
``end`` are 0-based code-point offsets inside that line or paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from docgen.findings import Finding  # noqa: F401 (rules and checker import it from here)
from docgen.text.cjk import HAN, lazy_compile  # noqa: F401 (the rule modules import them from here)

SEVERITIES = ("error", "warning", "info")
FIX_CLASSES = ("safe", "suggest", "none")
#: rule families in the order ``docgen rules`` lists them (RULES.md §3)
AREAS = ("LAYOUT", "FONT / PARA", "STRUCT / NUM / HEADING", "PUNCT / SPACE / CHAR", "NUMERAL / DATE",
         "Content hygiene", "FRAME")
#: the docstring headings every rule must have (ruff's "What it does / Why is this bad? / Example")
DOC_HEADINGS = ("What it does", "Why", "Example", "Fix safety")

#: content that is not part of the speech: the rule machinery skips it (RULES.md §0 precedence 1)
SKIP_KINDS = ("blank", "noise")
#: a character no text rule matches: watermark spans are overwritten with it before the
#: punctuation / spacing / placeholder rules look at a paragraph (RULES.md §0 precedence 2)
MASK_CHAR = "\ue000"
#: ctx.cache keys of the content units and their texts (``CheckContext.content_units``, ``content_texts``)
CONTENT_UNITS_KEY, CONTENT_TEXTS_KEY = "content_units", "content_texts"





HAN_RE = lazy_compile(f"[{HAN}]")


class RuleDefinitionError(Exception):
    """A programming error in a rule class (duplicate id, missing doc heading, bad severity)."""


_REGISTRY: Dict[str, "type[Rule]"] = {}


class Rule:
    """Base class of every rule.  Subclasses set the class attributes and implement ``check``.

    ## What it does
    (subclasses describe the check)
    ## Why
    (the source: GB/T clause or practice)
    ## Example
    (bad -> good)
    ## Fix safety
    (what ``--fix`` does and when it may change meaning)
    """

    id: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    fix_class: ClassVar[str] = "none"
    area: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    #: input kinds the rule applies to ("text" = .txt/.md, "docx")
    kinds: ClassVar[Tuple[str, ...]] = ("text", "docx")
    #: off unless the rule set turns it on (TERM-INCONSISTENT, PARA-TOO-LONG)
    default_enabled: ClassVar[bool] = True
    #: tunable thresholds with their catalog defaults; the rule set overrides them under
    #: ``rules: {ID: {params: {...}}}`` (no magic numbers in checks)
    defaults: ClassVar[Dict[str, Any]] = {}
    #: a text fix (a span edit, a deletion, a split): when the cleaner applies it, as (stage,
    #: place in the stage) of the RULES.md §0 fix order; every rule with such a fix has one
    fix_stage: ClassVar[Optional[Tuple[int, int]]] = None
    #: a .docx-only fix: the repair(s) in docgen.check.fix_docx.DOCX_FIXES that remove this rule's
    #: findings ("page", "headers", "numbering", "typography", …; a tuple where it takes two)
    docx_fix: ClassVar[Union[None, str, Tuple[str, ...]]] = None
    #: a "typography" fix sets only these children of the role's pPr / rPr on the paragraphs its
    #: findings name (None: the whole role formatting)
    fix_ppr: ClassVar[Optional[Tuple[str, ...]]] = None
    fix_rpr: ClassVar[Optional[Tuple[str, ...]]] = None
    #: "finding": the repair touches the paragraphs the findings name; "document": the rule reports
    #: a document-wide problem once, and its repair applies to every paragraph
    fix_scope: ClassVar[str] = "finding"

    def __init_subclass__(cls, abstract: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if abstract or not cls.__dict__.get("id"):
            return
        problems = []
        if cls.id in _REGISTRY and _REGISTRY[cls.id].__qualname__ != cls.__qualname__:
            problems.append(f"duplicate rule id {cls.id} ({_REGISTRY[cls.id].__module__})")
        if cls.severity not in SEVERITIES:
            problems.append(f"severity {cls.severity!r} not in {SEVERITIES}")
        if cls.fix_class not in FIX_CLASSES:
            problems.append(f"fix_class {cls.fix_class!r} not in {FIX_CLASSES}")
        if not cls.summary:
            problems.append("missing one-line summary")
        # a safe fix that no stage or repair names would silently never run
        if cls.fix_class == "safe" and cls.kinds == ("docx",) and not cls.docx_fix:
            problems.append("a .docx-only rule with a fix names its repair (docx_fix)")
        if cls.fix_class == "safe" and "text" in cls.kinds and cls.fix_stage is None:
            problems.append("a text rule with a fix names its place in the fix order (fix_stage)")
        if cls.area not in AREAS:
            problems.append(f"area {cls.area!r} not in {AREAS}")
        doc = cls.__doc__ or ""
        missing = [h for h in DOC_HEADINGS if not re.search(rf"^\s*##\s*{re.escape(h)}", doc, re.M)]
        if missing:
            problems.append(f"docstring lacks headings: {', '.join(missing)}")
        if problems:
            raise RuleDefinitionError(f"{cls.__module__}.{cls.__qualname__}: " + "; ".join(problems))
        _REGISTRY[cls.id] = cls

    @classmethod
    def docx_repairs(cls) -> Tuple[str, ...]:
        """The names of the .docx repairs this rule owns (``docx_fix`` as a tuple)."""
        if not cls.docx_fix:
            return ()
        return (cls.docx_fix,) if isinstance(cls.docx_fix, str) else tuple(cls.docx_fix)

    # -- to override ----------------------------------------------------------------------------

    def check(self, ctx: "CheckContext") -> Iterable[Finding]:
        """Yield the findings of this rule on the document in ``ctx``."""
        raise NotImplementedError

    # -- helpers for subclasses -----------------------------------------------------------------

    def params(self, ctx: "CheckContext") -> Dict[str, Any]:
        return {**self.defaults, **ctx.params(self.id)}

    def param(self, ctx: "CheckContext", key: str) -> Any:
        return self.params(ctx)[key]

    def finding(self, ctx: "CheckContext", unit: Any, start: Optional[int], end: Optional[int],
                message: str, *, replacement: Optional[str] = None, fix: Optional[Dict[str, Any]] = None,
                fix_class: Optional[str] = None, severity: Optional[str] = None,
                end_unit: Any = None, text: Optional[str] = None) -> Finding:
        """A finding anchored in ``unit`` (a docgen.units.Unit) at ``[start, end)``."""
        if replacement is not None and fix is None:
            fix = {"replacement": replacement}
        source = unit.text if unit is not None else ""
        if text is None:
            text = snippet(source, start, end)
        fc = fix_class if fix_class is not None else (self.fix_class if fix is not None else "none")
        f = Finding(rule=self.id, severity=severity or self.severity, message=message,
                    path=ctx.path, start=start, end=end, text=text, fix=fix, fix_class=fc)
        index = unit.index if unit is not None else None
        end_index = end_unit.index if end_unit is not None else None
        if ctx.kind == "docx":
            f.paragraph, f.end_line = index, None
            f.table = unit.hints.table_path if unit is not None and hasattr(unit, "hints") else None
        else:
            f.line, f.end_line = index, end_index
        return f

    @classmethod
    def doc(cls) -> str:
        return _dedent(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> Dict[str, str]:
        """{"What it does": "...", "Why": "...", ...} from the docstring."""
        out: Dict[str, str] = {}
        current = None
        for line in cls.doc().splitlines():
            m = re.match(r"^\s*##\s*(.+?)\s*$", line)
            if m:
                current = m.group(1).rstrip("?？ ")
                if current.startswith("Why"):
                    current = "Why"
                out[current] = ""
            elif current is not None:
                out[current] = (out[current] + "\n" + line).strip("\n")
        return {k: v.strip() for k, v in out.items()}


def _dedent(text: str) -> str:
    import textwrap

    lines = text.splitlines()
    if not lines:
        return ""
    first, rest = lines[0], textwrap.dedent("\n".join(lines[1:]))
    return (first.strip() + "\n" + rest).strip()


#: longest ``text`` snippet in a finding (a whole-paragraph finding shows its opening)
SNIPPET_MAX = 30


def snippet(text: str, start: Optional[int], end: Optional[int], context: int = 2) -> str:
    """The offending text with a little context (the JSON ``text`` field: "态势,全县")."""
    if start is None:
        return text[:20]
    end = start if end is None else end
    lo = max(0, start - context)
    hi = min(len(text), max(end, start + 1) + context, lo + SNIPPET_MAX)
    return text[lo:hi].replace(MASK_CHAR, "")


def registered() -> Dict[str, "type[Rule]"]:
    """The rules, by id, in registration order (import docgen.rules first so that every module
    registers)."""
    return dict(_REGISTRY)


@dataclass
class CheckContext:
    """What a rule sees: one input file, its classified units and the rule set.

    ``units`` are docgen.units.Unit objects already classified by the recogniser (text input: one
    per line, ``index`` = line; docx: one per python-docx paragraph, ``index`` = paragraph).
    ``docx`` (python-docx Document) and ``resolver`` (docgen.ooxml.resolve.Resolver) are set for .docx.
    """

    path: Optional[str]
    kind: str                                  # "text" | "docx"
    units: List[Any]
    style: Any                                 # docgen.style.Style
    docx: Any = None
    resolver: Any = None
    #: per-unit masked text (watermark spans overwritten with MASK_CHAR); filled by the runner
    masks: Dict[int, str] = field(default_factory=dict)
    cache: Dict[str, Any] = field(default_factory=dict)
    #: ids of the rules running in this pass (a rule may defer to a more specific one)
    active_ids: frozenset = frozenset()
    #: the fix classes the caller wants; the cleaner asks only for fixes, so a rule may skip
    #: costly work that can only yield findings of other classes (DUP-CHAR's lexicon look-ups)
    wanted_fix_classes: frozenset = frozenset({"safe", "suggest", "none"})

    # -- rule configuration (the ``rules:`` section of the rule set) ------------------------------

    def config(self, rule_id: str) -> Dict[str, Any]:
        if self.style is None or not hasattr(self.style, "rule_config"):
            return {}
        return self.style.rule_config(rule_id)

    def params(self, rule_id: str) -> Dict[str, Any]:
        cfg = self.config(rule_id)
        params = cfg.get("params") or {}
        return dict(params) if isinstance(params, dict) else {}

    def enabled(self, rule: "type[Rule]") -> bool:
        cfg = self.config(rule.id)
        return bool(cfg.get("enabled", rule.default_enabled))

    # -- unit access ------------------------------------------------------------------------------

    def content_units(self, kinds: Optional[Iterable[str]] = None) -> Iterator[Any]:
        """Units that are neither blank nor noise (optionally only of ``kinds``).  The list is
        made once per document (most rules walk it); whatever changes a unit's kind drops it
        (``forget_content_units``)."""
        content = self.cache.get(CONTENT_UNITS_KEY)
        if content is None:
            content = self.cache[CONTENT_UNITS_KEY] = [
                u for u in self.units if u.kind not in SKIP_KINDS and u.kind != "table"]
        if kinds is None:
            return iter(content)
        wanted = set(kinds)
        return (u for u in content if u.kind in wanted)

    def content_texts(self) -> List[Tuple[Any, str]]:
        """(unit, ``text_of(unit)``) of every content unit, listed once per document: most text
        rules walk them."""
        found = self.cache.get(CONTENT_TEXTS_KEY)
        if found is None:
            found = self.cache[CONTENT_TEXTS_KEY] = [(u, self.masks.get(id(u), u.text))
                                                     for u in self.content_units()]
        return found

    def forget_content_units(self) -> None:
        """Units changed kind (the frame pass): the next ``content_units`` reads them again."""
        self.cache.pop(CONTENT_UNITS_KEY, None)
        self.cache.pop(CONTENT_TEXTS_KEY, None)

    def text_of(self, unit: Any) -> str:
        """The unit's text with watermark spans masked (same length as ``unit.text``)."""
        return self.masks.get(id(unit), unit.text)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Per-document cache shared by rules (e.g. the parsed enumeration of each paragraph)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]
