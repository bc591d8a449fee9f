"""Outline labels as real reports write them, table-driven."""

from __future__ import annotations

import pytest

from extractor.document import Block, Document, RawDocument
from extractor.sections import build_outline, classify_heading


def _doc(lines: list[str | tuple[str, str]]) -> Document:
    blocks = []
    for i, line in enumerate(lines):
        label = None
        if isinstance(line, tuple):  # (auto-numbering label, text)
            label, line = line
        blocks.append(Block(index=i, kind="paragraph", text=line, label=label))
    return Document(RawDocument(format="txt", blocks=blocks))


PART = ["II. KẾT QUẢ"]
NUMBERED = ["II. KẾT QUẢ", "1. Cải cách thể chế"]
ONE_STOP = ["II. KẾT QUẢ", "2. Cải cách TTHC", "2.2. Một cửa"]
LABELS = [
    # (paragraphs before, paragraph, id of the section it opens or None)
    ([], "I. CÔNG TÁC CHỈ ĐẠO", "I"),  # Roman with dot, the usual top level
    ([], "II/ KẾT QUẢ THỰC HIỆN", "II"),  # Roman with slash
    ([], "III- ĐÁNH GIÁ CHUNG", "III"),  # Roman with hyphen
    ([], "PHẦN II: PHƯƠNG HƯỚNG", "PII"),  # "Phần" headings of older templates: parts above I., II.
    (PART, "1. Cải cách thể chế", "II.1"),  # Arabic under the current part
    (PART, "3) Cải cách tổ chức bộ máy", "II.3"),  # "3)" form
    (PART, "2.1. Công tác công khai TTHC", "II.2.1"),  # dotted: its own digits give the path
    (ONE_STOP, "2.2.1. Tổ chức hoạt động bộ phận một cửa", "II.2.2.1"),
    (PART, "2.1 Công tác công khai", "II.2.1"),  # dotted label without the final dot
    (NUMBERED, "a) Ban hành văn bản", "II.1.a"),  # letter under the innermost numbered section
    (NUMBERED, "b/ Về cơ chế tự chủ", "II.1.b"),  # "b/" form (the real report, section II.5)
    (NUMBERED, "đ) Công tác khác", "II.1.đ"),  # Vietnamese alphabet letter
    ([], "1. Mở đầu", "1"),  # a report without Roman parts
    (NUMBERED, "- Căn cứ Kế hoạch số 282/KH-UBND", None),  # bullets are not sections
    (NUMBERED, "+ Văn bản số 4386/TB-SCT", None),
    (NUMBERED, "(1) Quyết định Quy định đấu thầu", None),  # numbered drafts are items, not sections
    (NUMBERED, "10 thủ tục cấp huyện", None),  # a count, not a label
    (NUMBERED, "1.234 hồ sơ", None),  # a number with a thousands dot
    (NUMBERED, "2023. Sở đã", None),  # a year
    (NUMBERED, "A) Chữ hoa", None),  # capital letters are not list labels here
]


@pytest.mark.parametrize("before,line,expected", LABELS)
def test_label_forms(before, line, expected):
    sections, _ = build_outline(_doc(before + [line]))
    opened = [s for s in sections if s.block == len(before)]
    assert (opened[0].id if opened else None) == expected


def test_tree_parents_levels_and_block_sections():
    doc = _doc(["BÁO CÁO", "I. CHỈ ĐẠO", "1. Kế hoạch", "a) Kết quả", "- một ý", "II. KẾT QUẢ",
                "2. Cải cách TTHC", "2.2. Một cửa", "2.2.1. Bộ phận một cửa", "2.3.4. Phản ánh kiến nghị"])
    sections, block_section = build_outline(doc)
    got = {s.id: (s.level, s.parent) for s in sections}
    assert got == {"I": (1, None), "I.1": (2, "I"), "I.1.a": (3, "I.1"), "II": (1, None),
                   "II.2": (2, "II"), "II.2.2": (3, "II.2"), "II.2.2.1": (4, "II.2.2"),
                   # a numbering mistake of the real report, kept as written under its nearest ancestor
                   "II.2.3.4": (4, "II.2")}
    assert block_section[:5] == [None, "I", "I.1", "I.1.a", "I.1.a"]


def test_auto_numbered_labels_come_from_word():
    doc = _doc([("I.", "CÔNG TÁC CHỈ ĐẠO"), ("1.", "Kế hoạch CCHC"), ("a)", "Kết quả")])
    sections, _ = build_outline(doc)
    assert [(s.id, s.label, s.heading, s.numbering) for s in sections] == [
        ("I", "I.", "CÔNG TÁC CHỈ ĐẠO", "auto"), ("I.1", "1.", "Kế hoạch CCHC", "auto"),
        ("I.1.a", "a)", "Kết quả", "auto")]


def test_parts_hold_roman_sections_and_take_the_next_line_as_heading():
    sections, _ = build_outline(_doc(["PHẦN I", "KẾT QUẢ THỰC HIỆN", "I. CHỈ ĐẠO", "1. Kế hoạch", "PHẦN II. PHƯƠNG HƯỚNG"]))
    assert [(s.id, s.level, s.parent, s.heading) for s in sections] == [
        ("PI", 1, None, "KẾT QUẢ THỰC HIỆN"), ("PI.I", 2, "PI", "CHỈ ĐẠO"), ("PI.I.1", 3, "PI.I", "Kế hoạch"),
        ("PII", 1, None, "PHƯƠNG HƯỚNG")]


def test_repeated_label_gets_a_distinct_id():
    sections, _ = build_outline(_doc(["I. A", "1. B", "1. B lặp", "II. C"]))
    assert [s.id for s in sections] == ["I", "I.1", "I.1~2", "II"]


TOPICS = [
    # (heading, topic) — the usual outline (VN-RULES 4.3) and variants seen in reports
    ("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "direction"),
    ("Về thanh tra, kiểm tra cải cách hành chính", "inspection"),
    ("Về công tác thông tin, tuyên truyền CCHC", "communication"),
    ("Đánh giá về những mô hình, sáng kiến, giải pháp mới trong CCHC", "initiatives"),
    ("Cải cách thể chế", "institutional"),
    ("Cải cách thủ tục hành chính (TTHC)", "procedures"),
    ("Thực hiện cơ chế một cửa, một cửa liên thông", "one_stop"),
    ("Cải cách tổ chức bộ máy hành chính nhà nước", "organization"),
    ("Cải cách chế độ công vụ", "civil_service"),
    ("Cải cách tài chính công", "public_finance"),
    ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "digital_government"),
    ("Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "digital_government"),
    ("ĐÁNH GIÁ CHUNG", "assessment"),
    ("PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM QUÝ IV", "plan"),
    ("NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM", "plan"),  # variant wording
    ("KIẾN NGHỊ, ĐỀ XUẤT", "recommendations"),
    ("ĐỀ XUẤT, KIẾN NGHỊ", "recommendations"),
    ("Tình hình chung", None),
]


@pytest.mark.parametrize("heading,topic", TOPICS)
def test_topic(heading, topic):
    assert classify_heading(heading) == topic


def test_subsection_inherits_specific_topic():
    sections, _ = build_outline(_doc(["II. KẾT QUẢ", "2. Cải cách thủ tục hành chính", "2.2. Cơ chế một cửa",
                                      "c) Nguyên nhân hồ sơ trễ hạn"]))
    assert sections[-1].topic == "one_stop"
