"""Text utilities shared by the stages: repair, words, sentences.

Repair is conservative and counted: ftfy fixes mojibake and HTML entities but keeps curly
quotes, dashes, ellipses, ligatures and accents; no-break spaces become spaces one-for-one;
invisible characters that carry no text (zero-width space, word joiner, BOM, soft hyphen)
are removed. Zero-width joiners and non-joiners are kept: Persian and Arabic need them.
Terminal colour codes (ANSI escapes) and control characters (NUL, C0 and C1 codes other than
the tab) carry no text either: a scraper's log or a binary glitch left them; they are removed.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import blingfire
import ftfy
import numpy
import regex

_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False, normalization="NFC", explain=False
)
_NO_BREAK_SPACES = re.compile(r"[\u00a0\u2007\u202f]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\w+")
CAPITALS = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper())
"""The capital letters of the Latin, Greek and Cyrillic scripts ('Ł', 'İ', 'І', 'Ґ' too), for a regular
expression's character class: speaker labels and datelines in capitals are read in every cased script."""
SENTENCE_END = tuple(".!?…؟۔。！？।॥")
"""Punctuation that ends running text (before any closing quotes), unlike labels and headlines
(Latin, Arabic and Persian question mark and full stop, CJK full stops)."""
QUOTATION = re.compile(
    r"“(?P<curly>[^“”]+)”|\"(?P<straight>[^\"]+)\"|«\s?(?P<guillemets>[^«»]+?)\s?»|„(?P<low>[^„“”]+)[“”]|「(?P<corner>[^「」]+)」"
)
"""A quotation in the marks of the corpus's languages: “…”, "…", «…» (French spaces inside), „…“, 「…」."""
CLOSERS = "\"”’'»)]"
"""Closing quotes and brackets that may follow a sentence's last mark."""


def repair(text: str, counts: Counter[str] | None = None) -> str:
    """Repaired NFC text; what was changed is added to `counts` (published per document)."""
    text = _count_and_replace(_ANSI_ESCAPE, "", text, "ansi_escape_removed", counts)
    text = _count_and_replace(_CONTROL, "", text, "control_character_removed", counts)
    text = _count_and_replace(_NO_BREAK_SPACES, " ", text, "no_break_space_to_space", counts)
    text = _count_and_replace(_INVISIBLE, "", text, "invisible_character_removed", counts)
    if text.isascii() and "&" not in text:
        return text  # no mojibake, entity or line break (control characters are gone) for ftfy: its cost per line saved
    fixed = ftfy.fix_text(text, _FTFY)
    if counts is not None and fixed != unicodedata.normalize("NFC", text):
        counts["ftfy_fixed_line"] += 1
    return fixed


def _count_and_replace(pattern: re.Pattern[str], by: str, text: str, repair_name: str, counts: Counter[str] | None) -> str:
    fixed, n = pattern.subn(by, text)
    if counts is not None and n:
        counts[repair_name] += n
    return fixed


def words(text: str) -> list[str]:
    """Case-folded word tokens (letters and digits), for comparing texts."""
    return _WORD.findall(text.casefold())


def shorten(text: str, limit: int) -> str:
    """The text cut to `limit` characters, the last one an ellipsis when cut (`limit` <= 0: never cut)."""
    return text if limit <= 0 or len(text) <= limit else text[: limit - 1] + "…"


def word_count(text: str) -> int:
    return len(text.split())


LONGEST_WORD_CHARS = 300
"""No written word (a German compound, a long name, a tracking link) is longer than this; a run of
non-space characters longer than this is encoded data, a minified script or links glued together."""
_UNSPACED_SCRIPTS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}ーｰ〆]")
"""Scripts written without spaces between words: a long run of them is an ordinary sentence. With the letters of
Japanese that Unicode gives no script: the prolonged sound mark ('インタビュー') and '〆'."""


def unspaced(word: str) -> bool:
    """Whether a word begins or ends in a script written without spaces between words ('采访', 'インタビュー')."""
    return bool(_UNSPACED_SCRIPTS.match(word[:1]) or _UNSPACED_SCRIPTS.match(word[-1:]))


def whole_words(alternatives: Iterable[str]) -> str:
    """A regular expression matching one of `alternatives` (patterns: words escaped, or written as patterns) as a
    whole word, not inside a longer one: `(?<!\\w)` before it, `(?!\\w)` after it. The word lists of every module
    are matched through it. An edge written in a script without spaces between words (Chinese, Japanese, Thai)
    takes no such test: the letters beside it are those of the next word ('他在接受采访时表示'), and the test would
    keep the word from ever matching inside a sentence. Without such words, the pattern is `(?<!\\w)(?:a|b)(?!\\w)`."""
    alternatives = list(alternatives)
    spaced = [a for a in alternatives if not unspaced(a)]
    bounded = rf"(?<!\w)(?:{'|'.join(spaced)})(?!\w)"
    if len(spaced) == len(alternatives):
        return bounded
    loose = [
        ("" if _UNSPACED_SCRIPTS.match(a[:1]) else r"(?<!\w)") + a + ("" if _UNSPACED_SCRIPTS.match(a[-1:]) else r"(?!\w)")
        for a in alternatives if unspaced(a)
    ]
    return "(?:" + "|".join([bounded] * bool(spaced) + loose) + ")"


LABEL_COLONS = ":："
"""A label's colon ('Q:', 'Autor:', 'Lesen Sie auch:'): ASCII, or the full-width '：' of Chinese and Japanese ('问：')."""
COLON = f"[{LABEL_COLONS}]"
AFTER_COLON = r"(?:(?<=：)\s*|\s+)"
"""Between a label's colon and its text: a space after ':'; none needed after '：', which Chinese and Japanese
print without one ('问：您为什么留下？')."""


def unbroken_share(text: str) -> float:
    """Share of a line's characters in runs without a space longer than any word, in scripts that put spaces
    between words (a line of one 1 MB token: 1.0; prose with a long link in it: small)."""
    unbroken = sum(len(run) for run in text.split() if len(run) > LONGEST_WORD_CHARS
                   and len(_UNSPACED_SCRIPTS.findall(run)) < len(run) / 2)
    return unbroken / len(text) if text else 0.0


def top_ngram_share(tokens: list[str], n: int) -> float:
    """Characters of the most frequent n-gram, every occurrence counted, over the characters of all tokens
    (Gopher's repetition measure, Rae et al. 2021, as datatrove computes it): 'a: a: a: ...' gives about 2."""
    grams = Counter(zip(*(tokens[i:] for i in range(n))))
    if not grams:
        return 0.0
    gram, count = grams.most_common(1)[0]
    return count * sum(map(len, gram)) / sum(map(len, tokens))


@lru_cache(maxsize=8192)
def repeat_key(text: str) -> str:
    """Key under which two lines count as the same text: case, punctuation and spacing ignored. Remembered: the
    cleaning rules ask it of the same lines (the title above all) again and again."""
    return " ".join(words(text))


def ends_like_sentence(text: str) -> bool:
    """'…he said.' and '…situation.”' do; '…the Catastrophe of Afghanistan’' does not."""
    return text.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one block (blingfire), trimmed of surrounding white space."""
    spans = []
    offsets = _sentence_offsets(text)
    for start, end in offsets:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            spans.append((start + left, start + right))
    return spans


_SENTENCE_BUFFERS = threading.local()
"""blingfire's output buffers, kept between calls (per thread): allocating and zeroing three of them for every
block cost three times the split itself."""
KEPT_BUFFER_BYTES = 1 << 20
"""Buffers up to this capacity are kept; a larger block's are allocated for it alone (memory stays bounded)."""


def _sentence_buffers(capacity: int) -> tuple[ctypes.Array, ctypes.Array, ctypes.Array]:
    if capacity > KEPT_BUFFER_BYTES:
        return ctypes.create_string_buffer(capacity), (ctypes.c_int32 * capacity)(), (ctypes.c_int32 * capacity)()
    held = getattr(_SENTENCE_BUFFERS, "held", None)
    if held is None or len(held[0]) < capacity:
        size = min(KEPT_BUFFER_BYTES, max(capacity, 2 * len(held[0]) if held else 1 << 14))
        held = _SENTENCE_BUFFERS.held = (ctypes.create_string_buffer(size), (ctypes.c_int32 * size)(), (ctypes.c_int32 * size)())
    return held


def _sentence_offsets(text: str) -> list[tuple[int, int]]:
    """blingfire's sentence offsets in characters. Its own wrapper (`text_to_sentences_and_offsets`) maps
    byte offsets to characters in a Python loop over every byte, which was a fifth of cleaning; here
    the same C function, and the mapping done by numpy (or none for ASCII text)."""
    data = text.encode("utf-8")
    if not data:
        return []
    capacity = 2 * len(data) + 1
    joined, starts, ends = _sentence_buffers(capacity)
    written = blingfire.blingfire.TextToSentencesWithOffsets(
        ctypes.c_char_p(data), ctypes.c_int(len(data)), ctypes.byref(joined), ctypes.byref(starts), ctypes.byref(ends),
        ctypes.c_int(capacity))
    if written == -1 or written > capacity:
        return [(0, len(text))] if text.strip() else []
    count = ctypes.string_at(joined, written).rstrip(b"\0").count(b"\n") + 1  # what this call wrote, not a longer call's
    byte_spans = [(start, end + 1) for start, end in zip(starts[:count], ends[:count])]  # blingfire's ends are inclusive
    if len(data) == len(text):
        return byte_spans
    leads = numpy.frombuffer(data, dtype=numpy.uint8) & 0xC0 != 0x80
    chars_before = numpy.concatenate(([0], numpy.cumsum(leads)))  # characters before each byte offset
    return [(int(chars_before[start]), int(chars_before[end])) for start, end in byte_spans]


def is_title_case(text: str) -> bool:
    """'Ashraf Ghani Talks To CNN. Full Transcript.': most longer words capitalised, as headlines are."""
    long_words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


class TakenSpans:
    """Character spans already claimed on a page; whether a new span overlaps one, in logarithmic time.

    Spans are kept sorted by start; a span overlapping [start, end) starts before `end` and no earlier
    than `start` minus the longest span, so only those few are looked at (no scan of every span).
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans = sorted(spans)
        self._longest = max((end - start for start, end in self._spans), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._spans, (start - self._longest,))
        while i < len(self._spans) and self._spans[i][0] < end:
            if self._spans[i][1] > start:
                return True
            i += 1
        return False

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)
