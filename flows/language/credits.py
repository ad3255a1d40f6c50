"""Credit lines, in every language of the corpus: who wrote a page and who asked the questions.

A credit line is a role word followed by names and nothing else ('By Jane Doe', 'Von Tobias Matern,
Wien', 'Interview: Fabian Eberhard', 'Propos recueillis par Marie Dupont', 'Беседовал Иван Петров',
'Author: Jane Doe, a correspondent for ...'). The interviewer's credit also names an author: the
person who conducted a printed interview wrote it up.

Role words come in two shapes: a preposition or verb, followed directly by the names ('by',
'interviewed by', 'беседовал'), and a noun that needs a colon ('Interview:', 'Autor:'), since
'Interview Ahmad Massoud' or 'Text of the speech' is a headline, not a credit. The words of every
language are in flows/rules/lang/<code>.toml, read through flows/language/lexicon.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.language import lexicon
from flows.language.text import COLON, LABEL_COLONS

AUTHOR_CREDITS: dict[str, tuple[str, ...]] = lexicon.words("author_credits")
"""Byline role words per language; a bare name under the headline is read by the cleaner itself."""
INTERVIEWER_CREDITS: dict[str, tuple[str, ...]] = lexicon.words("interviewer_credits")
"""Credits of the person who conducted an interview, per language."""
NAME_JOINERS: tuple[str, ...] = (*lexicon.all_words("name_joiners"), "&")
"""Words joining the names of a credit line, and '&', which joins them in any language."""
NAME_PARTICLES = ("al", "el", "bin", "ibn", "de", "del", "da", "dos", "van", "von", "der", "le", "la", "di", "ul", "ud")
MAX_NAME_WORDS = 4
MAX_NAMES = 4


@dataclass(frozen=True)
class Credit:
    role: str  # "author" or "interviewer"
    names: tuple[str, ...]


def _prefix_pattern(words: dict[str, tuple[str, ...]]) -> str:
    phrases = sorted({w for ws in words.values() for w in ws}, key=len, reverse=True)
    return "|".join(
        re.escape(p[:-1]) + rf"\s?{COLON}" if p.endswith(tuple(LABEL_COLONS)) else re.escape(p) + r"(?=\s)" for p in phrases
    )


_CREDIT = re.compile(
    rf"^\s*(?:(?P<interviewer>{_prefix_pattern(INTERVIEWER_CREDITS)})|(?P<author>{_prefix_pattern(AUTHOR_CREDITS)}))\s*(?P<rest>.+?)\s*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"(?<!\s)\s*(?:,|;|\s(?:" + "|".join(map(re.escape, NAME_JOINERS)) + r")\s)\s*", re.IGNORECASE)
_CASED_WORD = re.compile(r"[^\W\d_][\w’'.-]*")


def read_credit(text: str) -> Credit | None:
    """The role and names of a credit line, or None when the line is anything else."""
    match = _CREDIT.match(text)
    names = read_names(match.group("rest")) if match else None
    if names is None:
        return None
    return Credit("interviewer" if match.group("interviewer") else "author", names)


def read_names(text: str) -> tuple[str, ...] | None:
    """The names a byline lists ('Jane Doe and John Roe', 'Tobias Matern, Wien'), or None when the text is
    anything else (a sentence, digits, a word that is no name)."""
    if re.search(r"\d|[.!?؟]\s*$", text):
        return None
    names: list[str] = []
    for part in _SPLIT.split(text.strip()):
        if _is_name(part):
            names.append(part)
        elif names and (part[:1].islower() or len(part.split()) == 1):
            break  # 'Jane Doe, a correspondent for ...', 'Tobias Matern, Wien': a role or a place follows the name
        else:
            return None
    return tuple(names) if names and len(names) <= MAX_NAMES else None


def _is_name(part: str) -> bool:
    words = part.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or not all(_CASED_WORD.fullmatch(w) for w in words):
        return False
    cased = [w for w in words if w.lower() not in NAME_PARTICLES]
    if any(w[0].isupper() or w[0].islower() for w in cased):  # a cased script (Latin, Cyrillic): capitals
        return all(w[0].isupper() for w in cased)
    return True  # Arabic, Persian, Pashto: no capitals to go by
