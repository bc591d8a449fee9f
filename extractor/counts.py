"""Task counts: stated ratios and counts of tasks, procedures and dossiers.

"hoàn thành 44/54 nhiệm vụ" is a ratio with a status; "127/127 thủ tục hành
chính (đạt 100%)" a ratio with its stated percent; "120 hồ sơ trên tổng số 125
hồ sơ" a ratio in words; "08 thủ tục cấp tỉnh" a plain count. Ratios are kept
whatever they count ("05 trong tổng số 14 xã"); plain counts only for the task
nouns of `counts.toml` (tasks, procedures, dossiers, normative documents). Ranks ("xếp thứ
11/63") are indicators, never task counts. The counted nouns, status words and
connectors are data (`patterns/counts.toml`); the quantities come from
`numbers.find_quantities`.

Checks: `PERCENT_MISMATCH` when a stated percent disagrees with its ratio, and
`COUNT_SUM_MISMATCH` when parts that the text presents as one whole do not add
up (ratios over one total whose statuses split it, "X, trong đó a và b", or a
paragraph "... N người ... như sau:" broken down in the list items below it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import regex

from . import patterns
from .document import Document
from .findings import guard
from .models import Finding, Place, Report, TaskCount
from .normalize import canonical_tones, match_key
from .numbers import Quantity, Style, find_quantities, number_style, percent_agrees, percent_of, sentence_span

_FILE = "counts"
_STATUS_WINDOW = 60  # characters before a count searched for its status word
_AFTER_WINDOW = 25  # characters after a count ("9.400 hồ sơ đúng hạn")


@dataclass(frozen=True)
class Counted:
    """A task count found in one block's match view (offsets into the view)."""

    block: int
    kind: str  # "ratio" or "count"
    done: Quantity
    total: Quantity | None
    status: str | None
    start: int
    end: int
    percent: Quantity | None = None

    @property
    def total_value(self):
        return None if self.total is None else (self.total.total if self.total is self.done else self.total.value)


def extract_task_counts(doc: Document, report: Report) -> tuple[list[TaskCount], list[Finding]]:
    """Every task count of the report, and the findings its numbers raise."""
    timeouts: list[Finding] = []  # a pattern timeout costs its block (or one check), not the stage
    style = report_style(doc, timeouts, "task counts")
    counted = find_counts(doc, style, timeouts)
    findings = _percent_findings(doc, counted) + _sum_findings(doc, counted)
    with guard(doc, None, timeouts, "task counts"):
        findings += _list_sum_findings(doc, style)
    return [_to_model(doc, c) for c in counted], timeouts + findings


def report_style(doc: Document, sink: list[Finding], stage: str) -> Style:
    """The report's number style; the Vietnamese one when its vote times out."""
    with guard(doc, None, sink, stage):
        return number_style(v.text for v in doc.views)
    return "vi"


def find_counts(doc: Document, style: Style = "vi", sink: list[Finding] | None = None) -> list[Counted]:
    """The task counts of every block, in reading order.

    A block whose patterns time out gives no counts and a finding in `sink`.
    """
    out: list[Counted] = []
    sink = [] if sink is None else sink
    for block in doc.blocks:
        view = doc.views[block.index].text
        with guard(doc, block.index, sink, "task counts"):
            out += block_counts(block.index, view, find_quantities(view, style))
    return out


def block_counts(block: int, view: str, quantities: list[Quantity]) -> list[Counted]:
    """Task counts among the quantities of one block's view."""
    out: list[Counted] = []
    used: set[int] = set()
    for i, q in enumerate(quantities):
        if i in used:
            continue
        pair = _of_total(view, quantities, i)
        if pair is not None:
            used.add(i + 1)
            out.append(_counted(block, view, "ratio", q, pair, quantities, i + 1))
        elif q.kind == "ratio" and q.unit and not q.percent:
            out.append(_counted(block, view, "ratio", q, q, quantities, i))
        elif q.kind == "number" and _is_task_unit(q):
            out.append(_counted(block, view, "count", q, None, quantities, i, out[-1] if out else None))
    return out


def _next(quantities: list[Quantity], i: int) -> Quantity | None:
    return quantities[i + 1] if i + 1 < len(quantities) else None


def _is_task_unit(q: Quantity | None) -> bool:
    return q is not None and not q.percent and q.unit is not None and match_key(q.unit) in _task_units()


@lru_cache(maxsize=1)
def _task_units() -> frozenset[str]:
    return frozenset(match_key(u) for u in patterns.load(_FILE)["lists"]["task_units"])


def _of_total(view: str, quantities: list[Quantity], i: int) -> Quantity | None:
    """The whole of "X trên tổng số Y" when quantity i is X."""
    q, nxt = quantities[i], _next(quantities, i)
    if q.kind != "number" or nxt is None or nxt.kind != "number" or nxt.percent or q.percent:
        return None
    if not (q.unit or nxt.unit):
        return None
    gap = view[q.span_end:nxt.start]
    return nxt if patterns.search(_connector("of_total"), gap) else None


def _counted(block: int, view: str, kind: str, q: Quantity, total: Quantity | None,
             quantities: list[Quantity], last: int, previous: "Counted | None" = None) -> Counted:
    """A count with its status, its text span and the percent that restates it.

    A count coordinated with the one before it ("08 thủ tục cấp tỉnh, 10 thủ tục
    cấp huyện") takes its status when it has none of its own.
    """
    end = (total or q).span_end
    percent = _stated_percent(view, quantities, last, end) if kind == "ratio" else None
    if percent is not None:
        end = percent.end + (1 if view[percent.end:percent.end + 1] == ")" else 0)
    status, cue_start = _status(view, q, end)
    if status is None and previous is not None and _coordinated(view, previous, q):
        status = previous.status
    start = cue_start if cue_start is not None else q.start
    return Counted(block, kind, q, total, status, start, end, percent)


def _coordinated(view: str, previous: Counted, q: Quantity) -> bool:
    return previous.end <= q.start and bool(patterns.search(patterns.block("numbers", "coordination"),
                                                            view[previous.end:q.start]))


def _stated_percent(view: str, quantities: list[Quantity], last: int, end: int) -> Quantity | None:
    nxt = _next(quantities, last)
    if nxt is None or not nxt.percent:
        return None
    return nxt if patterns.search(_connector("percent_link"), view[end:nxt.start]) else None


@lru_cache(maxsize=1 << 14)
def _status(view: str, q: Quantity, end: int) -> tuple[str | None, int | None]:
    """The status word qualifying a count and, when it sits right before it, where it starts.

    A word right after the counted noun ("hồ sơ đúng hạn") wins over one before. Cached:
    task counts and indicators both count the numbers of every paragraph.
    """
    s_start, s_end = sentence_span(view, q.start)
    after = view[end:min(s_end, end + _AFTER_WINDOW)]
    cut = patterns.search(_connector("after_stop"), after)
    after = after[:cut.start()] if cut else after
    before_from = max(s_start, q.start - _STATUS_WINDOW)
    before = view[before_from:q.start]
    best_after = _nearest_status(after, first=True)
    if best_after is not None:
        return best_after[0], None
    best = _nearest_status(before, first=False)
    if best is None:
        return None, None
    key, at, cue_end = best
    adjacent = before[cue_end:].strip() == ""
    return key, (before_from + at) if adjacent else None


def _nearest_status(text: str, first: bool) -> tuple[str, int, int] | None:
    """(status, start, end) of the status word nearest the count in `text`."""
    if not text:
        return None
    folded = text.casefold()
    best: tuple[str, int, int] | None = None
    for key, words in _status_words():
        if not any(w in folded for w in words):
            continue  # none of its words, even as parts of words: most statuses, most windows
        for m in patterns.finditer(_status_pattern(key), text):
            if best is None or _closer(m, best, first):
                best = (key, m.start(), m.end())
    return best


def _closer(m: regex.Match, best: tuple[str, int, int], first: bool) -> bool:
    if first:
        return (m.start(), -m.end()) < (best[1], -best[2])
    return (m.end(), -m.start()) > (best[2], -best[1])


@lru_cache(maxsize=None)
def _status_pattern(key: str) -> regex.Pattern:
    entry = next(e for e in patterns.entries(_FILE, "status") if e["key"] == key)
    return _word_pattern(entry["words"])


@lru_cache(maxsize=1)
def _status_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(status, its words casefolded in the tone placement its pattern uses): a text
    without one of them, casefolded, has no match of the status's (case-insensitive) pattern."""
    return tuple((e["key"], tuple(canonical_tones(w).casefold() for w in e["words"]))
                 for e in patterns.entries(_FILE, "status"))


def _word_pattern(words: list[str]) -> regex.Pattern:
    return patterns.compile(r"(?<![\p{L}])" + patterns.words(words) + r"(?![\p{L}])", _FILE)


@lru_cache(maxsize=None)
def _connector(name: str) -> regex.Pattern:
    return patterns.block(_FILE, name)


@lru_cache(maxsize=None)
def _anchored(name: str) -> regex.Pattern:
    """A block that must match right at the position (`\\G`), for `patterns.match`."""
    return patterns.compile(r"\G(?:${" + name + "})", _FILE)


def status_partition(text: str) -> str | None:
    """The partition of the status a short text names ('Trễ hạn' -> 'timeliness'), if any.

    >>> status_partition("Trực tiếp, bưu chính"), status_partition("Đúng hạn"), status_partition("Lĩnh vực")
    ('channel', 'timeliness', None)
    """
    found = _nearest_status(match_key(text), first=True)
    return _partition(found[0]) if found else None


def _partition(status: str | None) -> str | None:
    for entry in patterns.entries(_FILE, "status"):
        if entry["key"] == status:
            return entry.get("partition")
    return None


def _to_model(doc: Document, c: Counted) -> TaskCount:
    place = doc.place_from_view(c.block, c.start, c.end)
    ratio = c.kind == "ratio"
    return TaskCount(
        kind=c.kind, done=c.done.value if ratio else None, total=c.total_value if ratio else None,
        count=None if ratio else c.done.value, status=c.status, unit=(c.total or c.done).unit or c.done.unit,
        percent=c.percent.value if c.percent else None, text=place.text, section=place.section,
        block=place.block, start=place.start, end=place.end,
    )


def _place(doc: Document, block: int, q: Quantity) -> Place:
    return doc.place_from_view(block, q.start, q.span_end)


# --- findings ---------------------------------------------------------------------------

def _percent_findings(doc: Document, counted: list[Counted]) -> list[Finding]:
    out = []
    for c in counted:
        if c.percent is None or c.kind != "ratio":
            continue
        computed = percent_of(c.done.value, c.total_value)
        if computed is not None and not percent_agrees(c.percent.value, c.percent.raw, computed):
            out.append(Finding(
                code="PERCENT_MISMATCH", severity="warning",
                message=f"stated {c.percent.raw} but {c.done.value}/{c.total_value} is {computed:.2f}%",
                places=[doc.place_from_view(c.block, c.start, c.end)]))
    return out


def _sum_findings(doc: Document, counted: list[Counted]) -> list[Finding]:
    """Ratios of one sentence over one total whose statuses split it must add up."""
    groups: dict[tuple, list[Counted]] = {}
    for c in counted:
        if c.kind == "ratio" and _partition(c.status):
            view = doc.views[c.block].text
            key = (c.block, sentence_span(view, c.done.start), c.total_value, _partition(c.status))
            groups.setdefault(key, []).append(c)
    out = []
    for members in groups.values():
        if len({m.status for m in members}) >= 2:
            total = members[0].total_value
            out += _check_sum(doc, [(m.block, m.done) for m in members], total, members[0].block, None)
    return out + _whole_part_findings(doc, counted)


def _whole_part_findings(doc: Document, counted: list[Counted]) -> list[Finding]:
    """'X hồ sơ, trong đó a hồ sơ đúng hạn và b hồ sơ trễ hạn' or 'X hồ sơ (cấp huyện a;
    cấp xã b)': when the parts split the whole by status or by level, they must add up to X."""
    out = []
    by_block: dict[int, list[Counted]] = {}
    for c in counted:
        if c.kind == "count":
            by_block.setdefault(c.block, []).append(c)
    for block, items in by_block.items():
        view = doc.views[block].text
        for i, whole in enumerate(items):
            parts = _split_parts(view, whole, items, i + 1)
            if parts:
                out += _check_sum(doc, [(block, p.done) for p in parts], whole.done.value, block, whole.done)
    return out


def _split_parts(view: str, whole: Counted, items: list[Counted], first: int) -> list[Counted]:
    """The counts from `items[first:]` that break a whole down (`_parts_of`), when there are
    two or more and they split it (`_Split`); [] otherwise."""
    split = _Split()
    for p in _parts_of(view, whole, items, first):
        if not split.add(view, p):
            return []  # a part that cannot split the whole: no later part makes them split it
    return split.parts if len(split.parts) >= 2 else []


def _parts_of(view: str, whole: Counted, items: list[Counted], first: int) -> Iterator[Counted]:
    """The counts that break a whole down: after 'trong đó' in its sentence, or inside the
    parentheses that follow it. `items` are in text order, so the sentence's end stops them."""
    s_start, s_end = sentence_span(view, whole.done.start)
    if patterns.match(_anchored("parts_open"), view, whole.end):
        close = view.find(")", whole.end)
        s_end = close if close > 0 else s_end
    else:
        # the first 'trong đó' within 3 characters of the whole: a match at the first of
        # those positions where one starts (what a search would find, without scanning on)
        intro = next(filter(None, (patterns.match(_connector("parts_intro"), view, at)
                                   for at in range(whole.end, min(whole.end + 3, len(view)) + 1))), None)
        if intro is None or intro.start() >= s_end:
            return
    for j in range(first, len(items)):
        p = items[j]
        if p.done.start >= s_end:
            return
        if _same_unit(p.done.unit, whole.done.unit):
            yield p


class _Split:
    """Parts, one at a time, while they may still split one whole: distinct statuses of one
    partition, or distinct levels. Each test holds for all parts or fails for good."""

    def __init__(self) -> None:
        self.parts: list[Counted] = []
        self.statuses: set[str | None] = set()
        self.partition: str | None = None
        self.levels: set[str] = set()
        self.by_status = self.by_level = True

    def add(self, view: str, part: Counted) -> bool:
        partition = _partition(part.status)
        if not self.parts:
            self.partition = partition
        self.by_status = (self.by_status and partition is not None and partition == self.partition
                          and part.status not in self.statuses)
        self.statuses.add(part.status)
        if self.by_level:
            level = _level_of(view, part)
            self.by_level = level is not None and level not in self.levels
            self.levels.add(level)
        self.parts.append(part)
        return self.by_status or self.by_level


def _level_of(view: str, part: Counted) -> str | None:
    """'cấp huyện' right before a part ('cấp huyện 9.012 hồ sơ') or right after it ('08 thủ tục cấp tỉnh')."""
    before = patterns.finditer(_connector("level_word"), view[max(0, part.start - 15):part.start])
    after = patterns.search(_connector("level_word"), view[part.done.span_end:part.done.span_end + 12])
    m = before[-1] if before else after
    return m.group() if m else None


def _same_unit(a: str | None, b: str | None) -> bool:
    """'người' and 'lượt người' count the same thing; so do 'thủ tục' and 'thủ tục hành chính'."""
    if not a or not b:
        return False
    a, b = match_key(a), match_key(b)
    return a == b or a.endswith(" " + b) or b.endswith(" " + a) or a.startswith(b + " ") or b.startswith(a + " ")


def _check_sum(doc: Document, parts: list[tuple[int, Quantity]], total, block: int,
               whole: Quantity | None) -> list[Finding]:
    got = sum(q.value for _, q in parts)
    if total is None or abs(got - total) < 1e-9:
        return []
    places = [_place(doc, b, q) for b, q in parts] + ([_place(doc, block, whole)] if whole else [])
    terms = " + ".join(str(q.value) for _, q in parts)
    return [Finding(code="COUNT_SUM_MISMATCH", severity="warning",
                    message=f"the parts do not add up to the whole: {terms} = {got}, stated {total}",
                    places=places)]


def _list_sum_findings(doc: Document, style: Style) -> list[Finding]:
    """A paragraph 'cử 11 lượt người ... như sau:' and its list items '...: 01 người.' must add up."""
    out = []
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        view = doc.views[i].text
        if block.kind == "table_cell" or not patterns.search(_connector("list_intro"), view):
            continue
        wholes = [q for q in find_quantities(view, style) if q.unit and not q.percent]
        if len(wholes) != 1:
            continue
        parts = _list_parts(doc, i + 1, wholes[0], style)
        if len(parts) >= 2:
            out += _check_sum(doc, parts, wholes[0].value, i, wholes[0])
    return out


def _list_parts(doc: Document, first: int, whole: Quantity, style: Style) -> list[tuple[int, Quantity]]:
    """One count per list item below an announcing paragraph, while the items last."""
    parts = []
    j = first
    while j < len(doc.blocks) and doc.blocks[j].kind == "list_item":
        found = [q for q in find_quantities(doc.views[j].text, style) if q.unit and not q.percent]
        if len(found) != 1 or not _same_unit(found[0].unit, whole.unit):
            return []
        parts.append((j, found[0]))
        j += 1
    return parts
