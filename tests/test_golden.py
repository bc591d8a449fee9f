"""Golden JSON for every report in corpus/, and the provenance invariant.

`UPDATE_GOLDEN=1 make test` (or `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`)
rewrites `corpus/<name>.expected.json`; read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractor import extract_report

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REPORTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _stable(path: Path) -> dict:
    """The extraction as JSON, without what depends on the machine or the version."""
    data = extract_report(path).model_dump(mode="json")
    data["source"]["path"] = path.name
    data["generator"]["version"] = "-"
    return data


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_golden(path):
    expected_path = path.parent / (path.stem + ".expected.json")
    got = _stable(path)
    if UPDATE or not expected_path.exists():
        if not UPDATE:
            pytest.fail(f"{expected_path.name} is missing: run UPDATE_GOLDEN=1 make test and review it")
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for key in expected:
        assert got.get(key) == expected[key], f"{path.name}: '{key}' differs from {expected_path.name}"


def _spans(data: dict):
    """Every (what, block, start, end, text) an extraction claims."""
    for key in ("references", "task_counts", "indicators"):
        for item in data[key]:
            yield key, item["block"], item["start"], item["end"], item["text"]
    for finding in data["findings"]:
        for place in finding["places"]:
            yield "finding " + finding["code"], place["block"], place["start"], place["end"], place["text"]
    for field, place in data["report"]["provenance"].items():
        yield "report." + field, place["block"], place["start"], place["end"], place["text"]


def _check_spans(data: dict) -> None:
    blocks = data["blocks"]
    bad = [(what, b, s, e, t) for what, b, s, e, t in _spans(data) if blocks[b]["text"][s:e] != t]
    assert not bad, f"spans whose text is not the block text at their offsets: {bad[:5]}"


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_every_span_is_its_block_text(path):
    _check_spans(extract_report(path).model_dump(mode="json"))


def test_real_report_spans(real_report):
    _check_spans(extract_report(real_report).model_dump(mode="json"))
