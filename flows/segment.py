"""Segment stage: structure the kept blocks as an interview or an article, then split sentences.

Reads: `CleanedDocument` (blocks, title, header). Writes: `SegmentedDocument`: the cleaned
full text, `Segment`s with kind, speaker, role, turn and reply_to, `Sentence`s, and the
page's `Participants`. Offsets are code points into the full text.

Kinds: title, heading, paragraph (narration), question, answer, and label (a speaker label
such as "O’Donnell:" kept as its own segment, so every word of the text stays in a segment).
standfirst and byline are in the enum for pages whose header is kept, but the cleaner
moves them into documents fields, so they do not occur as segments today.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.clean import Block, CleanedDocument
from flows.genre import PageSignals, classify
from flows.ingest import RawSpan
from flows.isolation import each_document
from flows.sources import Outcome
from flows.interview import (
    MIN_ANSWERED_QUESTIONS,
    Label,
    Participants,
    find_label,
    find_participants,
    is_first_person,
    is_heading,
    is_question_like,
    is_question_preamble,
    recurring_labels,
)
from flows.text import ends_like_sentence, split_sentences

BLOCK_SEPARATOR = "\n\n"
LABEL_SEPARATOR = "\n"
"""A speaker label printed on its own line stays on its own line, right above its text."""
INTRO_BLOCKS = 12
"""Participants are looked for in the standfirst and the first blocks of the body."""


@dataclass(frozen=True)
class Segment:
    ordinal: int
    kind: str
    text: str
    char_start: int
    char_end: int
    raw: RawSpan
    speaker: str | None = None
    speaker_label: str | None = None
    role: str | None = None
    turn: int | None = None
    reply_to: int | None = None  # ordinal of the question an answer replies to
    block: Block | None = None  # the block the segment is (None when it is part of one)


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
    participants: Participants = field(default_factory=Participants)
    genre: str = "other"

    @property
    def question_turns(self) -> int:
        return len({s.turn for s in self.segments if s.kind == "question"})


@dataclass
class _Piece:
    """A segment before offsets are known: a block, or part of one."""

    block: int
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_label: str | None = None
    role: str | None = None
    turn: int | None = None
    reply_to: _Piece | None = None


def segment_batch(documents: list[CleanedDocument]) -> tuple[list[SegmentedDocument], list[Outcome]]:
    return each_document("segment", documents, segment_document, lambda d: d.source.doc_id)


def segment_document(cleaned: CleanedDocument) -> SegmentedDocument:
    blocks = cleaned.blocks
    body = [i for i, b in enumerate(blocks) if b.role == "body"]
    title = cleaned.title.text if cleaned.title else None
    intro = cleaned.header.standfirst + [blocks[i].text for i in body[:INTRO_BLOCKS]]
    texts = [b.text for b in blocks] + cleaned.header.standfirst
    participants = find_participants(title, intro, texts, cleaned.header.interviewers)
    labels = _labels(blocks, body, participants, cleaned.header.outlet)
    pieces = [_Piece(i, 0, len(blocks[i].text), "title") for i, b in enumerate(blocks) if b.role == "title"]
    if sum(label is not None for label in labels.values()) >= 2:
        pieces += _labelled_interview(blocks, body, labels)
    else:
        pieces += _unlabelled_page(blocks, body, participants)
    pieces.sort(key=lambda p: (p.block, p.start))
    text, segments = _lay_out(cleaned, pieces, labels)
    spans = [(s.ordinal, s.char_start + a, s.char_start + b) for s in segments if s.kind != "label" for a, b in split_sentences(s.text)]
    sentences = [Sentence(n, *span) for n, span in enumerate(spans)]
    document = SegmentedDocument(cleaned, text, segments, sentences, participants)
    document.genre = _genre(document)
    return document


def _labels(blocks: list[Block], body: list[int], participants: Participants, outlet: str | None) -> dict[int, Label]:
    found: dict[int, Label] = {}
    recurring = recurring_labels([blocks[i].text for i in body])
    for position, index in enumerate(body):
        if index - 1 in found and found[index - 1].own_line:
            continue  # the text of a label that stands on its own line
        following = blocks[body[position + 1]].text if position + 1 < len(body) else None
        label = find_label(blocks[index].text, participants, outlet, following, recurring)
        if label is not None:
            found[index] = label
    return found


def _labelled_interview(blocks: list[Block], body: list[int], labels: dict[int, Label]) -> list[_Piece]:
    pieces: list[_Piece] = []
    turn, question, current = 0, None, None
    skip = set()
    for index in body:
        if index in skip:
            continue
        label = labels.get(index)
        if label is None:
            if current is None:
                pieces.append(_narration(blocks[index].text, index))
            else:  # a further paragraph of the same utterance
                pieces.append(_Piece(index, 0, len(blocks[index].text), current.kind, current.speaker, None,
                                     current.role, current.turn, current.reply_to))
            continue
        pieces.append(_Piece(index, 0, label.label_end, "label", label.speaker, label.text, label.role))
        if label.own_line:  # the utterance is the next block, after its leading colon
            index = index + 1
            start = len(blocks[index].text) - len(blocks[index].text.lstrip(": \t"))
            skip.add(index)
        else:
            start = label.end
        utterance = blocks[index].text[start:]
        asks = label.role == "interviewer" or (label.role is None and utterance.rstrip().endswith("?"))
        if asks:
            turn += 1
            current = _Piece(index, start, len(blocks[index].text), "question", label.speaker, label.text,
                             label.role or "interviewer", turn)
            question = current
        else:
            kind = "answer" if question is not None else "paragraph"
            current = _Piece(index, start, len(blocks[index].text), kind, label.speaker, label.text,
                             label.role or "interviewee", turn if question else None, question)
        pieces.append(current)
    return pieces


def _unlabelled_page(blocks: list[Block], body: list[int], participants: Participants) -> list[_Piece]:
    texts = [blocks[i].text for i in body]
    asks = [is_question_like(t) for t in texts]
    answered = sum(
        1 for k in range(len(texts) - 1) if asks[k] and not asks[k + 1] and is_first_person(texts[k + 1])
    )
    if answered < MIN_ANSWERED_QUESTIONS:
        return [_narration(texts[k], body[k]) for k in range(len(texts))]
    interviewee = participants.interviewees[0] if len(participants.interviewees) == 1 else None
    first = asks.index(True)
    pieces = [_narration(texts[k], body[k]) for k in range(first)]
    turn, question = 0, None
    for k in range(first, len(texts)):
        index, text = body[k], texts[k]
        preamble = not asks[k] and k + 1 < len(texts) and asks[k + 1] and is_question_preamble(text)
        if asks[k] or preamble:
            continues = bool(pieces) and pieces[-1].kind == "question"
            turn += 0 if continues else 1
            piece = _Piece(index, 0, len(text), "question", participants.interviewer, None, "interviewer", turn)
            question = question if continues else piece
            pieces.append(piece)
        elif not ends_like_sentence(text) and is_heading(text):
            pieces.append(_Piece(index, 0, len(text), "heading"))
        elif interviewee is None:
            pieces.append(_narration(text, index))
        else:
            pieces.append(_Piece(index, 0, len(text), "answer", interviewee, None, "interviewee", turn, question))
    return pieces


def _narration(text: str, index: int) -> _Piece:
    if is_heading(text):
        return _Piece(index, 0, len(text), "heading")
    return _Piece(index, 0, len(text), "paragraph", role="narrator")


def _lay_out(cleaned: CleanedDocument, pieces: list[_Piece], labels: dict[int, Label]) -> tuple[str, list[Segment]]:
    """The full text (blocks joined) and the segments with their offsets into it."""
    blocks = cleaned.blocks
    starts, parts, offset = [], [], 0
    for index, block in enumerate(blocks):
        if index:
            own_line_label = index - 1 in labels and labels[index - 1].own_line
            separator = LABEL_SEPARATOR if own_line_label else BLOCK_SEPARATOR
            parts.append(separator)
            offset += len(separator)
        starts.append(offset)
        parts.append(block.text)
        offset += len(block.text)
    text = "".join(parts)
    ordinal_of: dict[tuple[int, int], int] = {}  # a piece is known by where it starts: (block, offset)
    segments = []
    for ordinal, piece in enumerate(pieces):
        block = blocks[piece.block]
        start = piece.start + (len(block.text[piece.start :]) - len(block.text[piece.start :].lstrip()))
        end = piece.start + len(block.text[piece.start : piece.end].rstrip())
        ordinal_of[piece.block, piece.start] = ordinal
        segments.append(
            Segment(
                ordinal, piece.kind, block.text[start:end], starts[piece.block] + start, starts[piece.block] + end,
                _sub_span(cleaned, block, start, end), piece.speaker, piece.speaker_label, piece.role, piece.turn,
                ordinal_of.get((piece.reply_to.block, piece.reply_to.start)) if piece.reply_to else None,
                block if (start, end) == (0, len(block.text)) else None,
            )
        )
    return text, segments


def _sub_span(cleaned: CleanedDocument, block: Block, start: int, end: int) -> RawSpan:
    """Raw span of block.text[start:end]; the whole block's span when repairs changed its length."""
    raw_text = cleaned.source.text_of(block.raw)
    if (start, end) == (0, len(block.text)) or len(raw_text) != len(block.text):
        return block.raw
    head, body = len(raw_text[:start].encode("utf-8")), len(raw_text[start:end].encode("utf-8"))
    return RawSpan(
        block.raw.line_no, block.raw.byte_start + head, block.raw.byte_start + head + body,
        block.raw.char_start + start, block.raw.char_start + end,
    )


def _genre(document: SegmentedDocument) -> str:
    cleaned, header = document.cleaned, document.cleaned.header
    return classify(
        PageSignals(
            title=cleaned.title.text if cleaned.title else None,
            kicker=header.kicker,
            standfirst=header.standfirst,
            body=[b.text for b in cleaned.blocks if b.role == "body"],
            question_turns=document.question_turns,
            named_interviewee=bool(document.participants.interviewees),
            bylined=bool(header.authors),
            dated_or_sourced=bool(header.published_date or header.outlet or header.url),
            interviewer_credited=bool(header.interviewers),
            chrome=tuple(r.text for r in cleaned.removed if r.reason == "boilerplate"),
        )
    )
