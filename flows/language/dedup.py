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

import numpy as np
from datasketch import MinHash, MinHashLSH

from flows.language.text import words

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


def signature(text: str) -> np.ndarray | None:
    """The page's MinHash signature (NUM_PERM values below 2**32), or None when it has too few shingles."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)
    minhash.update_batch([s.encode("utf-8") for s in sorted(found)])
    return minhash.hashvalues.astype(np.uint32)


class NearDuplicateIndex:
    """Pages added in a fixed order; each is either new (indexed) or a near copy of an earlier one.

    Signatures are datasketch MinHashes, banded as datasketch's MinHashLSH would band them for THRESHOLD
    (its own optimal bands and rows). The index itself is compact numpy arrays: each band of a page folded
    into one 64-bit key, kept sorted for binary search (recent pages in a small dict until the next merge),
    and the signatures as 32-bit values. About 1 KB a page, where MinHashLSH with its MinHash objects took
    14 KB (measured on 5,000 generated pages): the corpus scan stays within memory at 100,000 pages.
    """

    def __init__(self) -> None:
        banding = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._bands, self._rows = banding.b, banding.r
        self._keys: list[str] = []
        self._signatures = np.empty((0, NUM_PERM), dtype=np.uint32)  # hash values are below 2**32
        self._sorted_keys = np.empty(0, dtype=np.uint64)  # band keys of the merged pages, sorted
        self._sorted_pages = np.empty(0, dtype=np.uint32)  # the page of each
        self._recent: dict[int, list[int]] = {}  # band key -> pages added since the last merge

    def add(self, key: str, text: str) -> Match | None:
        return self.add_signature(key, signature(text))

    def add_signature(self, key: str, values: np.ndarray | None) -> Match | None:
        """As `add`, for a page whose signature is already known (the corpus scan caches them)."""
        if values is None:
            return None
        band_keys = self._band_keys(values)
        pages = self._pages_sharing_a_band(band_keys)
        candidates = [(round(float(np.count_nonzero(self._signatures[p] == values)) / NUM_PERM, 2), self._keys[p])
                      for p in pages]
        close = sorted((c for c in candidates if c[0] >= THRESHOLD), key=lambda c: (-c[0], c[1]))
        if close:  # the most similar earlier page; ties go to the smaller key, for repeatable output
            return Match(close[0][1], close[0][0])
        self._insert(key, values, band_keys)
        return None

    def _pages_sharing_a_band(self, band_keys: np.ndarray) -> list[int]:
        left = np.searchsorted(self._sorted_keys, band_keys, side="left")
        right = np.searchsorted(self._sorted_keys, band_keys, side="right")
        pages = {int(p) for a, b in zip(left, right) for p in self._sorted_pages[a:b]}
        pages.update(p for k in band_keys.tolist() for p in self._recent.get(k, ()))
        return sorted(pages)

    def _insert(self, key: str, values: np.ndarray, band_keys: np.ndarray) -> None:
        page = len(self._keys)
        self._keys.append(key)
        if page == len(self._signatures):  # grow by half: amortised appends
            grown = np.empty((max(64, page + page // 2), NUM_PERM), dtype=np.uint32)
            grown[:page] = self._signatures[:page]
            self._signatures = grown
        self._signatures[page] = values
        for band_key in band_keys.tolist():
            self._recent.setdefault(band_key, []).append(page)
        if len(self._recent) >= max(4096, len(self._sorted_keys) // 4):  # merges stay O(n log n) in all
            self._merge()

    def _merge(self) -> None:
        recent_keys = np.array([k for k, pages in self._recent.items() for _ in pages], dtype=np.uint64)
        recent_pages = np.array([p for pages in self._recent.values() for p in pages], dtype=np.uint32)
        keys = np.concatenate([self._sorted_keys, recent_keys])
        pages = np.concatenate([self._sorted_pages, recent_pages])
        order = np.argsort(keys, kind="stable")
        self._sorted_keys, self._sorted_pages = keys[order], pages[order]
        self._recent = {}

    def _band_keys(self, values: np.ndarray) -> np.ndarray:
        """One key per band: its rows' hash values folded into 64 bits, the band's number in the low byte."""
        bands = values[: self._bands * self._rows].astype(np.uint64).reshape(self._bands, self._rows)
        digest = np.bitwise_xor.reduce(bands * _ROW_MULTIPLIERS[: self._rows], axis=1)
        return (digest & ~np.uint64(0xFF)) | np.arange(self._bands, dtype=np.uint64)


_ROW_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
                             0x85EBCA77C2B2AE63, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB],
                            dtype=np.uint64)
"""Odd 64-bit constants (from xxHash and splitmix64) that spread a band's rows before they are folded."""
