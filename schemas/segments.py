"""Contract of the `segments` table: the kept blocks of each document, in reading order."""

import pyarrow as pa

from schemas.contract import (
    CHAR_SPAN_COLUMNS,
    DOC_ID_PATTERN,
    RAW_SPAN_COLUMNS,
    SEGMENT_ID_PATTERN,
    SPEAKER_ID_PATTERN,
    SPEAKER_ROLES,
    ColumnSpec,
    ForeignKey,
    TableContract,
    TextSpan,
)

SEGMENT_KINDS = ("title", "standfirst", "byline", "heading", "paragraph", "question", "answer", "label")

SEGMENTS = TableContract(
    name="segments",
    description=(
        "Blocks of a document's cleaned text in reading order: title, headings, narration, and "
        "for interviews question and answer turns with their speaker (a speaker label printed "
        "in the page is its own 'label' segment). text equals documents.text[char_start:char_end]; "
        "the raw_* columns locate it in the raw file."
    ),
    columns=(
        ColumnSpec("segment_id", pa.string(), "'<doc_id>-seg<ordinal>'.", unique=True, pattern=SEGMENT_ID_PATTERN),
        ColumnSpec("doc_id", pa.string(), "Document this segment belongs to.", pattern=DOC_ID_PATTERN),
        ColumnSpec("ordinal", pa.int32(), "Position in the document, from 0.", min_value=0),
        ColumnSpec("kind", pa.string(), "Structural role of the block.", allowed=SEGMENT_KINDS),
        ColumnSpec("text", pa.string(), "The block's cleaned text.", min_length=1, publisher_text=True),
        ColumnSpec("speaker", pa.string(), "Canonical name of who speaks (questions, answers, labels); null when the page does not say (an 'A.' label with no name anywhere).", nullable=True, min_length=1),
        ColumnSpec("speaker_id", pa.string(), "Id of the speaker in table speakers (with doc_id).", nullable=True, pattern=SPEAKER_ID_PATTERN),
        ColumnSpec("speaker_label", pa.string(), "The speaker label as printed ('Massound', 'Q'), if the page had one.", nullable=True, min_length=1),
        ColumnSpec("role", pa.string(), "interviewer, interviewee or narrator.", nullable=True, allowed=SPEAKER_ROLES),
        ColumnSpec("turn", pa.int32(), "Question/answer pair number in the document, from 1.", nullable=True, min_value=1),
        ColumnSpec("reply_to", pa.string(), "For an answer: segment_id of the question it replies to.", nullable=True, pattern=SEGMENT_ID_PATTERN),
        *CHAR_SPAN_COLUMNS,
        *RAW_SPAN_COLUMNS,
    ),
    primary_key=("segment_id",),
    sort_key=("doc_id", "ordinal"),
    foreign_keys=(
        ForeignKey("doc_id", "documents", "doc_id"),
        ForeignKey("reply_to", "segments", "segment_id"),
    ),
    span=TextSpan(),
    row_rules={
        "char_span_not_empty": "char_start < char_end",
        "raw_span_not_empty": "raw_byte_start < raw_byte_end AND raw_char_start < raw_char_end",
        "id_matches_doc_and_ordinal": "segment_id = doc_id || '-seg' || lpad(ordinal::VARCHAR, greatest(4, length(ordinal::VARCHAR))::INTEGER, '0')",
        "answer_replies_to_a_question": "kind <> 'answer' OR (reply_to IS NOT NULL AND turn IS NOT NULL)",
        "question_has_turn": "kind <> 'question' OR turn IS NOT NULL",
        "label_has_label_text": "kind <> 'label' OR speaker_label IS NOT NULL",
        "speaker_and_id_together": "(speaker IS NULL) = (speaker_id IS NULL)",
    },
    table_rules={
        "reply_to_is_a_question_of_the_same_document_and_turn": (
            "SELECT a.segment_id, a.doc_id FROM segments a JOIN segments q ON q.segment_id = a.reply_to "
            "WHERE q.kind <> 'question' OR q.doc_id <> a.doc_id OR q.turn IS DISTINCT FROM a.turn ORDER BY 1"
        ),
        "speaker_is_listed_in_speakers": (
            "SELECT s.segment_id, s.doc_id FROM segments s ANTI JOIN speakers p ON p.doc_id = s.doc_id "
            "AND p.speaker_id = s.speaker_id WHERE s.speaker_id IS NOT NULL ORDER BY 1"
        ),
    },
)
