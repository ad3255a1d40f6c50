"""A deterministic, seeded generator of realistic raw pages, for benchmarks at any scale.

Pages are built from the running sentences of the raw seeds (real prose, so the language
detector, the sentence splitter and the entity matcher do real work), in the layouts real pages
have: labelled interviews (`Name:`, `Q:`/`A:`, surnames in capitals), dash dialogues, unlabelled
question/answer pages, and narrative articles with a pull-quote; with site chrome (menus, share
rows, cookie banners, related teasers), header lines (headline, byline, date) and a few
duplicates (the same article under other chrome). Sizes are log-normal around a median of 5 KB,
between 1 KB and 200 KB, as web articles are: 10,000 pages make about 75 MB.
The same seed, count and seed files give the same pages, byte for byte.
"""

from __future__ import annotations

import math
import random
from collections import deque
from pathlib import Path

from flows.language.text import split_sentences
from flows.stages import ingest

MIN_PAGE_BYTES = 1_000
MAX_PAGE_BYTES = 200_000
MEDIAN_PAGE_BYTES = 5_000
PAGE_SIZE_SIGMA = 0.9
"""Mean about 7.5 KB: most pages are short, a long tail reaches MAX_PAGE_BYTES."""
DUPLICATE_SHARE = 0.02
RECENT_PAGES = 1_000
"""A duplicate copies one of the last RECENT_PAGES pages."""
SENTENCE_POOL = 20_000
SENTENCE_MIN_WORDS, SENTENCE_MAX_WORDS = 8, 40
LEXICON_WORDS = 50_000
INVENTED_SHARE = 0.8
"""Sentences are drawn from a pool made by a word chain over the seeds: pages share words, not text."""
LAYOUTS = ("labelled", "markers", "capitals", "dashes", "unlabelled", "narrative", "narrative")
PEOPLE = (
    ("Jane Roe", "Karim Haidari"), ("Tom Jones", "Amina Sultani"), ("Lena Vogt", "Farid Nazari"),
    ("Marie Dupont", "Yusuf Rahimi"), ("Ana García", "Nasir Wardak"), ("Ivan Petrov", "Zarina Qaderi"),
)
CHROME_TOP = (
    ("Skip to main content", "Home", "World", "Asia", "Opinion"),
    ("Menu", "Search", "Subscribe", "Sign in"),
    ("Zum Inhalt springen", "Startseite", "Politik", "Ausland"),
)
CHROME_BOTTOM = (
    ("Share on Facebook", "Share on Twitter", "Copy link"),
    ("We use cookies to improve your experience on our site.", "Accept all"),
    ("Related", "Valley roads stay closed for the winter", "Council meets on fuel shortage"),
    ("Comments", "0 Comments", "Newsletter: sign up for our daily briefing"),
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def generate(seed_dir: Path, out_dir: Path, pages: int, seed: int = 1) -> list[Path]:
    """Write `pages` raw pages into out_dir (created); returns their paths in order."""
    rng = random.Random(seed)
    chain = _word_chain(seed_sentences(seed_dir))
    lexicon = _lexicon(rng)
    statements = [_sentence(rng, chain, lexicon) for _ in range(SENTENCE_POOL)]
    questions = [s.rstrip(".!") + "?" for s in (_sentence(rng, chain, lexicon) for _ in range(SENTENCE_POOL // 10))]
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    texts: deque[str] = deque(maxlen=RECENT_PAGES)  # what a duplicate copies: bounded, whatever the corpus size
    for number in range(pages):
        if texts and rng.random() < DUPLICATE_SHARE:
            body = _article_of(rng.choice(texts))
            text = "\n".join([*rng.choice(CHROME_TOP), body, *rng.choice(CHROME_BOTTOM)]) + "\n"
        else:
            text = _page(rng, statements, questions)
        texts.append(text)
        path = out_dir / f"{number:06d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def seed_sentences(seed_dir: Path) -> list[str]:
    """Running sentences of the seed pages (eight words or more), in file order."""
    files, _ = ingest.discover(seed_dir)
    documents, _ = ingest.read_batch(files)
    found = []
    for doc in documents:
        for line in filter(str.strip, doc.text.splitlines()):
            found += [line[a:b].strip() for a, b in split_sentences(line) if len(line[a:b].split()) >= 8]
    if not found:
        raise ValueError(f"no running sentences in {seed_dir}")
    return found


def _word_chain(sentences: list[str]) -> dict[str, list[str]]:
    """Which word follows which in the seeds' sentences: new sentences in the seeds' own language."""
    chain: dict[str, list[str]] = {}
    for sentence in sentences:
        words = ["<s>", *sentence.split()]
        for before, after in zip(words, words[1:]):
            chain.setdefault(before, []).append(after)
    return chain


def _lexicon(rng: random.Random) -> list[str]:
    """Invented content words: real pages do not share their vocabulary with five seeds."""
    syllables = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(LEXICON_WORDS)]


def _sentence(rng: random.Random, chain: dict[str, list[str]], lexicon: list[str]) -> str:
    words, word = [], "<s>"
    while len(words) < SENTENCE_MAX_WORDS:
        word = rng.choice(chain.get(word) or chain["<s>"])
        content = len(word) >= 4 and word.isalpha() and word.islower()
        words.append(rng.choice(lexicon) if content and rng.random() < INVENTED_SHARE else word)
        if word.endswith((".", "!", "?")) and len(words) >= SENTENCE_MIN_WORDS:
            break
    return " ".join(words).rstrip(",;:?!") + ("" if words[-1].endswith(".") else ".")


def _page(rng: random.Random, statements: list[str], questions: list[str]) -> str:
    target = int(min(MAX_PAGE_BYTES, max(MIN_PAGE_BYTES, rng.lognormvariate(math.log(MEDIAN_PAGE_BYTES), PAGE_SIZE_SIGMA))))
    layout = rng.choice(LAYOUTS)
    interviewer, guest = rng.choice(PEOPLE)
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2015, 2025)
    headline = " ".join(rng.choice(statements).split()[:9]).rstrip(",;:")
    header = [headline, f"By {interviewer}", f"Published: {day} {month} {year}", ""]
    paragraphs = [_paragraph(rng, statements)]
    size = sum(len(p) for p in paragraphs)
    while size < target:
        turn = _turn(rng, layout, statements, questions, interviewer, guest)
        paragraphs += turn
        size += sum(len(p) + 2 for p in turn)
    if layout == "narrative" and len(paragraphs) > 3:
        quote = rng.choice(paragraphs[1:]).split(". ")[0].rstrip(".")
        paragraphs.insert(2, f"“{quote}.”")
    top, bottom = rng.choice(CHROME_TOP), rng.choice(CHROME_BOTTOM)
    return "\n".join([*top, *header, "\n\n".join(paragraphs), "", *bottom]) + "\n"


def _turn(rng: random.Random, layout: str, statements: list[str], questions: list[str], interviewer: str, guest: str) -> list[str]:
    question, answer = rng.choice(questions), _paragraph(rng, statements)
    if layout == "labelled":
        return [f"{interviewer}: {question}", f"{guest}: {answer}"]
    if layout == "markers":
        return [f"Q: {question}", f"A: {answer}"]
    if layout == "capitals":
        return [f"{interviewer.split()[-1].upper()}: {question}", f"{guest.split()[-1].upper()}: {answer}"]
    if layout == "dashes":
        return [f"— {question}", f"— {answer}"]
    if layout == "unlabelled":
        return [question, f"I think {answer[0].lower()}{answer[1:]}"]
    return [_paragraph(rng, statements)]


def _paragraph(rng: random.Random, statements: list[str]) -> str:
    return " ".join(rng.choice(statements) for _ in range(rng.randint(2, 6)))


def _article_of(text: str) -> str:
    """A page's article without its chrome lines (the lines of a handful of words at either end)."""
    lines = text.splitlines()
    start = next((k for k, line in enumerate(lines) if len(line.split()) > 5), 0)
    end = max((k for k, line in enumerate(lines) if len(line.split()) > 5), default=len(lines) - 1)
    return "\n".join(lines[max(0, start - 3) : end + 1])
