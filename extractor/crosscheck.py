"""Cross-checks over the store: one document, cited by several bodies, written differently.

Three checks:
- **cited differently**: bodies cite one id (ids compared ignoring case and
  spaces) with different dates, types, issuers or subjects. Bodies are compared
  with `agencies.body_key`; generic type words ("Văn bản") never conflict;
  subjects are compared with rapidfuzz after their opening marker is removed;
- **issued vs cited**: when one body reports a document as its own (role
  `issued`), its values are the expected ones and the others are compared to
  them (the issuer of its own document is the body itself); two bodies that
  both claim one id are flagged too;
- **registry**: with a CSV of known documents (id, doc_type, date, issuer,
  subject), every citation is `confirmed`, `mismatch` (with the differing
  fields) or `unknown` (not in the registry: most provincial documents are in
  no public registry, so unknown is never reported as wrong).

Pure functions over `Citation` rows; `crosscheck(conn)` is the query.
"""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import regex
from rapidfuzz import fuzz

from . import patterns
from .agencies import body_key, may_sign, shared_signers, unit_key
from .dates import find_dates
from .normalize import match_key, match_view, nfc
from .store import doc_key

FIELDS = ("date", "doc_type", "issuer", "subject")
# Two subjects are the same when their words, re-ordered, are this close, or when
# the words of one are (almost) all in the other: bodies shorten a trích yếu
# ("cải cách hành chính năm 2023" for "... tỉnh Đồng Nai năm 2023") but rarely
# reorder it. Shared boilerplate ("cải cách hành chính") keeps the set ratio of
# two different subjects high, hence the high bar for it.
SUBJECT_SORT_MIN = 75.0
SUBJECT_SET_MIN = 95.0
_PUNCT = regex.compile(r"[\p{P}\p{S}]+")


class RegistryError(ValueError):
    """The registry CSV cannot be used (no id column, unreadable)."""


@dataclass(frozen=True)
class Citation:
    """One mention of a document in one report, with the body that wrote it."""

    report: str
    agency: str | None
    province: str | None
    id: str
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    role: str = "cited"
    text: str = ""
    section: str | None = None
    block: int = 0
    start: int = 0
    end: int = 0

    @property
    def key(self) -> str:
        return doc_key(self.id)

    @property
    def body(self) -> str:
        """Who wrote it: the agency's identity, or the file when the agency is unknown."""
        return body_key(self.agency, self.province) if self.agency else f"file:{self.report}"

    def value(self, name: str) -> str | None:
        """A field as written; the issuer of one's own document is oneself."""
        if name == "issuer" and self.role == "issued" and not self.issuer:
            return self.agency
        return getattr(self, name)

    def place(self) -> dict:
        return {"report": self.report, "agency": self.agency, "section": self.section, "block": self.block,
                "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Variant:
    """One value of a field and the citations that wrote it."""

    value: str
    citations: list[Citation] = field(default_factory=list)

    @property
    def bodies(self) -> list[str]:
        return sorted({c.agency or c.report for c in self.citations})

    def to_dict(self) -> dict:
        return {"value": self.value, "bodies": self.bodies, "places": [c.place() for c in self.citations]}


@dataclass
class Conflict:
    id: str
    field: str
    kind: str  # "cited_differently" | "issued_vs_cited" | "issued_twice"
    variants: list[Variant]
    expected: str | None = None  # the issuing body's value, or the clear majority's

    @property
    def code(self) -> str:
        return "CROSS_ISSUED_TWICE" if self.kind == "issued_twice" else f"CROSS_{self.field.upper()}_CONFLICT"

    @property
    def severity(self) -> str:
        return "info" if self.field == "subject" else "warning"

    @property
    def message(self) -> str:
        if self.kind == "issued_twice":
            return f"{self.id}: nhiều cơ quan cùng báo cáo đã ban hành văn bản này"
        values = "; ".join(f"{v.value} ({_who(v.bodies)})" for v in self.variants)
        return f"{self.id}: {_FIELD_VI[self.field]} khác nhau giữa các cơ quan: {values}"

    @property
    def outliers(self) -> list[Variant]:
        """The variants that differ from the expected value (all of them when none is expected)."""
        return [v for v in self.variants if v.value != self.expected] if self.expected else self.variants

    def to_dict(self) -> dict:
        return {"id": self.id, "field": self.field, "kind": self.kind, "code": self.code,
                "severity": self.severity, "expected": self.expected, "message": self.message,
                "variants": [v.to_dict() for v in self.variants]}


def _who(bodies: list[str], most: int = 3) -> str:
    """The bodies by name, or their number when there are many.

    >>> _who(["Sở Y tế"]), _who(["a", "b", "c", "d"])
    ('Sở Y tế', '4 cơ quan')
    """
    return ", ".join(bodies) if len(bodies) <= most else f"{len(bodies)} cơ quan"


_FIELD_VI = {"date": "ngày ban hành", "doc_type": "loại văn bản", "issuer": "cơ quan ban hành",
             "subject": "trích yếu"}


# -- comparing values ----------------------------------------------------------------

@lru_cache(maxsize=1)
def _generic_types() -> frozenset[str]:
    return frozenset(match_key(w) for w in patterns.load("crosscheck")["lists"]["generic_doc_type"])


def _subject_words(subject: str) -> str:
    """A subject reduced for comparison: no opening marker, no punctuation, casefolded.

    >>> _subject_words("V/v triển khai Kế hoạch, năm 2023")
    'triển khai kế hoạch năm 2023'
    """
    text = match_view(nfc(subject)).text.strip()
    m = patterns.search(patterns.block("crosscheck", "subject_opening"), text)
    text = text[m.end():] if m else text
    return " ".join(_PUNCT.sub(" ", text).casefold().split())


def same_subject(a: str, b: str) -> bool:
    """Do two subjects (already reduced by `_subject_words`) name the same content?

    >>> same_subject("cải cách hành chính năm 2023", "cải cách hành chính tỉnh đồng nai năm 2023")
    True
    >>> same_subject("thông tin tuyên truyền cải cách hành chính năm 2023", "kiểm tra cải cách hành chính năm 2023")
    False
    """
    return fuzz.token_sort_ratio(a, b) >= SUBJECT_SORT_MIN or fuzz.token_set_ratio(a, b) >= SUBJECT_SET_MIN


def _norm(name: str, value: str | None, province: str | None) -> str | None:
    """The comparable form of one field's value (None: not comparable)."""
    if not value:
        return None
    if name == "doc_type":
        key = match_key(value)
        return None if key in _generic_types() else key
    if name == "issuer":
        return body_key(value, province)
    if name == "subject":
        return _subject_words(value) or None
    return value


def _same(name: str, a: str, b: str) -> bool:
    return same_subject(a, b) if name == "subject" else a == b


def variants(citations: list[Citation], name: str) -> list[Variant]:
    """Group citations by their value of one field (subjects by similarity), in first-seen order."""
    groups: list[tuple[str, Variant, Counter]] = []
    for c in citations:
        norm = _norm(name, c.value(name), c.province)
        if norm is None:
            continue
        for rep, variant, written in groups:
            if _same(name, norm, rep):
                break
        else:
            rep, variant, written = norm, Variant(""), Counter()
            groups.append((rep, variant, written))
        variant.citations.append(c)
        written[c.value(name)] += 1
    for _, variant, written in groups:
        variant.value = written.most_common(1)[0][0]  # the most frequent spelling, first seen on ties
    return [v for _, v, _ in groups]


# -- conflicts ---------------------------------------------------------------------------

def group_documents(citations: list[Citation]) -> list[list[Citation]]:
    """The citations of each distinct document, in id order.

    Documents are told apart by province first (see `_main_province`). Then
    one id is one document, except where its ký hiệu names the issuer by a
    shared code: "522/KH-UBND" of a commune and of the province are different
    documents. Such citations are split by issuing body (without the person's
    office: "Chủ tịch UBND tỉnh" stays with "UBND tỉnh", so that the two can
    still conflict). A citation stating no issuer joins the only issuer there
    is. With none, the citations of bodies that cannot sign with that code
    (a Sở citing "…/KH-UBND") are taken as one document; a body that could
    have issued it itself ("Ban hành Quyết định số 284/QĐ-UBND" in a commune's
    report) may mean its own, so its citations stay apart, as do all of them
    when several issuers are named.
    """
    main = _main_province(citations)
    by_key: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    for c in citations:
        by_key[(c.key, match_key(c.province) if c.province else main)].append(c)
    out = []
    for key in sorted(by_key):
        cites = by_key[key]
        out += _split_by_issuer(cites) if shared_signers(cites[0].id) else [cites]
    return out


def _main_province(citations: list[Citation]) -> str:
    """Citations are compared within one province ("52/KH-UBND" of two provinces are two plans);
    a report whose province is unknown is taken to be of the batch's main province."""
    top = Counter(c.province for c in citations if c.province).most_common(1)
    return match_key(top[0][0]) if top else ""


def _split_by_issuer(cites: list[Citation]) -> list[list[Citation]]:
    groups: dict[str, list[Citation]] = defaultdict(list)
    unknown = []
    for c in cites:
        issuer = c.value("issuer")
        (groups[unit_key(issuer, c.province)] if issuer else unknown).append(c)
    if len(groups) == 1:
        return [cites]
    out = list(groups.values())
    apart = [c for c in unknown if groups or may_sign(c.agency, c.id, c.province)]
    if len(apart) < len(unknown):
        out.append([c for c in unknown if c not in apart])
    by_body: dict[str, list[Citation]] = defaultdict(list)
    for c in apart:
        by_body[c.body].append(c)
    return out + list(by_body.values())


def find_conflicts(citations: list[Citation]) -> list[Conflict]:
    """Every disagreement between bodies about one document, in id order."""
    out: list[Conflict] = []
    for cites in group_documents(citations):
        if len({c.body for c in cites}) < 2:
            continue  # one body disagreeing with itself is the report's own finding
        out += _issued_twice(cites)
        out += [c for name in FIELDS if (c := _field_conflict(cites, name))]
    return out


def _issued_twice(cites: list[Citation]) -> list[Conflict]:
    issuing = [c for c in cites if c.role == "issued"]
    groups: dict[str, list[Citation]] = defaultdict(list)
    for c in issuing:
        groups[c.body].append(c)
    if len(groups) < 2:
        return []
    return [Conflict(cites[0].id, "issuer", "issued_twice",
                     [Variant(g[0].agency or g[0].report, g) for g in groups.values()])]


def _field_conflict(cites: list[Citation], name: str) -> Conflict | None:
    found = variants(cites, name)
    if len(found) < 2 or len({c.body for v in found for c in v.citations}) < 2:
        return None
    own = [v for v in found if any(c.role == "issued" for c in v.citations)]
    if len(own) == 1:
        return Conflict(cites[0].id, name, "issued_vs_cited", found, expected=own[0].value)
    return Conflict(cites[0].id, name, "cited_differently", found, expected=_majority(found))


def _majority(found: list[Variant]) -> str | None:
    """The value more bodies wrote than any other, if there is one."""
    ranked = sorted(found, key=lambda v: -len(v.bodies))
    return ranked[0].value if len(ranked[0].bodies) > len(ranked[1].bodies) else None


# -- registry ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RegistryEntry:
    id: str
    doc_type: str | None = None
    date: str | None = None  # ISO
    issuer: str | None = None
    subject: str | None = None
    line: int = 0


@dataclass
class RegistryCheck:
    citation: Citation
    status: str  # "confirmed" | "mismatch" | "unknown"
    differences: list[dict] = field(default_factory=list)  # {field, cited, registry}

    def to_dict(self) -> dict:
        return {"id": self.citation.id, "status": self.status, "differences": self.differences,
                **self.citation.place()}


def load_registry(path: str | Path) -> dict[str, RegistryEntry]:
    """A registry CSV (UTF-8, `,` `;` or tab separated, header row with at least `id`)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    columns = {(name or "").strip().casefold(): name for name in reader.fieldnames or []}
    if "id" not in columns:
        raise RegistryError(f"{path}: no 'id' column (expected id, doc_type, date, issuer, subject)")
    entries = {}
    for line, row in enumerate(reader, start=2):
        get = lambda k: (row.get(columns.get(k, ""), "") or "").strip() or None  # noqa: E731
        if get("id"):
            entry = RegistryEntry(nfc(get("id")), get("doc_type"), _iso(get("date")), get("issuer"),
                                  get("subject"), line)
            entries[doc_key(entry.id)] = entry
    return entries


def _iso(text: str | None) -> str | None:
    """A registry date as ISO: '2022-12-29' or a Vietnamese form ('29/12/2022').

    >>> _iso("29/12/2022"), _iso("2022-12-29"), _iso("không rõ")
    ('2022-12-29', '2022-12-29', None)
    """
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        found = find_dates(match_view(nfc(text)).text)
        return found[0][2].isoformat() if found and found[0][2] else None


def check_registry(citations: list[Citation], registry: dict[str, RegistryEntry]) -> list[RegistryCheck]:
    """Each citation against the registry; fields missing on either side are not compared."""
    checks = []
    for c in citations:
        entry = registry.get(c.key)
        if entry is None:
            checks.append(RegistryCheck(c, "unknown"))
            continue
        diffs = [{"field": name, "cited": c.value(name), "registry": getattr(entry, name)}
                 for name in FIELDS if _differs(name, c.value(name), getattr(entry, name), c.province)]
        checks.append(RegistryCheck(c, "mismatch" if diffs else "confirmed", diffs))
    return checks


def _differs(name: str, cited: str | None, known: str | None, province: str | None) -> bool:
    a, b = _norm(name, cited, province), _norm(name, known, province)
    return a is not None and b is not None and not _same(name, a, b)


# -- the query ------------------------------------------------------------------------------

@dataclass
class CrossCheck:
    reports: int
    citations: int
    conflicts: list[Conflict]
    registry: list[RegistryCheck] | None = None

    def to_dict(self) -> dict:
        out = {"reports": self.reports, "citations": self.citations,
               "conflicts": [c.to_dict() for c in self.conflicts]}
        if self.registry is not None:
            out["registry"] = {"summary": dict(Counter(r.status for r in self.registry)),
                               "citations": [r.to_dict() for r in self.registry]}
        return out


def load_citations(conn: sqlite3.Connection) -> list[Citation]:
    """Every mention in the store, with its report and body, in report order."""
    rows = conn.execute(
        'SELECT r.key AS report, r.agency, r.province, m.id, m.doc_type, m.date, m.issuer, m.subject, m.role, '
        'm.text, m.section, m.block, m.start, m."end" FROM mentions m JOIN reports r ON r.id = m.report_id '
        "ORDER BY r.key, m.ord")
    return [Citation(**dict(row)) for row in rows]


def crosscheck(conn: sqlite3.Connection, registry: dict[str, RegistryEntry] | None = None) -> CrossCheck:
    """Cross-check every citation in the store (and against `registry` when given)."""
    citations = load_citations(conn)
    reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    checks = check_registry(citations, registry) if registry is not None else None
    return CrossCheck(reports, len(citations), find_conflicts(citations), checks)
