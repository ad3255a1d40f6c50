"""Tag stage: document metadata, linked entity mentions and attributed quotes.

Reads: the segmented document (text, segments, participants), the header fields the
cleaner moved out of the body, its repairs and quality flags. Writes: `TaggedDocument`:
`DocumentTags`, `Mention`s (flows/language/entities.py) and `Quote`s (flows/language/quotes.py). A tag is
filled only from explicit evidence; otherwise it is null.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from flows.isolation import each_document
from flows.language import identify
from flows.language.dates import parse_header_date
from flows.language.entities import Entity, Mention, find_mentions, find_outlet, knowledge_base
from flows.language.interview import curated_name
from flows.language.people import find_people
from flows.language.quotes import Quote, find_quotes
from flows.language.text import TakenSpans, word_count
from flows.sources import Outcome
from flows.stages.segment import INTRO_BLOCKS, SegmentedDocument

MIN_WORDS_FOR_LANGUAGE = 8
"""Below this, language detectors are unreliable (a byline reads as Yoruba): leave it null."""
LANGUAGE_PASSAGES = 4
PASSAGE_SAMPLE_WORDS = 40
"""Passages judged per page, evenly spread: enough to see a second language at a few detections a page."""
SECOND_LANGUAGE_SHARE = 0.2
"""A language holding this share of a page's judged words is listed beside the main one."""
LANGUAGE_SAMPLE_WORDS = 120
"""lingua is decisive on a hundred words (its cost grows with the words read: about 20 µs a word)."""
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_INTERVIEW_DATE = re.compile(
    rf"\bI (?:interviewed|spoke (?:with|to)|talked (?:with|to)|met(?: with)?) (?:[A-Z][\w’'.-]*\s+){{1,4}}?"
    rf"(?:in|on) (?P<date>(?:\d{{1,2}} )?{_MONTH}(?: \d{{1,2}},)? \d{{4}})\b"
)
"""'I interviewed Ahmad Masoud in May 2023': the date of the interview, from the author's own sentence."""


@dataclass(frozen=True)
class DocumentTags:
    title: str | None
    kicker: str | None
    standfirst: str | None
    authors: list[str]
    outlet: str | None
    outlet_id: str | None
    outlet_source: str | None
    url: str | None
    published_date: dt.date | None
    date_precision: str | None
    date_source: str | None
    interview_date: dt.date | None
    interview_date_precision: str | None
    interviewer: str | None
    interviewees: list[str]
    genre: str
    language: str | None
    languages: list[str]
    n_chars: int
    n_words: int
    truncated: bool
    quality_flags: list[str]
    text_repairs: list[str]


def detect_languages(passages: list[str]) -> tuple[str | None, list[str]]:
    """The main language of a page's body, and every language that holds a real share of it.

    A few passages spread over the page are judged on their own; when two or more are and all say the
    same language, that is the page's language (no further reading). Otherwise the main one is judged
    on the body's first words too, and a language holding SECOND_LANGUAGE_SHARE of the passages' words
    is listed beside it (and is the main one if it holds more than the first words' language): a page
    mixing two languages says so. Chrome and labels are not passed in.
    """
    judged = [p for p in passages if len(p.split()) >= MIN_WORDS_FOR_LANGUAGE]
    step = max(1, len(judged) // LANGUAGE_PASSAGES)  # a bounded sample, spread over the whole page
    words: dict[str, int] = {}
    detected = 0
    for passage in judged[::step][:LANGUAGE_PASSAGES]:
        sample = " ".join(passage.split()[:PASSAGE_SAMPLE_WORDS])
        if code := identify.language_of(sample):
            words[code] = words.get(code, 0) + len(passage.split())
            detected += 1
    if detected >= 2 and len(words) == 1:
        return next(iter(words)), list(words)  # passages from the start to the end agree: no longer reading
    main = detect_language(" ".join(passages))  # the first LANGUAGE_SAMPLE_WORDS words of the body
    if words and (main is None or main in words and words[main] < max(words.values())):
        # the sample opened on a quote in another language, or on words of none ('A. A. A.'): the passages decide
        main = max(sorted(words), key=lambda lang: words[lang])
    total = sum(words.values())
    others = sorted((lang for lang, n in words.items() if lang != main and n >= SECOND_LANGUAGE_SHARE * total),
                    key=lambda lang: -words[lang])
    return main, ([main] if main else []) + others


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text, or None when it is too short or undecidable."""
    tokens = text.split()
    if len(tokens) < MIN_WORDS_FOR_LANGUAGE:
        return None
    return identify.language_of(" ".join(tokens[:LANGUAGE_SAMPLE_WORDS]))


@dataclass(frozen=True)
class TaggedDocument:
    document: SegmentedDocument
    tags: DocumentTags
    mentions: list[Mention]
    quotes: list[Quote]
    found_entities: list[Entity] = field(default_factory=list)  # people found by pattern, not curated


def find_interview_date(texts: list[str]) -> tuple[dt.date, str] | None:
    for text in texts:
        if (match := _INTERVIEW_DATE.search(text)) and (parsed := parse_header_date(match.group("date"))):
            return parsed
    return None


def document_outlet(doc: SegmentedDocument) -> tuple[str | None, str | None, str | None]:
    """(outlet name, outlet entity id, source): a 'Source:' header line, else the URL's domain, else a phrase."""
    kb, header = knowledge_base(), doc.cleaned.header
    if header.outlet:
        entity = kb.entity_for_name(header.outlet)
        return (kb.entities[entity].name if entity else header.outlet), entity, "source_line"
    intro = header.standfirst + [b.text for b in doc.cleaned.blocks[:INTRO_BLOCKS]]
    entity, source = find_outlet(header.url, intro, kb)
    return (kb.entities[entity].name if entity else None), entity, source


def tag_document(doc: SegmentedDocument) -> TaggedDocument:
    kb = knowledge_base()
    curated = find_mentions(doc.text, doc.participants.interviewees, kb)
    speakers = [n for n in [*doc.participants.interviewees, doc.participants.interviewer] if n]
    people = find_people(doc.text, curated, speakers, kb)
    mentions = [*curated, *people.mentions]
    mentions = sorted(mentions + label_mentions(doc, mentions, kb, people.entities), key=lambda m: m.char_start)
    names = {e.id: e.name for e in kb.entities.values() if e.type == "person"} | {e.id: e.name for e in people.entities}
    if guest := presented_guest(doc, mentions, names):
        participants = replace(doc.participants, interviewees=[guest], evidence=doc.participants.evidence | {guest: "intro.most_named"})
        doc = replace(doc, participants=participants)
    quotes = find_quotes(doc.text, doc.segments, mentions, kb, people.entities)
    return TaggedDocument(doc, document_tags(doc), mentions, quotes, people.entities)


def label_mentions(doc: SegmentedDocument, found: list[Mention], kb, people: list[Entity]) -> list[Mention]:
    """A speaker label names its speaker ('MONTAGNE:' is Renee Montagne): a mention of the speaker's entity,
    where no other mention covers the label."""
    by_name = {e.name: e.id for e in people}
    taken = TakenSpans((m.char_start, m.char_end) for m in found)
    mentions = []
    for segment in doc.segments:
        printed = segment.speaker_label
        if segment.kind != "label" or not segment.speaker or not printed or not segment.text.startswith(printed):
            continue
        entity = kb.entity_for_name(segment.speaker) or by_name.get(segment.speaker)
        start, end = segment.char_start, segment.char_start + len(printed)
        if entity and not taken.overlaps(start, end):
            mentions.append(Mention(entity, start, end, "speaker_label", SPEAKER_LABEL_CONFIDENCE))
    return mentions


SPEAKER_LABEL_CONFIDENCE = 0.9
"""A label resolved to its speaker by the turn segmentation (flows/stages/segment.py)."""
GUEST_INTRO_SEGMENTS = 4
"""The headline, dek and first paragraphs: where a page presents its guest."""


def presented_guest(doc: SegmentedDocument, mentions: list[Mention], names: dict[str, str]) -> str | None:
    """The interviewee of an interview page that names none by phrase or label: the person its headline,
    dek and first paragraphs name most (the first named, on a tie), neither the interviewer nor an author.
    News, opinion and other pages get none: the people they present were not interviewed by them."""
    if doc.participants.interviewees or doc.genre not in ("interview_qa", "transcript", "interview_narrative"):
        return None
    body = [s for s in doc.segments if s.kind not in ("title", "label")]
    intro_end = body[min(len(body), GUEST_INTRO_SEGMENTS) - 1].char_end if body else 0
    excluded = {doc.participants.interviewer, *doc.cleaned.header.authors}
    named = [names[m.entity_id] for m in mentions if m.char_start < intro_end and m.entity_id in names]
    counts = Counter(name for name in named if name not in excluded)
    if not counts:
        return None
    return curated_name(max(counts, key=lambda name: (counts[name], -named.index(name))))


def document_tags(doc: SegmentedDocument) -> DocumentTags:
    cleaned, header = doc.cleaned, doc.cleaned.header
    outlet, outlet_id, outlet_source = document_outlet(doc)
    interview_date = find_interview_date(header.standfirst + [b.text for b in cleaned.blocks])
    language, languages = detect_languages([s.text for s in doc.segments if s.kind not in ("title", "label")])
    return DocumentTags(
        title=cleaned.title.text if cleaned.title else None,
        kicker=header.kicker,
        standfirst="\n\n".join(header.standfirst) or None,
        authors=list(dict.fromkeys(header.authors)),
        outlet=outlet,
        outlet_id=outlet_id,
        outlet_source=outlet_source,
        url=header.url,
        published_date=header.published_date,
        date_precision=header.date_precision,
        date_source=header.date_source,
        interview_date=interview_date[0] if interview_date else None,
        interview_date_precision=interview_date[1] if interview_date else None,
        interviewer=doc.participants.interviewer,
        interviewees=list(doc.participants.interviewees),
        genre=doc.genre,
        language=language,
        languages=languages,
        n_chars=len(doc.text),
        n_words=word_count(doc.text),
        truncated="truncated" in cleaned.flags,
        quality_flags=list(cleaned.flags),
        text_repairs=[f"{name}:{n}" for name, n in sorted(cleaned.repairs.items()) if n],
    )


def tag_batch(documents: list[SegmentedDocument]) -> tuple[list[TaggedDocument], list[Outcome]]:
    return each_document("tag", documents, tag_document, lambda d: d.cleaned.source.doc_id)
