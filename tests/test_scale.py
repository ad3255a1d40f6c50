"""Scale: hundreds of documents, several batches and row groups, the same bytes whatever the batch size.

Slow (about a minute): run with `make test-slow`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import SEED_DIR, publish_batches, tables_for

from flows.stages import publish as publishing
from flows.stages.ingest import batches, discover, read_batch

pytestmark = pytest.mark.slow

COPIES = 120  # 5 seeds x 120 = 600 documents


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds, each copied COPIES times with a distinct first line (distinct bytes, distinct doc_id)."""
    folder = tmp_path_factory.mktemp("corpus")
    for seed in sorted(SEED_DIR.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for copy in range(COPIES):
            (folder / f"{copy:04d}_{seed.name}").write_text(f"Edition {copy}\n\n{text}", encoding="utf-8")
    return folder


def build(corpus: Path, output: Path, batch_size: int):
    files, sources = discover(corpus)
    assert {s.status for s in sources} == {"pending"}
    return publish_batches(output, [tables_for(read_batch(batch)[0]) for batch in batches(files, batch_size)])


def test_batch_size_does_not_change_a_byte(corpus: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(publishing, "ROW_GROUP_ROWS", 5_000)
    small = build(corpus, tmp_path / "small", 37)
    large = build(corpus, tmp_path / "large", 250)
    assert small.row_counts["documents"] == 5 * COPIES
    assert small.row_counts == large.row_counts
    files = sorted(path.relative_to(small.path) for path in small.path.rglob("*.parquet"))
    assert files == sorted(path.relative_to(large.path) for path in large.path.rglob("*.parquet"))
    for path in files:
        assert hashlib.sha256((small.path / path).read_bytes()).digest() == hashlib.sha256((large.path / path).read_bytes()).digest()
    mentions = pq.ParquetFile(max((small.path / "data" / "mentions").iterdir(), key=lambda p: p.stat().st_size))
    assert mentions.num_row_groups > 10
    assert {mentions.metadata.row_group(i).num_rows for i in range(mentions.num_row_groups - 1)} == {5_000}
