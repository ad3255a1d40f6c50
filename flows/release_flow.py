"""The Prefect flow that builds a release, and its scheduled deployment.

Tasks are thin wrappers around the stage functions: they add the cache (keyed on the
batch's content fingerprint and the code fingerprint, stored under <output>/.cache so it
survives a fresh PREFECT_HOME), retries for file IO, and logging. Each task handles a
batch of documents, never a single line or file, to keep Prefect's per-task cost small.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.runtime import flow_run

from flows import assemble, clean, ingest, segment, tag, validate
from flows.provenance import code_fingerprint, pipeline_version, software_versions
from flows.publish import PublishOutcome, publish, staged_release

DEFAULT_BATCH_SIZE = 200
DEPLOYMENT_NAME = "nightly-release"


class NoDocuments(RuntimeError):
    """No raw file could be ingested: there is nothing to publish."""


@dataclass(frozen=True)
class BuildReport:
    outcome: PublishOutcome
    rejected: list[ingest.IngestError]


def _batch_cache_key(context: TaskRunContext, parameters: dict) -> str:
    return f"{context.task.name}-{parameters['fingerprint']}-{code_fingerprint()}"


_cached = dict(cache_key_fn=_batch_cache_key, persist_result=True)


@task(name="discover-raw-files", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover_raw_files(raw_dir: Path) -> tuple[list[ingest.RawFile], list[ingest.IngestError]]:
    return ingest.discover(raw_dir)


@task(name="ingest", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def ingest_batch(files: list[ingest.RawFile], raw_dir: Path):
    return ingest.read_batch(files, raw_dir)


@task(name="count-corpus-lines", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def count_corpus_lines(files: list[ingest.RawFile], raw_dir: Path) -> frozenset[str]:
    """Corpus-level line frequency (boilerplate shared by many pages), streamed over every file."""
    return clean.frequent_lines(ingest.iter_documents(files, raw_dir))


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
def validate_batch(tables, reference) -> None:
    validate.validate_tables(tables | reference)


@flow(name="build-release")
def build_release(
    raw_dir: str = "raw", output_dir: str = "output", batch_size: int = DEFAULT_BATCH_SIZE
) -> BuildReport:
    """Build a release from every raw file; publish it unless it equals the latest release."""
    logger = get_run_logger()
    raw, output = Path(raw_dir), Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    storage = (output / ".cache" / "task-results").resolve()
    cleaner, *later_stages = [
        t.with_options(result_storage=storage) for t in (clean_batch, segment_batch, tag_batch, assemble_batch)
    ]

    files, rejected = discover_raw_files(raw)
    frequent = count_corpus_lines(files, raw)
    corpus = clean.corpus_fingerprint(frequent)
    inputs: list[dict] = []
    reference = assemble.reference_tables()
    with staged_release(output) as staged:
        staged.write_reference(reference)
        for batch in ingest.batches(files, batch_size):
            documents, errors = ingest_batch(batch, raw)
            rejected += errors
            fingerprint = f"{ingest.batch_fingerprint(batch)}-{corpus[:16]}"
            data = cleaner(documents, frequent, fingerprint=fingerprint)
            for stage in later_stages:
                data = stage(data, fingerprint=fingerprint)
            validate_batch(data, reference)
            staged.append(data)
            inputs += [
                {"source_file": d.source_file, "doc_id": d.doc_id, "sha256": d.raw_sha256, "bytes": d.raw_bytes}
                for d in documents
            ]
        for error in rejected:
            logger.warning("rejected raw file %s", error)
        if not inputs:
            raise NoDocuments(f"no raw file in {raw} could be ingested ({len(rejected)} rejected)")
        outcome = publish(
            staged,
            inputs=sorted(inputs, key=lambda i: i["source_file"]),
            rejected=[asdict(e) for e in rejected],
            build={
                "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "pipeline_version": pipeline_version(),
                "code_fingerprint": code_fingerprint(),
                "software": software_versions(),
                "prefect_flow_run_id": str(flow_run.id) if flow_run.id else None,
                "batch_size": batch_size,
            },
        )
    logger.info(outcome.message)
    return BuildReport(outcome, rejected)


def scheduled_deployment(raw_dir: str, output_dir: str, cron: str):
    """The deployment that `aic serve` runs: the same flow on a cron schedule."""
    return build_release.to_deployment(
        name=DEPLOYMENT_NAME,
        cron=cron,
        parameters={"raw_dir": str(Path(raw_dir).resolve()), "output_dir": str(Path(output_dir).resolve())},
        tags=["release"],
        description="Rebuild the corpus release; publishes only when the tables changed.",
    )
