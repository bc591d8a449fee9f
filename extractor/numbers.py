"""Vietnamese quantities: parse numbers as reports write them, find them in text.

Separators decide a number's value: `9.436` is 9436 and `99,99` is 99.99
(`.` groups thousands, `,` marks decimals), but English-formatted numbers occur
in real reports too (`92.83%`, `2,129,000`). Unambiguous forms are read by their
separators; the two ambiguous ones (`1.234`, `1,234`) follow the report's own
habit (`number_style`) and whether the unit counts whole things.

`find_quantities` returns every quantity of a match-view text with its raw text,
its value and the counted noun after it. It skips the digits that are not
quantities (dates, document numbers, section and list labels, years, ordinals,
"mức độ 1,2", standards, URLs): the guards of `patterns/numbers.toml`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Literal

import regex

from . import patterns
from .normalize import has_digit

Value = int | float
Kind = Literal["number", "ratio", "range", "rank", "zero"]
Style = Literal["vi", "en"]
_FILE = "numbers"
_MAX_DAY, _MAX_MONTH = 31, 12
_NUMERAL = regex.compile(r"\d[\d.,]*")


@dataclass(frozen=True)
class Quantity:
    """One quantity of a text; offsets are into the text it was found in.

    `raw` is the number as written ("9.436", "99,99%", "44/54"); `value` its
    value; `total` the whole of a ratio ("44/54"), the top of a range or the
    field of a rank ("11/63"); `unit` the counted noun after it, or "%".
    `unit_end` is where the number and its unit (and level, "cấp tỉnh") end.
    """

    value: Value
    raw: str
    start: int
    end: int
    kind: Kind = "number"
    percent: bool = False
    total: Value | None = None
    unit: str | None = None
    unit_end: int | None = None

    @property
    def span_end(self) -> int:
        return self.unit_end if self.unit_end is not None else self.end


def parse_number(raw: str, style: Style = "vi", integral: bool = False) -> Value | None:
    """The value of a number as written, or None when it is not one number.

    >>> [parse_number(s) for s in ["9.436", "99,99", "1.234,5", "02", "100", "2,129,000", "92.83"]]
    [9436, 99.99, 1234.5, 2, 100, 2129000, 92.83]
    >>> parse_number("1,234"), parse_number("1,234", integral=True), parse_number("1,234", style="en")
    (1.234, 1234, 1234)
    >>> parse_number("1.234"), parse_number("1.234", style="en")
    (1234, 1.234)
    >>> parse_number("2.2.1") is None, parse_number("1.23.456") is None
    (True, True)
    """
    s = raw.replace(" ", "").rstrip("%")
    if not s or not _NUMERAL.fullmatch(s) or s[-1] in ".,":
        return None
    if "." in s and "," in s:
        return _mixed(s)
    sep = "." if "." in s else "," if "," in s else ""
    if not sep:
        return int(s)
    parts = s.split(sep)
    if len(parts) > 2:
        return _grouped(parts)
    thousands = len(parts[1]) == 3 and ((sep == ".") == (style == "vi") or integral)
    return int(parts[0] + parts[1]) if thousands else float(parts[0] + "." + parts[1])


def _grouped(parts: list[str]) -> int | None:
    """'1.234.567' (or '2,129,000'): groups of three after a head of one to three digits."""
    if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
        return int("".join(parts))
    return None


def _mixed(s: str) -> float | int | None:
    """Both separators: the last one is the decimal mark ('1.234,5', '2,129,000.5')."""
    dec = "," if s.rfind(",") > s.rfind(".") else "."
    head, frac = s.rsplit(dec, 1)
    whole = _grouped(head.split("," if dec == "." else "."))
    if whole is None or (dec in frac):
        return None
    return float(f"{whole}.{frac}")


def number_style(texts: Iterable[str]) -> Style:
    """'en' when a report writes numbers the English way more often than the Vietnamese way.

    Only unambiguous numbers vote: `99,99`, `1.234,5`, `1.234.567` for
    Vietnamese; `92.83`, `2,129,000`, `2,129.5` for English.

    >>> number_style(["đạt 99,99%", "9.436 hồ sơ"]), number_style(["đạt 92.83%", "2,129,000 đồng"])
    ('vi', 'en')
    """
    return _number_style(tuple(texts))


@lru_cache(maxsize=2)
def _number_style(texts: tuple[str, ...]) -> Style:
    """`number_style`, cached: task counts and indicators ask it of the same document.

    Only a number with a separator votes, so only a text with one is read, and a text
    repeated (table cells) is read once and votes as often as it occurs."""
    vi = en = 0
    number = patterns.block(_FILE, "number")
    voting = Counter(t for t in texts if ("." in t or "," in t) and has_digit(t))
    for text, times in voting.items():
        for m in patterns.finditer(number, text):
            vote = _style_vote(m.group("num"))
            vi += times * (vote == "vi")
            en += times * (vote == "en")
    return "en" if en > vi else "vi"


def _style_vote(raw: str) -> Style | None:
    if "." in raw and "," in raw:
        return "vi" if raw.rfind(",") > raw.rfind(".") else "en"
    sep = "." if "." in raw else "," if "," in raw else ""
    if not sep:
        return None
    parts = raw.split(sep)
    if len(parts) > 2:
        return "vi" if sep == "." else "en"
    if len(parts[1]) == 3:
        return None  # "1.234" / "1,234": the ambiguous forms
    return "en" if sep == "." else "vi"


def percent_of(done: Value, total: Value) -> float | None:
    """done / total in percent, or None for a zero total.

    >>> round(percent_of(44, 54), 2), percent_of(127, 127), percent_of(1, 0)
    (81.48, 100.0, None)
    """
    return None if not total else 100.0 * done / total


def percent_agrees(stated: Value, raw: str, computed: float) -> bool:
    """Does a stated percent agree with a computed one, within one unit of its last digit?

    Reports round ("81%" for 81.48) and truncate ("66,66%" for 66.666...).

    >>> percent_agrees(100, "100%", 100.0), percent_agrees(81, "81%", 81.48), percent_agrees(90, "90%", 81.48)
    (True, True, False)
    >>> percent_agrees(66.66, "66,66%", 66.6667), percent_agrees(99.99, "99,99%", 99.5)
    (True, False)
    """
    digits = regex.search(r"[.,](\d+)\s*%?$", raw.strip())
    decimals = len(digits.group(1)) if digits and len(digits.group(1)) != 3 else 0
    return abs(stated - computed) <= 10 ** -decimals + 1e-9


def find_quantities(text: str, style: Style = "vi") -> list[Quantity]:
    """Every quantity of a match-view text, in order.

    >>> [(q.value, q.unit) for q in find_quantities("đã hoàn thành 44/54 nhiệm vụ, tiếp nhận 9.436 hồ sơ, đạt 99,99%")]
    [(44, 'nhiệm vụ'), (9436, 'hồ sơ'), (99.99, '%')]
    >>> [q.value for q in find_quantities("Kế hoạch số 282/KH-UBND ngày 29/12/2022, năm 2023, mức độ 1,2, (lần 4)")]
    []
    >>> [(q.kind, q.value, q.total) for q in find_quantities("xếp thứ 11/63 tỉnh, thành phố")]
    [('rank', 11, 63)]
    >>> [(q.kind, q.value, q.unit) for q in find_quantities("không có hồ sơ bị trễ hạn")]
    [('zero', 0, 'hồ sơ')]
    """
    return list(_find_quantities(text, style))


@lru_cache(maxsize=1 << 14)
def _find_quantities(text: str, style: Style) -> tuple[Quantity, ...]:
    """`find_quantities`, cached: task counts and indicators read the same blocks (room for
    the blocks of a long report, or the second stage would find them all again)."""
    found: list[Quantity] = []
    taken = _Taken(len(text))
    steps = (_zeros, _ranks, _guards, _ratios, _ranges, _numbers) if _has_digit(text) else (_zeros,)
    for step in steps:
        for q in step(text, taken, style):
            found.append(q)
            taken.add(q.start, q.span_end)
    return tuple(sorted(found, key=lambda q: q.start))


class _Taken:
    """The spans already read (quantities, guarded spans): is a span free of them?

    A map of the taken characters answers in the length of the span asked about, not
    in the number of spans taken (a paragraph of thousands of numbers stays linear).

    >>> t = _Taken(10); t.add(2, 4); t.add(6, 6)
    >>> t.free(0, 2), t.free(3, 5), t.free(4, 6), t.free(5, 7), t.free(6, 8)
    (True, False, True, False, True)
    """

    def __init__(self, size: int) -> None:
        self._map = bytearray(size)
        self._empty: list[int] = []  # empty spans overlap a span that holds them strictly

    def add(self, start: int, end: int) -> None:
        if start < end:
            self._map[start:end] = b"\x01" * (end - start)
        else:
            self._empty.append(start)

    def free(self, start: int, end: int) -> bool:
        """No taken span overlaps [start, end) (a non-empty span: a match)."""
        return self._map.find(1, start, end) < 0 and not any(start < at < end for at in self._empty)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def guarded_spans(text: str) -> list[tuple[int, int]]:
    """Spans of a match-view text whose digits are not quantities (dates, ids, labels...).

    >>> t = "theo 1844/QĐ-UBND, 04/8/2023, giai đoạn 2021-2025"
    >>> [t[s:e] for s, e in guarded_spans(t)]
    ['1844/QĐ-UBND', '04/8/2023', 'giai đoạn 2021-2025', '2021-2025']
    """
    spans = []
    folded = text.casefold()
    for _entry, pattern, needs in _entry_patterns("guard"):
        if patterns.holds_any(needs, folded):  # the guard cannot match a text holding none
            spans.extend((m.start(), m.end()) for m in patterns.finditer(pattern, text))
    return sorted(set(spans))


@lru_cache(maxsize=None)
def _entry_patterns(table: str) -> tuple[tuple[dict, regex.Pattern, tuple[str, ...] | None], ...]:
    """(entry, compiled pattern, `needs` literals) of every entry of a table."""
    return tuple((e, _entry_pattern(e["pattern"]), patterns.entry_needs(e)) for e in patterns.entries(_FILE, table))


@lru_cache(maxsize=None)
def _entry_pattern(expr: str) -> regex.Pattern:
    return patterns.compile(expr, _FILE)


@lru_cache(maxsize=None)
def _anchored(name: str) -> regex.Pattern:
    """A named block that must match exactly at the position (`\\G`); used with `patterns.match`,
    since a search would try, and fail at, every later position: quadratic on a long paragraph."""
    return patterns.compile(r"\G(?:${" + name + "})", _FILE)


def _zeros(text: str, taken: _Taken, style: Style) -> Iterable[Quantity]:
    folded = text.casefold()
    for entry, pattern, needs in _entry_patterns("zero"):
        if not patterns.holds_any(needs, folded):
            continue  # the entry cannot match a text holding none of its `needs`
        for m in patterns.finditer(pattern, text):
            unit = m.groupdict().get("unit") or entry.get("unit")
            if taken.free(m.start(), m.end()):
                yield Quantity(0, m.group(), m.start(), m.end(), "zero", unit=unit, unit_end=m.end())


def _ranks(text: str, taken: _Taken, style: Style) -> Iterable[Quantity]:
    if not patterns.may_match(_FILE, "rank", text):
        return
    for m in patterns.finditer(patterns.block(_FILE, "rank"), text):
        if m.group("done"):
            start, end = m.start("done"), m.end("total")
            value, total = parse_number(m.group("done")), parse_number(m.group("total"))
        else:
            start, end = m.start("num"), m.end("num")
            value, total = parse_number(m.group("num"), style), None
        if value is not None and taken.free(start, end):
            yield Quantity(value, text[start:end], start, end, "rank", total=total)


def _guards(text: str, taken: _Taken, style: Style) -> Iterable[Quantity]:
    for start, end in guarded_spans(text):
        taken.add(start, end)
    return ()


def _ratios(text: str, taken: _Taken, style: Style) -> Iterable[Quantity]:
    if not patterns.may_match(_FILE, "ratio", text):
        return
    for m in patterns.finditer(patterns.block(_FILE, "ratio"), text):
        done, total = parse_number(m.group("done")), parse_number(m.group("total"))
        if done is None or total is None or not taken.free(m.start(), m.end()):
            continue
        q = _with_unit(Quantity(done, m.group(), m.start(), m.end(), "ratio", total=total), text)
        if q.unit or not _could_be_day_month(done, total):
            yield q


def _could_be_day_month(day: Value, month: Value) -> bool:
    return 1 <= day <= _MAX_DAY and 1 <= month <= _MAX_MONTH


def _ranges(text: str, taken: _Taken, style: Style) -> Iterable[Quantity]:
    if not patterns.may_match(_FILE, "range", text):
        return
    for m in patterns.finditer(patterns.block(_FILE, "range"), text):
        low, high = parse_number(m.group("low"), style), parse_number(m.group("high"), style)
        if low is None or high is None or high <= low or not taken.free(m.start(), m.end()):
            continue
        q = _with_unit(Quantity(low, text[m.start("low"):m.end("high")], m.start("low"), m.end("high"),
                                "range", total=high), text)
        if q.unit:
            yield q


def _numbers(text: str, taken: _Taken, style: Style) -> Iterable[Quantity]:
    for m in patterns.finditer(patterns.block(_FILE, "number"), text):
        if not taken.free(m.start(), m.end()):
            continue
        q = _with_unit(Quantity(0, m.group("num"), m.start(), m.end()), text)
        integral = q.unit is not None and q.unit != "%"
        value = parse_number(m.group("num"), style, integral)
        if value is not None and not _anaphoric(q, text):
            yield replace(q, value=value)


def _with_unit(q: Quantity, text: str) -> Quantity:
    """The quantity extended by a percent sign, or by its counted noun and level."""
    sign = patterns.match(_anchored("percent_sign"), text, q.end)
    if sign:
        return replace(q, raw=text[q.start:sign.end()], end=sign.end(), percent=True, unit="%",
                       unit_end=sign.end())
    unit = patterns.match(_anchored("count_unit"), text, q.end)
    if not unit:
        return q
    level = patterns.match(_anchored("level"), text, unit.end())
    return replace(q, unit=unit.group("unit"), unit_end=level.end() if level else unit.end())


def _anaphoric(q: Quantity, text: str) -> bool:
    """'02 thủ tục này': a count repeated by reference, not a new quantity."""
    if q.unit is None or q.percent:
        return False
    return any(patterns.match(_entry_pattern("\\G(?:" + e["pattern"] + ")"), text, q.span_end)
               for e in patterns.entries(_FILE, "anaphora"))


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """The sentence of `text` around offset `pos`: between '.', '!', '?' that end one.

    A '.' between digits ("9.436") or before a lower-case word does not end a sentence.

    >>> t = "Đã tiếp nhận 9.436 hồ sơ; đạt 99,99%. Tất cả đúng hạn."
    >>> s, e = sentence_span(t, t.index("9.436")); t[s:e]
    'Đã tiếp nhận 9.436 hồ sơ; đạt 99,99%'
    >>> s, e = sentence_span(t, t.index("đúng")); t[s:e]
    'Tất cả đúng hạn'
    """
    return _sentence_span(text, pos)


@lru_cache(maxsize=4096)
def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    """`sentence_span`, cached: a number's sentence is asked for its context, label, period, status.

    The sentence starts after the last end found in `text[:pos]` and ends at the first end
    at `pos` or after; both come from the ends of the whole text, found once (`_ends`).
    """
    ends = _ends(text)
    k = bisect_left(ends.at, pos)
    start = _last_end_before(text, pos, ends, k)
    end = ends.at[k] if k < len(ends.at) else len(text)
    while start < end and text[start] == " ":
        start += 1
    return start, end


@dataclass(frozen=True)
class _Ends:
    """Where the sentence ends of a text are (`at`), and where the text that makes
    each one an end (the lookahead of `_SENTENCE_END`: ". Tất", ". 2.") stops (`need`)."""

    at: list[int]
    need: list[int]


@lru_cache(maxsize=64)
def _ends(text: str) -> _Ends:
    at = [m.start() for m in patterns.finditer(_SENTENCE_END, text)]
    return _Ends(at, [patterns.match(_END_EXTENT, text, i).end() for i in at])


def _last_end_before(text: str, pos: int, ends: _Ends, k: int) -> int:
    """Where the last sentence end of `text[:pos]` stops (0: none), `ends.at[:k]` being the
    ends of the whole text before `pos`.

    The cut text has ends the whole text has not: a '.' right before the cut (the end of
    the text, `$`, follows it; also before a final newline). It lacks the ends whose
    lookahead runs past the cut; their lookahead is spaces and digits up to a '.', so no
    two of them are before the same cut, and the walk back takes at most two steps.
    """
    for i in (pos - 1, pos - 2):
        if i >= 0 and text[i] == "." and text[i + 1:pos] in ("", "\n"):
            return i + 1
    for j in range(k - 1, -1, -1):
        if ends.need[j] <= pos or text[ends.at[j]] != ".":
            return ends.at[j] + 1
    return 0


_SENTENCE_END = regex.compile(r"[!?]|\.(?!\d)(?= +(?:\p{Lu}|[-+•]|\d+\.)|$)")
# `_SENTENCE_END` with its lookahead consumed: where the text that makes an end stops
_END_EXTENT = regex.compile(r"[!?]|\.(?!\d)(?: +(?:\p{Lu}|[-+•]|\d+\.)|$)")
