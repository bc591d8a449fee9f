"""Plain-text tables for the terminal (cross-check results)."""

from __future__ import annotations

from ..crosscheck import CrossCheck


def table(headers: list[str], rows: list[list[str]], max_width: int = 48) -> str:
    """A fixed-width table; cells longer than `max_width` are cut with "…".

    >>> print(table(["a", "bb"], [["1", "x"], ["22", "yyy"]]))
    a   bb
    --  ---
    1   x
    22  yyy
    """
    cut = [[_cut(str(c), max_width) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cut) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cut]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def crosscheck_text(result: CrossCheck) -> str:
    """What `cchc crosscheck` prints: conflicts, then registry mismatches."""
    out = [f"{result.reports} báo cáo, {result.citations} lượt trích dẫn, {len(result.conflicts)} xung đột"]
    rows = []
    for c in result.conflicts:
        for i, v in enumerate(c.variants):
            mark = " (đúng?)" if c.expected == v.value else ""
            rows.append([c.id if i == 0 else "", c.field if i == 0 else "", v.value + mark, ", ".join(v.bodies)])
    if rows:
        out += ["", table(["Văn bản", "Trường", "Giá trị", "Cơ quan"], rows)]
    if result.registry is not None:
        counts = {s: sum(1 for r in result.registry if r.status == s) for s in ("confirmed", "mismatch", "unknown")}
        out += ["", "Sổ đăng ký: " + ", ".join(f"{k} {v}" for k, v in counts.items())]
        bad = [[r.citation.id, r.citation.agency or r.citation.report, d["field"], str(d["cited"]), str(d["registry"])]
               for r in result.registry if r.status == "mismatch" for d in r.differences]
        if bad:
            out += ["", table(["Văn bản", "Cơ quan", "Trường", "Trích dẫn", "Sổ đăng ký"], bad)]
    return "\n".join(out)
