"""Chinese and Japanese (flows/rules/lang/zh.toml, ja.toml), on invented lines: the words of the files work where the
pipeline reads them, in scripts written without spaces between words and with labels before a full-width colon."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import document_from_text, segmented

from flows.language.credits import Credit, read_credit
from flows.language.dates import DateLine, read_date_line, read_source_line
from flows.language.genre import PageSignals, by_rules
from flows.language.interview import is_cut_off_question, is_first_person
from flows.language.text import whole_words
from flows.stages.clean import _is_title_candidate, clean_document
from flows.stages.segment import SegmentedDocument

ZH_HEAD = "山谷省长誓言坚守过冬"
ZH_PROSE = [
    "大雪封山已经一个星期，通往山谷的道路全部中断，上游村庄的居民只能依靠存粮度日。",
    "省议会周四开会讨论如何让诊所坚持到春天，但各方对运送面粉的办法仍有分歧。",
    "援助人员说，他们至今未获准进入北部地区，许多家庭担心这个冬天会很漫长。",
]
JA_HEAD = "谷の知事、冬を越す決意"
JA_PROSE = [
    "大雪で谷へ通じる道路は一週間にわたり閉ざされ、上流の村の住民は蓄えた食料で暮らしている。",
    "州議会は木曜日に会合を開き、春まで診療所を開け続ける方法を話し合ったが、結論は出なかった。",
    "支援団体によると、北部の地区にはまだ入ることが許されておらず、多くの家族が長い冬を案じている。",
]


def turns(doc: SegmentedDocument) -> list[tuple]:
    return [(s.kind, s.text) for s in doc.segments if s.kind in ("question", "answer")]


def page(title: str | None = None, body: list[str] | None = None, **signals) -> PageSignals:
    defaults = dict(kicker=None, standfirst=[], question_turns=0, named_interviewee=False, bylined=False, dated_or_sourced=False)
    return PageSignals(title=title, body=body if body is not None else ZH_PROSE, **(defaults | signals))


def removed_with(head: str, prose: list[str], line: str) -> list[tuple[str, str]]:
    text = "\n\n".join([head, prose[0], line, *prose[1:]])
    return [(r.text, r.rule_id) for r in clean_document(document_from_text(text)).removed]


# text.whole_words: a word of a script without spaces matches inside a sentence, a spaced word still whole
def test_whole_words_matches_unspaced_words_inside_a_sentence_and_spaced_words_whole():
    assert whole_words(["said", "says"]) == r"(?<!\w)(?:said|says)(?!\w)"  # the pattern every module built before
    pattern = re.compile(whole_words(["said", "采访时", "インタビュー"]), re.IGNORECASE)
    assert [m.group() for m in pattern.finditer("他在接受采访时表示 / 単独インタビューに応じた / SAID / saidx")] == [
        "采访时", "インタビュー", "SAID",
    ]


# segment.py: question and answer labels before a full-width colon, without a space after it
@pytest.mark.parametrize(
    ("ask", "answer"),
    [("问", "答"), ("记者", "省长"), ("問", "答")],
)
def test_chinese_question_and_answer_labels_make_turns(ask: str, answer: str):
    doc = segmented(
        ZH_HEAD, ZH_PROSE[0],
        f"{ask}：您为什么整个冬天都留在山谷里？", f"{answer}：因为我的家人住在这里，我不能丢下他们。",
        f"{ask}：春天有什么打算？", f"{answer}：先修路，然后重新开放学校。",
    )
    assert turns(doc) == [
        ("question", "您为什么整个冬天都留在山谷里？"), ("answer", "因为我的家人住在这里，我不能丢下他们。"),
        ("question", "春天有什么打算？"), ("answer", "先修路，然后重新开放学校。"),
    ]
    assert doc.genre == "interview_qa"


@pytest.mark.parametrize(("ask", "answer"), [("記者", "知事"), ("Ｑ", "Ａ"), ("聞き手", "ザビフラ・ムジャヒド")])
def test_japanese_question_and_answer_labels_make_turns(ask: str, answer: str):
    doc = segmented(
        JA_HEAD, JA_PROSE[0],
        f"{ask}：なぜ冬の間も谷に残ったのですか？", f"{answer}：家族がここに住んでいて、置いていけなかったからです。",
        f"{ask}：春からの計画は？", f"{answer}：まず道路を直し、それから学校を再開します。",
    )
    assert [kind for kind, _ in turns(doc)] == ["question", "answer", "question", "answer"]
    assert turns(doc)[1] == ("answer", "家族がここに住んでいて、置いていけなかったからです。")


def test_a_japanese_dash_question_answered_in_the_first_person():
    doc = segmented(JA_HEAD, JA_PROSE[0], "――なぜ谷に残ったのですか。", "私の家族がここにいるからです。", "――春からは。", "僕はまず道路を直します。")
    assert [kind for kind, _ in turns(doc)] == ["question", "answer", "question", "answer"]


def test_unlabelled_chinese_questions_answered_in_the_first_person_are_turns():
    doc = segmented(
        "专访山谷省长：和平需要耐心", "本报记者日前在省会专访了山谷省长。",
        "您如何看待当前的局势？", "我认为和平需要时间，各方都要有耐心。",
        "国际社会应该做什么？", "我们希望国际社会继续提供人道援助。",
    )
    assert [kind for kind, _ in turns(doc)] == ["question", "answer", "question", "answer"]


def test_speech_introduced_by_a_colon_in_chinese_news_is_no_turn():
    doc = segmented(
        ZH_HEAD, ZH_PROSE[0],
        "省长表示：无论付出什么代价，我们都会坚守到春天。",
        "他说：“最后一户人家有了粮食和燃料之前，我们不会离开。”",
        "他说：道路一通，援助物资就会运进来。",
        ZH_PROSE[1],
    )
    assert turns(doc) == [] and doc.genre != "interview_qa"


def test_first_person_words_make_an_answer():
    assert is_first_person("冬天我们留在山谷里。") and not is_first_person("冬天他们留在山谷里。")
    assert is_first_person("冬の間、私たちは谷に残りました。") and not is_first_person("冬の間、彼らは谷に残った。")


def test_an_interrogative_opens_a_question_cut_before_its_mark():
    assert is_cut_off_question("为什么您决定在冬天留在") and not is_cut_off_question("他决定在冬天留在")
    assert is_cut_off_question("なぜ冬の間も谷に") and not is_cut_off_question("冬の間も谷に")


# genre.py: the signal words of the files, inside the headline or a sentence
@pytest.mark.parametrize(
    ("signals", "genre"),
    [
        (page("专访：山谷省长谈过冬"), "interview_narrative"),
        (page("谷の知事にインタビュー"), "interview_narrative"),
        (page("元知事に聞く　谷の冬"), "interview_narrative"),
        (page("山谷省长访谈实录"), "transcript"),
        (page("知事会見全文"), "transcript"),
        (page("山谷省议会关于冬季道路的声明"), "statement"),
        (page("谷の冬季道路に関する州議会の声明"), "statement"),
        (page("山谷需要的不只是面粉", kicker="评论"), "opinion"),
        (page("谷に必要なもの", kicker="社説"), "opinion"),
        (page(None, [*ZH_PROSE, "一位村民（化名）说，他已经三天没有吃饱了。"]), "interview_narrative"),
        (page(None, [*JA_PROSE, "村の男性（仮名）は、三日間満足に食べていないと話した。"]), "interview_narrative"),
        (page(None, [*ZH_PROSE, "一位老人告诉笔者，他从未见过这样的大雪。"]), "interview_narrative"),
        (page(None, [*JA_PROSE, "村の長老は筆者に語った。"]), "interview_narrative"),
        (page(None, ["州議会は、道路の封鎖を強く非難します。", "州議会は、支援団体の到着を歓迎します。"]), "statement"),
    ],
)
def test_genre_signals_in_chinese_and_japanese(signals: PageSignals, genre: str):
    assert by_rules(signals) == genre


def test_an_interview_given_to_another_outlet_is_reported_in_a_news_item():
    reported = "省长在接受电视台采访时表示，道路将在春天重新开放。"
    assert by_rules(page(None, [reported, *ZH_PROSE])) == "news"
    assert by_rules(page(None, ["知事はテレビ局のインタビューで、道路は春に再開すると述べた。", *JA_PROSE])) == "news"
    own = "本报记者在省会专访了省长。省长在接受电视台采访时表示，道路将在春天重新开放。"
    assert by_rules(page(None, [own, *ZH_PROSE])) == "interview_narrative"  # the first sentence: the page's own interview


# credits.py: role words before the colon (names are read between spaces)
@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("聞き手：山田 太郎", Credit("interviewer", ("山田 太郎",))),
        ("文：山田 太郎", Credit("author", ("山田 太郎",))),
        ("取材・文：山田　太郎", Credit("author", ("山田　太郎",))),
        ("作者：Lina Berger", Credit("author", ("Lina Berger",))),
        ("采访：Lina Berger", Credit("interviewer", ("Lina Berger",))),
    ],
)
def test_credit_lines_in_chinese_and_japanese(line: str, credit: Credit):
    assert read_credit(line) == credit


# dates.py: labels before a full-width colon, and dates written with 年月日
@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("发布时间：2021年8月15日 10:30", DateLine(dt.date(2021, 8, 15), "day", False, True)),
        ("發布時間：2021-08-15 10:30", DateLine(dt.date(2021, 8, 15), "day", False, True)),
        ("更新时间：2021年08月16日 星期一", DateLine(dt.date(2021, 8, 16), "day", True, True)),
        ("公開日：2021年8月15日（日）", DateLine(dt.date(2021, 8, 15), "day", False, True)),
        ("最終更新：2021/08/16 09:00", DateLine(dt.date(2021, 8, 16), "day", True, True)),
        ("2021年8月", DateLine(dt.date(2021, 8, 1), "month", False, False)),
    ],
)
def test_date_lines_in_chinese_and_japanese(line: str, found: DateLine):
    assert read_date_line(line) == found


def test_a_source_line_and_a_published_line_give_the_page_date():
    assert read_source_line("来源：新华社 2021-08-15") == ("新华社", DateLine(dt.date(2021, 8, 15), "day", False, True))
    header = clean_document(document_from_text("\n\n".join([ZH_HEAD, "发布时间：2021年8月15日", *ZH_PROSE]) + "\n")).header
    assert (header.published_date, header.date_precision) == (dt.date(2021, 8, 15), "day")
    assert read_date_line("会议于2021年8月15日在喀布尔举行。") is None  # a sentence that mentions a date


# clean.py: a photo credit keeps a line from being a headline; site chrome goes with its rule, prose stays
def test_a_photo_credit_in_full_width_brackets_is_no_headline():
    assert _is_title_candidate("山谷省长在雪中视察道路", repeated=True, above_body=True)
    assert not _is_title_candidate("山谷省长在雪中视察道路（图片来源：新华社）", repeated=True, above_body=True)
    assert not _is_title_candidate("雪の中で道路を視察する知事（写真：共同）", repeated=True, above_body=True)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("分享到：", "lang.chrome_line"),
        ("返回顶部", "lang.chrome_line"),
        ("阅读全文 >>", "lang.chrome_line"),
        ("上一篇：山谷的春天", "lang.chrome_prefix"),
        ("相关阅读：山谷道路中断一周", "lang.chrome_prefix"),
        ("责任编辑：王明", "lang.chrome_prefix"),
        ("本文为会员专享内容，请先登录", "lang.paywall"),
        ("立即订阅，阅读更多深度报道", "lang.paywall"),
    ],
)
def test_chinese_chrome_is_removed_with_its_rule(line: str, rule: str):
    assert removed_with(ZH_HEAD, ZH_PROSE, line) == [(line, rule)]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("シェア", "lang.chrome_line"),
        ("続きを読む", "lang.chrome_line"),
        ("次の記事", "lang.chrome_line"),
        ("関連記事：谷の道路、一週間不通", "lang.chrome_prefix"),
        ("この記事は有料会員限定です。", "lang.paywall"),
        ("無料会員登録で続きをお読みいただけます", "lang.paywall"),
    ],
)
def test_japanese_chrome_is_removed_with_its_rule(line: str, rule: str):
    assert removed_with(JA_HEAD, JA_PROSE, line) == [(line, rule)]


@pytest.mark.parametrize(
    ("head", "prose", "line"),
    [
        (ZH_HEAD, ZH_PROSE, "村民们分享了仅有的面粉，并在周末把伤员转送到省城。"),
        (ZH_HEAD, ZH_PROSE, "他说，相关新闻报道让更多人关注到了山谷的困境。"),
        (JA_HEAD, JA_PROSE, "住民たちは残り少ない小麦粉を分け合い、週末にはけが人を州都へ運んだ。"),
        (JA_HEAD, JA_PROSE, "知事は、次の記者会見で春の計画を説明すると語った。"),
    ],
)
def test_chinese_and_japanese_prose_with_chrome_words_stays(head: str, prose: list[str], line: str):
    assert removed_with(head, prose, line) == []
