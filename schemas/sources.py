"""Contract of the `sources` table: every path under the raw folder, exactly once, and what became of it."""

import pyarrow as pa

from schemas.contract import DOC_ID_PATTERN, ColumnSpec, ForeignKey, TableContract

SHA256_PATTERN = r"^[0-9a-f]{64}$"
STATUSES = ("published", "duplicate", "rejected", "failed", "quarantined")
STAGES = ("discover", "ingest", "dedup", "clean", "segment", "tag", "assemble", "validate")

SOURCES = TableContract(
    name="sources",
    description=(
        "One row per path found under the raw folder, whatever it is: published documents, "
        "duplicates (with the document kept and the similarity), and files that were rejected, "
        "failed in a stage or were quarantined by validation, each with the stage and the reason. "
        "No raw path goes unaccounted for."
    ),
    columns=(
        ColumnSpec("source_file", pa.string(), "Path relative to the raw folder ('/' separated; bytes that are not UTF-8 shown as \\xNN); a record of an archive (WARC, JSON Lines) is <path>#<record id>.", unique=True, min_length=1),
        ColumnSpec("sha256", pa.string(), "sha256 of the file's bytes (null when it could not be read).", nullable=True, pattern=SHA256_PATTERN),
        ColumnSpec("bytes", pa.int64(), "Size of the file in bytes (null when it could not be read).", nullable=True, min_value=0),
        ColumnSpec("format", pa.string(), "How a page file is read: 'text', or 'html' (main text extracted with trafilatura).", nullable=True, allowed=("text", "html")),
        ColumnSpec("encoding", pa.string(), "Character encoding the text was decoded with (byte-order mark, UTF-8, or charset-normalizer's detection).", nullable=True, min_length=1),
        ColumnSpec("encoding_confidence", pa.float64(), "1.0 for a byte-order mark or valid UTF-8; else 1 - charset-normalizer's chaos measure.", nullable=True),
        ColumnSpec("status", pa.string(), "published, duplicate, rejected (not a page, or nothing left), failed (a stage raised), quarantined (a validation rule).", allowed=STATUSES),
        ColumnSpec("stage", pa.string(), "Stage that settled a source that is not published.", nullable=True, allowed=STAGES),
        ColumnSpec("reason", pa.string(), "Why a source is not published (exception type and message for failures, rule names for quarantine).", nullable=True, min_length=1),
        ColumnSpec("doc_id", pa.string(), "The document in `documents`, for published sources.", nullable=True, pattern=DOC_ID_PATTERN),
        ColumnSpec("duplicate_of", pa.string(), "doc_id of the copy that was kept, for duplicates.", nullable=True, pattern=DOC_ID_PATTERN),
        ColumnSpec("similarity", pa.float64(), "Estimated Jaccard similarity of word shingles with the kept copy (1.0 for the same bytes).", nullable=True),
    ),
    primary_key=("source_file",),
    sort_key=("source_file",),
    foreign_keys=(ForeignKey("doc_id", "documents", "doc_id"),),
    table_rules={
        "one_source_per_document": (
            "SELECT s.source_file, s.doc_id FROM sources s JOIN (SELECT doc_id FROM sources WHERE doc_id IS NOT NULL "
            "GROUP BY doc_id HAVING count(*) > 1) d USING (doc_id) ORDER BY 1"
        ),
    },
    row_rules={
        "published_has_document": "(status = 'published') = (doc_id IS NOT NULL)",
        "unpublished_says_why": "status = 'published' OR (reason IS NOT NULL AND stage IS NOT NULL)",
        "duplicate_names_kept_copy": "(status = 'duplicate') = (duplicate_of IS NOT NULL AND similarity IS NOT NULL)",
        "similarity_is_a_fraction": "similarity IS NULL OR similarity BETWEEN 0 AND 1",
        "confidence_is_a_fraction": "encoding_confidence IS NULL OR encoding_confidence BETWEEN 0 AND 1",
    },
)
