"""The word lists of every language, one file per language: flows/rules/lang/<code>.toml.

Each file holds, under [words], one list per kind ('interview', 'answer_markers', 'published_labels', ...);
flows/rules/lang/kinds.toml says what each kind is and which module reads it. Modules build their patterns
from these lists, so every stage reads the same words, and a language's words are edited in one place.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parents[1] / "rules" / "lang"
_FIRST = ("en", "de", "fr", "es", "pt", "it", "nl", "tr", "ru", "uk", "fa", "ar", "ps")
LANGUAGES = _FIRST + tuple(sorted(
    p.stem for p in LEXICON_DIR.glob("*.toml") if p.stem != "kinds" and p.stem not in _FIRST))
"""The languages with a word file, in the order `all_words` merges their lists: the corpus's first languages,
then every other file in the folder (adding a language is adding its file)."""


def _read(name: str) -> dict:
    with (LEXICON_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


@cache
def kinds() -> dict[str, dict[str, str]]:
    """Every kind of word list: its description ('about') and the module that reads it ('read_by')."""
    return _read("kinds")["kinds"]


@cache
def _lists() -> dict[str, dict[str, tuple[str, ...]]]:
    """language -> kind -> words, read once per process. A file for another language than its name, or with
    a kind kinds.toml does not describe, is refused: a misspelt kind would otherwise read as no words."""
    lists = {}
    for language in LANGUAGES:
        data = _read(language)
        unknown = sorted(set(data["words"]) - set(kinds()))
        if data["language"] != language or unknown:
            raise ValueError(f"{LEXICON_DIR / language}.toml: language {data['language']!r}, unknown kinds {unknown}")
        lists[language] = {kind: tuple(words) for kind, words in data["words"].items()}
    return lists


def words(kind: str) -> dict[str, tuple[str, ...]]:
    """The words of a kind per language, in each file's order, for the languages that have some."""
    if kind not in kinds():
        raise KeyError(f"no word kind {kind!r} in {LEXICON_DIR / 'kinds.toml'}")
    return {language: found for language, by_kind in _lists().items() if (found := by_kind.get(kind))}


def all_words(kind: str) -> tuple[str, ...]:
    """The words of a kind in every language, each once: language by language (LANGUAGES), in file order."""
    return tuple(dict.fromkeys(word for found in words(kind).values() for word in found))
