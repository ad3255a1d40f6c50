"""Tag stage: document-level metadata.

Reads: the segmented document (text, title), the header fields the cleaner moved out of
the body, its repairs and quality flags. Writes: `DocumentTags`, one per document. A tag
is filled only from explicit evidence; otherwise it is null.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from flows.segment import SegmentedDocument
from flows.text import word_count

MIN_WORDS_FOR_LANGUAGE = 8
"""Below this, language detectors are unreliable (a byline reads as Yoruba): leave it null."""
LANGUAGE_SAMPLE_WORDS = 300
"""lingua is decisive on a few hundred words; reading whole documents only costs time."""


@dataclass(frozen=True)
class DocumentTags:
    title: str | None
    kicker: str | None
    standfirst: str | None
    authors: list[str]
    outlet: str | None
    url: str | None
    published_date: dt.date | None
    date_precision: str | None
    date_source: str | None
    interviewer: str | None
    interviewees: list[str]
    genre: str
    language: str | None
    n_chars: int
    n_words: int
    truncated: bool
    quality_flags: list[str]
    text_repairs: list[str]


@cache
def _language_detector():
    """lingua ships its models in the wheel (offline); models load lazily per language."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text, or None when it is too short or undecidable."""
    tokens = text.split()
    if len(tokens) < MIN_WORDS_FOR_LANGUAGE:
        return None
    language = _language_detector().detect_language_of(" ".join(tokens[:LANGUAGE_SAMPLE_WORDS]))
    return None if language is None else language.iso_code_639_1.name.lower()


def tag_document(doc: SegmentedDocument) -> DocumentTags:
    cleaned, header = doc.cleaned, doc.cleaned.header
    return DocumentTags(
        title=cleaned.title.text if cleaned.title else None,
        kicker=header.kicker,
        standfirst="\n\n".join(header.standfirst) or None,
        authors=list(dict.fromkeys(header.authors)),
        outlet=header.outlet,
        url=header.url,
        published_date=header.published_date,
        date_precision=header.date_precision,
        date_source=header.date_source,
        interviewer=doc.participants.interviewer,
        interviewees=list(doc.participants.interviewees),
        genre=doc.genre,
        language=detect_language(doc.text),
        n_chars=len(doc.text),
        n_words=word_count(doc.text),
        truncated="truncated" in cleaned.flags,
        quality_flags=list(cleaned.flags),
        text_repairs=[f"{name}:{n}" for name, n in sorted(cleaned.repairs.items()) if n],
    )


def tag_batch(documents: list[SegmentedDocument]) -> list[tuple[SegmentedDocument, DocumentTags]]:
    return [(doc, tag_document(doc)) for doc in documents]
