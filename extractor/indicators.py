"""Indicators (issue 4): placeholder until the indicators extractor lands."""

from __future__ import annotations

from .document import Document
from .models import Finding, Indicator, Report, Table


def extract_indicators(doc: Document, report: Report, tables: list[Table]) -> tuple[list[Indicator], list[Finding]]:
    return [], []
