"""Choosing the headline among the lines above the article, by shape and repetition."""

from __future__ import annotations

import pytest
from conftest import document_from_text

from flows.stages.clean import clean_document

BODY = (
    "The commander spoke for an hour about the valley, the winter and the families who stayed behind.\n\n"
    "He said that the roads would stay closed until the spring and that food was already short.\n"
)


def title_of(header: str) -> str | None:
    cleaned = clean_document(document_from_text(header + "\n\n" + BODY))
    return cleaned.title.text if cleaned.title else None


@pytest.mark.parametrize(
    ("header", "title"),
    [
        ("1. Home\n  2. World\n  3. Asia\n\nValley leader vows to hold out through winter", "Valley leader vows to hold out through winter"),
        ("Politics | Asia\n\nValley leader vows to hold out through winter", "Valley leader vows to hold out through winter"),
        (
            "Fighters cross a river near the valley. Jane Doe/Reuters\n\nValley leader vows to hold out through winter",
            "Valley leader vows to hold out through winter",
        ),
        ("The envoy of the valley, in an interview with our paper:\n\nWe will not give up the valley", "We will not give up the valley"),
        ("AP\n\nValley leader vows to hold out through winter", "Valley leader vows to hold out through winter"),
        ("The Interview Archive\n\nJane Doe\n\nJane Doe", "Jane Doe"),
        ("Valley Leader Talks To Our Paper. Full Transcript.", "Valley Leader Talks To Our Paper. Full Transcript."),
        ("Is the world too naive about the valley?", "Is the world too naive about the valley?"),
        ("You grew up in the valley. Why did you come back?", None),
        ('Valley:"We will never give up the valley"', '"We will never give up the valley"'),
        ("Interview zum Tal«Wir geben das Tal nie auf»", "«Wir geben das Tal nie auf»"),
        ("Valley leader interviewed: the complete transcript,", "Valley leader interviewed: the complete transcript"),
        ("Q: Will you give up the valley?", None),
        ("«Il faut tenir la vallée maintenant !»", "«Il faut tenir la vallée maintenant !»"),  # a quotation as headline
        ("„Wir werden das Tal niemals aufgeben, was auch geschieht!“", "„Wir werden das Tal niemals aufgeben, was auch geschieht!“"),
        ("What do you think? Leave a respectful comment.\n\nValley leader vows to hold out through winter",
         "Valley leader vows to hold out through winter"),  # a comment prompt above the headline is chrome, not text
        ("— Will you give up the valley?", None),
        (":00:01. > :00:04.in the valley tonight, and the", None),
        ("12 March 2019\n\nValley leader vows to hold out through winter", "Valley leader vows to hold out through winter"),
    ],
)
def test_the_headline_is_chosen_by_shape_and_repetition(header: str, title: str | None):
    assert title_of(header) == title


def test_a_trailing_separator_is_removed_with_a_reason():
    cleaned = clean_document(document_from_text("Valley leader interviewed: the complete transcript,\n\n" + BODY))
    assert [(r.text, r.reason, r.rule_id) for r in cleaned.removed] == [(",", "separator", "title.trailing_separator")]


def test_the_headline_printed_twice_beats_a_longer_first_line():
    header = (
        "Valley leader: we will hold out : World News The leader of the valley says his fighters are ready\n\n"
        "Valley leader: we will hold out\n\nValley leader: we will hold out"
    )
    assert title_of(header) == "Valley leader: we will hold out"


def test_a_page_of_subtitle_fragments_has_no_title_and_keeps_its_lines():
    fragments = "\n".join(f"and then the commander said that the valley {n} would be" for n in range(12))
    cleaned = clean_document(document_from_text(fragments))
    assert cleaned.title is None and cleaned.header.standfirst == [] and len(cleaned.blocks) == 12


def test_a_title_glued_to_its_description_on_the_first_line_yields_the_repeated_headline():
    """'<title> : <section> <description>' opens the page; the headline is printed again on its own, twice."""
    headline = "Valley Leader: The Winter Will Decide The War"
    page = (
        f"{headline} : World News The valley's leader tells our morning show that the winter will decide the war, "
        "and that the roads will stay closed until the spring.\n\n"
        f"Site logo\n\n{headline}\n\n  • Download\n\n{headline}\n\n" + BODY
    )
    cleaned = clean_document(document_from_text(page))
    assert cleaned.title is not None and cleaned.title.text == headline
    assert [r.reason for r in cleaned.removed if r.text == headline] == ["title_repeat"]
    body = "The commander spoke for an hour"  # and the article's text is kept
    assert any(b.text.startswith(body) for b in cleaned.blocks)


def test_a_first_line_that_merely_starts_like_a_repeated_line_gives_no_title():
    line = "Valley leader vows to hold out"
    page = f"{line} through the winter, officials said on Monday in the capital.\n\n{line}\n\n{line}\n\n" + BODY
    cleaned = clean_document(document_from_text(page))
    assert cleaned.title is None or cleaned.title.text != line  # no separator after it on the first line


def test_a_quoted_paragraph_of_two_sentences_is_text_not_a_headline():
    cleaned = clean_document(document_from_text("«Nous tiendrons la vallée. Les routes rouvriront au printemps, dit-il.»\n\n" + BODY))
    assert cleaned.title is None
