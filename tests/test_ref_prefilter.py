"""The cheap tests that skip blocks before the citation grammar runs (`[needs]`,
`slash_code`, the stretches): they never skip a block a pattern matches, and the scan started at
the stretch before a slash finds exactly what a scan of the whole text finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from extractor import patterns
from extractor.document import Document
from extractor.normalize import match_view
from extractor.reader import read_file
from extractor.refgrammar import ends_with, finditer_near, may_match, pattern, spans_joined
from extractor.resolve import scan_start

ROOT = Path(__file__).parents[1]
REPORTS = sorted(p for p in (ROOT / "corpus").glob("*") if p.suffix in (".txt", ".docx"))


def _views(path: Path) -> list[str]:
    _, raw = read_file(path)
    return [v.text for v in Document(raw).views]


def _texts() -> list[str]:
    # the examples of every form (mentions, dates, subjects), then edge cases: a mention
    # at the very start and end, glued to punctuation, after a line break, in brackets
    texts = [match_view(e).text for f in patterns.entries("references", "form") for e in f["examples"]]
    return texts + [
        "12/QĐ-UBND", "(Kế hoạch số 1/KH-SNV).", "x\nQuyết định số 2/QĐ-UBND\n", "a;Luật Đất đai số 1/2013/QH13;b",
        "số 1/KH-SNV số 2/KH-SNV, 3/KH-SNV và 1281/-UBND; 12/QĐ--UBND", "15/26 việc/Ngày 1/ QĐ", "Số: 215/BC-UBND",
        # a comma before a mention: only a law name holds one (`unnamed_stretch`)
        "Căn cứ Luật Phòng, chống tham nhũng số 36/2018/QH14, Luật Cán bộ, công chức số 22/2008/QH12",
        "Theo đó, tại Kế hoạch số 2/KH-SNV, Quyết định 3/QĐ-UBND", "x, LUẬT Đất đai, Luật số 1/2013/QH13",
    ]


# every example of a form using a block holds one of its [needs]: tests/test_patterns_data.py


@pytest.mark.parametrize("name", ["mention", "malformed"])
def test_scan_from_the_core_finds_what_a_whole_scan_finds(name):
    texts = _texts() + [v for p in REPORTS for v in _views(p)]
    rng = random.Random(7)  # shuffled glues of real texts: mentions across joins and punctuation
    texts += ["".join(rng.choice([" ", ".", ",", "(", "\n", "; ", ""]) + rng.choice(texts)[:80] for _ in range(5))
              for _ in range(300)]
    for text in texts:
        whole = [(m.span(), m.groupdict()) for m in patterns.finditer(pattern(name), text)]
        assert [(m.span(), m.groupdict()) for m in finditer_near(name, text)] == whole, text


def test_every_back_cue_holds_a_needed_literal():
    # back_ref matches a type word and a back_cue (or "trên"): each cue holds a literal
    cues = patterns.load("references")["lists"]["back_cue"]
    assert all(may_match("back_ref", c) and may_match("back_ref", c.upper()) for c in cues)


def _overlap(a: str, b: str) -> bool:
    a, b = a.casefold() + " ", b.casefold() + " "
    return a.startswith(b) or b.startswith(a)


def test_the_parts_of_after_id_and_before_id_never_match_at_one_place():
    # after_id: an issuer opens with "của"/"do", an addressee with an addressee_verb;
    # before_id: an issuer ends with "tại", an issuing body with an own_issue_verb or "các"
    lists = patterns.load("references")["lists"]
    assert not any(_overlap(v, w) for v in lists["addressee_verb"] for w in ("của", "do"))
    assert not any(_overlap(v, "tại") for v in [*lists["own_issue_verb"], "các"])


def test_the_number_of_every_short_reference_is_a_short_number():
    # resolve._short skips a block unless a short_number run is a full mention's number
    texts = _texts() + ["Quyết định số:12", "QUYẾT ĐỊNH SỐ 5", "Kế hoạch số1844", "Nghị định sô 61/2018", "Thông tư 03a,"]
    for text in texts:
        runs = {m.span() for m in patterns.finditer(pattern("short_number"), text)}
        for m in patterns.finditer(pattern("short_ref"), text):
            digits = m.group("number").rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            assert (m.start("number"), m.start("number") + len(digits)) in runs, text


def test_a_short_reference_scan_from_its_stretch_finds_what_a_whole_scan_finds():
    # resolve._short scans from `scan_start` before its first candidate number: no match
    # of the whole scan may straddle that start, and the matches after it are the same
    texts = _texts() + ["Quyết định số:12", "QUYẾT ĐỊNH SỐ 5; Bộ luật 45", "x. Kế hoạch số1844 và Kế hoạch 12/2023"]
    texts += [v for p in REPORTS for v in _views(p) if may_match("short_ref", v)]
    for text in texts:
        whole = [(m.span(), m.groupdict()) for m in patterns.finditer(pattern("short_ref"), text)]
        for pos in {0, len(text), *(m.start() for m in patterns.finditer(pattern("short_number"), text))}:
            lo = scan_start(text, pos)
            assert lo <= pos
            assert [(m.span(), m.groupdict()) for m in patterns.finditer(pattern("short_ref"), text, lo)] == \
                [w for w in whole if w[0][1] > lo], text


def test_without_tai_the_plain_subject_end_finds_what_subject_end_finds():
    # refparts._until_end reads a window holding no " tại " with subject_end_plain
    texts = _texts() + [v for p in REPORTS for v in _views(p)] + [
        "cải cách hành chính, Sở đã ban hành; các hồ sơ", "về việc X theo hướng dẫn của Sở Tài chính TẠI Văn bản số 1"]
    full, plain = pattern("subject_end"), pattern("subject_end_plain")
    for text in (t for t in texts if not may_match("subject_end_at", t)):
        for pos in range(0, len(text), 7):
            a, b = patterns.search(full, text, pos), patterns.search(plain, text, pos)
            read = [m and (m.span(), m.group("and_next"), m.group("purpose")) for m in (a, b)]
            assert read[0] == read[1], text


@pytest.mark.parametrize("name", ["slash_code", "short_number", "law_ref"])
def test_spans_of_texts_joined_by_line_breaks_are_those_of_each_text(name):
    # references and resolve read these blocks in many blocks with one scan (spans_joined)
    texts = _texts() + [v for p in REPORTS for v in _views(p)] + ["12", "số 5", ":7", "Số 8\n9 10", "/Q", "a/\nB", "Luật Đất", "đai\nLuật Thủy lợi"]
    each = [(i, *m.span()) for i, t in enumerate(texts) for m in patterns.finditer(pattern(name), t)]
    assert spans_joined(name, texts) == each


def test_every_short_reference_has_its_head_right_before_its_number():
    # resolve._first_headed skips a candidate number unless short_head_end matches before it
    texts = _texts() + [v for p in REPORTS for v in _views(p)] + [
        "Quyết định số:12", "QUYẾT ĐỊNH SỐ 5", "Kế hoạch số1844", "Nghị định sô 61/2018", "xThông tư 3", "Bộ luật 45"]
    for text in texts:
        for m in patterns.finditer(pattern("short_ref"), text):
            assert ends_with("short_head_end", text[:m.start("number")]) is not None, text
