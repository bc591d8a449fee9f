"""Checks on each mention: its type word against its symbol, its date (impossible,
after the report, against the year in the id) and the shape of its id."""

from __future__ import annotations

import datetime as dt

from .documents import place_of
from .models import Finding, Reference, Report
from .refgrammar import symbol_type_code, type_fits_symbol

# A report is signed some weeks after its period ends (a Q3 report late in September
# or in October): a cited date beyond this margin is after the report.
REPORT_MARGIN = dt.timedelta(days=45)


def mention_findings(references: list[Reference], report: Report) -> list[Finding]:
    """Findings for every mention, in mention order."""
    limit = report_limit(report)
    out: list[Finding] = []
    for ref in references:
        out += [f for f in (_type_symbol(ref), _date_invalid(ref), _after_report(ref, limit),
                            _year(ref), _malformed(ref)) if f]
    return out


def report_limit(report: Report) -> dt.date | None:
    """The latest date a cited document may bear: the report's date, else its period end plus a margin."""
    if report.date:
        return report.date
    if report.period and report.period.end:
        return report.period.end + REPORT_MARGIN
    return None


def _finding(code: str, severity: str, ref: Reference, message: str) -> Finding:
    return Finding(code=code, severity=severity, message=f"{ref.text}: {message}", places=[place_of(ref)])


def _type_symbol(ref: Reference) -> Finding | None:
    if ref.resolution != "full" or type_fits_symbol(ref.doc_type, ref.symbol):
        return None
    return _finding("REF_TYPE_SYMBOL_MISMATCH", "warning", ref,
                    f"loại văn bản '{ref.doc_type}' không khớp ký hiệu {symbol_type_code(ref.symbol or '')}")


def _date_invalid(ref: Reference) -> Finding | None:
    if ref.date_text is None or ref.date is not None:
        return None
    return _finding("REF_DATE_INVALID", "error", ref, f"ngày không hợp lệ: {ref.date_text}")


def _after_report(ref: Reference, limit: dt.date | None) -> Finding | None:
    if limit is None or ref.date is None or ref.date <= limit:
        return None
    return _finding("REF_DATE_AFTER_REPORT", "warning", ref, f"ngày {ref.date.isoformat()} sau ngày báo cáo")


def _year(ref: Reference) -> Finding | None:
    if not ref.year or ref.date is None or int(ref.year) == ref.date.year:
        return None
    return _finding("REF_YEAR_MISMATCH", "warning", ref, f"năm trong số hiệu {ref.year} khác năm ban hành {ref.date.year}")


def _malformed(ref: Reference) -> Finding | None:
    if not ref.symbol or not (ref.symbol.startswith("-") or "--" in ref.symbol):
        return None
    return _finding("REF_MALFORMED", "error", ref, f"ký hiệu thiếu thành phần: {ref.symbol}")
