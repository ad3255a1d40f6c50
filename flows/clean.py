"""Clean stage: decide, line by line, what of a raw page is article text.

Reads: `RawDocument.lines`. Writes: `CleanedDocument` with the kept `Block`s (normalised
text plus the raw span it came from), every `Removal` with its reason and rule id, and
the header fields moved out of the body (url, date, outlet, author).

Like datatrove's filters, every rule that drops text returns a reason, and the reason is
published (table `removed`); nothing leaves the text without a row there. Blank lines are
layout, not content, and are the only thing dropped without a row.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flows.dates import parse_header_date
from flows.ingest import RawDocument, RawLine, RawSpan

RULES_DIR = Path(__file__).parent / "rules"

HEADER_ZONE_LINES = 6
"""Header rules only look at the first non-blank lines: metadata sits above the article."""

TITLE_MAX_WORDS = 25
"""A first line longer than this (or ending in a full stop) is body text, not a headline."""

MIN_WORDS_FOR_REPEAT = 4
"""Exact repeats shorter than this are kept: short replies ("Yes.", "Thank you.") recur legitimately."""

_SPACE_LIKE = re.compile(r"[\u00a0\u2007\u202f]")  # no-break spaces: mapped one-for-one to U+0020
_GLUED_URL = re.compile(r"(?<=\S)(https?://\S+)$")
_BARE_URL = re.compile(r"https?://\S+")
_HAS_ALNUM = re.compile(r"\w")


@dataclass(frozen=True)
class Block:
    """A kept piece of the page: normalised text and where it came from in the raw file."""

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


@dataclass
class CleanedDocument:
    source: RawDocument
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    header: dict[str, object] = field(default_factory=dict)

    @property
    def title(self) -> str | None:
        return next((b.text for b in self.blocks if b.role == "title"), None)


@dataclass(frozen=True)
class LineRule:
    id: str
    pattern: re.Pattern[str]
    mode: str = "line"  # "line": drop the whole line; "prefix": drop the matched prefix only


@cache
def load_rules(name: str) -> tuple[LineRule, ...]:
    """Rules from flows/rules/<name>.toml, compiled once per process."""
    with (RULES_DIR / f"{name}.toml").open("rb") as handle:
        entries = tomllib.load(handle)["rule"]
    return tuple(
        LineRule(e["id"], re.compile(e["pattern"], re.IGNORECASE), e.get("mode", "line")) for e in entries
    )


def normalise(text: str) -> str:
    """NFC, and no-break spaces to plain spaces (one-for-one, so lengths are kept)."""
    return _SPACE_LIKE.sub(" ", unicodedata.normalize("NFC", text))


def repeat_key(text: str) -> str:
    """Key under which two blocks count as the same text: case and spacing ignored."""
    return " ".join(text.casefold().split())


def clean_document(doc: RawDocument) -> CleanedDocument:
    cleaned = CleanedDocument(doc)
    seen: set[str] = set()
    non_blank = 0
    for line in doc.lines:
        start, end = _content_bounds(line.text)
        if start == end:
            continue
        non_blank += 1
        in_header = non_blank <= HEADER_ZONE_LINES
        if in_header:
            start = _apply_header_rules(cleaned, line, start, end)
            if start is None:
                continue
        if not cleaned.blocks:
            end = _split_glued_url(cleaned, line, start, end)
        text = normalise(line.text[start:end])
        reason = _removal_reason(text, cleaned, seen)
        if reason is not None:
            cleaned.removed.append(Removal(line.span(start, end), line.text[start:end], *reason))
            continue
        role = "title" if not cleaned.blocks and _looks_like_title(text) else "body"
        cleaned.blocks.append(Block(text, role, line.span(start, end)))
        seen.add(repeat_key(text))
    cleaned.removed.sort(key=lambda r: r.raw.byte_start)
    return cleaned


def clean_batch(documents: list[RawDocument]) -> list[CleanedDocument]:
    return [clean_document(doc) for doc in documents]


def _content_bounds(text: str) -> tuple[int, int]:
    """Start and end of the line without surrounding white space (no-break spaces included)."""
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    return start, start + len(stripped.rstrip())


def _apply_header_rules(cleaned: CleanedDocument, line: RawLine, start: int, end: int) -> int | None:
    """Move header metadata into fields; returns where body text resumes, None if the line is gone."""
    for rule in load_rules("header"):
        content = line.text[start:end]
        match = rule.pattern.fullmatch(content) if rule.mode == "line" else rule.pattern.match(content)
        if match is None:
            continue
        fields = {k: v.strip() for k, v in match.groupdict().items() if v}
        if "date" in fields:
            parsed = parse_header_date(fields.pop("date"))
            if parsed is None:
                continue
            if "published_date" not in cleaned.header:
                cleaned.header.update(published_date=parsed[0], date_precision=parsed[1], date_source=rule.id)
        for name, value in fields.items():
            cleaned.header.setdefault(name, value)
        cut = end if rule.mode == "line" else start + match.end()
        cleaned.removed.append(Removal(line.span(start, cut), line.text[start:cut], "metadata_line", rule.id))
        if cut == end:
            return None
        start = cut + _content_bounds(line.text[cut:end])[0]
    return start


def _split_glued_url(cleaned: CleanedDocument, line: RawLine, start: int, end: int) -> int:
    """A URL glued to the end of the first line is the page's address: move it to `url`."""
    match = _GLUED_URL.search(line.text, start, end)
    if match is None:
        return end
    cleaned.header.setdefault("url", match.group(1))
    cleaned.removed.append(Removal(line.span(match.start(), end), match.group(1), "url", "header.glued_url"))
    return match.start()


def _removal_reason(text: str, cleaned: CleanedDocument, seen: set[str]) -> tuple[str, str] | None:
    if not _HAS_ALNUM.search(text):
        return "separator", "line.no_letters_or_digits"
    if _BARE_URL.fullmatch(text):
        cleaned.header.setdefault("url", text)
        return "url", "line.bare_url"
    for rule in load_rules("boilerplate"):
        if rule.pattern.fullmatch(text):
            return "boilerplate", rule.id
    key = repeat_key(text)
    if cleaned.title is not None and key == repeat_key(cleaned.title):
        return "title_repeat", "repeat.title"
    if key in seen and len(text.split()) >= MIN_WORDS_FOR_REPEAT:
        return "duplicate", "repeat.exact_line"
    return None


def _looks_like_title(text: str) -> bool:
    return len(text.split()) <= TITLE_MAX_WORDS and not text.endswith(".")
