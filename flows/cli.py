"""`aic`: build, query and schedule releases of the Afghan Interviews Corpus.

Heavy imports (Prefect ~1 s, DuckDB) happen inside the subcommand that needs them so that
`aic --help` answers at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _offline_prefect_defaults() -> None:
    """This machine (and many users') has no route to Prefect's telemetry: don't try."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def cmd_build(args: argparse.Namespace) -> int:
    _offline_prefect_defaults()
    from flows.query import SAMPLE_QUERY, format_table, run_query
    from flows.release_flow import build_release
    from flows.validate import ValidationFailed

    try:
        report = build_release(raw_dir=str(args.raw), output_dir=str(args.output), batch_size=args.batch_size)
    except ValidationFailed as failure:
        print(f"error: {failure}\nnothing was published; earlier releases are untouched.", file=sys.stderr)
        return EXIT_FAILED
    for error in report.rejected:
        print(f"warning: rejected raw file {error}", file=sys.stderr)
    outcome = report.outcome
    print(outcome.message)
    print(f"release folder: {outcome.path}")
    print("rows: " + ", ".join(f"{name}={n}" for name, n in outcome.row_counts.items()))
    print(f"\nSample query (aic query \"...\"):\n{SAMPLE_QUERY}\n")
    print(format_table(*run_query(SAMPLE_QUERY, args.output)))
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from flows.query import format_table, run_query

    try:
        names, rows = run_query(args.sql, args.output, args.release)
    except (FileNotFoundError, ValueError, duckdb.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(format_table(names, rows, max_width=args.max_width))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    _offline_prefect_defaults()
    from prefect import serve

    from flows.release_flow import scheduled_deployment

    serve(scheduled_deployment(str(args.raw), str(args.output), args.cron))
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from flows import benchmark

    cpu = benchmark.pin_to_one_core()
    print(benchmark.report(benchmark.run(args.raw, args.megabytes), cpu))
    return EXIT_OK


def cmd_kb_gaps(args: argparse.Namespace) -> int:
    from flows.entities import unknown_names
    from flows.query import format_table, run_query

    try:
        _, rows = run_query("SELECT text FROM documents ORDER BY doc_id", args.output, args.release)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    gaps = unknown_names([text for (text,) in rows], min_count=args.min_count)[: args.limit]
    print(format_table(["name", "occurrences"], gaps))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aic", description="Afghan Interviews Corpus: build, query and schedule dataset releases."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="build a release from raw files (publishes only if something changed)")
    build.add_argument("--raw", type=Path, default=Path("raw"), help="folder of raw .txt files (default: raw/)")
    build.add_argument("--output", type=Path, default=Path("output"), help="release store (default: output/)")
    build.add_argument("--batch-size", type=int, default=200, help="documents per Prefect task (default: 200)")
    build.set_defaults(run=cmd_build)

    query = sub.add_parser("query", help="run SQL on a release (one view per table: documents, segments, ...)")
    query.add_argument("sql", help="the SQL to run, e.g. \"SELECT count(*) FROM segments\"")
    query.add_argument("--release", help="version to query, e.g. v1.0.0 (default: the latest)")
    query.add_argument("--output", type=Path, default=Path("output"), help="release store (default: output/)")
    query.add_argument("--max-width", type=int, default=60, help="truncate cells to this many characters (0: never)")
    query.set_defaults(run=cmd_query)

    serve = sub.add_parser(
        "serve",
        help="serve the scheduled deployment (needs a running `prefect server start` and PREFECT_API_URL)",
    )
    serve.add_argument("--raw", type=Path, default=Path("raw"), help="folder of raw .txt files (default: raw/)")
    serve.add_argument("--output", type=Path, default=Path("output"), help="release store (default: output/)")
    serve.add_argument("--cron", default="0 3 * * *", help="cron schedule (default: daily at 03:00)")
    serve.set_defaults(run=cmd_serve)
    gaps = sub.add_parser("kb-gaps", help="list frequent capitalised names that the knowledge base does not cover")
    gaps.add_argument("--release", help="version to read, e.g. v1.0.0 (default: the latest)")
    gaps.add_argument("--output", type=Path, default=Path("output"), help="release store (default: output/)")
    gaps.add_argument("--min-count", type=int, default=2, help="minimum occurrences (default: 2)")
    gaps.add_argument("--limit", type=int, default=40, help="at most this many names (default: 40)")
    gaps.set_defaults(run=cmd_kb_gaps)

    bench = sub.add_parser("bench", help="print each stage's throughput on one core (seeds repeated to --megabytes)")
    bench.add_argument("--raw", type=Path, default=Path("raw"), help="folder of raw .txt files (default: raw/)")
    bench.add_argument("--megabytes", type=float, default=5.0, help="size of the benchmark corpus (default: 5)")
    bench.set_defaults(run=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "batch_size", 1) < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
