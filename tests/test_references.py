"""Document references (issue 3): one row per real-world form, with where it comes from.

Sources named in the comments: "CCHC report" is the Q3/2023 report of a provincial Sở
Công Thương (../shared/corpus); VN-RULES is ../shared/design/VN-RULES.md (NĐ 30/2020,
Luật BHVBQPPL, Hướng dẫn 36-HD/VPTW and published provincial documents). The sample
sentences are written for these tests in the style of those documents.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.document import Block, Document, RawDocument
from extractor.models import Period, Report
from extractor.references import extract_references


def extract(*paragraphs: str, agency: str | None = "Sở Công Thương", **report):
    doc = Document(RawDocument(format="txt", blocks=[
        Block(index=i, kind="paragraph", text=t) for i, t in enumerate(paragraphs)]))
    return extract_references(doc, Report(agency=agency, **report))


def refs(*paragraphs: str, **kw):
    return extract(*paragraphs, **kw)[0]


def only(text: str, id_: str, **kw):
    found = [r for r in refs(text, **kw) if r.id == id_]
    assert found, f"no mention of {id_} in {text!r}: {[r.id for r in refs(text, **kw)]}"
    return found[0]


# (text, id, doc_type, number, year, symbol)
ID_FORMS = [
    ("Kế hoạch số 282/KH-UBND ngày 29/12/2022", "282/KH-UBND", "Kế hoạch", "282", None, "KH-UBND"),  # NĐ 30 administrative number (CCHC report)
    ("Văn bản số 9177/UBND-KTNS", "9177/UBND-KTNS", "Văn bản", "9177", None, "UBND-KTNS"),  # công văn: no type code (CCHC report)
    ("Văn bản số 1442/STC-QLG&CS", "1442/STC-QLG&CS", "Văn bản", "1442", None, "STC-QLG&CS"),  # "&" in the symbol (CCHC report)
    ("Công văn số 2231/SNV-CCHC&PC", "2231/SNV-CCHC&PC", "Công văn", "2231", None, "SNV-CCHC&PC"),  # Hải Phòng QĐ 30/2018 (VN-RULES 1.3)
    ("Quyết định số 933/QĐ-TTg", "933/QĐ-TTg", "Quyết định", "933", None, "QĐ-TTg"),  # mixed case TTg (CCHC report)
    ("Tờ trình số 1494/TTr-SNV", "1494/TTr-SNV", "Tờ trình", "1494", None, "TTr-SNV"),  # mixed case TTr (Hải Phòng, VN-RULES 1.2)
    ("Chương trình số 05/CTr-UBND", "05/CTr-UBND", "Chương trình", "05", None, "CTr-UBND"),  # CTr (NĐ 30 Phụ lục III row 9)
    ("Quy định số 02/QyĐ-BQL", "02/QyĐ-BQL", "Quy định", "02", None, "QyĐ-BQL"),  # QyĐ (NĐ 30 Phụ lục III row 5)
    ("Nghị quyết số 30c/NQ-CP ngày 08/11/2011", "30c/NQ-CP", "Nghị quyết", "30c", None, "NQ-CP"),  # letter suffix (VN-RULES 2.1)
    ("Quyết định số 21/2023/QĐ-UBND", "21/2023/QĐ-UBND", "Quyết định", "21", "2023", "QĐ-UBND"),  # normative số/năm/ký hiệu (CCHC report)
    ("Nghị định số 61/2018/NĐ-CP", "61/2018/NĐ-CP", "Nghị định", "61", "2018", "NĐ-CP"),  # VBQPPL (VN-RULES 2.1)
    ("Luật số 80/2015/QH13", "80/2015/QH13", "Luật", "80", "2015", "QH13"),  # law: issuer segment QH<khóa> (VN-RULES 2.1)
    ("luật số 80/2015/QH13", "80/2015/QH13", "Luật", "80", "2015", "QH13"),  # lower-case type word
    ("Thông tư liên tịch số 55/2005/TTLT-BNV-VPCP", "55/2005/TTLT-BNV-VPCP", "Thông tư liên tịch", "55", "2005", "TTLT-BNV-VPCP"),  # joint (VN-RULES 2.1)
    ("Văn bản hợp nhất số 03/VBHN-VPQH", "03/VBHN-VPQH", "Văn bản hợp nhất", "03", None, "VBHN-VPQH"),  # consolidated (VN-RULES 2.1)
    ("Công văn số 5782-CV/TU ngày 28/8/2023", "5782-CV/TU", "Công văn", "5782", None, "CV/TU"),  # Party number (CCHC report)
    ("Nghị quyết số 18-NQ/TW", "18-NQ/TW", "Nghị quyết", "18", None, "NQ/TW"),  # Party (VN-RULES 3.2)
    ("Kết luận số 445-KL/TƯ", "445-KL/TƯ", "Kết luận", "445", None, "KL/TƯ"),  # Party, "TƯ" spelling
    ("Kế hoạch số 27-KH/DU", "27-KH/DU", "Kế hoạch", "27", None, "KH/DU"),  # ASCII "DU" for ĐU (VN-RULES 3.2)
    ("Quyết định số 44 /2005/QĐ-UBND", "44/2005/QĐ-UBND", "Quyết định", "44", "2005", "QĐ-UBND"),  # Bình Thuận QĐ 44/2005 as published
    ("Nghị quyết 35/NQ- CP", "35/NQ-CP", "Nghị quyết", "35", None, "NQ-CP"),  # stray space after the hyphen
    ("Nghị định số 30/2020/NĐ - CP", "30/2020/NĐ-CP", "Nghị định", "30", "2020", "NĐ-CP"),  # spaces on both sides
    ("Kế hoạch số 282/KH-UBND - Phó Chủ tịch", "282/KH-UBND", "Kế hoạch", "282", None, "KH-UBND"),  # a dash after the id
    ("Quyết định số 12/QĐ-TTG", "12/QĐ-TTG", "Quyết định", "12", None, "QĐ-TTG"),  # upper-cased by software
    ("Quyết định số 367 - QĐ/TWĐTN-VP", "367-QĐ/TWĐTN-VP", "Quyết định", "367", None, "QĐ/TWĐTN-VP"),  # Đoàn TNCS (VN-RULES 3.2)
    ("Quyết định số 84 QĐ/TWĐTN", "84QĐ/TWĐTN", "Quyết định", "84", None, "QĐ/TWĐTN"),  # hyphen missing after "số" (VN-RULES 3.2)
    ("Thông tư Số: 7 /2021/TT-BNV", "7/2021/TT-BNV", "Thông tư", "7", "2021", "TT-BNV"),  # OCR'd header of TT 07/2021
    ("Quyết định số: 1206 /QĐ-HVTC", "1206/QĐ-HVTC", "Quyết định", "1206", None, "QĐ-HVTC"),  # "số:" and a space (VN-RULES 5)
    ("Văn bản sô 5340/SCT-TT", "5340/SCT-TT", "Văn bản", "5340", None, "SCT-TT"),  # typo "sô" (CCHC report)
    ("Quyết định số31-QĐ/TW", "31-QĐ/TW", "Quyết định", "31", None, "QĐ/TW"),  # glued "số31" (VN-RULES 5)
    ("CV số 123/UBND-VP", "123/UBND-VP", "Công văn", "123", None, "UBND-VP"),  # abbreviated type word
    ("QĐ số 12/QĐ-UBND", "12/QĐ-UBND", "Quyết định", "12", None, "QĐ-UBND"),  # abbreviated type word
    ("Quyết định 33/2021/QĐ-UBND", "33/2021/QĐ-UBND", "Quyết định", "33", "2021", "QĐ-UBND"),  # no "số" (CCHC report)
    ("Tờ trình 96/TTr-UBND ngày 05/9/2023", "96/TTr-UBND", "Tờ trình", "96", None, "TTr-UBND"),  # no "số" (CCHC report)
    ("tại văn bản số 383/KH-SCT ngày 30/01/2023", "383/KH-SCT", "Văn bản", "383", None, "KH-SCT"),  # lower case; type word as written (CCHC report)
    ("Kế hoạch cải cách hành chính số 383/KH-SCT", "383/KH-SCT", "Kế hoạch", "383", None, "KH-SCT"),  # trích yếu words before "số" (CCHC report)
    ("(kèm theo 282/KH-UBND)", "282/KH-UBND", None, "282", None, "KH-UBND"),  # a bare id: no type word
    ("Công văn số 8283/VPCP-TCCV V/v tổng kết", "8283/VPCP-TCCV", "Công văn", "8283", None, "VPCP-TCCV"),  # "V/v" is no id (VN-RULES 5)
]


@pytest.mark.parametrize("text,id_,doc_type,number,year,symbol", ID_FORMS)
def test_id_forms(text, id_, doc_type, number, year, symbol):
    found = refs(text)
    assert [r.id for r in found] == [id_]
    r = found[0]
    assert (r.doc_type, r.number, r.year, r.symbol) == (doc_type, number, year, symbol)


NEVER = [
    "theo tiêu chuẩn TCVN ISO 9001:2015 tại Sở",  # a standard (CCHC report)
    "Chỉ số PAR INDEX xếp thứ 11/63 tỉnh, thành phố",  # a rank (VN-RULES 4.4)
    "Điện thoại: 0251.3822.123; Fax: 0251/3822124",  # phone numbers
    "số liệu tính từ 15/6/2023 đến ngày 13/9/2023",  # dates (CCHC report)
    "dự toán Quý II/2023của cơ quan",  # a period (CCHC report)
    "đạt 127/127 thủ tục; hoàn thành 44/54 nhiệm vụ",  # ratios (CCHC report)
    "+ Đề án 06 (http://sct.dongnai.gov.vn/Pages/news.aspx?CatId=103)",  # a website heading, no earlier Đề án (CCHC report)
    "ban hành Nghị định thay thế Nghị định về kinh doanh khí",  # unnumbered documents (CCHC report)
    "phòng, chống dịch COVID-19 và 3G/4G",  # not ids
    "văn bản quy phạm pháp luật; Luật quy định rõ",  # "luật" as a word
    "Báo cáo này được gửi Sở Nội vụ",  # the report itself
    "đơn giá 1/Tháng 6 và 2/Năm",  # a capitalised word after a slash is no symbol
]


@pytest.mark.parametrize("text", NEVER)
def test_never_references(text):
    assert refs(text) == []


# (paragraphs, id, date, date_source, mention text)
DATES = [
    (["Thực hiện Kế hoạch số 282/KH-UBND ngày 29/12/2022 của UBND tỉnh"], "282/KH-UBND", dt.date(2022, 12, 29), "inline",
     "Kế hoạch số 282/KH-UBND ngày 29/12/2022"),  # CCHC report
    (["Văn bản số 4386/TB-SCT ngày 04/7/2023 về việc"], "4386/TB-SCT", dt.date(2023, 7, 4), "inline",
     "Văn bản số 4386/TB-SCT ngày 04/7/2023"),  # no leading zero in the month (CCHC report)
    (["kèm theo Quyết định 33/2021/QĐ-UBND ngày 29 tháng 07 năm 2021 của"], "33/2021/QĐ-UBND", dt.date(2021, 7, 29), "inline",
     "Quyết định 33/2021/QĐ-UBND ngày 29 tháng 07 năm 2021"),  # the header date form (CCHC report)
    (["Quyết định số 31-QĐ/TW, ngày 01-10-1997 của"], "31-QĐ/TW", dt.date(1997, 10, 1), "inline",
     "Quyết định số 31-QĐ/TW, ngày 01-10-1997"),  # Party hyphenated date (VN-RULES 3.2)
    (["Kế hoạch số 12/KH-UBND ngày 2.1.2018 về"], "12/KH-UBND", dt.date(2018, 1, 2), "inline",
     "Kế hoạch số 12/KH-UBND ngày 2.1.2018"),  # dotted date
    (["các Quyết định số 12/QĐ-UBND, 2.1.2018; số 13/QĐ-UBND"], "12/QĐ-UBND", dt.date(2018, 1, 2), "inline",
     "Quyết định số 12/QĐ-UBND, 2.1.2018"),  # the date alone after the id (the issue's form)
    (["(Kế hoạch số 482/KH-UBND ngày ngày 13/01/2020; Kế hoạch"], "482/KH-UBND", dt.date(2020, 1, 13), "inline",
     "Kế hoạch số 482/KH-UBND ngày ngày 13/01/2020"),  # doubled "ngày" (CCHC report)
    (["Nghị định số 32/2020/NĐ-CP  ngày  05/3/2020  của  Chính  phủ"], "32/2020/NĐ-CP", dt.date(2020, 3, 5), "inline",
     "Nghị định số 32/2020/NĐ-CP  ngày  05/3/2020"),  # doubled spaces kept in text (CCHC report)
    (["Quyết định số 44/2005/QĐ-UBND ngày 06 / 7 /2005 của"], "44/2005/QĐ-UBND", dt.date(2005, 7, 6), "inline",
     "Quyết định số 44/2005/QĐ-UBND ngày 06 / 7 /2005"),  # spaced date (Bình Thuận, VN-RULES 5)
    (["- Ngày 21/8/2023, Sở Công Thương ban hành Tờ trình số 5326/TTr-SCT trình UBND tỉnh phê duyệt"], "5326/TTr-SCT",
     dt.date(2023, 8, 21), "preceding_clause", "Tờ trình số 5326/TTr-SCT"),  # sentence-initial date (CCHC report)
    (["+ Ngày 12/9/2023 UBND tỉnh đã chấp thuận chủ trương tại Công văn số 9362/UBND-KTNS, trong đó"], "9362/UBND-KTNS",
     dt.date(2023, 9, 12), "preceding_clause", "Công văn số 9362/UBND-KTNS"),  # no comma after the date (CCHC report)
    (["Ngày 03/4/2023, Sở Công Thương đã có công văn số 1582/SCT-VP gửi Sở Nội vụ"], "1582/SCT-VP",
     dt.date(2023, 4, 3), "preceding_clause", "công văn số 1582/SCT-VP"),  # CCHC report
    (["- Ngày 29/8/2023, Sở Công Thương đã ban hành Quyết định số 208/QĐ-SCT ngày 29/8/2023 về việc"], "208/QĐ-SCT",
     dt.date(2023, 8, 29), "inline", "Quyết định số 208/QĐ-SCT ngày 29/8/2023"),  # the inline date wins (CCHC report)
    (["Ngày 21/8/2023, Sở tổ chức hội nghị triển khai Kế hoạch số 10/KH-UBND"], "10/KH-UBND",
     None, None, "Kế hoạch số 10/KH-UBND"),  # counter: a meeting's date, not the plan's
    (["Văn bản số 5416/SCT-VP ngày 25/8/2023. "], "5416/SCT-VP", dt.date(2023, 8, 25), "inline",
     "Văn bản số 5416/SCT-VP ngày 25/8/2023"),  # CCHC report
    (["Quyết định số 215/QĐ-STP ngày 31/02/2024 của Giám đốc Sở"], "215/QĐ-STP", None, None,
     "Quyết định số 215/QĐ-STP ngày 31/02/2024"),  # impossible date: kept as text, never repaired
]


@pytest.mark.parametrize("paragraphs,id_,date,source,text", DATES)
def test_dates(paragraphs, id_, date, source, text):
    r = only(paragraphs[0], id_)
    assert (r.date, r.date_source, r.text) == (date, source, text)


def test_preceding_date_only_for_the_first_mention_of_the_sentence():
    # CCHC report: the second mention of 22/2023 is in the next sentence and gets no date
    found = refs("Ngày 19/05/2023, Ủy ban nhân dân tỉnh đã ban hành Quyết định số 22/2023/QĐ-UBND về ban hành quy chế X. "
                 "Quyết định 22/2023/QĐ-UBND thay thế Quyết định số 53/2018/QĐ-UBND ngày 11/12/2018.")
    assert [(r.id, r.date) for r in found] == [
        ("22/2023/QĐ-UBND", dt.date(2023, 5, 19)), ("22/2023/QĐ-UBND", None), ("53/2018/QĐ-UBND", dt.date(2018, 12, 11))]


# (text, id, issuer)
ISSUERS = [
    ("Thực hiện Kế hoạch số 282/KH-UBND ngày 29/12/2022 của Chủ tịch UBND tỉnh về cải cách", "282/KH-UBND", "Chủ tịch UBND tỉnh"),  # office + body (CCHC report)
    ("theo Quyết định số 1844/QĐ-UBND ngày 04/8/2023 của Quyền chủ tịch về việc công bố", "1844/QĐ-UBND", "Quyền chủ tịch"),  # an office alone, case kept (CCHC report)
    ("Thông tư số 04/2021/TT-BTP ngày 21/6/2021 của Bộ trưởng Bộ Tư pháp quy định chi tiết", "04/2021/TT-BTP", "Bộ trưởng Bộ Tư pháp"),  # CCHC report
    ("Nghị định số 32/2020/NĐ-CP  ngày  05/3/2020  của  Chính  phủ sửa đổi, bổ sung", "32/2020/NĐ-CP", "Chính phủ"),  # spaces collapsed; trích yếu right after (CCHC report)
    ("Quyết định số 3720/QĐ-UBND ngày 30/12/2022 của UBND tỉnh Đồng Nai, về việc phân bổ", "3720/QĐ-UBND", "UBND tỉnh Đồng Nai"),  # CCHC report
    ("Quyết định 33/2021/QĐ-UBND ngày 29 tháng 07 năm 2021 của Ủy ban nhân dân tỉnh Đồng Nai.", "33/2021/QĐ-UBND", "Ủy ban nhân dân tỉnh Đồng Nai"),  # CCHC report
    ("Công văn số 733/SNV-TT ngày 06/3/2023 của Sở Nội vụ hướng dẫn thực hiện", "733/SNV-TT", "Sở Nội vụ"),  # CCHC report
    ("Công văn số 59-CV/TU ngày 01-10-2022 của Tỉnh ủy Khánh Hòa về sơ kết", "59-CV/TU", "Tỉnh ủy Khánh Hòa"),  # Party body + place
    ("Nghị quyết số 18-NQ/TW ngày 25-10-2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khoá XII về một số vấn đề",
     "18-NQ/TW", "Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khoá XII"),  # Party plenum with its term
    ("Kế hoạch số 12/KH-UBND ngày 16/01/2023 của UBND huyện Hoà Vang về", "12/KH-UBND", "UBND huyện Hoà Vang"),  # district
    ("Quyết định số 2566/QĐ-UBND của Chủ tịch UBND thành phố Đà Nẵng", "2566/QĐ-UBND", "Chủ tịch UBND thành phố Đà Nẵng"),  # city
    ("Công văn số 12/SDL-QLDL của Sở Du lịch về", "12/SDL-QLDL", "Sở Du lịch"),  # a body not in the gazetteer
    ("Trên cơ sở hướng dẫn của Sở Nội vụ tại Công văn số 3531/SNV-TCCQ ngày 05/9/2023, Sở", "3531/SNV-TCCQ", "Sở Nội vụ"),  # issuer before (CCHC report)
    ("căn cứ ý kiến của Sở Tài chính tại Văn bản số 1442/STC-QLG&CS ngày 23/03/2023, Sở", "1442/STC-QLG&CS", "Sở Tài chính"),  # CCHC report
    ("Văn bản số 4675/SCT-VP ngày 18/7/2023 về việc triển khai thông báo kết luận của Chủ tịch UBND tỉnh", "4675/SCT-VP", None),  # "của" inside the trích yếu (CCHC report)
    ("Quyết định số 28/QĐ-TTXTTM ngày 17/4/2023 ban hành quy trình hỗ trợ của Trung tâm Xúc tiến Thương mại.", "28/QĐ-TTXTTM", None),  # CCHC report
    ("trang bị Phòng họp trực tuyến tại Sở Công Thương tại Văn bản số 5416/SCT-VP", "5416/SCT-VP", None),  # "tại" without "của" (CCHC report)
    ("Kế hoạch 8843/KH-UBND ngày 23/9/2016 của UBND tỉnh các văn bản khác", "8843/KH-UBND", "UBND tỉnh"),  # CCHC report
    ("Kế hoạch số 45/KH-UBND ngày 12/01/2024 do UBND tỉnh ban hành", "45/KH-UBND", "UBND tỉnh"),  # "do X ban hành"
    ("Quyết định số 7/QĐ-UBND của UBND TP. Biên Hòa về việc", "7/QĐ-UBND", "UBND TP. Biên Hòa"),  # "TP." city
    ("Công văn số 15/KBNN-KSC của Kho bạc Nhà nước tỉnh về", "15/KBNN-KSC", "Kho bạc Nhà nước tỉnh"),  # a head-only name
]


@pytest.mark.parametrize("text,id_,issuer", ISSUERS)
def test_issuers(text, id_, issuer):
    assert only(text, id_).issuer == issuer


# (text, id, subject, marker)
SUBJECTS = [
    ("Văn bản số 4523/SCT-VP ngày 11/7/2023 về việc triển khai quy chế Hội thi năm 2023;", "4523/SCT-VP",
     "triển khai quy chế Hội thi năm 2023", "về việc"),  # CCHC report
    ("Công văn số 8283/VPCP-TCCV V/v tổng kết thực hiện Chương trình tổng thể", "8283/VPCP-TCCV",
     "tổng kết thực hiện Chương trình tổng thể", "V/v"),  # "V/v" (VN-RULES 5)
    ("Kế hoạch số 282/KH-UBND ngày 29/12/2022 của Chủ tịch UBND tỉnh về cải cách hành chính năm 2023; Công văn số 733/SNV-TT",
     "282/KH-UBND", "cải cách hành chính năm 2023", "về"),  # ";" before the next citation (CCHC report)
    ("Quyết định số 33/2021/QĐ-UBND ngày 29/7/2021 của UBND tỉnh ban hành Quy chế quản lý vật liệu nổ công nghiệp",
     "33/2021/QĐ-UBND", "Quy chế quản lý vật liệu nổ công nghiệp", "ban hành"),  # CCHC report
    ("Thông tư số 04/2021/TT-BTP ngày 21/6/2021 của Bộ trưởng Bộ Tư pháp quy định chi tiết thi hành Nghị định.",
     "04/2021/TT-BTP", "chi tiết thi hành Nghị định", "quy định"),  # CCHC report
    ("+ Văn bản số 4731/SCT-TT ngày 21/7/2023 về việc triển khai kiểm soát thủ tục hành chính; cơ chế một cửa, một cửa liên thông;",
     "4731/SCT-TT", "triển khai kiểm soát thủ tục hành chính; cơ chế một cửa, một cửa liên thông", "về việc"),  # ";" inside (CCHC report)
    ("Quyết định số 21/2023/QĐ-UBND sửa đổi, bổ sung một số Điều của Quy chế quản lý. Quyết định", "21/2023/QĐ-UBND",
     "sửa đổi, bổ sung một số Điều của Quy chế quản lý", None),  # no marker (CCHC report)
    ("Ngày 03/4/2023, Sở đã có công văn số 1582/SCT-VP gửi Sở Nội vụ để đăng ký sáng kiến, cách làm mới năm 2023, cụ thể:",
     "1582/SCT-VP", "đăng ký sáng kiến, cách làm mới năm 2023", None),  # addressee dropped (CCHC report)
    ("Sở ban hành Tờ trình số 5326/TTr-SCT trình UBND tỉnh phê duyệt dự thảo Nghị quyết hỗ trợ.", "5326/TTr-SCT",
     "phê duyệt dự thảo Nghị quyết hỗ trợ", None),  # CCHC report
    ("Sở đã ban hành Văn bản số 5533/SCT-TM gửi UBND tỉnh về giải trình xin chấp thuận chủ trương;", "5533/SCT-TM",
     "giải trình xin chấp thuận chủ trương", "về"),  # addressee then marker (CCHC report)
    ("Quyết định số 36/QĐ-SCT ngày 06/03/2023 về việc ban hành Mục tiêu chất lượng năm 2023 nhằm tạo môi trường làm việc",
     "36/QĐ-SCT", "ban hành Mục tiêu chất lượng năm 2023", "về việc"),  # purpose clause left out (CCHC report)
    ("Thực hiện Kế hoạch số 11/KH-UBND ngày 12/01/2023 của UBND tỉnh về rà soát, đơn giản hóa quy định năm 2023, Sở Công Thương đã ban hành",
     "11/KH-UBND", "rà soát, đơn giản hóa quy định năm 2023", "về"),  # ends before the main clause (CCHC report)
    ("Thực hiện Công văn số 733/SNV-TT của Sở Nội vụ hướng dẫn chế độ báo cáo định kỳ, Sở Công Thương báo cáo như sau:",
     "733/SNV-TT", "hướng dẫn chế độ báo cáo định kỳ", None),  # CCHC report
    ("Sở Công Thương đã xây dựng Kế hoạch số 706/KH-SCT ngày 17/02/2023, trong đó tập trung", "706/KH-SCT", None, None),  # CCHC report
    ("Sở đã ban hành Báo cáo số 12/BC-SNV ngày 5/1/2024 gửi về Sở Nội vụ.", "12/BC-SNV", None, None),  # an addressee alone
    ("Quyết định 22/2023/QĐ-UBND thay thế Quyết định số 53/2018/QĐ-UBND", "22/2023/QĐ-UBND", None, None),  # a relation, no trích yếu (CCHC report)
    ("Kế hoạch 8843/KH-UBND ngày 23/9/2016 của UBND tỉnh các văn bản quy phạm pháp luật khác):", "8843/KH-UBND", None, None),  # CCHC report
    ("theo Kế hoạch cải cách hành chính số 383/KH-SCT của Sở Công Thương.", "383/KH-SCT", "cải cách hành chính", None),  # words before "số" (CCHC report)
    ("Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ về theo dõi thi hành pháp luật và Nghị định số 32/2020/NĐ-CP",
     "59/2012/NĐ-CP", "theo dõi thi hành pháp luật", "về"),  # "và" + another citation ends it (CCHC report)
    ("Tại Quyết định số 924/QĐ-UBND ngày 15/4/2022 của UBND tỉnh đã giao quyền tự chủ tài chính giai đoạn 2022-2025 như sau:",
     "924/QĐ-UBND", "giao quyền tự chủ tài chính giai đoạn 2022-2025", None),  # "đã" dropped (CCHC report)
    ("UBND huyện đã ban hành Kế hoạch số 36/KH-UBND ngày 19/01/2024 về cải cách hành chính năm 2024 với 42 nhiệm vụ, giao",
     "36/KH-UBND", "cải cách hành chính năm 2024", "về"),  # a count is no part of the trích yếu
    ("Quyết định số 1844/QĐ-UBND ngày 04/8/2023 của UBND tỉnh về việc công bố danh mục tại Văn bản sô 5340/SCT-TT ngày 22/8/2023);",
     "1844/QĐ-UBND", "công bố danh mục", "về việc"),  # ends before "tại <citation>" (CCHC report)
    ("Quyết định số 22/QĐ-STP ngày 18/01/2024 công khai dự toán theo hướng dẫn của Sở Tài chính tại Văn bản số 158/STC-HCSN.",
     "22/QĐ-STP", "công khai dự toán", None),  # "theo hướng dẫn của X tại <citation>" belongs to the sentence
    ("Kế hoạch số 734/KH-SCT ngày 19/02/2023 về Duy trì hệ thống quản lý chất lượng TCVN ISO 9001:2015 năm 2023; Quyết định",
     "734/KH-SCT", "Duy trì hệ thống quản lý chất lượng TCVN ISO 9001:2015 năm 2023", "về"),  # ":" inside a standard number (CCHC report)
    ("Nghị định số 61/2018/NĐ-CP của Chính phủ về thực hiện cơ chế một cửa, trong quý Sở đã tiếp nhận 236 hồ sơ", "61/2018/NĐ-CP",
     "thực hiện cơ chế một cửa", "về"),  # a main clause after a comma, lower case
    ("Quyết định số 8/QĐ-UBND về việc thành lập Trung tâm tại TP. Biên Hòa. Sau đó", "8/QĐ-UBND",
     "thành lập Trung tâm tại TP. Biên Hòa", "về việc"),  # "TP." is no sentence end
]


@pytest.mark.parametrize("text,id_,subject,marker", SUBJECTS)
def test_subjects(text, id_, subject, marker):
    r = only(text, id_)
    assert (r.subject, r.subject_marker) == (subject, marker)


def test_nested_citation_is_a_mention_of_its_own():
    # CCHC report: a trích yếu citing another document
    found = refs("+ Văn bản số 5340/SCT-TT ngày 22/8/2023 về việc triển khai thực hiện Quyết định số 1844/QĐ-UBND ngày 04/8/2023 "
                 "của UBND tỉnh Đồng Nai về việc công bố danh mục thủ tục hành chính;")
    outer, inner = found
    assert outer.subject.startswith("triển khai thực hiện Quyết định số 1844/QĐ-UBND ngày 04/8/2023 của UBND tỉnh Đồng Nai")
    assert (inner.id, inner.issuer, inner.subject) == ("1844/QĐ-UBND", "UBND tỉnh Đồng Nai", "công bố danh mục thủ tục hành chính")
    assert inner.role == "cited"  # nested: not the basis of the report, whatever precedes it


def test_and_continues_a_subject_that_already_cites():
    # CCHC report: "thi hành Nghị định A ... và Nghị định B" inside one trích yếu
    text = ("Thông tư số 04/2021/TT-BTP ngày 21/6/2021 của Bộ trưởng Bộ Tư pháp quy định chi tiết thi hành Nghị định số "
            "59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ về theo dõi pháp luật và Nghị định số 32/2020/NĐ-CP ngày 05/3/2020.")
    assert only(text, "04/2021/TT-BTP").subject.endswith("về theo dõi pháp luật và Nghị định số 32/2020/NĐ-CP ngày 05/3/2020")
    assert only(text, "59/2012/NĐ-CP").subject == "theo dõi pháp luật"


# (paragraphs, agency, id, role)
ROLES = [
    (["Sở Công Thương đã ban hành Kế hoạch số 895/KH-SCT ngày 28/02/2023"], "Sở Công Thương", "895/KH-SCT", "issued"),  # own code SCT (CCHC report)
    (["+ Văn bản số 4386/TB-SCT ngày 04/7/2023"], "Sở Công Thương tỉnh Đồng Nai", "4386/TB-SCT", "issued"),  # agency with its province
    (["Sở đã ban hành Công văn số 12/ABC-VP ngày 4/7/2023"], "Sở Công Thương", "12/ABC-VP", "issued"),  # text cue "Sở ... đã ban hành"
    (["Thực hiện Kế hoạch số 282/KH-UBND của UBND tỉnh về X; Công văn số 733/SNV-TT của Sở Nội vụ hướng dẫn Y, Sở Công Thương báo cáo"],
     "Sở Công Thương", "733/SNV-TT", "basis"),  # a list after "Thực hiện" (CCHC report)
    (["- Về vị trí việc làm: Căn cứ Nghị định số 62/2020/NĐ-CP; Thông tư số 12/2022/TT-BNV ngày 30/12/2022"],
     "Sở Công Thương", "12/2022/TT-BNV", "basis"),  # "Căn cứ" after a heading colon (CCHC report)
    (["theo quy định tại Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016"], "Sở Công Thương", "45/2016/QĐ-TTg", "basis"),  # CCHC report
    (["Ngày 18/05/2023, UBND tỉnh đã ban hành Quyết định số 21/2023/QĐ-UBND sửa đổi"], "Sở Công Thương", "21/2023/QĐ-UBND", "cited"),  # CCHC report
    (["Thực hiện Kế hoạch số 13/KH-UBND của UBND tỉnh, Sở Công Thương đã ban hành Kế hoạch số 1/KH-ABC"], "Sở Công Thương",
     "1/KH-ABC", "issued"),  # main clause after the basis (CCHC report)
    (["UBND huyện đã ban hành Kế hoạch số 36/KH-UBND ngày 19/01/2024"], "Ủy ban nhân dân huyện Long Thành", "36/KH-UBND", "issued"),  # district: UBND code is shared
    (["- Trên cơ sở Kế hoạch số 18/KH-UBND ngày 10/01/2024 của UBND tỉnh, UBND huyện đã ban hành"], "Ủy ban nhân dân huyện Long Thành",
     "18/KH-UBND", "basis"),  # the province's plan is not the district's
    (["Kế hoạch số 18/KH-UBND ngày 10/01/2024 của UBND tỉnh Đồng Nai."], "Ủy ban nhân dân huyện Long Thành", "18/KH-UBND", "cited"),
    (["Sở Tư pháp đã ban hành Kế hoạch số 28/KH-STP.", "Sở Tư pháp đã ban hành Công văn số 102/XYZ-VP."], None, "102/XYZ-VP", "issued"),  # agency guessed from the text
    (["Thực hiện các văn bản chỉ đạo của UBND tỉnh:", "- Kế hoạch số 45/KH-UBND ngày 12/01/2024;", "- Công văn số 9/UBND-NV."],
     "Sở Công Thương", "9/UBND-NV", "basis"),  # a list under a basis lead-in
    (["Sở đã ban hành các văn bản sau:", "- Công văn số 9/UBND-NV."], "Sở Công Thương", "9/UBND-NV", "cited"),  # a lead-in without basis cue
]


@pytest.mark.parametrize("paragraphs,agency,id_,role", ROLES)
def test_roles(paragraphs, agency, id_, role):
    found = [r for r in refs(*paragraphs, agency=agency) if r.id == id_]
    assert found and found[0].role == role


# (paragraphs, expected [(id, resolution, text)] for the non-full mentions)
LINKS = [
    (["Quyết định số 1844/QĐ-UBND ngày 04/8/2023 của UBND tỉnh.", "Theo Quyết định 1844, Sở đã cập nhật."],
     [("1844/QĐ-UBND", "short", "Quyết định 1844")]),  # number without symbol
    (["Nghị định số 61/2018/NĐ-CP ngày 23/4/2018.", "Nghị định 61/2018 quy định"],
     [("61/2018/NĐ-CP", "short", "Nghị định 61/2018")]),  # number/year without symbol
    (["Văn bản số 4386/TB-SCT ngày 04/7/2023.", "Thông báo 4386 nêu rõ"],
     [("4386/TB-SCT", "short", "Thông báo 4386")]),  # the type read from the symbol's code
    (["Sở Y tế ban hành Kế hoạch số 486/KH-SYT ngày 14/02/2023. Sở đã cụ thể hóa Kế hoạch nêu trên."],
     [("486/KH-SYT", "anaphora", "Kế hoạch nêu trên")]),  # back reference
    (["Kế hoạch số 12/KH-UBND ngày 2.1.2018 V/v triển khai.", "Kế hoạch này được thực hiện."],
     [("12/KH-UBND", "anaphora", "Kế hoạch này")]),
    (["Quyết định số 1/QĐ-UBND; Kế hoạch số 2/KH-UBND; Quyết định nêu trên"],
     [("1/QĐ-UBND", "anaphora", "Quyết định nêu trên")]),  # the latest mention of that type
    (["+ Đề án 06 (chuyên mục)"], []),  # nothing earlier: not a reference (CCHC report)
    (["Quyết định nêu trên đã được triển khai."], []),  # nothing earlier
    (["Kế hoạch số 2/KH-UBND.", "a", "b", "c", "d", "Kế hoạch này"], []),  # too far back
    (["Kế hoạch số 2/KH-UBND.", "Kế hoạch trên địa bàn tỉnh"], []),  # "trên" as a preposition
    (["Báo cáo số 5/BC-UBND.", "Báo cáo này gửi Sở Nội vụ"], []),  # "Báo cáo này" is the report itself
    (["Quyết định số 12/QĐ-UBND.", "Quyết định 13 khác"], []),  # another number
    (["Công văn số 9/UBND-NV ngày 4/3/2024.", "Văn bản nêu trên yêu cầu"], [("9/UBND-NV", "anaphora", "Văn bản nêu trên")]),  # "Văn bản": any type
    (["Công văn số 9/UBND-NV ngày 4/3/2024.", "Kế hoạch nêu trên"], []),  # another type
]


@pytest.mark.parametrize("paragraphs,expected", LINKS)
def test_short_and_back_references(paragraphs, expected):
    linked = [(r.id, r.resolution, r.text) for r in refs(*paragraphs) if r.resolution in ("short", "anaphora")]
    assert linked == expected


# (text, expected named mentions [(id, subject)])
LAWS = [
    ("theo Luật Phòng, chống tham nhũng trong giai đoạn 2021-2025", [("Luật Phòng, chống tham nhũng", "Phòng, chống tham nhũng")]),  # CCHC report
    ("Luật Đất đai và các văn bản hướng dẫn", [("Luật Đất đai", "Đất đai")]),  # generic name, stops at "và"
    ("Bộ luật Lao động năm 2019", [("Bộ luật Lao động", "Lao động")]),
    ("Luật Cán bộ, công chức và Luật Viên chức", [("Luật Cán bộ, công chức", "Cán bộ, công chức"), ("Luật Viên chức", "Viên chức")]),
    ("Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", [("Luật Tổ chức chính quyền địa phương",
                                                                     "Tổ chức chính quyền địa phương")]),  # a "Căn cứ" line
    ("Luật Doanh nghiệp số 59/2020/QH14", []),  # numbered: a full mention instead
    ("rà soát văn bản quy phạm pháp luật; Luật quy định", []),
]


@pytest.mark.parametrize("text,expected", LAWS)
def test_laws_by_name(text, expected):
    named = [r for r in refs(text) if not r.numbered]
    assert [(r.id, r.subject) for r in named] == expected
    assert all(r.resolution == "name" and r.number is None and r.doc_type in ("Luật", "Bộ luật") for r in named)


def test_law_by_name_takes_the_date_after_it():
    r = refs("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")[0]
    assert (r.date, r.text) == (dt.date(2015, 6, 19), "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015")


def test_numbered_law_keeps_its_name_as_subject():
    r = only("Luật Doanh nghiệp số 59/2020/QH14 ngày 17/6/2020", "59/2020/QH14")
    assert (r.doc_type, r.subject, r.date) == ("Luật", "Doanh nghiệp", dt.date(2020, 6, 17))


def test_documents_merge_mentions_and_report_conflicts():
    # CCHC report: 282 cited with two issuers, 383 with two type words, 1844 with an abbreviated issuer
    _, documents, findings = extract(
        "Thực hiện Kế hoạch số 282/KH-UBND ngày 29/12/2022 của Chủ tịch UBND tỉnh về cải cách hành chính năm 2023.",
        "Căn cứ Kế hoạch số 282/KH-UBND ngày 29/12/2022 của UBND tỉnh về cải cách hành chính năm 2023, Sở đã xây dựng "
        "kế hoạch tại văn bản số 383/KH-SCT ngày 30/01/2023 nhằm tiếp tục.",
        "theo Kế hoạch cải cách hành chính số 383/KH-SCT của Sở Công Thương.",
        "theo Kế hoạch số 383/KH-SCT ngày 30/01/2023 về cải cách hành chính của Sở Công Thương năm 2023.",
        "Quyết định số 1844/QĐ-UBND ngày 04/8/2023 của UBND tỉnh Đồng Nai về việc X; Quyết định số 1844/QĐ-UBND "
        "ngày 04/8/2023 của Ủy ban nhân dân tỉnh về việc X.",
    )
    by_id = {d.id: d for d in documents}
    plan = by_id["282/KH-UBND"]
    assert (plan.mentions, plan.issuer, [c.field for c in plan.conflicts]) == (2, "Chủ tịch UBND tỉnh", ["issuer"])
    own = by_id["383/KH-SCT"]
    assert (own.mentions, own.doc_type, own.role) == (3, "Kế hoạch", "issued")
    assert [(c.field, c.values) for c in own.conflicts] == [("doc_type", ["Văn bản", "Kế hoạch"])]
    assert own.subject == "cải cách hành chính của Sở Công Thương năm 2023"  # tie between subjects: the longest
    assert by_id["1844/QĐ-UBND"].conflicts == []  # "UBND tỉnh Đồng Nai" = "Ủy ban nhân dân tỉnh"
    issuer_conflict = [f for f in findings if f.code == "REF_ISSUER_CONFLICT"]
    assert len(issuer_conflict) == 1 and len(issuer_conflict[0].places) == 2


def test_back_reference_type_is_no_type_conflict():
    _, documents, findings = extract("Kế hoạch số 12/KH-UBND ngày 2.1.2018.", "Văn bản nêu trên được triển khai.")
    assert (documents[0].mentions, documents[0].doc_type, documents[0].conflicts, findings) == (2, "Kế hoạch", [], [])


def test_date_conflict():
    _, documents, findings = extract("Kế hoạch số 1520/KH-BQL ngày 06/02/2023 về X.", "Kế hoạch số 1520/KH-BQL ngày 08/02/2023.")
    assert documents[0].conflicts[0].values == ["2023-02-06", "2023-02-08"]
    assert documents[0].date == dt.date(2023, 2, 6)  # tie: the first stated
    assert [f.code for f in findings] == ["REF_DATE_CONFLICT"]


# (text, report fields, expected finding codes)
FINDINGS = [
    ("Kế hoạch số 4386/TB-SCT ngày 04/7/2023", {}, ["REF_TYPE_SYMBOL_MISMATCH"]),  # the issue's example
    ("Văn bản số 4386/TB-SCT ngày 04/7/2023", {}, []),  # "Văn bản" fits any symbol (CCHC report)
    ("Công văn số 5782-CV/TU ngày 28/8/2023", {}, []),  # Party CV (CCHC report)
    ("Tờ trình số 12/TTR-SNV", {}, []),  # upper-cased code (VN-RULES 1.2)
    ("Quy định 399-QĐ/TW", {}, []),  # Party regulations use QĐ (VN-RULES 3.1)
    ("Luật số 80/2015/QH13", {}, []),  # a law has no type code
    ("Quyết định số 1856/QĐ-UBND ngày 31/4/2024", {}, ["REF_DATE_INVALID"]),  # April has 30 days
    ("Quyết định số 1/QĐ-UBND ngày 01/10/2023", {"date": dt.date(2023, 9, 20)}, ["REF_DATE_AFTER_REPORT"]),
    ("Quyết định số 1/QĐ-UBND ngày 01/10/2023", {"period": Period(end=dt.date(2023, 9, 30))}, []),  # within the margin
    ("Quyết định số 1/QĐ-UBND ngày 01/01/2024", {"period": Period(end=dt.date(2023, 9, 30))}, ["REF_DATE_AFTER_REPORT"]),
    ("Quyết định số 21/2023/QĐ-UBND ngày 18/05/2022", {}, ["REF_YEAR_MISMATCH"]),  # the year in the id against the date
    ("Văn bản số 1281/-UBND ngày 3/3/2023", {}, ["REF_MALFORMED"]),  # empty type code (the issue's example)
    ("Quyết định số 12/QĐ--UBND", {}, ["REF_MALFORMED"]),
]


@pytest.mark.parametrize("text,report,codes", FINDINGS)
def test_findings(text, report, codes):
    _, _, findings = extract(text, **report)
    assert [f.code for f in findings] == codes
    for f in findings:
        assert all(p.text in text for p in f.places) and f.places


def test_report_does_not_cite_itself():
    found = refs("Số: 215/BC-UBND", "Căn cứ Kế hoạch số 18/KH-UBND.", "(Kèm theo Báo cáo số 215/BC-UBND ngày 17/6/2024)",
                 number="215", symbol="BC-UBND")
    assert [r.id for r in found] == ["18/KH-UBND"]


def test_a_lone_number_below_the_letterhead_is_a_citation():
    cells = ["Số: 215/BC-UBND"] + ["x"] * 25 + ["Số 12/QĐ-UBND"]
    assert [r.id for r in refs(*cells)] == ["12/QĐ-UBND"]


def test_every_mention_text_is_its_block_text():
    paragraphs = ["Căn cứ Kế hoạch số 23/KH-UBND  ngày\u00a019/01/2023 của UBND tỉnh – về việc hoà giải; Quyết định 1844 nêu trên",
                  "Quyết định số 1844/QĐ-UBND ngày 04/8/2023. Theo Quyết định 1844 và Luật Phòng, chống tham nhũng"]
    for r in refs(*paragraphs):
        assert paragraphs[r.block][r.start:r.end] == r.text


def test_a_pattern_timeout_costs_one_block(monkeypatch):
    # a regex past its timeout (a pathological paragraph) becomes a finding for its block
    from extractor import patterns, refgrammar

    real = refgrammar.find_numbered

    def slow_on_second(view, *known):
        if view.startswith("Chậm"):
            raise patterns.PatternTimeout("pattern timed out", view)
        return real(view, *known)

    monkeypatch.setattr(refgrammar, "find_numbered", slow_on_second)
    found, _, findings = extract("Kế hoạch số 1/KH-UBND.", "Chậm Kế hoạch số 2/KH-UBND.", "Kế hoạch số 3/KH-UBND.")
    assert [r.id for r in found] == ["1/KH-UBND", "3/KH-UBND"]
    assert [(f.code, f.places[0].block) for f in findings] == [("PATTERN_TIMEOUT", 1)]


def test_a_timeout_in_the_scan_of_all_blocks_is_the_one_of_its_block(monkeypatch):
    # references and resolve read some blocks of every view in one scan; when it times
    # out, each block is read on its own and only the one that times out there is lost
    from extractor import patterns

    real = patterns.finditer

    def slow_on_second(pattern, text, *args, **kwargs):
        if "Chậm" in text:
            raise patterns.PatternTimeout("pattern timed out", text)
        return real(pattern, text, *args, **kwargs)

    monkeypatch.setattr(patterns, "finditer", slow_on_second)
    found, _, findings = extract("Kế hoạch số 1/KH-UBND.", "Chậm Kế hoạch số 2/KH-UBND.", "Theo Luật Đất đai",
                                 "Quyết định số 3/QĐ-UBND; Kế hoạch 1 nêu trên")
    assert [r.id for r in found] == ["1/KH-UBND", "Luật Đất đai", "3/QĐ-UBND", "1/KH-UBND"]
    assert {(f.code, f.places[0].block) for f in findings} == {("PATTERN_TIMEOUT", 1)}


PIECES = ["Quyết định", "số", "sô", "Số:", "12", "2023", "/", "-", " - ", "QĐ", "UBND", "TTg", "&", "ngày", "29/12/2022",
          "31/02/2023", "của", "UBND tỉnh", "về việc", "V/v", "Luật", "Phòng, chống tham nhũng", "nêu trên", "này",
          ";", ",", ".", "(", ")", "Ngày", "ban hành", "Kế hoạch", "\u00a0", "  ", "hoà", "–", "Tỉnh ủy", "CV", "TU"]


@pytest.mark.parametrize("seed", range(60))
def test_any_mix_of_citation_pieces_keeps_provenance(seed):
    # property-style: random mixes of the grammar's pieces never break provenance
    import random

    rng = random.Random(seed)
    paragraphs = [" ".join(rng.choice(PIECES) for _ in range(rng.randint(5, 40))) for _ in range(3)]
    found, documents, findings = extract(*paragraphs)
    for r in found:
        assert paragraphs[r.block][r.start:r.end] == r.text
    assert sum(d.mentions for d in documents) == len(found)


def test_law_named_before_its_number_is_one_mention():
    # "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13": the type word is the
    # capitalised "Luật", not the "luật" of "pháp luật" (a corpus sample, Cam Lâm 2022)
    r = only("Thực hiện Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13, HĐND huyện", "80/2015/QH13")
    assert (r.text, r.doc_type, r.subject) == (
        "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13", "Luật", "Ban hành văn bản quy phạm pháp luật")
