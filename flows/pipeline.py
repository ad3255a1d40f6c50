"""One batch of raw files through every per-document stage: the unit of work a task runs.

Pure (no Prefect): file references in, compact data out. A batch result holds Arrow tables,
the outcomes of the documents taken out and the time each stage took, never the document
object graphs, so a worker process hands it back cheaply and the cache stores it small.
Batches share nothing but the corpus's frequent lines, so they run in any order, on any core
or machine, and give the same rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from flows import assemble, clean, ingest, segment, tag, validate
from flows.sources import Outcome, Source

STAGES = ("ingest", "clean", "segment", "tag", "assemble", "validate")


@dataclass(frozen=True)
class Decoding:
    doc_id: str
    encoding: str
    confidence: float


@dataclass
class BatchResult:
    tables: dict[str, pa.Table]  # the batch's rows of the published tables, validated
    found_people: pa.Table  # entities found by pattern in this batch (the release's entities need every batch)
    outcomes: list[Outcome]  # the documents taken out, in stage order, with their reasons
    unreadable: list[Source]  # files that could not be read as pages
    decodings: list[Decoding]
    pages: int = 0
    raw_bytes: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per stage


def run_batch(files: list[ingest.RawFile], frequent_lines: frozenset[str]) -> BatchResult:
    """Read, clean, segment, tag, assemble and validate one batch of files."""
    start = time.perf_counter()
    documents, unreadable = ingest.read_batch(files)
    result = run_documents(documents, frequent_lines)
    result.unreadable = unreadable
    result.seconds = {"ingest": time.perf_counter() - start - sum(result.seconds.values()), **result.seconds}
    return result


def run_documents(documents: list[ingest.RawDocument], frequent_lines: frozenset[str]) -> BatchResult:
    """The stages after ingest, on documents already read (the stage benchmark feeds them from memory)."""
    seconds: dict[str, float] = {}
    outcomes: list[Outcome] = []

    def timed(stage: str, run: Callable, *args):
        began = time.perf_counter()
        result, taken_out = run(*args)
        seconds[stage] = time.perf_counter() - began
        outcomes.extend(taken_out)
        return result

    cleaned = timed("clean", clean.clean_batch, documents, frequent_lines)
    segmented = timed("segment", segment.segment_batch, cleaned)
    tagged = timed("tag", tag.tag_batch, segmented)
    tables = timed("assemble", assemble.assemble_batch, tagged)
    found = tables.pop("entities")
    tables = timed("validate", validate.quarantine, tables, assemble.with_entities({}, found))
    return BatchResult(
        tables=tables,
        found_people=found,
        outcomes=outcomes,
        unreadable=[],
        decodings=[Decoding(d.doc_id, d.encoding, d.encoding_confidence) for d in documents],
        pages=len(documents),
        raw_bytes=sum(d.raw_bytes for d in documents),
        seconds=seconds,
    )
