"""summary.json and one CSV per view: the same content as the spreadsheet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..consolidate import Summary


def write_json(summary: Summary, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def write_csvs(summary: Summary, stem: str | Path) -> list[Path]:
    """`<stem>-<view>.csv` per view, UTF-8 with a BOM (Excel then reads the Vietnamese right)."""
    stem = Path(stem)
    out = []
    for view in summary.views:
        path = stem.with_name(f"{stem.name}-{view.id}.csv")
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([c.label for c in view.columns])
            writer.writerows([["" if v is None else v for v in row] for row in view.rows])
        out.append(path)
    return out
