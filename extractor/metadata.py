"""Metadata (placeholder, replaced in this issue)."""
from __future__ import annotations
from .document import Document
from .models import Finding, Report, Section

def extract_metadata(doc: Document, sections: list[Section]) -> tuple[Report, list[Finding]]:
    return Report(), []
