"""Near-duplicate pages: MinHash signatures of word shingles, queried through LSH (datasketch).

The same article reposted by another site differs in chrome, a few edited words, spun
synonyms, or lost line breaks. Shingles are taken from running-text lines only (RUNNING_LINE_WORDS
or more words), so that two different articles of one site do not match on its menus.

Threshold, measured on the development set (word bigrams, exact Jaccard): the seven duplicate
pairs score 0.39 to 0.92, the closest pair of different articles 0.08 (translations and
summaries of one story included). 0.3 sits between them, nearer the duplicates' side, because
a wrongly dropped page costs more than a kept copy. Pages with fewer than MIN_SHINGLES
shingles (paywall stubs, blurbs) are never called near-duplicates: too little to judge.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from flows.text import words

SHINGLE_WORDS = 2
RUNNING_LINE_WORDS = 8
THRESHOLD = 0.3
NUM_PERM = 128
MIN_SHINGLES = 20
"""Shingles are hashed by zlib's CRC-32 (C), not datasketch's default SHA-1 in Python: a 32-bit hash either
way, and the corpus scan reads every page before any batch starts."""


@dataclass(frozen=True)
class Match:
    key: str  # the kept page this one duplicates
    similarity: float  # MinHash estimate of the Jaccard similarity, rounded to 2 digits


def shingles(text: str) -> set[str]:
    tokens = [w for line in text.splitlines() if len(line.split()) >= RUNNING_LINE_WORDS for w in words(line)]
    return {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}


class NearDuplicateIndex:
    """Pages added in a fixed order; each is either new (indexed) or a near copy of an earlier one."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def add(self, key: str, text: str) -> Match | None:
        found = shingles(text)
        if len(found) < MIN_SHINGLES:
            return None
        signature = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)
        signature.update_batch([s.encode("utf-8") for s in sorted(found)])
        candidates = [(round(signature.jaccard(self._signatures[k]), 2), k) for k in self._lsh.query(signature)]
        close = sorted((c for c in candidates if c[0] >= THRESHOLD), key=lambda c: (-c[0], c[1]))
        if close:  # the most similar earlier page; ties go to the smaller key, for repeatable output
            return Match(close[0][1], close[0][0])
        self._lsh.insert(key, signature)
        self._signatures[key] = signature
        return None
