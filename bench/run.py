"""docgen benchmarks: figures and ratios, never pass/fail.

Run from the repository root:  python bench/run.py  [--quick]

For each operation (build, format txt, format docx, check docx, check txt) and each input (the five
seeds, and synthetic speeches of 1×, 4× and 16× a seed's length) it prints the median CPU milliseconds
per document in-process after warm-up, the peak RSS of a fresh process doing the same work, and the
ratio against a baseline measured in the same run: a plain python-docx script that writes the same
paragraphs with the same run properties and saves (the floor for our stack).  Then whole-process
times (`docgen --help`, `docgen format`) and batch throughput with --jobs 1 and --jobs 2.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
LONG_SEED = ROOT / "seeds" / "002_b2d4874fc0b8858a.txt"


# --- inputs ---------------------------------------------------------------------------------------

def synthetic_text(times: int) -> str:
    """A speech ``times`` × the length of seed 002: its sections repeated, renumbered."""
    lines = LONG_SEED.read_text(encoding="utf-8").splitlines()
    head, sections, tail = lines[:7], lines[7:23], lines[23:]
    body, n = [], 0
    for _ in range(times):
        for line in sections:
            if re.match(r"^[一二三四五六七八九十]+、", line):
                n += 1
                line = re.sub(r"^[一二三四五六七八九十]+、", hanzi_number(n) + "、", line)
            body.append(line)
    return "\n".join(head + body + tail) + "\n"


def hanzi_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def flatten_for_baseline(doc, style):
    """(role, text) pairs of what the writer prints, for the raw python-docx baseline."""
    from docgen.model import Paragraph, Section, Table, iter_blocks

    out = []
    if doc.title:
        out.append(("title", doc.title))
    out += [("subtitle", s) for s in doc.subtitle]
    if doc.salutation:
        out.append(("salutation", doc.salutation))
    for depth, block in iter_blocks(doc.body):
        if isinstance(block, Section):
            out.append((f"h{min(depth, 4)}", (block.number or "") + block.heading))
        elif isinstance(block, Paragraph):
            out.append(("body", (block.lead or "") + block.text))
        elif isinstance(block, Table):
            out += [("table", "".join(r)) for r in block.rows]
    out += [("closing", c) for c in doc.closing]
    return out


def baseline_write(pairs, style) -> bytes:
    """The floor: python-docx writing the same paragraphs with the same run properties."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    align = {"both": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
             "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
    d = docx.Document()
    for role_name, text in pairs:
        role = style.role(role_name)
        p = d.add_paragraph()
        p.paragraph_format.alignment = align[role.align]
        if role.first_line_chars:
            p.paragraph_format.first_line_indent = Pt(role.first_line_chars * role.size_pt)
        r = p.add_run(text)
        r.font.name = role.latin_font
        r.font.size = Pt(role.size_pt)
        r.font.bold = role.bold
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), role.font)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --- timing ---------------------------------------------------------------------------------------

def median_ms_interleaved(fns, repeat: int, warmup: int = 2):
    """{name: median CPU ms} of several functions timed in turns (one run of each per round), so
    that a change of load on the shared cores hits the baseline and the operations alike and the
    ratios stay meaningful.  CPU (process) time, not wall time: other processes share the cores."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.process_time()
            fn()
            times[name].append((time.process_time() - t0) * 1000)
    return {name: statistics.median(ts) for name, ts in times.items()}


def peak_rss_mb(op: str, size: str) -> float:
    """Peak RSS of a fresh process that does ``op`` once on ``size``."""
    out = subprocess.run([sys.executable, __file__, "--one", op, size], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])["rss_mb"]
    except (IndexError, ValueError, KeyError):
        return float("nan")


class Inputs:
    """Prepared inputs per size: text, docx made by format, parsed Document."""

    def __init__(self, tmp: Path):
        from docgen.api import format_file

        self.tmp = tmp
        self.sizes = {}
        named = {p.stem[:3]: p.read_text(encoding="utf-8") for p in SEEDS}
        named.update({f"{k}x": synthetic_text(k) for k in (1, 4, 16)})
        for name, text in named.items():
            txt = tmp / f"{name}.txt"
            txt.write_text(text, encoding="utf-8")
            dx = tmp / f"{name}.docx"
            format_file(txt, dx)
            self.sizes[name] = (txt, dx)


def operations(tmp: Path):
    from docgen.check.runner import check_paths
    from docgen.api import format_file
    from docgen.api import read_input
    from docgen.style import load_style
    from docgen.writers.docx import render_docx

    style = load_style()

    def ops_for(txt: Path, dx: Path):
        doc = read_input(str(txt)).document
        pairs = flatten_for_baseline(doc, style)
        out = tmp / "out.docx"
        return {
            "baseline": lambda: baseline_write(pairs, style),
            "build": lambda: render_docx(doc, style),
            "format txt": lambda: format_file(txt, out),
            "format docx": lambda: format_file(dx, out),
            "check docx": lambda: check_paths([str(dx)], style),
            "check txt": lambda: check_paths([str(txt)], style),
        }

    return ops_for


def run_one(op: str, size: str) -> None:
    """Child process for peak RSS: prepare, run op once, print max RSS."""
    import resource

    tmp = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        from docgen.api import format_file

        text = synthetic_text(int(size[:-1])) if size.endswith("x") else \
            next(p for p in SEEDS if p.stem.startswith(size)).read_text(encoding="utf-8")
        txt = tmp / "in.txt"
        txt.write_text(text, encoding="utf-8")
        dx = tmp / "in.docx"
        if op in ("format docx", "check docx"):
            format_file(txt, dx)
        operations(tmp)(txt, dx)[op]()
        print(json.dumps({"rss_mb": _peak_rss_kb(resource) / 1024}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _peak_rss_kb(resource) -> float:
    """This process's peak RSS.  /proc's VmHWM belongs to the memory of this program only; on Linux
    ru_maxrss also keeps the high-water mark of the process that forked us (the bench itself,
    hundreds of MB), which made every figure the same."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


#: the whole-process floor: python-docx writing a seed's lines as paragraphs (argv: seed, out)
RAW_DOCX_SCRIPT = ("import sys, docx\n"
                   "d = docx.Document()\n"
                   "for line in open(sys.argv[1], encoding='utf-8'):\n"
                   "    d.add_paragraph(line.strip())\n"
                   "d.save(sys.argv[2])\n")


def whole_process(args, repeat=5, env=None) -> float:
    return whole_process_times(args, repeat, env)[0]


def whole_process_times(args, repeat=5, env=None, ok_codes=(0,)):
    """(median wall seconds, median CPU seconds of the child) of running ``args``; an exit code
    outside ``ok_codes`` raises (check exits 1 when it finds errors: pass (0, 1))."""
    import resource

    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(args, cwd=ROOT, capture_output=True, env=env)
        if proc.returncode not in ok_codes:
            raise subprocess.CalledProcessError(proc.returncode, args, proc.stdout, proc.stderr)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def bytecode_env(cache_dir: Path) -> dict:
    """The environment with Python's bytecode cache on, kept in ``cache_dir`` (an installed
    package has its .pyc files; PYTHONDONTWRITEBYTECODE makes every process compile our sources)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir)
    return env


def batch_rates(n_docs: int, command, ok_codes) -> None:
    """Time ``command(jobs)`` once with --jobs 1 and 2 and print docs/s and the speed-up."""
    rates = {}
    for jobs in (1, 2):
        t0 = time.perf_counter()
        proc = subprocess.run(command(jobs), cwd=ROOT, capture_output=True)
        t = time.perf_counter() - t0
        if proc.returncode not in ok_codes:
            print(f"  --jobs {jobs}: failed (exit {proc.returncode}): "
                  f"{proc.stderr.decode(errors='replace').strip()[:200]}")
            continue
        rates[jobs] = n_docs / t
        print(f"  --jobs {jobs}: {t:.2f} s, {rates[jobs]:.0f} docs/s")
    if len(rates) == 2:
        print(f"  speed-up --jobs 2 / --jobs 1: {rates[2] / rates[1]:.2f}×")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, no RSS and batch figures")
    ap.add_argument("--one", nargs=2, metavar=("OP", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(*args.one)
        return

    repeat = 5 if args.quick else 15
    tmp = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        inputs = Inputs(tmp)
        ops_for = operations(tmp)
        print(f"docgen bench — median CPU ms per document in-process after warm-up ({repeat} runs); "
              f"ratio = op / raw python-docx baseline on the same paragraphs, same run")
        header = f"{'input':<8}{'chars':>8}{'baseline':>10}" + "".join(
            f"{op:>14}" for op in ("build", "format txt", "format docx", "check docx", "check txt"))
        print(header)
        results = {}
        for name, (txt, dx) in inputs.sizes.items():
            ops = ops_for(txt, dx)
            row = median_ms_interleaved(ops, repeat)
            results[name] = row
            chars = len(txt.read_text(encoding="utf-8"))
            cells = "".join(f"{row[op]:8.1f} ×{row[op] / row['baseline']:4.2f}"
                            for op in ("build", "format txt", "format docx", "check docx", "check txt"))
            print(f"{name:<8}{chars:>8}{row['baseline']:>10.1f}{cells}")
        if {"1x", "16x"} <= set(results):
            print("\nlinearity (16× cost / 1× cost; linear = 16):")
            for op in ("baseline", "build", "format txt", "format docx", "check docx", "check txt"):
                print(f"  {op:<12} {results['16x'][op] / results['1x'][op]:6.1f}")
        seed_docs = [n for n in results if not n.endswith("x")]
        if seed_docs:
            per_doc = statistics.median(results[n]["check docx"] for n in seed_docs)
            print(f"\ncheck .docx throughput on one core (seeds): {1000 / per_doc:.0f} docs/s")

        if not args.quick:
            print("\npeak RSS of a fresh process (MB):")
            for size in ("1x", "16x"):
                figures = {op: peak_rss_mb(op, size) for op in
                           ("baseline", "build", "format txt", "format docx", "check docx")
                           if op != "baseline"}
                print(f"  {size:<4} " + "  ".join(f"{op} {mb:.0f}" for op, mb in figures.items()))

        docgen = [sys.executable, "-m", "docgen"]
        cached = bytecode_env(tmp / "pycache")
        fmt = docgen + ["format", str(LONG_SEED), "-o", str(tmp / "x.docx")]
        whole_process(fmt, repeat=1, env=cached)           # fills the bytecode cache
        print("\nwhole process (median of 5; wall s / CPU s of the process"
              + ("; PYTHONDONTWRITEBYTECODE is set, so also with a bytecode cache" if
                 os.environ.get("PYTHONDONTWRITEBYTECODE") else "") + "):")
        # the floor for a whole process: Python, python-docx, and seed 002's paragraphs saved
        raw = [sys.executable, "-c", RAW_DOCX_SCRIPT, str(LONG_SEED), str(tmp / "raw.docx")]
        formatted = tmp / "x.docx"                          # written by the warm-up run above
        check_codes = (0, 1)                                 # check exits 1 when it finds errors
        # the floor of our stack: what importing the design card's libraries alone costs
        card = [sys.executable, "-c", "import docx, docxtpl, click, yaml"]
        floor_cpu = None
        for label, cmd, codes in (
                ("python -c pass", [sys.executable, "-c", "pass"], (0,)),
                ("python-docx: seed 002 as paragraphs", raw, (0,)),
                ("import docx, docxtpl, click, yaml", card, (0,)),
                ("docgen --help", docgen + ["--help"], (0,)),
                ("docgen build examples/speech.yaml",
                 docgen + ["build", str(ROOT / "examples" / "speech.yaml"), "-o", str(tmp / "speech.docx")], (0,)),
                ("docgen format seeds/002….txt", fmt, (0,)),
                ("docgen check (002 formatted)", docgen + ["check", str(formatted)], check_codes)):
            wall, cpu = whole_process_times(cmd, ok_codes=codes)
            if cmd is raw:
                floor_cpu = cpu
            line = f"  {label:<36}  {wall:.3f} s / {cpu:.3f} s"
            if floor_cpu and cmd is not raw:
                line += f"  ({cpu / floor_cpu:.2f}× the python-docx script)"
            if os.environ.get("PYTHONDONTWRITEBYTECODE"):
                wall, cpu = whole_process_times(cmd, env=cached, ok_codes=codes)
                line += f"   with .pyc: {wall:.3f} s / {cpu:.3f} s"
            print(line)

        if not args.quick:
            n_docs = 200                    # documents per batch run (format and check, --jobs 1 and 2)
            batch = tmp / "batch"
            batch.mkdir()
            for i in range(n_docs):
                shutil.copy(SEEDS[i % len(SEEDS)], batch / f"{i:03d}.txt")
            print(f"\nbatch of {n_docs} drafts, docgen format DIR -o OUT:")
            batch_rates(n_docs, lambda jobs: docgen + ["format", str(batch), "-o", str(tmp / f"out{jobs}"),
                                                      "--jobs", str(jobs), "--quiet"], ok_codes=(0,))

            # check takes .docx files as users send them: the seeds formatted once, copied to 200
            seeds_docx = tmp / "seeds_docx"
            subprocess.run(docgen + ["format", str(ROOT / "seeds"), "-o", str(seeds_docx), "--quiet"],
                           cwd=ROOT, check=True, capture_output=True)
            formatted = sorted(seeds_docx.glob("*.docx"))
            docx_batch = tmp / "batch_docx"
            docx_batch.mkdir()
            for i in range(n_docs):
                shutil.copy(formatted[i % len(formatted)], docx_batch / f"{i:03d}.docx")
            print(f"\nbatch of {n_docs} formatted .docx, docgen check DIR:")
            # exit 1 = findings of severity error: a normal outcome of check
            batch_rates(n_docs, lambda jobs: docgen + ["check", str(docx_batch), "--jobs", str(jobs), "--quiet"],
                        ok_codes=(0, 1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
