"""Requests per second of ``POST /api/format`` on a seed, with 1 and 4 concurrent clients.

Run from the repository root:  python bench/web_bench.py [--requests 40] [--seed seeds/002_….txt]

Starts ``docgen serve --port 0`` (127.0.0.1 only), warms it with one request, then sends a fixed
number of requests per run (bounded in count and time; only to the loopback server it started) and
prints requests/s and the median and 95th-percentile latency.  Figures, never pass/fail.  Every
response is checked to be the same .docx bytes (the API is deterministic, like the CLI).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SEED = ROOT / "seeds" / "002_b2d4874fc0b8858a.txt"
BOUNDARY = "----docgen-bench"
#: a run stops sending after this many seconds even if requests are left
TIME_LIMIT_S = 300


def form(seed: Path) -> bytes:
    data = seed.read_bytes()
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"output\"\r\n\r\ndocx\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"seed.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def post(url: str, body: bytes) -> bytes:
    req = urllib.request.Request(url, data=body,
                                 headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read()


def run(url: str, body: bytes, clients: int, total: int, expected: bytes) -> dict:
    latencies = []
    lock = threading.Lock()
    left = [total]
    stop_at = time.monotonic() + TIME_LIMIT_S
    bad = []

    def client():
        while time.monotonic() < stop_at:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            t = time.perf_counter()
            got = post(url, body)
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt)
                if got != expected:
                    bad.append(1)

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    lat = sorted(latencies)
    return {"clients": clients, "requests": len(lat), "rps": len(lat) / wall,
            "median_ms": 1000 * statistics.median(lat), "p95_ms": 1000 * lat[int(0.95 * (len(lat) - 1))],
            "mismatched": len(bad)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=40, help="requests per run (default 40)")
    ap.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    args = ap.parse_args()
    from docgen.web.launch import running

    with running(ROOT) as url:
        if url is None:
            print("web_bench: docgen serve did not start", file=sys.stderr)
            return 1
        endpoint = url + "api/format"
        body = form(args.seed)
        expected = post(endpoint, body)             # warm-up, and the bytes every answer must have
        print(f"POST /api/format, {args.seed.name} ({args.seed.stat().st_size} bytes) -> .docx "
              f"({len(expected)} bytes); {os.cpu_count()} CPUs")
        print(f"{'clients':>7} {'requests':>8} {'req/s':>7} {'median ms':>9} {'p95 ms':>7} {'mismatched':>10}")
        for clients in (1, 4):
            r = run(endpoint, body, clients, args.requests, expected)
            print(f"{r['clients']:>7} {r['requests']:>8} {r['rps']:>7.2f} {r['median_ms']:>9.0f} "
                  f"{r['p95_ms']:>7.0f} {r['mismatched']:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
