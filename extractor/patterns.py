"""The only reader of `patterns/`: load, validate, expand `${blocks}`, compile, cache.

Domain knowledge lives in TOML files under `patterns/` so that an expert can
extend it without reading Python. Every file has:

- `[meta]` with a `description`;
- optional `[blocks]`: named regex building blocks (`name = 'regex'`), which may
  use other blocks as `${name}`;
- optional `[lists]`: named word lists (`name = ["Kế hoạch", "KH"]`); `${name}`
  expands to an escaped alternation, longest word first, in the canonical
  tone placement of the match view;
- any number of entry tables (`[[entry]]`, `[[topic]]`, ...). An entry with a
  `pattern` must list `examples` it matches, and may list `counter_examples`
  it must not match (checked by `tests/test_patterns_data.py`);
- optional `[needs]`: for a block searched in every block of a report, the
  literals (any case) a text cannot match without (`province_mention = ["tỉnh ",
  "thành phố ", "tp"]`): `may_match` skips a text holding none of them without
  running the pattern (most table cells). Each list must follow from the block.
  An entry may list its own `needs` the same way (a guard searched in every
  number's text); `entry_needs` reads them, `holds_any` checks a text.

Blocks and lists of `common.toml` are visible from every file, and those of the
files named in `[meta] uses = [...]` from the file that names them. Patterns are
matched against the match view (see `normalize.match_view`), so they are
written for single spaces, straight quotes, "-" dashes and classic tones.
"""

from __future__ import annotations

import atexit
import hashlib
import time
import tomllib
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import regex

from .normalize import canonical_tones
from .regex_cache import PatternCache, cache_dir, cache_file

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "patterns"
_REF = regex.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}")
# Every regex runs with a timeout: a pathological input becomes a finding, not a hang.
DEFAULT_TIMEOUT = 2.0
_FLAGS = regex.VERSION1 | regex.IGNORECASE
# VERSION1 + IGNORECASE turns on full case folding ("ß" = "ss", "ﬁ" = "fi"), which
# no Vietnamese letter needs (each folds to one letter) and which slows the engine
# several times (an alternation of an e-mail and a URL: 20x): simple folding it is.
_SIMPLE_CASE = "(?-f)"


class PatternError(ValueError):
    """A pattern file is malformed; the message names the file and the entry."""


class PatternTimeout(RuntimeError):
    """A regex ran past its timeout on some text (kept as `text`, to find its block)."""

    def __init__(self, message: str, text: str | None = None):
        super().__init__(message)
        self.text = text


def _fail(file: str, where: str, why: str) -> PatternError:
    return PatternError(f"patterns/{file}.toml: {where}: {why}")


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The validated content of `patterns/<name>.toml`."""
    path = PATTERNS_DIR / f"{name}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise _fail(name, "file", "not found") from exc
    key = ("toml", name, hashlib.sha256(text.encode("utf-8")).hexdigest())
    cached = _disk_cache().get(key)  # parsed and validated by an earlier run
    if cached is not None:
        return cached
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(name, "file", f"invalid TOML: {exc}") from exc
    _validate(name, data)
    _disk_cache().put(key, data)
    return data


def _validate(name: str, data: dict[str, Any]) -> None:
    meta = data.get("meta")
    if not isinstance(meta, dict) or not isinstance(meta.get("description"), str):
        raise _fail(name, "[meta]", "needs a description")
    for key, value in data.get("blocks", {}).items():
        if not isinstance(value, str):
            raise _fail(name, f"blocks.{key}", "must be a string")
    for key, value in data.get("lists", {}).items():
        if not _strings(value):
            raise _fail(name, f"lists.{key}", "must be a non-empty list of strings")
    for key, value in data.get("needs", {}).items():
        if key not in data.get("blocks", {}):
            raise _fail(name, f"needs.{key}", "names no block of this file")
        if not _strings(value):
            raise _fail(name, f"needs.{key}", "must be a non-empty list of strings")
    for table, entry, where in iter_entries_raw(name, data):
        if "needs" in entry and not _strings(entry["needs"]):
            raise _fail(name, where, "needs must be a non-empty list of strings")
        if "pattern" in entry:
            if not isinstance(entry["pattern"], str):
                raise _fail(name, where, "pattern must be a string")
            examples = entry.get("examples")
            if not examples or not all(isinstance(e, str) for e in examples):
                raise _fail(name, where, "an entry with a pattern needs examples")


def _strings(value: Any) -> bool:
    """A non-empty list of non-empty strings (a bare string is not one)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def iter_entries_raw(name: str, data: dict[str, Any]) -> Iterator[tuple[str, dict, str]]:
    """(table name, entry, 'table[i] (id)') for every array-of-tables entry."""
    for table, value in data.items():
        if table in ("meta", "blocks", "lists", "needs") or not isinstance(value, list):
            continue
        for i, entry in enumerate(value):
            if isinstance(entry, dict):
                label = entry.get("key") or entry.get("name") or entry.get("id") or ""
                yield table, entry, f"{table}[{i}]" + (f" ({label})" if label else "")


def entries(name: str, table: str) -> list[dict[str, Any]]:
    """The entries of one array of tables, e.g. `entries("doc_types", "type")`."""
    return list(load(name).get(table, []))


def words(items: list[str]) -> str:
    """An escaped alternation of words, longest first, in canonical tone placement.

    >>> words(["KH", "Kế hoạch", "Kế hoạch số"])
    '(?:Kế\\\\ hoạch\\\\ số|Kế\\\\ hoạch|KH)'
    """
    return _words(tuple(items))


@lru_cache(maxsize=None)
def _words(items: tuple[str, ...]) -> str:
    # cached: the same lists (issuers, document types) recur in many patterns
    uniq = sorted({canonical_tones(w) for w in items}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w) for w in uniq) + ")"


def expand(expr: str, file: str) -> str:
    """Replace every `${name}` in `expr` by its block or list, recursively."""
    return _expand(expr, file, ())


def _expand(expr: str, file: str, stack: tuple[str, ...]) -> str:
    def one(m: regex.Match) -> str:
        key = m.group("name")
        if key in stack:
            raise _fail(file, f"blocks.{key}", "refers to itself: " + " -> ".join(stack + (key,)))
        return "(?:" + _expand(_lookup(file, key), file, stack + (key,)) + ")"

    return _REF.sub(one, expr)


def _lookup(file: str, key: str) -> str:
    # `[meta] uses = ["doc_types"]` makes another file's blocks and lists visible too
    for source in (file, *load(file)["meta"].get("uses", []), "common"):
        data = load(source)
        if key in data.get("blocks", {}):
            return data["blocks"][key]
        if key in data.get("lists", {}):
            return words(data["lists"][key])
    raise _fail(file, f"${{{key}}}", "no such block or list here or in common.toml")


@lru_cache(maxsize=None)
def compile(expr: str, file: str = "common", flags: int = _FLAGS) -> regex.Pattern:  # noqa: A001
    """Expand and compile a pattern (case-insensitive, regex VERSION1 by default).

    A pattern compiled by an earlier run comes from the on-disk cache (`regex_cache`).
    """
    source = (_SIMPLE_CASE if flags & regex.IGNORECASE else "") + expand(expr, file)
    key = ("regex", source, int(flags))
    cached = _disk_cache().get(key)
    if cached is not None:
        return cached
    try:
        compiled = regex.compile(source, flags)
    except regex.error as exc:
        raise _fail(file, expr[:60], f"does not compile: {exc}") from exc
    _disk_cache().put(key, compiled)
    return compiled


@lru_cache(maxsize=1)
def _disk_cache() -> PatternCache:
    directory = cache_dir()
    cache = PatternCache(cache_file(directory) if directory is not None else None)
    atexit.register(cache.save)
    return cache


def save_compiled() -> None:
    """Write the patterns compiled since the cache was read (nothing when none were).

    Exit saves them too; saving after each report also serves the processes that start
    meanwhile, and workers that end without exit handlers (killed, or forked pools)."""
    _disk_cache().save()


def block(file: str, name: str, flags: int = _FLAGS) -> regex.Pattern:
    """The compiled named block `name` of `file`."""
    return compile("${" + name + "}", file, flags)


@lru_cache(maxsize=None)
def needs(file: str, name: str) -> tuple[str, ...] | None:
    """The `[needs]` literals of a block, casefolded in the view's tone placement (None: none given)."""
    return _folded(load(file).get("needs", {}).get(name))


def entry_needs(entry: dict[str, Any]) -> tuple[str, ...] | None:
    """The `needs` literals of one entry, like a block's (`needs`); None: none given.

    >>> entry_needs({"pattern": "x", "needs": ["Tháng ", "@"]}), entry_needs({"pattern": "x"})
    (('tháng ', '@'), None)
    """
    return _folded(entry.get("needs"))


def _folded(listed: list[str] | None) -> tuple[str, ...] | None:
    return None if listed is None else tuple(canonical_tones(w).casefold() for w in listed)


def holds_any(literals: tuple[str, ...] | None, folded: str) -> bool:
    """Whether a casefolded text holds one of `literals` (None: no literals given, it may match).

    >>> holds_any(("/", "@"), "44/54"), holds_any(("/", "@"), "9.436"), holds_any(None, "")
    (True, False, True)
    """
    return literals is None or any(w in folded for w in literals)


def may_match(file: str, name: str, text: str) -> bool:
    """Whether block `name` can match a view text: False only when the text holds none of
    the block's `[needs]` literals, case aside ("/" or " " is found as well in the text as
    written, which then is not casefolded); a block without any may match anything.

    >>> may_match("places", "province_mention", "1.949"), may_match("places", "province_mention", "TỈNH Đồng Nai")
    (False, True)
    """
    literals = needs(file, name)
    if literals is not None and _has_letter(literals):
        text = text.casefold()
    return holds_any(literals, text)


@lru_cache(maxsize=None)
def _has_letter(literals: tuple[str, ...]) -> bool:
    return any(w.upper() != w for w in literals)


def finditer(pattern: regex.Pattern, text: str, pos: int = 0,
             timeout: float = DEFAULT_TIMEOUT) -> list[regex.Match]:
    """All matches of `pattern` in `text`, bounded in time.

    Raises PatternTimeout (never hangs) when the regex engine runs past `timeout`.
    """
    try:
        return list(pattern.finditer(text, pos, timeout=_within_budget(timeout, text)))
    except TimeoutError as exc:
        raise _timed_out(timeout, text) from exc


def search(pattern: regex.Pattern, text: str, pos: int = 0,
           timeout: float = DEFAULT_TIMEOUT) -> regex.Match | None:
    """`pattern.search` bounded in time (see `finditer`)."""
    return _bounded(pattern.search, text, pos, timeout)


def match(pattern: regex.Pattern, text: str, pos: int = 0,
          timeout: float = DEFAULT_TIMEOUT) -> regex.Match | None:
    """`pattern.match` at `pos` bounded in time: a pattern anchored there costs no scan."""
    return _bounded(pattern.match, text, pos, timeout)


def _bounded(method, text: str, pos: int, timeout: float) -> regex.Match | None:
    try:
        return method(text, pos, timeout=_within_budget(timeout, text))
    except TimeoutError as exc:
        raise _timed_out(timeout, text) from exc


# --- a time budget for all the patterns of one document ---------------------------
# Each call has its own timeout, but a stage that searches a long block once per
# number on it is quadratic: thousands of calls, none timing out. `budget()`
# bounds their sum for one document; once it is spent every call raises
# PatternBudgetSpent, which stages let through (`findings.run_stage` reports it).
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("cchc_pattern_deadline", default=None)


class PatternBudgetSpent(PatternTimeout):
    """The patterns of one document ran past the document's time budget."""


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Bound the total time of the pattern calls in the body (None: no bound)."""
    token = _DEADLINE.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _within_budget(timeout: float, text: str) -> float:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline[0] - time.monotonic()
    if left <= 0:
        raise _spent(deadline[1], text)
    return min(timeout, left)


def _timed_out(timeout: float, text: str) -> PatternTimeout:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() >= deadline[0]:
        return _spent(deadline[1], text)
    return PatternTimeout(f"pattern timed out after {timeout}s on a text of {len(text)} characters", text)


def _spent(seconds: float, text: str) -> PatternBudgetSpent:
    return PatternBudgetSpent(f"the document's pattern time budget of {seconds:g}s is spent", text)


def all_files() -> list[str]:
    """Names of every pattern file."""
    return sorted(p.stem for p in PATTERNS_DIR.glob("*.toml"))
