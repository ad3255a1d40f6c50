"""Contract of the `removed` table: everything the cleaner took out of a raw file, and why."""

import pyarrow as pa

from schemas.contract import DOC_ID_PATTERN, RAW_SPAN_COLUMNS, ColumnSpec, ForeignKey, TableContract

REMOVAL_REASONS = (
    "boilerplate",
    "separator",
    "title_repeat",
    "duplicate",
    "metadata_line",
    "url",
)

REMOVED = TableContract(
    name="removed",
    description=(
        "Every span of a raw file that is not in documents.text (blank lines aside), with "
        "the reason and the rule that removed it. Kept segments plus removed spans, ordered "
        "by raw_byte_start, rebuild the raw file's non-blank content."
    ),
    columns=(
        ColumnSpec("removal_id", pa.string(), "'<doc_id>-rem<ordinal>'.", unique=True, pattern=r"^[0-9a-f]{16}-rem\d{4,}$"),
        ColumnSpec("doc_id", pa.string(), "Document the span was removed from.", pattern=DOC_ID_PATTERN),
        ColumnSpec("ordinal", pa.int32(), "Position among the document's removals, in raw order.", min_value=0),
        *RAW_SPAN_COLUMNS,
        ColumnSpec("text", pa.string(), "The removed text exactly as in the raw file.", min_length=1),
        ColumnSpec("reason", pa.string(), "Why it was removed.", allowed=REMOVAL_REASONS),
        ColumnSpec("rule_id", pa.string(), "Identifier of the rule that fired (see flows/rules).", min_length=1),
    ),
    primary_key=("removal_id",),
    sort_key=("doc_id", "ordinal"),
    foreign_keys=(ForeignKey("doc_id", "documents", "doc_id"),),
    row_rules={
        "raw_span_not_empty": "raw_byte_start < raw_byte_end",
        "id_matches_doc_and_ordinal": "removal_id = doc_id || '-rem' || lpad(ordinal::VARCHAR, 4, '0')",
    },
)
