"""People beyond the knowledge base, found by pattern on invented pages, in several languages."""

from __future__ import annotations

import random

import pytest
from conftest import document_from_text, people_in

from flows.language.entities import find_mentions, knowledge_base
from flows.language.people import found_entity_id
from flows.language.text import TakenSpans
from flows.stages.clean import clean_document
from flows.stages.segment import segment_document
from flows.stages.tag import tag_document

FILLER = "The roads to the valley were closed for most of the week after the first heavy snow of the year."


@pytest.mark.parametrize(
    ("sentence", "name", "method"),
    [
        ("The council's spokesman Karim Haidari spoke on Monday.", "Karim Haidari", "pattern_role"),
        ("Präsident Karl Muster besuchte das Tal.", "Karl Muster", "pattern_role"),
        ("Le porte-parole Jean Dupont a refusé de commenter.", "Jean Dupont", "pattern_role"),
        ("La periodista María López llegó al valle.", "María López", "pattern_role"),
        ("Президент Иван Петров прибыл в Кабул.", "Иван Петров", "pattern_role"),
        ("Jane Roe, the commander of the valley's militia, stayed behind.", "Jane Roe", "pattern_role"),
        ("Karim Haidari said the roads would stay shut.", "Karim Haidari", "pattern_speech"),
        ("According to Jane Roe, the flour will last until March.", "Jane Roe", "pattern_speech"),
        ("Laut Karl Muster reicht das Mehl bis März.", "Karl Muster", "pattern_speech"),
        ("His secretary, Mr. Haidari, checked his watch.", "Haidari", "pattern_honorific"),
        ("Frau Muster öffnete die Tür.", "Muster", "pattern_honorific"),
        ("Gen Karim Haidari inspected the checkpoint.", "Karim Haidari", "pattern_role"),
    ],
)
def test_a_name_the_page_presents_as_a_person_is_found(sentence: str, name: str, method: str):
    assert people_in(f"{FILLER} {sentence}") == {name: method}


@pytest.mark.parametrize(
    "sentence",
    [
        "Sky News said the roads would stay shut.",  # an outlet
        "Amnesty International said the roads would stay shut.",  # an organisation
        "Captain Hopes Peace Will Give Team a Future. Peace will give the team hope, and hopes are high.",  # a headline
        "Ahmad Massoud said the roads would stay shut.",  # the knowledge base's own: left to it
        "The valley said nothing.",  # one word
        "Mr. General, how do you judge the year?",  # an honorific before a title is no name
        "Mr. Ghani did not answer.",  # a surname of the knowledge base's people: left to it
    ],
)
def test_what_is_no_unknown_person_is_not_found(sentence: str):
    assert people_in(f"{FILLER} {sentence}") == {}


def test_an_honorific_surname_of_a_fuller_name_on_the_page_is_not_another_person():
    assert people_in(f"{FILLER} Dr. Karim Haidari arrived; Dr. Haidari then spoke.") == {"Karim Haidari": "pattern_role"}


@pytest.mark.parametrize(
    "sentence",
    ["Als Sohn von Ahmad Schah Massud musste er die Führung übernehmen.",  # the German spelling
     "Il fut le bras droit du commandant Massoud contre les Soviétiques."],  # his French epithet
)
def test_ahmad_shah_massoud_by_his_names_in_other_languages(sentence: str):
    assert "ahmad-shah-massoud" in {m.entity_id for m in find_mentions(sentence, [], knowledge_base())}


@pytest.mark.parametrize(
    ("sentence", "entity_id"),
    [("Лидер сопротивления Ахмад Масуд выступил в Париже.", "ahmad-massoud"),  # Cyrillic
     ("احمد ولی مسعود در کابل با خبرنگاران دیدار کرد.", "ahmad-wali-massoud"),  # Arabic script, Dari
     ("أحمد مسعود قال إن المقاومة مستمرة.", "ahmad-massoud")],  # Arabic script, Arabic
)
def test_a_name_in_cyrillic_or_arabic_script_is_linked_to_its_knowledge_base_entity(sentence: str, entity_id: str):
    linked = {(m.entity_id, sentence[m.char_start:m.char_end]) for m in find_mentions(sentence, [], knowledge_base())}
    assert any(entity == entity_id and len(printed.split()) >= 2 for entity, printed in linked)


def test_found_people_become_uncurated_entities_with_every_full_mention():
    page = "\n\n".join(["Valley roads stay shut", FILLER, "Karim Haidari said the roads would stay shut.",
                        "Later, Karim Haidari went home."]) + "\n"
    tagged = tag_document(segment_document(clean_document(document_from_text(page))))
    entity = found_entity_id("Karim Haidari")
    assert [(e.id, e.type, e.qid) for e in tagged.found_entities] == [(entity, "person", None)]
    assert [m.method for m in tagged.mentions if m.entity_id == entity] == ["pattern_speech", "pattern_speech"]


def test_the_release_lists_found_people_as_not_curated_beside_the_knowledge_base():
    from conftest import tables_for

    from flows.stages.assemble import with_entities
    from flows.stages.validate import validate_tables

    page = "\n\n".join(["Valley roads stay shut", FILLER, "Karim Haidari said the roads would stay shut."]) + "\n"
    tables = with_entities(tables_for([document_from_text(page)]))
    validate_tables(tables)
    entities = {e["entity_id"]: e for e in tables["entities"].to_pylist()}
    found = entities[found_entity_id("Karim Haidari")]
    assert (found["curated"], found["type"], found["wikidata_qid"]) == (False, "person", None)
    assert entities["ahmad-massoud"]["curated"] is True


def test_a_person_found_by_pattern_is_the_speaker_of_their_quotation():
    page = "\n\n".join(["Valley roads stay shut", FILLER,
                        "“The roads will stay shut until March,” said Karim Haidari, the governor of the valley."]) + "\n"
    tagged = tag_document(segment_document(clean_document(document_from_text(page))))
    assert [(q.speaker, q.speaker_entity) for q in tagged.quotes] == [("Karim Haidari", found_entity_id("Karim Haidari"))]


def test_a_speaker_label_is_a_mention_of_its_speaker():
    page = "\n\n".join([
        "The governor in the studio", FILLER,
        "MONTAGNE: How long will the food last in the upper villages?",
        "KARIM HAIDARI: Until March, if the roads open again.",
        "MONTAGNE: And after March?",
        "KARIM HAIDARI: We will ask the capital again.",
    ]) + "\n"
    tagged = tag_document(segment_document(clean_document(document_from_text(page))))
    labelled = [(m.entity_id, tagged.document.text[m.char_start : m.char_end]) for m in tagged.mentions if m.method == "speaker_label"]
    assert labelled == [("renee-montagne", "MONTAGNE"), ("renee-montagne", "MONTAGNE")]


def test_taken_spans_answer_overlap_as_a_scan_of_every_span_would():
    rng = random.Random(7)
    spans = [(s, s + rng.randint(1, 30)) for s in (rng.randint(0, 2000) for _ in range(200))]
    taken = TakenSpans(spans[:100])
    for start, end in spans[100:]:
        by_scan = any(a < end and start < b for a, b in spans[:100])
        assert taken.overlaps(start, end) == by_scan
    taken.add(5000, 5100)
    assert taken.overlaps(5099, 5200) and not taken.overlaps(5100, 5101)


def test_an_unknown_person_in_two_documents_and_two_scripts_is_one_entity():
    """The key of a person found by pattern is their name transliterated: 'Иван Петров' on a Russian page and
    'Ivan Petrov' on an English one are one entity, with the mentions of both pages."""
    from conftest import tables_for

    from flows.stages.assemble import with_entities
    from flows.stages.validate import validate_tables

    english = "\n\n".join(["Valley roads stay shut", FILLER, "Ivan Petrov said the roads would stay shut."]) + "\n"
    russian = "\n\n".join(["Дороги в долину закрыты", "Президент Иван Петров прибыл в Кабул в понедельник утром.",
                           "Дороги в долину были закрыты большую часть недели после первого снега."]) + "\n"
    tables = with_entities(tables_for([document_from_text(english, "en.txt"), document_from_text(russian, "ru.txt")]))
    validate_tables(tables)
    entity = found_entity_id("Иван Петров")
    assert entity == found_entity_id("Ivan Petrov") == "found-ivan-petrov"
    assert [e["entity_id"] for e in tables["entities"].to_pylist() if e["entity_id"] == entity] == [entity]
    mentioned_in = {m["doc_id"] for m in tables["mentions"].to_pylist() if m["entity_id"] == entity}
    assert len(mentioned_in) == 2


@pytest.mark.parametrize(("sentence", "name"), [
    ("Salem Wahdat fled Kabul on the last commercial flight out of the city.", "Salem Wahdat"),
    ("A week later Zarifa Ghafari was back in the town hall of the province.", "Zarifa Ghafari"),
    ("The book by Renaud Girard came out in the spring, long after the war.", "Renaud Girard"),
])
def test_a_name_opening_with_a_known_first_name_is_a_person(sentence: str, name: str):
    assert people_in(f"{FILLER} {sentence}") == {name: "pattern_first_name"}


@pytest.mark.parametrize("sentence", [
    "The talks were held at Blair House and at the Kennedy School last week.",  # places named after people
    "Volunteers of the Red Cross drove the convoy across the pass.",  # an organisation
    "AP Photo shows the convoy on the road to the valley.",  # an acronym, not a first name
    "Al Awsat reported the meeting on its front page.",  # a particle
    "Marie KindbergOrdförande signed the letter for the board.",  # two words glued by the scrape
    "King Emeritus Juan Carlos spoke at the summit.",  # offices are no part of the name
])
def test_what_opens_with_a_first_name_but_is_no_person_is_not_found(sentence: str):
    found = people_in(f"{FILLER} {sentence}")
    assert all(name in ("Juan Carlos",) for name in found), found


def test_the_patterns_tried_at_their_openings_find_what_a_scan_of_every_character_finds():
    """Speech verbs and roles are tried only where a word opens one or a name starts: the same matches as the
    pattern tried at every character (overlapping ones too), on invented text in three scripts."""
    from flows.language import people

    text = " ".join([
        "Karim Haidari said the roads would stay shut, according to Jane Roe and Mary Ann Smith.",
        "Laut Karl Muster reicht das Mehl. Le porte-parole Jean Dupont a refusé; spokesman Ali Reza Karimi told us.",
        "Президент Иван Петров прибыл. «Nein», sagte Frau Muster.", "Gen Karim Haidari said so.", FILLER,
    ])
    as_spans = lambda matches: [(m.start(), m.end(), m.group("name")) for m in matches]  # noqa: E731
    speech = as_spans(people._speech_beside_names(text))
    assert speech == as_spans(people._SPEECH.finditer(text, overlapped=True))
    assert ("Karim Haidari" in [name for *_, name in speech]) and ("Jane Roe" in [name for *_, name in speech])
    roles = as_spans(people._roles_before_names(text))
    assert roles == as_spans(people._ROLE_BEFORE.finditer(text, overlapped=True))
    assert {"Jean Dupont", "Ali Reza Karimi", "Иван Петров"} <= {name for *_, name in roles}


def test_a_word_list_without_words_of_unspaced_scripts_is_looked_for_by_its_words_only():
    """An empty list of unspaced phrases is no pattern that matches everywhere (every position would be tried)."""
    from flows.language.people import _Openings

    openings = _Openings(["according to", "said", "发言人"])
    assert openings.starts("He said it, according to her.") == {3, 12}
    assert openings.starts("政府发言人表示") == {2}
    assert _Openings(["said"]).unspaced is None
