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

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from flows.isolation import each_document
from flows.language import lexicon
from flows.language.genre import INTERVIEW_WORDS, PageSignals, classify
from flows.language.interview import (
    INTERVIEWEE_MARKERS,
    INTERVIEWER_MARKERS,
    MERGED_TURN,
    MIN_ANSWERED_QUESTIONS,
    MIN_MERGED_TURNS,
    TITLE_WORDS,
    Label,
    Participants,
    candidate_label,
    ends_with_question,
    find_label,
    find_participants,
    is_cut_off_question,
    is_first_person,
    is_heading,
    is_question_like,
    is_question_preamble,
    join_speakers,
    page_labels,
    same_person,
)
from flows.language.text import CAPITALS, ends_like_sentence, repeat_key, split_sentences
from flows.sources import Outcome
from flows.stages.clean import Block, CleanedDocument
from flows.stages.ingest import RawSpan

_DASH_START = re.compile(r"\s*(?:[—–―]\s*|-\s)")
_QUESTION_DASH = re.compile(r"\s*[―—─]{2}")
"""Two dashes open the interviewer's turn in Japanese and Chinese interviews ('――今後の見通しは。'), a question
whatever its last mark; one dash opens either speaker's turn (Russian, French, Spanish dialogues)."""
BLOCK_SEPARATOR = "\n\n"
LABEL_SEPARATOR = "\n"
"""A speaker label printed on its own line stays on its own line, right above its text."""
NARRATED_SPEAKERS = 3
ASKER_MIN_SHARE = 0.5
"""Among three voices or more, the interviewer is one whose turns end in a question at least half the time."""
ANNOUNCING_BLOCKS = 4
"""An interview says it is one in its headline, dek or first paragraphs ('This interview was conducted ...')."""
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
    opening = body[:INTRO_BLOCKS]
    talk = next((k for k, i in enumerate(opening) if k and (candidate_label(blocks[i].text) or is_question_like(blocks[i].text))), None)
    intro = cleaned.header.standfirst + [blocks[i].text for i in opening[:talk]]  # up to where the talk starts
    texts = [b.text for b in blocks] + cleaned.header.standfirst
    participants = find_participants(title, intro, texts, cleaned.header.interviewers)
    head = " ".join([title or "", *cleaned.header.standfirst, *(blocks[i].text for i in body[:ANNOUNCING_BLOCKS])])
    announced = bool(participants.interviewees or INTERVIEW_WORDS.search(head))
    labels = _labels(blocks, body, participants, cleaned.header.outlet, announced)
    pieces = [_Piece(i, 0, len(blocks[i].text), "title") for i, b in enumerate(blocks) if b.role == "title"]
    if labels:
        about = " ".join([title or "", *cleaned.header.standfirst, *(blocks[i].text for i in body[:INTRO_BLOCKS] if i not in labels)])
        labels = _settle_roles(blocks, labels, about)
        named = Counter((lab.speaker, lab.role) for lab in labels.values() if lab.speaker and lab.role)
        renamed = join_speakers(participants, named, texts, sum(lab.role == "interviewer" for lab in labels.values()))
        labels = {i: replace(lab, speaker=renamed.get(lab.speaker, lab.speaker)) for i, lab in labels.items()}
        pieces += _labelled_interview(blocks, body, labels, participants.interviewer)
    elif dialogue := _dash_dialogue(blocks, body, participants) or _run_in_turns(blocks, body, participants):
        pieces += dialogue
    else:
        pieces += _unlabelled_page(blocks, body, participants, announced)
    pieces.sort(key=lambda p: (p.block, p.start))
    _author_asks(participants, cleaned.header.authors, any(p.kind == "question" for p in pieces))
    _name_unnamed_turns(pieces, participants)
    text, segments = _lay_out(cleaned, pieces, labels)
    spans = [(s.ordinal, s.char_start + a, s.char_start + b) for s in segments if s.kind != "label" for a, b in split_sentences(s.text)]
    sentences = [Sentence(n, *span) for n, span in enumerate(spans)]
    document = SegmentedDocument(cleaned, text, segments, sentences, participants)
    document.genre = classify(page_signals(document))
    return document


def _name_unnamed_turns(pieces: list[_Piece], participants: Participants) -> None:
    """A turn whose label names nobody ('Q:', 'A.', '—', no label at all) is spoken by the participant of its role
    when the page names one: questions (and their labels) by the interviewer, answers by the interviewee when there
    is only one. A turn the page gives no name for stays without a speaker (a briefing's unnamed reporters)."""
    interviewee = participants.interviewees[0] if len(participants.interviewees) == 1 else None
    for piece in pieces:
        if piece.speaker is not None:
            continue
        if piece.role == "interviewer" and piece.kind in ("question", "label"):
            piece.speaker = participants.interviewer
        elif piece.role == "interviewee" and piece.kind in ("answer", "label"):
            piece.speaker = interviewee


def _labels(
    blocks: list[Block], body: list[int], participants: Participants, outlet: str | None, announced: bool
) -> dict[int, Label]:
    found: dict[int, Label] = {}
    recurring = page_labels([blocks[i].text for i in body], announced)
    for position, index in enumerate(body):
        if index - 1 in found and found[index - 1].own_line:
            continue  # the text of a label that stands on its own line
        following = blocks[body[position + 1]].text if position + 1 < len(body) else None
        label = find_label(blocks[index].text, participants, outlet, following, recurring)
        if label is not None:
            found[index] = label
    return found


def _author_asks(participants: Participants, authors: list[str], asked: bool) -> None:
    """The one author of a page of questions and answers asked them, when nothing else names the interviewer
    ('Author: Andrey Serenko' above a dash interview)."""
    people = [a for a in authors if len(a.split()) >= 2 and a not in participants.interviewees]
    if asked and participants.interviewer is None and len(people) == 1 and len(authors) == 1:
        participants.interviewer = people[0]
        participants.evidence.setdefault(people[0], "byline.author_of_questions")


def _settle_roles(blocks: list[Block], labels: dict[int, Label], about: str) -> dict[int, Label]:
    """Roles for the labels the page does not explain ('TOLOnews:', 'انیسه شهید:'), from what the speakers do:
    beside a known interviewee the others ask; beside a known interviewer the others answer; among three
    voices or more of which none asks, nobody interviews (a narrated programme); the one speaker the headline
    and intro (about) talk about is the guest; otherwise the speaker whose turns most often end in a
    question is the interviewer (the first to speak, on a tie)."""
    labels = {i: replace(lab, role="interviewee") if _office_label(lab) else lab for i, lab in _same_speakers(labels).items()}
    unknown = [label.speaker for label in labels.values() if label.role is None]
    if not unknown:
        return labels
    known = {label.role for label in labels.values() if label.role}
    order = list(dict.fromkeys(unknown))
    asked: Counter[str] = Counter()
    spoke: Counter[str] = Counter()
    for index, label in labels.items():
        if label.role is None:
            spoke[label.speaker] += 1
            asked[label.speaker] += ends_with_question(_utterance(blocks, index, label))
    asker = max(order, key=lambda speaker: (asked[speaker] / spoke[speaker], -order.index(speaker)))
    talked_about = [speaker for speaker in order if _named_in(speaker, about)]
    if known == {"interviewee"} or known == {"interviewer"}:
        role_of = {speaker: "interviewer" if known == {"interviewee"} else "interviewee" for speaker in unknown}
    elif len(order) + len(known) >= NARRATED_SPEAKERS and asked[asker] / spoke[asker] < ASKER_MIN_SHARE:
        return labels  # several voices and nobody asks: a narrated programme, no interviewer among them
    elif not known and len(order) > 1 and len(talked_about) == 1:  # the guest is the one the intro talks about
        role_of = {speaker: "interviewee" if speaker in talked_about else "interviewer" for speaker in order}
    elif not known and len(order) == 1 and talked_about:
        role_of = {order[0]: "interviewee"}  # 'Abdul Qahar Balkhi:', whom the intro presents, answers
    else:
        role_of = {speaker: "interviewer" if speaker == asker or "interviewee" in known else "interviewee" for speaker in order}
    return {index: label if label.role else replace(label, role=role_of[label.speaker]) for index, label in labels.items()}


def _same_speakers(labels: dict[int, Label]) -> dict[int, Label]:
    """One speaker per person among the labels the page does not explain: spelling slips ('Jane Doee') and a
    caption before the surname ('GOVERNOR OF THE VALLEY KARIM HAIDARI', then 'HAIDARI') name the speaker
    the page labels most often that way."""
    counts = Counter(label.speaker for label in labels.values() if label.role is None and label.speaker)
    canonical: dict[str, str] = {}
    for speaker, _ in counts.most_common():
        same = next((c for c in dict.fromkeys(canonical.values()) if same_person(speaker, c)), None)
        canonical[speaker] = same or speaker
    return {i: replace(lab, speaker=canonical[lab.speaker]) if lab.speaker in canonical else lab for i, lab in labels.items()}


def _office_label(label: Label) -> bool:
    """'PRESIDENT ASHRAF GHANI:': a broadcast transcript labels its guest with an office, its hosts by surname."""
    words = (label.speaker or "").split()
    return label.role is None and len(words) >= 3 and words[0].casefold() in TITLE_WORDS


def _named_in(speaker: str | None, text: str) -> bool:
    surname = speaker.split()[-1] if speaker else ""
    return len(surname) >= 3 and re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", text, re.IGNORECASE) is not None


def _utterance(blocks: list[Block], index: int, label: Label) -> str:
    if label.own_line:
        return blocks[index + 1].text if index + 1 < len(blocks) else ""
    return blocks[index].text[label.end :]


def _labelled_interview(blocks: list[Block], body: list[int], labels: dict[int, Label], interviewer: str | None) -> list[_Piece]:
    """Turns opened by labels; a paragraph without one continues the turn above it. Before the interviewee
    first answers, the interviewer's turns introduce the programme, except the last paragraph before that
    answer, which is the first question ('Good morning, President Ghani.'); after the last label, short
    questions alternating with answers go on as turns (a page that labels only its first exchange)."""
    utterances: list[tuple[Label | None, int, int]] = []  # (label, block, start): in page order
    pieces: list[_Piece] = []
    skip: set[int] = set()
    for index in body:
        if index in skip:
            continue
        label = labels.get(index)
        if label is None:
            utterances.append((None, index, 0))
            continue
        pieces.append(_Piece(index, 0, label.label_end, "label", label.speaker, label.text, label.role))
        if label.own_line and index + 1 < len(blocks):  # the utterance is the next block, after its leading colon
            skip.add(index + 1)
            text = blocks[index + 1].text
            utterances.append((label, index + 1, len(text) - len(text.lstrip(": \t"))))
        else:
            utterances.append((label, index, label.end))
    first_answer = next((k for k, (label, _, _) in enumerate(utterances) if label and label.role == "interviewee"), None)
    last_label = max((k for k, (label, _, _) in enumerate(utterances) if label), default=-1)
    turn, question, current, answerer = 0, None, None, None
    for k, (label, index, start) in enumerate(utterances):
        text = blocks[index].text
        if label is None:
            first_question = first_answer is not None and k == first_answer - 1  # 'Good morning, President Ghani.'
            if first_question or (current is not None and k > last_label and _asks_next(blocks, utterances, k)):
                label = Label("", 0, 0, interviewer, "interviewer")  # or: the labels stopped, the questions go on
            elif current is None:
                pieces.append(_narration(text, index))
                continue
            elif k > last_label and current.kind == "question" and not current.speaker_label and answerer:
                label = answerer  # the reply to a question the page no longer labels
            else:  # a further paragraph of the same utterance
                pieces.append(_Piece(index, start, len(text), current.kind, current.speaker, None, current.role,
                                     current.turn, current.reply_to))
                continue
        introduces = first_answer is not None and k < first_answer - 1 and label.role == "interviewer"
        if introduces:  # the host presents the programme before the guest speaks
            current = _Piece(index, start, len(text), "paragraph", label.speaker, label.text or None, "narrator")
        elif label.role == "interviewer":
            turn += 1
            current = _Piece(index, start, len(text), "question", label.speaker, label.text or None, "interviewer", turn)
            question = current
        elif label.role == "interviewee":
            kind = "answer" if question is not None else "paragraph"
            current = _Piece(index, start, len(text), kind, label.speaker, label.text or None,
                             "interviewee", turn if question else None, question)
            answerer = replace(label, text="")
        else:  # a voice of a narrated programme: speech, neither question nor answer
            current = _Piece(index, start, len(text), "paragraph", label.speaker, label.text or None)
        pieces.append(current)
    return pieces


def _asks_next(blocks: list[Block], utterances: list[tuple[Label | None, int, int]], k: int) -> bool:
    """A short question paragraph followed by a paragraph that is not one: a question of an exchange the
    page no longer labels."""
    text = blocks[utterances[k][1]].text
    following = blocks[utterances[k + 1][1]].text if k + 1 < len(utterances) else None
    return following is not None and is_question_like(text) and not is_question_like(following)


def _dash_dialogue(blocks: list[Block], body: list[int], participants: Participants) -> list[_Piece]:
    """A dash dialogue ('— Weshalb ...?' / '— Über Afghanistan ...', '–' and '-' alike, '—¿...?'): a dash
    paragraph ending in a question opens the interviewer's turn, and what follows, dashed or not, is the
    answer until the next one. Empty when the page has no dashed question answered by a paragraph."""
    texts = [blocks[i].text for i in body]
    asks = [(_DASH_START.match(t) is not None and ends_with_question(t)) or _QUESTION_DASH.match(t) is not None for t in texts]
    if not any(asks[k] and k + 1 < len(texts) and not asks[k + 1] for k in range(len(texts))):
        return []
    interviewee = participants.interviewees[0] if len(participants.interviewees) == 1 else None
    pieces: list[_Piece] = []
    turn, question = 0, None
    for k, (index, text) in enumerate(zip(body, texts)):
        if asks[k]:
            turn += 1
            question = _Piece(index, 0, len(text), "question", participants.interviewer, None, "interviewer", turn)
            pieces.append(question)
        elif question is None:
            pieces.append(_narration(text, index))
        else:
            pieces.append(_Piece(index, 0, len(text), "answer", interviewee, None, "interviewee", turn, question))
    return pieces


_RUN_IN_LABEL = re.compile(
    rf"(?:^|(?<=[.!?…”\"»]\s)|(?<=…))(?P<label>(?:[{CAPITALS}]\.\s?){{1,3}}|[{CAPITALS}][{CAPITALS}'’-]{{0,30}})\s?:\s+(?=\S)"
)
"""'WEYMOUTH: ...? KARZAI: ...', 'QUESTION: ... ANSWER: ... Q: ... A: ...': turns run into one paragraph."""
_QUESTION_LABELS = frozenset(lexicon.all_words("run_in_question_labels"))
_ANSWER_LABELS = frozenset(lexicon.all_words("run_in_answer_labels"))
"""Run-in markers in capitals, as printed ('Q:', 'ANTWORT:'): a turn so labelled asks, or never does."""


def _run_in_turns(blocks: list[Block], body: list[int], participants: Participants) -> list[_Piece]:
    """Turns run into paragraphs: capitals labels of two speakers (or Q/A markers) inside one paragraph, and
    paragraphs that open with a question answered in the same paragraph, when the page has such labels or
    three such paragraphs. A run-in turn asks when its label is a question marker or it ends in a question."""
    texts = [blocks[i].text for i in body]
    labelled = [list(_RUN_IN_LABEL.finditer(t)) for t in texts]
    labelled = [marks if len({m["label"] for m in marks}) >= 2 or _initials_twice(marks) else [] for marks in labelled]
    merged = [not marks and MERGED_TURN.match(t) is not None and not ends_with_question(t) for t, marks in zip(texts, labelled)]
    if not any(labelled) and sum(merged) < MIN_MERGED_TURNS:
        return []
    names: Counter[tuple[str, str]] = Counter()  # ('Karzai', role) of the labels that are names, not markers
    for text, marks in zip(texts, labelled):
        for n, m in enumerate(marks):
            if not _is_marker(m["label"]):
                end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
                names[m["label"].title(), "interviewer" if ends_with_question(text[m.end() : end]) else "interviewee"] += 1
    renamed = join_speakers(participants, names, texts)
    interviewee = participants.interviewees[0] if len(participants.interviewees) == 1 else None
    pieces: list[_Piece] = []
    turn, question = 0, None
    for index, text, marks, run_on in zip(body, texts, labelled, merged):
        spans = [(m.start(), m.end(), m["label"]) for m in marks]
        if run_on:
            cut = MERGED_TURN.match(text).end()
            spans = [(0, 0, "?"), (cut, cut, "")]
        if not spans and question is not None and index == body[-1] and is_cut_off_question(text):
            turn += 1  # the page ends inside a question
            question = _Piece(index, 0, len(text), "question", participants.interviewer, None, "interviewer", turn)
            pieces.append(question)
            continue
        if not spans:
            pieces.append(_narration(text, index) if question is None else
                          _Piece(index, 0, len(text), "answer", interviewee, None, "interviewee", turn, question))
            continue
        first_answers = not _asks(spans[0][2], text[spans[0][1] : spans[1][0] if len(spans) > 1 else len(text)])
        if spans[0][0] > 0 and question is None and first_answers:  # the unlabelled question before the first answer
            turn += 1
            question = _Piece(index, 0, spans[0][0], "question", participants.interviewer, None, "interviewer", turn)
            pieces.append(question)
        elif spans[0][0] > 0:
            pieces.append(_narration(text[: spans[0][0]], index) if question is None else
                          _Piece(index, 0, spans[0][0], "answer", interviewee, None, "interviewee", turn, question))
        for n, (start, after_label, label) in enumerate(spans):
            end = spans[n + 1][0] if n + 1 < len(spans) else len(text)
            named = None if not label or _is_marker(label) else renamed.get(label.title(), label.title())
            if after_label > start:
                pieces.append(_Piece(index, start, after_label, "label", named, label))
            if _asks(label, text[after_label:end]):
                turn += 1
                question = _Piece(index, after_label, end, "question", named or participants.interviewer, None, "interviewer", turn)
                pieces.append(question)
            else:
                pieces.append(_Piece(index, after_label, end, "answer" if question else "paragraph", named or interviewee, None,
                                     "interviewee", turn if question else None, question))
    return pieces


def _asks(label: str, utterance: str) -> bool:
    """A run-in turn asks when its label is a question marker, or it ends in a question and no answer marker
    labels it."""
    return label.rstrip(". ") not in _ANSWER_LABELS and (label in _QUESTION_LABELS or label == "?" or ends_with_question(utterance))


def _initials_twice(marks: list[re.Match]) -> bool:
    """'H. A. : ... H. A. : ...': one speaker's initials labelling two answers in a paragraph."""
    initials = [m["label"] for m in marks if "." in m["label"]]
    return len(initials) >= 2 and len(set(initials)) == 1


def _is_marker(label: str) -> bool:
    return label == "?" or label.casefold() in INTERVIEWER_MARKERS or label.casefold() in INTERVIEWEE_MARKERS


def _unlabelled_page(blocks: list[Block], body: list[int], participants: Participants, announced: bool) -> list[_Piece]:
    """Questions answered in the first person, without labels: an interview when the page has several, or
    when it says it is one (announced: an interview word up top, or a named interviewee) and has one."""
    texts = [blocks[i].text for i in body]
    asks = [is_question_like(t) for t in texts]
    markers = _turn_markers(texts, asks)
    replies = [k for k in range(len(texts)) if k not in markers]  # a turn's marker line stands between Q and A
    answered = sum(
        1 for k, after in zip(replies, replies[1:]) if asks[k] and not asks[after] and is_first_person(texts[after])
    )
    if answered < (1 if announced else MIN_ANSWERED_QUESTIONS):
        return [_narration(texts[k], body[k]) for k in range(len(texts))]
    asks[-1] = asks[-1] or is_cut_off_question(texts[-1])  # the page ends inside a question
    interviewee = participants.interviewees[0] if len(participants.interviewees) == 1 else None
    first = asks.index(True)
    pieces = [_narration(texts[k], body[k]) for k in range(first)]
    turn, question = 0, None
    for k in range(first, len(texts)):
        index, text = body[k], texts[k]
        preamble = not asks[k] and k + 1 < len(texts) and asks[k + 1] and is_question_preamble(text)
        if k in markers:
            pieces.append(_narration(text, index))
        elif asks[k] or preamble:
            continues = bool(pieces) and pieces[-1].kind == "question"
            turn += 0 if continues else 1
            piece = _Piece(index, 0, len(text), "question", participants.interviewer, None, "interviewer", turn)
            question = question if continues else piece
            pieces.append(piece)
        elif not ends_like_sentence(text) and is_heading(text):
            pieces.append(_Piece(index, 0, len(text), "heading"))
        else:  # the reply, by the interviewee when the page names one
            pieces.append(_Piece(index, 0, len(text), "answer", interviewee, None, "interviewee", turn, question))
    return pieces


TURN_MARKER_MAX_WORDS = 10


def _turn_markers(texts: list[str], asks: list[bool]) -> set[int]:
    """Short lines the page prints again and again between its paragraphs ('Ex Afghan President Mr. Ashraf
    Ghani Reply.'): markers of whose turn comes next, not replies themselves."""
    counts = Counter(repeat_key(t) for t in texts)
    return {k for k, t in enumerate(texts) if counts[repeat_key(t)] > 1 and not asks[k]
            and len(t.split()) <= TURN_MARKER_MAX_WORDS and not is_first_person(t)}


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


def page_signals(document: SegmentedDocument) -> PageSignals:
    """What the genre decision reads of a segmented page (also the genre model's training examples)."""
    cleaned, header = document.cleaned, document.cleaned.header
    return PageSignals(
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
