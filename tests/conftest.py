"""Shared fixtures: paths to the project corpus and to ../shared (absent on a fresh clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
REAL_REPORT = SHARED / "corpus" / "000_0ee817baf1abccc4.txt"
REAL_GOLD = SHARED / "gold" / "000_0ee817baf1abccc4.gold.json"


@pytest.fixture
def real_report() -> Path:
    """The real report of ../shared, or a clean skip when ../shared is not beside the repo."""
    if not REAL_REPORT.exists():
        pytest.skip(f"../shared is absent ({REAL_REPORT} not found): real-report tests need it")
    return REAL_REPORT


@pytest.fixture
def real_gold() -> Path:
    if not REAL_GOLD.exists():
        pytest.skip(f"../shared is absent ({REAL_GOLD} not found)")
    return REAL_GOLD
