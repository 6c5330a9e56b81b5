"""The package's layers, read from its imports: no cycle, and imports run down the layers (the few
that run up are listed here, with the reason).  A new module that breaks this fails here."""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: top to bottom; a module may import from its own layer and the layers below it
LAYERS = [
    ["docgen.__main__"],
    ["docgen.cli", "docgen.commands"],
    ["docgen.api", "docgen.batch", "docgen.web", "docgen.starters"],
    ["docgen.check", "docgen.render"],
    ["docgen.rules"],
    ["docgen.readers", "docgen.writers", "docgen.transforms", "docgen.outputs"],
    ["docgen.recognise"],
    ["docgen.ooxml"],
    ["docgen", "docgen.fonts", "docgen.progress", "docgen.clihelp", "docgen.style", "docgen.fileio", "docgen.model", "docgen.units", "docgen.findings", "docgen.text",
     "docgen.errors"],
]
#: imports allowed to run up the layers, with why
ALLOWED_UP = {}


def _modules():
    mods = {}
    for p in (ROOT / "docgen").rglob("*.py"):
        parts = p.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = p
    return mods


def _edges(mods):
    edges = defaultdict(set)
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("docgen"):
                # "from pkg import module" depends on the module (and pkg's __init__ only when a
                # name is taken from it)
                submodules = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in mods]
                targets += submodules
                if len(submodules) < len(node.names):
                    targets.append(node.module)
            elif isinstance(node, ast.Import):
                targets += [a.name for a in node.names if a.name.startswith("docgen")]
            for t in targets:
                while t not in mods and "." in t:
                    t = t.rsplit(".", 1)[0]
                if t != name and t in mods:
                    edges[name].add(t)
    return edges


def _layer(module):
    best = None
    for i, group in enumerate(LAYERS):
        for g in group:
            if (module == g or module.startswith(g + ".")) and (best is None or len(g) > best[1]):
                best = (i, len(g))
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best[0]


def test_imports_run_down_the_layers():
    mods = _modules()
    up = sorted((a, b) for a, bs in _edges(mods).items() for b in bs
                if _layer(b) < _layer(a) and (a, b) not in ALLOWED_UP)
    assert up == []


def test_no_import_cycle():
    edges = _edges(_modules())
    index, low, stack, on, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for v in list(_modules()):
        if v not in index:
            visit(v)
    assert cycles == []


def test_no_test_module_imports_a_test_module_of_another_folder():
    """Shared test helpers live in tests/ (conftest puts that folder on sys.path); a test that
    imports another folder's test module would only work when that folder happens to be on the path."""
    tests = ROOT / "tests"
    folder_of = {p.stem: p.parent for p in tests.rglob("test_*.py")}
    crossing = []
    for path in tests.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module else
                     [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                if name in folder_of and folder_of[name] != path.parent:
                    crossing.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not crossing
