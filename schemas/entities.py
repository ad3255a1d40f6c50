"""Contract of the `entities` table: the curated knowledge base as released (flows/kb/entities.yaml), and the
people found on pages by pattern (curated = false)."""

import pyarrow as pa

from schemas.contract import ColumnSpec, TableContract

ENTITY_TYPES = ("person", "organization", "place", "group", "event")
ENTITY_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

ENTITIES = TableContract(
    name="entities",
    description=(
        "People, organisations (news outlets included), places, groups and events the corpus "
        "mentions: the knowledge base curated by hand (wikidata_qid only where certain), and the "
        "people pages name that it does not know yet, found by pattern (curated = false)."
    ),
    columns=(
        ColumnSpec("entity_id", pa.string(), "Stable id ('ahmad-shah-massoud').", unique=True, pattern=ENTITY_ID_PATTERN),
        ColumnSpec("name", pa.string(), "Canonical name.", min_length=1),
        ColumnSpec("type", pa.string(), "person, organization, place, group or event.", allowed=ENTITY_TYPES),
        ColumnSpec("wikidata_qid", pa.string(), "Wikidata id, where certain.", nullable=True, pattern=r"^Q[1-9]\d*$"),
        ColumnSpec("aliases", pa.list_(pa.string()), "Other surface forms matched in the text (case-sensitive)."),
        ColumnSpec("description", pa.string(), "Short description."),
        ColumnSpec("domains", pa.list_(pa.string()), "Web domains of a news outlet (empty otherwise)."),
        ColumnSpec("curated", pa.bool_(), "True for the reviewed knowledge base; false for a person found on a page by "
                   "pattern (id 'found-...', no wikidata_qid; see mentions.method)."),
    ),
    primary_key=("entity_id",),
    sort_key=("entity_id",),
    row_rules={"found_people_are_uncurated_persons": "curated OR (type = 'person' AND wikidata_qid IS NULL AND entity_id LIKE 'found-%')"},
)
