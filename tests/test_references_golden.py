"""References on whole reports: provenance on every golden report, and the scores on the
hand-checked gold annotation of ../shared (skipped when ../shared is absent)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from extractor.document import Document
from extractor.models import Report
from extractor.reader import read_file
from extractor.references import extract_references

ROOT = Path(__file__).parents[1]
SHARED = ROOT.parent / "shared"
REPORT = SHARED / "corpus" / "000_0ee817baf1abccc4.txt"
GOLD = SHARED / "gold" / "000_0ee817baf1abccc4.gold.json"
GOLDEN = sorted(p for p in (ROOT / "corpus").glob("*") if p.suffix in (".txt", ".docx"))


def _references(path: Path, report: Report | None = None):
    _, raw = read_file(path)
    doc = Document(raw)
    return doc, *extract_references(doc, report or Report())


def _reports() -> list[Path]:
    return GOLDEN + ([REPORT] if REPORT.exists() else [])


@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_every_mention_text_is_the_block_text_at_its_offsets(path: Path):
    doc, references, documents, findings = _references(path)
    for r in references:
        assert doc.blocks[r.block].text[r.start:r.end] == r.text
    for f in findings:
        for p in f.places:
            assert doc.blocks[p.block].text[p.start:p.end] == p.text
    assert sum(d.mentions for d in documents) == len(references)
    assert len({d.id.casefold() for d in documents}) == len(documents)


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_report_scores():
    if not GOLD.exists():
        pytest.skip("../shared (gold annotation) is not here")
    _, references, documents, _ = _references(REPORT, Report(agency="Sở Công Thương"))
    pred = {"references": [r.model_dump(mode="json") for r in references],
            "documents": [d.model_dump(mode="json") for d in documents]}
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    score = _scorer()
    s = {**score.score_refs(gold, pred), **score.score_documents(gold, pred)}
    assert s["ref_f1"] >= 0.99, s
    assert s["doc_date_acc"] >= 0.98 and s["doc_type_acc"] >= 0.95, s
    assert s["doc_issuer_acc"] >= 0.90 and s["doc_subject_acc"] >= 0.80, s
    assert s["doc_conflict_recall"] == 1.0, s
