"""The role of a citation in the report: `issued` by the reporting body itself,
`basis` of the work reported ("Thực hiện ...", "Căn cứ ..."), else `cited`.

The reporting body comes from `report.agency` (the metadata stage); when that is not
known, it is the body the report most often says issued something ("Sở X đã ban
hành ..."), so the text cue still works.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import patterns
from .document import Document
from .gazetteer import agency_codes, is_agency, key
from .models import Report
from .refgrammar import ends_with, pattern, symbol_issuer_codes
from .refparts import before_id


@dataclass(frozen=True)
class Roles:
    """Decides roles for one report."""

    agency: str | None
    codes: frozenset[str]  # the agency's own ký hiệu codes (empty when shared, e.g. "UBND")

    @classmethod
    def of(cls, doc: Document, report: Report) -> "Roles":
        agency = report.agency or guess_agency(doc)
        codes, shared = agency_codes(agency)
        return cls(agency, frozenset() if shared else frozenset(c.casefold() for c in codes))

    def role(self, view: str, start: int, sent: int, symbol: str | None,
             issuer: str | None, nested: bool, listed: bool = False) -> str:
        """The role of the mention starting at view offset `start` (sentence at `sent`);
        `listed`: it sits in a list item under a basis lead-in ("Căn cứ các văn bản sau:")."""
        before = view[sent:start]
        if self.issued(before, symbol, issuer):
            return "issued"
        if not nested and (listed or is_basis(before)):
            return "basis"
        return "cited"

    def issued(self, before: str, symbol: str | None, issuer: str | None) -> bool:
        if symbol and any(c.casefold() in self.codes for c in symbol_issuer_codes(symbol)):
            return True
        if issuer:
            return is_agency(issuer, self.agency)
        cue = before_id(before, "body")
        return bool(cue) and is_agency(cue.group("body"), self.agency)


def is_basis(before: str) -> bool:
    """Whether the sentence up to a mention makes it a basis: it opens with "Thực hiện",
    "Căn cứ" ... and the main clause has not begun, or "theo quy định tại" precedes it.

    >>> is_basis("- Căn cứ "), is_basis("Thực hiện Kế hoạch số 1 về A; "), is_basis("Thực hiện X, Sở Công Thương đã ban hành ")
    (True, True, False)
    >>> is_basis("- Về vị trí việc làm: Căn cứ Nghị định số 1/2020/NĐ-CP; ")
    True
    """
    if ends_with("basis_near", before):
        return True
    clause = before[before.rfind(": ") + 2:]  # "- Về vị trí việc làm: Căn cứ ..." opens after the colon
    return any(patterns.match(pattern("basis_lead"), text) and not patterns.search(pattern("main_clause"), text)
               for text in {before, clause})


def under_basis_lead_in(doc: Document, block: int, reach: int = 40) -> bool:
    """Whether `block` is a list item whose lead-in paragraph makes citations a basis:
    "Thực hiện các văn bản sau:" followed by "- Kế hoạch số ...", "- Công văn số ...".
    """
    item = pattern("list_item")
    if not _is_item(doc, block, item):
        return False
    i = block - 1
    while i >= max(0, block - reach) and _is_item(doc, i, item):
        i -= 1
    lead = doc.views[i].text.rstrip() if i >= 0 else ""
    return lead.endswith(":") and is_basis(lead[:-1] + " ")


def _is_item(doc: Document, block: int, item) -> bool:
    return doc.blocks[block].kind == "list_item" or bool(patterns.match(item, doc.views[block].text))


def guess_agency(doc: Document) -> str | None:
    """The body the report most often names as issuing ("Sở Công Thương đã ban hành"), if twice or more."""
    cue = pattern("issuing_body")
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for view in doc.views:
        for m in patterns.finditer(cue, view.text):
            k = key(m.group("body"))
            counts[k] += 1
            first.setdefault(k, m.group("body"))
    best = counts.most_common(1)
    return first[best[0][0]] if best and best[0][1] >= 2 else None
