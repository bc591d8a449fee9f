"""Indicators: keys from the vocabulary, units, periods, table cells, provenance."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from extractor import patterns
from extractor.document import Document
from extractor.indicators import extract_indicators
from extractor.models import Report
from extractor.pipeline import extract_report
from extractor.reader_txt import read_txt
from extractor.sections import build_outline
from extractor.tables import extract_tables

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _indicators(text: str):
    doc = Document(read_txt(text.encode("utf-8"), "sample.txt"))
    sections, block_section = build_outline(doc)
    doc = doc.with_sections(block_section)
    tables, _ = extract_tables(doc)
    indicators, _ = extract_indicators(doc, Report(), tables, sections)
    return doc, indicators


def _vocabulary_examples():
    for entry in patterns.entries("indicators", "indicator"):
        for example in entry["examples"]:
            yield pytest.param(entry["key"], example, id=f"{entry['key']}: {example[:40]}")


@pytest.mark.parametrize("key,example", list(_vocabulary_examples()))
def test_every_vocabulary_example_gets_its_key(key, example):
    _, indicators = _indicators(example)
    assert key in [i.key for i in indicators]


def test_vocabulary_keys_are_unique_and_topics_known():
    from typing import get_args

    from extractor.models import Topic

    entries = patterns.entries("indicators", "indicator")
    keys = [e["key"] for e in entries]
    assert len(keys) == len(set(keys))
    assert {e["topic"] for e in entries if "topic" in e} <= set(get_args(Topic))
    totals = {e["total_key"] for e in entries if "total_key" in e}
    assert totals <= set(keys)


# (text, [(value, key, unit)] in order)
KEYED = [
    # Đồng Nai Q3/2023: ratios give the part and, once, the whole
    ("- Đến nay, Sở đã hoàn thành 44/54 nhiệm vụ và đang thực hiện 10/54 nhiệm vụ theo Kế hoạch.",
     [(44, "plan_tasks_completed", "nhiệm vụ"), (54, "plan_tasks_total", "nhiệm vụ"),
      (10, "plan_tasks_in_progress", "nhiệm vụ")]),
    # Đồng Nai Q3/2023: coordinated counts keep their own units
    ("Trong đó giao Sở 55 biên chế công chức, 27 biên chế viên chức hưởng lương từ ngân sách.",
     [(55, "staff_quota_civil_servants", "biên chế công chức"),
      (27, "staff_quota_public_employees", "biên chế viên chức")]),
    ("Số biên chế sử dụng hiện nay là 49 công chức và 26 viên chức.",
     [(49, "staff_actual_civil_servants", "công chức"), (26, "staff_actual_public_employees", "viên chức")]),
    # zero stated in words (Đồng Nai Q3/2023)
    ("Trong Quý III năm 2023, Sở không có hồ sơ bị trễ hạn.", [(0, "dossiers_late", "hồ sơ")]),
    # corpus sample: the post-modifiers of one count do not key the next
    ("Đã giải quyết 1.790 hồ sơ, trong đó 1.789 hồ sơ đúng hạn, trước hạn và 01 hồ sơ trễ hạn.",
     [(1790, "dossiers_resolved", "hồ sơ"), (1789, "dossiers_on_time", "hồ sơ"), (1, "dossiers_late", "hồ sơ")]),
    # a percent restating a ratio reads the ratio's words (Đồng Nai Q3/2023)
    ("Tiếp nhận hồ sơ qua mạng đối với 127/127 thủ tục hành chính (đạt 100%).",
     [(127, "procedures_online", "thủ tục hành chính"), (127, "procedures_total", "thủ tục hành chính"),
      (100, "procedures_online_rate", "%")]),
    # ranks are indicators (VN-RULES 4.4)
    ("Chỉ số cải cách hành chính (PAR INDEX) năm 2023 của tỉnh xếp thứ 11/63 tỉnh, thành phố.",
     [(11, "par_index_rank", None)]),
    # English decimal in a Vietnamese report (corpus sample)
    ("Tỷ lệ hồ sơ trực tuyến đạt 92.83%.", [(92.83, "dossiers_online_rate", "%")]),
    # a number no entry fits keeps key null, with its unit
    ("Sở đã gửi bản tin đến 412 doanh nghiệp trong khu công nghiệp.", [(412, None, "doanh nghiệp")]),
]


@pytest.mark.parametrize("text,expected", KEYED)
def test_keyed_indicators(text, expected):
    _, indicators = _indicators(text)
    assert [(i.value, i.key, i.unit) for i in indicators] == expected


# texts whose digits are all dates, ids, years, labels or ordinals: no indicator
NOT_INDICATORS = [
    "Thực hiện Kế hoạch số 282/KH-UBND ngày 29/12/2022 của UBND tỉnh về CCHC năm 2023.",  # Đồng Nai Q3/2023
    "Quyết định số 21/2023/QĐ-UBND ngày 18/05/2023; Công văn số 5782-CV/TU ngày 28/8/2023.",  # ids and dates
    "Đang tổng hợp, hoàn chỉnh dự thảo (lần 4) Quyết định; phiên họp thứ năm.",  # ordinals
    "Triển khai trong giai đoạn 2021-2025 và 6 tháng đầu năm 2023.",  # periods
    "Duy trì hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.",  # a standard
    "Chuyên mục Đề án 06 (http://sct.dongnai.gov.vn/Pages/news.aspx?CatId=103).",  # name and URL
    "Cung cấp dịch vụ công trực tuyến mức độ 1,2 và mức độ 3, 4.",  # levels
]


@pytest.mark.parametrize("text", NOT_INDICATORS)
def test_no_indicator_from_non_quantities(text):
    _, indicators = _indicators(text)
    assert indicators == []


# (text, value, period as written)
PERIODS = [
    ("Trong Quý III năm 2023, Sở đã tiếp nhận 97 lượt PAKN.", 97, "Quý III năm 2023"),  # Đồng Nai Q3/2023
    ("- Đến nay, Sở đã hoàn thành 44/54 nhiệm vụ.", 44, "Đến nay"),  # relative period
    ("Xử lý hồ sơ đạt 99,99% đúng và trước hạn (số liệu tính từ 15/6/2023 đến ngày 13/9/2023).", 99.99,
     "số liệu tính từ 15/6/2023 đến ngày 13/9/2023"),  # data window stated after the number
    ("Sở đã đăng tải 36 tin bài về cải cách hành chính.", 36, None),  # none stated: none invented
]


@pytest.mark.parametrize("text,value,period", PERIODS)
def test_period_is_what_the_sentence_states(text, value, period):
    _, indicators = _indicators(text)
    [indicator] = [i for i in indicators if i.value == value]
    assert indicator.period == period


def test_list_items_take_the_lead_in_words_and_period():
    # Đồng Nai Q3/2023: "Trong Quý III, Sở đã cử 11 lượt người ... như sau:" then one line per course
    text = ("Trong Quý III, Sở đã cử 11 lượt người tham gia các lớp bồi dưỡng như sau:\n"
            "+ Lớp bồi dưỡng lưu trữ viên: 01 người.\n+ Lớp tập huấn chuyển đổi số: 02 người.\n")
    _, indicators = _indicators(text)
    assert [(i.value, i.key, i.period) for i in indicators] == [
        (11, "trainees", "Quý III"), (1, "trainees", "Quý III"), (2, "trainees", "Quý III")]


TABLE = """Kết quả giải quyết hồ sơ thủ tục hành chính (số liệu tính từ 15/12/2023 đến ngày 14/3/2024):
\tSTT
\tLĩnh vực
\tTổng số hồ sơ tiếp nhận
\tTrực tuyến
\tTỷ lệ (%)

\t1
\tHộ tịch
\t1.024
\t1.000
\t97,7

\t2
\tChứng thực
\t3.215
\t3.215
\t100

Hết.
"""


def test_table_cells_are_row_label_by_column():
    doc, indicators = _indicators(TABLE)
    got = [(i.value, i.key, i.unit, i.scope, i.label, i.row, i.col) for i in indicators]
    assert got[:3] == [
        (1024, "dossiers_received", "hồ sơ", "Hộ tịch", "Tổng số hồ sơ tiếp nhận", 0, 2),
        (1000, "dossiers_online", "hồ sơ", "Hộ tịch", "Trực tuyến", 0, 3),  # unit from the table kind
        (97.7, "dossiers_online_rate", "%", "Hộ tịch", "Tỷ lệ (%)", 0, 4),  # percent from the column
    ]
    assert len(got) == 6 and all(i.source == "table" and i.table == 0 for i in indicators)
    assert {i.period for i in indicators} == {"số liệu tính từ 15/12/2023 đến ngày 14/3/2024"}
    for i in indicators:
        assert doc.blocks[i.block].text[i.start:i.end] == i.text


def test_letterhead_cells_are_not_indicators():
    text = ("\tUBND TỈNH A\nSỞ B\n\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "\tSố: 12/BC-SB\n\tA, ngày 01 tháng 3 năm 2024\n\nBÁO CÁO\nSở đã tiếp nhận 25 hồ sơ.\n")
    _, indicators = _indicators(text)
    assert [(i.value, i.key) for i in indicators] == [(25, "dossiers_received")]


def _reports() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.docx"))


@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_every_indicator_and_count_text_is_its_block_text_and_most_are_keyed(path):
    result = extract_report(path)
    for item in [*result.indicators, *result.task_counts]:
        assert result.blocks[item.block].text[item.start:item.end] == item.text
    for i in result.indicators:
        assert i.raw in i.text
    keyed = sum(1 for i in result.indicators if i.key)
    assert keyed >= 0.8 * len(result.indicators)


def test_real_report_meets_the_issue_targets(real_report, real_gold):
    result = extract_report(real_report)
    gold = json.loads(real_gold.read_text(encoding="utf-8"))
    want = Counter(round(float(i["value"]), 4) for i in gold["indicators"])
    got = Counter(round(float(i.value), 4) for i in result.indicators)
    got += Counter(round(float(v), 4) for c in result.task_counts for v in (c.done, c.total) if v is not None)
    recall = sum(min(n, got[v]) for v, n in want.items()) / sum(want.values())
    assert recall >= 0.90
    assert sum(1 for i in result.indicators if i.key) >= 0.8 * len(result.indicators)
    for i in result.indicators:
        assert result.blocks[i.block].text[i.start:i.end] == i.text


def _docx_from_txt(txt: Path, out: Path) -> Path:
    """The same report as a Word file: its paragraphs, and its tables with the merges the
    .txt lost rebuilt as real gridSpan / vMerge cells (python-docx `merge`)."""
    import docx

    from extractor.reader import read_file
    from extractor.tables import true_grid

    raw = read_file(txt)[1]
    doc = Document(raw)
    word = docx.Document()
    table_at = {min(b for row in t.grid for b in row if b is not None): t for t in raw.tables}
    for block in raw.blocks:
        if block.index in table_at:
            _word_table(word, doc, true_grid(doc, table_at[block.index].grid)[0])
        elif block.kind != "table_cell":
            word.add_paragraph(block.text)
    word.save(out)
    return out


def _word_table(word, doc: Document, grid) -> None:
    table = word.add_table(rows=len(grid), cols=len(grid[0]))
    for b in dict.fromkeys(b for row in grid for b in row if b is not None):
        slots = [(r, c) for r, row in enumerate(grid) for c, x in enumerate(row) if x == b]
        (r0, c0), (r1, c1) = slots[0], slots[-1]
        cell = table.cell(r0, c0).merge(table.cell(r1, c1)) if (r0, c0) != (r1, c1) else table.cell(r0, c0)
        cell.text = doc.blocks[b].text


def test_txt_and_docx_forms_of_the_real_report_give_the_same_numbers(real_report, tmp_path):
    as_docx = extract_report(_docx_from_txt(real_report, tmp_path / "report.docx"))
    as_txt = extract_report(real_report)
    assert as_docx.source.format == "docx"

    def numbers(result):
        indicators = sorted((i.value, i.key or "", i.unit or "", i.source) for i in result.indicators)
        counts = sorted((c.kind, c.done or 0, c.total or 0, c.count or 0, c.status or "") for c in result.task_counts)
        return indicators, counts, [(t.header, t.rows) for t in result.tables]

    assert numbers(as_docx) == numbers(as_txt)


@pytest.mark.parametrize("min_score", [75, 90, 95])
def test_a_text_the_misspelling_filter_skips_never_aligns(min_score):
    # `may_be_misspelt` spares rapidfuzz the texts no part of which can score `min_score`:
    # it must never skip one that rapidfuzz would align (random slips of every long cue)
    import random

    from rapidfuzz import fuzz

    from extractor import indicator_vocab

    cues = sorted({c for e in indicator_vocab._entries() for c in e["_cues"] if len(c) >= 12})
    letters = "abcdeghiklmnoprstuvxyàáạảãăằắặâầấđêềếôồốơờớưừứ "
    rng = random.Random(min_score)
    aligned = 0
    for _ in range(3000):
        cue = rng.choice(cues)
        chars = list(cue)
        for _slip in range(rng.randint(0, 4)):
            at = rng.randrange(len(chars))
            if rng.random() < 0.5:
                del chars[at]
            else:
                chars.insert(at, rng.choice(letters))
        text = "".join(rng.choices(letters, k=rng.randint(0, 25))) + "".join(chars) + " hồ sơ"
        found = fuzz.partial_ratio_alignment(cue, text, score_cutoff=min_score)
        aligned += found is not None
        assert found is None or indicator_vocab.may_be_misspelt(cue, text, min_score), (cue, text)
    assert aligned > 300  # the draw does test the filter
