"""Document references (issue 3): placeholder until the references extractor lands."""

from __future__ import annotations

from .document import Document
from .models import Document as CitedDocument
from .models import Finding, Reference, Report


def extract_references(doc: Document, report: Report) -> tuple[list[Reference], list[CitedDocument], list[Finding]]:
    return [], [], []
