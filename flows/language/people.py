"""People the knowledge base does not know, found by pattern, so that a person's mentions do not depend
on someone having typed every name into `flows/kb/entities.yaml`.

A capitalised name of two to four words is a person when the page says so (a single name, when an
honorific stands before it: 'Mr. Zaki'): a role or honorific before
it ('spokesman Zabihullah Mujahid', 'Präsident X', 'le porte-parole X'), a role after it ('X, the
commander of', 'X, Amnesty International's Secretary General'), a speech verb beside it ('X said',
'according to X', 'laut X'), the page's own speakers (interviewees, interviewer), or a first name opening it that a
shipped list of first names knows ('Salem Wahdat': gender-guesser's 45,000 names of many countries); and none of its
words written in lower case elsewhere on the page ('Hopes Peace Will Give' is a headline). Such people become
entities marked not curated (no Wikidata id), and every full-name occurrence a mention with the method
and a confidence. A name the knowledge base matches is left to it; names with an organisation word
('Sky News') or a place the knowledge base knows are not people.

The words (roles, honorifics, speech verbs, per language) are in flows/rules/lang/<code>.toml, read
through flows/language/lexicon.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from flows.language import lexicon
from flows.language.credits import NAME_PARTICLES
from flows.language.entities import Entity, KnowledgeBase, Mention
from flows.language.interview import CASED_NAME, OFFICE_WORDS, ORGANISATION_WORDS, TITLE_WORDS, speaker_id
from flows.language.text import TakenSpans, unspaced, whole_words

ROLE_WORDS: dict[str, tuple[str, ...]] = lexicon.words("role_words")
"""Roles and honorifics that introduce a person's name, per language (capitalised scripts: in Arabic
script a name has no capitals to find it by, and is left to the knowledge base)."""
HONORIFICS: dict[str, tuple[str, ...]] = lexicon.words("honorifics")
"""Honorifics, per language: unlike a role ('President Biden' may be a title of office), they name a person
even by the surname alone ('Mr. Zaki')."""
SPEECH_BEFORE: tuple[str, ...] = lexicon.all_words("speech_before_name")
SPEECH_AFTER: tuple[str, ...] = lexicon.all_words("speech_after_name")
"""Speech verbs beside a name: the one who speaks is a person."""
ARTICLES: tuple[str, ...] = lexicon.all_words("articles")
"""Articles between a name and its role ('X, the commander of')."""
NOT_NAME_WORDS = frozenset(lexicon.all_words("not_name_words"))
"""Capitalised words that open or fill a phrase but are no part of a person's name."""
CONFIDENCE = {"pattern_role": 0.8, "pattern_honorific": 0.75, "pattern_speech": 0.7, "pattern_speaker": 0.9,
              "pattern_first_name": 0.6}

def _phrases(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _whole(words) -> str:
    """The words, longest first, each a whole word (text.whole_words)."""
    return whole_words(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


_ROLE_BEFORE = regex.compile(
    rf"(?i:{_whole(w for ws in ROLE_WORDS.values() for w in ws)})\s+(?P<name>{CASED_NAME})"
)
_ROLE_AFTER = regex.compile(
    rf"(?P<name>{CASED_NAME}),\s+(?:(?i:{_phrases(ARTICLES)})\s+)?(?:[\p{{L}}’'-]+\s+){{0,4}}?"
    rf"(?i:{_whole(w for ws in ROLE_WORDS.values() for w in ws)})"
)
_ROLES = frozenset(w for ws in ROLE_WORDS.values() for w in ws)
_WORD = regex.compile(r"\w+")


class _Openings:
    """Where a pattern that opens with one of `phrases` (case-insensitive, each a whole word) can match: at a word
    whose folded form opens a phrase written with spaces (a set lookup per word), and where a phrase of a script
    without spaces starts (it may start inside a run of letters). Trying the pattern there only, rather than at
    every character, gives the same matches: scanning a page's every character for hundreds of case-insensitive
    words made these the costliest scans of the tag stage."""

    def __init__(self, phrases: Iterable[str]):
        phrases = set(phrases)
        self.first_words = frozenset(
            regex.match(r"\w+", w).group().casefold() for w in phrases if not unspaced(w) and regex.match(r"\w+", w)
        )
        in_unspaced_scripts = [w for w in phrases if unspaced(w)]
        self.unspaced = regex.compile(_whole(in_unspaced_scripts)) if in_unspaced_scripts else None
        if any(not unspaced(w) and not regex.match(r"\w+", w) for w in phrases):
            raise ValueError("a phrase that opens with no letter cannot be found by its first word")

    def starts(self, text: str) -> set[int]:
        found = {m.start() for m in _WORD.finditer(text) if m.group().casefold() in self.first_words}
        if self.unspaced is not None:
            found.update(m.start() for m in self.unspaced.finditer(text, overlapped=True))
        return found


def _matches_at(pattern: regex.Pattern, text: str, starts: Iterable[int]) -> Iterator[regex.Match]:
    """`pattern.finditer(text, overlapped=True)` when the pattern can only match at `starts`: the match at each."""
    for start in sorted(starts):
        if match := pattern.match(text, start):
            yield match


_ROLE_OPENINGS = _Openings(_ROLES)
_NAME_STARTS = regex.compile(r"(?<![\p{L}\p{N}’'-])\p{Lu}")
"""Where CASED_NAME can start: a capital after no letter, digit, apostrophe or hyphen."""


def _roles_before_names(text: str) -> Iterator[regex.Match]:
    """_ROLE_BEFORE's matches (it opens with a role)."""
    return _matches_at(_ROLE_BEFORE, text, _ROLE_OPENINGS.starts(text))


_HONORIFIC_SURNAME = regex.compile(
    rf"(?<![\p{{L}}.])(?:{_phrases(w.capitalize() for ws in HONORIFICS.values() for w in ws)})\s+"
    rf"(?P<name>\p{{Lu}}[\p{{Ll}}’'-]{{2,}})(?![\p{{L}}\d])(?!\s+\p{{Lu}})"
)
_CANDIDATE = regex.compile(rf"(?P<name>{CASED_NAME})")
_CAPITALISED = regex.compile(r"(?<![\p{L}\d’'-])\p{Lu}\p{Ll}+")


@cache
def _first_names():
    """gender-guesser's list of first names (about 45,000, of many countries, Afghan and Arabic ones among them)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """Whether the list knows the word as someone's first name ('Salem', 'Zarifa', 'Renaud'; not 'Kabul')."""
    return _first_names().get_gender(word) != "unknown"


_GLUED_CAPITAL = regex.compile(r"\p{Ll}{3}\p{Lu}")
"""'KindbergOrdförande', 'RaymanCFO': two words a scrape glued, no name ('McDonald', 'MacArthur' are)."""


def _opens_with_first_name(name: str) -> bool:
    """A candidate whose first word is a first name of the list, written as a name (not an acronym such as 'AP',
    not a particle such as 'Al', not an honorific or a role such as the Polish 'Pan'), and none of whose words is two
    glued together."""
    first = name.split()[0]
    folded = first.casefold().replace("’", "'").rstrip(".")
    return (not first.isupper() and folded not in NAME_PARTICLES and folded not in OFFICE_WORDS
            and is_first_name(first) and _GLUED_CAPITAL.search(name) is None)


_SPEECH = regex.compile(
    rf"(?i:{_whole(SPEECH_BEFORE)})\s+(?P<name>{CASED_NAME})|(?P<name>{CASED_NAME})\s+(?i:{_whole(SPEECH_AFTER)})"
)
_SPEECH_OPENINGS = _Openings(SPEECH_BEFORE)


def _speech_beside_names(text: str) -> Iterator[regex.Match]:
    """_SPEECH's matches: it opens with a speech verb or with a name."""
    return _matches_at(_SPEECH, text, _SPEECH_OPENINGS.starts(text) | {m.start() for m in _NAME_STARTS.finditer(text)})


@dataclass(frozen=True)
class FoundPeople:
    entities: list[Entity]
    mentions: list[Mention]


def found_entity_id(name: str) -> str:
    """Id of a person found by pattern: 'found-' and the name's ASCII form ('found-agnes-callamard')."""
    return f"found-{speaker_id(name)}"


def find_people(text: str, covered: list[Mention], speakers: list[str], kb: KnowledgeBase) -> FoundPeople:
    """People of the page the knowledge base does not cover, and every place their full name occurs."""
    taken = TakenSpans((m.char_start, m.char_end) for m in covered)
    methods: dict[str, str] = {}
    for name in speakers:
        if _is_person_name(name, kb):
            methods.setdefault(name, "pattern_speaker")
    found = ((_roles_before_names(text), "pattern_role"), (_ROLE_AFTER.finditer(text, overlapped=True), "pattern_role"),
             (_speech_beside_names(text), "pattern_speech"))
    for matches, method in found:
        for match in matches:
            name = _trim(match.group("name"))
            start = match.start("name")
            if name and _is_person_name(name, kb) and not taken.overlaps(start, start + len(name)):
                methods.setdefault(name, method)
    for word in _CAPITALISED.finditer(text):  # 'Salem Wahdat': a first name opens it (the name pattern runs only there)
        if not is_first_name(word.group()) or (match := _CANDIDATE.match(text, word.start())) is None:
            continue
        name = _trim(match.group("name"))
        start = match.start("name") + match.group("name").find(name) if name else -1
        if name and _opens_with_first_name(name) and _is_person_name(name, kb) and not taken.overlaps(start, start + len(name)):
            methods.setdefault(name, "pattern_first_name")
    for match in _HONORIFIC_SURNAME.finditer(text):  # 'Mr. Zaki', unless a fuller name of the page ends with it
        name = match.group("name")
        folded = name.casefold()
        if (folded not in NOT_NAME_WORDS and folded not in TITLE_WORDS and folded not in _ROLES  # not 'Mr. General'
                and folded not in kb.person_surnames
                and kb.entity_for_name(name) is None and not any(full.split()[-1] == name for full in methods)
                and not taken.overlaps(match.start("name"), match.end("name"))):
            methods.setdefault(name, "pattern_honorific")
    lower_words = {w for w in regex.findall(r"\p{Ll}[\p{L}’'-]*", text)}
    mentions, entities = [], {}
    for name, method in methods.items():
        if any(w.casefold() in lower_words for w in name.split() if w.casefold() not in NAME_PARTICLES):
            continue  # 'Hopes Peace Will Give': words the page writes in lower case are no name
        entity = Entity(found_entity_id(name), name, "person", None, (), "Found on a page by pattern; not curated.", ())
        for match in regex.finditer(rf"(?<![\p{{L}}\d]){regex.escape(name)}(?![\p{{L}}\d])", text):
            if not taken.overlaps(match.start(), match.end()):
                mentions.append(Mention(entity.id, match.start(), match.end(), method, CONFIDENCE[method]))
                taken.add(match.start(), match.end())
                entities[entity.id] = entity
    return FoundPeople(sorted(entities.values(), key=lambda e: e.id), sorted(mentions, key=lambda m: m.char_start))


def _trim(name: str) -> str:
    """Without a possessive or a leading word that is no name ('The', 'President' caught twice)."""
    words = name.replace("’s", "").replace("'s", "").split()
    while words and (words[0].casefold() in NOT_NAME_WORDS or words[0].casefold() in TITLE_WORDS):
        words = words[1:]
    while words and words[-1].casefold() in NOT_NAME_WORDS:
        words = words[:-1]
    return " ".join(words) if len(words) >= 2 else ""


def _is_person_name(name: str, kb: KnowledgeBase) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 4 or name.isupper() or any(w.casefold().strip(".,") in ORGANISATION_WORDS for w in words):
        return False
    if not all(w[0].isupper() or w in NAME_PARTICLES for w in words):
        return False
    known = kb.entity_for_name(name)
    return known is None  # the knowledge base's own entities (people, places, outlets) are matched by it
