"""Rule registry.  Every module in this package is imported (pkgutil) so that its ``Rule``
subclasses register; each class holds all of its rule's metadata (id, severity, fix class, area,
summary, doc, fix stage or .docx repair), so the registry is built from the classes alone.

    all_rules()        the rule classes, by family (base.AREAS), then in definition order
    all_rules("text")  the same, but only the modules with text rules are imported
    get(id)            the rule class for an id (KeyError if there is none)
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, List, Optional, Tuple

from docgen.rules.base import AREAS, CheckContext, Finding, Rule, RuleDefinitionError, registered  # noqa: F401

_LOADED = False
_TEXT_LOADED = False
#: modules of this package that hold no rules (the base classes; the listing in the user's words)
_SKIP = {"base", "describe"}
#: modules holding only .docx rules (``kinds == ("docx",)``).  Text input (``docgen format``,
#: checking a .txt) does not import them: they pull in lxml and the OOXML resolver, and their
#: import (source compile, Unicode-range regexes) is a large share of a one-file process.
#: ``load_all`` refuses a text rule in one of them, so the list cannot silently hide a rule.
DOCX_ONLY_MODULES = frozenset({"font", "font_para", "fontcover", "layout", "page"})


def _rule_modules() -> List[str]:
    return [info.name for info in pkgutil.iter_modules(__path__)
            if info.name not in _SKIP and not info.name.startswith("_")]


def load_all() -> None:
    """Import every rule module once."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for name in _rule_modules():
        importlib.import_module(f"{__name__}.{name}")
    misplaced = sorted(r.id for r in registered().values()
                       if r.__module__.rsplit(".", 1)[-1] in DOCX_ONLY_MODULES and "text" in r.kinds)
    if misplaced:
        raise RuleDefinitionError(f"text rules in a .docx-only module (DOCX_ONLY_MODULES): {', '.join(misplaced)}")


def load_text() -> None:
    """Import the rule modules that can hold text rules, once."""
    global _TEXT_LOADED
    if _TEXT_LOADED or _LOADED:
        return
    _TEXT_LOADED = True
    for name in _rule_modules():
        if name not in DOCX_ONLY_MODULES:
            importlib.import_module(f"{__name__}.{name}")


#: the last answer of ``all_rules`` per kind, with the registered classes it was sorted from:
#: every file checked asks (twice), and sorting each time cost more than the look-up
_ORDERED: Dict[Optional[str], Tuple[Tuple[int, ...], List["type[Rule]"]]] = {}


def all_rules(kind: Optional[str] = None) -> List["type[Rule]"]:
    """The rules by family, then in definition order; with ``kind`` only those for that input kind."""
    if kind == "text":
        load_text()
    else:
        load_all()
    registry = registered()
    classes = tuple(map(id, registry.values()))
    found = _ORDERED.get(kind)
    if found is None or found[0] != classes:
        rules = [r for r in registry.values() if kind is None or kind in r.kinds]
        # registration numbers follow definition order within a module
        number = {rid: i for i, rid in enumerate(registry)}
        found = _ORDERED[kind] = (classes, sorted(rules, key=lambda r: (AREAS.index(r.area), r.__module__,
                                                                          number[r.id])))
    return list(found[1])


def get(rule_id: str) -> "type[Rule]":
    load_all()
    return registered()[rule_id]


def ids() -> List[str]:
    """Every rule id, in listing order."""
    return [r.id for r in all_rules()]
