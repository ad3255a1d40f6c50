"""Ingest stage: find raw files, hash them, decode them, and give each a stable doc_id.

Reads: files under the raw folder. Writes: `RawDocument` (doc_id, source_file,
raw_sha256, raw_bytes, text) or an `IngestError` naming the file and the reason. A bad
file never stops the others: errors are returned as data and reported in the manifest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

RAW_SUFFIX = ".txt"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class RawFile:
    """A raw input found on disk, identified by the sha256 of its bytes."""

    path: Path
    sha256: str
    size: int

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class IngestError:
    """A raw file that could not become a document; published in the manifest."""

    source_file: str
    sha256: str | None
    reason: str

    def __str__(self) -> str:
        return f"{self.source_file}: {self.reason}"


@dataclass(frozen=True)
class RawSpan:
    """Where a piece of text sits in the raw file: 1-based line, bytes and code points [start, end)."""

    line_no: int
    byte_start: int
    byte_end: int
    char_start: int
    char_end: int


@dataclass(frozen=True)
class RawLine:
    """One line of the decoded raw text (line terminator excluded)."""

    line_no: int
    text: str
    char_start: int
    byte_start: int

    def span(self, start: int, end: int) -> RawSpan:
        """Raw span of text[start:end] of this line."""
        head = len(self.text[:start].encode("utf-8"))
        body = len(self.text[start:end].encode("utf-8"))
        return RawSpan(
            self.line_no, self.byte_start + head, self.byte_start + head + body, self.char_start + start, self.char_start + end
        )


@dataclass(frozen=True)
class RawDocument:
    """A decoded raw file. `text` is exactly the file's bytes decoded as UTF-8."""

    source_file: str
    raw_sha256: str
    raw_bytes: int
    text: str

    @property
    def doc_id(self) -> str:
        return self.raw_sha256[:16]

    @cached_property
    def lines(self) -> tuple[RawLine, ...]:
        """Lines split at CRLF, CR or LF (terminators excluded), numbered from 1 as editors show them."""
        found, char, byte, number = [], 0, 0, 1
        for brk in _LINE_BREAK.finditer(self.text):
            text = self.text[char : brk.start()]
            found.append(RawLine(number, text, char, byte))
            byte += len(text.encode("utf-8")) + len(brk.group())
            char, number = brk.end(), number + 1
        found.append(RawLine(number, self.text[char:], char, byte))
        return tuple(found)

    def text_of(self, span: RawSpan) -> str:
        return self.text[span.char_start : span.char_end]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def discover(raw_dir: Path) -> tuple[list[RawFile], list[IngestError]]:
    """All `*.txt` files under raw_dir, sorted by doc_id; byte-identical duplicates are rejected.

    Sorting by doc_id (not by name) makes batches, row order and Parquet bytes depend on
    content only.
    """
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    files: dict[str, RawFile] = {}
    errors: list[IngestError] = []
    for path in sorted(p for p in raw_dir.rglob(f"*{RAW_SUFFIX}") if p.is_file()):
        found = RawFile(path, sha256_file(path), path.stat().st_size)
        first = files.get(found.doc_id)
        if first is None:
            files[found.doc_id] = found
        else:
            errors.append(
                IngestError(
                    _relative(path, raw_dir),
                    found.sha256,
                    f"same bytes as {_relative(first.path, raw_dir)} (sha256 {found.sha256[:16]}…); kept once",
                )
            )
    return sorted(files.values(), key=lambda f: f.doc_id), errors


def batches(files: list[RawFile], size: int) -> Iterator[list[RawFile]]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


def batch_fingerprint(files: list[RawFile]) -> str:
    """Content identity of a batch: unchanged inputs give the same fingerprint (cache key)."""
    return hashlib.sha256("\n".join(f.sha256 for f in files).encode()).hexdigest()


def read_document(raw: RawFile, raw_dir: Path) -> RawDocument | IngestError:
    """Read and decode one file; any problem becomes an IngestError naming the file."""
    name = _relative(raw.path, raw_dir)
    try:
        data = raw.path.read_bytes()
    except OSError as error:
        return IngestError(name, raw.sha256, f"cannot read: {error.strerror or error}")
    sha = hashlib.sha256(data).hexdigest()
    if sha != raw.sha256:
        return IngestError(name, sha, "file changed while the build was running")
    if not data.strip():
        return IngestError(name, sha, "empty file (no text)")
    nul = data.find(b"\x00")
    if nul >= 0:
        return IngestError(name, sha, f"binary content: NUL byte at offset {nul}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 4].hex(" ")
        return IngestError(
            name, sha, f"not valid UTF-8: {error.reason} at byte {error.start} (bytes {bad}); re-encode the file as UTF-8"
        )
    return RawDocument(source_file=name, raw_sha256=sha, raw_bytes=len(data), text=text)


def iter_documents(files: list[RawFile], raw_dir: Path) -> Iterator[RawDocument]:
    """The readable documents, one at a time (memory stays at one document)."""
    for raw in files:
        result = read_document(raw, raw_dir)
        if isinstance(result, RawDocument):
            yield result


def read_batch(files: list[RawFile], raw_dir: Path) -> tuple[list[RawDocument], list[IngestError]]:
    documents, errors = [], []
    for raw in files:
        result = read_document(raw, raw_dir)
        (errors if isinstance(result, IngestError) else documents).append(result)
    return documents, errors


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
