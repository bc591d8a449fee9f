"""The indicator vocabulary: which entry of `patterns/indicators.toml` fits a number.

An entry fits when the number counts one of its units (or is a percent and the
entry is a rate, or a rank and the entry is a rank) and one of its cues is near
the number. Cues are weighed by where they are: in the number's own phrase
(local), in its sentence (near), or in the section heading / list lead-in /
table caption (far). Spelling slips are forgiven with rapidfuzz for long cues;
short cues must appear as words. The entry whose topic is the section's wins a
tie. Everything here reads match keys (`normalize.match_key`: casefolded view).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from rapidfuzz import fuzz

from . import patterns
from .normalize import match_key

_FILE = "indicators"
_LEVELS = (("local", 3), ("near", 2), ("far", 1))


@dataclass(frozen=True)
class Context:
    """What is known around one number, as match keys."""

    unit: str | None  # the counted noun after the number, "%" for a percent
    percent: bool
    rank: bool
    local: str  # the number's own phrase
    near: str  # its sentence (for a table cell: column name, row label and cell)
    far: str  # section heading, list lead-in, table caption
    topic: str | None = None  # the section's topic
    local_pos: int | None = None  # where the number is in `local` (None: no order, a table cell)
    local_end: int | None = None  # where its own text ends ("không có hồ sơ bị trễ hạn" holds its cue)


def best_entry(ctx: Context) -> dict[str, Any] | None:
    """The vocabulary entry that fits the number best, or None.

    >>> ctx = Context("nhiệm vụ", False, False, "đã hoàn thành 44/54 nhiệm vụ", "", "")
    >>> best_entry(ctx)["key"]
    'plan_tasks_completed'
    >>> best_entry(Context("%", True, False, "xử lý hồ sơ đạt 99,99% đúng và trước hạn", "", ""))["key"]
    'dossiers_on_time_rate'
    >>> best_entry(Context("kỳ báo", False, False, "06 kỳ báo đồng nai", "", "")) is not None
    True
    """
    return _best_entry(ctx)


@lru_cache(maxsize=1 << 14)
def _best_entry(ctx: Context) -> dict[str, Any] | None:
    """`best_entry`, cached: a ratio's part and its whole ask twice for the same context.

    Only the entries whose kind and unit can fit are scored (`_fitting`); the
    others would score 0, so the first best in vocabulary order is unchanged."""
    best, best_score = None, 0.0
    hits = _CueHits(ctx)
    for entry, unit_fit in _fitting(ctx):
        score = _score(entry, ctx, unit_fit, hits)
        if score > best_score:
            best, best_score = entry, score
    return best


def total_entry(ctx: Context) -> dict[str, Any] | None:
    """The entry for the whole of a ratio ('54' in '44/54 nhiệm vụ'): the part's `total_key`."""
    part = best_entry(ctx)
    key = part.get("total_key") if part else None
    return next((e for e in _entries() if e["key"] == key), None)


def _score(entry: dict[str, Any], ctx: Context, unit_fit: float, cue_hits: _CueHits) -> float:
    """Cue level first (local > near > far), then nearer cues, more of the words covered
    by cues at that level (a cue inside another counts once), a better unit, the topic,
    the `need` words in the sentence rather than in the heading."""
    if unit_fit <= 0 or any(_has_word(a, ctx.local) for a in entry["_avoid"]):
        return 0.0
    need = _need_level(entry["_need"], ctx)
    if need == 0:
        return 0.0
    hits = cue_hits.of(entry["_cues"])
    if entry["_cues"] and not hits:
        return 0.0
    level, closeness = max((h[0], h[1]) for h in hits) if hits else (0, 0.0)
    top = [h[2] for h in hits if h[0] == level]
    coverage = sum(len(c) for c in top if not any(c != o and c in o for o in top))
    topic = 1.0 if ctx.topic and ctx.topic == entry.get("topic") else 0.0
    return 10.0 * level + 2.0 * closeness + coverage / 50 + unit_fit + topic + 0.5 * (need > 1) + 0.1


def _need_level(need: tuple[str, ...], ctx: Context) -> int:
    """Where the first of an entry's `need` words is: 3 local, 2 near, 1 far, 0 nowhere;
    an entry without `need` always passes (3)."""
    if not need:
        return 3
    for name, level in _LEVELS:
        if any(_has_word(n, getattr(ctx, name)) for n in need):
            return level
    return 0


def _unit_fit(entry: dict[str, Any], ctx: Context) -> float:
    """How well the number's unit fits the entry's units; 0 when it does not."""
    units = entry["_units"]
    if ctx.percent:
        return 1.0 if "%" in units else 0.0
    if units == ("%",):
        return 0.0
    if not units:
        return 0.2
    if ctx.unit is None:  # a bare number (table cell): the unit must be named around it
        return 0.5 if any(_has_word(u, ctx.local) for u in units if u != "%") else 0.0
    return _named_unit_fit(units, _unit_key(ctx.unit))


def _named_unit_fit(units: tuple[str, ...], unit: str) -> float:
    """The fit of a counted noun to an entry's units (not "%" alone); unitless entries fit a little."""
    if not units:
        return 0.2
    return max((_one_unit_fit(u, unit) for u in units if u != "%"), default=0.0)


def _one_unit_fit(u: str, unit: str) -> float:
    """'biên chế viên chức' fits itself best, then 'biên chế' (a head of it)."""
    if u == unit:
        return 2.0 + len(u) / 100
    if unit.startswith(u) and not unit[len(u)].isalnum():
        return 1.0 + len(u) / 100
    return 0.0


class _CueHits:
    """The cues found around one number, each looked for once though entries share cues."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._min_length = _fuzzy_limits()[0]
        # no cue holds "\0": a cue in none of the three texts is not in the joined text
        self._joined = "\0".join((ctx.local, ctx.near, ctx.far))
        self._memo: dict[str, tuple[int, float]] = {}

    def of(self, cues: tuple[str, ...]) -> list[tuple[int, float, str]]:
        """(level, closeness, cue) of the cues found (`_cue_hit`)."""
        out = []
        for cue in cues:
            hit = self._memo.get(cue)
            if hit is None:
                hit = self._memo[cue] = _ABSENT if self._absent(cue) else _cue_hit(cue, self._ctx)
            if hit[0] > 0:
                out.append((*hit, cue))
        return out

    def _absent(self, cue: str) -> bool:
        """Surely absent: a short cue is never misspelt, so absent as written is absent (most
        cues). A long one is asked (looking for its pieces in the joined texts first, as
        `may_be_misspelt` does per text, was slower: they are most often there)."""
        return len(cue) < self._min_length and cue not in self._joined


_ABSENT = (0, 0.0)


def _cue_hit(cue: str, ctx: Context) -> tuple[int, float]:
    """(level, closeness) of a cue: 3 in the local phrase, 2 in the sentence, 1 beyond; 0 absent.

    Closeness (0..1) favours a local cue next to the number over one far from
    it ("Chuẩn hóa từ 116 TTHC thành 127 TTHC theo ... thuộc thẩm quyền ...").
    """
    for name, level in _LEVELS:
        text = getattr(ctx, name)
        if not text:
            continue
        at = _find(cue, text)
        if at is not None:
            if name != "local" or ctx.local_pos is None:
                return level, len(cue) / 100
            end = ctx.local_end if ctx.local_end is not None else ctx.local_pos
            distance = max(0, ctx.local_pos - (at + len(cue)), at - end)
            return level, 1.0 / (1.0 + distance / 20) + len(cue) / 1000  # the longer of two adjacent cues
    return 0, 0.0


@lru_cache(maxsize=1 << 16)
def _find(cue: str, text: str) -> int | None:
    """Where a cue is in a text: as a word, or (long cues) misspelt; None when absent.

    Cached: the numbers of one sentence share its text and its heading's."""
    at = _word_at(cue, text)
    if at is not None:
        return at
    min_length, min_score = _fuzzy_limits()
    if len(cue) < min_length or not may_be_misspelt(cue, text, min_score):
        return None
    found = fuzz.partial_ratio_alignment(cue, text, score_cutoff=min_score)
    return found.dest_start if found else None


def may_be_misspelt(cue: str, text: str, min_score: float) -> bool:
    """False when no part of `text` is near enough to `cue` to score `min_score`: then
    rapidfuzz's `partial_ratio` would find nothing, and it is not asked (most texts;
    also read by `tables` for its kind cues).

    The score of a part of the text is 200 * common / (its length + the cue's) (Indel
    similarity), so a part scoring 90 is at most 2.22 times the cue's length and at most
    a few insertions and deletions from the cue (`_pieces` counts them). Each breaks at
    most one of `_pieces`, which are one more: one piece at least stands in the text as written.
    A text shorter than the cue is matched the other way round, and is always asked.

    >>> may_be_misspelt("thủ tục hành chính", "thủ tụ hành chính", 90)
    True
    >>> may_be_misspelt("thủ tục hành chính", "xử lý hồ sơ đúng hạn trên cổng", 90)
    False
    """
    return len(text) < len(cue) or any(p in text for p in _pieces(cue, min_score))


@lru_cache(maxsize=1024)
def _pieces(cue: str, min_score: float) -> tuple[str, ...]:
    """The cue cut in one more nearly equal pieces than the slips a `min_score` allows.

    Slips: insertions and deletions d <= (100 - s)/100 * (m + w) with w <= (200/s - 1) * m
    (the part's length w, the cue's m, the score s, taken 0.1 lower: rapidfuzz allows
    for rounding). 90 allows 2 slips in 12 characters: 3 pieces.

    >>> _pieces("thủ tục hành chính", 90)
    ('thủ', ' tục', ' hà', 'nh c', 'hính')
    """
    m, s = len(cue), min_score - 0.1
    count = min(m, int(2 * m * (100 - s) / s) + 1)
    bounds = [m * i // count for i in range(count + 1)]
    return tuple(cue[a:b] for a, b in zip(bounds, bounds[1:]))


@lru_cache(maxsize=1 << 16)
def _has_word(word: str, text: str) -> bool:
    return _word_at(word, text) is not None


def _word_at(word: str, text: str) -> int | None:
    """Where `word` first stands as a word in `text`: no letter or digit right before or after.

    Both are match keys (casefolded), so a plain search finds what a case-insensitive
    regex would, without compiling a regex per vocabulary word (~0.4 ms each).

    >>> _word_at("hồ sơ", "bộ hồ sơ, hồ sơ"), _word_at("sơ", "hồ sơ1 sơ"), _word_at("hạn", "hạnh")
    (3, 7, None)
    """
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and _is_word_char(text[at - 1])) and not (end < len(text) and _is_word_char(text[end])):
            return at
        at = text.find(word, at + 1)
    return None


def _is_word_char(ch: str) -> bool:
    """A letter or a decimal digit (what `[\\p{L}\\d]` matches)."""
    return ch.isalpha() or ch.isdecimal()


@lru_cache(maxsize=1)
def _fuzzy_limits() -> tuple[int, int]:
    meta = patterns.load(_FILE)
    return meta.get("fuzzy_min_length", 12), meta.get("min_score", 90)


@lru_cache(maxsize=1024)
def _unit_key(unit: str) -> str:
    return match_key(unit)


@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, Any], ...]:
    """The vocabulary with match keys precomputed (`_units`, `_cues`, `_avoid`, `_need`)."""
    out = []
    for entry in patterns.entries(_FILE, "indicator"):
        out.append({**entry,
                    "_units": tuple(u if u == "%" else match_key(u) for u in entry.get("units", [])),
                    "_cues": tuple(match_key(c) for c in entry.get("cues", [])),
                    "_avoid": tuple(match_key(a) for a in entry.get("avoid", [])),
                    "_need": tuple(match_key(n) for n in entry.get("need", []))})
    return tuple(out)


def _fitting(ctx: Context) -> Iterable[tuple[dict[str, Any], float]]:
    """(entry, unit fit) for the entries whose kind and unit can fit the number, in
    vocabulary order: a rank only ranks, a percent only rates (`_unit_fit`)."""
    index = _index()
    if ctx.rank:
        return ((e, 1.0) for e in index.rank)
    if ctx.percent:
        return ((e, 1.0) for e in index.percent)
    if ctx.unit is None:
        return ((e, _unit_fit(e, ctx)) for e in index.counted)
    return _unit_fitting(_unit_key(ctx.unit))


@lru_cache(maxsize=1024)
def _unit_fitting(unit: str) -> tuple[tuple[dict[str, Any], float], ...]:
    """(entry, fit) for the entries listing a counted noun or a head of it ('biên chế' of
    'biên chế viên chức'), and the unitless ones."""
    index = _index()
    heads = [unit] + [unit[:i] for i, ch in enumerate(unit) if i and not ch.isalnum()]
    found = set(index.unitless)
    for head in heads:
        found.update(index.by_unit.get(head, ()))
    return tuple((e, _named_unit_fit(e["_units"], unit)) for e in index.counted if id(e) in found)


@dataclass(frozen=True)
class _Index:
    """The entries grouped by what numbers they can fit (each tuple in vocabulary order)."""

    rank: tuple[dict[str, Any], ...]
    percent: tuple[dict[str, Any], ...]  # not rank, "%" among the units
    counted: tuple[dict[str, Any], ...]  # not rank, some unit other than "%" or none
    unitless: frozenset[int]  # ids of the counted entries without units
    by_unit: dict[str, frozenset[int]]  # unit -> ids of the counted entries listing it


@lru_cache(maxsize=1)
def _index() -> _Index:
    plain = [e for e in _entries() if e.get("kind") != "rank"]
    counted = tuple(e for e in plain if e["_units"] != ("%",))
    by_unit: dict[str, set[int]] = {}
    for e in counted:
        for u in e["_units"]:
            by_unit.setdefault(u, set()).add(id(e))
    return _Index(rank=tuple(e for e in _entries() if e.get("kind") == "rank"),
                  percent=tuple(e for e in plain if "%" in e["_units"]),
                  counted=counted, unitless=frozenset(id(e) for e in counted if not e["_units"]),
                  by_unit={u: frozenset(ids) for u, ids in by_unit.items()})
