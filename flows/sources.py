"""Accounting: what became of every path under the raw folder (the `sources` table).

Every path the build sees gets exactly one `Source` row. Discovery opens it as `pending`
(or settles it at once: not a page, unreadable, a byte-identical copy); each later stage
may settle a pending row (`rejected` with a reason, `failed` with the exception, a near
`duplicate`, `quarantined` by validation); whatever is still pending at the end was
published. Rows are data, like datatrove's filter reasons: a user can always ask why a
file is not in the release.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import pyarrow as pa

from schemas.sources import STATUSES


@dataclass(frozen=True)
class Source:
    """One row of `sources`: a path under the raw folder and what the build did with it."""

    source_file: str
    sha256: str | None = None
    bytes: int | None = None
    format: str | None = None  # "text" or "html", for files read as pages
    encoding: str | None = None
    encoding_confidence: float | None = None
    status: str = "pending"
    stage: str | None = None
    reason: str | None = None
    doc_id: str | None = None  # the id the document has (or would have) in `documents`
    duplicate_of: str | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class Outcome:
    """A stage's verdict on one document that does not go on: keyed by doc_id, not by object."""

    doc_id: str
    status: str  # rejected, failed, duplicate or quarantined
    stage: str
    reason: str
    duplicate_of: str | None = None
    similarity: float | None = None


class SourceLedger:
    """The build's running account of every source, settled as stages report outcomes."""

    def __init__(self, sources: list[Source]):
        self._rows = {s.source_file: s for s in sources}
        self._by_doc = {s.doc_id: s.source_file for s in sources if s.status == "pending" and s.doc_id}

    def update(self, source: Source) -> None:
        """Replace a row with what a later stage learned (encoding, format, or a verdict)."""
        self._rows[source.source_file] = source

    def note_decoding(self, doc_id: str, encoding: str, confidence: float) -> None:
        name = self._by_doc[doc_id]
        self._rows[name] = replace(self._rows[name], encoding=encoding, encoding_confidence=confidence)

    def settle(self, outcome: Outcome) -> None:
        name = self._by_doc[outcome.doc_id]
        self._rows[name] = replace(
            self._rows[name], status=outcome.status, stage=outcome.stage, reason=outcome.reason,
            duplicate_of=outcome.duplicate_of, similarity=outcome.similarity,
        )

    def name_of(self, doc_id: str) -> str:
        return self._by_doc[doc_id]

    def counts(self) -> dict[str, int]:
        """Sources per status so far (pages still on their way are `pending`)."""
        found = Counter(s.status for s in self._rows.values())
        return {status: found[status] for status in ("pending", *STATUSES) if found[status]}

    def rows_per_status(self) -> dict[str, int]:
        """Final sources per status (what manifest.json records)."""
        found = Counter(s.status for s in self.rows())
        return {status: found[status] for status in STATUSES if found[status]}

    def rows(self) -> list[Source]:
        """Final rows, sorted by path: pending rows were published; only published rows keep doc_id
        (the foreign key into `documents`)."""
        final = []
        for name in sorted(self._rows):
            source = self._rows[name]
            if source.status == "pending":
                source = replace(source, status="published")
            elif source.status != "published":
                source = replace(source, doc_id=None)
            final.append(source)
        return final



def sources_table(rows: list[Source], schema: pa.Schema) -> pa.Table:
    columns = {name: [getattr(row, name) for row in rows] for name in schema.names}
    return pa.table(columns, schema=schema)
