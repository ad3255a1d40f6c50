"""Credit lines in the corpus's languages, on invented pages: who wrote the page, who asked the questions."""

from __future__ import annotations

import pytest
from conftest import document_from_text

from flows.language.credits import Credit, read_credit
from flows.stages.clean import clean_document
from flows.stages.segment import segment_document

HEAD = "Valley leader vows to hold out through winter"
INTRO = "The commander spoke for an hour about the valley, the winter and the families who stayed behind."
ANSWER = "We will stay in the valley until the last family has food and fuel for the winter, whatever it costs us."


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("By Jane Doe", Credit("author", ("Jane Doe",))),
        ("By Jane Doe and John Roe", Credit("author", ("Jane Doe", "John Roe"))),
        ("Von Greta Muster, Wien", Credit("author", ("Greta Muster",))),
        ("Author: Jane Doe, a correspondent for the Valley Herald", Credit("author", ("Jane Doe",))),
        ("Par Marie Dupont et Paul Durand", Credit("author", ("Marie Dupont", "Paul Durand"))),
        ("Interview: Greta Muster", Credit("interviewer", ("Greta Muster",))),
        ("Interview von Greta Muster, Berlin", Credit("interviewer", ("Greta Muster",))),
        ("Propos recueillis par Marie Dupont", Credit("interviewer", ("Marie Dupont",))),
        ("Entrevista de Lucía Gómez", Credit("interviewer", ("Lucía Gómez",))),
        ("Беседовал Иван Петров", Credit("interviewer", ("Иван Петров",))),
        ("Röportaj: Ayşe Yılmaz", Credit("interviewer", ("Ayşe Yılmaz",))),
        ("حاوره سامي الحسن", Credit("interviewer", ("سامي الحسن",))),
        ("Interviewed by Jane Doe", Credit("interviewer", ("Jane Doe",))),
    ],
)
def test_credit_lines_name_their_people_and_role(line: str, credit: Credit):
    assert read_credit(line) == credit


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the week the roads were closed.",  # a sentence
        "Von Kabul aus",  # a place, not a person
        "Interview Ahmad Khan on the valley",  # a headline: a noun credit needs its colon
        "Par ailleurs, la vallée reste fermée",
        "By 2022 Jane Doe",  # digits: not a byline
        "Por qué se quedó en el valle",
    ],
)
def test_other_lines_are_not_credits(line: str):
    assert read_credit(line) is None


def test_an_interviewer_credit_under_the_intro_names_author_and_interviewer():
    page = "\n\n".join([HEAD, INTRO, "Interview: Greta Muster", "Why did you stay in the valley?", ANSWER]) + "\n"
    cleaned = clean_document(document_from_text(page))
    assert cleaned.header.authors == ["Greta Muster"] and cleaned.header.interviewers == ["Greta Muster"]
    assert [r.rule_id for r in cleaned.removed] == ["header.interviewer_credit"]
    segmented = segment_document(cleaned)
    assert segmented.participants.interviewer == "Greta Muster"
    assert segmented.genre == "interview_qa"


def test_a_closing_credit_names_the_interviewer_but_a_teaser_byline_below_the_text_is_no_author():
    closing = "\n\n".join([HEAD, INTRO, ANSWER, "Propos recueillis par Marie Dupont"]) + "\n"
    assert clean_document(document_from_text(closing)).header.interviewers == ["Marie Dupont"]
    teaser = "\n\n".join([HEAD, INTRO, ANSWER, "Related", "Von Greta Muster"]) + "\n"
    assert clean_document(document_from_text(teaser)).header.authors == []


def test_a_name_the_headline_carries_is_the_subject_not_the_interviewer():
    page = "\n\n".join(["Greta Muster: the valley will hold", INTRO, "Interview: Greta Muster", ANSWER]) + "\n"
    assert clean_document(document_from_text(page)).header.interviewers == []
