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
import json
import os
import shutil
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.runtime import flow_run
from prefect.states import Cancelled, Failed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows import corpus, interrupts, pipeline
from flows.faults import checkpoint
from flows.learn.model import model_digests, stated_accuracy
from flows.provenance import code_fingerprint, pipeline_version, software_versions
from flows.reporting import BuildProgress, publish_artifacts
from flows.sources import Outcome, Source, SourceLedger, sources_table
from flows.stages import assemble, clean, ingest, validate
from flows.stages.publish import PublishOutcome, StoreBusy, publish, staged_release
from flows.workers import DEFAULT_BATCH_SIZE, DEFAULT_PAGE_TIMEOUT, available_cores
from schemas import TABLES

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


def forget_batch(key: str, folders: list[Path]) -> None:
    """Remove a batch's cached result (Prefect's record and its tables, both named by the key)."""
    for folder in folders:
        entry = folder / key
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink(missing_ok=True)


def prune_cache(folders: list[Path], used: set[str]) -> CacheReport:
    """Remove the cached results the latest build did not use (other code, other batches): the cache stays
    the size of one build. An entry is a file (Prefect's result record) or a folder (a batch's tables)."""
    kept = removed = 0
    kept_bytes = removed_bytes = 0
    for entry in sorted(e for folder in folders if folder.is_dir() for e in folder.iterdir()):
        size = sum(f.stat().st_size for f in entry.rglob("*") if f.is_file()) if entry.is_dir() else entry.stat().st_size
        if entry.name not in used:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            removed, removed_bytes = removed + 1, removed_bytes + size
        else:
            kept, kept_bytes = kept + 1, kept_bytes + size
    return CacheReport(kept, round(kept_bytes / 1e6, 1), removed, round(removed_bytes / 1e6, 1))


@task(name="discover-raw-files", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover_raw_files(raw_dir: Path) -> tuple[list[ingest.RawFile], list[Source]]:
    return ingest.discover(raw_dir)


@task(name="scan-corpus", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def scan_corpus(files: list[ingest.RawFile], cache: Path, page_timeout: float) -> corpus.CorpusScan:
    """Near-duplicates and corpus line frequency, streamed over the pages the cache does not know."""
    return corpus.scan(files, cache, page_timeout)


@task(name="process-batch", cache_key_fn=_batch_cache_key, persist_result=True)
def process_batch(files: pa.Table, frequent: clean.FrequentLines, fingerprint: str, folder: str,
                  page_timeout: float) -> pipeline.StoredBatch:
    """Every per-document stage on one batch, in a worker process under the per-page time budget; its tables
    go to `folder` (zstd Arrow files) and the task returns a reference to them and the batch's outcomes.
    Prefect persists that small result for the next build, keyed on the batch's content, the corpus
    statistics and the code; the folder has the same key."""
    return pipeline.process_batch(ingest.files_from_arrow(files), frequent, Path(folder), page_timeout)


RUNNERS = ("auto", "inline", "processes", "dask")


@dataclass(frozen=True)
class RunnerPlan:
    """Where the batches run.

    Every batch runs in a worker process forked for it (flows/workers.py: the per-page time budget).
    inline: one batch at a time; processes: `workers` batches at a time, each task a thread of the flow's
    process watching its worker process; dask: prefect-dask's DaskTaskRunner on a local cluster of worker
    processes, or on the existing cluster at `dask_address` (each forks the batch's worker there). auto:
    inline when at most one batch is not in the cache or there is a single core, otherwise processes on
    every core (dask when an address is given). `workers` 0 means one per core.
    """

    kind: str = "auto"
    workers: int = 0
    dask_address: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in RUNNERS:
            raise BuildFailed(f"unknown runner {self.kind!r}: one of {', '.join(RUNNERS)}")

    def resolve(self, batches: int) -> tuple[str, int]:
        """The runner kind for this many batches to process, and how many batches run at once."""
        workers = self.workers or available_cores()
        kind = self.kind
        if kind == "auto":
            kind = "dask" if self.dask_address else "inline" if batches < 2 or workers < 2 else "processes"
        return kind, 1 if kind == "inline" else workers

    def task_runner(self, batches: int) -> TaskRunner:
        kind, workers = self.resolve(batches)
        if kind == "inline":
            return ThreadPoolTaskRunner(max_workers=1)
        if kind == "processes":
            return ThreadPoolTaskRunner(max_workers=workers)
        from prefect_dask import DaskTaskRunner

        if self.dask_address:
            return DaskTaskRunner(address=self.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                              "dashboard_address": None})


def _results_in_order(runner: TaskRunner, batch_task, batches: list[tuple[list[ingest.RawFile], str]],
                      frequent: clean.FrequentLines, folders: Path, window: int,
                      page_timeout: float) -> Iterator[tuple[pipeline.StoredBatch, bool]]:
    """Each batch's result, in batch order (so the release does not depend on which worker finished first),
    with whether it came from the cache. At most `window` batches are submitted and not yet read: memory
    holds that many results, whatever the corpus size."""
    pending: deque = deque()

    def oldest() -> tuple[pipeline.StoredBatch, bool]:
        future = pending.popleft()
        result = future.result()
        return result, future.state.name == "Cached"

    for files, fingerprint in batches:
        # compact parameters: an Arrow table of file references (not walked by Prefect, carried as is by
        # Dask, which would unpack quote()'s tuple or a list of dataclasses) and the set of frequent lines
        folder = str(folders / batch_cache_key(batch_task.name, fingerprint))
        parameters = {"files": ingest.files_to_arrow(files), "frequent": frequent, "fingerprint": fingerprint, "folder": folder,
                      "page_timeout": page_timeout}
        pending.append(runner.submit(batch_task, parameters))
        if len(pending) >= max(window, 1):
            yield oldest()
    while pending:
        yield oldest()


BUILD_STATS = "last-build.json"
"""Run times of the latest build (beside the cache, never in a release): what `aic bench` reads."""


class BuildClock:
    """Wall time of the flow's phases and the time each stage spent inside the batches."""

    def __init__(self) -> None:
        self.started = self._last = time.perf_counter()
        self.phases: dict[str, float] = {}
        self.work: dict[str, float] = {}
        self.stages: dict[str, float] = dict.fromkeys(pipeline.STAGES, 0.0)
        self.pages = self.raw_bytes = self.batches = self.cached_batches = 0

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self._last
        self._last = now

    @contextmanager
    def timing(self, work: str) -> Iterator[None]:
        """Time spent in the flow's own process on `work`, within the current phase."""
        began = time.perf_counter()
        yield
        self.work[work] = self.work.get(work, 0.0) + time.perf_counter() - began

    def add_batch(self, result: pipeline.StoredBatch, cached: bool) -> None:
        self.batches += 1
        self.pages += result.pages
        self.raw_bytes += result.raw_bytes
        if cached:
            self.cached_batches += 1
            return
        for stage, seconds in result.seconds.items():
            self.stages[stage] += seconds

    def stage_lines(self) -> list[str]:
        lines = [f"{phase}: {seconds:.1f} s" for phase, seconds in self.phases.items()]
        lines += [f"{work}: {seconds:.1f} s" for work, seconds in self.work.items()]
        fresh = self.batches - self.cached_batches
        lines.append(f"batches: {self.batches} ({self.cached_batches} from the cache), {self.pages} pages, "
                     f"{self.raw_bytes / 1e6:.1f} MB")
        for stage, seconds in self.stages.items():
            if fresh and seconds:
                lines.append(f"stage {stage}: {seconds:.1f} s of worker time, {self.pages / seconds:.0f} pages/s, "
                             f"{self.raw_bytes / 1e6 / seconds:.2f} MB/s per worker")
        return lines

    def write(self, path: Path, **build: object) -> None:
        stats = {**build, "seconds": round(time.perf_counter() - self.started, 3),
                 "phases": {k: round(v, 3) for k, v in self.phases.items()},
                 "flow_process": {k: round(v, 3) for k, v in self.work.items()},
                 "stages": {k: round(v, 3) for k, v in self.stages.items()},
                 "pages": self.pages, "raw_bytes": self.raw_bytes,
                 "batches": self.batches, "cached_batches": self.cached_batches}
        path.write_text(json.dumps(stats, indent=1) + "\n")


def _entries(folder: Path) -> set[str]:
    return {entry.name for entry in folder.iterdir()} if folder.is_dir() else set()


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
    runner: str = "auto",
    workers: int = 0,
    dask_address: str | None = None,
    public_url: str | None = None,
    page_timeout: float = DEFAULT_PAGE_TIMEOUT,
):
    """Build a release from every raw file; publish it unless it equals the latest release.

    `public_url`, when given, is where the store will be served; the release's metadata links to it.

    Batches run on `runner` (see RUNNERS) with `workers` processes (0: one per core); the release is the
    same byte for byte whichever runs them. A page may hold its worker `page_timeout` seconds, over every
    stage; past that it is taken out as failed. Returns a BuildReport, a Failed state carrying the
    BuildFailed (or StoreBusy) that stopped it, or a Cancelled state when SIGINT or SIGTERM stopped it
    (nothing published, the staging folder and the workers gone).
    """
    try:
        with interrupts.stop_on_signals():
            plan = RunnerPlan(runner, workers, dask_address)
            return _build(Path(raw_dir), Path(output_dir), batch_size, max_failed_fraction, plan, public_url, page_timeout)
    except interrupts.BuildInterrupted as stopped:
        get_run_logger().warning("%s: nothing was published; earlier releases are untouched", stopped)
        return Cancelled(message=f"{stopped}: nothing was published", data=stopped)
    except (BuildFailed, StoreBusy, validate.ValidationFailed) as stopped:
        return Failed(message=str(stopped).splitlines()[0], data=stopped)
    except OSError as error:  # the output folder not writable, the disk full: nothing half-written stays
        where = f" ({error.filename})" if error.filename else ""
        why = os.strerror(error.errno) if error.errno else str(error)
        stopped = BuildFailed(f"cannot write the release in {output_dir}: {why}{where}")
        return Failed(message=str(stopped), data=stopped)


def _build(raw: Path, output: Path, batch_size: int, max_failed_fraction: float, plan: RunnerPlan,
           public_url: str | None = None, page_timeout: float = DEFAULT_PAGE_TIMEOUT) -> BuildReport:
    logger = get_run_logger()
    check_folders(raw, output)
    output.mkdir(parents=True, exist_ok=True)
    storage = (output / ".cache" / "task-results").resolve()  # Prefect's result records, small
    tables_store = (output / ".cache" / "batches").resolve()  # each batch's tables, under the same key
    scan_store = (output / ".cache" / "scan").resolve()  # what the corpus pass keeps of each page
    scan_cache = scan_store / f"pages-{code_fingerprint()[:16]}.arrow"
    batch_task = process_batch.with_options(result_storage=storage)
    clock = BuildClock()

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

        pipeline.warm_up()  # loaded once here, shared by every worker process forked from here
        scan = scan_corpus(files, scan_cache, page_timeout)
        settle(scan.duplicates + scan.taken_out)
        logger.info("corpus pass: %d pages read, %d known from the cache", scan.pages_read, len(files) - scan.pages_read)
        clock.lap("discover and scan")
        gone = {o.doc_id for o in scan.duplicates + scan.taken_out}
        files = [f for f in files if f.doc_id not in gone]
        corpus_key = clean.corpus_fingerprint(scan.frequent_lines)
        found: list[pa.Table] = []  # people found by pattern, batch by batch: entities once every batch is in
        batches = [(batch, f"{ingest.batch_fingerprint(batch)}-{corpus_key[:16]}") for batch in ingest.batches(files, batch_size)]
        used = {batch_cache_key(batch_task.name, fingerprint) for _, fingerprint in batches}  # cache entries of this build
        fresh = len(used - (_entries(storage) & _entries(tables_store)))
        kind, workers = plan.resolve(fresh)  # batches in the cache are read back in this process: no workers to start
        logger.info("%d pages in %d batches (%d not in the cache) on %s (%d worker%s)",
                    len(files), len(batches), fresh, kind, workers, "s" * (workers > 1))
        processed = len(scan.taken_out)  # pages the error budget counts: those the corpus pass took out too
        progress = BuildProgress(len(files), sum(f.size for f in files))
        batch_sizes = iter([(len(batch), sum(f.size for f in batch)) for batch, _ in batches])
        with plan.task_runner(fresh) as task_runner:
            for result, cached in _results_in_order(task_runner, batch_task, batches, scan.frequent_lines, tables_store,
                                                    window=2 * workers, page_timeout=page_timeout):
                progress.advance(*next(batch_sizes))
                for row in result.unreadable:
                    ledger.update(row)
                    logger.warning("%s rejected at ingest: %s", row.source_file, row.reason)
                for decoding in result.decodings:
                    ledger.note_decoding(decoding.doc_id, decoding.encoding, decoding.confidence)
                settle(result.outcomes)
                processed += result.pages
                clock.add_batch(result, cached)
                with clock.timing("append to the staged tables"):
                    tables, found_people = result.read_tables()
                    staged.append(tables)
                found.append(found_people)
                if result.killed:  # a page's time depends on the machine's load: the next build tries again
                    forget_batch(Path(result.folder).name, [storage, tables_store])
                checkpoint("after-batch")
        progress.close()
        clock.lap("batches")
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
            public_url=public_url,
            inputs=inputs,
            sources=ledger.rows_per_status(),
            build={
                "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "pipeline_version": pipeline_version(),
                "code_fingerprint": code_fingerprint(),
                "models": model_digests(),
                "accuracy": stated_accuracy(),
                "software": software_versions(),
                "prefect_flow_run_id": str(flow_run.id) if flow_run.id else None,
                "batch_size": batch_size,
                "max_failed_fraction": max_failed_fraction,
            },
        )
    clock.lap("write and publish")
    publish_artifacts(outcome, ledger.rows_per_status(), rows)
    left_out = [s for s in rows if s.status != "published"]
    logger.info("%s; sources: %s", outcome.message, _counts_text(ledger.rows_per_status()))
    cache = prune_cache([storage, tables_store, scan_store], used | {scan_cache.name})
    logger.info("build cache %s: %d entries, %.1f MB; %d unused entries removed (%.1f MB)",
                storage.parent, cache.entries, cache.megabytes, cache.pruned, cache.pruned_megabytes)
    for line in clock.stage_lines():
        logger.info(line)
    clock.write(output / ".cache" / BUILD_STATS, runner=kind, workers=workers, batch_size=batch_size)
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


def scheduled_deployment(raw_dir: str, output_dir: str, cron: str | None = None, interval_seconds: int | None = None):
    """The deployment that `aic schedule` runs (prefect.yaml declares the same one for `prefect deploy`): the flow on a
    cron schedule, or every `interval_seconds`; one run at a time (a second build would wait for the store's lock)."""
    return build_release.to_deployment(
        name=DEPLOYMENT_NAME,
        **({"interval": interval_seconds} if interval_seconds else {"cron": cron}),
        concurrency_limit=1,
        parameters={"raw_dir": str(Path(raw_dir).resolve()), "output_dir": str(Path(output_dir).resolve())},
        tags=["release"],
        description="Rebuild the corpus release; publishes only when the tables changed.",
    )
