"""Batches run in parallel on a local process pool or a Dask cluster give the same release, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_DIR

from flows.release_flow import BUILD_STATS, RunnerPlan, build_release
from schemas import TABLES

pytestmark = pytest.mark.usefixtures("prefect_server")


def build(output: Path, **runner) -> dict[str, bytes]:
    """Build the seeds in batches of about two pages; the bytes of every published file."""
    state = build_release(raw_dir=str(SEED_DIR), output_dir=str(output), batch_size=2, return_state=True, **runner)
    release = state.result().outcome.path
    stats = json.loads((output / ".cache" / BUILD_STATS).read_text())
    assert stats["batches"] >= 2 and stats["cached_batches"] == 0  # really several batches, none from a cache
    assert stats["runner"] == runner["runner"]
    tables = {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*.parquet"))}
    assert len(tables) >= len(TABLES)
    return tables


@pytest.fixture(scope="module")
def inline_release(tmp_path_factory) -> dict[str, bytes]:
    return build(tmp_path_factory.mktemp("inline") / "output", runner="inline")


@pytest.mark.slow  # 20 s: a dask cluster's start-up
def test_a_local_dask_cluster_of_two_workers_builds_the_same_bytes(tmp_path: Path, inline_release):
    assert build(tmp_path / "output", runner="dask", workers=2) == inline_release


def test_a_local_process_pool_builds_the_same_bytes(tmp_path: Path, inline_release):
    assert build(tmp_path / "output", runner="processes", workers=2) == inline_release


def test_auto_runs_inline_for_one_batch_and_on_every_core_for_more():
    assert RunnerPlan("auto", workers=2).resolve(batches=1) == ("inline", 1)
    assert RunnerPlan("auto", workers=2).resolve(batches=5) == ("processes", 2)
    assert RunnerPlan("auto", workers=2, dask_address="tcp://127.0.0.1:8786").resolve(batches=5) == ("dask", 2)
    assert RunnerPlan("inline", workers=4).resolve(batches=5) == ("inline", 1)
