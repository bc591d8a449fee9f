"""The provincial summary of a batch: queries over the store, as views for people.

`consolidate(conn)` returns a `Summary`: a list of `View`s (a title, typed
columns, rows) that `render/` writes as summary.xlsx (one sheet per view),
summary.json, one CSV per view and a Word appendix. The views:

- `reports`: every file, whether it counts in the totals, and why not;
- `matrix`: agency x indicator, with a total row;
- `totals`: the province's figure for each indicator and how it was computed;
- `missing`: which agencies did not report an indicator;
- `issued`: documents each agency issued in the period;
- `cited`: the documents cited by most bodies;
- `findings`: every finding of every report, period sanity and cross-checks.

Rules for the figures (each a named function below):
- one value per report and indicator: the first statement in the text, else
  the table cell of a total row, else the first table cell (`pick_value`);
- counts are summed; a rate is never averaged: a rate with a known numerator
  and denominator (`patterns/consolidate.toml`) is recomputed as
  sum(numerator) / sum(denominator); any other percentage, score, rank or time
  has no provincial total;
- only the reports that period sanity selects are added up (`selection.py`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from . import patterns
from .crosscheck import Citation, find_conflicts, group_documents, load_citations
from .normalize import match_key, match_view, nfc
from .selection import Note, Selection, load_reports, select

PERCENT_UNITS = frozenset({"%", "phần trăm"})


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: str = "text"  # "text" | "int" | "number" | "percent"


@dataclass
class View:
    id: str
    title: str  # the sheet name (at most 31 characters)
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    frozen_cols: int = 0  # leading columns kept visible when scrolling right
    total_row: bool = False  # the last row holds totals

    def records(self) -> list[dict[str, Any]]:
        return [{c.id: v for c, v in zip(self.columns, row)} for row in self.rows]


@dataclass
class Summary:
    period: str | None
    generated_at: str
    counts: dict[str, int]
    views: list[View]

    def view(self, view_id: str) -> View:
        return next(v for v in self.views if v.id == view_id)

    def to_dict(self) -> dict:
        return {"period": self.period, "generated_at": self.generated_at, "counts": self.counts,
                "views": {v.id: {"title": v.title, "columns": [c.__dict__ for c in v.columns],
                                 "rows": v.records()} for v in self.views}}


@dataclass
class Metric:
    """One column of the matrix: a value per report and the province's total."""

    id: str
    label: str
    unit: str | None
    kind: str  # "count" | "percent"
    values: dict[str, float] = field(default_factory=dict)  # report key -> value
    total: float | None = None
    method: str = ""  # how the total was computed, in Vietnamese


# -- configuration: patterns/consolidate.toml and the indicator vocabulary ---------------------

@lru_cache(maxsize=1)
def _rates() -> dict[str, dict]:
    return {e["key"]: e for e in patterns.entries("consolidate", "rate")}


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, dict]:
    """The indicator vocabulary (patterns/indicators.toml): standard labels, kinds."""
    return {e["key"]: e for e in patterns.entries("indicators", "indicator")}


@lru_cache(maxsize=1)
def _not_summed() -> frozenset[str]:
    return frozenset(patterns.load("consolidate")["lists"]["not_summed"])


def is_total_label(text: str) -> bool:
    """Is a table cell the label of a total row ("Tổng cộng", "TỔNG SỐ")?

    >>> is_total_label("TỔNG CỘNG"), is_total_label("Công Thương")
    (True, False)
    """
    view = match_view(nfc(text.strip())).text
    return patterns.search(patterns.block("consolidate", "total_row_label"), view) is not None


def unit_class(unit: str | None) -> str:
    """Units that never add up get a class of their own: '%' and 'điểm'; every counted noun is ''.

    >>> unit_class("99,9 %".split()[-1]), unit_class("điểm"), unit_class("hồ sơ")
    ('%', 'điểm', '')
    """
    key = match_key(unit or "")
    if key in PERCENT_UNITS:
        return "%"
    return key if key in patterns.load("consolidate")["lists"]["score_unit"] else ""


def summable(key: str, unit: str | None) -> bool:
    """Can the bodies' values of an indicator be added up? Counts yes; rates, scores, ranks, times no."""
    return unit_class(unit) == "" and _vocabulary().get(key, {}).get("kind") != "rank" and key not in _not_summed()


# -- figures: one value per report, then the province's total -------------------------------

@dataclass(frozen=True)
class Stated:
    """One statement of an indicator (a row of the store's indicators table)."""

    report: str
    key: str
    unit: str | None
    label: str | None
    value: float
    source: str = "text"
    block: int = -1
    scope: str | None = None


def pick_value(stated: list[Stated], total_blocks: set[int]) -> Stated:
    """The statement that stands for a report's figure (`stated` in reading order).

    A figure stated in the text wins (a table repeats it per field); else the
    cell of a table's total row ("Tổng cộng"); else the first cell.
    """
    for s in stated:
        if s.source == "text":
            return s
    for s in stated:
        if (s.scope and is_total_label(s.scope)) or s.block in total_blocks:
            return s
    return stated[0]


def indicator_metrics(stated: list[Stated], total_blocks: dict[str, set[int]]) -> list[Metric]:
    """A metric per indicator key (and unit class), with one value per report."""
    groups: dict[tuple[str, str], dict[str, list[Stated]]] = defaultdict(lambda: defaultdict(list))
    for s in stated:
        groups[(s.key, unit_class(s.unit))][s.report].append(s)
    metrics = []
    for (key, cls), by_report in groups.items():
        picks = {rep: pick_value(items, total_blocks.get(rep, set())) for rep, items in by_report.items()}
        units = Counter(p.unit for p in picks.values() if p.unit)
        unit = units.most_common(1)[0][0] if units else None
        labels = Counter(p.label for p in picks.values() if p.label)
        label = (_rates().get(key, {}).get("label") or _vocabulary().get(key, {}).get("label")
                 or (labels.most_common(1)[0][0] if labels else key))
        kind = "count" if summable(key, unit) else ("percent" if cls == "%" else "other")
        mid = key if sum(1 for k, _ in groups if k == key) == 1 else f"{key}|{cls or 'count'}"
        metrics.append(Metric(mid, label, unit, kind, {rep: _num(p.value) for rep, p in picks.items()}))
    return metrics


def _percent(num: float, den: float) -> float:
    return round(num * 100 / den, 2)


def _pooled_rate(num: dict[str, float], den: dict[str, float]) -> float | None:
    """sum(numerator) / sum(denominator) x 100 over the reports that state both."""
    both = [r for r in num if den.get(r) is not None]
    total = sum(den[r] for r in both)
    return _percent(sum(num[r] for r in both), total) if total else None


def add_totals(metrics: list[Metric]) -> list[Metric]:
    """Fill each metric's provincial total; add the configured rates that are only implied."""
    by_id = {m.id: m for m in metrics}
    for key, conf in _rates().items():
        num, den = by_id.get(conf["numerator"]), by_id.get(conf["denominator"])
        if not (num and den):
            continue
        rate = by_id.get(key)
        if rate is None:
            values = {r: _percent(v, den.values[r]) for r, v in num.values.items() if den.values.get(r)}
            rate = by_id[key] = Metric(key, conf["label"], "%", "percent", values)
            metrics.append(rate)
        rate.total = _pooled_rate(num.values, den.values)
        rate.method = f"= tổng \"{num.label}\" / tổng \"{den.label}\" × 100"
    for m in metrics:
        if m.kind == "count":
            m.total, m.method = _sum(m.values.values()), "Cộng"
        elif not m.method:
            m.method = ("Không cộng, không lấy bình quân tỷ lệ (thiếu tử số và mẫu số)" if m.kind == "percent"
                        else "Không cộng (điểm, thứ hạng, thời gian)")
    return metrics


def _sum(values) -> float | int:
    return _num(round(sum(values), 4))


def _num(value: float) -> float | int:
    """Whole numbers as int (the store keeps every value as REAL).

    >>> _num(9436.0), _num(99.99)
    (9436, 99.99)
    """
    return int(value) if float(value).is_integer() else value


# -- queries ---------------------------------------------------------------------------------

def _in(keys: list[str]) -> tuple[str, list[str]]:
    return f"r.key IN ({', '.join('?' * len(keys))})", keys


def _stated(conn: sqlite3.Connection, keys: list[str]) -> list[Stated]:
    where, args = _in(keys)
    rows = conn.execute(
        f"SELECT r.key AS report, i.key, i.unit, i.label, i.value, i.source, i.block, i.scope FROM indicators i "
        f"JOIN reports r ON r.id = i.report_id WHERE {where} AND i.key IS NOT NULL ORDER BY r.key, i.ord", args)
    return [Stated(**dict(r)) for r in rows]


def _total_blocks(conn: sqlite3.Connection, keys: list[str]) -> dict[str, set[int]]:
    """Per report, the blocks of the cells in its tables' total rows."""
    where, args = _in(keys)
    out: dict[str, set[int]] = defaultdict(set)
    for r in conn.execute(f'SELECT r.key, t."rows", t.cell_blocks FROM tables t JOIN reports r '
                          f"ON r.id = t.report_id WHERE {where}", args):
        for cells, blocks in zip(json.loads(r["rows"] or "[]"), json.loads(r["cell_blocks"] or "[]")):
            if any(is_total_label(c) for c in cells[:3] if c):
                out[r["key"]].update(b for b in blocks if b is not None)
    return out


def metrics_of(conn: sqlite3.Connection, keys: list[str]) -> list[Metric]:
    """Every indicator metric of the selected reports, with totals."""
    return add_totals(indicator_metrics(_stated(conn, keys), _total_blocks(conn, keys)))


# -- views -----------------------------------------------------------------------------------

def _unit_suffix(m: Metric) -> str:
    return " (%)" if m.kind == "percent" else (f" ({m.unit})" if m.unit else "")


def matrix_view(metrics: list[Metric], reports: list[tuple[str, str]]) -> View:
    """Agency x indicator, one row per counted report, a total row last."""
    columns = [Column("stt", "STT", "int"), Column("agency", "Cơ quan, đơn vị")]
    columns += [Column(m.id, m.label + _unit_suffix(m), "percent" if m.kind == "percent" else "number")
                for m in metrics]
    rows = [[i, name, *(m.values.get(key) for m in metrics)] for i, (key, name) in enumerate(reports, 1)]
    rows.append([None, "Tổng cộng", *(m.total for m in metrics)])
    return View("matrix", "Tổng hợp chỉ tiêu", columns, rows, frozen_cols=2, total_row=True)


def totals_view(metrics: list[Metric]) -> View:
    """The province's figure per indicator: the main table of the Word appendix."""
    columns = [Column("stt", "STT", "int"), Column("label", "Chỉ tiêu"), Column("unit", "Đơn vị tính"),
               Column("total", "Tổng hợp", "number"), Column("reported", "Số cơ quan báo cáo", "int"),
               Column("method", "Cách tính")]
    rows = [[i, m.label, "%" if m.kind == "percent" else m.unit, m.total, len(m.values), m.method]
            for i, m in enumerate(metrics, 1)]
    return View("totals", "Số liệu toàn tỉnh", columns, rows, frozen_cols=2)


def missing_view(metrics: list[Metric], reports: list[tuple[str, str]]) -> View:
    """Which counted agencies did not state each indicator."""
    columns = [Column("label", "Chỉ tiêu"), Column("unit", "Đơn vị tính"), Column("reported", "Đã báo cáo", "int"),
               Column("missing", "Chưa báo cáo", "int"), Column("agencies", "Cơ quan, đơn vị chưa báo cáo")]
    rows = []
    for m in metrics:
        absent = [name for key, name in reports if key not in m.values]
        rows.append([m.label, "%" if m.kind == "percent" else m.unit, len(m.values), len(absent), "; ".join(absent)])
    return View("missing", "Chưa báo cáo", columns, rows, frozen_cols=1)


def issued_view(conn: sqlite3.Connection, reports: list[tuple[str, str]]) -> View:
    """Documents each counted agency issued, inside its data window (else its period) or not."""
    keys = [k for k, _ in reports]
    where, args = _in(keys)
    docs: dict[str, dict[str, str | None]] = defaultdict(dict)  # report -> doc_key -> date
    ids: dict[tuple[str, str], str] = {}
    bounds = {}
    for r in conn.execute(
            "SELECT r.key, m.doc_key, m.id, m.date, coalesce(r.window_start, r.period_start) AS lo, "
            "coalesce(r.window_end, r.period_end) AS hi FROM mentions m JOIN reports r ON r.id = m.report_id "
            f"WHERE {where} AND m.role = 'issued' ORDER BY r.key, m.ord", args):
        docs[r["key"]][r["doc_key"]] = docs[r["key"]].get(r["doc_key"]) or r["date"]
        ids.setdefault((r["key"], r["doc_key"]), r["id"])
        bounds[r["key"]] = (r["lo"], r["hi"])
    columns = [Column("stt", "STT", "int"), Column("agency", "Cơ quan, đơn vị"),
               Column("in_period", "Số văn bản ban hành trong kỳ", "int"),
               Column("other", "Ngoài kỳ hoặc không rõ ngày", "int"), Column("ids", "Số, ký hiệu (trong kỳ)")]
    rows = []
    for i, (key, name) in enumerate(reports, 1):
        lo, hi = bounds.get(key, (None, None))
        inside = [d for d, when in docs[key].items() if when and lo and hi and lo <= when <= hi]
        rows.append([i, name, len(inside), len(docs[key]) - len(inside), "; ".join(ids[(key, d)] for d in inside)])
    rows.append([None, "Tổng cộng", sum(r[2] for r in rows), sum(r[3] for r in rows), ""])
    return View("issued", "Văn bản ban hành", columns, rows, frozen_cols=2, total_row=True)


def cited_view(citations: list[Citation], reports: list[tuple[str, str]], limit: int = 100) -> View:
    """The documents cited by the most counted bodies (then the most mentions)."""
    names = dict(reports)
    ranked = []
    for cites in group_documents([c for c in citations if c.report in names]):
        fields = {name: Counter(c.value(name) for c in cites if c.value(name))
                  for name in ("id", "doc_type", "date", "issuer", "subject")}
        bodies = {names[c.report] for c in cites}
        ranked.append((-len(bodies), -len(cites), _top(fields["id"]), fields, len(bodies), len(cites)))
    ranked.sort(key=lambda r: r[:3])
    columns = [Column("stt", "STT", "int"), Column("id", "Số, ký hiệu"), Column("doc_type", "Loại văn bản"),
               Column("date", "Ngày ban hành"), Column("issuer", "Cơ quan ban hành"), Column("subject", "Trích yếu"),
               Column("bodies", "Số cơ quan trích dẫn", "int"), Column("mentions", "Số lượt trích dẫn", "int")]
    rows = [[i, *(_top(fields[name]) for name in ("id", "doc_type", "date", "issuer", "subject")), n_bodies, n]
            for i, (_, _, _, fields, n_bodies, n) in enumerate(ranked[:limit], 1)]
    return View("cited", "Văn bản được trích dẫn", columns, rows, frozen_cols=2)


def _top(counter: Counter) -> str | None:
    """The most frequent value; ties go to the longest (a fuller subject), then the first seen."""
    if not counter:
        return None
    best = max(counter.values())
    return max((v for v, n in counter.items() if n == best), key=len)


_FINDING_COLUMNS = [Column("stt", "STT", "int"), Column("report", "Tệp báo cáo"), Column("agency", "Cơ quan, đơn vị"),
                    Column("code", "Mã"), Column("severity", "Mức độ"), Column("message", "Nội dung"),
                    Column("section", "Mục"), Column("block", "Đoạn số", "int"), Column("text", "Trích đoạn")]


def findings_view(conn: sqlite3.Connection, notes: list[Note], conflicts: list) -> View:
    """Every finding: each report's own, then period sanity, then cross-checks."""
    rows = []
    for r in conn.execute("SELECT r.key, r.agency, f.code, f.severity, f.message, f.places FROM findings f "
                          "JOIN reports r ON r.id = f.report_id ORDER BY r.key, f.ord"):
        places = json.loads(r["places"] or "[]")
        first = places[0] if places else {}
        rows.append([r["key"], r["agency"], r["code"], r["severity"], r["message"], first.get("section"),
                     first.get("block"), " | ".join(p.get("text", "") for p in places) or None])
    for n in notes:
        rows.append(["; ".join(n.reports), None, n.code, n.severity, n.message, None, None, None])
    for c in conflicts:  # named by the reports that differ from the expected value
        cites = [v.citations[0] for v in c.outliers]
        rows.append(["; ".join(sorted({x.report for v in c.outliers for x in v.citations})),
                     "; ".join(sorted({b for v in c.outliers for b in v.bodies})), c.code, c.severity, c.message,
                     cites[0].section, cites[0].block, " | ".join(x.text for x in cites)])
    return View("findings", "Phát hiện", _FINDING_COLUMNS, [[i, *row] for i, row in enumerate(rows, 1)],
                frozen_cols=2)


def reports_view(conn: sqlite3.Connection, sel: Selection) -> View:
    """Every input file: read or not, counted or not, and why."""
    columns = [Column("stt", "STT", "int"), Column("file", "Tệp báo cáo"), Column("status", "Trạng thái"),
               Column("agency", "Cơ quan, đơn vị"), Column("period", "Kỳ báo cáo"), Column("number", "Số, ký hiệu"),
               Column("date", "Ngày báo cáo"), Column("counted", "Tính vào tổng hợp"), Column("note", "Ghi chú")]
    notes = {}
    for n in sel.notes:
        notes.setdefault(n.reports[0], n.message)
    rows = []
    for i, r in enumerate(conn.execute(
            "SELECT f.key, f.status, f.reason, r.agency, r.period_label, r.number, r.symbol, r.date "
            "FROM files f LEFT JOIN reports r ON r.key = f.key ORDER BY f.key"), 1):
        number = "/".join(p for p in (r["number"], r["symbol"]) if p) or None
        counted = "Có" if r["key"] in sel.included else "Không"
        rows.append([i, r["key"], "Đã đọc" if r["status"] == "ok" else "Lỗi", r["agency"], r["period_label"],
                     number, r["date"], counted, r["reason"] or notes.get(r["key"])])
    return View("reports", "Báo cáo", columns, rows, frozen_cols=2)


def consolidate(conn: sqlite3.Connection) -> Summary:
    """The provincial summary of the batch in the store."""
    sel = select(load_reports(conn))
    names = {r["key"]: r["agency"] or r["key"] for r in conn.execute("SELECT key, agency FROM reports")}
    counted = [(key, names[key]) for key in sel.included]
    metrics = metrics_of(conn, sel.included)
    citations = load_citations(conn)
    views = [reports_view(conn, sel), matrix_view(metrics, counted), totals_view(metrics),
             missing_view(metrics, counted), issued_view(conn, counted), cited_view(citations, counted),
             findings_view(conn, sel.notes, find_conflicts(citations))]
    n_files, n_failed = conn.execute("SELECT count(*), sum(status = 'failed') FROM files").fetchone()
    counts = {"files": n_files, "failed": n_failed or 0, "read": n_files - (n_failed or 0),
              "counted": len(counted), "not_counted": len(sel.excluded)}
    return Summary(sel.label, datetime.now(timezone.utc).isoformat(timespec="seconds"), counts, views)
