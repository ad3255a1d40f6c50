"""Full-text search over a release: answers, quotes and narration sentences, ranked by BM25.

Passages: interview answers and attributed quotations (from `quotes`) and the sentences of
narration not already inside a quotation. The index is DuckDB's fts extension (BM25, Porter
stemming, English stop words), built in memory over the release's views. Query text,
speaker and date are bound as parameters, never pasted into SQL.

A hit carries the ids a reader needs to go back to the row and cite it (the quote or sentence id,
its segment and document), the whole passage, and the document's publication date only: a
document without one has none (the interview date is another fact, and `--since` never uses it).
A query word written in capitals (an acronym: ISI, NRF) matches only that word, as written:
stemming would make "ISI" match "ISIS".

BM25 favours short texts; a whole answer is the unit a reader wants first, so scores are
weighted by kind (KIND_WEIGHT) and the length normalisation is softened (BM25_B).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.release.distribute import load_extension
from schemas.quotes import IS_SPEECH

KIND_WEIGHT = {"answer": 1.5, "quote": 1.25, "sentence": 1.0}
BM25_B = 0.5
"""Length normalisation (BM25's b, default 0.75): lower, so a long answer is not buried under its own sentences."""
SNIPPET_CHARS = 160

PASSAGES = """
CREATE OR REPLACE {temp} TABLE passages AS
WITH narration_sentences AS (
    SELECT s.sentence_id AS passage_id, 'sentence' AS kind, s.doc_id, s.segment_id, NULL AS speaker, s.text
    FROM sentences s JOIN segments g USING (segment_id)
    WHERE g.kind IN ('paragraph', 'heading', 'title', 'question')
      AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.doc_id = s.doc_id AND q.{is_speech}
                      AND q.char_start < s.char_end AND s.char_start < q.char_end)
)
SELECT p.*, d.outlet, d.published_date, d.title
FROM (
    SELECT quote_id AS passage_id,
           CASE WHEN kind = 'answer' THEN 'answer' ELSE 'quote' END AS kind,
           doc_id, segment_id, speaker, text
    FROM quotes WHERE {is_speech}
    UNION ALL SELECT * FROM narration_sentences
) p JOIN documents d USING (doc_id)
"""


@dataclass(frozen=True)
class Hit:
    score: float
    kind: str
    passage_id: str  # quote_id for answers and quotes, sentence_id for sentences
    segment_id: str
    doc_id: str
    speaker: str | None
    outlet: str | None
    published_date: dt.date | None
    text: str  # the whole passage

    def snippet(self, query: str, width: int = SNIPPET_CHARS) -> str:
        return snippet(self.text, query, width)


ACRONYM = re.compile(r"^[A-Z][A-Z0-9]+$")


def search(con: duckdb.DuckDBPyConnection, text: str, speaker: str | None = None, since: dt.date | None = None,
           limit: int = 10) -> list[Hit]:
    """Best passages for `text` over the release behind `con` (views documents, segments, sentences, quotes).

    The index is built in `con` unless it already holds one (a connection from `open_search_index`).
    """
    load_extension(con, "fts")
    if not _has_index(con):
        build_index(con, temporary=True)
    exact = [rf"\b{re.escape(word)}\b" for word in re.findall(r"\w+", text) if ACRONYM.match(word)]
    rows = con.execute(
        f"""
        SELECT score, kind, passage_id, segment_id, doc_id, speaker, outlet, published_date, text FROM (
            SELECT *, fts_main_passages.match_bm25(passage_id, ?, b := {BM25_B})
                      * CASE kind WHEN 'answer' THEN {KIND_WEIGHT['answer']}
                                  WHEN 'quote' THEN {KIND_WEIGHT['quote']} ELSE {KIND_WEIGHT['sentence']} END AS score
            FROM passages)
        WHERE score IS NOT NULL
          AND (CAST(? AS VARCHAR) IS NULL OR speaker ILIKE '%' || CAST(? AS VARCHAR) || '%')
          AND (CAST(? AS DATE) IS NULL OR published_date >= CAST(? AS DATE))
          AND coalesce(list_bool_and(list_transform(CAST(? AS VARCHAR[]), pattern -> regexp_matches(text, pattern))), true)
        ORDER BY score DESC, passage_id LIMIT ?
        """,
        [text, speaker, speaker, since, since, exact, limit],
    ).fetchall()
    return [Hit(round(row[0], 3), *row[1:]) for row in rows]


INDEX_VERSION = "3"
"""Bumped when PASSAGES or the index settings change: a stored index of another version is rebuilt."""


def build_index(con: duckdb.DuckDBPyConnection, temporary: bool) -> None:
    load_extension(con, "fts")
    con.execute(PASSAGES.format(temp="TEMP" if temporary else "", is_speech=IS_SPEECH))
    con.execute("PRAGMA create_fts_index('passages', 'passage_id', 'text', stemmer = 'porter', "
                "stopwords = 'english', overwrite = 1)")


def _has_index(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'fts_main_passages'").fetchone()[0])


def open_search_index(release: Path, folder: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the release's search index stored in `folder` (built there on first use, then reused:
    building takes seconds on a large release, a search then takes milliseconds). The file is named by the
    release's checksums, so a different release never reuses it."""
    from flows.release.query import connect_release

    digest = hashlib.sha256((release / "SHA256SUMS").read_bytes() + INDEX_VERSION.encode()).hexdigest()[:16]
    path = folder / f"search-{release.name}-{digest}.duckdb"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        con = connect_release(release, database=partial)
        build_index(con, temporary=False)
        con.close()
        for stale in folder.glob(f"search-{release.name}-*.duckdb"):
            stale.unlink()
        partial.rename(path)
    con = connect_release(release, database=path)
    load_extension(con, "fts")
    return con


def snippet(body: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """The part of the passage around the first query word it contains."""
    words = [w for w in re.findall(r"\w+", query) if len(w) > 2] or re.findall(r"\w+", query)
    match = re.search("|".join(re.escape(w) for w in words), body, re.IGNORECASE) if words else None
    start = max(0, (match.start() if match else 0) - width // 3)
    piece = body[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(body) else "")
