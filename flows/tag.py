"""Tag stage: document-level metadata.

Reads: the segmented document (text, title) and the header fields the cleaner moved out
of the body. Writes: `DocumentTags` (title, url, published_date, date_precision,
language, counts). A tag is filled only from explicit evidence; otherwise it is null.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from flows.segment import SegmentedDocument

MIN_WORDS_FOR_LANGUAGE = 8
"""Below this, language detectors are unreliable (a byline reads as Yoruba): leave it null."""


@dataclass(frozen=True)
class DocumentTags:
    title: str | None
    url: str | None
    published_date: dt.date | None
    date_precision: str | None
    language: str | None
    n_chars: int
    n_words: int


@cache
def _language_detector():
    """lingua ships its models in the wheel (offline); models load lazily per language."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text, or None when it is too short or undecidable."""
    if len(text.split()) < MIN_WORDS_FOR_LANGUAGE:
        return None
    language = _language_detector().detect_language_of(text)
    return None if language is None else language.iso_code_639_1.name.lower()


def tag_document(doc: SegmentedDocument) -> DocumentTags:
    header = doc.cleaned.header
    return DocumentTags(
        title=doc.cleaned.title,
        url=header.get("url"),
        published_date=header.get("published_date"),
        date_precision=header.get("date_precision"),
        language=detect_language(doc.text),
        n_chars=len(doc.text),
        n_words=len(doc.text.split()),
    )


def tag_batch(documents: list[SegmentedDocument]) -> list[tuple[SegmentedDocument, DocumentTags]]:
    return [(doc, tag_document(doc)) for doc in documents]
