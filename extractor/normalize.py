"""Vietnamese text normalization with an offset map back to the source.

Two forms of every text exist:
- the *block text*: the source as read, in Unicode NFC (what every `text` field
  shows and every offset points into);
- the *match view*: the block text with named steps applied (one tone-mark
  placement, one kind of space, dash and quote) that patterns are matched
  against. `MatchView.span()` maps a match back to block-text offsets.

Diacritics are never stripped: "năm" and "nam" stay different words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import regex

# The five Vietnamese tone marks as combining characters (NFD).
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_PUNCT = {**{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
          **{c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb"},
          **{c: "'" for c in "\u2018\u2019\u201a\u201b"}}
_PUNCT_RE = regex.compile("[" + "".join(_PUNCT) + "]")
_ZERO_WIDTH_CHARS = "[\u200b\u200c\u200d\u2060\ufeff\u00ad]+"  # zero-width spaces, joiners, soft hyphen
_ZERO_WIDTH = regex.compile(_ZERO_WIDTH_CHARS)
# What the view rewrites: zero-width runs (dropped) and white space other than one plain
# space or one line break (a run, or a tab or NBSP, becomes one space or one line break).
_IRREGULAR = regex.compile(_ZERO_WIDTH_CHARS + r"|\s{2,}|[^\S \n]")
# A syllable's vowel nucleus: "oa", "oe", "uy" (the pairs whose tone placement
# varies) and "qu" + vowel (where "Qúy" misplaces the tone on the u).
_O, _A, _E = "oòóỏõọOÒÓỎÕỌ", "aàáảãạAÀÁẢÃẠ", "eèéẻẽẹEÈÉẺẼẸ"
_U, _Y = "uùúủũụUÙÚỦŨỤ", "yỳýỷỹỵYỲÝỶỸỴ"
_PAIR = regex.compile(rf"[{_O}][{_A}{_E}]|[{_U}][{_Y}]|[qQ][{_U}]")  # only such words can need a move
_LETTERS = regex.compile(r"\p{L}*")
_DIGIT = regex.compile(r"\d")  # a decimal digit as patterns read `\d`
_FINALS = set("cmnpt") | {"ch", "ng", "nh"}


def nfc(text: str) -> str:
    """Unicode NFC, the form every block text is kept in.

    >>> nfc("ho\u0300a") == "hòa"
    True
    """
    return unicodedata.normalize("NFC", text)


def canonical_tones(text: str) -> str:
    """Put tone marks in one canonical (classic) place; same length as the input.

    The classic placement (tone on the first vowel of open "oa", "oe", "uy") is
    the one official texts use ("Ủy ban", "Luật Thủy sản"); the newer rule
    (QĐ 1989/QĐ-BGDĐT) writes "uỷ", "hoà", "thuỷ". Both occur in one report.

    >>> canonical_tones("Uỷ ban, hoà giải, thuỷ lợi, khoẻ, Qúy III")
    'Ủy ban, hòa giải, thủy lợi, khỏe, Quý III'
    >>> canonical_tones("hoàn thành, thuyết, Quý")
    'hoàn thành, thuyết, Quý'
    >>> canonical_tones("hòan")
    'hoàn'
    """
    out: list[str] = []
    done = 0
    for m in _PAIR.finditer(text):
        start = m.start()
        if start < done:
            continue
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        end = _LETTERS.match(text, m.end()).end()
        out += [text[done:start], _fix_syllable(text[start:end])]
        done = end
    out.append(text[done:])
    return "".join(out)


@lru_cache(maxsize=65536)
def _fix_syllable(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tones = [i for i, ch in enumerate(decomposed) if ch in _TONES]
    if len(tones) != 1:
        return word
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    target = _tone_target(base)
    if target is None:
        return word
    letters = unicodedata.normalize("NFC", base)
    tone = decomposed[tones[0]]
    fixed = "".join(
        unicodedata.normalize("NFC", ch + tone) if i == target else ch
        for i, ch in enumerate(letters)
    )
    fixed = unicodedata.normalize("NFC", fixed)
    return fixed if len(fixed) == len(word) else word


def _tone_target(base: str) -> int | None:
    """Index (in the NFC toneless word) of the vowel that should carry the tone."""
    low = base.lower()
    low_nfc = unicodedata.normalize("NFC", low)
    for pair in ("oa", "oe", "uy"):
        at = low_nfc.find(pair)
        if at < 0 or (pair == "uy" and at > 0 and low_nfc[at - 1] == "q"):
            continue
        rest = low_nfc[at + 2:]
        if rest == "":
            return at  # open syllable: classic placement on the first vowel
        if rest[0] == "ê":
            return at + 2  # "tuyển", "khuyến"
        if rest in _FINALS or rest in {"i", "y", "u"}:
            return at + 1  # "hoàn", "hoạch", "ngoài", "huỳnh"
        return None
    if low_nfc.startswith("qu") and len(low_nfc) > 2 and low_nfc[2] in "aăâeêioôơuưy":
        return 2 + _main_vowel_offset(low_nfc[2:])
    return None


def _main_vowel_offset(nucleus: str) -> int:
    """Offset of the tone-bearing vowel after "qu" ("Quý" -> y, "Quyết" -> ê)."""
    for i, ch in enumerate(nucleus):
        if ch in "ăâêôơư":
            return i
    vowels = [i for i, ch in enumerate(nucleus) if ch in "aeiouy"]
    if len(vowels) >= 2 and nucleus[vowels[-1] + 1:] == "":
        return vowels[-2]  # "quai" -> a
    return vowels[0] if vowels else 0


@dataclass(frozen=True)
class MatchView:
    """A normalized copy of a block text and the map back to it.

    `offsets[i]` is the block-text index of view character i; `offsets[len]` is
    the block text length, so spans map back exactly. The map is built on first
    use from the block text (`source`): most blocks are searched and never cited,
    and most maps are the identity (a `range`).
    """

    text: str
    source: str = field(default="", repr=False, compare=False)

    @cached_property
    def offsets(self) -> Sequence[int]:
        return _offsets(self.source)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Block-text (start, end) of the view span [start, end)."""
        offsets = self.offsets
        if end <= start:
            return offsets[start], offsets[start]
        return offsets[start], offsets[end - 1] + 1


def match_view(text: str) -> MatchView:
    """The match view of an NFC block text, with its offset map.

    Steps, in order: drop zero-width characters and soft hyphens; canonical
    tone placement; dashes to "-", curly quotes to straight ones; every run of
    horizontal white space (tabs, NBSP, doubled spaces) to one space,
    and a run holding a line break (paragraphs inside one table cell) to one
    line break, so that no pattern reads across two paragraphs.

    >>> v = match_view("Kế hoạch số 23/KH-UBND  ngày\u00a019/01/2023 – hoà")
    >>> v.text
    'Kế hoạch số 23/KH-UBND ngày 19/01/2023 - hòa'
    >>> s, e = v.span(v.text.index("ngày"), v.text.index("ngày") + 4)
    >>> "Kế hoạch số 23/KH-UBND  ngày\u00a019/01/2023 – hoà"[s:e]
    'ngày'
    """
    return MatchView(view_text(text), text)


def view_text(text: str) -> str:
    """The text of `match_view(text)` alone, without its offset map.

    >>> view_text("Uỷ ban\\u200b  nhân dân\\n\\ntỉnh")
    'Ủy ban nhân dân\\ntỉnh'
    """
    toned = text
    if not text.isascii():  # tone marks, curly quotes and dashes are not ASCII: a figure skips both
        toned = canonical_tones(text)
        if _PUNCT_RE.search(toned):
            toned = _PUNCT_RE.sub(lambda m: _PUNCT[m.group()], toned)
    return _IRREGULAR.sub(_regular, toned)


def _regular(m: regex.Match) -> str:
    return _replacement(m.group())


@lru_cache(maxsize=1024)
def _replacement(run: str) -> str:
    """What one irregular run becomes: nothing (zero-width), a line break or a space."""
    if _ZERO_WIDTH.fullmatch(run):
        return ""
    return "\n" if "\n" in run else " "


def _offsets(text: str) -> Sequence[int]:
    """The view-to-text offset map. Tone and punctuation steps keep every character in
    place, so only the irregular runs (found in the block text itself) shift offsets."""
    runs = list(_IRREGULAR.finditer(text))
    if not runs:
        return range(len(text) + 1)
    offsets: list[int] = []
    done = 0
    for m in runs:
        offsets.extend(range(done, m.start()))
        if not _ZERO_WIDTH.fullmatch(m.group()):
            offsets.append(m.start())
        done = m.end()
    offsets.extend(range(done, len(text) + 1))
    return tuple(offsets)


def collapse_spaces(text: str) -> str:
    """One space for every run of white space, trimmed: the form of derived strings.

    >>> collapse_spaces("  Tổng số\\nhồ sơ\\t ")
    'Tổng số hồ sơ'
    """
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """The form used to compare short strings (names, headings): view text, casefolded.

    >>> match_key("UỶ BAN  Nhân dân") == match_key("Ủy ban nhân dân")
    True
    """
    return collapse_spaces(view_text(nfc(text))).casefold()


def has_digit(text: str) -> bool:
    """Whether a text holds a decimal digit: a numbered mention, a date, a count need one,
    so a block without any skips the patterns that look for them.

    >>> has_digit("Kế hoạch số 282/KH-UBND"), has_digit("Kế hoạch nêu trên")
    (True, False)
    """
    return _DIGIT.search(text) is not None
