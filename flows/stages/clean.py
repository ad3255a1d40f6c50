"""Clean stage: decide what of a raw page is article text, and account for the rest.

Reads: `RawDocument.lines` and the corpus's frequent lines. Writes: `CleanedDocument`:
kept `Block`s (repaired text + the raw span it came from), every `Removal` (raw span,
raw text, reason, rule id, and for repeats the score and the block repeated), the
header fields moved out of the body, text repairs and quality flags.

Like datatrove's filters, every rule that drops text returns a reason, and the reason is
published (table `removed`). Blank lines are layout, the only thing dropped without a row.

Phase 1 (per line): header metadata -> fields; kicker, glued URL, byline, standfirst;
separators, curated boilerplate (flows/rules/boilerplate.toml), lines frequent across the
corpus, short unpunctuated lines after the last paragraph.
Phase 2 (per document): title repeats, exact repeats, pull-quotes and teasers
(flows/language/restatements.py) and the attribution lines that follow them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from flows.faults import page_fault
from flows.isolation import PageRejected, each_document
from flows.language import lexicon
from flows.language.credits import Credit, read_credit, read_names
from flows.language.dates import parse_header_date, read_date_line, read_dateline, read_source_line
from flows.language.interview import OPENS_QUESTION
from flows.language.restatements import MIN_WORDS as RESTATEMENT_MIN_WORDS
from flows.language.restatements import find_restatements
from flows.language.text import (
    AFTER_COLON,
    CLOSERS,
    COLON,
    LABEL_COLONS,
    QUOTATION,
    ends_like_sentence,
    is_title_case,
    repair,
    repeat_key,
    top_ngram_share,
    unbroken_share,
    unspaced,
    whole_words,
    word_count,
)
from flows.sources import Outcome
from flows.stages.ingest import RawDocument, RawLine, RawSpan

RULES_DIR = Path(__file__).parents[1] / "rules"  # flows/rules: curated data, reviewed like code

RUNNING_TEXT_MIN_WORDS = 8
"""A line of at least this many words that ends like a sentence is running text: it opens the body."""
DATE_LINE_ZONE = 15
"""A line that is only a date is the page's date within its first lines, even below a dek that
ends like a sentence; further down, only a labelled one ('First broadcast ...') is."""
QUESTION_HEADLINE_MAX_WORDS = 20
"""A question of fewer words is a headline or an interviewer's line, not the start of running text."""
STANDFIRST_MAX_LINES = 3
"""A dek sits under a headline and is a line or a few: a page without a headline has none, and
further unpunctuated lines (subtitles, a text cut into fragments) are body."""
STANDFIRST_MAX_WORDS = 60
"""A dek is a sentence or two: a longer line is running text even when its end was cut off."""
TITLE_MAX_WORDS = 40
"""A line longer than this is not a headline (Persian and Arabic headlines run to thirty words and more)."""
MIN_WORDS_FOR_REPEAT = 4
"""Exact repeats shorter than this are kept: short replies ("Yes.", "Thank you.") recur legitimately."""
RECURRING_SENTENCE_MAX_WORDS = 10
"""Exact repeats up to this long that end like a sentence are kept (turn markers, replies); see _recurring_sentence."""
CUT_QUESTION_MIN_WORDS = 5
"""A last line opening like a question ('Do you believe the roads will open before') is a cut question from
this many words on; 'How to subscribe' is a link."""
TAIL_MAX_WORDS = 8
"""After the last paragraph, unpunctuated lines up to this long are page chrome ("Related", "0 Comments")."""
CORPUS_MIN_DOCUMENTS = 3
"""An unpunctuated line found in this many documents is site boilerplate (C4/datatrove-style line frequency)."""
CORPUS_LINE_MAX_WORDS = 15
SHORT_BODY_WORDS = 150
REPETITION_LIMITS = {2: 0.5, 3: 0.5, 4: 0.5}
"""A page whose most frequent 2-, 3- or 4-word sequence covers more than half its characters repeats one phrase
rather than saying something ('a: a: a: ...'). Gopher's measure (Rae et al. 2021, datatrove's
GopherRepetitionFilter) with far higher limits than its 0.20/0.18/0.16, which reject real short pages (the
development set's highest is 0.12): here a false rejection loses a document, not a line of training data."""
REPETITION_MIN_WORDS = 1_000
"""Below this many words (space-separated tokens) the measure is noise: a short page, or one in a script written
without spaces, reaches it with a headline and a label printed twice."""
NOT_TEXT_SHARE = 0.5
"""A line at least this much made of runs longer than any word (base64, a minified script, glued links) is not
text: removed before any other rule reads it. Prose with one long link in it stays."""
ATTRIBUTION_MAX_WORDS = 12

_GLUED_URL = re.compile(r"(?<=\S)(https?://\S+)$")
_BARE_URL = re.compile(r"https?://\S+")
_HAS_ALNUM = re.compile(r"\w")
_GLUED_KICKER = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])|(?<=\w:)(?=[\"«„“])|(?<=\w)(?=[«„“])")
"""Where a section label meets the headline it is glued to: 'resistanceAhmad', 'Afghanistan:"Die ...'."""
_KICKER_LINE = re.compile(r"[A-Z][A-Z &'-]{2,30}:?")
_LABEL_SHAPE = re.compile(rf"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,2}}\s*:?|.*{COLON}")
"""Speaker-label shapes ("Ahmad Massoud", "Q:"): kept out of the corpus-frequency rule, labels recur by design."""
_ATTRIBUTION = re.compile(r"[—–-]?\s*[A-Z](?:[^.!?]|(?<=\b[A-Z])\.)*")  # no sentence end; initials allowed
_GLUED_WORDS = re.compile(r"(?<![a-z])[a-z]{3,}[A-Z][a-z]|\S(?=https?://)")
RELATED_TEASER_MAX_WORDS = 45
"""A teaser of another article is a headline and a sentence or two; a longer paragraph is the article."""
TITLE_MAX_REPEATS = 4
"""A headline is printed two to four times (headline, <title>, breadcrumb, player); a speaker label, many more."""
SHORT_TITLE_WORDS = 3
"""A line of this many words or fewer ('AP', 'Watch CBS News') is a headline only if the page repeats it."""
_GLUED_TITLE_END = re.compile(r"\s*[:|–—-]\s")
"""What follows a headline glued to more text on a page's first line: a separator ('Headline : The Two-Way ...')."""
_TRAILING_SEPARATOR = re.compile(r"(?<![\s,;|–—-])\s*[,;|–—-]+\s*$")
_TITLE_START = re.compile(r"[\w\"“„«‘'¿¡(\[]")
_TIMECODE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?[.,]?\s*(?:>|-->)|\(\d{1,2}:\d{2}(?::\d{2})?\)")
_MENU_ITEM = re.compile(r"\s*(?:[•·▪►*]|\d{1,2}[.)])\s")
_CAPTION_CREDIT = re.compile(
    r"(?:(?<![\w.-])[A-Z][\w.-]*\s?/\s?[A-Z][\w&.-]*(?:\s[A-Z][\w.-]*)?"
    rf"|[(（](?:{'|'.join(lexicon.all_words('caption_credit_words'))})s?\s*{COLON}.*[)）])\s*$",
    re.IGNORECASE,
)
"""A credit ending a line, 'AFP/Getty Images' or '(Photo: AFP)', '（图片来源：新华社）': the line is a caption, not a headline."""
_SENTENCE_BREAK = re.compile(r"[a-z\u0600-\u06ff]{2}[.!?؟] +\w")
_LABEL_DASHES = ("―", "—", "–", "-")
"""A dash alone under a speaker label ('А.Венедиктов' / '―' / speech): the label's layout, kept with it."""
_CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|uhr|h)\b|\b\d{1,2}:\d{2}$", re.IGNORECASE)
_TITLE_DATE = re.compile(r"(?:,|\s[-–—|])\s*(?P<date>(?:(?!\s-\s)[^,–—|]){3,30}?(?:,\s*\d{4})?)\s*$")
"""The last part of a headline after a comma or a spaced separator ('Guest - Programme - 2021-07-22': the date,
not 'Programme - 2021-07-22'; a hyphen inside a date, '2021-07-22', is no separator)."""
_LABEL_LINE = re.compile(r"[\w.’' -]{1,40}\s\(\d{1,2}:\d{2}(?::\d{2})?\)\s?:|[^\W\d_]\.\s?[^\W\d_][\w’'-]+|(?:[^\W\d_][\w’'-]+\s){1,3}[^\W\d_][\w’'-]+:")
"""A speaker label on its own line ('Nelufar (01:59):', 'З.Кабулов', 'Abdul Qahar Balkhi:')."""
_SPEAKER_PREFIX = re.compile(rf"\s*(?:[—–-]\s|[„“\"«]?[\w.’' ]{{1,40}}[“”\"»]?\s?{COLON}{AFTER_COLON})")
_QUOTE_PAIRS = (("“", "”"), ("«", "»"))
_QUOTES_AND_BRACKETS = "\"'“”‘’«»„‚()[]"


@dataclass(frozen=True)
class Block:
    """A kept piece of the page: repaired text and where it came from in the raw file."""

    text: str
    role: str  # "title" or "body"
    raw: RawSpan


@dataclass(frozen=True)
class Removal:
    """A span of the raw file that is not in the cleaned text, and why."""

    raw: RawSpan
    text: str  # exactly as in the raw file
    reason: str
    rule_id: str
    moved_to: str | None = None  # document field that received the content, if any
    score: float | None = None  # similarity for restatements
    duplicate_of: RawSpan | None = None  # raw span of the block this repeats (a block's identity)


@dataclass
class Header:
    """Page metadata found above (or glued to) the article."""

    url: str | None = None
    kicker: str | None = None
    standfirst: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)  # from a credit line ('Interview: Jane Doe')
    outlet: str | None = None
    published_date: dt.date | None = None
    date_precision: str | None = None
    date_source: str | None = None


@dataclass
class CleanedDocument:
    source: RawDocument
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    header: Header = field(default_factory=Header)
    repairs: Counter[str] = field(default_factory=Counter)
    flags: list[str] = field(default_factory=list)

    @property
    def title(self) -> Block | None:
        return next((b for b in self.blocks if b.role == "title"), None)


@dataclass(frozen=True)
class LineRule:
    id: str
    pattern: re.Pattern[str]
    mode: str = "line"  # "line": drop the whole line; "prefix": drop the matched prefix only


@dataclass
class _Line:
    """A non-blank raw line being cleaned: [start, end) is what is still undecided."""

    raw: RawLine
    start: int
    end: int

    @property
    def raw_text(self) -> str:
        return self.raw.text[self.start : self.end]

    def span(self, start: int | None = None, end: int | None = None) -> RawSpan:
        return self.raw.span(self.start if start is None else start, self.end if end is None else end)


@cache
def load_rules(name: str) -> tuple[LineRule, ...]:
    """Rules from flows/rules/<name>.toml, compiled once per process."""
    with (RULES_DIR / f"{name}.toml").open("rb") as handle:
        entries = tomllib.load(handle)["rule"]
    return tuple(LineRule(e["id"], re.compile(e["pattern"], re.IGNORECASE), e.get("mode", "line")) for e in entries)


def corpus_line_keys(doc: RawDocument) -> set[str]:
    """Distinct short unpunctuated lines of a document, as counted for corpus line frequency."""
    keys = set()
    for line in doc.lines:
        text = line.text.strip()
        if text and word_count(text) <= CORPUS_LINE_MAX_WORDS and not ends_like_sentence(text):
            keys.add(repeat_key(text))
    keys.discard("")
    return keys


FrequentLines = frozenset[int]
"""The corpus's frequent lines, each as the 64-bit hash of its repeat key (line_hash)."""


def line_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest())


def frequent_lines(documents: Iterable[RawDocument]) -> FrequentLines:
    """Lines present in at least CORPUS_MIN_DOCUMENTS documents."""
    return count_frequent(page_line_hashes(doc) for doc in documents)


def page_line_hashes(doc: RawDocument) -> np.ndarray:
    """The hashes of a page's distinct counted lines: all the corpus pass keeps of a page's lines."""
    return np.fromiter((line_hash(key) for key in corpus_line_keys(doc)), dtype=np.uint64)


def count_frequent(pages: Iterable[np.ndarray]) -> FrequentLines:
    """The line hashes present in at least CORPUS_MIN_DOCUMENTS pages.

    Counted as 8-byte hashes in numpy arrays, not as a Counter of strings: a hundred thousand pages
    take a few megabytes (a Counter took 23 KB a page), and the set handed to every batch is small.
    """
    chunks: list[np.ndarray] = []
    for hashes in pages:
        chunks.append(hashes)
        if len(chunks) >= 1024:  # fold the small arrays into one as we go
            chunks = [np.concatenate(chunks)]
    if not chunks:
        return frozenset()
    hashes, counts = np.unique(np.concatenate(chunks), return_counts=True)
    return frozenset(int(h) for h in hashes[counts >= CORPUS_MIN_DOCUMENTS])


def is_frequent_line(text: str, frequent: FrequentLines) -> bool:
    return bool(frequent) and line_hash(repeat_key(text)) in frequent


def corpus_fingerprint(frequent: FrequentLines) -> str:
    """Identity of the corpus statistics the cleaner uses: part of every batch's cache key."""
    return hashlib.sha256(" ".join(map(str, sorted(frequent))).encode()).hexdigest()


def clean_batch(
    documents: list[RawDocument], frequent: FrequentLines = frozenset()
) -> tuple[list[CleanedDocument], list[Outcome]]:
    return each_document("clean", documents, lambda doc: clean_document(doc, frequent), lambda d: d.doc_id)


def clean_document(doc: RawDocument, frequent: FrequentLines = frozenset()) -> CleanedDocument:
    page_fault(doc.text)
    cleaned = CleanedDocument(doc)
    _header_from_html_metadata(cleaned.header, doc.metadata)
    lines = [_Line(raw, *_content_bounds(raw.text)) for raw in doc.lines]
    lines = [line for line in lines if line.start < line.end]
    items: list[Block | Removal] = [  # before any other rule reads them: no heuristic runs on a 1 MB token
        Removal(line.span(), line.raw_text, "not_text", "text.unbroken_run")
        for line in lines if unbroken_share(line.raw_text) >= NOT_TEXT_SHARE
    ]
    lines = [line for line in lines if unbroken_share(line.raw_text) < NOT_TEXT_SHARE]
    body_start, body_end = _body_bounds(lines)
    title_index = _choose_title(lines, body_start)
    speakers = Counter(name for line in lines if (name := _speaker_name(line.raw_text)))
    title_block: Block | None = None
    for index, line in enumerate(lines):
        if index <= body_start:
            _apply_header_rules(cleaned, line, items)
        near_top = index <= body_start or (index < DATE_LINE_ZONE and index < body_end)
        if line.start < line.end and (near_top or index > body_end):
            clock = any(_is_clock_line(lines[j].raw_text) for j in (index - 1, index + 1) if 0 <= j < len(lines))
            _take_date_line(cleaned, line, items, labelled_only=not near_top, beside_clock=clock)
        if line.start >= line.end:
            continue
        may_be_title = index == title_index
        if index < title_index and _take_kicker_line(cleaned, line, items, lines[index + 1 :]):
            continue
        if may_be_title:
            _split_glued_url(cleaned, line, items)
            _trim_title_end(line, items)
        text = repair(line.raw_text, cleaned.repairs)
        label_dash = text.strip() in _LABEL_DASHES and index > 0 and _LABEL_LINE.fullmatch(lines[index - 1].raw_text.strip())
        listed = _in_introduced_list(lines, index)
        chrome = None if label_dash or listed else _chrome_rule(cleaned, line, text)
        if chrome is not None:
            items.append(chrome)
            continue
        if may_be_title:
            title = _split_glued_kicker(cleaned, line, items, text)  # may move line.start past a kicker
            block = title_block = Block(title, "title", line.span())
            _date_from_title(cleaned.header, title)
        elif label_dash or listed:
            block = Block(text, "body", line.span())
        else:
            removal = _line_rule(
                cleaned, line, text, frequent,
                in_header=index < body_start, near_top=near_top, in_tail=index > body_end, is_last=index == len(lines) - 1,
                speaker_label=speakers[_speaker_name(text)] > 1 or _labels_text(lines, index), title=title_block,
                runs_on=_continues_sentence(text) or (index + 1 < len(lines) and _opens_small(lines[index + 1].raw_text)),
            )
            if removal is not None:
                items.append(removal)
                continue
            block = Block(text, "body", line.span())
        cleaned.blocks.append(block)
        items.append(block)
    _date_from_dateline(cleaned.header, next((i for i in items if isinstance(i, Block) and i.role == "body"), None))
    _drop_related_list(doc, items)
    _drop_repeats(cleaned, items)
    cleaned.removed = sorted((i for i in items if isinstance(i, Removal)), key=lambda r: r.raw.byte_start)
    cleaned.blocks = [i for i in items if isinstance(i, Block)]
    if not cleaned.blocks:
        reasons = Counter(r.reason for r in cleaned.removed)
        raise PageRejected("nothing left after cleaning: " + ", ".join(f"{n} {why}" for why, n in sorted(reasons.items())))
    if not any(_reads_as_text(b.text) for b in cleaned.blocks):
        raise PageRejected(f"no running text: {len(cleaned.blocks)} lines without a sentence end (a menu, a list of links)")
    tokens = [token for block in cleaned.blocks for token in block.text.split()]
    for n, limit in REPETITION_LIMITS.items() if len(tokens) >= REPETITION_MIN_WORDS else ():
        if (share := top_ngram_share(tokens, n)) > limit:
            raise PageRejected(f"repetitive text: its most frequent {n}-word sequence covers {share:.0%} of its "
                               f"characters (at most {limit:.0%})")
    cleaned.flags = quality_flags(cleaned)
    return cleaned


def quality_flags(cleaned: CleanedDocument) -> list[str]:
    """Problems of the source a user should know about; the text itself is not altered for them."""
    body = [b for b in cleaned.blocks if b.role == "body"]
    flags = []
    if body and _is_heading_like(body[-1].text):
        flags.append("truncated")  # the page ends on a heading or question with nothing after it
    if any(_unbalanced_quotes(b.text) for b in cleaned.blocks):
        flags.append("unbalanced_quotes")
    if sum(word_count(b.text) for b in body) < SHORT_BODY_WORDS:
        flags.append("short_body")
    if any(_GLUED_WORDS.search(b.text) for b in cleaned.blocks):
        flags.append("glued_words")
    return flags


# Phase 1: line rules -----------------------------------------------------------------


def _header_from_html_metadata(header: Header, metadata: dict[str, str]) -> None:
    """An HTML page's own metadata (trafilatura): address, authors and date, which lines may then refine."""
    header.url = metadata.get("url")
    header.authors += [a.strip() for a in metadata.get("author", "").split(";") if a.strip()]
    if (parsed := parse_header_date(metadata.get("date", ""))) is not None:
        header.published_date, header.date_precision = parsed
        header.date_source = "html.metadata"


def _content_bounds(text: str) -> tuple[int, int]:
    """Start and end of the line without surrounding white space (no-break spaces included)."""
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    return start, start + len(stripped.rstrip())


def _body_bounds(lines: list[_Line]) -> tuple[int, int]:
    """The first and last lines of running text that are not chrome ('What do you think? Leave a comment.' above
    the headline reads as a sentence); (len, len) when there is none."""
    running = (i for i, line in enumerate(lines) if _is_running_text(line.raw_text) and not _is_chrome_text(line.raw_text))
    start = next(running, None)
    if start is None:
        return len(lines), len(lines)
    last = next((i for i in range(len(lines) - 1, start, -1)
                 if _is_running_text(lines[i].raw_text) and not _is_chrome_text(lines[i].raw_text)), start)
    return start, last


def _is_running_text(text: str) -> bool:
    words = word_count(text)
    if text.rstrip().rstrip(CLOSERS).endswith(("?", "؟")) and words < QUESTION_HEADLINE_MAX_WORDS:
        return False
    if _quoted_headline(text):
        return False  # '«Il faut mettre la pression maintenant !»': a quotation set as the headline
    if words <= TITLE_MAX_WORDS and is_title_case(text):
        return False  # 'Leader Talks To Our Paper. Full Transcript.': a headline, however it ends
    return words > STANDFIRST_MAX_WORDS or (words >= RUNNING_TEXT_MIN_WORDS and ends_like_sentence(text))


QUOTED_HEADLINE_MAX_WORDS = 20
"""A line wholly inside one pair of quotation marks, of at most this many words and one sentence, is a headline
that quotes someone (the way French, German and Spanish papers title an interview), not the start of the text."""


_SENTENCE_INSIDE = re.compile(r"[^\W\d_]{2}[.!?؟]\s+\w")
"""A sentence ending inside a line, then another beginning, in letters of any script ('vallée. Les')."""


def _quoted_headline(text: str) -> bool:
    stripped = text.strip()
    return (QUOTATION.fullmatch(stripped) is not None and word_count(stripped) <= QUOTED_HEADLINE_MAX_WORDS
            and _SENTENCE_INSIDE.search(stripped) is None)


def _reads_as_text(text: str) -> bool:
    """A sentence, or a line long enough to be one whose end was lost."""
    return ends_like_sentence(text) or word_count(text) >= RUNNING_TEXT_MIN_WORDS


def _apply_header_rules(cleaned: CleanedDocument, line: _Line, items: list) -> None:
    """Metadata lines (or a metadata prefix) move into header fields."""
    for rule in load_rules("header"):
        content = line.raw_text
        match = rule.pattern.fullmatch(content) if rule.mode == "line" else rule.pattern.match(content)
        if match is None:
            continue
        found = {k: v.strip() for k, v in match.groupdict().items() if v}
        header = cleaned.header
        if "date" in found:
            parsed = parse_header_date(found["date"])
            if parsed is None:
                continue
            if header.published_date is None:
                header.published_date, header.date_precision = parsed
                header.date_source = rule.id
        if "outlet" in found:
            header.outlet = header.outlet or found["outlet"]
        if "author" in found:
            header.authors += list(read_names(found["author"]) or [found["author"]])
        cut = line.end if rule.mode == "line" else line.start + match.end()
        fields = ",".join(sorted({"date": "published_date", "author": "authors"}.get(k, k) for k in found))
        items.append(Removal(line.span(end=cut), line.raw.text[line.start : cut], "metadata_line", rule.id, fields))
        line.start = cut + _content_bounds(line.raw.text[cut : line.end])[0]
        if line.start >= line.end:
            return


def _in_introduced_list(lines: list[_Line], index: int) -> bool:
    """A bullet in a list the text introduces ('The council named three envoys:' / '• Jane Doe'): the
    article's own list, kept, though its items are as short as a menu's."""
    if not _MENU_ITEM.match(lines[index].raw_text):
        return False
    before = index - 1
    while before >= 0 and _MENU_ITEM.match(lines[before].raw_text):
        before -= 1
    return before >= 0 and lines[before].raw_text.rstrip().endswith(":") and word_count(lines[before].raw_text) >= 3


def _is_clock_line(text: str) -> bool:
    return _rule("boilerplate", "meta.local_clock").pattern.fullmatch(text.strip()) is not None


@cache
def _rule(name: str, rule_id: str) -> LineRule:
    """One rule of a rule file, by id (looked up once, not per line)."""
    return next(rule for rule in load_rules(name) if rule.id == rule_id)


def _take_date_line(
    cleaned: CleanedDocument, line: _Line, items: list, *, labelled_only: bool, beside_clock: bool = False
) -> None:
    """A line that is only a date (and a label): the first publication date goes to the header.

    Below the article only labelled dates count ('First broadcast 12 September 2008'): bare
    dates there belong to related articles. A labelled date outranks a bare one above it (a
    site's clock in the header); a bare date beside a 'Kabul Local Time' line is that clock, never
    the page's date.
    """
    header = cleaned.header
    found, outlet = read_date_line(line.raw_text), None
    if found is None and (credit := read_source_line(line.raw_text)) is not None:
        outlet, found = credit  # 'Source: La Croix August 15, 2022 08:25 UTC'
    if found is None or (labelled_only and not found.labelled):
        return
    fields = []
    if outlet and header.outlet is None:
        header.outlet = outlet
        fields.append("outlet")
    clock = beside_clock and not found.labelled
    rule = (
        "header.updated_line" if found.updated else "header.published_line" if found.labelled
        else "header.clock_line" if clock else "header.date_line"
    )
    outranks = header.date_source == "header.date_line" and found.labelled  # 'Published: ...' beats a bare date
    moved = not found.updated and not clock and (header.published_date is None or outranks)
    if moved:
        header.published_date, header.date_precision, header.date_source = found.date, found.precision, rule
    fields += ["published_date"] if moved else []
    items.append(Removal(line.span(), line.raw_text, "metadata_line", rule, ",".join(fields) or None))
    line.start = line.end


def _date_from_title(header: Header, title: str) -> None:
    """'Transcript: ... on "Face the Nation," October 24, 2021', 'Guest - Programme - 2021-07-22': a
    headline that ends in a full date dates the page, when no header line did."""
    match = _TITLE_DATE.search(title)
    if header.published_date is None and match and (found := read_date_line(match.group("date"))):
        if found.precision == "day" and not found.updated:
            header.published_date, header.date_precision, header.date_source = found.date, "day", "title.trailing_date"


def _date_from_dateline(header: Header, first: Block | None) -> None:
    """'KABUL, 4 April 2024 — The governor ...': the dateline at the head of the first paragraph dates the page,
    when no header line did."""
    if header.published_date is None and first is not None and (found := read_dateline(first.text)):
        header.published_date, header.date_precision, header.date_source = found.date, "day", "body.dateline"


def _take_kicker_line(cleaned: CleanedDocument, line: _Line, items: list, following: list[_Line]) -> bool:
    """An upper-case section label on its own line above the headline ("PERSPECTIVE")."""
    if not (_KICKER_LINE.fullmatch(line.raw_text) and following and _looks_like_title(following[0].raw_text)):
        return False
    cleaned.header.kicker = line.raw_text.rstrip(":").strip()
    items.append(Removal(line.span(), line.raw_text, "metadata_line", "header.kicker_line", "kicker"))
    return True


def _split_glued_url(cleaned: CleanedDocument, line: _Line, items: list) -> None:
    """A URL glued to the end of the first line is the page's address: move it to `url`."""
    match = _GLUED_URL.search(line.raw.text, line.start, line.end)
    if match is None:
        return
    cleaned.header.url = match.group(1)
    items.append(Removal(line.span(start=match.start()), match.group(1), "url", "header.glued_url", "url"))
    line.end = match.start()


def _split_glued_kicker(cleaned: CleanedDocument, line: _Line, items: list, title: str) -> str:
    """A section label glued to the headline ("PERSPECTIVE: The resistanceAhmad Massoud: ...")."""
    if title != line.raw_text:  # repair changed the text: raw and repaired positions differ, don't guess
        return title
    for match in _GLUED_KICKER.finditer(title):
        kicker, rest = title[: match.start()], title[match.start() :]
        if (1 if kicker.endswith(":") else 2) <= word_count(kicker) <= 6 and word_count(rest) >= 3:
            cleaned.header.kicker = kicker.strip().rstrip(":").strip()
            cut = line.start + match.start()
            items.append(Removal(line.span(end=cut), kicker, "metadata_line", "header.glued_kicker", "kicker"))
            line.start = cut
            return rest
    return title


def _chrome_rule(cleaned: CleanedDocument, line: _Line, text: str) -> Removal | None:
    """Lines that are never article text wherever they stand: separators, bare URLs, curated chrome."""
    if not _HAS_ALNUM.search(text):
        return Removal(line.span(), line.raw_text, "separator", "line.no_letters_or_digits")
    if _BARE_URL.fullmatch(text):
        cleaned.header.url = cleaned.header.url or text
        return Removal(line.span(), line.raw_text, "url", "line.bare_url", "url")
    for rule in load_rules("boilerplate"):
        if rule.pattern.fullmatch(text):
            return Removal(line.span(), line.raw_text, "boilerplate", rule.id)
    if (rule_id := language_chrome(text)) is not None:
        return Removal(line.span(), line.raw_text, "boilerplate", rule_id)
    return None


PAYWALL_LINE_MAX_WORDS = 40
"""A paywall's or a sign-up form's prompt is a short line: a paragraph that mentions subscribers is text."""
_CHROME_KEY_EDGES = " \t.:;,!|>»›→·•-–—…：｜"


def _chrome_key(text: str) -> str:
    """A line as the language files list chrome: case folded, spaces collapsed, edge punctuation and arrows off."""
    return " ".join(text.casefold().split()).strip(_CHROME_KEY_EDGES)


@cache
def _language_chrome_words() -> tuple[frozenset[str], re.Pattern[str] | None, re.Pattern[str] | None]:
    def alternatives(kind: str) -> list[str]:
        return [re.escape(w) for w in sorted(lexicon.all_words(kind), key=len, reverse=True)]

    prefixes, paywall = alternatives("chrome_prefixes"), alternatives("paywall_phrases")
    return (
        frozenset(_chrome_key(w) for w in lexicon.all_words("chrome_lines")),
        re.compile(rf"\s*(?:{'|'.join(prefixes)})\s*[{LABEL_COLONS}|›»>]", re.IGNORECASE) if prefixes else None,
        re.compile(whole_words(paywall), re.IGNORECASE) if paywall else None,
    )


def language_chrome(text: str) -> str | None:
    """The rule by which a line is chrome in the words of its language (flows/rules/lang): a whole line the
    language files list ('Leave a comment', 'Lesen Sie auch'), a line opened by a link-list prompt and its
    colon ('Read also:', 'इसे भी पढ़ें:'), or a short line with a paywall phrase ('réservé aux abonnés')."""
    lines, prefixes, paywall = _language_chrome_words()
    if _chrome_key(text) in lines:
        return "lang.chrome_line"
    if prefixes is not None and prefixes.match(text):
        return "lang.chrome_prefix"
    if paywall is not None and word_count(text) <= PAYWALL_LINE_MAX_WORDS and paywall.search(text):
        return "lang.paywall"
    return None


def _line_rule(
    cleaned: CleanedDocument, line: _Line, text: str, frequent: FrequentLines, *, in_header: bool, near_top: bool, in_tail: bool,
    is_last: bool, speaker_label: bool = False, title: Block | None = None, runs_on: bool = False,
) -> Removal | None:
    """Rules that depend on where the line stands: header fields, corpus frequency, the page's tail. `title` is
    the headline when it stands above the line (passed in: looking it up among the blocks per line is quadratic);
    `runs_on`: the line and the next are one sentence broken over lines."""

    def removal(reason: str, rule_id: str, moved_to: str | None = None) -> Removal:
        return Removal(line.span(), line.raw_text, reason, rule_id, moved_to)

    if title is not None and repeat_key(text) == repeat_key(title.text):
        return None  # a title repeat, dropped as such in phase 2 (not a standfirst or a byline)
    if (near_top or in_tail) and (credit := _credit(cleaned, text, closing=in_tail and not near_top)):
        header = cleaned.header
        header.authors += [name for name in credit.names if name not in header.authors]
        if credit.role == "interviewer":
            header.interviewers += [name for name in credit.names if name not in header.interviewers]
            return removal("metadata_line", "header.interviewer_credit", "authors,interviewer")
        return removal("metadata_line", "header.byline", "authors")
    bylined = in_header and not ends_like_sentence(text) and word_count(text) <= 8
    if bylined and (names := read_names(text)):  # a bare byline under the headline: 'Jane Doe and John Roe'
        cleaned.header.authors += list(names)
        return removal("metadata_line", "header.byline", "authors")
    is_dek = (  # right under the headline (or its repeat); not a paragraph broken over lines
        title is not None and repeat_key(cleaned.blocks[-1].text) == repeat_key(title.text)
        and len(cleaned.header.standfirst) < STANDFIRST_MAX_LINES and not runs_on
    )
    if in_header and is_dek and word_count(text) >= RUNNING_TEXT_MIN_WORDS and not ends_like_sentence(text):
        cleaned.header.standfirst.append(text)
        return removal("metadata_line", "header.standfirst", "standfirst")
    unpunctuated = not ends_like_sentence(text)
    if unpunctuated and is_frequent_line(text, frequent) and not _LABEL_SHAPE.fullmatch(text):
        return removal("boilerplate", "corpus.frequent_line")
    kept_text = (
        (is_last and _cut_off_text(line, text, cleaned.source.text))
        or speaker_label  # 'З.Кабулов' again, 'Nelufar (01:59):'
        or _continues_sentence(text)
    )
    if in_tail and unpunctuated and word_count(text) <= TAIL_MAX_WORDS and not kept_text:
        return removal("boilerplate", "edge.short_unpunctuated_tail")
    return None


def _credit(cleaned: CleanedDocument, text: str, *, closing: bool) -> Credit | None:
    """A credit line near the top; at the foot of the page only an interviewer's closing credit
    ('Propos recueillis par ...'), since a byline down there belongs to a teaser of another article.
    A name the headline or dek carries is the page's subject ('Interview: Jane Doe' as a kicker)."""
    credit = read_credit(text)
    if credit is None or (closing and credit.role != "interviewer"):
        return None
    title = cleaned.title.text if cleaned.title else None
    shown = " ".join(filter(None, [title, cleaned.header.kicker, *cleaned.header.standfirst]))
    return None if any(name in shown for name in credit.names) else credit


def _speaker_name(text: str) -> str | None:
    """The name of a speaker label standing on its own line ('Nelufar (01:59):' -> 'nelufar'), else None."""
    text = text.strip()
    if _LABEL_LINE.fullmatch(text) is None:
        return None
    return repeat_key(re.sub(r"\(.*?\)|:", "", text)) or None


def _labels_text(lines: list[_Line], index: int) -> bool:
    """A speaker label on its own line right above a line of text ('Abdul Qahar Balkhi:' / 'Die Leute
    verlassen das Land ...'): the start of a turn, even when it is the page's only label."""
    following = lines[index + 1].raw_text if index + 1 < len(lines) else ""
    return _speaker_name(lines[index].raw_text) is not None and _reads_as_text(following)


def _cut_off_text(line: _Line, text: str, page: str) -> bool:
    """The page's last line, cut mid-sentence or after a speaker label ('Q. Have you ', 'BERGEN: The
    Taliban banned', 'MARGARE'), inside a question ('Do you believe the roads will open before') or inside a
    word ('They had forgotten everyth'): kept, unlike the short chrome lines that also follow the last paragraph."""
    return (
        line.raw.text[line.end :] != "" and line.raw.text[line.end :].isspace()
        or _ends_in_cut_word(text, page)
        or _SPEAKER_PREFIX.match(text) is not None
        or (text.isupper() and word_count(text) <= 2)
        or _LABEL_LINE.fullmatch(text) is not None
        or (OPENS_QUESTION.match(text) is not None and word_count(text) >= CUT_QUESTION_MIN_WORDS)
    )


def _ends_in_cut_word(text: str, page: str) -> bool:
    """A line that stops inside a word, as a scrape cut short does: its last word (after a space, no closing
    punctuation) is one letter, or the start of a longer word the page prints, and never printed on its own
    ('... the "n', '... Official S', '... forgotten everyth' on a page that says 'everything')."""
    *before, last = text.split() or [""]
    fragment = last.lstrip(_QUOTES_AND_BRACKETS).casefold()
    if not before or not fragment.isalpha() or unspaced(fragment):
        return False
    printed = Counter(word.strip(_QUOTES_AND_BRACKETS + ".,;:!?").casefold() for word in page.split())
    if printed[fragment] > 1:  # the line's own last word counts once
        return False
    return len(fragment) == 1 or any(len(word) > len(fragment) and word.startswith(fragment) for word in printed)


def _continues_sentence(text: str) -> bool:
    """A line that carries on a sentence broken over lines (a verse, a scraped paragraph split at its commas):
    it ends with a comma, or opens with a small letter and holds more than one word ('However much he tries,' /
    'nobody answers'). A menu item or a footer link does neither."""
    stripped = text.strip()
    return stripped.endswith((",", "،", "，")) or _opens_small(stripped)


def _opens_small(text: str) -> bool:
    """A line of more than one word opening with a small letter: the rest of a sentence begun above it."""
    return text.strip().lstrip(_QUOTES_AND_BRACKETS)[:1].islower() and word_count(text) > 1


def _looks_like_title(text: str) -> bool:
    return 0 < word_count(text) <= TITLE_MAX_WORDS and not text.endswith(".")


def _recurring_sentence(text: str) -> bool:
    """A short sentence printed again between different paragraphs ('Ex Afghan President Mr. Ashraf Ghani
    Reply.', 'Thank you very much.'): a turn's marker or a reply, kept; a repeated paragraph is longer."""
    return word_count(text) <= RECURRING_SENTENCE_MAX_WORDS and ends_like_sentence(text)


def _choose_title(lines: list[_Line], body_start: int) -> int:
    """Index of the headline among the lines above the body, or -1 when none is one.

    A candidate has the shape of a headline (see _is_title_candidate) and is not chrome; a
    candidate the page prints twice (headline and <title>, breadcrumb, repeat) beats one
    printed once, else the first one wins. No title is better than a menu item.
    """
    texts = [_headline_part(line.raw_text) for line in lines]
    keys = [repeat_key(text) for text in texts]
    counts = Counter(keys)
    candidates = [
        i for i, text in enumerate(texts[:body_start])
        if _is_title_candidate(text, counts[keys[i]] > 1, _text_follows(lines, i)) and not _is_chrome_text(text)
    ]
    repeated = [  # a name printed twice (byline, caption) is no headline: short repeats earn no preference
        i for i in candidates if 1 < counts[keys[i]] <= TITLE_MAX_REPEATS and word_count(texts[i]) > SHORT_TITLE_WORDS
    ]
    return (repeated or candidates or _glued_title(texts, keys, counts) or [-1])[0]


def _glued_title(texts: list[str], keys: list[str], counts: Counter) -> list[int]:
    """A page that opens with its <title> and description glued on one long line ('Headline : Section The
    president tells ...') prints the headline again on its own: the first such repeated line near the top
    that the opening line starts with, followed by a separator."""
    return [
        i for i in range(1, min(len(texts), DATE_LINE_ZONE))
        if 1 < counts[keys[i]] <= TITLE_MAX_REPEATS and word_count(texts[i]) > SHORT_TITLE_WORDS
        and texts[0].startswith(texts[i].strip()) and _GLUED_TITLE_END.match(texts[0], len(texts[i].strip()))
        and _is_title_candidate(texts[i], True, False)
    ][:1]


def _headline_part(text: str) -> str:
    """The line as a headline candidate: without a leading date prefix or a glued URL (header fields)."""
    for rule in load_rules("header"):
        if rule.mode == "prefix" and (match := rule.pattern.match(text.strip())):
            text = text.strip()[match.end() :]
    return _GLUED_URL.sub("", text)


def _text_follows(lines: list[_Line], index: int) -> bool:
    return index + 1 < len(lines) and ends_like_sentence(lines[index + 1].raw_text)


def _is_title_candidate(text: str, repeated: bool, above_body: bool) -> bool:
    """Shape of a headline: a few words, starting like text, not a lead-in, menu item or caption.

    A very short line ('AP', 'Watch CBS News') is one only when the page repeats it or the
    article starts right below it."""
    text = _TRAILING_SEPARATOR.sub("", text.strip())
    words = word_count(text)
    if not 0 < words <= TITLE_MAX_WORDS or _TITLE_START.match(text) is None or _TIMECODE.search(text):
        return False
    if next((ch for ch in text if ch.isalpha()), "").islower():
        return False  # headlines in cased scripts start with a capital; fragments of running text do not
    if text.endswith((":", "：")) or _MENU_ITEM.match(text) or " | " in text or _CAPTION_CREDIT.search(text):
        return False
    if _LABEL_LINE.fullmatch(text) or _CLOCK_TIME.search(text):
        return False  # a speaker label ('А.Венедиктов'), a clock ('28 Sunbula 1400, 09:53 AM')
    if (text.endswith(".") or _SENTENCE_BREAK.search(text)) and not (is_title_case(text) or repeated):
        return False  # two sentences, or one with its full stop: running text, unless set as a headline
    if text.endswith(("?", "؟")) and (_SPEAKER_PREFIX.match(text) or words > QUESTION_HEADLINE_MAX_WORDS):
        return False
    return words > SHORT_TITLE_WORDS or repeated or above_body


def _is_chrome_text(text: str) -> bool:
    """Side-effect-free version of the chrome rules, for choosing among header lines."""
    stripped = text.strip()
    return (
        not _HAS_ALNUM.search(stripped)
        or _BARE_URL.fullmatch(stripped) is not None
        or any(rule.pattern.fullmatch(stripped) for rule in load_rules("boilerplate"))
        or language_chrome(stripped) is not None
        or read_date_line(stripped) is not None
    )


def _trim_title_end(line: _Line, items: list) -> None:
    """A separator left at the end of a headline ('..., Transcript,'): a removal, not part of the title."""
    match = _TRAILING_SEPARATOR.search(line.raw.text, line.start, line.end)
    if match is not None and match.start() > line.start:
        items.append(Removal(line.span(start=match.start()), match.group(), "separator", "title.trailing_separator"))
        line.end = match.start()


# Phase 2: repeats within the document ------------------------------------------------------


def _drop_repeats(cleaned: CleanedDocument, items: list[Block | Removal]) -> None:
    """Title repeats, exact repeats, restatements and their attribution lines (edits `items`)."""

    position = {item.raw: index for index, item in enumerate(items) if isinstance(item, Block)}

    def replace(block: Block, reason: str, rule_id: str, score: float | None = None, of: Block | None = None):
        removal = Removal(block.raw, cleaned.source.text_of(block.raw), reason, rule_id, None, score, of and of.raw)
        items[position[block.raw]] = removal

    def next_block(block: Block) -> Block | None:
        following = position[block.raw] + 1
        return items[following] if following < len(items) and isinstance(items[following], Block) else None

    title = cleaned.title
    first_seen: dict[str, Block] = {}
    for block in [i for i in items if isinstance(i, Block) and i is not title]:
        key = repeat_key(block.text)
        if title is not None and key == repeat_key(title.text):
            replace(block, "title_repeat", "repeat.title", of=title)
        elif key in first_seen and word_count(block.text) >= MIN_WORDS_FOR_REPEAT and not _is_attribution(block.text) \
                and not _recurring_sentence(block.text):
            replace(block, "duplicate", "repeat.exact", 1.0, first_seen[key])
        else:
            first_seen.setdefault(key, block)

    body = [i for i in items if isinstance(i, Block) and i.role == "body"]
    attributed = [(after := next_block(b)) is not None and _is_attribution(after.text) for b in body]
    for found in find_restatements([b.text for b in body], attributed):
        replace(body[found.index], "pull_quote", "repeat.restatement", found.score, body[found.source])

    seen_short: dict[str, Block] = {}
    for index, item in enumerate(items):
        if not isinstance(item, Block) or item is title:
            continue
        previous = items[index - 1] if index else None
        if (
            _is_attribution(item.text)
            and isinstance(previous, Removal)
            and previous.reason in ("pull_quote", "duplicate")
            and word_count(previous.text) >= RESTATEMENT_MIN_WORDS
        ):
            replace(item, "pull_quote_attribution", "repeat.attribution_after_restatement")
            continue
        key = repeat_key(item.text)
        if key in seen_short and word_count(item.text) >= MIN_WORDS_FOR_REPEAT and not _recurring_sentence(item.text):
            replace(item, "duplicate", "repeat.exact", 1.0, seen_short[key])
        else:
            seen_short.setdefault(key, item)


def _drop_related_list(doc: RawDocument, items: list[Block | Removal]) -> None:
    """Below a 'More from ...' / 'Lesen Sie auch' heading in the lower half of the page come teasers
    of other articles: removed when they look like teasers, every one short and at least half of
    them headlines without a sentence end; paragraphs of the article itself stay (edits `items`)."""
    heading = next(
        (i for i, item in enumerate(items)
         if isinstance(item, Removal) and item.rule_id == "promo.related_heading" and item.raw.line_no > len(doc.lines) / 2),
        None,
    )
    if heading is None:
        return
    after = [i for i in range(heading + 1, len(items)) if isinstance(items[i], Block)]
    headlines = sum(not ends_like_sentence(items[i].text) for i in after)
    if len(after) >= 2 and 2 * headlines >= len(after) and all(word_count(items[i].text) <= RELATED_TEASER_MAX_WORDS for i in after):
        for i in after:
            items[i] = Removal(items[i].raw, doc.text_of(items[i].raw), "boilerplate", "promo.related_list")


def _is_attribution(text: str) -> bool:
    """'Ahmad Massoud, leading Afghan opposition figure', '— A. Massoud (NRF)': who said a pull-quote."""
    return (
        word_count(text) <= ATTRIBUTION_MAX_WORDS
        and not ends_like_sentence(text)
        and _ATTRIBUTION.fullmatch(text) is not None
        and ("," in text or "(" in text or text[0] in "—–-")
    )


def _is_heading_like(text: str) -> bool:
    return word_count(text) <= 12 and (text.endswith("?") or not ends_like_sentence(text))


def _unbalanced_quotes(text: str) -> bool:
    return any(text.count(open_) != text.count(close) for open_, close in _QUOTE_PAIRS) or text.count('"') % 2 == 1
