"""Publish stage: write validated tables as an immutable, versioned release.

Layout (OWID-style, the version is in the path; no symlinks, HTTP hosts have none):
    output/releases/v<semver>/   <table>.parquet, manifest.json, SHA256SUMS, README.md (dataset
                                 card), CHANGELOG.md, datapackage.json, croissant.json,
                                 views.sql (DuckDB views, local or over HTTP), LICENSE.md,
                                 index.html (the release page: summary, charts, documents, previews,
                                 files), documents/<doc_id>.html (a page per document)
    output/releases.json         every release, and which is latest
    output/latest.json           the newest release
    output/CHANGELOG.md          all releases' changelogs, newest first

Batches are staged as Arrow IPC streams in a hidden folder; the sha256 of a stream is the
table's content digest, independent of release metadata. The version is then computed
against the latest release (flows/release/changes.py); an identical build publishes nothing. Each
stream becomes a Parquet file carrying the version in its key-value metadata, one row
group per staged record batch (cut at ROW_GROUP_ROWS whatever the build's batch size),
zstd, one canonical schema: same data and code give the same bytes. The folder is renamed
into place only when complete; any failure removes it and leaves earlier releases alone.

One build at a time writes to a store: staging takes `<output>/.lock` (flock, with the
holder's pid in it) and a second build fails at once, naming the holder. The kernel drops
the lock of a killed build, so the next one takes it, removes what the killed one left
(staging folders, half-written pointer files) and rewrites the index files from the
release folders, which are the truth.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.faults import checkpoint
from flows.interrupts import point_of_no_return
from flows.release import catalog, changes
from flows.release.document_pages import write_document_pages
from flows.release.page import write_release_page
from flows.release.store import (
    RELEASE_DIR_VARIABLE,
    published_versions,
    releases_dir,
    version_name,
)
from flows.stages.ingest import sha256_file
from schemas import BATCH_TABLES, SCHEMA_VERSION, TABLES, TableContract

FIRST_VERSION = (1, 0, 0)
ROW_GROUP_ROWS = 50_000
"""Rows per Parquet row group: small enough for DuckDB to prune over HTTP, large enough to compress."""
ZSTD_LEVEL = 6
"""zstd 6 is ~20% smaller than the default level 1 at a write cost that is negligible here."""
LOCK_FILE = ".lock"
STAGING_PREFIX = ".staging-"


class StoreBusy(RuntimeError):
    """Another build holds the release store's lock."""


def bare_schema(contract: TableContract) -> pa.Schema:
    """The table's schema without metadata: what the content digest covers."""
    return pa.schema([pa.field(f.name, f.type, f.nullable) for f in contract.arrow_schema])


class TableWriter:
    """Streams batches of one table into an Arrow IPC stream, in record batches of ROW_GROUP_ROWS rows."""

    def __init__(self, contract: TableContract, path: Path):
        self.contract = contract
        self.path = path
        self.rows = 0
        self._schema = bare_schema(contract)
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._writer = pa.ipc.new_stream(str(path), self._schema)

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
        chunk = pending.slice(0, rows).cast(self._schema).combine_chunks()
        self._writer.write_table(chunk, max_chunksize=rows)
        rest = pending.slice(rows)
        self._pending, self._pending_rows = ([rest] if rest.num_rows else []), rest.num_rows
        self.rows += rows


@dataclass
class StagedRelease:
    """A release being written in a hidden folder; becomes visible only through `publish`."""

    output_dir: Path
    path: Path
    writers: dict[str, TableWriter] = field(default_factory=dict)
    last_doc_id: str | None = None

    def write_once(self, tables: dict[str, pa.Table]) -> None:
        """Write the tables that are not built per batch: the knowledge base first, the sources last."""
        if batch := set(tables) & set(BATCH_TABLES):
            raise ValueError(f"tables built per batch are added with append: {sorted(batch)}")
        for name, table in tables.items():
            self.writers[name].append(table)

    def append(self, tables: dict[str, pa.Table]) -> None:
        """Add one validated batch. Batches arrive in doc_id order, so files stay sorted."""
        if once := set(tables) - set(BATCH_TABLES):
            raise ValueError(f"tables written once per release are added with write_once: {sorted(once)}")
        doc_ids = tables["documents"]["doc_id"].to_pylist()
        if doc_ids and self.last_doc_id is not None and min(doc_ids) <= self.last_doc_id:
            raise ValueError("batches must arrive in increasing doc_id order")
        self.last_doc_id = max(doc_ids, default=self.last_doc_id)
        for name, table in tables.items():
            self.writers[name].append(table)

    def close(self) -> dict[str, dict]:
        """Row count and content digest of every staged table."""
        for writer in self.writers.values():
            writer.close()
        return {name: {"rows": w.rows, "content_sha256": sha256_file(w.path)} for name, w in self.writers.items()}


@contextlib.contextmanager
def staged_release(output_dir: Path) -> Iterator[StagedRelease]:
    """Stage a release under the store's lock; the staging folder is deleted on any error and after publishing."""
    root = releases_dir(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    with store_lock(output_dir):
        recover_store(output_dir)
        path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
        staged = StagedRelease(output_dir, path)
        try:
            staged.writers = {name: TableWriter(c, path / f"{name}.arrows") for name, c in TABLES.items()}
            yield staged
        finally:
            for writer in staged.writers.values():
                with contextlib.suppress(Exception):
                    writer.abort()
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def store_lock(output_dir: Path) -> Iterator[None]:
    """Hold the store's lock for one build, or raise StoreBusy naming the pid that holds it."""
    path = output_dir / LOCK_FILE
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise StoreBusy(f"another build (pid {holder}) is writing to {output_dir}; try again when it has finished") from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover_store(output_dir: Path) -> list[str]:
    """Remove what killed builds left and rewrite the index files from the release folders.

    Call only under the store's lock: then no other build is staging. Returns what was removed.
    """
    removed = []
    root = releases_dir(output_dir)
    for leftover in sorted(root.glob(f"{STAGING_PREFIX}*")) if root.is_dir() else []:
        _make_writable(leftover)
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover.name)
    for partial in sorted(output_dir.glob(".*.tmp")):
        partial.unlink(missing_ok=True)
        removed.append(partial.name)
    if published_versions(output_dir):
        _write_pointers(output_dir)
    return removed


def _make_writable(folder: Path) -> None:
    """A staging folder is made read-only just before its rename; rmtree needs it writable again."""
    with contextlib.suppress(OSError):
        folder.chmod(0o755)
        for item in folder.rglob("*"):
            item.chmod(0o755 if item.is_dir() else 0o644)


@dataclass(frozen=True)
class PublishOutcome:
    status: str  # "published" or "unchanged"
    version: str
    path: Path
    row_counts: dict[str, int]
    message: str
    level: str | None = None  # major, minor or patch for a published release
    why: str | None = None  # the reason for that level


def publish(
    staged: StagedRelease, *, inputs: list[dict], sources: dict[str, int], build: dict, today: dt.date | None = None,
    public_url: str | None = None,
) -> PublishOutcome:
    """Publish the staged tables as the next version, unless they equal the latest release.

    `public_url` is where the store will be served (the folder holding releases.json): the release's
    own URL, `<public_url>releases/<version>/`, then goes into the manifest, the card and croissant.json.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    staged_tables = staged.close()
    row_counts = {name: t["rows"] for name, t in staged_tables.items()}
    output_dir = staged.output_dir
    versions = published_versions(output_dir)
    previous_dir = releases_dir(output_dir) / version_name(versions[-1]) if versions else None
    found = _compare(previous_dir, staged_tables, staged.path)
    if found.unchanged:
        return PublishOutcome(
            "unchanged", found.previous, previous_dir, row_counts,
            f"no change: tables are identical to {found.previous}; nothing published",
        )
    version = version_name(changes.bump(versions[-1], found.level) if versions else FIRST_VERSION)
    files = _write_parquet(staged, version)
    checkpoint("publishing")
    if previous_dir is not None:
        found.added, found.removed, found.changed = changes.document_changes(previous_dir, staged.path, list(TABLES))
    manifest = {
        "dataset": catalog.DATASET_NAME,
        "dataset_version": version[1:],
        "schema_version": SCHEMA_VERSION,
        "previous_version": None if found.previous is None else found.previous[1:],
        "release_level": found.level,
        "release_reason": found.why,
        "published": today.isoformat(),
        "url": f"{public_url.rstrip('/')}/releases/{version}/" if public_url else None,
        "license": catalog.LICENSES,
        "offsets": "code-point indices into documents.text, end exclusive",
        "tables": {name: {**files[name], **staged_tables[name]} for name in TABLES},
        "schema": changes.schema_of(TABLES.values()),
        "inputs": inputs,
        "sources": sources,
        "build": build,
    }
    _write_text(staged.path / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    _write_text(staged.path / "CHANGELOG.md", changes.changelog(version, found, today))
    catalog.write_catalog(staged.path, manifest)
    _write_text(staged.path / "views.sql", views_sql())
    for item in staged.path.glob("*.arrows"):
        item.unlink()
    write_document_pages(staged.path, previous_dir)
    write_release_page(staged.path, manifest)
    _write_checksums(staged.path)
    for item in staged.path.rglob("*"):
        item.chmod(0o555 if item.is_dir() else 0o444)
    target = releases_dir(output_dir) / version
    if target.exists():  # never overwrite: a release folder is immutable
        raise FileExistsError(f"release folder already exists: {target}")
    staged.path.chmod(0o755)
    point_of_no_return()  # a stop signal from here on waits for the release to be whole
    checkpoint("before-rename")
    os.rename(staged.path, target)
    checkpoint("after-rename")
    _write_pointers(output_dir, publishing=True)
    return PublishOutcome(
        "published", version, target, row_counts, f"published {version} ({found.level}) at {target}", found.level,
        found.why,
    )


def _compare(previous_dir: Path | None, staged_tables: dict, staged_path: Path) -> changes.ReleaseChanges:
    if previous_dir is None:
        return changes.ReleaseChanges(previous=None, rows={n: (0, t["rows"]) for n, t in staged_tables.items()})
    old = json.loads((previous_dir / "manifest.json").read_text(encoding="utf-8"))
    old_tables = old["tables"]
    with pa.ipc.open_stream(str(staged_path / "documents.arrows")) as reader:
        new_ids = {doc_id for batch in reader for doc_id in batch.column("doc_id").to_pylist()}
    old_ids = set(pq.read_table(previous_dir / "documents.parquet", columns=["doc_id"])["doc_id"].to_pylist())
    return changes.ReleaseChanges(
        document_set_changed=new_ids != old_ids,
        previous=previous_dir.name,
        schema=changes.schema_changes(old.get("schema", {}), changes.schema_of(TABLES.values())),
        rows={n: (old_tables.get(n, {}).get("rows", 0), t["rows"]) for n, t in staged_tables.items()},
        content_changed=[
            n for n, t in staged_tables.items() if old_tables.get(n, {}).get("content_sha256") != t["content_sha256"]
        ],
    )


def _write_parquet(staged: StagedRelease, version: str) -> dict[str, dict]:
    """Convert every staged stream to its Parquet file, with release metadata; returns path, bytes, sha256."""
    files = {}
    for name, contract in TABLES.items():
        metadata = {
            **contract.arrow_schema.metadata,
            b"dataset": catalog.DATASET_NAME.encode(),
            b"dataset_version": version[1:].encode(),
            b"license": catalog.DATA_TERMS_SHORT.encode(),
        }
        schema = contract.arrow_schema.with_metadata(metadata)
        text_like = {"text"} | set(contract.primary_key)
        target = staged.path / f"{name}.parquet"
        with pa.ipc.open_stream(str(staged.path / f"{name}.arrows")) as reader, pq.ParquetWriter(
            target,
            schema,
            compression="zstd",
            compression_level=ZSTD_LEVEL,
            use_dictionary=[f.name for f in schema if pa.types.is_string(f.type) and f.name not in text_like],
            write_statistics=[f.name for f in schema if f.name != "text"],
            sorting_columns=pq.SortingColumn.from_ordering(schema, [(k, "ascending") for k in contract.sort_key]),
        ) as writer:
            for batch in reader:
                writer.write_table(pa.Table.from_batches([batch]).cast(schema), row_group_size=max(batch.num_rows, 1))
        files[name] = {"path": target.name, "bytes": target.stat().st_size, "sha256": sha256_file(target)}
    return files


def views_sql() -> str:
    """One view per table over the release's files, wherever the release is and wherever DuckDB runs.

    A SQL file cannot know where it was read from, so the location comes from the `release_dir`
    variable, or is the current folder when the tables are there. It is fixed when the views are
    made, in the enum type `release_location` (a type keeps its values in the catalog, where a view
    keeps only its text): a database file holding the views can be moved or opened from anywhere.
    """
    variable = f"getvariable('{RELEASE_DIR_VARIABLE}')"
    lines = [
        "-- DuckDB views over this release, one per table. From any folder, give the release's place first:",
        f"--   SET VARIABLE {RELEASE_DIR_VARIABLE} = '/path/to/this/release/';   -- or https://host/releases/vX.Y.Z/ (httpfs)",
        "--   .read /path/to/this/release/views.sql                  -- Python: con.execute(open(path).read())",
        "-- Run from this folder (`duckdb -init views.sql`), no variable is needed. The place is kept in the",
        "-- type release_location, so the views of a database file keep working when the file moves",
        "-- (give an absolute path for that).",
        *(f"DROP VIEW IF EXISTS {name};" for name in TABLES),
        "DROP TYPE IF EXISTS release_location;",
        "CREATE TYPE release_location AS ENUM (",
        "    SELECT CASE",
        f"        WHEN {variable} IS NOT NULL",
        f"            THEN {variable} || CASE WHEN right({variable}, 1) = '/' THEN '' ELSE '/' END",
        "        WHEN (SELECT count(*) FROM glob('manifest.json')) > 0 THEN ''",
        f"        ELSE error('views.sql: SET VARIABLE {RELEASE_DIR_VARIABLE} = ''/path/to/the/release/'' first, "
        "or run DuckDB in the release folder')",
        "    END);",
    ]
    lines += [f"CREATE VIEW {name} AS FROM read_parquet(enum_range(NULL::release_location)[1] || '{name}.parquet');"
              for name in TABLES]
    return "\n".join(lines) + "\n"


def _write_checksums(folder: Path) -> None:
    """Every file of the release, the document pages by their path under the folder ('documents/<doc_id>.html')."""
    entries = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    _write_text(folder / "SHA256SUMS", "".join(f"{sha256_file(folder / n)}  {n}\n" for n in entries))


def _write_pointers(output_dir: Path, publishing: bool = False) -> None:
    """releases.json, latest.json and the cumulative CHANGELOG.md, rebuilt from the release folders.

    Each file is replaced atomically; a build killed between two of them leaves the index
    behind the folders until the next build rewrites it (`publishing` marks the fault point).
    """
    releases = []
    for version in published_versions(output_dir):
        folder = releases_dir(output_dir) / version_name(version)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        releases.append(
            {
                "version": version_name(version),
                "published": manifest.get("published"),
                "schema_version": manifest["schema_version"],
                "level": manifest.get("release_level"),
                "row_counts": {n: t["rows"] for n, t in manifest["tables"].items()},
                "path": f"releases/{version_name(version)}/",
            }
        )
    latest = releases[-1]["version"]
    _replace_text(output_dir / "releases.json", json.dumps({"latest": latest, "releases": releases[::-1]}, indent=2) + "\n")
    if publishing:
        checkpoint("between-pointers")
    _replace_text(output_dir / "latest.json", json.dumps({"latest": latest, "path": f"releases/{latest}/"}, indent=2) + "\n")
    logs = [(releases_dir(output_dir) / r["version"] / "CHANGELOG.md").read_text(encoding="utf-8") for r in releases[::-1]]
    _replace_text(output_dir / "CHANGELOG.md", f"# Changelog of {catalog.PRETTY_NAME}\n\n" + "\n".join(logs))


def _replace_text(path: Path, text: str) -> None:
    """Write a pointer file atomically: readers see the old or the new file, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    _write_text(temporary, text)
    os.replace(temporary, path)


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
