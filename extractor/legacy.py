"""Text typed in pre-Unicode Vietnamese fonts (TCVN3/ABC, VNI-Windows) -> Unicode.

Reports typed in the ABC (".VnTime") and VNI ("VNI-Times") fonts still circulate:
the file holds the Windows-1252 characters of the font's bytes, so "Ủy ban nhân
dân" reads "Uû ban nh©n d©n" (TCVN3) or "UÛy ban nhaân daân" (VNI). The tables
are data (`patterns/legacy_encodings.toml`); this module decides which blocks are
in which encoding and converts them, so that every later stage, and every offset,
sees Unicode.

The decision is statistical: a text is legacy when reading it through a table
yields many more common Vietnamese syllables than reading it as it is. Only
blocks made of Windows-1252 characters alone are candidates (a block holding
"ư" or "ạ" is Unicode already), so a Unicode report with a legacy letterhead
converts the letterhead only. A .txt that is not Vietnamese in any of the code
pages we know (mojibake of UTF-8, letters lost to "?") is refused with a reason.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable

import regex

from . import patterns
from .document import RawDocument
from .errors import UnreadableFile
from .normalize import canonical_tones, nfc, view_text
from .patterns import PatternTimeout

_FILE = "legacy_encodings"
WARNING = "LEGACY_ENCODING_CONVERTED"
REPLACED = "TEXT_CHARACTERS_REPLACED"
# stripped from the ends of a word when counting syllables ("(nhân," -> "nhân")
_EDGES = string.punctuation + string.digits + "\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u2022\u00b7\u00ab\u00bb"
_NOT_VIETNAMESE_SHARE = 0.1  # an 8-bit text whose non-ASCII words are under 10% known syllables
_NOT_VIETNAMESE_MIN_WORDS = 20  # ... once it has this many non-ASCII words
_SAMPLE = 1 << 16  # characters looked at for the marks of a wrong code page


@dataclass(frozen=True)
class Encoding:
    """One legacy font encoding: its table (legacy characters -> Unicode)."""

    name: str
    label: str
    table: dict[str, str]
    capitals_in_lower_codes: bool  # tone-marked capitals written as lower-case codes in a capitals font
    keys: regex.Pattern  # the table's keys, longest first


@lru_cache(maxsize=None)
def encodings() -> tuple[Encoding, ...]:
    """The legacy encodings of `patterns/legacy_encodings.toml`, in file order."""
    return tuple(_encoding(entry) for entry in patterns.entries(_FILE, "encoding"))


def _encoding(entry: dict) -> Encoding:
    table = dict(entry["map"])
    keys = sorted(table, key=lambda k: (-len(k), k))
    return Encoding(
        name=entry["name"], label=entry["label"], table=table,
        capitals_in_lower_codes=bool(entry.get("capitals_in_lower_codes")),
        keys=patterns.compile("|".join(regex.escape(k) for k in keys), _FILE, 0),  # case-sensitive, cached
    )


def encoding(name: str | None) -> Encoding | None:
    """The legacy encoding called `name`, or None.

    >>> encoding("tcvn3").label, encoding("utf-8")
    ('TCVN3 (ABC)', None)
    """
    if not name:
        return None  # read as Unicode (.docx) or sniffed as such: no table is needed
    return next((e for e in encodings() if e.name == name), None)


def convert(text: str, enc: Encoding) -> str:
    """`text` read through `enc`'s table, in NFC.

    A block typed in a TCVN3 capitals font (".VnTimeH") stores tone-marked
    capitals as lower-case codes; such a block is given back in capitals.

    >>> convert("Uû ban nh©n d©n tØnh", encoding("tcvn3"))
    'Uỷ ban nhân dân tỉnh'
    >>> convert("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", encoding("tcvn3"))
    'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM'
    >>> convert("Sè: 12/BC-UBND", encoding("tcvn3"))
    'Số: 12/BC-UBND'
    >>> convert("UÛy ban nhaân daân tænh Haø Tónh", encoding("vni"))
    'Ủy ban nhân dân tỉnh Hà Tĩnh'
    """
    out, last = [], 0
    for m in patterns.finditer(enc.keys, text):
        out.append(text[last:m.start()])
        out.append(enc.table[m.group()])
        last = m.end()
    converted = nfc("".join(out) + text[last:])
    return converted.upper() if enc.capitals_in_lower_codes and _drawn_in_capitals(text, enc) else converted


def _drawn_in_capitals(text: str, enc: Encoding) -> bool:
    """Do the words holding legacy codes all show capital ASCII letters ("CéNG", "HOµ")?

    One such word with two capitals is evidence; any such word with a small
    ASCII letter ("nh©n") is counter-evidence. "Sè:" (one letter) is neither.
    """
    evidence = False
    for word in text.split():
        if not any(ch in enc.table for ch in word):
            continue
        letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
        if any(ch.islower() for ch in letters):
            return False
        evidence = evidence or len(letters) >= 2
    return evidence


@lru_cache(maxsize=None)
def _reverse(name: str) -> dict[str, str]:
    enc = encoding(name)
    return {uni: key for key, uni in sorted(enc.table.items(), key=lambda kv: len(kv[0]))}


def encode(text: str, enc: Encoding) -> str:
    """Unicode text as `enc` stores it (the inverse of `convert`, for samples and tests).

    TCVN3 has no tone-marked capitals: they are written with the lower-case code,
    as a capitals font would draw them.

    >>> encode("Ủy ban nhân dân", encoding("vni"))
    'UÛy ban nhaân daân'
    >>> encode("BÁO CÁO", encoding("tcvn3"))
    'B¸O C¸O'
    """
    reverse = _reverse(enc.name)
    out = []
    for ch in nfc(text):
        if ch not in reverse and enc.capitals_in_lower_codes and ch.lower() in reverse:
            ch = ch.lower()
        out.append(reverse.get(ch, ch))
    return "".join(out)


# --- detection -------------------------------------------------------------------


@lru_cache(maxsize=None)
def _syllables() -> frozenset[str]:
    return frozenset(canonical_tones(s) for s in patterns.load(_FILE)["detect"]["syllables"])


def known_syllables(text: str) -> int:
    """How many words of `text` are common Vietnamese syllables with a non-ASCII letter.

    >>> known_syllables("Uỷ ban nhân dân tỉnh"), known_syllables("Uû ban nh©n d©n")
    (4, 0)
    """
    known = _syllables()
    return sum(1 for word in _words(text) if canonical_tones(word.lower()) in known)


def _words(text: str) -> list[str]:
    """The words of a text, by white space, without edge punctuation (no regex: it runs on
    whole files while they are read, outside any pattern budget)."""
    return [word.strip(_EDGES) for word in nfc(text).split()]


def is_candidate(text: str) -> bool:
    """Could `text` be legacy-encoded? Only Windows-1252 characters, some beyond ASCII.

    >>> is_candidate("Uû ban nh©n d©n"), is_candidate("Ủy ban"), is_candidate("UBND")
    (True, False, False)
    """
    if text.isascii():
        return False
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def detect(texts: Iterable[str]) -> Encoding | None:
    """The legacy encoding the candidate `texts` are in, or None when they read best as they are.

    >>> detect(["Uû ban nh©n d©n tØnh", "B¸o c¸o kÕt qu¶ c¶i c¸ch hµnh chÝnh"]).name
    'tcvn3'
    >>> detect(["UÛy ban nhaân daân tænh", "Baùo caùo keát quaû caûi caùch haønh chính"]).name
    'vni'
    >>> detect(["Báo cáo"]) is None
    True
    """
    sample = "\n".join(t for t in texts if is_candidate(t))
    if not sample:
        return None
    base = known_syllables(sample)
    try:
        gains = [(known_syllables(convert(sample, enc)) - base, i) for i, enc in enumerate(encodings())]
    except PatternTimeout:  # too slow to tell: read as it is
        return None
    gain, best = max(gains)
    return encodings()[best] if gain >= patterns.load(_FILE)["detect"]["min_gain"] else None


# --- documents -------------------------------------------------------------------


def to_unicode(raw: RawDocument) -> RawDocument:
    """`raw` with its legacy-encoded blocks converted, and a warning saying so
    (and one for characters that could not be decoded at all).

    The encoding is the one the reader already settled on (an 8-bit .txt), or
    else the one the candidate blocks read best in. A candidate block is then
    converted when that gains known syllables, or costs none and the block
    cannot be Unicode Vietnamese anyway ("Hµ TÜnh", not "Ông Bá").
    """
    lost = replaced_characters(raw)
    raw = replace(raw, warnings=[*raw.warnings, *lost]) if lost else raw
    candidates = [i for i, b in enumerate(raw.blocks) if is_candidate(b.text)]
    settled = encoding(raw.encoding)
    enc = settled or detect(raw.blocks[i].text for i in candidates)
    if enc is None or not candidates:
        return raw
    blocks = list(raw.blocks)
    converted = 0
    for i in candidates:
        try:
            text = convert(blocks[i].text, enc)
        except PatternTimeout:  # left as it is
            continue
        if _better(text, blocks[i].text, tie=settled is not None or not _could_be_unicode(blocks[i].text)):
            label = blocks[i].label
            blocks[i] = replace(blocks[i], text=text, label=convert(label, enc) if label else label)
            converted += 1
    if not converted:
        return raw
    message = (f"{converted} of {len(blocks)} blocks were typed in the legacy {enc.label} font encoding "
               "and were converted to Unicode; check names and numbers against the original")
    return replace(raw, blocks=blocks, encoding=_encoding_name(raw, enc), warnings=[*raw.warnings, (WARNING, message)])


def _better(converted: str, original: str, tie: bool) -> bool:
    gain = known_syllables(converted) - known_syllables(original)
    return gain > 0 or (tie and gain == 0)


def _could_be_unicode(text: str) -> bool:
    """Are all its non-ASCII characters Latin-1 letters that Unicode Vietnamese uses ("Ông Bá")?

    >>> _could_be_unicode("Ông Bá"), _could_be_unicode("Hµ TÜnh")
    (True, False)
    """
    letters = _unicode_latin1()
    return all(ch.isascii() or ch in letters for ch in text)


@lru_cache(maxsize=None)
def _unicode_latin1() -> frozenset[str]:
    return frozenset(patterns.load(_FILE)["detect"]["unicode_latin1"])


def _encoding_name(raw: RawDocument, enc: Encoding) -> str | None:
    if raw.format != "txt" or raw.encoding == enc.name:
        return raw.encoding
    return f"{raw.encoding}+{enc.name}"  # e.g. UTF-8 bytes holding TCVN3 characters


def decode_8bit(data: bytes, path: str) -> tuple[str, str]:
    """The text of a .txt that is not valid UTF-8, and its encoding.

    Windows-1252 characters in a legacy encoding ("tcvn3", "vni") are returned
    as they are (`to_unicode` converts them block by block). Else whichever of
    UTF-8 with its bad bytes replaced (a file cut in the middle of a letter, a
    damaged byte) and Windows-1258 (the Vietnamese Windows code page) reads as
    more Vietnamese. A text that reads as Vietnamese in none of them is
    refused: its code page is not one we know.
    """
    as_1252 = _cp1252(data)
    enc = detect([as_1252])
    if enc is not None:
        return as_1252, enc.name
    damaged = data.decode("utf-8", "replace")
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if known_syllables(damaged) > (known_syllables(text) if text is not None else 0):
        return damaged, "utf-8"
    if text is None:
        raise UnreadableFile(path, "neither UTF-8 nor Windows-1258 text: save it as UTF-8")
    if not _reads_as_vietnamese(nfc(text)):
        raise UnreadableFile(path, "not UTF-8, and it does not read as Vietnamese in Windows-1258, "
                                   "TCVN3 or VNI either: its code page is unknown; save it as UTF-8")
    return text, "windows-1258"


def replaced_characters(raw: RawDocument) -> list[tuple[str, str]]:
    """A warning when the text holds U+FFFD: bytes that could not be decoded, letters lost."""
    lost = sum(b.text.count("\ufffd") for b in raw.blocks)
    if not lost:
        return []
    return [(REPLACED, f"{lost} characters could not be decoded and show as \ufffd: the file was damaged "
                       "or cut before it arrived; the letters there are lost")]


def _cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return data.decode("latin-1")


def _reads_as_vietnamese(text: str) -> bool:
    words = sum(1 for word in _words(text) if not word.isascii())
    return words < _NOT_VIETNAMESE_MIN_WORDS or known_syllables(text) >= _NOT_VIETNAMESE_SHARE * words


def check_code_page(text: str, path: str) -> None:
    """Refuse a text that shows the marks of a wrong code page (UTF-8 mojibake, lost letters)."""
    view = view_text(text[:_SAMPLE])  # the marks are everywhere or nowhere
    for entry in patterns.entries(_FILE, "wrong_code_page"):
        pattern = patterns.compile(entry["pattern"], _FILE)
        try:
            found = len(patterns.finditer(pattern, view))
        except PatternTimeout:  # too slow to tell: not refused
            continue
        if found >= entry["min"]:
            raise UnreadableFile(path, entry["message"])
