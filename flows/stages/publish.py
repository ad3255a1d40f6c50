"""Publish stage: write validated tables as an immutable, versioned release.

Layout (OWID-style, the version is in the path; no symlinks, HTTP hosts have none):
    output/releases/v<semver>/   data/<table>/<part>.parquet (a folder per table, its rows in
                                 partition files), manifest.json, SHA256SUMS, README.md (dataset
                                 card), CHANGELOG.md, datapackage.json, croissant.json,
                                 views.sql (DuckDB views, local or over HTTP), LICENSE.md,
                                 index.html (the release page: summary, charts, documents, previews,
                                 files), documents/<doc_id>.html (a page per document)
    output/releases.json         every release, and which is latest
    output/latest.json           the newest release
    output/CHANGELOG.md          all releases' changelogs, newest first

A table's rows are cut into partitions by document, content-defined (`ends_partition`): a
partition is named by its first doc_id, and a page added or removed changes its own
partition only. A table that is one file (a corpus of up to a thousand pages, the knowledge
base, the sources) is also `<table>.parquet` beside the manifest, a hard link to that file:
what readers of the earlier layout (and the development set's scorer) open. Each partition is staged as an Arrow IPC stream in a hidden folder; the
sha256 of the stream is its content digest, independent of release metadata. When the
previous release has a partition with the same content digest (and the same writer), its
file is hard-linked, not written: one copy on disk, and `aic download` fetches only files it
does not hold. Otherwise the stream becomes Parquet: one row group per staged record batch
(cut at ROW_GROUP_ROWS whatever the build's batch size), zstd, one canonical schema, no
version in the file (the manifest has it): same data and code give the same bytes. The
version is computed against the latest release (flows/release/changes.py); an identical build
publishes nothing. The folder is renamed into place only when complete; any failure removes it
and leaves earlier releases alone.

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
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.faults import checkpoint
from flows.interrupts import point_of_no_return
from flows.release import catalog, changes
from flows.release.document_pages import write_document_pages
from flows.release.page import write_release_page
from flows.release.store import (
    RELEASE_DIR_VARIABLE,
    TABLE_LAYOUT,
    WHOLE_TABLE_PART,
    published_versions,
    releases_dir,
    table_files,
    table_folder,
    table_glob,
    version_name,
    whole_table_file,
)
from flows.stages.ingest import sha256_file
from schemas import BATCH_TABLES, SCHEMA_VERSION, TABLES, TableContract

FIRST_VERSION = (1, 0, 0)
ROW_GROUP_ROWS = 50_000
"""Rows per Parquet row group: small enough for DuckDB to prune over HTTP, large enough to compress."""
ZSTD_LEVEL = 6
"""zstd 6 is ~20% smaller than the default level 1 at a write cost that is negligible here."""
PARTITION_MIN_PAGES = 1000
"""Documents in a partition before it may end (content-defined chunkers bound a chunk from below): a corpus of up
to a thousand pages is one partition, each table one file."""
PARTITION_BOUNDARY = 500
"""Past the minimum, a partition ends after a document whose id (a content hash) is a multiple of this, whatever
the batch size: partitions of about 1,500 documents, and a page added or removed changes its own partition only,
so every other file of the release is the previous release's, byte for byte (a hard link in the store)."""
PARTITION_MAX_PAGES = 4000
"""No partition holds more documents (a long run without a boundary)."""
LOCK_FILE = ".lock"
STAGING_PREFIX = ".staging-"


class StoreBusy(RuntimeError):
    """Another build holds the release store's lock."""


def bare_schema(contract: TableContract) -> pa.Schema:
    """The table's schema without metadata: what the content digest covers."""
    return pa.schema([pa.field(f.name, f.type, f.nullable) for f in contract.arrow_schema])


class TableWriter:
    """Streams batches of one table's partition into an Arrow IPC stream, in record batches of ROW_GROUP_ROWS rows."""

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


def ends_partition(doc_id: str, pages: int) -> bool:
    """Whether a partition ends after this document, its `pages`-th: a content-defined cut, as batches are cut."""
    if pages < PARTITION_MIN_PAGES:
        return False
    return int(doc_id, 16) % PARTITION_BOUNDARY == 0 or pages >= PARTITION_MAX_PAGES


def parquet_schema(contract: TableContract) -> pa.Schema:
    """The schema a table's files carry: columns, descriptions, dataset and licence, but no version, so that a
    partition that did not change is the same file in every release."""
    return contract.arrow_schema.with_metadata({
        **contract.arrow_schema.metadata,
        b"dataset": catalog.DATASET_NAME.encode(),
        b"license": catalog.DATA_TERMS_SHORT.encode(),
    })


def writer_digest(contract: TableContract) -> str:
    """What decides a table's Parquet bytes besides its rows: schema and metadata, writer settings, pyarrow. A
    previous release's file is reused only when this and the partition's content digest are both the same."""
    settings = f"{ZSTD_LEVEL} {ROW_GROUP_ROWS} {pa.__version__}".encode()
    return hashlib.sha256(parquet_schema(contract).serialize().to_pybytes() + settings).hexdigest()


@dataclass
class StagedRelease:
    """A release being written in a hidden folder; becomes visible only through `publish`.

    Batch tables are cut into partitions by document (`ends_partition`); a partition is written as soon as it
    is complete, as Parquet, or as a hard link to the previous release's file when its content is the same.
    """

    output_dir: Path
    path: Path
    previous_dir: Path | None = None
    files: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in TABLES})
    writers: dict[str, TableWriter] = field(default_factory=dict)
    last_doc_id: str | None = None
    reused: dict[str, dict[str, dict]] = field(default_factory=dict)  # table -> content digest -> previous file
    linked: set[str] = field(default_factory=set)  # files (paths in the release) that are the previous release's
    previous_manifest: dict = field(default_factory=dict)  # read once, when staging starts
    _part: str | None = None  # first doc_id of the open partition
    _part_pages: int = 0

    def __post_init__(self) -> None:
        for name in TABLES:
            (self.path / table_folder(name)).mkdir(parents=True)
        if self.previous_dir is not None:
            self.previous_manifest = json.loads((self.previous_dir / "manifest.json").read_text(encoding="utf-8"))
            for name, entry in self.previous_manifest["tables"].items():
                if name in TABLES and entry.get("writer_sha256") == writer_digest(TABLES[name]):
                    self.reused[name] = {f["content_sha256"]: f for f in table_files(entry)}

    def write_once(self, tables: dict[str, pa.Table]) -> None:
        """Write the tables that are not built per batch: the knowledge base first, the sources last."""
        if batch := set(tables) & set(BATCH_TABLES):
            raise ValueError(f"tables built per batch are added with append: {sorted(batch)}")
        for name, table in tables.items():
            self._open({name: WHOLE_TABLE_PART})
            self.writers[name].append(table)
            self._close([name])

    def append(self, tables: dict[str, pa.Table]) -> None:
        """Add one validated batch. Batches arrive in doc_id order, so files stay sorted."""
        if once := set(tables) - set(BATCH_TABLES):
            raise ValueError(f"tables written once per release are added with write_once: {sorted(once)}")
        doc_ids = tables["documents"]["doc_id"].to_pylist()
        if doc_ids and self.last_doc_id is not None and min(doc_ids) <= self.last_doc_id:
            raise ValueError("batches must arrive in increasing doc_id order")
        self.last_doc_id = max(doc_ids, default=self.last_doc_id)
        first = 0
        for index, doc_id in enumerate(doc_ids):
            if self._part is None:
                self._part, self._part_pages = doc_id, 0
                self._open(dict.fromkeys(tables, doc_id))
            self._part_pages += 1
            if ends_partition(doc_id, self._part_pages):
                self._add(tables, doc_ids[first], doc_id)
                self._close(list(tables))
                self._part, first = None, index + 1
        if first < len(doc_ids):
            self._add(tables, doc_ids[first], doc_ids[-1])

    def close(self) -> dict[str, dict]:
        """Rows, content digest and files of every staged table (a table's digest is that of its partitions')."""
        if self._part is not None:
            self._close(list(BATCH_TABLES))
            self._part = None
        summary = {}
        for name, files in self.files.items():
            digests = "\n".join(f["content_sha256"] for f in files).encode()
            summary[name] = {"path": table_glob(name), "rows": sum(f["rows"] for f in files),
                             "bytes": sum(f["bytes"] for f in files), "content_sha256": hashlib.sha256(digests).hexdigest(),
                             "writer_sha256": writer_digest(TABLES[name]), "files": files}
            if len(files) == 1:  # the table in one file: also <table>.parquet beside the manifest (the same file)
                os.link(self.path / files[0]["path"], self.path / whole_table_file(name))
                summary[name]["whole_file"] = whole_table_file(name)
        return summary

    def abort(self) -> None:
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.abort()

    def _open(self, parts: dict[str, str]) -> None:
        for name, part in parts.items():
            self.writers[name] = TableWriter(TABLES[name], self.path / table_folder(name) / f"{part}.arrows")

    def _add(self, tables: dict[str, pa.Table], first: str, last: str) -> None:
        """The rows of documents `first` to `last` (a run of the batch in the open partition)."""
        for name, table in tables.items():
            doc_id = table["doc_id"]
            self.writers[name].append(table.filter(pc.and_(pc.greater_equal(doc_id, first), pc.less_equal(doc_id, last))))

    def _close(self, names: list[str]) -> None:
        """Finish the open partition of these tables: its Parquet file, or the previous release's same file."""
        for name in names:
            writer = self.writers.pop(name)
            writer.close()
            content = sha256_file(writer.path)
            target = writer.path.with_suffix(".parquet")
            known = self.reused.get(name, {}).get(content)
            if known is not None and self.previous_dir is not None:
                os.link(self.previous_dir / known["path"], target)
                sha = known["sha256"]
            else:
                _write_partition(writer.path, target, TABLES[name])
                sha = sha256_file(target)
            writer.path.unlink()
            if known is not None:
                self.linked.add(target.relative_to(self.path).as_posix())
            self.files[name].append({"path": target.relative_to(self.path).as_posix(), "rows": writer.rows,
                                     "bytes": target.stat().st_size, "sha256": sha, "content_sha256": content})


def _write_partition(stream: Path, target: Path, contract: TableContract) -> None:
    """One staged partition as Parquet: one row group per staged record batch, zstd, statistics, sorted columns."""
    schema = parquet_schema(contract)
    text_like = {"text"} | set(contract.primary_key)
    with pa.ipc.open_stream(str(stream)) as reader, pq.ParquetWriter(
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


@contextlib.contextmanager
def staged_release(output_dir: Path) -> Iterator[StagedRelease]:
    """Stage a release under the store's lock; the staging folder is deleted on any error and after publishing."""
    root = releases_dir(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    with store_lock(output_dir):
        recover_store(output_dir)
        path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
        versions = published_versions(output_dir)
        staged = None
        try:
            staged = StagedRelease(output_dir, path, root / version_name(versions[-1]) if versions else None)
            yield staged
        finally:
            if staged is not None:
                staged.abort()
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
    previous_dir = staged.previous_dir
    found = _compare(previous_dir, staged.previous_manifest, staged_tables, staged.path)
    if found.unchanged:
        return PublishOutcome(
            "unchanged", found.previous, previous_dir, row_counts,
            f"no change: tables are identical to {found.previous}; nothing published",
        )
    version = version_name(changes.bump(versions[-1], found.level) if versions else FIRST_VERSION)
    checkpoint("publishing")
    if previous_dir is not None:
        found.added, found.removed, found.changed = changes.document_changes(
            previous_dir, staged.previous_manifest["tables"], staged.path, staged_tables)
    manifest = {
        "dataset": catalog.DATASET_NAME,
        "dataset_version": version[1:],
        "schema_version": SCHEMA_VERSION,
        "layout": TABLE_LAYOUT,
        "previous_version": None if found.previous is None else found.previous[1:],
        "release_level": found.level,
        "release_reason": found.why,
        "published": today.isoformat(),
        "url": f"{public_url.rstrip('/')}/releases/{version}/" if public_url else None,
        "license": catalog.LICENSES,
        "offsets": "code-point indices into documents.text, end exclusive",
        "tables": staged_tables,
        "schema": changes.schema_of(TABLES.values()),
        "inputs": inputs,
        "sources": sources,
        "build": build,
    }
    _write_text(staged.path / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    _write_text(staged.path / "CHANGELOG.md", changes.changelog(version, found, today))
    catalog.write_catalog(staged.path, manifest)
    _write_text(staged.path / "views.sql", views_sql(manifest))
    same_code = previous_dir is not None and build.get("code_fingerprint") == staged.previous_manifest["build"].get(
        "code_fingerprint")
    write_document_pages(staged.path, previous_dir, frozenset(staged.linked) if same_code else frozenset())
    write_release_page(staged.path, manifest)
    hashed = {f["path"]: f["sha256"] for t in staged_tables.values() for f in t["files"]}
    hashed |= {t["whole_file"]: t["files"][0]["sha256"] for t in staged_tables.values() if "whole_file" in t}
    _write_checksums(staged.path, hashed, previous_dir)
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


def _compare(previous_dir: Path | None, old: dict, staged_tables: dict, staged_path: Path) -> changes.ReleaseChanges:
    if previous_dir is None:
        return changes.ReleaseChanges(previous=None, rows={n: (0, t["rows"]) for n, t in staged_tables.items()})
    old_tables = old["tables"]
    new_ids = set(_doc_ids(staged_path, staged_tables["documents"]))
    old_ids = set(_doc_ids(previous_dir, old_tables["documents"]))
    layout = [] if old.get("layout") == TABLE_LAYOUT else [("major", f"the tables are files {TABLE_LAYOUT}")]
    return changes.ReleaseChanges(
        document_set_changed=new_ids != old_ids,
        previous=previous_dir.name,
        schema=layout + changes.schema_changes(old.get("schema", {}), changes.schema_of(TABLES.values())),
        rows={n: (old_tables.get(n, {}).get("rows", 0), t["rows"]) for n, t in staged_tables.items()},
        content_changed=[
            n for n, t in staged_tables.items() if old_tables.get(n, {}).get("content_sha256") != t["content_sha256"]
        ],
    )


def _doc_ids(folder: Path, entry: dict) -> list[str]:
    return [doc_id for f in table_files(entry) for doc_id in pq.read_table(folder / f["path"], columns=["doc_id"])["doc_id"].to_pylist()]


def views_sql(manifest: dict) -> str:
    """One view per table over the release's files, wherever the release is and wherever DuckDB runs.

    A view lists its table's files by name (HTTP has no glob): `read_parquet` of the release's place joined to
    each name.

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
    for name in TABLES:
        files = ", ".join(f"'{f['path']}'" for f in table_files(manifest["tables"][name]))
        lines.append(f"CREATE VIEW {name} AS FROM read_parquet(list_transform([{files}], "
                     "f -> enum_range(NULL::release_location)[1] || f));")
    return "\n".join(lines) + "\n"


def _write_checksums(folder: Path, known: dict[str, str], previous: Path | None) -> None:
    """Every file of the release by its path under the folder ('data/documents/<part>.parquet',
    'documents/<doc_id>.html'). Not hashed again: the digests in `known` (the tables', hashed when written) and
    those of the files that are the previous release's own (hard links: the same inode)."""
    if previous is not None:
        for line in (previous / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
            sha, _, name = line.partition("  ")
            if name not in known and (folder / name).exists() and os.path.samefile(folder / name, previous / name):
                known[name] = sha
    entries = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    _write_text(folder / "SHA256SUMS", "".join(f"{known.get(n) or sha256_file(folder / n)}  {n}\n" for n in entries))


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
