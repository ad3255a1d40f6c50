"""Contract of the `speakers` table: the participants of each document and who else speaks."""

import pyarrow as pa

from schemas.contract import DOC_ID_PATTERN, SPEAKER_ID_PATTERN, SPEAKER_ROLES, ColumnSpec, ForeignKey, TableContract
from schemas.entities import ENTITY_ID_PATTERN

SPEAKERS = TableContract(
    name="speakers",
    description=(
        "One row per person (or outlet) speaking in or interviewed for a document. speaker_id "
        "is derived from the canonical name, so the same person has the same id in every "
        "document; segments.(doc_id, speaker_id) points here."
    ),
    columns=(
        ColumnSpec("doc_id", pa.string(), "Document.", pattern=DOC_ID_PATTERN),
        ColumnSpec("speaker_id", pa.string(), "Slug of the canonical name ('ahmad-massoud').", pattern=SPEAKER_ID_PATTERN),
        ColumnSpec("name", pa.string(), "Canonical name as the page spells it most.", min_length=1),
        ColumnSpec("entity_id", pa.string(), "The person (or outlet) in entities, when known.", nullable=True, pattern=ENTITY_ID_PATTERN),
        ColumnSpec("role", pa.string(), "Role in this document (null: a labelled speaker of unknown role).", nullable=True, allowed=SPEAKER_ROLES),
        ColumnSpec("roles", pa.list_(pa.string()), "Every role the person has in the document, sorted: the participant role "
                   "and those of their segments (a host who introduces the programme and then asks: narrator, interviewer)."),
        ColumnSpec("aliases", pa.list_(pa.string()), "Forms of the name seen in the document: names and labels as printed."),
        ColumnSpec("found_by", pa.string(), "Rule that identified the participant (flows/language/interview.py), or 'label'.", min_length=1),
        ColumnSpec("n_segments", pa.int32(), "Segments (questions, answers, labels) this speaker has in the document.", min_value=0),
    ),
    primary_key=("doc_id", "speaker_id"),
    sort_key=("doc_id", "speaker_id"),
    foreign_keys=(ForeignKey("doc_id", "documents", "doc_id"), ForeignKey("entity_id", "entities", "entity_id")),
    row_rules={"role_among_roles": "role IS NULL OR list_contains(roles, role)"},
)
