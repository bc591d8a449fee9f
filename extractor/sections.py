"""The outline: a section tree from the labels real reports use.

Labels come from the text ("I.", "1.", "2.2.1.", "a)", "b/"), from Word
auto-numbering (`Block.label`, rendered by the .docx reader) or, for unlabelled
headings, from a Heading style. Ids are dotted paths (`I`, `II.2`, `II.2.2.1`,
`I.1.a`): a Roman label opens a top-level part, a dotted Arabic label is placed
under the current part by its own digits, a letter under the innermost numbered
section. Numbering mistakes (a "2.3.4." inside 2.2) are kept as written: the
section hangs under its nearest existing ancestor, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex
from rapidfuzz import fuzz

from . import patterns
from .document import Block, Document
from .findings import guard
from .models import Finding, Section
from .normalize import collapse_spaces, match_key, view_text

_TOPIC_CHARS = 140  # a longer heading is a sentence, not a title
_SENTENCE_CHARS = 70  # ... whose topic, if any, is named at its start


@dataclass(frozen=True)
class _Label:
    kind: str  # "roman", "arabic", "letter", "style"
    value: str  # "II", "2.2.1", "a", "3" (heading level for style)
    text: str  # the label as written, e.g. "2.2.1."
    heading_start: int  # offset of the heading text in the block text
    source: str  # "text", "auto" or "style"


def build_outline(doc: Document, sink: list[Finding] | None = None) -> tuple[list[Section], list[str | None]]:
    """The flat, ordered section list and the section id of every block.

    A block whose label pattern times out is read as no heading, with a
    PATTERN_TIMEOUT finding in `sink`.
    """
    sections: list[Section] = []
    open_by_level: dict[int, Section] = {}
    kinds: dict[str, str] = {}
    block_section: list[str | None] = []
    current: str | None = None
    seen: set[str] = set()
    sink = [] if sink is None else sink
    for block in doc.blocks:
        label = None
        if block.kind != "table_cell":
            with guard(doc, block.index, sink, "outline"):
                label = _label(doc, block)
        if label is not None:
            section = _place(doc, label, block, open_by_level, kinds)
            section = section.model_copy(update={"id": _unique(section.id, seen)})
            section = section.model_copy(update={"topic": _topic(section, open_by_level)})
            sections.append(section)
            seen.add(section.id)
            kinds[section.id] = label.kind
            open_by_level = {k: v for k, v in open_by_level.items() if k < section.level}
            open_by_level[section.level] = section
            current = section.id
        block_section.append(current)
    return sections, block_section


def _label(doc: Document, block: Block) -> _Label | None:
    """The section label of a paragraph, if it opens a section."""
    if block.label:
        return _parse_label(block.label.strip(), "auto") or (
            _style_label(block) if block.outline_level is not None else None)
    view = doc.views[block.index]
    text = view.text.lstrip()
    skipped = len(view.text) - len(text)
    for name, kind in (("section_label", None), ("part_label", "part")):
        m = patterns.search(patterns.block("outline", name), text)
        if m:
            label = _from_match(m, kind)
            start = view.span(skipped + _skip_space(text, m.end()), len(view.text))[0]
            return _Label(label.kind, label.value, label.text, start, "text")
    if block.outline_level is not None and block.text.strip():
        return _style_label(block)
    return None


def _parse_label(label: str, source: str) -> _Label | None:
    m = patterns.search(patterns.block("outline", "section_label"), view_text(label) + " ")
    if not m:
        return None
    found = _from_match(m, None)
    return _Label(found.kind, found.value, label, 0, source)


def _from_match(m: regex.Match, kind: str | None) -> _Label:
    """Kind and value of a label match; a part label's number is kept as written."""
    if kind is None:
        kind = next(k for k in ("roman", "arabic", "letter") if m.group(k))
        return _Label(kind, m.group(kind), m.group().strip(), 0, "text")
    return _Label(kind, m.group("roman").upper(), m.group().strip(), 0, "text")


def _style_label(block: Block) -> _Label:
    return _Label("style", str((block.outline_level or 0) + 1), "", 0, "style")


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _place(doc: Document, label: _Label, block: Block, open_by_level: dict[int, Section],
           kinds: dict[str, str]) -> Section:
    """The section a label opens: its level, id and parent among the open sections."""
    host, path = _host_and_path(label, open_by_level, kinds)
    level = (host.level if host else 0) + (len(label.value.split(".")) if label.kind == "arabic" else 1)
    if label.kind == "style":
        level = max(level, int(label.value))
    heading = collapse_spaces(block.text[label.heading_start:])
    if not heading and label.kind in ("part", "roman"):
        heading = _next_line_heading(doc, block.index)  # "PHẦN I" alone, its title on the next line
    return Section(id=".".join(path), label=label.text or None, heading=heading, level=level,
                   parent=_parent(path, host, open_by_level), block=block.index,
                   numbering=label.source)  # type: ignore[arg-type]


def _host_and_path(label: _Label, open_by_level: dict[int, Section],
                   kinds: dict[str, str]) -> tuple[Section | None, list[str]]:
    """The open section a label hangs under, and the label's id path."""
    if label.kind == "part":
        return None, ["P" + label.value]
    if label.kind == "roman":
        host = _innermost(open_by_level, lambda s: kinds.get(s.id) == "part")
    elif label.kind == "arabic":
        host = _innermost(open_by_level, lambda s: kinds.get(s.id) in ("part", "roman"))
    elif label.kind == "letter":
        host = _innermost(open_by_level, lambda s: kinds.get(s.id) != "letter")
    else:
        host = _innermost(open_by_level, lambda s: s.level < int(label.value))
    base = host.id.split("~")[0].split(".") if host else []
    own = label.value.split(".") if label.kind != "style" else [f"H{label.value}"]
    return host, base + own


def _next_line_heading(doc: Document, index: int) -> str:
    nxt = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
    if nxt is None or nxt.kind == "table_cell" or nxt.label or len(nxt.text) > 200:
        return ""
    return "" if _label(doc, nxt) else collapse_spaces(nxt.text)


def _innermost(open_by_level: dict[int, Section], keep) -> Section | None:
    for level in sorted(open_by_level, reverse=True):
        if keep(open_by_level[level]):
            return open_by_level[level]
    return None


def _parent(path: list[str], host: Section | None, open_by_level: dict[int, Section]) -> str | None:
    """The nearest open ancestor by id prefix ("II.2.3.4" -> "II.2"), else the host."""
    open_ids = {s.id for s in open_by_level.values()}
    for cut in range(len(path) - 1, 0, -1):
        candidate = ".".join(path[:cut])
        if candidate in open_ids:
            return candidate
    return host.id if host else None


def _unique(ident: str, seen: set[str]) -> str:
    if ident not in seen:
        return ident
    n = 2
    while f"{ident}~{n}" in seen:
        n += 1
    return f"{ident}~{n}"


def _topic(section: Section, open_by_level: dict[int, Section]):
    """The topic whose heading variants best match the heading; else the parent's.

    A general topic (e.g. "assessment" from "Nguyên nhân ...") does not override
    a specific one inherited from the parent section.
    """
    parent = next((s for s in open_by_level.values() if s.id == section.parent), None)
    inherited = parent.topic if parent else None
    own = classify_heading(section.heading)
    general = _general_topics()
    if own is None or (own in general and inherited and inherited not in general):
        return inherited
    return own


@lru_cache(maxsize=4096)
def classify_heading(heading: str) -> str | None:
    """The topic key of a heading, or None when no variant fits well enough.

    >>> classify_heading("Cải cách thủ tục hành chính (TTHC)")
    'procedures'
    >>> classify_heading("KIẾN NGHỊ, ĐỀ XUẤT: không")
    'recommendations'
    >>> classify_heading("Tình hình chung") is None
    True
    """
    key = match_key(_topic_text(heading))
    if not key:
        return None
    best: tuple[float, int, int, str] | None = None
    for topic, variant in _variants():
        found = fuzz.partial_ratio_alignment(variant, key) if len(variant) <= len(key) else None
        score, at = (found.score, found.dest_start) if found else (fuzz.ratio(variant, key), 0)
        candidate = (score, -at, len(variant), topic)  # best score, then earliest, then longest
        if score >= _min_score() and (best is None or candidate > best):
            best = candidate
    return best[3] if best else None


def _topic_text(heading: str) -> str:
    """The part of a heading that names its topic.

    "Hạn chế: còn 03 hồ sơ trễ hạn" names its topic before the colon; a long
    sentence-like heading ("a) Trong Quý III, Sở ... đã ...") only at its start.
    """
    head, colon, _ = heading.partition(":")
    if colon and len(head.split()) >= 1 and len(head) < _TOPIC_CHARS:
        return head
    return heading[:_SENTENCE_CHARS] if len(heading) > _TOPIC_CHARS else heading


@lru_cache(maxsize=1)
def _min_score() -> float:
    return float(patterns.load("outline")["meta"].get("min_score", 90))


@lru_cache(maxsize=1)
def _general_topics() -> frozenset[str]:
    return frozenset(patterns.load("outline")["meta"].get("general_topics", []))


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[str, str], ...]:
    """(topic, casefolded variant) for every heading variant in patterns/outline.toml."""
    return tuple((e["key"], match_key(v)) for e in patterns.entries("outline", "topic") for v in e["variants"])
