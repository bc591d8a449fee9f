"""Report metadata: title, reporting body, recipients, province, period, data window,
and the report's own number and date, each with the place it was read from.

The "head" of a report is everything before its first section: the letterhead
(a two-column table in .docx), "BÁO CÁO", the title, "Kính gửi: ...". Where the
head does not name the reporting body, the opening or closing sentence does
("Sở Công Thương kính gửi Sở Nội vụ tổng hợp ..."). Findings compare the stated
data window with the regime's window for the period (VN-RULES 4.1) and with the
other windows stated in the same report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import patterns
from .dates import to_date
from .document import Document
from .findings import guard
from .models import DataWindow, Finding, Place, Report, Section
from .normalize import collapse_spaces, match_key
from .periods import find_period, regime_window

_HEAD_LIMIT = 40  # blocks looked at for the head when a report has no outline
_TAIL = 15  # closing paragraphs looked at for the reporting body (Nơi nhận and signature follow it)


@dataclass(frozen=True)
class _Hit:
    """A pattern match in one block: the match (on the view) and its block."""

    block: int
    match: regex.Match


def extract_metadata(doc: Document, sections: list[Section]) -> tuple[Report, list[Finding]]:
    """The `report` object of the contract and the findings about its period and window."""
    head = _head(doc, sections)
    fields: dict = {}
    prov: dict[str, Place] = {}
    findings: list[Finding] = []
    # a step whose pattern times out loses its own fields only, with a finding (findings.guard)
    for step in (_title, _recipients, _own_number, _agency):
        with guard(doc, None, findings, "metadata"):
            step(doc, head, fields, prov)
    with guard(doc, None, findings, "metadata"):
        _province(doc, fields, prov)
    with guard(doc, None, findings, "period"):
        period = find_period(doc, fields.get("title_block"), fields.get("date"))
        if period:
            fields["period"], prov["period"] = period
    with guard(doc, None, findings, "data window"):
        window, found = _data_window(doc, fields.get("period"))
        findings += found
        if window:
            fields["data_window"], prov["data_window"] = window
    fields.pop("title_block", None)
    return Report(**fields, provenance=prov), findings


def _head(doc: Document, sections: list[Section]) -> list[int]:
    """Block indices before the first section (or the first blocks if there is none)."""
    end = sections[0].block if sections else min(len(doc.blocks), _HEAD_LIMIT)
    return list(range(min(end, _HEAD_LIMIT)))


def _hits(doc: Document, blocks: list[int], name: str, file: str = "metadata") -> list[_Hit]:
    pattern = patterns.block(file, name)
    return [_Hit(b, m) for b in blocks for m in patterns.finditer(pattern, doc.views[b].text)]


def _everywhere(doc: Document, name: str, file: str) -> list[_Hit]:
    """`_hits` in every block that may match (`patterns.may_match`: its `[needs]`)."""
    blocks = [b for b, view in enumerate(doc.views) if patterns.may_match(file, name, view.text)]
    return _hits(doc, blocks, name, file)


def _place(doc: Document, hit: _Hit, group: str | int = 0) -> Place:
    return doc.place_from_view(hit.block, hit.match.start(group), hit.match.end(group))


def _title(doc: Document, head: list[int], fields: dict, prov: dict) -> None:
    """The title: the rest of the "BÁO CÁO" line, else the paragraph(s) after it."""
    hits = [h for h in _hits(doc, head, "title_marker") if doc.blocks[h.block].kind != "table_cell"]
    if not hits:
        return
    hit = hits[0]
    if hit.match.group("rest"):
        fields["title"], prov["title"] = collapse_spaces(hit.match.group("rest")), _place(doc, hit, "rest")
        fields["title_block"] = hit.block
        return
    lines = _title_lines(doc, [b for b in head if b > hit.block and doc.blocks[b].kind != "table_cell"])
    if lines:
        fields["title"] = collapse_spaces(" ".join(doc.blocks[b].text for b in lines))
        prov["title"] = doc.place(lines[0], 0, len(doc.blocks[lines[0]].text))
        fields["title_block"] = lines[0]


def _title_lines(doc: Document, following: list[int], most: int = 3) -> list[int]:
    """The title's paragraphs: up to three short ones before "Kính gửi" or the body."""
    lines: list[int] = []
    for block in following[:most]:
        if _starts_body(doc, block) or (lines and len(doc.blocks[block].text) > 160):
            break
        lines.append(block)
        if doc.blocks[block].text.rstrip().endswith("."):
            break
    return lines


def _starts_body(doc: Document, block: int) -> bool:
    """Does this paragraph open the body (recipients, a section, a sentence, a list)?"""
    view = doc.views[block].text
    if len(view) > 300 or view.lstrip().startswith(("-", "+", "•", "(")):
        return True
    return any(patterns.search(patterns.block(file, name), view)
               for file, name in (("metadata", "recipients"), ("metadata", "body_start"), ("outline", "section_label")))


def _recipients(doc: Document, head: list[int], fields: dict, prov: dict) -> None:
    """'Kính gửi: A; B.' or 'Kính gửi:' followed by '- A;' '- B.' lines."""
    hits = _hits(doc, head, "recipients")
    if not hits:
        return
    hit = hits[0]
    rest = hit.match.group("rest").strip()
    names = [_clean_recipient(r) for r in regex.split(r";|\n", rest)] if rest else []
    if not rest:
        for b in range(hit.block + 1, min(hit.block + 8, len(doc.blocks))):
            text = doc.views[b].text.strip()
            if not text.startswith(("-", "+", "•")):
                break
            names.append(_clean_recipient(text))
    fields["recipients"] = [n for n in names if n]
    prov["recipients"] = _place(doc, hit)


def _clean_recipient(text: str) -> str:
    """'- Ủy ban nhân dân tỉnh.' -> 'Ủy ban nhân dân tỉnh'."""
    return collapse_spaces(text).strip(" -+•;,.")


def _own_number(doc: Document, head: list[int], fields: dict, prov: dict) -> None:
    """'Số: 123/BC-SCT' and 'Đồng Nai, ngày 15 tháng 9 năm 2023' from the head."""
    numbers = _hits(doc, head, "own_number")
    if numbers:
        m = numbers[0].match
        fields["number"] = m.group("number")
        fields["symbol"] = m.group("symbol") or m.group("party")
        prov["number"] = _place(doc, numbers[0])
    dates = _hits(doc, head, "date_line")
    if dates and dates[0].match.group("day"):
        m = dates[0].match
        day = to_date(m.group("day"), m.group("month"), m.group("year"))
        if day:
            fields["date"], prov["date"] = day, _place(doc, dates[0])


def _agency(doc: Document, head: list[int], fields: dict, prov: dict) -> None:
    """The reporting body: letterhead, then opening/closing sentence, then the usual subject."""
    n = len(doc.blocks)
    tail = [b for b in range(max(0, n - _TAIL), n) if doc.blocks[b].kind != "table_cell"]
    letterhead = _letterhead(doc, head)
    candidates = [
        letterhead,
        _first(_hits(doc, [b for b in head if doc.blocks[b].kind != "table_cell"], "opening")),
        _first(list(reversed(_hits(doc, tail, "closing")))),
        _most_common_subject(doc),
    ]
    hit = next((c for c in candidates if c is not None), None)
    if hit:
        fields["agency"], prov["agency"] = _body_name(hit.match), _place(doc, hit)


def _first(hits: list[_Hit]) -> _Hit | None:
    return hits[0] if hits else None


def _letterhead(doc: Document, head: list[int]) -> _Hit | None:
    """The last body named above "BÁO CÁO" (a Sở under its UBND tỉnh, say).

    A people's committee whose unit stands on its own line under "ỦY BAN NHÂN
    DÂN" ("HUYỆN NHƠN TRẠCH") is read from the two lines together.
    """
    top: list[int] = []
    for b in head:
        if patterns.search(patterns.block("metadata", "title_marker"), doc.views[b].text):
            break
        top.append(b)
    hits = _hits(doc, top, "body")
    for b, nxt in zip(top, top[1:]):
        if _hits(doc, [b], "letterhead_committee"):
            hits += _hits(doc, [nxt], "letterhead_unit")
    hits.sort(key=lambda h: h.block)
    return hits[-1] if hits else None


def _most_common_subject(doc: Document) -> _Hit | None:
    """The body most often named as a sentence subject ("Sở X đã ...")."""
    hits = _everywhere(doc, "said_subject", "metadata")
    if not hits:
        return None
    counts = Counter(_body_name(h.match) for h in hits)
    best = counts.most_common(1)[0][0]
    return next(h for h in hits if _body_name(h.match) == best)


def _body_name(m: regex.Match) -> str:
    """The canonical name of a matched body: the list spelling, or 'UBND huyện Long Thành'."""
    groups = m.groupdict()
    if groups.get("department"):
        return _departments().get(match_key(groups["department"]), groups["department"])
    name = m.group("name").strip()
    if name.isupper():
        name = name.title()
    written = groups.get("committee") or ""
    prefix = "UBND" if written.upper().startswith("UBND") else "Ủy ban nhân dân"
    return f"{prefix} {m.group('level').lower()} {name}"


@lru_cache(maxsize=1)
def _departments() -> dict[str, str]:
    """Casefolded department name -> its spelling in patterns/metadata.toml."""
    return {match_key(d): d for d in patterns.load("metadata")["lists"]["department"]}


def _province(doc: Document, fields: dict, prov: dict) -> None:
    """The most often named province or centrally-run city."""
    hits = _everywhere(doc, "province_mention", "places")
    if not hits:
        hits = _everywhere(doc, "place_date", "places")
    if not hits:
        return
    names = {match_key(n): n for lst in ("province", "city") for n in patterns.load("places")["lists"][lst]}

    def name(h: _Hit) -> str:
        found = h.match.groupdict().get("province") or h.match.groupdict().get("city") or h.match.group("place")
        return names.get(match_key(found), found)

    best = Counter(name(h) for h in hits).most_common(1)[0][0]
    hit = next(h for h in hits if name(h) == best)
    fields["province"], prov["province"] = best, _place(doc, hit)


def _data_window(doc: Document, period) -> tuple[tuple | None, list[Finding]]:
    """The stated data window (the most often stated one) and findings about it."""
    windows = []
    for hit in _everywhere(doc, "data_window", "periods"):
        start, end = _window_dates(hit.match)
        windows.append((start, end, hit))
    if not windows:
        return None, []
    counts = Counter((s, e) for s, e, _ in windows)
    (start, end), _ = counts.most_common(1)[0]
    main = next(w for w in windows if (w[0], w[1]) == (start, end))
    place = _place(doc, main[2])
    findings = _window_conflicts(doc, main, windows) + _regime_check(start, end, period, place)
    return (DataWindow(start=start, end=end, text=place.text), place), findings


def _window_dates(m: regex.Match):
    days, months, years = m.captures("day"), m.captures("month"), m.captures("year")
    if len(days) < 2:
        return None, None
    return to_date(days[0], months[0], years[0]), to_date(days[-1], months[-1], years[-1])


def _window_conflicts(doc: Document, main, windows) -> list[Finding]:
    """One finding per stated window that differs from the main one."""
    findings = []
    for start, end, hit in windows:
        if (start, end) == (main[0], main[1]):
            continue
        findings.append(Finding(
            code="DATA_WINDOW_CONFLICT", severity="warning",
            message=f"Số liệu được nêu cho hai khoảng thời gian khác nhau: {_fmt(start)}–{_fmt(end)} "
                    f"và {_fmt(main[0])}–{_fmt(main[1])} (data window stated differently in one report)",
            places=[_place(doc, hit), _place(doc, main[2])]))
    return findings


def _regime_check(start, end, period, place: Place) -> list[Finding]:
    """Compare the stated window with the regime window of the period (581/BNV-CCHC)."""
    expected = regime_window(period) if period else None
    if expected is None or start is None or end is None or (start, end) == expected:
        return []
    off = max(abs((start - expected[0]).days), abs((end - expected[1]).days))
    return [Finding(
        code="DATA_WINDOW_REGIME_MISMATCH", severity="info" if off <= 3 else "warning",
        message=f"Thời gian chốt số liệu {_fmt(start)}–{_fmt(end)} khác với quy định cho kỳ báo cáo "
                f"({_fmt(expected[0])}–{_fmt(expected[1])}); lệch {off} ngày",
        places=[place])]


def _fmt(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"

