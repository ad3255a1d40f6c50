"""documents/<doc_id>.html of a release: each document as a person reads it, with what the pipeline found.

One self-contained page per document beside index.html (inline CSS, no script, nothing fetched): the
header fields (title, outlet, date with its precision, language, genre, participants, source file and its
sha256); the kept text block by block in reading order, questions and answers as turns with their speaker
and role; quotes marked (<q> for speech, a class per kind, the speaker in the title); each entity mention
a link to the entity's entry at the foot of the page; and every span the cleaner removed, struck through
at its place in the raw file, with the reason and the rule. The text shown is each segment's text
exactly: escaped, whitespace kept, tags only around it.

The pages are written in one pass over each table sorted by doc_id (one DuckDB query per table, rows
grouped by document in Python), so memory holds one document at a time whatever the size of the
release. Nothing of the run (no date, no path) goes into a page: the same release gives the same bytes,
so the page of a document whose partition did not change is the previous release's page (a hard link),
not drawn again.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import html
import itertools
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow.parquet as pq

from flows.release import catalog
from flows.release.query import connect_release
from flows.release.store import DOCUMENT_PAGES, WHOLE_TABLE_PART, table_folder
from schemas.quotes import SPEECH_KINDS

BATCH_ROWS = 10_000
"""Rows fetched from DuckDB at a time per table: what bounds the memory of writing the pages."""

HEADING = "coalesce(title, source_file)"
"""What names a document on the pages: its headline, or its source file when the page had none."""
DOCUMENT_COLUMNS = ("doc_id", f"{HEADING} AS heading", "source_file", "raw_sha256", "url", "kicker", "outlet",
                    "published_date", "date_precision", "date_source", "interview_date", "interview_date_precision",
                    "interviewer", "interviewees", "authors", "genre", "language", "languages")
PART_COLUMNS = {
    "segments": ("doc_id", "segment_id", "kind", "text", "speaker", "speaker_label", "role", "turn", "char_start",
                 "raw_char_start"),
    "quotes": ("doc_id", "segment_id", "kind", "char_start", "char_end", "speaker", "method"),
    "mentions": ("doc_id", "segment_id", "char_start", "char_end", "entity_id"),
    "removed": ("doc_id", "removal_id", "raw_line_no", "raw_char_start", "text", "reason", "rule_id", "moved_to"),
}
"""What a page shows of each table holding a document's parts (each stored sorted by doc_id, then ordinal)."""
PAGE_TABLES = ("documents", *PART_COLUMNS)
"""The tables partitioned by document that a page reads (and the knowledge base, for the entities' names)."""

TURN_KINDS = ("question", "answer")
"""Segment kinds drawn as an interview's turns."""
_DATE_LENGTH = {"day": 10, "month": 7, "year": 4}
"""Characters of an ISO date each documents.date_precision gives."""

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; color: #222;
       line-height: 1.5; }
.nav { font-size: .9rem; } h1 { margin: .5rem 0; line-height: 1.25; } .kicker { color: #555; margin: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; font-size: .9rem; }
dt { color: #555; } dd { margin: 0; overflow-wrap: anywhere; } code { font-size: .85em; }
.legend { font-size: .85rem; color: #444; border-top: 1px solid #ddd; border-bottom: 1px solid #ddd; padding: .4rem 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.seg { margin: .7rem 0; } .seg.title .text { font-size: 1.35rem; font-weight: 600; }
.seg.heading .text { font-size: 1.1rem; font-weight: 600; } .seg.standfirst .text, .seg.byline .text { color: #444; }
.seg.label { margin-bottom: 0; font-size: .85rem; color: #555; }
.turn { padding: .35rem .8rem; border-left: 4px solid; border-radius: 0 4px 4px 0; }
.turn.continued { margin-top: -.7rem; padding-top: .5rem; border-radius: 0 0 4px 0; }
.question { background: #eef3fb; border-color: #4c72b0; } .answer { background: #f1f8ef; border-color: #55a868; }
.who { font-size: .8rem; color: #444; margin: 0 0 .15rem; } .who b { color: #222; }
q { quotes: none; } q.quotation { background: #fff1b8; border-radius: 2px; }
.term { background: #eee; border-radius: 2px; }
main a, .mention { color: inherit; text-decoration: underline dotted #4c72b0 2px; text-underline-offset: 3px; }
.removed { margin: .5rem 0; padding: .2rem .8rem; background: #faf6f6; border-left: 4px solid #c44e52; font-size: .9rem; }
.removed del { white-space: pre-wrap; overflow-wrap: anywhere; color: #777; }
.why { display: block; font-size: .8rem; color: #a33; }
.entities { font-size: .9rem; padding-left: 1.2rem; } .entities li:target { background: #fff1b8; }
"""


def page_path(doc_id: str) -> str:
    """Where a document's page is in a release folder (a relative URL too)."""
    return f"{DOCUMENT_PAGES}/{doc_id}.html"


def shown_date(date: dt.date | None, precision: str | None) -> str:
    """The part of a date its source gave: 2021-08-31, 2021-08 or 2021 ('' when undated)."""
    return "" if date is None else date.isoformat()[: _DATE_LENGTH[precision or "day"]]


def write_document_pages(folder: Path, previous: Path | None = None, linked: frozenset[str] = frozenset()) -> int:
    """Write documents/<doc_id>.html for every document of a release folder whose tables are written; returns
    the number of pages drawn. A page says nothing of the release it is in, so the page of a document that did not
    change is the same file as in the `previous` release folder: a hard link to it, one copy on disk. `linked`: the
    table files (paths in the folder) that are the previous release's files, as the same code wrote them; a
    partition whose every file a page reads is among them has its pages linked without being drawn."""
    (folder / DOCUMENT_PAGES).mkdir(exist_ok=True)
    kept = _link_unchanged_pages(folder, previous, linked) if previous is not None else set()
    drawn = 0
    with connect_release(folder) as con:
        if kept:
            for table in PAGE_TABLES:  # the views over the other partitions only
                files = [str(f) for f in sorted((folder / table_folder(table)).glob("*.parquet")) if f.name not in kept]
                if not files:
                    return 0
                con.execute(f"CREATE OR REPLACE VIEW {table} AS FROM read_parquet({files!r})")
        entities = {row["entity_id"]: row for row in _rows(con, "SELECT entity_id, name, type, wikidata_qid, curated FROM entities")}
        for document in pages_data(con):
            page = document_page(document, entities).encode("utf-8")
            path = page_path(document.row["doc_id"])
            if previous is None or not _link_if_same(previous / path, folder / path, page):
                (folder / path).write_bytes(page)
            drawn += 1
    return drawn


def _link_unchanged_pages(folder: Path, previous: Path, linked: frozenset[str]) -> set[str]:
    """Link the pages of the partitions whose every file a page reads was linked; their file names."""
    if f"{table_folder('entities')}/{WHOLE_TABLE_PART}.parquet" not in linked:
        return set()
    kept = set()
    for part in sorted((folder / table_folder("documents")).glob("*.parquet")):
        if not all(f"{table_folder(table)}/{part.name}" in linked for table in PAGE_TABLES):
            continue
        doc_ids = pq.read_table(part, columns=["doc_id"])["doc_id"].to_pylist()
        try:
            for doc_id in doc_ids:
                os.link(previous / page_path(doc_id), folder / page_path(doc_id))
        except OSError:  # a page missing from the previous release: this partition's pages are drawn
            for doc_id in doc_ids:
                (folder / page_path(doc_id)).unlink(missing_ok=True)
            continue
        kept.add(part.name)
    return kept


def _link_if_same(earlier: Path, new: Path, page: bytes) -> bool:
    """Hard-link `new` to `earlier` when that file holds exactly `page`; False when it does not (or cannot)."""
    try:
        if earlier.stat().st_size != len(page) or earlier.read_bytes() != page:
            return False
        os.link(earlier, new)
    except OSError:  # no earlier page, or a file system without hard links
        return False
    return True


@dataclass(frozen=True)
class DocumentRows:
    """One document's row and its rows of the other tables, each in its table's order."""

    row: dict
    segments: list[dict]
    quotes: list[dict]
    mentions: list[dict]
    removed: list[dict]


def pages_data(con: duckdb.DuckDBPyConnection) -> Iterator[DocumentRows]:
    """Every document with its rows, one at a time.

    The tables are read side by side in the order they are stored, their contracts' sort key (doc_id,
    then ordinal): streamed, without a sort that would hold whole tables in memory (and take twice the
    time). DuckDB keeps that order (preserve_insertion_order); a table found out of order is an error.
    """
    parts = {name: _Groups(con, f"SELECT {', '.join(columns)} FROM {name}") for name, columns in PART_COLUMNS.items()}
    previous = ""
    for row in _rows(con, f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents"):
        doc_id = row["doc_id"]
        if doc_id <= previous:
            raise ValueError(f"documents is not sorted by doc_id ({doc_id} after {previous})")
        previous = doc_id
        yield DocumentRows(row, **{name: groups.take(doc_id) for name, groups in parts.items()})


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> Iterator[dict]:
    reader = con.cursor().execute(sql).to_arrow_reader(BATCH_ROWS)  # its own cursor: the tables stream side by side
    return (row for batch in reader for row in batch.to_pylist())


class _Groups:
    """The rows of a table stored sorted by doc_id, handed out one document at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql: str):
        self._sql = sql
        self._groups = itertools.groupby(_rows(con, sql), key=itemgetter("doc_id"))
        self._next = next(self._groups, None)

    def take(self, doc_id: str) -> list[dict]:
        """The rows of `doc_id` (none when the table has none); documents must be asked for in increasing order."""
        if self._next is not None and self._next[0] < doc_id:
            raise ValueError(f"rows of {self._next[0]} left behind: not sorted by doc_id ({self._sql})")
        if self._next is None or self._next[0] != doc_id:
            return []
        rows = list(self._next[1])
        self._next = next(self._groups, None)
        return rows


def document_page(document: DocumentRows, entities: dict[str, dict]) -> str:
    """The page of one document; `entities` by entity_id (those its mentions link to)."""
    d = document.row
    heading = d["heading"]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_escape(heading)} · {catalog.PRETTY_NAME}</title><style>{STYLE}</style></head>
<body>
<p class="nav"><a href="../index.html">{catalog.PRETTY_NAME}: this release</a> ›
<a href="../index.html#documents">documents</a> › <code>{_escape(d['doc_id'])}</code></p>
{f'<p class="kicker">{_escape(d["kicker"])}</p>' if d['kicker'] else ''}
<h1>{_escape(heading)}</h1>
{_fields(d)}
<p class="legend">Questions and answers are the interview's turns, with the speaker and their role.
Marked: <q class="quotation">a quotation</q> (hover for the speaker) · <span class="term">a term in quotation
marks</span> · <span class="mention">a mention</span> (linked to its entity below) · <del>removed by the
cleaner</del>, with the reason and the rule, where it stood in the raw file.</p>
<main lang="{_escape(d['language'] or 'und')}">
{_body(document)}
</main>
{_entities(document.mentions, entities)}
</body></html>
"""


def _escape(value: object) -> str:
    return html.escape(str(value))


def _fields(d: dict) -> str:
    """The document's header fields, those it has."""
    date = shown_date(d["published_date"], d["date_precision"])
    interview = shown_date(d["interview_date"], d["interview_date_precision"])
    fields = (
        ("outlet", _escape(d["outlet"]) if d["outlet"] else ""),
        ("published", f"{date} ({_escape(d['date_precision'])}) · found by <code>{_escape(d['date_source'])}</code>" if date
         else "not stated on the page"),
        ("interviewed", f"{interview} ({_escape(d['interview_date_precision'])})" if interview else ""),
        ("language", _escape(", ".join(d["languages"]) or "undetermined")),
        ("genre", _escape(d["genre"])),
        ("interviewer", _escape(d["interviewer"] or "")),
        ("interviewees", _escape(", ".join(d["interviewees"]))),
        ("authors", _escape(", ".join(d["authors"]))),
        ("source URL", f"<code>{_escape(d['url'])}</code>" if d["url"] else ""),  # shown, not fetched nor linked
        ("source file", f"<code>{_escape(d['source_file'])}</code>"),
        ("raw sha256", f"<code>{_escape(d['raw_sha256'])}</code>"),
    )
    return "<dl>" + "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in fields if value) + "</dl>"


def _body(document: DocumentRows) -> str:
    """Segments in reading order, each removed span before the first segment that follows it in the raw file."""
    spans: dict[str, list[_Span]] = {}
    for quote in document.quotes:
        spans.setdefault(quote["segment_id"], []).append(_quote_span(quote))
    for mention in document.mentions:
        spans.setdefault(mention["segment_id"], []).append(_mention_span(mention))
    removed = iter(document.removed)
    pending = next(removed, None)
    parts = []
    previous_voice = None
    for segment in document.segments:
        while pending is not None and pending["raw_char_start"] < segment["raw_char_start"]:
            parts.append(_removed(pending))
            pending = next(removed, None)
            previous_voice = None
        voice = (segment["kind"], segment["speaker"], segment["role"], segment["turn"])
        parts.append(_segment(segment, spans.get(segment["segment_id"], []), continued=voice == previous_voice))
        previous_voice = voice if segment["kind"] in TURN_KINDS else None
    while pending is not None:
        parts.append(_removed(pending))
        pending = next(removed, None)
    return "\n".join(parts)


def _segment(segment: dict, spans: list[_Span], continued: bool) -> str:
    """A block with its marks; a turn (or a printed speaker label) says who speaks, in what role, in which turn,
    once: the next paragraphs of the same turn (`continued`) are drawn as part of it."""
    kind = _escape(segment["kind"])
    text = _marked(segment["text"], segment["char_start"], spans)
    who = ""
    if kind in (*TURN_KINDS, "label") and not continued:
        speaker = f"<b>{_escape(segment['speaker'])}</b>" if segment["speaker"] else "speaker not named"
        role = f" · {_escape(segment['role'])}" if segment["role"] else ""
        turn = f" · turn {segment['turn']}" if segment["turn"] is not None else ""
        printed = f" · printed <code>{_escape(segment['speaker_label'])}</code>" if kind == "label" else ""
        who = f'<p class="who">{kind} · {speaker}{role}{turn}{printed}</p>'
    classes = f"seg {kind}" + (" turn" if kind in TURN_KINDS else "") + (" continued" if continued else "")
    return f'<div class="{classes}" id="{_escape(segment["segment_id"])}">{who}<p class="text">{text}</p></div>'


def _removed(row: dict) -> str:
    """A removed span struck through, with why: the reason, the rule, where its content went, its raw line."""
    moved = f" · moved to <code>{_escape(row['moved_to'])}</code>" if row["moved_to"] else ""
    return (f'<div class="removed" id="{_escape(row["removal_id"])}"><del>{_escape(row["text"])}</del>'
            f'<span class="why">removed: {_escape(row["reason"])} · rule <code>{_escape(row["rule_id"])}</code>{moved}'
            f" · raw line {row['raw_line_no']}</span></div>")


def _entities(mentions: list[dict], entities: dict[str, dict]) -> str:
    """The entities the page mentions, each the target of its mentions' links."""
    counts = Counter(mention["entity_id"] for mention in mentions)
    if not counts:
        return '<h2 id="entities">Entities mentioned</h2><p>None.</p>'
    items = []
    for entity_id in sorted(counts, key=lambda entity_id: (entities[entity_id]["name"].casefold(), entity_id)):
        e, times = entities[entity_id], counts[entity_id]
        known = f"Wikidata {e['wikidata_qid']}" if e["wikidata_qid"] else "knowledge base" if e["curated"] else "found by pattern"
        items.append(f'<li id="entity-{_escape(entity_id)}"><b>{_escape(e["name"])}</b> · {_escape(e["type"])} · '
                     f"{_escape(known)} · <code>{_escape(entity_id)}</code> · {times} mention{'s' if times != 1 else ''}</li>")
    return f'<h2 id="entities">Entities mentioned</h2><ul class="entities">{"".join(items)}</ul>'


class _Span(NamedTuple):
    """A stretch of documents.text to wrap in a tag (offsets into documents.text)."""

    start: int
    end: int
    open: str
    close: str


_TERM = '<span class="term" title="term in quotation marks">'


def _quote_span(quote: dict) -> _Span:
    if quote["kind"] not in SPEECH_KINDS:
        return _Span(quote["char_start"], quote["char_end"], _TERM, "</span>")
    title = _escape(f"{quote['kind']} by {quote['speaker'] or 'speaker unknown'} ({quote['method']})")
    return _Span(quote["char_start"], quote["char_end"], f'<q class="{quote["kind"]}" title="{title}">', "</q>")


def _mention_span(mention: dict) -> _Span:
    return _Span(mention["char_start"], mention["char_end"], _entity_link(mention["entity_id"]), "</a>")


@functools.cache
def _entity_link(entity_id: str) -> str:
    """The opening tag of a link to the entity's entry (made once per entity: a page has many mentions)."""
    return f'<a href="#entity-{_escape(entity_id)}">'


def _marked(text: str, offset: int, spans: list[_Span]) -> str:
    """`text` (at `offset` in documents.text) escaped, with its spans as tags that always nest.

    Spans open in text order, the longer first; a span that runs past the end of the one open around it
    is cut there, its rest marked after it. A link inside a link is not valid HTML: a mention overlapping
    an earlier mention is left unmarked (it is still counted in the entity list).
    """
    queue: list[tuple[int, int, _Span]] = []  # (start, -end, span): in text order, the longer first
    link_end = offset
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.close == "</a>":
            if span.start < link_end:
                continue
            link_end = span.end
        queue.append((span.start, -span.end, span))  # a sorted list is already a heap
    out: list[str] = []
    stack: list[_Span] = []
    position = offset
    while queue:
        span = heapq.heappop(queue)[2]
        while stack and stack[-1].end <= span.start:
            position = _close(out, stack.pop(), text, offset, position)
        if stack and span.end > stack[-1].end:
            rest = span._replace(start=stack[-1].end)
            heapq.heappush(queue, (rest.start, -rest.end, rest))
            span = span._replace(end=stack[-1].end)
        out += [html.escape(text[position - offset : span.start - offset], quote=False), span.open]
        position = span.start
        stack.append(span)
    while stack:
        position = _close(out, stack.pop(), text, offset, position)
    out.append(html.escape(text[position - offset :], quote=False))
    return "".join(out)


def _close(out: list[str], span: _Span, text: str, offset: int, position: int) -> int:
    """Write the text up to the span's end and its closing tag; returns the new position."""
    out += [html.escape(text[position - offset : span.end - offset], quote=False), span.close]
    return span.end
