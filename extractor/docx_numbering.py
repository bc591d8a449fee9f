"""Word auto-numbering (`word/numbering.xml`): the labels Word draws but never stores.

A numbered heading's text is "CÔNG TÁC CHỈ ĐẠO..." while the page shows
"I. CÔNG TÁC CHỈ ĐẠO...": the "I." is computed by Word from the list definition
and the paragraphs before it. Real outlines depend on those labels, so this
module replays Word's counting:

- `w:num` (numId) points to a `w:abstractNum` holding up to nine levels (ilvl
  0-8), each with a start value, a number format and a text template such as
  "%1." or "%1.%2." (`%n` is the current value of level n, 1-based);
- counters belong to the abstract list, so two numIds sharing one abstractNum
  continue each other, unless a numId overrides a level's start
  (`w:lvlOverride/w:startOverride`: Word's "Restart numbering"), which restarts
  that level when the numId is first used;
- using a level restarts the deeper levels (or only those whose
  `w:lvlRestart` names a level at or above it);
- `w:isLgl` renders every placeholder of the level in decimal;
- an abstractNum may be a link (`w:numStyleLink`) to a numbering style whose
  numId holds the real definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .docx_package import MC_NS, w
from .docx_styles import Styles, int_attr, val

_VAL = w("val")
_PLACEHOLDER = re.compile(r"%([1-9])")
_LEVELS = 9
# Bullet characters of the Symbol and Wingdings fonts, stored in the Private Use
# Area (U+F0xx) by Word: map them to the glyph the reader sees.
SYMBOL_CHARS = {
    "\uf0b7": "•", "\uf0a7": "▪", "\uf0a8": "◦", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓",
    "\uf06e": "■", "\uf071": "❑", "\uf0e0": "→", "\uf0e8": "➔", "\uf02d": "-", "\uf0be": "—",
}
_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    start: int = 0  # the spec's default when w:start is absent
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText; None means no label
    restart: int | None = None  # w:lvlRestart (1-based level), 0 = never restart
    legal: bool = False  # w:isLgl
    suffix: str = "\t"
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # ilvl -> startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # ilvl -> full level override


class Numbering:
    """Renders the label of each numbered paragraph, in document order (stateful)."""

    def __init__(self, root: etree._Element | None, styles: Styles):
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> numbering style id (w:numStyleLink)
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()  # numIds whose start overrides were applied
        self.undefined: set[str] = set()  # numIds used but not defined
        self.resolved: dict[str, tuple[str, dict[int, Level]] | None] = {}
        for el in root if root is not None else ():
            if el.tag == w("abstractNum"):
                self._abstract(el)
            elif el.tag == w("num") and el.get(w("numId")) is not None:
                self.nums[el.get(w("numId"))] = _num(el)

    def label(self, num_id: str | None, ilvl: int | None, style: str | None) -> tuple[str, str, int] | None:
        """(label, suffix, ilvl) of the next paragraph of list `num_id`, advancing the counters.

        None when the paragraph is not numbered (no numId, numId 0, an
        undefined list). `ilvl` None takes the level linked to `style`, else 0.
        """
        if num_id is None or num_id == "0":
            return None
        if num_id not in self.resolved:
            self.resolved[num_id] = self._resolve(num_id)
        resolved = self.resolved[num_id]
        if resolved is None:
            self.undefined.add(num_id)
            return None
        abstract, levels = resolved
        ilvl = self._level_of(levels, ilvl, style)
        values = self._advance(num_id, abstract, levels, ilvl)
        level = levels.get(ilvl, Level())
        if level.text is None:
            return None
        return _render(level, levels, values, ilvl), level.suffix, ilvl

    def _abstract(self, el: etree._Element) -> None:
        aid = el.get(w("abstractNumId"))
        if aid is None:
            return
        self.abstracts[aid] = {lvl_id: lvl for lvl_id, lvl in map(_level, el.iterchildren(w("lvl")))
                               if 0 <= lvl_id < _LEVELS}
        link = el.find(w("numStyleLink"))
        if link is not None and link.get(_VAL):
            self.links[aid] = link.get(_VAL)

    def _resolve(self, num_id: str, depth: int = 0) -> tuple[str, dict[int, Level]] | None:
        """The abstract list id and its levels (with this numId's level overrides)."""
        num = self.nums.get(num_id)
        if num is None or num.abstract not in self.abstracts or depth > 4:
            return None
        abstract, levels = num.abstract, self.abstracts[num.abstract]
        if abstract in self.links:  # a list-style link: the real definition is elsewhere
            linked_num, _ = self.styles.numbering(self.links[abstract])
            target = self._resolve(linked_num, depth + 1) if linked_num not in (None, num_id) else None
            if target is None:
                return None
            abstract, levels = target
        return abstract, {**levels, **num.levels} if num.levels else levels

    @staticmethod
    def _level_of(levels: dict[int, Level], ilvl: int | None, style: str | None) -> int:
        if ilvl is not None:
            return min(max(ilvl, 0), _LEVELS - 1)
        return next((i for i, lvl in levels.items() if style and lvl.style == style), 0)

    def _advance(self, num_id: str, abstract: str, levels: dict[int, Level], ilvl: int) -> list[int]:
        """Count one paragraph at `ilvl`; the values of every level as Word would show them."""
        counters = self.counters.setdefault(abstract, [None] * _LEVELS)
        starts = [levels.get(i, Level()).start for i in range(_LEVELS)]
        num = self.nums[num_id]
        for i, start in num.starts.items():
            starts[i] = start
        if num_id not in self.started:  # "Restart numbering": first use of an overriding numId
            self.started.add(num_id)
            for i in num.starts:
                counters[i] = None
        counters[ilvl] = starts[ilvl] if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart and ilvl < restart):
                counters[deeper] = None
        return [starts[i] if value is None else value for i, value in enumerate(counters)]


def _render(level: Level, levels: dict[int, Level], values: list[int], ilvl: int) -> str:
    def sub(match: re.Match) -> str:
        i = int(match.group(1)) - 1
        fmt = "decimal" if level.legal and levels.get(i, Level()).fmt != "none" else levels.get(i, Level()).fmt
        return format_number(values[i], fmt)

    text = _PLACEHOLDER.sub(sub, level.text or "")
    return "".join(SYMBOL_CHARS.get(ch, ch) for ch in text)


def format_number(n: int, fmt: str) -> str:
    """A counter value in a Word number format; unknown formats fall back to decimal.

    >>> [format_number(n, "upperRoman") for n in (1, 4, 9, 14, 40)]
    ['I', 'IV', 'IX', 'XIV', 'XL']
    >>> [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)]
    ['a', 'z', 'aa', 'bb']
    >>> format_number(3, "decimalZero"), format_number(12, "decimalZero"), format_number(2, "none")
    ('03', '12', '')
    >>> format_number(5, "vietnameseCounting")
    '5'
    """
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _level(el: etree._Element) -> tuple[int, Level]:
    text = el.find(w("lvlText"))
    restart = el.find(w("lvlRestart"))
    legal = el.find(w("isLgl"))
    return _ilvl(el), Level(
        start=int_attr(el.find(w("start"))) or 0,
        fmt=_num_fmt(el),
        text=text.get(_VAL) if text is not None else None,
        restart=int_attr(restart),
        legal=legal is not None and legal.get(_VAL, "1") not in ("0", "false", "off"),
        suffix=_SUFFIX.get(val(el.find(w("suff"))) or "tab", "\t"),
        style=val(el.find(w("pStyle"))),
    )


def _ilvl(el: etree._Element) -> int:
    try:
        return int(el.get(w("ilvl"), "0"))
    except ValueError:
        return -1


def _num_fmt(el: etree._Element) -> str:
    """w:numFmt, or the one in an mc:AlternateContent fallback (Word 2010+ custom formats)."""
    fmt = el.find(w("numFmt"))
    if fmt is None:
        fmt = el.find(f"{{{MC_NS}}}AlternateContent/{{{MC_NS}}}Fallback/{w('numFmt')}")
    return (fmt.get(_VAL) if fmt is not None else None) or "decimal"


def _num(el: etree._Element) -> _Num:
    num = _Num(abstract=val(el.find(w("abstractNumId"))) or "")
    for override in el.iterchildren(w("lvlOverride")):
        ilvl = _ilvl(override)
        if not 0 <= ilvl < _LEVELS:
            continue
        start = int_attr(override.find(w("startOverride")))
        if start is not None:
            num.starts[ilvl] = start
        lvl = override.find(w("lvl"))
        if lvl is not None:
            num.levels[ilvl] = _level(lvl)[1]
            if start is None:
                num.starts[ilvl] = num.levels[ilvl].start
    return num

