"""Findings every stage shares: the reader's warnings, blocks too long to search,
and pattern timeouts.

A regex that runs past its timeout (`patterns.PatternTimeout`) must cost one
block, not the report. Two layers see to it:

- inside a stage, per block: `guard(doc, block, sink)` around the work on one
  block turns a timeout into a `PATTERN_TIMEOUT` finding for that block, and the
  stage goes on with the next block;
- around a whole stage, in the pipeline: `run_stage(...)` catches a timeout that
  a stage did not guard, gives the stage's empty result and a finding placed on
  the block whose text timed out (found by its text), so the other stages still run.

The pipeline also gives each document a total time budget for its patterns
(`patterns.budget`); once it is spent, each remaining stage stops at its first
pattern with one finding.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from .document import Document
from .models import Finding, Place, Severity
from .patterns import PatternBudgetSpent, PatternTimeout

T = TypeVar("T")
PATTERN_TIMEOUT = "PATTERN_TIMEOUT"
BLOCK_NOT_SEARCHED = "BLOCK_NOT_SEARCHED"
# reader warnings that only inform (the default severity is "warning")
_SHOWN = 80  # characters of a block quoted in a finding's place
_READER_SEVERITY: dict[str, Severity] = {"LEGACY_ENCODING_CONVERTED": "info"}


def from_reader(warnings: list[tuple[str, str]]) -> list[Finding]:
    """The reader's (code, message) warnings as findings."""
    return [Finding(code=code, severity=_READER_SEVERITY.get(code, "warning"), message=message)
            for code, message in warnings]


def too_long(doc: Document) -> list[Finding]:
    """A finding for every block too long to be searched (see `Document.views`)."""
    return [
        Finding(code=BLOCK_NOT_SEARCHED, severity="warning", places=[_whole(doc, b.index)],
                message=f"block {b.index} has {len(b.text):,} characters, over the limit of "
                        f"{doc.max_view_chars:,}: it is kept but not searched")
        for b in doc.blocks if doc.too_long(b.index)
    ]


def timeout(doc: Document, exc: PatternTimeout, block: int | None, stage: str = "", lost: bool = False) -> Finding:
    """The finding for a pattern that timed out on `block` (None: unknown block).

    `lost`: the whole stage's results are left out, not just this block's.
    """
    where = f"block {block}" if block is not None else "a block"
    if isinstance(exc, PatternBudgetSpent):
        message = f"{exc}: {stage or 'a stage'} stopped at {where}"
    else:
        message = f"{where} was not fully searched{f' during {stage}' if stage else ''}: {exc}"
    return Finding(code=PATTERN_TIMEOUT, severity="warning", places=[] if block is None else [_whole(doc, block)],
                   message=message + ("; its results are left out" if lost else ""))


class guard:  # noqa: N801 -- used as a function: `with guard(doc, b, sink):`
    """Run the body; a pattern timeout in it becomes a finding for `block` in `sink`.

    Use around the work on one block, inside a stage:

        for b in blocks:
            with guard(doc, b, findings, "references"):
                mentions += find_mentions(doc.views[b].text)

    or around one step that reads several blocks (`block=None`: the finding is
    placed on the block whose text timed out). A class, not a generator: it runs
    once per block of every stage, and a plain `__exit__` costs a fifth as much.
    """

    __slots__ = ("doc", "block", "sink", "stage")

    def __init__(self, doc: Document, block: int | None, sink: list[Finding], stage: str = ""):
        self.doc, self.block, self.sink, self.stage = doc, block, sink, stage

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, traceback) -> bool:
        if kind is None or not issubclass(kind, PatternTimeout) or issubclass(kind, PatternBudgetSpent):
            return False  # no timeout, another error, or the document's budget spent: the stage stops
        block = _block_of(self.doc, exc) if self.block is None else self.block
        self.sink.append(timeout(self.doc, exc, block, self.stage))
        return True


def run_stage(doc: Document, sink: list[Finding], stage: Callable[..., T], *args, empty: T) -> T:
    """`stage(*args)`, or `empty` and a timeout finding in `sink` when a pattern timed out in it."""
    try:
        return stage(*args)
    except PatternTimeout as exc:
        sink.append(timeout(doc, exc, _block_of(doc, exc), stage.__name__, lost=True))
        return empty


def _block_of(doc: Document, exc: PatternTimeout) -> int | None:
    """The block whose match view holds the text the pattern timed out on."""
    text = getattr(exc, "text", None)
    if not text:
        return None
    views = doc.views
    exact = next((i for i, v in enumerate(views) if v.text == text), None)
    return exact if exact is not None else next((i for i, v in enumerate(views) if text in v.text), None)


def _whole(doc: Document, block: int) -> Place:
    """The block's place, shown by its first characters (a runaway block is megabytes)."""
    return doc.place(block, 0, min(len(doc.blocks[block].text), _SHOWN))
