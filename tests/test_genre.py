"""Genres on invented pages: the rules' signals in the corpus's languages, and the learned choice over them."""

from __future__ import annotations

import pytest
from conftest import document_from_text

from flows.language.genre import PageSignals, by_rules
from flows.stages.clean import clean_document
from flows.stages.segment import segment_document

NARRATION = [
    "The roads to the valley were closed for most of the week after the first heavy snow of the year.",
    "Families in the upper villages have stocked flour and fuel, but many fear the winter will be long.",
    "The council met on Thursday to discuss how to keep the clinic open until the passes reopen.",
]


def page(title: str | None = None, body: list[str] | None = None, **signals) -> PageSignals:
    defaults = dict(kicker=None, standfirst=[], question_turns=0, named_interviewee=False, bylined=False, dated_or_sourced=False)
    return PageSignals(title=title, body=body if body is not None else NARRATION, **(defaults | signals))


@pytest.mark.parametrize(
    ("signals", "genre"),
    [
        (page("Transcript: the envoy on the valley"), "transcript"),
        (page("Wortlaut: Abschrift des Gesprächs mit dem Gesandten"), "transcript"),
        (page(body=["Host (00:01): Welcome back.", "Envoy (00:05): Thank you.", "Host (00:09): Tell us more."]), "transcript"),
        (page(body=["А.Иванов", "Добрый вечер.", "Б.Петров", "Здравствуйте.", "А.Иванов", "Начнём?"]), "transcript"),
        (page(body=["— Почему вы вернулись в долину?", "— Потому что здесь моя семья.", "— А что дальше?", "— Зима."]), "interview_qa"),
        (page(body=["Le Journal : Pourquoi rester ?", "Le gouverneur : Parce que la vallée est ma maison."]), "interview_qa"),
        (page(body=["Why did you stay?", "Because this is my home.", "What comes next?", "Winter, and then we rebuild."]), "interview_qa"),
        (page(body=["REPORTER: Why did you stay? GOVERNOR: Because this is my home, and my family is here."]), "interview_qa"),
        (page(body=[f"Why did you stay in year {n}? Because this is my home, and my family is here." for n in range(3)]), "interview_qa"),
        (page(body=["HOST: Good morning.", "CO-HOST: Our guest is the governor.", "GOVERNOR SMITH: Good morning to you."]), "transcript"),
        (page(body=[*NARRATION, "—¿Por qué se quedó en el valle?", "Porque aquí está mi familia y mi casa."]), "interview_qa"),
        (page("Entrevista con el gobernador del valle"), "interview_narrative"),
        (page("Interview with the governor", body=[*NARRATION, "SMITH: Why did you stay in the valley"]), "interview_qa"),
        (page(body=[*NARRATION, "SMITH: Why did you stay in the valley"]), "other"),
        (page("گفتگو با فرمانده دره"), "interview_narrative"),
        (page("Statement of the Valley Council on the winter road"), "statement"),
        (page("بیانیه شورای دره درباره راه زمستانی"), "statement"),
        (page("Die Regierung muss handeln", kicker="Meinung"), "opinion"),
        (page(body=["KABUL (AP) — The roads to the valley were closed on Monday.", *NARRATION]), "news"),
        (page(body=[NARRATION[0], "KABUL, Afghanistan — The roads to the valley were closed on Monday."]), "news"),
        (page(body=[*NARRATION, "The governor, 54, told me that the council would not give up the valley."]), "interview_narrative"),
        (page(body=[*NARRATION, "Le gouverneur m’a dit que la vallée ne céderait pas."]), "interview_narrative"),
        (page(body=[*NARRATION, "Karim (nome fictício), 24 anos, chegou a Lisboa no inverno."]), "interview_narrative"),
        (page(body=[*NARRATION, "“We will wait,” said the governor, who added that help was coming."]), "news"),
        (page("Roads close in the valley", dated_or_sourced=True), "news"),
        (page("Roads close in the valley"), "other"),
        (page("Roads close in the valley", interviewer_credited=True), "interview_qa"),
        (page("Ein Gespräch über den Winter", body=["Jane Doe führt den Rat des Tals.", "Bleiben Sie?", "Jane Doe:", "Ja, wir bleiben."]),
         "interview_qa"),
        (page(body=["La vallée reste fermée… J. D. : Cela n’était pas envisageable. J. D. : Nous sommes restés."]), "interview_qa"),
        (page(body=["The Valley Council strongly condemns the attack on the clinic.", "The Council urges all sides to let aid in."]),
         "statement"),
        (page(body=["Le Conseil de la vallée condamne l’attaque.", "Il exhorte les parties à laisser passer l’aide."]), "statement"),
        (page(body=["The Valley Council condemned the attack on Monday.", "It urged all sides to let aid in."]), "other"),
    ],
)
def test_genre_rules(signals: PageSignals, genre: str):
    assert by_rules(signals) == genre


def test_a_news_item_about_an_interview_given_elsewhere_is_not_an_interview():
    body = [
        "The governor of the valley said on Monday that the roads would stay closed until March.",
        "In an interview with a television channel, he added that food would last the winter.",
        "He said the council had asked the capital for fuel and medicine.",
    ]
    assert by_rules(page("Valley roads to stay closed", body=body)) == "news"


def test_an_interview_given_to_another_outlet_reported_up_top_is_news_however_short():
    body = ["Jane Doe, the council's spokesman, said in an interview with a radio station that the roads would stay shut."]
    assert by_rules(page("Valley roads to stay shut", body=body)) == "news"
    pashto = ["جین ډو، د شورا ویاند، له یوې راډیو سره په مرکه کې ویلي چې لارې به تړلې پاتې شي."]
    assert by_rules(page("لارې تړلې پاتې کیږي", body=pashto)) == "news"


def test_an_interview_with_the_pages_own_agency_is_an_interview_narrative():
    dateline = "KABUL (AP) — One year on, the valley's doctor still treats patients in a tent beside the river."
    own = [dateline, *NARRATION, "In an interview with The Associated Press, she said the clinic would reopen."]
    assert by_rules(page("The valley's doctor", body=own)) == "interview_narrative"
    quoted = [dateline, *NARRATION, "She told Reuters the clinic would reopen."]
    assert by_rules(page("The valley's doctor", body=quoted)) == "news"


def test_a_short_page_offering_a_recording_is_a_blurb_but_a_story_with_a_video_is_news():
    blurb = ["The governor explains why he stayed in the valley through the war.", "He sets out his plan for the spring."]
    listen = page("The governor", body=blurb, chrome=("Listen to the programme",), dated_or_sourced=True)
    assert by_rules(listen) == "other"
    story = page("Roads close in the valley", body=NARRATION * 4, chrome=("Watch the video",), dated_or_sourced=True)
    assert by_rules(story) == "news"
    reading = page("Roads close in the valley", body=NARRATION, chrome=("Listen to this article",), dated_or_sourced=True)
    assert by_rules(reading) == "news"  # a reading of the page's own text is no programme
    interviewed = page("The governor", body=blurb, chrome=("Listen to the programme",), named_interviewee=True)
    assert by_rules(interviewed) == "other"


def test_the_segmented_page_carries_the_genre():
    text = "Transcript: the envoy on the valley\n\n" + "\n\n".join(NARRATION) + "\n"
    assert segment_document(clean_document(document_from_text(text))).genre == "transcript"


def test_a_removed_link_to_the_pages_transcript_still_says_it_is_a_transcript():
    """The cleaner drops 'Read the Full Transcript' as chrome; the genre still reads what it says of the page."""
    text = ("Comment on this story. Leave a respectful comment.\n\nThe envoy explains what the valley needs this winter\n\n"
            "Read the Full Transcript\n\n" + "\n\n".join(NARRATION) + "\n")
    document = segment_document(clean_document(document_from_text(text)))
    assert "Read the Full Transcript" in [r.text for r in document.cleaned.removed]
    assert document.genre == "transcript"
    assert by_rules(page("Roads close in the valley", body=NARRATION * 4, chrome=("More from our programmes",),
                         dated_or_sourced=True)) == "news"
