"""Crashes found on real and generated pages, each pinned by a minimal invented page."""

from __future__ import annotations

from conftest import document_from_text, tables_for

from flows.stages.assemble import with_entities
from flows.stages.clean import clean_document
from flows.stages.segment import segment_document
from flows.stages.validate import validate_tables


def test_a_repeat_of_a_paragraph_that_is_itself_removed_links_to_the_kept_text():
    """A paragraph printed twice whose first copy is also a pull-quote of a longer paragraph.

    The repeat used to point at the removed pull-quote (KeyError in assemble); it now
    follows the chain to the paragraph that was kept.
    """
    long = (
        "The commander said that the valley would never surrender to anyone who came with guns, "
        "and that his fighters had food and ammunition for a long winter in the mountains."
    )
    pull = "The commander said that the valley would never surrender to anyone who came with guns."
    page = "\n\n".join(
        [
            "Valley leader speaks",
            "Reporters travelled for two days to reach the northern valley where the fighters wait.",
            long,
            pull,
            "Most of the villagers have stayed in their houses despite the long siege and the cold.",
            pull,
            "Aid convoys have not reached the valley since the road was closed in early September.",
        ]
    )
    tables = tables_for([document_from_text(page)])
    removed = tables["removed"].to_pylist()
    repeats = [r for r in removed if r["text"] == pull]
    assert len(repeats) == 2, removed
    kept = {s["segment_id"]: s["text"] for s in tables["segments"].to_pylist()}
    for row in repeats:
        assert kept[row["duplicate_of"]] == long
    validate_tables(with_entities(tables))


def test_an_unlabelled_interview_whose_first_paragraph_is_a_question():
    """No narration before the first question used to crash the unlabelled segmenter (IndexError)."""
    page = "\n\n".join(
        [
            "You grew up in the valley. Why did you come back?",
            "I came back because my family is here and we had no other place to go in those years.",
            "What do you expect from the coming winter?",
            "I expect hunger, and we are asking our friends abroad to send help before the snow.",
            "Do you trust the talks?",
            "I do not trust them, but we will listen to anyone who speaks of peace with honesty.",
        ]
    )
    doc = segment_document(clean_document(document_from_text(page)))
    kinds = [s.kind for s in doc.segments]
    assert kinds == ["question", "answer"] * 3  # answers with no speaker: the page names no one
    assert [s.reply_to for s in doc.segments if s.kind == "answer"] == [0, 2, 4]


def test_a_whole_page_glued_onto_one_unfinished_line_is_kept_as_body():
    """A scraper that loses every line break and cuts the page mid-word: no sentence end
    closes the line, and it used to be moved whole into the standfirst (empty text)."""
    sentence = "Fighters crossed the river again this morning carrying heavy logs on their shoulders. "
    page = sentence * 12 + "Most read in the paper today Diana and Dodi love affair was staged Wing walk"
    cleaned = clean_document(document_from_text(page))
    assert cleaned.header.standfirst == []
    assert [b.role for b in cleaned.blocks] == ["body"] and cleaned.blocks[0].text == page
