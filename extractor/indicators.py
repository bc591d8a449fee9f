"""Indicators: every quantity of the report, keyed by the vocabulary of `patterns/indicators.toml`.

Each quantity found by `numbers.find_quantities` (in paragraphs, list items and
table cells) becomes an indicator with its provenance, its raw text, its unit,
the period its sentence (or its table column / caption) states, and a key. The
key is the vocabulary entry that best fits the words around the number
(`vocabulary.best_entry`); a number no entry fits keeps key null, its label and
unit, so nothing is dropped silently. Table cells are read as row label x column
name, with the cell as provenance; layout tables (letterhead, signature) give
none.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import dataclass, replace
from functools import lru_cache

from . import patterns
from .counts import Counted, block_counts, report_style
from .document import Document
from .findings import guard
from .indicator_vocab import Context, best_entry, total_entry
from .models import Finding, Indicator, Report, Section, Table
from .normalize import collapse_spaces, match_key, match_view, nfc
from .numbers import Quantity, Style, find_quantities, sentence_span
from .tables import is_index_column, is_layout_kind, kind_unit, names_measure

_FILE = "indicators"
_LABEL_WORDS = 10  # words of a label phrase after (or before) the number
_LEAD_IN_REACH = 12  # list items this far below a "...:" paragraph take its words as context
_RATIO_REACH = 60  # characters before a ratio that a percent restating it reads as its own words


@dataclass(frozen=True)
class _Item:
    """One quantity to turn into an indicator: where it is and what surrounds it."""

    block: int
    q: Quantity
    vstart: int  # view span of the indicator's text
    vend: int
    context: Context
    label: str | None
    period: str | None
    scope: str | None = None
    table: tuple[int, int, int] | None = None
    in_task_counts: bool = False
    whole_of: Context | None = None  # for the whole of a ratio: the context of its part
    total: float | int | None = None  # the whole of "X trên tổng số Y", kept on X


def extract_indicators(doc: Document, report: Report, tables: list[Table],
                       sections: list[Section] | None = None) -> tuple[list[Indicator], list[Finding]]:
    """Every indicator of the report, text first then tables, each in reading order.

    `sections` (the outline) gives each indicator its section's topic; without
    it the topic is the matched entry's.
    """
    timeouts: list[Finding] = []  # a pattern timeout costs its block or table, not the stage
    style = report_style(doc, timeouts, "indicators")
    topics = _section_topics(sections)
    headings = _heading_blocks(doc)
    items = (_text_items(doc, style, headings, topics, timeouts)
             + _table_items(doc, tables, style, headings, topics, timeouts))
    return [_to_model(doc, item, topics) for item in items], timeouts


# --- text -----------------------------------------------------------------------------------

def _text_items(doc: Document, style: Style, headings: dict[str, int], topics: dict,
                sink: list[Finding]) -> list[_Item]:
    """Indicators stated in paragraphs; a block whose patterns time out is left out, with a finding."""
    items: list[_Item] = []
    for block in doc.blocks:
        if block.kind == "table_cell":
            continue
        with guard(doc, block.index, sink, "indicators"):
            items += _paragraph_items(doc, block.index, style, headings, topics)
    return items


def _paragraph_items(doc: Document, block: int, style: Style, headings: dict[str, int], topics: dict) -> list[_Item]:
    view = doc.views[block].text
    quantities = find_quantities(view, style)
    if not quantities:
        return []
    far = _far_text(doc, block, headings)
    return _block_items(doc, block, view, quantities, far, topics.get(doc.section_of(block)))


def _block_items(doc: Document, block: int, view: str, quantities: list[Quantity], far: str,
                 topic: str | None) -> list[_Item]:
    """The items of one paragraph: each quantity, and the whole of each ratio once per sentence."""
    counted = block_counts(block, view, quantities)
    count_of, ratio_of = _count_index(counted)
    contexts: dict[int, Context] = {}
    out: list[_Item] = []
    wholes_seen: set[tuple] = set()
    previous_ends = _previous_ends(quantities)
    for i, q in enumerate(quantities):
        c = count_of.get(id(q))
        pair = c is not None and c.total is not None and c.total is not c.done
        ctx = _text_context(view, quantities, i, far, topic, ratio_of.get(id(q)), own_only=pair and c.done is q)
        if pair and c.done is q and not q.unit:
            ctx = replace(ctx, unit=c.total.unit)  # "hoàn thành 35 trong tổng số 38 nhiệm vụ"
        contexts[q.start] = ctx
        whole_of = contexts.get(c.done.start) if pair and c.total is q else None
        if whole_of is not None and total_entry(whole_of) is None:
            continue  # "06 trong tổng số 19 đơn vị": the 19 stays on the 06 as its total
        start, end = (c.start, c.end) if c is not None and c.done is q else (q.start, q.span_end)
        item = _Item(block, q, start, end, ctx, _label(doc, block, view, quantities, i, previous_ends[i]),
                     _period(doc, block, view, q.start), in_task_counts=c is not None, whole_of=whole_of,
                     total=c.total.value if pair and c.done is q else None)
        out.append(item)
        whole = _ratio_whole(item, view, wholes_seen)
        if whole is not None:
            out.append(whole)
    return out


def _count_index(counted: list[Counted]) -> tuple[dict[int, Counted], dict[int, Counted]]:
    """By quantity (its id): the first count it is a part or whole of, and the first ratio
    it restates as a percent ('127/127 thủ tục hành chính (đạt 100%)'). Built once a block,
    so a paragraph of many numbers is not read once per number."""
    count_of: dict[int, Counted] = {}
    ratio_of: dict[int, Counted] = {}
    for c in counted:
        for q in (c.done, c.total):
            if q is not None:
                count_of.setdefault(id(q), c)
        if c.percent is not None:
            ratio_of.setdefault(id(c.percent), c)
    return count_of, ratio_of


def _next_start(quantities: list[Quantity], i: int, floor: int, default: int) -> int:
    """min(default, start of the first quantity after the i-th that starts at `floor` or later)
    (quantities are in text order, so the first found is the nearest)."""
    for j in range(i + 1, len(quantities)):
        if quantities[j].start >= floor:
            return min(default, quantities[j].start)
    return default


def _ratio_whole(item: _Item, view: str, seen: set[tuple]) -> _Item | None:
    """The whole of a ratio ('54' of '44/54') as its own indicator, once per sentence,
    when the vocabulary names it (`total_key`)."""
    q = item.q
    if q.kind != "ratio" or q.total is None:
        return None
    key = (sentence_span(view, q.start), q.total, q.unit)
    if key in seen:
        return None
    seen.add(key)
    if total_entry(item.context) is None:
        return None  # the whole stays on the part's `total`; no key names it on its own
    whole = Quantity(q.total, q.raw, q.start, q.end, "number", unit=q.unit, unit_end=q.unit_end)
    return replace(item, q=whole, vstart=q.start, vend=q.end, whole_of=item.context)


def _text_context(view: str, quantities: list[Quantity], i: int, far: str, topic: str | None,
                  ratio: Counted | None, own_only: bool = False) -> Context:
    """The words of a quantity's own phrase (local), its sentence (near) and beyond (far).

    The phrase runs from the previous quantity (or the sentence start) to the
    end of the words qualifying this one; coordinated quantities ("49 công chức
    và 26 viên chức") share the words before the first. `own_only` stops the
    phrase at the quantity (the part of "35 trong tổng số 38": "tổng số" is the whole's).
    """
    q = quantities[i]
    s_start, s_end = sentence_span(view, q.start)
    left = _left_edge(view, quantities, i, s_start)
    right = q.span_end if own_only else _next_start(quantities, i, q.span_end, s_end)
    after = view[q.span_end:right]
    stop = patterns.search(patterns.block(_FILE, "context_stop"), after)
    if ratio is not None:
        left = max(s_start, ratio.start - _RATIO_REACH)
    local = view[left:q.span_end] + (after[:stop.start()] if stop else after)
    return Context(unit=q.unit, percent=q.percent, rank=q.kind == "rank", local=match_key(local),
                   near=_sentence_key(view, s_start, s_end), far=far, topic=topic, local_pos=q.start - left,
                   local_end=q.span_end - left)


def _left_edge(view: str, quantities: list[Quantity], i: int, s_start: int) -> int:
    """Where a quantity's phrase starts: after the previous quantity and the words that
    qualify it ("1.789 hồ sơ đúng hạn, trước hạn và | 01 hồ sơ trễ hạn"), or with the
    previous quantity when only a coordinating word stands between them."""
    while i > 0:
        prev = quantities[i - 1]
        if prev.span_end > quantities[i].start or prev.start < s_start:
            break
        if not patterns.search(patterns.block("numbers", "coordination"), view[prev.span_end:quantities[i].start]):
            break
        i -= 1
    after_previous = i > 0 and quantities[i - 1].start >= s_start
    edge = quantities[i - 1].span_end if after_previous else s_start
    stop = "gap_split" if after_previous else "clause_stop"  # skip the words qualifying the previous one
    cuts = patterns.finditer(patterns.block(_FILE, stop), view[edge:quantities[i].start])
    if cuts and cuts[-1].group() == ":" and not view[edge + cuts[-1].end():quantities[i].start].strip():
        cuts.pop()  # "Tổng số hồ sơ đã tiếp nhận: 9.436": the label before the colon names it
    return edge + cuts[-1].end() if cuts else edge


def _far_text(doc: Document, block: int, headings: dict[str, int]) -> str:
    """The section heading and, for a list item, the paragraph that announces the list."""
    parts = []
    sid = doc.section_of(block)
    if sid in headings and headings[sid] != block:
        parts.append(doc.views[headings[sid]].text)
    lead = _lead_in(doc, block)
    if lead is not None:
        parts.append(doc.views[lead].text)
    return match_key(" | ".join(parts))


def _lead_in(doc: Document, block: int) -> int | None:
    """The paragraph ending with ':' that a run of list items below it belongs to."""
    if doc.blocks[block].kind != "list_item":
        return None
    for j in range(block - 1, max(-1, block - _LEAD_IN_REACH), -1):
        b = doc.blocks[j]
        if b.kind != "list_item":
            return j if b.text.rstrip().endswith(":") else None
    return None


@lru_cache(maxsize=256)
def _sentence_key(view: str, s_start: int, s_end: int) -> str:
    """The match key of a sentence, made once for all its numbers (one string: the cue
    look-ups cached on it find it again without reading it)."""
    return match_key(view[s_start:s_end])


def _previous_ends(quantities: list[Quantity]) -> list[int]:
    """For each quantity, the furthest end of an earlier one that ends before it starts (-1: none).

    >>> qs = [Quantity(1, "1", 0, 1, unit_end=5), Quantity(2, "2", 3, 4), Quantity(3, "3", 6, 7)]
    >>> _previous_ends(qs)
    [-1, -1, 5]
    """
    ends: list[int] = []  # sorted
    out = []
    for q in quantities:
        k = bisect_right(ends, q.start)
        out.append(ends[k - 1] if k else -1)
        insort(ends, q.span_end)
    return out


def _label(doc: Document, block: int, view: str, quantities: list[Quantity], i: int,
           previous_end: int) -> str | None:
    """What the number counts, as written: the phrase after it, else the phrase before it
    (from the end of the previous quantity, `_previous_ends`)."""
    q = quantities[i]
    s_start, s_end = sentence_span(view, q.start)
    nxt = _next_start(quantities, i, q.span_end, s_end)
    after = _phrase(view, q.end, nxt, forward=True)
    if after:
        return _source(doc, block, *after)
    prev = max(s_start, previous_end)
    before = _phrase(view, prev, q.start, forward=False)
    return _source(doc, block, *before) if before else None


def _phrase(view: str, start: int, end: int, forward: bool) -> tuple[int, int] | None:
    """A label phrase: up to the first clause stop (forward) or after the last (backward)."""
    text = view[start:end]
    if forward:
        stop = patterns.search(patterns.block(_FILE, "label_stop"), text)
        text = text[:stop.start()] if stop else text
        words = text.split()[:_LABEL_WORDS]
        if not words:
            return None
        offset = start + text.index(words[0])
        return offset, offset + len(" ".join(words))
    back = patterns.finditer(patterns.block(_FILE, "label_stop_back"), text)
    cut = back[-1].end() if back else 0
    words = text[cut:].split()[-_LABEL_WORDS:]
    if not words:
        return None
    end_at = start + text.rindex(words[-1]) + len(words[-1])
    return end_at - len(" ".join(words)), end_at


def _source(doc: Document, block: int, vstart: int, vend: int) -> str | None:
    return collapse_spaces(_block_text(doc, block, vstart, vend)) or None


def _block_text(doc: Document, block: int, vstart: int, vend: int) -> str:
    """The block text behind a span of its view (`doc.place_from_view(...).text`, without
    building the place)."""
    start, end = doc.views[block].span(vstart, vend)
    return doc.blocks[block].text[start:end]


def _period(doc: Document, block: int, view: str, pos: int) -> str | None:
    """The period the sentence states: the nearest before the number, else the first after."""
    s_start, s_end = sentence_span(view, pos)
    found = _period_spans(view, s_start, s_end)
    before = [m for m in found if s_start + m[1] <= pos]
    after = [m for m in found if s_start + m[0] >= pos]
    m = before[-1] if before else after[0] if after else None
    if m is None:
        lead = _lead_in(doc, block)
        return _period(doc, lead, doc.views[lead].text, len(doc.views[lead].text)) if lead is not None else None
    return _source(doc, block, s_start + m[0], s_start + m[1])


@lru_cache(maxsize=4096)
def _period_spans(view: str, s_start: int, s_end: int) -> tuple[tuple[int, int], ...]:
    """The periods a sentence states, offsets into it (cached: each of its numbers asks)."""
    return tuple(m.span() for m in patterns.finditer(patterns.block(_FILE, "period"), view[s_start:s_end]))


# --- tables ---------------------------------------------------------------------------------

def _table_items(doc: Document, tables: list[Table], style: Style, headings: dict[str, int],
                 topics: dict, sink: list[Finding]) -> list[_Item]:
    """Indicators of table cells; a table whose patterns time out is left out, with a finding."""
    items: list[_Item] = []
    for table in tables:
        if is_layout_kind(table.kind) or not table.rows:
            continue
        with guard(doc, None, sink, "indicators"):
            items += _one_table_items(doc, table, style, headings, topics)
    return items


def _one_table_items(doc: Document, table: Table, style: Style, headings: dict[str, int],
                     topics: dict) -> list[_Item]:
    items: list[_Item] = []
    label_col = _label_column(doc, table)
    caption = table.caption or ""
    row_label = ""
    for r, row in enumerate(table.rows):
        row_label = (row[label_col] if label_col is not None and row[label_col] else row_label)
        for c in range(len(row)):
            if c != label_col and not _is_index(table, c):
                items += _cell_items(doc, table, r, c, row_label, caption, style, headings, topics)
    return items


def _cell_items(doc: Document, table: Table, r: int, c: int, row_label: str, caption: str, style: Style,
                headings: dict[str, int], topics: dict) -> list[_Item]:
    """The quantities of one body cell: its value (row label x column) and any inner counts."""
    b = table.cell_blocks[r][c]
    if b is None or not table.rows[r][c] or _merged_left_or_above(table, r, c):
        return []
    view = doc.views[b].text
    quantities = find_quantities(view, style)
    if not quantities:
        return []
    column = table.columns[c] if c < len(table.columns) else ""
    far = match_key(" | ".join([caption, _heading_text(doc, b, headings), table.kind or ""]))
    topic = topics.get(doc.section_of(b))
    local = match_key(" | ".join([_column_subject(table, c), row_label, view]))
    near = match_key(" | ".join(table.columns + [row_label, view]))
    period = _table_period(column, caption, row_label)
    items = []
    for i, q in enumerate(quantities):
        q = _as_cell_value(q, column, row_label, table.kind, i)
        ctx = Context(unit=q.unit, percent=q.percent, rank=q.kind == "rank", local=local,
                      near=near, far=far, topic=topic)
        items.append(_Item(b, q, q.start, q.span_end, ctx, column or None, period, scope=row_label or None,
                           table=(table.index, r, c)))
    return items


def _as_cell_value(q: Quantity, column: str, row_label: str, kind: str | None, i: int) -> Quantity:
    """A bare number opening a cell: a percent under a 'Tỷ lệ (%)' column, else a count of
    what its column, its row or its table names ('Tổng số hồ sơ tiếp nhận' -> hồ sơ)."""
    if i != 0 or q.start != 0 or q.unit is not None:
        return q
    if _is_rate_column(column):
        return replace(q, percent=True, unit="%")
    return replace(q, unit=_named_unit(column, row_label) or kind_unit(kind))


@lru_cache(maxsize=4096)
def _is_rate_column(column: str) -> bool:
    return patterns.search(patterns.block(_FILE, "rate_column"), match_key(column)) is not None


def _named_unit(column: str, row_label: str) -> str | None:
    """The counted noun a header names, lowest header row first, then a row label that
    names a measure ("Số văn bản đi được ký số")."""
    for text in list(reversed(column.split(" / "))) + ([row_label] if names_measure(row_label) else []):
        unit = _unit_named(text)
        if unit:
            return unit
    return None


@lru_cache(maxsize=4096)
def _unit_named(text: str) -> str | None:
    """The counted noun one header (or row label) names; cached: every row asks its columns.

    Periods are skipped: "6 tháng đầu năm 2024" names when, not what.
    """
    text = match_view(nfc(text)).text
    for period in patterns.finditer(patterns.block(_FILE, "period"), text):
        text = text[:period.start()] + " " * (period.end() - period.start()) + text[period.end():]
    m = patterns.search(patterns.block("numbers", "count_noun_word"), text)
    return m.group("unit") if m else None


def _column_subject(table: Table, c: int) -> str:
    """A column's name; a bare rate column ('Tỷ lệ (%)') is the rate of the column before it
    ('Trực tuyến | Tỷ lệ (%)')."""
    name = table.columns[c] if c < len(table.columns) else ""
    if c > 0 and _bare_rate(name.split(" / ")[-1]):
        return table.columns[c - 1] + " / " + name
    return name


@lru_cache(maxsize=4096)
def _bare_rate(header: str) -> bool:
    """A header that names a rate and at most one other word ('Tỷ lệ (%)'); cached: every row asks."""
    rate = patterns.search(patterns.block(_FILE, "rate_column"), match_key(header))
    return bool(rate) and len(match_key(header).replace(rate.group(), "").split()) <= 1


def _merged_left_or_above(table: Table, r: int, c: int) -> bool:
    """A slot of a merged cell that was already read (its block repeats left or above)."""
    b = table.cell_blocks[r][c]
    left = c > 0 and table.cell_blocks[r][c - 1] == b
    above = r > 0 and c < len(table.cell_blocks[r - 1]) and table.cell_blocks[r - 1][c] == b
    return left or above


def _is_index(table: Table, c: int) -> bool:
    return c < len(table.columns) and is_index_column(table.columns[c])


def _label_column(doc: Document, table: Table) -> int | None:
    """The first column (not the row number) whose body cells are mostly words."""
    for c in range(max(len(r) for r in table.rows)):
        if _is_index(table, c):
            continue
        cells = [row[c] for row in table.rows if c < len(row) and row[c]]
        worded = [t for t in cells if not find_quantities(match_key(t)) or not t[:1].isdigit()]
        if cells and len(worded) * 2 > len(cells):
            return c
    return None


def _table_period(column: str, caption: str, row_label: str) -> str | None:
    return next((p for p in map(_period_named, (column, row_label, caption)) if p is not None), None)


@lru_cache(maxsize=4096)
def _period_named(text: str) -> str | None:
    """The period a header, row label or caption names, as written (cached: every row asks)."""
    m = patterns.search(patterns.block(_FILE, "period"), match_key(text)) if text else None
    return _as_written(text, m.start(), m.end()) if m else None


def _as_written(text: str, kstart: int, kend: int) -> str:
    """The span of `text` behind a span of its match key (same length: only tones, case, spaces differ)."""
    collapsed = collapse_spaces(text)
    return collapsed[kstart:kend] if len(collapsed) == len(match_key(text)) else match_key(text)[kstart:kend]


def _heading_text(doc: Document, block: int, headings: dict[str, int]) -> str:
    sid = doc.section_of(block)
    return doc.views[headings[sid]].text if sid in headings else ""


# --- shared ---------------------------------------------------------------------------------

def _heading_blocks(doc: Document) -> dict[str, int]:
    """The first block of every section: its heading."""
    first: dict[str, int] = {}
    for i in range(len(doc.blocks)):
        sid = doc.section_of(i)
        if sid is not None and sid not in first:
            first[sid] = i
    return first


def _section_topics(sections: list[Section] | None) -> dict[str | None, str | None]:
    """The topic of every section, inherited from the nearest ancestor that has one."""
    by_id = {s.id: s for s in sections or []}
    out: dict[str | None, str | None] = {}
    for s in sections or []:
        node, topic = s, s.topic
        while topic is None and node.parent in by_id:
            node = by_id[node.parent]
            topic = node.topic
        out[s.id] = topic
    return out


def _to_model(doc: Document, item: _Item, topics: dict) -> Indicator:
    entry = total_entry(item.whole_of) if item.whole_of is not None else best_entry(item.context)
    place = doc.place_from_view(item.block, item.vstart, item.vend)
    raw = _block_text(doc, item.block, item.q.start, item.q.end)
    q = item.q
    table, row, col = item.table or (None, None, None)
    return Indicator(
        key=entry["key"] if entry else None, label=item.label, value=q.value, raw=raw,
        total=q.total if q.kind in ("ratio", "rank") else item.total, value_max=q.total if q.kind == "range" else None,
        unit=q.unit, period=item.period, topic=topics.get(place.section) or (entry or {}).get("topic"),
        scope=item.scope, in_task_counts=item.in_task_counts, source="table" if item.table else "text",
        table=table, row=row, col=col, text=place.text, section=place.section, block=place.block,
        start=place.start, end=place.end,
    )
