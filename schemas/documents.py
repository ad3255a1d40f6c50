"""Contract of the `documents` table: one row per raw file that passed ingestion."""

import pyarrow as pa

from schemas.contract import DOC_ID_PATTERN, ColumnSpec, ForeignKey, TableContract
from schemas.entities import ENTITY_ID_PATTERN

DATE_PRECISIONS = ("day", "month", "year")
GENRES = ("interview_qa", "interview_narrative", "news", "opinion", "statement", "transcript", "other")
OUTLET_SOURCES = ("source_line", "url_domain", "phrase")
QUALITY_FLAGS = ("truncated", "unbalanced_quotes", "short_body", "glued_words")
TEXT_REPAIRS = (
    "no_break_space_to_space", "invisible_character_removed", "control_character_removed", "ansi_escape_removed",
    "ftfy_fixed_line",
)

DOCUMENTS = TableContract(
    name="documents",
    description=(
        "One row per source document. `text` is the cleaned full text; every offset in the "
        "other tables is a code-point index into it (Python text[start:end]; DuckDB "
        "substr(text, char_start + 1, char_end - char_start))."
    ),
    columns=(
        ColumnSpec("doc_id", pa.string(), "First 16 hex digits of raw_sha256.", unique=True, pattern=DOC_ID_PATTERN),
        ColumnSpec("source_file", pa.string(), "Path of the raw input relative to the raw folder (as in sources.source_file).", unique=True, min_length=1),
        ColumnSpec("raw_sha256", pa.string(), "sha256 of the raw file's bytes.", unique=True, pattern=r"^[0-9a-f]{64}$"),
        ColumnSpec("raw_bytes", pa.int64(), "Size of the raw file in bytes.", min_value=1),
        ColumnSpec("url", pa.string(), "Source URL found in the page header, if any.", nullable=True, pattern=r"^https?://\S+$"),
        ColumnSpec("title", pa.string(), "Headline (first line of the page, header data removed).", nullable=True, min_length=1, publisher_text=True),
        ColumnSpec("kicker", pa.string(), "Section label printed with the headline (e.g. 'PERSPECTIVE: The resistance').", nullable=True, min_length=1, publisher_text=True),
        ColumnSpec("standfirst", pa.string(), "Summary lines under the headline (dek), joined by a blank line.", nullable=True, min_length=1, publisher_text=True),
        ColumnSpec("authors", pa.list_(pa.string()), "Bylined authors, in page order (empty if none given)."),
        ColumnSpec("outlet", pa.string(), "Publisher: a 'Source:' header line, the URL's domain, or 'speaking to <outlet>'.", nullable=True, min_length=1),
        ColumnSpec("outlet_id", pa.string(), "The outlet in entities, when known.", nullable=True, pattern=ENTITY_ID_PATTERN),
        ColumnSpec("outlet_source", pa.string(), "How the outlet was found.", nullable=True, allowed=OUTLET_SOURCES),
        ColumnSpec("published_date", pa.date32(), "Publication date from an explicit header line.", nullable=True),
        ColumnSpec("date_precision", pa.string(), "How much of published_date the source gave.", nullable=True, allowed=DATE_PRECISIONS),
        ColumnSpec("date_source", pa.string(), "Rule that found published_date (removed.rule_id of its line).", nullable=True, min_length=1),
        ColumnSpec("interview_date", pa.date32(), "When the interview took place, if the author says ('I interviewed X in May 2023').", nullable=True),
        ColumnSpec("interview_date_precision", pa.string(), "How much of interview_date the text gave.", nullable=True, allowed=DATE_PRECISIONS),
        ColumnSpec("interviewer", pa.string(), "Canonical name of the interviewer, when the page says who it is.", nullable=True, min_length=1),
        ColumnSpec("interviewees", pa.list_(pa.string()), "Canonical names of the people interviewed (empty if not an interview)."),
        ColumnSpec("genre", pa.string(), "interview_qa (question/answer turns), interview_narrative, ... or other.", allowed=GENRES),
        ColumnSpec("language", pa.string(), "ISO 639-1 code of the main language of the body (lingua; title, labels and chrome aside), null if undetermined.", nullable=True, pattern=r"^[a-z]{2}$"),
        ColumnSpec("languages", pa.list_(pa.string()), "Every language holding 20% or more of the body's words, main first: a page mixing two languages lists both (empty if undetermined)."),
        ColumnSpec("text", pa.string(), "Cleaned full text: kept blocks joined by a blank line.", min_length=1, publisher_text=True),
        ColumnSpec("n_chars", pa.int32(), "Length of text in code points.", min_value=1),
        ColumnSpec("n_words", pa.int32(), "Whitespace-separated tokens in text.", min_value=1),
        ColumnSpec("truncated", pa.bool_(), "The page ends on a heading or question with nothing after it."),
        ColumnSpec("quality_flags", pa.list_(pa.string()), f"Source problems found, among: {', '.join(QUALITY_FLAGS)}."),
        ColumnSpec("text_repairs", pa.list_(pa.string()), f"Character repairs applied, as '<repair>:<count>' ({', '.join(TEXT_REPAIRS)})."),
    ),
    primary_key=("doc_id",),
    sort_key=("doc_id",),
    foreign_keys=(ForeignKey("outlet_id", "entities", "entity_id"),),
    row_rules={
        "n_chars_is_length_of_text": "n_chars = length(text)",
        "date_and_precision_together": "(published_date IS NULL) = (date_precision IS NULL) AND (published_date IS NULL) = (date_source IS NULL)",
        "interview_date_and_precision_together": "(interview_date IS NULL) = (interview_date_precision IS NULL)",
        "outlet_and_source_together": "(outlet IS NULL) = (outlet_source IS NULL)",
        "truncated_is_a_flag": "truncated = list_contains(quality_flags, 'truncated')",
        "known_quality_flags": f"list_has_all({list(QUALITY_FLAGS)}, quality_flags)",
        "doc_id_is_hash_prefix": "doc_id = left(raw_sha256, 16)",
        "main_language_listed_first": "(language IS NULL AND len(languages) = 0) OR languages[1] = language",
    },
)
