"""Site chrome in every language of the corpus, removed with its rule; running text that merely
uses the same words stays (a false drop is worse than a kept menu line)."""

from __future__ import annotations

import pytest
from conftest import document_from_text

from flows.stages.clean import clean_document

HEAD = "Valley leader vows to hold out through winter"
PARAGRAPHS = [
    "The commander spoke for an hour about the valley, the winter and the families who stayed behind.",
    "He said that the roads would stay closed until the spring and that food was already short.",
    "Aid workers in the capital said they had not been allowed to reach the northern districts.",
]


def removed_with(line: str) -> list[tuple[str, str]]:
    page = "\n\n".join([HEAD, PARAGRAPHS[0], line, *PARAGRAPHS[1:]])
    return [(r.text, r.rule_id) for r in clean_document(document_from_text(page)).removed]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Skip to main content", "nav.skip_link"),
        ("Zum Inhalt springen", "nav.skip_link"),
        ("Aller au contenu principal", "nav.skip_link"),
        ("Saltar al contenido", "nav.skip_link"),
        ("Перейти к содержимому", "nav.skip_link"),
        ("پرش به محتوا", "nav.skip_link"),
        ("  • Download", "nav.menu_item"),
        ("3. Politik", "nav.menu_item"),
        ("Zur Startseite", "nav.home_link"),
        ("Volver arriba", "nav.home_link"),
        ('<iframe src="" width="100%" height="290" title="embedded player">', "markup.html"),
        ("Radio Valley logo", "media.logo"),
        ("2:45", "media.counter"),
        ("3/12", "media.counter"),
        ("Lesezeit: 4 min", "meta.reading_time_multilingual"),
        ("Temps de lecture : 3 minutes", "meta.reading_time_multilingual"),
        ("Время чтения: 5 минут", "meta.reading_time_multilingual"),
        ("  • 3 years ago", "nav.menu_item"),
        ("vor 3 Stunden", "meta.relative_time"),
        ("hace 2 horas", "meta.relative_time"),
        ("۳ ساعت پیش", "meta.relative_time"),
        ("Lesen Sie auch", "promo.related_heading"),
        ("À lire aussi : la vallée sous la neige", "promo.related_heading"),
        ("Читайте также", "promo.related_heading"),
        ("مطالب مرتبط", "promo.related_heading"),
        ("Most read in The Daily Star", "promo.related_heading"),
        ("Partager cet article", "share.prompt_multilingual"),
        ("Compartir en Facebook Twitter", "share.prompt_multilingual"),
        ("Kommentare (12)", "comments.heading"),
        ("Yorumlar", "comments.heading"),
        ("Deja un comentario", "comments.write_prompt"),
        ("Your email address will not be published. Required fields are marked *", "comments.email_notice"),
        ("Deine E-Mail-Adresse wird nicht veröffentlicht.", "comments.email_notice"),
        ("Already a subscriber? Log in", "paywall.prompt"),
        ("Get full access for just £1 per month", "paywall.prompt"),
        ("Join our readers today – your first three months cost $5.", "paywall.offer"),
        ("Wir verwenden Cookies. Mit der Nutzung der Seite sind Sie einverstanden.", "privacy.cookies_multilingual"),
        ("کد خبر ۱۲۳۴۵", "meta.article_id"),
        ("Foto: Jane Doe", "media.credit_multilingual"),
        ("Kabul Local Time", "meta.local_clock"),
        ("Ortszeit Kabul", "meta.local_clock"),
        ("Conforme a los criterios de Saber más", "promo.learn_more_link"),
        ("Alle Hintergründe weiterlesen", "promo.learn_more_link"),
    ],
)
def test_chrome_is_removed_with_its_rule(line: str, rule: str):
    assert removed_with(line) == [(line.strip(), rule)]


@pytest.mark.parametrize(
    "line",
    [
        "He paid $5 for 3 months of rent, which was a lot for a teacher in the valley.",
        "The commander said he would read more books once the war was over.",
        "Comments made by the envoy on Tuesday angered the council, which met again the next day.",
        "Vor drei Jahren kehrte er in das Tal zurück, um die Schule wieder aufzubauen.",
        "Il a partagé son repas avec les soldats avant de repartir vers le nord.",
        "The children baked cookies for the soldiers, who were glad to accept them after the long march.",
    ],
)
def test_running_text_with_chrome_words_stays(line: str):
    assert removed_with(line) == []


def test_teasers_below_a_related_heading_at_the_bottom_are_removed():
    teasers = [
        "More from Radio Valley",
        "Floods Cut Off Three Districts In The North",
        "Rivers rose overnight after heavy rain, and villages were evacuated by boat.",
        "Teachers Return To Schools In The Capital",
    ]
    more = [
        "Several families said they had burned furniture to keep warm during the coldest nights.",
        "A doctor in the main village said the clinic had run out of medicine for children.",
        "The council promised to send trucks as soon as the first pass was cleared of snow.",
    ]
    page = "\n\n".join([HEAD, *PARAGRAPHS, *more, *teasers])
    removed = [(r.text, r.rule_id) for r in clean_document(document_from_text(page)).removed]
    assert removed[0] == (teasers[0], "promo.related_heading")
    assert [t for t, _ in removed] == teasers and {r for _, r in removed[1:3]} == {"promo.related_list"}


def test_a_related_heading_followed_by_a_long_paragraph_keeps_the_paragraph():
    long = (
        "Nobody in the districts could say when the next convoy would come, or who would pay for it. "
        "Merchants have raised the price of flour twice since October, and many families now eat once a day. "
        "The elders asked the government in the capital to open the southern road before the new year."
    )
    page = "\n\n".join([HEAD, *PARAGRAPHS, "Read also", long])
    cleaned = clean_document(document_from_text(page))
    assert [r.rule_id for r in cleaned.removed] == ["promo.related_heading"] and cleaned.blocks[-1].text == long


def test_a_transcript_keeps_its_speaker_labels_and_their_dashes_to_the_end():
    turns = []
    for n in range(4):
        turns += ["А.Иванов", "―", f"Вопрос номер {n} о долине и о зиме, которая будет долгой?", "Б.Петров", "―",
                  f"Ответ номер {n}: дороги закрыты, но люди в деревнях держатся и ждут весны."]
    page = "\n".join(["Б.Петров - Программа - 2021-07-22", *turns, "А.Иванов", "―"])
    cleaned = clean_document(document_from_text(page))
    assert [r.text for r in cleaned.removed if r.reason != "metadata_line"] == []


def test_a_short_bulleted_list_the_text_introduces_is_kept():
    page = "\n\n".join([HEAD, PARAGRAPHS[0], "The council named three envoys:", "• Jane Doe", "• John Roe", *PARAGRAPHS[1:]])
    assert [r.text for r in clean_document(document_from_text(page)).removed] == []


def test_a_lone_speaker_label_above_the_last_lines_of_text_is_kept():
    label = "Jane Doe:"
    page = "\n\n".join([HEAD, *PARAGRAPHS, "Why did the families stay?", label, "They stayed because the valley is their home and"])
    cleaned = clean_document(document_from_text(page + "\n"))
    assert label in [b.text for b in cleaned.blocks]
    menu = "\n\n".join([HEAD, *PARAGRAPHS, "More from the valley:", "Contact us"])
    assert "More from the valley:" in [r.text for r in clean_document(document_from_text(menu + "\n")).removed]
