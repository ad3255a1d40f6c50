"""Segment and tag: offsets that slice exactly, sentences, and document metadata."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED_FILES, document_from_text, seed_document

from flows.language.dates import parse_header_date
from flows.stages.clean import clean_document
from flows.stages.segment import segment_document, split_sentences
from flows.stages.tag import detect_language, document_tags


@pytest.mark.parametrize("name", SEED_FILES)
def test_segment_and_sentence_offsets_slice_the_text(name: str):
    doc = segment_document(clean_document(seed_document(name)))
    assert doc.segments, name
    for segment in doc.segments:
        assert doc.text[segment.char_start : segment.char_end] == segment.text
    for sentence in doc.sentences:
        segment = doc.segments[sentence.segment_ordinal]
        assert segment.char_start <= sentence.char_start < sentence.char_end <= segment.char_end
        piece = doc.text[sentence.char_start : sentence.char_end]
        assert piece == piece.strip() and piece


def test_sentences_respect_abbreviations_and_quotes():
    text = (
        "In early October, Rep. Lauren Boebert (R-CO) introduced legislation. "
        "“They’re regrouping. They’re recruiting,” he said. The U.S. left."
    )
    pieces = [text[a:b] for a, b in split_sentences(text)]
    assert pieces[0] == "In early October, Rep. Lauren Boebert (R-CO) introduced legislation."
    assert pieces[-1] == "The U.S. left."


def test_narrative_page_is_title_then_narration():
    doc = segment_document(clean_document(seed_document("002_baeb63891f48ba25.txt")))
    assert doc.segments[0].kind == "title"
    assert {(s.kind, s.role) for s in doc.segments[1:]} == {("paragraph", "narrator")}
    assert doc.text.startswith("Resistance Leader: Taliban Terrorists ‘Responsible for the Catastrophe of Afghanistan’\n\n")


def test_document_tags_on_the_seeds():
    tags = {name: document_tags(segment_document(clean_document(seed_document(name)))) for name in SEED_FILES}
    assert {t.language for t in tags.values()} == {"en"}
    assert tags["002_baeb63891f48ba25.txt"].published_date == dt.date(2022, 11, 15)
    assert tags["002_baeb63891f48ba25.txt"].date_precision == "day"
    assert tags["000_3131ce3db25c692d.txt"].published_date is None
    assert tags["000_3131ce3db25c692d.txt"].url.startswith("https://en.majalla.com/")
    assert tags["004_f564f0beba51ee61.txt"].title is None
    for tag in tags.values():
        assert tag.n_words > 300 and tag.n_chars > tag.n_words


def test_language_of_other_languages_and_short_text():
    assert detect_language("Der Kommandeur sagte, die Straßen im Tal seien den ganzen Winter gesperrt.") == "de"
    assert detect_language("Le commandant a dit que les routes de la vallée resteront fermées cet hiver.") == "fr"
    assert detect_language("John Berkeley") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("November 15, 2022", (dt.date(2022, 11, 15), "day")),
        ("31 August 2021", (dt.date(2021, 8, 31), "day")),
        ("2021-09-21", (dt.date(2021, 9, 21), "day")),
        ("May 2023", (dt.date(2023, 5, 1), "month")),
        ("2019", (dt.date(2019, 1, 1), "year")),
        ("by the Kabul bureau", None),
        ("August 31", None),
        ("03/04/2023", None),  # 3 April or March 4: refused, not guessed
        ("13/04/2023", (dt.date(2023, 4, 13), "day")),
        ("04/04/2023", (dt.date(2023, 4, 4), "day")),
    ],
)
def test_header_dates_with_measured_precision(text: str, expected):
    assert parse_header_date(text) == expected


def test_tagging_leaves_unknown_fields_empty():
    doc = segment_document(clean_document(document_from_text("Short note\n\nNothing else here at all, really.\n")))
    tags = document_tags(doc)
    assert (tags.url, tags.published_date, tags.date_precision) == (None, None, None)
    assert tags.title == "Short note"
