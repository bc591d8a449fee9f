"""summary.xlsx: one sheet per view, formatted for people.

Frozen header row (and the name columns of wide sheets), bold shaded headings
that wrap, column widths from the content, number formats per column kind, a
bold total row. Values are written as values, not formulas, so that any reader
(and the tests, through openpyxl) sees the same numbers as summary.json.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..consolidate import Summary, View

FORMATS = {"int": "#,##0", "number": "#,##0.##", "percent": "0.00"}
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_MAX_WIDTH = 60


def write_xlsx(summary: Summary, path: str | Path) -> Path:
    """Write the workbook; returns its path."""
    wb = Workbook()
    wb.remove(wb.active)
    for view in summary.views:
        _sheet(wb.create_sheet(view.title[:31]), view)
    wb.properties.title = f"Tổng hợp cải cách hành chính {summary.period or ''}".strip()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _sheet(ws, view: View) -> None:
    ws.append([c.label for c in view.columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in view.rows:
        ws.append(row)
        _as_text(ws[ws.max_row])
    for i, col in enumerate(view.columns, 1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = _width(view, i - 1)
        if col.kind in FORMATS:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = FORMATS[col.kind]
        if col.kind == "text":
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if view.total_row and view.rows:
        for cell in ws[ws.max_row]:
            cell.font, cell.fill = Font(bold=True), _TOTAL_FILL
    ws.freeze_panes = ws.cell(row=2, column=view.frozen_cols + 1)
    ws.auto_filter.ref = ws.dimensions if view.rows else None
    _print_setup(ws)


def _as_text(cells) -> None:
    """Text that starts with "=" stays text: a formula from a report (or a "= a / b" note) is never run."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _print_setup(ws) -> None:
    """Printed (or saved as PDF) on A4 landscape, all columns on one page width, header row repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"


def _width(view: View, i: int) -> float:
    """Wide enough for the longest value (headings wrap, so they count less)."""
    longest = max((len(_shown(row[i])) for row in view.rows), default=0)
    heading = min(len(view.columns[i].label), 24)
    return min(_MAX_WIDTH, max(6, longest, heading) + 2)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
