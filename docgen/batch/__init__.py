"""Batch runs for ``format`` and ``check``: inputs.py expands files, folders and globs; pool.py
runs one worker per file (optionally in a process pool), shows progress on a terminal and
summarises.  A failure in one file is recorded for that file and the batch goes on."""

from __future__ import annotations

from docgen.batch.inputs import (DEFAULT_SUFFIXES, STDIN_NAME, InputItem, expand_inputs, is_batch,
                                 mirror_output)
from docgen.batch.pool import (EXIT_FAILED, BatchResult, Outcome, Progress, preload, report,
                               resolve_jobs, run_batch)

__all__ = ["DEFAULT_SUFFIXES", "STDIN_NAME", "InputItem", "expand_inputs", "is_batch", "mirror_output",
           "EXIT_FAILED", "BatchResult", "Outcome", "Progress", "preload", "report", "resolve_jobs", "run_batch"]
