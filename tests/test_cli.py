"""The `aic` command as a user runs it: help everywhere, queries over a published release."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import publish_batches

AIC = [str(Path(sys.executable).with_name("aic"))] if shutil.which("aic") is None else ["aic"]


def aic(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*AIC, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def release_store(tmp_path_factory, seed_tables) -> Path:
    output = tmp_path_factory.mktemp("store")
    publish_batches(output, [seed_tables])
    return output


@pytest.mark.parametrize("command", [[], ["build"], ["query"], ["schedule"], ["serve"], ["bench"], ["kb-gaps"]])
def test_help_everywhere(command: list[str]):
    result = aic(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: aic")


def test_query_prints_a_readable_table(release_store: Path):
    sql = "SELECT kind, count(*) AS n FROM segments WHERE kind IN ('title', 'heading') GROUP BY kind ORDER BY kind"
    result = aic("query", "--output", str(release_store), sql)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    cells = [[c.strip() for c in line.split("|")[1:-1]] for line in lines[:1] + lines[2:-1]]
    assert cells == [["kind", "n"], ["heading", "3"], ["title", "4"]]
    assert set(lines[1]) == {"|", "-"} and lines[-1] == "(2 rows)"


def test_query_a_named_release_and_errors(release_store: Path):
    assert aic("query", "--output", str(release_store), "--release", "v1.0.0", "SELECT 1").returncode == 0
    missing = aic("query", "--output", str(release_store), "--release", "v9.9.9", "SELECT 1")
    assert missing.returncode == 1 and "release v9.9.9 not found" in missing.stderr
    bad_sql = aic("query", "--output", str(release_store), "SELECT * FROM nowhere")
    assert bad_sql.returncode == 1 and "nowhere" in bad_sql.stderr


def test_kb_gaps_lists_names_the_knowledge_base_misses(release_store: Path):
    result = aic("kb-gaps", "--output", str(release_store), "--min-count", "3")
    assert result.returncode == 0, result.stderr
    people, others = result.stdout.split("\n\n")
    assert people.splitlines()[-1] == "(0 rows)"  # the knowledge base covers every person of the seeds
    names = [line.split("|")[1].strip() for line in others.splitlines()[3:-1]]
    assert names[:2] == ["Afghan", "Afghans"]  # demonyms: a curator decides; no person is missing
    assert "Massoud" not in names and "Taliban" not in names


def test_build_names_a_missing_raw_folder(tmp_path: Path):
    result = aic("build", "--raw", str(tmp_path / "nowhere"), "--output", str(tmp_path / "out"))
    assert result.returncode == 2 and "raw folder not found" in result.stderr
    assert not (tmp_path / "out").exists()


def test_kb_gaps_lists_the_people_found_by_pattern(tmp_path: Path):
    from conftest import document_from_text, tables_for

    page = "\n\n".join([
        "Valley roads stay shut",
        "The roads to the valley were closed for most of the week after the first heavy snow of the year.",
        "Karim Haidari said the roads would stay shut, and Karim Haidari said it again on Friday.",
    ]) + "\n"
    publish_batches(tmp_path, [tables_for([document_from_text(page)])])
    result = aic("kb-gaps", "--output", str(tmp_path), "--min-count", "2")
    people = result.stdout.split("\n\n")[0].splitlines()
    assert [[c.strip() for c in line.split("|")[1:-1]] for line in people[3:-1]] == [["Karim Haidari", "1", "2"]]


READING = {  # every command that reads a local release, with what else it needs
    "query": ["SELECT count(*) FROM documents"],
    "search": ["Doha"],
    "export": ["--tables", "documents"],
    "verify": [],
    "kb-gaps": [],
}


@pytest.mark.parametrize("command", sorted(READING))
def test_every_reading_command_takes_release_and_store(command: str, release_store: Path, tmp_path: Path):
    extra = [*READING[command], *(["--into", str(tmp_path)] if command == "export" else [])]
    for release in ("v1.0.0", "latest"):
        result = aic(command, *extra, "--store", str(release_store), "--release", release)
        assert result.returncode == 0, (release, result.stderr)
    missing = aic(command, *extra, "--store", str(release_store), "--release", "v9.9.9")
    assert missing.returncode == 1 and "v9.9.9" in missing.stderr
    assert "--store STORE" in aic(command, "--help").stdout and "--release VERSION" in aic(command, "--help").stdout


def test_the_old_spellings_still_work(release_store: Path):
    """--output for the store and a positional version for verify: scripts written before keep running."""
    assert aic("query", "--output", str(release_store), "SELECT 1").returncode == 0
    assert aic("verify", "v1.0.0", "--output", str(release_store)).returncode == 0


def test_aic_version_and_help_grouped_by_what_commands_do():
    version = aic("--version")
    assert version.returncode == 0 and re.fullmatch(r"aic \S+ \(schema \d+\.\d+\)\n", version.stdout)
    help_text = aic("--help").stdout
    groups = [line for line in help_text.splitlines() if line.endswith(" commands:")]
    assert groups == ["build commands:", "read commands:", "serve commands:"]
    listed = re.findall(r"^  ([a-z][a-z-]+)  ", help_text.split("build commands:")[1], flags=re.MULTILINE)
    assert sorted(listed) == sorted(["build", "schedule", "bench", "query", "search", "export", "verify", "download",
                                     "kb-gaps", "serve-releases"])
    assert "serve-releases" in help_text.split("serve commands:")[1]
    assert ".html" in aic("build", "--help").stdout  # what a build reads: web pages as well as text


def test_serve_is_an_alias_of_schedule_that_says_so():
    from flows.cli import build_parser

    old, new = build_parser().parse_args(["serve", "--interval", "5"]), build_parser().parse_args(["schedule"])
    assert old.run is new.run and old.command == "serve"  # cmd_schedule tells the user the new name
    schedule_help = aic("serve", "--help")
    assert schedule_help.returncode == 0 and schedule_help.stdout.startswith("usage: aic schedule")
