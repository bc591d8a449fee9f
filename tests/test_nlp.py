"""The spaCy component gives the same mentions as the extractor (one code path), and the
plain CLI path never imports spaCy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
TEXT = ("Thực hiện Kế hoạch số 282/KH-UBND ngày 29/12/2022 của UBND tỉnh về cải cách hành chính; "
        "Công văn số 5782-CV/TU, ngày 28-8-2023 của Tỉnh ủy.\n"
        "Theo Quyết định số31-QĐ/TW, Sở đã triển khai Luật Phòng, chống tham nhũng.\n"
        "\n"
        "Kế hoạch này được thực hiện.")


@pytest.fixture(scope="module")
def nlp():
    from extractor.nlp import build_pipeline

    return build_pipeline(agency="Sở Công Thương")


def test_spans_are_the_extracted_mentions(nlp):
    from extractor.nlp import paragraphs
    from extractor.models import Report
    from extractor.references import extract_references

    doc = nlp(TEXT)
    document, starts = paragraphs(TEXT)
    expected, _, _ = extract_references(document, Report(agency="Sở Công Thương"))
    spans = doc.spans["references"]
    assert [s._.reference["id"] for s in spans] == [r.id for r in expected]
    assert [s.label_ for s in spans] == ["REF", "REF", "REF", "REF_NAME", "REF_BACK"]
    for span, ref in zip(spans, expected):
        at = starts[ref.block] + ref.start
        # "expand" alignment: the span covers the mention and may take trailing punctuation
        assert span.start_char <= at and TEXT[at:starts[ref.block] + ref.end] in span.text


def test_documents_and_findings_on_the_doc(nlp):
    doc = nlp("Kế hoạch số 4386/TB-SCT ngày 04/7/2023.\nKế hoạch số 4386/TB-SCT ngày 05/7/2023.")
    assert [d["mentions"] for d in doc._.cited_documents] == [2]
    assert {f["code"] for f in doc._.reference_findings} == {"REF_TYPE_SYMBOL_MISMATCH", "REF_DATE_CONFLICT"}


def test_report_from_user_data(nlp):
    from extractor.models import Report

    doc = nlp.make_doc("Sở Tư pháp ban hành Kế hoạch số 28/KH-STP.")
    doc.user_data["cchc_report"] = Report(agency="Sở Tư pháp")
    doc = nlp.get_pipe("cchc_references")(doc)
    assert doc.spans["references"][0]._.reference["role"] == "issued"


def test_cli_path_does_not_import_spacy():
    report = next(p for p in sorted((ROOT / "corpus").glob("*.txt")))
    code = ("import sys, cli; from extractor import extract_report; "
            f"extract_report({str(report)!r}); assert 'spacy' not in sys.modules, 'spacy imported'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
