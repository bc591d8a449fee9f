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
from .models import Section
from .normalize import collapse_spaces, match_key

_TOPIC_CHARS = 140  # only a heading's beginning names its topic


@dataclass(frozen=True)
class _Label:
    kind: str  # "roman", "arabic", "letter", "style"
    value: str  # "II", "2.2.1", "a", "3" (heading level for style)
    text: str  # the label as written, e.g. "2.2.1."
    heading_start: int  # offset of the heading text in the block text
    source: str  # "text", "auto" or "style"


def build_outline(doc: Document) -> tuple[list[Section], list[str | None]]:
    """The flat, ordered section list and the section id of every block."""
    sections: list[Section] = []
    open_by_level: dict[int, Section] = {}
    block_section: list[str | None] = []
    current: str | None = None
    seen: set[str] = set()
    for block in doc.blocks:
        label = _label(block) if block.kind != "table_cell" else None
        if label is not None:
            section = _place(label, block, open_by_level, seen)
            section = section.model_copy(update={"topic": _topic(section, open_by_level)})
            sections.append(section)
            seen.add(section.id)
            open_by_level = {k: v for k, v in open_by_level.items() if k < section.level}
            open_by_level[section.level] = section
            current = section.id
        block_section.append(current)
    return sections, block_section


def _label(block: Block) -> _Label | None:
    """The section label of a paragraph, if it opens a section."""
    if block.label:
        return _parse_label(block.label.strip(), 0, "auto") or (
            _style_label(block) if block.outline_level is not None else None)
    text = block.text.lstrip()
    offset = len(block.text) - len(text)
    m = patterns.search(patterns.block("outline", "section_label"), text)
    if m:
        return _from_match(m, text, offset, "text")
    m = patterns.search(patterns.block("outline", "part_label"), text)
    if m:
        return _Label("roman", m.group("roman"), m.group().strip(), offset + _skip_space(text, m.end()), "text")
    if block.outline_level is not None and text:
        return _style_label(block)
    return None


def _parse_label(label: str, offset: int, source: str) -> _Label | None:
    m = patterns.search(patterns.block("outline", "section_label"), label + " ")
    return _from_match(m, label, offset, source, whole=True) if m else None


def _from_match(m: regex.Match, text: str, offset: int, source: str, whole: bool = False) -> _Label:
    kind = next(k for k in ("roman", "arabic", "letter") if m.group(k))
    start = 0 if whole else offset + _skip_space(text, m.end())
    return _Label(kind, m.group(kind), m.group().strip(), start, source)


def _style_label(block: Block) -> _Label:
    return _Label("style", str((block.outline_level or 0) + 1), "", 0, "style")


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _place(label: _Label, block: Block, open_by_level: dict[int, Section], seen: set[str]) -> Section:
    """The section a label opens: its level, id and parent among the open sections."""
    level, path = _level_and_path(label, open_by_level)
    parent = _parent(path, level, open_by_level, seen)
    ident = _unique(".".join(path), seen)
    heading = collapse_spaces(block.text[label.heading_start:]) if label.source == "text" else collapse_spaces(block.text)
    return Section(id=ident, label=label.text or None, heading=heading, level=level,
                   parent=parent, block=block.index, numbering=label.source)  # type: ignore[arg-type]


def _level_and_path(label: _Label, open_by_level: dict[int, Section]) -> tuple[int, list[str]]:
    top = open_by_level.get(1)
    top_path = [top.id.split(".")[0]] if top and top.id.split(".")[0].isupper() else []
    if label.kind == "roman":
        return 1, [label.value]
    if label.kind == "arabic":
        parts = label.value.split(".")
        return len(top_path) + len(parts), top_path + parts
    if label.kind == "letter":
        host = _innermost(open_by_level, lambda s: not _is_letter(s))
        base = host.id.split(".") if host else []
        return (host.level + 1 if host else 1), base + [label.value]
    level = int(label.value)
    host = _innermost(open_by_level, lambda s: s.level < level)
    base = host.id.split(".") if host else []
    return level, base + [f"H{level}"]


def _is_letter(section: Section) -> bool:
    last = section.id.split(".")[-1].split("~")[0]
    return len(last) == 1 and last.isalpha() and last.islower()


def _innermost(open_by_level: dict[int, Section], keep) -> Section | None:
    for level in sorted(open_by_level, reverse=True):
        if keep(open_by_level[level]):
            return open_by_level[level]
    return None


def _parent(path: list[str], level: int, open_by_level: dict[int, Section], seen: set[str]) -> str | None:
    """The nearest existing ancestor by id prefix, else the innermost open section above."""
    for cut in range(len(path) - 1, 0, -1):
        candidate = ".".join(path[:cut])
        open_ids = {s.id for s in open_by_level.values()}
        if candidate in open_ids:
            return candidate
    above = _innermost(open_by_level, lambda s: s.level < level)
    return above.id if above else None


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
    general = set(patterns.load("outline")["meta"].get("general_topics", []))
    if own is None or (own in general and inherited and inherited not in general):
        return inherited
    return own


def classify_heading(heading: str) -> str | None:
    """The topic key of a heading, or None when no variant fits well enough.

    >>> classify_heading("Cải cách thủ tục hành chính (TTHC)")
    'procedures'
    >>> classify_heading("KIẾN NGHỊ, ĐỀ XUẤT: không")
    'recommendations'
    >>> classify_heading("Tình hình chung") is None
    True
    """
    key = match_key(heading[:_TOPIC_CHARS])
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


def _min_score() -> float:
    return float(patterns.load("outline")["meta"].get("min_score", 90))


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[str, str], ...]:
    """(topic, casefolded variant) for every heading variant in patterns/outline.toml."""
    return tuple((e["key"], match_key(v)) for e in patterns.entries("outline", "topic") for v in e["variants"])
