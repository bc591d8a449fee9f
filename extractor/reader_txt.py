"""Plain-text reports (.txt exports of Word documents) -> blocks.

One non-empty line is one paragraph. Word's "save as plain text" writes a table
as one line per cell paragraph: each cell starts with a tab, a line without a
leading tab continues the current cell, and a blank line ends a row. A blank
line can also be an empty paragraph *inside* a cell, so the row width seen so
far decides which it is (see `_TableBuilder`).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import regex

from .document import Block, RawDocument, RawTable
from .errors import UnreadableFile
from .legacy import check_code_page, decode_8bit
from .normalize import nfc

_CONTROLS = regex.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters other than \t\n\v\f\r
_BULLETS = ("-", "+", "·", "•", "*", "–", "—", "●", "○", "▪", "\uf0b7", "\uf0a7", "\uf0d8")  # last: Symbol/Wingdings bullets


def decode(data: bytes, path: str) -> tuple[str, str]:
    """The text of a .txt file and the encoding it was in.

    UTF-8 (with or without BOM), UTF-16 with BOM, else an 8-bit code page:
    the legacy TCVN3/VNI font encodings or Windows-1258 (see `legacy.decode_8bit`).
    Binary content (NUL bytes, control characters) and text showing the marks of
    a wrong code page (UTF-8 mojibake) are refused with a reason.
    """
    text, encoding = _decode(data, path)
    check_code_page(text, path)
    return text, encoding


def _decode(data: bytes, path: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _lenient(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _lenient(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:65536]:
        raise UnreadableFile(path, "binary content (NUL bytes): not a text file")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        _refuse_binary(data.decode("latin-1"), path)
        text, encoding = decode_8bit(data, path)
    _refuse_binary(text, path)
    return text, encoding


def _lenient(data: bytes, encoding: str, path: str) -> str:
    """The text, a few damaged bytes replaced by U+FFFD (the reader then warns of them,
    as for BOM-less UTF-8); a text that is more than 1% damage is refused."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, "replace")
        damaged = text.count("\ufffd")
        if damaged * 2 > len(text) or damaged > max(3, len(text) // 100):
            raise UnreadableFile(path, f"not valid {encoding} text (byte {exc.start})") from exc
        return text


def _refuse_binary(text: str, path: str) -> None:
    sample = text[:65536]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls / len(sample) > 0.01:
        raise UnreadableFile(path, "binary content (control characters): not a text file")


def read_txt(data: bytes, path: str) -> RawDocument:
    """Blocks and tables of a plain-text report."""
    text, encoding = decode(data, path)
    lines = nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    builder = _Builder()
    i = 0
    while i < len(lines):
        if lines[i].startswith("\t") and _opens_table(lines, i):
            i = builder.table(lines, i)
        else:
            builder.paragraph(lines[i], i + 1)
            i += 1
    return RawDocument(format="txt", blocks=builder.blocks, tables=builder.tables, encoding=encoding)


def _opens_table(lines: list[str], i: int, lookahead: int = 8) -> bool:
    """A tab line opens a table when another tab line follows within a few lines.

    A lone tab-indented paragraph (common in exports) is followed by ordinary
    lines instead; two blank lines in a row end the search.
    """
    blanks = 0
    for line in lines[i + 1:i + 1 + lookahead]:
        if line.startswith("\t"):
            return True
        blanks = blanks + 1 if not line.strip() else 0
        if blanks >= 2:
            return False
    return False


@dataclass
class _Cell:
    line: int
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = list(self.parts)
        while parts and not parts[-1].strip():
            parts.pop()
        while parts and not parts[0].strip():
            parts.pop(0)
        return "\n".join(p.strip() for p in parts)


@dataclass
class _Builder:
    blocks: list[Block] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)

    def paragraph(self, line: str, number: int) -> None:
        text = line.strip()
        if not text:
            return
        kind = "list_item" if text.startswith(_BULLETS) else "paragraph"
        self.blocks.append(Block(index=len(self.blocks), kind=kind, text=text, line=number))

    def table(self, lines: list[str], i: int) -> int:
        rows, end = _TableBuilder().run(lines, i)
        while rows and len(rows[0]) == 1 and len(rows) > 1:  # a tab-indented caption
            self.paragraph(rows[0][0].parts[0], rows[0][0].line)
            rows.pop(0)
        if all(len(r) <= 1 for r in rows):  # tab-indented paragraphs, not a table
            for row in rows:
                for cell in row:
                    self.paragraph(cell.text.replace("\n", " "), cell.line)
            return end
        self._add_table(rows)
        return end

    def _add_table(self, rows: list[list[_Cell]]) -> None:
        index = len(self.tables)
        caption = self.blocks[-1].index if self.blocks else None
        width = max(len(r) for r in rows)
        grid: list[list[int | None]] = []
        for r, row in enumerate(rows):
            grid_row: list[int | None] = []
            for c, cell in enumerate(row):
                block = Block(index=len(self.blocks), kind="table_cell", text=cell.text,
                              line=cell.line, table=index, row=r, col=c)
                self.blocks.append(block)
                grid_row.append(block.index)
            grid.append(grid_row + [None] * (width - len(grid_row)))
        self.tables.append(RawTable(index=index, grid=grid, caption_block=caption))


class _TableBuilder:
    """Rebuilds rows of cells from tab-indented lines (see the module docstring)."""

    def __init__(self) -> None:
        self.rows: list[list[_Cell]] = []
        self.row: list[_Cell] = []
        self.width = 0

    def run(self, lines: list[str], i: int) -> tuple[list[list[_Cell]], int]:
        n = len(lines)
        while i < n:
            line = lines[i]
            if line.startswith("\t"):
                self.row.append(_Cell(line=i + 1, parts=[line[1:]]))
            elif line.strip():
                if not self.row:
                    break  # a paragraph after a finished row: the table is over
                self.row[-1].parts.append(line)
            elif not self._blank_continues(lines, i):
                self._end_row()
                if i + 1 >= n or not lines[i + 1].startswith("\t"):
                    i += 1
                    while i < n and not lines[i].strip() and not lines[i].startswith("\t"):
                        i += 1
                    break
            else:
                self.row[-1].parts.append("")
            i += 1
        self._end_row()
        return self.rows, i

    def _blank_continues(self, lines: list[str], i: int) -> bool:
        """Is the blank line i an empty paragraph inside the current cell?"""
        if not self.row:
            return False
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt.startswith("\t"):
            return len(self.row) < self.width  # the row is still short of the table's width
        if nxt.strip():
            return self.width == 0 or len(self.row) < self.width
        return False

    def _end_row(self) -> None:
        if self.row:
            self.rows.append(self.row)
            self.width = max(self.width, len(self.row))
            self.row = []
