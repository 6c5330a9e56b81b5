"""Rule registry.  Every module in this package is imported (pkgutil) so that its ``Rule``
subclasses register; a module that fails to import is recorded, not fatal, so ``docgen rules``
still lists its rules as not implemented.

    all_rules()      implemented rule classes, in catalog order (extra ids last)
    all_rules("text")  the same, but only the modules with text rules are imported
    get(id)          the rule class for an id (KeyError if not implemented)
    catalog()        the 80 catalog entries of RULES.md §3 (implemented or not)
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, List, Optional

from docgen.rules.base import CheckContext, Finding, Rule, RuleDefinitionError, registered  # noqa: F401
from docgen.rules.catalog import CATALOG, CatalogEntry

#: module name -> "ExcType: message" for rule modules that failed to import
IMPORT_ERRORS: Dict[str, str] = {}
_LOADED = False
_TEXT_LOADED = False
_SKIP = {"base", "catalog"}
#: modules holding only .docx rules (``kinds == ("docx",)``).  Text input (``docgen format``,
#: checking a .txt) does not import them: they pull in lxml and the OOXML resolver, and their
#: import (source compile, Unicode-range regexes) is a large share of a one-file process.
#: ``load_all`` refuses a text rule in one of them, so the list cannot silently hide a rule.
DOCX_ONLY_MODULES = frozenset({"font", "fontcover", "layout"})


def _rule_modules() -> List[str]:
    return [info.name for info in pkgutil.iter_modules(__path__)
            if info.name not in _SKIP and not info.name.startswith("_")]


def _import(name: str) -> None:
    try:
        importlib.import_module(f"{__name__}.{name}")
    except Exception as exc:  # a broken sibling module must not take the whole checker down
        IMPORT_ERRORS[name] = f"{type(exc).__name__}: {exc}"


def load_all() -> None:
    """Import every rule module once."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for name in _rule_modules():
        _import(name)
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
            _import(name)


def all_rules(kind: Optional[str] = None) -> List["type[Rule]"]:
    """Implemented rules in catalog order; with ``kind`` only those that apply to that input kind."""
    if kind == "text":
        load_text()
    else:
        load_all()
    reg = {rid: r for rid, r in registered().items() if kind is None or kind in r.kinds}
    order = {rid: i for i, rid in enumerate(CATALOG)}
    return sorted(reg.values(), key=lambda r: (order.get(r.id, len(order)), r.id))


def get(rule_id: str) -> "type[Rule]":
    load_all()
    return registered()[rule_id]


def catalog() -> Dict[str, CatalogEntry]:
    return dict(CATALOG)


def is_implemented(rule_id: str) -> bool:
    load_all()
    return rule_id in registered()
