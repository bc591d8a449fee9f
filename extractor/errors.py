"""The project's own error types: every failure a user can meet is one of these.

Each carries the path and a one-line reason so that the CLI can print
`path: reason` and go on with the next file. No other exception type is meant to
leave `extract_report`.
"""

from __future__ import annotations

from pathlib import Path


class CchcError(Exception):
    """Base of every error this project raises on purpose."""

    code = "error"

    def __init__(self, path: str | Path | None, reason: str):
        self.path = str(path) if path is not None else None
        self.reason = " ".join(reason.split())  # one line, even when a parser's message has several
        super().__init__(f"{self.path}: {self.reason}" if self.path else self.reason)


class UnreadableFile(CchcError):
    """The file cannot be read as a report: empty, binary, corrupt, encrypted, wrong type."""

    code = "unreadable"


class UnsupportedFormat(CchcError):
    """The file's format is recognized but not (yet) supported, e.g. a legacy .doc."""

    code = "unsupported"


class LimitExceeded(CchcError):
    """The file is larger, deeper or more compressed than the configured limits allow."""

    code = "limit"
