"""Short and back references, linked to the earlier full mention they stand for.

"Quyết định 1844" (a number without its symbol) is the latest earlier mention with
that number and a compatible type; "Quyết định nêu trên", "Kế hoạch này" is the
latest earlier mention of that type within a few blocks. What resolves to nothing
("Đề án 06", a website heading) is no reference: nothing is invented.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from . import patterns
from .document import Document
from .findings import guard
from .models import Finding, Reference
from .refgrammar import (doc_type_name, ends_with, is_generic, may_match, pattern, spans_all, symbol_type_code,
                         type_fits_symbol)
from .refparts import derived, make_reference, overlaps, read_after, sentence_start
from .roles import Roles

BACK_WINDOW = 3  # blocks a back reference may reach over
HEAD_CHECKS = 8  # candidate numbers of a block read backwards for a type word, at most


def resolve_references(doc: Document, full: list[Reference], roles: Roles, findings: list[Finding]) -> list[Reference]:
    """The full mentions plus the short and back references resolved to them, in order
    (a pattern timeout on a block becomes a finding in `findings`)."""
    order = sorted(full, key=_pos)
    positions = [_pos(r) for r in order]
    by_number: dict[str, list[Reference]] = defaultdict(list)
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r in order:
        taken[r.block].append((r.start, r.end))
        if r.number and r.resolution == "full":
            by_number[r.number.lstrip("0")].append(r)
    out = list(order)
    numbers = {_digits(n) for n in by_number}
    # a back reference needs a mention in the blocks it reaches over; a short one the
    # number of a full mention (all blocks read in one scan: `_candidate_numbers`)
    reached = {r.block + k for r in order for k in range(BACK_WINDOW + 1)}.intersection(range(len(doc.views)))
    joined = _candidate_numbers(doc, numbers, taken) if numbers else {}
    for block in sorted(reached | joined.keys()) if joined is not None else range(len(doc.views)):
        with guard(doc, block, findings, "references"):
            runs = joined.get(block) if joined is not None else _runs(doc, block, numbers, taken[block])
            found = _short(doc, block, taken[block], by_number, runs, roles) if runs else []
            out += found + (_back(doc, block, taken[block], order, positions, roles) if block in reached else [])
    return sorted(out, key=_pos)


def _candidate_numbers(doc: Document, numbers: set[str], taken) -> dict[int, list[int]] | None:
    """Block -> `_runs` of each block holding some, all read in one scan (`spans_all`);
    None when that scan timed out (each block then reads its own)."""
    views = [v.text for v in doc.views]
    spans = spans_all("short_number", views)
    if spans is None:
        return None
    known: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for block, start, end in spans:
        if views[block][start:end].lstrip("0") in numbers:
            known[block].append((start, end))
    found = {block: _runs(doc, block, numbers, taken[block], s) for block, s in known.items()}
    return {block: runs for block, runs in found.items() if runs}


def _runs(doc: Document, block: int, numbers: set[str], taken: list[tuple[int, int]],
          spans: list[tuple[int, int]] | None = None) -> list[int]:
    """View offsets of the free `short_number` runs of a block (`spans`, when known) that
    are a full mention's number (`numbers`, leading zeros dropped).

    "Quyết định 1844" resolves only to a full mention numbered 1844, and only outside the
    full mentions; its number is a whole run of digits (`short_ref` wants no digit around
    it) after " ", ":" or "số" (`short_number`), so a block without a free such run has
    none (a run that `overlaps` a taken span makes the match holding it overlap one too).
    """
    if not numbers:
        return []
    view = doc.views[block].text
    if spans is None:
        spans = [m.span() for m in patterns.finditer(pattern("short_number"), view)]
    return [s for s, e in spans if view[s:e].lstrip("0") in numbers and _free(doc, block, (s, e), taken)]


def _digits(number: str) -> str:
    """The digits of a short reference key ("30c" -> "30"): a number is digits and at most one letter.

    >>> _digits("30c"), _digits("1844"), _digits("")
    ('30', '1844', '')
    """
    return number[:-1] if number and not number[-1].isdigit() else number


def _pos(r: Reference) -> tuple[int, int]:
    return r.block, r.start


def compatible(written_type: str | None, ref: Reference) -> bool:
    """Whether a type word can stand for an earlier mention: the same type, a type its
    symbol's code gives, or the generic "Văn bản" (any document).

    >>> from extractor.models import Reference as R
    >>> r = R(id="4386/TB-SCT", doc_type="Văn bản", symbol="TB-SCT", text="", block=0, start=0, end=0)
    >>> compatible("Thông báo", r), compatible("Văn bản", r), compatible("Kế hoạch", r)
    (True, True, False)
    """
    if written_type is None:
        return False
    if written_type == ref.doc_type or is_generic(written_type):
        return True
    return bool(ref.symbol and symbol_type_code(ref.symbol) and type_fits_symbol(written_type, ref.symbol))


def _free(doc: Document, block: int, span: tuple[int, int], taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Block offsets of a view span, or None when a full mention already covers it."""
    start, end = doc.views[block].span(*span)
    return None if overlaps((start, end), taken) else (start, end)


def _short(doc, block, taken, by_number, runs: list[int], roles) -> list[Reference]:
    """The short references of a block whose candidate numbers start at `runs` (see
    `_candidate_numbers`): only one of them may end a short reference that resolves."""
    view = doc.views[block].text
    first = _first_headed(view, runs)
    if first is None:
        return []
    out = []
    for m in patterns.finditer(pattern("short_ref"), view, scan_start(view, first)):
        at = _free(doc, block, m.span(), taken)
        written = doc_type_name(m.group("type"))
        target = _latest(by_number.get(m.group("number").lstrip("0"), []), (block, at[0]) if at else None,
                         lambda r: compatible(written, r) and (not m.group("year") or r.year == m.group("year")))
        if target:
            out.append(_linked(doc, block, view, m, target, written, "short", roles))
    return out


def _first_headed(view: str, runs: list[int]) -> int | None:
    """The first of the candidate numbers `runs` that a type word (and "số") stands right
    before (`short_head_end`, read backwards), the only ones a short reference may end with.
    Past HEAD_CHECKS candidates the next one is taken unread: a block holding many stays linear.
    """
    for run in runs[:HEAD_CHECKS]:
        if ends_with("short_head_end", view[:run]):
            return run
    return runs[HEAD_CHECKS] if len(runs) > HEAD_CHECKS else None


def scan_start(view: str, pos: int) -> int:
    """Where a scan for short references holding `pos` or later may start: after the last
    character before `pos` that none holds (see `short_char` in references.toml).

    >>> v = "Xem mục 2; theo Quyết định số 1844"; v[scan_start(v, v.index("1844")):]
    ' theo Quyết định số 1844'
    """
    return ends_with("short_stretch", view[:pos]).start()


def _back(doc, block, taken, order, positions, roles) -> list[Reference]:
    view = doc.views[block].text
    if not may_match("back_ref", view):
        return []
    out = []
    for m in patterns.finditer(pattern("back_ref"), view):
        written = doc_type_name(m.group("type"))
        at = _free(doc, block, m.span(), taken)
        if at is None or written in patterns.load("references")["lists"]["self_type"]:
            continue
        i = bisect_left(positions, (block, at[0]))
        near = [r for r in order[max(0, i - 20):i] if r.block >= block - BACK_WINDOW]
        target = _latest(near, (block, at[0]), lambda r: compatible(written, r))
        if target:
            out.append(_linked(doc, block, view, m, target, written, "anaphora", roles))
    return out


def _latest(candidates: list[Reference], before: tuple[int, int] | None, ok) -> Reference | None:
    """The last of `candidates` (in document order) before `before` that is `ok`."""
    if before is None:
        return None
    i = bisect_left(candidates, before, key=_pos)
    return next((r for r in reversed(candidates[max(0, i - 20):i]) if ok(r)), None)


def _linked(doc, block, view, m, target: Reference, written: str | None, how: str, roles: Roles) -> Reference:
    """The mention `m` as a reference to `target`'s document; parts as written only."""
    groups = m.groupdict()
    after = read_after(view, m.end()) if how == "short" else None
    sent = sentence_start(view, m.start())
    issuer = derived(doc, block, after.issuer) if after else None
    return make_reference(
        doc, block, (m.start(), after.end if after else m.end()),
        id=target.id, doc_type=written, number=groups.get("number"), year=groups.get("year"),
        date=after.date if after else None, date_source="inline" if after and after.date_span else None,
        issuer=issuer, resolution=how,
        role=roles.role(view, m.start(), sent, target.symbol, issuer, nested=False),
    )
