"""Issuing bodies: the codes they use in ký hiệu and when two written names are one body.

The data is `patterns/bodies.toml`. Names are compared on a key (abbreviations such as
"UBND" expanded, match view, casefolded, punctuation dropped); rapidfuzz absorbs the
small spelling differences real reports show ("Sở Văn hóa Thể thao và Du lịch" /
"Sở Văn hóa, Thể thao và Du lịch").
"""

from __future__ import annotations

from functools import lru_cache

import regex
from rapidfuzz import fuzz, process

from . import patterns
from .normalize import match_key

_PUNCT = regex.compile(r"[^\p{L}\p{M}\d& ]+")
# rapidfuzz ratio from which two keys name the same body: above the 93 of
# "Phó Chủ tịch UBND tỉnh" against "Chủ tịch UBND tỉnh", two different offices
FUZZY = 95


@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[regex.Pattern, str]]:
    rows = patterns.entries("bodies", "abbreviation")
    return [(regex.compile(r"(?<![\p{L}\p{M}])" + regex.escape(r["short"]) + r"(?![\p{L}\p{M}])"), r["full"])
            for r in sorted(rows, key=lambda r: -len(r["short"]))]


def _expanded(name: str) -> str:
    """The name with its abbreviations written out, case kept ("UBND tỉnh" -> "Ủy ban nhân dân tỉnh")."""
    for short, full in _abbreviations():
        name = short.sub(full, name)
    return " ".join(name.split())


@lru_cache(maxsize=4096)
def key(name: str) -> str:
    """The comparison key of a body name.

    >>> key("UBND tỉnh Đồng Nai") == key("Ủy ban nhân dân tỉnh Đồng Nai")
    True
    >>> key("Sở Văn hóa, Thể thao và Du lịch")
    'sở văn hóa thể thao và du lịch'
    """
    return " ".join(_PUNCT.sub(" ", match_key(_expanded(name))).split())


@lru_cache(maxsize=1)
def _names() -> dict[str, dict]:
    """Key of every gazetteer name and alias -> its [[body]] entry."""
    out: dict[str, dict] = {}
    for body in patterns.entries("bodies", "body"):
        for name in [body["name"], *body.get("aliases", [])]:
            out[key(name)] = body
    return out


def lookup(name: str) -> dict | None:
    """The gazetteer entry of a body as written, with its level and place dropped
    ("Sở Công Thương tỉnh Đồng Nai" -> Sở Công Thương), or None.

    >>> lookup("Sở Công thương Đồng Nai")["codes"], lookup("UBND huyện Long Thành")["name"]
    (['SCT'], 'Ủy ban nhân dân')
    >>> lookup("Hội Nông dân") is None
    True
    """
    k = key(name)
    names = _names()
    for cut in _prefixes(k):
        if cut in names:
            return names[cut]
    best = process.extractOne(k, list(names), scorer=fuzz.ratio, score_cutoff=FUZZY)
    return names[best[0]] if best else None


def _prefixes(k: str) -> list[str]:
    """The key and its word prefixes, longest first."""
    words = k.split()
    return [" ".join(words[:n]) for n in range(len(words), 0, -1)]


def agency_codes(agency: str | None) -> tuple[list[str], bool]:
    """(codes, shared) of the reporting body: shared codes ("UBND") do not identify it.

    >>> agency_codes("Sở Công Thương"), agency_codes(None)
    ((['SCT'], False), ([], False))
    """
    entry = lookup(agency) if agency else None
    if entry is None:
        return [], False
    return list(entry["codes"]), bool(entry.get("shared"))


def same_body(a: str, b: str) -> bool:
    """Whether two written issuers name the same body.

    Abbreviated and full forms, case and a trailing place name do not matter; an
    office does ("Chủ tịch UBND tỉnh" is not "UBND tỉnh").

    >>> same_body("UBND tỉnh Đồng Nai", "Ủy ban nhân dân tỉnh"), same_body("Quyền chủ tịch", "Quyền Chủ tịch")
    (True, True)
    >>> same_body("Chủ tịch UBND tỉnh", "UBND tỉnh"), same_body("Sở Nội vụ", "Sở Tài chính")
    (False, False)
    >>> same_body("Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh"), same_body("UBND tỉnh", "UBND huyện")
    (False, False)
    """
    ka, kb = key(a), key(b)
    if ka == kb or fuzz.ratio(ka, kb) >= FUZZY:
        return True
    short, long_ = sorted((a, b), key=lambda s: len(key(s)))
    return key(long_).startswith(key(short) + " ") and _is_place_tail(long_, len(key(short).split()))


def _is_place_tail(name: str, skip: int) -> bool:
    """Whether the words of `name` after the first `skip` are a capitalised place name."""
    tail = _PUNCT.sub(" ", _expanded(name)).split()[skip:]
    return bool(tail) and all(w[:1].isupper() or w == "-" for w in tail)


def is_agency(name: str, agency: str | None) -> bool:
    """Whether a body named in the text ("Sở Công Thương", or just "Sở") is the agency.

    >>> is_agency("Sở", "Sở Công Thương"), is_agency("Sở Công Thương", "Sở Công Thương tỉnh Đồng Nai")
    (True, True)
    >>> is_agency("UBND tỉnh", "Sở Công Thương"), is_agency("UBND tỉnh Đồng Nai", "UBND huyện Long Thành")
    (False, False)
    >>> is_agency("UBND huyện", "Ủy ban nhân dân huyện Long Thành")
    True
    """
    if not agency:
        return False
    if " " not in name.strip():
        return key(agency).startswith(key(name) + " ")
    if same_body(name, agency):
        return True
    entry = lookup(name)  # one gazetteer body, unless bodies of every level share it ("UBND")
    return entry is not None and not entry.get("shared") and entry is lookup(agency)
