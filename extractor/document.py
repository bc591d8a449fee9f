"""The in-memory document every stage reads: blocks, tables and their match views.

The reader produces a `RawDocument` (it knows file formats only). `Document`
adds what the language-aware stages share: the normalized match view of each
block (built lazily, with its offset map) and, once the outline is built, the
section of each block. Extractors are pure functions of a `Document`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

from .models import Place
from .normalize import MatchView, match_view

BlockKind = Literal["paragraph", "list_item", "table_cell"]
_NOT_SEARCHED = MatchView("")


@dataclass(frozen=True)
class Block:
    """One paragraph, list item or table cell. `text` is NFC; offsets point into it."""

    index: int
    kind: BlockKind
    text: str
    style: str | None = None
    label: str | None = None  # Word auto-numbering label, not part of `text`
    list_level: int | None = None  # Word list level (ilvl) when the paragraph is numbered
    outline_level: int | None = None  # from a Heading N style or w:outlineLvl
    line: int | None = None  # 1-based first source line (.txt)
    table: int | None = None
    row: int | None = None
    col: int | None = None
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class RawTable:
    """A table as a grid of block indices.

    `grid[r][c]` is the index of the cell block covering grid slot (r, c); a
    merged cell repeats its block index across every slot it spans. None marks a
    slot no cell covers (ragged rows).
    """

    index: int
    grid: list[list[int | None]]
    caption_block: int | None = None
    parent: tuple[int, int, int] | None = None  # (table, row, col) of a nested table


@dataclass(frozen=True)
class RawDocument:
    """What a reader returns."""

    format: Literal["docx", "txt", "pdf", "doc"]
    blocks: list[Block]
    tables: list[RawTable] = field(default_factory=list)
    encoding: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


@dataclass(frozen=True)
class Document:
    """A read report plus the state later stages share (sections, views)."""

    raw: RawDocument
    block_section: tuple[str | None, ...] = ()
    max_view_chars: int | None = None  # a longer block is kept but not searched (see `views`)

    @property
    def blocks(self) -> list[Block]:
        return self.raw.blocks

    @property
    def tables(self) -> list[RawTable]:
        return self.raw.tables

    @cached_property
    def views(self) -> list[MatchView]:
        """The normalized match view of every block, in block order.

        A block longer than `max_view_chars` (no paragraph is; a runaway line of a
        broken export is) gets an empty view, so that no pattern runs on it; the
        pipeline reports it (`too_long`).
        """
        return [_NOT_SEARCHED if self.too_long(i) else match_view(b.text) for i, b in enumerate(self.raw.blocks)]

    def too_long(self, block: int) -> bool:
        """Is the block too long to be searched?"""
        return self.max_view_chars is not None and len(self.raw.blocks[block].text) > self.max_view_chars

    def section_of(self, block: int) -> str | None:
        return self.block_section[block] if block < len(self.block_section) else None

    def with_sections(self, block_section: list[str | None]) -> "Document":
        doc = replace(self, block_section=tuple(block_section))
        if "views" in self.__dict__:  # keep the views already built
            object.__setattr__(doc, "views", self.views)
        return doc

    def place(self, block: int, start: int, end: int) -> Place:
        """Provenance for block-text offsets [start, end)."""
        text = self.raw.blocks[block].text
        return Place(section=self.section_of(block), block=block, start=start, end=end, text=text[start:end])

    def place_from_view(self, block: int, vstart: int, vend: int) -> Place:
        """Provenance for a span of the block's match view."""
        start, end = self.views[block].span(vstart, vend)
        return self.place(block, start, end)
