"""Period sanity: which reports of a batch count in the provincial totals.

A quarter's batch should hold one report per body for one period. What arrives
is messier, so before anything is added up:
- the same file twice (equal sha256 under two names): the later name is left out;
- the batch's province is the one most reports name; a report of another
  province (a misfiled report) is flagged and left out (with no majority,
  the mix is flagged and nobody is left out);
- the batch's period is the one most reports state (ties: the latest); a report
  of another period or year is flagged and left out of the totals;
- a report whose period could not be read is flagged but kept (left out, its
  figures would vanish silently);
- a body that sent two reports for the period: the newer one is used (report
  date, then number, then file time), the other flagged and left out.
Every decision is a `Note` (a batch-level finding with the reports involved).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .agencies import body_key
from .normalize import match_key


@dataclass(frozen=True)
class ReportInfo:
    """What period sanity needs of one stored report."""

    key: str
    sha256: str
    agency: str | None = None
    province: str | None = None
    year: int | None = None
    quarter: int | None = None
    half: int | None = None
    months: int | None = None
    label: str | None = None
    end: str | None = None  # period end, ISO
    date: str | None = None  # the report's own date, ISO
    number: str | None = None
    mtime: float | None = None

    @property
    def period(self) -> tuple | None:
        return None if self.year is None else (self.year, self.quarter, self.half, self.months)

    @property
    def body(self) -> str | None:
        return body_key(self.agency, self.province) if self.agency else None

    @property
    def name(self) -> str:
        return self.agency or self.key


@dataclass(frozen=True)
class Note:
    """A batch-level finding."""

    code: str
    severity: str
    message: str
    reports: tuple[str, ...]


@dataclass
class Selection:
    province: str | None = None
    period: tuple | None = None
    label: str | None = None
    included: list[str] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)  # key -> note code
    notes: list[Note] = field(default_factory=list)


def select(reports: list[ReportInfo]) -> Selection:
    """Decide which reports count (see the module docstring)."""
    sel = Selection()
    pending = _distinct_files(reports, sel)
    pending = _in_province(pending, sel)
    sel.period, sel.label = _majority(pending)
    pending = [r for r in pending if _in_period(r, sel)]
    for group in _by_body(pending, sel).values():
        keep = max(group, key=_recency)
        sel.included.append(keep.key)
        for other in group:
            if other is not keep:
                _exclude(sel, other, "DUPLICATE_REPORT", "warning",
                         f"{other.name}: đã có báo cáo mới hơn cho cùng kỳ ({keep.key}); báo cáo {other.key} "
                         "không được cộng vào tổng hợp", (other.key, keep.key))
    sel.included.sort()
    return sel


def _exclude(sel: Selection, r: ReportInfo, code: str, severity: str, message: str,
             keys: tuple[str, ...] | None = None) -> None:
    sel.excluded[r.key] = code
    sel.notes.append(Note(code, severity, message, keys or (r.key,)))


def _distinct_files(reports: list[ReportInfo], sel: Selection) -> list[ReportInfo]:
    seen: dict[str, ReportInfo] = {}
    out = []
    for r in sorted(reports, key=lambda r: r.key):
        if r.sha256 in seen:
            first = seen[r.sha256]
            _exclude(sel, r, "DUPLICATE_FILE", "warning",
                     f"{r.key} trùng nội dung với {first.key}: chỉ tính một lần", (r.key, first.key))
            continue
        seen[r.sha256] = r
        out.append(r)
    return out


def _in_province(reports: list[ReportInfo], sel: Selection) -> list[ReportInfo]:
    counts = Counter(match_key(r.province) for r in reports if r.province).most_common(2)
    if not counts:
        return reports
    if len(counts) == 2 and counts[0][1] == counts[1][1]:  # no majority: nothing to hold the others to
        names = sorted({r.province for r in reports if r.province})
        sel.notes.append(Note("PROVINCE_MIXED", "warning", "Các báo cáo thuộc nhiều tỉnh, không tỉnh nào chiếm "
                              f"đa số: {', '.join(names)}", tuple(r.key for r in reports)))
        return reports
    main = counts[0][0]
    sel.province = next(r.province for r in reports if r.province and match_key(r.province) == main)
    kept = []
    for r in reports:
        if r.province and match_key(r.province) != main:
            _exclude(sel, r, "PROVINCE_OTHER", "warning", f"{r.name}: báo cáo của tỉnh {r.province}, không phải "
                     f"tỉnh {sel.province} của đợt; không được cộng vào tổng hợp")
        else:
            kept.append(r)
    return kept


def _majority(reports: list[ReportInfo]) -> tuple[tuple | None, str | None]:
    """The most common period (ties: the one ending last) and a label for it."""
    counts = Counter(r.period for r in reports if r.period)
    if not counts:
        return None, None
    ends = {r.period: r.end or "" for r in reports if r.period}
    best = max(counts, key=lambda p: (counts[p], ends[p]))
    labels = Counter(r.label for r in reports if r.period == best and r.label)
    return best, (labels.most_common(1)[0][0] if labels else None)


def _in_period(r: ReportInfo, sel: Selection) -> bool:
    if r.period is None:
        sel.notes.append(Note("PERIOD_UNKNOWN", "warning", f"{r.name}: không xác định được kỳ báo cáo; "
                              "số liệu vẫn được cộng vào tổng hợp, cần kiểm tra", (r.key,)))
        return True
    if sel.period is None or r.period == sel.period:
        return True
    code = "PERIOD_OTHER_YEAR" if r.year != sel.period[0] else "PERIOD_OTHER"
    _exclude(sel, r, code, "warning", f"{r.name}: báo cáo kỳ \"{r.label or r.year}\" khác kỳ của đợt "
             f"(\"{sel.label}\"); không được cộng vào tổng hợp")
    return False


def _by_body(reports: list[ReportInfo], sel: Selection) -> dict[str, list[ReportInfo]]:
    groups: dict[str, list[ReportInfo]] = defaultdict(list)
    for r in reports:
        if r.body is None:
            sel.notes.append(Note("AGENCY_UNKNOWN", "info", f"{r.key}: không xác định được cơ quan báo cáo; "
                                  "không kiểm tra được báo cáo trùng", (r.key,)))
        groups[r.body or f"file:{r.key}"].append(r)
    return groups


def _recency(r: ReportInfo) -> tuple:
    """Newer first: the report's date, its number, the file's time, its name."""
    number = int(r.number) if r.number and r.number.isdigit() else -1
    return (r.date or "", number, r.mtime or 0.0, r.key)


def load_reports(conn: sqlite3.Connection) -> list[ReportInfo]:
    """Every stored report as period sanity sees it."""
    rows = conn.execute(
        "SELECT key, sha256, agency, province, period_year AS year, period_quarter AS quarter, "
        "period_half AS half, period_months AS months, period_label AS label, period_end AS end, date, "
        "number, mtime FROM reports ORDER BY key")
    return [ReportInfo(**dict(r)) for r in rows]
