"""What a run shows while it runs and after: a progress bar, Prefect artifacts, a release summary.

- `BuildProgress`: pages and megabytes done, rate and ETA as a tqdm bar on a terminal (none when
  standard error is not one), and the same fraction as a Prefect progress artifact that the UI
  shows while a large corpus is processed.
- `release_summary`: the run's outcome as Markdown (version, bump level and why, what changed,
  rows per table, sources per status with the reasons of those left out); `source_outcomes`: one
  row per raw path. The flow publishes both as artifacts under fixed keys, so the UI (and a test)
  can read the latest by key.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from tqdm import tqdm

from flows.sources import Source
from flows.stages.publish import PublishOutcome

SUMMARY_KEY = "release-summary"
SOURCES_KEY = "source-outcomes"
PROGRESS_KEY = "build-progress"
ARTIFACT_SECONDS = 2.0
"""At most one progress artifact update per this many seconds (each one is an API call)."""


class BuildProgress:
    """Pages and bytes done, shown as a terminal bar and a Prefect progress artifact."""

    def __init__(self, pages: int, total_bytes: int, artifact: bool = True):
        self.pages, self.total_bytes, self.done_pages, self.done_bytes = pages, total_bytes, 0, 0
        self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, desc="build", file=sys.stderr,
                        disable=None,  # None: no bar when standard error is not a terminal
                        ncols=min(shutil.get_terminal_size().columns, 120))  # tqdm's own guess can be 0 columns
        self.artifact_id = None
        self.last_update = 0.0
        if artifact:
            from prefect.artifacts import create_progress_artifact

            self.artifact_id = create_progress_artifact(
                0.0, key=PROGRESS_KEY, description=f"Pages processed of {pages} ({total_bytes / 1e6:.1f} MB)")

    def advance(self, pages: int, nbytes: int) -> None:
        self.done_pages += pages
        self.done_bytes += nbytes
        self.bar.update(nbytes)
        self.bar.set_postfix_str(f"{self.done_pages}/{self.pages} pages", refresh=False)
        now = time.monotonic()
        if self.artifact_id is not None and (now - self.last_update >= ARTIFACT_SECONDS or self.done_pages >= self.pages):
            from prefect.artifacts import update_progress_artifact

            update_progress_artifact(self.artifact_id, self.percent)
            self.last_update = now

    @property
    def percent(self) -> float:
        return 100.0 if not self.pages else round(100.0 * self.done_pages / self.pages, 1)

    def close(self) -> None:
        if self.artifact_id is not None:
            from prefect.artifacts import update_progress_artifact

            update_progress_artifact(self.artifact_id, self.percent)
        self.bar.close()


def release_summary(outcome: PublishOutcome, counts: dict[str, int], left_out: list[Source]) -> str:
    """Markdown: the release (or why nothing was published), rows per table, sources per status and why."""
    if outcome.status == "published":
        lines = [f"# Published {outcome.version} ({outcome.level})", "", f"Why {outcome.level}: {outcome.why}.", ""]
        changelog = Path(outcome.path) / "CHANGELOG.md"
        if changelog.is_file():
            body = changelog.read_text(encoding="utf-8").split("\n", 2)[-1].strip()
            lines += ["## What changed", "", body.replace("\n## ", "\n### "), ""]
    else:
        lines = [f"# Nothing published: {outcome.version} is unchanged", "", outcome.message, ""]
    lines += ["## Rows per table", "", "| table | rows |", "|---|---:|"]
    lines += [f"| {name} | {rows} |" for name, rows in outcome.row_counts.items()]
    lines += ["", "## Sources", "", "| status | files |", "|---|---:|"]
    lines += [f"| {status} | {n} |" for status, n in counts.items()]
    if left_out:
        lines += ["", "## Left out, and why", "", "| file | status | stage | reason |", "|---|---|---|---|"]
        lines += [f"| {s.source_file} | {s.status} | {s.stage or ''} | {(s.reason or '').replace('|', '/')} |" for s in left_out]
    return "\n".join(lines) + "\n"


def source_outcomes(rows: list[Source]) -> list[dict]:
    """One row per raw path for a table artifact."""
    return [{"source_file": s.source_file, "status": s.status, "stage": s.stage or "", "reason": s.reason or "",
             "doc_id": s.doc_id or "", "duplicate_of": s.duplicate_of or ""} for s in rows]


def publish_artifacts(outcome: PublishOutcome, counts: dict[str, int], rows: list[Source]) -> None:
    """The run's summary and per-source table as Prefect artifacts (latest under fixed keys)."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    left_out = [s for s in rows if s.status != "published"]
    create_markdown_artifact(release_summary(outcome, counts, left_out), key=SUMMARY_KEY,
                             description=f"Release {outcome.version}: {outcome.status}")
    create_table_artifact(source_outcomes(rows), key=SOURCES_KEY, description="What the build did with every raw file")
