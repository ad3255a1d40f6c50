"""The words of English, French, Spanish, Portuguese and Italian (flows/rules/lang/{en,fr,es,pt,it}.toml) where
the pipeline reads them, on invented lines: turn labels segment, interview words make the genre, credits and
date labels parse, people are found by their role, and site chrome goes while the language's prose stays."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import document_from_text, people_in, segmented

from flows.language.credits import Credit, read_credit
from flows.language.dates import DateLine, read_date_line
from flows.language.genre import PageSignals, by_rules
from flows.language.interview import find_participants, is_cut_off_question, is_first_person
from flows.stages.clean import clean_document
from flows.stages.segment import SegmentedDocument

PROSE = {
    "en": [
        "The commander spoke for an hour about the valley, the winter and the families who stayed behind.",
        "He said that the roads would stay closed until the spring and that food was already short.",
        "Aid workers in the capital said they had not been allowed to reach the northern districts.",
    ],
    "fr": [
        "Le commandant a parlé pendant une heure de la vallée, de l’hiver et des familles restées sur place.",
        "Les routes resteront fermées jusqu’au printemps, et la farine manque déjà dans les villages du haut.",
        "Les humanitaires de la capitale n’ont pas encore obtenu l’autorisation de rejoindre les districts du nord.",
    ],
    "es": [
        "El comandante habló durante una hora sobre el valle, el invierno y las familias que se quedaron.",
        "Las carreteras seguirán cerradas hasta la primavera y en las aldeas altas ya falta la harina.",
        "Los cooperantes de la capital todavía no han podido llegar a los distritos del norte del país.",
    ],
    "pt": [
        "O comandante falou durante uma hora sobre o vale, o inverno e as famílias que ficaram para trás.",
        "As estradas vão continuar fechadas até à primavera e nas aldeias de cima já falta farinha.",
        "Os trabalhadores humanitários da capital ainda não conseguiram chegar aos distritos do norte.",
    ],
    "it": [
        "Il comandante ha parlato per un’ora della valle, dell’inverno e delle famiglie rimaste indietro.",
        "Le strade resteranno chiuse fino alla primavera e nei villaggi più alti manca già la farina.",
        "Gli operatori umanitari della capitale non hanno ancora potuto raggiungere i distretti del nord.",
    ],
}
"""Three paragraphs of invented narration per language: no signal word, no chrome."""
HEAD = {
    "en": "Valley leader vows to hold out through winter",
    "fr": "Le chef de la vallée promet de tenir tout l’hiver",
    "es": "El jefe del valle promete resistir todo el invierno",
    "pt": "O chefe do vale promete resistir durante todo o inverno",
    "it": "Il capo della valle promette di resistere per tutto l’inverno",
}


def page(title: str | None = None, body: list[str] | None = None, language: str = "en") -> PageSignals:
    return PageSignals(title, None, [], body if body is not None else PROSE[language], 0, named_interviewee=False,
                       bylined=False, dated_or_sourced=False)


def kinds(doc: SegmentedDocument) -> list[str]:
    return [s.kind for s in doc.segments if s.kind in ("question", "answer")]


def removed_with(line: str, language: str) -> list[tuple[str, str]]:
    prose = PROSE[language]
    text = "\n\n".join([HEAD[language], prose[0], line, *prose[1:]])
    return [(r.text, r.rule_id) for r in clean_document(document_from_text(text)).removed]


# segment.py: question and answer labels, on their own paragraphs and run into one ----------------------------
@pytest.mark.parametrize(
    ("language", "question", "answer"),
    [
        ("fr", "Question", "Réponse"),
        ("es", "Pregunta", "Respuesta"),
        ("pt", "Pergunta", "Resposta"),
        ("it", "Domanda", "Risposta"),
    ],
)
def test_question_and_answer_labels_make_turns(language: str, question: str, answer: str):
    asked = {"fr": "Pourquoi êtes-vous resté ?", "es": "¿Por qué se quedó?", "pt": "Porque ficou?", "it": "Perché è rimasto?"}
    said = {
        "fr": ("Parce que ma famille vit ici et que je ne pouvais pas partir sans elle.", "Nous n’avons nulle part où aller."),
        "es": ("Porque mi familia vive aquí y yo no podía irme sin ella.", "No tenemos ningún otro lugar adonde ir."),
        "pt": ("Porque a minha família vive aqui e eu não podia partir sem ela.", "Não temos outro sítio para onde ir."),
        "it": ("Perché la mia famiglia vive qui e io non potevo partire senza di lei.", "Non abbiamo nessun altro posto."),
    }
    again = {"fr": "Et vos voisins ?", "es": "¿Y sus vecinos?", "pt": "E os seus vizinhos?", "it": "E i suoi vicini?"}
    doc = segmented(HEAD[language], PROSE[language][0], f"{question}: {asked[language]}", f"{answer}: {said[language][0]}",
                    f"{question}: {again[language]}", f"{answer}: {said[language][1]}")
    assert kinds(doc) == ["question", "answer", "question", "answer"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Le gouverneur face à l’hiver. QUESTION : Pourquoi rester ? R : Ma famille vit ici, où irais-je ?"),
        ("es", "El gobernador ante el invierno. P: ¿Por qué se quedó? R: Mi familia vive aquí, ¿adónde iría?"),
        ("es", "El gobernador ante el invierno. PREGUNTA: Su familia vive aquí. RESPUESTA: Sí, ¿adónde iría?"),
        ("pt", "O governador perante o inverno. PERGUNTA: Porque ficou? RESPOSTA: A família vive aqui, para onde iria?"),
        ("pt", "O governador perante o inverno. P: A família vive aqui. R: Sim, para onde iria eu?"),
        ("it", "Il governatore e l’inverno. DOMANDA: Perché è rimasto? RISPOSTA: La famiglia vive qui, dove andrei?"),
        ("it", "Il governatore e l’inverno. D: La famiglia vive qui. R: Sì, e dove andrei?"),
    ],
)
def test_run_in_capital_markers_ask_or_answer_whatever_their_end(language: str, text: str):
    """A question marker asks even without a question mark; an answer marker never asks, even ending in one."""
    assert kinds(segmented(HEAD[language], text)) == ["question", "answer"]


# interview.py: interview phrases, first person, a question the page cut off ------------------------------------
@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Entrevue avec Lina Berger", "Lina Berger"),
        ("Entrevista al presidente Lina Berger", "Lina Berger"),
        ("Entrevista ao ministro Lina Berger", "Lina Berger"),
        ("Intervista al generale Lina Berger", "Lina Berger"),
    ],
)
def test_an_interview_phrase_and_a_title_before_the_name_name_the_interviewee(title: str, name: str):
    assert find_participants(title, [], [title]).interviewees == [name]


@pytest.mark.parametrize(
    ("answer", "narration"),
    [
        ("Yo me quedé porque la casa es nuestra.", "Ellos se quedaron porque la casa es suya."),
        ("Ficaram comigo até à primavera.", "Ficaram com ele até à primavera."),
        ("Le mie figlie sono rimaste qui.", "Le sue figlie sono rimaste là."),
    ],
)
def test_first_person_words_make_an_answer(answer: str, narration: str):
    assert is_first_person(answer) and not is_first_person(narration)


@pytest.mark.parametrize(
    "text",
    ["¿Cuántos camiones llegaron a la aldea antes de", "Quantos camiões chegaram à aldeia antes de",
     "Quanti camion sono arrivati al villaggio prima", "Combien de camions sont arrivés au village avant"],
)
def test_a_question_the_page_cut_off_opens_with_an_interrogative(text: str):
    assert is_cut_off_question(text)


# genre.py: interview, reported interview, statement, opinion, pseudonym ------------------------------------------
@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("Entrevue : le gouverneur de la vallée", "fr"),
        ("Entrevistado en su casa, el gobernador del valle", "es"),
        ("Entrevistámos o governador do vale", "pt"),
        ("Intervistato a casa sua, il governatore della valle", "it"),
    ],
)
def test_an_interview_word_in_the_headline_makes_an_interview(title: str, language: str):
    assert by_rules(page(title, language=language)) == "interview_narrative"


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Dans un entretien publié lundi, le gouverneur a déclaré que les routes resteraient fermées.", "fr"),
        ("En declaraciones a la radio, el gobernador dijo que las carreteras seguirían cerradas.", "es"),
        ("Numa entrevista recente, o governador afirmou que as estradas continuariam fechadas.", "pt"),
        ("In un’intervista alla radio, il governatore ha detto che le strade resteranno chiuse.", "it"),
    ],
)
def test_an_interview_given_to_an_outlet_reported_up_top_is_news(sentence: str, language: str):
    assert by_rules(page(body=[sentence, *PROSE[language]], language=language)) == "news"


@pytest.mark.parametrize(
    ("body", "language"),
    [
        (["Le Conseil de la vallée déplore l’attaque contre le dispensaire.", "Il réitère son appel au calme."], "fr"),
        (["El Consejo del valle deplora el ataque.", "Hace un llamamiento a todas las partes."], "es"),
        (["O Conselho do vale deplora o ataque.", "Exorta todas as partes a deixar passar a ajuda."], "pt"),
        (["Il Consiglio della valle deplora l’attacco.", "Riafferma il diritto delle famiglie agli aiuti."], "it"),
    ],
)
def test_an_institutions_present_tense_stance_makes_a_statement(body: list[str], language: str):
    assert by_rules(page(body=body, language=language)) == "statement"


@pytest.mark.parametrize(("kicker", "language"), [("Point de vue", "fr"), ("Columna", "es"), ("Coluna", "pt"), ("Commento", "it")])
def test_an_opinion_section_label_makes_an_opinion(kicker: str, language: str):
    signals = page(HEAD[language], language=language)
    assert by_rules(PageSignals(signals.title, kicker, [], signals.body, 0, False, False, False)) == "opinion"


@pytest.mark.parametrize(
    "sentence",
    ["Karim (prénom d’emprunt), 24 ans, est arrivé à Lyon en hiver.", "Karim (nombre supuesto), de 24 años, llegó en invierno.",
     "Karim (nome trocado), de 24 anos, chegou no inverno.", "Karim (nome inventato), 24 anni, è arrivato d’inverno."],
)
def test_a_pseudonymous_witness_makes_an_interview_narrative(sentence: str):
    assert by_rules(page(body=[*PROSE["en"], sentence])) == "interview_narrative"


# people.py: roles, honorifics, speech verbs; an institution is no person -------------------------------------
@pytest.mark.parametrize(
    ("sentence", "name", "method"),
    [
        ("La chercheuse Lina Berger a visité la vallée.", "Lina Berger", "pattern_role"),
        ("«Nous resterons», explique Lina Berger.", "Lina Berger", "pattern_speech"),
        ("La activista Lina Berger llegó al valle.", "Lina Berger", "pattern_role"),
        ("Lina Berger aseguró que la harina alcanzará.", "Lina Berger", "pattern_speech"),
        ("A deputada Lina Berger visitou o vale.", "Lina Berger", "pattern_role"),
        ("Lina Berger acrescentou que a farinha chega.", "Lina Berger", "pattern_speech"),
        ("Il sindaco Lina Berger ha visitato la valle.", "Lina Berger", "pattern_role"),
        ("Lina Berger ha spiegato che la farina basterà.", "Lina Berger", "pattern_speech"),
        ("Ha parlato anche la Dott.ssa Berger.", "Berger", "pattern_honorific"),
        ("Habló también la Dra. Berger.", "Berger", "pattern_honorific"),
    ],
)
def test_a_role_or_speech_word_finds_the_person(sentence: str, name: str, method: str):
    assert people_in(f"{PROSE['en'][0]} {sentence}") == {name: method}


@pytest.mark.parametrize(
    "sentence",
    ["Le Conseil Valléen a déclaré que la route restait fermée.", "El Ministerio Valleño dijo que la carretera seguía cerrada.",
     "O Ministério Valense disse que a estrada continuava fechada.", "Il Ministero Vallivo ha detto che la strada era chiusa."],
)
def test_an_institutions_name_is_no_person(sentence: str):
    assert people_in(sentence) == {}


# credits.py and dates.py ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("De notre envoyée spéciale Lina Berger", Credit("author", ("Lina Berger",))),
        ("Por Lina Berger y Jane Roe", Credit("author", ("Lina Berger", "Jane Roe"))),
        ("Entrevistadora: Lina Berger", Credit("interviewer", ("Lina Berger",))),
        ("Redacção: Lina Berger", Credit("author", ("Lina Berger",))),
        ("A cura di Lina Berger e Jane Roe", Credit("author", ("Lina Berger", "Jane Roe"))),
        ("Intervistatrice: Lina Berger", Credit("interviewer", ("Lina Berger",))),
    ],
)
def test_a_credit_line_names_its_people_and_role(line: str, credit: Credit):
    assert read_credit(line) == credit


@pytest.mark.parametrize(
    ("line", "updated"),
    [
        ("Paru le 7 février 2020", False),
        ("Dernière mise à jour : 7 février 2020", True),
        ("Fecha de publicación: 7 de febrero de 2020", False),
        ("Última actualización: 7 de febrero de 2020", True),
        ("Publicado a 7 de fevereiro de 2020", False),
        ("Última atualização: 7 de fevereiro de 2020", True),
        ("Pubblicato in data 7 febbraio 2020", False),
        ("Ultimo aggiornamento: 7 febbraio 2020", True),
    ],
)
def test_a_date_label_says_which_date_a_line_gives(line: str, updated: bool):
    assert read_date_line(line) == DateLine(dt.date(2020, 2, 7), "day", updated, True)


# clean.py: site chrome in each language goes, with its rule; the language's prose stays ----------------------------
@pytest.mark.parametrize(
    ("line", "language", "rule"),
    [
        ("Next up:", "en", "lang.chrome_line"),
        ("Read the full transcript", "en", "lang.chrome_line"),
        ("Story continues below advertisement", "en", "lang.chrome_line"),
        ("Also read: Floods cut off three districts in the north", "en", "lang.chrome_prefix"),
        ("Subscribe now and get unlimited access to all our stories", "en", "lang.paywall"),
        ("Publicité", "fr", "lang.chrome_line"),
        ("Connectez-vous", "fr", "lang.chrome_line"),
        ("Lire aussi : Dans le nord, les crues coupent trois districts du reste du pays depuis la semaine dernière", "fr",
         "lang.chrome_prefix"),
        ("Cet article est réservé aux abonnés.", "fr", "lang.paywall"),
        ("Seguir leyendo", "es", "lang.chrome_line"),
        ("Ver también: Las inundaciones aíslan tres distritos del norte", "es", "lang.chrome_prefix"),
        ("Contenido exclusivo para suscriptores", "es", "lang.paywall"),
        ("Publicidade", "pt", "lang.chrome_line"),
        ("Saiba mais: Cheias isolam três distritos do norte", "pt", "lang.chrome_prefix"),
        ("Este conteúdo é exclusivo para assinantes.", "pt", "lang.paywall"),
        ("Continua a leggere", "it", "lang.chrome_line"),
        ("Per approfondire: Le piene isolano tre distretti del nord", "it", "lang.chrome_prefix"),
        ("Iscriviti alla newsletter per ricevere le notizie del giorno", "it", "lang.paywall"),
    ],
)
def test_chrome_of_the_language_is_removed_with_its_rule(line: str, language: str, rule: str):
    assert removed_with(line, language) == [(line.strip(), rule)]


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("The envoy said he would subscribe to no plan that left the northern districts without food.", "en"),
        ("Les abonnés au téléphone satellite ont pu joindre leurs familles, a-t-il dit, mais pas les autres.", "fr"),
        ("Siguió leyendo la carta del consejo en voz alta mientras las familias esperaban en la plaza.", "es"),
        ("Os assinantes do acordo prometeram ajuda, mas nenhum camião chegou ao vale desde outubro.", "pt"),
        ("Ha continuato a leggere la lettera del consiglio mentre le famiglie aspettavano nella piazza.", "it"),
    ],
)
def test_prose_of_the_language_with_chrome_words_stays(line: str, language: str):
    assert removed_with(line, language) == []
