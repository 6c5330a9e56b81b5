"""Start ``docgen serve --port 0`` in a child process and learn its address: for the scripts and
tests that use the page as a user would (bench/web_bench.py, docs/make_web_png.py, tests/web)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Iterator, Optional, Tuple

#: the line ``docgen serve`` prints when it listens
_URL = re.compile(r"(http://127\.0\.0\.1:\d+/)")


def spawn(root: Path, env: Optional[Dict[str, str]] = None, timeout: float = 60) -> Tuple[subprocess.Popen, Optional[str]]:
    """(the server process, its URL or None when it did not start within ``timeout`` seconds).
    ``root``: the source tree to run (put on PYTHONPATH); the caller stops the process."""
    env = dict(env if env is not None else os.environ, PYTHONPATH=str(root))
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", "0"], cwd=str(root),
                            stderr=subprocess.PIPE, text=True, env=env)
    url = None
    deadline = time.monotonic() + timeout
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        m = _URL.search(proc.stderr.readline() or "")
        url = m.group(1) if m else None
    return proc, url


@contextlib.contextmanager
def running(root: Path, env: Optional[Dict[str, str]] = None) -> Iterator[Optional[str]]:
    """``spawn`` as a context: the URL (None if the server did not start); stopped on leaving."""
    proc, url = spawn(root, env)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
