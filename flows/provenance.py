"""What produced a release: the pipeline's own code and the libraries that shape the output.

The code fingerprint keys the task cache (a change to any stage, rule file or contract
invalidates cached results) and is recorded once per release in the manifest.
"""

from __future__ import annotations

import hashlib
import platform
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = "afghan-interviews-corpus"
_SOURCES = (Path(__file__).parent, Path(__file__).parent.parent / "schemas")
_OUTPUT_SHAPING = ("pyarrow", "pandera", "duckdb", "blingfire", "lingua-language-detector", "python-dateutil", "prefect")


def software_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in _OUTPUT_SHAPING:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


_FINGERPRINTED = {".py", ".toml", ".yaml"}
"""Code, cleaning rules and the knowledge base: anything whose change can change the output."""


_DRIVERS = {"cli.py", "benchmark.py", "generate.py", "peer.py"}
"""Modules that start or measure builds and never shape a row: editing them keeps the cache."""


def fingerprinted_files() -> list[Path]:
    return [p for root in _SOURCES for p in sorted(root.rglob("*"))
            if p.suffix in _FINGERPRINTED and p.is_file() and not (root == _SOURCES[0] and p.name in _DRIVERS)]


@cache
def code_fingerprint() -> str:
    """sha256 over the pipeline's source, rule and knowledge-base files and the versions of output-shaping libraries."""
    digest = hashlib.sha256()
    for path in fingerprinted_files():
        digest.update(path.relative_to(_SOURCES[0].parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name, version in sorted(software_versions().items()):
        digest.update(f"{name}={version}\n".encode())
    return digest.hexdigest()


def pipeline_version() -> str:
    try:
        release = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        release = "0+unknown"
    return f"{release}+code.{code_fingerprint()[:12]}"
