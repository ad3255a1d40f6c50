"""Publish stage: write validated tables as an immutable, versioned release.

Layout (OWID-style, the version is in the path):
    output/releases/v<semver>/{<table>.parquet, manifest.json, SHA256SUMS, views.sql}
    output/latest.json        -> names the newest release

A release is staged in a hidden folder next to the releases and renamed into place only
when complete; a failure anywhere removes the staging folder and leaves earlier releases
untouched. A build whose Parquet files equal the latest release's publishes nothing.
Parquet bytes are a function of table contents only: zstd, one canonical Arrow schema,
and row groups cut at fixed row counts whatever the batch size of the build.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.ingest import sha256_file
from schemas import REFERENCE_TABLES, SCHEMA_VERSION, TABLES, TableContract

DATASET_NAME = "afghan-interviews-corpus"
FIRST_VERSION = (1, 0, 0)
ROW_GROUP_ROWS = 50_000
"""Rows per Parquet row group: small enough for DuckDB to prune over HTTP, large enough to compress."""
ZSTD_LEVEL = 6
"""zstd 6 is ~20% smaller than the default level 1 at a write cost that is negligible here."""
_VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


def releases_dir(output_dir: Path) -> Path:
    return output_dir / "releases"


def parse_version(name: str) -> tuple[int, int, int] | None:
    match = _VERSION_DIR.match(name)
    return None if match is None else tuple(int(g) for g in match.groups())  # type: ignore[return-value]


def version_name(version: tuple[int, int, int]) -> str:
    return "v" + ".".join(map(str, version))


def published_versions(output_dir: Path) -> list[tuple[int, int, int]]:
    """Versions of the release folders on disk, oldest first: the folders are the source of truth."""
    root = releases_dir(output_dir)
    if not root.is_dir():
        return []
    return sorted(v for p in root.iterdir() if p.is_dir() and (v := parse_version(p.name)) is not None)


def release_path(output_dir: Path, version: str | None = None) -> Path:
    """Folder of a named release ('v1.0.0' or '1.0.0') or, by default, of the latest one."""
    if version is None:
        versions = published_versions(output_dir)
        if not versions:
            raise FileNotFoundError(f"no release in {releases_dir(output_dir)}; run `aic build` first")
        return releases_dir(output_dir) / version_name(versions[-1])
    name = version if version.startswith("v") else f"v{version}"
    if parse_version(name) is None:
        raise ValueError(f"not a release version: {version!r} (expected e.g. v1.0.0)")
    path = releases_dir(output_dir) / name
    if not path.is_dir():
        raise FileNotFoundError(f"release {name} not found in {releases_dir(output_dir)}")
    return path


class TableWriter:
    """Streams batches of one table into Parquet with row groups of exactly ROW_GROUP_ROWS rows."""

    def __init__(self, contract: TableContract, path: Path):
        self.contract = contract
        self.path = path
        self.rows = 0
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        text_like = {"text"} | set(contract.primary_key)
        strings = [f.name for f in contract.arrow_schema if pa.types.is_string(f.type)]
        self._writer = pq.ParquetWriter(
            path,
            contract.arrow_schema,
            compression="zstd",
            compression_level=ZSTD_LEVEL,
            use_dictionary=[name for name in strings if name not in text_like],
            write_statistics=[f.name for f in contract.arrow_schema if f.name != "text"],
            sorting_columns=pq.SortingColumn.from_ordering(
                contract.arrow_schema, [(k, "ascending") for k in contract.sort_key]
            ),
        )

    def append(self, table: pa.Table) -> None:
        self._pending.append(table)
        self._pending_rows += table.num_rows
        while self._pending_rows >= ROW_GROUP_ROWS:
            self._flush(ROW_GROUP_ROWS)

    def close(self) -> None:
        if self._pending_rows:
            self._flush(self._pending_rows)
        self._writer.close()

    def abort(self) -> None:
        """Release the file handle without flushing (the staging folder is being discarded)."""
        self._writer.close()

    def _flush(self, rows: int) -> None:
        pending = pa.concat_tables(self._pending)
        self._writer.write_table(pending.slice(0, rows).combine_chunks(), row_group_size=rows)
        rest = pending.slice(rows)
        self._pending, self._pending_rows = ([rest] if rest.num_rows else []), rest.num_rows
        self.rows += rows


@dataclass
class StagedRelease:
    """A release being written in a hidden folder; becomes visible only through `publish`."""

    output_dir: Path
    path: Path
    writers: dict[str, TableWriter] = field(default_factory=dict)
    seen_doc_ids: set[str] = field(default_factory=set)

    def write_reference(self, tables: dict[str, pa.Table]) -> None:
        """Write the reference tables (the knowledge base) once."""
        for name, table in tables.items():
            self.writers[name].append(table)

    def append(self, tables: dict[str, pa.Table]) -> None:
        """Add one validated batch. Batches arrive in doc_id order, so files stay sorted."""
        if reference := set(tables) & set(REFERENCE_TABLES):
            raise ValueError(f"reference tables are written once with write_reference, not per batch: {sorted(reference)}")
        doc_ids = tables["documents"]["doc_id"].to_pylist()
        if doc_ids and self.seen_doc_ids and min(doc_ids) <= max(self.seen_doc_ids):
            raise ValueError("batches must arrive in increasing doc_id order")
        self.seen_doc_ids.update(doc_ids)
        for name, table in tables.items():
            self.writers[name].append(table)

    def close(self) -> dict[str, int]:
        for writer in self.writers.values():
            writer.close()
        return {name: writer.rows for name, writer in self.writers.items()}


@contextlib.contextmanager
def staged_release(output_dir: Path) -> Iterator[StagedRelease]:
    """Stage a release; the staging folder is deleted on any error and after publishing."""
    root = releases_dir(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    staged = StagedRelease(output_dir, path)
    try:
        staged.writers = {name: TableWriter(c, path / f"{name}.parquet") for name, c in TABLES.items()}
        yield staged
    finally:
        for writer in staged.writers.values():
            with contextlib.suppress(Exception):
                writer.abort()
        shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class PublishOutcome:
    status: str  # "published" or "unchanged"
    version: str
    path: Path
    row_counts: dict[str, int]
    message: str


def publish(staged: StagedRelease, *, inputs: list[dict], rejected: list[dict], build: dict) -> PublishOutcome:
    """Finish the staged files and publish them as the next version, unless nothing changed."""
    row_counts = staged.close()
    output_dir = staged.output_dir
    tables = {
        name: {
            "path": f"{name}.parquet",
            "rows": row_counts[name],
            "bytes": (staged.path / f"{name}.parquet").stat().st_size,
            "sha256": sha256_file(staged.path / f"{name}.parquet"),
        }
        for name in TABLES
    }
    with _publish_lock(output_dir):
        versions = published_versions(output_dir)
        previous = versions[-1] if versions else None
        if previous is not None:
            latest_dir = releases_dir(output_dir) / version_name(previous)
            latest_tables = json.loads((latest_dir / "manifest.json").read_text())["tables"]
            if {n: t["sha256"] for n, t in latest_tables.items()} == {n: t["sha256"] for n, t in tables.items()}:
                return PublishOutcome(
                    "unchanged", version_name(previous), latest_dir, row_counts,
                    f"no change: tables are identical to {version_name(previous)}; nothing published",
                )
        version = FIRST_VERSION if previous is None else (previous[0], previous[1] + 1, 0)
        manifest = {
            "dataset": DATASET_NAME,
            "dataset_version": version_name(version)[1:],
            "schema_version": SCHEMA_VERSION,
            "previous_version": None if previous is None else version_name(previous)[1:],
            "offsets": "code-point indices into documents.text, end exclusive",
            "tables": tables,
            "inputs": inputs,
            "rejected_inputs": rejected,
            "build": build,
        }
        _write_text(staged.path / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _write_text(staged.path / "views.sql", views_sql())
        _write_checksums(staged.path)
        for item in staged.path.iterdir():
            item.chmod(0o444)
        target = releases_dir(output_dir) / version_name(version)
        if target.exists():  # never overwrite: a release folder is immutable
            raise FileExistsError(f"release folder already exists: {target}")
        staged.path.chmod(0o755)
        os.rename(staged.path, target)
        _write_latest_pointer(output_dir, version)
    return PublishOutcome(
        "published", version_name(version), target, row_counts, f"published {version_name(version)} at {target}"
    )


def views_sql(base: str = "") -> str:
    """One CREATE VIEW per table; paths are relative to the release folder unless base is given."""
    lines = [
        "-- DuckDB views over this release. Paths are relative to this folder: run from here",
        "-- (`duckdb -init views.sql`) or set file_search_path to this folder first.",
    ]
    lines += [
        f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{base}{name}.parquet');" for name in TABLES
    ]
    return "\n".join(lines) + "\n"


def _write_checksums(folder: Path) -> None:
    entries = sorted(p.name for p in folder.iterdir() if p.name != "SHA256SUMS")
    _write_text(folder / "SHA256SUMS", "".join(f"{sha256_file(folder / n)}  {n}\n" for n in entries))


def _write_latest_pointer(output_dir: Path, version: tuple[int, int, int]) -> None:
    pointer = {"latest": version_name(version), "path": f"releases/{version_name(version)}"}
    temporary = output_dir / ".latest.json.tmp"
    _write_text(temporary, json.dumps(pointer, indent=2) + "\n")
    os.replace(temporary, output_dir / "latest.json")


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


@contextlib.contextmanager
def _publish_lock(output_dir: Path) -> Iterator[None]:
    """Serialise version decisions: two concurrent builds must not claim the same version."""
    with (output_dir / ".publish.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
