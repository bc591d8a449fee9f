"""A folder of reports in one run: parallel extraction into the store.

`run_batch(DIR, OUT)` extracts every report under DIR in worker processes and
writes, for each, `OUT/reports/<relative path>.json`, its rows in the store
(`OUT/cchc.sqlite`) and its line in `OUT/manifest.json`.

Why it is safe to kill at any moment and re-run:
- a worker writes its JSON to a temporary file and renames it into place, so a
  JSON is complete or absent;
- the parent process is the only writer of the store and records a report
  (file line + every row) in one transaction after its JSON exists;
- the store, not the manifest, decides what is already done: a re-run skips a
  file whose sha256 and extractor version are unchanged and whose JSON exists,
  and redoes everything else. `manifest.json` is rewritten from the store.
A worker that dies (crash, out of memory, killed) breaks the process pool:
the reports that were in flight are re-run one at a time in a fresh pool, and
only one that breaks its pool again is recorded as failed ("crashed").
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from . import __version__, store
from .errors import CchcError

SUFFIXES = (".docx", ".txt", ".pdf", ".doc")  # .pdf/.doc are listed so that they fail with a reason
REPORTS_DIR = "reports"
MANIFEST = "manifest.json"
_LOCK = ".cchc-batch.lock"
_MANIFEST_EVERY = 0.5  # seconds between manifest rewrites (the store is written per report)


class BatchError(RuntimeError):
    """The batch cannot run (missing folder, output locked, unusable store)."""


@dataclass(frozen=True)
class Task:
    """One file to extract: where it is and where its JSON goes."""

    key: str  # path relative to the batch folder, "/"-separated
    path: str
    output: str  # relative to OUT
    out_dir: str


@dataclass
class Outcome:
    """What a worker reports back for one file: its record and, when read, its store rows."""

    record: store.FileRecord
    rows: store.Rows | None = None


@dataclass(frozen=True)
class Event:
    """Progress of the batch, for a progress bar or a log line."""

    kind: str  # "start" | "ok" | "failed" | "skipped" | "pruned" | "retry"
    key: str = ""
    done: int = 0
    total: int = 0
    reason: str | None = None
    seconds: float | None = None


@dataclass
class BatchResult:
    files: int = 0  # files under DIR
    processed: int = 0  # extracted in this run
    skipped: int = 0  # unchanged since a previous run
    failed: dict[str, str] = field(default_factory=dict)  # key -> reason, failed in this run or before
    pruned: list[str] = field(default_factory=list)  # keys gone from DIR, removed from the store
    interrupted: bool = False
    seconds: float = 0.0
    workers: int = 1
    peak_rss_mb: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> int:
        return self.files - len(self.failed)


def run_batch(src: str | Path, out: str | Path, *, workers: int | None = None, force: bool = False,
              store_path: str | Path | None = None,
              on_event: Callable[[Event], None] | None = None) -> BatchResult:
    """Extract every report under `src` into `out` (see the module docstring).

    Raises BatchError when it cannot start; KeyboardInterrupt propagates after
    the store and the manifest are consistent.
    """
    src, out = Path(src), Path(out)
    if not src.is_dir():
        raise BatchError(f"{src}: not a folder")
    out.mkdir(parents=True, exist_ok=True)
    emit = on_event or (lambda e: None)
    workers = max(1, workers or os.cpu_count() or 1)
    with _locked(out), _store(store_path or out / store.DEFAULT_NAME) as conn:
        run = _Run(conn, out, src, workers, emit)
        return run.execute(discover(src, exclude=out), force)


def discover(src: Path, exclude: Path | None = None) -> list[Path]:
    """Report files under `src` in a stable order, leaving out hidden files,
    Word's "~$" lock files and anything under `exclude` (OUT inside DIR)."""
    skip = exclude.resolve() if exclude else None
    found = []
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if any(part.startswith((".", "~$")) for part in rel.parts) or path.suffix.lower() not in SUFFIXES:
            continue
        if skip and (path.resolve() == skip or skip in path.resolve().parents):
            continue
        if path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(src).as_posix())


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One batch at a time per output folder (advisory lock; none on Windows)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(out / _LOCK, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise BatchError(f"{out}: another batch is writing to this folder") from exc
        yield


@contextmanager
def _store(path: Path) -> Iterator:
    try:
        conn = store.connect(path)
    except store.StoreError as exc:
        raise BatchError(str(exc)) from exc
    try:
        yield conn
    finally:
        conn.close()


class _Run:
    """One execution of the batch: plan, prune, extract, record, manifest."""

    def __init__(self, conn, out: Path, src: Path, workers: int, emit: Callable[[Event], None]):
        self.conn, self.out, self.src, self.workers, self.emit = conn, out, src, workers, emit
        self.result = BatchResult(workers=workers)
        self.total = 0
        self.done = 0
        self.last_manifest = 0.0

    def execute(self, paths: list[Path], force: bool) -> BatchResult:
        start = time.perf_counter()
        _remove_temp_files(self.out)
        self.result.files = len(paths)
        tasks = self._plan(paths, force)
        self._prune({self._key(p) for p in paths})
        run_id = store.start_run(self.conn, self.workers, len(paths))
        status = "interrupted"
        try:
            self.emit(Event("start", total=self.total))
            _run_tasks(tasks, self.workers, self._record, self.emit)
            status = "complete"
        except KeyboardInterrupt:
            self.result.interrupted = True
            raise
        finally:
            self._finish(run_id, status, time.perf_counter() - start)
        return self.result

    def _key(self, path: Path) -> str:
        return path.relative_to(self.src).as_posix()

    def _plan(self, paths: list[Path], force: bool) -> list[Task]:
        """Tasks for the files that are new, changed, or were done by another version."""
        known = store.files(self.conn)
        tasks = []
        for path in paths:
            key = self._key(path)
            task = Task(key, str(path), f"{REPORTS_DIR}/{key}.json", str(self.out))
            if not force and _unchanged(known.get(key), sha256_of(path), self.out):
                self.result.skipped += 1
                self.emit(Event("skipped", key))
                continue
            tasks.append(task)
        self.total = len(tasks)
        return tasks

    def _prune(self, present: set[str]) -> None:
        """Forget the files that are no longer in the folder (and delete their JSON)."""
        for key, rec in store.files(self.conn).items():
            if key in present:
                continue
            store.remove(self.conn, key)
            if rec.output:
                (self.out / rec.output).unlink(missing_ok=True)
            self.result.pruned.append(key)
            self.emit(Event("pruned", key))

    def _record(self, outcome: Outcome) -> None:
        """Store one outcome (one transaction), then refresh the manifest."""
        rec = outcome.record
        rec.generator, rec.processed_at = __version__, store._now()
        try:
            store.record(self.conn, rec, outcome.rows)
        except (store.sqlite3.IntegrityError, store.sqlite3.InterfaceError, ValueError) as exc:
            rec.status, rec.error, rec.reason = "failed", "store", f"could not be stored ({exc})"
            store.record(self.conn, rec, None)
        if rec.status != "ok" and rec.output:
            (self.out / rec.output).unlink(missing_ok=True)  # no JSON without its store rows
        self.result.processed += 1
        self.done += 1
        self.emit(Event(rec.status, rec.key, self.done, self.total, rec.reason, rec.timings.get("total_s")))
        self._manifest()

    def _manifest(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_manifest >= _MANIFEST_EVERY:
            write_manifest(self.conn, self.out, self.src)
            self.last_manifest = now

    def _finish(self, run_id: int, status: str, seconds: float) -> None:
        recs = store.files(self.conn)
        self.result.failed = {k: r.reason or r.error or "failed" for k, r in recs.items() if r.status == "failed"}
        self.result.seconds = seconds
        self.result.peak_rss_mb = peak_rss_mb()
        store.finish_run(self.conn, run_id, status, processed=self.result.processed, skipped=self.result.skipped,
                         failed=len(self.result.failed), pruned=len(self.result.pruned), seconds=round(seconds, 3),
                         peak_rss_parent_mb=self.result.peak_rss_mb.get("parent"),
                         peak_rss_workers_mb=self.result.peak_rss_mb.get("workers"))
        self._manifest(force=True)


def _unchanged(rec: store.FileRecord | None, sha: str | None, out: Path) -> bool:
    """Can a file be skipped: same bytes, same extractor version, and its JSON still there?"""
    if rec is None or sha is None or rec.sha256 != sha or rec.generator != __version__:
        return False
    return rec.status == "failed" or bool(rec.output and (out / rec.output).is_file())


def _remove_temp_files(out: Path) -> None:
    """Temporary files (`write_atomic`) left by a run that was killed mid-write."""
    reports = out / REPORTS_DIR
    for tmp in [*out.glob(".*.tmp"), *(reports.rglob(".*.tmp") if reports.is_dir() else ())]:
        tmp.unlink(missing_ok=True)


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest finished worker (MB)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return {}
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20
    return {"parent": round(own, 1), "workers": round(kids, 1)}


# -- worker side -----------------------------------------------------------------

def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops the batch cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process(task: Task) -> Outcome:
    """Extract one file, write its JSON atomically and build its store rows (runs in a worker)."""
    from .pipeline import extract_report

    t0 = time.perf_counter()
    path = Path(task.path)
    stat = _stat(path)
    try:
        result = extract_report(path)
    except CchcError as exc:
        return _failed(task, stat, exc.code, exc.reason, t0)
    except Exception as exc:  # a bug must not stop the batch
        return _failed(task, stat, "internal", f"internal error ({type(exc).__name__}: {exc})", t0)
    t1 = time.perf_counter()
    text = result.model_dump_json(indent=2) + "\n"  # the same text as json.dumps(indent=2), 6x faster
    write_atomic(Path(task.out_dir) / task.output, text)
    t2 = time.perf_counter()
    rows = store.report_rows(result, task.key, stat[1])
    counts = {name: len(getattr(result, name)) for name in
              ("sections", "references", "documents", "task_counts", "indicators", "tables", "findings", "blocks")}
    timings = {"extract_s": round(t1 - t0, 4), "write_s": round(t2 - t1, 4),
               "total_s": round(time.perf_counter() - t0, 4)}
    rec = store.FileRecord(task.key, "ok", result.source.sha256, result.source.bytes, stat[1],
                           output=task.output, timings=timings, counts=counts)
    return Outcome(rec, rows)


def _stat(path: Path) -> tuple[int | None, float | None]:
    try:
        st = path.stat()
        return st.st_size, st.st_mtime
    except OSError:
        return None, None


def _failed(task: Task, stat: tuple, error: str, reason: str, t0: float | None = None) -> Outcome:
    timings = {"total_s": round(time.perf_counter() - t0, 4)} if t0 is not None else {}
    return Outcome(store.FileRecord(task.key, "failed", sha256_of(Path(task.path)), stat[0], stat[1],
                                    error=error, reason=reason, timings=timings))


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers (and a re-run after a kill) see it whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# -- parent side: the pool ----------------------------------------------------------

def _run_tasks(tasks: list[Task], workers: int, record: Callable[[Outcome], None],
               emit: Callable[[Event], None], worker: Callable[[Task], Outcome] = process) -> None:
    """Run every task; tasks caught in a broken pool are retried alone, once."""
    queue = deque(tasks)
    suspects: list[Task] = []
    while queue:
        suspects += _run_pool(queue, workers, record, worker)
    for task in suspects:
        emit(Event("retry", task.key, reason="a worker process died; read again on its own"))
        if _run_pool(deque([task]), 1, record, worker):
            record(_failed(task, _stat(Path(task.path)), "crashed",
                           "the worker process died while reading this file (crash or out of memory)"))


def _run_pool(queue: deque[Task], workers: int, record: Callable[[Outcome], None],
              worker: Callable[[Task], Outcome] = process) -> list[Task]:
    """Feed `queue` to a fresh pool until it is empty or the pool breaks.

    Returns the tasks that were in flight when the pool broke (empty if it did
    not). At most 2 tasks per worker are in flight, which bounds memory and
    the work a break puts in doubt.
    """
    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)
    inflight: dict[Future, Task] = {}
    try:
        while queue or inflight:
            while queue and len(inflight) < 2 * workers:
                task = queue.popleft()
                try:
                    inflight[pool.submit(worker, task)] = task
                except BrokenProcessPool:  # a worker died since the last wait: the task never ran
                    queue.appendleft(task)
                    done = {fut for fut in inflight if fut.done()}
                    return _collect(done, inflight, record) + list(inflight.values())
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken = _collect(done, inflight, record)
            if broken:
                return broken + list(inflight.values())
        return []
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(done: set[Future], inflight: dict[Future, Task], record: Callable[[Outcome], None]) -> list[Task]:
    """Record the finished futures; return the tasks whose pool broke under them."""
    broken = []
    for fut in done:
        task = inflight.pop(fut)
        try:
            outcome = fut.result()
        except BrokenProcessPool:
            broken.append(task)
            continue
        record(outcome)
    return broken


# -- manifest ------------------------------------------------------------------------

def write_manifest(conn, out: Path, src: Path | None = None) -> dict:
    """Write `OUT/manifest.json` from the store (atomically) and return it."""
    recs = store.files(conn)
    reports = {r["key"]: r for r in conn.execute("SELECT key, agency, period_label, date FROM reports")}
    entries = {}
    for key, rec in recs.items():
        rep = reports.get(key)
        entries[key] = {"status": rec.status, "error": rec.error, "reason": rec.reason, "sha256": rec.sha256,
                        "bytes": rec.bytes, "output": rec.output, "generator": rec.generator,
                        "processed_at": rec.processed_at, "timings": rec.timings, "counts": rec.counts,
                        "agency": rep["agency"] if rep else None, "period": rep["period_label"] if rep else None}
    failed = sum(1 for r in recs.values() if r.status == "failed")
    manifest = {"tool": "cchc-extract", "version": __version__, "manifest_version": 1,
                "source": str(src.resolve()) if src else None, "store": store.DEFAULT_NAME,
                "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "totals": {"files": len(recs), "ok": len(recs) - failed, "failed": failed},
                "runs": store.runs(conn), "files": entries}
    write_atomic(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest
