"""Contract of the `removed` table: everything the cleaner took out of a raw file, and why."""

import pyarrow as pa

from schemas.contract import DOC_ID_PATTERN, RAW_SPAN_COLUMNS, SEGMENT_ID_PATTERN, ColumnSpec, ForeignKey, TableContract

REMOVAL_REASONS = (
    "boilerplate",  # site chrome: comment widgets, sign-up forms, share prompts, frequent lines
    "separator",  # lines without letters or digits ("….", "* * *")
    "title_repeat",  # the headline again
    "duplicate",  # an exact repeat of an earlier line
    "pull_quote",  # a paragraph restating text found elsewhere in the page (pull-quote, teaser)
    "pull_quote_attribution",  # the "Name, descriptor" line under a pull-quote
    "metadata_line",  # header content moved into a documents field (see moved_to)
    "url",  # the page address, moved to documents.url
    "not_text",  # a line made of runs longer than any word: encoded data, a minified script, glued links
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
        ColumnSpec("text", pa.string(), "The removed text exactly as in the raw file.", min_length=1, publisher_text=True),
        ColumnSpec("reason", pa.string(), "Why it was removed.", allowed=REMOVAL_REASONS),
        ColumnSpec("rule_id", pa.string(), "Identifier of the rule that fired (flows/stages/clean.py, flows/rules/*.toml).", min_length=1),
        ColumnSpec("moved_to", pa.string(), "documents column(s) that received the content, comma-separated.", nullable=True),
        ColumnSpec("score", pa.float64(), "Similarity to the text repeated (share of words found in order, 0-1).", nullable=True, min_value=0),
        ColumnSpec("duplicate_of", pa.string(), "segment_id of the kept segment this text repeats.", nullable=True, pattern=SEGMENT_ID_PATTERN),
    ),
    primary_key=("removal_id",),
    sort_key=("doc_id", "ordinal"),
    foreign_keys=(
        ForeignKey("doc_id", "documents", "doc_id"),
        ForeignKey("duplicate_of", "segments", "segment_id"),
    ),
    row_rules={
        "raw_span_not_empty": "raw_byte_start < raw_byte_end AND raw_char_start < raw_char_end",
        "score_at_most_one": "score IS NULL OR score <= 1",
        "moved_content_is_metadata": "(moved_to IS NULL) OR reason IN ('metadata_line', 'url')",
        "id_matches_doc_and_ordinal": "removal_id = doc_id || '-rem' || lpad(ordinal::VARCHAR, greatest(4, length(ordinal::VARCHAR))::INTEGER, '0')",
    },
)
