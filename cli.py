"""cchc: command-line entry point. Argument parsing and exit codes only.

Exit codes: 0 every file was read; 1 some files failed (the others are still
written); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
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

    sch = sub.add_parser("schema", help="print the JSON Schema of the output")
    sch.set_defaults(func=cmd_schema)
    return parser


def _dump(result, compact: bool) -> str:
    data = result.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=None if compact else 2)


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


if __name__ == "__main__":
    sys.exit(main())
