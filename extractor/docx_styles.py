"""Paragraph styles of a .docx (`word/styles.xml`): names, outline levels, numbering.

A paragraph inherits from its style, and a style from the one it is `basedOn`:
a "Heading 2" paragraph with no properties of its own can still be numbered
("1.", "2.") and carry outline level 2, because its style says so. Real
reports number their headings that way more often than paragraph by paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from .docx_package import w

_VAL = w("val")
_HEADING = re.compile(r"heading ([1-9])$", re.IGNORECASE)
_MAX_CHAIN = 32  # basedOn chains longer than this are loops or junk


@dataclass(frozen=True)
class Style:
    """What one paragraph style states itself (before inheritance)."""

    name: str | None = None
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None  # w:outlineLvl, 0-based; 9 means body text


class Resolved(NamedTuple):
    """A paragraph style with its inheritance applied."""

    name: str | None
    outline_level: int | None
    num_id: str | None
    ilvl: int | None


class Styles:
    """Paragraph styles by id, resolved through their `basedOn` chains."""

    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, Style] = {}
        self.default: str | None = None
        self.memo: dict[str | None, Resolved] = {}
        for el in root.iterchildren(w("style")) if root is not None else ():
            kind, sid = el.get(w("type"), "paragraph"), el.get(w("styleId"))
            if kind not in ("paragraph", "numbering") or sid is None:
                continue
            self.styles[sid] = _style(el)
            if kind == "paragraph" and el.get(w("default")) in ("1", "true", "on"):
                self.default = sid

    def resolve(self, sid: str | None) -> Resolved:
        """Name, outline level and numbering of style `sid` (None: the default style); cached."""
        if sid not in self.memo:
            self.memo[sid] = Resolved(self.name(sid), self.outline_level(sid), *self.numbering(sid))
        return self.memo[sid]

    def name(self, sid: str | None) -> str | None:
        """The display name of a style ('Heading 1'), the default style's when `sid` is None."""
        style = self.styles.get(sid or self.default or "")
        if style is None or not style.name:
            return sid
        name = style.name
        return name.title() if name.isascii() and name.islower() else name  # built-ins are stored "heading 1"

    def numbering(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) that the style or one of its ancestors sets, else (None, None)."""
        for style in self._chain(sid):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None

    def outline_level(self, sid: str | None) -> int | None:
        """Outline level as Word stores it (0 = "Heading 1"), from w:outlineLvl or a 'heading N' name."""
        for style in self._chain(sid):
            if style.outline is not None:
                return style.outline if 0 <= style.outline < 9 else None
            match = _HEADING.match(style.name or "")
            if match:
                return int(match.group(1)) - 1
        return None

    def _chain(self, sid: str | None):
        seen = 0
        sid = sid or self.default
        while sid is not None and sid in self.styles and seen < _MAX_CHAIN:
            style = self.styles[sid]
            yield style
            sid, seen = style.based_on, seen + 1


def _style(el: etree._Element) -> Style:
    ppr = el.find(w("pPr"))
    numpr = ppr.find(w("numPr")) if ppr is not None else None
    outline = ppr.find(w("outlineLvl")) if ppr is not None else None
    return Style(
        name=val(el.find(w("name"))),
        based_on=val(el.find(w("basedOn"))),
        num_id=val(numpr.find(w("numId"))) if numpr is not None else None,
        ilvl=int_attr(numpr.find(w("ilvl"))) if numpr is not None else None,
        outline=int_attr(outline),
    )


def val(el: etree._Element | None) -> str | None:
    """The w:val attribute of an element, None when the element is absent."""
    return el.get(_VAL) if el is not None else None


def int_attr(el: etree._Element | None) -> int | None:
    """The integer w:val of an element, None when absent or not a number.

    >>> from extractor.docx_package import W_NS
    >>> int_attr(etree.fromstring(f'<a xmlns:w="{W_NS}" w:val="3"/>'))
    3
    >>> int_attr(etree.fromstring(f'<a xmlns:w="{W_NS}" w:val="x"/>')) is None
    True
    """
    value = val(el)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None

