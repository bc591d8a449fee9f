"""The reporting period ("Quý III năm 2023", "6 tháng đầu năm 2024", "năm 2023") and
the regime's data window for it (data in `patterns/periods.toml`)."""

from __future__ import annotations

import calendar
from datetime import date

import regex

from . import patterns
from .document import Document
from .models import Period, Place

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_KINDS = ("quarter", "half", "nine_months", "whole_year")
_TAIL = 6


def find_period(doc: Document, title_block: int | None, report_date: date | None) -> tuple[Period, Place] | None:
    """The period from the title, else the closing paragraphs, else the opening ones."""
    n = len(doc.blocks)
    order = ([title_block] if title_block is not None else []) + list(range(n - 1, max(-1, n - 1 - _TAIL), -1))
    order += list(range(min(n, 10)))
    for block in order:
        found = period_in_text(doc.views[block].text)
        if found:
            period, (vstart, vend) = found
            if period.year is None and report_date:
                period = _with_year(period, report_date.year)
            place = doc.place_from_view(block, vstart, vend)
            return period.model_copy(update={"label": place.text}), place
    return None


def period_in_text(text: str) -> tuple[Period, tuple[int, int]] | None:
    """The first period stated in a match-view text and its span.

    >>> period_in_text("Kết quả thực hiện công tác CCHC Quý III năm 2023")[0].quarter
    3
    >>> p, _ = period_in_text("Báo cáo 6 tháng đầu năm 2024")
    >>> (p.half, p.start.isoformat(), p.end.isoformat())
    (1, '2024-01-01', '2024-06-30')
    >>> period_in_text("Quý I và phương hướng quý II năm 2024")[0].year
    2024
    """
    for kind in _KINDS:
        m = patterns.search(patterns.block("periods", kind), text)
        if m:
            year = m.group("year") or _later_year(text, m.end())
            return _period(kind, m, int(year) if year else None), (m.start(), m.end())
    return None


def _later_year(text: str, pos: int) -> str | None:
    m = patterns.search(patterns.block("periods", "later_year"), text, pos)
    return m.group("year") if m else None


def _period(kind: str, m: regex.Match, year: int | None) -> Period:
    if kind == "quarter":
        q = _ROMAN.get((m.group("q_roman") or "").upper()) or int(m.group("q_num"))
        return _with_year(Period(quarter=q, months=3), year)
    if kind == "half":
        return _with_year(Period(half=2 if (m.group("which") or "").lower() == "cuối" else 1, months=6), year)
    if kind == "nine_months":
        return _with_year(Period(months=9), year)
    return _with_year(Period(months=12), year)


def _with_year(period: Period, year: int | None) -> Period:
    """Fill year, start and end from the period's kind."""
    if year is None:
        return period
    first_month = 1
    if period.quarter:
        first_month = 3 * period.quarter - 2
    elif period.half == 2:
        first_month = 7
    last_month = first_month + (period.months or 12) - 1
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return period.model_copy(update={"year": year, "start": date(year, first_month, 1), "end": end})


def regime_window(period: Period) -> tuple[date, date] | None:
    """The data cut-off window the CCHC regime sets for this period, if it sets one.

    >>> regime_window(Period(year=2023, quarter=3))
    (datetime.date(2023, 6, 15), datetime.date(2023, 9, 14))
    >>> regime_window(Period(year=2024, quarter=1))
    (datetime.date(2023, 12, 15), datetime.date(2024, 3, 14))
    >>> regime_window(Period(year=2023, quarter=2)) is None
    True
    """
    if period.year is None:
        return None
    kind = "quarter" if period.quarter else "half" if period.half else "year" if period.months in (None, 12) else None
    for window in patterns.entries("periods", "window"):
        if window["kind"] != kind:
            continue
        if window.get("quarter", period.quarter) != period.quarter or window.get("half", period.half) != period.half:
            continue
        start_year = period.year - 1 if window.get("start_prev_year") else period.year
        return _month_day(window["start"], start_year), _month_day(window["end"], period.year)
    return None


def _month_day(text: str, year: int) -> date:
    month, day = text.split("-")
    return date(year, int(month), int(day))
