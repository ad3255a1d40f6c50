"""The benchmark's corpus generator and its end-to-end command (figures are printed, never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_DIR

from flows.bench.generate import generate


def test_the_generator_is_deterministic_and_varied(tmp_path: Path):
    first = [p.read_bytes() for p in generate(SEED_DIR, tmp_path / "a", 12, seed=7)]
    again = [p.read_bytes() for p in generate(SEED_DIR, tmp_path / "b", 12, seed=7)]
    other = [p.read_bytes() for p in generate(SEED_DIR, tmp_path / "c", 12, seed=8)]
    assert first == again and first != other
    assert len(set(first)) == len(first)
    sizes = sorted(len(page) for page in first)
    assert sizes[-1] > 5 * sizes[0]  # sizes spread over 1 KB to 200 KB, not one page repeated


@pytest.mark.slow  # 80 s: a generated corpus built end to end (make bench runs it for real)
def test_bench_builds_a_generated_corpus_end_to_end_and_writes_its_figures(tmp_path: Path):
    figures = tmp_path / "bench.json"
    aic = str(Path(sys.executable).with_name("aic"))
    done = subprocess.run([aic, "bench", "--raw", str(SEED_DIR), "--pages", "6", "--json", str(figures)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(figures.read_text())
    assert {"pages", "raw_megabytes", "seconds", "pages_per_second", "megabytes_per_second", "peak_rss_megabytes",
            "peak_rss_total_megabytes", "words_per_second_per_core", "release_megabytes", "sources", "exit_code",
            "startup_seconds", "outside_stages_seconds", "rebuild_unchanged_seconds",
            "rebuild_one_new_page_seconds", "cache_megabytes"} <= set(data)
    assert data["pages"] == 6 and sum(data["sources"].values()) == 6
    assert set(data["stage_seconds"]) == {"ingest", "clean", "segment", "tag", "assemble", "validate"}
    assert data["rebuild_one_new_page_batches"][0] >= 1  # the rebuild with one more page ran and said how
    assert "end to end: 6 generated pages" in done.stdout and "rebuild, nothing changed" in done.stdout
