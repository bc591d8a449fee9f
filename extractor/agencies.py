"""Identity of a body's name across reports ("UBND tỉnh Đồng Nai" = "Ủy ban nhân dân tỉnh").

Two reports name the same body in different ways: abbreviations ("UBND",
"HĐND", "TP."), case, punctuation ("Sở Văn hóa, Thể thao và Du lịch" /
"Sở Văn hóa - Thể thao và Du lịch"), the province spelled out or not. `body_key`
reduces a name to one comparable form; the abbreviations and aliases come from
`patterns/bodies.toml` (`[[abbreviation]]`, `[[body]]` aliases).

A title is part of the identity: "Chủ tịch UBND tỉnh" is not "UBND tỉnh" (the
gold annotation of the real report counts them as different issuers).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from . import patterns
from .normalize import match_key

_PUNCT = regex.compile(r"[\p{P}\p{S}]+")
_LEVELS = ("tỉnh", "thành phố")  # levels a province name follows ("UBND tỉnh Đồng Nai")


@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[regex.Pattern, str]]:
    pairs = [(e["short"], e["full"]) for e in patterns.entries("bodies", "abbreviation")]
    pairs.sort(key=lambda p: -len(p[0]))  # "TP." before "TP"
    return [(regex.compile(rf"(?<!\w){regex.escape(match_key(s))}(?!\w)"), match_key(f)) for s, f in pairs]


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    table = {}
    for body in patterns.entries("bodies", "body"):
        for alias in body.get("aliases", []):
            table[_plain(alias)] = _plain(body["name"])
    return table


def _plain(name: str) -> str:
    """Casefolded, abbreviations expanded, punctuation removed."""
    text = match_key(name)
    for pattern, full in _abbreviations():
        text = pattern.sub(full, text)
    return " ".join(_PUNCT.sub(" ", text).split())


@lru_cache(maxsize=4096)
def body_key(name: str, province: str | None = None) -> str:
    """The comparable form of a body's name; the province's own name is dropped.

    >>> body_key("UBND tỉnh Đồng Nai", "Đồng Nai") == body_key("Ủy ban nhân dân tỉnh")
    True
    >>> body_key("Sở Văn hóa - Thể thao và Du lịch") == body_key("Sở Văn hóa, Thể thao và Du lịch")
    True
    >>> body_key("SỞ TƯ PHÁP") == body_key("Sở Tư pháp")
    True
    >>> body_key("Chủ tịch UBND tỉnh") == body_key("UBND tỉnh")
    False
    """
    text = _plain(name)
    text = _aliases().get(text, text)
    if province:
        prov = _plain(province)
        for level in _LEVELS:
            if text.endswith(f"{level} {prov}"):
                return text[: -len(prov) - 1]
    return text


@lru_cache(maxsize=1)
def _titles() -> regex.Pattern:
    titles = sorted({_plain(t) for t in patterns.load("bodies")["lists"]["title"]}, key=len, reverse=True)
    return regex.compile(rf"^(?:{'|'.join(regex.escape(t) for t in titles)}) ")


def unit_key(name: str, province: str | None = None) -> str:
    """The body behind a name, without a person's office ("Chủ tịch UBND tỉnh" -> the UBND tỉnh).

    >>> unit_key("Chủ tịch UBND tỉnh") == unit_key("Ủy ban nhân dân tỉnh Đồng Nai", "Đồng Nai")
    True
    >>> unit_key("UBND xã Phú Bình") == unit_key("UBND xã Hưng Bình")
    False
    """
    key = body_key(name, province)
    stripped = _titles().sub("", key)
    return stripped or key


@lru_cache(maxsize=1)
def _shared_codes() -> dict[str, str]:
    """Ký hiệu codes that bodies at every level use ("UBND", "HĐND"), casefolded -> the body's name."""
    return {code.casefold(): _plain(body["name"]) for body in patterns.entries("bodies", "body")
            if body.get("shared") for code in body.get("codes", [])}


def shared_signers(doc_id: str) -> set[str]:
    """The bodies named by a shared code in an id's ký hiệu (so the id is not unique in a province).

    >>> shared_signers("282/KH-UBND") == shared_signers("9177/UBND-KTNS") == {body_key("UBND")}
    True
    >>> shared_signers("355/KH-STP")
    set()
    """
    segments = regex.split(r"[/\-]", "".join(doc_id.split()).casefold())[1:]
    return {_shared_codes()[s] for s in segments if s in _shared_codes()}


def may_sign(agency: str | None, doc_id: str, province: str | None = None) -> bool:
    """Could `agency` itself have issued `doc_id`? (a UBND xã may sign ".../QĐ-UBND"; a Sở may not)

    >>> may_sign("UBND xã Phú Bình", "284/QĐ-UBND"), may_sign("Sở Y tế", "284/QĐ-UBND")
    (True, False)
    """
    if not agency:
        return True
    key = unit_key(agency, province)
    return any(key.startswith(signer) for signer in shared_signers(doc_id))
