"""Contract of the `mentions` table: linked entity mentions, as spans of documents.text (Dolma-style)."""

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
from schemas.entities import ENTITY_ID_PATTERN

MENTION_METHODS = (
    "alias", "surname_context", "surname_interviewee", "surname_most_named", "pattern_role", "pattern_honorific",
    "pattern_speech", "pattern_speaker", "pattern_first_name", "speaker_label",
)

MENTIONS = TableContract(
    name="mentions",
    description=(
        "Every place an entity is named. method says how the entity was chosen: "
        "an unambiguous alias, or for a surname shared by several people (Massoud) the words "
        "around it, the document's interviewee, or the family member the page names most; for a "
        "person the knowledge base does not know, the pattern that found the name (a role or "
        "honorific beside it, a speech verb, the page's own speakers, or a first name a shipped list of first names "
        "knows opening it); speaker_label: a speaker label "
        "the turn segmentation resolved to its speaker."
    ),
    columns=(
        ColumnSpec("mention_id", pa.string(), "'<doc_id>-men<ordinal>'.", unique=True, pattern=r"^[0-9a-f]{16}-men\d{5,}$"),
        ColumnSpec("doc_id", pa.string(), "Document.", pattern=DOC_ID_PATTERN),
        ColumnSpec("ordinal", pa.int32(), "Position among the document's mentions.", min_value=0),
        ColumnSpec("segment_id", pa.string(), "Segment containing the mention.", pattern=SEGMENT_ID_PATTERN),
        ColumnSpec("sentence_id", pa.string(), "Sentence containing it (null inside a speaker label).", nullable=True, pattern=r"^[0-9a-f]{16}-sen\d{5,}$"),
        ColumnSpec("entity_id", pa.string(), "The entity.", pattern=ENTITY_ID_PATTERN),
        ColumnSpec("text", pa.string(), "The mention as printed.", min_length=1, publisher_text=True),
        *CHAR_SPAN_COLUMNS,
        ColumnSpec("method", pa.string(), "How the entity was chosen.", allowed=MENTION_METHODS),
        ColumnSpec("confidence", pa.float64(), "Confidence of the link, 0-1.", min_value=0),
    ),
    primary_key=("mention_id",),
    sort_key=("doc_id", "ordinal"),
    foreign_keys=(
        ForeignKey("doc_id", "documents", "doc_id"),
        ForeignKey("segment_id", "segments", "segment_id"),
        ForeignKey("sentence_id", "sentences", "sentence_id"),
        ForeignKey("entity_id", "entities", "entity_id"),
    ),
    span=TextSpan(inside=("segments", "segment_id")),
    row_rules={"confidence_at_most_one": "confidence <= 1"},
)
