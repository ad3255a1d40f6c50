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
"""The one subfolder of a release: a page per document (`documents/<doc_id>.html`), listed in SHA256SUMS like
the files beside it."""


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
