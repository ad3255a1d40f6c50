"""Metadata, linked entities and attributed quotes on the seeds and on invented pages."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from conftest import SEED_FILES, document_from_text, seed_document, tables_for

from flows.language.entities import find_mentions, knowledge_base, unknown_names
from flows.stages.clean import clean_document
from flows.stages.segment import segment_document
from flows.stages.tag import TaggedDocument, tag_document


def tagged(name: str) -> TaggedDocument:
    return tag_document(segment_document(clean_document(seed_document(name))))


@pytest.fixture(scope="module")
def seeds() -> dict[str, TaggedDocument]:
    return {name[:3]: tagged(name) for name in SEED_FILES}


def test_document_metadata_on_the_seeds(seeds):
    tags = {key: t.tags for key, t in seeds.items()}
    assert {k: (t.outlet, t.outlet_source) for k, t in tags.items()} == {
        "000": ("Al Majalla", "url_domain"),
        "001": ("Independent Persian", "phrase"),
        "002": ("Breitbart", "source_line"),
        "003": (None, None),
        "004": (None, None),
    }
    assert (tags["002"].interviewer, tags["003"].interviewer) == ("Tera Dahl", "Lynne O’Donnell")
    assert {k: (t.published_date, t.date_precision) for k, t in tags.items() if t.published_date} == {
        "002": (dt.date(2022, 11, 15), "day"),
        "003": (dt.date(2021, 8, 31), "day"),
        "004": (dt.date(2021, 9, 21), "day"),
    }
    assert (tags["001"].interview_date, tags["001"].interview_date_precision) == (dt.date(2023, 5, 1), "month")
    assert {t.language for t in tags.values()} == {"en"}
    assert {k: t.genre for k, t in tags.items()} == {
        "000": "interview_qa", "001": "interview_narrative", "002": "interview_narrative",
        "003": "interview_qa", "004": "interview_narrative",
    }
    assert [k for k, t in tags.items() if t.truncated] == ["004"]


PEOPLE = [
    "harald-troch", "emmanuel-macron", "amina-mohammed", "stephane-dujarric", "tera-dahl", "lauren-boebert",
    "sirajuddin-haqqani", "zalmay-khalilzad", "mark-milley", "hibatullah-akhundzada", "burhanuddin-rabbani",
    "ashraf-ghani", "antonio-guterres", "joe-biden", "donald-trump", "lynne-odonnell", "abdul-ghani-baradar",
    "mohammad-yaqoob", "amir-khan-muttaqi", "faiz-hameed", "abdul-salam-hanafi", "sheikh-ali",
    "ahmad-massoud", "ahmad-shah-massoud", "ahmad-wali-massoud",
]


def test_every_person_named_in_the_seeds_is_linked(seeds):
    linked = {m.entity_id for t in seeds.values() for m in t.mentions}
    assert set(PEOPLE) <= linked
    kb = knowledge_base()
    assert {kb.entities[p].type for p in PEOPLE} == {"person"}


def test_the_three_massouds_are_kept_apart(seeds):
    def massouds(key: str) -> Counter:
        return Counter(m.entity_id for m in seeds[key].mentions if "massoud" in m.entity_id)

    for key in ("000", "001", "002"):
        assert set(massouds(key)) == {"ahmad-massoud"}
    assert set(massouds("003")) == {"ahmad-massoud", "ahmad-shah-massoud"}
    doc = seeds["004"]
    bare = [m for m in doc.mentions if doc.document.text[m.char_start : m.char_end] == "Massoud"]
    brother = [m for m in bare if m.entity_id == "ahmad-shah-massoud"]
    assert len(bare) == 20 and len(brother) == 1
    assert "had warned about two decades ago" in doc.document.text[brother[0].char_end : brother[0].char_end + 40]
    assert {m.entity_id for m in bare} - {"ahmad-shah-massoud"} == {"ahmad-wali-massoud"}


def test_mentions_slice_the_text_and_stop_before_possessives(seeds):
    for doc in seeds.values():
        for m in doc.mentions:
            assert doc.document.text[m.char_start : m.char_end].strip() == doc.document.text[m.char_start : m.char_end]
    text = seeds["004"].document.text
    milley = next(m for m in seeds["004"].mentions if m.entity_id == "mark-milley")
    assert text[milley.char_start : milley.char_end + 2] == "Mark Milley’s"
    odonnell = [text for m in seeds["003"].mentions if m.entity_id == "lynne-odonnell"]
    assert len(odonnell) == 5  # curly apostrophe in the page, straight one in the knowledge base


def test_context_cues_and_longest_match():
    text = "The late Massoud was honoured. Ahmad Shah Massoud’s son Ahmad Massoud spoke. His father Massoud fought on."
    mentions = find_mentions(text, ["Ahmad Massoud"])
    got = [(text[m.char_start : m.char_end], m.entity_id, m.method) for m in mentions]
    assert got == [
        ("Massoud", "ahmad-shah-massoud", "surname_context"),
        ("Ahmad Shah Massoud", "ahmad-shah-massoud", "alias"),
        ("Ahmad Massoud", "ahmad-massoud", "alias"),
        ("Massoud", "ahmad-shah-massoud", "surname_context"),
    ]


def test_no_partial_word_matches():
    text = "USAID and Tajikistan and the Americans met in Doha."
    assert [text[m.char_start : m.char_end] for m in find_mentions(text, [])] == ["Tajikistan", "Doha"]


def test_quotes_on_the_seeds(seeds):
    by_method = {k: Counter((q.kind, q.method) for q in t.quotes) for k, t in seeds.items()}
    assert by_method["000"] == {("answer", "qa_answer"): 88}
    assert by_method["003"] == {("answer", "label"): 4}
    assert by_method["001"] == {("quotation", "colon_intro"): 9, ("term", "quotation_marks"): 1}  # “everywhere.”
    assert by_method["002"] == {("quotation", "said_verb"): 17, ("quotation", "reporting_clause"): 3,
                                ("term", "quotation_marks"): 8}  # “atrocities”, “false jihad”, ...
    assert by_method["004"] == {("quotation", "reporting_clause"): 3, ("term", "quotation_marks"): 4}
    speech = {k: Counter(q.speaker_entity for q in t.quotes if q.kind != "term") for k, t in seeds.items()}
    assert speech["002"] == {"ahmad-massoud": 19, "lauren-boebert": 1}
    assert speech["001"] == {"ahmad-massoud": 8, None: 1}  # None: Troch's
    answers = [q for q in seeds["000"].quotes]
    assert {(q.speaker_entity, q.speaker) for q in answers} == {("ahmad-massoud", "Ahmad Massoud")}


def test_no_quotation_on_the_seeds_is_shorter_than_a_clause(seeds):
    quotations = [t.document.text[q.char_start : q.char_end] for t in seeds.values() for q in t.quotes if q.kind == "quotation"]
    assert quotations and min(len(q.split()) for q in quotations) >= 3
    terms = [q for t in seeds.values() for q in t.quotes if q.kind == "term"]
    assert terms and all(q.speaker is None and q.speaker_entity is None for q in terms)


def quoted(tagged: TaggedDocument) -> dict[str, tuple]:
    text = tagged.document.text
    return {text[q.char_start : q.char_end]: (q.speaker_entity, q.method, q.cue_verb, q.confidence)
            for q in tagged.quotes if q.kind != "term"}


def test_a_quotation_reporting_someone_else_is_not_theirs(seeds):
    """Troch quoted Macron as saying: “Emmanuel Macron, the President of France, said …”: Troch's words about Macron."""
    [troch] = [v for k, v in quoted(seeds["001"]).items() if k.startswith("Emmanuel Macron, the President of France")]
    assert troch == (None, "colon_intro", "saying", 0.0)
    assert "emmanuel-macron" not in {q.speaker_entity for q in seeds["001"].quotes}


def test_the_interviewee_of_a_narrative_interview_is_quoted(seeds):
    """Seed 004 quotes Ahmad Wali Massoud only in reporting clauses; the words he is said to use of a thing
    ('Massoud chastised this belief as “very naive,”') are terms, not his speech."""
    quotes = quoted(seeds["004"])
    assert len(quotes) == 3 and {v[:2] for v in quotes.values()} == {("ahmad-wali-massoud", "reporting_clause")}
    terms = {seeds["004"].document.text[q.char_start : q.char_end] for q in seeds["004"].quotes if q.kind == "term"}
    assert {"very naive", "leaderless", "coup d’etat."} <= terms


def test_partial_and_unbalanced_quotes_are_not_guessed(seeds):
    text = seeds["002"].document.text
    quoted_text = {text[q.char_start : q.char_end] for q in seeds["002"].quotes if q.kind != "term"}
    assert "false jihad" not in quoted_text and "Islamic Emirate" not in quoted_text  # terms: no speech
    unbalanced = "only tool is extremism and violence"  # its paragraph leaves “consent of the people. open
    assert not any(unbalanced in k for k in quoted(seeds["004"]))


def test_reporting_clauses_on_an_invented_page():
    doc = narrated(
        "Ahmad Massoud, the leader of the resistance, said that the winter offensive was “a turning point.”",
        "The ministry called the plan a “roadmap” for the province.",
        "Tera Dahl said that Lauren Boebert had called the aid “a lifeline for the regime.”",
        "Officials praised the so-called “Kabul Process” at the summit.",
        "Lauren Boebert said: “Tera Dahl said the money must stop flowing at once.”",
    )
    got = quoted(doc)
    assert got["a turning point."] == ("ahmad-massoud", "reporting_clause", "said", 0.85)
    assert "roadmap" not in got  # no person reports it
    assert got["a lifeline for the regime."][:3] == ("lauren-boebert", "reporting_clause", "called")  # the nearest clause
    assert "Kabul Process" not in got  # a name in quotation marks
    assert got["Tera Dahl said the money must stop flowing at once."] == ("lauren-boebert", "colon_intro", "said", 0.9)


def narrated(*paragraphs: str) -> TaggedDocument:
    page = "\n\n".join(("A report from the valley",) + paragraphs) + "\n"
    return tag_document(segment_document(clean_document(document_from_text(page))))


def test_a_term_in_quotation_marks_is_no_quotation():
    doc = narrated(
        "Ahmad Massoud called the new government “illegitimate” on Friday.",
        "Ahmad Massoud said that the winter offensive “will not stop at the river.”",
    )
    kinds = {doc.document.text[q.char_start : q.char_end]: (q.kind, q.speaker) for q in doc.quotes}
    assert kinds == {"illegitimate": ("term", None), "will not stop at the river.": ("quotation", "Ahmad Massoud")}


def test_pronoun_speaker_resolves_only_when_unambiguous():
    doc = narrated(
        "“We will hold the valley until the spring comes,” Ahmad Massoud said on Friday.",
        "“The roads are closed to every convoy this week,” he added.",
        "Emmanuel Macron met the envoy. After the meeting, “the talks went well for both sides,” he said.",
    )
    got = [(q.speaker_entity, q.cue_verb, q.confidence) for q in doc.quotes]
    assert got == [("ahmad-massoud", "said", 0.9), ("ahmad-massoud", "added", 0.75), (None, "said", 0.0)]


def test_colon_introduction_and_said_after_name():
    doc = narrated(
        "Regarding the talks, Lauren Boebert said: “The money must stop flowing to the regime now.”",
        "“One of the best ways to protect the people is this,” said Tera Dahl.",
    )
    got = [(q.method, q.speaker_entity, q.cue_verb) for q in doc.quotes]
    assert got == [("colon_intro", "lauren-boebert", "said"), ("said_verb", "tera-dahl", "said")]


def test_unknown_names_for_curators():
    text = "Karim Sadat met Ahmad Massoud. Karim Sadat spoke. The Taliban answered."
    assert unknown_names([text]) == [("Karim Sadat", 2)]



def test_outlet_from_a_told_phrase():
    page = "The valley will hold\n\nAhmad Massoud told Al Jazeera that the resistance would last the winter.\n"
    assert tag_document(segment_document(clean_document(document_from_text(page)))).tags.outlet == "Al Jazeera"


@pytest.mark.parametrize(
    ("page", "language"),
    [
        (
            "گفتگو با احمد مسعود\n\n"
            "احمد مسعود، رهبر جبهه مقاومت ملی، در این گفتگو از برنامه‌های جبهه برای زمستان سخن گفت.\n\n"
            "او گفت که مقاومت در دره پنجشیر ادامه خواهد یافت و مردم افغانستان تسلیم نخواهند شد.\n",
            "fa",
        ),
        (
            "Entretien avec Ahmad Massoud\n\n"
            "Le chef du Front national de résistance a parlé de l'hiver et de la vallée du Panjshir.\n\n"
            "Selon lui, la résistance continuera tant que les Afghans ne pourront pas choisir leur gouvernement.\n",
            "fr",
        ),
    ],
)
def test_pages_in_other_languages_are_kept_and_tagged(page: str, language: str):
    from conftest import assemble_batch, with_entities

    from flows.stages.validate import validate_tables

    tagged = tag_document(segment_document(clean_document(document_from_text(page))))
    assert tagged.tags.language == language
    assert tagged.document.cleaned.removed == []
    validate_tables(with_entities(assemble_batch([tagged])[0]))


def test_a_page_mixing_two_languages_lists_both():
    english = [
        "The commander spoke for an hour about the valley, the winter and the families who stayed behind.",
        "He said that the roads would stay closed until the spring and that food was already short.",
        "Aid workers in the capital said they had not been allowed to reach the northern districts.",
    ]
    german = [
        "Der Kommandant sprach eine Stunde lang über das Tal, den Winter und die Familien, die geblieben sind.",
        "Er sagte, die Straßen würden bis zum Frühling gesperrt bleiben und die Lebensmittel seien schon knapp.",
    ]
    mixed = tag_document(segment_document(clean_document(document_from_text("\n\n".join(["Valley news", *english, *german])))))
    assert (mixed.tags.language, mixed.tags.languages) == ("en", ["en", "de"])
    plain = tag_document(segment_document(clean_document(document_from_text("\n\n".join(["Valley news", *english])))))
    assert plain.tags.languages == ["en"]


def test_a_body_opening_on_words_of_no_language_takes_the_language_its_passages_show():
    """'A. A. A. ...' first (no language), then a sentence: the page's language is the sentence's, listed first.
    It was none while the sentence's language was listed, and validation quarantined the page (found by the fuzz)."""
    text = "A. " * 119 + "A\nA: We will never surrender, and the people of the valley know it.\n"
    documents = tables_for([document_from_text(text)])["documents"].to_pylist()
    assert [(d["language"], d["languages"]) for d in documents] == [("en", ["en"])]


@pytest.mark.parametrize(("paragraph", "speaker", "cue"), [
    ("«Дороги останутся закрытыми до весны», — заявил Иван Петров журналистам в понедельник.", "Иван Петров", "заявил"),
    ("„Die Straßen bleiben bis zum Frühling gesperrt“, sagte Karl Muster am Montag in Kabul.", "Karl Muster", "sagte"),
    ("« Les routes resteront fermées jusqu’au printemps », a déclaré Jean Dupont lundi à Kaboul.", "Jean Dupont", "a déclaré"),
    ("ذبیح‌الله مجاهد گفت: «راه‌ها تا بهار بسته خواهند ماند و ما برای باز کردن آنها کار می‌کنیم.»",
     "Zabihullah Mujahid", "گفت"),
    ("Забиулла Муджахид заявил: «Дороги останутся закрытыми до весны, и мы работаем над этим».",
     "Zabihullah Mujahid", "заявил"),
])
def test_quotations_in_the_marks_and_speech_verbs_of_other_languages(paragraph: str, speaker: str, cue: str):
    doc = narrated(paragraph)
    assert [(q.kind, q.speaker, q.cue_verb) for q in doc.quotes] == [("quotation", speaker, cue)]


def test_quotation_marks_around_nothing_are_no_quote():
    doc = narrated("The governor wrote “ , ” and then “” on the board, said a witness to the meeting.")
    assert doc.quotes == []
