"""Plain-text reading: encodings, binary refusal, Word's tab-indented table exports."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from extractor.errors import UnreadableFile
from extractor.reader_txt import decode, read_txt

VN = "Kế hoạch số 282/KH-UBND ngày 29/12/2022 của Ủy ban nhân dân tỉnh"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps letters with â ê ô ơ ư ă precomposed and tones as combining marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")

ENCODINGS = [
    # (bytes, encoding name reported) — the encodings .txt exports arrive in
    (VN.encode("utf-8"), "utf-8"),  # Notepad / LibreOffice default
    (codecs.BOM_UTF8 + VN.encode("utf-8"), "utf-8-sig"),  # Windows Notepad "UTF-8 with BOM"
    (codecs.BOM_UTF16_LE + VN.encode("utf-16-le"), "utf-16"),  # Word "Unicode" text
    (codecs.BOM_UTF16_BE + VN.encode("utf-16-be"), "utf-16"),
    (to_cp1258(VN), "windows-1258"),  # Word "Vietnamese (Windows)" text
]


@pytest.mark.parametrize("data,encoding", ENCODINGS)
def test_encodings(data, encoding):
    text, found = decode(data, "x.txt")
    assert found == encoding
    assert read_txt(data, "x.txt").blocks[0].text == VN  # NFC whatever the source form


@pytest.mark.parametrize("data,reason", [
    (b"\x00\x01\x02binary\x00" * 10, "binary"),  # an image or archive renamed .txt
    (bytes(range(1, 32)) * 20, "binary"),  # control characters
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid utf-16"),  # truncated UTF-16
])
def test_binary_or_broken_text_is_refused(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_txt(data, "x.txt")


TABLE = "\n".join([
    "Báo cáo kết quả:",  # the caption
    "\tSTT", "\tNội dung", "\tSố lượng", "",  # header row: each cell line starts with a tab
    "\t1", "\tHồ sơ tiếp nhận", "\t9.436", "",
    "\t2", "\tHồ sơ trực tuyến", "\t12", "(trong đó 2 toàn trình)", "",  # a cell of two paragraphs
    "",
    "Đoạn văn sau bảng.",
])


def test_tab_table_rows_cells_and_caption():
    doc = read_txt(TABLE.encode(), "x.txt")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    cells = [[doc.blocks[i].text for i in row] for row in table.grid]
    assert cells == [["STT", "Nội dung", "Số lượng"], ["1", "Hồ sơ tiếp nhận", "9.436"],
                     ["2", "Hồ sơ trực tuyến", "12\n(trong đó 2 toàn trình)"]]
    assert doc.blocks[table.caption_block].text == "Báo cáo kết quả:"
    assert doc.blocks[-1].text == "Đoạn văn sau bảng." and doc.blocks[-1].kind == "paragraph"
    assert doc.blocks[table.grid[2][2]].line == 12


def test_blank_line_inside_a_cell_is_not_a_row_break():
    # As in a real report: an empty paragraph after "61 (...)" inside a 5-column row.
    lines = ["\tA", "\tB", "\tC", "\tD", "\tE", "", "\t2", "\tx", "\t51", "\t61", "(44 + 17)", "", "\t100%", "", "", "Sau."]
    doc = read_txt("\n".join(lines).encode(), "x.txt")
    grid = doc.tables[0].grid
    assert [doc.blocks[i].text for i in grid[1]] == ["2", "x", "51", "61\n(44 + 17)", "100%"]


def test_empty_first_cell_continues_on_the_next_line():
    # Word writes an empty first paragraph in a cell as a lone tab, then the text.
    lines = ["\t", "", "STT", "\tTên", "", "\t1", "\tA", "", "", "Sau."]
    doc = read_txt("\n".join(lines).encode(), "x.txt")
    assert [doc.blocks[i].text for i in doc.tables[0].grid[0]] == ["STT", "Tên"]


def test_lone_tab_paragraphs_are_paragraphs():
    lines = ["\t+ Báo cáo số 4516/BC-SCT ngày 11/7/2023;", "+ Báo cáo số 4531/BC-SCT;", "b/ Về tự chủ"]
    doc = read_txt("\n".join(lines).encode(), "x.txt")
    assert doc.tables == []
    assert [b.kind for b in doc.blocks] == ["list_item", "list_item", "paragraph"]


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + VN.encode("utf-8")[:-1] + b"\xff" + " trong năm 2023".encode(),  # one damaged byte, BOM
    codecs.BOM_UTF16_LE + VN.encode("utf-16-le") + b"\x00",  # an odd last byte: the file was cut
])
def test_a_few_damaged_bytes_are_read_with_a_warning_whatever_the_bom(data):
    from extractor.legacy import replaced_characters

    doc = read_txt(data, "x.txt")
    assert "282/KH-UBND" in doc.blocks[0].text
    assert replaced_characters(doc)  # TEXT_CHARACTERS_REPLACED, as for UTF-8 without a BOM
