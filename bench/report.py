"""bench/RESULTS.md from one benchmark run (see bench/run.py): tables, ratios, targets."""

from __future__ import annotations

KB, MB = 1000, 1_000_000


def _num(value, digits: int = 1) -> str:
    return f"{value:,.{digits}f}" if isinstance(value, (int, float)) else str(value)


def _ratio(ours: float, other) -> str:
    return f"{other / ours:.2f}x" if isinstance(other, (int, float)) and ours else "-"


def render(run, targets: dict, quick: bool = False) -> str:
    """The whole RESULTS.md."""
    parts = [_head(run, quick), _per_report(run), _growth(run, targets), _alternatives(run), _batch(run),
             _memory(run), _cli(run), _targets(run, targets), _stages(run), _profiles(run), _method()]
    return "\n\n".join(parts) + "\n"


def _head(run, quick: bool) -> str:
    m = run.machine
    note = "\n\n**Quick run (`--quick`): fewer repeats, not for comparison.**" if quick else ""
    return (f"# Benchmark results\n\nWritten by `make bench` (`bench/run.py`) from one run on {m['date']}, "
            f"commit `{m['commit']}`. Medians over distinct reports of each size, after a warm-up run.{note}\n\n"
            f"Machine: {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, {m['platform']}; "
            f"load average at start {m['load']}.")


def _per_report(run) -> str:
    lines = ["## Per report (median ms)", "",
             "| size | format | text KB | file KB | blocks | tables | read | extract | total | MB/s (text/total) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for inp, t, _ in run.rows:
        mbs = inp.size / MB / (t["total"] / 1000)
        lines.append(f"| {inp.label} | .{inp.fmt} | {inp.size / KB:,.1f} | {inp.path.stat().st_size / KB:,.1f} | "
                     f"{t['blocks']:,} | {t['tables']} | {_num(t['read'])} | {_num(t['extract'])} | "
                     f"{_num(t['total'])} | {mbs:.2f} |")
    lines += ["", "read = file to blocks (`reader.read_file`, with the legacy-encoding check); extract = blocks "
                  "to result (every stage of `pipeline`); total = read + extract + the JSON written to disk."]
    if run.real:
        r = run.real
        lines += ["", f"The real report of `../shared` (`{r['name']}`, a Sở's Q3/2023 report, {r['bytes'] / KB:,.1f} KB "
                      f".txt, prose-heavy where the generated ones are table-heavy): **{r['total']:.1f} ms** end to end "
                      f"(median of repeated runs of the one file), {r['bytes'] / MB / (r['total'] / 1000):.2f} MB/s."]
    return "\n".join(lines)


def growth(run, fmt: str) -> list[tuple[str, float]]:
    """(size label, total ms per KB of text) for one format, smallest first."""
    return [(inp.label, t["total"] / (inp.size / KB)) for inp, t, _ in run.rows if inp.fmt == fmt]


def _growth(run, targets: dict) -> str:
    lines = ["## Growth with size", "", "| format | " + " | ".join(f"ms/KB at {label}" for label, _ in
                                                                    growth(run, "txt")) + " | largest / smallest |",
             "|---|" + "---|" * (len(growth(run, "txt")) + 1)]
    for fmt in ("txt", "docx"):
        rows = growth(run, fmt)
        lines.append(f"| .{fmt} | " + " | ".join(f"{v:.3f}" for _, v in rows) + f" | {rows[-1][1] / rows[0][1]:.2f} |")
    lines += ["", f"Linear growth keeps ms/KB flat: the ratio stays near 1 (target <= {targets['growth']}); "
                  "a ratio growing with size would mean a quadratic step."]
    return "\n".join(lines)


def _alternatives(run) -> str:
    names = list(next(alt for _, _, alt in run.rows if alt))
    lines = ["## The same .docx files through the alternatives (median ms)", "",
             "| size | ours, total | " + " | ".join(f"{n} | {n} / ours" for n in names) + " |",
             "|---|---|" + "---|---|" * len(names)]
    for inp, t, alt in run.rows:
        if alt:
            cells = " | ".join(f"{_num(alt[n])} | {_ratio(t['total'], alt[n])}" for n in names)
            lines.append(f"| {inp.label} | {_num(t['total'])} | {cells} |")
    lines += ["", "python-docx walk: `docx.Document(path)`, then the text of every paragraph and of every "
                  "paragraph of every cell (what reading through python-docx's object layer costs, before any "
                  "extraction). docx2python: `docx2python(path).text`. docling: `MsWordDocumentBackend.convert()` "
                  "and the Markdown export, what `DocumentConverter` runs for a .docx (docling-slim, whose "
                  "`DocumentConverter` itself imports torch). A ratio above 1 means the alternative is slower "
                  "than our whole extraction."]
    return "\n".join(lines)


def _batch(run) -> str:
    if isinstance(run.batch, str):
        return f"## Batch\n\n{run.batch}"
    rows = "\n".join(f"| {w} | {r:.1f} |" for w, r in run.batch.items() if w != "load")
    speedup = run.batch[2] / run.batch[1] if run.batch.get(1) else 0
    return ("## Batch (`extractor.batch.run_batch`, synthetic quarter of ~5 KB .txt reports, store and JSON "
            f"written)\n\n| workers | reports/s |\n|---|---|\n{rows}\n\n2 workers / 1 worker: {speedup:.2f}x "
            f"(load average before: {run.batch['load']}; on {run.machine['cpus']} CPUs shared with other work "
            "the second worker gains only what is idle).")


def _memory(run) -> str:
    lines = ["## Peak memory of one worker (600 KB reports, a fresh process each)", "",
             "| format | Python allocations (tracemalloc peak) | max RSS | RSS after `import extractor` |",
             "|---|---|---|---|"]
    for fmt, m in run.memory.items():
        lines.append(f"| .{fmt} | {m['tracemalloc_mb']:.1f} MB | {m['maxrss_mb']:.1f} MB | {m['import_rss_mb']:.1f} MB |")
    return "\n".join(lines)


def _cli(run) -> str:
    imp, cold, none = run.imports, run.cold["cache"], run.cold["none"]
    times = ", ".join(f"{label} .docx **{s:.3f} s**" for label, s in run.cli.items())
    uncached = ", ".join(f"{label} .docx {s:.3f} s" for label, s in run.cli_uncached.items())
    rows = "\n".join(f"| {'&nbsp;' * 2 * depth}{name} | {ms:.1f} |" for name, ms, depth in imp["slowest"])
    callers = "\n".join(f"| `{where}` | {ms:.0f} |" for where, ms in none["by_caller"])
    return (f"## `cchc extract` of one file, process start included\n\nMedian wall time: {times} "
            f"(compiled patterns from the on-disk cache, `extractor/regex_cache.py`); without the cache "
            f"(`CCHC_CACHE_DIR=off`, as the very first run after installing): {uncached}. "
            f"spaCy imported: **{'yes' if imp['spacy'] else 'no'}**.\n\n"
            f"In a fresh process (15 KB .docx), with the cache: imports {cold['import_ms']:.0f} ms, the first "
            f"extraction {cold['first_ms']:.0f} ms, the second {cold['warm_ms']:.0f} ms ({cold['patterns']} "
            f"patterns compiled). Without it: imports {none['import_ms']:.0f} ms, the first extraction "
            f"{none['first_ms']:.0f} ms, the second {none['warm_ms']:.0f} ms: the first pays "
            f"{none['compile_ms']:.0f} ms compiling {none['patterns']} regexes (the `regex` module parses in "
            f"Python; the cache keeps each compiled pattern's code, which the module itself pickles).\n\n"
            f"Regex compilation without the cache, by the module that asks for it (ms):\n\n| caller | ms |\n"
            f"|---|---|\n{callers}\n\n"
            f"Slowest imports (`python -X importtime` of `cli.py extract`, cumulative ms, nested names indented):"
            f"\n\n| module | ms |\n|---|---|\n{rows}")


def _stages(run) -> str:
    parts = ["## Time by stage (600 KB reports, median ms)"]
    for fmt, stages in run.stages.items():
        total = sum(ms for name, ms in stages.items() if not name.startswith("("))
        rows = "\n".join(f"| {name} | {ms:,.0f} | {ms / total:.0%} |" for name, ms in stages.items())
        parts.append(f"### .{fmt}\n\n| stage | ms | share |\n|---|---|---|\n{rows}")
    return "\n\n".join(parts)


def _targets(run, targets: dict) -> str:
    txt60 = next(t for inp, t, _ in run.rows if inp.fmt == "txt" and inp.label == "60 KB")
    txt_rates = [inp.size / MB / (t["total"] / 1000) for inp, t, _ in run.rows if inp.fmt == "txt"]
    docx60 = next((inp, t, alt) for inp, t, alt in run.rows if inp.fmt == "docx" and inp.label == "60 KB")
    walk = docx60[2].get("python-docx walk")
    peak = max(m["maxrss_mb"] for m in run.memory.values())
    worst_growth = max(g[-1][1] / g[0][1] for g in (growth(run, "txt"), growth(run, "docx")))
    rows = [
        ("60 KB .docx end to end no slower than python-docx's walk",
         f"{docx60[1]['total']:.1f} ms vs {_num(walk)} ms", isinstance(walk, float) and docx60[1]["total"] <= walk),
        (f".txt extraction >= {targets['txt_mb_s']} MB/s", f"{min(txt_rates):.2f} MB/s at the slowest size "
         f"({txt60['total']:.1f} ms for 60 KB)", min(txt_rates) >= targets["txt_mb_s"]),
        ("linear growth", f"ms/KB ratio {worst_growth:.2f} (largest / smallest)", worst_growth <= targets["growth"]),
        (f"< {targets['peak_mb']:.0f} MB peak per worker on 600 KB", f"{peak:.0f} MB max RSS", peak < targets["peak_mb"]),
        (f"CLI one file < {targets['cli_s']} s", ", ".join(f"{s:.3f} s ({label})" for label, s in run.cli.items()),
         max(run.cli.values()) < targets["cli_s"]),
        ("spaCy not imported by `cchc extract`", "not imported" if not run.imports["spacy"] else "imported",
         not run.imports["spacy"]),
    ]
    body = "\n".join(f"| {what} | {value} | {'met' if ok else '**missed**'} |" for what, value, ok in rows)
    return f"## Targets\n\n| target | measured | |\n|---|---|---|\n{body}"


def _profiles(run) -> str:
    parts = ["## Where the time goes (cProfile of one extraction of the 600 KB reports, by own time)"]
    for fmt, rows in run.profiles.items():
        table = "\n".join(f"| `{where}` | {own:.0f} | {cum:.0f} |" for where, own, cum in rows)
        parts.append(f"### .{fmt}\n\n| function | own ms | cumulative ms |\n|---|---|---|\n{table}")
    return "\n\n".join(parts) + ("\n\n(cProfile slows Python code down about 2x: read these as shares. "
                                  "`contextlib.py __exit__` is the cyclic garbage collector's one pass over "
                                  "the report's objects when it runs again after the stages, see "
                                  "`pipeline._cycle_collector_paused`.)")


def _method() -> str:
    return ("## How it is measured\n\n"
            "- Inputs: `bench/work/report_{15,60,600}k_N.{txt,docx}`, regenerated each run from `tools/synth.py` "
            "(bodies of synthetic reports one after the other) with one merged-header dossier table per body "
            "(STT and Lĩnh vực merged down, two groups merged across); the .docx is the text's twin built with "
            "`tools/make_docx.py`, its tables real Word tables with vMerge/gridSpan.\n"
            "- Each timing is the median over 5-21 distinct reports of the size (other bodies, seeds and "
            "figures), each read once in one process after a warm-up on another one: compiled patterns are "
            "warm, as in a batch worker, but no report is extracted twice (the extractors cache results by "
            "content, which would flatter a repeated report). Memory and the CLI are measured in fresh "
            "processes (the CLI: median of 7 runs after one).\n"
            "- Targets are checked here, never in the test suite.")
