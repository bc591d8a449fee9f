"""Document references (issue 3): every citation of a document, the documents they
name, and what is wrong with them.

Flow, block by block: `refgrammar` finds the numbered mentions (and laws cited by
name), `refparts` reads what the words around each state (date, issuer, trích yếu),
`roles` says whether the reporting body issued it or works from it; then `resolve`
links short and back references to earlier full mentions, `documents` merges
mentions into documents (with conflicts) and `refchecks` reports the problems.
"""

from __future__ import annotations

from bisect import bisect_left

from .document import Document
from .documents import merge_documents
from .findings import guard
from .models import Document as CitedDocument
from .models import Finding, Reference, Report
from .refchecks import mention_findings
from .refgrammar import Found, find_laws, find_mentions, is_header_number, may_cite, spans_all
from .refparts import derived, issuer_before, lead_date, make_reference, overlaps, read_after, sentence_start
from .resolve import resolve_references
from .roles import Roles, under_basis_lead_in

Span = tuple[int, int]
# The letterhead ("Số: 215/BC-UBND") sits in the first blocks; further down a lone
# "Số 12/QĐ-UBND" (a table cell) is a citation.
HEADER_BLOCKS = 20


def extract_references(doc: Document, report: Report) -> tuple[list[Reference], list[CitedDocument], list[Finding]]:
    """References (one per mention, in order), documents (one per id) and findings."""
    findings: list[Finding] = []  # a pattern timeout costs its block, not the report
    roles = Roles(report.agency, frozenset())
    with guard(doc, None, findings, "references"):  # roles read every block; without them all are "cited"
        roles = Roles.of(doc, report)
    own = own_id(report)
    cited, slashes = _citing_blocks(doc)
    full: list[Reference] = []
    for block in cited:
        with guard(doc, block, findings, "references"):
            full += [r for r in block_references(doc, block, roles, slashes.get(block)) if r.id.casefold() != own]
    references = resolve_references(doc, full, roles, findings)
    documents, found = merge_documents(references)
    return references, documents, findings + mention_findings(references, report) + found


def _citing_blocks(doc: Document) -> tuple[list[int], dict[int, list[int]]]:
    """The blocks that hold a numbered mention's slash_code or a law's name, and where
    their slash codes are: two scans of all the views (`spans_all`), not two per block.
    After a timeout there every block that `may_cite` looks for its own."""
    views = [v.text for v in doc.views]
    slashes, laws = spans_all("slash_code", views), spans_all("law_ref", views)
    if slashes is None or laws is None:
        return [i for i, v in enumerate(views) if may_cite(v)], {}
    starts: dict[int, list[int]] = {i: [] for i, _, _ in laws}
    for i, start, _ in slashes:
        starts.setdefault(i, []).append(start)
    return sorted(starts), starts


def own_id(report: Report) -> str | None:
    """The report's own id (its header "Số: 215/BC-UBND"): the report does not cite itself."""
    if report.number and report.symbol:
        return f"{report.number}/{report.symbol}".casefold()
    return None


def block_references(doc: Document, block: int, roles: Roles, slashes: list[int] | None = None) -> list[Reference]:
    """The numbered and named mentions written in full in one block (`slashes`: where
    `slash_code` matches in its view, when already known)."""
    view = doc.views[block].text
    refs: list[Reference] = []
    mentions = find_mentions(view, slashes)
    listed = bool(mentions) and under_basis_lead_in(doc, block)
    covered = 0  # end of the trích yếu of earlier mentions here: a mention inside is nested
    dated_sentences: set[int] = set()
    for f in mentions:
        if block < HEADER_BLOCKS and is_header_number(view, f):
            continue
        nested = f.start < covered
        sent = sentence_start(view, f.start)
        first = sent not in dated_sentences and not nested
        dated_sentences.add(sent)
        ref, subject = _numbered(doc, block, view, f, roles, nested, sent, first, listed)
        refs.append(ref)
        covered = max(covered, subject[1] if subject else 0)
    spans = _view_spans(refs, doc, block)
    refs += [_law(doc, block, view, s, e, name) for s, e, name in find_laws(view) if not overlaps((s, e), spans)]
    return sorted(refs, key=lambda r: r.start)


def _numbered(doc: Document, block: int, view: str, f: Found, roles: Roles,
              nested: bool, sent: int, first: bool, listed: bool) -> tuple[Reference, Span | None]:
    after = read_after(view, f.id_end)
    date, date_span, source = after.date, after.date_span, "inline" if after.date else None
    if date_span is None and first and (lead := lead_date(view, sent, f.start)):
        date, date_span, source = lead[0], lead[1], "preceding_clause" if lead[0] else None
    issuer = after.issuer or issuer_before(view, f.start)
    subject = after.subject or f.gap
    issuer_text = derived(doc, block, issuer)
    ref = make_reference(
        doc, block, (f.start, after.end),
        id=f.id, doc_type=f.doc_type, number=f.number, year=f.year, symbol=f.symbol,
        date=date, date_source=source, date_text=derived(doc, block, date_span),
        issuer=issuer_text, subject=derived(doc, block, subject),
        subject_marker=after.marker if after.subject else None,
        role=roles.role(view, f.start, sent, f.symbol, issuer_text, nested, listed),
    )
    return ref, after.subject


def _law(doc: Document, block: int, view: str, start: int, end: int, name: Span) -> Reference:
    """A law cited by name only: unnumbered, its id the name as written; a date right
    after it ("Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015") is its date."""
    text = derived(doc, block, (start, end))
    after = read_after(view, end)
    return make_reference(
        doc, block, (start, after.end), id=text, doc_type="Luật" if text.startswith("Luật") else "Bộ luật",
        date=after.date, date_source="inline" if after.date else None, date_text=derived(doc, block, after.date_span),
        subject=derived(doc, block, name), numbered=False, resolution="name",
    )


def _view_spans(refs: list[Reference], doc: Document, block: int) -> list[Span]:
    """View spans of mentions of one block (sorted): block offsets mapped back."""
    offsets = doc.views[block].offsets
    return sorted((bisect_left(offsets, r.start), bisect_left(offsets, r.end)) for r in refs)
