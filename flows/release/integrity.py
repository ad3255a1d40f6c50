"""Is this release the one that was published? Checksums checked before anything reads it.

A release folder lists the sha256 of every file in SHA256SUMS, and the manifest repeats those of
the tables' files. An entry names a file of the folder, a page of its documents/ ('documents/<doc_id>.html')
or a file of a table ('data/<table>/<part>.parquet'); anything else (a '..', an absolute path, another
folder) is refused,
so no listing can make a reader or a download touch a file outside the release. Local reads
(`aic query`, `aic search`) verify each file first and refuse a release whose bytes differ,
naming the file: a flipped byte would otherwise come back as altered text, or as an obscure
Parquet error. Hashing a large release takes seconds, so a file's digest is remembered against
its size and modification time (in the user's cache folder) and recomputed only when either
changes; `aic verify` always rehashes.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from flows.release.store import DOCUMENT_PAGES, TABLES_DIR, table_files
from flows.stages.ingest import sha256_file

CHECKSUMS = "SHA256SUMS"
_FILE_NAME = re.compile(rf"(?:{DOCUMENT_PAGES}/|{TABLES_DIR}/[a-z_]+/)?[A-Za-z0-9][A-Za-z0-9_.-]*")


class IntegrityError(ValueError):
    """A release's files do not match its checksums (or the checksums themselves are unusable)."""


def parse_checksums(text: str) -> dict[str, str]:
    """File name -> sha256 from a SHA256SUMS text; only plain file names of the folder or of its documents/."""
    expected = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        sha, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", sha) or not _FILE_NAME.fullmatch(name) or ".." in name:
            raise IntegrityError(f"{CHECKSUMS}: refusing entry {line!r} (only plain file names are allowed, "
                                 f"in the folder, in {DOCUMENT_PAGES}/ or in {TABLES_DIR}/<table>/)")
        expected[name] = sha
    if "manifest.json" not in expected:
        raise IntegrityError(f"{CHECKSUMS} does not list manifest.json")
    return expected


@dataclass(frozen=True)
class FileCheck:
    name: str
    status: str  # "ok", "mismatch" or "missing"


def check_release(folder: Path, use_cache: bool = True) -> list[FileCheck]:
    """Every file SHA256SUMS lists, checked; the manifest's table digests must agree with SHA256SUMS."""
    listing = folder / CHECKSUMS
    if not listing.is_file():
        raise IntegrityError(f"{folder} has no {CHECKSUMS}: not a release folder")
    expected = parse_checksums(listing.read_text(encoding="utf-8"))
    cache = _DigestCache.load() if use_cache else _DigestCache({})
    checks = []
    for name, sha in expected.items():
        path = folder / name
        status = "missing" if not path.is_file() else "ok" if cache.digest(path) == sha else "mismatch"
        checks.append(FileCheck(name, status))
    cache.save()
    if all(c.status == "ok" for c in checks):
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        for table, entry in manifest.get("tables", {}).items():
            for file in table_files(entry):
                if expected.get(file["path"]) != file["sha256"]:
                    raise IntegrityError(f"{folder / file['path']}: manifest.json and {CHECKSUMS} disagree for table {table}")
    return checks


def verify_release(folder: Path) -> Path:
    """The folder, once every file matches SHA256SUMS; otherwise IntegrityError naming the files that do not."""
    bad = [c for c in check_release(folder) if c.status != "ok"]
    if bad:
        named = ", ".join(f"{folder / c.name} ({'missing' if c.status == 'missing' else 'sha256 differs'})" for c in bad)
        raise IntegrityError(f"release {folder.name} does not match its {CHECKSUMS}, refusing to read it: {named}. "
                             "Download it again (aic download) or rebuild it.")
    return folder


def cache_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "afghan-interviews-corpus" / "verified.json"


class _DigestCache:
    """sha256 of files by absolute path, valid while size and mtime are those recorded."""

    def __init__(self, entries: dict[str, list], path: Path | None = None):
        self.entries, self.path, self.changed = entries, path, False

    @classmethod
    def load(cls) -> _DigestCache:
        path = cache_file()
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        return cls(entries if isinstance(entries, dict) else {}, path)

    def digest(self, path: Path) -> str:
        key, stat = str(path.resolve()), path.stat()
        known = self.entries.get(key)
        if isinstance(known, list) and known[:2] == [stat.st_size, stat.st_mtime_ns]:
            return known[2]
        sha = sha256_file(path)
        self.entries[key] = [stat.st_size, stat.st_mtime_ns, sha]
        self.changed = True
        return sha

    def save(self) -> None:
        """Written atomically, without the entries of files that are gone; a cache that cannot be written is skipped."""
        if self.path is None or not self.changed:
            return
        kept = {k: v for k, v in self.entries.items() if Path(k).exists()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass
