"""How a published table's contract is written down.

A table module declares its columns once (`ColumnSpec`); the exact Arrow schema used to
write Parquet and the pandera schema used to validate are both derived from that list,
so the two can never disagree. Rules that involve several columns or several tables
(offsets that must slice the parent text, foreign keys) are declared here as data and
checked with DuckDB by `flows.stages.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pyarrow as pa

SCHEMA_VERSION = "1.4"
"""major.minor of the published columns: minor when columns are added, major when one changes or goes."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its Arrow type, meaning and the value rules pandera enforces."""

    name: str
    type: pa.DataType
    description: str
    nullable: bool = False
    unique: bool = False
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    min_value: int | None = None
    min_length: int | None = None
    publisher_text: bool = False
    """The publisher's own words (article text, headline, passages of it): their terms, not the annotations'."""


@dataclass(frozen=True)
class ForeignKey:
    """`column` of this table must match `parent_column` of `parent_table`."""

    column: str
    parent_table: str
    parent_column: str


@dataclass(frozen=True)
class TextSpan:
    """Rows whose `text` is exactly `parent_table.text[char_start:char_end]`, joined on `key`.

    With `inside` = (table, key), the span must also lie within that row's span (a sentence
    inside its segment).
    """

    parent_table: str = "documents"
    key: str = "doc_id"
    inside: tuple[str, str] | None = None


@dataclass(frozen=True)
class TableContract:
    """Everything a user (and the validator) needs to know about one published table."""

    name: str
    description: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]
    sort_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    span: TextSpan | None = None
    row_rules: dict[str, str] = field(default_factory=dict)
    """Named SQL boolean expressions every row must satisfy (checked in DuckDB)."""
    table_rules: dict[str, str] = field(default_factory=dict)
    """Named SQL queries over the tables that return the primary key and doc_id of offending rows (DuckDB)."""

    @cached_property
    def arrow_schema(self) -> pa.Schema:
        fields = [
            pa.field(c.name, c.type, nullable=c.nullable, metadata={"description": c.description})
            for c in self.columns
        ]
        return pa.schema(
            fields,
            metadata={"table": self.name, "schema_version": SCHEMA_VERSION, "description": self.description},
        )

    @cached_property
    def pandera_schema(self):  # -> pandera.api.pyarrow DataFrameSchema (imported lazily: slow import)
        import pandera.pyarrow as ppa

        def checks(c: ColumnSpec) -> list:
            found = []
            if c.allowed is not None:
                found.append(ppa.Check.isin(list(c.allowed)))
            if c.pattern is not None:
                found.append(ppa.Check.str_matches(c.pattern))
            if c.min_value is not None:
                found.append(ppa.Check.ge(c.min_value))
            if c.min_length is not None:
                found.append(ppa.Check.str_length(min_value=c.min_length))
            return found

        return ppa.DataFrameSchema(
            {
                c.name: ppa.Column(
                    c.type, checks=checks(c), nullable=c.nullable, unique=c.unique, description=c.description
                )
                for c in self.columns
            },
            name=self.name,
            strict=True,
            ordered=True,
            unique=list(self.primary_key) if len(self.primary_key) > 1 else None,
        )

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


SEGMENT_ID_PATTERN = r"^[0-9a-f]{16}-seg\d{4,}$"
SPEAKER_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SPEAKER_ROLES = ("interviewer", "interviewee", "narrator")
DOC_ID_PATTERN = r"^[0-9a-f]{16}$"
"""doc_id is the first 16 hex digits of the raw file's sha256: stable while the bytes are."""

CHAR_SPAN_COLUMNS = (
    ColumnSpec("char_start", pa.int32(), "Start offset in documents.text (code points, inclusive).", min_value=0),
    ColumnSpec("char_end", pa.int32(), "End offset in documents.text (code points, exclusive).", min_value=1),
)
"""Where a row's text sits in documents.text; checked by the contract's TextSpan."""

RAW_SPAN_COLUMNS = (
    ColumnSpec("raw_line_no", pa.int32(), "Line of the raw file the text comes from (1-based; CRLF, CR, LF break lines).", min_value=1),
    ColumnSpec("raw_byte_start", pa.int64(), "Start in the raw file (bytes, inclusive; for HTML, in the extracted text as UTF-8).", min_value=0),
    ColumnSpec("raw_byte_end", pa.int64(), "End in the raw file (bytes, exclusive).", min_value=1),
    ColumnSpec("raw_char_start", pa.int64(), "Start in the raw file's decoded text (code points, inclusive; sources.encoding, byte-order mark excluded; for HTML, the extracted text).", min_value=0),
    ColumnSpec("raw_char_end", pa.int64(), "End in the raw file's decoded text (code points, exclusive).", min_value=1),
)
"""Where a row's text sits in the raw file whose sha256 is documents.raw_sha256."""
