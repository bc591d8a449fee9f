""".docx reports -> blocks: paragraphs, list items and table cells in reading order.

Reads the XML with lxml directly (python-docx's object layer costs twenty times
the parse on a real report). What Word shows but does not store is rebuilt:
auto-numbering labels (`docx_numbering`), style names and outline levels
(`docx_styles`), merged table cells. What Word stores but does not show is left
out: deleted revisions, hidden text, field instructions, the fallback copy of
a drawing. Knows file formats, not Vietnamese.

Conventions of the blocks it returns:
- a paragraph's `text` never holds its auto-number: that is `label` ("I.",
  "2.1.", "a)", "-"), with `list_level` the Word level (0-based) and kind
  "list_item"; `outline_level` is Word's w:outlineLvl, 0-based ("Heading 1"
  gives 0, "Heading 2" 1; body text None);
- a table cell's `text` is its paragraphs joined by "\\n", each with its
  auto-number written in front, as Word's own text export does (a cell's
  "STT" column is often nothing but auto-numbers);
- a nested table's cells come right after the cell that holds it; text boxes
  come after the paragraph that anchors them (inside a cell, they join the
  cell's text).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterator

from lxml import etree

from .docx_numbering import SYMBOL_CHARS, Numbering
from .docx_package import MC_NS, open_package, w
from .docx_styles import Styles, int_attr, val
from .document import Block, RawDocument, RawTable
from .errors import LimitExceeded, UnreadableFile
from .normalize import nfc

if TYPE_CHECKING:
    from .reader import Limits

P, R, TBL, TR, TC, PPR = w("p"), w("r"), w("tbl"), w("tr"), w("tc"), w("pPr")
SDT, SDT_CONTENT, CUSTOM_XML = w("sdt"), w("sdtContent"), w("customXml")
T, TAB, PTAB, BR, CR, SYM, NB_HYPHEN = w("t"), w("tab"), w("ptab"), w("br"), w("cr"), w("sym"), w("noBreakHyphen")
M_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
TXBX, DEL, MOVE_FROM, INS, VANISH = w("txbxContent"), w("del"), w("moveFrom"), w("ins"), w("vanish")
FALLBACK, ALT_CHUNK = f"{{{MC_NS}}}Fallback", w("altChunk")
PSTYLE, OUTLINE_LVL, NUM_PR, NUM_ID, ILVL, RPR = w("pStyle"), w("outlineLvl"), w("numPr"), w("numId"), w("ilvl"), w("rPr")
TRPR, TCPR, GRID_SPAN, V_MERGE, H_MERGE, VAL, TABS = (w("trPr"), w("tcPr"), w("gridSpan"), w("vMerge"), w("hMerge"),
                                                     w("val"), w("tabs"))
_ALT_CHUNK_MSG = "the document embeds another document (w:altChunk) whose content was not read"
_TEXT_TAGS = (T, TAB, PTAB, BR, CR, SYM, NB_HYPHEN, M_T)
_OFF = ("0", "false", "off")
_PROPERTIES = frozenset(w(tag) for tag in ("rPr", "pPr", "trPr", "tcPr", "tblPr", "numPr"))
_MAX_COLS = 512  # Word allows 63; a larger grid is junk and must not allocate without bound


def read_docx(data: bytes, path: str, limits: "Limits") -> RawDocument:
    """Blocks and tables of a .docx, read defensively (see `docx_package`)."""
    pkg = open_package(data, path, limits)
    root = pkg.xml(pkg.main)
    body = root.find(w("body")) if root is not None else None
    if body is None:
        raise UnreadableFile(path, f"{pkg.main} has no document body (w:body): not a Word document")
    styles = Styles(pkg.xml(pkg.related("styles")))
    walker = _Walker(styles, Numbering(pkg.xml(pkg.related("numbering")), styles), limits, path)
    walker.prepare(body)
    walker.container(body)
    return walker.result()


@dataclass
class _Para:
    """What one w:p says: its text and the properties a block keeps."""

    text: str
    style: str | None
    label: str | None = None
    suffix: str = ""
    list_level: int | None = None
    outline_level: int | None = None


@dataclass
class _Walker:
    """Walks the body in document order, numbering paragraphs as Word does."""

    styles: Styles
    numbering: Numbering
    limits: "Limits"
    path: str
    blocks: list[Block] = field(default_factory=list)
    tables: list[RawTable | None] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    text_boxes: dict[etree._Element, list[etree._Element]] = field(default_factory=dict)
    row_spans: dict[int, int] = field(default_factory=dict)
    chars: int = 0

    # -- preparation ---------------------------------------------------------------

    def prepare(self, body: etree._Element) -> None:
        """Drop what Word does not show; detach text boxes from their anchor paragraphs."""
        found: dict[str, list[etree._Element]] = {}
        for el in body.iter(FALLBACK, DEL, MOVE_FROM, INS, VANISH, TXBX):
            found.setdefault(el.tag, []).append(el)
        if found.get(DEL) or found.get(INS) or found.get(MOVE_FROM):
            self.warnings.append(("DOCX_TRACKED_CHANGES", "the document holds tracked changes: "
                                  "deleted text was left out, inserted text kept"))
        for el in found.get(FALLBACK, []):
            _detach(el)
        for el in found.get(DEL, []) + found.get(MOVE_FROM, []):  # content, not rPr/trPr markers
            if el.getparent() is not None and el.getparent().tag not in _PROPERTIES:
                _detach(el)
        for el in found.get(VANISH, []):
            run = el.getparent().getparent() if el.getparent() is not None else None
            if run is not None and run.tag == R and el.get(w("val"), "1") not in _OFF:
                _detach(run)
        self._detach_text_boxes(found.get(TXBX, []))

    def _detach_text_boxes(self, boxes: list[etree._Element]) -> None:
        anchors = [(_ancestor(box, P), box) for box in boxes]  # all before any detaching
        for anchor, box in anchors:
            if anchor is not None and _ancestor(box, FALLBACK) is None:
                self.text_boxes.setdefault(anchor, []).append(box)
            _detach(box)

    # -- body ----------------------------------------------------------------------

    def container(self, el: etree._Element) -> None:
        """Paragraphs and tables of the body or of a text box, as blocks."""
        caption: int | None = None
        for child in _children(el):
            if child.tag == P:
                block = self._paragraph_block(self._paragraph(child))
                caption = block if block is not None else caption
                for box in self.text_boxes.get(child, ()):
                    self.container(box)
            elif child.tag == TBL:
                self._table(child, caption, None)
                caption = None
            elif child.tag == ALT_CHUNK and ("DOCX_ALTCHUNK", _ALT_CHUNK_MSG) not in self.warnings:
                self.warnings.append(("DOCX_ALTCHUNK", _ALT_CHUNK_MSG))

    def _paragraph_block(self, para: _Para) -> int | None:
        if not para.text:
            return None
        kind = "list_item" if para.label else "paragraph"
        return self._add(Block(index=len(self.blocks), kind=kind, text=para.text, style=para.style,
                               label=para.label, list_level=para.list_level, outline_level=para.outline_level))

    def _paragraph(self, p: etree._Element) -> _Para:
        ppr = p.find(PPR)
        style_id = val(ppr.find(PSTYLE)) if ppr is not None else None
        style = self.styles.resolve(style_id)
        text = nfc(_text(p)).strip()
        outline = int_attr(ppr.find(OUTLINE_LVL)) if ppr is not None else None
        para = _Para(text=text, style=style.name,
                     outline_level=style.outline_level if outline is None else (outline if 0 <= outline < 9 else None))
        num_id, ilvl = _num_pr(ppr)
        if num_id is None:
            num_id, ilvl = style.num_id, style.ilvl if ilvl is None else ilvl
        if not text and _mark_deleted(ppr):
            return para  # a deleted paragraph does not count in its list
        numbered = self.numbering.label(num_id, ilvl, style_id)
        if numbered and numbered[0].strip():
            para.label, para.suffix, para.list_level = numbered[0].strip(), numbered[1], numbered[2]
        return para

    # -- tables --------------------------------------------------------------------

    def _table(self, tbl: etree._Element, caption: int | None, parent: tuple[int, int, int] | None) -> None:
        rows = [tr for tr in _children(tbl) if tr.tag == TR]
        if not rows:
            return
        index = len(self.tables)
        self.tables.append(None)  # reserved: nested tables found while reading get later indices
        grid: list[list[int | None]] = []
        for r, tr in enumerate(rows):
            grid.append(self._row(tr, r, index, grid[-1] if grid else None))
        width = max(len(_grid_cols(tbl)), *(len(row) for row in grid))
        self.tables[index] = RawTable(index=index, grid=[row + [None] * (width - len(row)) for row in grid],
                                      caption_block=caption, parent=parent)

    def _row(self, tr: etree._Element, r: int, table: int, above: list[int | None] | None) -> list[int | None]:
        trpr = tr.find(TRPR)
        slots: list[int | None] = [None] * _grid_skip(trpr, "gridBefore")
        for tc in (c for c in _children(tr) if c.tag == TC):
            tcpr = tc.find(TCPR)
            span = min(max(int_attr(tcpr.find(GRID_SPAN)) or 1, 1) if tcpr is not None else 1,
                       _MAX_COLS - len(slots))
            if span <= 0:
                break
            merged = _merged_into(tcpr, slots, above)
            if merged is not None:
                self._extend(merged, r, len(slots))
                slots += [merged] * span
            else:
                slots += [self._cell(tc, table, r, len(slots), span)] * span
        return slots + [None] * _grid_skip(trpr, "gridAfter")

    def _extend(self, block: int, r: int, c: int) -> None:
        """A vMerge/hMerge continuation: the merged cell covers one more row or column."""
        b = self.blocks[block]
        if c == b.col:  # the cell above continues downwards
            self.row_spans[block] = r - b.row + 1
        elif b.row == r:  # hMerge continue: the cell to the left grows
            self.blocks[block] = replace(b, col_span=b.col_span + 1)

    def _cell(self, tc: etree._Element, table: int, r: int, c: int, span: int) -> int:
        lines, nested, style = [], [], None
        for child in _children(tc):
            if child.tag == P:
                para = self._paragraph(child)
                style = style or para.style
                lines.append(_with_label(para))
                lines += [self._box_text(box) for box in self.text_boxes.get(child, ())]
            elif child.tag == TBL:
                nested.append(child)
        text = "\n".join(line.strip() for line in "\n".join(lines).split("\n")).strip("\n")
        index = self._add(Block(index=len(self.blocks), kind="table_cell", text=text, style=style,
                                table=table, row=r, col=c, col_span=span))
        for child in nested:
            self._table(child, None, (table, r, c))
        return index

    def _box_text(self, box: etree._Element) -> str:
        """A text box inside a table cell joins the cell's text, one line per paragraph."""
        return "\n".join(_with_label(self._paragraph(p)) for p in box.iter(P))

    # -- output --------------------------------------------------------------------

    def _add(self, block: Block) -> int:
        self.chars += len(block.text)
        if self.chars > self.limits.max_text_bytes:
            raise LimitExceeded(self.path, f"text is over the limit of {self.limits.max_text_bytes:,} characters")
        self.blocks.append(block)
        return block.index

    def result(self) -> RawDocument:
        blocks = [replace(b, row_span=self.row_spans[b.index]) if b.index in self.row_spans else b
                  for b in self.blocks]
        if self.numbering.undefined:
            self.warnings.append(("DOCX_NUMBERING_UNDEFINED", "paragraphs use list numbers that numbering.xml "
                                  f"does not define (numId {', '.join(sorted(self.numbering.undefined))}); "
                                  "their labels are missing"))
        return RawDocument(format="docx", blocks=blocks, tables=[t for t in self.tables if t is not None],
                           warnings=self.warnings)


# -- helpers -------------------------------------------------------------------------

def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Child elements, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content)
        elif child.tag == CUSTOM_XML:
            yield from _children(child)
        else:
            yield child


def _text(p: etree._Element) -> str:
    """The visible text of a paragraph: runs, tabs, breaks, symbols, field results."""
    parts: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        tag = el.tag
        if tag == T or tag == M_T:
            parts.append(el.text or "")
        elif tag == TAB or tag == PTAB:
            if el.getparent().tag != TABS:  # w:pPr/w:tabs/w:tab is a tab stop, not a tab
                parts.append("\t")
        elif tag == BR or tag == CR:
            parts.append("\n")
        elif tag == NB_HYPHEN:
            parts.append("\u2011")
        else:
            parts.append(_symbol(el))
    return "".join(parts)


def _symbol(el: etree._Element) -> str:
    """A w:sym character (Symbol/Wingdings glyphs are stored in the Private Use Area)."""
    try:
        ch = chr(int(el.get(w("char"), ""), 16))
    except (ValueError, OverflowError):
        return ""
    return SYMBOL_CHARS.get(ch, ch)


def _with_label(para: _Para) -> str:
    if not para.label:
        return para.text
    return f"{para.label}{' ' if para.suffix else ''}{para.text}"


def _num_pr(ppr: etree._Element | None) -> tuple[str | None, int | None]:
    numpr = ppr.find(NUM_PR) if ppr is not None else None
    if numpr is None:
        return None, None
    return val(numpr.find(NUM_ID)), int_attr(numpr.find(ILVL))


def _mark_deleted(ppr: etree._Element | None) -> bool:
    rpr = ppr.find(RPR) if ppr is not None else None
    return rpr is not None and rpr.find(DEL) is not None


def _grid_cols(tbl: etree._Element) -> list[etree._Element]:
    grid = tbl.find(w("tblGrid"))
    return list(grid.iterchildren(w("gridCol")))[:_MAX_COLS] if grid is not None else []


def _grid_skip(trpr: etree._Element | None, name: str) -> int:
    skip = int_attr(trpr.find(w(name))) if trpr is not None else None
    return min(max(skip or 0, 0), _MAX_COLS)


def _merged_into(tcpr: etree._Element | None, slots: list[int | None],
                 above: list[int | None] | None) -> int | None:
    """The block a continuation cell belongs to (vMerge: the cell above; hMerge: the one left)."""
    if tcpr is None:
        return None
    vmerge, hmerge = tcpr.find(V_MERGE), tcpr.find(H_MERGE)
    if vmerge is not None and vmerge.get(VAL, "continue") == "continue":
        c = len(slots)
        return above[c] if above is not None and c < len(above) else None
    if hmerge is not None and hmerge.get(VAL, "continue") == "continue" and slots:
        return slots[-1]
    return None


def _ancestor(el: etree._Element, tag: str) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _detach(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)
