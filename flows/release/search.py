"""Full-text search over a release: answers, quotes and narration sentences, ranked by BM25.

Passages: interview answers and attributed quotations (from `quotes`) and the sentences of
narration not already inside a quotation. The index is DuckDB's fts extension (BM25), built in
memory over the release's views. Query text, speaker and date are bound as parameters, never
pasted into SQL.

How words match (one home: the `search_words` macro folds a passage and a query alike):
- case and accents are folded ('TALIBAN' finds 'Taliban', 'Karzai' finds 'Karzaï');
- apostrophes are folded and a possessive is its noun ('women' finds "women's" and 'women’s');
- a word is stemmed by the Snowball stemmer of the passage's document language, where DuckDB has
  one (`stemmer` in the language files: 'negotiations' finds 'negotiation');
- every word must be there; `OR` between two words or phrases takes either; a "quoted phrase"
  matches those words in that order, unstemmed;
- `match_case`: every word as written, capitals included (an acronym: 'ISI' and not 'ISIS' or 'isi').

A hit carries the ids a reader needs to go back to the row and cite it (the quote or sentence id,
its segment and document), the whole passage, and the document's publication date only: a
document without one has none (the interview date is another fact, and `--since` never uses it).

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

from flows.language import lexicon
from flows.release.distribute import load_extension
from schemas.quotes import IS_SPEECH

KIND_WEIGHT = {"answer": 1.5, "quote": 1.25, "sentence": 1.0}
BM25_B = 0.5
"""Length normalisation (BM25's b, default 0.75): lower, so a long answer is not buried under its own sentences."""
BM25_K1 = 1.2
"""Term-frequency saturation (BM25's k1, DuckDB's default)."""
SNIPPET_CHARS = 160
NO_STEMMER = "none"
STEMMERS: dict[str, str] = {language: found[0] for language, found in lexicon.words("stemmer").items()}
"""Document language -> DuckDB's Snowball stemmer for it (from the language files); others are not stemmed."""

SEARCH_WORDS = r"""
CREATE OR REPLACE TEMP MACRO search_words(t) AS list_filter(regexp_split_to_array(
    regexp_replace(regexp_replace(strip_accents(lower(t)), '[''’ʼ]s([^\p{L}\p{N}]|$)', '\1', 'g'), '[''’ʼ]', '', 'g'),
    '[^\p{L}\p{N}]+'), w -> w <> '')
"""
"""The words of a text as search compares them: lower case, no accents, no apostrophes, possessive 's dropped."""

PASSAGES = """
CREATE OR REPLACE {temp} TABLE passages AS
WITH narration_sentences AS (
    SELECT s.sentence_id AS passage_id, 'sentence' AS kind, s.doc_id, s.segment_id, NULL AS speaker, s.text
    FROM sentences s JOIN segments g USING (segment_id)
    WHERE g.kind IN ('paragraph', 'heading', 'title', 'question')
      AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.doc_id = s.doc_id AND q.{is_speech}
                      AND q.char_start < s.char_end AND s.char_start < q.char_end)
), found AS (
    SELECT p.*, d.outlet, d.published_date, d.title, coalesce(m.stemmer, '{no_stemmer}') AS stemmer,
           search_words(p.text) AS words
    FROM (
        SELECT quote_id AS passage_id,
               CASE WHEN kind = 'answer' THEN 'answer' ELSE 'quote' END AS kind,
               doc_id, segment_id, speaker, text
        FROM quotes WHERE {is_speech}
        UNION ALL SELECT * FROM narration_sentences
    ) p JOIN documents d USING (doc_id) LEFT JOIN stemmers m ON m.language = d.language
)
SELECT * EXCLUDE (words), array_to_string(list_transform(words, w -> stem(w, stemmer)), ' ') AS indexed,
       ' ' || array_to_string(words, ' ') || ' ' AS phrase_text
FROM found
"""
"""`indexed`: the stems BM25 indexes, space-separated; `phrase_text`: the folded words, for quoted phrases."""


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


_QUERY_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')
OR = "OR"


def parse_query(text: str) -> list[list[str]]:
    """The groups a passage must all match, each a list of alternatives (a word or a quoted phrase, as typed):
    'Doha OR Qatar "peace talks" women' -> [['Doha', 'Qatar'], ['"peace talks"'], ['women']]."""
    groups: list[list[str]] = []
    joined = False
    for match in _QUERY_TOKEN.finditer(text):
        if match.group("word") == OR:
            joined = bool(groups)
            continue
        term = f'"{match.group("phrase").strip()}"' if match.group("phrase") is not None else match.group("word")
        if term == '""':
            continue
        if joined:
            groups[-1].append(term)
        else:
            groups.append([term])
        joined = False
    return groups


def search(con: duckdb.DuckDBPyConnection, text: str, speaker: str | None = None, since: dt.date | None = None,
           limit: int = 10, match_case: bool = False) -> list[Hit]:
    """Best passages for `text` over the release behind `con` (views documents, segments, sentences, quotes).

    The index is built in `con` unless it already holds one (a connection from `open_search_index`).
    """
    load_extension(con, "fts")
    if not _has_index(con):
        build_index(con, temporary=True)
    con.execute(SEARCH_WORDS)
    groups = parse_query(text)
    conditions, parameters = [], []
    for group in groups:
        alternatives = []
        for term in group:
            words = term.strip('"')
            folded = con.execute("SELECT search_words(?)", [words]).fetchone()[0]
            if term.startswith('"'):  # a phrase: these words in this order, unstemmed
                alternatives.append("contains(phrase_text, ?)")
                parameters.append(f" {' '.join(folded)} ")
            else:  # a word (or what folding splits it into): each, stemmed as the passage's language stems it
                alternatives.append("list_has_all(matched, (?::MAP(VARCHAR, VARCHAR[]))[stemmer])")
                parameters.append(dict(con.execute(
                    "SELECT stemmer, list_transform(?::VARCHAR[], w -> stem(w, stemmer)) FROM passage_stemmers", [folded]
                ).fetchall()))
            if match_case:
                alternatives[-1] = f"({alternatives[-1]} AND regexp_matches(text, ?))"
                parameters.append(_as_written(words))
        conditions.append("(" + " OR ".join(alternatives) + ")")
    if not conditions:
        return []
    needs_text = match_case or any(term.startswith('"') for group in groups for term in group)  # read only if asked
    scored = " ".join(word for group in groups for term in group for word in term.strip('"').split())
    rows = con.execute(
        f"""
        WITH query_terms AS (
            SELECT DISTINCT stem(w, s.stemmer) AS term FROM unnest(search_words(?)) AS t(w), passage_stemmers AS s),
        postings AS (  -- the index entries of the query's terms: where a search starts, not a scan of every passage
            SELECT docid, termid, count(*) AS tf FROM fts_main_passages.terms
            WHERE termid IN (SELECT termid FROM fts_main_passages.dict JOIN query_terms USING (term))
            GROUP BY ALL),
        scores AS (  -- BM25 (k1 = {BM25_K1}, b = BM25_B), as DuckDB's match_bm25 computes it
            SELECT docs.name AS passage_id, list(DISTINCT dict.term) AS matched,
                   sum(log((stats.num_docs - dict.df + 0.5) / (dict.df + 0.5) + 1) * (tf * ({BM25_K1} + 1))
                       / (tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * docs.len / stats.avgdl))) AS bm25
            FROM postings JOIN fts_main_passages.docs AS docs USING (docid) JOIN fts_main_passages.dict AS dict USING (termid),
                 fts_main_passages.stats AS stats
            GROUP BY docs.name),
        found AS MATERIALIZED (  -- the passages of those entries only, and only the columns the rules read
            SELECT passage_id, kind, speaker, published_date, stemmer, matched, bm25
                   {", phrase_text, text" if needs_text else ""}
            FROM passages JOIN scores USING (passage_id)),
        best AS (  -- the rules and the ranking; the text of the best passages only is read after
            SELECT passage_id, bm25 * CASE kind WHEN 'answer' THEN {KIND_WEIGHT['answer']}
                                                WHEN 'quote' THEN {KIND_WEIGHT['quote']} ELSE {KIND_WEIGHT['sentence']} END AS score
            FROM found
            WHERE {" AND ".join(conditions)}
              AND (CAST(? AS VARCHAR) IS NULL OR speaker ILIKE '%' || CAST(? AS VARCHAR) || '%')
              AND (CAST(? AS DATE) IS NULL OR published_date >= CAST(? AS DATE))
            ORDER BY score DESC, passage_id LIMIT ?)
        SELECT score, kind, passage_id, segment_id, doc_id, speaker, outlet, published_date, text
        FROM best JOIN passages USING (passage_id)
        ORDER BY score DESC, passage_id
        """,
        [scored, *parameters, speaker, speaker, since, since, limit],
    ).fetchall()
    return [Hit(round(row[0], 3), *row[1:]) for row in rows]


def _as_written(words: str) -> str:
    """A pattern for words exactly as typed, whole words in any script ('ISI', not 'ISIS')."""
    return r"(?:^|[^\p{L}\p{N}])" + r"\s+".join(re.escape(w) for w in words.split()) + r"(?:$|[^\p{L}\p{N}])"


INDEX_VERSION = "5"
"""Bumped when PASSAGES or the index settings change: a stored index of another version is rebuilt."""


def build_index(con: duckdb.DuckDBPyConnection, temporary: bool) -> None:
    """The passages with their folded words and stems, and a BM25 index over the stems (tokenised on spaces only:
    folding and stemming are done, per passage language, by PASSAGES)."""
    load_extension(con, "fts")
    con.execute(SEARCH_WORDS)
    con.execute("CREATE OR REPLACE TEMP TABLE stemmers (language VARCHAR, stemmer VARCHAR)")
    con.executemany("INSERT INTO stemmers VALUES (?, ?)", sorted(STEMMERS.items()))
    con.execute(PASSAGES.format(temp="TEMP" if temporary else "", is_speech=IS_SPEECH, no_stemmer=NO_STEMMER))
    con.execute(f"CREATE OR REPLACE {'TEMP' if temporary else ''} TABLE passage_stemmers AS SELECT DISTINCT stemmer FROM passages")
    con.execute("PRAGMA create_fts_index('passages', 'passage_id', 'indexed', stemmer = 'none', stopwords = 'none', "
                "ignore = '\\s+', strip_accents = 0, lower = 0, overwrite = 1)")


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
