"""`extract_report(path)`: a flat sequence of stage calls, file to `ExtractionResult`."""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .counts import extract_task_counts
from .document import Document
from .indicators import extract_indicators
from .metadata import extract_metadata
from .models import Block as BlockOut
from .models import ExtractionResult, Finding, Generator, Source
from .reader import DEFAULT_LIMITS, Limits, read_file
from .references import extract_references
from .sections import build_outline
from .tables import extract_tables


def extract_report(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ExtractionResult:
    """Read one report and extract everything the output contract defines.

    Raises `CchcError` (with the path and a reason) when the file cannot be read.
    """
    # 1. file -> blocks
    loaded, raw = read_file(path, limits)
    doc = Document(raw)
    findings: list[Finding] = [Finding(code=code, severity="warning", message=msg) for code, msg in raw.warnings]
    # 2. blocks -> outline
    sections, block_section = build_outline(doc)
    doc = doc.with_sections(block_section)
    # 3. metadata and period
    report, found = extract_metadata(doc, sections)
    findings += found
    # 4. references and the documents they cite
    references, documents, found = extract_references(doc, report)
    findings += found
    # 5. tables, task counts, indicators
    tables, found = extract_tables(doc)
    findings += found
    task_counts, found = extract_task_counts(doc, report)
    findings += found
    indicators, found = extract_indicators(doc, report, tables, sections)
    findings += found
    # 6. assemble
    source = Source(path=loaded.path, format=raw.format, sha256=loaded.sha256,
                    bytes=len(loaded.data), encoding=raw.encoding)
    return ExtractionResult(
        generator=Generator(version=__version__), source=source, report=report,
        sections=sections, references=references, documents=documents,
        task_counts=task_counts, indicators=indicators, tables=tables,
        findings=findings, blocks=_blocks_out(doc),
    )


def _blocks_out(doc: Document) -> list[BlockOut]:
    return [
        BlockOut(index=b.index, kind=b.kind, text=b.text, style=b.style, label=b.label,
                 section=doc.section_of(b.index), line=b.line, table=b.table, row=b.row,
                 col=b.col, row_span=b.row_span, col_span=b.col_span)
        for b in doc.blocks
    ]
