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

import re
import sys
from pathlib import Path

import pytest

from extractor import extract_report
from extractor.docx_numbering import format_number
from extractor.reader import read_file

ROOT = Path(__file__).resolve().parents[1]
REAL_REPORT = ROOT.parent / "shared" / "corpus" / "000_0ee817baf1abccc4.txt"
sys.path.insert(0, str(ROOT / "tools"))
import make_docx  # noqa: E402  (tools/ is not a package)

# (make_docx.Heading level, the label as typed in the text export), deepest dotted form first
HEADING_FORMS = [
    (3, re.compile(r"(\d+)\.(\d+)\.(\d+)\.\s+")),
    (2, re.compile(r"(\d+)\.(\d+)\.\s+")),
    (1, re.compile(r"(\d+)\.\s+")),
    (0, re.compile(r"([IVX]+)\.\s+")),
    (4, re.compile(r"([a-zđ])\)\s+")),
]


class _WordCounters:
    """What Word would draw for the builder's outline list (I. / 1. / 1.1. / 1.1.1. / a))."""

    def __init__(self) -> None:
        self.values = [0] * 5

    def would_draw(self, level: int) -> tuple[str, list[int]]:
        values = self.values[:level] + [self.values[level] + 1] + [0] * (4 - level)
        shown = [v or 1 for v in values]  # a level not used yet shows its start value
        label = {0: f"{format_number(shown[0], 'upperRoman')}.", 1: f"{shown[1]}.", 2: f"{shown[1]}.{shown[2]}.",
                 3: f"{shown[1]}.{shown[2]}.{shown[3]}.", 4: f"{format_number(shown[4], 'lowerLetter')})"}[level]
        return label, values


def _heading(text: str, counters: _WordCounters) -> make_docx.Heading | None:
    for level, form in HEADING_FORMS:
        m = form.match(text)
        if m:
            label, rest = m.group().strip(), text[m.end():]
            drawn, values = counters.would_draw(level)
            if drawn != label:  # Word could not number it so: the author typed it
                return make_docx.Heading(rest, level, label=label)
            counters.values = values
            return make_docx.Heading(rest, level)
    return None


def _table(raw, table) -> make_docx.Table:
    """A builder table from a txt grid: merged slots (a repeated block) become spans."""
    rows = []
    for r, grid_row in enumerate(table.grid):
        row: list = []
        for c, index in enumerate(grid_row):
            if index is None:
                row.append("")
            elif (c and grid_row[c - 1] == index) or (r and table.grid[r - 1][c] == index):
                row.append(None)  # covered by the merged cell given at its top-left slot
            else:
                col_span = next((k for k in range(c, len(grid_row)) if grid_row[k] != index), len(grid_row)) - c
                row_span = next((k for k in range(r, len(table.grid)) if table.grid[k][c] != index),
                                len(table.grid)) - r
                row.append(make_docx.Cell(raw.blocks[index].text, col_span=col_span, row_span=row_span))
        while row and row[-1] == "" and grid_row[len(row) - 1] is None:
            row.pop()  # no cell there in the text export: a ragged row (w:gridAfter)
        rows.append(row)
    return make_docx.Table(rows=rows, header_rows=0)


def docx_twin(txt_path: Path) -> tuple[bytes, int]:
    """The .docx the text export came from, and how many headings Word numbers in it."""
    _, raw = read_file(txt_path)
    counters, items, done, auto = _WordCounters(), [], set(), 0
    for block in raw.blocks:
        if block.table is not None:
            if block.table not in done:
                done.add(block.table)
                items.append(_table(raw, raw.tables[block.table]))
            continue
        heading = _heading(block.text, counters)
        auto += heading is not None and heading.label is None
        items.append(heading or make_docx.Paragraph(block.text))
    return make_docx.build_report(make_docx.ReportSpec(body=items)), auto


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """(.txt result, .docx result, headings numbered by Word), built once for the module."""
    if not REAL_REPORT.exists():
        pytest.skip(f"../shared is absent ({REAL_REPORT} not found): real-report tests need it")
    data, auto = docx_twin(REAL_REPORT)
    path = tmp_path_factory.mktemp("docx_real") / "real_report.docx"
    path.write_bytes(data)
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
