"""Where a store keeps its releases, and how versions are named: what building, serving and reading share.

A store (the --store folder) holds `releases/v<major>.<minor>.<patch>/`, one immutable folder per
release; the folders are the truth (releases.json and latest.json are rewritten from them).
"""

from __future__ import annotations

import re
from pathlib import Path

_VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
RELEASE_DIR_VARIABLE = "release_dir"
"""The DuckDB variable views.sql reads the release's location from (a folder or an http(s) URL)."""
DOCUMENT_PAGES = "documents"
"""The subfolder of a page per document (`documents/<doc_id>.html`), listed in SHA256SUMS like the files beside it."""
TABLES_DIR = "data"
"""The subfolder of the tables: `data/<table>/<part>.parquet`, one folder per table, its rows in partition files
(a new page rewrites only its partition; a release shares every unchanged file with the previous one)."""


def table_folder(table: str) -> str:
    """A table's folder in a release, relative to the release folder."""
    return f"{TABLES_DIR}/{table}"


def table_glob(table: str) -> str:
    """The one pattern that reads a whole table (DuckDB, polars, pandas, Hugging Face datasets)."""
    return f"{table_folder(table)}/*.parquet"


def whole_table_file(table: str) -> str:
    """A table that is one file is also this file beside the manifest (the same file: a hard link)."""
    return f"{table}.parquet"


WHOLE_TABLE_PART = "all"
"""The name of the one file of a table not built per batch (the knowledge base, the sources)."""
TABLE_LAYOUT = table_glob("<table>")
"""Where a release keeps its tables, as the manifest states it (a release of the earlier layout has none)."""


def table_files(entry: dict) -> list[dict]:
    """The files of a table's manifest entry, in row order (a release of the earlier layout has one per table)."""
    return entry.get("files") or [entry]


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
    """Folder of a named release ('v1.0.0' or '1.0.0') or, by default, of the latest one.

    `output_dir` may also be a release folder itself, and `version` a path to one (a downloaded
    release, say): a folder holding a manifest.json is taken as it is.
    """
    if version is None and (output_dir / "manifest.json").is_file():
        return output_dir
    if version is not None and ("/" in version or version.startswith(".")) and (Path(version) / "manifest.json").is_file():
        return Path(version)
    if version is None:
        versions = published_versions(output_dir)
        if not versions:
            raise FileNotFoundError(f"no release in {releases_dir(output_dir)}; run `aic build` first")
        return releases_dir(output_dir) / version_name(versions[-1])
    name = version if version.startswith("v") else f"v{version}"
    if parse_version(name) is None:
        raise ValueError(f"not a release version: {version!r} (expected e.g. v1.0.0, or a release folder)")
    path = releases_dir(output_dir) / name
    if not path.is_dir():
        raise FileNotFoundError(f"release {name} not found in {releases_dir(output_dir)}")
    return path
