"""Entity linking against the curated knowledge base (flows/kb/entities.yaml).

One Aho-Corasick automaton (ahocorasick-rs, leftmost-longest) holds every alias, so a
page is scanned once whatever the size of the KB, and "Ahmad Shah Massoud" wins over
"Massoud". The scan runs on a same-length copy of the text with curly apostrophes and
quotes folded to straight ones, so offsets stay those of the published text; a match
must stand between word boundaries, so "Milley’s" yields "Milley".

A bare surname shared by several people ("Massoud") is resolved per document: to the
historical figure when the words around it say so ("the late Massoud", "... that Massoud
had warned about two decades ago"), otherwise to the document's interviewee bearing the
name, otherwise to the candidate the page names most in full. Each mention records the
method and a confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import ahocorasick_rs
import yaml

from flows.language.text import TakenSpans, unspaced
from schemas.entities import ENTITY_TYPES

KB_PATH = Path(__file__).parents[1] / "kb" / "entities.yaml"  # flows/kb: the curated knowledge base
CONTEXT_WINDOW = 40
"""Characters on each side of a bare surname searched for context cues."""
CONFIDENCE = {"alias": 1.0, "surname_context": 0.8, "surname_interviewee": 0.9, "surname_most_named": 0.7}
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_OUTLET_CUE = re.compile(
    r"(?:(?:speaking|spoke|speaks|talking|talked|interview(?:ed)?[\w ]{0,30}?)\s+(?:to|for|with)|told|writing\s+for)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    qid: str | None
    aliases: tuple[str, ...]
    description: str
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurnameGroup:
    forms: tuple[str, ...]
    candidates: tuple[str, ...]
    historical: str
    context_before: tuple[str, ...]
    context_after: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    entity_id: str
    char_start: int
    char_end: int
    method: str
    confidence: float


class KnowledgeBase:
    """The curated entities and their alias automaton."""

    def __init__(self, entities: list[Entity], surnames: list[SurnameGroup]):
        self.entities = {e.id: e for e in entities}
        self.surnames = surnames
        patterns: dict[str, str | SurnameGroup] = {}
        for entity in entities:
            for form in (entity.name, *entity.aliases):
                folded = form.translate(_FOLD)
                if patterns.get(folded, entity.id) != entity.id:
                    raise ValueError(f"{KB_PATH.name}: alias {form!r} belongs to {patterns[folded]} and {entity.id}")
                patterns[folded] = entity.id
        for group in surnames:
            for form in group.forms:
                if form in patterns:
                    raise ValueError(f"{KB_PATH.name}: ambiguous surname {form!r} is also an alias of {patterns[form]}")
                patterns[form] = group
        self._targets = list(patterns.values())
        self._automaton = ahocorasick_rs.AhoCorasick(list(patterns), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        self._by_name = {form.casefold(): target for form, target in patterns.items() if isinstance(target, str)}
        self._by_domain = {d: e.id for e in entities for d in e.domains}
        self.person_surnames = frozenset(form.split()[-1].casefold() for e in entities if e.type == "person"
                                         for form in (e.name, *e.aliases) if form.split())
        """Last words of the people's names and aliases: a surname alone ('Mr. Ghani') is one of them."""

    def entity_for_name(self, name: str | None) -> str | None:
        """Entity id of a canonical name or alias ('Ahmad Massoud', 'Lynne O’Donnell'), if known."""
        return None if name is None else self._by_name.get(name.translate(_FOLD).casefold())

    def outlet_for_url(self, url: str | None) -> str | None:
        """Outlet entity id of a page address: its host or a parent domain is a known outlet domain."""
        if not url:
            return None
        host = (urlsplit(url).hostname or "").lower()
        parts = host.split(".")
        return next((self._by_domain[".".join(parts[i:])] for i in range(len(parts) - 1) if ".".join(parts[i:]) in self._by_domain), None)

    def raw_matches(self, text: str) -> list[tuple[str | SurnameGroup, int, int]]:
        """(entity id or surname group, start, end) of every whole-word alias in text."""
        folded = text.translate(_FOLD)
        found = []
        for index, start, end in self._automaton.find_matches_as_indexes(folded):
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            # an edge written in a script without spaces has no boundary to test: '美国总统乔·拜登表示'
            joined_before = (before.isalnum() or before == "_") and not unspaced(folded[start])
            joined_after = (after.isalnum() or after == "_") and not unspaced(folded[end - 1])
            if not joined_before and not joined_after:
                found.append((self._targets[index], start, end))
        return found


@cache
def knowledge_base(path: Path = KB_PATH) -> KnowledgeBase:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entities = []
    for item in data["entities"]:
        if item["type"] not in ENTITY_TYPES:
            raise ValueError(f"{path.name}: entity {item['id']} has unknown type {item['type']!r}")
        entities.append(
            Entity(item["id"], item["name"], item["type"], item.get("qid") or None, tuple(item.get("aliases", ())),
                   item.get("description", ""), tuple(item.get("domains", ())))
        )
    if len({e.id for e in entities}) != len(entities):
        raise ValueError(f"{path.name}: duplicate entity ids")
    surnames = [
        SurnameGroup(tuple(g["forms"]), tuple(g["candidates"]), g["historical"], tuple(g["context_before"]), tuple(g["context_after"]))
        for g in data.get("ambiguous_surnames", [])
    ]
    return KnowledgeBase(entities, surnames)


def find_mentions(text: str, interviewees: list[str], kb: KnowledgeBase | None = None) -> list[Mention]:
    """Linked mentions in a document's text, in order."""
    kb = kb or knowledge_base()
    matches = kb.raw_matches(text)
    named = Counter(target for target, _, _ in matches if isinstance(target, str))
    interviewee_ids = [kb.entity_for_name(name) for name in interviewees]
    mentions = []
    for target, start, end in matches:
        if isinstance(target, str):
            mentions.append(Mention(target, start, end, "alias", CONFIDENCE["alias"]))
            continue
        entity, method = _resolve_surname(target, text, start, end, interviewee_ids, named)
        if entity is not None:
            mentions.append(Mention(entity, start, end, method, CONFIDENCE[method]))
    return mentions


def _resolve_surname(group: SurnameGroup, text: str, start: int, end: int, interviewees: list, named: Counter):
    before = text[max(0, start - CONTEXT_WINDOW) : start].casefold()
    after = text[end : end + CONTEXT_WINDOW].casefold()
    if any(before.rstrip().endswith(cue) for cue in group.context_before) or any(
        cue in after[: after.find(".") if "." in after else None] for cue in group.context_after
    ):
        return group.historical, "surname_context"
    for entity in interviewees:
        if entity in group.candidates:
            return entity, "surname_interviewee"
    counted = [(named[c], c != group.historical, c) for c in group.candidates if named[c]]
    if counted:
        return max(counted)[2], "surname_most_named"
    return None, None


_CANDIDATE_NAME = re.compile(r"(?<![\w’'])[A-Z][\w’'-]+(?:\s+(?:(?:al|bin|de|of|the|van|von)\s+)?[A-Z][\w’'-]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[\"“‘(]\s*)$")


def unknown_names(texts: list[str], kb: KnowledgeBase | None = None, min_count: int = 2) -> list[tuple[str, int]]:
    """Capitalised names the knowledge base does not cover, most frequent first (for curators).

    A single capitalised word at the start of a sentence is left out: it is usually not a name.
    """
    kb = kb or knowledge_base()
    counts: Counter[str] = Counter()
    for text in texts:
        covered = TakenSpans((start, end) for _, start, end in kb.raw_matches(text))
        for match in _CANDIDATE_NAME.finditer(text):
            name, start = match.group().rstrip("’'"), match.start()
            if covered.overlaps(start, match.end()):
                continue
            if " " not in name and _SENTENCE_START.search(text[max(0, start - 3) : start]):
                continue
            counts[name.removesuffix("’s").removesuffix("'s")] += 1
    return [(name, n) for name, n in counts.most_common() if n >= min_count]


def find_outlet(url: str | None, texts: list[str], kb: KnowledgeBase | None = None) -> tuple[str | None, str | None]:
    """(outlet entity id, how it was found) from the page address or phrases like 'speaking to Al Majalla'."""
    kb = kb or knowledge_base()
    if (outlet := kb.outlet_for_url(url)) is not None:
        return outlet, "url_domain"
    for text in texts:
        for target, start, _ in kb.raw_matches(text):
            if isinstance(target, str) and kb.entities[target].domains and _OUTLET_CUE.search(text[max(0, start - 60) : start]):
                return target, "phrase"
    return None, None
