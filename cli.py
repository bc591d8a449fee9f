"""cchc: command-line entry point. Argument parsing and exit codes only.

Exit codes: 0 every file was read; 1 some files failed (the others are still
written); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        print(f"cchc: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from extractor import __version__

    parser = _Parser(
        prog="cchc",
        description="Read Vietnamese administrative-reform (CCHC) reports and write their content as JSON.",
    )
    parser.add_argument("--version", action="version", version=f"cchc-extract {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ext = sub.add_parser("extract", help="extract one or more reports (.docx, .txt) to JSON",
                         description="Extract reports to JSON. One file: JSON to stdout, or to OUT. "
                                     "Several files: one JSON per file in the folder OUT, or JSON Lines with --jsonl.")
    ext.add_argument("files", nargs="+", metavar="FILE", help="report files (.docx or .txt)")
    ext.add_argument("-o", "--output", metavar="OUT", help="output file (one input) or folder (several inputs)")
    ext.add_argument("--jsonl", action="store_true", help="write JSON Lines (one report per line) to OUT or stdout")
    ext.add_argument("--compact", action="store_true", help="no indentation in the JSON")
    ext.set_defaults(func=cmd_extract)

    _add_batch_commands(sub)

    sch = sub.add_parser("schema", help="print the JSON Schema of the output")
    sch.set_defaults(func=cmd_schema)
    return parser


def _dump(result, compact: bool) -> str:
    # pydantic's own serializer: the same text as json.dumps(indent=2) of model_dump, 6x faster
    return result.model_dump_json(indent=None if compact else 2)


def cmd_extract(args: argparse.Namespace) -> int:
    from extractor import CchcError, extract_report

    files = [Path(f) for f in args.files]
    out = Path(args.output) if args.output else None
    single = len(files) == 1 and not args.jsonl and not (out and (out.is_dir() or args.output.endswith("/")))
    if out and not single and not args.jsonl:
        out.mkdir(parents=True, exist_ok=True)
    jsonl = open(out, "w", encoding="utf-8") if (args.jsonl and out) else None
    failed = 0
    try:
        for path in files:
            try:
                result = extract_report(path)
            except CchcError as exc:
                print(f"cchc: {exc}", file=sys.stderr)
                failed += 1
                continue
            except Exception as exc:  # a bug must not stop the batch or show a traceback
                print(f"cchc: {path}: internal error ({type(exc).__name__}: {exc})", file=sys.stderr)
                failed += 1
                continue
            _write(result, path, out, single, jsonl, args.compact or args.jsonl)
    finally:
        if jsonl:
            jsonl.close()
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _write(result, path: Path, out: Path | None, single: bool, jsonl, compact: bool) -> None:
    text = _dump(result, compact)
    if jsonl is not None:
        jsonl.write(text + "\n")
    elif out is None:
        sys.stdout.write(text + "\n")
    elif single:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    else:
        (out / f"{path.name}.json").write_text(text + "\n", encoding="utf-8")


def _add_batch_commands(sub) -> None:
    """`batch`, `crosscheck` and `consolidate`: a province's quarter in one run."""
    bat = sub.add_parser("batch", help="extract every report under a folder (JSON, store, manifest)",
                         description="Extract every .docx/.txt under DIR in parallel. Writes OUT/reports/*.json, "
                                     "the store OUT/cchc.sqlite and OUT/manifest.json. A re-run skips files whose "
                                     "sha256 is unchanged; an interrupted run resumes.")
    bat.add_argument("folder", metavar="DIR", help="folder of reports (searched recursively)")
    bat.add_argument("-o", "--output", metavar="OUT", required=True, help="output folder")
    bat.add_argument("--workers", type=_positive, metavar="N", help="worker processes (default: the machine's cores)")
    bat.add_argument("--force", action="store_true", help="read every file again, changed or not")
    bat.add_argument("--store", metavar="FILE", help="SQLite store (default OUT/cchc.sqlite)")
    bat.set_defaults(func=cmd_batch)

    xc = sub.add_parser("crosscheck", help="documents cited differently by several bodies (and against a registry)",
                        description="Compare every citation in the store of a batch: documents cited by several "
                                    "bodies with different dates, types, issuers or subjects; with --registry, "
                                    "each citation is confirmed, mismatch or unknown.")
    _store_arguments(xc)
    xc.add_argument("--registry", metavar="FILE.csv", help="known documents: id, doc_type, date, issuer, subject")
    xc.add_argument("--json", metavar="FILE", help="also write the result as JSON")
    xc.set_defaults(func=cmd_crosscheck)

    con = sub.add_parser("consolidate", help="the provincial summary of a batch (xlsx, json, csv, docx)",
                         description="Summarize the store of a batch: agency x indicator matrix with totals "
                                     "(rates recomputed from numerators and denominators), missing indicators, "
                                     "documents issued and cited, findings. Writes the .xlsx, a .json and one "
                                     ".csv per sheet beside it, and with --docx a Word appendix.")
    _store_arguments(con)
    con.add_argument("-o", "--output", metavar="FILE.xlsx", help="spreadsheet to write (default OUT/summary.xlsx)")
    con.add_argument("--docx", metavar="FILE", help="also write the Word appendix with the main figures")
    con.set_defaults(func=cmd_consolidate)


def _store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="OUT", help="output folder of `cchc batch`")
    parser.add_argument("--store", metavar="FILE", help="SQLite store (default OUT/cchc.sqlite)")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def cmd_batch(args: argparse.Namespace) -> int:
    from extractor.batch import BatchError, run_batch
    from extractor.render.progress import Progress

    progress = Progress()
    try:
        result = run_batch(args.folder, args.output, workers=args.workers, force=args.force,
                           store_path=args.store, on_event=progress)
    except BatchError as exc:
        print(f"cchc: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        progress.close()
    rate = result.processed / result.seconds if result.seconds else 0.0
    print(f"cchc batch: {result.ok} ok, {len(result.failed)} failed, {result.skipped} unchanged, "
          f"{len(result.pruned)} removed; read {result.processed} in {result.seconds:.1f} s "
          f"({rate:.1f}/s, {result.workers} workers) -> {args.output}", file=sys.stderr)
    for key, reason in result.failed.items():
        print(f"  failed: {key}: {reason}", file=sys.stderr)
    return EXIT_SOME_FAILED if result.failed else EXIT_OK


def _open_store(args: argparse.Namespace):
    """The store of a batch output folder, or None (message printed) when there is none."""
    from extractor import store

    path = Path(args.store) if args.store else Path(args.folder) / store.DEFAULT_NAME
    if not path.is_file():
        print(f"cchc: {path}: no store here (run `cchc batch DIR -o {args.folder}` first)", file=sys.stderr)
        return None
    try:
        return store.connect(path)
    except store.StoreError as exc:
        print(f"cchc: {exc}", file=sys.stderr)
        return None


def cmd_crosscheck(args: argparse.Namespace) -> int:
    from extractor.crosscheck import RegistryError, crosscheck, load_registry
    from extractor.render.text import crosscheck_text

    try:
        registry = load_registry(args.registry) if args.registry else None
    except RegistryError as exc:
        print(f"cchc: {exc}", file=sys.stderr)
        return EXIT_USAGE
    conn = _open_store(args)
    if conn is None:
        return EXIT_USAGE
    try:
        result = crosscheck(conn, registry)
    finally:
        conn.close()
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n",
                                   encoding="utf-8")
    print(crosscheck_text(result))
    return EXIT_OK


def cmd_consolidate(args: argparse.Namespace) -> int:
    from extractor.consolidate import consolidate
    from extractor.render.summary import write_summary

    conn = _open_store(args)
    if conn is None:
        return EXIT_USAGE
    try:
        summary = consolidate(conn)
    finally:
        conn.close()
    written = write_summary(summary, args.output or Path(args.folder) / "summary.xlsx", args.docx)
    counts = summary.counts
    print(f"cchc consolidate: {counts['counted']} report(s) counted, {counts['not_counted']} not counted, "
          f"{counts['failed']} unreadable; period {summary.period or 'unknown'}", file=sys.stderr)
    for path in written:
        print(f"  wrote {path}", file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from extractor.models import ExtractionResult

    print(json.dumps(ExtractionResult.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("cchc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


# One-shot commands: no worker pool, no open store; once their output is written the
# process has nothing left to do.
_FAST_EXIT = ("extract", "schema")


def run() -> None:
    """The `cchc` program: `main`, then the exit.

    After a one-shot command the interpreter's teardown would spend ~50 ms freeing what
    the run built (compiled patterns, caches, models), which the system reclaims anyway:
    those end with `os._exit` once the output is flushed and the pattern cache saved.
    Callers in a process of their own (tests, other programs) use `main`, which returns.
    """
    code = main()
    if len(sys.argv) > 1 and sys.argv[1] in _FAST_EXIT:
        if "extractor.patterns" in sys.modules:
            sys.modules["extractor.patterns"].save_compiled()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, OSError):
            pass  # a reader that went away (`| head`) already had what it wanted
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
