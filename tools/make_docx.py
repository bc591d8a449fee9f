"""Build realistic Vietnamese CCHC report .docx files, and regenerate corpus/*.docx.

A library first: `build_report(ReportSpec(...)) -> bytes` writes a report the
way Vietnamese agencies lay theirs out in Word (Nghị định 30/2020/NĐ-CP):

- the first-page two-column letterhead table (agency | Quốc hiệu, Tiêu ngữ;
  "Số: .../BC-..." | "<Địa danh>, ngày ... tháng ... năm ...");
- "BÁO CÁO", the title, "Kính gửi: ...";
- headings numbered by Word itself: one multilevel list (numbering.xml) with
  upperRoman "%1.", decimal "%2.", "%2.%3.", "%2.%3.%4." and lowerLetter "%5)"
  levels. Heading 1-4 paragraphs get their number through their style (the
  style's numPr), lettered items through their own numPr; the label is never
  in the paragraph text, as in real files. A `Heading(label=...)` is typed by
  hand instead (numbering switched off), as people do when Word's number is
  "wrong";
- bullet lists (Word bullets "-", "+", Symbol "•", or typed "- ");
- Word tables with merged header cells (gridSpan, vMerge), an auto-numbered
  STT column restarted per table (lvlOverride/startOverride), nested tables;
- the closing "Nơi nhận" / signature table.

Output is byte-stable: fixed core-properties dates and zip timestamps, so
`python tools/make_docx.py` rewrites corpus/*.docx identically. The corpus
reports themselves are written in `docx_specs.py`; `docx_from_text.py` makes
the .docx twin of a Word text export (.txt) with this builder.

Usage: python tools/make_docx.py [OUT_DIR]   (default: corpus/ next to tools/)
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

FIXED_DATE = dt.datetime(2024, 1, 1, 8, 0, 0)
_ZIP_DATE = (2024, 1, 1, 8, 0, 0)

# -- the spec ------------------------------------------------------------------------


@dataclass
class Heading:
    """A section heading. `level` 0 "I.", 1 "1.", 2 "1.1.", 3 "1.1.1.", 4 "a)".

    With `label`, the number is typed into the text instead of drawn by Word.
    """

    text: str
    level: int
    label: str | None = None


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    center: bool = False
    style: str | None = None


@dataclass
class Bullets:
    """A bulleted list. `auto`: Word bullets (label outside the text); else typed "<char> "."""

    items: list[str]
    char: str = "-"  # "-", "+" or "•"
    auto: bool = True


@dataclass
class Cell:
    text: str = ""
    col_span: int = 1
    row_span: int = 1
    nested: "Table | None" = None
    bold: bool = False


@dataclass
class Table:
    """A grid of rows; a merged cell is given once, with its spans, at its top-left slot.

    None marks a slot covered by a merged cell given earlier. A row shorter than
    the widest one is ragged: its missing slots become w:gridAfter, as Word
    writes rows that skip columns. `auto_stt`: the first column of body rows is
    numbered by Word (text left empty).
    """

    rows: list[list[Union[Cell, str, None]]]
    header_rows: int = 1
    auto_stt: bool = False
    borders: bool = True


@dataclass
class Letterhead:
    parent: str  # "UBND TỈNH ĐỒNG NAI"
    agency: str  # "SỞ CÔNG THƯƠNG"
    number: str  # "Số: 123/BC-SCT"
    place_date: str  # "Đồng Nai, ngày 15 tháng 9 năm 2023"
    motto: tuple[str, str] = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass
class Signature:
    recipients: list[str]  # lines under "Nơi nhận:"
    titles: list[str]  # ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    signer: str


Item = Union[Heading, Paragraph, Bullets, Table]


@dataclass
class Scheme:
    """The lvlText of the five outline levels (Roman, Arabic x3, lettered)."""

    texts: tuple[str, ...] = ("%1.", "%2.", "%2.%3.", "%2.%3.%4.", "%5)")
    formats: tuple[str, ...] = ("upperRoman", "decimal", "decimal", "decimal", "lowerLetter")


@dataclass
class ReportSpec:
    body: list[Item]
    letterhead: Letterhead | None = None
    title: str | None = None  # the line after "BÁO CÁO"
    recipients: list[str] = field(default_factory=list)  # after "Kính gửi:"
    signature: Signature | None = None
    doc_type: str = "BÁO CÁO"
    scheme: Scheme = field(default_factory=Scheme)
    author: str = "Văn thư"


# -- numbering ids -------------------------------------------------------------------

_OUTLINE, _BULLET, _STT = 1, 2, 3  # abstractNum ids; numIds 1 and 2 point to the first two
_HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
_BULLET_LEVELS = {"-": (0, "-", None), "+": (1, "+", None), "•": (2, "\uf0b7", "Symbol")}


def build_report(spec: ReportSpec) -> bytes:
    """The .docx bytes of a report (deterministic)."""
    document = docx.Document()
    _setup_styles(document)
    builder = _Builder(document, spec.scheme)
    if spec.letterhead:
        builder.letterhead(spec.letterhead)
    if spec.title:
        builder.paragraph(Paragraph(spec.doc_type, bold=True, center=True))
        builder.paragraph(Paragraph(spec.title, bold=True, center=True))
    if spec.recipients:
        builder.paragraph(Paragraph("Kính gửi: " + "; ".join(spec.recipients) + ".", center=True))
    for item in spec.body:
        builder.item(item)
    if spec.signature:
        builder.signature(spec.signature)
    _prune_styles(document)
    _fix_properties(document, spec)
    out = io.BytesIO()
    document.save(out)
    return stable_zip(out.getvalue())


class _Builder:
    def __init__(self, document, scheme: Scheme):
        self.doc = document
        self.next_num = 4
        self.numbering = document.part.numbering_part.element
        for child in list(self.numbering):
            self.numbering.remove(child)
        self.numbering.append(_abstract(_OUTLINE, "multilevel", [
            (i, fmt, text, _heading_id(i)) for i, (fmt, text) in enumerate(zip(scheme.formats, scheme.texts))]))
        self.numbering.append(_abstract(_BULLET, "hybridMultilevel", [
            (ilvl, "bullet", text, None, font) for ilvl, text, font in _BULLET_LEVELS.values()]))
        self.numbering.append(_abstract(_STT, "singleLevel", [(0, "decimal", "%1", None)]))
        self.numbering.append(_num(_OUTLINE, _OUTLINE))
        self.numbering.append(_num(_BULLET, _BULLET))
        for ilvl, name in enumerate(_HEADING_STYLES):  # headings get their numbers from their style
            _set_num_pr(document.styles[name].element.get_or_add_pPr(), _OUTLINE, ilvl)

    def item(self, item: Item) -> None:
        if isinstance(item, Heading):
            self.heading(item)
        elif isinstance(item, Paragraph):
            self.paragraph(item)
        elif isinstance(item, Bullets):
            self.bullets(item)
        else:
            self.table(item)

    def heading(self, h: Heading) -> None:
        if h.level < len(_HEADING_STYLES):
            p = self.doc.add_paragraph(h.text if h.label is None else f"{h.label} {h.text}",
                                       style=_HEADING_STYLES[h.level])
            if h.label is not None:  # typed by hand: the style's numbering is switched off
                _set_num_pr(p._p.get_or_add_pPr(), 0, None)
        else:
            p = self.doc.add_paragraph(h.text if h.label is None else f"{h.label} {h.text}")
            if h.label is None:
                _set_num_pr(p._p.get_or_add_pPr(), _OUTLINE, h.level)
            p.runs[0].italic = True

    def paragraph(self, para: Paragraph, container=None):
        p = (container or self.doc).add_paragraph(style=para.style)
        _add_text(p, para.text, bold=para.bold, italic=para.italic)
        if para.center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    def bullets(self, b: Bullets) -> None:
        ilvl = _BULLET_LEVELS[b.char][0]
        for text in b.items:
            p = self.doc.add_paragraph(text if b.auto else f"{b.char} {text}")
            if b.auto:
                _set_num_pr(p._p.get_or_add_pPr(), _BULLET, ilvl)

    def table(self, spec: Table, container=None):
        n_cols = max(sum(c.col_span if isinstance(c, Cell) else 1 for c in row) for row in spec.rows)
        table = (container or self.doc).add_table(rows=len(spec.rows), cols=n_cols)
        if spec.borders:
            table.style = self.doc.styles["Table Grid"]
        stt_num = self._restarted_num(_STT) if spec.auto_stt else None
        ragged = []
        for r, row in enumerate(spec.rows):
            c = 0
            for cell in row:
                cell = Cell(cell) if isinstance(cell, str) else cell
                if cell is not None:
                    self._cell(table, spec, r, c, cell, stt_num)
                c += cell.col_span if cell is not None else 1
            ragged.append((table.rows[r]._tr, n_cols - c))
        for tr, missing in ragged:  # last: python-docx addresses cells by a full grid
            if missing > 0:
                _ragged(tr, missing)
        return table

    def _cell(self, table, spec: Table, r: int, c: int, cell: Cell, stt_num: int | None) -> None:
        target = table.cell(r, c)
        if cell.row_span > 1 or cell.col_span > 1:
            target = target.merge(table.cell(r + cell.row_span - 1, c + cell.col_span - 1))
        lines = cell.text.split("\n")
        first = target.paragraphs[0]
        _add_text(first, lines[0], bold=cell.bold or r < spec.header_rows)
        for line in lines[1:]:
            _add_text(target.add_paragraph(), line, bold=cell.bold or r < spec.header_rows)
        if stt_num and c == 0 and r >= spec.header_rows and not cell.text:
            _set_num_pr(first._p.get_or_add_pPr(), stt_num, 0)
        if cell.nested is not None:
            self.table(cell.nested, target)

    def _restarted_num(self, abstract: int) -> int:
        """A new numId on `abstract` whose level 0 restarts at 1 (Word's "Restart numbering")."""
        num_id, self.next_num = self.next_num, self.next_num + 1
        self.numbering.append(_num(num_id, abstract, restart=1))
        return num_id

    def letterhead(self, lh: Letterhead) -> None:
        self.table(Table(rows=[
            [Cell(f"{lh.parent}\n{lh.agency}", bold=True), Cell("\n".join(lh.motto), bold=True)],
            [Cell(lh.number), Cell(lh.place_date)],
        ], header_rows=0, borders=False))

    def signature(self, sig: Signature) -> None:
        self.table(Table(rows=[[
            Cell("Nơi nhận:\n" + "\n".join(sig.recipients)),
            Cell("\n".join(sig.titles) + "\n\n\n" + sig.signer, bold=True),
        ]], header_rows=0, borders=False))


# -- low-level XML -------------------------------------------------------------------

def _heading_id(ilvl: int) -> str | None:
    return _HEADING_STYLES[ilvl].replace(" ", "") if ilvl < len(_HEADING_STYLES) else None


def _el(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _abstract(aid: int, kind: str, levels: list[tuple]) -> object:
    el = _el("w:abstractNum", abstractNumId=str(aid))
    el.append(_el("w:multiLevelType", val=kind))
    for ilvl, fmt, text, style, *font in levels:
        lvl = _el("w:lvl", ilvl=str(ilvl))
        lvl.append(_el("w:start", val="1"))
        lvl.append(_el("w:numFmt", val=fmt))
        if style:
            lvl.append(_el("w:pStyle", val=style))
        lvl.append(_el("w:lvlText", val=text))
        lvl.append(_el("w:lvlJc", val="left"))
        ppr = _el("w:pPr")
        ppr.append(_el("w:ind", left=str(360 * (ilvl + 1)), hanging="360"))
        lvl.append(ppr)
        if font and font[0]:
            rpr = _el("w:rPr")
            rpr.append(_el("w:rFonts", ascii=font[0], hAnsi=font[0], hint="default"))
            lvl.append(rpr)
        el.append(lvl)
    return el


def _num(num_id: int, abstract: int, restart: int | None = None):
    el = _el("w:num", numId=str(num_id))
    el.append(_el("w:abstractNumId", val=str(abstract)))
    if restart is not None:
        override = _el("w:lvlOverride", ilvl="0")
        override.append(_el("w:startOverride", val=str(restart)))
        el.append(override)
    return el


def _set_num_pr(ppr, num_id: int, ilvl: int | None) -> None:
    """Number a paragraph or style (`num_id` 0 switches inherited numbering off)."""
    ppr._remove_numPr()
    numpr = ppr.get_or_add_numPr()  # python-docx keeps the schema's child order
    if ilvl is not None:
        numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num_id


def _ragged(tr, missing: int) -> None:
    """Drop a row's last `missing` cells and say so with w:gridAfter."""
    for tc in tr.tc_lst[-missing:]:
        tr.remove(tc)
    tr.get_or_add_trPr().append(_el("w:gridAfter", val=str(missing)))


def _add_text(paragraph, text: str, bold: bool = False, italic: bool = False) -> None:
    """One run for `text` (python-docx writes a tab as w:tab and a newline as w:br)."""
    if not text:
        return
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None


def _setup_styles(document) -> None:
    """Times New Roman 13 in black, as Nghị định 30/2020 asks; headings bold, not blue."""
    for name in ("Normal", *_HEADING_STYLES):
        style = document.styles[name]
        style.font.name = "Times New Roman"
        style.font.size = Pt(13)
        style.font.color.rgb = None
        style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
        if name != "Normal":
            style.font.bold = name != "Heading 4"
            style.font.italic = name == "Heading 4"


def _prune_styles(document) -> None:
    """Keep the styles in use and those they inherit from, as Word's own files do.

    python-docx's template defines some 160 styles in full (350 KB of
    styles.xml); a report saved by Word carries a tenth of that.
    """
    root = document.styles.element
    by_id = {el.get(qn("w:styleId")): el for el in root.iterchildren(qn("w:style"))}
    refs = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
    wanted = [el.get(qn("w:val")) for part in (document.element, document.part.numbering_part.element)
              for el in part.iter(*refs)]
    wanted += [sid for sid, el in by_id.items() if el.get(qn("w:default")) in ("1", "true")]
    keep: set[str] = set()
    while wanted:
        sid = wanted.pop()
        if sid in keep or sid not in by_id:
            continue
        keep.add(sid)
        wanted += [ref.get(qn("w:val")) for tag in ("w:basedOn", "w:link", "w:next")
                   if (ref := by_id[sid].find(qn(tag))) is not None]
    for sid, el in by_id.items():
        if sid not in keep:
            root.remove(el)


def _fix_properties(document, spec: ReportSpec) -> None:
    props = document.core_properties
    props.author = props.last_modified_by = spec.author
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    props.title = spec.title or ""
    props.comments = ""


def stable_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps so that equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write every report of `docx_specs.CORPUS` to OUT_DIR (default corpus/)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.modules.setdefault("make_docx", sys.modules[__name__])  # run as a script: one copy of the classes
    from docx_specs import CORPUS

    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "corpus"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, spec in CORPUS.items():
        (out_dir / f"{name}.docx").write_bytes(build_report(spec))
        print(f"wrote {out_dir / name}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
