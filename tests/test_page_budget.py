"""No page can stall a build: a page over the time budget, or one that kills its worker, leaves as failed
with its reason and the rest is published; 1 MB pathological pages beside the seeds are settled in seconds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pathological import LINES

from flows.faults import CRASH_ON, STALL_ON
from flows.release.query import connect_release
from flows.release_flow import BUILD_STATS, build_release

pytestmark = pytest.mark.usefixtures("prefect_server")

STUCK, CRASH = "PAGE-THAT-HANGS-IN-C", "PAGE-THAT-CRASHES"


def sources(release: Path) -> dict[str, tuple]:
    rows = connect_release(release).sql("SELECT source_file, status, stage, reason FROM sources").fetchall()
    return {name: tuple(rest) for name, *rest in rows}


def assert_seeds_as_alone(release: Path, seed_tables: dict) -> None:
    con = connect_release(release)
    for table in ("documents", "segments", "removed"):
        seeds = seed_tables[table].to_pylist()
        ids = tuple(sorted({r["doc_id"] for r in seeds}))
        mixed = con.sql(f"SELECT * FROM {table} WHERE doc_id IN {ids} ORDER BY ALL").fetchall()
        assert mixed == sorted(tuple(r.values()) for r in seeds), table


def test_a_page_stuck_in_c_code_or_killing_its_worker_leaves_and_the_others_are_published(
        tmp_path: Path, raw_copy: Path, seed_tables: dict, monkeypatch):
    """The stuck page holds the interpreter lock inside the regex engine: only another process can stop it."""
    (raw_copy / "stuck.txt").write_text(f"A stuck page\n\nThe worker hangs on {STUCK}, inside a regular expression.\n")
    (raw_copy / "crash.txt").write_text(f"A fatal page\n\nThe worker dies on {CRASH}, of a segmentation fault.\n")
    monkeypatch.setenv(STALL_ON, STUCK)
    monkeypatch.setenv(CRASH_ON, CRASH)
    output = tmp_path / "output"
    began = time.monotonic()
    report = build_release(raw_dir=str(raw_copy), output_dir=str(output), page_timeout=2, max_failed_fraction=0.5)
    assert time.monotonic() - began < 60
    found = sources(report.outcome.path)
    assert found["stuck.txt"] == ("failed", "clean", "timeout after 2 s")
    assert found["crash.txt"] == ("failed", "clean", "worker process killed by SIGSEGV")
    assert report.counts == {"published": 5, "failed": 2}
    assert_seeds_as_alone(report.outcome.path, seed_tables)

    # a batch that lost a page to its clock is not kept: the next build (the page now well) tries it again
    monkeypatch.delenv(STALL_ON)
    monkeypatch.delenv(CRASH_ON)
    again = build_release(raw_dir=str(raw_copy), output_dir=str(output), page_timeout=2, max_failed_fraction=0.5)
    stats = json.loads((output / ".cache" / BUILD_STATS).read_text())
    assert stats["cached_batches"] == 0
    assert again.counts == {"published": 7}


PATHOLOGICAL = {  # page: (kind of 1 MB line, status, a fragment of the reason)
    "one-token.txt": ("letters and digits", "rejected", "nothing left after cleaning: 1 not_text"),
    "punctuation.txt": ("punctuation", "rejected", "nothing left after cleaning: 1 not_text"),
    "labels.txt": ("labels", "rejected", "repetitive text"),  # 'a: a: a: ...'
}


def test_1_mb_pathological_lines_beside_the_seeds_are_settled_in_seconds(tmp_path: Path, raw_copy: Path,
                                                                          seed_tables: dict):
    """A 1 MB single token, a 1 MB line of punctuation, a 1 MB line of 'a: ' labels: each kept a build busy for
    minutes or forever; together beside the seeds they now take seconds, each left out with its reason."""
    for name, (kind, _, _) in PATHOLOGICAL.items():
        (raw_copy / name).write_text(LINES[kind](1_000_000))
    began = time.monotonic()
    report = build_release(raw_dir=str(raw_copy), output_dir=str(tmp_path / "output"))
    took = time.monotonic() - began
    assert took < 120, f"{took:.0f} s"
    found = sources(report.outcome.path)
    for name, (_, status, reason) in PATHOLOGICAL.items():
        assert found[name][:2] == (status, "clean") and reason in found[name][2], found[name]
    assert report.counts == {"published": 5, "rejected": 3}
    assert_seeds_as_alone(report.outcome.path, seed_tables)
