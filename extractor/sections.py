"""Outline (placeholder, replaced in this issue)."""
from __future__ import annotations
from .document import Document
from .models import Section

def build_outline(doc: Document) -> tuple[list[Section], list[str | None]]:
    return [], [None] * len(doc.blocks)
