"""Pull-quotes and teasers: paragraphs that restate text found elsewhere in the same page.

Measure: for each sentence of a paragraph, the share of its words that appear in order
(word-level LCS, rapidfuzz) in one other paragraph; the paragraph's score is that share
weighted by sentence length. Sentence-level matching catches pull-quotes that merge two
paragraphs or reorder sentences; matching against single paragraphs (not the whole page)
stops a short answer from being "covered" by words scattered over a long interview.

A pull-quote and its source cover each other, so paragraphs are dropped one at a time and
the rest rescored: first those followed by an attribution line, then composites (drawing
on two or more paragraphs, like a teaser that stitches the lede together), then the
highest score, then the longest.

Thresholds were measured on the seeds (scripted in tests/test_restatements.py): true
pull-quotes and teasers score 0.80-1.00; once they are gone, no other paragraph of 15 or
more words scores above 0.621, and shorter ones reach 0.75 by chance (a heading whose
words recur in a question).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import LCSseq
from rapidfuzz.process import cdist

from flows.language.text import split_sentences, words

MIN_WORDS = 8
"""Shorter paragraphs (labels, attributions, short replies) are never candidates."""
MAX_WORDS = 200
"""Nor are longer ones: a pull-quote or a teaser is a sentence or a few (the seeds' longest has 63 words). The
bound keeps the cost of a page linear: a candidate's sentences are compared with whole paragraphs."""
LONG_WORDS = 15
PARAPHRASE_SCORE = 0.72
"""Paragraphs of LONG_WORDS or more: between the seeds' 0.621 (highest original) and 0.80 (lowest pull-quote)."""
NEAR_VERBATIM_SCORE = 0.95
"""Paragraphs of MIN_WORDS to LONG_WORDS words must be near-verbatim copies: short texts match by chance."""
SOURCE_SHARE = 0.5
"""A sentence is drawn from a paragraph when at least half its words appear there in order."""
MAX_RESTATING = 60
"""A page has a few pull-quotes and teasers (the seeds up to 8, each with its source). When more paragraphs
than this restate others, the page repeats itself by nature (a chant, a line printed thousands of times):
none is dropped, and the cost of rescoring after each drop stays bounded."""


@dataclass(frozen=True)
class Restatement:
    index: int  # paragraph that restates others (to drop)
    score: float
    source: int  # paragraph it restates most


def threshold(n_words: int) -> float:
    return PARAPHRASE_SCORE if n_words >= LONG_WORDS else NEAR_VERBATIM_SCORE


WINDOW = 100
"""A paragraph is compared with the paragraphs up to WINDOW before and after it (in chunks of WINDOW owners,
so each sees at least that far): a pull-quote or teaser sits within a few screens of what it restates.
Pages of up to WINDOW paragraphs are compared all with all, as before; longer ones cost linear time,
not quadratic."""


class ParagraphScorer:
    """Sentence-by-paragraph LCS scores of one page, computed once per window; drops only re-mask them."""

    def __init__(self, paragraphs: list[str]):
        vocabulary: dict[str, str] = {}

        def encode(tokens: list[str]) -> str:  # one code point per distinct word: LCS over words, in C++
            return "".join(vocabulary.setdefault(t, chr(0x10000 + len(vocabulary))) for t in tokens)

        self.lengths = [len(words(p)) for p in paragraphs]
        # Questions are neither pull-quotes nor their sources: an interviewer often quotes an earlier answer.
        questions = [text.rstrip().rstrip("\"”’»)").endswith("?") for text in paragraphs]
        sentences: dict[int, list[str]] = {}
        for index, text in enumerate(paragraphs):
            if MIN_WORDS <= self.lengths[index] <= MAX_WORDS and not questions[index]:
                encoded = [encode(tokens) for start, end in split_sentences(text) if (tokens := words(text[start:end]))]
                if encoded:
                    sentences[index] = encoded
        self.candidates = sorted(sentences)
        self.alive = ~np.array(questions, dtype=bool)
        targets = [encode(words(p)) for p in paragraphs]
        # per candidate: (first column, its sentences x the paragraphs of its window, sentence sizes)
        self._rows: dict[int, tuple[int, np.ndarray, np.ndarray]] = {}
        for chunk in range(0, len(paragraphs), WINDOW):
            owners = [i for i in self.candidates if chunk <= i < chunk + WINDOW]
            if not owners:
                continue
            first, last = max(0, chunk - WINDOW), min(len(paragraphs), chunk + 2 * WINDOW)
            rows = [sentence for i in owners for sentence in sentences[i]]
            matrix = cdist(rows, targets[first:last], scorer=LCSseq.similarity, dtype=np.int32, workers=1)
            row = 0
            for i in owners:
                block = matrix[row : row + len(sentences[i])].copy()
                block[:, i - first] = 0  # a sentence never matches its own paragraph
                self._rows[i] = (first, block, np.array([len(s) for s in sentences[i]]))
                row += len(sentences[i])

    def window(self, index: int) -> range:
        first, block, _ = self._rows[index]
        return range(first, first + block.shape[1])

    def measure(self, index: int) -> tuple[float, int, int]:
        """(score, number of source paragraphs, main source) of a candidate against the living paragraphs."""
        first, block, sizes = self._rows[index]
        scores = np.where(self.alive[first : first + block.shape[1]], block, -1)
        best, source = scores.max(axis=1), scores.argmax(axis=1)
        drawn = source[best >= SOURCE_SHARE * sizes]
        main = first + int(np.bincount(source, weights=best).argmax())
        return float(best.sum() / sizes.sum()), len(set(drawn.tolist())), main

    def drop(self, index: int) -> None:
        self.alive[index] = False


def find_restatements(paragraphs: list[str], attributed: list[bool]) -> list[Restatement]:
    """Restating paragraphs, in the order they were dropped. `attributed[i]`: i is followed by an attribution line."""
    scorer = ParagraphScorer(paragraphs)
    lengths = scorer.lengths
    measured = {i: scorer.measure(i) for i in scorer.candidates}
    candidates = {i for i in scorer.candidates if measured[i][0] >= threshold(lengths[i])}
    if len(candidates) > MAX_RESTATING:
        return []
    found = []
    while candidates:
        candidates = {i for i in candidates if measured[i][0] >= threshold(lengths[i])}
        if not candidates:
            break
        chosen = max(candidates, key=lambda i: (attributed[i], measured[i][1] >= 2, measured[i][0], lengths[i], i))
        score, _, source = measured[chosen]
        found.append(Restatement(chosen, round(score, 4), source))
        scorer.drop(chosen)
        candidates.discard(chosen)
        for i in candidates:  # only candidates that saw the dropped paragraph score differently now
            if chosen in scorer.window(i):
                measured[i] = scorer.measure(i)
    return found
