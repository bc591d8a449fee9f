"""Vietnamese numbers: parsing by separators and finding quantities among the digits
that are not quantities (dates, document numbers, labels, ranks, levels, years)."""

from __future__ import annotations

import pytest

from extractor.normalize import match_view, nfc
from extractor.numbers import find_quantities, number_style, parse_number, percent_agrees, sentence_span


def _view(text: str) -> str:
    return match_view(nfc(text)).text


# (raw, style, integral, expected)
PARSE = [
    ("9.436", "vi", False, 9436),  # Đồng Nai Q3/2023 online-services table: thousands dot
    ("99,99", "vi", False, 99.99),  # Đồng Nai Q3/2023: "đạt 99,99%" decimal comma
    ("1.234,5", "vi", False, 1234.5),  # budget lines "1.234,5 triệu đồng": both separators
    ("1.486.205", "vi", False, 1486205),  # Sở Y tế budget: several thousands groups
    ("02", "vi", False, 2),  # "02 thủ tục": leading zero of NĐ 30 style counts
    ("100", "vi", False, 100),  # "100 %"
    ("0", "vi", False, 0),  # "0 lượt PAKN"
    ("92.83", "vi", False, 92.83),  # English decimal in a Vietnamese report (two digits after the dot)
    ("2,129,000", "vi", False, 2129000),  # English thousands: several comma groups
    ("2,129,000.5", "vi", False, 2129000.5),  # English with a decimal part
    ("1,234", "vi", False, 1.234),  # ambiguous comma: Vietnamese decimal by default
    ("1,234", "vi", True, 1234),  # ... but a count of whole things cannot be 1.234
    ("1,234", "en", False, 1234),  # ... and an English-writing report groups thousands
    ("1.234", "vi", False, 1234),  # ambiguous dot: Vietnamese thousands by default
    ("1.234", "en", False, 1.234),  # ... English decimal in an English-writing report
    ("2.2.1", "vi", False, None),  # a section label, not a number
    ("1.23.456", "vi", False, None),  # malformed grouping
    ("12.", "vi", False, None),  # trailing separator
]


@pytest.mark.parametrize("raw,style,integral,expected", PARSE)
def test_parse_number(raw, style, integral, expected):
    assert parse_number(raw, style, integral) == expected


# (text, [(value, unit)] expected quantities, in order)
FIND = [
    # real forms
    ("đã hoàn thành 44/54 nhiệm vụ", [(44, "nhiệm vụ")]),  # Đồng Nai Q3/2023 task ratio
    ("tiếp nhận 9.436 hồ sơ", [(9436, "hồ sơ")]),  # dossiers with a thousands dot
    ("đạt 99,99% đúng và trước hạn", [(99.99, "%")]),  # percent with a decimal comma
    ("Tỷ lệ 100 %", [(100, "%")]),  # space before the percent sign (table cell)
    ("trên 06 kỳ báo Đồng Nai, 04 kỳ báo Công Thương", [(6, "kỳ báo"), (4, "kỳ báo")]),  # propaganda
    ("51 (44cts + 7 sim PKI)", [(51, None), (44, "cts"), (7, "sim PKI")]),  # unit glued to the number
    ("97 lượt PAKN ở mức độ 1 và 0 lượt PAKN ở mức độ 2", [(97, "lượt PAKN"), (0, "lượt PAKN")]),  # level labels skipped, the 0 kept
    ("lưu trữ văn bản,100% CBCCVC", [(100, "%")]),  # no space after the comma: not "0,100"
    ("08 thủ tục cấp tỉnh, 10 thủ tục cấp huyện", [(8, "thủ tục"), (10, "thủ tục")]),  # level kept with the unit
    ("đạt 92.83%", [(92.83, "%")]),  # English decimal (corpus sample)
    ("tổng kinh phí 2,129,000 đồng", [(2129000, "đồng")]),  # English thousands
    ("dự toán 1.234,5 triệu đồng", [(1234.5, "triệu đồng")]),  # both separators
    ("không có hồ sơ bị trễ hạn", [(0, "hồ sơ")]),  # zero stated in words
    ("các CBCCVC không vi phạm việc chấp hành giờ giấc", [(0, "trường hợp")]),  # zero stated in words
    ("rút ngắn từ 10 đến 15 ngày", [(10, "ngày")]),  # a range: its low end, with the top as total
    ("hoàn thành 35 trong tổng số 38 nhiệm vụ", [(35, None), (38, "nhiệm vụ")]),  # "trên/trong tổng số"
    ("thời hạn 03 tháng", [(3, "tháng")]),  # a duration stays a quantity
    # traps: digits that are not quantities
    ("Kế hoạch số 282/KH-UBND ngày 29/12/2022", []),  # document number and date
    ("Quyết định số 21/2023/QĐ-UBND", []),  # normative number with its year
    ("Công văn số 5782-CV/TU ngày 28/8/2023", []),  # Party number
    ("ngày 29 tháng 07 năm 2021", []),  # date in words
    ("số liệu tính từ 15/6 đến 14/9", []),  # partial dates of the regime windows
    ("dịch vụ công mức độ 1,2", []),  # "mức độ 1,2" is a list of levels, not 1.2
    ("dịch vụ công mức độ 3, 4", []),  # same, with a space
    ("2.2.1. Tổ chức hoạt động bộ phận một cửa", []),  # section label
    ("(1) Quyết định Quy định đấu thầu", []),  # list label
    ("hoàn chỉnh dự thảo (lần 4)", []),  # draft round, an ordinal
    ("Sáng kiến 1: cải cách", []),  # a name with a number
    ("trong năm 2023 và giai đoạn 2021-2025", []),  # years
    ("6 tháng đầu năm 2023", []),  # a period, not six months counted
    ("trong 3 tháng cuối năm 2023", []),  # a period
    ("tiêu chuẩn TCVN ISO 9001:2015", []),  # a standard
    ("http://sct.dongnai.gov.vn/Pages/news.aspx?CatId=103", []),  # URL parameter
    ("Điện thoại: 0251.3822.123", []),  # phone number (corpus sample)
    ("do cty TS24 cấp", []),  # a code glued after letters
    ("thôn Phú Sơn 1, Phú Sơn 2", []),  # place names (corpus sample)
    ("Phòng Công chứng số 1", []),  # a numbered name
    ("qua tổng đài 1022", []),  # a hotline number
    ("ngày 16 tháng 8", []),  # date without the year
]


@pytest.mark.parametrize("text,expected", FIND)
def test_find_quantities(text, expected):
    found = find_quantities(_view(text))
    assert [(q.value, q.unit) for q in found] == expected


def test_rank_is_a_rank_not_a_ratio():
    # Tuyên Quang / corpus: "xếp thứ 11/63 tỉnh, thành phố" is a place in a ranking
    [q] = find_quantities(_view("PAR INDEX của tỉnh xếp thứ 11/63 tỉnh, thành phố"))
    assert (q.kind, q.value, q.total) == ("rank", 11, 63)


def test_range_keeps_its_top():
    [q] = find_quantities(_view("từ 10 đến 15 ngày làm việc"))
    assert (q.kind, q.value, q.total, q.unit) == ("range", 10, 15, "ngày làm việc")


def test_anaphoric_count_is_not_a_new_quantity():
    # Đồng Nai Q3/2023: "đối với 02 thủ tục: ... đối với 02 thủ tục này" counts the same two
    found = find_quantities(_view("đối với 02 thủ tục: A và B; đạt 100% đối với 02 thủ tục này."))
    assert [(q.value, q.unit) for q in found] == [(2, "thủ tục"), (100, "%")]


def test_bare_day_month_is_not_a_ratio_but_a_counted_one_is():
    assert find_quantities(_view("vào 15/6 vừa qua")) == []
    [q] = find_quantities(_view("đạt 10/12 nhiệm vụ"))
    assert (q.kind, q.value, q.total) == ("ratio", 10, 12)


def test_quantity_offsets_point_at_the_raw_number():
    text = _view("Sở đã tiếp nhận 9.436 hồ sơ, đạt 99,99%")
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.raw
        assert q.span_end >= q.end


# (texts, expected style)
STYLES = [
    (["đạt 99,99%", "9.436 hồ sơ", "1.234,5 triệu đồng"], "vi"),  # Vietnamese separators
    (["đạt 92.83%", "2,129,000 đồng"], "en"),  # English separators
    (["9.436 hồ sơ", "1,234 người"], "vi"),  # only ambiguous forms: the Vietnamese default
]


@pytest.mark.parametrize("texts,expected", STYLES)
def test_number_style(texts, expected):
    assert number_style(texts) == expected


def test_english_report_reads_ambiguous_comma_as_thousands():
    found = find_quantities(_view("tiếp nhận 1,234 hồ sơ, đạt 92.83%"), style="en")
    assert [q.value for q in found] == [1234, 92.83]


# (stated, raw, computed, agrees)
PERCENTS = [
    (100, "100%", 100.0, True),  # 127/127 (đạt 100%)
    (81, "81%", 81.48, True),  # rounded to the unit
    (81.5, "81,5%", 81.48, True),  # rounded to one decimal
    (66.66, "66,66%", 66.667, True),  # truncated
    (90, "90%", 72.0, False),  # corpus sample: 18/25 stated as 90%
    (99.99, "99,99%", 99.5, False),  # two decimals claim more precision
]


@pytest.mark.parametrize("stated,raw,computed,agrees", PERCENTS)
def test_percent_agrees(stated, raw, computed, agrees):
    assert percent_agrees(stated, raw, computed) is agrees


def test_sentence_span_does_not_split_numbers():
    text = "Tiếp nhận 9.436 hồ sơ. Đạt 99,99%."
    start, end = sentence_span(text, text.index("9.436"))
    assert text[start:end] == "Tiếp nhận 9.436 hồ sơ"
