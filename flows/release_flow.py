"""The Prefect flow that builds a release, and its scheduled deployment.

Tasks are thin wrappers around the stage functions: they add the cache (keyed on the
batch's content fingerprint and the code fingerprint, stored under <output>/.cache so it
survives a fresh PREFECT_HOME), retries for file IO, and logging. Each task handles a
batch of documents, never a single line or file, to keep Prefect's per-task cost small.

One page never stops a release: every stage returns, beside its results, an `Outcome` for
each document it could not handle, and validation quarantines the documents whose rows
break a row rule. All of it lands in the `sources` table. Only release-level failures stop
the build (nothing published, earlier releases untouched): a broken contract, no document
at all, or more failed and quarantined documents than the error budget allows. Those end
the flow run in a Failed state carrying a `BuildFailed` error, without a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.utilities.annotations import quote

from flows import assemble, clean, corpus, ingest, segment, tag, validate
from flows.faults import checkpoint
from flows.provenance import code_fingerprint, pipeline_version, software_versions
from flows.publish import PublishOutcome, StoreBusy, publish, staged_release
from flows.sources import Outcome, Source, SourceLedger, sources_table
from schemas import TABLES

DEFAULT_BATCH_SIZE = 200
DEFAULT_MAX_FAILED_FRACTION = 0.02
"""Error budget: above this share of failed or quarantined documents, a bug is systematic and
the release would be gutted; nothing is published."""
DEPLOYMENT_NAME = "nightly-release"


class BuildFailed(RuntimeError):
    """A release-level failure: nothing was published, and earlier releases are untouched."""


class NoDocuments(BuildFailed):
    """No raw file could be published: there is nothing to release."""


class BudgetExceeded(BuildFailed):
    """Too many documents failed or were quarantined for the release to be trusted."""


@dataclass(frozen=True)
class BuildReport:
    outcome: PublishOutcome
    not_published: list[Source]  # every source that is not in the release, with its reason
    counts: dict[str, int]  # sources per status


def _batch_cache_key(context: TaskRunContext, parameters: dict) -> str:
    return batch_cache_key(context.task.name, parameters["fingerprint"])


def batch_cache_key(stage: str, fingerprint: str) -> str:
    """A stage's cached result for a batch: the batch's content, the corpus statistics and the code."""
    return f"{stage}-{fingerprint}-{code_fingerprint()}"


@dataclass(frozen=True)
class CacheReport:
    entries: int
    megabytes: float
    pruned: int
    pruned_megabytes: float


def prune_cache(folder: Path, used: set[str]) -> CacheReport:
    """Remove the cached results the latest build did not use (other code, other batches): the cache stays
    the size of one build."""
    kept = removed = 0
    kept_bytes = removed_bytes = 0
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        size = entry.stat().st_size
        if entry.is_file() and entry.name not in used:
            entry.unlink()
            removed, removed_bytes = removed + 1, removed_bytes + size
        else:
            kept, kept_bytes = kept + 1, kept_bytes + size
    return CacheReport(kept, round(kept_bytes / 1e6, 1), removed, round(removed_bytes / 1e6, 1))


_cached = dict(cache_key_fn=_batch_cache_key, persist_result=True, cache_result_in_memory=False)
"""A batch's result is persisted for the next build and dropped from memory once the next stage has it."""


@task(name="discover-raw-files", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover_raw_files(raw_dir: Path) -> tuple[list[ingest.RawFile], list[Source]]:
    return ingest.discover(raw_dir)


@task(name="scan-corpus", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def scan_corpus(files: list[ingest.RawFile]) -> corpus.CorpusScan:
    """Near-duplicates and corpus line frequency, streamed over every page once."""
    return corpus.scan(files)


@task(name="ingest", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def ingest_batch(files: list[ingest.RawFile]):
    return ingest.read_batch(files)


@task(name="clean", **_cached)
def clean_batch(documents, frequent: frozenset[str], fingerprint: str):
    return clean.clean_batch(documents, frequent)


@task(name="segment", **_cached)
def segment_batch(documents, fingerprint: str):
    return segment.segment_batch(documents)


@task(name="tag", **_cached)
def tag_batch(documents, fingerprint: str):
    return tag.tag_batch(documents)


@task(name="assemble", **_cached)
def assemble_batch(tagged, fingerprint: str):
    return assemble.assemble_batch(tagged)


@task(name="validate", cache_policy=NO_CACHE)
def validate_batch(tables, reference):
    return validate.quarantine(tables, reference)


def check_folders(raw: Path, output: Path) -> None:
    """The output must not be read back as input: refuse an output folder inside the raw folder."""
    raw_real, output_real = raw.resolve(), output.resolve()
    if output_real == raw_real or output_real.is_relative_to(raw_real):
        raise BuildFailed(f"the output folder {output} is inside the raw folder {raw}: the next build would read its own release")


@flow(name="build-release")
def build_release(
    raw_dir: str = "raw",
    output_dir: str = "output",
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_failed_fraction: float = DEFAULT_MAX_FAILED_FRACTION,
):
    """Build a release from every raw file; publish it unless it equals the latest release.

    Returns a BuildReport, or a Failed state carrying the BuildFailed (or StoreBusy) that stopped it.
    """
    try:
        return _build(Path(raw_dir), Path(output_dir), batch_size, max_failed_fraction)
    except (BuildFailed, StoreBusy, validate.ValidationFailed) as stopped:
        return Failed(message=str(stopped).splitlines()[0], data=stopped)
    except OSError as error:  # the output folder not writable, the disk full: nothing half-written stays
        where = f" ({error.filename})" if error.filename else ""
        why = os.strerror(error.errno) if error.errno else str(error)
        stopped = BuildFailed(f"cannot write the release in {output_dir}: {why}{where}")
        return Failed(message=str(stopped), data=stopped)


def _build(raw: Path, output: Path, batch_size: int, max_failed_fraction: float) -> BuildReport:
    logger = get_run_logger()
    check_folders(raw, output)
    output.mkdir(parents=True, exist_ok=True)
    storage = (output / ".cache" / "task-results").resolve()
    cleaner, *later_stages = [
        t.with_options(result_storage=storage) for t in (clean_batch, segment_batch, tag_batch, assemble_batch)
    ]

    with staged_release(output) as staged:  # takes the store's lock first: a second build stops here
        files, sources = discover_raw_files(raw)
        ledger = SourceLedger(sources)
        for row in sources:
            if row.status != "pending":
                logger.warning("%s %s at discover: %s", row.source_file, row.status, row.reason)

        def settle(outcomes: list[Outcome]) -> None:
            for outcome in outcomes:
                ledger.settle(outcome)
                logger.warning("%s %s at %s: %s", ledger.name_of(outcome.doc_id), outcome.status, outcome.stage, outcome.reason)

        scan = scan_corpus(files)
        settle(scan.duplicates)
        duplicates = {o.doc_id for o in scan.duplicates}
        files = [f for f in files if f.doc_id not in duplicates]
        corpus_key = clean.corpus_fingerprint(scan.frequent_lines)
        found: list[pa.Table] = []  # people found by pattern, batch by batch: entities once every batch is in
        used: set[str] = set()  # cache entries of this build
        processed = 0
        for batch in ingest.batches(files, batch_size):
            documents, unreadable = ingest_batch(batch)
            for row in unreadable:
                ledger.update(row)
                logger.warning("%s rejected at ingest: %s", row.source_file, row.reason)
            for doc in documents:
                ledger.note_decoding(doc.doc_id, doc.encoding, doc.encoding_confidence)
            processed += len(documents)
            fingerprint = f"{ingest.batch_fingerprint(batch)}-{corpus_key[:16]}"
            used |= {batch_cache_key(t.name, fingerprint) for t in (cleaner, *later_stages)}
            # quote(): a batch is a graph of document objects with no futures in it; Prefect need not walk it
            data, outcomes = cleaner(quote(documents), quote(scan.frequent_lines), fingerprint=fingerprint)
            settle(outcomes)
            for stage in later_stages:
                data, outcomes = stage(quote(data), fingerprint=fingerprint)
                settle(outcomes)
            found.append(data["entities"])
            batch = {name: table for name, table in data.items() if name != "entities"}
            tables, outcomes = validate_batch(batch, assemble.with_entities({}, data["entities"]))
            settle(outcomes)
            staged.append(tables)
            checkpoint("after-batch")
        staged.write_once(assemble.with_entities({}, *found))
        counts = ledger.counts()
        _check_budget(counts, processed, max_failed_fraction)
        rows = ledger.rows()
        inputs = [{"source_file": s.source_file, "doc_id": s.doc_id, "sha256": s.sha256, "bytes": s.bytes}
                  for s in rows if s.status == "published"]
        if not inputs:
            raise NoDocuments(f"no raw file in {raw} could be published ({_counts_text(ledger.counts())})")
        accounting = sources_table(rows, TABLES["sources"].arrow_schema)
        published = pa.table({"doc_id": pa.array([i["doc_id"] for i in inputs], pa.string())})
        validate.validate_tables({"sources": accounting, "documents": published}, check=("sources",))
        staged.write_once({"sources": accounting})
        outcome = publish(
            staged,
            inputs=inputs,
            sources=ledger.rows_per_status(),
            build={
                "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "pipeline_version": pipeline_version(),
                "code_fingerprint": code_fingerprint(),
                "software": software_versions(),
                "prefect_flow_run_id": str(flow_run.id) if flow_run.id else None,
                "batch_size": batch_size,
                "max_failed_fraction": max_failed_fraction,
            },
        )
    left_out = [s for s in rows if s.status != "published"]
    logger.info("%s; sources: %s", outcome.message, _counts_text(ledger.rows_per_status()))
    cache = prune_cache(storage, used)
    logger.info("build cache %s: %d entries, %.1f MB; %d unused entries removed (%.1f MB)",
                storage, cache.entries, cache.megabytes, cache.pruned, cache.pruned_megabytes)
    return BuildReport(outcome, left_out, ledger.rows_per_status())


def _check_budget(counts: dict[str, int], processed: int, max_fraction: float) -> None:
    bad = counts.get("failed", 0) + counts.get("quarantined", 0)
    if processed and bad > max_fraction * processed:
        raise BudgetExceeded(
            f"error budget exceeded: {bad} of {processed} documents failed or were quarantined "
            f"({bad / processed:.1%} > {max_fraction:.1%}); a systematic problem, so nothing was published "
            "(see the warnings above; --max-failed-fraction raises the budget)"
        )


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in counts.items()) or "no source"


def scheduled_deployment(raw_dir: str, output_dir: str, cron: str):
    """The deployment that `aic serve` runs: the same flow on a cron schedule."""
    return build_release.to_deployment(
        name=DEPLOYMENT_NAME,
        cron=cron,
        parameters={"raw_dir": str(Path(raw_dir).resolve()), "output_dir": str(Path(output_dir).resolve())},
        tags=["release"],
        description="Rebuild the corpus release; publishes only when the tables changed.",
    )
