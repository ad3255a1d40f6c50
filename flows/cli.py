"""`aic`: build, query and schedule releases of the Afghan Interviews Corpus.

Heavy imports (Prefect ~1 s, DuckDB) happen inside the subcommand that needs them so that
`aic --help` answers at once.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _offline_prefect_defaults() -> None:
    """This machine (and many users') has no route to Prefect's telemetry: don't try."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def cmd_build(args: argparse.Namespace) -> int:
    if not args.raw.is_dir():
        print(f"error: raw folder not found: {args.raw}", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.max_failed_fraction <= 1:
        print("error: --max-failed-fraction must be between 0 and 1", file=sys.stderr)
        return EXIT_USAGE
    if args.page_timeout <= 0:
        print("error: --page-timeout must be a positive number of seconds", file=sys.stderr)
        return EXIT_USAGE
    _offline_prefect_defaults()
    from flows import interrupts
    from flows.server import build_api_server

    try:
        with interrupts.stop_on_signals(), build_api_server():
            return _build_and_report(args)
    except (interrupts.BuildInterrupted, KeyboardInterrupt, _prefect_termination()) as stopped:
        signum = getattr(stopped, "signum", None) or getattr(stopped, "signal", None) or signal.SIGINT
        what = "nothing was published" if isinstance(stopped, interrupts.BuildInterrupted) else \
            "a release is published whole or not at all"
        print(f"interrupted: stopped by {signal.Signals(signum).name}; {what}; earlier releases are untouched.",
              file=sys.stderr)
        return 128 + signum


def _prefect_termination() -> type[BaseException]:
    """What Prefect raises for a SIGTERM that lands while its engine, not the build, holds the signal
    (the instants before and after the flow's own code)."""
    from prefect.exceptions import TerminationSignal

    return TerminationSignal


def _build_and_report(args: argparse.Namespace) -> int:
    from flows import interrupts
    from flows.release.page import PAGE as RELEASE_PAGE
    from flows.release.query import SAMPLE_QUERY, format_table, run_query
    from flows.release_flow import build_release

    if not args.verbose:
        _quiet_tracebacks()
    state = build_release(
        raw_dir=str(args.raw), output_dir=str(args.store), batch_size=args.batch_size,
        max_failed_fraction=args.max_failed_fraction, runner=args.runner, workers=args.workers,
        dask_address=args.dask_address, public_url=args.public_url, page_timeout=args.page_timeout, return_state=True,
    )
    if state.is_cancelled():
        raise interrupts.BuildInterrupted(interrupts.received() or signal.SIGTERM)
    try:
        report = state.result()
    except Exception as failure:  # every failure ends in one clear line
        return _build_failed(failure, args.verbose)
    for source in report.not_published:
        print(f"warning: {source.source_file}: {source.status} at {source.stage}: {source.reason}", file=sys.stderr)
    outcome = report.outcome
    print(outcome.message)
    print(f"release folder: {outcome.path}")
    print(f"open in a browser: {(Path(outcome.path) / RELEASE_PAGE).resolve().as_uri()}")
    print("sources: " + ", ".join(f"{status}={n}" for status, n in report.counts.items()))
    print("rows: " + ", ".join(f"{name}={n}" for name, n in outcome.row_counts.items()))
    if (signum := interrupts.received()) is not None:  # arrived while the release was being committed
        print(f"interrupted: stopped by {signal.Signals(signum).name} once {outcome.version} was complete.", file=sys.stderr)
        return 128 + signum
    print(f"\nSample query (aic query \"...\"):\n{SAMPLE_QUERY}\n")
    print(format_table(*run_query(SAMPLE_QUERY, args.store)))
    return EXIT_OK


def _quiet_tracebacks() -> None:
    """Prefect logs the traceback of a failed run; without --verbose, keep only its message line."""
    import logging

    class DropTraceback(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.exc_info, record.exc_text = None, None
            return True

    loggers = [logging.getLogger(name) for name in list(logging.Logger.manager.loggerDict) if name.startswith("prefect")]
    for handler in {h for logger in [logging.getLogger("prefect"), *loggers] for h in logger.handlers}:
        handler.addFilter(DropTraceback())


def _build_failed(failure: BaseException, verbose: bool) -> int:
    from flows.release_flow import BuildFailed
    from flows.stages.publish import StoreBusy
    from flows.stages.validate import ValidationFailed

    if verbose:
        import traceback

        traceback.print_exception(failure)
    known = isinstance(failure, (BuildFailed, StoreBusy, ValidationFailed))
    message = str(failure) if known else f"unexpected {type(failure).__name__}: {failure} (--verbose shows the traceback)"
    print(f"error: {message}\nnothing was published; earlier releases are untouched.", file=sys.stderr)
    return EXIT_FAILED


def _open_release(args: argparse.Namespace):
    """A DuckDB connection over the release the arguments name: local (--store/--release) or --remote."""
    if getattr(args, "remote", None):
        from flows.release.distribute import connect_remote

        return connect_remote(args.remote, args.release)
    from flows.release.query import connect_release

    return connect_release(_local_release(args))


def _cache_beside(release: Path) -> Path:
    """The cache of the store holding `release` (<store>/.cache), or the user's cache for a folder outside a store."""
    if release.parent.name == "releases":
        return release.parent.parent / ".cache"
    from flows.release.integrity import cache_file

    return cache_file().parent


def _local_release(args: argparse.Namespace):
    """The release folder --store/--release name, once its files match its SHA256SUMS."""
    from flows.release.integrity import verify_release
    from flows.release.store import release_path

    return verify_release(release_path(args.store, args.release))


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from flows.release.distribute import DownloadError
    from flows.release.query import format_table, run_sql, write_rows

    try:
        names, rows = run_sql(_open_release(args), args.sql)
    except (FileNotFoundError, ValueError, DownloadError, duckdb.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    if args.format == "table":
        print(format_table(names, rows, max_width=args.max_width))
    else:
        write_rows(names, rows, args.format, sys.stdout)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    import duckdb

    from flows.release.distribute import DownloadError
    from flows.release.query import export_tables

    try:
        written = export_tables(_open_release(args), args.into, args.format, args.tables.split(",") if args.tables else None)
    except (FileNotFoundError, ValueError, DownloadError, duckdb.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from flows.release.integrity import IntegrityError, check_release
    from flows.release.store import DOCUMENT_PAGES, release_path

    try:
        folder = release_path(args.store, args.release or args.version)
        checks = check_release(folder, use_cache=False)
    except (FileNotFoundError, ValueError, IntegrityError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    pages = [c for c in checks if c.name.startswith(f"{DOCUMENT_PAGES}/")]
    for check in checks:  # every file that fails; of the document pages, one line for all that match
        if check.status != "ok" or check not in pages or args.every_file:
            print(f"{'ok' if check.status == 'ok' else check.status.upper():8} {check.name}")
    if pages and not args.every_file:
        print(f"{'ok':8} {DOCUMENT_PAGES}/ ({sum(c.status == 'ok' for c in pages)} of {len(pages)} pages)")
    bad = [c for c in checks if c.status != "ok"]
    print(f"{folder.name}: {len(checks) - len(bad)} of {len(checks)} files match SHA256SUMS"
          + ("" if not bad else f"; {len(bad)} do not"))
    return EXIT_FAILED if bad else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    import datetime as dt
    from dataclasses import astuple

    import duckdb

    from flows.release.distribute import DownloadError
    from flows.release.query import format_table, write_rows
    from flows.release.search import open_search_index, search

    try:
        since = dt.date.fromisoformat(args.since) if args.since else None
        if getattr(args, "remote", None):
            con = _open_release(args)  # a remote release is indexed in memory for this search
        else:
            release = _local_release(args)
            con = open_search_index(release, _cache_beside(release) / "search")
        hits = search(con, args.text, args.speaker, since, args.limit, args.match_case)
    except (FileNotFoundError, ValueError, DownloadError, duckdb.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    names = ["score", "kind", "id", "segment_id", "doc_id", "speaker", "outlet", "published_date", "text"]
    if args.format != "table":
        write_rows(names, [astuple(h) for h in hits], args.format, sys.stdout)
        return EXIT_OK
    # in a terminal: the passage around the query's first word, or the whole passage with --max-width 0
    rows = [(*astuple(h)[:8], h.text if args.max_width <= 0 else h.snippet(args.text, args.max_width)) for h in hits]
    print(format_table(names, rows, max_width=args.max_width))
    return EXIT_OK


def cmd_serve_releases(args: argparse.Namespace) -> int:
    from flows.release.distribute import serve_releases

    server = serve_releases(args.store, args.host, args.port)
    host, port = server.server_address[:2]
    print(f"Serving {args.store.resolve()} on http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def cmd_download(args: argparse.Namespace) -> int:
    from flows.release.distribute import DownloadError, download_release

    try:
        downloaded = download_release(args.base_url, args.into, args.release)
    except DownloadError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted: the partial download was removed", file=sys.stderr)
        return EXIT_INTERRUPTED
    folder = downloaded.folder
    held = f"; {downloaded.held} files already held in {args.into}, linked" if downloaded.held else ""
    print(f"downloaded and verified {folder.name} into {folder} "
          f"({downloaded.fetched} files fetched, {downloaded.fetched_bytes / 1e6:.1f} MB{held})")
    return EXIT_OK


def cmd_schedule(args: argparse.Namespace) -> int:
    if args.command == "serve":
        print("note: `aic serve` is now `aic schedule` (serve-releases serves releases over HTTP)", file=sys.stderr)
    _offline_prefect_defaults()
    from prefect import serve

    from flows.release_flow import scheduled_deployment

    serve(scheduled_deployment(str(args.raw), str(args.store), args.cron, args.interval))
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    import json
    import tempfile

    from flows.bench import benchmark

    if args.queries:
        with tempfile.TemporaryDirectory(prefix="aic-bench-") as workdir:
            timings = benchmark.query_timings(args.queries, Path(workdir), args.copies)
        print(json.dumps(timings, indent=2))
        return EXIT_OK
    if args.pages:
        with tempfile.TemporaryDirectory(prefix="aic-bench-") as workdir, benchmark.prefect_server(args.on_server):
            figures = benchmark.end_to_end(args.raw, args.pages, Path(workdir), args.seed, args.runner, args.repeat, args.peer)
        print(benchmark.end_to_end_report(figures))
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return EXIT_OK if figures["exit_code"] == 0 else EXIT_FAILED
    cpu = benchmark.pin_to_one_core()
    print(benchmark.report(benchmark.run(args.raw, args.megabytes), cpu))
    return EXIT_OK


def cmd_kb_gaps(args: argparse.Namespace) -> int:
    import duckdb

    from flows.language.entities import unknown_names
    from flows.release.distribute import DownloadError
    from flows.release.query import format_table, run_sql

    try:
        _, rows = run_sql(_open_release(args), "SELECT text FROM documents ORDER BY doc_id")
        try:
            _, found = run_sql(_open_release(args), FOUND_PEOPLE_SQL.format(min_count=args.min_count, limit=args.limit))
        except duckdb.BinderException:
            found = []  # a release from before schema 1.3 has no people found by pattern
    except (FileNotFoundError, ValueError, DownloadError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    print("People found by pattern, not curated yet (review them into flows/kb/entities.yaml):")
    print(format_table(["name", "documents", "mentions"], found, max_width=args.max_width))
    print("\nOther capitalised names the knowledge base does not cover:")
    gaps = unknown_names([text for (text,) in rows], min_count=args.min_count)[: args.limit]
    print(format_table(["name", "occurrences"], gaps, max_width=args.max_width))
    return EXIT_OK


FOUND_PEOPLE_SQL = """
SELECT e.name, count(DISTINCT m.doc_id) AS documents, count(*) AS mentions
FROM entities e JOIN mentions m USING (entity_id)
WHERE NOT e.curated
GROUP BY e.name HAVING count(*) >= {min_count}
ORDER BY documents DESC, mentions DESC, e.name
LIMIT {limit}
"""


LATEST = "latest"
"""What `--release` takes for the newest release, as leaving it out does."""
COMMAND_GROUPS = {
    "build": ("build", "schedule", "bench"),
    "read": ("query", "search", "export", "verify", "download", "kb-gaps"),
    "serve": ("serve-releases",),
}
"""How `aic --help` lists the commands: making releases, reading them, serving them to others."""


def _store(parser: argparse.ArgumentParser, what: str, output_alias: bool = False) -> None:
    """--store: the folder of releases (releases/vX.Y.Z/, releases.json, latest.json). `--output` is its old name:
    shown as an alias where a build writes the store, still accepted (unlisted) where a command reads one."""
    names = ("--store", "--output") if output_alias else ("--store",)
    parser.add_argument(*names, dest="store", type=Path, default=Path("output"), metavar="STORE",
                        help=f"release store {what} (default: output/)")
    if not output_alias:
        parser.add_argument("--output", dest="store", type=Path, help=argparse.SUPPRESS)


def _raw_and_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw", type=Path, default=Path("raw"),
                        help="folder of raw pages, read recursively: *.txt (text), *.html / *.htm (web pages), and archives "
                             "of pages: *.warc / *.warc.gz (web archives) and *.jsonl (one page per line) (default: raw/)")
    _store(parser, "to publish into", output_alias=True)


def _release_option(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("--release", metavar="VERSION",
                        help=f"release to {verb}: a version (v1.0.0), '{LATEST}', or a release folder (default: {LATEST})")


def _release_choice(parser: argparse.ArgumentParser, max_width: int | None) -> None:
    """Which release a reading command opens: the latest local one, a named one, or one served over HTTP."""
    _release_option(parser, "read")
    _store(parser, "to read from, or a release folder")
    parser.add_argument("--remote", metavar="BASE_URL",
                        help="instead: read a release served over HTTP (by aic serve-releases), only the bytes needed")
    if max_width is not None:
        parser.add_argument("--max-width", type=int, default=max_width, help="truncate cells to this many characters (0: never)")


def _grouped_commands(helps: dict[str, str]) -> str:
    """The commands by group with their one-line help, for `aic --help`."""
    width = max(len(name) for name in helps) + 2
    return "\n".join(
        f"{group} commands:\n" + "\n".join(f"  {name:<{width}}{helps[name]}" for name in names) + "\n"
        for group, names in COMMAND_GROUPS.items()
    ) + "\n'aic COMMAND --help' tells what a command reads and writes."


def build_parser() -> argparse.ArgumentParser:
    from flows.workers import DEFAULT_BATCH_SIZE, DEFAULT_PAGE_TIMEOUT

    parser = argparse.ArgumentParser(
        prog="aic", description="Afghan Interviews Corpus: build, query and schedule dataset releases.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", help="one of the commands below")
    helps: dict[str, str] = {}

    def command(name: str, help: str, **kwargs) -> argparse.ArgumentParser:
        """A subcommand, listed by `aic --help` in its group (COMMAND_GROUPS) rather than by argparse."""
        helps[name] = help
        kwargs.setdefault("description", help[0].upper() + help[1:] + ".")
        return sub.add_parser(name, **kwargs)

    build = command("build", help="build a release from raw pages (publishes only if something changed)")
    _raw_and_store(build)
    build.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                       help=f"documents per Prefect task, on average (default: {DEFAULT_BATCH_SIZE})")
    build.add_argument(
        "--runner", choices=("auto", "inline", "processes", "dask"), default="auto",
        help="where batches run: in this process, a local process pool, or a Dask cluster "
             "(default auto: inline for one batch, else processes on every core; dask with --dask-address)",
    )
    build.add_argument("--workers", type=int, default=0, help="worker processes for processes/dask (default: one per core)")
    build.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                       help="run batches on an existing Dask cluster (its workers must see the raw and output folders)")
    build.add_argument(
        "--max-failed-fraction", type=float, default=0.02,
        help="error budget: publish nothing if more than this share of documents fail or are quarantined (default: 0.02)",
    )
    build.add_argument("--public-url", default=os.environ.get("AIC_PUBLIC_URL"), metavar="URL",
                       help="where the store will be served (the folder of releases.json); the release's card, "
                            "croissant.json and citation link to it (default: $AIC_PUBLIC_URL, else none)")
    build.add_argument("--page-timeout", type=float, default=DEFAULT_PAGE_TIMEOUT, metavar="SECONDS",
                       help="time one page may take over every stage; a page over it is left out as failed "
                            f"(default: {DEFAULT_PAGE_TIMEOUT:g})")
    build.add_argument("--verbose", action="store_true", help="show tracebacks of failures")
    build.set_defaults(run=cmd_build)

    query = command("query", help="run SQL on a release (one view per table: documents, segments, ...)")
    query.add_argument("sql", help="the SQL to run, e.g. \"SELECT count(*) FROM segments\"")
    _release_choice(query, max_width=60)
    query.add_argument("--format", choices=("table", "csv", "jsonl"), default="table",
                       help="table (default), or csv / jsonl on standard output, whole values")
    query.set_defaults(run=cmd_query)

    export = command("export", help="write a release's tables as CSV or JSON Lines files (for spreadsheets)")
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="file format (default: csv)")
    export.add_argument("--tables", help="comma-separated tables (default: all)")
    export.add_argument("--into", type=Path, default=Path("export"), help="target folder (default: export/)")
    _release_choice(export, max_width=None)
    export.set_defaults(run=cmd_export)

    verify = command("verify", help="check every file of a release against its SHA256SUMS")
    _release_option(verify, "check")
    _store(verify, "to read from, or a release folder")
    verify.add_argument("version", nargs="?", help=argparse.SUPPRESS)  # the old spelling: aic verify v1.0.0
    verify.add_argument("--every-file", action="store_true",
                        help="list every document page too (by default: one line for those that match)")
    verify.set_defaults(run=cmd_verify)

    find = command("search", help="full-text search (BM25) over answers, quotes and sentences",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Full-text search over a release's answers, attributed quotes and narration sentences, best first.",
        epilog="""how words match:
  case, accents and apostrophes are folded: TALIBAN finds Taliban; women finds women's and women’s
  words are stemmed in each document's language: negotiation finds negotiations
  every word must be there; OR between two words or phrases takes either:   Doha OR Qatar
  "a quoted phrase" matches those words in that order, unstemmed:           "national resistance front"
  --match-case: every word as written, capitals included (an acronym):      ISI --match-case
examples:
  aic search 'women rights' --since 2022-01-01
  aic search '"peace talks" OR negotiations' --speaker Massoud --format jsonl""",
    )
    find.add_argument("text", help="words to search for (see below)")
    find.add_argument("--match-case", action="store_true", help="match every word with its capitals as written")
    find.add_argument("--speaker", help="only passages by this speaker (part of the name)")
    find.add_argument("--since", help="only documents published on or after this day (YYYY-MM-DD); undated ones are left out")
    find.add_argument("--limit", type=int, default=10, help="number of results (default: 10)")
    _release_choice(find, max_width=90)
    find.add_argument("--format", choices=("table", "csv", "jsonl"), default="table",
                      help="table (default: snippets), or csv / jsonl on standard output with whole passages")
    find.set_defaults(run=cmd_search)

    serve_store = command("serve-releases", help="serve the release store over HTTP (Range requests) to readers")
    _store(serve_store, "to serve")
    serve_store.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve_store.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve_store.set_defaults(run=cmd_serve_releases)

    download = command("download", help="download a release over HTTP and verify every file")
    download.add_argument("base_url", help="where releases.json is served, e.g. http://127.0.0.1:8000/")
    _release_option(download, "fetch")
    download.add_argument("--version", dest="release", help=argparse.SUPPRESS)  # the old spelling
    download.add_argument("--into", type=Path, default=Path("downloads"), help="target folder (default: downloads/)")
    download.set_defaults(run=cmd_download)

    schedule = command("schedule", aliases=["serve"],
        help="build on a schedule: a Prefect deployment (needs `prefect server start` and PREFECT_API_URL)",
    )
    _raw_and_store(schedule)
    when = schedule.add_mutually_exclusive_group()
    when.add_argument("--cron", default="0 3 * * *", help="cron schedule (default: daily at 03:00)")
    when.add_argument("--interval", type=int, metavar="SECONDS", help="instead: run every SECONDS seconds")
    schedule.set_defaults(run=cmd_schedule)
    gaps = command("kb-gaps", help="list the people found by pattern and other names the knowledge base does not cover")
    _release_choice(gaps, max_width=60)
    gaps.add_argument("--min-count", type=int, default=2, help="minimum occurrences (default: 2)")
    gaps.add_argument("--limit", type=int, default=40, help="at most this many names (default: 40)")
    gaps.set_defaults(run=cmd_kb_gaps)

    bench = command("bench", help="print each stage's throughput on one core (seeds repeated to --megabytes)")
    bench.add_argument("--raw", type=Path, default=Path("raw"), help="folder of raw .txt files (default: raw/)")
    bench.add_argument("--megabytes", type=float, default=5.0, help="size of the benchmark corpus (default: 5)")
    bench.add_argument("--pages", type=int, default=0, help="instead: build a release of this many generated pages, end to end")
    bench.add_argument("--seed", type=int, default=1, help="seed of the generated corpus (default: 1)")
    bench.add_argument("--runner", choices=("auto", "inline", "processes", "dask"), default="auto",
                       help="the build's runner for --pages (default: auto)")
    bench.add_argument("--repeat", type=int, default=1, help="builds from scratch for --pages; the median is reported")
    bench.add_argument("--peer", type=Path, metavar="PYTHON",
                       help="also run the datatrove peer (flows/bench/peer.py) with this Python (make bench-peer sets one up)")
    bench.add_argument("--json", type=Path, help="also write the end-to-end figures to this JSON file")
    bench.add_argument("--on-server", action="store_true",
                       help="for --pages: run every build on one Prefect server started for the benchmark, as the "
                            "scheduled deployment does (no temporary server per build)")
    bench.add_argument("--queries", type=Path, metavar="RELEASE_FOLDER",
                       help="instead: time DuckDB (a group-by over all sentences, searches) on this release copied --copies times")
    bench.add_argument("--copies", type=int, default=10, help="copies of the release for --queries (default: 10)")
    bench.set_defaults(run=cmd_bench)
    parser.epilog = _grouped_commands(helps)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from schemas.contract import SCHEMA_VERSION

    try:
        installed = version("afghan-interviews-corpus")
    except PackageNotFoundError:  # run from a checkout that is not installed
        installed = "unknown"
    return f"aic {installed} (schema {SCHEMA_VERSION})"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "release", None) == LATEST:
        args.release = None
    if getattr(args, "batch_size", 1) < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
