"""`extract_report(path)`: a flat sequence of stage calls, file to `ExtractionResult`."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import __version__, patterns
from .counts import extract_task_counts
from .document import Document, RawDocument
from .indicators import extract_indicators
from .metadata import extract_metadata
from .models import Block as BlockOut
from .findings import from_reader, run_stage, too_long
from .models import ExtractionResult, Finding, Generator, Report, Source
from .reader import DEFAULT_LIMITS, Limits, Loaded, read_file
from .references import extract_references
from .sections import build_outline
from .tables import extract_tables


def extract_report(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ExtractionResult:
    """Read one report and extract everything the output contract defines.

    Raises `CchcError` (with the path and a reason) when the file cannot be read.
    A pattern that times out in a stage costs that stage's result, not the
    report: `run_stage` turns it into a PATTERN_TIMEOUT finding; all the
    patterns of one report share a time budget (`Limits.max_pattern_seconds`).
    """
    loaded, raw = read_file(path, limits)
    with patterns.budget(limits.max_pattern_seconds), _cycle_collector_paused():
        result = _extract(loaded, raw, limits)
    patterns.save_compiled()
    return result


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the stages run.

    An extraction makes hundreds of thousands of short-lived objects (matches, places,
    models) that reference counting frees; the collector's passes over them find nothing
    to free and cost ~5% of a 60 KB report. It runs again afterwards, as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _extract(loaded: Loaded, raw: RawDocument, limits: Limits) -> ExtractionResult:
    # 1. blocks (a block too long to search is kept, and said so)
    doc = Document(raw, max_view_chars=limits.max_block_chars)
    findings: list[Finding] = from_reader(raw.warnings) + too_long(doc)
    # 2. blocks -> outline
    sections, block_section = run_stage(doc, findings, build_outline, doc, findings, empty=([], []))
    doc = doc.with_sections(block_section)
    # 3. metadata and period
    report, found = run_stage(doc, findings, extract_metadata, doc, sections, empty=(Report(), []))
    findings += found
    # 4. references and the documents they cite
    references, documents, found = run_stage(doc, findings, extract_references, doc, report, empty=([], [], []))
    findings += found
    # 5. tables, task counts, indicators
    tables, found = run_stage(doc, findings, extract_tables, doc, empty=([], []))
    findings += found
    task_counts, found = run_stage(doc, findings, extract_task_counts, doc, report, empty=([], []))
    findings += found
    indicators, found = run_stage(doc, findings, extract_indicators, doc, report, tables, sections, empty=([], []))
    findings += found
    # 6. assemble
    source = Source(path=loaded.path, format=raw.format, sha256=loaded.sha256,
                    bytes=len(loaded.data), encoding=raw.encoding)
    return ExtractionResult(
        generator=Generator(version=__version__), source=source, report=report,
        sections=sections, references=references, documents=documents,
        task_counts=task_counts, indicators=indicators, tables=tables,
        findings=_distinct(findings), blocks=_blocks_out(doc),
    )


def _distinct(findings: list[Finding]) -> list[Finding]:
    """Findings in order, each once (several steps can meet the same timed-out block)."""
    seen: set[str] = set()
    out = []
    for finding in findings:
        key = finding.model_dump_json()
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def _blocks_out(doc: Document) -> list[BlockOut]:
    return [
        BlockOut(index=b.index, kind=b.kind, text=b.text, style=b.style, label=b.label,
                 section=doc.section_of(b.index), line=b.line, table=b.table, row=b.row,
                 col=b.col, row_span=b.row_span, col_span=b.col_span)
        for b in doc.blocks
    ]
