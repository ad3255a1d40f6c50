"""Pathological text, the kind scraped folders hold: base64 images, minified scripts, URL lists glued
together, a page of one repeated line, thousands of speaker labels, every script mixed, control and
bidi characters, quotes and brackets nested or never closed.

`LINES` builds one such line of about n characters per kind, deterministically (the pattern sweep and
the build tests); `pathological_pages` and `encoded` are the hypothesis strategies that mix them with
ordinary lines and save them as bytes (the fuzz tests).
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

from hypothesis import strategies as st

SCRIPTS = (
    "abcXYZéß абвгдЖ αβγΩ אבג ابتثجفارسی देवनागरी 中文字的是 かなカナ 한국어 ไทยภาษา ქართული Ωμέγα ʔəŋ "
    "ܐܒܓ ގުޅ ᐃᓄ ⴰⵣ ꦗꦮ 𝐀𝐁 😀👍🏽"
)
CONTROLS = "\u202e\u202d\u202a\u202b\u202c\u200f\u200e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff\x07\x1b\x0b\x0c\x00\x7f\x85\u2028\u2029"
CJK = "中文字的是在有人这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会"


def _draw(seed: str) -> random.Random:
    return random.Random(seed)


def _token(alphabet: str, n: int, seed: str) -> str:
    draw = _draw(seed)
    return "".join(draw.choice(alphabet) for _ in range(n))


def _words(n: int, make: Callable[[random.Random], str], seed: str) -> str:
    draw, words, size = _draw(seed), [], 0
    while size < n:
        words.append(make(draw))
        size += len(words[-1]) + 1
    return " ".join(words)


LINES: dict[str, Callable[[int], str]] = {
    "one letter": lambda n: "a" * n,
    "capitals": lambda n: _token(string.ascii_uppercase, n, "caps"),
    "letters and digits": lambda n: _token(string.ascii_letters + string.digits, n, "alnum"),
    "base64": lambda n: _token(string.ascii_letters + string.digits + "+/=", n, "b64"),
    "digits": lambda n: _token(string.digits, n, "digits"),
    "glued urls": lambda n: ("https://example.org/a/b?c=d&e=f" * (n // 31 + 1))[:n],
    "minified script": lambda n: ("function(a){return a.b&&a.c?x(a):{d:[1,2],e:'f'}};" * (n // 50 + 1))[:n],
    "han characters": lambda n: _token(CJK, n, "cjk"),
    "punctuation": lambda n: (".,;:!?-—«»()[]{}\"'" * (n // 18 + 1))[:n],
    "colons": lambda n: ":" * n,
    "question marks": lambda n: "?" * n,
    "labels": lambda n: ("a: " * (n // 3 + 1))[:n],
    "label lines": lambda n: "\n".join(f"{w}: {w.lower()}?" for w in _words(n, lambda d: d.choice(
        ["Q", "A", "Ahmad Massoud", "INTERVIEWER", "Dahl", "Frage", "Вопрос", "سوال", "Journalist"]), "labels").split(" ")),
    "initials": lambda n: ("A. " * (n // 3 + 1))[:n],
    "dotted capitals": lambda n: ("A." * (n // 2 + 1))[:n],
    "title case words": lambda n: _words(n, lambda d: d.choice(string.ascii_uppercase) + _token(string.ascii_lowercase, 5, str(d.random())), "title"),
    "capital words": lambda n: _words(n, lambda d: _token(string.ascii_uppercase, 4, str(d.random())), "capwords"),
    "lower words": lambda n: _words(n, lambda d: _token(string.ascii_lowercase, 5, str(d.random())), "lower"),
    "numbers": lambda n: _words(n, lambda d: str(d.randint(0, 99999)), "numbers"),
    "hyphenated": lambda n: "-".join(_token(string.ascii_lowercase, 3, str(i)) for i in range(n // 4 + 1))[:n],
    "apostrophes": lambda n: "'" * n,
    "dashes": lambda n: ("— " * (n // 2 + 1))[:n],
    "dates": lambda n: ("25 September 2021, " * (n // 19 + 1))[:n],
    "one sentence repeated": lambda n: ("The commander said we will never surrender. " * (n // 45 + 1))[:n],
    "nested quotes": lambda n: ("“He said «she said (they said [x " * (n // 32 + 1))[:n],
    "unbalanced quotes": lambda n: ("“«([„" * (n // 5 + 1))[:n],
    "closing quotes": lambda n: ("”»)]" * (n // 4 + 1))[:n],
    "every script": lambda n: _token(SCRIPTS, n, "scripts"),
    "controls and bidi": lambda n: _token(CONTROLS + "abc ", n, "controls"),
    "spaces": lambda n: " \t\u00a0\u2003" * (n // 4),
}
"""A line of about n characters per kind."""


def _line_kind(size: st.SearchStrategy[int]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(sorted(LINES)), size).map(lambda kind_size: LINES[kind_size[0]](kind_size[1]))


ORDINARY_LINE = st.sampled_from([
    "Interview with the commander",
    "Q: What will you do in the spring?",
    "A: We will never surrender, and the people of the valley know it.",
    "The commander said the roads would open after the snow, as he had promised in Dushanbe.",
    "Ahmad Massoud: Peace does not mean surrender.",
    "“We will fight,” he said. «Nous résisterons», a-t-il ajouté.",
    "Share on Facebook",
    "25 September 2021",
    "By Jane Roe",
    "",
])
LINE_BREAK = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\u2028"])


def pathological_pages(longest: int) -> st.SearchStrategy[str]:
    """Pages mixing ordinary lines and pathological ones, some up to `longest` characters, some repeated
    thousands of times, with any characters (controls, bidi marks, every script) between them; at most
    twice `longest` characters in all (a page of 500,000 characters of speaker labels, 40,000 turns, is
    the slowest kind: about 25 s of the 60 s budget, clean and segment about 10 s each)."""
    line = st.one_of(
        ORDINARY_LINE,
        _line_kind(st.integers(1, 2_000)),
        _line_kind(st.integers(longest // 4, longest)),  # the long ones: linear time or bust
        st.tuples(ORDINARY_LINE, st.integers(100, 3_000)).map(lambda t: "\n".join([t[0]] * t[1])),  # repeated lines
        st.text(max_size=200),  # any character: controls, bidi marks, unassigned code points
    )
    return st.lists(st.tuples(line, LINE_BREAK), min_size=1, max_size=10).map(
        lambda lines: "".join(a + b for a, b in lines)[: 2 * longest])


def encoded(pages: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """The pages as a scraper saves them: UTF-8 mostly, UTF-16 with or without a byte-order mark, a legacy code
    page, or UTF-8 whose last bytes are cut or garbled."""
    return st.one_of(
        pages.map(lambda text: text.encode("utf-8")),
        st.tuples(pages, st.sampled_from(["utf-16", "utf-16-be", "utf-16-le", "cp1252", "cp1251"])).map(
            lambda page: page[0].encode(page[1], "replace")),
        st.tuples(pages, st.binary(min_size=1, max_size=6)).map(lambda page: page[0].encode("utf-8") + page[1]),
    )
