"""Turn a Word text export (.txt) back into the .docx it most likely came from.

Word's "save as plain text" writes auto-numbers into the lines ("I. CÔNG TÁC
...", "2.1. ...", "a) ...") and tables as tab-indented cells. This rebuilds a
.docx with `make_docx`: Word tables for the tables (a cell repeated over grid
slots becomes a merged cell), and headings numbered by Word itself, with the
label NOT in the text. A label Word could not have drawn at its place (a
"2.3.4." inside 2.2) stays typed, as its author must have typed it.

Used by tests/test_docx_real.py (the real report as .docx, built at test time,
never committed) and by benchmarks that need .docx twins of .txt reports.

Usage: python tools/docx_from_text.py IN.txt OUT.docx
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_docx  # noqa: E402  (tools/ is not a package)

from extractor.docx_numbering import format_number  # noqa: E402
from extractor.document import RawDocument, RawTable  # noqa: E402
from extractor.reader import read_file  # noqa: E402

# (make_docx.Heading level, the label as the export writes it); deepest dotted form first
HEADING_FORMS = [
    (3, re.compile(r"(\d+)\.(\d+)\.(\d+)\.\s+")),
    (2, re.compile(r"(\d+)\.(\d+)\.\s+")),
    (1, re.compile(r"(\d+)\.\s+")),
    (0, re.compile(r"([IVXL]+)\.\s+")),
    (4, re.compile(r"([a-zđ])\)\s+")),
]


class WordCounters:
    """What Word would draw for make_docx's outline list (I. / 1. / 1.1. / 1.1.1. / a))."""

    def __init__(self) -> None:
        self.values = [0] * 5

    def would_draw(self, level: int) -> tuple[str, list[int]]:
        """The label the next paragraph at `level` would get, and the counters after it."""
        values = self.values[:level] + [self.values[level] + 1] + [0] * (4 - level)
        shown = [v or 1 for v in values]  # a level not used yet shows its start value
        label = {0: f"{format_number(shown[0], 'upperRoman')}.", 1: f"{shown[1]}.", 2: f"{shown[1]}.{shown[2]}.",
                 3: f"{shown[1]}.{shown[2]}.{shown[3]}.", 4: f"{format_number(shown[4], 'lowerLetter')})"}[level]
        return label, values


def heading(text: str, counters: WordCounters) -> make_docx.Heading | None:
    """A heading for a line that starts with an outline label, else None."""
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


def table(raw: RawDocument, grid_table: RawTable) -> make_docx.Table:
    """A builder table from a reader grid: a block repeated over slots becomes a merged cell."""
    grid = grid_table.grid
    rows = []
    for r, grid_row in enumerate(grid):
        row: list = []
        for c, index in enumerate(grid_row):
            if index is None:
                row.append("")
            elif (c and grid_row[c - 1] == index) or (r and grid[r - 1][c] == index):
                row.append(None)  # covered by the merged cell given at its top-left slot
            else:
                col_span = next((k for k in range(c, len(grid_row)) if grid_row[k] != index), len(grid_row)) - c
                row_span = next((k for k in range(r, len(grid)) if grid[k][c] != index), len(grid)) - r
                row.append(make_docx.Cell(raw.blocks[index].text, col_span=col_span, row_span=row_span))
        while row and row[-1] == "" and grid_row[len(row) - 1] is None:
            row.pop()  # no cell there in the export: a ragged row (w:gridAfter)
        rows.append(row)
    return make_docx.Table(rows=rows, header_rows=0)


def spec_from_text(raw: RawDocument) -> make_docx.ReportSpec:
    """One builder item per block of a read text export, in order."""
    counters, items, done = WordCounters(), [], set()
    for block in raw.blocks:
        if block.table is None:
            items.append(heading(block.text, counters) or make_docx.Paragraph(block.text))
        elif block.table not in done and raw.tables[block.table].parent is None:
            done.add(block.table)
            items.append(table(raw, raw.tables[block.table]))
    return make_docx.ReportSpec(body=items)


def docx_from_text(path: str | Path) -> bytes:
    """The .docx twin of a .txt report."""
    _, raw = read_file(path)
    return make_docx.build_report(spec_from_text(raw))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    Path(args[1]).write_bytes(docx_from_text(args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
