"""Attributed quotes: who is quoted saying what, with the evidence for the attribution.

- An interview answer is a quote of its speaker (method 'label' when the page labels the
  turn, 'qa_answer' when the turn was found by structure).
- In narration, a quotation is attributed by a speech verb right after it ('“…,” Massoud
  said', '“…,” he asked', '“…,” said X'), a colon introduction before it ('Ahmad Massoud
  said: “…”'), or a reporting clause earlier in its sentence whose subject is a person
  ('Massoud claimed that the Taliban is “leaderless,”', 'Massoud chastised this belief as
  “very naive,”', 'X, the leader of Y, said that … “…”'): a quoted phrase there is the
  subject's words, however short. A further quotation of at least MIN_QUOTE_WORDS words in
  the same paragraph with no cue of its own continues the last speaker ('“…,” he said. “…”').
- A person the quotation itself reports in the third person ('“Macron said it might …”') is
  not its speaker: 'Troch quoted Macron as saying: “Macron said …”' is left without one.
- A pronoun speaker resolves to the speaker of the last attributed quote, and only when
  no other person is named closer to it in the sentence; otherwise the speaker is null.
- Fewer than MIN_CLAUSE_WORDS words in quotation marks (or a short name) are a term: scare quotes, titles,
  slogans ('the Taliban is “leaderless”'), kept as kind 'term' with no speaker, never counted as speech.
- Paragraphs whose quotation marks do not pair up are skipped: the document carries the
  'unbalanced_quotes' flag instead of a guessed quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flows.language import lexicon
from flows.language.entities import Entity, KnowledgeBase, Mention
from flows.language.text import CAPITALS, QUOTATION, word_count
from flows.stages.segment import Segment

MIN_QUOTE_WORDS = 4
"""Without a cue of their own, shorter quotations are scare quotes or fragments ('“atrocities”'), not statements."""
MIN_CLAUSE_WORDS = 3
"""Reported speech holds at least a clause: fewer words in quotation marks are a term ('“leaderless”', '“very
naive”'), whatever verb stands beside them."""
CUE_VERBS: tuple[str, ...] = tuple(dict.fromkeys(lexicon.all_words("reporting_verbs") + lexicon.all_words("quotation_verbs")))
"""Speech verbs that attribute a quotation beside them, in every language (flows/rules/lang: reporting_verbs and
quotation_verbs): '“…,” he said', '„…“, sagte der Minister', '«…», — заявил X', 'X گفت: «…»'."""
SPEECH_VERBS = "|".join(re.escape(verb) for verb in sorted(CUE_VERBS, key=len, reverse=True))
CONFIDENCE = {"label": 0.95, "qa_answer": 0.9, "named": 0.9, "clause": 0.85, "pronoun": 0.75, "continuation": 0.7}
SUBJECT_WINDOW = 40
"""A person named this close to the start of a sentence is a likely subject: a rival antecedent for 'he'."""
_QUOTATION_GROUPS = ("curly", "straight", "guillemets", "low", "corner")
_NAME = rf"[{CAPITALS}][\w’'.-]*(?:\s+[{CAPITALS}][\w’'.-]*){{0,3}}"
_AFTER = re.compile(
    rf"^[\s,—–-]*(?:(?P<subject>[Hh]e|[Ss]he|{_NAME})\s+(?P<verb>{SPEECH_VERBS})(?!\w)"
    rf"|(?P<verb2>{SPEECH_VERBS})\s+(?P<subject2>{_NAME}))"
)
_COLON_INTRO = re.compile(rf"\b(?P<verb>{SPEECH_VERBS}|saying)\s*:\s*$")
REPORTING_VERBS = (
    f"{SPEECH_VERBS}|contends|contended|asserts|asserted|describes|described|calls|called|termed|dubbed|labelled|"
    "labeled|branded|chastised|criticised|criticized|condemned|denounced|urged|vowed|pledged|acknowledged|admitted|"
    "denied|affirmed|maintained|suggested|recalled|announced|lamented|praised|accused|blamed|tweeted|answered|"
    "pointed out|points out|pleaded|pleads|demanded|demands"
)
_ADVERBS = r"(?:\s+(?:also|further|later|again|then|once|now|still|even|repeatedly|previously|recently|has|had|have))*"
_REPORTING_CLAUSE = re.compile(
    rf"^(?:,\s+(?:the|a|an|his|her|its|their)\s[^,“”\"]{{1,80}},)?"  # an apposition: ', the leader of X,'
    rf"{_ADVERBS}\s+(?P<verb>{REPORTING_VERBS})\b"
)
_PRONOUN_REPORTING = re.compile(rf"\b(?P<pronoun>[Hh]e|[Ss]he){_ADVERBS}\s+(?P<verb>{REPORTING_VERBS})\b")
_REPORTED_IN_QUOTE = re.compile(rf"(?:,\s[^,“”\"]{{1,80}},)?\s+(?:{SPEECH_VERBS})\b")
_PRONOUN = re.compile(r"\b(?P<pronoun>[Hh]e|[Ss]he)\b")


@dataclass(frozen=True)
class Quote:
    segment_ordinal: int
    char_start: int
    char_end: int
    speaker_entity: str | None
    speaker: str | None  # canonical name, or the name as printed when it is not in the KB
    kind: str  # answer, quotation or term (schemas/quotes.py)
    method: str
    cue_verb: str | None
    confidence: float


def find_quotes(
    text: str, segments: list[Segment], mentions: list[Mention], kb: KnowledgeBase, found: Sequence[Entity] = ()
) -> list[Quote]:
    """Answers, and quotations in narration attributed to a person mentioned nearby; found: the people of the
    page found by pattern (flows/language/people.py), who may speak too."""
    entities = kb.entities | {e.id: e for e in found}
    by_name = {e.name: e.id for e in found}
    labelled_turns = {s.turn for s in segments if s.kind == "answer" and s.speaker_label}
    persons = [m for m in mentions if entities[m.entity_id].type == "person"]
    quotes: list[Quote] = []
    for segment in segments:
        if segment.kind == "answer":
            method = "label" if segment.turn in labelled_turns else "qa_answer"
            quotes.append(
                Quote(segment.ordinal, segment.char_start, segment.char_end,
                      kb.entity_for_name(segment.speaker) or by_name.get(segment.speaker or ""),
                      segment.speaker, "answer", method, None, CONFIDENCE[method])
            )
        elif segment.kind == "paragraph" and _balanced(segment.text):
            quotes += _narration_quotes(text, segment, persons, entities, quotes)
    return quotes


def _balanced(text: str) -> bool:
    """Every quotation mark of the paragraph pairs up (German „…“ closes with the mark English opens with)."""
    low = text.count("„")
    opened, closed = (low, text.count("“") + text.count("”")) if low else (text.count("“"), text.count("”"))
    return opened == closed and text.count('"') % 2 == 0 and text.count("«") == text.count("»") and text.count("「") == text.count("」")


def _narration_quotes(text: str, segment: Segment, persons: list[Mention], entities: dict[str, Entity], earlier: list[Quote]):
    found: list[Quote] = []
    for match in QUOTATION.finditer(segment.text):
        group = next(name for name in _QUOTATION_GROUPS if match.group(name) is not None)
        content_start, content_end = match.start(group), match.end(group)
        content = segment.text[content_start:content_end].rstrip(", ")
        start = segment.char_start + content_start
        end = start + len(content)
        words = word_count(content)
        if words == 0:
            continue  # marks around nothing but spaces or commas ('“ , ”'): no quote and no term
        if words < MIN_CLAUSE_WORDS or (words < MIN_QUOTE_WORDS and _is_a_name(content)):
            found.append(Quote(segment.ordinal, start, end, None, None, "term", "quotation_marks", None, 0.0))
            continue  # a term, a scare quote or a name in quotation marks ('the “Islamic Emirate”'): no speech
        attribution = _attribute(text, segment, match, persons, entities, earlier + found)
        if attribution is None:
            continue
        entity, speaker, verb, how = attribution
        if words < MIN_QUOTE_WORDS and how == "continuation":
            continue  # a fragment with no cue of its own
        if entity is not None and _reports(entity, start, end, text, persons):
            entity = speaker = None  # '“Macron said …”' is not Macron speaking
        method = {"colon": "colon_intro", "clause": "reporting_clause"}.get(how.split("_")[0], "said_verb")
        confidence = 0.0 if speaker is None else CONFIDENCE["pronoun" if how.endswith("pronoun") else how if how in CONFIDENCE else "named"]
        found.append(Quote(segment.ordinal, start, end, entity, speaker, "quotation", method, verb, confidence))
    return found


def _is_a_name(content: str) -> bool:
    words = re.findall(r"\w+", content)
    return bool(words) and all(w[0].isupper() for w in words)


def _reports(entity: str, start: int, end: int, text: str, persons: list[Mention]) -> bool:
    """Whether the quotation names `entity` as the subject of a speech verb: someone else is reporting them."""
    return any(m.entity_id == entity and start <= m.char_start and m.char_end <= end
               and _REPORTED_IN_QUOTE.match(text, m.char_end, end) for m in persons)


def _attribute(text, segment, match, persons, entities, earlier):
    """(entity, speaker, cue verb, how) for one quotation, or None when nothing attributes it."""
    after = segment.text[match.end() :]
    if (cue := _AFTER.match(after)) and not after[cue.end() :].lstrip().startswith(":"):  # 'X said:' opens the next one
        subject = cue.group("subject") or cue.group("subject2")
        verb = cue.group("verb") or cue.group("verb2")
        position = segment.char_start + match.end() + cue.start("subject" if cue.group("subject") else "subject2")
        return _speaker(subject, position, text, persons, entities, earlier, verb)
    stop = segment.text.rfind(". ", 0, match.start())
    sentence_start = 0 if stop < 0 else stop + 2
    before = segment.text[sentence_start : match.start()]
    lead_start = segment.char_start + sentence_start
    if cue := _COLON_INTRO.search(before):
        named = [m for m in persons if lead_start <= m.char_start < lead_start + cue.start()]
        if named:
            nearest = named[-1]
            return nearest.entity_id, entities[nearest.entity_id].name, cue.group("verb"), "colon"
        if pronoun := _PRONOUN.search(before):
            resolved = _resolve_pronoun(lead_start + pronoun.start(), text, persons, entities, earlier)
            speaker = resolved or (None, None)
            return (*speaker, cue.group("verb"), "colon_pronoun")
        return None
    if clause := _reporting_clause(text, lead_start, segment.char_start + match.start(), persons, entities, earlier):
        return clause
    previous = [q for q in earlier if q.segment_ordinal == segment.ordinal and q.method == "said_verb" and q.kind == "quotation"]
    if previous:  # '“…,” he said. “…”': the same speaker goes on
        last = previous[-1]
        return last.speaker_entity, last.speaker, last.cue_verb, "continuation"
    return None


def _reporting_clause(text, lead_start, quote_start, persons, entities, earlier):
    """The person (or resolved pronoun) whose reporting verb comes last in the sentence before the quotation."""
    best = None
    for m in persons:
        if lead_start <= m.char_start and m.char_end < quote_start and (cue := _REPORTING_CLAUSE.match(text[m.char_end:quote_start])):
            best = (m.char_end + cue.start("verb"), m.entity_id, entities[m.entity_id].name, cue.group("verb"), "clause")
    lead = text[lead_start:quote_start]
    for cue in _PRONOUN_REPORTING.finditer(lead):
        if best is None or lead_start + cue.start("verb") > best[0]:
            resolved = _resolve_pronoun(lead_start + cue.start(), text, persons, entities, earlier) or (None, None)
            best = (lead_start + cue.start("verb"), *resolved, cue.group("verb"), "clause_pronoun")
    return None if best is None else best[1:]


def _speaker(subject, position, text, persons, entities, earlier, verb):
    if subject.casefold() in ("he", "she"):
        resolved = _resolve_pronoun(position, text, persons, entities, earlier)
        return (*resolved, verb, "pronoun") if resolved else (None, None, verb, "pronoun")
    linked = next((m for m in persons if m.char_start <= position < m.char_end), None)
    if linked is not None:
        return linked.entity_id, entities[linked.entity_id].name, verb, "named"
    return None, subject, verb, "named"


def _resolve_pronoun(position, text, persons, entities, earlier):
    """The last quote's speaker, unless another person is the likely subject of a sentence in between."""
    last = next((q for q in reversed(earlier) if q.speaker_entity and q.char_end <= position), None)
    if last is None:
        return None
    subjects: dict[int, Mention] = {}  # sentence start -> first person named in that sentence
    for m in persons:
        if last.char_end <= m.char_start < position:
            subjects.setdefault(_sentence_start(text, m.char_start), m)
    rivals = {
        m.entity_id
        for start, m in subjects.items()
        if m.char_start - start <= SUBJECT_WINDOW and not text.startswith(("’s", "'s"), m.char_end)
    }
    if rivals - {last.speaker_entity}:
        return None
    return last.speaker_entity, last.speaker


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(". ", 0, position) + 2, text.rfind("\n", 0, position) + 1, 0)
