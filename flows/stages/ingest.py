"""Ingest stage: find every path under the raw folder, read the pages among them, decode them.

Reads: the raw folder. Writes: `RawDocument` (doc_id, source_file, raw_sha256, raw_bytes,
text, and how it was decoded) for each page, and a `Source` row (flows/sources.py) for
every path, page or not: a bad file never stops the others, and none goes unaccounted.

What is a page: a regular file (or a link to one inside the raw folder) named *.txt, *.html
or *.htm in any case, at most MAX_PAGE_BYTES; or a record of an archive of many pages (ARCHIVE_FORMATS:
web archives, *.warc and *.warc.gz, as Common Crawl publishes them, and JSON Lines, *.jsonl), named
`<file>#<record id>`, one `Source` row per record. Text is decoded by its byte-order mark, else
as UTF-8, else with the encoding charset-normalizer detects; HTML pages give the main text
and metadata trafilatura extracts (navigation and comments excluded). Nothing outside the
raw folder is ever read: links that leave it are refused without opening their target.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pyarrow as pa
from warcio.archiveiterator import ArchiveIterator

from flows.isolation import page_started
from flows.sources import Source

PAGE_FORMATS = {".txt": "text", ".html": "html", ".htm": "html"}
"""File endings read as pages (case-insensitive), and how each is read."""
ARCHIVE_FORMATS = {".warc": "warc", ".warc.gz": "warc", ".jsonl": "jsonl"}
"""File endings (case-insensitive) of archives holding many pages, each record a page of its own: WARC files
(gzipped record by record, as Common Crawl ships them, or plain) and JSON Lines (one page per line: "html" or
"text", optional "id" and "url"). A record's offsets count from the start of its payload (the HTTP body, the
value of the JSON field), which is what its sha256 is of."""
ARCHIVE_PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
"""Media types of WARC records read as pages; any other record (requests, metadata, images) gets a row saying so."""
JSONL_PAGE_FIELDS = {"html": "html", "text": "text"}
"""The field of a JSON Lines record that holds the page, and how it is read (the first present wins)."""
MAX_PAGE_BYTES = 8 * 1024 * 1024
"""A press page is well under 1 MB; a larger file is a dump or a mistake. Refusing it unread
keeps a build's memory bounded whatever lands in the raw folder (a 50 MB file is hashed in
1 MB blocks and rejected)."""
BINARY_CONTROL_SHARE = 0.003
"""Share of control bytes (NUL and other C0 codes but tab, line breaks, form feed, escape)
above which a file is binary, not text with a few stray control characters..."""
BINARY_MIN_CONTROLS = 8
"""...and at least this many of them: one stray bell in a short page does not make it binary."""
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
LEGACY_WEB_ENCODINGS = (
    "cp1252", "latin_1", "iso8859_15", "cp1251", "cp1256", "cp1250", "koi8_r", "cp1253", "cp1254", "cp1255",
    "cp1257", "cp1258", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "tis_620",
)
"""Tie-break among encodings charset-normalizer finds equally plausible (short texts often tie):
the legacy encodings most used on the web first, Windows-1252 (what browsers read Latin-1 as) on top."""
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class NotAPage(Exception):
    """A file that cannot become a document; the message is the published reason."""


@dataclass(frozen=True)
class RawFile:
    """A page found on disk, identified by the sha256 of its bytes: a file, or a record of an archive (`record`
    set: its id, and where its bytes are in the archive file)."""

    path: Path
    source_file: str
    sha256: str
    size: int
    format: str
    record: str | None = None
    offset: int = 0  # bytes of the archive before the record
    length: int = 0  # bytes of the record in the archive (compressed, for a gzipped WARC)
    url: str | None = None  # where an archived record was fetched from

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    def read_bytes(self) -> bytes:
        """The page's bytes: the whole file, or the payload of its record."""
        if self.record is None:
            return self.path.read_bytes()
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            stored = handle.read(self.length)
        kind = archive_format(self.path)
        if kind == "warc":
            return next(iter(ArchiveIterator(io.BytesIO(stored)))).content_stream().read()
        return _jsonl_page(stored)[0]


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
    codec: str = "utf-8"

    def span(self, start: int, end: int) -> RawSpan:
        """Raw span of text[start:end] of this line."""
        head = len(self.text[:start].encode(self.codec))
        body = len(self.text[start:end].encode(self.codec))
        return RawSpan(
            self.line_no, self.byte_start + head, self.byte_start + head + body, self.char_start + start, self.char_start + end
        )


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the name published in sources.encoding
    confidence: float
    codec: str  # Python codec that maps text offsets back to bytes
    byte_base: int  # bytes before the text (a byte-order mark)


@dataclass(frozen=True)
class RawDocument:
    """A decoded page. For a text file, `text` is exactly its bytes decoded (byte-order mark
    excluded); for an HTML file, the main text extracted from it, and offsets refer to that."""

    source_file: str
    raw_sha256: str
    raw_bytes: int
    text: str
    format: str = "text"
    encoding: str = "utf-8"
    encoding_confidence: float = 1.0
    codec: str = "utf-8"
    byte_base: int = 0
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, date, url of an HTML page

    @property
    def doc_id(self) -> str:
        return self.raw_sha256[:16]

    @cached_property
    def lines(self) -> tuple[RawLine, ...]:
        """Lines split at CRLF, CR or LF (terminators excluded), numbered from 1 as editors show them."""
        found, char, byte, number = [], 0, self.byte_base, 1
        for brk in _LINE_BREAK.finditer(self.text):
            text = self.text[char : brk.start()]
            found.append(RawLine(number, text, char, byte, self.codec))
            byte += len(text.encode(self.codec)) + len(brk.group().encode(self.codec))
            char, number = brk.end(), number + 1
        found.append(RawLine(number, self.text[char:], char, byte, self.codec))
        return tuple(found)

    def text_of(self, span: RawSpan) -> str:
        return self.text[span.char_start : span.char_end]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def display_name(path: Path, root: Path) -> str:
    """The path relative to the raw folder, as published: bytes that are not UTF-8 appear as \\xNN."""
    raw = os.fsencode(os.path.relpath(path, root))
    return raw.decode("utf-8", "backslashreplace")


def discover(raw_dir: Path) -> tuple[list[RawFile], list[Source]]:
    """Every path under raw_dir: the pages (sorted by doc_id) and a `Source` row for each path, or for each
    record of an archive.

    Rows of pages stay `pending` for later stages; the others are settled here: not a page,
    unreadable, too large, or the same bytes as a page already found (kept once, by path order).
    Sorting pages by doc_id (not by name) makes batches, row order and Parquet bytes depend
    on content only.
    """
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    root = Path(os.path.realpath(raw_dir))
    files: dict[str, RawFile] = {}
    sources: list[Source] = []
    for path in _walk(raw_dir, sources):
        name = display_name(path, raw_dir)
        try:
            found = list(_archive_records(path, name, root)) if archive_format(path) else [_page_file(path, name, root)]
        except NotAPage as refused:
            sources.append(Source(name, status="rejected", stage="discover", reason=str(refused)))
            continue
        except OSError as error:
            sources.append(Source(name, status="rejected", stage="discover", reason=f"cannot read: {_os_reason(error)}"))
            continue
        for page in found:
            if isinstance(page, Source):
                sources.append(page)
                continue
            row = Source(page.source_file, page.sha256, page.size, page.format, doc_id=page.doc_id)
            first = files.get(page.doc_id)
            if page.size > MAX_PAGE_BYTES:
                sources.append(replace(row, doc_id=None, status="rejected", stage="discover", reason=_too_large(page.size)))
            elif first is None:
                files[page.doc_id] = page
                sources.append(row)
            else:
                sources.append(
                    replace(
                        row, doc_id=None, status="duplicate", stage="discover", duplicate_of=first.doc_id, similarity=1.0,
                        reason=f"same bytes as {first.source_file}",
                    )
                )
    return sorted(files.values(), key=lambda f: f.doc_id), sources


def _walk(raw_dir: Path, sources: list[Source]) -> Iterator[Path]:
    """Every non-folder path under raw_dir in path order; folders are entered (links to them are not).

    A folder that cannot be listed, a link to a folder, and a folder named like a page get a row.
    """

    def unlistable(error: OSError) -> None:
        sources.append(
            Source(display_name(Path(error.filename), raw_dir), status="rejected", stage="discover",
                   reason=f"folder cannot be listed: {_os_reason(error)}")
        )

    for folder, folders, names in os.walk(raw_dir, onerror=unlistable):
        folders.sort(key=os.fsencode)
        for sub in list(folders):
            path = Path(folder, sub)
            if path.is_symlink():
                folders.remove(sub)
                sources.append(Source(display_name(path, raw_dir), status="rejected", stage="discover",
                                      reason="link to a folder: not followed"))
            elif Path(sub).suffix.lower() in PAGE_FORMATS:
                sources.append(Source(display_name(path, raw_dir), status="rejected", stage="discover",
                                      reason="a folder named like a page, not a file (the files in it are read)"))
        for name in sorted(names, key=os.fsencode):
            yield Path(folder, name)


def _page_file(path: Path, name: str, root: Path) -> RawFile:
    """The page behind a path, hashed; NotAPage (or OSError) says why it is not one."""
    page_format = PAGE_FORMATS.get(path.suffix.lower())
    if page_format is None:
        readable = ", ".join([*PAGE_FORMATS, *ARCHIVE_FORMATS])
        raise NotAPage(f"not a page: only {readable} files are read")
    info = _regular_file(path, root)
    sha = sha256_file(path)
    return RawFile(path, name, sha, info.st_size, page_format)


def _regular_file(path: Path, root: Path) -> os.stat_result:
    """The file's status, once it is known to be a regular file inside the raw folder (NotAPage otherwise)."""
    if path.is_symlink():
        try:
            target = Path(os.path.realpath(path, strict=True))
        except OSError as error:
            raise NotAPage(
                "link loop" if error.errno == errno.ELOOP else "dangling link: its target does not exist"
            ) from None
        if not target.is_relative_to(root):
            raise NotAPage("link to a file outside the raw folder: not read")
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NotAPage(f"not a regular file ({_file_kind(info.st_mode)})")
    return info


def archive_format(path: Path) -> str | None:
    """'warc' or 'jsonl' for an archive of pages, by its name's ending; None for any other file."""
    lowered = path.name.lower()
    return next((kind for ending, kind in ARCHIVE_FORMATS.items() if lowered.endswith(ending)), None)


def _archive_records(path: Path, name: str, root: Path) -> Iterator[RawFile | Source]:
    """A RawFile for each page record of an archive and a rejected Source for each other record; a row for the
    archive itself if it cannot be read to its end (the records before the fault are kept) or holds no record."""
    _regular_file(path, root)
    records = _warc_records(path, name) if archive_format(path) == "warc" else _jsonl_records(path, name)
    count = 0
    try:
        for found in records:
            count += 1
            yield found
    except Exception as error:  # a truncated gzip member, a broken header: the archive ends here
        yield Source(name, status="rejected", stage="discover",
                     reason=f"archive unreadable after {count} records: {type(error).__name__}: {error}")
        return
    if count == 0:
        yield Source(name, status="rejected", stage="discover", reason="archive without any record")


def _warc_records(path: Path, name: str) -> Iterator[RawFile | Source]:
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            media = (record.http_headers.get_header("Content-Type") if record.http_headers else
                     record.rec_headers.get_header("Content-Type")) or ""
            page_format = ARCHIVE_PAGE_TYPES.get(media.split(";")[0].strip().lower())
            payload = record.content_stream().read() if page_format and record.rec_type in ("response", "resource") else None
            records.read_to_end()  # then, and only then, the record's offset and length are known
            offset = records.get_record_offset()
            record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") or f"offset-{offset}"
            source_file = f"{name}#{record_id}"
            if payload is None:
                yield Source(source_file, status="rejected", stage="discover",
                             reason=f"not a page: a WARC {record.rec_type} record{f' of {media}' if media else ''}")
                continue
            yield RawFile(path, source_file, hashlib.sha256(payload).hexdigest(), len(payload), page_format, record_id,
                          offset, records.get_record_length(), record.rec_headers.get_header("WARC-Target-URI"))


def _jsonl_records(path: Path, name: str) -> Iterator[RawFile | Source]:
    offset = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                payload, page_format, record_id, url = _jsonl_page(line)
            except NotAPage as refused:
                yield Source(f"{name}#line-{number}", status="rejected", stage="discover", reason=str(refused))
                continue
            yield RawFile(path, f"{name}#{record_id or f'line-{number}'}", hashlib.sha256(payload).hexdigest(),
                          len(payload), page_format, record_id or f"line-{number}", start, len(line), url)


def _jsonl_page(line: bytes) -> tuple[bytes, str, str | None, str | None]:
    """(page bytes, format, id, url) of one JSON Lines record; NotAPage says what is wrong with it."""
    try:
        record = json.loads(line)
    except ValueError as error:
        raise NotAPage(f"not a JSON record: {error}") from None
    if not isinstance(record, dict):
        raise NotAPage("not a JSON object")
    field_name = next((f for f in JSONL_PAGE_FIELDS if isinstance(record.get(f), str)), None)
    if field_name is None:
        raise NotAPage(f"a JSON record without a page: none of {', '.join(JSONL_PAGE_FIELDS)} is a string")
    record_id = record.get("id")
    url = record.get("url")
    return (record[field_name].encode("utf-8"), JSONL_PAGE_FIELDS[field_name],
            None if record_id is None else str(record_id), url if isinstance(url, str) else None)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "special file"


def _too_large(size: int) -> str:
    return f"too large for a page: {size / 2**20:.1f} MiB (at most {MAX_PAGE_BYTES / 2**20:.0f} MiB)"


def _os_reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


MAX_BATCH_FACTOR = 3
"""A batch holds at most this many times the batch size, however the boundaries fall."""


def batches(files: list[RawFile], size: int) -> Iterator[list[RawFile]]:
    """Batches of `size` files on average, cut after a file whose id (a content hash) falls on a boundary
    (content-defined chunking, as rsync and deduplicating stores cut data): a file added or removed changes
    its own batch only, so every other batch keeps its fingerprint and its cached result."""
    batch: list[RawFile] = []
    for raw in files:
        batch.append(raw)
        if int(raw.doc_id, 16) % size == 0 or len(batch) >= MAX_BATCH_FACTOR * size:
            yield batch
            batch = []
    if batch:
        yield batch


def files_to_arrow(files: list[RawFile]) -> pa.Table:
    """A batch's file references as one Arrow table: what a task receives (compact, and carried as is by
    every task runner, where Dask would take a list of dataclasses apart)."""
    return pa.table({
        "path": pa.array([os.fsencode(f.path) for f in files], pa.binary()),  # a file name need not be UTF-8
        "source_file": [f.source_file for f in files],
        "sha256": [f.sha256 for f in files], "size": pa.array([f.size for f in files], pa.int64()),
        "format": [f.format for f in files], "record": pa.array([f.record for f in files], pa.string()),
        "offset": pa.array([f.offset for f in files], pa.int64()), "length": pa.array([f.length for f in files], pa.int64()),
        "url": pa.array([f.url for f in files], pa.string()),
    })


def files_from_arrow(table: pa.Table) -> list[RawFile]:
    return [RawFile(Path(os.fsdecode(row.pop("path"))), **row) for row in table.to_pylist()]


def batch_fingerprint(files: list[RawFile]) -> str:
    """Content identity of a batch: unchanged inputs give the same fingerprint (cache key)."""
    return hashlib.sha256("\n".join(f.sha256 for f in files).encode()).hexdigest()


def decode(data: bytes) -> Decoded:
    """Text of a file's bytes: by its byte-order mark, as UTF-8, or as charset-normalizer detects.

    Raises NotAPage for binary data and bytes no encoding explains.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise NotAPage(f"not valid {codec.upper()} although its byte-order mark says so (byte {error.start + len(bom)})") from None
            return Decoded(text, f"{codec}-bom" if codec == "utf-8" else codec, 1.0, codec, len(bom))
    controls = len(_CONTROL_BYTES.findall(data))
    if controls > max(BINARY_CONTROL_SHARE * len(data), BINARY_MIN_CONTROLS):
        if (wide := _decode_wide(data)) is not None:  # UTF-16 or UTF-32 without a byte-order mark
            return wide
        first = _CONTROL_BYTES.search(data)
        raise NotAPage(f"binary content: {controls} control bytes, the first (0x{data[first.start()]:02x}) at byte {first.start()}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0, "utf-8", 0)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise NotAPage("not text: no character encoding decodes it")
    rank = {name: i for i, name in enumerate(LEGACY_WEB_ENCODINGS)}
    ranked = sorted(matches, key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), rank.get(m.encoding, len(rank))))
    for match in ranked:
        codec = codecs.lookup(match.encoding).name
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            if match is ranked[-1]:
                raise NotAPage(f"not valid {match.encoding} at byte {error.start}") from None
            continue
        if _offsets_exact(text, data, codec):
            return Decoded(text, match.encoding, round(max(0.0, 1.0 - match.chaos), 3), codec, 0)
    raise NotAPage("not text: no character encoding maps its characters one by one onto its bytes")


def _offsets_exact(text: str, data: bytes, codec: str) -> bool:
    """Whether every character stands for bytes of its own, so that the byte offsets of any span, counted by
    encoding its text, point at the file's bytes. Not so when a codec decodes two bytes into a base letter and a
    combining mark ('か゚' in Shift_JIS-2004, a guess for UTF-8 cut mid-character): a span between them has no bytes."""
    if len(text) == len(data) or codec == "utf-8":  # one byte a character, or a code every character of has its own
        return True
    try:
        return sum(len(character.encode(codec)) for character in text) == len(data)
    except UnicodeEncodeError:
        return False


WIDE_CODECS = ("utf-16-be", "utf-16-le", "utf-32-be", "utf-32-le")
WIDE_MIN_SPACING = 0.05
"""Prose is at least this much spaces and line breaks; the same bytes read with the wrong byte order have none
(a space, 0x0020, becomes U+2000)."""
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _decode_wide(data: bytes) -> Decoded | None:
    """Text in UTF-16 or UTF-32 without a byte-order mark, when the bytes say so: its zero bytes mistake it for
    binary. charset-normalizer recognises the byte order by the zero bytes of Latin, Cyrillic or CJK text; for
    scripts whose code points have no zero byte (Arabic, Persian), the byte order whose text has the spaces and
    line breaks of prose, and no control character, is the one."""
    from charset_normalizer import from_bytes

    found = [m for m in from_bytes(data, cp_isolation=[c.replace("-", "_") for c in WIDE_CODECS]) if m.chaos <= 0.1]
    if found:
        best = min(found, key=lambda m: (round(m.chaos, 3), m.encoding))
        codec = codecs.lookup(best.encoding).name
        return Decoded(data.decode(codec), codec, round(1.0 - best.chaos, 3), codec, 0)
    for codec in WIDE_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        spacing = sum(ch in " \n\r\t" for ch in text) / len(text)
        if spacing >= WIDE_MIN_SPACING and _CONTROL_CHARS.search(text) is None:
            return Decoded(text, codec, 0.9, codec, 0)
    return None


def extract_html(html: str) -> tuple[str, dict[str, str]]:
    """Main text and metadata of an HTML page (trafilatura: navigation and comments excluded)."""
    import trafilatura

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, deduplicate=False)
    if found is None or not (found.text or "").strip():
        raise NotAPage("HTML page with no main text")
    metadata = {key: value for key in ("title", "author", "url") if (value := getattr(found, key, None))}
    if published := published_in_markup(html):
        metadata["date"] = published
    return found.text, metadata


PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "citation_publication_date",
    "dcterms.issued", "dc.date.issued", "dc.date", "dcterms.created", "parsely-pub-date", "sailthru.date", "pubdate",
    "publishdate", "publish-date", "date",
)
"""`<meta>` names (property, name or itemprop) that state when a page was published, the most explicit first."""


def published_in_markup(html: str) -> str | None:
    """The publication date a page states in its markup: a `<meta>` publication field or JSON-LD's `datePublished`.
    Nothing else (a copyright footer, a date in the address, a `<time>` in a sidebar) is read: those date other things."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    stated = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().casefold()
        if key in PUBLISHED_META and (content := (meta.get("content") or "").strip()):
            stated.setdefault(key, content)
    if found := next((stated[key] for key in PUBLISHED_META if key in stated), None):
        return found
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        if found := _json_ld_published(data):
            return found
    return None


def _json_ld_published(data: object) -> str | None:
    """`datePublished` of a JSON-LD object, a list of them or an `@graph`."""
    if isinstance(data, list):
        return next((found for item in data if (found := _json_ld_published(item))), None)
    if not isinstance(data, dict):
        return None
    if isinstance(value := data.get("datePublished"), str) and value.strip():
        return value.strip()
    return _json_ld_published(data.get("@graph"))


def read_document(raw: RawFile) -> RawDocument | Source:
    """Read and decode one page; any problem becomes a rejected `Source` row saying why."""
    row = Source(raw.source_file, raw.sha256, raw.size, raw.format, status="rejected", stage="ingest")
    try:
        data = raw.read_bytes()
    except FileNotFoundError:
        return replace(row, reason="disappeared after it was found")
    except OSError as error:
        return replace(row, reason=f"cannot read: {_os_reason(error)}")
    sha = hashlib.sha256(data).hexdigest()
    if sha != raw.sha256:
        return replace(row, reason="changed while the build was running (its sha256 differs from the one found)")
    if not data.strip():
        return replace(row, reason="empty file (no text)" if not data else "only white space")
    try:
        decoded = decode(data)
        row = replace(row, encoding=decoded.encoding, encoding_confidence=decoded.confidence)
        if not decoded.text.strip():
            raise NotAPage("only white space")
        if raw.format == "html":
            text, metadata = extract_html(decoded.text)
            return RawDocument(
                raw.source_file, sha, len(data), text, "html", decoded.encoding, decoded.confidence,
                metadata=_with_url(metadata, raw.url),
            )
    except NotAPage as refused:
        return replace(row, reason=str(refused))
    return RawDocument(
        raw.source_file, sha, len(data), decoded.text, "text", decoded.encoding, decoded.confidence, decoded.codec,
        decoded.byte_base, metadata=_with_url({}, raw.url),
    )


def _with_url(metadata: dict[str, str], url: str | None) -> dict[str, str]:
    """The page's metadata, with the address an archive fetched it from where the page names none."""
    return {**metadata, "url": metadata.get("url") or url} if url else metadata


def iter_documents(files: list[RawFile]) -> Iterator[RawDocument]:
    """The readable documents, one at a time (memory stays at one document)."""
    for raw in files:
        result = read_document(raw)
        if isinstance(result, RawDocument):
            yield result


def read_batch(files: list[RawFile]) -> tuple[list[RawDocument], list[Source]]:
    """Documents of a batch, and the rejected rows of the files that could not be read."""
    documents, rejected = [], []
    for raw in files:
        page_started("ingest", raw.doc_id)
        result = read_document(raw)
        (rejected if isinstance(result, Source) else documents).append(result)
    page_started("ingest", None)
    return documents, rejected
