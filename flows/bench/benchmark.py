"""Throughput of each stage on one core, on the seeds repeated to a target size; and end to end,
a release of a generated corpus built by `aic build` (flows/bench/generate.py).

Printed figures, not timed tests: run `aic bench` (or `make bench`). For the stage figures the
process is pinned to one CPU and rapidfuzz runs single-threaded, so words/s are per core; the
end-to-end build runs unpinned, as a user runs it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flows import pipeline
from flows.release.store import DOCUMENT_PAGES, table_files, table_glob
from flows.stages import clean, ingest


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
    start = time.perf_counter()
    frequent = clean.frequent_lines(documents)
    timings["corpus line frequency"] = time.perf_counter() - start
    for start in range(0, len(documents), batch_size):
        for stage, seconds in pipeline.run_documents(documents[start : start + batch_size], frequent).seconds.items():
            timings[stage] = timings.get(stage, 0.0) + seconds
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


@dataclass(frozen=True)
class Measured:
    exit_code: int
    seconds: float
    peak_process_megabytes: float  # the largest single process
    peak_total_megabytes: float  # the whole process tree at once (the flow and its workers), RSS summed
    peak_proportional_megabytes: float  # the same tree by PSS: a page that forked workers share counted once
    stdout: str
    stderr: str


def run_measured(command: list[str], workdir: Path, sample_seconds: float = 0.1) -> Measured:
    """Run a command, sampling the memory of its whole process tree (psutil) until it ends: resident (RSS, what each
    process maps, so pages that forked workers share with the flow count once per process) and proportional
    (PSS: each shared page divided among the processes that share it; their sum is what the tree takes)."""
    import psutil

    out, err = workdir / "stdout.log", workdir / "stderr.log"
    peak_one = peak_all = peak_proportional = 0
    with out.open("w") as stdout, err.open("w") as stderr:
        start = time.perf_counter()
        process = psutil.Popen(command, stdout=stdout, stderr=stderr)
        while process.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                memory = [p.memory_full_info() for p in tree]
            except psutil.Error:
                continue  # a worker ended while being measured
            sizes = [m.rss for m in memory]
            peak_one, peak_all = max(peak_one, *sizes), max(peak_all, sum(sizes))
            peak_proportional = max(peak_proportional, sum(m.pss for m in memory))
            time.sleep(sample_seconds)
        seconds = time.perf_counter() - start
    return Measured(process.returncode, seconds, peak_one / 2**20, peak_all / 2**20, peak_proportional / 2**20,
                    out.read_text(), err.read_text())


def _aic_build(raw: Path, output: Path, workdir: Path, runner: str) -> tuple[Measured, dict]:
    aic = str(Path(sys.executable).with_name("aic"))
    done = run_measured([aic, "build", "--raw", str(raw), "--output", str(output), "--runner", runner], workdir)
    stats_file = output / ".cache" / "last-build.json"
    return done, json.loads(stats_file.read_text()) if done.exit_code == 0 and stats_file.exists() else {}


@contextlib.contextmanager
def prefect_server(shared: bool) -> Iterator[None]:
    """With `shared`, one Prefect server for every build the benchmark starts (PREFECT_API_URL, which the builds
    inherit): what a build of the scheduled deployment finds. Otherwise each build starts its own temporary one."""
    if not shared:
        yield
        return
    from flows.server import build_api_server

    with build_api_server():
        yield


def end_to_end(seed_dir: Path, pages: int, workdir: Path, seed: int = 1, runner: str = "auto",
               repeat: int = 1, peer_python: Path | None = None) -> dict:
    """Generate `pages` pages (flows/bench/generate.py) and build a release of them with `aic build` in a child
    process, `repeat` times from scratch (the median is reported); then rebuild with nothing changed, and
    with one new page. With `peer_python`, also run the datatrove peer (flows/bench/peer.py) on the same pages."""
    from flows.bench.generate import generate

    raw = workdir / "raw"
    paths = generate(seed_dir, raw, pages, seed)
    raw_bytes = sum(p.stat().st_size for p in paths)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    runs = []
    for attempt in range(max(repeat, 1)):
        output = workdir / f"output-{attempt}"
        runs.append((*_aic_build(raw, output, workdir, runner), output))
    runs.sort(key=lambda run: run[0].seconds)
    done, stats, output = runs[len(runs) // 2]
    release = output / "releases"
    files = [p for p in release.rglob("*") if p.is_file()] if release.exists() else []
    manifest = next((json.loads(p.read_text()) for p in files if p.name == "manifest.json"), {})
    stage_seconds = stats.get("stages", {})
    workers = stats.get("workers", 1)
    batches_wall = stats.get("phases", {}).get("batches", 0.0)
    figures = {
        "pages": pages,
        "seed": seed,
        "raw_megabytes": round(raw_bytes / 1e6, 3),
        "words": words,
        "runner": stats.get("runner"),
        "workers": workers,
        "exit_code": done.exit_code,
        "runs_seconds": [round(run[0].seconds, 2) for run in runs],
        "seconds": round(done.seconds, 2),
        "pages_per_second": round(pages / done.seconds, 1),
        "megabytes_per_second": round(raw_bytes / 1e6 / done.seconds, 3),
        "words_per_second_per_core": round(words / done.seconds / workers),
        "peak_rss_megabytes": round(done.peak_process_megabytes, 1),
        "peak_rss_total_megabytes": round(done.peak_total_megabytes, 1),
        "peak_pss_total_megabytes": round(done.peak_proportional_megabytes, 1),
        "release_megabytes": round(sum(p.stat().st_size for p in files) / 1e6, 3),
        "sources": manifest.get("sources", {}),
        "flow_seconds": stats.get("seconds"),
        "startup_seconds": round(done.seconds - stats.get("seconds", done.seconds), 2),
        "phases": stats.get("phases", {}),
        "flow_process": stats.get("flow_process", {}),
        "stage_seconds": stage_seconds,
        # batches' wall time beyond the stage work spread over the workers: task runs, result persistence,
        # worker start-up and waiting (measured alone with --runner inline)
        "outside_stages_seconds": round(batches_wall - sum(stage_seconds.values()) / workers
                                        - sum(stats.get("flow_process", {}).values()), 2) if stats else None,
        "error": done.stderr.strip().splitlines()[-1] if done.exit_code and done.stderr.strip() else None,
    }
    if done.exit_code == 0:
        rebuild, _ = _aic_build(raw, output, workdir, runner)
        generate(seed_dir, workdir / "one-more", 1, seed + 1)[0].rename(raw / "new-page.txt")
        store_before = disk_use(output / "releases")
        one_more, one_more_stats = _aic_build(raw, output, workdir, runner)
        newest = max((p for p in (output / "releases").iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
        figures |= {
            "store_megabytes_before": round(store_before / 1e6, 2),
            "store_megabytes_after": round(disk_use(output / "releases") / 1e6, 2),
            "new_release_megabytes": round(sum(p.stat().st_size for p in newest.rglob("*") if p.is_file()) / 1e6, 2),
            "rebuild_unchanged_seconds": round(rebuild.seconds, 2),
            "rebuild_unchanged_share": round(rebuild.seconds / done.seconds, 3),
            "rebuild_one_new_page_seconds": round(one_more.seconds, 2),
            "rebuild_one_new_page_share": round(one_more.seconds / done.seconds, 3),
            "rebuild_one_new_page_batches": [one_more_stats.get("batches"), one_more_stats.get("cached_batches")],
            "cache_megabytes": round(sum(p.stat().st_size for p in (output / ".cache").rglob("*") if p.is_file()) / 1e6, 1),
        }
        (raw / "new-page.txt").unlink()
    if peer_python is not None:
        figures["peer"] = run_peer(peer_python, paths, workdir, workers)
        figures["speed_ratio"] = round(figures["peer"]["seconds"] / done.seconds, 2)
    return figures


def disk_use(folder: Path) -> int:
    """Bytes a folder takes as `du` counts them: a file with several hard links once."""
    seen: dict[tuple[int, int], int] = {}
    for path in folder.rglob("*"):
        stat = path.stat()
        if path.is_file():
            seen[(stat.st_dev, stat.st_ino)] = stat.st_blocks * 512
    return sum(seen.values())


PEER_SHARDS = 8


def run_peer(python: Path, paths: list[Path], workdir: Path, workers: int) -> dict:
    """The datatrove pipeline of flows/bench/peer.py on the same pages, written as JSON lines in PEER_SHARDS shards
    beforehand (not timed: datatrove reads JSON lines, we read the page files)."""
    shards = workdir / "peer-input"
    shards.mkdir()
    handles = [(shards / f"{n:02d}.jsonl").open("w", encoding="utf-8") for n in range(PEER_SHARDS)]
    for number, path in enumerate(paths):
        record = {"id": path.name, "text": path.read_text(encoding="utf-8")}
        handles[number % PEER_SHARDS].write(json.dumps(record, ensure_ascii=False) + "\n")
    for handle in handles:
        handle.close()
    script = Path(__file__).with_name("peer.py")
    done = run_measured([str(python), str(script), str(shards), str(workdir / "peer-output"),
                         "--workers", str(workers), "--tasks", str(PEER_SHARDS)], workdir)
    raw_bytes = sum(p.stat().st_size for p in paths)
    return {
        "tool": "datatrove 0.10.1: JsonlReader, FTFYFormatter, GopherRepetitionFilter, GopherQualityFilter, ParquetWriter",
        "exit_code": done.exit_code,
        "seconds": round(done.seconds, 2),
        "megabytes_per_second": round(raw_bytes / 1e6 / done.seconds, 3),
        "peak_rss_megabytes": round(done.peak_process_megabytes, 1),
        "peak_rss_total_megabytes": round(done.peak_total_megabytes, 1),
        "peak_pss_total_megabytes": round(done.peak_proportional_megabytes, 1),
        "error": done.stderr.strip().splitlines()[-1] if done.exit_code and done.stderr.strip() else None,
    }


def end_to_end_report(figures: dict) -> str:
    lines = [
        f"end to end: {figures['pages']:,} generated pages, {figures['raw_megabytes']:.1f} MB raw, runner "
        f"{figures['runner']} with {figures['workers']} worker(s): {figures['seconds']:.1f} s "
        f"(runs {figures['runs_seconds']}), {figures['pages_per_second']:.1f} pages/s, "
        f"{figures['megabytes_per_second']:.2f} MB/s, {figures['words_per_second_per_core']:,} words/s per core",
        f"  peak RSS {figures['peak_rss_megabytes']:.0f} MB in one process, {figures['peak_rss_total_megabytes']:.0f} MB "
        f"for the flow and its workers (PSS, shared pages once: {figures['peak_pss_total_megabytes']:.0f} MB); release {figures['release_megabytes']:.1f} MB; sources {figures['sources']}; "
        f"exit {figures['exit_code']}",
        f"  start-up {figures['startup_seconds']} s; flow phases {figures['phases']}; in the flow's process "
        f"{figures['flow_process']}; outside the stages (Prefect, workers' start, waiting) "
        f"{figures['outside_stages_seconds']} s",
        f"  stages (worker seconds): {figures['stage_seconds']}",
    ]
    if "rebuild_unchanged_seconds" in figures:
        lines.append(
            f"  rebuild, nothing changed: {figures['rebuild_unchanged_seconds']} s ({figures['rebuild_unchanged_share']:.0%}"
            f" of the build); one new page: {figures['rebuild_one_new_page_seconds']} s "
            f"({figures['rebuild_one_new_page_share']:.0%}; batches, from the cache: "
            f"{figures['rebuild_one_new_page_batches']}); cache {figures['cache_megabytes']} MB")
        lines.append(
            f"  store on disk (du, hard links once) {figures['store_megabytes_before']} MB -> "
            f"{figures['store_megabytes_after']} MB with the one-new-page release, whose files total "
            f"{figures['new_release_megabytes']} MB")
    if "peer" in figures:
        peer = figures["peer"]
        lines.append(
            f"  peer ({peer['tool']}): {peer['seconds']} s, {peer['megabytes_per_second']:.2f} MB/s, peak RSS "
            f"{peer['peak_rss_megabytes']:.0f} MB in one process, {peer['peak_rss_total_megabytes']:.0f} MB in all "
            f"(PSS {peer['peak_pss_total_megabytes']:.0f} MB), "
            f"exit {peer['exit_code']}; ours is {figures['speed_ratio']}x its speed")
    return "\n".join(lines)


QUERY_TABLES = ("documents", "segments", "sentences", "quotes")
"""The tables the search index and the group-by read: repeated to make a larger release."""
GROUP_BY = "SELECT doc_id, count(*) AS sentences, sum(length(text)) AS characters FROM sentences GROUP BY doc_id"
SEARCH_QUERIES: tuple[tuple[str, dict], ...] = (
    ("Taliban", {}), ("resistance", {}), ("Panjshir", {}), ("women", {}), ("negotiations", {}),
    ("Massoud", {}), ("Pakistan", {}), ("elections", {}), ("Doha agreement", {}), ("women rights", {}),
    ("Taliban OR Pakistan", {}), ("peace OR war", {}), ('"the Taliban"', {}), ('"National Resistance Front"', {}),
    ("Taliban", {"speaker": "Massoud"}), ("resistance", {"since": dt.date(2021, 9, 1)}), ("ISI", {"match_case": True}),
    ("Kabul airport", {}), ("Panjshir valley", {"limit": 50}), ("humanitarian aid", {}),
)
"""Twenty searches: words, several words, OR, phrases, a speaker, a date, --match-case and a longer list."""


def as_typed(text: str, options: dict) -> str:
    """A search as `aic search` is given it: the query, then its options."""
    flags = [f"--{name.replace('_', '-')}" + ("" if value is True else f" {value}") for name, value in options.items()]
    return " ".join([text, *flags])


def query_timings(release: Path, workdir: Path, copies: int = 10) -> dict:
    """DuckDB on a release `copies` times as large as `release` (its documents repeated under new ids, every
    id suffixed, so joins still hold): a group-by over all sentences, the search index's one-time build,
    and searches on the stored index. Median of five runs each, in milliseconds."""
    import duckdb

    from flows.release.search import open_search_index, search

    large = workdir / release.name
    shutil.copytree(release, large, ignore=lambda folder, _: [DOCUMENT_PAGES] if Path(folder) == release else [],
                    copy_function=shutil.copyfile)  # every file but the document pages
    for folder in [large, *(p for p in large.rglob("*") if p.is_dir())]:
        folder.chmod(0o755)  # a release's folders are read-only, and copytree copies their mode
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect()
    for name in QUERY_TABLES:  # each file of these tables rewritten in place, `copies` times as long
        for file in table_files(manifest["tables"][name]):
            columns = [c for (c,) in con.execute(f"SELECT name FROM parquet_schema('{release / file['path']}') "
                                                 "WHERE name <> 'schema'").fetchall()]
            ids = [c for c in columns if c.endswith("_id") or c in ("reply_to",)]
            replaced = ", ".join(f"{c} || '-' || copy AS {c}" for c in ids)
            con.execute(f"COPY (SELECT * REPLACE ({replaced}) FROM read_parquet('{release / file['path']}'), "
                        f"range({copies}) AS copies(copy)) TO '{large / file['path']}' (FORMAT parquet)")
    documents = con.execute(f"SELECT count(*) FROM '{large / table_glob('documents')}'").fetchone()[0]
    sentences = con.execute(f"SELECT count(*) FROM '{large / table_glob('sentences')}'").fetchone()[0]

    def median_ms(run) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        return round(sorted(times)[2], 1)

    from flows.release.query import connect_release

    views = connect_release(large)
    group_by = median_ms(lambda: views.execute(GROUP_BY).fetchall())
    start = time.perf_counter()
    index = open_search_index(large, workdir / "search")
    build_seconds = time.perf_counter() - start
    searches = {as_typed(text, options): median_ms(lambda text=text, options=options: search(index, text, **options))
                for text, options in SEARCH_QUERIES}
    return {"documents": documents, "sentences": sentences, "group_by_ms": group_by,
            "search_index_build_seconds": round(build_seconds, 1), "search_ms": searches,
            "search_median_ms": sorted(searches.values())[len(searches) // 2]}
