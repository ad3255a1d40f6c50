"""The language files (flows/rules/lang/<code>.toml): well formed, complete, and what the stages match.

Every supported language's file has every kind; an empty list must say why in a comment (the kind does
not apply to the language, or its words are still to be filled). Each family of kinds is then tried on
invented lines built from the files' own words, so a word added to a file is a word the stage reads.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
from conftest import document_from_text, people_in

import flows
from flows.language import lexicon
from flows.language.credits import Credit, read_credit
from flows.language.dates import DateLine, read_date_line
from flows.language.genre import PageSignals, by_rules
from flows.language.interview import Participants, find_participants, is_first_person, resolve_label
from flows.stages.clean import _is_title_candidate, clean_document
from flows.stages.segment import segment_document

FILES = sorted(p for p in lexicon.LEXICON_DIR.glob("*.toml") if p.name != "kinds.toml")
NAMES = {"ru": "Иван Петров", "uk": "Іван Петренко", "fa": "سامي الحسن", "ar": "سامي الحسن", "ps": "سامي الحسن"}
"""An invented name in the script of each language (Latin: NAME)."""
NAME = "Lina Berger"
NARRATION = [
    "The roads to the valley were closed for most of the week after the first heavy snow of the year.",
    "Families in the upper villages have stocked flour and fuel, but many fear the winter will be long.",
]


def page(title: str) -> PageSignals:
    """A page of plain narration under a headline: the headline's words are its only signal."""
    return PageSignals(title, None, [], NARRATION, 0, named_interviewee=False, bylined=False, dated_or_sourced=False)


def _data(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def test_there_is_one_file_per_supported_language_and_nothing_else():
    assert sorted(p.stem for p in FILES) == sorted(lexicon.LANGUAGES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_language_file_names_its_language_and_holds_only_known_kinds(path: Path):
    data = _data(path)
    assert data["language"] == path.stem and data["name"]
    assert set(data) == {"language", "name", "words"}
    assert set(data["words"]) <= set(lexicon.kinds()), "a kind kinds.toml does not describe"
    for kind, words in data["words"].items():
        assert all(isinstance(w, str) and w == w.strip() and w for w in words), kind
        assert len(words) == len(set(words)), f"{kind}: a word twice"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_language_defines_every_kind_and_says_why_a_list_is_empty(path: Path):
    words = _data(path)["words"]
    assert set(lexicon.kinds()) - set(words) == set(), "every kind must be in every language's file"
    text = path.read_text(encoding="utf-8")
    for kind in (k for k, found in words.items() if not found):
        assert re.search(rf"^{kind} = \[\]\s*#\s*\S", text, re.MULTILINE), f"{kind}: an empty list needs a comment"


def test_every_kind_is_described_and_read_by_the_pipeline():
    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(flows.__file__).parent.rglob("*.py"))
    for kind, entry in lexicon.kinds().items():
        assert entry["about"] and entry["read_by"], kind
        assert f'"{kind}"' in code or f"'{kind}'" in code, f"{kind}: no module reads it"


def test_the_loader_merges_languages_in_order_and_refuses_an_unknown_kind():
    assert lexicon.all_words("name_joiners")[:3] == ("and", "und", "et")
    assert "uk" in lexicon.words("published_labels") and "uk" not in lexicon.words("articles")  # empty: left out
    with pytest.raises(KeyError):
        lexicon.words("interviews")


# genre.py: a signal fires on every language's words
@pytest.mark.parametrize("language", sorted(lexicon.words("interview")))
def test_an_interview_word_of_the_file_in_the_headline_makes_an_interview(language: str):
    for word in lexicon.words("interview")[language]:
        assert by_rules(page(f"{word}: the governor of the valley")) == "interview_narrative", word


def test_a_dutch_interview_word_and_a_persian_statement_word_are_signals():
    assert by_rules(page(f"Een {lexicon.words('interview')['nl'][2]} met de gouverneur")) == "interview_narrative"
    for word in lexicon.words("statement")["fa"]:
        assert by_rules(page(f"{word} شورای دره درباره راه زمستانی")) == "statement", word


# interview.py: phrases, turn markers and first-person words
@pytest.mark.parametrize("language", sorted(lexicon.words("interview_with")))
def test_an_interview_with_phrase_of_the_file_names_the_interviewee(language: str):
    name = NAMES.get(language, NAME)
    for phrase in lexicon.words("interview_with")[language]:
        title = f"{phrase.capitalize()} {name}"
        assert find_participants(title, [], [title]).interviewees == [name], phrase


@pytest.mark.parametrize("language", sorted(lexicon.words("name_then_interview")))
def test_a_phrase_after_the_name_names_the_interviewee(language: str):
    name = NAMES.get(language, NAME)
    for phrase in lexicon.words("name_then_interview")[language]:
        title = f"{name} {phrase}"
        assert find_participants(title, [], [title]).interviewees == [name], phrase


@pytest.mark.parametrize("language", sorted(lexicon.words("question_markers")))
def test_turn_markers_of_the_file_give_the_role(language: str):
    participants = Participants(interviewer="Jane Roe", interviewees=[NAME])
    for marker in lexicon.words("question_markers")[language]:
        assert resolve_label(marker.capitalize(), participants, None) == ("Jane Roe", "interviewer"), marker
    for marker in lexicon.words("answer_markers")[language]:
        assert resolve_label(marker.capitalize(), participants, None) == (NAME, "interviewee"), marker


def test_first_person_words_of_the_russian_file_make_an_answer():
    for word in lexicon.words("first_person")["ru"]:
        assert is_first_person(f"Зимой {word} остаёмся в долине"), word
    assert not is_first_person("Зимой они остаются в долине")


# segment.py: a run-in answer marker keeps its turn an answer, even one that ends in a question
@pytest.mark.parametrize("label", lexicon.words("run_in_answer_labels")["de"])
def test_a_run_in_answer_label_of_the_german_file_never_asks(label: str):
    text = (f"Der Gouverneur des Tals über den Winter. FRAGE: Warum sind Sie geblieben? {label}: Wo sonst sollte "
            "ich sein, wenn meine Familie hier lebt?")
    doc = segment_document(clean_document(document_from_text(f"Der Gouverneur über den Winter\n\n{text}\n")))
    assert [s.kind for s in doc.segments if s.kind in ("question", "answer")] == ["question", "answer"]


# people.py: roles and honorifics of the file introduce a person
@pytest.mark.parametrize("role", lexicon.words("role_words")["de"])
def test_a_german_role_word_of_the_file_finds_the_person(role: str):
    assert people_in(f"{NARRATION[0]} {role.capitalize()} Karl Muster besuchte das Tal.") == {"Karl Muster": "pattern_role"}


@pytest.mark.parametrize("honorific", lexicon.words("honorifics")["de"])
def test_a_german_honorific_of_the_file_finds_the_person_by_surname(honorific: str):
    assert people_in(f"{NARRATION[0]} {honorific.capitalize()} Muster öffnete die Tür.") == {"Muster": "pattern_honorific"}


# credits.py: every language's credit words open a credit line
@pytest.mark.parametrize("language", sorted(lexicon.words("author_credits")))
def test_a_credit_line_parses_with_every_credit_word_of_the_file(language: str):
    name = NAMES.get(language, NAME)
    for kind, role in (("author_credits", "author"), ("interviewer_credits", "interviewer")):
        for word in lexicon.words(kind).get(language, ()):
            assert read_credit(f"{word} {name}") == Credit(role, (name,)), word


# dates.py: every language's labels say which date a line gives
@pytest.mark.parametrize("language", sorted(lexicon.words("published_labels")))
def test_a_date_line_with_a_label_of_the_file_is_read(language: str):
    day = dt.date(2021, 8, 29)
    for label in lexicon.words("published_labels")[language]:
        assert read_date_line(f"{label}: 29.08.2021") == DateLine(day, "day", False, True), label
    for label in lexicon.words("updated_labels").get(language, ()):
        assert read_date_line(f"{label}: 29.08.2021") == DateLine(day, "day", True, True), label
    for joiner in lexicon.words("date_label_joiners").get(language, ()):
        label = lexicon.words("published_labels")[language][0]
        assert read_date_line(f"{label} {joiner} 29.08.2021") == DateLine(day, "day", False, True), joiner


# clean.py: a caption's credit word of the file keeps the line from being a headline
@pytest.mark.parametrize("word", lexicon.words("caption_credit_words")["de"])
def test_a_caption_credit_of_the_german_file_is_no_headline(word: str):
    line = "Der Gouverneur im verschneiten Tal"
    assert _is_title_candidate(line, repeated=True, above_body=True)
    assert not _is_title_candidate(f"{line} ({word.capitalize()}: AFP)", repeated=True, above_body=True)
