"""Tables: the true grid from .txt exports and .docx, multi-row headers, kinds, nesting."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from extractor.document import Document
from extractor.pipeline import extract_report
from extractor.reader import read_file
from extractor.reader_txt import read_txt
from extractor.tables import extract_tables

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# The header every version of the sample dossier table below must come out with:
# STT and Lĩnh vực merged down three rows, "Hồ sơ" across four columns, then two
# groups of two ("Tiếp nhận", "Đã giải quyết").
HEADER_3 = [
    ["STT", "Lĩnh vực", "Hồ sơ", "Hồ sơ", "Hồ sơ", "Hồ sơ"],
    ["", "", "Tiếp nhận", "Tiếp nhận", "Đã giải quyết", "Đã giải quyết"],
    ["", "", "Tổng số", "Trực tuyến", "Đúng hạn", "Trễ hạn"],
]
COLUMNS_3 = ["STT", "Lĩnh vực", "Hồ sơ / Tiếp nhận / Tổng số", "Hồ sơ / Tiếp nhận / Trực tuyến",
             "Hồ sơ / Đã giải quyết / Đúng hạn", "Hồ sơ / Đã giải quyết / Trễ hạn"]
ROWS_3 = [["1", "Hộ tịch", "120", "100", "118", "2"], ["2", "Chứng thực", "1.050", "980", "1.050", "0"]]

# The same table as Word's "Save as plain text" writes it: one TAB line per cell, a blank
# line per row; merged cells lost (the first rows are short, empty cells under the
# vertical merges), as in the real report's online-services table.
TXT_3 = """Kết quả giải quyết hồ sơ thủ tục hành chính:
\tSTT
\tLĩnh vực
\tHồ sơ

\t
\t
\tTiếp nhận
\tĐã giải quyết

\t
\t
\tTổng số
\tTrực tuyến
\tĐúng hạn
\tTrễ hạn

\t1
\tHộ tịch
\t120
\t100
\t118
\t2

\t2
\tChứng
thực
\t1.050
\t980
\t1.050
\t0

Đoạn văn sau bảng.
"""


def _tables(text: str):
    doc = Document(read_txt(text.encode("utf-8"), "sample.txt"))
    return doc, extract_tables(doc)[0]


def test_txt_three_row_header_is_rebuilt_cell_by_cell():
    doc, [table] = _tables(TXT_3)
    assert table.header == HEADER_3
    assert table.columns == COLUMNS_3
    assert table.rows == ROWS_3  # a line without a TAB continues its cell ("Chứng thực")
    assert (table.n_rows, table.n_cols) == (5, 6)
    assert table.caption == "Kết quả giải quyết hồ sơ thủ tục hành chính:"
    assert table.kind == "dossier_resolution"
    for r, row in enumerate(table.cell_blocks):
        for c, b in enumerate(row):
            assert " ".join(doc.blocks[b].text.split()) == table.rows[r][c]


# (header rows as Word's text export writes them, expected header)
TXT_HEADERS = [
    # Đồng Nai Q3/2023 digital-signature table: 4 cells over 5 columns, the last spans 2
    (["\tSTT\n\tTiêu chí\n\tKỳ trước\n\tKỳ báo cáo\n", "\t\n\t\n\t\n\tSố lượng\n\tTỷ lệ\n"],
     [["STT", "Tiêu chí", "Kỳ trước", "Kỳ báo cáo", "Kỳ báo cáo"], ["", "", "", "Số lượng", "Tỷ lệ"]]),
    # two groups of two: split evenly
    (["\tSTT\n\tTên\n\tTrực tuyến\n\tTrực tiếp\n", "\t\n\t\n\tSố hồ sơ\n\tTỷ lệ (%)\n\tSố hồ sơ\n\tTỷ lệ (%)\n"],
     [["STT", "Tên", "Trực tuyến", "Trực tuyến", "Trực tiếp", "Trực tiếp"],
      ["", "", "Số hồ sơ", "Tỷ lệ (%)", "Số hồ sơ", "Tỷ lệ (%)"]]),
    # uneven groups: the first sub-header restarts a group ("Số lượng | Số lượng, Tỷ lệ")
    (["\tSTT\n\tChỉ tiêu\n\tNăm trước\n\tNăm nay\n", "\t\n\t\n\tSố lượng\n\tSố lượng\n\tTỷ lệ\n"],
     [["STT", "Chỉ tiêu", "Năm trước", "Năm nay", "Năm nay"], ["", "", "Số lượng", "Số lượng", "Tỷ lệ"]]),
    # a column merged down at the end ("Ghi chú")
    (["\tSTT\n\tKết quả\n\tGhi chú\n", "\t\n\tĐạt\n\tKhông đạt\n\t\n"],
     [["STT", "Kết quả", "Kết quả", "Ghi chú"], ["", "Đạt", "Không đạt", ""]]),
]


@pytest.mark.parametrize("header_rows,expected", TXT_HEADERS)
def test_txt_short_header_rows(header_rows, expected):
    width = len(expected[0])
    body = "".join(f"\t{i}\n" if i == 1 else f"\t{i * 10}\n" for i in range(1, width + 1))
    text = "Bảng số liệu:\n" + "\n".join(header_rows + [body]) + "\nHết.\n"
    _, [table] = _tables(text)
    assert table.header == expected
    assert len(table.rows) == 1


def test_layout_tables_keep_no_header():
    text = ("\tUBND TỈNH A\nSỞ B\n\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "\tSố: 12/BC-SB\n\tA, ngày 01 tháng 3 năm 2024\n\nBÁO CÁO\n")
    _, [table] = _tables(text)
    assert table.kind == "letterhead"
    assert table.header == [] and len(table.rows) == 2


# (caption, header cells, expected kind)
KINDS = [
    ("- Báo cáo tình hình thực hiện liên thông thủ tục hành chính:",  # Đồng Nai Q3/2023 table 1
     ["STT", "Thủ tục hành chính, dịch vụ công", "Đơn vị thực hiện", "Các đơn vị liên thông thực hiện"],
     "one_stop_interconnected"),
    ("a) Kết quả triển khai dịch vụ công trực tuyến toàn trình và dịch vụ công trực tuyến một phần",
     ["STT", "Tên thủ tục", "Tổng số hồ sơ đã tiếp nhận", "Hồ sơ nộp trực tiếp"], "online_public_services"),
    ("- Kết quả ứng dụng chữ ký số, chứng thư số:", ["STT", "Tiêu chí", "Năm trước", "Năm nay"],
     "digital_signatures"),
    ("Kết quả kiểm tra:", ["Tên đơn vị được thanh tra, kiểm tra", "Thời gian thực hiện",
                           "Nội dung thanh tra, kiểm tra"], "inspections"),
    ("Danh sách cán bộ:", ["Họ và tên", "Ngày sinh", "Quê quán"], None),  # nothing known
]


@pytest.mark.parametrize("caption,header,kind", KINDS)
def test_kinds(caption, header, kind):
    rows = ["".join(f"\t{h}\n" for h in header), "".join(f"\tô {i}\n" for i in range(len(header)))]
    _, [table] = _tables(caption + "\n" + "\n".join(rows) + "\nHết.\n")
    assert table.kind == kind


# --- .docx built with python-docx -------------------------------------------------------------

def _docx_table(path: Path) -> Path:
    """The sample dossier table as Word stores it: gridSpan and vMerge, a nested table."""
    d = docx.Document()
    d.add_paragraph("Kết quả giải quyết hồ sơ thủ tục hành chính:")
    t = d.add_table(rows=5, cols=6)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "STT"
    t.cell(0, 1).merge(t.cell(2, 1)).text = "Lĩnh vực"
    t.cell(0, 2).merge(t.cell(0, 5)).text = "Hồ sơ"
    t.cell(1, 2).merge(t.cell(1, 3)).text = "Tiếp nhận"
    t.cell(1, 4).merge(t.cell(1, 5)).text = "Đã giải quyết"
    for r, row in enumerate([["", "", "Tổng số", "Trực tuyến", "Đúng hạn", "Trễ hạn"]] + ROWS_3, start=2):
        for c, text in enumerate(row):
            if r > 2 or c > 1:
                t.cell(r, c).text = text
    nested = t.cell(4, 1).add_table(rows=2, cols=2)
    for r, row in enumerate([["Nội dung", "Số lượng"], ["Bản sao", "35"]]):
        for c, text in enumerate(row):
            nested.cell(r, c).text = text
    d.add_paragraph("Đoạn văn sau bảng.")
    d.save(path)
    return path


def test_docx_merged_header_and_nested_table_cell_by_cell(tmp_path):
    _, raw = read_file(_docx_table(tmp_path / "bang.docx"))
    doc = Document(raw)
    tables, _ = extract_tables(doc)
    outer, inner = tables
    assert outer.header == HEADER_3
    assert outer.columns == COLUMNS_3
    assert outer.rows == ROWS_3
    assert outer.caption == "Kết quả giải quyết hồ sơ thủ tục hành chính:"
    assert (outer.n_rows, outer.n_cols, outer.parent) == (5, 6, None)
    assert inner.parent == [0, 4, 1]  # kept, with the cell that holds it
    assert inner.header == [["Nội dung", "Số lượng"]] and inner.rows == [["Bản sao", "35"]]


def test_txt_and_docx_give_the_same_table_and_numbers(tmp_path):
    from extractor.indicators import extract_indicators
    from extractor.models import Report

    def numbers(doc):
        tables, _ = extract_tables(doc)
        indicators, _ = extract_indicators(doc, Report(), tables[:1])
        return tables[0], [(i.value, i.key, i.row, i.col) for i in indicators if i.source == "table"]

    txt_table, txt_numbers = numbers(Document(read_txt(TXT_3.encode("utf-8"), "bang.txt")))
    docx_table, docx_numbers = numbers(Document(read_file(_docx_table(tmp_path / "bang.docx"))[1]))
    assert (txt_table.header, txt_table.columns, txt_table.rows) == (docx_table.header, docx_table.columns,
                                                                      docx_table.rows)
    assert txt_numbers == docx_numbers and len(txt_numbers) == 8


def test_corpus_docx_tables_have_a_kind_and_layout_tables(tmp_path):
    result = extract_report(CORPUS / "so_gtvt_binh_thuan_q1_2024.docx")
    kinds = [t.kind for t in result.tables]
    assert kinds[0] == "letterhead" and kinds[-1] == "signature"
    letterhead_blocks = {b for row in result.tables[0].cell_blocks for b in row}
    assert not [i for i in result.indicators if i.block in letterhead_blocks]


# --- the real report ------------------------------------------------------------------------

def test_real_report_tables_match_the_gold(real_report, real_gold):
    result = extract_report(real_report)
    gold = json.loads(real_gold.read_text(encoding="utf-8"))["tables"]
    assert len(result.tables) == len(gold) == 4
    for table, want in zip(result.tables, gold):
        assert table.header == want["header"]
        assert table.rows == want["rows"]
        assert table.caption == want["caption"]
    assert [t.kind for t in result.tables] == ["one_stop_interconnected", "online_public_services",
                                               "inspections", "digital_signatures"]
