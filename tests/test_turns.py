"""Turns on real-page layouts, on invented pages: labels in every script and shape, roles the page does
not state, hosts introducing a programme, labels that stop after the first exchange."""

from __future__ import annotations

from conftest import segmented

from flows.stages.segment import SegmentedDocument

INTRO = "The governor of the valley has run the province for three years and rarely speaks to the press."


def turns(doc: SegmentedDocument) -> list[tuple]:
    return [(s.kind, s.speaker, s.role, s.turn) for s in doc.segments if s.kind in ("question", "answer")]


def test_questions_without_labels_are_the_credited_interviewers():
    doc = segmented(
        "Interview: “The valley will hold”", "By Jane Doe", INTRO,
        "Why did you stay in the valley this winter?",
        "Because my family lives there and I could not leave them behind, whatever the fighting.",
        "What comes next for the province?",
        "The roads will open in the spring, and the schools with them, if the passes stay safe.",
    )
    assert doc.participants.interviewer == "Jane Doe"
    assert [(kind, speaker) for kind, speaker, _, _ in turns(doc) if kind == "question"] == [("question", "Jane Doe")] * 2


def test_a_question_stays_unnamed_when_the_page_names_no_interviewer():
    doc = segmented(
        "“The valley will hold”", INTRO,
        "Q: Why did you stay in the valley this winter?",
        "A: Because my family lives there and I could not leave them behind.",
    )
    assert [(kind, speaker) for kind, speaker, _, _ in turns(doc)][0] == ("question", None)


def test_a_single_exchange_between_an_outlet_and_a_name_is_a_turn():
    doc = segmented(
        "« La vallée tiendra »", INTRO,
        "Le Journal : Pourquoi êtes-vous resté dans la vallée cet hiver ?",
        "Karim Haidari : Parce que ma famille y vit et que je ne pouvais pas partir sans elle.",
    )
    assert turns(doc) == [("question", "Le Journal", "interviewer", 1), ("answer", "Karim Haidari", "interviewee", 1)]


def test_two_speakers_in_arabic_script_take_turns_and_the_one_who_asks_is_the_interviewer():
    doc = segmented(
        "گفتگو با والی دره",
        "سارا کریمی: سلام، به برنامه خوش آمدید. امروز مهمان ما والی دره است.",
        "احمد نوری: سلام، سپاسگزارم.",
        "سارا کریمی: چرا در دره ماندید؟",
        "احمد نوری: چون خانواده‌ام آنجا زندگی می‌کند و نمی‌توانستم آنها را ترک کنم.",
    )
    assert [(kind, role, turn) for kind, _, role, turn in turns(doc)] == [
        ("question", "interviewer", 1), ("answer", "interviewee", 1), ("question", "interviewer", 2), ("answer", "interviewee", 2),
    ]


def test_a_label_misspelt_on_the_page_still_recurs_and_a_caption_label_beside_it_counts():
    doc = segmented(
        "Transcript: the governor on the valley",
        "JANE DOE: Welcome, Governor. The valley has been cut off for a month.",
        "GOVERNOR OF THE VALLEY KARIM HAIDARI: Thank you for having me, Jane.",
        "JANE DOEE: How long will the food last in the upper villages?",
        "HAIDARI: Until March, if the roads open again by then, and not a day longer.",
    )
    assert [turn[0] for turn in turns(doc)] == ["question", "answer", "question", "answer"]


def test_a_host_introduces_the_programme_and_the_first_question_is_the_paragraph_before_the_guest():
    doc = segmented(
        "The governor on the winter",
        "The governor of the valley Karim Haidari is in the capital this week to ask for fuel.",
        "SMITH: The valley has been cut off for a month, and the governor wants help.",
        "JONES: Karim Haidari has run the province for three years.",
        "Good morning, Governor Haidari.",
        "KARIM HAIDARI: Good morning to you, and to everyone listening.",
        "JONES: How long will the food last?",
        "KARIM HAIDARI: Until March, if the roads open again.",
    )
    kinds = [(s.kind, s.text) for s in doc.segments if s.kind in ("paragraph", "question")]
    assert ("paragraph", "The valley has been cut off for a month, and the governor wants help.") in kinds
    assert [text for kind, text in kinds if kind == "question"] == ["Good morning, Governor Haidari.", "How long will the food last?"]


def test_questions_go_on_after_the_labels_stop():
    doc = segmented(
        "A conversation with the governor", INTRO,
        "Jane Doe: Why did you stay in the valley this winter?",
        "Karim Haidari: Because my family lives there and I could not leave them behind.",
        "And what happens when the food runs out?",
        "We will ask the capital again, and then we will ask the neighbours across the pass.",
    )
    assert [(kind, turn) for kind, _, _, turn in turns(doc)] == [("question", 1), ("answer", 1), ("question", 2), ("answer", 2)]


def test_a_rhetorical_question_inside_labelled_answers_stays_in_the_answer():
    doc = segmented(
        "A conversation with the governor", INTRO,
        "Jane Doe: Why did you stay in the valley this winter?",
        "Karim Haidari: Because my family lives there.",
        "Who would leave their family behind?",
        "Nobody I know would do that, not in this valley and not in this winter.",
        "Jane Doe: And the food?",
        "Karim Haidari: It will last until March.",
    )
    assert doc.question_turns == 2


def test_the_unlabelled_paragraph_before_the_only_answer_label_is_its_question():
    doc = segmented(
        "Ein Gespräch mit Karim Haidari",
        "Karim Haidari führt seit drei Jahren die Provinz und spricht selten mit der Presse, sagen seine Mitarbeiter.",
        "Tausende Familien sind im Tal geblieben. Alle warten auf Hilfe – auch auf Ihre!",
        "Karim Haidari:",
        "Die Hilfe kommt, aber sie kommt langsam, und die Straßen sind noch immer geschlossen.",
    )
    assert [(kind, turn) for kind, _, _, turn in turns(doc)] == [("question", 1), ("answer", 1)]


def test_interview_phrases_name_the_interviewee_in_every_script():
    from flows.language.interview import find_participants

    for title, name in [
        ("Ein Gespräch mit Karim Haidari", "Karim Haidari"),
        ("Entrevista con María López: «La guerra no ha terminado»", "María López"),
        ("گفتگو با احمد نوری، والی دره", "احمد نوری"),
        ("لقاء حصري مع سامي الحسن", "سامي الحسن"),
        ("Ahmet Yılmaz ile röportaj", "Ahmet Yılmaz"),
    ]:
        assert find_participants(title, [], [title]).interviewees == [name], title
    news = "Jane Doe said in an interview with Sky News that the roads would stay shut."
    assert find_participants(None, [news], [news]).interviewees == []  # an outlet is no interviewee


def test_answering_labels_make_interviewees_and_an_office_before_the_name_is_dropped():
    doc = segmented(
        "The governor on the winter",
        "Karim Haidari, the governor of the valley, is in the capital this week to ask for fuel. Tom Jones asked him.",
        "JONES: Good morning, Governor. How long will the food last?",
        "GOVERNOR KARIM HAIDARI: Until March, if the roads open again.",
        "JONES: And after March?",
        "GOVERNOR KARIM HAIDARI: We will ask the capital again.",
    )
    assert doc.participants.interviewees == ["Karim Haidari"]
    assert doc.participants.interviewer == "Tom Jones"  # the surname label, made the page's full name


def test_dash_dialogues_in_every_dash_and_language():
    german = segmented(
        "Ein Reporter im Tal", INTRO,
        "— Warum sind Sie im Winter im Tal geblieben?",
        "— Weil meine Familie dort lebt und ich sie nicht allein lassen wollte.",
        "Die Straßen waren geschlossen, und niemand kam hinein oder hinaus.",
    )
    assert [(kind, turn) for kind, _, _, turn in turns(german)] == [("question", 1), ("answer", 1), ("answer", 1)]
    russian = segmented(
        "– Почему вы остались в долине?",
        "- Потому что здесь моя семья, и я не мог её оставить одну.",
    )
    assert [kind for kind, *_ in turns(russian)] == ["question", "answer"]
    spanish = segmented(
        "Una periodista en el valle", INTRO,
        "—¿Por qué se quedó en el valle este invierno?",
        "Porque mi familia vive allí y no podía dejarla sola.",
    )
    assert [kind for kind, *_ in turns(spanish)] == ["question", "answer"]


def test_two_dashes_open_the_interviewers_turn_in_japanese_and_chinese_whatever_its_end():
    japanese = segmented(
        "谷の知事に聞く",
        "冬の間、谷への道は閉ざされた。知事は村に残ることを選んだ。",
        "――なぜ冬の間も谷に残ったのですか。",
        "家族がここに住んでいて、一人にはできなかったからです。診療所も開けておく必要がありました。",
        "――春からの計画は。",
        "まず道路を直し、それから学校を再開します。",
    )
    assert [(kind, turn) for kind, _, _, turn in turns(japanese)] == [("question", 1), ("answer", 1), ("question", 2), ("answer", 2)]
    chinese = segmented(
        "专访山谷省长",
        "——您为什么整个冬天都留在山谷里？",
        "因为我的家人住在这里，我不能丢下他们。",
        "——春天有什么计划。",
        "先修路，然后重新开放学校。",
    )
    assert [kind for kind, *_ in turns(chinese)] == ["question", "answer", "question", "answer"]


def test_an_em_dash_aside_in_narration_is_no_dialogue():
    doc = segmented(
        "Roads close in the valley", INTRO,
        "— and with them the last hope of getting flour to the upper villages before March.",
        "The council met on Thursday to discuss how to keep the clinic open until the passes reopen.",
    )
    assert turns(doc) == []


def test_unlabelled_questions_answered_in_the_first_person_in_other_languages():
    dutch = segmented(
        "Oorlogsverslaggever in de vallei",
        "Twee maanden na de val is de verslaggever terug. In gesprek met hem over de sfeer in de stad.",
        "Wat merk je van de sfeer in de stad?",
        "\"Ik zie op straat vooral mannen, en de winkels gaan pas laat open.\"",
        "Hoe gedragen de strijders zich?",
        "\"Met velen van hen praat ik elke dag, en de meesten zijn beleefd.\"",
    )
    assert [(kind, turn) for kind, _, _, turn in turns(dutch)] == [("question", 1), ("answer", 1), ("question", 2), ("answer", 2)]
    narrative = segmented(
        "Roads close in the valley", INTRO,
        "What will the families eat this winter?",
        "The council said on Thursday that flour would last until March.",
    )
    assert turns(narrative) == []  # no interview announced, one question, answered in the third person


def test_labels_on_their_own_line_in_a_radio_transcript():
    doc = segmented(
        "Интервью с послом",
        "И.Петров",
        "Добрый вечер. У нас в гостях посол. Почему вы вернулись в Кабул?",
        "А.Смирнов",
        "Потому что там наша работа, и я не мог оставить её другим.",
        "И.Петров",
        "А что дальше?",
        "А.Смирнов",
        "Зима, а потом весна.",
    )
    assert [kind for kind, *_ in turns(doc)] == ["question", "answer", "question", "answer"]


def test_a_single_asking_label_on_a_page_that_says_it_is_an_interview():
    doc = segmented(
        "An interview with the governor of the valley", INTRO,
        "SMITH: Why did you stay in the valley this winter?",
    )
    assert [kind for kind, *_ in turns(doc)] == ["question"]
    narrative = segmented("Roads close in the valley", INTRO, "SMITH: Why did you stay in the valley this winter?")
    assert turns(narrative) == []


def test_a_narrated_programme_whose_voices_do_not_ask_has_no_questions():
    doc = segmented(
        "Episode 7: the valley",
        "Host (00:06):", "This episode is about the valley and the people who stayed there.",
        "Karim (00:17):", "When we came back, the village was empty, and we started again.",
        "Jamal (00:28):", "Every war is born of a story, one take on the truth.",
        "Host (01:00):", "You are hearing two men who see the world in very different ways.",
        "Karim (01:07):", "We will go hungry and build up our country.",
    )
    assert doc.question_turns == 0


def test_a_guest_labelled_with_an_office_beside_hosts_labelled_by_surname():
    doc = segmented(
        "The governor in the studio",
        "SMITH: The valley has been cut off for a month.",
        "JONES: The governor is with us. Good morning, Governor Haidari.",
        "GOVERNOR KARIM HAIDARI: Good morning to you.",
        "JONES: You promised to reopen the roads. When will that happen.",
        "GOVERNOR KARIM HAIDARI: In March, if the snow allows it.",
    )
    assert doc.question_turns == 2 and doc.participants.interviewees == ["Karim Haidari"]


def test_a_headline_printed_after_the_guests_name_is_no_turn():
    doc = segmented("Karim Haidari: The Valley Will Hold Through The Winter : Morning Show", INTRO)
    assert turns(doc) == []


def test_participants_take_the_knowledge_bases_name_however_printed():
    from flows.language.interview import curated_name, find_participants

    title = "لقاء حصري مع أحمد مسعود"
    assert find_participants(title, [], [title]).interviewees == ["Ahmad Massoud"]
    assert curated_name("Margaret Brennnan") == "Margaret Brennan"  # a slip of the page
    assert curated_name("Lynne O’Donnell") == "Lynne O’Donnell"  # the printed apostrophe is the same name
    assert curated_name("Karim Haidari") == "Karim Haidari"  # unknown: as printed


def test_x_in_conversation_with_y_names_the_guest_first():
    from flows.language.interview import find_participants

    intro = "That's the valley's governor, Karim Haidari in conversation with Jane Roe on The Programme."
    found = find_participants(None, [intro], [intro])
    assert (found.interviewees, found.interviewer) == (["Karim Haidari"], "Jane Roe")


def test_an_outlet_that_asks_is_not_the_interviewer():
    doc = segmented(
        "An interview with the governor", INTRO,
        "Valley Times: Why did you stay in the valley this winter?",
        "Karim Haidari: Because my family lives there.",
        "Valley Times: And the food?",
        "Karim Haidari: It will last until March.",
    )
    assert doc.question_turns == 2 and doc.participants.interviewer is None


def test_a_host_presenting_the_guest_names_the_interviewee():
    from flows.language.interview import find_participants

    for intro, name in [
        ("Welcome to the programme. Joining me is Karim Haidari, the governor of the valley.", "Karim Haidari"),
        ("Guten Abend. Mein Gast ist heute nicht hier, aber: Mein Gast ist Karl Muster.", "Karl Muster"),
        ("Добрый вечер. У нас в гостях Иван Петров.", "Иван Петров"),
    ]:
        assert find_participants(None, [intro], [intro]).interviewees == [name], intro


def test_what_the_guest_says_in_an_answer_does_not_name_interviewees():
    doc = segmented(
        "A conversation with the governor", INTRO,
        "Jane Roe: Whom did you meet in the capital?",
        "Karim Haidari: I spoke with Tom Smith and with the council, and both promised fuel.",
        "Jane Roe: And then?",
        "Karim Haidari: Then I came home.",
    )
    assert doc.participants.interviewees == ["Karim Haidari"]


def test_a_question_and_answer_page_naming_no_guest_takes_the_person_its_intro_presents():
    from flows.stages.tag import tag_document

    doc = segmented(
        "“The valley will hold”",
        "Karim Haidari, governor of the valley, has run the province for three years. Karim Haidari rarely talks.",
        "Why did you stay in the valley this winter?",
        "Because my family lives there and I could not leave them behind.",
        "What comes next?",
        "We will ask the capital again for fuel and for flour.",
    )
    assert doc.participants.interviewees == [] and doc.genre == "interview_qa"
    tagged = tag_document(doc)
    assert tagged.tags.interviewees == ["Karim Haidari"]


def test_interviewer_phrases_and_the_one_author_of_a_question_page():
    from flows.language.interview import find_participants

    talks = "In this interview, Valley TV’s Jane Roe talks with Karim Haidari about the winter."
    found = find_participants(None, [talks], [talks])
    assert (found.interviewer, found.interviewees) == ("Jane Roe", ["Karim Haidari"])
    conducted = "This interview was conducted by Jane Roe on 3 March in the valley."
    assert find_participants(None, [conducted], [conducted]).interviewer == "Jane Roe"
    told = "Karim Haidari told Valley News that the roads would stay shut."
    assert find_participants(None, [told], [told]).interviewer is None  # an outlet is no interviewer
    doc = segmented(
        "The governor on the winter", "Author: Jane Roe, a correspondent for the Valley Herald", INTRO,
        "– Why did you stay in the valley this winter?",
        "- Because my family lives there and I could not leave them behind.",
    )
    assert doc.participants.interviewer == "Jane Roe"


def test_turns_run_into_one_paragraph_with_markers_or_capital_labels():
    markers = segmented(
        "Interviewing the governor",
        "The governor of the valley faces a hard winter. QUESTION: What are your main tasks? ANSWER: Keeping the roads "
        "open and the clinic supplied. Q: How is the situation now? A: Not very good, but we hold on.",
    )
    assert [(kind, turn) for kind, _, _, turn in turns(markers)] == [("question", 1), ("answer", 1), ("question", 2), ("answer", 2)]
    capitals = segmented(
        "The governor on the winter",
        "ROE: Why did you stay in the valley? HAIDARI: Because my family lives there and I could not leave them.",
    )
    assert [kind for kind, *_ in turns(capitals)] == ["question", "answer"]


def test_questions_answered_in_the_same_paragraph_three_times_are_turns():
    doc = segmented(
        "The governor on the winter",
        "Why did you stay in the valley? Because my family lives there and I could not leave them behind.",
        "How long will the food last? Until March, if the roads open again by then.",
        "What will you ask the capital for? Fuel, flour and medicine for the clinic in the upper villages.",
    )
    assert doc.question_turns == 3
    one = segmented("Roads close in the valley", "Why did the roads close? The snow came early this year, the council said.", INTRO)
    assert one.question_turns == 0  # a rhetorical opening is no interview


def test_a_page_that_ends_inside_a_question_counts_it():
    doc = segmented(
        "The governor on the winter", "We sat down with the governor of the valley last week.",
        "Why did you stay in the valley this winter?",
        "Because my family lives there and I could not leave them behind.",
        "Do you believe the roads will open before",
    )
    assert [kind for kind, *_ in turns(doc)] == ["question", "answer", "question"]


def test_intro_phrases_announce_an_interview_in_other_languages():
    turkish = segmented(
        "“Vadi kışı atlatacak”",
        "Vali ile vadideki durumu masaya yatırdık ve sorularımızı yönelttik, kendisi de uzun uzun anlattı.",
        "Vadide neden kaldınız?",
        "Ben ailemi bırakamazdım, bu yüzden kaldım ve kışı burada geçirdim.",
    )
    assert turkish.question_turns == 1 and turkish.genre == "interview_qa"
    german = segmented(
        "„Das Tal hält durch“",
        "Der Gouverneur stand Rede und Antwort, in seinem Büro im Tal, an einem kalten Morgen.",
        "Warum sind Sie geblieben?",
        "Ich konnte meine Familie nicht allein lassen, also bin ich geblieben.",
    )
    assert german.question_turns == 1


def test_run_in_capitals_labels_name_their_speakers_and_abbreviations_do_not_end_a_question():
    doc = segmented(
        "The governor on the winter",
        "ROE: Why did you stay in the valley? HAIDARI: Because my family lives there and I could not leave them.",
        "Will you ask the U.S. administration for fuel? We will ask everyone who can help us.",
        "How long will the food last? Until March, if the roads open again by then.",
        "What will you ask the capital for? Fuel, flour and medicine for the clinic in the upper villages.",
    )
    assert doc.question_turns == 4
    assert {(kind, speaker) for kind, speaker, _, _ in turns(doc)} >= {("question", "Roe"), ("answer", "Haidari")}
    assert doc.participants.interviewees == ["Haidari"]


def test_a_narrative_interview_takes_the_person_its_intro_presents_and_names_end_at_a_full_stop():
    from flows.language.interview import find_participants
    from flows.stages.tag import tag_document

    doc = segmented(
        "A year on, the valley's doctor is heartbroken",
        "KABUL (AP) — One year on, the activist Jane Roe still treats patients in a tent beside the river.",
        "In an interview with The Associated Press, she said the clinic would reopen, and Jane Roe smiled.",
    )
    assert doc.genre == "interview_narrative" and tag_document(doc).tags.interviewees == ["Jane Roe"]
    intro = "Joining me is Karim Haidari. Is he the man to lead the valley?"
    assert find_participants(None, [intro], [intro]).interviewees == ["Karim Haidari"]


def test_one_speakers_initials_labelling_run_in_answers_after_an_unlabelled_question():
    doc = segmented(
        "La vallée",
        "Vous auriez pu fermer la clinique pour ne pas céder au régime… K. H. : Ce n’était pas envisageable. "
        "K. H. : C’est le seul lieu où les femmes sont soignées.",
    )
    assert [(kind, turn) for kind, _, _, turn in turns(doc)] == [("question", 1), ("answer", 1), ("answer", 1)]
    assert doc.participants.interviewees == []  # initials name nobody the page spells out


def test_run_in_labels_in_capitals_of_every_cased_script():
    """Capitals beyond A-Z, À-Ý and А-Я: Polish 'Ł', 'Ś', Ukrainian 'І', Turkish 'Ş' open run-in turns too."""
    for opening, asked, answered in [
        ("Rozmowa o dolinie", "ŁUKASIEWICZ: Dlaczego został pan w dolinie?", "ŚLIWIŃSKI: Bo moja rodzina tu mieszka."),
        ("Розмова про долину", "ІВАНЕНКО: Чому ви залишилися в долині?", "ЇЖАКЕВИЧ: Бо тут живе моя родина."),
        ("Vadi üzerine", "ŞAHİN: Vadide neden kaldınız?", "ÇELİK: Çünkü ailem burada yaşıyor."),
    ]:
        doc = segmented(opening, f"{asked} {answered}")
        assert [kind for kind, *_ in turns(doc)] == ["question", "answer"], opening


def test_a_label_of_initials_is_the_full_name_the_page_gives():
    doc = segmented(
        "“We will keep writing”",
        "Zahra Joya founded a news agency run by women after the Taliban took Kabul, and she spoke to us about it.",
        "Q: Why did you start the agency?",
        "ZJ: Because the women of my country had nobody left to tell their stories, and I could not stay silent.",
        "Q: What comes next?",
        "ZJ: We will keep writing from abroad, whatever it costs us, until the schools open again.",
    )
    assert doc.participants.interviewees == ["Zahra Joya"]
    assert {speaker for kind, speaker, _, _ in turns(doc) if kind == "answer"} == {"Zahra Joya"}


def test_a_host_who_presents_the_programme_and_then_asks_has_both_roles_in_speakers():
    from conftest import document_from_text, tables_for

    page = "\n\n".join([
        "The valley in winter",
        "Sara Karimi: Good evening and welcome to the programme about the valley and its people.",
        "Sara Karimi: Our guest tonight is the governor of the valley. Why did you stay in the valley this winter?",
        "Ahmad Nouri: Because my family lives there and I could not leave them behind in the snow.",
        "Sara Karimi: What comes next for the province?",
        "Ahmad Nouri: The roads will open in the spring, and the schools with them, if the passes stay safe.",
    ]) + "\n"
    speakers = tables_for([document_from_text(page)])["speakers"].to_pylist()
    assert [(s["name"], s["role"], s["roles"]) for s in speakers] == [
        ("Ahmad Nouri", "interviewee", ["interviewee"]), ("Sara Karimi", "interviewer", ["interviewer", "narrator"]),
    ]


def test_a_label_that_prints_a_name_beside_a_role_word_names_the_interviewer():
    """'Name, BBC INTERVIEWER:' once, then 'INTERVIEWER:': the one named asker is the interviewer, on any page
    whose later labels only say the role; the role word may also stand before the name ('Journalist Jane Doe:')."""
    for first_label in ("Jane Doe, RADIO INTERVIEWER:", "JANE DOE, HOST:", "Journalist Jane Doe:"):
        doc = segmented(
            "Complete text of the governor’s radio interview", INTRO,
            first_label, "Governor, thank you for your time.",
            "GOVERNOR HAIDARI:", "Thank you.",
            "INTERVIEWER:", "Why did you stay in the valley this winter?",
            "GOVERNOR HAIDARI:", "Because my family lives there and I could not leave them behind.",
        )
        assert doc.participants.interviewer == "Jane Doe", first_label
        assert {speaker for kind, speaker, _, _ in turns(doc) if kind == "question"} == {"Jane Doe"}
        assert all("’s" not in name for name in doc.participants.interviewees)


def test_a_role_letter_before_a_surname_is_an_initial_not_a_role():
    doc = segmented(
        "The governor stays", INTRO,
        "A MARTÍNEZ: Why did you stay in the valley this winter?",
        "HAIDARI: Because my family lives there and I could not leave them behind.",
        "A MARTÍNEZ: And what comes next for the province?",
        "HAIDARI: The roads will open in the spring, and the schools with them.",
    )
    assert doc.participants.interviewer == "A Martínez"
