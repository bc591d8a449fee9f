"""Report metadata from the head, the closing sentence and the body; window findings."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.document import Block, Document, RawDocument
from extractor.metadata import extract_metadata
from extractor.sections import build_outline


def _meta(lines: list[str]):
    blocks = [Block(index=i, kind="list_item" if t.startswith("-") else "paragraph", text=t)
              for i, t in enumerate(lines)]
    doc = Document(RawDocument(format="txt", blocks=blocks))
    sections, block_section = build_outline(doc)
    return extract_metadata(doc.with_sections(block_section), sections)


HEAD = [
    "UBND TỈNH BÌNH DƯƠNG",
    "SỞ TƯ PHÁP",
    "Số: 45/BC-STP",
    "Bình Dương, ngày 12 tháng 6 năm 2024",
    "BÁO CÁO",
    "Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024",
    "Kính gửi: Sở Nội vụ tỉnh Bình Dương.",
    "I. CÔNG TÁC CHỈ ĐẠO",
    "Sở Tư pháp đã ban hành Kế hoạch số 12/KH-STP (số liệu tính từ ngày 15/12/2023 đến ngày 14/6/2024).",
]


def test_full_head_of_a_department_report():
    report, findings = _meta(HEAD)
    assert report.agency == "Sở Tư pháp"  # the letterhead's second line, in its usual spelling
    assert (report.number, report.symbol, report.date) == ("45", "BC-STP", date(2024, 6, 12))
    assert report.title == "Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024"
    assert report.recipients == ["Sở Nội vụ tỉnh Bình Dương"]
    assert report.province == "Bình Dương"
    assert (report.period.year, report.period.half, report.period.label) == (2024, 1, "6 tháng đầu năm 2024")
    assert (report.data_window.start, report.data_window.end) == (date(2023, 12, 15), date(2024, 6, 14))
    assert findings == []  # the window is the regime's own
    assert report.provenance["agency"].text == "SỞ TƯ PHÁP"


AGENCIES = [
    # (lines, agency) — where the reporting body is named
    (["ỦY BAN NHÂN DÂN", "HUYỆN NHƠN TRẠCH", "BÁO CÁO", "CCHC quý I năm 2024"], "Ủy ban nhân dân huyện Nhơn Trạch"),  # two-line letterhead
    (["UBND HUYỆN LONG THÀNH", "BÁO CÁO", "CCHC năm 2023"], "UBND huyện Long Thành"),  # upper-case name re-cased
    (["BÁO CÁO", "Kết quả CCHC Quý III năm 2023", "I. A", "x", "Trên đây là báo cáo, Sở Công Thương kính gửi Sở Nội vụ tổng hợp."], "Sở Công Thương"),  # the closing sentence (real report)
    (["BÁO CÁO", "CCHC quý I năm 2024", "UBND xã Phước Thiền báo cáo kết quả như sau:", "I. A"], "UBND xã Phước Thiền"),  # opening sentence
    (["BÁO CÁO", "CCHC năm 2023", "I. A", "- Sở Y tế đã ban hành kế hoạch.", "- Sở Y tế đã kiểm tra."], "Sở Y tế"),  # the usual subject
    (["BÁO CÁO", "CCHC năm 2023", "I. A", "- Đã ban hành kế hoạch."], None),  # not stated: null
]


@pytest.mark.parametrize("lines,agency", AGENCIES)
def test_agency(lines, agency):
    report, _ = _meta(lines)
    assert report.agency == agency


def test_recipients_as_a_list():
    report, _ = _meta(["BÁO CÁO", "CCHC năm 2023", "Kính gửi:", "- Bộ Nội vụ;", "- Ủy ban nhân dân tỉnh.", "I. A"])
    assert report.recipients == ["Bộ Nội vụ", "Ủy ban nhân dân tỉnh"]


def test_unsigned_date_line_gives_no_date():
    report, _ = _meta(["UBND HUYỆN LONG THÀNH", "Long Thành, ngày    tháng 12 năm 2023", "BÁO CÁO", "CCHC năm 2023"])
    assert report.date is None


def test_conflicting_windows_and_regime_mismatch():
    report, findings = _meta([
        "BÁO CÁO", "Kết quả CCHC Quý III năm 2023", "I. A",
        "- đạt 99% (số liệu tính từ 15/6/2023 đến ngày 13/9/2023)",
        "- bảng (số liệu tính từ 15/6/2022 đến ngày 13/9/2023)",
        "- đạt 98% (số liệu tính từ 15/6/2023 đến ngày 13/9/2023)",
    ])
    assert (report.data_window.start, report.data_window.end) == (date(2023, 6, 15), date(2023, 9, 13))
    codes = {(f.code, f.severity) for f in findings}
    assert ("DATA_WINDOW_CONFLICT", "warning") in codes  # the 2022 window
    assert ("DATA_WINDOW_REGIME_MISMATCH", "info") in codes  # 13/9 against the regime's 14/9
    conflict = next(f for f in findings if f.code == "DATA_WINDOW_CONFLICT")
    assert "15/6/2022" in conflict.places[0].text


def test_real_report_metadata(real_report):
    from extractor import extract_report

    result = extract_report(real_report)
    r = result.report
    assert (r.period.year, r.period.quarter) == (2023, 3)
    assert (r.agency, r.province) == ("Sở Công Thương", "Đồng Nai")
    assert (r.data_window.start, r.data_window.end) == (date(2023, 6, 15), date(2023, 9, 13))
    assert any("Ủy ban nhân dân tỉnh" in x for x in r.recipients)
    assert any(f.code == "DATA_WINDOW_CONFLICT" and "2022" in f.places[0].text for f in result.findings)
    top = [s.id for s in result.sections if s.level == 1]
    assert top == ["I", "II", "III", "IV", "V"]
    assert {"I.1.a", "II.2.2.1", "II.5.a"} <= {s.id for s in result.sections}
