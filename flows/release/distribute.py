"""Releases over HTTP: serve the release store, download and verify a release, query one remotely.

- `serve_releases`: the store as static files with Range support (rangehttpserver), so DuckDB
  fetches a Parquet footer and the row groups it needs, not whole files.
- `download_release`: fetches every file listed in SHA256SUMS that the target store does not already
  hold (a file of another release there with the same sha256 is hard-linked: a new release
  shares most of its partition files with the previous one) into a hidden folder, resuming
  a cut transfer with a Range request, checks each file against SHA256SUMS and the manifest,
  deletes any file that does not match and says which, and moves the folder into place only
  when everything verifies; a failed or interrupted download removes its hidden folder.
  Version and file names are checked (a file of the folder, a page of its documents/ or a file of
  a table under data/), so
  nothing is written outside the target folder.
- `connect_remote`: DuckDB with httpfs (loaded from the duckdb-extension-httpfs wheel: this
  machine cannot reach DuckDB's extension server) and the release's own views.sql over its URL,
  once the manifest, views.sql and the tables' sizes match the release's checksums.
"""

from __future__ import annotations

import functools
import hashlib
import html
import http.client
import importlib.util
import io
import json
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import duckdb
from RangeHTTPServer import RangeRequestHandler

from flows.release.integrity import CHECKSUMS, IntegrityError, check_release, parse_checksums
from flows.release.store import (
    RELEASE_DIR_VARIABLE,
    parse_version,
    published_versions,
    releases_dir,
    table_files,
    version_name,
)
from flows.stages.ingest import sha256_file

DOWNLOAD_ATTEMPTS = 4
CHUNK = 1 << 16
TIMEOUT_SECONDS = 30


class DownloadError(RuntimeError):
    """A release could not be downloaded and verified; nothing was moved into place."""


def serve_releases(output_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for the release store (call serve_forever, or shutdown)."""
    handler = functools.partial(_QuietRangeHandler, directory=str(output_dir.resolve()))
    return ThreadingHTTPServer((host, port), handler)


STORE_ENTRIES = ("releases", "releases.json", "latest.json", "CHANGELOG.md")
"""What a release store serves at its top: the releases and the pointers to them (not the build cache,
the lock file or anything else a build leaves in the output folder)."""
_SUFFIX_RANGE = re.compile(r"bytes=-(\d+)$")


class _QuietRangeHandler(RangeRequestHandler):
    """Range-capable static files of the release store, without a log line per request.

    Suffix ranges (`Range: bytes=-8`, the last 8 bytes: how polars and object-store clients read a
    Parquet footer) are answered as the equivalent absolute range; rangehttpserver knows only those.
    """

    def log_message(self, *args) -> None:
        return

    def send_head(self):
        parts = [p for p in urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).split("/") if p]
        if parts and (parts[0] not in STORE_ENTRIES or any(p.startswith(".") for p in parts)):
            self.send_error(404, "File not found")
            return None
        suffix = _SUFFIX_RANGE.match(self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if suffix and path.is_file():
            size = path.stat().st_size
            del self.headers["Range"]
            self.headers["Range"] = f"bytes={max(0, size - int(suffix.group(1)))}-"
        return super().send_head()

    def list_directory(self, path):
        """The folder's entries a store serves (hidden ones and, at the top, anything but STORE_ENTRIES left out)."""
        top = Path(path).resolve() == Path(self.directory).resolve()
        names = sorted(n for n in os.listdir(path) if not n.startswith(".") and (not top or n in STORE_ENTRIES))
        links = "".join(f'<li><a href="{urllib.parse.quote(n)}{"/" if Path(path, n).is_dir() else ""}">'
                        f"{html.escape(n)}</a></li>" for n in names)
        body = f"<!DOCTYPE html><html><body><ul>{links}</ul></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def resolve_version(url: str, version: str | None) -> str:
    """The version to fetch: the one asked for (checked against releases.json) or the latest."""
    catalog = json.loads(_get(base_url(url) + "releases.json"))
    known = [r["version"] for r in catalog["releases"]]
    wanted = catalog["latest"] if version is None else (version if version.startswith("v") else f"v{version}")
    if parse_version(wanted) is None:
        raise DownloadError(f"not a release version: {wanted!r} (expected e.g. v1.2.0)")
    if wanted not in known:
        raise DownloadError(f"release {wanted} is not listed in {base_url(url)}releases.json (known: {', '.join(known)})")
    return wanted


@dataclass(frozen=True)
class Downloaded:
    folder: Path
    fetched: int  # files fetched over HTTP
    held: int  # files the store already held (hard-linked from another release)
    fetched_bytes: int


def download_release(url: str, target_dir: Path, version: str | None = None) -> Downloaded:
    """Download and verify a release into target_dir/releases/<version>/, fetching only the files the store does not
    hold already."""
    version = resolve_version(url, version)
    release_url = f"{base_url(url)}releases/{version}/"
    final = releases_dir(target_dir) / version
    if final.is_dir():
        _verify_folder(final)
        return Downloaded(final, 0, 0, 0)
    held = held_files(target_dir)
    staging = releases_dir(target_dir) / f".download-{version}"
    staging.mkdir(parents=True, exist_ok=True)
    fetched = linked = fetched_bytes = 0
    try:
        checksums = _get(release_url + "SHA256SUMS")
        expected = _parse_checksums(checksums.decode("utf-8"))
        for name, sha in expected.items():
            if _link_held(held.get(sha), staging / name, sha):
                linked += 1
                continue
            _fetch(release_url, name, staging / name, sha)
            fetched, fetched_bytes = fetched + 1, fetched_bytes + (staging / name).stat().st_size
            held[sha] = staging / name  # a table of one file is listed twice: data/<table>/<part> and <table>.parquet
        (staging / "SHA256SUMS").write_bytes(checksums)
        _check_manifest(json.loads((staging / "manifest.json").read_text(encoding="utf-8")), expected)
        staging.rename(final)
    except BaseException:  # failed or interrupted (Ctrl-C): no half-downloaded folder is left behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Downloaded(final, fetched, linked, fetched_bytes)


def held_files(store: Path) -> dict[str, Path]:
    """sha256 -> a file of a release the store already has (as its SHA256SUMS lists it)."""
    held: dict[str, Path] = {}
    for version in published_versions(store):
        folder = releases_dir(store) / version_name(version)
        try:
            listed = parse_checksums((folder / CHECKSUMS).read_text(encoding="utf-8"))
        except (OSError, IntegrityError):
            continue
        for name, sha in listed.items():
            held.setdefault(sha, folder / name)
    return held


def _link_held(source: Path | None, target: Path, expected_sha: str) -> bool:
    """Hard-link (or copy, across file systems) a file the store holds, if its bytes still have the expected sha256."""
    if source is None or not source.is_file() or sha256_file(source) != expected_sha:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    return True


def _check_manifest(manifest: dict, expected: dict[str, str]) -> None:
    for table, entry in manifest["tables"].items():
        for file in table_files(entry):
            if expected.get(file["path"]) != file["sha256"]:
                raise DownloadError(f"{file['path']}: the manifest and SHA256SUMS disagree for table {table}")


def _parse_checksums(text: str) -> dict[str, str]:
    try:
        return parse_checksums(text)
    except IntegrityError as error:
        raise DownloadError(str(error)) from error


def _fetch(release_url: str, name: str, target: Path, expected_sha: str) -> None:
    """Download the release's file `name` to target, resuming cut transfers; kept only if its sha256 matches."""
    url = release_url + name
    if target.exists() and sha256_file(target) == expected_sha:
        return
    target.parent.mkdir(parents=True, exist_ok=True)  # documents/ or data/<table>/ of the release
    partial = target.with_name(target.name + ".part")
    restarted = False
    for _ in range(DOWNLOAD_ATTEMPTS):
        offset = partial.stat().st_size if partial.exists() else 0
        request = urllib.request.Request(url, headers={"Range": f"bytes={offset}-"} if offset else {})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                mode = "ab" if offset and response.status == 206 else "wb"
                announced, received = int(response.headers.get("Content-Length", -1)), 0
                with partial.open(mode) as handle:
                    while block := response.read(CHUNK):
                        handle.write(block)
                        received += len(block)
            if received < announced:  # http.client does not raise when the connection drops early
                continue
        except urllib.error.HTTPError as error:
            if error.code != 416:  # 416: the partial file is already complete
                partial.unlink(missing_ok=True)
                raise DownloadError(f"{name}: HTTP {error.code} from {url}") from error
        except (http.client.IncompleteRead, ConnectionError, TimeoutError, urllib.error.URLError):
            continue  # the transfer was cut: resume from what arrived
        if sha256_file(partial) == expected_sha:
            partial.rename(target)
            return
        partial.unlink()
        if restarted:
            raise DownloadError(f"{name}: sha256 does not match SHA256SUMS (file tampered or corrupted); deleted")
        restarted = True  # a resumed file may have been spliced wrongly: one clean restart
    partial.unlink(missing_ok=True)
    raise DownloadError(f"{name}: transfer from {url} kept failing after {DOWNLOAD_ATTEMPTS} attempts; deleted")


def _verify_folder(folder: Path) -> None:
    bad = [c.name for c in check_release(folder, use_cache=False) if c.status != "ok"]
    if bad:
        raise DownloadError(f"{folder} exists but does not verify: {', '.join(bad)}")


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            return response.read()
    except urllib.error.URLError as error:
        raise DownloadError(f"cannot fetch {url}: {error}") from error


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """LOAD a DuckDB extension from its PyPI wheel (duckdb-extension-<name>), by path."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    path = None if spec is None or spec.origin is None else (
        Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    )
    if path is None or not path.exists():
        raise RuntimeError(f"the {name} extension for DuckDB {duckdb.__version__} is missing: "
                           f"pip install duckdb-extension-{name}=={duckdb.__version__}")
    con.execute(f"LOAD '{path}'")


def connect_remote(url: str, version: str | None = None) -> duckdb.DuckDBPyConnection:
    """DuckDB with views over a release served by HTTP (only the bytes a query needs are fetched).

    What can be checked without fetching whole files is: the manifest and views.sql match
    SHA256SUMS, and every table has the size the manifest gives. A byte changed inside a table
    without changing its size is caught only by `aic download`, which hashes every file.
    """
    version = resolve_version(url, version)
    release_url = f"{base_url(url)}releases/{version}/"
    expected = _parse_checksums(_get(release_url + "SHA256SUMS").decode("utf-8"))
    fetched = {name: _get(release_url + name) for name in ("manifest.json", "views.sql")}
    for name, body in fetched.items():
        if hashlib.sha256(body).hexdigest() != expected.get(name):
            raise DownloadError(f"{release_url}{name}: sha256 does not match SHA256SUMS; refusing to query this release")
    manifest = json.loads(fetched["manifest.json"])
    _check_manifest(manifest, expected)
    for entry in (file for table in manifest["tables"].values() for file in table_files(table)):
        size = _remote_size(release_url + entry["path"])
        if size != entry["bytes"]:
            raise DownloadError(f"{release_url}{entry['path']}: {size} bytes served, the manifest says {entry['bytes']}; "
                                "refusing to query this release")
    con = duckdb.connect()
    load_extension(con, "httpfs")
    con.execute(f"SET VARIABLE {RELEASE_DIR_VARIABLE} = ?", [release_url])
    con.execute(fetched["views.sql"].decode("utf-8"))
    return con


def _remote_size(url: str) -> int | None:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
    except urllib.error.URLError as error:
        raise DownloadError(f"cannot reach {url}: {error}") from error
    return int(length) if length is not None else None
