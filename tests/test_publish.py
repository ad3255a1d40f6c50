"""Publishing without Prefect: layout, checksums, views, versions, no-change, atomicity, determinism."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from conftest import SEED_DIR, publish_batches, tables_for, tables_from

from flows.release import document_pages
from flows.release.query import connect_release
from flows.release.store import published_versions, release_path
from flows.stages import publish as publishing
from flows.stages.ingest import batches, discover, read_batch
from flows.stages.validate import ValidationFailed
from schemas import BATCH_TABLES, TABLES

publish_tables = publish_batches


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_first_release_layout_checksums_and_views(tmp_path: Path, seed_tables):
    outcome = publish_tables(tmp_path, [seed_tables])
    release = tmp_path / "releases" / "v1.0.0"
    assert outcome.status == "published" and outcome.path == release
    assert sorted(p.name for p in release.iterdir()) == sorted(
        [f"{n}.parquet" for n in TABLES]
        + ["data", "manifest.json", "SHA256SUMS", "views.sql", "README.md", "LICENSE.md", "index.html", "CHANGELOG.md",
           "datapackage.json", "croissant.json", "documents"]
    )
    assert sorted(p.name for p in (release / "data").iterdir()) == sorted(TABLES)
    for name in TABLES:  # five pages: each table one partition, also <table>.parquet (the same file)
        [part] = (release / "data" / name).iterdir()
        assert part.suffix == ".parquet" and part.samefile(release / f"{name}.parquet")
    doc_ids = seed_tables["documents"]["doc_id"].to_pylist()
    assert sorted(p.name for p in (release / "documents").iterdir()) == sorted(f"{doc_id}.html" for doc_id in doc_ids)
    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=release, check=True)
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["dataset_version"] == "1.0.0" and manifest["previous_version"] is None
    assert {n: t["rows"] for n, t in manifest["tables"].items()} == {n: t.num_rows for n, t in seed_tables.items()} | {
        "sources": 5
    }
    assert json.loads((tmp_path / "latest.json").read_text()) == {"latest": "v1.0.0", "path": "releases/v1.0.0/"}
    assert all(not (p.stat().st_mode & 0o222) for p in release.rglob("*"))  # read-only files and folder
    con = connect_release(release)
    assert con.sql("SELECT count(*) FROM sentences").fetchone()[0] == seed_tables["sentences"].num_rows
    bad = con.sql(
        "SELECT count(*) FROM sentences s JOIN documents d USING (doc_id) "
        "WHERE substr(d.text, s.char_start + 1, s.char_end - s.char_start) <> s.text"
    ).fetchone()[0]
    assert bad == 0


def test_views_sql_works_from_any_folder_and_from_a_moved_database(tmp_path: Path, seed_tables, monkeypatch):
    """views.sql read as a user would (its text, executed by DuckDB), never from the release folder."""
    import duckdb

    publish_tables(tmp_path / "store", [seed_tables])
    release = tmp_path / "store" / "releases" / "v1.0.0"
    script = (release / "views.sql").read_text(encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(duckdb.InvalidInputException, match="SET VARIABLE release_dir"):
        duckdb.connect().execute(script)  # no location and not in the folder: says what to do

    database = elsewhere / "analysis.duckdb"
    con = duckdb.connect(str(database))
    con.execute("SET VARIABLE release_dir = ?", [str(release)])  # without the trailing slash
    con.execute(script)
    con.execute(script)  # running it again replaces the views
    assert con.sql("SELECT count(*) FROM segments").fetchone()[0] == seed_tables["segments"].num_rows
    con.close()

    moved = tmp_path / "moved" / "renamed.duckdb"
    moved.parent.mkdir()
    database.rename(moved)
    monkeypatch.chdir(tmp_path)
    con = duckdb.connect(str(moved), read_only=True)  # no variable in this session
    assert con.sql("SELECT count(*) FROM documents").fetchone()[0] == seed_tables["documents"].num_rows
    con.close()

    monkeypatch.chdir(release)  # in the release folder no variable is needed
    assert duckdb.connect().execute(script).sql("SELECT count(*) FROM quotes").fetchone()[0] == seed_tables["quotes"].num_rows


def test_identical_build_publishes_nothing_and_changed_build_is_next_minor(tmp_path: Path, seed_tables):
    publish_tables(tmp_path, [seed_tables])
    first = digests(tmp_path / "releases" / "v1.0.0")
    again = publish_tables(tmp_path, [seed_tables])
    assert again.status == "unchanged" and again.version == "v1.0.0"
    assert "no change" in again.message
    assert published_versions(tmp_path) == [(1, 0, 0)]
    assert not [p for p in (tmp_path / "releases").iterdir() if p.name.startswith(".staging")]

    dropped = seed_tables["documents"]["doc_id"][0]
    fewer = {name: t.filter(pc.not_equal(t["doc_id"], dropped)) for name, t in seed_tables.items() if "doc_id" in t.column_names}
    changed = publish_tables(tmp_path, [fewer])
    assert changed.status == "published" and changed.version == "v1.1.0"
    manifest = json.loads((changed.path / "manifest.json").read_text())
    assert manifest["previous_version"] == "1.0.0"
    assert digests(tmp_path / "releases" / "v1.0.0") == first
    assert json.loads((tmp_path / "latest.json").read_text())["latest"] == "v1.1.0"


def test_validation_failure_publishes_nothing_and_keeps_previous_release(tmp_path: Path, seed_tables):
    publish_tables(tmp_path, [seed_tables])
    before = digests(tmp_path / "releases" / "v1.0.0")
    latest_before = (tmp_path / "latest.json").read_text()
    sentences = seed_tables["sentences"]
    shifted = pa.array([start + 1 for start in sentences["char_start"].to_pylist()], pa.int32())
    field = TABLES["sentences"].arrow_schema.field("char_start")
    broken = dict(seed_tables, sentences=sentences.set_column(sentences.schema.get_field_index("char_start"), field, shifted))
    with pytest.raises(ValidationFailed):
        publish_tables(tmp_path, [broken])
    assert published_versions(tmp_path) == [(1, 0, 0)]
    assert digests(tmp_path / "releases" / "v1.0.0") == before
    assert (tmp_path / "latest.json").read_text() == latest_before
    assert [p.name for p in (tmp_path / "releases").iterdir()] == ["v1.0.0"]


def test_parquet_and_document_pages_do_not_depend_on_batch_size_or_run(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(publishing, "ROW_GROUP_ROWS", 64)  # several row groups even on the seeds
    monkeypatch.setattr(publishing, "PARTITION_MIN_PAGES", 1)  # and several partitions
    monkeypatch.setattr(publishing, "PARTITION_BOUNDARY", 2)
    files, _ = discover(SEED_DIR)
    results = []
    for run, size in enumerate((1, 2, 5)):
        tables_per_batch = [tables_for(read_batch(batch)[0]) for batch in batches(files, size)]
        outcome = publish_tables(tmp_path / f"run{run}", tables_per_batch)
        results.append({n: d for n, d in digests(outcome.path).items() if n.endswith(".parquet") or n.startswith("documents/")})
    assert results[0] == results[1] == results[2]
    assert sum(n.startswith("documents/") for n in results[0]) == 5
    assert sum(n.startswith("data/documents/") for n in results[0]) > 1


def test_a_new_page_rewrites_its_partition_only_and_shares_every_other_file(tmp_path: Path, seed_tables, monkeypatch):
    """Partitions are cut by document id, so dropping a page changes the files of its partition; every other
    file of the new release is the previous release's file (one inode), and the diff names the one document."""
    monkeypatch.setattr(publishing, "PARTITION_MIN_PAGES", 1)
    monkeypatch.setattr(publishing, "PARTITION_BOUNDARY", 2)
    first = publish_tables(tmp_path, [seed_tables]).path
    manifest = json.loads((first / "manifest.json").read_text())
    parts = [f["path"] for f in manifest["tables"]["documents"]["files"]]
    assert len(parts) > 1 and parts == sorted(parts)  # named by their first doc_id: in row order
    dropped = seed_tables["documents"]["doc_id"][-1].as_py()
    fewer = {name: t.filter(pc.not_equal(t["doc_id"], dropped)) for name, t in seed_tables.items() if "doc_id" in t.column_names}
    drawn = []
    draw = document_pages.document_page
    monkeypatch.setattr(document_pages, "document_page", lambda document, entities: drawn.append(document.row["doc_id"])
                        or draw(document, entities))
    second = publish_tables(tmp_path, [fewer | {"entities": seed_tables["entities"]}]).path
    new = json.loads((second / "manifest.json").read_text())
    shared, written = [], []
    for name in TABLES:
        for file in new["tables"][name]["files"]:
            old = first / file["path"]
            same = old.exists() and old.stat().st_ino == (second / file["path"]).stat().st_ino
            (shared if same else written).append(file["path"])
    assert "data/sources/all.parquet" in written  # what became of every raw path: one file, rewritten
    rewritten = {path.rsplit("/", 1)[1] for path in written} - {"all.parquet"}
    assert len(rewritten) == 1 and len(written) == len(BATCH_TABLES) + 1  # one partition of each batch table
    assert "data/entities/all.parquet" in shared and len(shared) > len(TABLES) - len(BATCH_TABLES)
    [part] = rewritten
    assert sorted(drawn) == pq.read_table(second / "data" / "documents" / part)["doc_id"].to_pylist()  # its pages only
    pages = sorted(p.name for p in (second / "documents").iterdir())
    assert len(pages) == 4 and all((second / "documents" / p).samefile(first / "documents" / p) for p in pages)
    tables = {p.name for p in second.glob("*.parquet")}  # one file beside the manifest for a table of one file
    assert tables == {"entities.parquet", "sources.parquet"} and (second / "entities.parquet").samefile(first / "entities.parquet")
    changelog = (second / "CHANGELOG.md").read_text()
    assert f"`{dropped}`" in changelog.split("## Documents removed")[1].split("##")[0]
    assert "## Documents changed" not in changelog
    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=second, check=True)


def test_release_lookup_errors_are_clear(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="no release"):
        release_path(tmp_path)
    with pytest.raises(ValueError, match="not a release version"):
        release_path(tmp_path, "../etc")
    assert tables_from(SEED_DIR)["documents"].num_rows == 5


REBUILD_RAW_LINES = """
WITH pieces AS (
    SELECT doc_id, raw_line_no, raw_byte_start, text FROM segments
    UNION ALL
    SELECT doc_id, raw_line_no, raw_byte_start, text FROM removed
)
SELECT d.source_file, p.raw_line_no, string_agg(p.text, ' ' ORDER BY p.raw_byte_start) AS line
FROM pieces p JOIN documents d USING (doc_id)
GROUP BY ALL ORDER BY d.source_file, p.raw_line_no
"""


def test_published_segments_and_removals_rebuild_every_raw_line(tmp_path: Path, seed_tables):
    outcome = publish_tables(tmp_path, [seed_tables])
    rebuilt = connect_release(outcome.path).sql(REBUILD_RAW_LINES).fetchall()
    expected = [
        (path.name, number, line)
        for path in sorted(SEED_DIR.glob("*.txt"))
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        if line.strip()
    ]
    assert [(f, n) for f, n, _ in rebuilt] == [(f, n) for f, n, _ in expected]
    for (_, number, got), (name, _, line) in zip(rebuilt, expected, strict=True):
        # the colon that opens a line under a speaker label ("Ahmad Massoud" / ": My plan") is layout
        assert "".join(got.split()) == "".join(line.split()).lstrip(":"), (name, number)


def test_the_cache_key_covers_code_rules_and_knowledge_base():
    from flows.provenance import fingerprinted_files

    names = {p.relative_to(SEED_DIR.parent).as_posix() for p in fingerprinted_files()}
    assert {"flows/stages/clean.py", "flows/rules/boilerplate.toml", "flows/kb/entities.yaml", "schemas/quotes.py"} <= names
    assert "flows/cli.py" not in names and "flows/bench/benchmark.py" not in names  # drivers: editing them keeps the cache
