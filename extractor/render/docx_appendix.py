"""The Word appendix: the province's main figures, ready to paste into the provincial report.

Times New Roman 13 (the NĐ 30/2020 body font), the appendix heading of a
Vietnamese report annex, one table (STT, indicator, unit, figure, bodies
reporting) with a repeated header row, numbers written the Vietnamese way.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ..consolidate import Summary

_FONT, _SIZE = "Times New Roman", 13
_COLUMNS = ("stt", "label", "unit", "total", "reported")
_HEADINGS = ("STT", "Chỉ tiêu", "Đơn vị tính", "Tổng hợp", "Số cơ quan báo cáo")


def vn_number(value) -> str:
    """A number as Vietnamese text: '.' groups thousands, ',' marks decimals.

    >>> vn_number(9436), vn_number(99.99), vn_number(1234.5), vn_number(None)
    ('9.436', '99,99', '1.234,5', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def write_docx(summary: Summary, path: str | Path) -> Path:
    """Write the appendix; returns its path."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = _FONT, Pt(_SIZE)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), _FONT)
    _centered(doc, "PHỤ LỤC", bold=True)
    _centered(doc, f"TỔNG HỢP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH {(summary.period or '').upper()}".strip(), bold=True)
    _centered(doc, "(Kèm theo Báo cáo số      /BC-      ngày      tháng      năm      )", italic=True)
    _table(doc, summary.view("totals").records())
    counts = summary.counts
    doc.add_paragraph(f"Số liệu tổng hợp từ {counts['counted']} báo cáo của các cơ quan, đơn vị "
                      f"({counts['not_counted']} báo cáo không tính, {counts['failed']} tệp không đọc được). "
                      "Tỷ lệ được tính lại từ tổng tử số và tổng mẫu số, không lấy bình quân tỷ lệ.")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def _centered(doc, text: str, bold: bool = False, italic: bool = False) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(text)
    run.bold, run.italic = bold, italic


def _table(doc, records: list[dict]) -> None:
    table = doc.add_table(rows=1, cols=len(_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, _HEADINGS):
        cell.text = ""
        run = cell.paragraphs[0].add_run(heading)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_header(table.rows[0])
    for rec in records:
        cells = table.add_row().cells
        for i, col in enumerate(_COLUMNS):
            value = rec.get(col)
            cells[i].text = vn_number(value) if col in ("stt", "total", "reported") else (value or "")
            if col in ("stt", "total", "reported", "unit"):
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if col != "unit" else \
                    WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(row) -> None:
    """Repeat the heading row at the top of every page the table runs onto."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)
