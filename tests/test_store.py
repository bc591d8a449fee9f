"""The SQLite store: schema and migrations, one transaction per report, replacement on re-ingest."""

from __future__ import annotations

import sqlite3

import pytest
from batch_factories import finding, ind, ref, result, task

from extractor import store
from extractor.models import Table


@pytest.fixture
def conn(tmp_path):
    c = store.connect(tmp_path / "cchc.sqlite")
    yield c
    c.close()


def _count(conn, table: str) -> int:
    return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


FULL = result(
    "001_so-tu-phap.txt",
    references=[ref("282/KH-UBND", "2022-12-29", "Kế hoạch", "UBND tỉnh", "cải cách hành chính năm 2023"),
                ref("355/KH-STP", "2023-06-28", "Kế hoạch", role="issued")],
    task_counts=[task(22, 36), task(14, 36, "in_progress")],
    indicators=[ind("applications_received_total", 7275), ind("on_time_rate_percent", 99.96, "%")],
    tables=[Table(index=0, n_rows=2, n_cols=2, rows=[["Thương mại", "2.957"], ["Tổng cộng", "7.275"]],
                  cell_blocks=[[10, 11], [12, 13]])],
    findings=[finding()],
)


# -- schema ----------------------------------------------------------------------------------

def test_new_store_has_the_current_schema(conn):
    assert store.version(conn) == store.SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"files", "reports", "sections", "mentions", "documents", "task_counts", "indicators", "tables",
            "findings", "runs", "schema_version"} <= names


def test_migration_steps_apply_once_in_order(tmp_path):
    path = tmp_path / "old.sqlite"
    store.connect(path).close()  # a store at version 1
    newer = store.MIGRATIONS + [(2, "CREATE TABLE notes (report_id INTEGER, text TEXT);")]
    conn = sqlite3.connect(path, isolation_level=None)
    assert store.migrate(conn, newer) == 2
    assert store.migrate(conn, newer) == 2  # idempotent
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [1, 2]
    conn.close()


def test_a_store_newer_than_the_program_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    c = store.connect(path)
    c.execute("INSERT INTO schema_version VALUES (99, 'later')")
    c.close()
    with pytest.raises(store.StoreError, match="newer than this program"):
        store.connect(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "cchc.sqlite"
    path.write_bytes(b"not a database, just text" * 100)
    with pytest.raises(store.StoreError, match="not a usable cchc store"):
        store.connect(path)


# -- ingest --------------------------------------------------------------------------------------

def test_ingest_writes_every_kind_of_row(conn):
    store.ingest(conn, FULL, "001_so-tu-phap.txt")
    assert [_count(conn, t) for t in ("files", "reports", "mentions", "task_counts", "indicators", "tables",
                                      "findings")] == [1, 1, 2, 2, 2, 1, 1]
    row = conn.execute("SELECT agency, period_year, period_quarter, window_start, date FROM reports").fetchone()
    assert tuple(row) == ("Sở Tư pháp", 2023, 3, "2023-06-15", "2023-09-16")
    m = conn.execute("SELECT doc_key, date, role, numbered FROM mentions ORDER BY ord").fetchall()
    assert [tuple(r) for r in m] == [("282/kh-ubnd", "2022-12-29", "cited", 1),
                                     ("355/kh-stp", "2023-06-28", "issued", 1)]
    assert conn.execute("SELECT cell_blocks FROM tables").fetchone()[0] == "[[10, 11], [12, 13]]"


@pytest.mark.parametrize("ids,same", [
    (("282/KH-UBND", "282/kh-ubnd"), True),  # case: "two ids are the same document when equal ignoring case"
    (("282/KH-UBND", "282/KH-UBND "), True),  # a trailing space from a sloppy export
    (("21/2023/QĐ-UBND", "21/2023/qđ-ubnd"), True),  # Đ folds with case too
    (("282/KH-UBND", "283/KH-UBND"), False),
])
def test_doc_key(ids, same):
    assert (store.doc_key(ids[0]) == store.doc_key(ids[1])) is same


def test_reingesting_a_report_replaces_its_rows(conn):
    store.ingest(conn, FULL, "001.txt")
    store.ingest(conn, FULL, "001.txt")
    assert _count(conn, "reports") == 1 and _count(conn, "indicators") == 2
    changed = result("001.txt", indicators=[ind("applications_received_total", 7300)], salt="v2")
    store.ingest(conn, changed, "001.txt")
    assert _count(conn, "indicators") == 1 and _count(conn, "mentions") == 0
    assert conn.execute("SELECT sha256 FROM files").fetchone()[0] == changed.source.sha256


def test_a_failure_after_success_removes_the_report(conn):
    store.ingest(conn, FULL, "001.txt")
    store.record(conn, store.FileRecord("001.txt", "failed", error="unreadable", reason="empty file"))
    assert _count(conn, "reports") == 0 and _count(conn, "indicators") == 0
    assert store.files(conn)["001.txt"].reason == "empty file"


def test_a_report_is_stored_whole_or_not_at_all(conn):
    store.ingest(conn, FULL, "001.txt")
    rows = store.report_rows(FULL, "001.txt")
    rows["indicators"] = [rows["indicators"][0], ("bad row",)]  # breaks half-way through the inserts
    with pytest.raises(sqlite3.Error):
        store.record(conn, store.FileRecord("001.txt", "ok", sha256="x"), rows)
    assert _count(conn, "reports") == 1 and _count(conn, "indicators") == 2  # the old version is intact
    assert store.files(conn)["001.txt"].sha256 == FULL.source.sha256


def test_snapshot_does_not_depend_on_ingest_order(tmp_path):
    a, b = result("a.txt", indicators=[ind("x", 1)]), result("b.txt", "Sở Y tế", indicators=[ind("x", 2)])
    snaps = []
    for name, order in (("1", (a, b)), ("2", (b, a))):
        with store.opened(tmp_path / f"{name}.sqlite") as c:
            for r in order:
                store.ingest(c, r, r.source.path.rsplit("/", 1)[1])
            snaps.append(store.snapshot(c))
    assert snaps[0] == snaps[1]


def test_remove_forgets_a_file_and_its_rows(conn):
    store.ingest(conn, FULL, "001.txt")
    store.remove(conn, "001.txt")
    assert _count(conn, "files") == 0 and _count(conn, "mentions") == 0


def test_runs_are_recorded(conn):
    run = store.start_run(conn, workers=2, files=10)
    store.finish_run(conn, run, "complete", processed=10, seconds=1.5)
    (last,) = store.runs(conn)
    assert (last["status"], last["workers"], last["processed"], last["seconds"]) == ("complete", 2, 10, 1.5)
