"""Segment stage: lay the kept blocks out as the document text, then split sentences.

Reads: `CleanedDocument.blocks`. Writes: `SegmentedDocument` with the cleaned full text
(blocks joined by a blank line), one `Segment` per block and its `Sentence`s, each with
code-point offsets into the full text, so text[char_start:char_end] is the row's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.clean import Block, CleanedDocument
from flows.text import split_sentences

BLOCK_SEPARATOR = "\n\n"
_KIND_OF_ROLE = {"title": "title", "body": "paragraph"}


@dataclass(frozen=True)
class Segment:
    ordinal: int
    kind: str
    block: Block
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Sentence:
    ordinal: int
    segment_ordinal: int
    char_start: int
    char_end: int


@dataclass
class SegmentedDocument:
    cleaned: CleanedDocument
    text: str
    segments: list[Segment]
    sentences: list[Sentence]


def segment_document(cleaned: CleanedDocument) -> SegmentedDocument:
    segments, sentences, offset = [], [], 0
    for ordinal, block in enumerate(cleaned.blocks):
        start = offset
        segments.append(Segment(ordinal, _KIND_OF_ROLE[block.role], block, start, start + len(block.text)))
        for local_start, local_end in split_sentences(block.text):
            sentences.append(Sentence(len(sentences), ordinal, start + local_start, start + local_end))
        offset = start + len(block.text) + len(BLOCK_SEPARATOR)
    text = BLOCK_SEPARATOR.join(block.text for block in cleaned.blocks)
    return SegmentedDocument(cleaned, text, segments, sentences)


def segment_batch(documents: list[CleanedDocument]) -> list[SegmentedDocument]:
    return [segment_document(doc) for doc in documents]
