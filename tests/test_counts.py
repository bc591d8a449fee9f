"""Task counts: ratios, counts with a status, plain counts, and the sum / percent checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.counts import extract_task_counts
from extractor.document import Document
from extractor.models import Report
from extractor.pipeline import extract_report
from extractor.reader_txt import read_txt

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _doc(text: str) -> Document:
    return Document(read_txt(text.encode("utf-8"), "sample.txt"))


def _counts(text: str):
    counts, findings = extract_task_counts(_doc(text), Report())
    return counts, findings


# (sentence, [(kind, done, total, count, status, unit, percent)])
COUNTS = [
    # Đồng Nai Q3/2023: two ratios over one plan, each with its status
    ("- Đến nay, Sở đã hoàn thành 44/54 nhiệm vụ và đang thực hiện 10/54 nhiệm vụ theo Kế hoạch.",
     [("ratio", 44, 54, None, "completed", "nhiệm vụ", None),
      ("ratio", 10, 54, None, "in_progress", "nhiệm vụ", None)]),
    # Đồng Nai Q3/2023: a ratio restated as a percent in parentheses
    ("- Áp dụng tiếp nhận hồ sơ qua mạng đối với 127/127  thủ tục hành chính (đạt 100%).",
     [("ratio", 127, 127, None, "online", "thủ tục hành chính", 100)]),
    # corpus sample (huyện): "X trên tổng số Y"
    ("Đã giải quyết đúng hạn 15.699 hồ sơ trên tổng số 15.737 hồ sơ.",
     [("ratio", 15699, 15737, None, "on_time", "hồ sơ", None)]),
    # corpus sample (huyện, older format): "X trong tổng số Y" with the unit on the whole only
    ("Kết quả: hoàn thành 35 trong tổng số 38 nhiệm vụ.",
     [("ratio", 35, 38, None, "completed", "nhiệm vụ", None)]),
    # ratios of other counted things are kept too (corpus sample: communes)
    ("Đã kiểm tra tại 05 trong tổng số 14 xã, thị trấn.",
     [("ratio", 5, 14, None, None, "xã, thị trấn", None)]),
    # counts with a status word before or after them (Kon Tum / TT-Huế dashboards, VN-RULES 4.4)
    ("Trong kỳ tiếp nhận 1.873 hồ sơ; đã giải quyết 1.790 hồ sơ; đang giải quyết 83 hồ sơ.",
     [("count", None, None, 1873, "received", "hồ sơ", None),
      ("count", None, None, 1790, "resolved", "hồ sơ", None),
      ("count", None, None, 83, "in_progress", "hồ sơ", None)]),
    ("Có 05 hồ sơ quá hạn, 1.200 hồ sơ đúng hạn.",
     [("count", None, None, 5, "late", "hồ sơ", None),
      ("count", None, None, 1200, "on_time", "hồ sơ", None)]),
    # Đồng Nai Q3/2023: plain counts of procedures by level, no total stated (none invented);
    # the status before the first is shared by the coordinated ones
    ("Ban hành văn bản về rà soát thủ tục, trong đó có 08 thủ tục cấp tỉnh, 10 thủ tục cấp huyện và 02 thủ tục cấp xã.",
     [("count", None, None, 8, "simplified", "thủ tục", None),
      ("count", None, None, 10, "simplified", "thủ tục", None),
      ("count", None, None, 2, "simplified", "thủ tục", None)]),
    ("Trong đó có 08 thủ tục cấp tỉnh, 10 thủ tục cấp huyện và 02 thủ tục cấp xã.",
     [("count", None, None, 8, None, "thủ tục", None),
      ("count", None, None, 10, None, "thủ tục", None),
      ("count", None, None, 2, None, "thủ tục", None)]),
    # Đồng Nai Q3/2023: normative documents registered for drafting count as tasks
    ("- Đăng ký chủ trì soạn thảo 07 văn bản quy phạm pháp luật.",
     [("count", None, None, 7, "drafting", "văn bản quy phạm pháp luật", None)]),
    # counter-examples: a rank is an indicator; counts of people are not task counts
    ("Chỉ số PAR INDEX của tỉnh xếp thứ 11/63 tỉnh, thành phố.", []),
    ("Sở đã cử 11 lượt người tham gia các lớp bồi dưỡng.", []),
    # an anaphoric repeat is not counted again (Đồng Nai Q3/2023 "02 thủ tục này")
    ("Tiếp nhận trên Cổng đối với 02 thủ tục: A và B; đạt 100% đối với 02 thủ tục này.",
     [("count", None, None, 2, "received", "thủ tục", None)]),
]


@pytest.mark.parametrize("text,expected", COUNTS)
def test_task_counts(text, expected):
    counts, _ = _counts(text)
    got = [(c.kind, c.done, c.total, c.count, c.status, c.unit, c.percent) for c in counts]
    assert got == expected


def test_text_span_takes_the_status_word_and_the_percent():
    counts, _ = _counts("Sở đã hoàn thành 44/54 nhiệm vụ; áp dụng đối với 127/127  thủ tục hành chính (đạt 100%).")
    assert [c.text for c in counts] == ["hoàn thành 44/54 nhiệm vụ", "127/127  thủ tục hành chính (đạt 100%)"]


# (text, codes of the findings)
FINDINGS = [
    # 44 + 10 = 54 holds (Đồng Nai Q3/2023)
    ("Đã hoàn thành 44/54 nhiệm vụ và đang thực hiện 10/54 nhiệm vụ.", []),
    # parts over one total with split statuses that do not add up
    ("Đã hoàn thành 40/54 nhiệm vụ và đang thực hiện 10/54 nhiệm vụ.", ["COUNT_SUM_MISMATCH"]),
    # corpus sample: a whole broken down by level in parentheses, off by 100
    ("Toàn huyện tiếp nhận 16.245 hồ sơ (cấp huyện 9.012 hồ sơ; cấp xã 7.133 hồ sơ).", ["COUNT_SUM_MISMATCH"]),
    ("Toàn huyện tiếp nhận 16.145 hồ sơ (cấp huyện 9.012 hồ sơ; cấp xã 7.133 hồ sơ).", []),
    # "trong đó" with statuses of one partition
    ("Đã giải quyết 1.790 hồ sơ, trong đó 1.780 hồ sơ đúng hạn và 01 hồ sơ trễ hạn.", ["COUNT_SUM_MISMATCH"]),
    ("Đã giải quyết 1.790 hồ sơ, trong đó 1.789 hồ sơ đúng hạn và 01 hồ sơ trễ hạn.", []),
    # parts on different dimensions are not a breakdown of the whole
    ("Tiếp nhận 1.873 hồ sơ, trong đó 1.802 hồ sơ trực tuyến và 1.790 hồ sơ đã giải quyết.", []),
    # no whole stated: nothing to check (Đồng Nai Q3/2023, no 20 invented)
    ("Trong đó có 08 thủ tục cấp tỉnh, 10 thủ tục cấp huyện và 02 thủ tục cấp xã.", []),
    # corpus sample: 18/25 is 72%, stated 90%
    ("Đã hoàn thành 18/25 nhiệm vụ, đạt 90%.", ["PERCENT_MISMATCH"]),
    ("Áp dụng đối với 127/127 thủ tục hành chính (đạt 100%).", []),
    ("Đã hoàn thành 44/54 nhiệm vụ (đạt 81,5%).", []),
]


@pytest.mark.parametrize("text,codes", FINDINGS)
def test_findings(text, codes):
    _, findings = _counts(text)
    assert [f.code for f in findings] == codes


def test_list_breakdown_must_add_up():
    # Đồng Nai Q3/2023: "cử 11 lượt người ... như sau:" then one count per course (1+5+2+3 = 11)
    text = ("Trong Quý III, Sở đã cử 12 lượt người tham gia các lớp bồi dưỡng như sau:\n"
            "+ Lớp bồi dưỡng A: 01 người.\n+ Lớp bồi dưỡng B: 05 người.\n+ Lớp tập huấn C: 02 người.\n")
    _, findings = _counts(text)
    assert [f.code for f in findings] == ["COUNT_SUM_MISMATCH"]
    assert len(findings[0].places) == 4  # three parts and the whole
    _, findings = _counts(text.replace("12 lượt", "08 lượt"))
    assert findings == []


def test_finding_places_are_provenance():
    doc = _doc("Đã hoàn thành 18/25 nhiệm vụ, đạt 90%.")
    _, findings = extract_task_counts(doc, Report())
    place = findings[0].places[0]
    assert doc.blocks[place.block].text[place.start:place.end] == place.text


def test_real_report_ratios(real_report, real_gold):
    result = extract_report(real_report)
    gold = json.loads(real_gold.read_text(encoding="utf-8"))
    want = sorted((t["done"], t["total"]) for t in gold["task_counts"] if t["kind"] == "ratio")
    got = sorted((c.done, c.total) for c in result.task_counts if c.kind == "ratio")
    assert got == want
    for c in result.task_counts:
        assert result.blocks[c.block].text[c.start:c.end] == c.text
    assert not [f for f in result.findings if f.code in ("COUNT_SUM_MISMATCH", "PERCENT_MISMATCH")]


# corpus samples with planted defects (corpus/README.md)
PLANTED = [
    ("ban_qlkcn_ba_ria_vung_tau_q3_2023.txt", "PERCENT_MISMATCH"),  # 18/25 stated as 90%
    ("ubnd_huyen_long_thanh_6t_2024.txt", "COUNT_SUM_MISMATCH"),  # 16.245 ≠ 9.012 + 7.133
]


@pytest.mark.parametrize("name,code", PLANTED)
def test_planted_findings(name, code):
    result = extract_report(CORPUS / name)
    assert code in [f.code for f in result.findings]
