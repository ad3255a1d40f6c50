"""The real Prefect flow on a real (temporary) Prefect server, checked through DuckDB SQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bad_inputs import every_path
from conftest import SEED_FILES

from flows.release.query import connect_release
from flows.release_flow import BUILD_STATS

pytestmark = pytest.mark.usefixtures("prefect_server")


def run_flow(raw: Path, output: Path, **options):
    """Run the flow; return its report and the state names of its task runs (from the API)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.release_flow import build_release

    state = build_release(raw_dir=str(raw), output_dir=str(output), return_state=True, **options)
    report = state.result()
    listed = connect_release(report.outcome.path).sql("SELECT source_file FROM sources").fetchall()
    assert sorted(name for (name,) in listed) == sorted(every_path(raw))  # every raw path, exactly once
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        )
    return report, {run.name.rsplit("-", 1)[0]: run.state.name for run in runs}


def test_flow_builds_a_release_that_sql_can_trust(tmp_path: Path, raw_copy: Path):
    output = tmp_path / "output"
    report, states = run_flow(raw_copy, output)
    assert report.outcome.status == "published" and report.outcome.version == "v1.0.0"
    assert report.not_published == [] and report.counts == {"published": 5}
    assert set(states.values()) == {"Completed"}
    release = output / "releases" / "v1.0.0"
    manifest = json.loads((release / "manifest.json").read_text())
    assert [i["source_file"] for i in manifest["inputs"]] == SEED_FILES
    assert manifest["build"]["prefect_flow_run_id"]

    con = connect_release(release)
    counts = {t: con.sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in manifest["tables"]}
    assert counts == {t: v["rows"] for t, v in manifest["tables"].items()}
    assert counts["documents"] == 5 and counts["segments"] > 150 and counts["sentences"] > 300
    for table in ("segments", "sentences"):
        violations = con.sql(
            f"SELECT count(*) FROM {table} x JOIN documents d USING (doc_id) "
            "WHERE substr(d.text, x.char_start + 1, x.char_end - x.char_start) <> x.text"
        ).fetchone()[0]
        assert violations == 0, table
    orphans = con.sql(
        "SELECT (SELECT count(*) FROM sentences ANTI JOIN segments USING (segment_id))"
        " + (SELECT count(*) FROM segments ANTI JOIN documents USING (doc_id))"
        " + (SELECT count(*) FROM removed ANTI JOIN documents USING (doc_id))"
    ).fetchone()[0]
    assert orphans == 0
    reasons = dict(con.sql("SELECT reason, count(*) FROM removed GROUP BY reason").fetchall())
    assert reasons["boilerplate"] == 5 and reasons["title_repeat"] == 3


def test_unchanged_inputs_are_not_reprocessed_and_nothing_is_published(tmp_path: Path, raw_copy: Path):
    output = tmp_path / "output"
    run_flow(raw_copy, output)
    report, states = run_flow(raw_copy, output)
    assert report.outcome.status == "unchanged"
    assert "no change" in report.outcome.message
    assert states["process-batch"] == "Cached"
    assert sorted(p.name for p in (output / "releases").iterdir()) == ["v1.0.0"]


def test_a_new_raw_file_makes_the_next_minor_release(tmp_path: Path, raw_copy: Path):
    output = tmp_path / "output"
    run_flow(raw_copy, output)
    (raw_copy / "005_new.txt").write_text(
        "A new interview from the valley\n\nThe commander said the roads would reopen in the spring.\n",
        encoding="utf-8",
    )
    report, _ = run_flow(raw_copy, output)
    assert (report.outcome.version, report.outcome.level) == ("v1.1.0", "minor")
    changelog = (report.outcome.path / "CHANGELOG.md").read_text()
    assert "## Documents added" in changelog and "A new interview from the valley (005_new.txt)" in changelog
    con = connect_release(report.outcome.path)
    assert con.sql("SELECT count(*) FROM documents").fetchone()[0] == 6
    assert json.loads((output / "latest.json").read_text())["latest"] == "v1.1.0"


def test_each_run_leaves_artifacts_readable_by_key(tmp_path: Path, raw_copy: Path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.reporting import PROGRESS_KEY, SOURCES_KEY, SUMMARY_KEY

    output = tmp_path / "output"
    run_flow(raw_copy, output)
    (raw_copy / "005_new.txt").write_text("A new interview from the valley\n\nThe commander said the roads would "
                                          "reopen in the spring.\n", encoding="utf-8")
    (raw_copy / "006_empty.txt").write_text("", encoding="utf-8")
    report, _ = run_flow(raw_copy, output)
    with get_client(sync_client=True) as client:
        latest = {key: client.read_latest_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
                  for key in (SUMMARY_KEY, SOURCES_KEY, PROGRESS_KEY)}
    summary = latest[SUMMARY_KEY][0].data
    assert summary.startswith("# Published v1.1.0 (minor)") and "Why minor: documents were added or withdrawn" in summary
    assert "A new interview from the valley (005_new.txt)" in summary  # what changed
    assert "| documents | 6 |" in summary and "| published | 6 |" in summary
    rejected = [s for s in report.not_published if s.source_file == "006_empty.txt"]
    assert rejected and f"| 006_empty.txt | {rejected[0].status} |" in summary and rejected[0].reason.split("|")[0] in summary
    rows = json.loads(latest[SOURCES_KEY][0].data)
    assert sorted(r["source_file"] for r in rows) == sorted(every_path(raw_copy))
    assert {r["source_file"]: r["status"] for r in rows}["005_new.txt"] == "published"
    assert latest[PROGRESS_KEY][0].data == 100.0  # the progress artifact ends at 100 %


@pytest.mark.slow  # 50 s: two builds under a pseudo-terminal
def test_a_terminal_shows_a_progress_bar_and_a_pipe_does_not(tmp_path: Path, raw_copy: Path):
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    aic = str(Path(sys.executable).with_name("aic"))
    terminal, pane = pty.openpty()
    fcntl.ioctl(pane, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 110, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    build = subprocess.Popen([aic, "build", "--raw", str(raw_copy), "--output", str(tmp_path / "tty")],
                             stdin=pane, stdout=pane, stderr=pane, close_fds=True, env=env)
    os.close(pane)
    seen = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the build closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert build.wait(timeout=300) == 0
    bar = seen.decode("utf-8", "replace")
    assert "build: 100%|" in bar and "5/5 pages" in bar and "B/s" in bar  # bytes done, rate, pages
    piped = subprocess.run([aic, "build", "--raw", str(raw_copy), "--output", str(tmp_path / "pipe")],
                           capture_output=True, text=True, timeout=300, env=env)
    assert piped.returncode == 0 and "%|" not in piped.stderr + piped.stdout
    # the release folder and its page to open; no link to the temporary Prefect server, gone once the build ends
    assert "View at" not in piped.stderr + piped.stdout and "127.0.0.1" not in piped.stderr + piped.stdout
    assert f"open in a browser: {(tmp_path / 'pipe' / 'releases' / 'v1.0.0' / 'index.html').resolve().as_uri()}" in piped.stdout


def test_the_cache_keeps_only_what_the_latest_build_used(tmp_path: Path, raw_copy: Path):
    output = tmp_path / "output"
    records, tables = output / ".cache" / "task-results", output / ".cache" / "batches"
    run_flow(raw_copy, output)
    first = set(p.name for p in records.iterdir())
    assert len(first) == 1 and set(p.name for p in tables.iterdir()) == first  # the one batch: its record, its tables
    (raw_copy / "new.txt").write_text("A new page\n\nThe council met on Monday to discuss the winter roads and the fuel.\n")
    run_flow(raw_copy, output)
    second = set(p.name for p in records.iterdir())
    assert len(second) == 1 and not first & second  # the batch changed: the old entry was pruned
    assert set(p.name for p in tables.iterdir()) == second


def test_a_new_page_reprocesses_only_its_own_batch(tmp_path: Path, raw_copy: Path):
    output = tmp_path / "output"
    run_flow(raw_copy, output, batch_size=2)
    first = json.loads((output / ".cache" / BUILD_STATS).read_text())
    assert first["batches"] >= 2 and first["cached_batches"] == 0 and first["pages"] == 5
    (raw_copy / "new.txt").write_text("A new page\n\nThe council met on Monday to discuss the winter roads and the fuel.\n")
    run_flow(raw_copy, output, batch_size=2)
    second = json.loads((output / ".cache" / BUILD_STATS).read_text())
    assert second["pages"] == 6 and second["cached_batches"] == second["batches"] - 1  # content-defined batches
    assert set(second["stages"]) == {"ingest", "clean", "segment", "tag", "assemble", "validate"}


def test_scheduled_deployment_has_the_cron_and_the_paths(tmp_path: Path):
    from flows.release_flow import DEPLOYMENT_NAME, scheduled_deployment

    deployment = scheduled_deployment("raw", str(tmp_path / "out"), "15 4 * * *")
    assert deployment.name == DEPLOYMENT_NAME
    assert deployment.schedules[0].schedule.cron == "15 4 * * *"
    assert deployment.parameters["output_dir"] == str((tmp_path / "out").resolve())


def test_a_folder_without_readable_files_publishes_nothing(tmp_path: Path):
    from flows.release_flow import NoDocuments, build_release

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "broken.txt").write_bytes(bytes(range(256)))
    with pytest.raises(NoDocuments, match="no raw file .* could be published"):
        build_release(raw_dir=str(raw), output_dir=str(tmp_path / "output"))
    assert not (tmp_path / "output" / "releases" / "v1.0.0").exists()


def _distributions_imported_by(folders: list[Path]) -> set[str]:
    """The installed distributions whose modules the given source folders import (at any depth of the code)."""
    import ast
    import sys
    from importlib import metadata

    providers = metadata.packages_distributions()
    found = set()
    for path in (p for folder in folders for p in ([folder] if folder.is_file() else folder.rglob("*.py"))):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("flows", "schemas"):
                    found.update(providers[top])
    return found


def test_the_code_fingerprint_covers_every_library_the_stages_import():
    """A library the stages use and the fingerprint leaves out would keep stale batches in the cache after an upgrade."""
    from conftest import REPO

    from flows.provenance import OUTPUT_SHAPING

    def normal(name: str) -> str:  # 'RapidFuzz', 'ahocorasick_rs': distribution names compare normalised
        return re.sub(r"[-_.]+", "-", name).lower()

    shaping = [REPO / "flows" / "stages", REPO / "flows" / "language", REPO / "schemas", REPO / "flows" / "pipeline.py",
               REPO / "flows" / "corpus.py"]
    imported = {normal(d) for d in _distributions_imported_by(shaping)}
    assert imported - {normal(d) for d in OUTPUT_SHAPING} == set()
    assert {"ftfy", "dateparser", "rapidfuzz", "trafilatura", "lingua-language-detector", "charset-normalizer",
            "blingfire"} <= imported


def test_a_new_version_of_a_library_that_shapes_rows_runs_the_batches_again(tmp_path: Path, raw_copy: Path, monkeypatch):
    from importlib import metadata

    from flows import provenance

    output = tmp_path / "output"
    run_flow(raw_copy, output)
    _, states = run_flow(raw_copy, output)
    assert states["process-batch"] == "Cached"

    installed = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "ftfy" else installed(name))
    provenance.code_fingerprint.cache_clear()
    try:
        report, states = run_flow(raw_copy, output)
    finally:
        monkeypatch.undo()
        provenance.code_fingerprint.cache_clear()
    assert states["process-batch"] == "Completed"
    stats = json.loads((output / ".cache" / BUILD_STATS).read_text())
    assert stats["cached_batches"] == 0 and stats["batches"] >= 1
    assert report.outcome.status == "unchanged"  # the same rows: nothing to publish
