"""Hindi, Urdu, Persian (Dari), Pashto and Arabic words at work where the pipeline reads them, on invented
lines: turn labels segment into questions and answers, interview, statement and stance words set the genre,
credit and date labels are read, and site chrome is removed with its rule while prose with the same words stays.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import document_from_text

from flows.language.credits import Credit, read_credit
from flows.language.dates import DateLine, read_date_line
from flows.language.genre import PageSignals, by_rules
from flows.language.interview import find_participants, is_first_person
from flows.stages.clean import _is_title_candidate, clean_document
from flows.stages.segment import segment_document

LANGUAGES = ("hi", "ur", "fa", "ps", "ar")
NARRATION = {
    # Hindi paragraphs run past 60 words: the cleaner does not yet read the danda (।) as a sentence's end,
    # so a shorter paragraph ending in one is taken for a standfirst.
    "hi": [
        "घाटी के राज्यपाल पिछले तीन साल से इस पहाड़ी प्रांत का प्रशासन संभाल रहे हैं और प्रेस से बहुत कम बात करते हैं। "
        "इस सर्दी में भारी बर्फबारी के कारण घाटी की सड़कें कई हफ्तों तक बंद रहीं, ऊपरी गांवों में आटे और ईंधन की कमी "
        "हो गई और क्लिनिक को खुला रखने के लिए परिषद को बार-बार बैठक करनी पड़ी। राजधानी की एक छोटी यात्रा के दौरान "
        "उन्होंने सर्दी, भोजन और वसंत की योजनाओं पर खुलकर बात की।",
        "ऊपरी गांवों के परिवारों ने आटा, दालें और ईंधन पहले से जमा कर लिया है, लेकिन बहुत से लोगों को डर है कि इस बार "
        "सर्दी लंबी चलेगी और दर्रे मार्च के बाद ही खुलेंगे। घाटी की परिषद ने गुरुवार को बैठक की ताकि यह तय किया जा सके "
        "कि वसंत तक क्लिनिक को कैसे चलाया जाए, डॉक्टरों को वेतन कैसे दिया जाए और दवाइयां राजधानी से कैसे लाई जाएं। "
        "गांवों के बुजुर्गों ने भी बैठक में हिस्सा लिया।",
    ],
    "ur": [
        "اس سال کی پہلی شدید برفباری کے بعد وادی کی سڑکیں ہفتے کے زیادہ تر دن بند رہیں اور لوگ سردی سے پریشان ہیں۔",
        "اوپر کے دیہات میں خاندانوں نے آٹا اور ایندھن جمع کر لیا ہے، لیکن بہت سے لوگوں کو ڈر ہے کہ سردی لمبی ہوگی۔",
        "وادی کی کونسل نے جمعرات کو اجلاس کیا تاکہ بہار تک کلینک کھلا رکھنے کا فیصلہ کیا جا سکے۔",
    ],
    "fa": [
        "راه‌های دره پس از نخستین برف سنگین امسال بیشتر روزهای هفته بسته بود و مردم از زمستان نگران هستند.",
        "خانواده‌ها در روستاهای بالادست آرد و سوخت ذخیره کرده‌اند، اما بسیاری می‌ترسند زمستان طولانی باشد.",
        "شورای دره روز پنجشنبه جلسه کرد تا درباره باز نگه داشتن درمانگاه تا بهار تصمیم بگیرد.",
    ],
    "ps": [
        "د سږ کال له لومړۍ درنې واورې وروسته د دره لارې د اونۍ ډېری ورځې تړلې وې او خلک د ژمي په اړه اندېښمن دي.",
        "په پورتنیو کلیو کې کورنیو اوړه او سون توکي ذخیره کړي، خو ډېر خلک وېرېږي چې ژمی به اوږد وي.",
        "د دره شورا د پنجشنبې په ورځ غونډه وکړه څو د پسرلي تر راتلو پورې د کلینیک د پرانیستي ساتلو پرېکړه وکړي.",
    ],
    "ar": [
        "أغلقت الطرق المؤدية إلى الوادي معظم أيام الأسبوع بعد أول تساقط كثيف للثلوج هذا العام، ويخشى السكان شتاء طويلا.",
        "خزنت العائلات في القرى العليا الطحين والوقود، لكن كثيرين يخشون أن يطول الشتاء أكثر من المعتاد.",
        "اجتمع مجلس الوادي يوم الخميس لبحث سبل إبقاء العيادة مفتوحة حتى يعاد فتح الممرات في الربيع.",
    ],
}
"""Invented narration in each language, without a signal word of its own."""
HEADLINE = {
    "hi": "घाटी में सर्दी से रास्ते बंद",
    "ur": "وادی میں سردی سے راستے بند",
    "fa": "راه‌های دره در زمستان بسته ماند",
    "ps": "د دره لارې په ژمي کې وتړل شوې",
    "ar": "إغلاق طرق الوادي بسبب الثلوج",
}


def page(language: str, title: str | None = None, body: list[str] | None = None, **signals) -> PageSignals:
    defaults = dict(kicker=None, standfirst=[], question_turns=0, named_interviewee=False, bylined=False, dated_or_sourced=False)
    body = NARRATION[language] if body is None else body
    return PageSignals(title=title or HEADLINE[language], body=body, **(defaults | signals))


# segment.py: question and answer labels as each language's press prints them --------------------------------

EXCHANGES = {
    "hi": ("घाटी के राज्यपाल से खास बातचीत", [
        "सवाल: आप इस सर्दी में घाटी में क्यों रुके?",
        "जवाब: क्योंकि मेरा परिवार यहीं रहता है और मैं उन्हें छोड़कर नहीं जा सकता था।",
        "प्रश्न: जब खाना खत्म हो जाएगा तब क्या होगा?",
        "उत्तर: हम फिर से राजधानी से मदद मांगेंगे और फिर दर्रे के पार पड़ोसियों से भी।",
    ]),
    "ur": ("وادی کے گورنر سے خصوصی انٹرویو", [
        "سوال: آپ اس سردی میں وادی میں کیوں رکے؟",
        "جواب: کیونکہ میرا خاندان یہیں رہتا ہے اور میں انہیں چھوڑ کر نہیں جا سکتا تھا۔",
        "س: جب خوراک ختم ہو جائے گی تو کیا ہوگا؟",
        "ج: ہم دوبارہ دارالحکومت سے مدد مانگیں گے اور پھر درے کے پار ہمسایوں سے بھی۔",
    ]),
    "fa": ("گفت و گو با والی دره", [
        "پرسش: چرا این زمستان در دره ماندید؟",
        "پاسخ: چون خانواده‌ام اینجا زندگی می‌کند و نمی‌توانستم آنها را ترک کنم.",
        "س: وقتی آذوقه تمام شود چه می‌شود؟",
        "ج: دوباره از پایتخت کمک می‌خواهیم و بعد از همسایه‌های آن سوی کوتل.",
    ]),
    "ps": ("د دره له والي سره ځانګړې مرکه", [
        "پوښتنه: تاسو ولې دا ژمی په دره کې پاتې شوئ؟",
        "ځواب: ځکه چې زما کورنۍ دلته ژوند کوي او زه یې نشوای پرېښودلی.",
        "پوښتنه: کله چې خواړه خلاص شي نو څه به کېږي؟",
        "ځواب: موږ به بیا له پلازمېنې مرسته وغواړو او بیا د کوتل هاخوا له ګاونډیانو.",
    ]),
    "ar": ("حوار صحفي مع والي الوادي", [
        "سؤال: لماذا بقيت في الوادي هذا الشتاء؟",
        "جواب: لأن عائلتي تعيش هنا ولم أستطع أن أتركها.",
        "السؤال: وماذا سيحدث عندما ينفد الطعام؟",
        "الإجابة: سنطلب المساعدة من العاصمة مرة أخرى ثم من الجيران خلف الممر.",
    ]),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_question_and_answer_labels_of_the_language_make_turns(language: str):
    headline, exchange = EXCHANGES[language]
    text = "\n\n".join([headline, NARRATION[language][0], *exchange]) + "\n"
    doc = segment_document(clean_document(document_from_text(text)))
    turns = [(s.kind, s.role, s.turn) for s in doc.segments if s.kind in ("question", "answer")]
    assert turns == [("question", "interviewer", 1), ("answer", "interviewee", 1),
                     ("question", "interviewer", 2), ("answer", "interviewee", 2)]
    assert doc.genre == "interview_qa"


# genre.py: interview, statement, stance, opinion and recording words ------------------------------------------

@pytest.mark.parametrize(
    ("language", "headline"),
    [
        ("hi", "साक्षात्कार: घाटी के राज्यपाल सर्दी पर"),
        ("hi", "घाटी के राज्यपाल का इंटरव्यू"),
        ("ur", "وادی کے گورنر کا خصوصی انٹرویو"),
        ("fa", "گفت و گو با والی دره درباره زمستان"),
        ("fa", "مصاحبه اختصاصی با والی دره"),
        ("ps", "د دره له والي سره ځانګړې مرکه"),
        ("ar", "المقابلة الكاملة مع والي الوادي"),
    ],
)
def test_an_interview_word_in_the_headline_makes_an_interview(language: str, headline: str):
    assert by_rules(page(language, headline)) == "interview_narrative"


@pytest.mark.parametrize(
    ("language", "reported"),
    [
        ("hi", "घाटी के राज्यपाल ने एक टीवी चैनल को दिए इंटरव्यू में कहा कि सड़कें मार्च तक बंद रहेंगी।"),
        ("hi", "घाटी के राज्यपाल ने एक रेडियो से बातचीत में बताया कि सड़कें मार्च तक बंद रहेंगी।"),
        ("ur", "وادی کے گورنر نے ایک ٹی وی چینل سے گفتگو کرتے ہوئے کہا کہ سڑکیں مارچ تک بند رہیں گی۔"),
        ("ur", "ایک ریڈیو کو دیے گئے انٹرویو میں وادی کے گورنر کا کہنا تھا کہ سڑکیں مارچ تک بند رہیں گی۔"),
        ("fa", "والی دره در گفت و گو با یک رادیو گفت که راه‌ها تا حمل بسته می‌ماند."),
        ("fa", "والی دره در مصاحبه ای با یک تلویزیون اظهار داشت که راه‌ها تا حمل بسته می‌ماند."),
        ("ps", "د دره والي له یوې راډیو سره په خبرو کې وویل چې لارې به تر وري پورې تړلې وي."),
        ("ar", "وقال والي الوادي في مقابلة تلفزيونية إن الطرق ستبقى مغلقة حتى مارس."),
    ],
)
def test_an_interview_given_to_another_outlet_reported_up_top_is_news(language: str, reported: str):
    assert by_rules(page(language, body=[reported, *NARRATION[language]])) == "news"


@pytest.mark.parametrize(
    ("language", "headline", "stance"),
    [
        ("hi", "घाटी परिषद की प्रेस विज्ञप्ति",
         ["घाटी परिषद क्लिनिक पर हुए हमले की कड़ी निंदा करती है।", "परिषद सभी पक्षों से राहत सामग्री पहुंचने देने का आग्रह करती है।"]),
        ("ur", "وادی کونسل کا اعلامیہ",
         ["وادی کونسل کلینک پر حملے کی شدید مذمت کرتی ہے۔", "کونسل تمام فریقوں سے امداد پہنچنے دینے کا مطالبہ کرتی ہے۔"]),
        ("fa", "اعلامیه شورای دره درباره راه زمستانی",
         ["شورای دره حمله بر درمانگاه را محکوم می کند.", "شورا از تصمیم والی برای باز کردن راه استقبال میکند."]),
        ("ps", "د دره شورا خبرپاڼه",
         ["د دره شورا پر کلینیک برید کلکه غندي.", "شورا له ټولو خواوو غوښتنه کوي چې مرستو ته لاره پرانیزي."]),
        ("ar", "بلاغ مجلس الوادي بشأن الطريق الشتوي",
         ["يستنكر مجلس الوادي الهجوم على العيادة.", "ويدين المجلس منع قوافل المساعدات من الوصول إلى القرى."]),
    ],
)
def test_a_statement_word_or_an_institutions_stance_makes_a_statement(language: str, headline: str, stance: list[str]):
    assert by_rules(page(language, headline)) == "statement"
    assert by_rules(page(language, body=stance)) == "statement"


@pytest.mark.parametrize(
    ("language", "own"),
    [
        ("hi", "बाद में राज्यपाल ने मुझे बताया कि परिषद घाटी को नहीं छोड़ेगी।"),
        ("hi", "करीम (बदला हुआ नाम) सर्दी में काबुल पहुंचा।"),
        ("ur", "بعد میں گورنر نے مجھے بتایا کہ کونسل وادی نہیں چھوڑے گی۔"),
        ("ur", "کریم (فرضی نام) سردی میں کابل پہنچا۔"),
        ("fa", "والی بعدا به ما گفت که شورا دره را ترک نمی‌کند."),
        ("fa", "کریم (اسم مستعار) زمستان به کابل رسید."),
        ("ps", "وروسته راته یې وویل چې شورا به دره نه پرېږدي."),
        ("ps", "کریم (مستعار نوم) په ژمي کې کابل ته ورسېد."),
        ("ar", "وقال لي الوالي إن المجلس لن يتخلى عن الوادي."),
        ("ar", "وصل كريم (اسم مستعار) إلى كابول في الشتاء."),
    ],
)
def test_the_authors_own_interview_or_a_pseudonymous_witness_makes_an_interview_narrative(language: str, own: str):
    assert by_rules(page(language, body=[*NARRATION[language], own])) == "interview_narrative"


@pytest.mark.parametrize(("language", "kicker"), [("hi", "नज़रिया"), ("ur", "کالم"), ("fa", "دیدگاه"), ("ps", "تبصره"), ("ar", "وجهة نظر")])
def test_an_opinion_label_of_the_language_makes_an_opinion(language: str, kicker: str):
    assert by_rules(page(language, kicker=kicker)) == "opinion"


@pytest.mark.parametrize(
    ("language", "prompt"),
    [("hi", "वीडियो देखें"), ("ur", "ویڈیو دیکھیں"), ("fa", "ویدیو را ببینید"), ("ps", "وګورئ"), ("ar", "شاهدوا الحلقة")],
)
def test_a_short_page_offering_a_recording_in_the_language_is_a_blurb(language: str, prompt: str):
    assert by_rules(page(language, body=NARRATION[language][:1], chrome=(prompt,), dated_or_sourced=True)) == "other"


# interview.py: first-person words and the phrases that name the interviewee ----------------------------------

@pytest.mark.parametrize(
    ("language", "first", "third"),
    [
        ("hi", "सर्दी में मेरा परिवार घाटी में ही रहेगा।", "मोहम्मद का परिवार सर्दी में घाटी में ही रहेगा।"),
        ("ur", "سردی میں میرا خاندان وادی میں ہی رہے گا۔", "سردی میں ان کا خاندان وادی میں ہی رہے گا۔"),
        ("fa", "زمستان بنده در دره می‌مانم.", "زمستان او در دره می‌ماند."),
        ("ps", "ژمي کې زموږ کورنۍ په دره کې پاتې کېږي.", "ژمي کې د هغه کورنۍ په دره کې پاتې کېږي."),
        ("ar", "إنني سأبقى في الوادي هذا الشتاء.", "سيبقى الوالي في الوادي هذا الشتاء."),
    ],
)
def test_first_person_words_of_the_language_make_an_answer(language: str, first: str, third: str):
    assert is_first_person(first)
    assert not is_first_person(third)  # Urdu 'میں' is also 'in'; 'हम' inside 'मोहम्मद' is no word


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("احمد نوری کا خصوصی انٹرویو", "احمد نوری"),
        ("گفت و گو با احمد نوری", "احمد نوری"),
        ("له احمد نوري سره ځانګړې مرکه", "احمد نوري"),
        ("حوار صحفي مع أحمد نوري", "أحمد نوري"),
    ],
)
def test_an_interview_phrase_names_the_interviewee(title: str, name: str):
    assert find_participants(title, [], [title]).interviewees == [name]


# credits.py and dates.py -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("रिपोर्ट: Anita Sharma", Credit("author", ("Anita Sharma",))),  # Hindi sites often print bylines in Latin letters
        ("साक्षात्कार: Anita Sharma और Ravi Kumar", Credit("interviewer", ("Anita Sharma", "Ravi Kumar"))),
        ("تحریر: احمد نوری", Credit("author", ("احمد نوری",))),
        ("انٹرویو: سارہ کریمی اور احمد نوری", Credit("interviewer", ("سارہ کریمی", "احمد نوری"))),
        ("نویسندگان: احمد نوری و سارا کریمی", Credit("author", ("احمد نوری", "سارا کریمی"))),
        ("گفت و گو از سارا کریمی", Credit("interviewer", ("سارا کریمی",))),
        ("لیکوال: احمد نوري او سارا کریمي", Credit("author", ("احمد نوري", "سارا کریمي"))),
        ("إعداد: أحمد نوري", Credit("author", ("أحمد نوري",))),
        ("أجرى اللقاء: سارة كريمي", Credit("interviewer", ("سارة كريمي",))),
    ],
)
def test_a_credit_line_of_the_language_is_read(line: str, credit: Credit):
    assert read_credit(line) == credit


DAY = dt.date(2021, 8, 29)


@pytest.mark.parametrize(
    ("line", "updated"),
    [
        ("प्रकाशित: 29.08.2021", False),
        ("अपडेटेड: 29.08.2021", True),
        ("تاریخ اشاعت: 29.08.2021", False),
        ("آخری اپ ڈیٹ: 29.08.2021", True),
        ("تاریخ نشر: ۷ سنبله ۱۴۰۰", False),  # the Afghan solar month names (Sunbula 1400)
        ("به‌روزرسانی: 29.08.2021", True),
        ("د خپرېدو نېټه: ۷ سنبله ۱۴۰۰", False),
        ("خپور شوی په 29.08.2021", False),
        ("تم النشر في 29 أغسطس 2021", False),
        ("اخر تحديث: 29.08.2021", True),
    ],
)
def test_a_date_label_of_the_language_says_which_date_a_line_gives(line: str, updated: bool):
    assert read_date_line(line) == DateLine(DAY, "day", updated, True)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("घाटी में बर्फ से रास्ते बंद होने के बाद", "(फोटो: AFP)"),
        ("وادی میں برف سے راستے بند ہونے کے بعد", "(تصویر: AFP)"),
        ("راه‌های دره پس از برف سنگین", "(عکس: AFP)"),
        ("د دره لارې له درنې واورې وروسته", "(انځور: AFP)"),
        ("طرق الوادي بعد الثلوج الكثيفة", "(الصورة: AFP)"),
    ],
)
def test_a_caption_credit_of_the_language_is_no_headline(line: str, credit: str):
    assert _is_title_candidate(line, repeated=True, above_body=True)
    assert not _is_title_candidate(f"{line} {credit}", repeated=True, above_body=True)


# clean.py: site chrome in the language, and prose that uses the same words -------------------------------------

def removed_with(language: str, line: str) -> list[tuple[str, str]]:
    paragraphs = NARRATION[language]
    text = "\n\n".join([HEADLINE[language], paragraphs[0], line, *paragraphs[1:]])
    return [(r.text, r.rule_id) for r in clean_document(document_from_text(text)).removed]


@pytest.mark.parametrize(
    ("language", "line", "rule"),
    [
        ("hi", "इसे भी पढ़ें: घाटी में बर्फ से रास्ते बंद", "lang.chrome_prefix"),
        ("hi", "शेयर करें", "lang.chrome_line"),
        ("hi", "विज्ञापन", "lang.chrome_line"),
        ("hi", "ताज़ा खबरों के लिए हमारे यूट्यूब चैनल को सब्सक्राइब करें", "lang.paywall"),
        ("ur", "یہ بھی پڑھیں: وادی میں برف سے راستے بند", "lang.chrome_prefix"),
        ("ur", "شیئر کریں", "lang.chrome_line"),
        ("ur", "اشتہار", "lang.chrome_line"),
        ("ur", "مزید خبروں کے لیے لاگ ان کریں", "lang.paywall"),
        ("fa", "همچنین بخوانید: راه‌های دره بسته شد", "lang.chrome_prefix"),
        ("fa", "لینک کوتاه", "lang.chrome_line"),
        ("fa", "آگهی", "lang.chrome_line"),
        ("fa", "برای دریافت تازه‌ترین خبرها عضو خبرنامه شوید", "lang.paywall"),
        ("ps", "دا هم ولولئ: د دره لارې وتړل شوې", "lang.chrome_prefix"),
        ("ps", "اړوند خبرونه", "lang.chrome_line"),
        ("ps", "خپل نظر ولیکئ", "lang.chrome_line"),
        ("ar", "طالع أيضاً: إغلاق طرق الوادي بسبب الثلوج", "lang.chrome_prefix"),
        ("ar", "المقال التالي", "lang.chrome_line"),
        ("ar", "التعليقات", "lang.chrome_line"),
        ("ar", "هذا المحتوى للمشتركين فقط", "lang.paywall"),
    ],
)
def test_chrome_of_the_language_is_removed_with_its_rule(language: str, line: str, rule: str):
    assert removed_with(language, line) == [(line, rule)]


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("hi", "परिषद ने कहा कि अखबार में छपे विज्ञापन के बाद कई परिवार क्लिनिक के लिए दान देने आगे आए और गांवों में राहत पहुंची।"),
        ("ur", "کونسل کا کہنا ہے کہ اخبار میں اشتہار کے بعد کئی خاندان کلینک کے لیے چندہ دینے آگے آئے۔"),
        ("fa", "شورا گفت پس از چاپ آگهی در روزنامه، چندین خانواده برای کمک به درمانگاه پیش آمدند."),
        ("ps", "شورا وویل چې په ورځپاڼه کې له اعلان وروسته ډېرو کورنیو له کلینیک سره مرسته وکړه."),
        ("ar", "وأوضح المجلس أن التعليقات على قرار إغلاق الطريق كانت كثيرة في القرى العليا."),
    ],
)
def test_prose_with_the_words_of_chrome_is_kept(language: str, line: str):
    assert removed_with(language, line) == []
