"""Clean: what is removed from each seed and why, header fields, and invented pages."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED_DIR, SEED_FILES, document_from_text, seed_document

from flows.clean import clean_document, normalise

ATTRIBUTION_LINES = [31, 42, 55, 82, 113, 124]

# (raw line, reason) of every removal, per seed, at the cleaning level of the release pipeline.
EXPECTED_REMOVALS = {
    "000_3131ce3db25c692d.txt": [(1, "url"), (2, "title_repeat"), (6, "title_repeat")]
    + sorted([(n, "duplicate") for n in ATTRIBUTION_LINES] + [(81, "duplicate")]),
    "001_3739cf2775348802.txt": [(28, "title_repeat"), (41, "boilerplate"), (43, "boilerplate")],
    "002_baeb63891f48ba25.txt": [(4, "metadata_line"), (64, "boilerplate"), (66, "boilerplate"), (68, "boilerplate")],
    "003_bc1397019d84c04d.txt": [(3, "metadata_line"), (23, "separator")],
    "004_f564f0beba51ee61.txt": [(1, "metadata_line")],
}


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_removals_are_exactly_the_expected_lines(name: str):
    cleaned = clean_document(seed_document(name))
    assert [(r.raw.line_no, r.reason) for r in cleaned.removed] == EXPECTED_REMOVALS[name]


@pytest.mark.parametrize("name", SEED_FILES)
def test_kept_and_removed_spans_cover_every_raw_character_but_white_space(name: str):
    raw = (SEED_DIR / name).read_bytes()
    cleaned = clean_document(seed_document(name))
    pieces = [(b.raw, b.text) for b in cleaned.blocks] + [(r.raw, r.text) for r in cleaned.removed]
    covered = bytearray(len(raw))
    for span, text in pieces:
        original = raw[span.byte_start : span.byte_end].decode("utf-8")
        assert text in (original, normalise(original))
        assert not any(covered[span.byte_start : span.byte_end]), f"overlapping spans at line {span.line_no}"
        covered[span.byte_start : span.byte_end] = b"\1" * (span.byte_end - span.byte_start)
    outside = bytes(b for b, flag in zip(raw, covered) if not flag).decode("utf-8")
    assert outside.strip() == ""


def test_header_fields_on_the_seeds():
    headers = {name: clean_document(seed_document(name)).header for name in SEED_FILES}
    assert headers["000_3131ce3db25c692d.txt"]["url"].startswith("https://en.majalla.com/node/294001/")
    assert headers["002_baeb63891f48ba25.txt"]["published_date"] == dt.date(2022, 11, 15)
    assert headers["002_baeb63891f48ba25.txt"]["outlet"] == "Breitbart"
    assert headers["002_baeb63891f48ba25.txt"]["author"] == "John Hayward"
    assert headers["003_bc1397019d84c04d.txt"]["published_date"] == dt.date(2021, 8, 31)
    assert headers["004_f564f0beba51ee61.txt"]["published_date"] == dt.date(2021, 9, 21)
    assert headers["004_f564f0beba51ee61.txt"]["date_source"] == "header.date_prefix"


def test_date_prefix_leaves_the_rest_of_the_line_as_body():
    cleaned = clean_document(seed_document("004_f564f0beba51ee61.txt"))
    assert cleaned.removed[0].text == "date 2021-09-21 "
    assert cleaned.blocks[0].text.startswith("Five weeks after the Taliban’s swift capture of Kabul")
    assert cleaned.title is None


def test_glued_url_is_split_from_the_title():
    cleaned = clean_document(seed_document("000_3131ce3db25c692d.txt"))
    assert cleaned.title == "Ahmad Massoud: Ignoring the Taliban threat jeopardises global security"
    assert cleaned.removed[0].text == cleaned.header["url"]


def test_no_break_spaces_become_spaces_and_text_is_nfc():
    page = "Title of a page\n\nThe mayor\u00a0said “yes”. Cafe\u0301 owners agreed.\n"
    cleaned = clean_document(document_from_text(page))
    assert cleaned.blocks[1].text == "The mayor said “yes”. Café owners agreed."
    assert normalise("a\u202fb\u2007c") == "a b c"


def test_page_without_repeats_or_chrome_loses_nothing():
    page = (
        "A quiet valley holds out\n\n"
        "The commander said the roads were closed for the winter.\n\n"
        "Yes.\n\nNo.\n\nYes.\n\n"
        "Farmers said the harvest was better than last year's.\n"
    )
    cleaned = clean_document(document_from_text(page))
    assert cleaned.removed == []
    assert [b.text for b in cleaned.blocks].count("Yes.") == 2


def test_boilerplate_in_other_wordings():
    page = (
        "Headline about the talks\n\nThe talks ended without an agreement on Friday evening.\n\n"
        "Leave a comment\n\n12 Comments\n\nSubscribe to our newsletter\n\nEmail Address (Required)\n\n* * *\n"
    )
    cleaned = clean_document(document_from_text(page))
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("Leave a comment", "boilerplate"),
        ("12 Comments", "boilerplate"),
        ("Subscribe to our newsletter", "boilerplate"),
        ("Email Address (Required)", "boilerplate"),
        ("* * *", "separator"),
    ]


def test_header_line_without_a_date_is_kept():
    page = "Published by the Kabul bureau\n\nThe bureau published a long report on the valley today.\n"
    cleaned = clean_document(document_from_text(page))
    assert cleaned.removed == []
    assert "published_date" not in cleaned.header
