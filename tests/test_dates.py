"""Header and footer date lines in the corpus's languages, read by rule, never guessed from prose."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import document_from_text

from flows.language.dates import read_date_line
from flows.stages.clean import clean_document

BODY = (
    "The commander spoke for an hour about the valley, the winter and the families who stayed behind.\n\n"
    "He said that the roads would stay closed until the spring and that food was already short.\n"
)


@pytest.mark.parametrize(
    ("line", "date", "precision"),
    [
        ("March 3, 2019", dt.date(2019, 3, 3), "day"),
        ("Published: 12 May 2020, 10:15 GMT", dt.date(2020, 5, 12), "day"),
        ("Oct 2, 2018, 8:18 AM | Updated: Oct 3, 2018, 5:54 am", dt.date(2018, 10, 2), "day"),
        ("Veröffentlicht am 04.11.2019 um 07:30 Uhr", dt.date(2019, 11, 4), "day"),
        ("Mis en ligne le 7 février 2020", dt.date(2020, 2, 7), "day"),
        ("Martes, 14 de julio, 2020", dt.date(2020, 7, 14), "day"),
        ("Publicado em 9 de março de 2021", dt.date(2021, 3, 9), "day"),
        ("Pubblicato il 18 gennaio 2022", dt.date(2022, 1, 18), "day"),
        ("Gepubliceerd op 5 april 2019", dt.date(2019, 4, 5), "day"),
        ("Yayınlanma tarihi: 21 Ekim 2020", dt.date(2020, 10, 21), "day"),
        ("Опубликовано 3 июня 2020", dt.date(2020, 6, 3), "day"),
        ("12 مارس 2019", dt.date(2019, 3, 12), "day"),
        ("١٢ مارس ٢٠١٩", dt.date(2019, 3, 12), "day"),
        ("3 ژوئن 2020", dt.date(2020, 6, 3), "day"),
        ("تاریخ انتشار: ۰۸:۴۵ - ۱۵-۰۴-۱۳۹۹", dt.date(2020, 7, 5), "day"),
        ("June 2020", dt.date(2020, 6, 1), "month"),
        ("12 Hamal 1399, 10:15 AM", dt.date(2020, 3, 31), "day"),
        ("۱۲ حمل ۱۳۹۹", dt.date(2020, 3, 31), "day"),
    ],
)
def test_date_lines_in_every_language(line: str, date: dt.date, precision: str):
    found = read_date_line(line)
    assert found is not None and (found.date, found.precision, found.updated) == (date, precision, False)


@pytest.mark.parametrize(
    "line",
    [
        "The talks began on 3 March 2019 in Doha and lasted a week.",  # a sentence that mentions a date
        "Kabul Local Time",
        "03/04/2023",  # 3 April or March 4: refused
        "14 de julio",  # no year: not published rather than guessed
        "Abdullah Abdullah",
    ],
)
def test_lines_that_are_not_dates(line: str):
    assert read_date_line(line) is None


def test_an_updated_line_is_read_but_never_the_publication_date():
    found = read_date_line("Aktualisiert: 27.09.2022 um 21:51 Uhr")
    assert found is not None and found.updated
    page = "A headline on the valley\n\nAktualisiert: 27.09.2022 um 21:51 Uhr\n\n" + BODY
    cleaned = clean_document(document_from_text(page))
    assert cleaned.header.published_date is None
    assert [(r.rule_id, r.moved_to) for r in cleaned.removed] == [("header.updated_line", None)]


def test_a_date_line_below_a_dek_that_ends_like_a_sentence_is_the_page_date():
    page = (
        "A headline on the valley\n\nA dek of one sentence that ends with a full stop, as many do.\n\n"
        "Publiziert: 29.08.2021 um 00:03 Uhr\n\n" + BODY
    )
    header = clean_document(document_from_text(page)).header
    assert (header.published_date, header.date_precision, header.date_source) == (
        dt.date(2021, 8, 29), "day", "header.published_line"
    )


def test_below_the_article_only_a_labelled_date_counts():
    filler = "".join(f"Paragraph {n} of the report says more about the winter in the valley.\n\n" for n in range(14))
    labelled = clean_document(document_from_text("A headline\n\n" + BODY + filler + "First broadcast 12th September 2008\n"))
    assert labelled.header.published_date == dt.date(2008, 9, 12)
    bare = clean_document(document_from_text("A headline\n\n" + BODY + filler + "14th October 2024\n"))
    assert bare.header.published_date is None


def test_a_leading_date_prefix_with_month_precision():
    header = clean_document(document_from_text(" date 2021-08 A headline about the valley\n\n" + BODY)).header
    assert (header.published_date, header.date_precision) == (dt.date(2021, 8, 1), "month")


def test_a_source_credit_with_a_date_gives_outlet_and_date():
    page = BODY + "\nSource: The Valley Herald August 15, 2022 08:25 UTC\n"
    cleaned = clean_document(document_from_text("A headline on the valley\n\n" + page))
    header = cleaned.header
    assert (header.outlet, header.published_date, header.date_source) == (
        "The Valley Herald", dt.date(2022, 8, 15), "header.published_line"
    )
    assert cleaned.removed[-1].moved_to == "outlet,published_date"


def test_a_date_beside_a_local_time_clock_is_not_the_page_date():
    page = "Sunday 19 September 2021\n Kabul Local Time\n28 Sunbula 1400, 09:53 AM\n\nA headline on the valley\n\n" + BODY
    cleaned = clean_document(document_from_text(page))
    assert cleaned.header.published_date is None
    assert [(r.raw.line_no, r.rule_id) for r in cleaned.removed[:3]] == [
        (1, "header.clock_line"), (2, "meta.local_clock"), (3, "header.clock_line")
    ]


@pytest.mark.parametrize(
    ("headline", "date"),
    [
        ("Karim Haidari - Aces - 2021-07-22", dt.date(2021, 7, 22)),  # a hyphen inside the date is no separator
        ("Karim Haidari – Guests of the Week – 12 March 2020", dt.date(2020, 3, 12)),
        ("Transcript: Karim Haidari on \"Valley Today,\" October 24, 2021", dt.date(2021, 10, 24)),
    ],
)
def test_a_headline_that_ends_in_a_full_date_dates_the_page(headline: str, date: dt.date):
    body = ("The commander spoke for an hour about the valley, the winter and the families who stayed behind.\n\n"
            "He said that the roads would stay closed until the spring and that food was already short.\n")
    cleaned = clean_document(document_from_text(f"{headline}\n\n{body}"))
    assert (cleaned.header.published_date, cleaned.header.date_source) == (date, "title.trailing_date")


PARAGRAPH_AFTER = "The roads will open in the spring, and the schools with them, the governor said on the radio."


@pytest.mark.parametrize("opening", [
    "KABUL, 4 April 2024 — The governor of the valley told reporters that the passes had been cleared overnight.",
    "KABUL (Reuters), April 4, 2024 - The governor of the valley told reporters that the passes were open.",
    "КАБУЛ, 4 апреля 2024 — Губернатор долины сообщил журналистам, что перевалы расчищены за ночь.",
    "کابل، ۱۶ حمل ۱۴۰۳ – والی دره به خبرنگاران گفت که راه‌های کوهستانی در شب گذشته باز شده‌اند.",
    "नई दिल्ली, 4 अप्रैल 2024 — घाटी के गवर्नर ने पत्रकारों से कहा कि दर्रे रात में खोल दिए गए हैं।",
])
def test_a_dateline_at_the_head_of_the_first_paragraph_dates_the_page(opening: str):
    header = clean_document(document_from_text(f"A report from the valley\n\n{opening}\n\n{PARAGRAPH_AFTER}\n")).header
    assert (header.published_date, header.date_precision, header.date_source) == (dt.date(2024, 4, 4), "day", "body.dateline")


@pytest.mark.parametrize("opening", [
    "Yesterday, the governor said — and he repeated it twice — that the passes were open again.",
    "KABUL, April 2024 — A month is no dateline: the governor said the passes had been cleared.",
])
def test_an_opening_without_a_full_date_is_no_dateline(opening: str):
    header = clean_document(document_from_text(f"A report from the valley\n\n{opening}\n\n{PARAGRAPH_AFTER}\n")).header
    assert header.published_date is None


def test_a_dateline_further_down_the_page_is_not_the_page_date():
    second = "HERAT, 2 May 2024 — In the west, the governor of the province said the border had reopened."
    page = f"A report from the valley\n\n{PARAGRAPH_AFTER}\n\n{second}\n"
    assert clean_document(document_from_text(page)).header.published_date is None


ARTICLE = "<p>" + " ".join(["The governor of the valley spoke to reporters about the winter and the roads."] * 5) + "</p>"


def html_page(head: str = "", footer: str = "© 2024 Example Post. All rights reserved.") -> str:
    return (f"<html><head><title>A report</title>{head}</head><body><article><h1>A report</h1>{ARTICLE}</article>"
            f"<footer>{footer}</footer></body></html>")


@pytest.mark.parametrize("head, date", [
    ("", None),  # only the copyright footer: no date at all
    ("<meta property='article:published_time' content='2023-05-04T10:00:00Z'>", dt.date(2023, 5, 4)),
    ("<meta itemprop='datePublished' content='2022-11-30'>", dt.date(2022, 11, 30)),
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2022-03-02"}]}</script>',
     dt.date(2022, 3, 2)),
])
def test_an_html_page_is_dated_by_its_publication_markup_never_by_its_copyright_year(tmp_path, head: str, date):
    from flows.stages.ingest import discover, read_batch

    (tmp_path / "page.html").write_text(html_page(head), encoding="utf-8")
    documents, _ = read_batch(discover(tmp_path)[0])
    header = clean_document(documents[0]).header
    assert header.published_date == date
    assert header.date_source == (None if date is None else "html.metadata")


def test_a_copyright_line_of_a_text_page_is_no_publication_date():
    page = f"A report from the valley\n\n{PARAGRAPH_AFTER}\n\n{PARAGRAPH_AFTER.replace('spring', 'summer')}\n\n© 2024 Example Post\n"
    assert clean_document(document_from_text(page)).header.published_date is None


def test_loading_the_date_reader_loads_every_languages_words_before_workers_fork():
    """pipeline.warm_up loads them in the process that forks the workers, so that no batch loads them again."""
    from flows.language import dates

    dates.load()
    loaded = dates._date_parser()._get_locale_loader()._loaded_languages
    assert set(dates.DATE_LANGUAGES) <= set(loaded)
