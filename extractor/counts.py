"""Task counts (issue 4): placeholder until the counts extractor lands."""

from __future__ import annotations

from .document import Document
from .models import Finding, Report, TaskCount


def extract_task_counts(doc: Document, report: Report) -> tuple[list[TaskCount], list[Finding]]:
    return [], []
