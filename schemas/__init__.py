"""Contracts of the published tables: one module per table, registered here in publish order."""

from schemas.contract import SCHEMA_VERSION, TableContract
from schemas.documents import DOCUMENTS
from schemas.entities import ENTITIES
from schemas.mentions import MENTIONS
from schemas.quotes import QUOTES
from schemas.removed import REMOVED
from schemas.segments import SEGMENTS
from schemas.sentences import SENTENCES
from schemas.sources import SOURCES
from schemas.speakers import SPEAKERS

TABLES: dict[str, TableContract] = {
    t.name: t for t in (DOCUMENTS, SEGMENTS, SENTENCES, SPEAKERS, MENTIONS, QUOTES, ENTITIES, REMOVED, SOURCES)
}
REFERENCE_TABLES = ("entities",)
"""Tables that do not depend on the documents (the knowledge base): written once per release, not per batch."""
ACCOUNTING_TABLES = ("sources",)
"""Tables known only when every batch is done (what became of each raw path): written once, last."""
BATCH_TABLES = tuple(name for name in TABLES if name not in REFERENCE_TABLES + ACCOUNTING_TABLES)
"""Tables built batch by batch from the documents."""

__all__ = ["ACCOUNTING_TABLES", "BATCH_TABLES", "REFERENCE_TABLES", "SCHEMA_VERSION", "TABLES", "TableContract"]
