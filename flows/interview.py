"""Who is speaking: interview participants, speaker labels and question/answer turns.

Participants come from anchored phrases of the title and intro ("Interview with X",
"X: <headline quote>", "I spoke with X", "X interviewed Y", "X told Y", "in an interview
with journalist X, ... Y said"); names are made canonical inside the document (a bare
surname becomes the full name used elsewhere on the page, a misspelling the spelling the
page uses most). Labels resolve to participants by fuzzy match (rapidfuzz), so "Massound"
is Ahmad Massoud. Pages without labels are read by structure: an interview alternates
short questions addressed to "you" with first-person answers; a page that does not is
narrative, and its question-like lines are headings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from flows.text import ends_like_sentence, word_count

NAME_MATCH_SCORE = 85
"""fuzz.ratio for a label or spelling to count as a participant's name ('massound'/'massoud': 93)."""
QUESTION_MAX_WORDS = 60
QUESTION_PREAMBLE_MAX_WORDS = 40
HEADING_MAX_WORDS = 15
MIN_ANSWERED_QUESTIONS = 3
"""A page without labels is an interview only if this many question-like paragraphs get first-person replies."""

_TOKEN = r"[A-Z][\w’'.-]*"
_NAME = rf"{_TOKEN}(?:\s+(?:(?:al|bin|de|van|von|ul)\s+)?{_TOKEN})*"
_FULL_NAME = rf"{_TOKEN}(?:\s+(?:(?:al|bin|de|van|von|ul)\s+)?{_TOKEN})+"
_NOT_NAMES = {"he", "she", "it", "they", "we", "i", "the", "this", "that", "in", "his", "her", "their", "our", "an", "a"}
_INTERVIEWER_NOUNS = r"(?:journalist|reporter|correspondent|host|editor|writer|anchor)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
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
        ("intro.speaking_to_outlet", rf"\b(?:[Ss]peaking|[Tt]alking) (?:to|with) {_NAME}[^,.]{{0,80}}, (?P<interviewee>{_NAME}) [a-z]+"),
        ("intro.x_told_y", rf"(?P<interviewee>{_NAME}) told (?P<interviewer>{_NAME})"),
        ("intro.told_y", rf"\b(?:he|she) told (?P<interviewer>{_NAME})"),
    )
)
_QA_MARKER = re.compile(r"(?P<label>Q|A|Question|Answer)\s*[:.]\s+(?=\S)")
_INLINE_LABEL = re.compile(r"(?P<label>[^\s:][^:]{0,40}?)\s*:\s+(?=\S)")
_LABEL_TOKENS = re.compile(r"(?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3}")
_FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|me|my|we|our|us)\b")
FIRST_PERSON_SINGULAR = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|me|my|mine)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]|‘[^’]*’(?!\w)")


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
    """Stable id of a canonical name: 'Lynne O’Donnell' -> 'lynne-o-donnell'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-") or "unknown"


def _normal(text: str) -> str:
    return text.replace("’", "'").casefold().strip()


class NameResolver:
    """Makes the names of one page canonical: full names, the page's own dominant spelling."""

    def __init__(self, texts: list[str]):
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(n for n in re.findall(_NAME, text) if len(n.split()) >= 2)
        self.full_names = counts

    def canonical(self, name: str) -> str:
        tokens = name.split()
        if len(tokens) == 1:  # a bare surname: the page's most frequent full name ending with it
            endings = [(n, c) for n, c in self.full_names.items() if fuzz.ratio(_normal(n.split()[-1]), _normal(name)) >= NAME_MATCH_SCORE]
            if endings:
                return self._spelling(max(endings, key=lambda nc: (nc[1], -len(nc[0])))[0])
            return name
        return self._spelling(name)

    def _spelling(self, name: str) -> str:
        """Among spellings of the same name on the page, the most frequent (ties: the given one)."""
        variants = [(n, c) for n, c in self.full_names.items() if fuzz.ratio(_normal(n), _normal(name)) >= 90]
        if not variants:
            return name
        best = max(variants, key=lambda nc: nc[1])
        return best[0] if best[1] > self.full_names.get(name, 0) else name


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
                    if raw_name is None or _normal(raw_name.split()[0]) in _NOT_NAMES:
                        continue
                    name = resolver.canonical(raw_name)
                    if rule == "title.quoted_speaker" and resolver.full_names[name] < 2:
                        continue  # "Resistance Leader: ..." is a descriptor unless the name recurs on the page
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

    @property
    def own_line(self) -> bool:
        return self.label_end == self.end


INTERVIEWER_MARKERS = ("q", "question", "interviewer", "journalist", "reporter", "host", "moderator")
INTERVIEWEE_MARKERS = ("a", "answer", "interviewee", "guest")


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
    if not _LABEL_TOKENS.fullmatch(label.strip()):
        return None
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
    if label.strip().isupper() and len(label.strip()) > 2:
        return label.strip().title(), None  # an upper-case name we do not know: keep it, role unknown
    if label.strip() in recurring:
        return label.strip(), None
    return None


NOT_SPEAKERS = frozenset({
    "update", "updated", "note", "editor's note", "editor’s note", "watch", "read", "read more", "related", "source",
    "photo", "video", "correction", "disclaimer", "warning", "breaking", "live", "analysis", "opinion", "comment",
})
"""Prefixes that open paragraphs in the pattern of a label but never name a speaker."""


def recurring_labels(texts: list[str], minimum: int = 2) -> frozenset[str]:
    """Name-shaped 'Label:' prefixes that open at least `minimum` blocks of a page."""
    counts: Counter[str] = Counter()
    for text in texts:
        match = _INLINE_LABEL.match(text)
        label = match.group("label").strip() if match else ""
        if match and _LABEL_TOKENS.fullmatch(label) and label.casefold() not in NOT_SPEAKERS:
            counts[label] += 1
    return frozenset(label for label, n in counts.items() if n >= minimum)


def find_label(
    text: str, participants: Participants, outlet: str | None, next_text: str | None,
    recurring: frozenset[str] = frozenset(),
) -> Label | None:
    """A label starting the block ('Name: ...', 'Q: ...') or forming the whole block."""
    for pattern in (_QA_MARKER, _INLINE_LABEL):
        match = pattern.match(text)
        if match and (resolved := resolve_label(match.group("label"), participants, outlet, recurring)):
            return Label(match.group("label"), len(match.group().rstrip()), match.end(), *resolved)
    whole = text.strip()
    if next_text is not None and word_count(whole) <= 4 and not ends_like_sentence(whole):
        resolved = resolve_label(whole.rstrip(":"), participants, outlet)
        if resolved and (resolved[0] is not None or next_text.startswith(":")):
            return Label(whole.rstrip(":").strip(), len(text), len(text), *resolved)
    return None


def outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def is_question_like(text: str) -> bool:
    """Ends with a question mark that is not inside a quotation, or is a short question addressed to 'you'."""
    bare = outside_quotes(text).strip()
    if word_count(text) > QUESTION_MAX_WORDS or not bare:
        return False
    if bare.endswith("?"):
        return True
    return (
        word_count(text) <= 25
        and "?" in bare
        and _SECOND_PERSON.search(bare) is not None
        and FIRST_PERSON_SINGULAR.search(bare) is None
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
    return _FIRST_PERSON.search(outside_quotes(text)) is not None


def is_heading(text: str) -> bool:
    """Short, one sentence at most, ending in a question mark or in no punctuation (not a colon)."""
    text = text.rstrip()
    if word_count(text) > HEADING_MAX_WORDS or text.endswith(":") or re.search(r"[.!?]\s", text):
        return False
    return text.endswith("?") or not ends_like_sentence(text)
