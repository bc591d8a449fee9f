"""The benchmark: `make bench` (or `python bench/run.py`) writes bench/RESULTS.md from one run.

What it measures, on generated reports of about 15 KB, 60 KB and 600 KB of text, as
.txt and as .docx with merged-cell tables (written to bench/work/, not committed):

- median ms per report to read (file -> blocks), extract (blocks -> result) and in
  total (read + extract + JSON written), and throughput in MB of text per second;
- how time grows with size (ms per KB at each size, and their ratio);
- batch reports per second with 1 and 2 workers (`extractor.batch`);
- peak memory of one worker on the 600 KB reports (tracemalloc and ru_maxrss, each
  in a fresh process);
- `cchc extract` of one file end to end, process start included, and what it imports;
- side by side on the same .docx files: python-docx walking every paragraph and
  cell, docx2python's and docling's conversion (where installed: `pip install -e '.[bench]'`).

Medians over repeated runs, after one warm-up run. `--quick` repeats less (a smoke run).
The report texts come from `tools/synth.py` (no real report is copied); a long report
is the bodies of several synthetic reports one after the other, so its outline repeats
I.-V. and its one-stop tables recur, as in a long annual report.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "RESULTS.md"
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import docx_from_text  # noqa: E402  (tools/)
import make_docx  # noqa: E402
import synth  # noqa: E402

from extractor import extract_report, patterns  # noqa: E402
from extractor.pipeline import _extract  # noqa: E402  (the stages after reading, timed apart)
from extractor.reader import DEFAULT_LIMITS, read_file  # noqa: E402

SIZES = [("15 KB", 15_000), ("60 KB", 60_000), ("600 KB", 600_000)]
REPEATS = {15_000: 21, 60_000: 11, 600_000: 5}
TARGETS = {"txt_mb_s": 4.0, "peak_mb": 300.0, "cli_s": 0.5, "growth": 1.5}
PROVINCE, PERIOD = "Đồng Nai", synth.SynthPeriod(2023, quarter=3)


# --- inputs ------------------------------------------------------------------------------

TABLE_MARK = "Biểu tổng hợp hồ sơ"  # the caption of the merged-cell table each chunk carries


def _dossier_table(k: int) -> tuple[list[str], make_docx.Table]:
    """A one-stop dossier table with a two-row merged header: as Word's text export writes
    it (merged cells once, merged-down cells empty), and as a Word table with the merges."""
    rows = [[str(i + 1), f"Lĩnh vực {i + 1}", f"{100 + 7 * i + k}", f"{60 + i}", f"{40 + 7 * i + k}",
             f"{95 + i}", f"{3 + i}", "0"] for i in range(6)]
    head = [["STT", "Lĩnh vực", "Số hồ sơ tiếp nhận", "Kết quả giải quyết"],
            ["", "", "Tổng số", "Trực tuyến", "Trực tiếp", "Đúng hạn", "Trễ hạn", "Đang giải quyết"]]
    lines = [f"{TABLE_MARK} {k + 1}"]
    for row in head + rows:
        lines += [f"\t{cell}" for cell in row] + [""]
    word = make_docx.Table(rows=[
        [make_docx.Cell("STT", row_span=2), make_docx.Cell("Lĩnh vực", row_span=2),
         make_docx.Cell("Số hồ sơ tiếp nhận", col_span=3), make_docx.Cell("Kết quả giải quyết", col_span=3)],
        [None, None, *head[1][2:]], *rows], header_rows=2)
    return lines, word


def report_text(target: int, variant: int = 0) -> tuple[str, list[make_docx.Table]]:
    """A report of about `target` bytes of UTF-8 text, and the Word form of its tables.
    Each `variant` is another report (other bodies, seeds and figures)."""
    bodies = synth.province_bodies(PROVINCE, 40, seed=1 + variant)
    first = synth.generate(bodies[0], PROVINCE, PERIOD, seed=variant).text.splitlines()
    start = next(i for i, line in enumerate(first) if line.startswith("I. "))
    end = next(i for i, line in enumerate(first) if line.startswith("Trên đây"))
    lines, tables, k = first[:end], [], 0
    while len("\n".join(lines).encode()) < target - len("\n".join(first[end:]).encode()):
        body = synth.generate(bodies[k % len(bodies)], PROVINCE, PERIOD, seed=1000 * variant + k).text.splitlines()
        text_form, word_form = _dossier_table(k + 100 * variant)
        lines += ([] if k == 0 else body[start:end]) + text_form
        tables.append(word_form)
        k += 1
    return "\n".join(lines + first[end:]) + "\n", tables


def write_docx(txt: Path, tables: list[make_docx.Table]) -> bytes:
    """The .docx twin of a text report, its dossier tables as Word tables with merged cells."""
    _, raw = read_file(txt)
    spec = docx_from_text.spec_from_text(raw)
    it = iter(tables)
    spec.body = [next(it) if isinstance(item, make_docx.Table) and _is_dossier(item) else item for item in spec.body]
    return make_docx.build_report(spec)


def _is_dossier(table: make_docx.Table) -> bool:
    first = table.rows[0][0]
    return getattr(first, "text", first) == "STT" and len(table.rows) == 8


@dataclass
class Input:
    """One size and format: distinct reports of that size (variants[0] warms up)."""

    label: str
    size: float  # bytes of UTF-8 text (median over the variants)
    variants: list[Path]
    fmt: str

    @property
    def path(self) -> Path:
        return self.variants[0]


def make_inputs(quick: bool) -> list[Input]:
    """Per size and format, one report more than the timed runs: every timed run reads a
    report the process has not seen (content caches help within a report only)."""
    WORK.mkdir(parents=True, exist_ok=True)
    inputs = []
    for label, target in SIZES:
        for fmt, first in (("txt", 0), ("docx", 100)):  # other reports for the .docx: no shared contents
            sizes, paths = [], []
            for v in range(first, first + _repeats(target, quick) + 1):
                text, tables = report_text(target, v)
                path = WORK / f"report_{target // 1000}k_{v}.txt"
                path.write_text(text, encoding="utf-8")
                if fmt == "docx":
                    path = path.with_suffix(".docx")
                    path.write_bytes(write_docx(path.with_suffix(".txt"), tables))
                sizes.append(len(text.encode()))
                paths.append(path)
            inputs.append(Input(label, statistics.median(sizes), paths, fmt))
    return inputs


REAL = ROOT.parent / "shared" / "corpus" / "000_0ee817baf1abccc4.txt"  # a real report, when ../shared is beside


def time_real(repeats: int) -> dict | None:
    """Median ms of the real report of ../shared (read, extract, JSON), or None without it.
    The same file every run: content caches flatter it a little (see `time_pipeline`)."""
    if not REAL.exists():
        return None
    totals = []
    for _ in range(repeats + 1):
        t0 = time.perf_counter()
        (WORK / "real.json").write_text(extract_report(REAL).model_dump_json(), encoding="utf-8")
        totals.append(time.perf_counter() - t0)
    text_bytes = len(REAL.read_bytes())
    return {"name": REAL.name, "bytes": text_bytes, "total": _median_ms(totals[1:])}


def _repeats(target: int, quick: bool) -> int:
    return max(2, REPEATS[target] // (4 if quick else 1))


# --- timing ------------------------------------------------------------------------------


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_pipeline(inp: Input) -> dict[str, float]:
    """Median ms to read, to extract and in total (read + extract + JSON written), one run
    per report after a warm-up on another one (imports, compiled patterns)."""
    out = WORK / f"{inp.path.name}.json"
    extract_report(inp.path)
    reads, extracts, totals = [], [], []
    for path in inp.variants[1:]:
        t0 = time.perf_counter()
        loaded, raw = read_file(path)
        t1 = time.perf_counter()
        with patterns.budget(DEFAULT_LIMITS.max_pattern_seconds):
            result = _extract(loaded, raw, DEFAULT_LIMITS)
        t2 = time.perf_counter()
        out.write_text(result.model_dump_json(), encoding="utf-8")
        t3 = time.perf_counter()
        reads.append(t1 - t0), extracts.append(t2 - t1), totals.append(t3 - t0)
    return {"read": _median_ms(reads), "extract": _median_ms(extracts), "total": _median_ms(totals),
            "blocks": len(result.blocks), "tables": len(result.tables), "references": len(result.references)}


def _python_docx_walk(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    chars = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                chars += sum(len(p.text) for p in cell.paragraphs)
    return chars


def _docx2python(path: Path) -> int:
    from docx2python import docx2python

    with docx2python(str(path)) as content:
        return len(content.text)


def _docling(path: Path) -> int:
    # docling-slim's DocumentConverter imports torch; its Word backend (what the converter
    # runs for a .docx) does not, so it is called directly
    from docling.backend.msword_backend import MsWordDocumentBackend
    from docling.datamodel.base_models import InputFormat
    from docling.datamodel.document import InputDocument

    document = InputDocument(path_or_stream=path, format=InputFormat.DOCX, backend=MsWordDocumentBackend)
    return len(document._backend.convert().export_to_markdown())


ALTERNATIVES = {"python-docx walk": _python_docx_walk, "docx2python": _docx2python, "docling (Word backend)": _docling}


def time_alternative(fn, inp: Input) -> float | str:
    """Median ms of one alternative on the same .docx files, or why it was not measured."""
    try:
        fn(inp.path)
    except ImportError as exc:
        return f"not installed ({exc.name})"
    except Exception as exc:  # noqa: BLE001 - an alternative failing is a result, not a crash
        return f"failed: {type(exc).__name__}: {str(exc)[:80]}"
    samples = []
    for path in inp.variants[1:]:
        t0 = time.perf_counter()
        fn(path)
        samples.append(time.perf_counter() - t0)
    return _median_ms(samples)


# --- batch, memory, CLI ------------------------------------------------------------------


def batch_rates(n: int, runs: int) -> dict | str:
    """Reports per second through `run_batch` with 1 and 2 workers (median of `runs`), and
    the load average before (2 workers need 2 idle cores to show their gain)."""
    try:
        from extractor.batch import run_batch
    except ImportError:
        return "extractor/batch.py is not there: not measured"
    folder = WORK / "batch"
    synth.write_batch(folder, n=n, province=PROVINCE, period=PERIOD, seed=1)
    rates: dict = {"load": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    for workers in (1, 2):
        samples = []
        for r in range(runs):
            out = WORK / f"batch_out_{workers}_{r}"
            t0 = time.perf_counter()
            result = run_batch(folder, out, workers=workers, force=True)
            samples.append(result.processed / (time.perf_counter() - t0))
        rates[workers] = statistics.median(samples)
    return rates


# ru_maxrss survives fork+exec on Linux (a child reports its parent's peak if larger), so
# the peak RSS is read from /proc/self/status (VmHWM), which a new program starts afresh
_MEMORY = """
import json, sys, tracemalloc
from pathlib import Path
from extractor import extract_report
if sys.argv[2] == "tracemalloc":
    tracemalloc.start()
if sys.argv[1]:
    extract_report(sys.argv[1]).model_dump_json()
peak = tracemalloc.get_traced_memory()[1] / 2**20 if sys.argv[2] == "tracemalloc" else None
hwm = next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
           if line.startswith("VmHWM:"))
print(json.dumps({"tracemalloc_mb": peak, "maxrss_mb": hwm / 1024}))
"""


def peak_memory(path: Path) -> dict[str, float]:
    """Peak memory of fresh processes extracting `path`: Python allocations, RSS, and RSS
    after the imports alone."""
    def fresh(*args: str) -> dict:
        done = subprocess.run([sys.executable, "-c", _MEMORY, *args], capture_output=True, text=True, cwd=ROOT,
                              check=True)
        return json.loads(done.stdout)

    return {"tracemalloc_mb": fresh(str(path), "tracemalloc")["tracemalloc_mb"],
            "maxrss_mb": fresh(str(path), "rss")["maxrss_mb"],
            "import_rss_mb": fresh("", "imports")["maxrss_mb"]}


CACHE = WORK / "pattern-cache"  # the compiled-pattern cache of these runs (extractor/regex_cache.py)


def _env(cache: bool) -> dict[str, str]:
    """The environment of a timed subprocess: with the bench's own pattern cache, or none."""
    return {**os.environ, "CCHC_CACHE_DIR": str(CACHE) if cache else "off"}


def cli_seconds(path: Path, repeats: int, cache: bool = True) -> float:
    """Median wall seconds of `python cli.py extract FILE -o OUT`, process start included;
    without the pattern cache, every run compiles every pattern (a first run after install)."""
    cmd = [sys.executable, str(ROOT / "cli.py"), "extract", str(path), "-o", str(WORK / "cli.json")]
    samples = []
    for _ in range(repeats + 1):  # the first run fills the cache
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=_env(cache))
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples[1:])


def cli_imports(path: Path) -> dict:
    """What one `cli.py extract` imports: total ms, the slowest modules (cumulative ms,
    nesting depth), and whether spaCy is among them."""
    cmd = [sys.executable, "-X", "importtime", str(ROOT / "cli.py"), "extract", str(path), "-o",
           str(WORK / "cli.json")]
    err = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True).stderr
    rows = []  # (name, cumulative ms, depth)
    for line in err.splitlines():
        parts = line[len("import time:"):].split("|")
        if not line.startswith("import time:") or len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        depth = (len(parts[2]) - len(parts[2].lstrip()) - 1) // 2
        rows.append((parts[2].strip(), int(parts[1]) / 1000, depth))
    return {"total_ms": sum(ms for _, ms, depth in rows if depth == 0),
            "slowest": sorted(rows, key=lambda r: -r[1])[:14],
            "spacy": any(name == "spacy" or name.startswith("spacy.") for name, _, _ in rows)}


_COLD = """
import inspect, json, sys, time
import regex
compiled = []
_compile = regex.compile
def timed(pattern, flags=0, *args, **kwargs):
    t0 = time.perf_counter()
    out = _compile(pattern, flags, *args, **kwargs)
    seconds = time.perf_counter() - t0  # before the stack is read: inspect.stack() costs milliseconds
    caller = next((f for f in inspect.stack()[1:] if "/regex/" not in f.filename
                   and not f.filename.endswith(("patterns.py", "functools.py"))), None)
    where = f"{caller.filename.rsplit('/', 1)[-1]}:{caller.function}" if caller else "?"
    compiled.append((seconds, where))
    return out
regex.compile = timed
t0 = time.perf_counter()
from extractor import extract_report
t1 = time.perf_counter()
extract_report(sys.argv[1])
t2 = time.perf_counter()
extract_report(sys.argv[1])
t3 = time.perf_counter()
by_caller = {}
for seconds, where in compiled:
    by_caller[where] = by_caller.get(where, 0) + seconds
print(json.dumps({"import_ms": (t1 - t0) * 1000, "first_ms": (t2 - t1) * 1000, "warm_ms": (t3 - t2) * 1000,
                  "compile_ms": sum(s for s, _ in compiled) * 1000, "patterns": len(compiled),
                  "by_caller": sorted(((w, s * 1000) for w, s in by_caller.items()), key=lambda r: -r[1])[:8]}))
"""


def cold_start(path: Path, cache: bool) -> dict:
    """In a fresh process: import ms, first and second extraction ms, and the regex
    compilation the first one pays (total, and by the module that asked for it)."""
    done = subprocess.run([sys.executable, "-c", _COLD, str(path)], capture_output=True, text=True, cwd=ROOT,
                          check=True, env=_env(cache))
    return json.loads(done.stdout)


def stage_times(paths: list[Path]) -> dict[str, float]:
    """Median ms of each pipeline stage over some reports (the first stage also builds the
    match views; they are timed apart as well)."""
    import extractor.pipeline as pipeline
    from extractor.findings import run_stage
    from extractor.normalize import match_view

    samples: dict[str, list[float]] = {}

    def timed(doc, sink, stage, *args, empty):
        t0 = time.perf_counter()
        try:
            return run_stage(doc, sink, stage, *args, empty=empty)
        finally:
            samples.setdefault(stage.__name__, []).append(time.perf_counter() - t0)

    pipeline.run_stage = timed
    try:
        for path in paths:
            _, raw = read_file(path)
            t0 = time.perf_counter()
            [match_view(b.text) for b in raw.blocks]
            samples.setdefault("(match views, inside the first stage)", []).append(time.perf_counter() - t0)
            extract_report(path)
    finally:
        pipeline.run_stage = run_stage
    return {name: _median_ms(values) for name, values in samples.items()}


def profile_top(path: Path, n: int = 12) -> list[tuple[str, float, float]]:
    """(function, own ms, cumulative ms) of the costliest functions of one extraction."""
    profiler = cProfile.Profile()
    profiler.enable()
    extract_report(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (file, line, func), (_, _, own, cumulative, _) in stats.stats.items():
        where = f"{Path(file).parent.name}/{Path(file).name}:{line} {func}" if file != "~" else func
        rows.append((where, own * 1000, cumulative * 1000))
    return sorted(rows, key=lambda r: -r[1])[:n]


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return {"cpus": str(os.cpu_count()), "cpu": model, "python": platform.python_version(),
            "platform": platform.platform(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "commit": commit.stdout.strip() or "?", "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


# --- the run -----------------------------------------------------------------------------


@dataclass
class Run:
    machine: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)  # (Input, pipeline timings, {alternative: ms or reason})
    batch: dict | str = ""
    memory: dict = field(default_factory=dict)  # format -> peak memory
    cli: dict = field(default_factory=dict)  # size label -> median seconds (with the pattern cache)
    cli_uncached: dict = field(default_factory=dict)  # the same without it (first run after install)
    real: dict | None = None  # the real report of ../shared, when present
    imports: dict = field(default_factory=dict)
    cold: dict = field(default_factory=dict)
    stages: dict = field(default_factory=dict)  # format -> stage -> ms (600 KB)
    profiles: dict = field(default_factory=dict)  # format -> profile_top


def run(quick: bool) -> Run:
    result = Run(machine=machine())
    inputs = make_inputs(quick)
    for inp in inputs:
        timings = time_pipeline(inp)
        alternatives = {name: time_alternative(fn, inp) for name, fn in ALTERNATIVES.items()} \
            if inp.fmt == "docx" else {}
        result.rows.append((inp, timings, alternatives))
        print(f"{inp.label:>6} {inp.fmt:<4} total {timings['total']:8.1f} ms", file=sys.stderr)
    result.real = time_real(3 if quick else 11)
    largest = [i for i in inputs if i.label == SIZES[-1][0]]
    result.memory = {i.fmt: peak_memory(i.path) for i in largest}
    result.batch = batch_rates(12 if quick else 40, 1 if quick else 3)
    docx_inputs = {i.label: i.path for i in inputs if i.fmt == "docx"}
    result.cli = {label: cli_seconds(docx_inputs[label], 3 if quick else 7) for label in ("15 KB", "60 KB")}
    result.cli_uncached = {label: cli_seconds(docx_inputs[label], 2 if quick else 5, cache=False)
                           for label in ("15 KB", "60 KB")}
    result.imports = cli_imports(docx_inputs["15 KB"])
    result.cold = {"cache": cold_start(docx_inputs["15 KB"], True), "none": cold_start(docx_inputs["15 KB"], False)}
    # reports extracted early in the run: their contents are out of the caches by now
    result.stages = {i.fmt: stage_times(i.variants[1:2 if quick else 4]) for i in largest}
    result.profiles = {i.fmt: profile_top(i.variants[1]) for i in largest}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run, not for RESULTS.md)")
    parser.add_argument("-o", "--output", default=str(RESULTS), help="where to write the results (markdown)")
    args = parser.parse_args(argv)
    from report import render  # bench/report.py: the markdown

    result = run(args.quick)
    Path(args.output).write_text(render(result, TARGETS, quick=args.quick), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
