"""The genre of a page, from explicit signals, most specific first; 'other' when none points anywhere.

Signals are read where pages put them (headline, section label, dek, the first paragraphs)
and in the page's structure (question/answer alternation, dash dialogue, timecodes), with
word lists for every language of the corpus: en, de, fr, es, pt, it, nl, tr, ru, fa, ar, ps.

    transcript            a transcript word up top, or timecodes on many lines
    interview_qa          question turns found, or questions alternating with answers,
                          or a dash dialogue
    interview_narrative   an interview word up top, or the page names its interviewee,
                          without question/answer structure
    statement             a statement / press-release word in the headline or first line
    opinion               an opinion section label, or a bylined first-person text
    interview_narrative   the author's own 'told me', 'our interview', or a pseudonymous witness
                          ('(name changed)'), in any language of the corpus
    news                  a wire dateline, or a dated or sourced page of narration
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.interview import FIRST_PERSON_SINGULAR


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


TRANSCRIPT_WORDS = _words(
    "transcript", "full transcript", "transkript", "abschrift", "wortlaut", "transcription", "transcripción",
    "transcrição", "trascrizione", "transcriptie", "deşifre", "transkript", "стенограмма", "расшифровка",
    "متن گفتگوی", "متن گفت‌وگوی", "متن کامل", "نص المقابلة", "النص الكامل",
)
INTERVIEW_WORDS = _words(
    "interview", "interviews", "interviewed", "interviewing", "q&a", "in conversation with", "exclusive interview",
    "gespräch", "exklusivgespräch", "exklusiv-gespräch", "im gespräch",
    "entretien", "entrevista", "intervista", "gesprek", "in gesprek met",
    "röportaj", "söyleşi", "mülakat", "интервью", "беседа",
    "مصاحبه", "گفتگو", "گفت‌وگو", "مقابلة", "حوار", "لقاء", "مرکه",
)
STATEMENT_WORDS = _words(
    "statement", "press statement", "press release", "communique", "communiqué", "declaration",
    "erklärung", "pressemitteilung", "stellungnahme", "comunicado", "nota de prensa", "declaración",
    "comunicato", "verklaring", "persbericht", "açıklama", "basın açıklaması", "заявление", "пресс-релиз",
    "بیانیه", "اطلاعیه", "بيان", "بلاغ",
)
OPINION_WORDS = _words(
    "opinion", "op-ed", "commentary", "column", "perspective", "viewpoint", "editorial", "analysis",
    "meinung", "kommentar", "gastbeitrag", "tribune", "chronique", "opinión", "tribuna", "opinião",
    "opinione", "mening", "opinie", "görüş", "köşe yazısı", "мнение", "колонка", "یادداشت", "رأي", "مقال رأي",
)
AUTHOR_INTERVIEWED = _words(
    "told me", "said to me", "our interview", "my interview", "I asked him", "I asked her", "I interviewed",
    "I spoke with", "I spoke to", "sagte mir", "sagt mir", "unserem gespräch", "unserem interview",
    "m'a dit", "m’a dit", "m'a confié", "m’a confié", "notre entretien", "me dijo", "nuestra entrevista",
    "disse-me", "me disse", "nossa entrevista", "mi ha detto", "nostra intervista", "ons gesprek",
    "bana söyledi", "röportajımızda", "сказал мне", "нашем интервью", "به من گفت", "در گفتگو با ما", "قال لي",
)
"""The author's own first person about the interview they did: the page is built on an interview."""
PSEUDONYM = re.compile(
    r"\((?:name changed|not (?:his|her|their) real name|name has been changed|nome fictício|nome alterado|nombre ficticio|"
    r"nombre cambiado|name geändert|name von der redaktion geändert|nom modifié|prénom modifié|nom d'emprunt|"
    r"nome di fantasia|naam gefingeerd|gefingeerde naam|isim değiştirildi|имя изменено|نام مستعار|اسم مستعار)\)",
    re.IGNORECASE,
)
"""'Ahn (nome fictício), 22': someone the reporter interviewed under a name not their own."""
_WIRE_DATELINE = re.compile(
    r"^[A-ZÀ-ÝА-Я][A-ZÀ-ÝА-Я .'-]{2,40}(?:,\s*[\w .]{3,30})?\s*"
    r"(?:\((?:AP|AFP|Reuters|dpa|DPA|TASS|Xinhua|ANI|Lusa|EFE|ANSA|IRNA|ISNA|Anadolu)\)|/[A-Z]{2,6}/\.?)?\s*[—–-]"
    r"|^[A-ZÀ-ÝА-Я][A-ZÀ-ÝА-Я .'-]{2,40},\s*\w+\s\d{1,2}\.\s*/[A-Z]{2,6}/"
)
_TIMECODE = re.compile(r"\(\d{1,2}:\d{2}(?::\d{2})?\)|^:?\d{1,2}:\d{2}[.:]|\b\d{1,2}:\d{2}:\d{2}\b")
_DASH_TURN = re.compile(r"^\s*[—–]\s*\S|^\s*-\s+\S")
_SPEAKER_LABEL = re.compile(r"^\s*[„“\"«]?(?P<label>[^\W\d_][\w .’'-]{0,38}?(?:\s\([A-Z]{1,4}\))?)[“”\"»]?\s?:\s+\S")
_CAPS_LABEL = re.compile(r"(?:^|\s)([A-ZÀ-ÝА-Я][A-ZÀ-ÝА-Я'’-]{1,30}|Q|A)\s?:\s")
_CAPS_TURN = re.compile(r"^[A-ZÀ-ÝА-Я][A-ZÀ-ÝА-Я'’-]{2,30}:\s+\S")
"""A paragraph opened by a surname in capitals and a colon: the printed convention of a Q&A turn."""
_BROADCAST_LABEL = re.compile(r"^([A-ZÀ-ÝА-Я][A-ZÀ-ÝА-Я.'’ -]{2,40}):\s+\S")
"""'MONTAGNE:', 'PRESIDENT ASHRAF GHANI:': speakers in capitals, as broadcast transcripts print them."""
_MERGED_TURN = re.compile(r"^[^.!?؟]{8,300}[?؟]\s+\S")
"""A question and its answer run together in one paragraph ('Did you know? We had no idea.')."""
_INITIAL_SURNAME_LINE = re.compile(r"^[^\W\d_]\.\s?[^\W\d_][\w’'-]+$")
_REPORTING_VERB = _words(
    "said", "says", "told", "added", "stated", "sagte", "sagt", "erklärte", "a déclaré", "a dit", "selon", "dijo",
    "afirmó", "declaró", "disse", "afirmou", "ha detto", "ha dichiarato", "zei", "verklaarde", "dedi", "açıkladı",
    "заявил", "сказал", "сообщил", "گفت", "می‌گوید", "میگوید", "افزود", "اعلام کرد", "قال", "أضاف", "صرح", "وویل", "ویلي",
)
_QUESTION_END = re.compile(r"[?？؟;]\s*[\"”’»]?\s*$")
DATELINE_BLOCKS = 3
"""A wire dateline opens the story, which may sit under a dek or a teaser of itself."""
MIN_QA_PAIRS = 2
MIN_DASH_TURNS = 2
MIN_LABELLED_SPEAKERS = 2
MIN_MERGED_TURNS = 3
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


def classify(page: PageSignals) -> str:
    head = " ".join(filter(None, [page.kicker, page.title, *page.standfirst, *page.body[:HEAD_BLOCKS]]))
    headline = " ".join(filter(None, [page.kicker, page.title]))
    if (
        TRANSCRIPT_WORDS.search(headline)
        or _count(page.body, _TIMECODE) >= MIN_TIMECODED_LINES
        or _count(page.body, _INITIAL_SURNAME_LINE) >= MIN_RADIO_LABELS  # 'А.Венедиктов' / '―' / turn: a broadcast's record
        or len({m.group(1) for t in page.body if (m := _BROADCAST_LABEL.match(t))}) >= MIN_BROADCAST_SPEAKERS
    ):
        return "transcript"
    if page.question_turns >= MIN_QA_PAIRS or _qa_pairs(page.body) >= MIN_QA_PAIRS or _dialogue(page.body):
        return "interview_qa"
    if TRANSCRIPT_WORDS.search(head):
        return "transcript"
    interview = page.named_interviewee or INTERVIEW_WORDS.search(head) or any(AUTHOR_INTERVIEWED.search(t) for t in page.body)
    if interview and _count(page.body, _CAPS_TURN) >= 1:
        return "interview_qa"  # an interview whose question/answer part starts on the page ('BERGEN: ...')
    if page.named_interviewee or INTERVIEW_WORDS.search(head):
        return "interview_narrative"
    if STATEMENT_WORDS.search(" ".join(filter(None, [headline, *page.body[:1]]))):
        return "statement"
    first_person = sum(len(FIRST_PERSON_SINGULAR.findall(text)) for text in page.body)
    labelled_opinion = OPINION_WORDS.search(page.kicker or "") or re.match(rf"{OPINION_WORDS.pattern}\s*:", headline, re.I)
    if labelled_opinion or (page.bylined and first_person >= MIN_FIRST_PERSON):
        return "opinion"
    if any(AUTHOR_INTERVIEWED.search(text) or PSEUDONYM.search(text) for text in page.body):
        return "interview_narrative"
    if any(_WIRE_DATELINE.search(text) for text in page.body[:DATELINE_BLOCKS]):
        return "news"
    reported = sum(len(_REPORTING_VERB.findall(text)) for text in page.body)
    paragraphs = sum(len(text.split()) >= NEWS_PARAGRAPH_WORDS for text in page.body)
    if paragraphs >= 3 and (page.dated_or_sourced or reported >= MIN_REPORTING_VERBS):
        return "news"
    return "other"


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
    return _count(texts, _MERGED_TURN) >= MIN_MERGED_TURNS


def _qa_pairs(texts: list[str]) -> int:
    """Questions answered by the next paragraph: a question paragraph followed by one that is not."""
    asks = [bool(_QUESTION_END.search(text)) and len(text.split()) <= 80 for text in texts]
    return sum(1 for k in range(len(texts) - 1) if asks[k] and not asks[k + 1])
