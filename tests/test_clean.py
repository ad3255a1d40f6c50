"""Clean: exactly what leaves each seed and why, header fields, repairs, flags, invented pages."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED_DIR, SEED_FILES, document_from_text, seed_document

from flows.language.text import repair
from flows.stages.clean import clean_document, frequent_lines, is_frequent_line

PULL_QUOTES_000 = [14, 30, 41, 54, 81, 112, 123]
ATTRIBUTIONS_000 = [15, 31, 42, 55, 82, 113, 124]

# (raw line, reason, rule) of every removal or move, per seed: the list, and nothing else.
EXPECTED = {
    "000_3131ce3db25c692d.txt": [
        (1, "url", "header.glued_url"),
        (2, "title_repeat", "repeat.title"),
        (3, "metadata_line", "header.standfirst"),
        (4, "metadata_line", "header.byline"),
        (5, "metadata_line", "header.standfirst"),
        (6, "title_repeat", "repeat.title"),
    ]
    + sorted(
        [(n, "pull_quote", "repeat.restatement") for n in PULL_QUOTES_000 if n != 81]
        + [(81, "duplicate", "repeat.exact")]
        + [(n, "pull_quote_attribution", "repeat.attribution_after_restatement") for n in ATTRIBUTIONS_000]
    ),
    "001_3739cf2775348802.txt": [
        (25, "pull_quote", "repeat.restatement"),
        (28, "title_repeat", "repeat.title"),
        (41, "boilerplate", "comments.post_prompt"),
        (43, "boilerplate", "comments.count"),
    ],
    "002_baeb63891f48ba25.txt": [
        (4, "metadata_line", "header.source_line"),
        (64, "boilerplate", "signup.join_prompt"),
        (66, "boilerplate", "signup.enter_details"),
        (68, "boilerplate", "form.required_field"),
    ],
    "003_bc1397019d84c04d.txt": [
        (1, "metadata_line", "header.glued_kicker"),
        (3, "metadata_line", "header.published_line"),
        (5, "pull_quote", "repeat.restatement"),
        (23, "separator", "line.no_letters_or_digits"),
    ],
    "004_f564f0beba51ee61.txt": [(1, "metadata_line", "header.date_prefix")],
}


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_removals_are_exactly_the_listed_lines(name: str):
    cleaned = clean_document(seed_document(name))
    assert [(r.raw.line_no, r.reason, r.rule_id) for r in cleaned.removed] == EXPECTED[name]


def test_every_other_paragraph_of_000_survives_whole():
    raw_lines = (SEED_DIR / SEED_FILES[0]).read_text(encoding="utf-8").split("\n")
    removed_lines = {line for line, _, _ in EXPECTED[SEED_FILES[0]]}
    cleaned = clean_document(seed_document(SEED_FILES[0]))
    kept = {block.raw.line_no: block.text for block in cleaned.blocks}
    for number, line in enumerate(raw_lines, start=1):
        if line.strip() and number not in removed_lines:
            assert kept.get(number) == line.strip(), number


@pytest.mark.parametrize("name", SEED_FILES)
def test_kept_and_removed_rebuild_the_raw_line_sequence(name: str):
    raw = (SEED_DIR / name).read_bytes()
    cleaned = clean_document(seed_document(name))
    pieces = [(b.raw, b.text, True) for b in cleaned.blocks] + [(r.raw, r.text, False) for r in cleaned.removed]
    rebuilt: dict[int, str] = {}
    for span, text, kept in sorted(pieces, key=lambda p: p[0].byte_start):
        original = raw[span.byte_start : span.byte_end].decode("utf-8")
        assert text == (repair(original) if kept else original)
        rebuilt[span.line_no] = rebuilt.get(span.line_no, "") + raw[span.byte_start : span.byte_end].decode()
    lines = raw.decode("utf-8").split("\n")
    non_blank = {n: line for n, line in enumerate(lines, start=1) if line.strip()}
    assert rebuilt.keys() == non_blank.keys()
    for number, text in rebuilt.items():  # only the white space between a moved prefix and the rest is missing
        assert text.split() == non_blank[number].split() or "".join(text.split()) == "".join(non_blank[number].split())


def test_header_fields_on_the_seeds():
    header = {name[:3]: clean_document(seed_document(name)).header for name in SEED_FILES}
    assert header["000"].url == (
        "https://en.majalla.com/node/294001/politics/ahmad-massoud-ignoring-taliban-threat-jeopardises-global-security"
    )
    assert header["000"].authors == ["John Berkeley"]
    assert header["000"].standfirst[0].startswith("The Afghan opposition leader warns")
    assert (header["002"].outlet, header["002"].authors) == ("Breitbart", ["John Hayward"])
    assert (header["002"].published_date, header["002"].date_precision) == (dt.date(2022, 11, 15), "day")
    assert header["003"].kicker == "PERSPECTIVE: The resistance"
    assert header["003"].published_date == dt.date(2021, 8, 31)
    assert header["004"].published_date == dt.date(2021, 9, 21)


def test_titles_after_header_parsing():
    titles = {name[:3]: clean_document(seed_document(name)).title for name in SEED_FILES}
    assert titles["003"].text == "Ahmad Massoud: ‘Peace Does Not Mean to Surrender’"
    assert titles["000"].text == "Ahmad Massoud: Ignoring the Taliban threat jeopardises global security"
    assert titles["004"] is None
    cleaned = clean_document(seed_document("004_f564f0beba51ee61.txt"))
    assert cleaned.removed[0].text == "date 2021-09-21 "
    assert cleaned.blocks[0].text.startswith("Five weeks after the Taliban’s swift capture of Kabul")


def test_restatements_record_score_and_source():
    cleaned = clean_document(seed_document(SEED_FILES[0]))
    by_line = {r.raw.line_no: r for r in cleaned.removed}
    assert by_line[30].duplicate_of.line_no == 28 and 0.95 < by_line[30].score < 1
    assert by_line[123].duplicate_of.line_no == 120
    assert by_line[81].duplicate_of.line_no == 80 and by_line[81].score == 1.0
    assert by_line[2].duplicate_of == cleaned.title.raw
    teaser = next(r for r in clean_document(seed_document(SEED_FILES[3])).removed if r.reason == "pull_quote")
    assert teaser.duplicate_of.line_no == 7


def test_quality_flags_on_the_seeds():
    flags = {name[:3]: clean_document(seed_document(name)).flags for name in SEED_FILES}
    assert [k for k, f in flags.items() if "truncated" in f] == ["004"]
    assert "unbalanced_quotes" in flags["004"]
    assert not any("glued_words" in f for f in flags.values())  # the glued URL and kicker were split off


# Invented pages -----------------------------------------------------------------------------

ANSWER_A = (
    "We have spent two years building schools in the northern provinces, and every one of them "
    "is now run by teachers from the villages themselves."
)
ANSWER_B = (
    "The clinics we opened last spring depend on donations from the diaspora, and without them "
    "the doctors would have left for the cities long ago."
)


def page(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


def removed(text: str) -> list[tuple[str, str]]:
    return [(r.text, r.reason) for r in clean_document(document_from_text(text)).removed]


@pytest.mark.parametrize(
    "attribution", ["— Ahmad Massoud", "Ahmad Massoud, NRF leader", "A. Massoud (National Resistance Front)"]
)
def test_other_attribution_wordings(attribution: str):
    quote = "Every one of the schools in the northern provinces is now run by teachers from the villages."
    closing = "The interview ended at noon, and the commander walked back to his car without a word."
    text = page("A long road ahead", ANSWER_A, ANSWER_B, quote, attribution, closing)
    assert removed(text) == [(quote, "pull_quote"), (attribution, "pull_quote_attribution")]


def test_pull_quote_before_its_source():
    quote = "“The clinics we opened last spring depend on donations from the diaspora.”"
    assert removed(page("A long road ahead", quote, ANSWER_A, ANSWER_B)) == [(quote, "pull_quote")]


def test_paraphrase_with_two_words_changed():
    paraphrase = ANSWER_B.replace("last spring", "this spring").replace("long ago", "years ago")
    assert removed(page("A long road ahead", ANSWER_A, ANSWER_B, paraphrase)) == [(paraphrase, "pull_quote")]


def test_boilerplate_in_other_wordings():
    text = page(
        "Home | World | Asia", "A long road ahead", ANSWER_A, "Advertisement", ANSWER_B,
        "Leave a comment", "12 Comments", "Subscribe to our newsletter", "Email Address (Required)",
        "* * *", "You might also like",
    )
    assert removed(text) == [
        ("Home | World | Asia", "boilerplate"),
        ("Advertisement", "boilerplate"),
        ("Leave a comment", "boilerplate"),
        ("12 Comments", "boilerplate"),
        ("Subscribe to our newsletter", "boilerplate"),
        ("Email Address (Required)", "boilerplate"),
        ("* * *", "separator"),
        ("You might also like", "boilerplate"),
    ]


def test_short_unpunctuated_lines_after_the_last_paragraph_are_chrome():
    text = page("A long road ahead", ANSWER_A, ANSWER_B, "Tags", "Afghanistan Taliban Panjshir", "Print this page")
    reasons = [(t, r) for t, r in removed(text)]
    assert reasons == [(t, "boilerplate") for t in ("Tags", "Afghanistan Taliban Panjshir", "Print this page")]


@pytest.mark.parametrize("cut", [
    "The commander said the clinics were never fin",  # the start of 'finished', printed above
    'He called the road "n',  # one letter after an opening quote
    "Teachers from the northern provinces, Mr S",  # one capital: a name cut short
])
def test_a_last_line_cut_inside_a_word_is_text(cut: str):
    finished = "The clinics were finished in May, and the teachers came back to them."
    text = page("A long road ahead", ANSWER_A, finished, ANSWER_B, cut)
    assert removed(text) == []


def test_a_short_last_line_of_whole_words_is_still_chrome():
    text = page("A long road ahead", ANSWER_A, ANSWER_B, "Print this page")
    assert removed(text) == [("Print this page", "boilerplate")]


@pytest.mark.parametrize("lines", [
    ("However hard he tries,", "nobody answers him"),  # a verse broken at its comma
    ("and the teachers stayed", "Print this page"),  # a paragraph's end split off: only the menu item goes
])
def test_lines_that_carry_on_a_sentence_below_the_last_paragraph_are_text(lines: tuple[str, str]):
    text = page("A long road ahead", ANSWER_A, ANSWER_B, *lines)
    assert [t for t, _ in removed(text)] == [line for line in lines if line == "Print this page"]


def test_page_whose_title_is_never_repeated_loses_nothing():
    text = page("A long road ahead", ANSWER_A, "Yes.", "Yes.", ANSWER_B, "What comes next?")
    cleaned = clean_document(document_from_text(text))
    assert cleaned.removed == []
    assert [b.text for b in cleaned.blocks].count("Yes.") == 2


def test_two_similar_but_distinct_answers_are_both_kept():
    first = (
        "We will not recognise any government that was not chosen by the people of Afghanistan, "
        "and we will keep resisting until there is an election."
    )
    second = (
        "We will never accept a government that the people of Afghanistan did not choose, "
        "and our resistance will continue until women can vote again."
    )
    assert removed(page("Two answers", first, second)) == []


def test_text_repairs_are_counted_and_offsets_stay_on_the_raw_bytes():
    raw = "\ufeffTitle of the page\r\n\r\nThe mayor\u00a0said Afghanistanâ€™s roads\u200b were closed.\r\n"
    cleaned = clean_document(document_from_text(raw))
    assert [b.text for b in cleaned.blocks] == ["Title of the page", "The mayor said Afghanistan’s roads were closed."]
    assert cleaned.repairs["no_break_space_to_space"] == 1
    assert cleaned.repairs["invisible_character_removed"] == 2  # the BOM and the zero-width space
    assert cleaned.repairs["ftfy_fixed_line"] == 1
    block = cleaned.blocks[1]
    assert raw.encode()[block.raw.byte_start : block.raw.byte_end].decode().startswith("The mayor\u00a0said")
    assert block.raw.line_no == 3


def test_lines_frequent_across_the_corpus_are_boilerplate_but_labels_are_not():
    pages = [
        document_from_text(page(f"Story {i}", ANSWER_B, "Follow us on Telegram", "Ahmad Massoud", ANSWER_A), f"{i}.txt")
        for i in range(3)
    ]
    frequent = frequent_lines(pages)
    assert is_frequent_line("Follow us on Telegram", frequent) and not is_frequent_line("A line on one page", frequent)
    cleaned = clean_document(pages[0], frequent)
    assert [(r.text, r.rule_id) for r in cleaned.removed] == [("Follow us on Telegram", "corpus.frequent_line")]
    assert frequent_lines(pages[:2]) == frozenset()


def test_sentences_about_the_same_words_are_kept():
    text = page("A long road ahead", ANSWER_A, "Copyright law in Afghanistan changed last year.", "Photo journalists were arrested.")
    assert removed(text) == []


def test_header_line_without_a_date_is_kept():
    text = page("A long road ahead", "Published by the Kabul bureau", ANSWER_A)
    assert removed(text) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: March 3, 2023 10:15 am", dt.date(2023, 3, 3)),
        ("Posted on 3 April 2023 | 10:15 GMT", dt.date(2023, 4, 3)),
        ("Monday, 3 April 2023", dt.date(2023, 4, 3)),
        ("2023-04-03", dt.date(2023, 4, 3)),
    ],
)
def test_header_date_lines_in_other_formats(line: str, expected: dt.date):
    cleaned = clean_document(document_from_text(page("A long road ahead", line, ANSWER_A)))
    assert cleaned.header.published_date == expected
    assert [(r.text, r.reason) for r in cleaned.removed] == [(line, "metadata_line")]


def test_persian_question_mark_ends_running_text():
    from flows.language.text import ends_like_sentence

    assert ends_like_sentence("آیا مقاومت ادامه خواهد یافت؟")
    assert not ends_like_sentence("Resistance Leader: Taliban Terrorists ‘Responsible’")



@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Facebook Twitter WhatsApp Email", "share.networks"),
        ("Share on X | Telegram", "share.networks"),
        ("(Photo: Reuters/Ali Khara)", "media.credit"),
        ("Image by AFP", "media.credit"),
        ("We use cookies to improve your experience on our site.", "privacy.cookies"),
        ("© 2023 Al Majalla. All rights reserved.", "legal.copyright"),
        ("Read more: Taliban ban women from universities", "promo.read_more_link"),
        ("Tags: Afghanistan, Taliban, Panjshir", "nav.tags"),
        ("5 min read", "meta.reading_time"),
        ("Sign up for our newsletter", "signup.newsletter"),
    ],
)
def test_more_page_chrome_anywhere_on_the_page(line: str, rule: str):
    text = page("A long road ahead", ANSWER_A, line, ANSWER_B, "The interview ended at noon, and the commander left.")
    assert [(r.text, r.rule_id) for r in clean_document(document_from_text(text)).removed] == [(line, rule)]



def test_a_question_quoting_an_earlier_answer_is_kept():
    question = (
        "You said that we have spent two years building schools in the northern provinces, "
        "and every one of them is now run by teachers from the villages themselves?"
    )  # 0.89 of its words appear in order in ANSWER_A: above the pull-quote threshold
    assert removed(page("A long road ahead", ANSWER_A, question, ANSWER_B)) == []
    assert removed(page("A long road ahead", ANSWER_A, question.rstrip("?") + ".", ANSWER_B))[0][1] == "pull_quote"


def test_a_short_sentence_said_twice_is_kept_and_a_repeated_paragraph_is_not():
    paragraph = ("The commander said the roads to the northern districts would stay closed until the spring, "
                 "and that the families who stayed behind were running out of flour and fuel.")
    page = ("Talks in the valley\n\n" + paragraph + "\n\nWelcome to the programme, governor.\n\n"
            "Thank you very much for your time.\n\n"
            "What will you do next winter?\n\nWe will stay, as we always have.\n\n" + paragraph + "\n\n"
            "Governor, thank you.\n\nThank you very much for your time.\n")
    cleaned = clean_document(document_from_text(page))
    kept = [b.text for b in cleaned.blocks]
    assert kept.count("Thank you very much for your time.") == 2  # a reply, said again: text, not a duplicate
    assert kept.count(paragraph) == 1 and [r.reason for r in cleaned.removed if r.text == paragraph] == ["duplicate"]


def test_a_paragraph_broken_over_lines_under_the_headline_is_no_dek():
    lines = ["The governor has run the province for three years, and in that time",
             "he has rarely spoken to the press about the roads or the schools.",
             "Now he says the passes will open in the spring and the teachers will come back."]
    cleaned = clean_document(document_from_text("\n".join(["A long road ahead", *lines, "", ANSWER_A, "", ANSWER_B]) + "\n"))
    assert cleaned.header.standfirst == [] and [b.text for b in cleaned.blocks][1:4] == lines


def test_a_dek_stands_right_under_the_headline():
    dek = "The governor of the valley on roads, schools and the coming winter"
    cleaned = clean_document(document_from_text(page("A long road ahead", dek, ANSWER_A, ANSWER_B)))
    assert cleaned.header.standfirst == [dek]


@pytest.mark.parametrize(
    "line",
    ["Plain ASCII words, 12 of them; (brackets) and 'quotes'.", "Tom &amp; Jerry &lt;b&gt;", "a <b>tag</b> line", "x&#39;s",
     "Afghanistanâ€™s roads", "caf\u0065\u0301", "The mayor said so."],
)
def test_repair_of_a_line_is_ftfys_even_where_ftfy_is_not_called(line: str):
    """A line of ASCII without an entity or a carriage return is returned as it is, without calling ftfy: what
    ftfy would have returned for it."""
    import ftfy

    from flows.language.text import _FTFY

    assert repair(line) == ftfy.fix_text(line, _FTFY)
