"""The registries hold each thing once: a rule's class is its whole definition, every command has
help with an example.  Adding a rule is one class and one test; these tests keep it so."""

from __future__ import annotations

import re

import pytest

from docgen.rules import all_rules
from docgen.rules.base import AREAS, DOC_HEADINGS


RULES = all_rules()


def test_every_rule_has_its_metadata_and_doc():
    assert len(RULES) >= 78
    for cls in RULES:
        assert cls.area in AREAS, cls.id
        assert cls.summary, cls.id
        doc = cls.doc()
        for heading in DOC_HEADINGS:
            assert re.search(rf"^\s*##\s*{re.escape(heading)}", doc, re.M), (cls.id, heading)


def test_every_safe_fix_names_where_it_runs():
    """A safe fix that no fix stage (text) or .docx repair names would silently never run."""
    from docgen.check.fix_docx import DOCX_FIXES

    for cls in RULES:
        if cls.fix_class != "safe":
            continue
        if "text" in cls.kinds:
            assert cls.fix_stage is not None, cls.id
        else:
            assert cls.docx_repairs() and set(cls.docx_repairs()) <= set(DOCX_FIXES), cls.id


def test_fix_stages_are_a_strict_order():
    stages = [cls.fix_stage for cls in RULES if cls.fix_stage is not None]
    assert len(stages) == len(set(stages)), "two rules share one place in the fix order"


def test_every_rule_is_exercised_by_a_test():
    """Each rule id appears in some test file (its own test)."""
    from pathlib import Path

    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.rglob("test_*.py")
                    if p.name != "test_registry.py")
    missing = [cls.id for cls in RULES if cls.id not in tests]
    assert missing == []


@pytest.mark.parametrize("name", ["build", "format", "check", "rules", "preview", "template", "serve", "fonts"])
def test_every_command_has_help_with_an_example(name):
    from docgen.cli import cli

    command = cli.get_command(None, name)
    assert command is not None and command.help
    assert "docgen " + name in command.help, f"{name}: its help shows no example"


def test_unit_hints_are_declared_names():
    """A unit's notes are a typed record: a misspelt name is an error, not a silent miss."""
    from docgen.units import HINT_FIELDS, Hints, Unit

    u = Unit(1, "一、总体要求")
    assert u.hints.bold is None and not u.hints.has("bold")
    u.hints.bold = True
    assert u.hints.bold is True and u.hints.noted() == ("bold",)
    with pytest.raises(AttributeError):
        u.hints.blod = True
    with pytest.raises(AttributeError):
        Hints(no_such_note=1)
    copy = u.hints.copy(reason="测试")
    assert copy.reason == "测试" and u.hints.reason is None
    assert all(doc for doc in HINT_FIELDS.values())
