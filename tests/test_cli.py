"""The `aic` command as a user runs it: help everywhere, queries over a published release."""

from __future__ import annotations

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


@pytest.mark.parametrize("command", [[], ["build"], ["query"], ["serve"], ["bench"], ["kb-gaps"]])
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
