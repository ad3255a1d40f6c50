"""The words of Swedish, Uzbek (Latin script), German, Dutch and Turkish where the stages read them, on invented
pages and lines: turn labels segment, interview words set the genre, credits and date labels are read, roles
find people, site chrome is removed with its rule while running text with the same words stays."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import document_from_text, people_in, segmented

from flows.language.credits import Credit, read_credit
from flows.language.dates import DateLine, read_date_line
from flows.language.genre import PageSignals, by_rules
from flows.language.interview import find_participants, is_cut_off_question, is_first_person
from flows.stages.clean import clean_document
from flows.stages.segment import SegmentedDocument, segment_document

NAME = "Lina Berger"


def turns(doc: SegmentedDocument) -> list[tuple[str, str | None]]:
    return [(s.kind, s.role) for s in doc.segments if s.kind in ("question", "answer")]


def page(title: str, body: list[str], **signals) -> PageSignals:
    defaults = dict(kicker=None, standfirst=[], question_turns=0, named_interviewee=False, bylined=False, dated_or_sourced=False)
    return PageSignals(title=title, body=body, **(defaults | signals))


# Invented pages, one per language: a headline, an intro, two labelled exchanges, narration for the genre.
PAGES = {
    "sv": dict(
        head="Intervju: guvernören om vintern i dalen",
        intro="Guvernören har styrt provinsen i tre år och talar sällan med pressen om vägarna.",
        labels=("Fråga", "Svar"),
        exchanges=[
            ("Varför stannade ni i dalen i vinter?", "Därför att min familj bor här och jag kunde inte lämna dem."),
            ("Hur länge räcker maten i byarna?", "Till mars, om vägarna öppnar igen innan dess, och inte en dag till."),
        ],
        narration=[
            "Vägarna till dalen var stängda större delen av veckan efter årets första tunga snöfall.",
            "Familjerna i de övre byarna har samlat mjöl och ved, men många fruktar en lång vinter.",
        ],
    ),
    "uz": dict(
        head="Suhbat: vodiy hokimi qish haqida",
        intro="Vodiy hokimi uch yildan beri viloyatni boshqaradi va matbuot bilan kam gaplashadi.",
        labels=("Savol", "Javob"),
        exchanges=[
            ("Nega bu qish vodiyda qoldingiz?", "Chunki mening oilam shu yerda yashaydi va men ularni tashlab keta olmayman."),
            ("Qishloqlarda oziq-ovqat qancha vaqtga yetadi?", "Martgacha, agar yo‘llar undan oldin ochilsa, bir kun ham ortiq emas."),
        ],
        narration=[
            "Vodiyga olib boruvchi yo‘llar yilning birinchi kuchli qoridan keyin bir hafta yopiq turdi.",
            "Yuqori qishloqlardagi oilalar un va o‘tin to‘plashdi, lekin ko‘pchilik qish uzoq bo‘lishidan qo‘rqadi.",
        ],
    ),
    "de": dict(
        head="Interview: Der Gouverneur über den Winter im Tal",
        intro="Der Gouverneur regiert die Provinz seit drei Jahren und spricht selten mit der Presse.",
        labels=("Frage", "Antwort"),
        exchanges=[
            ("Warum sind Sie in diesem Winter im Tal geblieben?", "Weil meine Familie hier lebt und ich sie nicht verlassen konnte."),
            ("Wie lange reichen die Vorräte in den Dörfern?", "Bis März, wenn die Straßen bis dahin wieder offen sind."),
        ],
        narration=[
            "Die Straßen ins Tal waren nach dem ersten starken Schneefall des Jahres fast die ganze Woche gesperrt.",
            "Die Familien in den oberen Dörfern haben Mehl und Holz gelagert, doch viele fürchten einen langen Winter.",
        ],
    ),
    "nl": dict(
        head="Interview: de gouverneur over de winter in de vallei",
        intro="De gouverneur bestuurt de provincie al drie jaar en spreekt zelden met de pers.",
        labels=("Vraag", "Antwoord"),
        exchanges=[
            ("Waarom bent u deze winter in de vallei gebleven?", "Omdat mijn familie hier woont en ik hen niet kon achterlaten."),
            ("Hoe lang gaat het voedsel in de dorpen mee?", "Tot maart, als de wegen voor die tijd weer opengaan."),
        ],
        narration=[
            "De wegen naar de vallei waren na de eerste zware sneeuwval van het jaar bijna de hele week dicht.",
            "Families in de hoger gelegen dorpen hebben meel en hout opgeslagen, maar velen vrezen een lange winter.",
        ],
    ),
    "tr": dict(
        head="Röportaj: Vadinin valisi kışı anlattı",
        intro="Vadinin valisi üç yıldır vilayeti yönetiyor ve basınla nadiren konuşuyor.",
        labels=("Soru", "Cevap"),
        exchanges=[
            ("Bu kış neden vadide kaldınız?", "Çünkü ailem burada yaşıyor ve onları bırakıp gidemezdim."),
            ("Köylerdeki erzak ne kadar yetecek?", "Yollar o zamana kadar açılırsa mart ayına kadar yetecek."),
        ],
        narration=[
            "Vadiye giden yollar yılın ilk yoğun kar yağışından sonra haftanın büyük bölümünde kapalı kaldı.",
            "Yukarı köylerdeki aileler un ve odun biriktirdi, ancak pek çoğu kışın uzun süreceğinden korkuyor.",
        ],
    ),
}
LANGUAGES = sorted(PAGES)


# segment.py / interview.py: the question and answer labels of each language make turns
@pytest.mark.parametrize("language", LANGUAGES)
def test_question_and_answer_labels_of_the_language_make_turns(language: str):
    invented = PAGES[language]
    ask, answer = invented["labels"]
    blocks = [invented["head"], invented["intro"]]
    for question, reply in invented["exchanges"]:
        blocks += [f"{ask}: {question}", f"{answer}: {reply}"]
    doc = segmented(*blocks)
    assert turns(doc) == [("question", "interviewer"), ("answer", "interviewee")] * 2
    assert doc.genre == "interview_qa"


@pytest.mark.parametrize(
    ("language", "paragraph"),
    [
        ("sv", "Vägarna är stängda. FRÅGA: Ni stannade ändå i dalen. SVAR: Ja, eftersom min familj bor här?"),
        ("uz", "Yo‘llar yopiq. SAVOL: Siz baribir vodiyda qoldingiz. JAVOB: Ha, chunki mening oilam shu yerda yashaydi?"),
        ("de", "Die Straßen sind gesperrt. FRAGE: Sie sind trotzdem im Tal geblieben. ANTWORT: Ja, weil meine Familie hier lebt?"),
        ("nl", "De wegen zijn dicht. VRAAG: U bent toch in de vallei gebleven. ANTWOORD: Ja, omdat mijn familie hier woont?"),
        ("tr", "Yollar kapalı. SORU: Yine de vadide kaldınız. CEVAP: Evet, çünkü ailem burada yaşıyor?"),
    ],
)
def test_a_run_in_question_label_asks_and_a_run_in_answer_label_never_does(language: str, paragraph: str):
    doc = segmented(PAGES[language]["head"], paragraph)
    assert turns(doc) == [("question", "interviewer"), ("answer", "interviewee")]


# genre.py: interview words, a news item's report of an interview given elsewhere, statements, pseudonyms
@pytest.mark.parametrize(
    ("language", "headline"),
    [
        ("sv", "Exklusiv intervju med guvernören om vintern"),
        ("uz", "Vodiy hokimi bilan eksklyuziv intervyu"),
        ("de", "Doppelinterview: Zwei Gouverneure über den Winter"),
        ("nl", "Vraaggesprek: de gouverneur over de winter"),
        ("tr", "Vadinin valisiyle özel röportaj"),
    ],
)
def test_an_interview_word_in_the_headline_makes_an_interview(language: str, headline: str):
    assert by_rules(page(headline, PAGES[language]["narration"])) == "interview_narrative"
    assert by_rules(page(PAGES[language]["narration"][0][:40], PAGES[language]["narration"])) != "interview_narrative"


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("sv", "Guvernören sade i en intervju att vägarna förblir stängda till mars."),
        ("uz", "Vodiy hokimi BBC bilan suhbatda yo‘llar martgacha yopiq qolishini aytdi."),
        ("de", "Der Gouverneur sagte in einem Interview, die Straßen blieben bis März gesperrt."),
        ("nl", "De gouverneur zei in een interview dat de wegen tot maart dicht blijven."),
        ("tr", "Vali, bir televizyona verdiği röportajda yolların marta kadar kapalı kalacağını söyledi."),
    ],
)
def test_an_interview_given_elsewhere_reported_up_top_is_news(language: str, sentence: str):
    assert by_rules(page("—", [sentence, *PAGES[language]["narration"]])) == "news"


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("sv", ["Karin (namnet ändrat), 24 år, kom till Stockholm i vintras."]),
        ("uz", ["Malika (ismi o‘zgartirilgan), 24 yosh, qishda Toshkentga keldi."]),
        ("de", ["Karim (Name der Redaktion bekannt), 24, kam im Winter nach Wien."]),
        ("nl", ["Karim (naam is gefingeerd), 24, kwam deze winter naar Utrecht."]),
        ("tr", ["Kerem (gerçek adı değil), 24 yaşında, kışın İstanbul’a geldi."]),
    ],
)
def test_a_pseudonymous_witness_makes_a_narrative_interview(language: str, body: list[str]):
    assert by_rules(page("—", [*PAGES[language]["narration"], *body])) == "interview_narrative"


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("sv", ["Rådet fördömer å det skarpaste attacken mot kliniken.", "Rådet uppmanar alla parter att släppa fram hjälpen."]),
        ("uz", ["Kengash klinikaga qilingan hujumni qoralaydi.", "Kengash barcha tomonlarni yordamni o‘tkazishga chaqiradi."]),
        ("de", ["Der Rat verurteilt auf das Schärfste den Angriff.", "Er appelliert an alle Seiten, Hilfe durchzulassen."]),
        ("nl", ["De raad veroordeelt ten zeerste de aanval op de kliniek.", "De raad betreurt dat hulp wordt tegengehouden."]),
        ("tr", ["Kliniğe yapılan saldırıyı şiddetle kınıyoruz.", "Tüm tarafları yardımın geçişine izin vermeye çağırıyoruz."]),
    ],
)
def test_an_institutions_stance_in_two_paragraphs_makes_a_statement(language: str, body: list[str]):
    assert by_rules(page("—", body)) == "statement"


# interview.py: the phrase that names the interviewee, first-person answers, cut-off questions
@pytest.mark.parametrize(
    "title",
    [
        f"Hallå där {NAME} – hur klarar sig dalen i vinter?",
        f"Intervju med {NAME} om vintern i dalen",
        f"{NAME} bilan suhbat: vodiy qishga tayyor",
        f"Exklusivinterview mit {NAME} über den Winter",
        f"Dubbelinterview met {NAME} over de winter",
        f"{NAME} ile röportaj: vadi kışa hazır",
    ],
)
def test_an_interview_phrase_names_the_interviewee(title: str):
    assert find_participants(title, [], [title]).interviewees == [NAME]


@pytest.mark.parametrize(
    ("first", "other"),
    [
        ("Förra vintern stannade jag kvar i dalen.", "Förra vintern stannade hon kvar i dalen."),
        ("Bizning oilamiz qishda vodiyda qoldi.", "Ularning oilasi qishda vodiyda qoldi."),
        ("Im Winter sind wir im Tal geblieben.", "Im Winter sind sie im Tal geblieben."),
        ("Deze winter zijn we in de vallei gebleven.", "Deze winter zijn zij in de vallei gebleven."),
        ("Bu kış bizim ailemiz vadide kaldı.", "Bu kış onların ailesi vadide kaldı."),
    ],
)
def test_first_person_words_make_an_answer(first: str, other: str):
    assert is_first_person(first) and not is_first_person(other)


def test_the_uzbek_men_is_left_out_so_that_english_men_are_no_first_person():
    assert not is_first_person("Armed men blocked the road to the valley for a week.")


@pytest.mark.parametrize(
    "cut",
    ["Varför stannade ni kvar i dalen när", "Nima uchun siz vodiyda qoldingiz va", "Inwiefern hat sich das Leben im Tal",
     "Hoeveel families zijn er in de", "Niye vadide kalmayı tercih ettiniz ve"],
)
def test_a_last_paragraph_cut_before_its_question_mark_is_still_a_question(cut: str):
    assert is_cut_off_question(cut)


# people.py: roles and speech words introduce a person
@pytest.mark.parametrize(
    "sentence",
    [
        f"Dalen klarar vintern, uppger generalsekreterare {NAME} till tidningen.",
        f"«Vodiy qishga tayyor», — dedi {NAME}.",
        f"Das Tal ist bereit, sagt Politologin {NAME} in Wien.",
        f"De vallei is klaar voor de winter, aldus {NAME} in Utrecht.",
        f"“Vadi kışa hazır,” dedi {NAME}.",
    ],
)
def test_a_role_or_speech_word_finds_the_person(sentence: str):
    assert NAME in people_in(sentence)


def test_an_uzbek_role_finds_the_person_and_a_capitalised_genitive_after_the_name_is_no_part_of_it():
    assert people_in(f"«Tolibon» harakatining matbuot kotibi {NAME} bayonot berdi.") == {NAME: "pattern_role"}
    assert people_in(f"Harakat matbuot kotibi {NAME} AQShning bir jurnali bilan suhbat qurdi.") == {NAME: "pattern_role"}


# credits.py: bylines and the interviewer's credit
@pytest.mark.parametrize(
    ("line", "credit"),
    [
        (f"Av {NAME}", Credit("author", (NAME,))),
        (f"Text och foto: {NAME} och Karin Holm", Credit("author", (NAME, "Karin Holm"))),
        (f"Intervju: {NAME}", Credit("interviewer", (NAME,))),
        (f"Muallif: {NAME}", Credit("author", (NAME,))),
        (f"Suhbatlashdi: {NAME} va Malika Karimova", Credit("interviewer", (NAME, "Malika Karimova"))),
        (f"Von unserer Korrespondentin {NAME}", Credit("author", (NAME,))),
        (f"Van onze correspondent {NAME}", Credit("author", (NAME,))),
        (f"Tekst en interview: {NAME}", Credit("interviewer", (NAME,))),
        (f"Hazırlayan: {NAME}", Credit("author", (NAME,))),
    ],
)
def test_credit_lines_name_their_people_and_role(line: str, credit: Credit):
    assert read_credit(line) == credit


def test_a_swedish_interviewer_credit_under_the_intro_names_the_interviewer():
    invented = PAGES["sv"]
    question, reply = invented["exchanges"][0]
    cleaned = clean_document(document_from_text("\n\n".join([invented["head"], invented["intro"], f"Intervju: {NAME}", question, reply])))
    assert cleaned.header.interviewers == [NAME]
    assert segment_document(cleaned).participants.interviewer == NAME


# dates.py: publication and last-modified labels
@pytest.mark.parametrize(
    ("line", "updated"),
    [
        ("Publicerad: 15.08.2021", False),
        ("Senast uppdaterad: 15.08.2021", True),
        ("Sana: 15.08.2021", False),
        ("So‘nggi yangilanish: 15.08.2021", True),
        ("Zuletzt geändert: 15.08.2021", True),
        ("Geplaatst op 15 augustus 2021", False),
        ("Laatst aangepast: 15.08.2021", True),
        ("Giriş: 15.08.2021", False),
        ("Güncelleme tarihi: 15 Ağustos 2021", True),
    ],
)
def test_a_labelled_date_line_is_read(line: str, updated: bool):
    assert read_date_line(line) == DateLine(dt.date(2021, 8, 15), "day", updated, True)


def test_a_swedish_published_line_under_the_headline_dates_the_page():
    invented = PAGES["sv"]
    cleaned = clean_document(document_from_text("\n\n".join([invented["head"], "Publicerad: 15.08.2021", *invented["narration"]])))
    assert (cleaned.header.published_date, cleaned.header.date_precision) == (dt.date(2021, 8, 15), "day")


# clean.py: chrome in the words of each language, removed with its rule; running text with the same words stays
def removed_with(language: str, line: str) -> list[tuple[str, str]]:
    invented = PAGES[language]
    text = "\n\n".join([invented["head"], invented["narration"][0], line, invented["narration"][1], invented["intro"]])
    return [(r.text, r.rule_id) for r in clean_document(document_from_text(text)).removed]


@pytest.mark.parametrize(
    ("language", "line", "rule"),
    [
        ("sv", "Dela artikeln", "lang.chrome_line"),
        ("sv", "Annons", "lang.chrome_line"),
        ("sv", "Läs också: Vägarna till dalen stängs i vinter", "lang.chrome_prefix"),
        ("sv", "Redan prenumerant? Logga in här", "lang.paywall"),
        ("sv", "Vill du läsa hela artikeln? Bli prenumerant i dag.", "lang.paywall"),
        ("uz", "Baham ko‘rish", "lang.chrome_line"),
        ("uz", "Eng koʻp oʻqilgan", "lang.chrome_line"),
        ("uz", "Shuningdek o'qing: Vodiyga olib boruvchi yo‘llar yopildi", "lang.chrome_prefix"),
        ("uz", "Telegram kanalimizga obuna bo‘ling", "lang.paywall"),
        ("de", "Anzeige", "lang.chrome_line"),
        ("de", "Lesen Sie mehr zum Thema", "lang.chrome_line"),
        ("de", "Passend dazu: Die Straßen ins Tal sind gesperrt", "lang.chrome_prefix"),
        ("de", "Dieser Artikel ist nur für Abonnenten verfügbar.", "lang.paywall"),
        ("nl", "Deel dit artikel", "lang.chrome_line"),
        ("nl", "Advertentie", "lang.chrome_line"),
        ("nl", "Bekijk ook: De wegen naar de vallei gaan dicht", "lang.chrome_prefix"),
        ("nl", "Dit artikel is exclusief voor abonnees.", "lang.paywall"),
        ("tr", "Haberi paylaş", "lang.chrome_line"),
        ("tr", "İletişim", "lang.chrome_line"),
        ("tr", "İlgili haber: Vadiye giden yollar kapandı", "lang.chrome_prefix"),
        ("tr", "Abonelere özel haber", "lang.paywall"),
    ],
)
def test_chrome_of_the_language_is_removed_with_its_rule(language: str, line: str, rule: str):
    assert removed_with(language, line) == [(line, rule)]


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("sv", "Hon läste mer om dalen innan hon delade artikeln med sina grannar i byn."),
        ("sv", "Han har varit prenumerant på tidningen i tjugo år och läser den varje morgon."),
        ("uz", "U askarlar bilan nonini baham ko‘rdi va shimolga qaytib ketdi."),
        ("de", "Er teilte sein Brot mit den Soldaten und las mehr über die Straße nach Norden."),
        ("nl", "Hij deelde zijn brood met de soldaten en las meer over de weg naar het noorden."),
        ("tr", "Askerlerle ekmeğini paylaştı ve haberin devamını merakla bekledi."),
    ],
)
def test_running_text_with_chrome_words_stays(language: str, line: str):
    assert removed_with(language, line) == []
