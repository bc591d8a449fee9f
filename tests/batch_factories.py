"""Builders of `ExtractionResult`s for the batch-side tests (store, crosscheck, consolidate).

The extractors that fill references, counts and indicators are tested elsewhere;
here results are built directly from the contract's models, so that these tests
do not depend on them. Sentences are made up; ids have the real shapes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

from extractor.models import (
    Document, ExtractionResult, Finding, Generator, Indicator, Period, Place, Reference, Report, Source, Table,
    TaskCount,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

QUARTERS = {1: ("01-01", "03-31"), 2: ("04-01", "06-30"), 3: ("07-01", "09-30"), 4: ("10-01", "12-31")}


def ref(id: str, date: str | None = None, doc_type: str | None = None, issuer: str | None = None,
        subject: str | None = None, role: str = "cited", block: int = 3) -> Reference:
    text = f"{doc_type or 'Văn bản'} số {id}" + (f" ngày {date}" if date else "")
    return Reference(id=id, doc_type=doc_type, number=id.split("/")[0], symbol=id.split("/")[-1],
                     date=dt.date.fromisoformat(date) if date else None, issuer=issuer, subject=subject,
                     role=role, text=text, section="I.1", block=block, start=0, end=len(text))


def ind(key: str, value: float, unit: str | None = "hồ sơ", label: str | None = None, source: str = "text",
        block: int = 5, table: int | None = None) -> Indicator:
    raw = str(value)
    return Indicator(key=key, label=label or key, value=value, raw=raw, unit=unit, source=source, table=table,
                     text=raw, section="II.2", block=block, start=0, end=len(raw))


def task(done: int | None, total: int | None, status: str = "completed", unit: str = "nhiệm vụ",
         kind: str = "ratio", count: int | None = None) -> TaskCount:
    text = f"{done}/{total} {unit}" if kind == "ratio" else f"{count} {unit}"
    return TaskCount(kind=kind, done=done, total=total, count=count, status=status, unit=unit, text=text,
                     section="I.1", block=4, start=0, end=len(text))


def finding(code: str = "PERCENT_MISMATCH", block: int = 5, text: str = "99,9%") -> Finding:
    place = Place(section="II.2", block=block, start=0, end=len(text), text=text)
    return Finding(code=code, severity="warning", message=f"{code} ở đoạn {block}", places=[place])


def result(name: str = "a.txt", agency: str | None = "Sở Tư pháp", *, province: str | None = "Đồng Nai",
           year: int | None = 2023, quarter: int | None = 3, date: str | None = "2023-09-16",
           number: str | None = "446", window: tuple[str, str] | None = ("2023-06-15", "2023-09-14"),
           references: list[Reference] = (), documents: list[Document] = (), task_counts: list[TaskCount] = (),
           indicators: list[Indicator] = (), tables: list[Table] = (), findings: list[Finding] = (),
           salt: str = "") -> ExtractionResult:
    """A report of `agency` for (year, quarter); `salt` changes its sha256 (another version of it)."""
    period = None
    if year is not None:
        start, end = QUARTERS[quarter] if quarter else ("01-01", "12-31")
        label = f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]} năm {year}" if quarter else f"năm {year}"
        period = Period(year=year, quarter=quarter, months=3 if quarter else 12, label=label,
                        start=dt.date.fromisoformat(f"{year}-{start}"), end=dt.date.fromisoformat(f"{year}-{end}"))
    data_window = None
    if window:
        from extractor.models import DataWindow

        data_window = DataWindow(start=dt.date.fromisoformat(window[0]), end=dt.date.fromisoformat(window[1]))
    report = Report(agency=agency, province=province, period=period, data_window=data_window, number=number,
                    symbol="BC-X", date=dt.date.fromisoformat(date) if date else None)
    sha = hashlib.sha256(f"{name}|{agency}|{year}|{quarter}|{date}|{salt}".encode()).hexdigest()
    return ExtractionResult(generator=Generator(version="0.1.0"),
                            source=Source(path=f"/in/{name}", format="txt", sha256=sha, bytes=1000),
                            report=report, references=list(references), documents=list(documents),
                            task_counts=list(task_counts), indicators=list(indicators), tables=list(tables),
                            findings=list(findings))


def crash_on_name(task):
    """A batch worker that dies (like an out-of-memory kill) on files named *crash*."""
    import os

    from extractor.batch import process

    if "crash" in task.key:
        os._exit(9)
    return process(task)
