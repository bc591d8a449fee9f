"""The on-disk cache of compiled patterns: a hit gives the same pattern, and any problem
with the file (damaged, foreign, another version, unwritable place) only costs a compile."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest
import regex

from extractor import regex_cache
from extractor.regex_cache import PatternCache, cache_dir, cache_file

ROOT = Path(__file__).resolve().parents[1]
FLAGS = int(regex.VERSION1 | regex.IGNORECASE)
SOURCE = r"(?-f)(?P<number>\d{1,6})/(?P<symbol>KH-UBND|QĐ-UBND)"
KEY = ("regex", SOURCE, FLAGS)
TEXT = "Kế hoạch số 188/KH-UBND và Quyết định 29/qđ-ubnd"


def _saved(path: Path) -> PatternCache:
    cache = PatternCache(path)
    cache.put(KEY, regex.compile(SOURCE, FLAGS))
    cache.save()
    return PatternCache(path)


def test_a_saved_pattern_loads_and_matches_like_a_fresh_compile(tmp_path):
    cache = _saved(tmp_path / "p.pickle")
    loaded = cache.get(KEY)
    fresh = regex.compile(SOURCE, FLAGS)
    assert loaded is not None and loaded is not fresh
    assert [m.groupdict() for m in loaded.finditer(TEXT)] == [m.groupdict() for m in fresh.finditer(TEXT)]
    assert [m.group("symbol") for m in loaded.finditer(TEXT)] == ["KH-UBND", "qđ-ubnd"]


def test_other_flags_are_another_entry(tmp_path):
    cache = _saved(tmp_path / "p.pickle")
    assert cache.get(("regex", SOURCE, int(regex.VERSION1))) is None


@pytest.mark.parametrize("payload", [
    b"",                                   # nothing
    b"\x80\x04not a pickle",               # not a pickle
    pickle.dumps(["a list, not a dict"]),  # another shape
    pickle.dumps({("regex", "x", 0): "not a pattern", ("toml", "x", "0"): "not a dict"}),
])
def test_an_unexpected_content_is_a_miss_not_an_error(tmp_path, payload):
    assert PatternCache(_written(tmp_path / "p.pickle", payload)).get(KEY) is None


def _written(path: Path, payload: bytes) -> Path:
    """A cache file as `save` writes it, around any payload."""
    path.write_bytes(regex_cache._MAGIC + hashlib.sha256(payload).digest() + payload)
    path.chmod(0o600)
    return path


def test_an_entry_whose_pattern_differs_from_its_key_is_not_used(tmp_path):
    path = _written(tmp_path / "p.pickle", pickle.dumps({KEY: regex.compile("other", FLAGS)}))
    assert PatternCache(path).get(KEY) is None


@pytest.mark.parametrize("damage", [
    lambda blob: blob[:-7],                                   # cut short
    lambda blob: blob[:200] + bytes([blob[200] ^ 1]) + blob[201:],  # one bit flipped in the compiled code
    lambda blob: b"x" + blob[1:],                             # another format
])
def test_a_file_damaged_on_disk_is_never_unpickled(tmp_path, monkeypatch, damage):
    path = tmp_path / "p.pickle"
    _saved(path)
    path.write_bytes(damage(path.read_bytes()))
    monkeypatch.setattr(regex_cache.pickle, "loads", lambda _: pytest.fail("a damaged file was unpickled"))
    assert PatternCache(path).get(KEY) is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_file_others_may_write_is_never_unpickled(tmp_path):
    path = tmp_path / "p.pickle"
    _saved(path)
    path.chmod(0o666)
    assert PatternCache(path).get(KEY) is None


def test_an_unwritable_place_costs_nothing_but_the_cache(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cache = PatternCache(blocker / "sub" / "p.pickle")  # a directory cannot be made under a file
    cache.put(KEY, regex.compile(SOURCE, FLAGS))
    cache.save()  # no exception
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_file_name_carries_the_regex_and_python_versions(tmp_path):
    name = cache_file(tmp_path).name
    assert regex.__version__ in name and f"py{sys.version_info[0]}{sys.version_info[1]}" in name


@pytest.mark.parametrize("env, expected", [
    ({"CCHC_CACHE_DIR": "/x/y"}, Path("/x/y")),
    ({"CCHC_CACHE_DIR": "off"}, None),
    ({"CCHC_CACHE_DIR": "", "XDG_CACHE_HOME": "/c"}, None),
    ({"XDG_CACHE_HOME": "/c"}, Path("/c/cchc-extract")),
    ({"XDG_CACHE_HOME": "relative/dir"}, None),  # never a cache under the working directory
])
def test_where_the_cache_lives(monkeypatch, env, expected):
    for name in ("CCHC_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache_dir() == expected


def test_a_run_fills_the_cache_and_the_next_run_gives_the_same_json(tmp_path):
    """Two fresh processes, the second reading what the first saved: identical results."""
    env = {**os.environ, "CCHC_CACHE_DIR": str(tmp_path / "cache")}
    report = ROOT / "corpus" / "so_tu_phap_binh_duong_q1_2024.txt"
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / f"{run}.json"
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", str(report), "-o", str(out)],
                       env=env, check=True, capture_output=True)
        outputs.append(out.read_text(encoding="utf-8"))
    assert list((tmp_path / "cache").glob("patterns-*.pickle"))
    assert outputs[0] == outputs[1]




def test_a_report_saves_what_it_compiled_before_the_process_ends(tmp_path, monkeypatch):
    """Saved by `extract_report` itself: a worker may end without exit handlers."""
    from extractor import patterns
    from extractor.pipeline import extract_report

    monkeypatch.setattr(patterns, "_disk_cache", lru_cache(maxsize=1)(lambda: PatternCache(tmp_path / "p.pickle")))
    patterns.compile.cache_clear()  # compiled again, so into this cache
    try:
        extract_report(ROOT / "corpus" / "so_tu_phap_binh_duong_q1_2024.txt")
        assert len(PatternCache(tmp_path / "p.pickle").loaded) > 20
    finally:
        patterns.compile.cache_clear()


def test_a_parsed_pattern_file_is_kept_and_read_back_by_its_text(tmp_path, monkeypatch):
    from extractor import patterns

    def run(cache_path: Path) -> dict:
        monkeypatch.setattr(patterns, "_disk_cache", lru_cache(maxsize=1)(lambda: PatternCache(cache_path)))
        patterns.load.cache_clear()
        try:
            return patterns.load("places")
        finally:
            patterns._disk_cache().save()
            patterns.load.cache_clear()

    first = run(tmp_path / "p.pickle")
    saved = PatternCache(tmp_path / "p.pickle").loaded
    assert [k[:2] for k in saved] == [("toml", "places")]
    assert run(tmp_path / "p.pickle") == first == tomllib.loads(patterns.PATTERNS_DIR.joinpath("places.toml").read_text("utf-8"))
