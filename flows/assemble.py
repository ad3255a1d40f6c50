"""Assemble stage: turn a batch of tagged documents into Arrow tables under their contracts.

Reads: the outputs of clean, segment and tag. Writes: one `pyarrow.Table` per published
table, typed by the table's Arrow schema (schemas/), sorted by its sort key, one chunk.
"""

from __future__ import annotations

import pyarrow as pa

from flows.segment import SegmentedDocument
from flows.tag import DocumentTags
from schemas import TABLES


def assemble_batch(tagged: list[tuple[SegmentedDocument, DocumentTags]]) -> dict[str, pa.Table]:
    columns: dict[str, dict[str, list]] = {
        name: {c: [] for c in contract.column_names()} for name, contract in TABLES.items()
    }
    for doc, tags in tagged:
        _add_document(columns, doc, tags)
    return {name: to_table(name, columns[name]) for name in TABLES}


def to_table(name: str, columns: dict[str, list]) -> pa.Table:
    """Typed, sorted, single-chunk table (one chunk layout is what makes Parquet bytes repeatable)."""
    contract = TABLES[name]
    table = pa.table(columns, schema=contract.arrow_schema)
    return table.sort_by([(key, "ascending") for key in contract.sort_key]).combine_chunks()


def _append(table: dict[str, list], **row) -> None:
    for key, value in row.items():
        table[key].append(value)


def _add_document(columns: dict[str, dict[str, list]], doc: SegmentedDocument, tags: DocumentTags) -> None:
    source = doc.cleaned.source
    doc_id = source.doc_id
    _append(
        columns["documents"],
        doc_id=doc_id,
        source_file=source.source_file,
        raw_sha256=source.raw_sha256,
        raw_bytes=source.raw_bytes,
        url=tags.url,
        title=tags.title,
        published_date=tags.published_date,
        date_precision=tags.date_precision,
        language=tags.language,
        text=doc.text,
        n_chars=tags.n_chars,
        n_words=tags.n_words,
    )
    for segment in doc.segments:
        _append(
            columns["segments"],
            segment_id=segment_id(doc_id, segment.ordinal),
            doc_id=doc_id,
            ordinal=segment.ordinal,
            kind=segment.kind,
            text=segment.block.text,
            char_start=segment.char_start,
            char_end=segment.char_end,
            raw_line_no=segment.block.raw.line_no,
            raw_byte_start=segment.block.raw.byte_start,
            raw_byte_end=segment.block.raw.byte_end,
        )
    for sentence in doc.sentences:
        _append(
            columns["sentences"],
            sentence_id=f"{doc_id}-sen{sentence.ordinal:05d}",
            segment_id=segment_id(doc_id, sentence.segment_ordinal),
            doc_id=doc_id,
            ordinal=sentence.ordinal,
            text=doc.text[sentence.char_start : sentence.char_end],
            char_start=sentence.char_start,
            char_end=sentence.char_end,
        )
    for ordinal, removal in enumerate(doc.cleaned.removed):
        _append(
            columns["removed"],
            removal_id=f"{doc_id}-rem{ordinal:04d}",
            doc_id=doc_id,
            ordinal=ordinal,
            raw_line_no=removal.raw.line_no,
            raw_byte_start=removal.raw.byte_start,
            raw_byte_end=removal.raw.byte_end,
            text=removal.text,
            reason=removal.reason,
            rule_id=removal.rule_id,
        )


def segment_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}-seg{ordinal:04d}"
