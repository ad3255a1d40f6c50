"""The genre of a page, from explicit signals, most specific first; 'other' when none points anywhere.

Signals are read where pages put them (headline, section label, dek, the first paragraphs)
and in the page's structure (question/answer alternation, dash dialogue, timecodes), with
the word lists of every language of the corpus (flows/rules/lang/<code>.toml, read through
flows/language/lexicon.py).

    transcript            a transcript word up top, or timecodes on many lines
    interview_qa          a question turn found (the segmenter finds one only on a page that
                          shows an exchange or says it is an interview), or questions
                          alternating with answers, or a dash dialogue
    interview_qa          an interviewer's credit ('Interview: Jane Doe', 'Propos recueillis par'),
                          or an interview whose first answer label shows ('Jane Doe:' above text)
    other                 a short page that offers a recording ('Listen to the programme'): a blurb
    interview_narrative   an interview word up top, the page names its interviewee, or an
                          interview with the page's own wire agency, without question/answer
                          structure; not 'X said in an interview with <another outlet>' in the
                          first paragraph, which a news item reports
    statement             a statement / press-release word in the headline or first line
    opinion               an opinion section label, or a bylined first-person text
    interview_narrative   the author's own 'told me', 'our interview', or a pseudonymous witness
                          ('(name changed)')
    statement             an institution's present-tense stance in two paragraphs ('condemns', 'urges')
    news                  a wire dateline, an interview given to another outlet reported up top,
                          or a dated or sourced page of narration
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from flows.language import interview, lexicon
from flows.language.interview import FIRST_PERSON_SINGULAR, MERGED_TURN, MIN_MERGED_TURNS
from flows.language.text import CAPITALS, COLON, whole_words
from flows.learn.model import load_model


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(whole_words(alternatives), re.IGNORECASE)


TRANSCRIPT_WORDS = _words(*lexicon.all_words("transcript"))
INTERVIEW_WORDS = _words(*lexicon.all_words("interview"))
STATEMENT_WORDS = _words(*lexicon.all_words("statement"))
OPINION_WORDS = _words(*lexicon.all_words("opinion"))
AUTHOR_INTERVIEWED = _words(*lexicon.all_words("author_interviewed"))
"""The author's own first person about the interview they did: the page is built on an interview."""
PSEUDONYM = re.compile(r"[(（](?:" + "|".join(lexicon.all_words("pseudonym")) + r")[)）]", re.IGNORECASE)
"""'Ahn (nome fictício), 22', '阿里（化名）': someone the reporter interviewed under a name not their own (brackets
ASCII or full-width, as Chinese and Japanese print them)."""
WIRE_AGENCIES = {
    "AP": ("AP", "Associated Press"), "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Reuters": ("Reuters",), "dpa": ("dpa", "Deutsche Presse-Agentur"), "TASS": ("TASS", "ТАСС"),
    "Xinhua": ("Xinhua",), "ANI": ("ANI", "Asian News International"), "Lusa": ("Lusa",), "EFE": ("EFE",),
    "ANSA": ("ANSA",), "IRNA": ("IRNA",), "ISNA": ("ISNA",), "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
}
"""Wire agencies as datelines tag them, with the names a story gives them."""
_WIRE_DATELINE = re.compile(
    rf"^[{CAPITALS}][{CAPITALS} .'-]{{2,40}}(?:,\s*[\w .]{{3,30}})?\s*"
    rf"(?:\((?i:{'|'.join(WIRE_AGENCIES)})\)|/[A-Z]{{2,6}}/\.?)?\s*[—–-]"
    rf"|^[{CAPITALS}][{CAPITALS} .'-]{{2,40}},\s*\w+\s\d{{1,2}}\.\s*/[A-Z]{{2,6}}/"
)
_TIMECODE = re.compile(r"\(\d{1,2}:\d{2}(?::\d{2})?\)|^:?\d{1,2}:\d{2}[.:]|\b\d{1,2}:\d{2}:\d{2}\b")
_DASH_TURN = re.compile(r"^\s*[—–]\s*\S|^\s*-\s+\S")
_SPEAKER_LABEL = re.compile(r"^\s*[„“\"«]?(?P<label>[^\W\d_][\w .’'-]{0,38}?(?:\s\([A-Z]{1,4}\))?)[“”\"»]?\s?:\s+\S")
_CAPS_LABEL = re.compile(rf"(?:^|\s)([{CAPITALS}][{CAPITALS}'’-]{{1,30}}|Q|A)\s?:\s")
_CAPS_TURN = re.compile(rf"^[{CAPITALS}][{CAPITALS}'’-]{{2,30}}:\s+\S")
"""A paragraph opened by a surname in capitals and a colon: the printed convention of a Q&A turn."""
_BROADCAST_LABEL = re.compile(rf"^([{CAPITALS}][{CAPITALS}.'’ -]{{2,40}}):\s+\S")
"""'MONTAGNE:', 'PRESIDENT ASHRAF GHANI:': speakers in capitals, as broadcast transcripts print them."""
_OWN_LINE_LABEL = re.compile(rf"((?:[{CAPITALS}][\w’'-]+\s){{1,3}}[{CAPITALS}][\w’'-]+)\s?:")
_INITIALS_LABEL = re.compile(rf"(?<!\w)((?:[{CAPITALS}]\.\s?){{1,3}})\s?:\s")
"""'H. A. : Cela ...': an answer labelled with the speaker's initials, wherever its paragraph was cut."""
MIN_INITIALS_LABELS = 2
_INITIAL_SURNAME_LINE = re.compile(r"^[^\W\d_]\.\s?[^\W\d_][\w’'-]+$")
_REPORTING_VERB = _words(*lexicon.all_words("reporting_verbs"))
STANCE_VERBS = _words(*lexicon.all_words("stance_verbs"))
"""An institution's stance in the present tense, as its own statement gives it; a news report of it
says 'condemned', 'urged' (German and Dutch present forms double as participles: only unambiguous ones)."""
MIN_STANCE_PARAGRAPHS = 2
MEDIA_PROMPTS = _words(*lexicon.all_words("media_prompts"))
"""A line that offers a recording ('Listen to the programme', 'Video ansehen'): on a short page, the
page is the recording's blurb."""
MEDIA_PROMPT_MAX_WORDS = 6
ARTICLE_WORDS = _words(*lexicon.all_words("article_words"))
"""'Listen to this article': a reading of the page's own text, not a programme."""
BLURB_MAX_WORDS = 150
INTERVIEW_WITH = _words(
    *sorted({p for phrases in [*interview.INTERVIEW_WITH.values(), *interview.NAME_THEN_INTERVIEW.values()] for p in phrases}),
    *lexicon.all_words("reported_interview"),
)
"""The phrase that names the outlet an interview was given to: every language's interview_with and
name_then_interview, and a news item's own ('in an interview', reported_interview)."""
_SENTENCE = re.compile(r"[^.!?؟。！？]+[.!?؟。！？]?")
_QUESTION_END = re.compile(r"[?？؟;]\s*[\"”’»]?\s*$")
DATELINE_BLOCKS = 3
"""A wire dateline opens the story, which may sit under a dek or a teaser of itself."""
MIN_QA_PAIRS = 2
MIN_DASH_TURNS = 2
MIN_LABELLED_SPEAKERS = 2
MIN_RADIO_LABELS = 3
MIN_BROADCAST_SPEAKERS = 3
"""Two speakers in capitals are an interview's Q and A; three or more (hosts and guests) a broadcast."""
MIN_REPORTING_VERBS = 2
NEWS_PARAGRAPH_WORDS = 12
"""A news story runs to paragraphs of some length; a blurb of one-line sentences is no story."""
MIN_TIMECODED_LINES = 3
MIN_FIRST_PERSON = 4
HEAD_BLOCKS = 1
"""Signal words count up top: headline, section label, dek and the first paragraph. Further down,
'in an interview with <another outlet>' is what a news item reports, not what the page is."""


@dataclass(frozen=True)
class PageSignals:
    """What the classifier reads of a page (kept plain, so that it needs no stage's types)."""

    title: str | None
    kicker: str | None
    standfirst: list[str]
    body: list[str]  # body block texts, in order
    question_turns: int  # from the interview segmentation
    named_interviewee: bool
    bylined: bool
    dated_or_sourced: bool
    interviewer_credited: bool = False
    chrome: tuple[str, ...] = ()  # lines the cleaner removed as page chrome


GENRES = ("interview_qa", "interview_narrative", "transcript", "news", "opinion", "statement", "other")
TURN_GENRES = ("interview_qa", "transcript")
"""Genres of a page whose segments hold question turns; a page without one is never `interview_qa`."""


def classify(page: PageSignals) -> str:
    """The page's genre: the rules' when a signal decides it; when none does, the learned model's choice over
    the signals among the genres the page's own segments allow (the rules' 'other' when no model is installed).
    The model decides only there because that is where it wins on pages never fitted (`make eval`)."""
    decided = _signalled(page)
    if decided is not None:
        return decided
    model = load_model("genre")
    if model is None:
        return "other"
    scores = model.probabilities(features(page, "other"))
    allowed = [genre for genre in model.classes if (genre in TURN_GENRES) == (page.question_turns > 0) or genre == "transcript"]
    return max(allowed, key=lambda genre: (scores[genre], -GENRES.index(genre)))


def features(page: PageSignals, rules: str) -> dict[str, float]:
    """What the genre model reads, each in [0, 1]: every signal the rules test, counts capped, and the rules' own
    decision. General by construction: shapes, counts and the language files' words, no page's strings."""
    headline = " ".join(filter(None, [page.kicker, page.title]))
    head = " ".join(filter(None, [page.kicker, page.title, *page.standfirst, *page.body[:HEAD_BLOCKS]]))
    words = sum(len(text.split()) for text in page.body)
    first_person = sum(len(FIRST_PERSON_SINGULAR.findall(text)) for text in page.body)

    def capped(count: float, cap: float) -> float:
        return min(count, cap) / cap

    signals = {
        "transcript_in_headline": bool(TRANSCRIPT_WORDS.search(headline)),
        "transcript_up_top": bool(TRANSCRIPT_WORDS.search(head)),
        "transcript_in_chrome": _transcript_in_chrome(page),
        "timecoded_lines": capped(_count(page.body, _TIMECODE), 10),
        "radio_labels": capped(_count(page.body, _INITIAL_SURNAME_LINE), 10),
        "broadcast_speakers": capped(len({m.group(1) for t in page.body if (m := _BROADCAST_LABEL.match(t))}), 5),
        "question_turns": capped(page.question_turns, 20),
        "has_question_turn": page.question_turns > 0,
        "qa_pairs": capped(_qa_pairs(page.body), 10),
        "dialogue": _dialogue(page.body),
        "interviewer_credited": page.interviewer_credited,
        "interview_in_headline": bool(INTERVIEW_WORDS.search(" ".join(filter(None, [headline, *page.standfirst])))),
        "interview_in_first_paragraph": any(
            INTERVIEW_WORDS.search(s) and not _reports_interview(s) for s in _sentences(page.body[:HEAD_BLOCKS])),
        "interview_anywhere": _count(page.body, INTERVIEW_WORDS) > 0,
        "named_interviewee": page.named_interviewee,
        "author_interviewed": any(AUTHOR_INTERVIEWED.search(text) for text in page.body),
        "caps_turns": capped(_count(page.body, _CAPS_TURN), 5),
        "answer_label": _answer_label(page.body),
        "offers_recording": _offers_recording(page),
        "interview_with_own_agency": _interview_with_own_agency(page.body),
        "statement_word": bool(STATEMENT_WORDS.search(" ".join(filter(None, [headline, *page.body[:1]])))),
        "stance_paragraphs": capped(_count(page.body, STANCE_VERBS), 5),
        "first_person_per_100_words": capped(100 * first_person / max(words, 1), 5),
        "bylined": page.bylined,
        "opinion_label": bool(OPINION_WORDS.search(page.kicker or "")),
        "pseudonym": any(PSEUDONYM.search(text) for text in page.body),
        "wire_dateline": any(_WIRE_DATELINE.search(text) for text in page.body[:DATELINE_BLOCKS]),
        "reports_interview_up_top": _reports_interview(" ".join(page.body[:HEAD_BLOCKS])),
        "reporting_verbs": capped(sum(len(_REPORTING_VERB.findall(text)) for text in page.body), 20),
        "dated_or_sourced": page.dated_or_sourced,
        "words_log": min(math.log1p(words) / 10, 1.0),
        "paragraphs": capped(len(page.body), 60),
        "question_paragraph_share": sum(1 for t in page.body if _QUESTION_END.search(t)) / max(len(page.body), 1),
    }
    signals.update({f"rules_say_{genre}": rules == genre for genre in GENRES})
    return {name: float(value) for name, value in signals.items()}


def by_rules(page: PageSignals) -> str:
    """The hand-written cascade, most specific signal first (the module's docstring); 'other' when no signal."""
    return _signalled(page) or "other"


def _signalled(page: PageSignals) -> str | None:
    head = " ".join(filter(None, [page.kicker, page.title, *page.standfirst, *page.body[:HEAD_BLOCKS]]))
    headline = " ".join(filter(None, [page.kicker, page.title]))
    if (
        TRANSCRIPT_WORDS.search(headline)
        or _count(page.body, _TIMECODE) >= MIN_TIMECODED_LINES
        or _count(page.body, _INITIAL_SURNAME_LINE) >= MIN_RADIO_LABELS  # 'А.Венедиктов' / '―' / turn: a broadcast's record
        or len({m.group(1) for t in page.body if (m := _BROADCAST_LABEL.match(t))}) >= MIN_BROADCAST_SPEAKERS
    ):
        return "transcript"
    if TRANSCRIPT_WORDS.search(head) or _transcript_in_chrome(page):
        return "transcript"
    if page.question_turns >= 1 or _qa_pairs(page.body) >= MIN_QA_PAIRS or _dialogue(page.body):
        return "interview_qa"
    if page.interviewer_credited:
        return "interview_qa"  # 'Interview: Jane Doe' credits the one who asked the questions
    interview_up_top = INTERVIEW_WORDS.search(" ".join(filter(None, [headline, *page.standfirst]))) or any(
        INTERVIEW_WORDS.search(sentence) and not _reports_interview(sentence) for sentence in _sentences(page.body[:HEAD_BLOCKS])
    )
    interview = page.named_interviewee or interview_up_top or any(AUTHOR_INTERVIEWED.search(t) for t in page.body)
    if interview and (_count(page.body, _CAPS_TURN) >= 1 or _answer_label(page.body)):
        return "interview_qa"  # an interview whose question/answer part starts on the page ('BERGEN: ...')
    if _offers_recording(page):
        return "other"  # a programme's blurb, whoever it interviews
    if page.named_interviewee or interview_up_top or _interview_with_own_agency(page.body):
        return "interview_narrative"
    if STATEMENT_WORDS.search(" ".join(filter(None, [headline, *page.body[:1]]))):
        return "statement"
    if _count(page.body, STANCE_VERBS) >= MIN_STANCE_PARAGRAPHS:
        return "statement"
    first_person = sum(len(FIRST_PERSON_SINGULAR.findall(text)) for text in page.body)
    labelled_opinion = OPINION_WORDS.search(page.kicker or "") or re.match(rf"{OPINION_WORDS.pattern}\s*{COLON}", headline, re.I)
    if labelled_opinion or (page.bylined and first_person >= MIN_FIRST_PERSON):
        return "opinion"
    if any(AUTHOR_INTERVIEWED.search(text) or PSEUDONYM.search(text) for text in page.body):
        return "interview_narrative"
    if any(_WIRE_DATELINE.search(text) for text in page.body[:DATELINE_BLOCKS]) or _reports_interview(" ".join(page.body[:HEAD_BLOCKS])):
        return "news"
    reported = sum(len(_REPORTING_VERB.findall(text)) for text in page.body)
    paragraphs = sum(len(text.split()) >= NEWS_PARAGRAPH_WORDS for text in page.body)
    if paragraphs >= 3 and (page.dated_or_sourced or reported >= MIN_REPORTING_VERBS):
        return "news"
    return None


def _sentences(texts: list[str]) -> list[str]:
    return [m.group(0) for text in texts for m in _SENTENCE.finditer(text)]


def _reports_interview(text: str) -> bool:
    """'X said in an interview with <outlet> that ...': an interview given elsewhere, which the page reports."""
    return any(INTERVIEW_WITH.search(s) and _REPORTING_VERB.search(s) for s in _sentences([text]))


def _interview_with_own_agency(body: list[str]) -> bool:
    """'In an interview with The Associated Press' under an '(AP) —' dateline: the agency's own interview."""
    dateline = next((m.group(0) for text in body[:DATELINE_BLOCKS] if (m := _WIRE_DATELINE.search(text))), None)
    if dateline is None:
        return False
    for names in WIRE_AGENCIES.values():
        if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", dateline) for name in names):
            own = "|".join(re.escape(name) for name in names)
            with_agency = re.compile(rf"(?:{INTERVIEW_WITH.pattern})\s+(?:the\s+)?(?:{own})(?!\w)", re.IGNORECASE)
            return any(with_agency.search(text) for text in body)
    return False


def _answer_label(body: list[str]) -> bool:
    """A name and a colon on a line of its own, above a paragraph, naming someone the page names in full
    elsewhere ('Abdul Qahar Balkhi:'): an answer's label, even when the page shows only the first one."""
    labels = [m.group(1) for text in body[:-1] if (m := _OWN_LINE_LABEL.fullmatch(text.strip()))]
    return any(sum(label in text for text in body) >= 2 for label in labels)


def _transcript_in_chrome(page: PageSignals) -> bool:
    """A link or a note the cleaner removed that names the page's transcript ('Read the Full Transcript',
    '• Transcript'): the cleaner drops the line, not what it says of the page."""
    return any(TRANSCRIPT_WORDS.search(line) for line in page.chrome)


def _offers_recording(page: PageSignals) -> bool:
    """A short page with a line offering a recording ('Listen to the programme'): a broadcast's blurb."""
    offers = any(
        MEDIA_PROMPTS.match(line.strip()) and len(line.split()) <= MEDIA_PROMPT_MAX_WORDS and not ARTICLE_WORDS.search(line)
        for line in [*page.chrome, *page.body]
    )
    return offers and sum(len(text.split()) for text in page.body) < BLURB_MAX_WORDS


def _count(texts: list[str], pattern: re.Pattern[str]) -> int:
    return sum(1 for text in texts if pattern.search(text))


def _dialogue(texts: list[str]) -> bool:
    """A dash dialogue with a question in it, two speakers' labels taking turns ('„Krone“: ...?',
    'Mujahid: ...'), even within one paragraph, or questions and answers run together paragraph by paragraph."""
    dashes = [text for text in texts if _DASH_TURN.search(text)]
    if len(dashes) >= MIN_DASH_TURNS and any(_QUESTION_END.search(text) for text in dashes):
        return True
    for asked, answer in zip(texts, texts[1:]):
        if _DASH_TURN.search(asked) and _QUESTION_END.search(asked) and not _QUESTION_END.search(answer):
            return True  # '—¿A qué retos se enfrentan?' answered by the next paragraph: the press's dash interview
    labels = [m.group("label") for text in texts if (m := _SPEAKER_LABEL.match(text))]
    asked = any(_SPEAKER_LABEL.match(text) and _QUESTION_END.search(text) for text in texts)
    if asked and len(set(labels)) >= MIN_LABELLED_SPEAKERS and len(labels) >= 2:
        return True
    if any(len(set(_CAPS_LABEL.findall(text))) >= MIN_LABELLED_SPEAKERS for text in texts):
        return True  # 'WEYMOUTH: ...? KARZAI: ...' or 'Q: ... A: ...' run into one paragraph
    if max(Counter(m for text in texts for m in _INITIALS_LABEL.findall(text)).values(), default=0) >= MIN_INITIALS_LABELS:
        return True
    return sum(1 for text in texts if MERGED_TURN.match(text)) >= MIN_MERGED_TURNS


def _qa_pairs(texts: list[str]) -> int:
    """Questions answered by the next paragraph: a question paragraph followed by one that is not."""
    asks = [bool(_QUESTION_END.search(text)) and len(text.split()) <= 80 for text in texts]
    return sum(1 for k in range(len(texts) - 1) if asks[k] and not asks[k + 1])
