"""Contracts of the published tables: one module per table, registered here in publish order."""

from schemas.contract import SCHEMA_VERSION, TableContract
from schemas.documents import DOCUMENTS
from schemas.entities import ENTITIES
from schemas.mentions import MENTIONS
from schemas.quotes import QUOTES
from schemas.removed import REMOVED
from schemas.segments import SEGMENTS
from schemas.sentences import SENTENCES
from schemas.speakers import SPEAKERS

TABLES: dict[str, TableContract] = {
    t.name: t for t in (DOCUMENTS, SEGMENTS, SENTENCES, SPEAKERS, MENTIONS, QUOTES, ENTITIES, REMOVED)
}
REFERENCE_TABLES = ("entities",)
"""Tables that do not depend on the documents (the knowledge base): written once per release, not per batch."""

__all__ = ["REFERENCE_TABLES", "SCHEMA_VERSION", "TABLES", "TableContract"]
