"""Full-text search over a release: answers, quotes and narration sentences, ranked by BM25.

Passages: interview answers and attributed quotations (from `quotes`) and the sentences of
narration not already inside a quotation. The index is DuckDB's fts extension (BM25), built in
memory over the release's views, and a table of its postings ordered by term (POSTINGS): a search
reads the rows of its own terms, and the passages of its best hits only. Query text, speaker and
date are bound as parameters, never pasted into SQL.

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
from collections.abc import Callable
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
ORDER BY passage_id
"""
"""`indexed`: the stems BM25 indexes, space-separated; `phrase_text`: the folded words, for quoted phrases.
In passage_id order: the fts index's docid is a passage's rowid, so the order of docids is that of passage_ids
(a search ranks ties by docid) and a hit's passage is read by its rowid."""

POSTINGS = """
CREATE OR REPLACE {temp} TABLE passage_stemmers AS
SELECT row_number() OVER (ORDER BY stemmer)::INTEGER AS stemmer_id, stemmer FROM (SELECT DISTINCT stemmer FROM passages);
CREATE OR REPLACE {temp} TABLE postings AS
WITH facts AS (  -- what a search reads of each passage
    SELECT p.rowid AS docid, docs.len::INTEGER AS len, p.kind, s.stemmer_id, p.speaker, p.published_date
    FROM passages AS p JOIN fts_main_passages.docs AS docs ON docs.docid = p.rowid JOIN passage_stemmers AS s USING (stemmer))
SELECT termid, docid, tf, len, kind, stemmer_id, speaker, published_date
FROM (SELECT termid, docid, count(*)::INTEGER AS tf FROM fts_main_passages.terms GROUP BY ALL) JOIN facts USING (docid)
ORDER BY termid, docid
"""
"""A row per term of a passage with what a search reads of that passage, so that a search reads no other table
until its best hits: ordered by term, the rows of the query's terms are a few blocks that DuckDB's min-max
index finds without a scan. `tf` and `len` are INTEGER so that BM25's decimal arithmetic stays in 64 bits
(the same values as BIGINT's, faster)."""


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
    if not groups:
        return []
    terms = [term for group in groups for term in group]
    scored = " ".join(word for term in terms for word in term.strip('"').split())
    *folded, scored_words = con.execute("SELECT list_transform(?::VARCHAR[], t -> search_words(t))",
                                        [[*(term.strip('"') for term in terms), scored]]).fetchone()[0]
    folded = dict(zip(terms, folded, strict=True))  # a term -> its words as search compares them
    stem_terms = _stem_terms(con, {*scored_words, *(w for words in folded.values() for w in words)})
    parameters: dict[str, object] = {}

    def bound(value: object) -> str:
        """A parameter of the query for `value`."""
        parameters[f"p{len(parameters)}"] = value
        return f"$p{len(parameters) - 1}"

    termids = sorted({termid for w in scored_words for termid in stem_terms[w] if termid is not None})
    term_score = f"idf * (tf * ({BM25_K1} + 1)) / (tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * len / avgdl))"
    # float addition is not associative: three terms or more, summed in the order DuckDB's threads meet them, could
    # score one passage differently from run to run (and rank its ties at random); summed smallest first, they cannot
    bm25 = f"sum({term_score})" if len(termids) < 3 else f"list_reduce(list_sort(list({term_score})), (a, b) -> a + b)"
    holds = {w: f"holds_{n}" for n, w in enumerate(dict.fromkeys(w for words in folded.values() for w in words))}
    held = "".join(f", bool_or(termid = ({bound(stem_terms[w])}::BIGINT[])[stemmer_id]) AS {column}"
                   for w, column in holds.items())
    word_rules, text_rules = _rules(groups, folded, holds, match_case, bound)
    filters = ([f"speaker ILIKE '%' || CAST({bound(speaker)} AS VARCHAR) || '%'"] if speaker is not None else []) + (
        [f"published_date >= CAST({bound(since)} AS DATE)"] if since is not None else [])
    needs_text = match_case or any(term.startswith('"') for term in terms)  # read only if asked
    rows = con.execute(
        f"""
        WITH query_terms AS (
            SELECT termid, log((stats.num_docs - df + 0.5) / (df + 0.5) + 1) AS idf, stats.avgdl
            FROM fts_main_passages.dict, fts_main_passages.stats AS stats
            WHERE termid IN (SELECT unnest({bound(termids)}::BIGINT[]))),
        scores AS (  -- BM25 (k1 = {BM25_K1}, b = BM25_B) as DuckDB's match_bm25 computes it, and which query words each
                     -- passage holds, as its language stems them: from the postings of the query's terms only
            SELECT docid, any_value(kind) AS kind, {bm25} AS bm25 {held}
            FROM postings JOIN query_terms USING (termid)
            WHERE {" AND ".join(filters) or "TRUE"}
            GROUP BY docid
            HAVING {word_rules}),
        best AS (  -- the rules and the ranking (docid ranks as passage_id); the text of the best passages only is read after
            SELECT docid, bm25 * CASE s.kind WHEN 'answer' THEN {KIND_WEIGHT['answer']}
                                             WHEN 'quote' THEN {KIND_WEIGHT['quote']} ELSE {KIND_WEIGHT['sentence']} END AS score
            FROM scores AS s {f"JOIN passages AS p ON p.rowid = s.docid WHERE {text_rules}" if needs_text else ""}
            ORDER BY score DESC, docid LIMIT {bound(limit)})
        SELECT score, kind, passage_id, segment_id, doc_id, speaker, outlet, published_date, text
        FROM best JOIN passages AS p ON p.rowid = best.docid
        ORDER BY score DESC, docid
        """,
        parameters,
    ).fetchall()
    return [Hit(round(row[0], 3), *row[1:]) for row in rows]


def _stem_terms(con: duckdb.DuckDBPyConnection, words: set[str]) -> dict[str, list[int | None]]:
    """Each word -> the termid of its stem by each stemmer, in stemmer_id order (None: a stem no passage holds)."""
    stem_terms: dict[str, list[int | None]] = {}
    for w, termid in con.execute(
        "SELECT w, termid FROM (SELECT w, stemmer_id, stem(w, stemmer) AS term FROM unnest(?::VARCHAR[]) AS t(w), "
        "passage_stemmers) LEFT JOIN fts_main_passages.dict USING (term) ORDER BY w, stemmer_id", [sorted(words)]
    ).fetchall():
        stem_terms.setdefault(w, []).append(termid)
    return stem_terms


def _rules(groups: list[list[str]], folded: dict[str, list[str]], holds: dict[str, str], match_case: bool,
           bound: Callable[[object], str]) -> tuple[str, str]:
    """The query's rules as SQL: over the words each passage holds (a prefilter for a phrase and --match-case),
    and whole, reading the passage's text: only the passages that pass the first are read for the second."""
    word_rules, text_rules = [], []
    for group in groups:
        word_alternatives, text_alternatives = [], []
        for term in group:
            typed, words = term.strip('"'), folded[term]
            if term.startswith('"'):  # a phrase: these words in this order, unstemmed; holding their stems is implied
                # (NULL passes: a stem that Snowball makes empty is in no index)
                word_alternatives.append(" AND ".join(f"{holds[w]} IS NOT FALSE" for w in words) or "TRUE")
                tests = [f"contains(phrase_text, {bound(' ' + ' '.join(words) + ' ')})"]
            else:  # a word (or what folding splits it into): each, stemmed as the passage's language stems it
                word_alternatives.append(" AND ".join(f"{holds[w]} IS TRUE" for w in words) or "TRUE")
                tests = []
            if match_case:
                tests.append(f"regexp_matches(text, {bound(_as_written(typed))})")
            # CASE, not AND: DuckDB would push a test of the text alone down to a scan of every passage
            text_alternatives.append(f"CASE WHEN {word_alternatives[-1]} THEN {' AND '.join(tests) or 'TRUE'} ELSE FALSE END")
        word_rules.append("(" + " OR ".join(word_alternatives) + ")")
        text_rules.append("(" + " OR ".join(text_alternatives) + ")")
    return " AND ".join(word_rules), " AND ".join(text_rules)


def _as_written(words: str) -> str:
    """A pattern for words exactly as typed, whole words in any script ('ISI', not 'ISIS')."""
    return r"(?:^|[^\p{L}\p{N}])" + r"\s+".join(re.escape(w) for w in words.split()) + r"(?:$|[^\p{L}\p{N}])"


INDEX_VERSION = "6"
"""Bumped when PASSAGES, POSTINGS or the index settings change: a stored index of another version is rebuilt."""


def build_index(con: duckdb.DuckDBPyConnection, temporary: bool) -> None:
    """The passages with their folded words and stems, a BM25 index over the stems (tokenised on spaces only:
    folding and stemming are done, per passage language, by PASSAGES) and its postings (POSTINGS)."""
    load_extension(con, "fts")
    con.execute(SEARCH_WORDS)
    con.execute("CREATE OR REPLACE TEMP TABLE stemmers (language VARCHAR, stemmer VARCHAR)")
    con.executemany("INSERT INTO stemmers VALUES (?, ?)", sorted(STEMMERS.items()))
    temp = "TEMP" if temporary else ""
    con.execute(PASSAGES.format(temp=temp, is_speech=IS_SPEECH, no_stemmer=NO_STEMMER))
    con.execute("PRAGMA create_fts_index('passages', 'passage_id', 'indexed', stemmer = 'none', stopwords = 'none', "
                "ignore = '\\s+', strip_accents = 0, lower = 0, overwrite = 1)")
    con.execute(POSTINGS.format(temp=temp))


def _has_index(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'postings'").fetchone()[0])  # built last


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
