"""Open a release in DuckDB through its own views.sql, exactly as a user would; print or export what it holds."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import TextIO

import duckdb

from flows.language.text import shorten
from flows.release.store import RELEASE_DIR_VARIABLE, release_path
from schemas import TABLES

EXPORT_FORMATS = ("csv", "jsonl")

SAMPLE_QUERY = """\
SELECT d.doc_id, left(d.title, 50) AS title, d.published_date, count(s.sentence_id) AS sentences
FROM documents d LEFT JOIN sentences s USING (doc_id)
GROUP BY ALL ORDER BY d.doc_id"""


def connect_release(release: Path, database: Path | None = None) -> duckdb.DuckDBPyConnection:
    """DuckDB (in memory, or the `database` file) with the release's views over its absolute path."""
    con = duckdb.connect(str(database) if database else ":memory:")
    con.execute(f"SET VARIABLE {RELEASE_DIR_VARIABLE} = ?", [str(release.resolve())])
    con.execute((release / "views.sql").read_text(encoding="utf-8"))
    return con


def run_sql(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of `sql`; closes the connection."""
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description] if cursor.description else []
        return names, cursor.fetchall()
    finally:
        con.close()


def run_query(sql: str, output_dir: Path, version: str | None = None) -> tuple[list[str], list[tuple]]:
    """Column names and rows of `sql` over a local release (the latest by default)."""
    return run_sql(connect_release(release_path(output_dir, version)), sql)


def format_table(names: list[str], rows: list[tuple], max_width: int = 60) -> str:
    """A plain-text table that reads well in a terminal and pastes cleanly into Markdown."""

    def cell(value) -> str:
        return shorten("NULL" if value is None else str(value).replace("\n", "⏎"), max_width)

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = lambda values: "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"  # noqa: E731
    out = [line(names), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def write_rows(names: list[str], rows: list[tuple], fmt: str, stream: TextIO, header: bool = True) -> None:
    """Rows as CSV (RFC 4180 quoting) or JSON Lines; lists become JSON arrays in CSV, dates ISO 8601."""
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        if header:
            writer.writerow(names)
        writer.writerows([[_csv_cell(v) for v in row] for row in rows])
    else:
        for row in rows:
            stream.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=_json_value) + "\n")


def _csv_cell(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def export_tables(con: duckdb.DuckDBPyConnection, folder: Path, fmt: str, tables: list[str] | None = None) -> list[Path]:
    """Each table of the release as `<table>.<fmt>` in `folder`, rows in primary-key order (UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in tables or list(TABLES):
        if name not in TABLES:
            raise ValueError(f"no table {name!r} (tables: {', '.join(TABLES)})")
        cursor = con.execute(f"SELECT * FROM {name} ORDER BY {', '.join(TABLES[name].primary_key)}")
        names = [d[0] for d in cursor.description]
        target = folder / f"{name}.{fmt}"
        with target.open("w", encoding="utf-8", newline="") as stream:
            first = True
            while (chunk := cursor.fetchmany(10_000)) or first:
                write_rows(names, chunk, fmt, stream, header=first)
                first = False
        written.append(target)
    return written
