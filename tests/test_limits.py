"""Hostile and oversized input, end to end: every file ends in one clear error or a
bounded result, and a regex that runs too long becomes a finding, not a crash.

The .docx container checks themselves (zip bombs, DTDs, part counts) are tested
in detail in test_reader_docx.py; here each hostile form goes once through
`extract_report` and the CLI, next to the text-side limits. No test here
measures speed (bench/ does): the alarm only turns a hang into a failure.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tracemalloc
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import regex

from extractor import CchcError, LimitExceeded, UnreadableFile, extract_report, patterns
from extractor.document import Block, Document, RawDocument
from extractor.findings import BLOCK_NOT_SEARCHED, PATTERN_TIMEOUT, guard, run_stage
from extractor.reader import DEFAULT_LIMITS, MB
from guards import no_hang

ROOT = Path(__file__).resolve().parents[1]
HANG = 120  # seconds for the CLI run (each input ends in a few)

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')


def _docx(document: str | bytes, **extra: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document)
        for name, data in extra.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _paragraphs(*texts: str) -> str:
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{body}</w:body></w:document>'


def _billion_laughs() -> bytes:
    entities = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
    return _docx(f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>' + _paragraphs("&i;").split("?>", 1)[1])


def _external_entity() -> bytes:
    return _docx('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 + _paragraphs("&x;").split("?>", 1)[1])


def _zip_bomb() -> bytes:
    # 300 MB of spaces deflate to ~300 KB: the directory alone tells, nothing is inflated
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * MB
            for _ in range(300):
                part.write(chunk)
    return buffer.getvalue()


HOSTILE_DOCX = [
    # (what, bytes, error, words of the reason)
    ("zip bomb: 300 MB of XML in 300 KB", _zip_bomb, LimitExceeded, "zip bomb"),
    ("billion laughs", _billion_laughs, UnreadableFile, "DTD"),
    ("external entity (XXE) naming /etc/passwd", _external_entity, UnreadableFile, "DTD"),
    ("absurd part count", lambda: _docx(_paragraphs("a"), **{f"x/{i}.xml": b"" for i in range(2500)}),
     LimitExceeded, "parts"),
]


@pytest.mark.parametrize("what,make,error,reason", HOSTILE_DOCX, ids=[h[0] for h in HOSTILE_DOCX])
def test_hostile_docx_end_in_one_clear_error(tmp_path, what, make, error, reason):
    path = tmp_path / "hostile.docx"
    path.write_bytes(make())
    tracemalloc.start()
    try:
        with no_hang(), pytest.raises(error) as info:
            extract_report(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert reason in message and "\n" not in message and message.startswith(str(path))
    assert "root:" not in message  # nothing of /etc/passwd leaks
    assert peak < 100 * MB  # refused before inflating or expanding anything


def test_hostile_docx_through_the_cli_one_line_each(tmp_path):
    for what, make, _error, reason in HOSTILE_DOCX[1:]:
        (tmp_path / f"{what[:12].replace(' ', '_')}.docx").write_bytes(make())
    files = sorted(str(p) for p in tmp_path.glob("*.docx"))
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", *files, "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=HANG)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(files) and all(line.startswith("cchc: ") for line in lines)
    assert "Traceback" not in done.stderr


def test_a_200_mb_text_file_is_refused_unread(tmp_path):
    # created sparse: a few real lines, then a hole; never committed, never read
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.write("BÁO CÁO\nKết quả cải cách hành chính\n".encode())
        f.truncate(200 * MB)
    tracemalloc.start()
    try:
        with no_hang(), pytest.raises(LimitExceeded, match=r"200\.0 MB, over the 50 MB limit"):
            extract_report(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * MB


def test_text_over_the_text_limit_is_refused_not_swallowed(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Sở đã tiếp nhận 236 hồ sơ, đạt 100%.\n" * 2_000, encoding="utf-8")  # 82 KB
    with pytest.raises(LimitExceeded, match="text is over the"):
        extract_report(path, replace(DEFAULT_LIMITS, max_text_bytes=50_000))
    assert len(extract_report(path).blocks) == 2_000  # under the default limit it is read in full


def test_docx_text_over_the_text_limit_is_refused(tmp_path):
    path = tmp_path / "long.docx"
    path.write_bytes(_docx(_paragraphs(*["Sở đã tiếp nhận 236 hồ sơ, đạt 100%."] * 5_000)))
    with pytest.raises(LimitExceeded, match="text is over the limit"):
        extract_report(path, replace(DEFAULT_LIMITS, max_text_bytes=100_000))


# a runaway line: 2 MB with no line break, in the forms that cost the stages most
LINES = [
    ("letters", "a"),
    ("dates", "ngày 12/3/2023 "),
    ("references", "Quyết định số 12/QĐ-UBND ngày 1/2/2023 của UBND tỉnh về việc "),
    ("numbers", "1.234,5 "),
    ("ratios", "đạt 12/15 nhiệm vụ (80%), "),
    ("Vietnamese words", "Uỷ ban nhân dân tỉnh "),
]


@pytest.mark.parametrize("what,unit", LINES, ids=[w for w, _ in LINES])
def test_a_pathological_2_mb_line_gives_a_bounded_result(tmp_path, what, unit):
    path = tmp_path / "line.txt"
    line = (unit * (2 * MB // len(unit) + 1))[:2 * MB]
    path.write_text(f"BÁO CÁO\n{line}\nSở đã tiếp nhận 236/236 hồ sơ, đạt 100%.\n", encoding="utf-8")
    with no_hang():
        result = extract_report(path)
    assert result.blocks[1].text == line.strip()  # kept whole
    [finding] = [f for f in result.findings if f.code == BLOCK_NOT_SEARCHED]
    assert finding.places[0].block == 1 and "not searched" in finding.message
    assert [(t.done, t.total) for t in result.task_counts if t.block == 2] == [(236, 236)]  # the rest is read


def test_a_long_block_that_is_slow_for_a_stage_spends_the_budget_not_the_day(tmp_path):
    # under the block limit, but a stage that searches the sentence again for every
    # number on it is quadratic on one 90 KB "sentence"
    path = tmp_path / "numbers.txt"
    path.write_text("BÁO CÁO\n" + "đã tiếp nhận 1.234 hồ sơ, đạt 12/15 nhiệm vụ " * 2_000 + "\n", encoding="utf-8")
    with no_hang():
        result = extract_report(path, replace(DEFAULT_LIMITS, max_pattern_seconds=1.0))
    spent = [f for f in result.findings if f.code == PATTERN_TIMEOUT]
    # either the figures were read within the budget, or a finding says which stage stopped
    assert (result.task_counts and result.indicators) or spent
    for finding in spent:
        assert "budget of 1s is spent" in finding.message and "results are left out" in finding.message
        assert all(p.text == result.blocks[p.block].text[p.start:p.end] for p in finding.places)


# --- the regex-timeout mechanism ----------------------------------------------------------

_CATASTROPHIC = regex.compile(r"(?:a|aa)+$")  # overlapping alternatives: exponential on "aaa...b"


def _doc(*texts: str) -> Document:
    blocks = [Block(index=i, kind="paragraph", text=t) for i, t in enumerate(texts)]
    return Document(RawDocument(format="txt", blocks=blocks))


def _search_each_block(doc: Document, findings: list) -> list[int]:
    hits = []
    for b, view in enumerate(doc.views):
        with guard(doc, b, findings, "test"):
            if patterns.search(_CATASTROPHIC, view.text, timeout=0.05):
                hits.append(b)
    return hits


def test_a_timeout_in_one_block_becomes_a_finding_for_that_block():
    doc = _doc("aaaa", "a" * 40 + "b", "aa")
    findings: list = []
    with no_hang():
        assert _search_each_block(doc, findings) == [0, 2]  # the other blocks are still searched
    [finding] = findings
    assert finding.code == PATTERN_TIMEOUT and finding.severity == "warning"
    assert finding.places[0].block == 1 and finding.places[0].text == doc.blocks[1].text[:80]
    assert "block 1 was not fully searched during test" in finding.message


def test_a_timeout_a_stage_does_not_guard_is_placed_by_its_text():
    doc = _doc("Báo cáo", "a" * 40 + "b")

    def stage(d):
        return [patterns.search(_CATASTROPHIC, v.text, timeout=0.05) for v in d.views]

    findings: list = []
    with no_hang():
        assert run_stage(doc, findings, stage, doc, empty=[]) == []
    [finding] = findings
    assert finding.places[0].block == 1 and "during stage" in finding.message
    assert finding.message.endswith("its results are left out")


def test_a_spent_budget_stops_the_stage_once():
    doc = _doc(*["a" * 40 + "b"] * 50)
    findings: list = []

    def stage(d):
        _search_each_block(d, findings)
        return ["done"]

    with no_hang(), patterns.budget(0.2):
        assert run_stage(doc, findings, stage, doc, empty=[]) == []
    assert 1 <= len(findings) <= 6  # a few blocks timed out, then the budget stopped the stage
    assert "budget of 0.2s is spent: stage stopped at block" in findings[-1].message


def test_errors_stay_the_projects_own(tmp_path):
    # every refusal above is a CchcError: the CLI's one-line contract
    assert issubclass(LimitExceeded, CchcError) and issubclass(UnreadableFile, CchcError)


def _poisoned(monkeypatch, word: str = "poison") -> None:
    """Make every pattern search time out on a text holding `word` (as a catastrophic one would)."""
    search, finditer = patterns.search, patterns.finditer

    def slow(real):
        def call(pattern, text, *args, **kwargs):
            if word in text:
                raise patterns.PatternTimeout("pattern timed out after 2.0s (simulated)", text)
            return real(pattern, text, *args, **kwargs)
        return call

    monkeypatch.setattr(patterns, "search", slow(search))
    monkeypatch.setattr(patterns, "finditer", slow(finditer))


def test_outline_skips_the_block_that_timed_out(monkeypatch):
    from extractor.sections import build_outline

    _poisoned(monkeypatch)
    doc = _doc("I. CÔNG TÁC CHỈ ĐẠO", "1. poison", "II. KẾT QUẢ")
    findings: list = []
    sections, _ = build_outline(doc, findings)
    assert [s.id for s in sections] == ["I", "II"]
    assert [(f.code, f.places[0].block) for f in findings] == [(PATTERN_TIMEOUT, 1)]


def test_a_metadata_step_that_timed_out_loses_its_fields_only(tmp_path, monkeypatch):
    # the poisoned block is in the body: the head (title, recipients) and the period are
    # still read; the steps that scan every block (data window) lose their field
    body = [f"Nội dung {i}: Sở đã tiếp nhận {i} hồ sơ." for i in range(15)]
    body[8] = "Số liệu tính từ ngày 15/3/2023 đến ngày 14/6/2023 poison."
    path = tmp_path / "r.txt"
    path.write_text("\n".join(["BÁO CÁO", "Kết quả cải cách hành chính quý II năm 2023", "Kính gửi: Sở Nội vụ.",
                               "I. CÔNG TÁC CHỈ ĐẠO", *body, "II. KẾT QUẢ"]) + "\n", encoding="utf-8")
    _poisoned(monkeypatch)
    result = extract_report(path)
    poisoned = 4 + 8
    assert result.blocks[poisoned].text.endswith("poison.")
    assert result.report.title and result.report.recipients == ["Sở Nội vụ"]
    assert result.report.period is not None and result.report.period.quarter == 2
    assert result.report.data_window is None  # its step read the poisoned block
    assert [s.id for s in result.sections] == ["I", "II"]
    timeouts = [f for f in result.findings if f.code == PATTERN_TIMEOUT]
    assert {f.places[0].block for f in timeouts} == {poisoned}
    assert any("during data window" in f.message for f in timeouts)


def test_counts_and_indicators_lose_only_the_block_that_timed_out(tmp_path, monkeypatch):
    # before per-block guards, a timeout in one paragraph cost every task count and indicator
    path = tmp_path / "r.txt"
    path.write_text("\n".join([
        "BÁO CÁO", "Kết quả cải cách hành chính quý I năm 2024", "I. CÔNG TÁC CHỈ ĐẠO",
        "- Đã hoàn thành 20/25 nhiệm vụ của kế hoạch.",
        "- Tiếp nhận 1.234 hồ sơ poison, giải quyết đúng hạn 99,5%.",
        "- Đã tiếp nhận và xử lý 12 lượt phản ánh, kiến nghị.",
    ]) + "\n", encoding="utf-8")
    _poisoned(monkeypatch)
    result = extract_report(path)
    assert [(t.done, t.total) for t in result.task_counts] == [(20, 25)]
    values = {i.value for i in result.indicators}
    assert {20, 12} <= values and 1234 not in values
    timeouts = [f for f in result.findings if f.code == PATTERN_TIMEOUT]
    assert timeouts and {f.places[0].block for f in timeouts} == {4}
    assert not any("left out" in f.message for f in timeouts)  # no whole stage was lost
