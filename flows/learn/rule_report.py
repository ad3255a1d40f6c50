"""Which hand rules change which pages: every rule id the tables record, with the number of development pages
and sites (the url's host) whose output it changed. A rule that changes one page of one site is a rule for
that page: it is made general or removed (issue 21).

Rule ids are recorded where a rule decides something a reader sees: `removed.rule_id` (what the cleaner
took out and why), `speakers.found_by` (how a participant was found), `documents.date_source` and
`documents.outlet_source` (where the date and the outlet were read), `quotes.method`, `mentions.method`.

    python -m flows.learn.rule_report [STORE] [--devset ../shared/devset] [--seeds raw] [--json output/eval/rules.json]

STORE is a build of the development set (default: built here into a temporary folder); the seeds are built
too, so that a rule written for a seed page shows it.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import duckdb

from flows.learn.evaluate import build
from flows.learn.train import DEVSET, read_gold
from flows.release.store import release_path, table_glob

RULE_COLUMNS = {
    "removed": "rule_id",
    "speakers": "found_by",
    "documents": ["date_source", "outlet_source"],
    "quotes": "method",
    "mentions": "method",
}
"""Where the tables record the rule that decided a row."""


def rule_pages(release: Path) -> dict[str, set[str]]:
    """Source files whose output each recorded rule decided, by '<table>.<column>: <rule id>'."""
    con = duckdb.connect()
    found: dict[str, set[str]] = {}
    documents = release / table_glob("documents")
    for table, columns in RULE_COLUMNS.items():
        for column in [columns] if isinstance(columns, str) else columns:
            rows = con.execute(
                f"SELECT DISTINCT t.{column}, d.source_file FROM '{release / table_glob(table)}' t "
                f"JOIN '{documents}' d USING (doc_id) WHERE t.{column} IS NOT NULL").fetchall()
            for rule, source in rows:
                found.setdefault(f"{table}.{column}: {rule}", set()).add(Path(source).name)
    return found


def report(release: Path, devset: Path, seeds: Path | None = None) -> list[dict]:
    """One row per rule: development pages and sites it changed (and, given a build of the seeds, seed pages)."""
    gold = read_gold(devset)
    host = {name: urlparse(row["url"]).hostname or name for name, row in gold.items()}
    on_seeds = rule_pages(seeds) if seeds is not None else {}
    found = rule_pages(release)
    rows = [
        {"rule": rule, "pages": len(pages), "sites": len({host.get(p, p) for p in pages}),
         "seed_pages": len(on_seeds.get(rule, ())), "files": sorted(pages)}
        for rule, pages in found.items()
    ]
    rows += [{"rule": rule, "pages": 0, "sites": 0, "seed_pages": len(pages), "files": []}
             for rule, pages in on_seeds.items() if rule not in found]
    return sorted(rows, key=lambda r: (r["sites"], r["pages"], r["seed_pages"], r["rule"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, nargs="?")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--seeds", type=Path, default=Path("raw"), help="the seed pages, built too (seed_pages column)")
    parser.add_argument("--json", type=Path, default=Path("output/eval/rules.json"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aic-rules-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            build(args.devset / "raw", store, Path(tmp) / "build.log")
        seeds = Path(tmp) / "seeds"
        build(args.seeds, seeds, Path(tmp) / "seeds.log")
        rows = report(release_path(store), args.devset, release_path(seeds))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    print(f"{'rule':66} {'pages':>6} {'sites':>6} {'seeds':>6}")
    for row in rows:
        print(f"{row['rule']:66} {row['pages']:>6} {row['sites']:>6} {row['seed_pages']:>6}")
    one = [r for r in rows if r["sites"] <= 1 and r["pages"] + r["seed_pages"] <= 1]
    print(f"\n{len(rows)} rules recorded; {len(one)} changed one page only (development or seed); written: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
