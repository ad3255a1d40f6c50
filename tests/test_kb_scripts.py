"""The knowledge base's people named in the scripts the corpus uses (invented sentences, not from any page)."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from conftest import document_from_text

from flows.language.entities import knowledge_base
from flows.stages.clean import clean_document
from flows.stages.segment import segment_document
from flows.stages.tag import tag_document

_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


def linked(headline: str, paragraph: str) -> list[tuple[str, str]]:
    """(surface form, entity id) of every curated mention on a two-paragraph page."""
    doc = tag_document(segment_document(clean_document(document_from_text(f"{headline}\n\n{paragraph}\n"))))
    text = doc.document.text
    return [(text[m.char_start : m.char_end], m.entity_id) for m in doc.mentions if not m.entity_id.startswith("found-")]


@pytest.mark.parametrize(
    ("headline", "paragraph", "expected"),
    [
        (
            "Переговоры о зимних поставках",
            "Хамид Карзай встретился в Кабуле со старейшинами; позже Забиулла Муджахид сообщил, что переговоры о "
            "поставках муки в северные провинции продолжатся весной.",
            [("Хамид Карзай", "hamid-karzai"), ("Забиулла Муджахид", "zabihullah-mujahid")],
        ),
        (
            "دیدار در کابل",
            "حامد کرزی روز دوشنبه در کابل با سراج‌الدین حقانی دیدار کرد و درباره بازگشایی مدرسه‌های دخترانه در ولایت‌های "
            "شمالی گفتگو کرد.",
            [("حامد کرزی", "hamid-karzai"), ("سراج‌الدین حقانی", "sirajuddin-haqqani")],
        ),
        (
            "बातचीत फिर शुरू होगी",
            # over 60 words: the danda (।) is not yet a sentence end for the clean stage, so a shorter
            # paragraph would read as a standfirst and the page as one without running text
            "अशरफ़ ग़नी ने सोमवार को कहा कि ज़लमय ख़लीलज़ाद के साथ बातचीत अगले हफ़्ते फिर शुरू होगी। उन्होंने बताया "
            "कि उत्तरी प्रांतों की सड़कें सर्दियों से पहले खोली जाएँगी और आटे की पहली खेप दस दिनों के भीतर घाटी तक "
            "पहुँच जाएगी। गाँवों के बुज़ुर्गों ने कहा कि वे इस वादे पर तभी भरोसा करेंगे जब ट्रक सचमुच उनके दरवाज़े तक "
            "आएँगे और बच्चों के स्कूल फिर से खुलेंगे।",
            [("अशरफ़ ग़नी", "ashraf-ghani"), ("ज़लमय ख़लीलज़ाद", "zalmay-khalilzad")],
        ),
        (
            "وزیر خارجہ کا دورہ",
            "ذبیح اللہ مجاہد نے کہا کہ امیر خان متقی اگلے ہفتے اسلام آباد کا دورہ کریں گے اور سرحدی تجارت پر بات چیت "
            "کریں گے۔",
            [("ذبیح اللہ مجاہد", "zabihullah-mujahid"), ("امیر خان متقی", "amir-khan-muttaqi")],
        ),
        (
            "مساعدات قبل الشتاء",
            "قال أنطونيو غوتيريش إنه تحدث هاتفيا مع عبد الغني برادر عن إيصال المساعدات الإنسانية إلى الولايات الشمالية "
            "قبل حلول الشتاء.",
            [("أنطونيو غوتيريش", "antonio-guterres"), ("عبد الغني برادر", "abdul-ghani-baradar")],
        ),
        (  # between punctuation, as in a list of those present
            "喀布尔会谈",
            "出席者：哈米德·卡尔扎伊、阿卜杜拉·阿卜杜拉。双方讨论了冬季向北部省份运送面粉的问题。",
            [("哈米德·卡尔扎伊", "hamid-karzai"), ("阿卜杜拉·阿卜杜拉", "abdullah-abdullah")],
        ),
        (
            "カブールでの会談",
            "出席者：ハミド・カルザイ、アブドラ・アブドラ（元行政長官）。冬の小麦粉の輸送について話し合った。",
            [("ハミド・カルザイ", "hamid-karzai"), ("アブドラ・アブドラ", "abdullah-abdullah")],
        ),
    ],
    ids=["ru", "fa", "hi", "ur", "ar", "zh", "ja"],
)
def test_people_named_in_other_scripts_are_linked(headline: str, paragraph: str, expected: list[tuple[str, str]]):
    assert linked(headline, paragraph) == expected


@pytest.mark.parametrize(
    ("headline", "paragraph", "expected"),
    [
        ("喀布尔会谈", "美国总统乔·拜登表示，阿什拉夫·加尼已于当天离开喀布尔。",
         [("乔·拜登", "joe-biden"), ("阿什拉夫·加尼", "ashraf-ghani")]),
        ("カブールでの会談", "ジョー・バイデン大統領は、アシュラフ・ガニ氏と電話で会談した。",
         [("ジョー・バイデン", "joe-biden"), ("アシュラフ・ガニ", "ashraf-ghani")]),
    ],
    ids=["zh", "ja"],
)
def test_names_inside_chinese_and_japanese_running_text_are_linked(headline: str, paragraph: str, expected: list[tuple[str, str]]):
    assert linked(headline, paragraph) == expected


def test_aliases_can_match_the_cleaned_text():
    """Pages are NFC after cleaning: an alias in another normal form (a decomposed accent, a Devanagari nukta
    letter such as U+095B) would never match. A Chinese or Japanese alias is a full name of at least 3 characters."""
    kb = knowledge_base()
    forms = [(e.id, form) for e in kb.entities.values() for form in (e.name, *e.aliases)]
    assert [(i, f) for i, f in forms if unicodedata.normalize("NFC", f) != f] == []
    assert [(i, f) for i, f in forms if _UNSPACED.search(f) and len(f) < 3] == []
