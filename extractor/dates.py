"""Dates as Vietnamese documents write them, parsed to `datetime.date`.

An impossible date (31/02/2023) is never "repaired": `to_date` returns None and
callers keep the text and report it.
"""

from __future__ import annotations

from datetime import date

import regex

from . import patterns


def to_date(day: str | int, month: str | int, year: str | int) -> date | None:
    """A date from its parts, or None when the parts are impossible.

    >>> to_date("29", "12", "2022")
    datetime.date(2022, 12, 29)
    >>> to_date("31", "02", "2023") is None
    True
    """
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def match_date(m: regex.Match) -> date | None:
    """The date of a match of a `common` date block (groups day, month, year)."""
    return to_date(m.group("day"), m.group("month"), m.group("year"))


def find_dates(text: str) -> list[tuple[int, int, date | None, str]]:
    """Every date in a match-view text: (start, end, date or None if impossible, text).

    >>> [(d, t) for _, _, d, t in find_dates("từ 15/6/2023 đến ngày 13 tháng 9 năm 2023")]
    [(datetime.date(2023, 6, 15), '15/6/2023'), (datetime.date(2023, 9, 13), 'ngày 13 tháng 9 năm 2023')]
    """
    pattern = patterns.block("common", "date_any")
    return [(m.start(), m.end(), match_date(m), m.group()) for m in patterns.finditer(pattern, text)]
