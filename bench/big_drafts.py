"""Big inputs: does ``docgen format`` stay linear in time and bounded in memory?  (issue 12 §7)

Run from the repository root:  python bench/big_drafts.py  [--sizes 5,10,20] [--lines 100000]

Generates text drafts of about 5, 10 and 20 MB (the sections of seed 002 repeated, with web junk
and fixable punctuation sprinkled in, as pasted drafts have), and one draft of many short lines,
then runs ``docgen format DRAFT -o OUT.docx`` in a fresh process for each and prints wall seconds,
peak RSS (MB) and the ratios against the smallest size: time/size should stay near 1 (linear) and
peak memory well under 300 MB.  Figures, never pass/fail.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "seeds" / "002_b2d4874fc0b8858a.txt"
MB = 1024 * 1024
#: the input limit of the text reader (docgen/readers/text.py MAX_TEXT_BYTES) is 20 MB
LIMIT_MARGIN = 64 * 1024


def big_draft(target_bytes: int) -> str:
    """A speech of about ``target_bytes``: seed 002's sections repeated and renumbered, each copy with
    a line of web junk and a doubled punctuation mark for the cleaner to report."""
    from docgen.transforms.numbering import chinese_number

    lines = SEED.read_text(encoding="utf-8").splitlines()
    head, sections, tail = lines[:7], lines[7:23], lines[23:]
    out, size, n, copy = list(head), 0, 0, 0
    size = sum(len(l.encode()) + 1 for l in head + tail)
    while size < target_bytes:
        copy += 1
        for line in sections:
            if re.match(r"^[一二三四五六七八九十]+、", line):
                n += 1
                # one level holds at most 99 headings (一 … 九十九): later copies are body text
                line = (re.sub(r"^[一二三四五六七八九十]+、", chinese_number(n) + "、", line) if n <= 99
                        else re.sub(r"^[一二三四五六七八九十]+、", "", line).rstrip("。") + "。")
            out.append(line)
            size += len(line.encode()) + 1
        junk = [f"本文系作者原创投稿，仅供学习参考，请勿照搬照抄！（第{copy}篇）", "各单位要抓好落实。。"]
        out += junk
        size += sum(len(j.encode()) + 1 for j in junk)
    return "\n".join(out + tail) + "\n"


def short_lines(count: int) -> str:
    """``count`` short lines (a list pasted one item per line)."""
    return "在全县工作会议上的讲话\n同志们：\n" + "".join(f"第{i}项，抓好落实。\n" for i in range(count))


def run_format(draft: Path, out: Path) -> tuple:
    """(wall seconds, CPU seconds, peak RSS in MB) of ``docgen format draft -o out`` in a fresh
    process (CPU time is the steadier figure on a shared machine)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "format", str(draft), "-o", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"docgen format failed on {draft} (exit {code}): {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5,10,20", help="draft sizes in MB (20 means just under the limit)")
    ap.add_argument("--lines", type=int, default=100_000, help="short-line draft: this many lines (0: skip)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rows = []
    with tempfile.TemporaryDirectory(prefix="docgen_big_") as tmp:
        for mb in sizes:
            draft = Path(tmp) / f"draft-{mb}MB.txt"
            draft.write_text(big_draft(min(mb * MB, 20 * MB - LIMIT_MARGIN)), encoding="utf-8")
            rows.append((f"{mb} MB text", draft.stat().st_size) + run_format(draft, Path(tmp) / f"out-{mb}.docx"))
        if args.lines:
            draft = Path(tmp) / "short-lines.txt"
            draft.write_text(short_lines(args.lines), encoding="utf-8")
            rows.append((f"{args.lines} short lines", draft.stat().st_size)
                        + run_format(draft, Path(tmp) / "out-lines.docx"))
    base = rows[0]
    print(f"{'input':<22}{'bytes':>11}{'wall s':>8}{'CPU s':>8}{'CPU s/MB':>10}{'peak MB':>9}"
          f"{'CPU ratio':>11}{'size ratio':>12}")
    for name, size, wall, cpu, rss in rows:
        print(f"{name:<22}{size:>11}{wall:>8.1f}{cpu:>8.1f}{cpu / (size / MB):>10.2f}{rss:>9.0f}"
              f"{cpu / base[3]:>11.2f}{size / base[1]:>12.2f}")


if __name__ == "__main__":
    main()
