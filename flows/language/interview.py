"""Who is speaking: interview participants, speaker labels and question/answer turns.

Participants come from anchored phrases of the title and intro ("Interview with X",
"X: <headline quote>", "I spoke with X", "X interviewed Y", "X told Y", "in an interview
with journalist X, ... Y said"); names are made canonical inside the document (a bare
surname becomes the full name used elsewhere on the page, a misspelling the spelling the
page uses most). Labels resolve to participants by fuzzy match (rapidfuzz), so "Massound"
is Ahmad Massoud. Pages without labels are read by structure: an interview alternates
short questions addressed to "you" with first-person answers; a page that does not is
narrative, and its question-like lines are headings.

The words of every language (interview phrases, turn markers, first-person words, titles) are in
flows/rules/lang/<code>.toml, read through flows/language/lexicon.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import regex
from anyascii import anyascii
from rapidfuzz import fuzz

from flows.language import lexicon
from flows.language.credits import NAME_PARTICLES
from flows.language.entities import knowledge_base
from flows.language.text import (
    AFTER_COLON,
    CAPITALS,
    COLON,
    LABEL_COLONS,
    ends_like_sentence,
    is_title_case,
    unspaced,
    whole_words,
    word_count,
)

NAME_MATCH_SCORE = 85
KB_SPELLING_SCORE = 93
"""fuzz.ratio for a printed full name to be a knowledge-base person's ('margaret brennnan'/'margaret brennan': 97)."""
"""fuzz.ratio for a label or spelling to count as a participant's name ('massound'/'massoud': 93)."""
QUESTION_MAX_WORDS = 60
QUESTION_PREAMBLE_MAX_WORDS = 40
HEADING_MAX_WORDS = 15
MIN_ANSWERED_QUESTIONS = 3
"""A page without labels is an interview only if this many question-like paragraphs get first-person replies."""

_TOKEN = r"(?<![\w’'.-])[A-Z][\w’'.-]{0,40}"
"""A capitalised word, from its first letter (a search never restarts inside a word: linear time on any line)."""
NAME_MAX_WORDS = 6
"""A person's name has at most this many words; the bound keeps a search through a line of capitals linear."""
_NAME = rf"{_TOKEN}(?:\s+(?:(?:al|bin|de|van|von|ul)\s+)?{_TOKEN}){{0,{NAME_MAX_WORDS - 1}}}"
_FULL_NAME = rf"{_TOKEN}(?:\s+(?:(?:al|bin|de|van|von|ul)\s+)?{_TOKEN}){{1,{NAME_MAX_WORDS - 1}}}"
_NOT_NAMES = {"he", "she", "it", "they", "we", "i", "the", "this", "that", "in", "his", "her", "their", "our", "an", "a"}
_INTERVIEWER_NOUNS = r"(?:journalist|reporter|correspondent|host|editor|writer|anchor)"
INTERVIEW_WITH: dict[str, tuple[str, ...]] = lexicon.words("interview_with")
"""'an interview with X', per language: the phrase before the name of the one interviewed (or the outlet it
was given to, in a news item's 'said in an interview with <outlet>')."""
NAME_THEN_INTERVIEW: dict[str, tuple[str, ...]] = lexicon.words("name_then_interview")
"""Languages that put the name first ('Ahmet Yılmaz ile röportaj', 'له احمد مسعود سره مرکه')."""
NAME_TITLES: tuple[str, ...] = lexicon.all_words("name_titles")
"""Titles before an interviewee's name in those phrases ('مصاحبه با آقای X'), skipped to reach the name: a list
of its own, not people.py's honorifics (kinds.toml says why)."""
ORGANISATION_WORDS = frozenset(lexicon.all_words("organisation_words"))
"""Words that make a name an outlet or an institution ('Sky News', 'The Associated Press'), never a person."""
_CASED_TOKEN = r"(?<![\p{L}\p{N}’'-])(?:\p{Lu}\.|\p{Lu}[\p{L}’'-]{0,40})"
"""A capitalised word, or an initial with its full stop ('A.'), from its first letter; a sentence's full stop ends the name."""
CASED_NAME = rf"{_CASED_TOKEN}(?:\s+(?:(?:al|el|bin|ibn|de|del|da|dos|van|von|ul)\s+)?{_CASED_TOKEN}){{1,3}}"
_UNCASED_NAME = r"(?<![\p{Arabic}\u200c])[\p{Arabic}\u200c]{1,40}\s+[\p{Arabic}\u200c]{1,40}(?![\p{Arabic}\u200c])"
_NAME_TITLE = "(?:" + "|".join(regex.escape(h) for h in NAME_TITLES) + r")\s+"


def _phrases(lists: dict[str, tuple[str, ...]]) -> str:
    """The phrases of every language, longest first, each a whole word (text.whole_words)."""
    return whole_words(regex.escape(p) for p in sorted({p for ps in lists.values() for p in ps}, key=len, reverse=True))


GUEST_PHRASES: dict[str, tuple[str, ...]] = lexicon.words("guest_phrases")
"""A host presenting the guest ('Joining me is X', 'Mein Gast ist X', 'У нас в гостях X', 'مهمان امروز ما X')."""
_GUEST = regex.compile(
    rf"(?i:{_phrases(GUEST_PHRASES)})\s+(?:{_NAME_TITLE}|(?i:dr\.?|general|gen\.?)\s+)?(?P<interviewee>{CASED_NAME}|{_UNCASED_NAME})"
)
_INTERVIEWEE_AFTER = regex.compile(
    rf"(?<!{CASED_NAME},?\s+)(?i:{_phrases(INTERVIEW_WITH)})\s+(?:{_NAME_TITLE})?(?P<interviewee>{CASED_NAME}|{_UNCASED_NAME})"
)
_INTERVIEWEE_BEFORE = regex.compile(
    rf"(?:{_NAME_TITLE})?(?P<interviewee>{CASED_NAME}|{_UNCASED_NAME})\s+(?i:{_phrases(NAME_THEN_INTERVIEW)})"
)


class _AfterItsPhrase:
    """A pattern that needs one of its phrases somewhere in the text: looked for only in a text that has one. A
    pattern that opens with a name is tried at every character; the phrases alone are found ten times faster, and
    most paragraphs have none."""

    def __init__(self, pattern: regex.Pattern[str], phrases: dict[str, tuple[str, ...]]):
        self.pattern = pattern
        self.phrase = regex.compile(rf"(?i:{_phrases(phrases)})")

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        return self.pattern.finditer(text) if self.phrase.search(text) else iter(())


_INTERVIEWEE_BEFORE_ITS_PHRASE = _AfterItsPhrase(_INTERVIEWEE_BEFORE, NAME_THEN_INTERVIEW)
_PATTERNS: tuple[tuple[str, re.Pattern[str] | regex.Pattern[str] | _AfterItsPhrase], ...] = tuple(
    (rule, re.compile(pattern))
    for rule, pattern in (
        ("title.interview_with",
         rf"^(?:An?\s+|[Ii]n\s+)?(?:[Ee]xclusive\s+)?(?:[Ii]nterview|Q&A|[Cc]onversation)\s+[Ww]ith\s+(?P<interviewee>{_NAME})"),
        ("title.labelled_interview", rf"^(?:Exclusive|EXCLUSIVE|Interview|INTERVIEW|Q&A)\s*[:|–—-]\s*(?P<interviewee>{_FULL_NAME})\b"),
        ("title.quoted_speaker", rf"^(?P<interviewee>{_FULL_NAME}):\s"),
        ("intro.interview_with_journalist",
         rf"[Ii]nterview with (?:[\w-]+\s+){{0,3}}?{_INTERVIEWER_NOUNS}\s+(?P<interviewer>{_NAME}),\s+"
         rf"(?:[\w-]+\s+){{0,5}}?(?P<interviewee>{_FULL_NAME})\s+[a-z]+"),
        ("intro.interview_with_journalist", rf"[Ii]nterview with (?:[\w-]+\s+){{0,3}}?{_INTERVIEWER_NOUNS}\s+(?P<interviewer>{_NAME})"),
        ("intro.his_interview_with", rf"\b(?:[Hh]is|[Hh]er) interview with (?P<interviewer>{_NAME})"),
        ("intro.first_person_interview", rf"\bI (?:spoke|talked) (?:with|to) (?P<interviewee>{_NAME})"),
        ("intro.first_person_interview", rf"\bI interviewed (?P<interviewee>{_NAME})"),
        ("intro.x_interviewed_y", rf"(?P<interviewer>{_NAME}) interviewed (?P<interviewee>{_NAME})"),
        ("intro.speaking_to_outlet",
         rf"\b(?:[Ss]peaking|[Tt]alking) (?:[a-z]+ly )?(?:to|with) (?:the )?{_NAME}[^,.]{{0,80}}, (?P<interviewee>{_FULL_NAME})(?:,| [a-z]+)"),
        ("intro.x_told_y", rf"(?P<interviewee>{_NAME}) told (?P<interviewer>{_NAME})"),
        ("intro.told_y", rf"\b(?:he|she) told (?P<interviewer>{_NAME})"),
        ("intro.x_talks_with_y", rf"(?P<interviewer>{_FULL_NAME}) (?:talks|speaks|spoke|talked) (?:with|to) (?P<interviewee>{_FULL_NAME})"),
        ("intro.conducted_by", rf"[Ii]nterview (?:was )?(?:conducted|done|carried out) by (?P<interviewer>{_FULL_NAME})"),
        ("intro.x_in_conversation_with_y", rf"(?P<interviewee>{_FULL_NAME}),? in conversation with (?P<interviewer>{_FULL_NAME})"),
    )
) + (
    ("title.interview_with_any_language", _INTERVIEWEE_AFTER),
    ("title.interview_with_any_language", _INTERVIEWEE_BEFORE_ITS_PHRASE),
    ("intro.interview_with_any_language", _INTERVIEWEE_AFTER),
    ("intro.guest_presented", _GUEST),
    ("intro.interview_with_any_language", _INTERVIEWEE_BEFORE_ITS_PHRASE),
)
MERGED_TURN = re.compile(r"(?:[^.!?؟\n]|\.(?=\S)|(?<=\b[A-Z])\.(?!\S)){8,300}?[?؟]\s+(?=\S)")
"""'Did you realize what a danger it was? Afghans I used to meet ...': a question and its answer in one paragraph
(the full stops of 'U.S.' do not end the question)."""
MIN_MERGED_TURNS = 3
"""Three such paragraphs make a page of run-in turns; one is a rhetorical opening."""
_QA_MARKER = re.compile(r"(?P<label>Q|A)\s*[:.]\s+(?=\S)")
"""'Q. ...' / 'A. ...': the one-letter markers may end in a full stop; every other marker takes a colon."""
_INLINE_LABEL = re.compile(rf"(?P<label>[^\s{LABEL_COLONS}][^{LABEL_COLONS}]{{0,60}}?)\s*{COLON}{AFTER_COLON}(?=\S)(?!(?<=：)[“「『])")
"""'Name: text', '记者：text'; not '他说：“…”', where the full-width colon opens a quotation, not a turn."""
_LABEL_QUOTES = "„“”\"«»‚‘’'"
_LABEL_TAG = re.compile(r"(?<!\s)\s*\((?P<tag>[^\W\d_]{1,4}|\d{1,2}:\d{2}(?::\d{2})?)\)$")
"""What follows a speaker's name in a label: initials to use later ('Shekhar Gupta (SG):') or a timestamp."""
_LABEL_WORD = re.compile(r"[^\W\d_][\w’'.&・-]*")
"""A word of a label; '・' joins the parts of a foreign name in Japanese ('ザビフラ・ムジャヒド')."""
LABEL_MAX_WORDS = 4
CAPS_LABEL_MAX_WORDS = 8
"""'FMR. US ENVOY FOR AFGHANISTAN ZAL KHALILZAD:': broadcast transcripts put a caption in the label."""
UNCASED_LABEL_MAX_WORDS = 3
_SPEECH_VERBS = tuple(w for w in lexicon.all_words("reporting_verbs") if unspaced(w))
"""'他说：', '古特雷斯表示：': in a language written without spaces, a label's shape ending in a speech verb (the
reporting_verbs of the language files) introduces what was said, not a speaker's turn."""
FIRST_PERSON_WORDS: dict[str, tuple[str, ...]] = lexicon.words("first_person")
"""First-person words per language: an answer speaks of the speaker ('ich', 'nous', 'мы', 'من'); English 'I'
is matched in capitals only, by _FIRST_PERSON itself (Italian 'i' is 'the')."""
_FIRST_PERSON = re.compile(
    "(?:" + whole_words(["I"]) + "|(?i:"
    + whole_words(sorted({re.escape(w) for ws in FIRST_PERSON_WORDS.values() for w in ws}, key=len, reverse=True)) + "))"
)
FIRST_PERSON_SINGULAR = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|me|my|mine)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"”“]*[\"”]|‘[^’‘]*’(?!\w)")


@dataclass
class Participants:
    """Who takes part in an interview page, by canonical name."""

    interviewer: str | None = None
    interviewees: list[str] = field(default_factory=list)
    aliases: dict[str, set[str]] = field(default_factory=dict)  # canonical name -> forms seen
    evidence: dict[str, str] = field(default_factory=dict)  # canonical name -> rule that found it

    def role_of(self, name: str | None) -> str | None:
        if name is None:
            return None
        if name == self.interviewer:
            return "interviewer"
        return "interviewee" if name in self.interviewees else None

    def _add(self, name: str, form: str, rule: str) -> None:
        self.aliases.setdefault(name, set()).add(form)
        self.evidence.setdefault(name, rule)


def speaker_id(name: str) -> str:
    """Stable ASCII id of a canonical name: 'Lynne O’Donnell' -> 'lynne-odonnell', 'José Núñez' -> 'jose-nunez';
    a name in another script is transliterated (anyascii: 'З.Кабулов' -> 'z-kabulov'), so that the two
    speakers of a Persian page never share an id."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if any(c.isalpha() and not c.isascii() for c in folded):
        folded = anyascii(folded)
    return re.sub(r"[^a-z0-9]+", "-", folded.casefold().encode("ascii", "ignore").decode()).strip("-") or "unknown"


def _normal(text: str) -> str:
    return text.replace("’", "'").casefold().strip()


TITLE_WORDS = frozenset(lexicon.all_words("title_words"))
"""Words of office a label may carry before a name ('PRESIDENT ASHRAF GHANI', 'FMR. US ENVOY ... KHALILZAD')."""

POSSESSIVE_ENDINGS = ("'s", "’s", "'S", "’S")


class NameResolver:
    """Makes the names of one page canonical: full names, the page's own dominant spelling."""

    def __init__(self, texts: list[str]):
        counts: Counter[str] = Counter()
        for text in texts:
            for found in re.findall(_NAME, text):
                if found.isupper():
                    continue  # capitals: a label's typography
                words = found.split()
                while words and _normal(words[0]) in TITLE_WORDS:
                    words = words[1:]  # 'Governor Karim Haidari' is Karim Haidari
                if any(word.endswith(POSSESSIVE_ENDINGS) for word in words[:-1]):
                    continue  # 'Karzai’s BBC Newsnight Interview': a phrase about someone, no name
                if len(words) >= 2:
                    counts[" ".join(words).rstrip(".") if len(words[-1]) > 2 else " ".join(words)] += 1
        self.full_names = counts

    def canonical(self, name: str) -> str:
        tokens = name.split()
        if len(tokens) == 1:  # a bare surname: the page's most frequent full name ending with it
            endings = [(n, c) for n, c in self.full_names.items() if fuzz.ratio(_normal(n.split()[-1]), _normal(name)) >= NAME_MATCH_SCORE]
            if endings:
                return self._spelling(max(endings, key=lambda nc: (nc[1], -len(nc[0])))[0])
            openings = {n for n in self.full_names if fuzz.ratio(_normal(n.split()[0]), _normal(name)) >= NAME_MATCH_SCORE}
            words = {n: [w.strip(".") for w in n.split()] for n in openings}
            longest = max(openings, key=lambda n: (len(words[n]), -n.count("."), n), default=name)
            # 'Gen Atta' is the page's one Atta Mohammad Noor, however often a shorter form of it is printed
            return longest if all(words[longest][: len(w)] == w for w in words.values()) else name
        return self._spelling(name)

    def with_initials(self, initials: str) -> str | None:
        """The page's one full name whose words start with these letters ('ZJ' -> 'Zahra Joya'), else None."""
        names = {n for n in self.full_names if "".join(w[0] for w in n.split() if w.casefold() not in NAME_PARTICLES) == initials}
        return names.pop() if len(names) == 1 else None

    def _spelling(self, name: str) -> str:
        """Among spellings of the same name on the page, the most frequent (ties: the given one); capitals
        are a label's typography, not a spelling ('KARIM HAIDARI' is Karim Haidari)."""
        variants = [(n, c) for n, c in self.full_names.items() if fuzz.ratio(_normal(n), _normal(name)) >= 90 and not n.isupper()]
        if not variants:
            return name.title() if name.isupper() else name
        best = max(variants, key=lambda nc: nc[1])
        return best[0] if best[1] > self.full_names.get(name, 0) else name


CAPTION_LABEL_WORDS = 3
_INITIALS = re.compile(rf"(?:[{CAPITALS}]\.?\s?){{2,3}}")
"""A label of initials: 'ZJ', 'Z.J.', 'H. A.'."""


def join_speakers(
    participants: Participants, speakers: Counter[tuple[str, str]], texts: list[str], questions: int = 0
) -> dict[str, str]:
    """Participants the labels show: every answering speaker is an interviewee; an asking speaker with two
    turns or more, one the knowledge base knows, or the one named asker among the page's question labels
    (questions: all of them, named or not: 'Yalda Hakim, BBC INTERVIEWER:', then 'INTERVIEWER:') is the
    interviewer when no phrase named one. A label with an office or a caption before
    the name counts by its surname, made the page's full name ('PRESIDENT ASHRAF GHANI' -> 'Ashraf Ghani').
    Returns the name each printed speaker becomes."""
    resolver = NameResolver(texts)
    renamed: dict[str, str] = {}
    askers = [printed for printed, role in speakers if role == "interviewer"]
    sole_asker = ("interviewer", askers[0]) if len(askers) == 1 and questions >= 2 else None
    for (printed, role), turns in speakers.items():
        printed_name = printed
        if _INITIALS.fullmatch(printed):  # 'ZJ', 'H. A.': the one full name on the page with these initials
            printed = resolver.with_initials(re.sub(r"[\s.]", "", printed)) or printed
        words = printed.split()
        if _is_organisation(printed) or all(len(w.strip(".")) <= 1 for w in words):
            continue  # an outlet, or initials ('H. A.') that name nobody the page spells out
        while len(words) > 1 and _normal(words[0]) in TITLE_WORDS:
            words = words[1:]  # 'GOVERNOR KARIM HAIDARI' is Karim Haidari
        speaker = words[-1] if len(words) > CAPTION_LABEL_WORDS else " ".join(words)
        name = curated_name(resolver.canonical(speaker))
        known = [n for n in [participants.interviewer, *participants.interviewees] if n and _normal(n) == _normal(name)]
        name = renamed[printed_name] = known[0] if known else name
        asks_enough = turns >= 2 or knowledge_base().entity_for_name(name) is not None or (role, printed_name) == sole_asker
        if role == "interviewer" and participants.interviewer is None and asks_enough and _person_like(name) \
                and name not in participants.interviewees:
            participants.interviewer = name
            participants._add(name, speaker, "label.asks")
        elif role == "interviewee" and name not in participants.interviewees and name != participants.interviewer:
            participants.interviewees.append(name)
            participants._add(name, speaker, "label.answers")
    return renamed


def curated_name(name: str) -> str:
    """The knowledge base's name of a person printed another way ('أحمد مسعود', 'Ahmad Masoud' -> 'Ahmad Massoud',
    a slip in the name or in one of its aliases, 'Margaret Brennnan', 'Zabiulloh Mujohid'); the name as printed when
    the knowledge base does not know it, or knows two people it could be."""
    kb = knowledge_base()
    entity = kb.entity_for_name(name)
    if entity and kb.entities[entity].type == "person":
        curated = kb.entities[entity].name
        return name if _normal(curated) == _normal(name) else curated  # 'O’Donnell' as printed: one name
    words = len(name.split())
    close = {
        e.name for e in kb.entities.values() if e.type == "person" and words > 1
        for form in (e.name, *e.aliases) if len(form.split()) == words and fuzz.ratio(_normal(form), _normal(name)) >= KB_SPELLING_SCORE
    }
    return close.pop() if len(close) == 1 else name


OFFICE_WORDS = frozenset(
    _normal(word).rstrip(".") for kind in ("title_words", "role_words", "honorifics") for word in lexicon.all_words(kind)
    if " " not in word
)
"""Single words of office, role or address in every language, without a full stop ('gen', 'mr', 'pan'): printed
before a name, never part of it."""


def personal_name(printed: str) -> str | None:
    """The name in a candidate as a phrase printed it, without the offices before it ('Associate Editor Amitabh
    Revi' -> 'Amitabh Revi', 'Herat Governor Ismail Khan' -> 'Ismail Khan'); None when nothing of a name is left,
    or when the candidate is a phrase, not a name: a possessive ('Karzai's BBC Newsnight interview'), a word in
    small letters that is no name particle ('Russia sets out'), or a word the knowledge base knows as a place or an
    organisation ('Russia Sets Out')."""
    words = printed.split()
    offices = [k for k, word in enumerate(words) if _normal(word).strip(".,:") in OFFICE_WORDS]
    words = words[offices[-1] + 1 :] if offices else words
    if not words or any(word.endswith(POSSESSIVE_ENDINGS) for word in words):
        return None
    if any(word[:1].islower() and word.casefold() not in NAME_PARTICLES for word in words):
        return None
    kb = knowledge_base()
    if any((entity := kb.entity_for_name(word.strip(".,:"))) and kb.entities[entity].type != "person" for word in words):
        return None
    return " ".join(words)



def _person_like(name: str) -> bool:
    """'Lally Weymouth', not 'EurasiaNet' nor 'Interim Administration. IRIN': a label that names the outlet asks
    for it, and the outlet is no interviewer."""
    words = name.split()
    return 2 <= len(words) <= 4 and not any(w.endswith(".") and len(w) > 2 for w in words[:-1])


def _is_organisation(name: str) -> bool:
    return any(_normal(word).strip(".,") in ORGANISATION_WORDS for word in name.split())


def find_participants(title: str | None, intro: list[str], texts: list[str], credited: Sequence[str] = ()) -> Participants:
    """Interviewer and interviewees from the title and intro phrases (texts: every block of the page, title
    included), and the interviewer from a credit line (credited) when no phrase names one."""
    resolver = NameResolver(texts)
    found = Participants()
    sources = [("title", title)] if title else []
    sources += [("intro", text) for text in intro]
    for where, text in sources:
        for rule, pattern in _PATTERNS:
            if not rule.startswith(where):
                continue
            for match in pattern.finditer(text):
                for role, raw_name in match.groupdict().items():
                    if raw_name is None or _normal(raw_name.split()[0]) in _NOT_NAMES or _is_organisation(raw_name):
                        continue
                    if len(raw_name.split()[-1]) > 2:
                        raw_name = raw_name.rstrip(".")  # the sentence's full stop, not an initial's
                    words = raw_name.split()
                    owner = max((k for k, w in enumerate(words[:-2]) if w.endswith(("’", "'", "’s", "'s"))), default=None)
                    raw_name = personal_name(" ".join(words if owner is None else words[owner + 1 :]))  # "TOLOnews’ Yaser Abrar"
                    if raw_name is None:
                        continue
                    if role == "interviewer" and not _person_like(raw_name):
                        continue  # 'told IRIN', 'Interim Administration. IRIN': no person
                    name = curated_name(resolver.canonical(raw_name))
                    if rule in ("title.quoted_speaker", "title.labelled_interview") and resolver.full_names[name] < 2 \
                            and knowledge_base().entity_for_name(name) is None:
                        continue  # "Resistance Leader: ...", "Exclusive: Russia Sets Out ...": a name recurs on the page
                        # or is known
                    if role == "interviewee" and name not in found.interviewees and name != found.interviewer:
                        found.interviewees.append(name)
                    elif role == "interviewer" and found.interviewer is None and name not in found.interviewees:
                        found.interviewer = name
                    found._add(name, raw_name, rule)
    for name in credited:
        if found.interviewer is None and name not in found.interviewees:
            found.interviewer = name
            found._add(name, name, "credit.interviewer")
    return found


@dataclass(frozen=True)
class Label:
    """A speaker label at the start of a block (or a whole block)."""

    text: str  # the label as printed, without the colon
    label_end: int  # end of the label with its punctuation ("O’Donnell:")
    end: int  # where the utterance starts in the block (len(block) for a label on its own line)
    speaker: str | None
    role: str | None
    own_line: bool = False  # the whole block: the utterance is the next one (not told by label_end == end:
    # '记者：您…' has no space after its full-width colon)


QUESTION_MARKERS: dict[str, tuple[str, ...]] = lexicon.words("question_markers")
"""Labels of the interviewer's turns, per language ('Q:', 'Frage:', 'Pregunta:', 'Вопрос:', 'سؤال:')."""
ANSWER_MARKERS: dict[str, tuple[str, ...]] = lexicon.words("answer_markers")
"""Labels of the interviewee's turns, per language ('A:', 'Antwort:', 'Respuesta:', 'Ответ:', 'جواب:')."""
INTERVIEWER_MARKERS = frozenset(m for markers in QUESTION_MARKERS.values() for m in markers)
INTERVIEWEE_MARKERS = frozenset(m for markers in ANSWER_MARKERS.values() for m in markers)


def resolve_label(
    label: str, participants: Participants, outlet: str | None, recurring: frozenset[str] = frozenset()
) -> tuple[str | None, str | None] | None:
    """(speaker, role) for a label, or None if the text is not a speaker label.

    `recurring`: name-shaped labels that open several blocks of the page; a name we cannot
    match to a participant is still a speaker when the page uses it as a label repeatedly.
    """
    marker = label.strip().rstrip(".").casefold()
    if marker in INTERVIEWER_MARKERS:
        return participants.interviewer, "interviewer"
    if marker in INTERVIEWEE_MARKERS:
        only = participants.interviewees[0] if len(participants.interviewees) == 1 else None
        return only, "interviewee"
    if named := _name_with_role_marker(bare_label(label)):
        return named
    if not label_shape(label):
        return None
    label = bare_label(label)
    if outlet and _normal(label) == _normal(outlet):  # the outlet asks: its interviewer if the page names one
        return participants.interviewer or outlet, "interviewer"
    for name in [participants.interviewer, *participants.interviewees]:
        if name is None:
            continue
        forms = {name, name.split()[-1], *participants.aliases.get(name, ())}
        if any(fuzz.ratio(_normal(label), _normal(form)) >= NAME_MATCH_SCORE for form in forms):
            return name, participants.role_of(name)
        tokens = label.split()
        if (
            len(tokens) > 1
            and re.fullmatch(r"[A-Z]\.?", tokens[0])  # 'A. Massoud': an initial and the surname
            and name.startswith(tokens[0][0])
            and fuzz.ratio(_normal(tokens[-1]), _normal(name.split()[-1])) >= NAME_MATCH_SCORE
        ):
            return name, participants.role_of(name)
        initials = "".join(t[0] for t in name.replace("’", " ").split() if t[0].isupper())
        if label.strip().replace(".", "") == initials:
            return name, participants.role_of(name)
    if label.strip() not in recurring:
        return None  # a name we do not know is a speaker only when the page uses it as a label
    if label.strip().isupper() and len(label.strip()) > 2:
        return label.strip().title(), None  # 'MONTAGNE' is Montagne: capitals are the label's typography
    return label.strip(), None


ROLE_MARKER_MIN_CHARS = 3
"""A role word beside a name is a marker from the language files of three letters or more: 'Q' or 'A' before a
name is an initial ('A Martínez'), not a role."""


def _name_with_role_marker(label: str) -> tuple[str, str] | None:
    """(name, role) for a label that prints a full name with the role word of a turn label beside it: after a comma
    ('Yalda Hakim, BBC INTERVIEWER', 'JANE DOE, HOST') or before the name ('Jornalista Christina Lamb')."""
    head, comma, tail = label.partition(",")
    name, role_words = (head, tail.split()) if comma else (" ".join(label.split()[1:]), label.split()[:1])
    marker = _normal(role_words[-1]).rstrip(".") if role_words else ""
    if len(marker) < ROLE_MARKER_MIN_CHARS:
        return None
    role = "interviewer" if marker in INTERVIEWER_MARKERS else "interviewee" if marker in INTERVIEWEE_MARKERS else None
    person = personal_name(name.strip()) if role else None
    if person is None or len(person.split()) < 2:
        return None
    return (person.title() if person.isupper() else person), role


NOT_SPEAKERS = frozenset({
    "update", "updated", "note", "editor's note", "editor’s note", "watch", "read", "read more", "related", "source",
    "photo", "video", "correction", "disclaimer", "warning", "breaking", "live", "analysis", "opinion", "comment",
})
"""Prefixes that open paragraphs in the pattern of a label but never name a speaker."""


def bare_label(label: str) -> str:
    """The label without its quotes and its tag: '„Krone“' -> 'Krone', 'Shekhar Gupta (SG)' -> 'Shekhar Gupta'."""
    return _LABEL_TAG.sub("", label.strip().strip(_LABEL_QUOTES)).strip().strip(_LABEL_QUOTES)


def label_shape(label: str) -> bool:
    """A speaker's name, initials, role or outlet as printed before a colon, in any script: capitalised
    words in a cased script (all capitals for broadcast captions), a few words in Arabic script."""
    words = bare_label(label).split()
    if not words or not all(_LABEL_WORD.fullmatch(w) for w in words):
        return False
    if not any(c.isupper() or c.islower() for w in words for c in w):
        # Arabic, Persian, Pashto, Chinese, Japanese: no capitals to go by
        return len(words) <= UNCASED_LABEL_MAX_WORDS and not words[-1].endswith(_SPEECH_VERBS)
    if all(w.isupper() for w in words if any(c.isalpha() for c in w)):
        return len(words) <= CAPS_LABEL_MAX_WORDS
    names = [w for w in words if w.casefold() not in NAME_PARTICLES]
    return len(words) <= LABEL_MAX_WORDS and all(w[0].isupper() or w[0].isdigit() for w in names)


def page_labels(texts: list[str], announced: bool = False) -> frozenset[str]:
    """Label-shaped prefixes the page uses as speaker labels: one that opens two blocks or more (spelling
    slips included: 'BRENNNAN', 'BRENNAN'); two different ones in a row where the first asks a question
    ('Le Point : ...?' / 'Abdullah Abdullah : ...'), which is how a page showing a single exchange prints
    it; one near an accepted label (labels come in runs of turns); a name and colon on a line of their own
    naming someone the page names elsewhere ('Abdul Qahar Balkhi:'); and, on a page that says it is an
    interview (announced), a single label that asks a question or is set in capitals ('BERGEN: ...')."""
    found: list[str | None] = []
    asks: list[bool] = []
    own_line: list[bool] = []
    for k, text in enumerate(texts):
        label, utterance, alone = candidate_label(text), text, False
        if label is None and k + 1 < len(texts) and (label := _own_line_candidate(text)):
            utterance, alone = texts[k + 1], True
        found.append(None if label and label.casefold() in NOT_SPEAKERS else label)
        asks.append(label is not None and ends_with_question(utterance))
        own_line.append(alone)
    positions = [k for k, label in enumerate(found) if label]
    times = Counter(found[k] for k in positions)  # distinct labels are few: compare those, not every pair of uses
    accepted = {label for label in times if sum(n for other, n in times.items() if _same_label(label, other)) >= 2}
    for k, after in zip(positions, positions[1:]):
        if after - k <= LABEL_RUN_GAP and not _same_label(found[k], found[after]) and asks[k]:
            accepted |= {found[k], found[after]}
    named: dict[str, bool] = {}  # whether a label's name is written in two blocks or more, read once per label
    for k in positions:
        alone_on_page = announced and len(positions) == 1 and (asks[k] or found[k].isupper())
        if own_line[k] and texts[k].rstrip().endswith(tuple(LABEL_COLONS)) and found[k] not in named:
            named[found[k]] = sum(found[k] in text for text in texts) >= 2
        if (own_line[k] and texts[k].rstrip().endswith(tuple(LABEL_COLONS)) and named[found[k]]) or alone_on_page:
            accepted.add(found[k])
    grown = True
    while grown:
        near = {found[j] for n, k in enumerate(positions) if found[k] in accepted
                for j in positions[max(n - 1, 0) : n + 2] if abs(j - k) <= LABEL_RUN_GAP}
        grown = bool(near - accepted)
        accepted |= near
    return frozenset(accepted)


_HEADLINE_START = re.compile(r"[^.:!?;]*")
LABEL_RUN_GAP = 4
"""Labels of one conversation stand within a few paragraphs of each other."""
_OWN_LINE_INITIAL = re.compile(r"[^\W\d_]\.\s?[^\W\d_][\w’'-]+")
"""'А.Венедиктов': an initial and a surname alone on a line, a radio transcript's label."""


def candidate_label(text: str) -> str | None:
    """The label a block opens with, if it has a label's shape ('Le Point :', 'انیسه شهید:')."""
    match = _INLINE_LABEL.match(text)
    return bare_label(match.group("label")) if match and label_shape(match.group("label")) else None


def _own_line_candidate(text: str) -> str | None:
    whole = text.strip()
    if whole.endswith(tuple(LABEL_COLONS)) and label_shape(whole[:-1]):
        return bare_label(whole[:-1])
    return whole if _OWN_LINE_INITIAL.fullmatch(whole) else None


def _same_label(one: str, other: str) -> bool:
    return one == other or fuzz.ratio(_normal(one), _normal(other)) >= NAME_MATCH_SCORE


def same_person(one: str, other: str) -> bool:
    """Two printed names of one speaker: a spelling slip, or the same surname ('Karim Haidari', 'HAIDARI')."""
    return _same_label(one, other) or (len(_surname(one)) >= 3 and _surname(one) == _surname(other))


def _surname(name: str) -> str:
    words = name.split()
    return _normal(words[-1]) if words else ""


def ends_with_question(text: str) -> bool:
    """Ends with a question mark of any script: '?', Arabic '؟', full-width '？', Greek ';'."""
    return re.search(r"[?؟？;]\s*[\"”’»)]*\s*$", text) is not None


def find_label(
    text: str, participants: Participants, outlet: str | None, next_text: str | None,
    recurring: frozenset[str] = frozenset(),
) -> Label | None:
    """A label starting the block ('Name: ...', 'Q: ...') or forming the whole block."""
    for pattern in (_QA_MARKER, _INLINE_LABEL):
        match = pattern.match(text)
        if match and is_title_case(_HEADLINE_START.match(text[match.end() :]).group()):
            continue  # 'Ashraf Ghani: Afghanistan's Future Depends On The U.S.': a headline, not a turn
        if match and (resolved := resolve_label(match.group("label"), participants, outlet, recurring)):
            return Label(match.group("label"), len(match.group().rstrip()), match.end(), *resolved)
    whole = text.strip()
    if next_text is not None and word_count(whole) <= 4 and not ends_like_sentence(whole):
        resolved = resolve_label(whole.rstrip(LABEL_COLONS), participants, outlet, recurring)
        printed = whole.rstrip(LABEL_COLONS).strip()
        if resolved and (resolved[0] is not None or next_text.startswith(":") or bare_label(printed) in recurring):
            return Label(printed, len(text), len(text), *resolved, own_line=True)
    return None


def outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def is_question_like(text: str) -> bool:
    """Ends with a question mark that is not inside a quotation, or is a short question addressed to 'you'."""
    bare = outside_quotes(text).strip()
    if word_count(text) > QUESTION_MAX_WORDS or not bare:
        return False
    if ends_with_question(bare):
        return True
    return (
        word_count(text) <= 25
        and "?" in bare
        and _SECOND_PERSON.search(bare) is not None
        and FIRST_PERSON_SINGULAR.search(bare) is None
    )


INTERROGATIVES: dict[str, tuple[str, ...]] = lexicon.words("interrogatives")
"""Words that open a question, per language: a question the end of the page cut before its mark."""
OPENS_QUESTION = re.compile(
    r"\s*" + whole_words(re.escape(w) for w in sorted({w for ws in INTERROGATIVES.values() for w in ws}, key=len, reverse=True)),
    re.IGNORECASE,
)


def is_cut_off_question(text: str) -> bool:
    """The page's last paragraph, cut before its end, shaped like a question ('Do you believe bin Laden is still
    in you', 'You are free to leave whenever you like, why do you s')."""
    bare = outside_quotes(text)
    return (
        not ends_like_sentence(text)
        and word_count(text) <= QUESTION_MAX_WORDS
        and (OPENS_QUESTION.match(bare) is not None or _SECOND_PERSON.search(bare) is not None)
    )


def is_question_preamble(text: str) -> bool:
    """A short statement the interviewer makes before asking ('Your father ... was a threat to al-Qaeda.')."""
    bare = outside_quotes(text)
    return (
        word_count(text) <= QUESTION_PREAMBLE_MAX_WORDS
        and _SECOND_PERSON.search(bare) is not None
        and FIRST_PERSON_SINGULAR.search(bare) is None
    )


def is_first_person(text: str) -> bool:
    """Speaks in the first person outside quotations; an answer printed whole between quotation marks
    (a style of some papers) is read inside them."""
    bare = outside_quotes(text)
    return _FIRST_PERSON.search(bare if word_count(bare) >= 3 else text) is not None


def is_heading(text: str) -> bool:
    """Short, one sentence at most, ending in a question mark or in no punctuation (not a colon)."""
    text = text.rstrip()
    if word_count(text) > HEADING_MAX_WORDS or text.endswith(":") or re.search(r"[.!?]\s", text):
        return False
    return text.endswith("?") or not ends_like_sentence(text)
