"""cchc-extract: Vietnamese administrative-reform (CCHC) reports to JSON.

Public API: `extract_report(path)` returns an `ExtractionResult`; the models of
the output contract are re-exported from `extractor.models`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import CchcError, LimitExceeded, UnreadableFile, UnsupportedFormat  # noqa: E402
from .models import ExtractionResult  # noqa: E402
from .pipeline import extract_report  # noqa: E402

__all__ = [
    "__version__",
    "extract_report",
    "ExtractionResult",
    "CchcError",
    "UnreadableFile",
    "UnsupportedFormat",
    "LimitExceeded",
]
