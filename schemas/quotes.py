"""Contract of the `quotes` table: what was said and by whom, with the evidence for it."""

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

QUOTE_METHODS = ("qa_answer", "label", "said_verb", "colon_intro", "reporting_clause", "quotation_marks")
QUOTE_KINDS = ("answer", "quotation", "term")
SPEECH_KINDS = ("answer", "quotation")
"""The kinds of quote that are speech: counted as quotes by the card, the release page and search."""
IS_SPEECH = f"kind IN ({', '.join(repr(kind) for kind in SPEECH_KINDS)})"
"""The SQL condition on a quotes row (or `q.`-less alias) that it is speech."""

QUOTES = TableContract(
    name="quotes",
    description=(
        "Interview answers, quotations and terms in quotation marks. kind: answer (an interview turn), quotation "
        "(reported speech: a speaker's cue and at least a clause) or term (a word or phrase in quotation marks: "
        "scare quotes, titles, slogans; no speaker, method quotation_marks); only answers and quotations are "
        "speech. method: label or qa_answer for "
        "interview answers (the page labels the turn, or the turn was found by structure), "
        "said_verb ('“…,” he said'), colon_intro ('X said: “…”') or reporting_clause ('X claimed that "
        "the Taliban is “leaderless”') for quotations in narration; speaker is null (confidence 0) when the "
        "cue names nobody who can be trusted as the speaker."
    ),
    columns=(
        ColumnSpec("quote_id", pa.string(), "'<doc_id>-quo<ordinal>'.", unique=True, pattern=r"^[0-9a-f]{16}-quo\d{4,}$"),
        ColumnSpec("doc_id", pa.string(), "Document.", pattern=DOC_ID_PATTERN),
        ColumnSpec("ordinal", pa.int32(), "Position among the document's quotes.", min_value=0),
        ColumnSpec("segment_id", pa.string(), "Segment holding the quote.", pattern=SEGMENT_ID_PATTERN),
        ColumnSpec("kind", pa.string(), "answer, quotation (both speech) or term (words in quotation marks).", allowed=QUOTE_KINDS),
        ColumnSpec("text", pa.string(), "What was said (inside the quotation marks for quotations).", min_length=1, publisher_text=True),
        *CHAR_SPAN_COLUMNS,
        ColumnSpec("speaker_entity_id", pa.string(), "The speaker in entities, when known.", nullable=True, pattern=ENTITY_ID_PATTERN),
        ColumnSpec("speaker", pa.string(), "The speaker's name (canonical, or as printed when not in the KB).", nullable=True, min_length=1),
        ColumnSpec("method", pa.string(), "How the quote was attributed.", allowed=QUOTE_METHODS),
        ColumnSpec("cue_verb", pa.string(), "The speech verb ('said', 'told', ...), for quotations.", nullable=True, min_length=1),
        ColumnSpec("confidence", pa.float64(), "Confidence of the attribution, 0-1.", min_value=0),
    ),
    primary_key=("quote_id",),
    sort_key=("doc_id", "ordinal"),
    foreign_keys=(
        ForeignKey("doc_id", "documents", "doc_id"),
        ForeignKey("segment_id", "segments", "segment_id"),
        ForeignKey("speaker_entity_id", "entities", "entity_id"),
    ),
    span=TextSpan(inside=("segments", "segment_id")),
    row_rules={
        "confidence_at_most_one": "confidence <= 1",
        "entity_has_a_name": "speaker_entity_id IS NULL OR speaker IS NOT NULL",
        "quotation_has_a_cue": "kind <> 'quotation' OR cue_verb IS NOT NULL",
        "answer_by_turn": "(kind = 'answer') = (method IN ('qa_answer', 'label'))",
        "term_is_no_speech": "kind <> 'term' OR (speaker IS NULL AND method = 'quotation_marks')",
    },
)
