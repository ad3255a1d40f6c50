"""The corpus pass: one streamed read of every page before the batches, for what needs them all.

Near-duplicates (flows/language/dedup.py) are found in path order, so the copy kept is the one whose
path sorts first; they leave the build here, before any batch spends time on them. Line
frequency across the corpus (the cleaner's boilerplate rule) is counted over the pages
that remain, so a reposted article does not make its own lines look like site chrome.

What the pass keeps of a page (its MinHash signature and the hashes of its counted lines)
depends only on the page's bytes and the code, so it is cached in one Arrow file keyed by
doc_id: a rebuild reads only the pages it has not seen. Pages are read in worker processes under
the per-page time budget, like the batches. Memory holds one page at a time, the
cached facts (about 600 bytes a page) and the near-duplicate index (about 1 KB a page).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from flows import workers
from flows.isolation import page_started
from flows.language.dedup import NUM_PERM, NearDuplicateIndex, signature
from flows.sources import Outcome
from flows.stages import clean, ingest

FACTS_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("signature", pa.list_(pa.uint32(), NUM_PERM)),  # null: too few shingles to judge
    ("line_hashes", pa.list_(pa.uint64())),
])


@dataclass(frozen=True)
class CorpusScan:
    frequent_lines: clean.FrequentLines
    duplicates: list[Outcome]
    pages_read: int  # pages read from disk; the others' facts came from the cache
    taken_out: list[Outcome]  # pages over the time budget (or that killed their worker): they go no further


class PageFacts:
    """The scan's facts of earlier pages, from the cache file (empty when there is none)."""

    def __init__(self, path: Path | None):
        table = FACTS_SCHEMA.empty_table()
        if path is not None and path.exists():
            with pa.ipc.open_file(path) as reader:
                table = reader.read_all()
        self._row = {doc_id: row for row, doc_id in enumerate(table.column("doc_id").to_pylist())}
        signatures = table.column("signature").combine_chunks()
        self._has_signature = ~np.asarray(signatures.is_null(), dtype=bool)
        self._signatures = signatures.flatten().to_numpy(zero_copy_only=False).reshape(-1, NUM_PERM) \
            if len(signatures) else np.empty((0, NUM_PERM), dtype=np.uint32)
        self._signature_row = np.cumsum(self._has_signature) - 1  # row of each page's signature, if it has one
        hashes = table.column("line_hashes").combine_chunks()
        self._offsets = hashes.offsets.to_numpy() if len(hashes) else np.zeros(1, dtype=np.int32)
        self._hashes = hashes.values.to_numpy() if len(hashes) else np.empty(0, dtype=np.uint64)

    def get(self, doc_id: str) -> tuple[np.ndarray | None, np.ndarray] | None:
        row = self._row.get(doc_id)
        if row is None:
            return None
        values = self._signatures[self._signature_row[row]] if self._has_signature[row] else None
        return values, self._hashes[self._offsets[row] : self._offsets[row + 1]]


SCAN_CHUNK_PAGES = 500
"""Pages a worker process reads in one go during the corpus pass (their facts come back, about 600 bytes a page);
one worker per core at a time."""

PageFact = tuple[np.ndarray | None, np.ndarray]
"""A page's MinHash signature (None: too few shingles) and the hashes of its counted lines."""


def page_facts(files: list[ingest.RawFile]) -> dict[str, PageFact]:
    """The facts of each readable page; an unreadable one is left out (the batch that reads it records why)."""
    facts = {}
    for raw in files:
        page_started("ingest", raw.doc_id)
        doc = ingest.read_document(raw)
        if isinstance(doc, ingest.RawDocument):
            page_started("dedup", raw.doc_id)
            facts[raw.doc_id] = (signature(doc.text), clean.page_line_hashes(doc))
    page_started("dedup", None)
    return facts


def scan(files: list[ingest.RawFile], cache: Path | None = None,
         page_timeout: float = workers.DEFAULT_PAGE_TIMEOUT) -> CorpusScan:
    """Near-duplicates and frequent lines of the corpus; with `cache`, reuse and rewrite the pages' facts there.

    The pages the cache does not know are read in worker processes under the per-page time budget
    (flows/workers.py): a page over it is in `taken_out` and goes no further."""
    known = PageFacts(cache)
    unknown = [raw for raw in files if known.get(raw.doc_id) is None]
    fresh: dict[str, PageFact] = {}
    taken_out: list[Outcome] = []
    cores = workers.available_cores()
    size = max(1, min(SCAN_CHUNK_PAGES, -(-len(unknown) // cores)))  # every core busy, however few the pages
    chunks = [unknown[start : start + size] for start in range(0, len(unknown), size)]
    with ThreadPoolExecutor(max_workers=max(1, min(cores, len(chunks)))) as pool:  # each thread watches its own worker
        for guarded in pool.map(lambda chunk: workers.run_guarded(page_facts, chunk, lambda raw: raw.doc_id, page_timeout),
                                chunks):
            fresh.update(guarded.result)
            taken_out += guarded.taken_out
    index = NearDuplicateIndex()
    names: dict[str, str] = {}
    duplicates: list[Outcome] = []
    kept: list[np.ndarray] = []
    facts: dict[str, list] = {"doc_id": [], "signature": [], "line_hashes": []}
    for raw in sorted(files, key=lambda f: f.source_file):
        found = fresh.get(raw.doc_id) or known.get(raw.doc_id)
        if found is None:
            continue  # unreadable, or taken out
        values, line_hashes = found
        for column, value in zip(facts, (raw.doc_id, values, line_hashes)):
            facts[column].append(value)
        match = index.add_signature(raw.doc_id, values)
        if match is None:
            names[raw.doc_id] = raw.source_file
            kept.append(line_hashes)
        else:
            duplicates.append(
                Outcome(raw.doc_id, "duplicate", "dedup", f"near-duplicate of {names[match.key]}", match.key, match.similarity)
            )
    if cache is not None:
        _write_facts(cache, facts)
    return CorpusScan(clean.count_frequent(kept), duplicates, len(fresh), taken_out)


def _write_facts(path: Path, facts: dict[str, list]) -> None:
    """Replace the cache file whole (written beside it, then renamed)."""
    missing = np.array([v is None for v in facts["signature"]], dtype=bool)
    flat = np.concatenate([np.zeros(NUM_PERM, np.uint32) if v is None else v for v in facts["signature"]]) \
        if facts["signature"] else np.empty(0, np.uint32)
    offsets = np.concatenate([[0], np.cumsum([len(h) for h in facts["line_hashes"]])]).astype(np.int32)
    values = np.concatenate(facts["line_hashes"]) if facts["line_hashes"] else np.empty(0, np.uint64)
    table = pa.table({
        "doc_id": pa.array(facts["doc_id"], pa.string()),
        "signature": pa.FixedSizeListArray.from_arrays(pa.array(flat, pa.uint32()), NUM_PERM, mask=pa.array(missing)),
        "line_hashes": pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(values, pa.uint64())),
    }, schema=FACTS_SCHEMA)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with pa.ipc.new_file(partial, FACTS_SCHEMA, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(table)
    partial.rename(path)
