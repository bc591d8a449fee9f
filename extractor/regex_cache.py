"""Compiled patterns kept on disk between runs: the cold start of `cchc extract`.

The `regex` module parses a pattern in Python (~3 µs per character): the ~100
patterns of one extraction cost a fresh process 200-300 ms, more than the
extraction itself. A compiled `regex.Pattern` pickles as its compiled code (the
module's own `Pattern.__reduce__` rebuilds it with `_regex.compile`, no parse),
so the whole set loads in ~3 ms. The parsed and validated pattern files
(`patterns/*.toml`, ~15 ms of TOML parsing) are kept alongside.

The file is keyed by what an entry depends on: a compiled pattern by its expanded
text and flags, a pattern file by the SHA-256 of its text, the whole file by the
`regex` and Python versions.
It lives in `$CCHC_CACHE_DIR`, else `$XDG_CACHE_HOME/cchc-extract`, else
`~/.cache/cchc-extract`; `CCHC_CACHE_DIR=off` turns it off. Unpickling runs code,
so a file someone else owns or may write is never read. Any problem reading or
writing the cache costs speed, never a result: the file carries a SHA-256 of
its content, and a file cut or damaged on disk is not read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

import regex

Key = tuple  # ("regex", expanded pattern, flags) or ("toml", file name, SHA-256 of its text)
_MAX_ENTRIES = 2000  # past this many, a save keeps only the entries this process used
_OFF = "off"
# The file: a tag, the SHA-256 of the pickle, the pickle. The engine runs the compiled
# code it is given, so a file damaged on disk must be refused before it is unpickled.
_MAGIC = b"cchc-patterns-1\n"
_BODY = len(_MAGIC) + 32


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    configured = os.environ.get("CCHC_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in (_OFF, "") else Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"))
    return base / "cchc-extract" if base.is_absolute() else None  # no home: no cache, not one in the cwd


def cache_file(directory: Path) -> Path:
    """The file for this `regex` and Python: another version never reads it."""
    python = "".join(map(str, sys.version_info[:2]))
    return directory / f"patterns-regex{regex.__version__}-py{python}.pickle"


class PatternCache:
    """Compiled patterns and parsed pattern files by key, loaded once, saved when it grew."""

    def __init__(self, path: Path | None):
        self.path = path
        self.loaded: dict[Key, Any] = _read(path) if path is not None else {}
        self.used: dict[Key, Any] = {}
        self.added = False

    def get(self, key: Key) -> Any:
        """The entry, or None when there is none of the kind the key says."""
        value = self.loaded.get(key)
        if value is None or not _fits(key, value):
            return None
        self.used[key] = value
        return value

    def put(self, key: Key, value: Any) -> None:
        self.used[key] = value
        self.added = True

    def save(self) -> None:
        """Write the cache (atomically: concurrent workers never see half a file)."""
        if self.path is None or not self.added:
            return
        merged = {**self.loaded, **self.used}
        entries = merged if len(merged) <= _MAX_ENTRIES else self.used
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".patterns-", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, self.path)
            self.added = False
        except (OSError, pickle.PicklingError):
            if tmp is not None:
                with suppress(OSError):
                    os.unlink(tmp)


def _fits(key: Key, value: Any) -> bool:
    """Is `value` what `key` names: the pattern compiled from its text, or a parsed file?"""
    if key[0] == "regex":
        return isinstance(value, regex.Pattern) and value.pattern == key[1]
    return key[0] == "toml" and isinstance(value, dict)


def _read(path: Path) -> dict[Key, Any]:
    """The cached patterns, or none when the file is missing, foreign or damaged."""
    try:
        with path.open("rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return {}
            blob = handle.read()
        head, digest, payload = blob[:len(_MAGIC)], blob[len(_MAGIC):_BODY], blob[_BODY:]
        if head != _MAGIC or hashlib.sha256(payload).digest() != digest:
            return {}  # cut or damaged: the compiled code it holds is never handed to the engine
        data = pickle.loads(payload)
    except Exception:  # noqa: BLE001 -- a damaged cache of any kind is only a cache miss
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, tuple) and k and _fits(k, v)}


def _trusted(st: os.stat_result) -> bool:
    """Our own regular file, writable by nobody else (unpickling a file runs its code)."""
    if not stat.S_ISREG(st.st_mode) or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()

