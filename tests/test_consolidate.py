"""The provincial summary: period sanity, one figure per report, totals and rates, views, files."""

from __future__ import annotations

import json

import pytest
from batch_factories import QUARTERS, finding, ind, ref, result

import cli
from extractor import store
from extractor.consolidate import (
    Stated, add_totals, consolidate, indicator_metrics, is_total_label, pick_value, summable,
)
from extractor.models import Table
from extractor.render.docx_appendix import vn_number
from extractor.render.summary import write_summary
from extractor.selection import ReportInfo, select

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")


# -- period sanity -------------------------------------------------------------------------------

def info(key: str, agency: str | None = "Sở Tư pháp", year: int | None = 2023, quarter: int | None = 3,
         date: str | None = "2023-09-16", number: str | None = "446", sha: str | None = None, mtime: float = 0,
         province: str = "Đồng Nai"):
    end = f"{year}-{QUARTERS[quarter][1] if quarter else '12-31'}" if year else None
    return ReportInfo(key, sha or key, agency, province, year, quarter, None, 3 if quarter else 12,
                      f"Quý {quarter} năm {year}" if year else None, end, date, number, mtime)


SELECT_CASES = [
    # one report per body, one period: everything counts, nothing to say
    ([info("a.txt"), info("b.txt", "Sở Y tế")], ["a.txt", "b.txt"], {}),
    # a Q2 report in a Q3 batch: flagged, left out
    ([info("a.txt"), info("b.txt", "Sở Y tế"), info("c.txt", "Sở Xây dựng", quarter=2)],
     ["a.txt", "b.txt"], {"c.txt": "PERIOD_OTHER"}),
    # last year's Q3 report sent again
    ([info("a.txt"), info("b.txt", "Sở Y tế"), info("c.txt", "Sở Xây dựng", year=2022)],
     ["a.txt", "b.txt"], {"c.txt": "PERIOD_OTHER_YEAR"}),
    # a period that could not be read: kept (flagged), so its figures do not vanish
    ([info("a.txt"), info("b.txt", "Sở Y tế", year=None, quarter=None)], ["a.txt", "b.txt"], {}),
    # one body, two reports (name written in capitals in one): the newer report is used
    ([info("a.txt", date="2023-09-14"), info("b.txt", "SỞ TƯ PHÁP", date="2023-09-20")],
     ["b.txt"], {"a.txt": "DUPLICATE_REPORT"}),
    # same date: the higher number is the later report
    ([info("a.txt", number="512"), info("b.txt", number="498")], ["a.txt"], {"b.txt": "DUPLICATE_REPORT"}),
    # one file sent twice under two names
    ([info("a.txt", sha="x"), info("a (1).txt", "Sở Y tế", sha="x")], ["a (1).txt"], {"a.txt": "DUPLICATE_FILE"}),
    # the body could not be read: kept, cannot be checked for duplicates
    ([info("a.txt", agency=None), info("b.txt", agency=None)], ["a.txt", "b.txt"], {}),
    # a report of another province, misfiled into this batch
    ([info("a.txt"), info("b.txt", "Sở Y tế"), info("c.txt", "Sở Xây dựng", province="Bình Dương")],
     ["a.txt", "b.txt"], {"c.txt": "PROVINCE_OTHER"}),
    # no majority (one Q1, one Q3): the later period is the batch's
    ([info("a.txt", quarter=1), info("b.txt", "Sở Y tế")], ["b.txt"], {"a.txt": "PERIOD_OTHER"}),
]


@pytest.mark.parametrize("reports,included,excluded", SELECT_CASES)
def test_select(reports, included, excluded):
    sel = select(reports)
    assert (sel.included, sel.excluded) == (included, excluded)


@pytest.mark.parametrize("reports,code", [
    ([info("a.txt"), info("b.txt", year=None, quarter=None)], "PERIOD_UNKNOWN"),
    ([info("a.txt", agency=None)], "AGENCY_UNKNOWN"),
    ([info("a.txt"), info("b.txt", "Sở Y tế", province="Bình Dương")], "PROVINCE_MIXED"),
])
def test_select_flags_what_it_cannot_check(reports, code):
    assert code in [n.code for n in select(reports).notes]


# -- one figure per report, totals -----------------------------------------------------------------

def st(report: str, key: str, value: float, unit: str | None = "hồ sơ", source: str = "text", block: int = 1,
       scope: str | None = None) -> Stated:
    return Stated(report, key, unit, None, value, source, block, scope)


@pytest.mark.parametrize("stated,total_blocks,expected", [
    # the text states it; the table repeats it per field: the text wins
    ([st("a", "k", 40, source="table", block=9), st("a", "k", 100)], set(), 100),
    # only a table: its total row ("Tổng cộng" as the row's scope)
    ([st("a", "k", 40, source="table", scope="Thương mại"), st("a", "k", 100, source="table", scope="TỔNG CỘNG")],
     set(), 100),
    # only a table, total row known from the table's cells
    ([st("a", "k", 40, source="table", block=9), st("a", "k", 100, source="table", block=12)], {12}, 100),
    # nothing better: the first statement
    ([st("a", "k", 40, source="table", block=9), st("a", "k", 60, source="table", block=10)], set(), 40),
])
def test_pick_value(stated, total_blocks, expected):
    assert pick_value(stated, total_blocks).value == expected


@pytest.mark.parametrize("cell,is_total", [
    ("Tổng cộng", True), ("TỔNG SỐ", True), ("Cộng:", True),  # one-stop tables of Sở reports
    ("Công Thương", False), ("Tổng hợp ý kiến", False), ("Cộng đồng", False),
])
def test_is_total_label(cell, is_total):
    assert is_total_label(cell) is is_total


@pytest.mark.parametrize("key,unit,expected", [
    ("dossiers_received", "hồ sơ", True),
    ("dossiers_on_time_rate", "%", False),  # a rate is never added up
    ("par_index_score", "điểm", False),  # nor a score
    ("par_index_rank", None, False),  # nor a rank (vocabulary kind "rank")
    ("processing_time", "ngày", False),  # nor a time
])
def test_summable(key, unit, expected):
    assert summable(key, unit) is expected


def _totals(stated):
    return {m.id: m for m in add_totals(indicator_metrics(stated, {}))}


def test_rates_are_recomputed_from_numerators_and_denominators_not_averaged():
    metrics = _totals([
        st("big", "dossiers_resolved", 9000), st("big", "dossiers_on_time", 8991),
        st("big", "dossiers_on_time_rate", 99.9, "%"),
        st("small", "dossiers_resolved", 40), st("small", "dossiers_on_time", 20),
        st("small", "dossiers_on_time_rate", 50, "%")])
    assert metrics["dossiers_resolved"].total == 9040
    assert metrics["dossiers_on_time_rate"].total == pytest.approx(round(9011 * 100 / 9040, 2))  # not 74.95
    assert "/" in metrics["dossiers_on_time_rate"].method


def test_a_rate_only_implied_by_its_parts_is_added():
    metrics = _totals([st("a", "dossiers_received", 200), st("a", "dossiers_online", 150)])
    assert metrics["dossiers_online_rate"].values == {"a": 75.0}
    assert metrics["dossiers_online_rate"].total == 75.0


def test_a_percentage_without_its_parts_has_no_total():
    metrics = _totals([st("a", "digital_signature_rate", 90, "%"), st("b", "digital_signature_rate", 70, "%")])
    assert metrics["digital_signature_rate"].total is None
    assert "bình quân" in metrics["digital_signature_rate"].method


# -- over a store ------------------------------------------------------------------------------------

@pytest.fixture
def out(tmp_path):
    """Three Q3 reports, one Q2 report (left out) and a failed file."""
    reports = [
        result("001.txt", "Sở Tư pháp",
               references=[ref("282/KH-UBND", "2022-12-29", "Kế hoạch", "UBND tỉnh"),
                           ref("355/KH-STP", "2023-07-03", "Kế hoạch", role="issued"),
                           ref("360/QĐ-STP", "2023-05-02", "Quyết định", role="issued")],
               indicators=[ind("dossiers_received", 7275), ind("dossiers_resolved", 6954),
                           ind("dossiers_on_time", 6951), ind("dossiers_on_time_rate", 99.96, "%")],
               findings=[finding()]),
        result("002.txt", "Sở Y tế",
               references=[ref("282/KH-UBND", "2022-12-28", "Kế hoạch", "UBND tỉnh")],
               indicators=[ind("dossiers_received", 30, block=20, source="table", table=0),
                           ind("dossiers_received", 100, block=22, source="table", table=0)],
               tables=[Table(index=0, n_rows=2, n_cols=2, rows=[["Y tế", "30"], ["Tổng cộng", "100"]],
                             cell_blocks=[[19, 20], [21, 22]])]),
        result("003.txt", "UBND huyện Long Thành", references=[ref("282/KH-UBND", "2022-12-29")],
               indicators=[ind("dossiers_resolved", 46), ind("dossiers_on_time", 40)]),
        result("004.txt", "Sở Xây dựng", quarter=2, window=None, indicators=[ind("dossiers_received", 5000)]),
    ]
    with store.opened(tmp_path / store.DEFAULT_NAME) as conn:
        for r in reports:
            store.ingest(conn, r, r.source.path.rsplit("/", 1)[1])
        store.record(conn, store.FileRecord("005.docx", "failed", error="unreadable", reason="empty file"))
    return tmp_path


@pytest.fixture
def summary(out):
    with store.opened(out / store.DEFAULT_NAME) as conn:
        return consolidate(conn)


def test_matrix_counts_only_the_selected_reports(summary):
    rows = summary.view("matrix").records()
    assert [r["agency"] for r in rows] == ["Sở Tư pháp", "Sở Y tế", "UBND huyện Long Thành", "Tổng cộng"]
    total = rows[-1]
    assert total["dossiers_received"] == 7275 + 100  # the Q2 report's 5000 is left out; the table's total row
    assert total["dossiers_on_time_rate"] == pytest.approx(round((6951 + 40) * 100 / (6954 + 46), 2))
    assert summary.counts == {"files": 5, "failed": 1, "read": 4, "counted": 3, "not_counted": 1}


def test_missing_lists_the_agencies_that_did_not_report(summary):
    missing = {r["label"]: r["agencies"] for r in summary.view("missing").records()}
    assert missing["Hồ sơ TTHC tiếp nhận"] == "UBND huyện Long Thành"


def test_issued_counts_documents_inside_the_data_window(summary):
    rows = summary.view("issued").records()
    assert (rows[0]["in_period"], rows[0]["other"], rows[0]["ids"]) == (1, 1, "355/KH-STP")  # 360 is of May
    assert rows[-1]["in_period"] == 1


def test_cited_ranks_documents_by_bodies(summary):
    first = summary.view("cited").records()[0]
    assert (first["id"], first["bodies"], first["date"]) == ("282/KH-UBND", 3, "2022-12-29")


def test_findings_hold_report_findings_period_notes_and_conflicts(summary):
    codes = {r["code"]: r for r in summary.view("findings").records()}
    assert codes["PERCENT_MISMATCH"]["report"] == "001.txt" and codes["PERCENT_MISMATCH"]["text"] == "99,9%"
    assert "004.txt" in codes["PERIOD_OTHER"]["report"]
    assert "282/KH-UBND" in codes["CROSS_DATE_CONFLICT"]["message"]


def test_reports_view_explains_every_file(summary):
    rows = {r["file"]: r for r in summary.view("reports").records()}
    assert (rows["005.docx"]["status"], rows["005.docx"]["note"]) == ("Lỗi", "empty file")
    assert rows["004.txt"]["counted"] == "Không" and "khác kỳ" in rows["004.txt"]["note"]


def test_write_summary_writes_every_form(summary, tmp_path):
    written = write_summary(summary, tmp_path / "s" / "summary.xlsx", tmp_path / "s" / "phu-luc.docx")
    names = sorted(p.name for p in written)
    assert names[:2] == ["phu-luc.docx", "summary-cited.csv"] and "summary.json" in names
    data = json.loads((tmp_path / "s" / "summary.json").read_text(encoding="utf-8"))
    assert data["views"]["matrix"]["rows"][-1]["dossiers_received"] == 7375
    ws = openpyxl.load_workbook(tmp_path / "s" / "summary.xlsx")["Tổng hợp chỉ tiêu"]
    assert ws.cell(row=ws.max_row, column=2).value == "Tổng cộng" and ws.cell(row=ws.max_row, column=2).font.bold


def test_word_appendix_has_the_main_figures(summary, tmp_path):
    write_summary(summary, tmp_path / "summary.xlsx", tmp_path / "phu-luc.docx")
    doc = docx.Document(tmp_path / "phu-luc.docx")
    assert doc.paragraphs[0].text == "PHỤ LỤC"
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Tổng hợp",
                                                    "Số cơ quan báo cáo"]
    row = next(r for r in table.rows if r.cells[1].text == "Hồ sơ TTHC tiếp nhận")
    assert row.cells[3].text == "7.375"


@pytest.mark.parametrize("value,text", [
    (9436, "9.436"), (99.99, "99,99"), (1234.5, "1.234,5"), (100.0, "100"), (None, ""),  # contract conventions
])
def test_vn_number(value, text):
    assert vn_number(value) == text


def test_cli_consolidate(out, capsys):
    assert cli.main(["consolidate", str(out)]) == cli.EXIT_OK
    assert (out / "summary.xlsx").is_file() and (out / "summary-findings.csv").is_file()
    assert "3 report(s) counted" in capsys.readouterr().err
    assert cli.main(["consolidate", str(out / "nowhere")]) == cli.EXIT_USAGE
