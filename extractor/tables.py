"""Tables: the true grid, a flattened header, body rows and the kind of each table.

Readers give a grid of cell block indices (`RawTable`): in .docx a merged cell
repeats its block index over the slots it spans; in .txt exports merges are
lost, so a header row with a merged cell simply has fewer cells (padded with
None at the end) and the row below has an empty cell under every cell that
spans both rows. `true_grid` rebuilds the spans from the row below. Header rows
are flattened into one name per column ("Hồ sơ nộp trực tiếp / Tỷ lệ (%)");
in `header` a horizontally merged cell is repeated across its span and the
lower slots of a vertical merge are "". Layout tables (letterhead, signature)
are recognized by `patterns/table_kinds.toml` and keep no header.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from rapidfuzz import fuzz

from . import patterns
from .document import Document, RawTable
from .findings import guard
from .indicator_vocab import may_be_misspelt
from .models import Finding, Table
from .normalize import collapse_spaces, match_key
from .counts import status_partition
from .numbers import parse_number

Grid = list[list[int | None]]
_FILE = "table_kinds"
# A cell that numbers a column: "(1)", "2", "A", "IV" (layout, not language: no keywords)
_INDEX_CELL = regex.compile(r"^(?:\(?(?P<n>\d{1,3})\)?|[A-Z]|[IVX]{1,5})$")


def extract_tables(doc: Document) -> tuple[list[Table], list[Finding]]:
    """Every table of the document, in order, and the findings of rebuilding them."""
    tables: list[Table] = []
    findings: list[Finding] = []
    for raw in doc.tables:
        unresolved: list[int] = []
        with guard(doc, None, findings, "tables"):  # a table whose patterns time out is left out
            grid, unresolved = true_grid(doc, raw.grid)
            tables.append(build_table(doc, raw, grid))
        if unresolved:
            findings.append(Finding(
                code="TABLE_HEADER_UNRESOLVED", severity="info",
                message=f"table {raw.index}: a short header row could not be spread over the columns below it",
                places=[doc.place(b, 0, len(doc.blocks[b].text)) for b in unresolved]))
    return tables, findings


def build_table(doc: Document, raw: RawTable, grid: Grid) -> Table:
    """The output table for one rebuilt grid."""
    caption = raw.caption_block
    layout = _is_layout(doc, grid)
    n_header = 0 if layout else header_rows(doc, grid)
    header = [_header_row(doc, grid, r) for r in range(n_header)]
    body = grid[n_header:]
    first = next((b for row in grid for b in row if b is not None), caption)
    table = Table(
        index=raw.index, section=doc.section_of(first) if first is not None else None,
        caption=collapse_spaces(doc.blocks[caption].text) if caption is not None else None,
        caption_block=caption, n_rows=len(grid), n_cols=max((len(r) for r in grid), default=0),
        header=header, columns=flatten_header(header, _index_rows(doc, grid, n_header)),
        rows=[[_cell_text(doc, grid, r + n_header, c) for c in range(len(row))] for r, row in enumerate(body)],
        cell_blocks=[list(row) for row in body],
        parent=list(raw.parent) if raw.parent else None,
    )
    return table.model_copy(update={"kind": layout or table_kind(doc, table)})


# --- the true grid ---------------------------------------------------------------------------

def true_grid(doc: Document, grid: Grid) -> tuple[Grid, list[int]]:
    """The grid with the spans of short (.txt) header rows rebuilt from the row below.

    Rows are resolved bottom-up so that a three-row header spreads its top row
    over the already-resolved middle row. Returns the grid and the first
    block of every short row that could not be spread.
    """
    out = [list(row) for row in grid]
    unresolved: list[int] = []
    for r in range(len(out) - 2, -1, -1):
        if _is_short(out[r]) and not _is_short(out[r + 1]):
            spread = _spread(doc, out[r], out[r + 1])
            if spread is None:
                unresolved.append(next(b for b in out[r] if b is not None))
            else:
                out[r], out[r + 1] = spread
    return out, unresolved


def _is_short(row: list[int | None]) -> bool:
    """A row padded with None at the end (fewer cells than the table is wide)."""
    return bool(row) and row[-1] is None and any(b is not None for b in row)


def _spread(doc: Document, upper: list[int | None], lower: list[int | None]):
    """Spread the cells of a short row over the units (merged runs) of the row below.

    An empty cell below is the lower part of a vertical merge (it takes the
    upper cell's block); a run of filled cells below is shared by the upper
    cells left for it. Returns (upper, lower) rebuilt, or None if impossible.
    """
    cells = [b for b in upper if b is not None]
    units = _units(lower)
    empty = [not _text(doc, b) for b, _, _ in units]
    groups = _assign(doc, len(cells) - sum(empty), units, empty)
    if groups is None:
        return None
    new_upper, new_lower = [None] * len(lower), list(lower)
    cell_iter = iter(cells)
    for group in groups:
        cell = next(cell_iter)
        for b, c0, c1 in group:
            for c in range(c0, c1):
                new_upper[c] = cell
                if len(group) == 1 and not _text(doc, b):
                    new_lower[c] = cell  # vertical merge: the empty cell below is its lower part
    return new_upper, new_lower


def _units(row: list[int | None]) -> list[tuple[int | None, int, int]]:
    """Maximal runs of one block in a row: (block, first column, end column)."""
    units: list[tuple[int | None, int, int]] = []
    for c, b in enumerate(row):
        if units and units[-1][0] == b and b is not None:
            units[-1] = (b, units[-1][1], c + 1)
        else:
            units.append((b, c, c + 1))
    return units


def _assign(doc: Document, n_spanning: int, units, empty: list[bool]):
    """Group the lower units under the upper cells: one per empty unit, runs shared out."""
    runs = _runs(empty)
    if n_spanning < len(runs) or n_spanning > sum(e - s for s, e in runs) or (n_spanning and not runs):
        return None
    shares = _shares([end - start for start, end in runs], n_spanning)
    groups, at = [], 0
    for (start, end), share in zip(runs, shares):
        groups += [[u] for u in units[at:start]]
        groups += _split_run(doc, units[start:end], share)
        at = end
    return groups + [[u] for u in units[at:]]


def _runs(empty: list[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i, e in enumerate(empty):
        if e:
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _shares(lengths: list[int], n: int) -> list[int]:
    """n upper cells shared over runs of filled lower cells: at least one each, the rest by length.

    >>> _shares([4], 2), _shares([2, 4], 3), _shares([3, 3], 2)
    ([2], [1, 2], [1, 1])
    """
    shares = [1] * len(lengths)
    for _ in range(n - len(lengths)):
        i = max(range(len(lengths)), key=lambda k: (lengths[k] / (shares[k] + 1), -k))
        shares[i] += 1
    return shares


def _split_run(doc: Document, units: list, parts: int) -> list[list]:
    """Split a run of sub-header cells into `parts` groups.

    Evenly when it divides; else where a group visibly ends ("Tỷ lệ" closes
    "Số lượng | Tỷ lệ") or restarts (the run's first sub-header again:
    "Số lượng | Số lượng | Tỷ lệ" is 1 + 2), or where the kind of status changes
    (`patterns/counts.toml` partitions); else the last groups get one cell.
    """
    if len(units) % parts == 0:
        size = len(units) // parts
        return [units[i:i + size] for i in range(0, len(units), size)]
    texts = [match_key(_text(doc, b)) for b, _, _ in units]
    cuts = sorted({i + 1 for i, t in enumerate(texts[:-1]) if _closes_group(t)}
                  | {i for i, t in enumerate(texts) if i > 0 and t == texts[0]})
    if len(cuts) != parts - 1:
        cuts = _partition_cuts(texts)
    if len(cuts) == parts - 1:
        bounds = [0] + cuts + [len(units)]
        return [units[a:b] for a, b in zip(bounds, bounds[1:])]
    head = len(units) - parts + 1
    return [units[:head]] + [[u] for u in units[head:]]


def _partition_cuts(texts: list[str]) -> list[int]:
    """Where sub-headers change from one kind of status to another: "Trực tuyến | Trực tiếp"
    (channel) then "Trước hạn | Đúng hạn | Trễ hạn" (timeliness) is 2 + 3 (corpus sample)."""
    kinds = [status_partition(t) for t in texts]
    if None in kinds:
        return []
    return [i for i in range(1, len(kinds)) if kinds[i] != kinds[i - 1]]


def _closes_group(key: str) -> bool:
    return any(key == match_key(w) or key.startswith(match_key(w) + " ") for w in _list("group_end"))


# --- header rows -----------------------------------------------------------------------------

def header_rows(doc: Document, grid: Grid) -> int:
    """How many rows at the top are header rows (at least one when the table has a body).

    Row 0 is a header. A following row is one too while it continues the header
    above: the row above spans several columns with one cell, or a cell of this
    row is the lower part of a vertical merge; and it does not look like data.
    A row numbering the columns ("(1) (2) (3)") closes the header.
    """
    if len(grid) < 2:
        return len(grid)
    n = 1
    while n < len(grid) and not _is_data_row(doc, grid[n]):
        above, row = grid[n - 1], grid[n]
        spans = any(a is not None and a == b for a, b in zip(above, above[1:]))
        merged_down = any(b is not None and b == a for a, b in zip(above, row))
        if not (spans or merged_down or _is_index_row(doc, row)):
            break
        n += 1
        if _is_index_row(doc, row):
            break
    return n


def _is_data_row(doc: Document, row: list[int | None]) -> bool:
    """A row whose non-index cells hold a bare number ("9.436", "100 %")."""
    texts = [_text(doc, b) for b in row]
    return not _is_index_row(doc, row) and any(_is_number(t) for t in texts[1:])


def _is_number(text: str) -> bool:
    return bool(text) and parse_number(text.replace(" ", "")) is not None


def _is_index_row(doc: Document, row: list[int | None]) -> bool:
    """'(1) (2) (3) ...' or '1 2 3 ...' (consecutive): a row that numbers the columns."""
    found = [patterns.search(_INDEX_CELL, _text(doc, b)) for b in _distinct(row)]
    if len(found) < 3 or not all(found):
        return False
    digits = [int(m.group("n")) for m in found if m.group("n")]
    return len(digits) >= 3 and digits == list(range(digits[0], digits[0] + len(digits)))


def _index_rows(doc: Document, grid: Grid, n_header: int) -> set[int]:
    return {r for r in range(n_header) if r > 0 and _is_index_row(doc, grid[r])}


def _distinct(row: list[int | None]) -> list[int]:
    return [b for i, b in enumerate(row) if b is not None and (i == 0 or row[i - 1] != b)]


def _header_row(doc: Document, grid: Grid, r: int) -> list[str]:
    return [_cell_text(doc, grid, r, c) for c in range(len(grid[r]))]


def _cell_text(doc: Document, grid: Grid, r: int, c: int) -> str:
    """A cell's text, whitespace collapsed; '' below the top of a vertical merge."""
    b = grid[r][c]
    if b is None or (r > 0 and c < len(grid[r - 1]) and grid[r - 1][c] == b):
        return ""
    return _text(doc, b)


def _text(doc: Document, b: int | None) -> str:
    return collapse_spaces(doc.blocks[b].text) if b is not None else ""


def flatten_header(header: list[list[str]], skip: set[int] = frozenset()) -> list[str]:
    """One name per column: the distinct header texts from top to bottom, joined by ' / '.

    >>> flatten_header([["STT", "Hồ sơ nộp trực tiếp", "Hồ sơ nộp trực tiếp"], ["", "Tổng số hồ sơ", "Tỷ lệ (%)"]])
    ['STT', 'Hồ sơ nộp trực tiếp / Tổng số hồ sơ', 'Hồ sơ nộp trực tiếp / Tỷ lệ (%)']
    """
    width = max((len(r) for r in header), default=0)
    names = []
    for c in range(width):
        parts: list[str] = []
        for r, row in enumerate(header):
            text = row[c] if c < len(row) and r not in skip else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(" / ".join(parts))
    return names


# --- kinds -----------------------------------------------------------------------------------

def table_kind(doc: Document, table: Table) -> str | None:
    """The data kind of a table from its caption, header and row labels, or None."""
    text = " | ".join([table.caption or ""] + table.columns + [r[1] if len(r) > 1 else "" for r in table.rows])
    return _best_kind(text, layout=False)


@lru_cache(maxsize=None)
def kind_unit(kind: str | None) -> str | None:
    """What a bare number counts in a table of this kind ('hồ sơ' in dossier tables), if known."""
    return next((e.get("unit") for e in patterns.entries(_FILE, "kind") if e["key"] == kind), None)


@lru_cache(maxsize=None)
def is_layout_kind(kind: str | None) -> bool:
    """Is a table kind a page layout (letterhead, signature) rather than data?"""
    return any(e["key"] == kind and e.get("layout") for e in patterns.entries(_FILE, "kind"))


def _is_layout(doc: Document, grid: Grid) -> str | None:
    """'letterhead' or 'signature' when the table only lays out the page."""
    text = " | ".join(_text(doc, b) for row in grid for b in _distinct(row))
    return _best_kind(text, layout=True)


@lru_cache(maxsize=1024)
def _best_kind(text: str, layout: bool) -> str | None:
    """The kind whose cues the text holds most (cached: a report repeats its table layouts)."""
    key = match_key(text)
    best, best_hits = None, 0
    for kind, min_hits, cues in _kinds(layout):
        hits = sum(_fuzzy_in(cue, key) for cue in cues)
        if hits >= min_hits and hits > best_hits:
            best, best_hits = kind, hits
    return best


@lru_cache(maxsize=2)
def _kinds(layout: bool) -> tuple[tuple[str, int, tuple[str, ...]], ...]:
    """(key, min_hits, cue match keys) of the layout kinds or of the data kinds."""
    return tuple((e["key"], e.get("min_hits", 1), tuple(match_key(c) for c in e["cues"]))
                 for e in patterns.entries(_FILE, "kind") if bool(e.get("layout")) == layout)


def _fuzzy_in(cue_key: str, key: str) -> bool:
    if cue_key in key:
        return True
    return (may_be_misspelt(cue_key, key, _min_score())
            and fuzz.partial_ratio(cue_key, key, score_cutoff=_min_score()) >= _min_score())


@lru_cache(maxsize=1)
def _min_score() -> float:
    return float(patterns.load(_FILE).get("min_score", 90))


@lru_cache(maxsize=None)
def _list(name: str) -> tuple[str, ...]:
    return tuple(patterns.load(_FILE)["lists"][name])


@lru_cache(maxsize=4096)
def names_measure(row_label: str) -> bool:
    """Does a row label name what its numbers count, not a field ('Hộ tịch')? It opens with
    a measure word ('Số lượng cán bộ ...', 'Số văn bản đi ...') or with a counted noun
    ('Văn bản đi được ký số', 'Cán bộ, công chức có chữ ký số').

    >>> names_measure("Số văn bản đi được ký số"), names_measure("Văn bản đi được ký số"), names_measure("Hộ tịch")
    (True, True, False)
    """
    key = match_key(row_label)
    if any(key.startswith(match_key(h) + " ") for h in _list("measure_heads")):
        return True
    m = patterns.search(patterns.block("numbers", "count_noun_word"), key)
    return m is not None and m.start() == 0


def is_index_column(name: str) -> bool:
    """Is a column the row number ('STT', 'TT')?

    >>> is_index_column("STT"), is_index_column("Số TT"), is_index_column("Tiêu chí")
    (True, True, False)
    """
    return match_key(name) in _index_headers()


@lru_cache(maxsize=1)
def _index_headers() -> frozenset[str]:
    return frozenset(match_key(h) for h in _list("index_headers"))
