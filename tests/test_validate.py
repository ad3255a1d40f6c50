"""Validation: the seed tables pass; corrupted tables are rejected with a report naming rows."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute
import pytest

from flows.stages.validate import ValidationFailed, validate_tables
from schemas import TABLES


def replace_value(table: pa.Table, column: str, row: int, value) -> pa.Table:
    values = table[column].to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    return table.set_column(index, table.schema.field(column), pa.array(values, table.schema.field(column).type))


def failures_of(tables: dict) -> list:
    with pytest.raises(ValidationFailed) as raised:
        validate_tables(tables)
    return raised.value.failures


def test_seed_tables_pass(seed_tables):
    validate_tables(seed_tables)
    assert {name: t.schema for name, t in seed_tables.items()} == {
        n: c.arrow_schema for n, c in TABLES.items() if n != "sources"
    }


def test_bad_offset_is_reported_with_table_column_and_row(seed_tables):
    broken = dict(seed_tables, sentences=replace_value(seed_tables["sentences"], "char_end", 3, 10_000_000))
    target = seed_tables["sentences"]["sentence_id"][3].as_py()
    failures = failures_of(broken)
    span = [f for f in failures if f.table == "sentences" and f.column == "char_start/char_end"]
    assert span and span[0].rows == (target,)
    report = str(ValidationFailed(failures))
    assert "sentences.char_start/char_end" in report and target in report


def test_orphan_segment_is_reported(seed_tables):
    orphan_doc = "0" * 16
    segments = replace_value(seed_tables["segments"], "doc_id", 0, orphan_doc)
    failures = failures_of(dict(seed_tables, segments=segments))
    fk = [f for f in failures if f.check == "foreign key to documents.doc_id"]
    assert [(f.table, f.column) for f in fk] == [("segments", "doc_id")]
    assert fk[0].rows == (seed_tables["segments"]["segment_id"][0].as_py(),)


def test_enum_and_uniqueness_failures_name_the_rows(seed_tables):
    segments = replace_value(seed_tables["segments"], "kind", 5, "sidebar")
    segments = replace_value(segments, "segment_id", 7, segments["segment_id"][6].as_py())
    failures = failures_of(dict(seed_tables, segments=segments))
    by_check = {(f.column, f.check): f for f in failures}
    enum = by_check[("kind", next(c for col, c in by_check if col == "kind"))]
    assert enum.rows == (segments["segment_id"][5].as_py(),)
    assert ("segment_id", "field_uniqueness") in by_check
    assert by_check[("segment_id", "field_uniqueness")].n_rows == 2


def test_wrong_type_and_all_problems_reported_together(seed_tables):
    documents = seed_tables["documents"]
    documents = documents.set_column(
        documents.schema.get_field_index("n_words"), "n_words", documents["n_words"].cast(pa.int64())
    )
    sentences = replace_value(seed_tables["sentences"], "text", 0, "not the text")
    failures = failures_of(dict(seed_tables, documents=documents, sentences=sentences))
    assert {f.table for f in failures} == {"documents", "sentences"}
    assert any(f.column == "n_words" and "dtype" in f.check for f in failures)


def test_answer_replying_to_another_turn_is_rejected(seed_tables):
    segments = seed_tables["segments"]
    answers = [i for i, kind in enumerate(segments["kind"].to_pylist()) if kind == "answer"]
    questions = segments.filter(pa.compute.equal(segments["kind"], "question"))
    first, wrong = answers[0], questions["segment_id"][5].as_py()
    failures = failures_of(dict(seed_tables, segments=replace_value(segments, "reply_to", first, wrong)))
    assert [(f.table, f.check, f.rows) for f in failures] == [
        ("segments", "reply_to_is_a_question_of_the_same_document_and_turn", (segments["segment_id"][first].as_py(),))
    ]


def test_answer_without_a_question_is_rejected(seed_tables):
    segments = seed_tables["segments"]
    first = segments["kind"].to_pylist().index("answer")
    failures = failures_of(dict(seed_tables, segments=replace_value(segments, "reply_to", first, None)))
    assert {f.check for f in failures} == {"answer_replies_to_a_question"}


def test_answer_whose_speaker_the_page_does_not_name_is_accepted(seed_tables):
    """A page of 'Q.'/'A.' labels that never names who answers: the answer stands, its speaker is null."""
    segments = seed_tables["segments"]
    first = segments["kind"].to_pylist().index("answer")
    unnamed = replace_value(replace_value(segments, "speaker", first, None), "speaker_id", first, None)
    validate_tables(dict(seed_tables, segments=unnamed))


def test_an_absent_pyspark_engine_is_not_imported_again_for_every_column(seed_tables):
    """pandera tries its PySpark engine for every column it checks: without PySpark, the failed import is remembered
    (a failed import is otherwise tried again from the start), and the checks still find a wrong type."""
    import importlib.util
    import sys

    if importlib.util.find_spec("pyspark") is not None:
        pytest.skip("PySpark is installed: its engine imports")
    validate_tables(seed_tables)
    assert "pandera.engines.pyspark_engine" in sys.modules and sys.modules["pandera.engines.pyspark_engine"] is None
    documents = seed_tables["documents"]
    documents = documents.set_column(
        documents.schema.get_field_index("n_words"), "n_words", documents["n_words"].cast(pa.int64())
    )
    assert any(f.column == "n_words" and "dtype" in f.check for f in failures_of(dict(seed_tables, documents=documents)))
