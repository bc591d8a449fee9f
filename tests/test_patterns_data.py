"""Data integrity of patterns/: every file loads and validates, every block compiles,
every pattern matches its examples and none of its counter-examples (on the match view,
as the extractors use them)."""

from __future__ import annotations

import pytest

from extractor import patterns
from extractor.normalize import match_view, nfc

FILES = patterns.all_files()


def _pattern_entries():
    for name in FILES:
        for _table, entry, where in patterns.iter_entries_raw(name, patterns.load(name)):
            if "pattern" in entry:
                yield pytest.param(name, entry, id=f"{name}:{where}")


@pytest.mark.parametrize("name", FILES)
def test_file_loads_and_every_block_compiles(name):
    data = patterns.load(name)
    for block in data.get("blocks", {}):
        patterns.block(name, block)  # raises PatternError naming the file and block


@pytest.mark.parametrize("name,entry", list(_pattern_entries()))
def test_examples_and_counter_examples(name, entry):
    pattern = patterns.compile(entry["pattern"], name)
    missed = [e for e in entry["examples"] if not patterns.search(pattern, match_view(nfc(e)).text)]
    wrong = [e for e in entry.get("counter_examples", []) if patterns.search(pattern, match_view(nfc(e)).text)]
    assert not missed, f"pattern does not match its examples: {missed}"
    assert not wrong, f"pattern matches its counter-examples: {wrong}"


def _needs():
    for name in FILES:
        for block in patterns.load(name).get("needs", {}):
            yield pytest.param(name, block, id=f"{name}:needs.{block}")


@pytest.mark.parametrize("name,block", list(_needs()))
def test_every_example_of_a_block_holds_one_of_its_needs(name, block):
    # `[needs]` lets a text holding none of the literals be skipped: a necessary condition,
    # so every example of a form that is the block (or uses it) must hold one
    uses = "${" + block + "}"
    examples = [e for _t, entry, _w in patterns.iter_entries_raw(name, patterns.load(name))
                if uses in entry.get("pattern", "") for e in entry["examples"]]
    assert examples, f"no form uses {uses}: its needs are untested"
    missing = [e for e in examples if not patterns.may_match(name, block, match_view(nfc(e)).text)]
    assert not missing, f"examples holding none of needs.{block}: {missing}"


def _entry_needs():
    for name in FILES:
        for _table, entry, where in patterns.iter_entries_raw(name, patterns.load(name)):
            if "needs" in entry:
                yield pytest.param(name, entry, id=f"{name}:{where}:needs")


@pytest.mark.parametrize("name,entry", list(_entry_needs()))
def test_every_example_of_an_entry_holds_one_of_its_needs(name, entry):
    # an entry's `needs` lets a text holding none of them be skipped, like a block's
    missing = [e for e in entry["examples"]
               if not patterns.holds_any(patterns.entry_needs(entry), match_view(nfc(e)).text.casefold())]
    assert not missing, f"examples holding none of the entry's needs: {missing}"


@pytest.mark.parametrize("toml, error", [
    ('[[form]]\nname = "a"\npattern = "b"\n',
     r"patterns/broken.toml: form\[0\] \(a\): an entry with a pattern needs examples"),
    ('[blocks]\na = "b"\n[needs]\nc = ["b"]\n', r"patterns/broken.toml: needs.c: names no block"),
    ('[blocks]\na = "b"\n[needs]\na = []\n', r"patterns/broken.toml: needs.a: must be a non-empty list"),
    ('[lists]\na = "a bare string"\n', r"patterns/broken.toml: lists.a: must be a non-empty list"),
    ('[[form]]\nname = "a"\nneeds = "b"\npattern = "b"\nexamples = ["b"]\n',
     r"patterns/broken.toml: form\[0\] \(a\): needs must be a non-empty list"),
])
def test_loader_reports_file_and_entry(tmp_path, monkeypatch, toml, error):
    (tmp_path / "broken.toml").write_text('[meta]\ndescription = "x"\n' + toml, encoding="utf-8")
    monkeypatch.setattr(patterns, "PATTERNS_DIR", tmp_path)
    patterns.load.cache_clear()
    try:
        with pytest.raises(patterns.PatternError, match=error):
            patterns.load("broken")
    finally:
        patterns.load.cache_clear()


def test_unknown_block_is_named(tmp_path, monkeypatch):
    (tmp_path / "common.toml").write_text('[meta]\ndescription = "x"\n', encoding="utf-8")
    (tmp_path / "refs.toml").write_text('[meta]\ndescription = "x"\n[blocks]\na = "${nope}"\n', encoding="utf-8")
    monkeypatch.setattr(patterns, "PATTERNS_DIR", tmp_path)
    patterns.load.cache_clear()
    patterns.compile.cache_clear()
    try:
        with pytest.raises(patterns.PatternError, match=r"\$\{nope\}"):
            patterns.block("refs", "a")
    finally:
        patterns.load.cache_clear()
        patterns.compile.cache_clear()
