"""Write a `Summary` in every form: xlsx, json, csv (and docx on request)."""

from __future__ import annotations

from pathlib import Path

from ..consolidate import Summary
from .tabular import write_csvs, write_json
from .xlsx import write_xlsx


def write_summary(summary: Summary, xlsx: str | Path, docx: str | Path | None = None) -> list[Path]:
    """summary.xlsx, then summary.json and summary-<view>.csv beside it, then the Word appendix."""
    xlsx = Path(xlsx)
    written = [write_xlsx(summary, xlsx), write_json(summary, xlsx.with_suffix(".json"))]
    written += write_csvs(summary, xlsx.with_suffix(""))
    if docx:
        from .docx_appendix import write_docx  # python-docx only when asked

        written.append(write_docx(summary, docx))
    return written
