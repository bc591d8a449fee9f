"""The .docx reader: Word auto-numbering, text, tables, styles, and hostile files.

Documents are written here as raw WordprocessingML (the few elements each case
needs), so that every row states exactly the XML form it covers. The forms are
the ones Word, LibreOffice and WPS write into real reports.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from extractor.errors import CchcError, LimitExceeded, UnreadableFile, UnsupportedFormat
from extractor.reader import Limits, read_file
from extractor.reader_docx import read_docx

ROOT = Path(__file__).resolve().parents[1]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
LIMITS = Limits()


# -- building test documents ---------------------------------------------------------

def docx(body: str, numbering: str = "", styles: str = "", parts: dict[str, bytes] | None = None,
         document: str | None = None) -> bytes:
    """A minimal .docx whose body, numbering.xml and styles.xml are the given XML."""
    files = {
        "_rels/.rels": RELS.encode(),
        "word/document.xml": (document or f'<w:document {NS}><w:body>{body}</w:body></w:document>').encode(),
    }
    if numbering:
        files["word/numbering.xml"] = f"<w:numbering {NS}>{numbering}</w:numbering>".encode()
    if styles:
        files["word/styles.xml"] = f"<w:styles {NS}>{styles}</w:styles>".encode()
    files.update(parts or {})
    return zip_bytes(files)


def zip_bytes(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def p(text: str = "x", num: str | None = None, ilvl: int | None = None, style: str | None = None,
      ppr: str = "") -> str:
    """A paragraph, optionally numbered (numId/ilvl) and styled."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        props += "<w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + \
                 f'<w:numId w:val="{num}"/></w:numPr>'
    props += ppr
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{run}</w:p>"


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def abstract(aid: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(num_id: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def start_override(ilvl: int, value: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


def style(sid: str, name: str, ppr: str = "", based_on: str | None = None, kind: str = "paragraph",
          default: bool = False) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    flag = ' w:default="1"' if default else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"{flag}><w:name w:val="{name}"/>{based}'
            f'<w:pPr>{ppr}</w:pPr></w:style>')


def read(data: bytes, limits: Limits = LIMITS):
    return read_docx(data, "test.docx", limits)


def labels(data: bytes) -> list[str | None]:
    return [b.label for b in read(data).blocks]


# -- auto-numbering ------------------------------------------------------------------

# The multilevel outline most reports use: I. / 1. / 1.1. / a)
OUTLINE = abstract(1, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "decimal", "%2.%3."),
                   lvl(3, "lowerLetter", "%4)"))

NUMBERING_CASES = [
    # (numbering.xml content, body paragraphs, expected labels)
    # the usual outline: Roman parts, Arabic sections restarting under each part, lettered items
    (OUTLINE + num(1, 1),
     [p(num="1", ilvl=0), p(num="1", ilvl=1), p(num="1", ilvl=1), p(num="1", ilvl=3), p(num="1", ilvl=3),
      p(num="1", ilvl=1), p(num="1", ilvl=3), p(num="1", ilvl=0), p(num="1", ilvl=1)],
     ["I.", "1.", "2.", "a)", "b)", "3.", "a)", "II.", "1."]),
    # "%2.%3." composite labels ("2.1.", "2.2.") restart under a new "3."
    (OUTLINE + num(1, 1),
     [p(num="1", ilvl=1), p(num="1", ilvl=1), p(num="1", ilvl=2), p(num="1", ilvl=2), p(num="1", ilvl=1),
      p(num="1", ilvl=2)],
     ["1.", "2.", "2.1.", "2.2.", "3.", "3.1."]),
    # a deeper level used before its parent shows the parent's start value (Word does the same)
    (OUTLINE + num(1, 1), [p(num="1", ilvl=2), p(num="1", ilvl=2)], ["1.1.", "1.2."]),
    # two numIds on one abstractNum continue each other (Word's "Continue numbering")
    (abstract(3, lvl(0, "decimal", "%1")) + num(5, 3) + num(6, 3),
     [p(num="5", ilvl=0), p(num="5", ilvl=0), p(num="6", ilvl=0)], ["1", "2", "3"]),
    # a numId with startOverride restarts the list: the STT column of the second table
    (abstract(3, lvl(0, "decimal", "%1")) + num(5, 3) + num(6, 3, start_override(0, 1)),
     [p(num="5", ilvl=0), p(num="5", ilvl=0), p(num="6", ilvl=0), p(num="6", ilvl=0)], ["1", "2", "1", "2"]),
    # ... and a list that returns to the first numId afterwards continues the shared count (Word: 1 2 8 9)
    (abstract(3, lvl(0, "decimal", "%1")) + num(1, 3) + num(2, 3, start_override(0, 8)),
     [p(num="1", ilvl=0), p(num="1", ilvl=0), p(num="2", ilvl=0), p(num="1", ilvl=0)], ["1", "2", "8", "9"]),
    # startOverride to another value ("Set numbering value" to 4)
    (abstract(3, lvl(0, "decimal", "%1.")) + num(7, 3, start_override(0, 4)), [p(num="7", ilvl=0)], ["4."]),
    # w:start other than 1, and decimalZero ("01.", "02.") as in "Số: 01/BC-UBND"-minded typists
    (abstract(2, lvl(0, "decimalZero", "%1.", start=1)) + abstract(4, lvl(0, "decimal", "%1)", start=5))
     + num(1, 2) + num(2, 4),
     [p(num="1", ilvl=0), p(num="1", ilvl=0), p(num="2", ilvl=0)], ["01.", "02.", "5)"]),
    # lvlRestart 0: the deeper level never restarts (a running count across sections)
    (abstract(1, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%2)", extra='<w:lvlRestart w:val="0"/>'))
     + num(1, 1),
     [p(num="1", ilvl=0), p(num="1", ilvl=1), p(num="1", ilvl=0), p(num="1", ilvl=1)], ["1.", "a)", "2.", "b)"]),
    # isLgl: a legal-style level writes its Roman parent in decimal ("1.1." under "I.")
    (abstract(1, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>")) + num(1, 1),
     [p(num="1", ilvl=0), p(num="1", ilvl=1)], ["I.", "1.1."]),
    # lettered level with a slash, "a/" "b/" (as in "a/ Về thực hiện các quy định ...")
    (abstract(1, lvl(0, "lowerLetter", "%1/")) + num(1, 1), [p(num="1", ilvl=0), p(num="1", ilvl=0)],
     ["a/", "b/"]),
    # bullets: "-" typed in lvlText, and Symbol's private-use bullet drawn as "•"
    (abstract(1, lvl(0, "bullet", "-"), lvl(1, "bullet", "\uf0b7")) + num(1, 1),
     [p(num="1", ilvl=0), p(num="1", ilvl=1)], ["-", "•"]),
    # an empty numbered paragraph still takes a number (Word shows "2." on it)
    (abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1),
     [p(num="1", ilvl=0), p("", num="1", ilvl=0), p(num="1", ilvl=0)], ["1.", "3."]),
    # ... but a numbered paragraph deleted with tracked changes (its mark deleted) does not
    (abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1),
     [p(num="1", ilvl=0), p("", num="1", ilvl=0, ppr='<w:rPr><w:del w:id="9" w:author="A"/></w:rPr>'),
      p(num="1", ilvl=0)], ["1.", "2."]),
    # numId 0 and an undefined numId: no label
    (abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1), [p(num="0", ilvl=0), p(num="9", ilvl=0)], [None, None]),
    # Word 2010+ custom format: numFmt inside mc:AlternateContent, the Fallback is read
    (abstract(1, '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14">'
                 '<w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice><mc:Fallback>'
                 '<w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>'
                 '<w:lvlText w:val="%1."/></w:lvl>') + num(1, 1),
     [p(num="1", ilvl=0)], ["01."]),
    # a level overridden in full inside w:lvlOverride
    (abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1, '<w:lvlOverride w:ilvl="0">'
                                                      + lvl(0, "upperLetter", "%1.") + "</w:lvlOverride>"),
     [p(num="1", ilvl=0), p(num="1", ilvl=0)], ["A.", "B."]),
]


@pytest.mark.parametrize("numbering,body,expected", NUMBERING_CASES)
def test_auto_numbering_labels(numbering, body, expected):
    assert labels(docx("".join(body), numbering=numbering)) == expected


HEADING_STYLES = (style("Normal", "Normal", default=True)
                  + style("Heading1", "heading 1", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
                          '<w:outlineLvl w:val="0"/>', based_on="Normal")
                  + style("Heading2", "heading 2", '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'
                          '<w:outlineLvl w:val="1"/>', based_on="Normal")
                  + style("MyHeading2", "Tiêu đề mục", "", based_on="Heading2"))


def test_numbering_inherited_from_the_paragraph_style():
    # the common real form: Heading 1/2 paragraphs carry only w:pStyle, the style holds numPr
    body = p("CÔNG TÁC CHỈ ĐẠO", style="Heading1") + p("Kế hoạch", style="Heading2") + \
        p("Kiểm tra", style="MyHeading2") + p("Ghi chú", style="Heading2", num="0") + p("KẾT QUẢ", style="Heading1")
    blocks = read(docx(body, numbering=OUTLINE + num(1, 1), styles=HEADING_STYLES)).blocks
    assert [(b.label, b.style, b.outline_level, b.list_level, b.kind) for b in blocks] == [
        ("I.", "Heading 1", 0, 0, "list_item"),  # outline_level is Word's 0-based w:outlineLvl
        ("1.", "Heading 2", 1, 1, "list_item"),
        ("2.", "Tiêu đề mục", 1, 1, "list_item"),  # basedOn Heading2: numbering and outline inherited
        (None, "Heading 2", 1, None, "paragraph"),  # numId 0 switches the style's numbering off
        ("II.", "Heading 1", 0, 0, "list_item"),
    ]


def test_style_numbering_without_ilvl_takes_the_level_linked_to_the_style():
    # list levels name their style (w:lvl/w:pStyle); the style's numPr then omits ilvl
    numbering = abstract(1, lvl(0, "upperRoman", "%1.", extra='<w:pStyle w:val="H1"/>'),
                         lvl(1, "decimal", "%2.", extra='<w:pStyle w:val="H2"/>')) + num(1, 1)
    styles = style("H1", "heading 1", '<w:numPr><w:numId w:val="1"/></w:numPr>') + \
        style("H2", "heading 2", '<w:numPr><w:numId w:val="1"/></w:numPr>')
    assert labels(docx(p(style="H1") + p(style="H2") + p(style="H2"), numbering, styles)) == ["I.", "1.", "2."]


def test_list_style_link():
    # abstractNum 1 is a numStyleLink to list style "DeMuc", whose numId 2 holds the real levels
    numbering = (abstract(1, extra='<w:numStyleLink w:val="DeMuc"/>')
                 + abstract(2, lvl(0, "upperRoman", "%1."), extra='<w:styleLink w:val="DeMuc"/>')
                 + num(1, 1) + num(2, 2))
    styles = style("DeMuc", "De muc", '<w:numPr><w:numId w:val="2"/></w:numPr>', kind="numbering")
    assert labels(docx(p(num="1", ilvl=0) + p(num="1", ilvl=0), numbering, styles)) == ["I.", "II."]


def test_undefined_list_is_a_warning_not_a_failure():
    raw = read(docx(p(num="7", ilvl=0), numbering=OUTLINE + num(1, 1)))
    assert raw.blocks[0].label is None and raw.blocks[0].kind == "paragraph"
    assert [code for code, _ in raw.warnings] == ["DOCX_NUMBERING_UNDEFINED"]


# -- text ----------------------------------------------------------------------------

def r(inner: str) -> str:
    return f"<w:r>{inner}</w:r>"


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{text}</w:t>'


TEXT_CASES = [
    # (paragraph XML, expected block texts)
    # runs split mid-word, as Word's spell checker and rsids leave them
    ("<w:p>" + r(t("Kế hoạch số 2")) + r(t("82/KH-UBND")) + "</w:p>", ["Kế hoạch số 282/KH-UBND"]),
    # tab and line break inside a paragraph; a tab stop in w:pPr is not a tab
    ('<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
     + r(t("STT") + "<w:tab/>" + t("Nội dung") + "<w:br/>" + t("dòng 2")) + "</w:p>", ["STT\tNội dung\ndòng 2"]),
    # non-breaking hyphen in a ký hiệu, soft hyphen dropped
    ("<w:p>" + r(t("Số 45/KH") + "<w:noBreakHyphen/>" + t("UBND") + "<w:softHyphen/>") + "</w:p>",
     ["Số 45/KH\u2011UBND"]),
    # Symbol-font bullet typed with Insert > Symbol (w:sym), stored in the Private Use Area
    ('<w:p>' + r('<w:sym w:font="Symbol" w:char="F0B7"/>') + r(t(" Giảm chi phí")) + "</w:p>", ["• Giảm chi phí"]),
    # tracked changes: the deletion is gone, the insertion stays
    ("<w:p>" + r(t("đạt ")) + '<w:del w:id="1" w:author="A"><w:r><w:delText>95</w:delText></w:r></w:del>'
     + '<w:ins w:id="2" w:author="A">' + r(t("99,5")) + "</w:ins>" + r(t("%")) + "</w:p>", ["đạt 99,5%"]),
    # a producer that writes w:t (not w:delText) inside a deletion: still dropped
    ("<w:p>" + '<w:del w:id="4" w:author="A">' + r(t("bỏ ")) + "</w:del>" + r(t("giữ")) + "</w:p>", ["giữ"]),
    # a moved paragraph's old place is gone
    ("<w:p>" + '<w:moveFrom w:id="3" w:author="A">' + r(t("cũ ")) + "</w:moveFrom>" + r(t("mới")) + "</w:p>",
     ["mới"]),
    # hidden text (w:vanish) is not read; vanish val="0" is visible
    ("<w:p>" + r("<w:rPr><w:vanish/></w:rPr>" + t("ẩn ")) + r('<w:rPr><w:vanish w:val="0"/></w:rPr>' + t("hiện"))
     + "</w:p>", ["hiện"]),
    # a complex field: the instruction is not text, the result is
    ("<w:p>" + r(t("Trang ")) + r('<w:fldChar w:fldCharType="begin"/>') + r("<w:instrText> PAGE </w:instrText>")
     + r('<w:fldChar w:fldCharType="separate"/>') + r(t("3")) + r('<w:fldChar w:fldCharType="end"/>') + "</w:p>",
     ["Trang 3"]),
    # a simple field and a hyperlink keep their visible text
    ('<w:p><w:fldSimple w:instr=" DATE ">' + r(t("12/3/2024")) + "</w:fldSimple>"
     + '<w:hyperlink w:anchor="x">' + r(t(" (xem)")) + "</w:hyperlink></w:p>", ["12/3/2024 (xem)"]),
    # decomposed Vietnamese (NFD, from old converters) becomes NFC
    ("<w:p>" + r(t(unicodedata.normalize("NFD", "Ủy ban nhân dân"))) + "</w:p>", ["Ủy ban nhân dân"]),
    # a content control (w:sdt) around paragraphs, as in form templates
    ("<w:sdt><w:sdtPr/><w:sdtContent>" + p("Kính gửi: Sở Nội vụ") + "</w:sdtContent></w:sdt>",
     ["Kính gửi: Sở Nội vụ"]),
    # a text box (DrawingML, with its VML fallback): read once, after its anchor paragraph
    ("<w:p>" + r(t("Nội dung chính")) + r(
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>' + p("Số: 12/BC-UBND")
        + '</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
        '<w:txbxContent>' + p("Số: 12/BC-UBND") + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent>") + "</w:p>" + p("Sau"),
     ["Nội dung chính", "Số: 12/BC-UBND", "Sau"]),
    # a VML-only text box (Word 2003 files re-saved as .docx)
    ("<w:p>" + r('<w:pict><v:shape><v:textbox><w:txbxContent>' + p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
                 + "</w:txbxContent></v:textbox></v:shape></w:pict>") + "</w:p>",
     ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
    # empty and whitespace-only paragraphs make no block; outer spaces are trimmed
    (p("") + p("   ") + p("  Nội dung  "), ["Nội dung"]),
]


@pytest.mark.parametrize("body,expected", TEXT_CASES)
def test_paragraph_text(body, expected):
    assert [b.text for b in read(docx(body)).blocks] == expected


def test_tracked_changes_are_reported():
    body = "<w:p>" + '<w:del w:id="1" w:author="A"><w:r><w:delText>x</w:delText></w:r></w:del>' + r(t("y")) + "</w:p>"
    assert [code for code, _ in read(docx(body)).warnings] == ["DOCX_TRACKED_CHANGES"]


def test_style_names_and_outline_levels():
    styles = style("Normal", "Normal", default=True) + style("Heading3", "heading 3", based_on="Normal") + \
        style("Title", "Title")
    body = p("a") + p("b", style="Heading3") + p("c", style="Title", ppr='<w:outlineLvl w:val="0"/>') + \
        p("d", style="Heading3", ppr='<w:outlineLvl w:val="9"/>') + p("e", style="Unknown")
    blocks = read(docx(body, styles=styles)).blocks
    assert [(b.style, b.outline_level) for b in blocks] == [
        ("Normal", None),  # no pStyle: the default paragraph style
        ("Heading 3", 2),  # built-in names are stored lower-case ("heading 3"); no outlineLvl: from the name
        ("Title", 0),  # direct w:outlineLvl 0
        ("Heading 3", None),  # outlineLvl 9 = body text
        ("Unknown", None),  # a style id with no definition keeps its id
    ]


# -- tables --------------------------------------------------------------------------

def tc(text: str = "", span: int = 1, vmerge: str | None = None, inner: str = "") -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + \
        ("" if vmerge is None else ("<w:vMerge/>" if vmerge == "continue" else f'<w:vMerge w:val="{vmerge}"/>'))
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text) if text else '<w:p/>'}{inner}</w:tc>"


def tr(*cells: str, before: int = 0, after: int = 0) -> str:
    props = (f'<w:gridBefore w:val="{before}"/>' if before else "") + (f'<w:gridAfter w:val="{after}"/>' if after else "")
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str, cols: int = 0) -> str:
    grid = "<w:tblGrid>" + '<w:gridCol w:w="1000"/>' * cols + "</w:tblGrid>" if cols else ""
    return f"<w:tbl><w:tblPr/>{grid}{''.join(rows)}</w:tbl>"


def grid_texts(raw, table: int) -> list[list[str | None]]:
    return [[None if i is None else raw.blocks[i].text for i in row] for row in raw.tables[table].grid]


def test_merged_header_cells():
    # the one-stop table's header: STT and Lĩnh vực span two rows, "Số hồ sơ" spans two columns
    body = p("Kết quả giải quyết hồ sơ:") + tbl(
        tr(tc("STT", vmerge="restart"), tc("Lĩnh vực", vmerge="restart"), tc("Số hồ sơ", span=2)),
        tr(tc(vmerge="continue"), tc(vmerge="continue"), tc("Tiếp nhận"), tc("Đã giải quyết")),
        tr(tc("1"), tc("Công Thương"), tc("9.436"), tc("9.436")), cols=4)
    raw = read(docx(body))
    assert grid_texts(raw, 0) == [["STT", "Lĩnh vực", "Số hồ sơ", "Số hồ sơ"],
                                  ["STT", "Lĩnh vực", "Tiếp nhận", "Đã giải quyết"],
                                  ["1", "Công Thương", "9.436", "9.436"]]
    stt, field, count = raw.blocks[1], raw.blocks[2], raw.blocks[3]
    assert (stt.row, stt.col, stt.row_span, stt.col_span) == (0, 0, 2, 1)
    assert (field.row_span, count.col, count.col_span) == (2, 2, 2)
    assert raw.tables[0].caption_block == 0 and raw.tables[0].parent is None
    assert len(raw.blocks) == 1 + 3 + 2 + 4  # a continuation cell is not a block of its own


def test_ragged_rows_grid_before_and_after():
    # WPS/LibreOffice rows that skip grid columns: gridBefore/gridAfter slots hold no cell
    raw = read(docx(tbl(tr(tc("a"), tc("b"), tc("c")), tr(tc("d"), before=1, after=1), tr(tc("e")), cols=3)))
    assert grid_texts(raw, 0) == [["a", "b", "c"], [None, "d", None], ["e", None, None]]
    assert raw.blocks[3].col == 1


def test_legacy_hmerge():
    raw = read(docx(tbl(tr('<w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr>' + p("Tổng") + "</w:tc>",
                           '<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>', tc("5")))))
    assert grid_texts(raw, 0) == [["Tổng", "Tổng", "5"]] and raw.blocks[0].col_span == 2


def test_nested_table_follows_its_cell():
    inner = tbl(tr(tc("Nội dung"), tc("Số lượng")), tr(tc("Hồ sơ trễ hạn"), tc("03")))
    body = tbl(tr(tc("Đơn vị"), tc("Kết quả")), tr(tc("Xã A"), tc("Có 02 tồn tại:", inner=inner)), tr(tc("Xã B"), tc("Không")))
    raw = read(docx(body))
    assert [b.text for b in raw.blocks] == ["Đơn vị", "Kết quả", "Xã A", "Có 02 tồn tại:", "Nội dung", "Số lượng",
                                           "Hồ sơ trễ hạn", "03", "Xã B", "Không"]
    assert raw.tables[1].parent == (0, 1, 1) and raw.tables[1].caption_block is None
    assert grid_texts(raw, 1) == [["Nội dung", "Số lượng"], ["Hồ sơ trễ hạn", "03"]]
    assert all(raw.blocks[i].table == 1 for row in raw.tables[1].grid for i in row)


def test_cell_text_keeps_paragraphs_and_auto_numbers():
    # an auto-numbered STT cell and a cell of bullet lines: the label is written in front, as Word exports
    numbering = abstract(1, lvl(0, "decimal", "%1")) + abstract(2, lvl(0, "bullet", "-")) + num(1, 1) + num(2, 2)
    body = tbl(tr(f"<w:tc>{p('', num='1', ilvl=0)}</w:tc>",
                  f"<w:tc>{p('Việc chấp hành giờ giấc;', num='2', ilvl=0)}{p('')}{p('Đạo đức nghề nghiệp.', num='2', ilvl=0)}</w:tc>"))
    raw = read(docx(body, numbering=numbering))
    assert [b.text for b in raw.blocks] == ["1", "- Việc chấp hành giờ giấc;\n\n- Đạo đức nghề nghiệp."]
    assert all(b.label is None and b.kind == "table_cell" for b in raw.blocks)


def test_text_box_in_a_cell_joins_the_cell():
    box = r('<w:pict><v:shape><v:textbox><w:txbxContent>' + p("Đã ký") + "</w:txbxContent></v:textbox></v:shape></w:pict>")
    raw = read(docx(tbl(tr(f"<w:tc><w:p>{r(t('GIÁM ĐỐC'))}{box}</w:p></w:tc>"))))
    assert [b.text for b in raw.blocks] == ["GIÁM ĐỐC\nĐã ký"]


def test_caption_is_the_paragraph_before_the_table():
    body = p("Bảng 1:") + p("") + tbl(tr(tc("a"))) + tbl(tr(tc("b"))) + p("Sau")
    raw = read(docx(body))
    assert [t.caption_block for t in raw.tables] == [0, None]  # the second follows a table, not a paragraph


def test_row_and_cell_wrappers():
    # rows and cells inside content controls / custom XML still count
    body = tbl("<w:sdt><w:sdtContent>" + tr(tc("a"), "<w:customXml>" + tc("b") + "</w:customXml>") + "</w:sdtContent></w:sdt>")
    assert grid_texts(read(docx(body)), 0) == [["a", "b"]]


def test_absurd_grid_span_is_bounded():
    raw = read(docx(tbl(tr(tc("a", span=10**9), tc("b")))))
    assert len(raw.tables[0].grid[0]) <= 512


# -- hostile and broken files --------------------------------------------------------

def _set_encrypted_flag(data: bytes) -> bytes:
    """Mark every entry encrypted (general-purpose bit 0) in local and central headers."""
    buf = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = buf.find(sig)
        while i != -1:
            buf[i + offset] |= 0x01
            i = buf.find(sig, i + 4)
    return bytes(buf)


def _future_zip_version() -> bytes:
    """A central directory asking for zip version 7.2 (a bit flip in a real file did this)."""
    data = bytearray(docx(p("a")))
    i = data.find(b"PK\x01\x02")
    data[i + 6] = 72
    return bytes(data)


def _lying_directory() -> bytes:
    """A part whose zip directory claims 100 bytes but which inflates to 20 MB."""
    big = b"<w:document/>" + b" " * (20 * 2**20)
    data = bytearray(zip_bytes({"_rels/.rels": RELS.encode(), "word/document.xml": big}))
    real = len(big).to_bytes(4, "little")
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed-size fields
        i = data.find(sig)
        while i != -1:
            if data[i + offset:i + offset + 4] == real:
                data[i + offset:i + offset + 4] = (100).to_bytes(4, "little")
            i = data.find(sig, i + 4)
    return bytes(data)


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lollollollollollollollollollol">'
                  + "".join(f'<!ENTITY {c} "{("&" + p_ + ";") * 10}">' for p_, c in zip("abcdefgh", "bcdefghi"))
                  + f']><w:document {NS}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>')
XXE = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       f'<w:document {NS}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')

HOSTILE = [
    # (what, file bytes, error type, words of the one-line reason)
    ("zip bomb (ratio, seen in the directory)",
     lambda: zip_bytes({"_rels/.rels": RELS.encode(), "word/document.xml": b" " * (60 * 2**20)}),
     LimitExceeded, "compressed"),
    ("zip bomb (lying directory)", _lying_directory, UnreadableFile, "damaged zip part"),
    ("absurd part count", lambda: zip_bytes({f"x/{i}.xml": b"" for i in range(2500)}), LimitExceeded, "parts"),
    ("truncated zip", lambda: docx(p("a") * 200)[:300], UnreadableFile, "zip"),
    ("zip without word/document.xml", lambda: zip_bytes({"a.txt": b"hello"}), UnreadableFile,
     "without word/document.xml"),
    ("an Excel workbook named .docx", lambda: zip_bytes({"xl/workbook.xml": b"<workbook/>"}), UnsupportedFormat,
     "Excel"),
    ("an .odt named .docx", lambda: zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text",
                                               "content.xml": b"<x/>"}), UnsupportedFormat, "OpenDocument"),
    ("encrypted zip entries", lambda: _set_encrypted_flag(docx(p("a"))), UnreadableFile, "password"),
    ("unsupported zip version", _future_zip_version, UnreadableFile, "unsupported"),
    ("billion laughs", lambda: docx("", document=BILLION_LAUGHS), UnreadableFile, "DTD"),
    ("external entity (XXE)", lambda: docx("", document=XXE), UnreadableFile, "DTD"),
    ("DTD in a UTF-16 part (missed by the byte scan)", lambda: zip_bytes({
        "_rels/.rels": RELS.encode(),
        "word/document.xml": XXE.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
        .encode("utf-16")}), UnreadableFile, "DTD"),
    ("malformed XML", lambda: docx("<w:p><w:r><w:t>x</w:r></w:p>"), UnreadableFile, "not well-formed"),
    ("no w:body", lambda: docx("", document=f"<w:document {NS}/>"), UnreadableFile, "no document body"),
    ("XML nested past libxml2's depth limit", lambda: docx("<w:sdt><w:sdtContent>" * 300 + "</w:sdtContent></w:sdt>" * 300),
     UnreadableFile, "not well-formed"),
    ("malformed styles.xml", lambda: docx(p("a"), styles="<w:style>"), UnreadableFile, "styles.xml"),
]


@pytest.mark.parametrize("what,make,error,reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_end_in_one_clear_error_within_seconds(what, make, error, reason):
    data = make()
    started = time.monotonic()
    with pytest.raises(error) as info:
        read(data)
    assert time.monotonic() - started < 5
    message = str(info.value)
    assert reason in message and "\n" not in message and message.startswith("test.docx: ")
    assert "root:" not in message  # nothing of /etc/passwd leaks


def _mutants(data: bytes, rng) -> list[bytes]:
    """Truncations every 499 bytes and random byte flips of one real-shaped file."""
    cuts = [data[:n] for n in range(0, len(data), 499)]
    flips = []
    for _ in range(150):
        b = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        flips.append(bytes(b))
    return cuts + flips


def test_damaged_copies_of_a_corpus_file_read_or_fail_cleanly():
    # a bounded, seeded run of what the fuzz tests (issue 6) do at length
    import random

    data = (ROOT / "corpus" / "ubnd_huyen_nghi_loc_6t_2024.docx").read_bytes()
    for mutant in _mutants(data, random.Random(7)):
        try:
            raw = read(mutant)
        except CchcError as exc:
            assert "\n" not in str(exc)
            continue
        assert all(b.text == unicodedata.normalize("NFC", b.text) for b in raw.blocks)


def test_total_unzipped_size_limit_is_checked_before_inflating():
    data = docx(p("a"), parts={"word/media/big.bin": b"\x00" * (3 * 2**20)})
    with pytest.raises(LimitExceeded, match="inflate to"):
        read(data, Limits(max_unzipped_bytes=2 * 2**20))


def test_text_limit():
    with pytest.raises(LimitExceeded, match="text is over"):
        read(docx(p("x" * 1000) * 3), Limits(max_text_bytes=2000))


def test_strict_open_xml_is_read():
    # "Strict Open XML Document" (ISO 29500 strict) uses another namespace name
    strict = docx(p("Kính gửi: Sở Nội vụ")).replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    assert [b.text for b in read(strict).blocks] == ["Kính gửi: Sở Nội vụ"]


def test_cli_batch_with_broken_docx_files(tmp_path):
    # the done-when of issue 2/6: one clear line per bad file, exit 1, the good file still written
    good = ROOT / "corpus" / "so_gtvt_binh_thuan_q1_2024.docx"
    bad = {"truncated.docx": docx(p("a") * 200)[:300], "scan.docx": b"%PDF-1.4\n1 0 obj",
           "locked.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "empty.docx": b"",
           "noise.docx": bytes(range(256)) * 8, "no_document.docx": zip_bytes({"a.txt": b"x"}),
           "bomb.docx": zip_bytes({"word/document.xml": b" " * (60 * 2**20)}),
           "laughs.docx": docx("", document=BILLION_LAUGHS)}
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", str(good),
                           *(str(tmp_path / n) for n in bad), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(lines) == len(bad) and all(any(n in line for line in lines) for n in bad)
    assert "internal error" not in proc.stderr
    result = json.loads((out / f"{good.name}.json").read_text(encoding="utf-8"))
    assert result["source"]["format"] == "docx" and result["blocks"]


def test_error_types_are_the_projects_own():
    assert issubclass(UnreadableFile, CchcError) and issubclass(LimitExceeded, CchcError)


# -- the bundled corpus ----------------------------------------------------------------

def _builder():
    sys.path.insert(0, str(ROOT / "tools"))
    import docx_specs
    import make_docx

    return make_docx, docx_specs


def test_corpus_docx_files_are_what_the_builder_writes():
    make_docx, specs = _builder()
    for name, spec in specs.CORPUS.items():
        path = ROOT / "corpus" / f"{name}.docx"
        assert path.read_bytes() == make_docx.build_report(spec), f"{path.name}: run python tools/make_docx.py"


def test_corpus_docx_outline_letterhead_and_tables():
    _, raw = read_file(ROOT / "corpus" / "so_gtvt_binh_thuan_q1_2024.docx")
    head = [b.text for b in raw.blocks if b.table == 0]
    assert head == ["UBND TỈNH BÌNH THUẬN\nSỞ GIAO THÔNG VẬN TẢI",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                    "Số: 85/BC-SGTVT", "Bình Thuận, ngày 12 tháng 3 năm 2024"]
    outline = [b.label for b in raw.blocks if b.label and b.label not in "-+•"]
    assert outline == ["I.", "1.", "2.", "3.", "4.", "II.", "1.", "2.", "2.1.", "2.2.", "a)", "b)", "3.", "4.",
                       "5.", "6.", "III.", "1.", "2.", "IV.", "V."]
    one_stop = raw.tables[1]
    assert len(one_stop.grid) == 7 and len(one_stop.grid[0]) == 9
    assert [raw.blocks[one_stop.grid[r][0]].text for r in range(3, 6)] == ["1", "2", "3"]  # auto STT


def test_builder_api_for_other_tools():
    # the batch/benchmark helpers build synthetic reports through this API
    make_docx, _ = _builder()
    spec = make_docx.ReportSpec(body=[make_docx.Heading("KẾT QUẢ", 0), make_docx.Paragraph("Nội dung."),
                                      make_docx.Table(rows=[[make_docx.Cell("A", col_span=2)], ["1", "2"]])])
    raw = read(make_docx.build_report(spec))
    assert [(b.label, b.text) for b in raw.blocks][:2] == [("I.", "KẾT QUẢ"), (None, "Nội dung.")]
    assert grid_texts(raw, 0) == [["A", "A"], ["1", "2"]]
