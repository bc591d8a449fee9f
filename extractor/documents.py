"""Mentions -> documents: one per id (ids equal ignoring case), with the most common
stated fields, the number of mentions, and the conflicts between mentions.

Issuers are compared as bodies (`gazetteer.same_body`): "UBND tỉnh Đồng Nai" and
"Ủy ban nhân dân tỉnh" agree, "Chủ tịch UBND tỉnh" and "UBND tỉnh" do not.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, TypeVar

from .gazetteer import same_body
from .models import Conflict, Finding, Place, Reference
from .models import Document as CitedDocument

T = TypeVar("T")
# conflict field -> (finding code, severity); a type disagreement is worth a look, not an error
CONFLICT_CODES = {
    "date": ("REF_DATE_CONFLICT", "warning"),
    "issuer": ("REF_ISSUER_CONFLICT", "warning"),
    "doc_type": ("REF_TYPE_CONFLICT", "info"),
}


def merge_documents(references: list[Reference]) -> tuple[list[CitedDocument], list[Finding]]:
    """Documents in order of first mention, and a finding per conflict."""
    groups: dict[str, list[Reference]] = {}
    for ref in references:
        groups.setdefault(ref.id.casefold(), []).append(ref)
    documents, findings = [], []
    for mentions in groups.values():
        document = merge(mentions)
        documents.append(document)
        findings += [_finding(document.id, c, mentions) for c in document.conflicts]
    return documents, findings


def merge(mentions: list[Reference]) -> CitedDocument:
    """One document from the mentions of one id."""
    first = next((m for m in mentions if m.resolution in ("full", "name")), mentions[0])
    issuers = _clusters([m.issuer for m in mentions if m.issuer], same_body)
    subjects = [m.subject for m in mentions if m.subject]
    return CitedDocument(
        id=first.id, doc_type=most_common([m.doc_type for m in _written(mentions)]),
        number=first.number, year=first.year, symbol=first.symbol,
        date=most_common([m.date for m in mentions]),
        issuer=issuers[0][0] if issuers else None,
        subject=most_common(subjects, tie=lambda s: -len(s)),
        role=_role([m.role for m in mentions]), numbered=first.numbered, mentions=len(mentions),
        conflicts=_conflicts(mentions, issuers),
    )


def most_common(values: list[T | None], tie: Callable[[T], object] | None = None) -> T | None:
    """The most frequent stated value; ties go to `tie` (smallest first), else the first stated.

    >>> most_common([None, "a", "b", "b"]), most_common(["a", "b"]), most_common(["ab", "abc"], tie=lambda s: -len(s))
    ('b', 'a', 'abc')
    """
    stated = [v for v in values if v is not None]
    if len(stated) < 2:
        return stated[0] if stated else None  # most documents are cited once
    counts = Counter(stated)
    order = {v: i for i, v in reversed(list(enumerate(stated)))}
    return min(counts, key=lambda v: (-counts[v], tie(v) if tie else 0, order[v]))


def _clusters(values: list[str], same: Callable[[str, str], bool]) -> list[list[str]]:
    """Values grouped by `same`, biggest group first (ties: first seen); each group in order."""
    groups: list[list[str]] = []
    for v in values:
        home = next((g for g in groups if same(g[0], v)), None)
        if home is None:
            groups.append([v])
        else:
            home.append(v)
    return sorted(groups, key=lambda g: -len(g))


def _written(mentions: list[Reference]) -> list[Reference]:
    """Mentions written in full: a back reference's type word ("Văn bản nêu trên") says
    nothing about the document's type."""
    return [m for m in mentions if m.resolution in ("full", "name")]


def _role(roles: list[str]) -> str:
    return next((r for r in ("issued", "basis") if r in roles), "cited")


def _conflicts(mentions: list[Reference], issuers: list[list[str]]) -> list[Conflict]:
    out = []
    dates = _distinct([m.date.isoformat() for m in mentions if m.date])
    types = _distinct([m.doc_type for m in _written(mentions) if m.doc_type])
    for field, values in (("date", dates), ("doc_type", types), ("issuer", [g[0] for g in issuers])):
        if len(values) > 1:
            out.append(Conflict(field=field, values=values))
    return out


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _finding(doc_id: str, conflict: Conflict, mentions: list[Reference]) -> Finding:
    code, severity = CONFLICT_CODES[conflict.field]
    pool = _written(mentions) if conflict.field == "doc_type" else mentions
    involved = [m for m in pool if _value(m, conflict.field) is not None]
    return Finding(
        code=code, severity=severity,
        message=f"{doc_id}: các lần trích dẫn ghi {conflict.field} khác nhau: " + "; ".join(conflict.values),
        places=[place_of(m) for m in involved],
    )


def _value(m: Reference, field: str) -> object:
    return getattr(m, field)


def place_of(ref: Reference) -> Place:
    """The provenance of a mention."""
    return Place(section=ref.section, block=ref.block, start=ref.start, end=ref.end, text=ref.text)
