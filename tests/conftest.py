"""Shared fixtures. Prefect settings are fixed here, before anything imports prefect."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="aic-prefect-home-")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="aic-user-cache-")  # checksums verified by `aic query`
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")

from flows.sources import Source, sources_table
from flows.stages.assemble import assemble_batch, with_entities
from flows.stages.clean import clean_batch
from flows.stages.ingest import RawDocument, discover, read_batch
from flows.stages.segment import segment_batch
from flows.stages.tag import tag_batch
from schemas import BATCH_TABLES, TABLES

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "raw"
SEED_FILES = sorted(p.name for p in SEED_DIR.glob("*.txt"))


def seed_document(name: str) -> RawDocument:
    data = (SEED_DIR / name).read_bytes()
    return RawDocument(name, hashlib.sha256(data).hexdigest(), len(data), data.decode("utf-8"))


def document_from_text(text: str, name: str = "invented.txt") -> RawDocument:
    data = text.encode("utf-8")
    return RawDocument(name, hashlib.sha256(data).hexdigest(), len(data), text)


def segmented(*blocks: str):
    """An invented page of the given blocks (blank lines between them), cleaned and segmented."""
    from flows.stages.clean import clean_document
    from flows.stages.segment import segment_document

    return segment_document(clean_document(document_from_text("\n\n".join(blocks) + "\n")))


def people_in(text: str) -> dict[str, str]:
    """The people found in a text, by name, with the method that found each."""
    from flows.language.entities import find_mentions
    from flows.language.people import find_people
    from flows.stages.tag import knowledge_base

    kb = knowledge_base()
    found = find_people(text, find_mentions(text, [], kb), [], kb)
    return {e.name: next(m.method for m in found.mentions if m.entity_id == e.id) for e in found.entities}


def tables_for(documents: list[RawDocument]) -> dict:
    """All stages after ingest, without Prefect, on one batch (the batch's tables); no page may fail."""
    cleaned, outcomes = clean_batch(documents)
    segmented, more = segment_batch(cleaned)
    outcomes += more
    tagged, more = tag_batch(segmented)
    outcomes += more
    tables, more = assemble_batch(tagged)
    assert outcomes + more == [], outcomes + more
    return tables


def tables_from(raw_dir: Path) -> dict:
    """All stages without Prefect, on every file of raw_dir, as one batch."""
    files, _ = discover(raw_dir)
    documents, _ = read_batch(files)
    return tables_for(documents)


@pytest.fixture(scope="session")
def seed_tables() -> dict:
    """Every published table of the seeds, the knowledge base included."""
    return with_entities(tables_from(SEED_DIR))


def publish_batches(output: Path, batches: list[dict], public_url: str | None = None):
    """Validate and publish batches as the flow does (reference tables written once)."""
    from flows.stages.publish import publish, staged_release
    from flows.stages.validate import validate_tables

    reference = with_entities({}, *(tables["entities"] for tables in batches if "entities" in tables))
    with staged_release(output) as staged:
        staged.write_once(reference)
        published = []
        for tables in batches:
            batch = {name: t for name, t in tables.items() if name in BATCH_TABLES}
            validate_tables(batch | reference)
            staged.append(batch)
            published += [
                Source(d["source_file"], d["raw_sha256"], d["raw_bytes"], "text", "utf-8", 1.0, "published", doc_id=d["doc_id"])
                for d in batch["documents"].select(["source_file", "raw_sha256", "raw_bytes", "doc_id"]).to_pylist()
            ]
        rows = sorted(published, key=lambda s: s.source_file)
        staged.write_once({"sources": sources_table(rows, TABLES["sources"].arrow_schema)})
        return publish(staged, inputs=[], sources={"published": len(rows)}, build={"built_at": "test"},
                       public_url=public_url)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed files, for tests that add or break inputs."""
    target = tmp_path / "raw"
    shutil.copytree(SEED_DIR, target)
    return target


@pytest.fixture(scope="session")
def prefect_server():
    """One real Prefect API server (SQLite, temporary) for every flow test in the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield
