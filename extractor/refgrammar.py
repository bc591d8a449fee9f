"""The citation grammar: finds the numbered mentions in a match-view text and splits
their ids into parts. The grammar itself is data (`patterns/references.toml`,
`doc_types.toml`); this module reads its named groups and knows the document types.

Offsets are match-view offsets; callers map them back to block text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import regex

from . import patterns
from .normalize import canonical_tones, has_digit

FILE = "references"
_REVERSE = regex.VERSION1 | regex.IGNORECASE | regex.REVERSE


@dataclass(frozen=True)
class Found:
    """One numbered mention as matched: view offsets and the parts of its id."""

    start: int  # the type word, "số", or the id when nothing precedes it
    id_start: int
    id_end: int
    id: str  # as written, spaces removed
    number: str
    year: str | None
    symbol: str
    doc_type: str | None  # normalized type word, None when none is written
    gap: tuple[int, int] | None  # trích yếu words between the type word and "số"


def pattern(name: str) -> regex.Pattern:
    """A compiled block of references.toml."""
    return patterns.block(FILE, name)


def pattern_from_end(name: str) -> regex.Pattern:
    """A block anchored at the end (\\Z), compiled to search backwards: a look at the
    words before a mention costs their length once, not once per start position."""
    return patterns.block(FILE, name, _REVERSE)


@lru_cache(maxsize=1)
def _types() -> tuple[dict[str, str], dict[str, str], dict[str, dict]]:
    """(type word key -> name, abbreviation -> name, name -> entry)."""
    entries = patterns.entries("doc_types", "type")
    by_word = {canonical_tones(t["name"]).casefold(): t["name"] for t in entries}
    by_abbr = {a: t["name"] for t in entries for a in t.get("abbr", [])}
    return by_word, by_abbr, {t["name"]: t for t in entries}


@lru_cache(maxsize=1024)  # a report writes the same few type words over and over
def doc_type_name(written: str | None) -> str | None:
    """The standard name of a type word as written ("kế hoạch" -> "Kế hoạch", "QĐ" -> "Quyết định").

    >>> doc_type_name("văn bản"), doc_type_name("QĐ"), doc_type_name("CV"), doc_type_name(None)
    ('Văn bản', 'Quyết định', 'Công văn', None)
    """
    if not written:
        return None
    by_word, by_abbr, _ = _types()
    return by_abbr.get(written) or by_word.get(canonical_tones(" ".join(written.split())).casefold())


@lru_cache(maxsize=1)
def _type_codes() -> frozenset[str]:
    codes = {c.casefold() for t in patterns.entries("doc_types", "type") for c in t["codes"]}
    codes |= {c.casefold() for e in patterns.entries("doc_types", "code") for c in e["codes"]}
    return frozenset(codes)


@lru_cache(maxsize=4096)
def symbol_type_code(symbol: str) -> str | None:
    """The type code of a ký hiệu, or None when it has none (a state công văn, a law).

    >>> symbol_type_code("KH-UBND"), symbol_type_code("CV/TU"), symbol_type_code("UBND-KTNS"), symbol_type_code("QH13")
    ('KH', 'CV', None, None)
    """
    first = symbol[:min((i for i in (symbol.find("-"), symbol.find("/")) if i >= 0), default=len(symbol))]
    return first if first.casefold() in _type_codes() else None


def symbol_issuer_codes(symbol: str) -> list[str]:
    """The codes of the bodies that issued a document, read from its ký hiệu.

    A type code comes first when there is one, then the issuers (joint documents chain
    several); a công văn starts with its issuer, then the drafting unit. Party ids put
    the issuer after the slash.

    >>> symbol_issuer_codes("KH-SCT"), symbol_issuer_codes("SCT-VP"), symbol_issuer_codes("TTLT-BNV-VPCP")
    (['SCT'], ['SCT'], ['BNV', 'VPCP'])
    >>> symbol_issuer_codes("CV/TU"), symbol_issuer_codes("QĐ/TWĐTN-VP")
    (['TU'], ['TWĐTN'])
    """
    if "/" in symbol:
        return symbol.split("/", 1)[1].split("-")[:1]
    codes = symbol.split("-")
    if symbol_type_code(symbol):
        return codes[1:]
    return codes[:1]


def is_generic(doc_type: str | None) -> bool:
    """Whether a type word names no particular type ("Văn bản"): it fits any document."""
    entry = _types()[2].get(doc_type or "")
    return bool(entry and entry.get("any_code") and not entry.get("codes"))


def type_fits_symbol(doc_type: str | None, symbol: str | None) -> bool:
    """False only when the type word contradicts the symbol's type code.

    "Văn bản"/"Công văn" fit any symbol; a symbol without a type code fits any type.

    >>> type_fits_symbol("Kế hoạch", "TB-SCT"), type_fits_symbol("Văn bản", "TB-SCT"), type_fits_symbol("Tờ trình", "TTR-SNV")
    (False, True, True)
    """
    if not doc_type or not symbol:
        return True
    entry = _types()[2].get(doc_type)
    code = symbol_type_code(symbol)
    if entry is None or entry.get("any_code") or code is None:
        return True
    return code.casefold() in {c.casefold() for c in entry["codes"]}


def ends_with(name: str, text: str) -> regex.Match | None:
    """A match of the block `name` (a pattern anchored with \\Z) at the end of `text`: matched
    backwards from there (`match` of a REVERSE pattern), not tried at every other end.

    >>> ends_with("basis_near", "Xem căn cứ ").span(), ends_with("basis_near", "Xem căn cứ")
    ((4, 11), None)
    """
    return patterns.match(pattern_from_end(name), text)


def may_match(name: str, text: str) -> bool:
    """Whether the block `name` can match a text (`patterns.may_match` of references.toml),
    e.g. not a table cell "1.949", nor a short reference without a space.

    >>> may_match("malformed", "Văn bản số 1281/-UBND"), may_match("malformed", "282/KH-UBND")
    (True, False)
    >>> may_match("law_ref", "LUẬT Đất đai"), may_match("law_ref", "Quyết định")
    (True, False)
    """
    return patterns.may_match(FILE, name, text)


def may_cite(view: str) -> bool:
    """Whether a match-view text may hold a numbered mention or a law cited by name
    (`may_match`: plain string tests, no pattern runs).

    >>> may_cite("1.949"), may_cite("Luật Đất đai"), may_cite("số 12/QĐ-UBND")
    (False, True, True)
    """
    return may_match("cited", view)


def spans_joined(name: str, texts: list[str]) -> list[tuple[int, int, int]]:
    """(text index, start, end) of every match of the block `name` in `texts`, read in one
    scan of the texts joined by line breaks (one call, not one per text). Only for a block
    whose matches hold no line break and whose look-behind takes one for the start of a
    text (`slash_code`, `short_number`, `law_ref`).

    >>> spans_joined("slash_code", ["12/QĐ", "a/b", "1/ KH và 2/-"])
    [(0, 2, 4), (2, 1, 4), (2, 10, 12)]
    """
    starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
    out = []
    for m in patterns.finditer(pattern(name), "\n".join(texts)):
        i = bisect_right(starts, m.start()) - 1
        out.append((i, m.start() - starts[i], m.end() - starts[i]))
    return out


def spans_all(name: str, texts: list[str]) -> list[tuple[int, int, int]] | None:
    """`spans_joined`, or None when that one scan timed out (the document's budget spent
    still stops the stage): the caller then reads each text on its own, so that a timeout
    is reported on the block it happened in, as if there had been no joined scan."""
    try:
        return spans_joined(name, texts)
    except patterns.PatternBudgetSpent:
        raise
    except patterns.PatternTimeout:
        return None


def finditer_near(name: str, view: str, slashes: list[int] | None = None) -> list[regex.Match]:
    """`patterns.finditer` of a mention block (`mention`, `malformed`), the scan started
    only where a mention may begin: the same matches, in order. `slashes`: where
    `slash_code` matches in `view`, when already known (`spans_joined`).

    A mention holds a slash before a code (`slash_code`) and only `mention_char`
    characters, a comma only in a law name; so none starts before the stretch of those
    characters (without the comma when no law prefix may be there) that leads to the next
    such slash (see references.toml), and a text without one is not scanned at all.

    >>> [m.group() for m in finditer_near("mention", "Xem 15/26 việc; tại Kế hoạch số 1/KH-SNV, 2/QĐ-UBND.")]
    ['Kế hoạch số 1/KH-SNV', '2/QĐ-UBND']
    """
    if slashes is None:
        slashes = [m.start() for m in patterns.finditer(pattern("slash_code"), view)]
    found, pos = [], 0
    for slash in slashes:
        if slash < pos:
            continue  # inside the mention just found
        before = view[pos:slash]
        stretch = "mention_stretch" if may_match("law_prefix", before) else "unnamed_stretch"
        m = patterns.search(pattern(name), view, pos + ends_with(stretch, before).start())
        if m is None:
            break
        found.append(m)
        pos = m.end()
    return found


def find_numbered(view: str, slashes: list[int] | None = None) -> list[Found]:
    """Every numbered mention in a match-view text, in order (none without a digit);
    `slashes` as for `finditer_near`."""
    if not (may_match("mention", view) and has_digit(view)):
        return []
    return [_found(m) for m in finditer_near("mention", view, slashes)]


def find_mentions(view: str, slashes: list[int] | None = None) -> list[Found]:
    """Every numbered mention, the malformed ones included ("1281/-UBND", "12/QĐ--UBND":
    kept as written, reported by the checks), in order; `slashes` as for `finditer_near`."""
    good = find_numbered(view, slashes)
    if not may_match("malformed", view) or not has_digit(view):
        return good
    bad = [_found(m) for m in finditer_near("malformed", view, slashes)]
    good = [f for f in good if not any(b.start <= f.id_start < b.id_end for b in bad)]
    return sorted(good + bad, key=lambda f: f.start)


def is_header_number(view: str, found: Found) -> bool:
    """Whether the mention is a header line "Số: 215/BC-UBND" alone: the document's own number.

    >>> v = "Số: 215/BC-UBND"; is_header_number(v, find_numbered(v)[0])
    True
    """
    return found.start <= 1 and len(view) < 80 and bool(patterns.search(pattern("header_number"), view))


def find_laws(view: str) -> list[tuple[int, int, tuple[int, int]]]:
    """Laws cited by name ("Luật Phòng, chống tham nhũng"): (start, end, span of the name)."""
    if not may_match("law_ref", view):
        return []
    return [(m.start(), m.end(), m.span("name")) for m in patterns.finditer(pattern("law_ref"), view)]


def _found(m: regex.Match) -> Found:
    groups = m.groupdict()
    written = groups.get("type") or groups.get("abbr")
    ptype = groups.get("ptype")
    symbol = f"{ptype}/{groups['pbody']}" if ptype else groups["symbol"]
    gap = m.span("gap") if groups.get("gap") else None
    id_span = m.span("id") if groups.get("id") else m.span()
    return Found(
        start=m.start(), id_start=id_span[0], id_end=id_span[1],
        id=_squeeze(m.string[id_span[0]:id_span[1]]), number=m.group("number"), year=m.group("year"),
        symbol=_squeeze(symbol), doc_type=doc_type_name(written),
        gap=(gap[0] + 1, gap[1]) if gap else None,
    )


def _squeeze(text: str) -> str:
    """The canonical form of an id or symbol: as written, white space removed.

    >>> _squeeze("367 - QĐ/TWĐTN-VP")
    '367-QĐ/TWĐTN-VP'
    """
    return "".join(text.split())
