"""One page never stops a release: guards around each document, quarantine, the error budget, CLI errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest
from bad_inputs import every_path
from conftest import SEED_DIR, SEED_FILES, document_from_text, seed_document

from flows.isolation import each_document
from flows.release.query import connect_release
from flows.stages import segment
from flows.stages.clean import clean_batch
from flows.stages.validate import ValidationFailed, quarantine

AIC = str(Path(sys.executable).with_name("aic"))
TRIGGER = "This sentence makes the segmenter of this test raise."


def test_a_document_that_raises_becomes_an_outcome_and_the_others_go_on():
    def work(n: int) -> int:
        return 10 // n

    results, outcomes = each_document("segment", [5, 0, 2], work, lambda n: f"doc{n}")
    assert results == [2, 5]
    assert [(o.doc_id, o.status, o.stage, o.reason) for o in outcomes] == [
        ("doc0", "failed", "segment", "ZeroDivisionError: integer division or modulo by zero")
    ]


def test_a_page_with_nothing_left_is_rejected_not_failed():
    cleaned, outcomes = clean_batch([document_from_text("* * *\n----\n"), seed_document(SEED_FILES[0])])
    assert len(cleaned) == 1
    assert [(o.status, o.stage, o.reason) for o in outcomes] == [
        ("rejected", "clean", "nothing left after cleaning: 2 separator")
    ]


def with_value(table: pa.Table, column: str, row: int, value) -> pa.Table:
    values = table[column].to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    return table.set_column(index, table.schema.field(column), pa.array(values, table.schema.field(column).type))


def test_rows_breaking_a_row_rule_quarantine_their_document_only(seed_tables):
    batch = {name: t for name, t in seed_tables.items() if name != "entities"}
    sentences = batch["sentences"]
    bad_doc = sentences["doc_id"][3].as_py()
    batch["sentences"] = with_value(sentences, "char_end", 3, 10_000_000)
    kept, outcomes = quarantine(batch, {"entities": seed_tables["entities"]})
    assert [(o.doc_id, o.status, o.stage) for o in outcomes] == [(bad_doc, "quarantined", "validate")]
    bad_row = sentences["sentence_id"][3].as_py()
    assert "sentences.char_start/char_end: text == documents.text[char_start:char_end]" in outcomes[0].reason
    assert bad_row in outcomes[0].reason
    for name, table in kept.items():
        if "doc_id" in table.column_names:
            assert bad_doc not in table["doc_id"].to_pylist(), name
    assert kept["documents"].num_rows == 4


def test_a_key_repeated_inside_one_document_quarantines_that_document(seed_tables):
    batch = {name: t for name, t in seed_tables.items() if name != "entities"}
    speakers = batch["speakers"]
    repeated = speakers.slice(0, 1)
    batch["speakers"] = pa.concat_tables([speakers, repeated])
    bad_doc = repeated["doc_id"][0].as_py()
    kept, outcomes = quarantine(batch, {"entities": seed_tables["entities"]})
    assert [(o.doc_id, o.status) for o in outcomes] == [(bad_doc, "quarantined")]
    assert "speakers: multiple_fields_uniqueness" in outcomes[0].reason
    assert kept["documents"].num_rows == 4


def test_a_release_level_failure_still_blocks(seed_tables):
    batch = {name: t for name, t in seed_tables.items() if name != "entities"}
    documents = batch["documents"]
    batch["documents"] = documents.set_column(
        documents.schema.get_field_index("n_words"), "n_words", documents["n_words"].cast(pa.int64())
    )
    with pytest.raises(ValidationFailed, match="documents.n_words: dtype"):
        quarantine(batch, {"entities": seed_tables["entities"]})


@pytest.fixture
def exploding_segmenter(monkeypatch):
    """The segmenter raises on pages holding TRIGGER: a bug that only some pages meet."""
    original = segment.segment_document

    def segment_document(cleaned):
        if any(TRIGGER in b.text for b in cleaned.blocks):
            raise KeyError("bug met by this page only")
        return original(cleaned)

    monkeypatch.setattr(segment, "segment_document", segment_document)


@pytest.mark.usefixtures("prefect_server", "exploding_segmenter")
def test_failures_within_the_budget_publish_and_are_listed(tmp_path: Path):
    from flows.release_flow import build_release

    raw = tmp_path / "raw"
    shutil.copytree(SEED_DIR, raw)
    (raw / "explodes.txt").write_text(f"A page that meets a bug\n\n{TRIGGER} It has a second sentence too.\n")
    report = build_release(raw_dir=str(raw), output_dir=str(tmp_path / "out"), max_failed_fraction=0.5)
    assert report.outcome.status == "published" and report.counts == {"published": 5, "failed": 1}
    listed = connect_release(report.outcome.path).sql("SELECT source_file FROM sources").fetchall()
    assert sorted(name for (name,) in listed) == sorted(every_path(raw))
    [failed] = report.not_published
    assert (failed.source_file, failed.status, failed.stage) == ("explodes.txt", "failed", "segment")
    assert failed.reason == "KeyError: 'bug met by this page only'"


@pytest.mark.usefixtures("prefect_server", "exploding_segmenter")
def test_failures_over_the_budget_publish_nothing(tmp_path: Path):
    from flows.release_flow import BudgetExceeded, build_release

    raw = tmp_path / "raw"
    shutil.copytree(SEED_DIR, raw)
    (raw / "explodes.txt").write_text(f"A page that meets a bug\n\n{TRIGGER} It has a second sentence too.\n")
    with pytest.raises(BudgetExceeded, match=r"1 of 6 documents failed or were quarantined \(16.7% > 2.0%\)"):
        build_release(raw_dir=str(raw), output_dir=str(tmp_path / "out"))
    assert not list((tmp_path / "out" / "releases").glob("v*"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([AIC, *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda raw, out: None, "error: raw folder not found: {raw}"),
        (lambda raw, out: (raw.mkdir(), (raw / "x.bin").write_bytes(b"\0" * 9)), "error: no raw file in {raw} could be published (1 rejected)"),
        (lambda raw, out: shutil.copytree(SEED_DIR, raw), "error: the output folder {raw}/out is inside the raw folder {raw}: the next build would read its own release"),
    ],
    ids=["no raw folder", "nothing to publish", "output inside raw"],
)
def test_errors_the_cli_knows_are_one_clear_line(tmp_path: Path, setup, message: str):
    raw = tmp_path / "raw"
    out = raw / "out" if "inside" in message else tmp_path / "out"
    setup(raw, out)
    result = run("build", "--raw", str(raw), "--output", str(out))
    assert result.returncode in (1, 2)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [message.format(raw=raw)]
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # 14 s: a build that fails, to show its traceback
def test_verbose_shows_the_traceback(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "x.bin").write_bytes(b"\0")
    result = run("build", "--raw", str(tmp_path / "raw"), "--output", str(tmp_path / "out"), "--verbose")
    assert result.returncode == 1 and "Traceback" in result.stderr and "NoDocuments" in result.stderr
