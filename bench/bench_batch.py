"""Batch throughput: reports per second with 1 and 2 workers, and peak memory.

Generates N synthetic reports (tools/synth.py, default 200), runs `cli.py batch`
on them in a fresh process per run (so that peak memory is that run's), R times
per worker count, and prints the medians. Usage:

    .venv/bin/python bench/bench_batch.py [--n 200] [--repeat 3] [--workers 1 2]

Peak memory is ru_maxrss as the batch records it in its manifest: the parent
process, and the largest worker process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import synth  # noqa: E402


def one_run(src: Path, out: Path, workers: int) -> dict:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "batch", str(src), "-o", str(out),
                           "--workers", str(workers)], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run = manifest["runs"][-1]
    return {"seconds": seconds, "files": run["processed"], "parent_mb": run["peak_rss_parent_mb"],
            "worker_mb": run["peak_rss_workers_mb"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        src = Path(tmp) / "in"
        synth.write_batch(src, n=args.n, seed=2023)
        print(f"{args.n} synthetic reports, {args.repeat} run(s) per setting (wall time of `cchc batch`, "
              "process start included)")
        for workers in args.workers:
            runs = [one_run(src, Path(tmp) / f"out-{workers}-{i}", workers) for i in range(args.repeat)]
            rate = statistics.median(r["files"] / r["seconds"] for r in runs)
            times = ", ".join(f"{r['seconds']:.1f} s" for r in runs)
            print(f"workers={workers}: {rate:.2f} reports/s (median; runs: {times}), peak RSS parent "
                  f"{statistics.median(r['parent_mb'] for r in runs):.0f} MB, largest worker "
                  f"{statistics.median(r['worker_mb'] for r in runs):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
