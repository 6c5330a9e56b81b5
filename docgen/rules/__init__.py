"""Rule registry.  Every module in this package is imported (pkgutil) so that its ``Rule``
subclasses register; a module that fails to import is recorded, not fatal, so ``docgen rules``
still lists its rules as not implemented.

    all_rules()      implemented rule classes, in catalog order (extra ids last)
    get(id)          the rule class for an id (KeyError if not implemented)
    catalog()        the 78 catalog entries of RULES.md §3 (implemented or not)
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, List

from docgen.rules.base import CheckContext, Finding, Rule, registered  # noqa: F401  (re-export)
from docgen.rules.catalog import CATALOG, CatalogEntry

#: module name -> "ExcType: message" for rule modules that failed to import
IMPORT_ERRORS: Dict[str, str] = {}
_LOADED = False
_SKIP = {"base", "catalog"}


def load_all() -> None:
    """Import every rule module once."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for info in pkgutil.iter_modules(__path__):
        if info.name in _SKIP or info.name.startswith("_"):
            continue
        try:
            importlib.import_module(f"{__name__}.{info.name}")
        except Exception as exc:  # a broken sibling module must not take the whole checker down
            IMPORT_ERRORS[info.name] = f"{type(exc).__name__}: {exc}"


def all_rules() -> List["type[Rule]"]:
    load_all()
    reg = registered()
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
