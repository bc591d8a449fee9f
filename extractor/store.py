"""The batch store: one SQLite file holding every report of a batch.

Consolidation and cross-checks are queries over this store. Design:

- The schema is created and migrated here: `MIGRATIONS` is an ordered list of
  SQL scripts and `schema_version` records how far a database has come. A
  database newer than this code is refused rather than guessed at.
- A report is identified by its `key` (the file's path relative to the batch
  folder). `ingest` writes the file record and all of the report's rows in ONE
  transaction, after deleting whatever that key held before: re-ingesting a
  changed report replaces its rows, and a run killed at any moment leaves each
  report either fully stored or not at all.
- `files` records every input, ok or failed, with its sha256, timings and
  counts: the batch decides what to skip from it, and `manifest.json` is
  written from it.
- Row building (`report_rows`) is a pure function of an `ExtractionResult`, so
  batch workers can do it and the single writer only executes inserts.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from .models import ExtractionResult

_V1 = """
CREATE TABLE files (
    key TEXT PRIMARY KEY,            -- path relative to the batch folder
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT,                      -- failure kind: unreadable, unsupported, limit, internal, crashed, store
    reason TEXT,                     -- human-readable reason of a failure
    sha256 TEXT, bytes INTEGER, mtime REAL,
    output TEXT,                     -- per-report JSON, relative to the batch output folder
    generator TEXT,                  -- extractor version that produced it
    processed_at TEXT, timings TEXT, counts TEXT   -- JSON objects
);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE REFERENCES files(key) ON DELETE CASCADE,
    path TEXT, format TEXT, sha256 TEXT NOT NULL, bytes INTEGER, mtime REAL,
    title TEXT, agency TEXT, province TEXT, recipients TEXT,
    period_year INTEGER, period_quarter INTEGER, period_half INTEGER, period_months INTEGER,
    period_label TEXT, period_start TEXT, period_end TEXT,
    window_start TEXT, window_end TEXT, window_text TEXT,
    number TEXT, symbol TEXT, date TEXT
);
CREATE TABLE sections (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    id TEXT, label TEXT, heading TEXT, level INTEGER, parent TEXT, topic TEXT, block INTEGER,
    numbering TEXT, PRIMARY KEY (report_id, ord)
);
CREATE TABLE mentions (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    doc_key TEXT NOT NULL,           -- the id casefolded: two ids are one document when equal ignoring case
    id TEXT, doc_type TEXT, number TEXT, year TEXT, symbol TEXT, date TEXT, issuer TEXT, subject TEXT,
    role TEXT, numbered INTEGER, resolution TEXT, date_source TEXT, date_text TEXT, subject_marker TEXT,
    text TEXT, section TEXT, block INTEGER, start INTEGER, "end" INTEGER, PRIMARY KEY (report_id, ord)
);
CREATE INDEX mentions_doc ON mentions(doc_key);
CREATE TABLE documents (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    doc_key TEXT NOT NULL,
    id TEXT, doc_type TEXT, number TEXT, year TEXT, symbol TEXT, date TEXT, issuer TEXT, subject TEXT,
    role TEXT, numbered INTEGER, mentions INTEGER, conflicts TEXT, PRIMARY KEY (report_id, ord)
);
CREATE INDEX documents_doc ON documents(doc_key);
CREATE TABLE task_counts (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    kind TEXT, done REAL, total REAL, count REAL, status TEXT, unit TEXT, percent REAL,
    text TEXT, section TEXT, block INTEGER, start INTEGER, "end" INTEGER, PRIMARY KEY (report_id, ord)
);
CREATE TABLE indicators (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    key TEXT, label TEXT, value REAL, raw TEXT, total REAL, value_max REAL, unit TEXT, period TEXT, topic TEXT,
    scope TEXT, in_task_counts INTEGER, source TEXT,
    "table" INTEGER, "row" INTEGER, col INTEGER,
    text TEXT, section TEXT, block INTEGER, start INTEGER, "end" INTEGER, PRIMARY KEY (report_id, ord)
);
CREATE INDEX indicators_key ON indicators(key);
CREATE TABLE tables (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, "index" INTEGER NOT NULL,
    section TEXT, caption TEXT, caption_block INTEGER, n_rows INTEGER, n_cols INTEGER, kind TEXT,
    header TEXT, columns TEXT, "rows" TEXT, cell_blocks TEXT, parent TEXT,   -- JSON
    PRIMARY KEY (report_id, "index")
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
    status TEXT NOT NULL,            -- running, complete, interrupted
    workers INTEGER, files INTEGER, processed INTEGER, skipped INTEGER, failed INTEGER, pruned INTEGER,
    seconds REAL, peak_rss_parent_mb REAL, peak_rss_workers_mb REAL
);
CREATE TABLE findings (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    code TEXT, severity TEXT, message TEXT, places TEXT,   -- places: JSON list of Place
    PRIMARY KEY (report_id, ord)
);
"""

# (version, script). Append new versions; never edit a released one.
MIGRATIONS: list[tuple[int, str]] = [(1, _V1)]
SCHEMA_VERSION = MIGRATIONS[-1][0]
DEFAULT_NAME = "cchc.sqlite"


class StoreError(RuntimeError):
    """The store cannot be used (newer schema, not a database, ...)."""


@dataclass
class FileRecord:
    """One input file's line in `files` (and in manifest.json)."""

    key: str
    status: str  # "ok" | "failed"
    sha256: str | None = None
    bytes: int | None = None
    mtime: float | None = None
    error: str | None = None
    reason: str | None = None
    output: str | None = None
    generator: str | None = None
    processed_at: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


Rows = dict[str, list[tuple]]


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating and migrating) the store at `path`."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
        conn.execute("PRAGMA synchronous = NORMAL")  # durable against a killed process
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable cchc store ({exc})") from exc
    except StoreError:
        conn.close()
        raise
    return conn


@contextmanager
def opened(path: str | Path) -> Iterator[sqlite3.Connection]:
    """`connect` as a context manager that closes the connection."""
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


def version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database (0 for an empty one)."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(conn: sqlite3.Connection, migrations: list[tuple[int, str]] = MIGRATIONS) -> int:
    """Bring the schema up to the newest version, one transaction per step."""
    current = version(conn)
    newest = migrations[-1][0]
    if current > newest:
        raise StoreError(f"the store has schema version {current}, newer than this program's {newest}: "
                         "upgrade cchc-extract")
    for number, script in migrations:
        if number <= current:
            continue
        with _transaction(conn):
            if number == 1:
                conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, datetime('now'))", (number,))
    return newest


def _statements(script: str) -> list[str]:
    """The statements of a migration script (no semicolons inside statements)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# Child tables: the model list each is built from and its columns after (report_id, ord).
_CHILDREN: dict[str, tuple[str, tuple[str, ...]]] = {
    "sections": ("sections", ("id", "label", "heading", "level", "parent", "topic", "block", "numbering")),
    "mentions": ("references", ("doc_key", "id", "doc_type", "number", "year", "symbol", "date", "issuer",
                                "subject", "role", "numbered", "resolution", "date_source", "date_text",
                                "subject_marker", "text", "section", "block", "start", "end")),
    "documents": ("documents", ("doc_key", "id", "doc_type", "number", "year", "symbol", "date", "issuer",
                                "subject", "role", "numbered", "mentions", "conflicts")),
    "task_counts": ("task_counts", ("kind", "done", "total", "count", "status", "unit", "percent",
                                    "text", "section", "block", "start", "end")),
    "indicators": ("indicators", ("key", "label", "value", "raw", "total", "value_max", "unit", "period", "topic",
                                  "scope", "in_task_counts", "source", "table", "row", "col",
                                  "text", "section", "block", "start", "end")),
    "tables": ("tables", ("section", "caption", "caption_block", "n_rows", "n_cols", "kind",
                          "header", "columns", "rows", "cell_blocks", "parent")),
    "findings": ("findings", ("code", "severity", "message", "places")),
}
_REPORT_COLUMNS = ("key", "path", "format", "sha256", "bytes", "mtime", "title", "agency", "province", "recipients",
                   "period_year", "period_quarter", "period_half", "period_months", "period_label",
                   "period_start", "period_end", "window_start", "window_end", "window_text",
                   "number", "symbol", "date")
_FILE_COLUMNS = ("key", "status", "error", "reason", "sha256", "bytes", "mtime", "output", "generator",
                 "processed_at", "timings", "counts")


def doc_key(doc_id: str) -> str:
    """The identity of a cited document: its id without spaces, casefolded.

    >>> doc_key("282/KH-UBND") == doc_key("282/kh-ubnd ")
    True
    """
    return "".join(doc_id.split()).casefold()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def report_rows(result: ExtractionResult, key: str, mtime: float | None = None) -> Rows:
    """Every row one report contributes, without the report id (a pure function)."""
    data = result.model_dump(mode="json", exclude={"blocks"})
    rep, src = data["report"], data["source"]
    period, window = rep.get("period") or {}, rep.get("data_window") or {}
    report = {"key": key, "path": src["path"], "format": src["format"], "sha256": src["sha256"],
              "bytes": src["bytes"], "mtime": mtime, "title": rep["title"], "agency": rep["agency"],
              "province": rep["province"], "recipients": rep["recipients"],
              **{f"period_{k}": period.get(k) for k in ("year", "quarter", "half", "months", "label", "start", "end")},
              **{f"window_{k}": window.get(k) for k in ("start", "end", "text")},
              "number": rep["number"], "symbol": rep["symbol"], "date": rep["date"]}
    rows: Rows = {"reports": [tuple(_cell(report[c]) for c in _REPORT_COLUMNS)]}
    for table, (attr, columns) in _CHILDREN.items():
        items = data[attr]
        for item in items:
            if "doc_key" in columns:
                item["doc_key"] = doc_key(item["id"])
        ords = [item.get("index", i) for i, item in enumerate(items)] if table == "tables" else range(len(items))
        rows[table] = [(o, *(_cell(item.get(c)) for c in columns)) for o, item in zip(ords, items)]
    return rows


def record(conn: sqlite3.Connection, rec: FileRecord, rows: Rows | None = None) -> None:
    """Store one file's outcome (and its report's rows when it was read), replacing what was there.

    One transaction: the file, its report and every child row, or nothing.
    """
    file_row = {**rec.__dict__, "timings": rec.timings, "counts": rec.counts}
    with _transaction(conn):
        conn.execute("DELETE FROM files WHERE key = ?", (rec.key,))  # cascades to the report's rows
        conn.execute(_insert_sql("files", _FILE_COLUMNS), tuple(_cell(file_row[c]) for c in _FILE_COLUMNS))
        if rows is None:
            return
        report_id = conn.execute(_insert_sql("reports", _REPORT_COLUMNS), rows["reports"][0]).lastrowid
        for table, (_, columns) in _CHILDREN.items():
            if rows.get(table):
                key_col = "index" if table == "tables" else "ord"
                sql = _insert_sql(table, ("report_id", key_col, *columns))
                conn.executemany(sql, [(report_id, *row) for row in rows[table]])


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


def ingest(conn: sqlite3.Connection, result: ExtractionResult, key: str, **file_fields: Any) -> None:
    """Store one extracted report under `key` (a convenience over `record`)."""
    rec = FileRecord(key=key, status="ok", sha256=result.source.sha256, bytes=result.source.bytes,
                     generator=result.generator.version, **file_fields)
    record(conn, rec, report_rows(result, key, rec.mtime))


def remove(conn: sqlite3.Connection, key: str) -> None:
    """Forget one file and its report."""
    with _transaction(conn):
        conn.execute("DELETE FROM files WHERE key = ?", (key,))


def files(conn: sqlite3.Connection) -> dict[str, FileRecord]:
    """Every file record, by key."""
    out = {}
    for row in conn.execute("SELECT * FROM files ORDER BY key"):
        data = dict(row)
        data["timings"] = json.loads(data["timings"] or "{}")
        data["counts"] = json.loads(data["counts"] or "{}")
        out[row["key"]] = FileRecord(**data)
    return out


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """The store's content in a canonical order, keyed by report key instead of row ids.

    Two stores that hold the same reports give equal snapshots whatever order
    they were written in. Volatile columns (processing time, timings) are left out.
    """
    out = {"files": [tuple(r) for r in conn.execute(
        "SELECT key, status, error, reason, sha256, bytes, output, generator, counts FROM files ORDER BY key")]}
    out["reports"] = [tuple(r) for r in conn.execute(
        f"SELECT {', '.join(c for c in _REPORT_COLUMNS if c != 'mtime')} FROM reports ORDER BY key")]
    for table, (_, columns) in _CHILDREN.items():
        key_col = "index" if table == "tables" else "ord"
        cols = ", ".join(f't."{c}"' for c in (key_col, *columns))
        out[table] = [tuple(r) for r in conn.execute(
            f'SELECT r.key, {cols} FROM "{table}" t JOIN reports r ON r.id = t.report_id ORDER BY r.key, t."{key_col}"')]
    return out


def start_run(conn: sqlite3.Connection, workers: int, files: int) -> int:
    """Record the start of a batch run; returns its id."""
    with _transaction(conn):
        return conn.execute("INSERT INTO runs (started_at, status, workers, files) VALUES (?, 'running', ?, ?)",
                            (_now(), workers, files)).lastrowid


def finish_run(conn: sqlite3.Connection, run_id: int, status: str, **stats: float | int | None) -> None:
    """Record how a run ended (`stats`: processed, skipped, failed, pruned, seconds, peak_rss_*)."""
    names = ", ".join(f"{k} = ?" for k in stats)
    with _transaction(conn):
        conn.execute(f"UPDATE runs SET finished_at = ?, status = ?{', ' + names if names else ''} WHERE id = ?",
                     (_now(), status, *stats.values(), run_id))


def runs(conn: sqlite3.Connection, last: int = 20) -> list[dict]:
    """The last runs, oldest first."""
    rows = conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (last,)).fetchall()
    return [dict(r) for r in reversed(rows)]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
