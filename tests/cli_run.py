"""Run the docgen CLI in this process, as a user would from a shell, for tests."""

from __future__ import annotations

from docgen.cli import main


def run(argv, capsys):
    """(exit code, stdout, stderr) of ``docgen ARGV``; click's SystemExit is caught."""
    capsys.readouterr()
    try:
        main([str(a) for a in argv])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err
