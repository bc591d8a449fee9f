"""Tables (issue 4): placeholder until the tables extractor lands."""

from __future__ import annotations

from .document import Document
from .models import Finding, Table


def extract_tables(doc: Document) -> tuple[list[Table], list[Finding]]:
    return [], []
