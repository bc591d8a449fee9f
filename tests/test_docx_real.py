"""The real report of ../shared, rebuilt as a .docx at test time, reads like its .txt.

The .txt is Word's text export of a report: its section labels ("I.", "2.1.",
"a)") are typed into the lines and its tables are tab-indented. The test turns
it back into what the .docx most likely was: Word tables for the tables, and
headings numbered by Word itself (Heading 1-4 styles numbered through their
style, lettered items through their own numPr), so that the labels are NOT in
the paragraph text. A label Word could not have drawn there (the report's
"2.3.4." inside 2.2) stays typed, as its author must have typed it.

Then the pipeline must give the same report metadata and the same outline
from both files. The .docx is written to a temporary folder, never to the repo.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extractor import extract_report
from extractor.reader import read_file

ROOT = Path(__file__).resolve().parents[1]
REAL_REPORT = ROOT.parent / "shared" / "corpus" / "000_0ee817baf1abccc4.txt"
sys.path.insert(0, str(ROOT / "tools"))
import docx_from_text  # noqa: E402  (tools/ is not a package)
import make_docx  # noqa: E402


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """(.txt result, .docx result, headings numbered by Word), built once for the module."""
    if not REAL_REPORT.exists():
        pytest.skip(f"../shared is absent ({REAL_REPORT} not found): real-report tests need it")
    _, raw = read_file(REAL_REPORT)
    spec = docx_from_text.spec_from_text(raw)
    auto = sum(isinstance(item, make_docx.Heading) and item.label is None for item in spec.body)
    path = tmp_path_factory.mktemp("docx_real") / "real_report.docx"
    path.write_bytes(make_docx.build_report(spec))
    return extract_report(REAL_REPORT), extract_report(path), auto


def test_the_twin_is_a_real_docx_with_word_numbered_headings(both):
    txt, docx, auto = both
    assert docx.source.format == "docx" and txt.source.format == "txt"
    labelled = [b for b in docx.blocks if b.label]
    assert auto >= 30 and len(labelled) == auto  # I..V, 1., 2.1., 2.2.1., a) ... drawn by Word
    assert all(not b.text.startswith(b.label) for b in labelled)  # the label is not in the text
    assert len(docx.blocks) == len(txt.blocks)


def test_blocks_read_the_same(both):
    txt, docx, _ = both
    for t, d in zip(txt.blocks, docx.blocks):
        shown = f"{d.label} {d.text}" if d.label else d.text
        assert (shown, d.table, d.row, d.col) == (t.text, t.table, t.row, t.col), t.index


def test_same_report_metadata(both):
    txt, docx, _ = both
    assert docx.report.model_dump(exclude={"provenance"}) == txt.report.model_dump(exclude={"provenance"})
    assert {k: (p.block, p.text) for k, p in docx.report.provenance.items()} == \
        {k: (p.block, p.text) for k, p in txt.report.provenance.items()}


def test_same_outline(both):
    txt, docx, _ = both

    def outline(result):
        return [(s.id, s.label, s.heading, s.level, s.parent, s.topic, s.block) for s in result.sections]

    assert outline(docx) == outline(txt)


CORPUS_TXT = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.mark.parametrize("txt", CORPUS_TXT, ids=[p.stem for p in CORPUS_TXT])
def test_corpus_text_exports_and_their_docx_twins_agree(txt, tmp_path):
    # the same check on the project's own sample reports (always present)
    twin = tmp_path / f"{txt.stem}.docx"
    twin.write_bytes(docx_from_text.docx_from_text(txt))
    a, b = extract_report(txt), extract_report(twin)
    assert b.report.model_dump(exclude={"provenance"}) == a.report.model_dump(exclude={"provenance"})
    assert [(s.id, s.label, s.heading, s.level, s.parent, s.topic) for s in b.sections] == \
        [(s.id, s.label, s.heading, s.level, s.parent, s.topic) for s in a.sections]
    assert any(blk.label for blk in b.blocks)  # the twin's outline really is drawn by Word
