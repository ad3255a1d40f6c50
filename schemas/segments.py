"""Contract of the `segments` table: the kept blocks of each document, in reading order."""

import pyarrow as pa

from schemas.contract import (
    CHAR_SPAN_COLUMNS,
    DOC_ID_PATTERN,
    RAW_SPAN_COLUMNS,
    ColumnSpec,
    ForeignKey,
    TableContract,
    TextSpan,
)

SEGMENT_KINDS = ("title", "standfirst", "byline", "heading", "paragraph", "question", "answer")

SEGMENTS = TableContract(
    name="segments",
    description=(
        "Blocks of a document's cleaned text (title, paragraphs, ...). text equals "
        "documents.text[char_start:char_end]; raw_byte_start/raw_byte_end locate the block "
        "in the raw file (raw_line_no is 1-based)."
    ),
    columns=(
        ColumnSpec("segment_id", pa.string(), "'<doc_id>-seg<ordinal>'.", unique=True, pattern=r"^[0-9a-f]{16}-seg\d{4,}$"),
        ColumnSpec("doc_id", pa.string(), "Document this segment belongs to.", pattern=DOC_ID_PATTERN),
        ColumnSpec("ordinal", pa.int32(), "Position in the document, from 0.", min_value=0),
        ColumnSpec("kind", pa.string(), "Structural role of the block.", allowed=SEGMENT_KINDS),
        ColumnSpec("text", pa.string(), "The block's cleaned text.", min_length=1),
        *CHAR_SPAN_COLUMNS,
        *RAW_SPAN_COLUMNS,
    ),
    primary_key=("segment_id",),
    sort_key=("doc_id", "ordinal"),
    foreign_keys=(ForeignKey("doc_id", "documents", "doc_id"),),
    span=TextSpan(),
    row_rules={
        "char_span_not_empty": "char_start < char_end",
        "raw_span_not_empty": "raw_byte_start < raw_byte_end AND raw_char_start < raw_char_end",
        "id_matches_doc_and_ordinal": "segment_id = doc_id || '-seg' || lpad(ordinal::VARCHAR, 4, '0')",
    },
)
