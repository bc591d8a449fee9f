"""Period forms and regime windows, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.models import Period
from extractor.normalize import match_view
from extractor.periods import period_in_text, regime_window

FORMS = [
    # (text, year, quarter, half, months, start, end)
    ("Kết quả thực hiện công tác cải cách hành chính Quý III năm 2023", 2023, 3, None, 3, "2023-07-01", "2023-09-30"),  # the real report's title
    ("Báo cáo CCHC Quý III/2023", 2023, 3, None, 3, "2023-07-01", "2023-09-30"),  # slash form
    ("BÁO CÁO CÔNG TÁC CCHC QUÝ I NĂM 2024", 2024, 1, None, 3, "2024-01-01", "2024-03-31"),  # upper-case title
    ("tình hình CCHC quý 1 năm 2024", 2024, 1, None, 3, "2024-01-01", "2024-03-31"),  # Arabic quarter
    ("Từ Qúy I đến Qúy IV/2023", 2023, 1, None, 3, "2023-01-01", "2023-03-31"),  # mis-placed tone (real report)
    ("kết quả CCHC 6 tháng đầu năm 2024", 2024, None, 1, 6, "2024-01-01", "2024-06-30"),  # 6-month report
    ("Báo cáo sáu tháng cuối năm 2023", 2023, None, 2, 6, "2023-07-01", "2023-12-31"),
    ("06 tháng năm 2024", 2024, None, 1, 6, "2024-01-01", "2024-06-30"),  # leading zero, no "đầu"
    ("kết quả CCHC 9 tháng đầu năm 2023", 2023, None, None, 9, "2023-01-01", "2023-09-30"),
    ("Báo cáo kết quả công tác cải cách hành chính năm 2023", 2023, None, None, 12, "2023-01-01", "2023-12-31"),  # yearly
    ("Quý I và phương hướng nhiệm vụ quý II năm 2024", 2024, 1, None, 3, "2024-01-01", "2024-03-31"),  # year stated once, later
]


@pytest.mark.parametrize("text,year,quarter,half,months,start,end", FORMS)
def test_period_forms(text, year, quarter, half, months, start, end):
    period, _ = period_in_text(match_view(text).text)
    assert (period.year, period.quarter, period.half, period.months) == (year, quarter, half, months)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["ngày 15 tháng 6 năm 2023", "quý báu", "giai đoạn 2021-2025"])
def test_not_periods(text):
    assert period_in_text(match_view(text).text) is None


WINDOWS = [
    # (period, regime window) — 581/BNV-CCHC cut-off dates (VN-RULES 4.1)
    (Period(year=2024, quarter=1), (date(2023, 12, 15), date(2024, 3, 14))),
    (Period(year=2024, half=1, months=6), (date(2023, 12, 15), date(2024, 6, 14))),
    (Period(year=2023, quarter=3), (date(2023, 6, 15), date(2023, 9, 14))),
    (Period(year=2023, months=12), (date(2022, 12, 15), date(2023, 12, 14))),
    (Period(year=2023, quarter=4), None),  # there is no Quý IV report in the regime
    (Period(year=2023, months=9), None),  # nor a 9-month one
]


@pytest.mark.parametrize("period,expected", WINDOWS)
def test_regime_window(period, expected):
    assert regime_window(period) == expected
