"""Throughput of each stage on one core, on the seeds repeated to a target size.

Printed figures, not timed tests: run `aic bench` (or `make bench`). The process is pinned
to one CPU and rapidfuzz runs single-threaded, so words/s are per core.
"""

from __future__ import annotations

import os
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
