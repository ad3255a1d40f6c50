"""One batch of raw files through every per-document stage: the unit of work a task runs.

Pure (no Prefect): file references in, compact data out. A batch result holds Arrow tables,
the outcomes of the documents taken out and the time each stage took, never the document
object graphs. A worker writes the tables to a folder of zstd-compressed Arrow files and hands
back only a reference (`StoredBatch`): nothing large crosses processes or sits in the flow's
memory, and the folder is the build cache's copy of the batch. Batches share nothing but the
corpus's frequent lines, so they run in any order, on any core or machine, and give the same rows.
`process_batch` runs a batch in a worker process under the per-page time budget (flows/workers.py).
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pyarrow as pa

from flows import workers
from flows.language import dates, identify
from flows.sources import Outcome, Source
from flows.stages import assemble, clean, ingest, segment, tag, validate

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


def run_batch(files: list[ingest.RawFile], frequent_lines: clean.FrequentLines) -> BatchResult:
    """Read, clean, segment, tag, assemble and validate one batch of files."""
    start = time.perf_counter()
    documents, unreadable = ingest.read_batch(files)
    result = run_documents(documents, frequent_lines)
    result.unreadable = unreadable
    result.seconds = {"ingest": time.perf_counter() - start - sum(result.seconds.values()), **result.seconds}
    return result


def run_documents(documents: list[ingest.RawDocument], frequent_lines: clean.FrequentLines) -> BatchResult:
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


FOUND_PEOPLE = "found_people"
_ARROW_OPTIONS = pa.ipc.IpcWriteOptions(compression="zstd")


@dataclass(frozen=True)
class StoredBatch:
    """A processed batch: its tables in `folder` (one Arrow file each), the rest small enough to pass around."""

    folder: str
    outcomes: list[Outcome]
    unreadable: list[Source]
    decodings: list[Decoding]
    pages: int
    raw_bytes: int
    seconds: dict[str, float]
    killed: int = 0  # pages whose worker was killed (over the time budget, or a crash): the next build tries them again

    def read_tables(self) -> tuple[dict[str, pa.Table], pa.Table]:
        """The batch's rows of the published tables, and the people found by pattern in it."""
        tables = {}
        for path in sorted(Path(self.folder).glob("*.arrow")):
            with pa.ipc.open_file(path) as reader:
                tables[path.stem] = reader.read_all()
        return tables, tables.pop(FOUND_PEOPLE)


def store_batch(result: BatchResult, folder: Path) -> StoredBatch:
    """Write the batch's tables into `folder` (replaced whole: a half-written folder is never left under its name)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name, table in {**result.tables, FOUND_PEOPLE: result.found_people}.items():
        with pa.ipc.new_file(partial / f"{name}.arrow", table.schema, options=_ARROW_OPTIONS) as writer:
            writer.write_table(table)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return StoredBatch(str(folder), result.outcomes, result.unreadable, result.decodings, result.pages,
                       result.raw_bytes, result.seconds)


_WARM_UP_PAGE = (
    "Q: What did the commander say in Kabul on 25 September 2021?\n\n"
    "A: Karim Haidari said that the roads would open in the spring, after the snow, and that the schools would follow.\n"
)


@cache
def warm_up() -> None:
    """Run every stage once on a small page here, in the process that forks the workers: the language models
    (85 MB), the knowledge base, the list of first names (the page names a person), the rules and the lazily imported
    libraries are then loaded once and shared
    by every worker (copy-on-write) instead of being loaded again for each batch."""
    ingest.extract_html("<html><body><article><p>" + _WARM_UP_PAGE + "</p></article></body></html>")
    identify.load()  # both language models, whichever the page needs
    dates.load()  # every language's date words
    data = _WARM_UP_PAGE.encode()
    run_documents([ingest.RawDocument("warm-up.txt", hashlib.sha256(data).hexdigest(), len(data), _WARM_UP_PAGE)],
                  frozenset())


def process_batch(files: list[ingest.RawFile], frequent_lines: clean.FrequentLines, folder: Path,
                  page_timeout: float = workers.DEFAULT_PAGE_TIMEOUT) -> StoredBatch:
    """`run_batch` and `store_batch` in a worker process: a page over `page_timeout` seconds (or one that
    kills the worker) leaves as `failed` at its stage, and the batch is made again without it."""
    warm_up()
    guarded = workers.run_guarded(
        lambda batch: store_batch(run_batch(batch, frequent_lines), folder), files, lambda raw: raw.doc_id, page_timeout
    )
    stored, out = guarded.result, guarded.taken_out
    sizes = {raw.doc_id: raw.size for raw in files}
    return replace(stored, outcomes=stored.outcomes + out, pages=stored.pages + len(out),
                   raw_bytes=stored.raw_bytes + sum(sizes[o.doc_id] for o in out), killed=len(out))
