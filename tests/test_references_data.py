"""Data test for the citation grammar files: every pattern matches its examples and none
of its counter-examples, and the [lists] agree with the entries they summarise."""

from __future__ import annotations

import pytest

from extractor import patterns
from extractor.normalize import match_view

FILES = ["references", "doc_types", "bodies"]
ENTRIES = [
    (name, table, entry)
    for name in FILES
    for table, entry, _ in patterns.iter_entries_raw(name, patterns.load(name))
    if "pattern" in entry
]


def _id(row: tuple) -> str:
    return f"{row[0]}:{row[2].get('name')}"


@pytest.mark.parametrize("name,table,entry", ENTRIES, ids=[_id(r) for r in ENTRIES])
def test_examples_match_and_counter_examples_do_not(name: str, table: str, entry: dict) -> None:
    pattern = patterns.compile(entry["pattern"], name)
    for example in entry["examples"]:
        assert patterns.search(pattern, match_view(example).text), f"{entry['name']} misses {example!r}"
    for counter in entry.get("counter_examples", []):
        assert not patterns.search(pattern, match_view(counter).text), f"{entry['name']} matches {counter!r}"


def test_type_lists_hold_exactly_the_type_entries() -> None:
    data = patterns.load("doc_types")
    assert sorted(data["lists"]["type_word"]) == sorted(t["name"] for t in data["type"])
    assert sorted(data["lists"]["type_abbr"]) == sorted({a for t in data["type"] for a in t.get("abbr", [])})


def test_body_list_holds_exactly_the_body_names() -> None:
    data = patterns.load("bodies")
    names = {n for b in data["body"] for n in [b["name"], *b.get("aliases", [])]}
    assert sorted(data["lists"]["body_name"]) == sorted(names)


def test_every_code_is_unique_to_its_type() -> None:
    # a type code names one type; the Party "QĐ" (Quyết định, Quy định) and "BC"
    # (Báo cáo, Báo cáo thẩm định) are the known exceptions
    shared = {"qđ": {"Quyết định", "Quy định"}, "bc": {"Báo cáo", "Báo cáo thẩm định"}}
    owners: dict[str, set[str]] = {}
    for t in patterns.load("doc_types")["type"]:
        for code in t["codes"]:
            owners.setdefault(code.casefold(), set()).add(t["name"])
    assert {c: o for c, o in owners.items() if len(o) > 1} == shared
