"""Batch runs for ``format`` and ``check``: run one worker per file (optionally in a
process pool), show progress on a terminal, and summarise.

A failure in one file is recorded for that file and the batch goes on; the caller decides the exit
code from :attr:`BatchResult.exit_code`.  Workers write their outputs atomically (docgen.fileio), so
an interrupted batch leaves complete outputs or none, never a partial one.

Process pool notes (measured on the 2-core development machine, 200 seed-sized drafts):
* ``fork`` (Linux) started two workers in 0.03 s, inheriting every module and cache the parent had
  loaded; ``spawn`` took 1.1 s for the same (interpreter start-up plus imports per worker) and
  3.8 s of CPU to preload the rule set, template and jieba dictionary again in each worker.
* The initializer runs once in the parent before forking and ``gc.freeze()`` keeps the workers'
  collector off the inherited heap; the dispatch itself costs about 0.04 ms per task.
* Tasks are sent in small chunks (guided scheduling: chunk = remaining / (GUIDED_FACTOR × jobs),
  capped), so per-task IPC stays small for fast work (check) while the tail stays balanced for slow
  work (format), and only a few chunks are queued at a time, so Ctrl-C has little to cancel.
* The speed-up of ``--jobs 2`` is bounded by what is loaded before the first document (Amdahl).
  For 200 drafts (24 ms of CPU each) the parent's preload is 0.27 s and the ratio 1.75-1.8 on an
  idle machine.  For check, loading jieba's dictionary (0.6 s, plus 0.2 s for its tagger) held the
  ratio at 1.3; the rules now read a cached word set (0.1 s) and tag parts of speech only on demand.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Sequence, TextIO, Tuple

import click

from docgen.errors import DocgenError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# multiprocessing and concurrent.futures (about 20 ms) are imported where a pool is made: the
# commands import this package for their --jobs/--quiet options, and `docgen --help` must stay fast

#: chunks in flight per worker: enough to keep a worker busy while its next chunk is pickled
CHUNKS_IN_FLIGHT_PER_JOB = 2
#: guided scheduling: a chunk holds remaining / (GUIDED_FACTOR × jobs) tasks, at most MAX_CHUNK
GUIDED_FACTOR = 4
MAX_CHUNK = 16
#: seconds between two redraws of the progress line (a terminal redraw per file is wasted work)
PROGRESS_INTERVAL = 0.1
#: with fork, run the initializer once in the parent before the pool starts (workers inherit it)
PRELOAD_IN_PARENT = True
#: seconds the workers get to stop after Ctrl-C before they are killed
STOP_GRACE_S = 2.0
#: exit code of a batch in which some file failed (bad input, DESIGN.md §5)
EXIT_FAILED = 2



@dataclass
class Outcome:
    """What happened to one task: ``value`` (the worker's return value) or ``error`` (one line)."""

    label: str
    value: Any = None
    error: Optional[str] = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled

    @property
    def reason(self) -> Optional[str]:
        """Why it failed, for scripts: "input" (bad or unreadable input), "internal" (a bug of
        ours), "cancelled" (Ctrl-C); None when it did not fail."""
        if self.ok:
            return None
        if self.cancelled:
            return "cancelled"
        return "internal" if "内部错误" in (self.error or "") else "input"

    @property
    def message(self) -> str:
        """The error without the file name in front (the JSON entry names the file itself)."""
        text = self.error or ""
        prefix = f"{self.label}: "
        return text[len(prefix):] if text.startswith(prefix) else text


@dataclass
class BatchResult:
    outcomes: List[Outcome] = field(default_factory=list)
    elapsed: float = 0.0
    jobs: int = 1

    @property
    def values(self) -> List[Any]:
        """Worker results in input order (None for failed tasks)."""
        return [o.value for o in self.outcomes]

    @property
    def succeeded(self) -> int:
        return sum(1 for o in self.outcomes if o.ok)

    @property
    def failed(self) -> List[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def exit_code(self) -> int:
        """Non-zero when any file failed; combine with the caller's own code by ``max``."""
        return EXIT_FAILED if self.failed else 0

    def total(self, key: Callable[[Any], int]) -> int:
        """Sum ``key(value)`` over the successful tasks (e.g. the number of findings)."""
        return sum(key(o.value) for o in self.outcomes if o.ok)

    def summary(self, counts: Optional[Mapping[str, int]] = None) -> str:
        """``共 200 个文件，成功 199，失败 1，问题 340 个，用时 3.2 秒``; ``counts`` = {"问题": 340}."""
        parts = [f"共 {len(self.outcomes)} 个文件", f"成功 {self.succeeded}", f"失败 {len(self.failed)}"]
        parts += [f"{name} {n} 个" for name, n in (counts or {}).items()]
        parts.append(f"用时 {self.elapsed:.1f} 秒")
        return "，".join(parts)


def report(result: BatchResult, counts: Optional[Mapping[str, int]] = None, quiet: bool = False,
           stream: Optional[TextIO] = None) -> None:
    """Print each failure (always: an error is never hidden) and, unless quiet, the summary line."""
    out = stream if stream is not None else sys.stderr
    for o in result.failed:
        if not o.cancelled:
            click.echo(f"docgen: {o.error}", file=out)
    if not quiet:
        click.echo(result.summary(counts), file=out)


# -- progress ---------------------------------------------------------------------------------------

class Progress:
    """One line on stderr rewritten with \\r: ``格式化 37/200``; cleared at the end.  Shown only on
    a terminal (or when forced, for tests)."""

    def __init__(self, label: str, total: int, enabled: bool, stream: TextIO):
        self.label, self.total, self.enabled, self.stream = label, total, enabled, stream
        self.done = 0
        self._last = 0.0
        self._width = 0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last >= PROGRESS_INTERVAL or self.done >= self.total):
            self._last = now
            self._draw(f"{self.label} {self.done}/{self.total}")

    def _draw(self, text: str) -> None:
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * (self._width * 2) + "\r")   # CJK glyphs are 2 cells wide
            self.stream.flush()


def _show_progress(progress: Optional[bool], stream: TextIO) -> bool:
    if progress is not None:
        return progress
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# -- running ----------------------------------------------------------------------------------------

def resolve_jobs(jobs: int) -> int:
    """``--jobs 0`` = one per CPU this process may use."""
    if jobs and jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _label(task: Any) -> str:
    if isinstance(task, (tuple, list)) and task:
        task = task[0]
    return str(task)


def _reads_stdin(task: Any) -> bool:
    """A task for "-": run in the parent, because a pool worker's stdin is /dev/null."""
    if isinstance(task, (tuple, list)) and task:
        task = task[0]
    return str(task) == "-" or bool(getattr(task, "is_stdin", False))


def _precomputed_error(task: Any) -> Optional[str]:
    """A task (or the first element of a tuple task) that carries an ``error`` is not run."""
    if isinstance(task, (tuple, list)) and task:
        task = task[0]
    error = getattr(task, "error", None)
    return error if isinstance(error, str) and error else None


def _error_line(exc: BaseException, label: str) -> str:
    if isinstance(exc, DocgenError):
        return str(exc) if exc.path else f"{label}: {exc}"
    return f"{label}: 内部错误（程序缺陷，不是这个文件的问题）；设置 DOCGEN_DEBUG=1 单独处理此文件可看到详情，请报告给维护者"


def _run_one(worker: Callable[[Any], Any], task: Any, label: str) -> Outcome:
    error = _precomputed_error(task)
    if error is not None:
        return Outcome(label, error=f"{label}: {error}")
    try:
        return Outcome(label, value=worker(task))
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the batch
        return Outcome(label, error=_error_line(exc, label))


# worker-process state: set by the SIGTERM handler the parent triggers on Ctrl-C
_STOPPING = False
_IN_TASK = False


def _on_sigterm(signum, frame):
    global _STOPPING
    _STOPPING = True
    if _IN_TASK:
        # unwinds the running task: atomic_write removes its temporary file on the way out
        raise KeyboardInterrupt


def _worker_init(initializer: Optional[Callable[..., None]], initargs: Tuple) -> None:
    # Ctrl-C reaches every process of the terminal's foreground group; the parent alone handles it
    # (and tells workers to stop with SIGTERM), so workers print no tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    _worker_init_safe(initializer, initargs)


def _worker_init_safe(initializer: Optional[Callable[..., None]], initargs: Tuple) -> None:
    if initializer is not None:
        try:
            initializer(*initargs)
        except Exception:  # noqa: BLE001 - a failed preload only loses the head start; tasks report
            pass


def _run_chunk(worker: Callable[[Any], Any], chunk: List[Tuple[Any, str]]) -> List[Outcome]:
    global _IN_TASK
    out = []
    for task, label in chunk:
        if _STOPPING:
            out.append(Outcome(label, cancelled=True, error="已中断"))
            continue
        _IN_TASK = True
        try:
            out.append(_run_one(worker, task, label))
        finally:
            _IN_TASK = False
    return out


def preload(style_path: Optional[str] = None, template_path: Optional[str] = None,
            lexicon: bool = False, writer: bool = True) -> None:
    """Warm a process for format/check work: the rule set, python-docx and docxtpl with the template
    (one tiny render fills the per-process template cache) and the rule modules; with ``lexicon``
    also the dictionary word set of the check rules DUP-CHAR and DE-DI-DE (about 0.1 s from its
    cache; ``format`` does not need it, so do not pay for it there).
    ``writer=False`` skips python-docx's writer and the template (check never writes a document).
    Pass it as ``run_batch(initializer=functools.partial(preload, style_path, lexicon=...))``."""
    from docgen.check.runner import active_rules
    from docgen.model import Document, Paragraph
    from docgen.style import load_style
    style = load_style(style_path)
    if writer:
        from docgen.writers.docx import render_docx

        render_docx(Document(title="预热", body=[Paragraph(text="预热。")]), style, template_path)
    for kind in ("text", "docx"):
        active_rules(style, kind)
    if lexicon:
        from docgen.text.lexicon import is_word

        # the word set of DUP-CHAR and friends (0.1 s from its cache); jieba's part-of-speech
        # tagger (0.8 s) is left to the few documents with a "有计划的" to judge
        is_word("预热")


def _pool_context():
    """``fork`` where it is safe and available (Linux): workers start in milliseconds with the
    parent's modules; elsewhere the platform default (spawn on macOS and Windows)."""
    import multiprocessing

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def run_batch(tasks: Sequence[Any], worker: Callable[[Any], Any], jobs: int = 1,
              progress: Optional[bool] = None, label: str = "处理",
              initializer: Optional[Callable[..., None]] = None, initargs: Tuple = (),
              labels: Optional[Sequence[str]] = None, stream: Optional[TextIO] = None) -> BatchResult:
    """Run ``worker(task)`` for every task and return the outcomes in input order.

    ``worker`` is a top-level (picklable) function returning a small picklable value or raising:
    DocgenError -> its one-line message, any other Exception -> "内部错误：…", recorded for that
    task while the batch goes on.  ``jobs`` > 1 uses a process pool (0 = one per CPU);
    ``initializer(*initargs)`` preloads heavy modules once per process, not per task: with fork it
    runs in the parent just before the pool starts (the workers inherit the result), with spawn in
    each worker; the serial path loads lazily instead (the same cost, paid only if needed).
    A task for "-" (stdin) always runs in the parent: a pool worker's stdin is /dev/null.
    ``progress``: None = a progress line on ``stream`` (stderr) only if it is a terminal; False =
    never (--quiet); True = always.  Ctrl-C cancels pending tasks, stops running ones (their
    temporary files are removed) and re-raises KeyboardInterrupt."""
    stream = stream if stream is not None else sys.stderr
    tasks = list(tasks)
    names = list(labels) if labels is not None else [_label(t) for t in tasks]
    jobs = min(resolve_jobs(jobs), max(1, len(tasks)))
    bar = Progress(label, len(tasks), _show_progress(progress, stream), stream)
    started = time.perf_counter()
    try:
        if jobs <= 1:
            outcomes = []
            for task, name in zip(tasks, names):
                outcomes.append(_run_one(worker, task, name))
                bar.advance()
        else:
            outcomes = _run_pool(tasks, names, worker, jobs, bar, initializer, initargs)
    finally:
        bar.close()
    return BatchResult(outcomes, time.perf_counter() - started, jobs)


def _chunk_size(remaining: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, remaining // (GUIDED_FACTOR * jobs)))


def _run_pool(tasks, names, worker, jobs, bar, initializer, initargs) -> List[Outcome]:
    import gc
    from collections import deque

    outcomes: List[Optional[Outcome]] = [None] * len(tasks)
    for i, task in enumerate(tasks):
        if _reads_stdin(task):
            outcomes[i] = _run_one(worker, task, names[i])
            bar.advance()
    queue = deque(i for i in range(len(tasks)) if outcomes[i] is None)
    if not queue:
        return [o for o in outcomes if o is not None]
    context = _pool_context()
    forking = context.get_start_method() == "fork"
    if initializer is not None and forking and PRELOAD_IN_PARENT:
        # forked workers inherit what the parent loaded: preload once here, not once per worker
        _worker_init_safe(initializer, initargs)
        initializer = None
    if forking:
        # what the parent has loaded so far lives as long as the process: keep the workers' garbage
        # collector off it, so its pages stay shared (copy-on-write) and collections stay short
        gc.freeze()
    try:
        _dispatch(tasks, names, worker, jobs, bar, initializer, initargs, context, outcomes, queue)
    finally:
        if forking:
            gc.unfreeze()
    return [o for o in outcomes if o is not None]


def _dispatch(tasks, names, worker, jobs, bar, initializer, initargs, context, outcomes, queue) -> None:
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # When a worker dies, every chunk in flight fails with it and we cannot tell which task killed
    # it.  Those tasks become suspects: each is retried alone, with nothing else in flight, so a
    # death during a solo run is that task's own, and an innocent neighbour is never blamed.
    suspects = set()

    def next_chunk() -> List[int]:
        size = _chunk_size(len(queue), jobs)
        chunk = []
        while queue and len(chunk) < size and queue[0] not in suspects:
            chunk.append(queue.popleft())
        return chunk

    def collect(fut: Future, chunk: List[int], solo: bool) -> bool:
        """Record a finished chunk; False if its worker died (the chunk goes back to the queue)."""
        try:
            results = fut.result()
        except BrokenProcessPool:
            if solo:
                i = chunk[0]
                outcomes[i] = Outcome(names[i], error=f"{names[i]}: 内部错误：处理进程意外退出")
                bar.advance()
            else:
                for i in reversed(chunk):
                    suspects.add(i)
                    queue.appendleft(i)
            return False
        except Exception as exc:  # noqa: BLE001 - e.g. a value that does not pickle
            results = [Outcome(names[i], error=_error_line(exc, names[i])) for i in chunk]
        for i, o in zip(chunk, results):
            outcomes[i] = o
        bar.advance(len(chunk))
        return True

    def fill() -> None:
        """Submit chunks until enough are in flight (a suspect alone, once the others are done)."""
        if any(solo for _, solo in in_flight.values()):
            return
        while queue and not broken and len(in_flight) < jobs * CHUNKS_IN_FLIGHT_PER_JOB:
            if queue[0] in suspects:
                if not in_flight:             # a suspect runs only once the others have finished
                    i = queue.popleft()
                    suspects.discard(i)
                    in_flight[pool.submit(_run_chunk, worker, [(tasks[i], names[i])])] = ([i], True)
                return
            chunk = next_chunk()
            in_flight[pool.submit(_run_chunk, worker, [(tasks[i], names[i]) for i in chunk])] = (chunk, False)

    while queue:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                   initializer=_worker_init, initargs=(initializer, initargs))
        in_flight: Dict[Future, Tuple[List[int], bool]] = {}
        broken = False
        try:
            # the workers start with the first tasks; a Ctrl-C that reached a worker before its
            # initializer ignores SIGINT printed a traceback there and was lost here: hold SIGINT
            # until they are up (the workers inherit the mask and ignore it; the parent gets it then)
            with _sigint_held():
                fill()
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for fut in done:
                    chunk, solo = in_flight.pop(fut)
                    broken |= not collect(fut, chunk, solo)
                fill()
        except BaseException:  # KeyboardInterrupt (or SystemExit): stop everything, keep no partial file
            _abandon(pool)
            raise
        pool.shutdown(wait=True)


@contextmanager
def _sigint_held():
    """Block SIGINT in this thread for the ``with`` body (delivered when it ends), where the
    platform can; otherwise do nothing."""
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _abandon(pool: "ProcessPoolExecutor") -> None:
    """Stop a pool after Ctrl-C: tell the workers to stop (their running task removes its temporary
    file), give them STOP_GRACE_S, then kill what is left.  A second Ctrl-C while this runs is
    ignored: it once broke into the pool's own shutdown and left the batch waiting forever for
    workers that had nothing more to do, or left workers running with no parent."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        procs = list((getattr(pool, "_processes", None) or {}).values())
        for proc in procs:
            if proc.is_alive():
                try:
                    os.kill(proc.pid, signal.SIGTERM)
                except OSError:
                    pass
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + STOP_GRACE_S
        for proc in procs:
            proc.join(max(0.0, deadline - time.monotonic()))
        for proc in procs:
            if proc.is_alive():
                proc.kill()
                proc.join(STOP_GRACE_S)
    finally:
        signal.signal(signal.SIGINT, previous)
