"""Throughput of each stage on one core, on the seeds repeated to a target size; and end to end,
a release of a generated corpus built by `aic build` (flows/generate.py).

Printed figures, not timed tests: run `aic bench` (or `make bench`). For the stage figures the
process is pinned to one CPU and rapidfuzz runs single-threaded, so words/s are per core; the
end-to-end build runs unpinned, as a user runs it.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flows import assemble, clean, ingest, segment, tag, validate


@dataclass(frozen=True)
class StageTiming:
    stage: str
    seconds: float
    words: int
    raw_bytes: int

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else float("inf")


def pin_to_one_core() -> int | None:
    """Run on a single CPU so the figures are per core; returns the CPU used (None if unsupported)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def seed_corpus(raw_dir: Path, target_bytes: int) -> list[ingest.RawDocument]:
    """The raw documents repeated until their total size reaches target_bytes.

    Each copy gets a distinct first line so that no per-text cache or repeat rule can
    treat copies as one document.
    """
    files, _ = ingest.discover(raw_dir)
    seeds, _ = ingest.read_batch(files)
    if not seeds:
        raise ValueError(f"no readable raw file in {raw_dir}")
    corpus, size, copy = [], 0, 0
    while size < target_bytes:
        for seed in seeds:
            text = f"Copy {copy} of {seed.source_file}\n{seed.text}"
            data = text.encode("utf-8")
            corpus.append(ingest.RawDocument(f"{copy}/{seed.source_file}", f"{copy:08x}{seed.raw_sha256[8:]}", len(data), text))
            size += len(data)
        copy += 1
    return corpus


def run(raw_dir: Path, target_megabytes: float = 5.0, batch_size: int = 200) -> list[StageTiming]:
    documents = seed_corpus(raw_dir, int(target_megabytes * 1_000_000))
    words = sum(len(d.text.split()) for d in documents)
    raw_bytes = sum(d.raw_bytes for d in documents)
    timings: dict[str, float] = {}

    def timed(name: str, fn: Callable, *args):
        start = time.perf_counter()
        result = fn(*args)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        return result

    frequent = timed("corpus line frequency", clean.frequent_lines, documents)
    for start in range(0, len(documents), batch_size):
        batch = documents[start : start + batch_size]
        cleaned, _ = timed("clean", clean.clean_batch, batch, frequent)
        segmented, _ = timed("segment", segment.segment_batch, cleaned)
        tagged, _ = timed("tag", tag.tag_batch, segmented)
        tables, _ = timed("assemble", assemble.assemble_batch, tagged)
        batch_tables = {name: table for name, table in tables.items() if name != "entities"}
        timed("validate", validate.quarantine, batch_tables, assemble.with_entities({}, tables["entities"]))
    return [StageTiming(name, seconds, words, raw_bytes) for name, seconds in timings.items()]


def report(timings: list[StageTiming], cpu: int | None) -> str:
    first = timings[0]
    lines = [
        f"corpus: {first.raw_bytes / 1e6:.1f} MB raw, {first.words:,} words; one core (cpu {cpu})",
        f"{'stage':<24}{'seconds':>9}{'words/s':>14}{'MB/s':>8}",
    ]
    for t in timings:
        lines.append(f"{t.stage:<24}{t.seconds:>9.2f}{t.words_per_second:>14,.0f}{t.raw_bytes / 1e6 / t.seconds:>8.2f}")
    total = sum(t.seconds for t in timings)
    lines.append(f"{'all stages':<24}{total:>9.2f}{first.words / total:>14,.0f}{first.raw_bytes / 1e6 / total:>8.2f}")
    return "\n".join(lines)


def end_to_end(seed_dir: Path, pages: int, workdir: Path, seed: int = 1) -> dict:
    """Generate `pages` pages (flows/generate.py), build a release of them with `aic build` in a child
    process, and measure it: wall time, throughput, the child's peak RSS, the release's size."""
    from flows.generate import generate

    raw, output = workdir / "raw", workdir / "output"
    paths = generate(seed_dir, raw, pages, seed)
    raw_bytes = sum(p.stat().st_size for p in paths)
    aic = str(Path(sys.executable).with_name("aic"))
    start = time.perf_counter()
    done = subprocess.run([aic, "build", "--raw", str(raw), "--output", str(output)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    release = output / "releases"
    files = [p for p in release.rglob("*") if p.is_file()] if release.exists() else []
    manifest = next((json.loads(p.read_text()) for p in files if p.name == "manifest.json"), {})
    return {
        "pages": pages,
        "seed": seed,
        "raw_megabytes": round(raw_bytes / 1e6, 3),
        "exit_code": done.returncode,
        "seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 1),
        "megabytes_per_second": round(raw_bytes / 1e6 / seconds, 3),
        "peak_rss_megabytes": round(peak_kib / 1024, 1),
        "release_megabytes": round(sum(p.stat().st_size for p in files) / 1e6, 3),
        "sources": manifest.get("sources", {}),
        "error": done.stderr.strip().splitlines()[-1] if done.returncode and done.stderr.strip() else None,
    }


def end_to_end_report(figures: dict) -> str:
    return (
        f"end to end: {figures['pages']:,} generated pages, {figures['raw_megabytes']:.1f} MB raw: "
        f"{figures['seconds']:.1f} s, {figures['pages_per_second']:.1f} pages/s, {figures['megabytes_per_second']:.2f} MB/s, "
        f"peak RSS {figures['peak_rss_megabytes']:.0f} MB, release {figures['release_megabytes']:.1f} MB, "
        f"sources {figures['sources']}, exit {figures['exit_code']}"
    )
