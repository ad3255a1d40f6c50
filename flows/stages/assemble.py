"""Assemble stage: turn a batch of tagged documents into Arrow tables under their contracts.

Reads: the outputs of clean, segment and tag. Writes: one `pyarrow.Table` per published
table, typed by the table's Arrow schema (schemas/), sorted by its sort key, one chunk.
Reference tables (the knowledge base) do not depend on the batch: `reference_tables()`; a batch adds the
people it found by pattern (its `entities` table), merged with the knowledge base by `with_entities`.
"""

from __future__ import annotations

from bisect import bisect_right

import pyarrow as pa
import pyarrow.compute as pc

from flows.isolation import each_document
from flows.language.entities import knowledge_base
from flows.language.interview import speaker_id
from flows.sources import Outcome
from flows.stages.ingest import RawSpan
from flows.stages.segment import SegmentedDocument
from flows.stages.tag import TaggedDocument
from schemas import BATCH_TABLES, TABLES


def assemble_batch(tagged: list[TaggedDocument]) -> tuple[dict[str, pa.Table], list[Outcome]]:
    """The batch's tables; a document whose rows cannot be built is left out whole."""
    names = [name for name in TABLES if name in BATCH_TABLES]
    columns: dict[str, dict[str, list]] = {name: {c: [] for c in TABLES[name].column_names()} for name in names}

    def add(document: TaggedDocument) -> None:
        rows = {name: {c: [] for c in table} for name, table in columns.items()}
        _add_document(rows, document)
        for name, table in rows.items():
            for column, values in table.items():
                columns[name][column] += values

    _, outcomes = each_document("assemble", tagged, add, lambda t: t.document.cleaned.source.doc_id)
    tables = {name: to_table(name, columns[name]) for name in names}
    found = {e.id: e for t in tagged for e in t.found_entities}
    tables["entities"] = _entities_table(found.values(), curated=False)
    return tables, outcomes


def reference_tables() -> dict[str, pa.Table]:
    """The knowledge base as released."""
    return {"entities": _entities_table(knowledge_base().entities.values(), curated=True)}


def with_entities(tables: dict[str, pa.Table], *more: pa.Table) -> dict[str, pa.Table]:
    """The batch's tables with the release's entities: the knowledge base and the people found by pattern in
    the batch (its 'entities' table) and in `more` (other batches), each id once."""
    reference = reference_tables()["entities"]
    found = [t for t in (tables.get("entities"), *more) if t is not None]
    merged = pa.concat_tables([reference, *found])
    first = pc.equal(pc.index_in(merged["entity_id"], merged["entity_id"]), pa.array(range(merged.num_rows)))
    return tables | {"entities": to_table("entities", merged.filter(first).to_pydict())}


def _entities_table(entities, curated: bool) -> pa.Table:
    columns: dict[str, list] = {c: [] for c in TABLES["entities"].column_names()}
    for entity in entities:
        _append(
            columns, entity_id=entity.id, name=entity.name, type=entity.type, wikidata_qid=entity.qid,
            aliases=list(entity.aliases), description=entity.description, domains=list(entity.domains), curated=curated,
        )
    return to_table("entities", columns)


def to_table(name: str, columns: dict[str, list]) -> pa.Table:
    """Typed, sorted, single-chunk table (one chunk layout is what makes Parquet bytes repeatable)."""
    contract = TABLES[name]
    table = pa.table(columns, schema=contract.arrow_schema)
    return table.sort_by([(key, "ascending") for key in contract.sort_key]).combine_chunks()


def _append(table: dict[str, list], **row) -> None:
    for key, value in row.items():
        table[key].append(value)


def _add_document(columns: dict[str, dict[str, list]], tagged: TaggedDocument) -> None:
    doc, tags = tagged.document, tagged.tags
    source = doc.cleaned.source
    doc_id = source.doc_id
    _append(
        columns["documents"],
        doc_id=doc_id,
        source_file=source.source_file,
        raw_sha256=source.raw_sha256,
        raw_bytes=source.raw_bytes,
        url=tags.url,
        title=tags.title,
        kicker=tags.kicker,
        standfirst=tags.standfirst,
        authors=tags.authors,
        outlet=tags.outlet,
        outlet_id=tags.outlet_id,
        outlet_source=tags.outlet_source,
        published_date=tags.published_date,
        date_precision=tags.date_precision,
        date_source=tags.date_source,
        interview_date=tags.interview_date,
        interview_date_precision=tags.interview_date_precision,
        interviewer=tags.interviewer,
        interviewees=tags.interviewees,
        genre=tags.genre,
        language=tags.language,
        languages=tags.languages,
        text=doc.text,
        n_chars=tags.n_chars,
        n_words=tags.n_words,
        truncated=tags.truncated,
        quality_flags=tags.quality_flags,
        text_repairs=tags.text_repairs,
    )
    for segment in doc.segments:
        _append(
            columns["segments"],
            segment_id=segment_id(doc_id, segment.ordinal),
            doc_id=doc_id,
            ordinal=segment.ordinal,
            kind=segment.kind,
            text=segment.text,
            speaker=segment.speaker,
            speaker_id=speaker_id(segment.speaker) if segment.speaker else None,
            speaker_label=segment.speaker_label,
            role=segment.role,
            turn=segment.turn,
            reply_to=segment_id(doc_id, segment.reply_to) if segment.reply_to is not None else None,
            char_start=segment.char_start,
            char_end=segment.char_end,
            **_raw_columns(segment.raw),
        )
    for speaker in _speakers(doc):
        _append(columns["speakers"], doc_id=doc_id, **speaker)
    for sentence in doc.sentences:
        _append(
            columns["sentences"],
            sentence_id=f"{doc_id}-sen{sentence.ordinal:05d}",
            segment_id=segment_id(doc_id, sentence.segment_ordinal),
            doc_id=doc_id,
            ordinal=sentence.ordinal,
            text=doc.text[sentence.char_start : sentence.char_end],
            char_start=sentence.char_start,
            char_end=sentence.char_end,
        )
    sentence_starts = [s.char_start for s in doc.sentences]
    segment_starts = [s.char_start for s in doc.segments]
    for ordinal, mention in enumerate(tagged.mentions):
        segment = doc.segments[bisect_right(segment_starts, mention.char_start) - 1]
        index = bisect_right(sentence_starts, mention.char_start) - 1
        sentence = doc.sentences[index] if index >= 0 and mention.char_end <= doc.sentences[index].char_end else None
        _append(
            columns["mentions"],
            mention_id=f"{doc_id}-men{ordinal:05d}",
            doc_id=doc_id,
            ordinal=ordinal,
            segment_id=segment_id(doc_id, segment.ordinal),
            sentence_id=f"{doc_id}-sen{sentence.ordinal:05d}" if sentence else None,
            entity_id=mention.entity_id,
            text=doc.text[mention.char_start : mention.char_end],
            char_start=mention.char_start,
            char_end=mention.char_end,
            method=mention.method,
            confidence=mention.confidence,
        )
    for ordinal, quote in enumerate(tagged.quotes):
        _append(
            columns["quotes"],
            quote_id=f"{doc_id}-quo{ordinal:04d}",
            doc_id=doc_id,
            ordinal=ordinal,
            segment_id=segment_id(doc_id, quote.segment_ordinal),
            text=doc.text[quote.char_start : quote.char_end],
            char_start=quote.char_start,
            char_end=quote.char_end,
            speaker_entity_id=quote.speaker_entity,
            speaker=quote.speaker,
            kind=quote.kind,
            method=quote.method,
            cue_verb=quote.cue_verb,
            confidence=quote.confidence,
        )
    kept_copy = _kept_copies(doc)
    for ordinal, removal in enumerate(doc.cleaned.removed):
        _append(
            columns["removed"],
            removal_id=f"{doc_id}-rem{ordinal:04d}",
            doc_id=doc_id,
            ordinal=ordinal,
            **_raw_columns(removal.raw),
            text=removal.text,
            reason=removal.reason,
            rule_id=removal.rule_id,
            moved_to=removal.moved_to,
            score=removal.score,
            duplicate_of=kept_copy.get(removal.raw),
        )


def _kept_copies(doc: SegmentedDocument) -> dict[RawSpan, str]:
    """segment_id of the kept text each repeat stands for, keyed by the repeat's raw span.

    A repeat may name a block that a later rule removed too (a paragraph repeated, then
    found to be a pull-quote of another): follow the chain to the segment that was kept,
    or leave the link empty when the chain ends in removed text.
    """
    segment_of = {s.block.raw: segment_id(doc.cleaned.source.doc_id, s.ordinal) for s in doc.segments if s.block}
    repeats = {r.raw: r.duplicate_of for r in doc.cleaned.removed if r.duplicate_of is not None}
    found = {}
    for raw, target in repeats.items():
        seen = {raw}
        while target not in segment_of and target in repeats and target not in seen:
            seen.add(target)
            target = repeats[target]
        if target in segment_of:
            found[raw] = segment_of[target]
    return found


def _speakers(doc: SegmentedDocument) -> list[dict]:
    """Participants found in the page, plus anyone else a label gives a voice."""
    participants = doc.participants
    names = [n for n in [participants.interviewer, *participants.interviewees] if n]
    names += sorted({s.speaker for s in doc.segments if s.speaker and s.speaker not in names})
    rows, ids = [], set()
    for name in names:
        if speaker_id(name) in ids:
            continue  # 'MARGARET BRENNAN' beside 'Margaret Brennan': one speaker
        ids.add(speaker_id(name))
        own = [s for s in doc.segments if s.speaker == name]
        aliases = set(participants.aliases.get(name, ())) | {s.speaker_label for s in own if s.speaker_label}
        role = participants.role_of(name) or next((s.role for s in own if s.role), None)
        rows.append(
            dict(
                speaker_id=speaker_id(name),
                name=name,
                entity_id=knowledge_base().entity_for_name(name),
                role=role,
                roles=sorted({r for r in (role, *(s.role for s in own)) if r}),
                aliases=sorted(aliases),
                found_by=participants.evidence.get(name, "label"),
                n_segments=len(own),
            )
        )
    return rows


def _raw_columns(span: RawSpan) -> dict:
    return dict(
        raw_line_no=span.line_no,
        raw_byte_start=span.byte_start,
        raw_byte_end=span.byte_end,
        raw_char_start=span.char_start,
        raw_char_end=span.char_end,
    )


def segment_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}-seg{ordinal:04d}"
