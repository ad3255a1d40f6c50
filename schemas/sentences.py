"""Contract of the `sentences` table: sentences of every segment, with document offsets."""

import pyarrow as pa

from schemas.contract import (
    CHAR_SPAN_COLUMNS,
    DOC_ID_PATTERN,
    SEGMENT_ID_PATTERN,
    ColumnSpec,
    ForeignKey,
    TableContract,
    TextSpan,
)

SENTENCES = TableContract(
    name="sentences",
    description=(
        "Sentences of each segment, in document order. text equals "
        "documents.text[char_start:char_end] and lies inside its segment."
    ),
    columns=(
        ColumnSpec("sentence_id", pa.string(), "'<doc_id>-sen<ordinal>'.", unique=True, pattern=r"^[0-9a-f]{16}-sen\d{5,}$"),
        ColumnSpec("segment_id", pa.string(), "Segment containing the sentence.", pattern=SEGMENT_ID_PATTERN),
        ColumnSpec("doc_id", pa.string(), "Document containing the sentence.", pattern=DOC_ID_PATTERN),
        ColumnSpec("ordinal", pa.int32(), "Position in the document, from 0.", min_value=0),
        ColumnSpec("text", pa.string(), "The sentence.", min_length=1, publisher_text=True),
        *CHAR_SPAN_COLUMNS,
    ),
    primary_key=("sentence_id",),
    sort_key=("doc_id", "ordinal"),
    foreign_keys=(
        ForeignKey("doc_id", "documents", "doc_id"),
        ForeignKey("segment_id", "segments", "segment_id"),
    ),
    span=TextSpan(inside=("segments", "segment_id")),
    row_rules={
        "char_span_not_empty": "char_start < char_end",
        "id_matches_doc_and_ordinal": "sentence_id = doc_id || '-sen' || lpad(ordinal::VARCHAR, greatest(5, length(ordinal::VARCHAR))::INTEGER, '0')",
        "segment_of_same_document": "starts_with(segment_id, doc_id)",
    },
)
