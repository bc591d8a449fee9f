"""Batch progress on stderr: a bar on a terminal, plain lines otherwise (logs, CI)."""

from __future__ import annotations

import shutil
import sys
from typing import TextIO

from ..batch import Event


class Progress:
    """A callable for `run_batch(on_event=...)`."""

    def __init__(self, stream: TextIO = sys.stderr, tty: bool | None = None):
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.total = 0

    def __call__(self, event: Event) -> None:
        if event.kind == "start":
            self.total = event.total
            if not self.tty:
                self._line(f"cchc batch: {event.total} file(s) to read")
            elif event.total:
                self._draw(0, "")
        elif self.tty:
            self._bar(event)
        elif event.kind in ("ok", "failed"):
            tail = f": {event.reason}" if event.reason else ""
            self._line(f"[{event.done}/{event.total}] {event.kind:6} {event.key}{tail}")
        elif event.kind in ("skipped", "pruned", "retry"):
            self._line(f"{event.kind:7} {event.key}" + (f": {event.reason}" if event.reason else ""))

    def close(self) -> None:
        if self.tty and self.total:
            self.stream.write("\n")
            self.stream.flush()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def _bar(self, event: Event) -> None:
        if event.kind == "failed":  # failures stay visible above the bar
            self.stream.write(f"\r\033[Kfailed {event.key}: {event.reason}\n")
        if event.kind in ("ok", "failed"):
            self._draw(event.done, event.key)

    def _draw(self, done: int, name: str) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        total = max(1, self.total)
        head = f"{done}/{total} "
        bar_width = max(10, min(40, width - len(head) - 30))
        filled = bar_width * done // total
        name = name[-(width - bar_width - len(head) - 4):] if width > bar_width + len(head) + 8 else ""
        self.stream.write(f"\r\033[K[{'#' * filled}{'.' * (bar_width - filled)}] {head}{name}")
        self.stream.flush()
