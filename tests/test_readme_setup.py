"""The README's two set-up commands work on a fresh Debian 12 (issue 12 §8): they install into a
virtual environment (the system pip refuses: externally-managed-environment), and .ci/run runs
exactly the second one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", section, re.S)]


def _steps(command):
    return [shlex.split(part) for part in command.split("&&")]


def test_readme_has_two_setup_commands_that_use_a_venv():
    first, second = _setup_commands()
    for command in (first, second):
        steps = _steps(command)
        assert ["python3", "-m", "venv", ".venv"] in steps, command
        # every pip and python after the venv is created is the venv's own
        made = steps.index(["python3", "-m", "venv", ".venv"])
        for step in steps[made + 1:]:
            assert step[0].startswith(".venv/bin/"), step
        assert not any(step[0] in ("pip", "pip3", "python", "docgen") for step in steps), command
    assert _steps(first)[-1][:2] == [".venv/bin/docgen", "build"]
    assert _steps(second)[-1] == [".venv/bin/python", "-m", "pytest", "-q"]


def test_first_command_installs_python3_venv_before_using_it():
    steps = _steps(_setup_commands()[0])
    install = next(i for i, s in enumerate(steps) if s[:2] == ["apt-get", "install"])
    assert "python3-venv" in steps[install]
    assert install < steps.index(["python3", "-m", "venv", ".venv"])


def test_ci_runs_exactly_the_second_command():
    lines = [l for l in (ROOT / ".ci" / "run").read_text().splitlines()
             if l.strip() and not l.startswith("#") and not l.startswith(("set ", "cd "))]
    assert lines == [_setup_commands()[1]]


def test_system_deps_installs_python3_venv():
    text = (ROOT / ".ci" / "system-deps").read_text()
    packages = re.search(r"PACKAGES=\((.*?)\n\)", text, re.S).group(1)
    assert re.search(r"^\s*python3-venv\b", packages, re.M)
