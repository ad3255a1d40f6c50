"""Full-text search over a release: answers, quotes and narration sentences, ranked by BM25.

Passages: interview answers and attributed quotations (from `quotes`) and the sentences of
narration not already inside a quotation. The index is DuckDB's fts extension (BM25, Porter
stemming, English stop words), built in memory over the release's views. Query text,
speaker and date are bound as parameters, never pasted into SQL.

BM25 favours short texts; a whole answer is the unit a reader wants first, so scores are
weighted by kind (KIND_WEIGHT) and the length normalisation is softened (BM25_B).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from flows.distribute import load_extension

KIND_WEIGHT = {"answer": 1.5, "quote": 1.25, "sentence": 1.0}
BM25_B = 0.5
"""Length normalisation (BM25's b, default 0.75): lower, so a long answer is not buried under its own sentences."""
SNIPPET_CHARS = 160

PASSAGES = """
CREATE OR REPLACE TEMP TABLE passages AS
WITH narration_sentences AS (
    SELECT s.sentence_id AS passage_id, 'sentence' AS kind, s.doc_id, NULL AS speaker, s.text
    FROM sentences s JOIN segments g USING (segment_id)
    WHERE g.kind IN ('paragraph', 'heading', 'title', 'question')
      AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.doc_id = s.doc_id
                      AND q.char_start < s.char_end AND s.char_start < q.char_end)
)
SELECT p.*, d.outlet, coalesce(d.published_date, d.interview_date) AS date, d.title
FROM (
    SELECT quote_id AS passage_id,
           CASE WHEN method IN ('qa_answer', 'label') THEN 'answer' ELSE 'quote' END AS kind,
           doc_id, speaker, text
    FROM quotes
    UNION ALL SELECT * FROM narration_sentences
) p JOIN documents d USING (doc_id)
"""


@dataclass(frozen=True)
class Hit:
    score: float
    kind: str
    speaker: str | None
    outlet: str | None
    date: dt.date | None
    snippet: str


def search(con: duckdb.DuckDBPyConnection, text: str, speaker: str | None = None, since: dt.date | None = None,
           limit: int = 10) -> list[Hit]:
    """Best passages for `text` over the release behind `con` (views documents, segments, sentences, quotes)."""
    load_extension(con, "fts")
    con.execute(PASSAGES)
    con.execute("PRAGMA create_fts_index('passages', 'passage_id', 'text', stemmer = 'porter', "
                "stopwords = 'english', overwrite = 1)")
    rows = con.execute(
        f"""
        SELECT score, kind, speaker, outlet, date, text FROM (
            SELECT *, fts_main_passages.match_bm25(passage_id, ?, b := {BM25_B})
                      * CASE kind WHEN 'answer' THEN {KIND_WEIGHT['answer']}
                                  WHEN 'quote' THEN {KIND_WEIGHT['quote']} ELSE {KIND_WEIGHT['sentence']} END AS score
            FROM passages)
        WHERE score IS NOT NULL
          AND (CAST(? AS VARCHAR) IS NULL OR speaker ILIKE '%' || CAST(? AS VARCHAR) || '%')
          AND (CAST(? AS DATE) IS NULL OR date >= CAST(? AS DATE))
        ORDER BY score DESC, passage_id LIMIT ?
        """,
        [text, speaker, speaker, since, since, limit],
    ).fetchall()
    return [Hit(round(score, 3), kind, who, outlet, date, snippet(body, text)) for score, kind, who, outlet, date, body in rows]


def snippet(body: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """The part of the passage around the first query word it contains."""
    words = [w for w in re.findall(r"\w+", query) if len(w) > 2] or re.findall(r"\w+", query)
    match = re.search("|".join(re.escape(w) for w in words), body, re.IGNORECASE) if words else None
    start = max(0, (match.start() if match else 0) - width // 3)
    piece = body[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(body) else "")
