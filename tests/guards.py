"""A guard shared by the hostile-input tests: a hang fails the test instead of the suite.

Not a speed assertion (speed is measured in bench/): the limit is far above what
any input takes; it only tells "slow" from "never ends".
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Iterator


class Hang(Exception):
    """The body ran past its alarm."""


@contextmanager
def no_hang(seconds: int = 120) -> Iterator[None]:
    """Raise `Hang` when the body runs past `seconds` (SIGALRM: main thread, Unix)."""
    def _ring(signum, frame):
        raise Hang(f"still running after {seconds}s: a hang")

    previous = signal.signal(signal.SIGALRM, _ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
