"""Contracts of the published tables: one module per table, registered here in publish order."""

from schemas.contract import SCHEMA_VERSION, TableContract
from schemas.documents import DOCUMENTS
from schemas.removed import REMOVED
from schemas.segments import SEGMENTS
from schemas.sentences import SENTENCES
from schemas.speakers import SPEAKERS

TABLES: dict[str, TableContract] = {t.name: t for t in (DOCUMENTS, SEGMENTS, SENTENCES, SPEAKERS, REMOVED)}

__all__ = ["SCHEMA_VERSION", "TABLES", "TableContract"]
