"""Releases as a distribution channel: versions, catalog files, download over HTTP, remote query, search."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from conftest import SEED_DIR, document_from_text, publish_batches, tables_for, tables_from
from RangeHTTPServer import RangeRequestHandler

from flows.language import restatements
from flows.release.catalog import publisher_text_columns
from flows.release.changes import bump, schema_changes
from flows.release.distribute import DownloadError, connect_remote, download_release, serve_releases
from flows.release.integrity import IntegrityError, parse_checksums
from flows.release.query import connect_release
from flows.release.search import open_search_index, search
from flows.stages.assemble import with_entities
from schemas import TABLES

BIN = Path(sys.executable).parent
PUBLIC_URL = "https://data.example.org/aic/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A release store with two releases: v1.0.0 (four seeds) and v1.1.0 (all five)."""
    output = tmp_path_factory.mktemp("store")
    four = tables_from(SEED_DIR)
    first_doc = four["documents"]["doc_id"][0].as_py()
    publish_batches(output, [{n: t.filter([d != first_doc for d in t["doc_id"].to_pylist()]) for n, t in four.items() if n != "entities"}])
    publish_batches(output, [tables_from(SEED_DIR)], public_url=PUBLIC_URL)
    return output


@pytest.fixture
def http(store: Path):
    """The store served on 127.0.0.1 by the project's own server (Range requests supported)."""
    server = serve_releases(store, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def serve_copy(source: Path, root: Path, handler=RangeRequestHandler):
    shutil.copytree(source, root)
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# Versions and catalog ---------------------------------------------------------------------------


def test_versions_pointers_and_changelogs(store: Path):
    catalog = json.loads((store / "releases.json").read_text())
    assert catalog["latest"] == "v1.1.0"
    assert [(r["version"], r["level"]) for r in catalog["releases"]] == [("v1.1.0", "minor"), ("v1.0.0", "initial")]
    changelog = (store / "releases" / "v1.1.0" / "CHANGELOG.md").read_text()
    assert "Compared with v1.0.0: minor release (documents were added or withdrawn)." in changelog
    added = tables_from(SEED_DIR)["documents"].to_pylist()[0]  # the document v1.0.0 left out
    assert f"## Documents added\n- `{added['doc_id']}` {added['title']} ({added['source_file']})" in changelog
    cumulative = (store / "CHANGELOG.md").read_text()
    assert cumulative.index("# v1.1.0") < cumulative.index("# v1.0.0")
    assert not any(p.is_symlink() for p in store.rglob("*"))


def test_a_cleaning_rule_that_changes_rows_makes_a_patch(tmp_path: Path, monkeypatch):
    publish_batches(tmp_path, [tables_from(SEED_DIR)])
    assert publish_batches(tmp_path, [tables_from(SEED_DIR)]).status == "unchanged"
    monkeypatch.setattr(restatements, "PARAPHRASE_SCORE", 0.6)  # a looser pull-quote rule drops more paragraphs
    outcome = publish_batches(tmp_path, [tables_from(SEED_DIR)])
    assert (outcome.status, outcome.version, outcome.level) == ("published", "v1.0.1", "patch")
    assert "## Documents changed" in (outcome.path / "CHANGELOG.md").read_text()


def test_schema_diff_decides_major_and_minor():
    old = {"documents": [["doc_id", "string"], ["title", "string"]]}
    assert schema_changes(old, old) == []
    assert schema_changes(old, {"documents": [["doc_id", "string"]]}) == [("major", "`documents.title` removed")]
    assert schema_changes(old, {"documents": [["doc_id", "string"], ["title", "large_string"]]})[0][0] == "major"
    added = schema_changes(old, {**old, "quotes": [["quote_id", "string"]]})
    assert added == [("minor", "table `quotes` added")]
    assert [bump((1, 2, 3), level) for level in ("major", "minor", "patch")] == [(2, 0, 0), (1, 3, 0), (1, 2, 4)]


def table_file(release: Path, name: str) -> Path:
    """The one file of a table in the seeds' releases (five pages: one partition)."""
    files = sorted((release / "data" / name).glob("*.parquet"))
    assert len(files) == 1
    return files[0]


def test_parquet_files_carry_their_table_and_licence_but_no_version(store: Path):
    """A file that did not change is shared by two releases, so it names no release (the manifest does)."""
    release = store / "releases" / "v1.1.0"
    con = connect_release(release)
    for name in TABLES:
        rows = con.execute("SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)", [str(table_file(release, name))]).fetchall()
        metadata = dict(rows)
        assert metadata["table"] == name and "dataset_version" not in metadata
        assert metadata["schema_version"] and "CC-BY-4.0" in metadata["license"]


def test_every_reader_takes_a_table_with_one_glob(store: Path):
    """DuckDB, polars and pandas read a table's folder with the pattern the card gives; the card's front matter
    (what Hugging Face datasets reads) names the same pattern, which matches exactly the manifest's files."""
    import duckdb
    import pandas as pd
    import polars as pl

    release = store / "releases" / "v1.1.0"
    manifest = json.loads((release / "manifest.json").read_text())
    front = yaml.safe_load((release / "README.md").read_text().split("---")[1])
    for config in front["configs"]:
        name, pattern = config["config_name"], config["data_files"][0]["path"]
        assert pattern == f"data/{name}/*.parquet" == manifest["tables"][name]["path"]
        assert sorted(p.relative_to(release).as_posix() for p in release.glob(pattern)) == [
            f["path"] for f in manifest["tables"][name]["files"]]
        rows = manifest["tables"][name]["rows"]
        assert duckdb.sql(f"SELECT count(*) FROM '{release / pattern}'").fetchone()[0] == rows
        assert pl.read_parquet(release / pattern).height == rows
        assert len(pd.read_parquet(release / "data" / name)) == rows


def test_checksums_frictionless_and_croissant_validate(store: Path):
    release = store / "releases" / "v1.1.0"
    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=release, check=True)
    frictionless = subprocess.run([str(BIN / "frictionless"), "validate", "datapackage.json"], cwd=release,
                                  capture_output=True, text=True)
    assert frictionless.returncode == 0, frictionless.stdout[-2000:]
    assert frictionless.stdout.count("VALID") == len(TABLES)
    croissant = subprocess.run([str(BIN / "mlcroissant"), "validate", "--jsonld", "croissant.json"], cwd=release,
                               capture_output=True, text=True)
    assert croissant.returncode == 0, croissant.stderr[-2000:]


def test_croissant_datapackage_and_card_state_the_same_licence_per_part(store: Path):
    release = store / "releases" / "v1.1.0"
    texts = ["documents.title", "documents.kicker", "documents.standfirst", "documents.text", "segments.text",
             "sentences.text", "mentions.text", "quotes.text", "removed.text"]
    assert sorted(publisher_text_columns()) == sorted(texts)  # the contracts mark the publishers' words

    croissant = json.loads((release / "croissant.json").read_text())
    assert croissant["license"] == [CC_BY, f"{PUBLIC_URL}releases/v1.1.0/LICENSE.md#texts"]
    assert croissant["url"] == f"{PUBLIC_URL}releases/v1.1.0/" and croissant["creator"]["name"]

    package = json.loads((release / "datapackage.json").read_text())
    assert [(lic["name"], lic["path"]) for lic in package["licenses"]] == [("CC-BY-4.0", CC_BY), ("publishers-terms", "LICENSE.md#texts")]
    assert "CC-BY" not in package["licenses"][1]["title"] and "publishers" in package["licenses"][1]["title"]
    per_table = {r["name"]: [lic["name"] for lic in r["licenses"]] for r in package["resources"]}
    assert per_table["documents"] == per_table["quotes"] == ["CC-BY-4.0", "publishers-terms"]
    assert per_table["entities"] == per_table["speakers"] == ["CC-BY-4.0"]  # annotations only

    card = (release / "README.md").read_text()
    front = yaml.safe_load(card.split("---")[1])
    assert (front["license"], front["license_link"]) == ("other", "LICENSE.md")
    licensing = card.split("## Licensing")[1].split("\n## ")[0]
    assert "(LICENSE.md#texts)" in licensing and f"[CC-BY-4.0]({CC_BY})" in licensing
    assert all(f"`{column}`" in licensing for column in texts)

    terms = (release / "LICENSE.md").read_text()
    assert '<a id="texts"></a>' in terms and '<a id="annotations"></a>' in terms and CC_BY in terms
    assert all(f"`{column}`" in terms.split('<a id="annotations">')[0] for column in texts)

    bibtex = card.split("```bibtex\n")[1].split("```")[0]
    for field in ("author = {{Afghan Interviews Corpus maintainers}}", "publisher = ", f"url = {{{PUBLIC_URL}releases/v1.1.0/}}"):
        assert field in bibtex and field in croissant["citeAs"]


def card_section(card: str, title: str) -> str:
    return card.split(f"\n## {title}\n")[1].split("\n## ")[0]


def markdown_rows(section: str) -> list[list[str]]:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in section.splitlines() if line.startswith("|")]
    return [r for r in rows if not all(set(c) <= {"-"} for c in r)][1:]  # without header and rule


def test_the_card_cannot_drift_from_the_contracts(store: Path):
    card = (store / "releases" / "v1.1.0" / "README.md").read_text()
    for name, contract in TABLES.items():
        section = card.split(f"\n### {name} (")[1].split("\n### ")[0].split("\n## ")[0]
        assert [r[0] for r in markdown_rows(section)] == [c.name for c in contract.columns]
        assert [r[1] for r in markdown_rows(section)] == [f"{c.type}{', nullable' if c.nullable else ''}" for c in contract.columns]
    enums = {r[0]: [v.strip("` ") for v in r[1].split(",")] for r in markdown_rows(card_section(card, "Allowed values"))}
    assert enums == {f"{n}.{c.name}": list(c.allowed) for n, t in TABLES.items() for c in t.columns if c.allowed}
    assert "reporting_clause" in enums["quotes.method"] and "pull_quote" in enums["removed.reason"]
    assert enums["quotes.kind"] == ["answer", "quotation", "term"]
    joins = markdown_rows(card_section(card, "How the tables join"))
    assert [tuple(r) for r in joins] == [(f"{n}.{fk.column}", f"{fk.parent_table}.{fk.parent_column}")
                                         for n, t in TABLES.items() for fk in t.foreign_keys]
    for title in ("Sample rows", "Reading the tables", "Personal information", "Source bias", "Maintenance"):
        assert card_section(card, title).strip()


def test_the_cards_example_queries_run_on_the_release(store: Path):
    release = store / "releases" / "v1.1.0"
    guide = card_section((release / "README.md").read_text(), "How the tables join")
    queries = [block.split("```")[0] for block in guide.split("```sql\n")[1:]]
    assert len(queries) >= 4
    con = connect_release(release)
    for sql in queries:
        assert con.sql(sql).fetchall(), sql  # every example returns rows
    assert all(ok for *_, ok in con.sql(queries[2]).fetchall())  # spans slice documents.text exactly


def test_hugging_face_datasets_reads_every_table_by_the_cards_front_matter(store: Path, tmp_path: Path):
    """`load_dataset(<release folder>, <table>)`, as a reader of the card does, offline (a child process: the
    library reads its settings when imported)."""
    release = store / "releases" / "v1.1.0"
    script = ("import sys; from datasets import load_dataset\n"
              "for name in sys.argv[2:]:\n"
              "    print(name, load_dataset(sys.argv[1], name, split='train').num_rows)")
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf"),
                   "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    read = subprocess.run([sys.executable, "-c", script, str(release), *TABLES], capture_output=True, text=True,
                          env=environment, timeout=300)
    assert read.returncode == 0, read.stderr[-2000:]
    manifest = json.loads((release / "manifest.json").read_text())
    assert read.stdout.split() == [word for name in TABLES for word in (name, str(manifest["tables"][name]["rows"]))]


def test_pandas_keeps_types_with_the_arrow_backend_the_card_names(store: Path):
    import pandas as pd

    release = store / "releases" / "v1.1.0"
    assert 'dtype_backend="pyarrow"' in card_section((release / "README.md").read_text(), "Reading the tables")
    segments = pd.read_parquet(release / "data" / "segments", dtype_backend="pyarrow")
    assert str(segments["turn"].dtype) == "int32[pyarrow]" and segments["turn"].isna().any()
    documents = pd.read_parquet(release / "data" / "documents", dtype_backend="pyarrow")
    assert str(documents["published_date"].dtype) == "date32[day][pyarrow]"


def test_dataset_card_front_matter(store: Path):
    card = (store / "releases" / "v1.1.0" / "README.md").read_text()
    front = yaml.safe_load(card.split("---")[1])
    assert [c["config_name"] for c in front["configs"]] == list(TABLES)
    assert front["configs"][0]["data_files"][0]["path"] == "data/documents/*.parquet"
    assert (front["license"], front["language"], front["pretty_name"]) == ("other", ["en"], "Afghan Interviews Corpus")
    for section in ("## Sources", "## Tables", "## Known limitations", "## Licensing", "## How to cite"):
        assert section in card
    assert "https://en.majalla.com/node/294001/" in card  # each document's source is recorded


# Download over HTTP ------------------------------------------------------------------------------


def test_download_verifies_every_file(http: str, store: Path, tmp_path: Path):
    downloaded = download_release(http, tmp_path / "mirror")
    folder = downloaded.folder
    assert folder == tmp_path / "mirror" / "releases" / "v1.1.0"
    source = store / "releases" / "v1.1.0"
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    assert sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()) == files
    assert len([f for f in files if f.parts[0] == "documents"]) == 5  # the document pages came too
    assert all((folder / f).read_bytes() == (source / f).read_bytes() for f in files)
    tables = len(list(source.glob("*.parquet")))  # each the same file as the table's one partition: fetched once
    assert (downloaded.fetched, downloaded.held) == (len(files) - 1 - tables, tables)
    assert all((folder / f"{name}.parquet").samefile(table_file(folder, name)) for name in TABLES)
    older = download_release(http, tmp_path / "mirror", "1.0.0")
    assert older.folder.name == "v1.0.0"
    old_sums, new_sums = (parse_checksums((f / "SHA256SUMS").read_text()) for f in (older.folder, folder))
    assert older.fetched == len(set(old_sums.values()) - set(new_sums.values()))  # each file it lacked, once
    assert older.fetched + older.held == len(old_sums)
    assert (older.folder / "data" / "entities" / "all.parquet").samefile(folder / "data" / "entities" / "all.parquet")
    assert aic("verify", str(older.folder)).returncode == 0


@pytest.mark.parametrize("version", ["../x", "v1.0.0/../../etc", "v9.9.9"])
def test_download_refuses_bad_versions(http: str, tmp_path: Path, version: str):
    with pytest.raises(DownloadError):
        download_release(http, tmp_path / "mirror", version)
    assert not (tmp_path / "x").exists() and not (tmp_path / "mirror" / "releases" / "v9.9.9").exists()


def test_a_single_flipped_byte_is_detected_and_deleted(store: Path, tmp_path: Path):
    server, url = serve_copy(store, tmp_path / "served")
    try:
        target = table_file(tmp_path / "served" / "releases" / "v1.1.0", "segments")
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0x01
        target.write_bytes(bytes(data))
        with pytest.raises(DownloadError, match=f"data/segments/{target.name}: sha256 does not match"):
            download_release(url, tmp_path / "mirror")
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(p.name for p in (tmp_path / "mirror" / "releases").iterdir()) == []  # no release, no temporary folder


def test_an_interrupted_transfer_resumes(store: Path, tmp_path: Path):
    requests: list[tuple[str, str | None]] = []

    class CutOnce(RangeRequestHandler):
        def do_GET(self):
            name = self.path.rsplit("/", 1)[-1]
            requests.append((name, self.headers.get("Range")))
            if "/data/documents/" in self.path and [n for n, _ in requests].count(name) == 1:  # only the first request
                data = Path(self.translate_path(self.path)).read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])  # the connection drops halfway
                self.close_connection = True
                return
            super().do_GET()

        def log_message(self, *args):
            return

    server, url = serve_copy(store, tmp_path / "served", CutOnce)
    try:
        folder = download_release(url, tmp_path / "mirror")
    finally:
        server.shutdown()
        server.server_close()
    documents = table_file(store / "releases" / "v1.1.0", "documents")
    assert (folder.folder / "data" / "documents" / documents.name).read_bytes() == documents.read_bytes()
    resumed = [r for name, r in requests if name == documents.name and r]
    assert resumed and resumed[0].startswith("bytes=") and resumed[0] != "bytes=0-"


@pytest.mark.parametrize("escaping", ["../../evil.sh", "documents/../../../evil.sh"])
def test_a_checksum_entry_pointing_outside_the_target_is_refused_by_download(store: Path, tmp_path: Path, escaping: str):
    server, url = serve_copy(store, tmp_path / "served")
    try:
        sums = tmp_path / "served" / "releases" / "v1.1.0" / "SHA256SUMS"
        sums.write_text(sums.read_text() + f"{'0' * 64}  {escaping}\n")
        with pytest.raises(DownloadError, match="only plain file names"):
            download_release(url, tmp_path / "mirror")
    finally:
        server.shutdown()
        server.server_close()
    assert not list(tmp_path.rglob("evil.sh"))
    assert not (tmp_path / "mirror" / "releases").exists() or list((tmp_path / "mirror" / "releases").iterdir()) == []


@pytest.mark.parametrize("entry", ["documents/../../evil.sh", "documents/../manifest.json", "/etc/passwd", "documents//x.html",
                                   "documents/sub/x.html", "other/x.html", "./documents/x.html", "documents/.hidden"])
def test_checksums_name_only_files_of_the_release_or_its_document_pages(entry: str):
    listing = f"{'1' * 64}  manifest.json\n{'2' * 64}  documents/0123456789abcdef.html\n"
    assert parse_checksums(listing) == {"manifest.json": "1" * 64, "documents/0123456789abcdef.html": "2" * 64}
    with pytest.raises(IntegrityError, match="only plain file names"):
        parse_checksums(listing + f"{'0' * 64}  {entry}\n")


# Integrity after download ------------------------------------------------------------------------


def aic(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "aic"), *args], capture_output=True, text=True, timeout=timeout)


def writable_copy(release: Path, target: Path) -> Path:
    shutil.copytree(release, target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def flip_byte(path: Path, position: int) -> None:
    data = bytearray(path.read_bytes())
    data[position] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["middle", "footer"])
def test_a_flipped_byte_in_a_local_release_is_refused_by_name(store: Path, tmp_path: Path, where: str):
    output = tmp_path / "store"
    release = writable_copy(store / "releases" / "v1.1.0", output / "releases" / "v1.1.0")
    sql = "SELECT count(*) FROM documents"
    assert aic("query", "--output", str(output), sql).returncode == 0  # verified, and remembered by size and mtime
    documents = table_file(release, "documents")
    flip_byte(documents, documents.stat().st_size // 2 if where == "middle" else documents.stat().st_size - 20)
    for command in (["query", "--output", str(output), sql], ["search", "--output", str(output), "Doha"],
                    ["query", "--release", str(release), sql]):
        refused = aic(*command)
        assert refused.returncode == 1 and refused.stdout == ""
        assert f"{documents} (sha256 differs)" in refused.stderr and "refusing to read it" in refused.stderr
    checked = aic("verify", "v1.1.0", "--output", str(output))
    assert checked.returncode == 1
    assert f"MISMATCH data/documents/{documents.name}" in checked.stdout
    assert f"ok       data/segments/{table_file(release, 'segments').name}" in checked.stdout
    files = len((release / "SHA256SUMS").read_text().splitlines())
    assert f"{files - 1} of {files} files match SHA256SUMS; 1 do not" in checked.stdout
    assert aic("verify", str(store / "releases" / "v1.1.0")).returncode == 0  # the original still verifies


def test_a_changed_document_page_is_found_by_verify_and_refused_by_query(store: Path, tmp_path: Path):
    release = writable_copy(store / "releases" / "v1.1.0", tmp_path / "releases" / "v1.1.0")
    page = sorted((release / "documents").iterdir())[0]
    flip_byte(page, page.stat().st_size // 2)
    checked = aic("verify", str(release))
    assert checked.returncode == 1 and f"MISMATCH documents/{page.name}" in checked.stdout
    pages = len(list((release / "documents").iterdir()))
    assert f"documents/ ({pages - 1} of {pages} pages)" in checked.stdout  # the pages that match: one line
    assert checked.stdout.count("ok       documents/") == 1
    refused = aic("query", "--release", str(release), "SELECT 1")
    assert refused.returncode == 1 and f"{page} (sha256 differs)" in refused.stderr


def test_a_remote_query_refuses_a_release_that_does_not_match_its_checksums(store: Path, tmp_path: Path):
    server, url = serve_copy(store, tmp_path / "served")
    try:
        release = tmp_path / "served" / "releases" / "v1.1.0"
        with table_file(release, "quotes").open("ab") as handle:
            handle.write(b"\0")
        with pytest.raises(DownloadError, match="data/quotes/.*parquet: .* bytes served, the manifest says"):
            connect_remote(url)
        (release / "views.sql").write_text("CREATE VIEW documents AS SELECT 'not the release' AS text;\n")
        with pytest.raises(DownloadError, match="views.sql: sha256 does not match SHA256SUMS"):
            connect_remote(url)
    finally:
        server.shutdown()
        server.server_close()


def test_an_interrupted_download_removes_its_temporary_folder(store: Path, tmp_path: Path):
    import signal
    import time

    class Stalls(RangeRequestHandler):
        """Sends half of documents.parquet, then hangs, as a dead connection does."""

        def do_GET(self):
            if "/data/documents/" in self.path:
                data = Path(self.translate_path(self.path)).read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                time.sleep(20)
                return
            super().do_GET()

        def log_message(self, *args):
            return

    server, url = serve_copy(store, tmp_path / "served", Stalls)
    mirror = tmp_path / "mirror"
    try:
        download = subprocess.Popen([str(BIN / "aic"), "download", url, "--into", str(mirror)],
                                    stderr=subprocess.PIPE, text=True)
        staging = mirror / "releases" / ".download-v1.1.0"
        deadline = time.monotonic() + 60
        partial = staging / "data" / "documents" / (table_file(store / "releases" / "v1.1.0", "documents").name + ".part")
        while not partial.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert partial.exists()
        download.send_signal(signal.SIGINT)  # Ctrl-C
        assert download.wait(timeout=30) == 130
        assert "partial download was removed" in download.stderr.read()
    finally:
        server.shutdown()
        server.server_close()
    assert list((mirror / "releases").iterdir()) == []


def test_export_writes_whole_tables_that_read_back_the_same(store: Path, tmp_path: Path):
    import csv

    import pyarrow.parquet as pq

    release = store / "releases" / "v1.1.0"
    assert aic("export", "--output", str(store), "--format", "csv", "--into", str(tmp_path / "csv")).returncode == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(f"{n}.csv" for n in TABLES)
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    documents = pq.read_table(table_file(release, "documents")).sort_by("doc_id").to_pylist()
    assert [r["text"] for r in rows] == [d["text"] for d in documents]  # newlines and quotes kept exactly
    assert [json.loads(r["interviewees"]) for r in rows] == [d["interviewees"] for d in documents]
    assert [r["published_date"] or None for r in rows] == [d["published_date"] and d["published_date"].isoformat() for d in documents]

    exported = aic("export", "--output", str(store), "--format", "jsonl", "--tables", "quotes", "--into", str(tmp_path / "j"))
    assert exported.returncode == 0 and [p.name for p in (tmp_path / "j").iterdir()] == ["quotes.jsonl"]
    quotes = [json.loads(line) for line in (tmp_path / "j" / "quotes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert quotes == pq.read_table(table_file(release, "quotes")).sort_by("quote_id").to_pylist()

    printed = aic("query", "--output", str(store), "--format", "csv", "SELECT doc_id, text FROM documents ORDER BY doc_id")
    assert [r["text"] for r in csv.DictReader(printed.stdout.splitlines(keepends=True))] == [d["text"] for d in documents]


# Remote query and search -------------------------------------------------------------------------


def test_remote_query_over_http_matches_local(http: str, store: Path):
    remote = connect_remote(http)
    local = connect_release(store / "releases" / "v1.1.0")
    sql = "SELECT count(*), sum(n_words) FROM documents JOIN segments USING (doc_id) WHERE kind = 'answer'"
    assert remote.sql(sql).fetchall() == local.sql(sql).fetchall()


def test_cli_serves_and_queries_remotely(store: Path):
    server = subprocess.Popen([str(BIN / "aic"), "serve-releases", "--output", str(store), "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split(" on ")[1].split(" ")[0]
        result = subprocess.run([str(BIN / "aic"), "query", "--remote", url, "SELECT count(*) AS n FROM quotes"],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        local = connect_release(store / "releases" / "v1.1.0").sql("SELECT count(*) FROM quotes").fetchone()[0]
        assert result.stdout.splitlines()[2].split("|")[1].strip() == str(local) == "137"  # answers, quotations and terms
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_search_ranks_massouds_doha_answers_first(store: Path):
    con = connect_release(store / "releases" / "v1.1.0")
    hits = search(con, "Doha", limit=5)
    assert [(h.kind, h.speaker) for h in hits[:2]] == [("answer", "Ahmad Massoud")] * 2
    assert all("Doha" in h.text and "Doha" in h.snippet("Doha") for h in hits)
    dated = search(connect_release(store / "releases" / "v1.1.0"), "Doha", speaker="massoud", since=__import__("datetime").date(2022, 1, 1))
    assert [(h.kind, h.outlet) for h in dated] == [("quote", "Breitbart")]


def test_search_hits_lead_back_to_their_rows_and_never_date_by_the_interview(store: Path):
    con = connect_release(store / "releases" / "v1.1.0")
    interview_only = con.sql("SELECT doc_id, interview_date FROM documents "
                             "WHERE published_date IS NULL AND interview_date IS NOT NULL").fetchall()
    assert interview_only  # the seeds have a page dated only by its interview
    [(undated_doc, interviewed)] = interview_only
    hits = search(con, "Massoud Taliban", limit=200)
    assert {h.doc_id for h in hits} >= {undated_doc}
    for hit in hits:
        table, key = ("quotes", "quote_id") if hit.kind in ("answer", "quote") else ("sentences", "sentence_id")
        row = con.execute(f"SELECT text, segment_id, doc_id FROM {table} WHERE {key} = ?", [hit.passage_id]).fetchone()
        assert row == (hit.text, hit.segment_id, hit.doc_id)  # the whole passage, found again by its id
        published = con.execute("SELECT published_date FROM documents WHERE doc_id = ?", [hit.doc_id]).fetchone()[0]
        assert hit.published_date == published
    assert all(h.published_date is None for h in hits if h.doc_id == undated_doc)
    assert undated_doc not in {h.doc_id for h in search(con, "Massoud Taliban", since=interviewed, limit=200)}


def _invented_release(tmp_path: Path, *pages: str):
    publish_batches(tmp_path, [with_entities(tables_for([document_from_text(p, f"{n:03}.txt") for n, p in enumerate(pages)]))])
    return connect_release(tmp_path / "releases" / "v1.0.0")


SEARCH_PAGES = (
    "Title: Invented report on the valley\n\n"
    "Ahmad Massoud said the ISI had backed the Taliban in the valley for years.\n\n"
    "Fighters of ISIS attacked the airport on Monday, the ministry said in a statement.\n\n"
    "The isis flower grows in the valley, locals said on Tuesday morning.\n\n"
    "The women’s council met the governor's staff, who promised negotiations on the roads.\n\n"
    "The women's council of the north asked for schools to open again before the winter.\n\n"
    "The National Resistance Front says the passes are open; the front of the valley is calm.\n",
    "Titel: Ein erfundener Bericht aus dem Tal\n\n"
    "Die Verhandlungen über die Straßen in das Tal sollen nach Angaben der Regierung im Frühjahr beginnen.\n\n"
    "Der Gouverneur sagte, die Schulen würden wieder öffnen, sobald die Straßen frei seien und es wärmer werde.\n",
)


def test_an_acronym_matches_only_itself_when_the_case_is_asked_to_match(tmp_path: Path):
    con = _invented_release(tmp_path, *SEARCH_PAGES)
    assert [h.text for h in search(con, "ISI", match_case=True)] == [
        "Ahmad Massoud said the ISI had backed the Taliban in the valley for years."]
    assert len(search(con, "ISI")) == 3  # without it, case is folded and the word stemmed: every form


def test_search_folds_case_apostrophes_and_possessives(tmp_path: Path):
    con = _invented_release(tmp_path, *SEARCH_PAGES)
    council = {"The women’s council met the governor's staff, who promised negotiations on the roads.",
               "The women's council of the north asked for schools to open again before the winter."}
    for query in ("women", "WOMEN", "women's", "women’s", "Women’s council"):
        assert {h.text for h in search(con, query)} == council, query
    assert len(search(con, "governor")) == 1  # "governor's", and the German 'Gouverneur' is another word
    assert len(search(con, "massoud")) == 1


def test_search_stems_each_passage_in_its_own_language(tmp_path: Path):
    con = _invented_release(tmp_path, *SEARCH_PAGES)
    assert [h.doc_id for h in search(con, "Verhandlung")] == [h.doc_id for h in search(con, "Verhandlungen")] != []
    assert len(search(con, "negotiation")) == 1  # English 'negotiations', stemmed by the English stemmer
    assert len(search(con, "Straße")) == len(search(con, "STRASSEN")) == 2  # the German stemmer reads ß as ss


def test_search_takes_or_and_quoted_phrases(tmp_path: Path):
    con = _invented_release(tmp_path, *SEARCH_PAGES)
    assert len(search(con, "airport")) == 1 and len(search(con, "flower")) == 1
    assert len(search(con, "airport OR flower")) == 2
    assert search(con, "airport flower") == []  # every word must be there
    assert len(search(con, '"resistance front"')) == 1
    assert search(con, '"front resistance"') == []  # a phrase keeps its order
    assert len(search(con, '"national resistance front" OR airport')) == 2
    assert search(con, '"fronts"') == []  # a phrase is not stemmed; the word is
    assert len(search(con, "fronts")) == 1


def test_cli_search_prints_ids_and_whole_passages_on_request(store: Path):
    whole = aic("search", "--output", str(store), "Doha", "--limit", "3", "--max-width", "0")
    assert whole.returncode == 0
    header = [c.strip() for c in whole.stdout.splitlines()[0].strip("|").split("|")]
    assert header == ["score", "kind", "id", "segment_id", "doc_id", "speaker", "outlet", "published_date", "text"]
    con = connect_release(store / "releases" / "v1.1.0")
    for line in whole.stdout.splitlines()[2:-1]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        text = con.execute("SELECT text FROM quotes WHERE quote_id = ? UNION ALL SELECT text FROM sentences "
                           "WHERE sentence_id = ?", [cells[2], cells[2]]).fetchone()[0]
        assert cells[8] == text.replace("\n", "⏎") and len(text) > 0
    short = aic("search", "--output", str(store), "Doha", "--limit", "3")
    assert all(len(line) < len(long) for line, long in zip(short.stdout.splitlines()[2:-1], whole.stdout.splitlines()[2:-1], strict=True))


def test_a_stored_search_index_gives_the_same_hits_and_is_built_once(store: Path, tmp_path: Path):
    release = store / "releases" / "v1.1.0"
    in_memory = search(connect_release(release), "Doha", limit=5)
    stored = search(open_search_index(release, tmp_path), "Doha", limit=5)
    assert stored == in_memory and stored
    [index] = tmp_path.glob("search-v1.1.0-*.duckdb")
    built = index.stat().st_ino
    assert search(open_search_index(release, tmp_path), "Doha", limit=5) == in_memory
    assert index.stat().st_ino == built  # reused, not rebuilt (a rebuild renames a new file into place)
    other = search(open_search_index(store / "releases" / "v1.0.0", tmp_path), "Doha", limit=5)
    assert len(list(tmp_path.glob("search-*.duckdb"))) == 2 and other  # one index per release


def test_a_stored_search_index_answers_every_rule_as_the_index_built_in_memory(store: Path, tmp_path: Path):
    release = store / "releases" / "v1.1.0"
    stored, in_memory = open_search_index(release, tmp_path), connect_release(release)
    for text, options in [("Taliban Massoud", {}), ("Doha OR Qatar", {}), ('"national resistance front"', {}),
                          ('"peace talks" OR negotiations', {}), ("Pakistan women rights", {}), ("ISI", {"match_case": True}),
                          ("Taliban", {"speaker": "massoud"}), ("Taliban", {"since": dt.date(2022, 1, 1)})]:
        hits = search(stored, text, limit=50, **options)
        assert hits == search(in_memory, text, limit=50, **options) and hits, (text, options)


def test_search_ranks_identical_passages_as_ties_by_passage_id(tmp_path: Path):
    sentence = "Ahmad Massoud said the resistance would hold the Panjshir valley through the winter."
    con = _invented_release(tmp_path, *(f"Title: Report {n} on the valley\n\n{sentence}\n" for n in range(6)))
    for query in ("Panjshir", "Massoud resistance Panjshir valley winter"):  # one term; five, summed in a fixed order
        hits = search(con, query, limit=50)
        assert len(hits) == 6 and {(h.text, h.score) for h in hits} == {(sentence, hits[0].score)}, query
        assert [h.passage_id for h in hits] == sorted(h.passage_id for h in hits), query


def test_search_text_is_a_parameter_not_sql(store: Path):
    con = connect_release(store / "releases" / "v1.1.0")
    assert search(con, "'); DROP TABLE passages; --") == []
    assert con.sql("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_the_store_answers_suffix_ranges_and_serves_releases_only(store: Path, http: str):
    (store / ".cache").mkdir(exist_ok=True)
    (store / ".cache" / "secret.txt").write_text("build cache")
    (store / "bench-1000.json").write_text("{}")
    parquet = table_file(store / "releases" / "v1.1.0", "speakers")
    request = urllib.request.Request(http + f"releases/v1.1.0/data/speakers/{parquet.name}", headers={"Range": "bytes=-8"})
    with urllib.request.urlopen(request) as response:  # how polars and object stores read a Parquet footer
        size = parquet.stat().st_size
        assert response.status == 206 and response.headers["Content-Range"] == f"bytes {size - 8}-{size - 1}/{size}"
        assert response.read() == parquet.read_bytes()[-8:]
    listing = urllib.request.urlopen(http).read().decode()
    assert "releases/" in listing and "latest.json" in listing
    assert ".cache" not in listing and ".lock" not in listing and "bench-1000.json" not in listing
    for hidden in (".cache/secret.txt", "bench-1000.json", "releases/.download-v9.9.9/x"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(http + hidden)
        assert refused.value.code == 404


def test_polars_reads_a_served_release_over_http(store: Path, http: str):
    import polars as pl

    local_file = table_file(store / "releases" / "v1.1.0", "speakers")
    speakers = pl.read_parquet(http + f"releases/v1.1.0/data/speakers/{local_file.name}")  # footer first, by a suffix range
    local = pl.read_parquet(local_file)
    assert speakers.height > 0 and speakers.equals(local)


# The release page ---------------------------------------------------------------------------------


def test_the_release_page_renders_its_charts_in_a_real_browser_and_its_links_resolve(store: Path, http: str, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    from flows.release.page import CHARTS

    url = http + "releases/v1.1.0/"  # served at the release's own URL
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: requested.append(request.url))
        assert page.goto(url).status == 200
        page.screenshot(path=str(tmp_path / "release-page.png"), full_page=True)
        assert page.title() == "Afghan Interviews Corpus v1.1.0"
        figures = page.locator("figure")
        assert figures.count() == len(CHARTS)
        for index in range(figures.count()):
            svg = figures.nth(index).locator("svg")
            box = svg.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 50  # drawn, not an empty element
            assert svg.locator("g[id^='patch_']").count() >= 2  # the axes' background and at least one bar
        assert page.get_by_text("Most quoted speakers").is_visible()
        assert page.locator("figure", has_text="Most quoted speakers").locator("text", has_text="Ahmad Massoud").count() == 1
        links = page.eval_on_selector_all("a[href]", "elements => elements.map(e => e.href)")
        assert page.locator("[src], link[rel=stylesheet], script").count() == 0  # self-contained
        browser.close()
    assert requested == [url]  # nothing else fetched to show the page
    files = {link.removeprefix(url) for link in links if "#" not in link and "/" not in link.removeprefix(url)}
    assert files >= {"README.md", "SHA256SUMS", "views.sql", "LICENSE.md", "manifest.json"}
    assert {f"{url}data/{name}/" for name in TABLES} <= set(links)  # each table's folder
    for link in links:
        assert link.startswith(url)
        with urllib.request.urlopen(link) as response:
            assert response.status == 200
    sums = dict(line.split("  ")[::-1] for line in (store / "releases" / "v1.1.0" / "SHA256SUMS").read_text().splitlines())
    page_text = (store / "releases" / "v1.1.0" / "index.html").read_text()
    assert all(sums[name] in page_text for name in files if name != "SHA256SUMS")  # each file's sha256 is shown
    assert "5 pages, one per document" in page_text  # the document pages summed up in one row


def test_the_release_page_lists_every_document_and_sorts_them_by_link(store: Path, http: str):
    from playwright.sync_api import sync_playwright

    url = http + "releases/v1.1.0/"
    documents = connect_release(store / "releases" / "v1.1.0").sql(
        "SELECT doc_id, coalesce(title, source_file), outlet FROM documents").fetchall()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        assert page.goto(url).status == 200
        table = page.locator(".documents table")
        links = table.locator("tbody a").evaluate_all("elements => elements.map(e => e.getAttribute('href'))")
        assert sorted(links) == sorted(f"documents/{doc_id}.html" for doc_id, _, _ in documents)

        def shown(column: int) -> list[str]:
            """The column's cells from the top of the table down, as the reader sees them."""
            rows = table.locator("tbody tr")
            cells = [(rows.nth(i).bounding_box()["y"], rows.nth(i).locator("td").nth(column).inner_text())
                     for i in range(rows.count())]
            return [text for _, text in sorted(cells)]

        table.locator("th a", has_text="title").click()
        assert shown(0) == sorted((heading for _, heading, _ in documents), key=str.lower)
        table.locator("th a", has_text="outlet").click()
        assert shown(1) == sorted((outlet or "" for _, _, outlet in documents), key=lambda o: (o == "", o.lower()))
        table.locator("th a", has_text="date").click()
        dates = shown(2)
        assert dates == sorted(d for d in dates if d) + [d for d in dates if not d]  # by date, undated last
        browser.close()
    for link in links:
        with urllib.request.urlopen(url + link) as response:
            assert response.status == 200


def test_spans_that_cross_are_cut_so_tags_nest_and_the_text_stays_exact():
    import html
    import random
    import re

    from flows.release.document_pages import _marked, _Span

    tags = {"q": ("<q>", "</q>"), "a": ('<a href="#e">', "</a>"), "s": ('<span class="term">', "</span>")}
    generator = random.Random(23)
    for _ in range(2000):
        text = "".join(generator.choice("ab <&\"") for _ in range(generator.randint(1, 12)))
        offset = generator.randint(0, 9)
        spans = []
        for _ in range(generator.randint(0, 5)):
            start = generator.randint(0, len(text) - 1)
            spans.append(_Span(offset + start, offset + generator.randint(start + 1, len(text)), *tags[generator.choice("qas")]))
        marked = _marked(text, offset, spans)
        open_tags: list[str] = []
        for closing, name in re.findall(r"<(/?)(q|a|span)\b[^>]*>", marked):
            if closing:
                assert open_tags.pop() == name, marked  # every tag closes the innermost one open
            else:
                assert not (name == "a" and "a" in open_tags), marked  # no link inside a link
                open_tags.append(name)
        assert open_tags == []
        assert html.unescape(re.sub(r"<[^>]*>", "", marked)) == text  # the text, exactly, between the tags


SEED_000 = "d62d198d49807981"
"""doc_id of raw/000_3131ce3db25c692d.txt: John Berkeley's interview of Ahmad Massoud for Al Majalla."""


def test_every_document_page_renders_in_a_real_browser_with_its_turns_quotes_mentions_and_removals(
        store: Path, http: str, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    release = store / "releases" / "v1.1.0"
    con = connect_release(release)
    headings = dict(con.sql("SELECT doc_id, coalesce(title, source_file) FROM documents").fetchall())
    segments = con.sql("SELECT doc_id, segment_id, text FROM segments ORDER BY doc_id, ordinal").fetchall()
    url = http + "releases/v1.1.0/"
    requested: list[str] = []
    links: set[str] = set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.on("request", lambda request: requested.append(request.url))
        for doc_id, heading in sorted(headings.items()):
            assert page.goto(f"{url}documents/{doc_id}.html").status == 200
            assert page.title() == f"{heading} · Afghan Interviews Corpus"  # the version is on index.html
            assert page.locator("[src], link[rel=stylesheet], script").count() == 0  # self-contained
            shown = page.locator("main .seg").evaluate_all(
                "elements => elements.map(e => [e.id, e.querySelector('.text').textContent])")
            assert shown == [[s, text] for d, s, text in segments if d == doc_id]  # every segment, in order, its exact text
            for href in page.eval_on_selector_all("a[href]", "elements => elements.map(e => e.href)"):
                target, _, anchor = href.partition("#")
                if target == page.url.partition("#")[0]:
                    assert page.locator(f"[id='{anchor}']").count() == 1, href  # an anchor of this page
                else:
                    links.add(href)
            if doc_id == SEED_000:
                page.screenshot(path=str(tmp_path / "doc-page.png"))
                assert page.locator(".turn.question").count() == 18 and page.locator(".turn.answer").count() == 88
                questions = page.locator(".turn.question .who").all_inner_texts()  # turn 12 asks in two paragraphs
                assert [who.split(" · ")[:4] for who in questions] == [
                    ["question", "John Berkeley", "interviewer", f"turn {turn}"] for turn in range(1, 18)]
                assert page.locator(".turn.question.continued").count() == 1
                answers = page.locator(".turn.answer .who").all_inner_texts()  # once per turn, not per paragraph
                assert {tuple(who.split(" · ")[:3]) for who in answers} == {("answer", "Ahmad Massoud", "interviewee")}
                assert len(answers) + page.locator(".turn.answer.continued").count() == 88
                assert page.locator("q.answer[title^='answer by Ahmad Massoud']").count() == 88
                mention = page.locator("main a[href='#entity-ahmad-massoud']").first
                assert mention.inner_text() == "Ahmad Massoud"
                assert "Ahmad Massoud" in page.locator("#entity-ahmad-massoud").inner_text()
                removed = page.locator(".removed", has_text="https://en.majalla.com/node/294001/")
                assert removed.locator("del").count() == 1
                assert removed.locator(".why").inner_text() == "removed: url · rule header.glued_url · moved to url · raw line 1"
                assert page.locator(".removed del").count() == 20
            if doc_id == "239a35db1f5d0b99":  # Independent Persian: quotations in the narration
                quotation = page.locator("q.quotation", has_text="With the experience of the past year")
                assert quotation.get_attribute("title") == "quotation by Ahmad Massoud (colon_intro)"
        browser.close()
    assert requested == [f"{url}documents/{doc_id}.html" for doc_id in sorted(headings)]  # nothing else fetched
    assert links == {url + "index.html", url + "index.html#documents"}
    index = (release / "index.html").read_text()
    assert 'id="documents"' in index
    for link in links:
        with urllib.request.urlopen(link) as response:
            assert response.status == 200


def test_the_page_of_a_document_that_did_not_change_is_one_file_shared_by_both_releases(store: Path):
    """v1.1.0 adds a fifth seed: the four pages of v1.0.0's documents are hard links to v1.0.0's files (one copy
    on disk), the new document's page is a file of its own, and SHA256SUMS lists every page in both releases."""
    old, new = (store / "releases" / version / "documents" for version in ("v1.0.0", "v1.1.0"))
    shared = {p.name for p in new.iterdir() if (old / p.name).exists() and (old / p.name).stat().st_ino == p.stat().st_ino}
    assert shared == {p.name for p in old.iterdir()} and len(list(new.iterdir())) == len(shared) + 1
    for page in new.iterdir():
        assert page.stat().st_nlink == (2 if page.name in shared else 1)
        assert f"documents/{page.name}" in (store / "releases" / "v1.1.0" / "SHA256SUMS").read_text()
