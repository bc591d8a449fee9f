"""The output contract (schema 1) as strict pydantic models.

These models are the single source of truth for the JSON that `cchc extract`
writes; `cchc schema` prints their JSON Schema. Fields beyond
`../shared/design/CONTRACT.md` are additions, never renames. No logic lives here
beyond derived keys.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Topic = Literal[
    "direction",
    "inspection",
    "communication",
    "initiatives",
    "institutional",
    "procedures",
    "one_stop",
    "organization",
    "civil_service",
    "public_finance",
    "digital_government",
    "assessment",
    "plan",
    "recommendations",
]
Severity = Literal["error", "warning", "info"]
BlockKind = Literal["paragraph", "list_item", "table_cell"]
Number = int | float


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Place(Strict):
    """Provenance: a span of one block's text (`text == blocks[block].text[start:end]`)."""

    section: str | None = Field(None, description="id of the section holding the block")
    block: int = Field(description="index of the block in reading order")
    start: int = Field(description="start offset in the block's text")
    end: int = Field(description="end offset (exclusive) in the block's text")
    text: str = Field(description="the exact source text of the span")


class Source(Strict):
    path: str
    format: Literal["docx", "txt", "pdf", "doc"]
    sha256: str
    bytes: int
    encoding: str | None = Field(None, description="text encoding detected for .txt files")


class Period(Strict):
    year: int | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    half: int | None = Field(None, ge=1, le=2)
    months: int | None = Field(None, description="length in months for '6 tháng', '9 tháng'...")
    label: str | None = Field(None, description="the period as written")
    start: dt.date | None = None
    end: dt.date | None = None


class DataWindow(Strict):
    start: dt.date | None = None
    end: dt.date | None = None
    text: str | None = Field(None, description="the window as written")


class Report(Strict):
    title: str | None = None
    agency: str | None = None
    recipients: list[str] = Field(default_factory=list)
    province: str | None = None
    period: Period | None = None
    data_window: DataWindow | None = None
    number: str | None = Field(None, description="the report's own number, e.g. '123'")
    symbol: str | None = Field(None, description="the report's own ký hiệu, e.g. 'BC-SCT'")
    date: dt.date | None = Field(None, description="the report's own signing date")
    provenance: dict[str, Place] = Field(
        default_factory=dict, description="where each stated field was read"
    )


class Section(Strict):
    id: str
    label: str | None = Field(None, description="label as written or rendered by Word")
    heading: str
    level: int
    parent: str | None = None
    topic: Topic | None = None
    block: int = Field(description="block holding the heading")
    numbering: Literal["text", "auto", "style"] = Field(
        "text", description="where the label came from: the text, Word auto-numbering, or a heading style"
    )


class Block(Strict):
    """One paragraph, list item or table cell, in reading order (output form)."""

    index: int
    kind: BlockKind
    text: str
    style: str | None = None
    label: str | None = None
    section: str | None = None
    line: int | None = Field(None, description="1-based first source line (.txt)")
    table: int | None = None
    row: int | None = None
    col: int | None = None
    row_span: int = 1
    col_span: int = 1


class CitedParts(Strict):
    """The parts of a citation, shared by a mention and the document it cites."""

    id: str
    doc_type: str | None = None
    number: str | None = None
    year: str | None = None
    symbol: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    subject: str | None = None
    role: Literal["issued", "basis", "cited"] = "cited"
    numbered: bool = True


class Reference(CitedParts):
    """One mention of a cited document."""

    resolution: Literal["full", "short", "anaphora", "name"] = Field(
        "full", description="how the mention was identified: written in full, a short form, a back reference, or a name"
    )
    date_source: Literal["inline", "preceding_clause"] | None = None
    date_text: str | None = Field(None, description="the date as written (kept when it is impossible)")
    subject_marker: str | None = Field(None, description="the word that opened the trích yếu ('về việc', 'V/v', ...)")
    text: str
    section: str | None = None
    block: int
    start: int
    end: int


class Conflict(Strict):
    field: str
    values: list[str]


class Document(CitedParts):
    """One distinct cited document, merged from its mentions."""

    mentions: int
    conflicts: list[Conflict] = Field(default_factory=list)


class TaskCount(Strict):
    kind: Literal["ratio", "count"] = "ratio"
    done: Number | None = None
    total: Number | None = None
    count: Number | None = None
    status: str | None = None
    unit: str | None = None
    percent: Number | None = None
    text: str
    section: str | None = None
    block: int
    start: int
    end: int


class Indicator(Strict):
    key: str | None = None
    label: str | None = None
    value: Number
    raw: str = Field(description="the number as written, e.g. '9.436' or '99,99%'")
    total: Number | None = Field(None, description="the whole of a stated ratio or rank: 54 in '44/54', 63 in 'xếp thứ 11/63'")
    value_max: Number | None = Field(None, description="the top of a stated range ('từ 10 đến 15 ngày')")
    unit: str | None = None
    period: str | None = None
    topic: Topic | None = None
    scope: str | None = Field(None, description="the table row (or list item) the value belongs to, as written")
    in_task_counts: bool = Field(False, description="the value restates a task count (its done or total)")
    source: Literal["text", "table"] = "text"
    table: int | None = None
    row: int | None = None
    col: int | None = None
    text: str
    section: str | None = None
    block: int
    start: int
    end: int


class Table(Strict):
    index: int
    section: str | None = None
    caption: str | None = None
    caption_block: int | None = None
    n_rows: int
    n_cols: int
    header: list[list[str]] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    cell_blocks: list[list[int | None]] = Field(
        default_factory=list, description="block index behind each body cell"
    )
    kind: str | None = None
    parent: list[int] | None = Field(None, description="[table, row, col] holding a nested table")


class Finding(Strict):
    code: str
    severity: Severity
    message: str
    places: list[Place] = Field(default_factory=list)


class Generator(Strict):
    name: str = "cchc-extract"
    version: str


class ExtractionResult(Strict):
    """Everything `extract` emits for one report."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    generator: Generator
    source: Source
    report: Report
    sections: list[Section] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    task_counts: list[TaskCount] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)
