"""What the words around a citation state: its date, issuer and trích yếu, and the
sentence-opening date ("Ngày 21/8/2023, Sở ... ban hành Tờ trình số ...").

Pure functions of a match-view text and view offsets; every span they return is a
view span (callers map it back to block text). The cues are blocks of
`patterns/references.toml`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass

import regex

from . import patterns
from .dates import match_date
from .document import Document
from .models import Reference
from .normalize import collapse_spaces
from .refgrammar import ends_with, may_match, pattern

Span = tuple[int, int]
# How far the words around a mention are read: a sentence start, an opening date or a
# trích yếu further away than this is not taken (and a giant paragraph stays linear).
SENTENCE_WINDOW = 1500
SUBJECT_WINDOW = 1200


@dataclass(frozen=True)
class After:
    """What follows an id: the mention's end (id, or date when one is attached) and parts."""

    end: int
    date: dt.date | None = None
    date_span: Span | None = None
    issuer: Span | None = None
    subject: Span | None = None
    marker: str | None = None


def read_after(view: str, id_end: int) -> After:
    """Date, issuer and trích yếu stated after an id ending at `id_end`.

    >>> v = "Kế hoạch số 282/KH-UBND ngày 29/12/2022 của Chủ tịch UBND tỉnh về cải cách hành chính năm 2023; Công văn"
    >>> a = read_after(v, v.index(" ngày"))
    >>> a.date, v[slice(*a.issuer)], v[slice(*a.subject)], a.marker
    (datetime.date(2022, 12, 29), 'Chủ tịch UBND tỉnh', 'cải cách hành chính năm 2023', 'về')
    >>> v = "Quyết định số 12/QĐ-UBND của UBND tỉnh ngày 05/01/2023 về việc X"
    >>> a = read_after(v, v.index(" của")); a.end == v.index(" của"), a.date, v[slice(*a.subject)]
    (True, datetime.date(2023, 1, 5), 'X')
    """
    date = patterns.match(pattern("attached_date"), view, id_end)
    end = date.end() if date else id_end
    read = after_id(view, end)  # an addressee here is read once, for the trích yếu as well
    issuer = _part(read, "issuer")
    pos = issuer.end() if issuer else end
    if issuer and not date and (date := patterns.match(pattern("attached_date"), view, pos)):
        pos = date.end()  # "của UBND tỉnh ngày 05/01/2023": the date, but not part of the mention text
    subject, marker = _subject_after(view, pos, read if pos == end else after_id(view, pos))
    return After(
        end=end,
        date=match_date(date) if date else None,
        date_span=date.span("date_text") if date else None,
        issuer=issuer.span("issuer") if issuer else None,
        subject=subject, marker=marker,
    )


def subject_from(view: str, pos: int) -> tuple[Span | None, str | None]:
    """The trích yếu starting at `pos` (right after the id, date or issuer) and its marker.

    "về việc X", "V/v X", "ban hành X", "quy định X"; or, without a marker, a clause
    that states the content ("sửa đổi, bổ sung ..."), after dropping an addressee
    ("gửi Sở Nội vụ để ...", "trình UBND tỉnh ...").

    >>> v = " gửi Sở Nội vụ để đăng ký sáng kiến năm 2023, cụ thể:"
    >>> s, m = subject_from(v, 0); v[slice(*s)], m
    ('đăng ký sáng kiến năm 2023', None)
    >>> subject_from(" thay thế Quyết định số 53/2018/QĐ-UBND", 0)
    (None, None)
    """
    return _subject_after(view, pos, after_id(view, pos))


def _subject_after(view: str, pos: int, read: regex.Match | None) -> tuple[Span | None, str | None]:
    """`subject_from`, given `after_id` as matched at `pos` (`read`)."""
    addressee = _part(read, "addressee")
    if addressee:
        pos = addressee.end()
    opened = patterns.match(pattern("subject_open"), view, pos)
    if not opened:
        return None, None
    marker = opened.group("marker")
    return _until_end(view, opened.end(), marker is not None), marker


def _until_end(view: str, start: int, marked: bool) -> Span | None:
    """The trích yếu from `start` to its end (see `subject_end` in references.toml); in a
    window without " tại " (`subject_end_at` cannot end it there) `subject_end_plain` is the same."""
    window = view[start:start + SUBJECT_WINDOW]
    ends = pattern("subject_end" if may_match("subject_end_at", window) else "subject_end_plain")
    pos = 0
    while (end := patterns.search(ends, window, pos)) is not None:
        if end.group("purpose") is not None and not marked:
            pos = end.end()
        elif end.group("and_next") is not None and _holds_citation(window[:end.start()]):
            pos = end.end()
        else:
            break
    stop = end.start() if end else len(window)
    text = window[:stop].rstrip(" ,;")
    return (start, start + len(text)) if text else None


def _holds_citation(text: str) -> bool:
    return patterns.search(pattern("next_mention"), text) is not None


def after_id(view: str, pos: int) -> regex.Match | None:
    """The block `after_id` matched at `pos` (an issuer or an addressee), or None.

    >>> v = " gửi Sở Nội vụ để"; _part(after_id(v, 0), "addressee").end(), _part(after_id(v, 0), "issuer")
    (17, None)
    """
    return patterns.match(pattern("after_id"), view, pos)


def _part(m: regex.Match | None, part: str) -> regex.Match | None:
    """`m` when its group `part` ("issuer", "addressee", "body") matched, else None."""
    return m if m is not None and m.group(part) is not None else None


def before_id(text: str, part: str) -> regex.Match | None:
    """The block `before_id` matched at the end of `text` as its `part` ("issuer", "body"), or None.

    >>> before_id("Sở Công Thương đã ban hành ", "body").group("body"), before_id("Sở đã ban hành ", "issuer")
    ('Sở Công Thương', None)
    """
    return _part(ends_with("before_id", text), part)


def issuer_before(view: str, start: int, window: int = 160) -> Span | None:
    """The issuer of "<noun> của X tại <mention>" (the mention starting at `start`).

    >>> v = "Trên cơ sở hướng dẫn của Sở Nội vụ tại Công văn số 3531/SNV-TCCQ"
    >>> v[slice(*issuer_before(v, v.index("Công văn")))]
    'Sở Nội vụ'
    """
    lo = max(0, start - window)
    m = before_id(view[lo:start], "issuer")
    return (lo + m.start("issuer"), lo + m.end("issuer")) if m else None


def sentence_start(view: str, pos: int) -> int:
    """Start of the sentence holding `pos`: after the last ". " (or "? ", "! ") before it.

    >>> sentence_start("Câu một. Câu hai có Quyết định", 25)
    9
    """
    lo = max(0, pos - SENTENCE_WINDOW)
    cut = max(view.rfind(p, lo, pos) for p in (". ", "? ", "! "))
    return cut + 2 if cut >= 0 else lo


def lead_date(view: str, sent: int, start: int) -> tuple[dt.date | None, Span] | None:
    """The date of an opening "Ngày dd/mm/yyyy," when the clause up to the mention
    (starting at `start`) issues a document ("Sở ... đã ban hành", "UBND tỉnh đã có").

    >>> v = "Ngày 21/8/2023, Sở Công Thương ban hành Tờ trình số 5326/TTr-SCT"
    >>> lead_date(v, 0, v.index("Tờ"))
    (datetime.date(2023, 8, 21), (0, 14))
    >>> lead_date("Ngày 21/8/2023, Sở tổ chức hội nghị theo Kế hoạch", 0, 41) is None
    True
    """
    m = patterns.match(pattern("lead_date"), view[sent:start])
    if not m:
        return None
    between = view[sent + m.end():start]
    if not patterns.search(pattern("issue_verb_word"), between) or _has_date(between):
        return None
    return match_date(m), (sent + m.start("date_text"), sent + m.end("date_text"))


def _has_date(text: str) -> bool:
    return patterns.search(patterns.block("common", "date_any"), text) is not None


def overlaps(span: Span, spans: list[Span]) -> bool:
    """Whether `span` overlaps one of the sorted, non-overlapping `spans`.

    >>> overlaps((5, 8), [(0, 6), (10, 12)]), overlaps((6, 9), [(0, 6), (10, 12)])
    (True, False)
    """
    i = bisect_left(spans, (span[1],))
    return any(s < span[1] and span[0] < e for s, e in spans[max(0, i - 2):i])


def make_reference(doc: Document, block: int, span: Span, **fields) -> Reference:
    """A Reference for the view span `span` of a block, with its provenance."""
    place = doc.place_from_view(block, *span)
    return Reference(text=place.text, section=place.section, block=block, start=place.start, end=place.end, **fields)


def derived(doc: Document, block: int, span: Span | None) -> str | None:
    """A derived string (issuer, subject, date text): NFC source text, spaces collapsed."""
    if span is None:
        return None
    start, end = doc.views[block].span(*span)
    return collapse_spaces(doc.blocks[block].text[start:end]) or None
