"""Files -> `RawDocument`: recognizes the format, enforces limits, dispatches.

Knows file formats, not Vietnamese. Every failure is a `CchcError` naming the
file and the reason; nothing else is meant to escape.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .document import RawDocument
from .errors import CchcError, LimitExceeded, UnreadableFile, UnsupportedFormat
from .legacy import to_unicode
from .reader_txt import read_txt

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Configurable ceilings for one input file."""

    max_file_bytes: int = 50 * MB  # on disk
    max_text_bytes: int = 20 * MB  # a .txt file, or a .docx's text once read
    max_unzipped_bytes: int = 200 * MB  # sum of a .docx's uncompressed parts
    max_zip_ratio: float = 200.0  # uncompressed / compressed, per part
    max_zip_parts: int = 2000
    max_block_chars: int = 100_000  # a longer paragraph/cell is kept but not searched (a runaway line)
    max_pattern_seconds: float | None = 10.0  # all the regex searches of one document (~100x a normal report)


DEFAULT_LIMITS = Limits()

_MAGIC = {
    b"PK\x03\x04": "zip",
    b"PK\x05\x06": "zip",
    b"%PDF": "pdf",
    b"\xd0\xcf\x11\xe0": "ole",
    b"{\\rtf": "rtf",
}


@dataclass(frozen=True)
class Loaded:
    """A file's bytes and identity, before parsing."""

    path: str
    data: bytes
    sha256: str
    suffix: str


def load(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Read a file's bytes, refusing what is missing, empty or too large."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise UnreadableFile(p, "is a folder, not a file")
        if size > limits.max_file_bytes:
            raise LimitExceeded(p, f"file is {size / MB:.1f} MB, over the {limits.max_file_bytes / MB:.0f} MB limit")
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFile(p, "no such file") from exc
    except PermissionError as exc:
        raise UnreadableFile(p, "permission denied") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile(p, "is a folder, not a file") from exc
    except OSError as exc:
        raise UnreadableFile(p, f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableFile(p, "empty file")
    return Loaded(str(p), data, hashlib.sha256(data).hexdigest(), p.suffix.lower())


def sniff(data: bytes) -> str | None:
    """The container kind from the first bytes ('zip', 'pdf', 'ole', 'rtf') or None."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def read(loaded: Loaded, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Parse a loaded file by what it is (its bytes), checked against its name."""
    kind = sniff(loaded.data)
    if kind == "zip":
        return _read_zip(loaded, limits)
    if kind == "pdf":
        raise UnsupportedFormat(loaded.path, "is a PDF; PDF reports are not supported yet (save it as .docx)")
    if kind == "ole":
        raise UnsupportedFormat(
            loaded.path,
            "is a legacy Word .doc or an encrypted (password-protected) document; "
            "save it as .docx without a password",
        )
    if kind == "rtf":
        raise UnsupportedFormat(loaded.path, "is an RTF document; save it as .docx")
    if loaded.suffix == ".docx":
        raise UnreadableFile(loaded.path, "is not a .docx (no zip container): the file is damaged or mis-named")
    if len(loaded.data) > limits.max_text_bytes:
        raise LimitExceeded(loaded.path, f"text is over the {limits.max_text_bytes / MB:.0f} MB limit")
    return to_unicode(read_txt(loaded.data, loaded.path))


def _read_zip(loaded: Loaded, limits: Limits) -> RawDocument:
    from .reader_docx import read_docx  # python-docx/lxml only when a .docx is read

    if loaded.suffix == ".txt":
        raise UnreadableFile(loaded.path, "is a zip archive (a .docx?) named .txt")
    return to_unicode(read_docx(loaded.data, loaded.path, limits))


def read_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Loaded, RawDocument]:
    """Load and parse one file."""
    loaded = load(path, limits)
    try:
        return loaded, read(loaded, limits)
    except CchcError:
        raise
    except (zipfile.BadZipFile, EOFError) as exc:
        raise UnreadableFile(loaded.path, f"damaged zip container ({exc})") from exc
