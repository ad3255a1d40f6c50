"""Property-based tests: random and adversarial pages through every stage, with a clock.

Invariants on every page: no stage raises (a page may only be rejected, with a reason);
every offset slices its text exactly and validation accepts the rows; kept and removed raw
spans cover every character of every raw line (blank space, and the colon that opens an
utterance under a speaker label, aside); no kept text is absent from the input (after the
documented repairs).

Pathological pages (tests/pathological.py: lines of up to hundreds of thousands of characters,
lines repeated thousands of times, thousands of labels, every script, controls and bidi marks,
nested and unbalanced quotes) are saved as bytes in several encodings and go through every stage
from discovery to validation in a worker process, as a build runs them: each within the page time
budget and the memory bound, every path accounted for, removed rows decoding to their raw bytes.
The slowest page per stage is written to output/fuzz/. A bounded run is in the default suite;
`make test-fuzz` runs many more.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pathological import encoded, pathological_pages

from flows import workers
from flows.language.text import repair
from flows.pipeline import STAGES, run_batch
from flows.stages import ingest
from flows.stages.assemble import assemble_batch, with_entities
from flows.stages.clean import clean_batch
from flows.stages.ingest import RawDocument
from flows.stages.segment import segment_batch
from flows.stages.tag import tag_batch
from flows.stages.validate import validate_tables

WORDS = st.sampled_from(
    "the valley commander said we will never surrender Taliban Kabul Massoud talks winter people "
    "you your I my our question answer peace war interview".split()
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=30).map(" ".join)
LINE = st.one_of(
    st.text(max_size=80),  # any unicode, control characters included
    SENTENCE.map(lambda s: s.capitalize() + "."),
    SENTENCE.map(lambda s: s.capitalize() + "?"),
    SENTENCE.map(lambda s: s + " ؟"),
    SENTENCE.map(lambda s: f"“{s}”"),
    SENTENCE.map(lambda s: f'"{s}'),
    st.tuples(st.sampled_from(["Q", "A", "Q.", "A.", "Massoud", "Ahmad Massoud", "INTERVIEWER", "Dahl"]), SENTENCE).map(
        lambda p: f"{p[0]}: {p[1]}."
    ),
    st.sampled_from(["Q:", "A:", "Ahmad Massoud", ": ", "— ", "– "]).map(str),
    SENTENCE.map(lambda s: f"— {s}."),
    SENTENCE.map(lambda s: f"– {s}?"),
    SENTENCE.map(lambda s: s.title()[:60]),  # a heading
    st.sampled_from(["Share on Facebook", "Subscribe", "Home", "Read more", "* * *", "Advertisement", "Cookies"]),
    st.sampled_from(["25 September 2021", "date 2021-09", "By John Smith", "Source: Breitbart", "https://example.org/a"]),
    SENTENCE.map(lambda s: (s + ". ") * 40),  # a long line
    st.just(""),
)
BREAK = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n"])
PAGE = st.lists(st.tuples(LINE, BREAK), max_size=40).map(lambda lines: "".join(a + b for a, b in lines))


def document(text: str) -> RawDocument:
    data = text.encode("utf-8", "surrogatepass")
    return RawDocument("fuzz.txt", hashlib.sha256(data).hexdigest(), len(data), text)


def check_page(text: str) -> None:
    doc = document(text)
    cleaned, outcomes = clean_batch([doc])
    segmented, more = segment_batch(cleaned)
    tagged, later = tag_batch(segmented)
    tables, last = assemble_batch(tagged)
    outcomes += more + later + last
    assert [o.status for o in outcomes if o.status != "rejected"] == [], outcomes
    if not tables["documents"].num_rows:
        return
    validate_tables(with_entities(tables))
    check_spans(doc, tables)


def check_spans(doc: RawDocument, tables: dict) -> None:
    """Kept and removed raw spans cover every raw line; kept text comes from its raw span."""
    pieces = tables["segments"].to_pylist() + tables["removed"].to_pylist()
    covered = set()
    for piece in pieces:
        covered.update(range(piece["raw_char_start"], piece["raw_char_end"]))
    for line in doc.lines:
        missing = [
            line.text[i] for i in range(len(line.text))
            if line.char_start + i not in covered and not line.text[i].isspace() and line.text[i] != ":"
        ]
        assert missing == [], (line.line_no, line.text, missing)
    for segment in tables["segments"].to_pylist():
        source = repair(doc.text[segment["raw_char_start"] : segment["raw_char_end"]])
        assert segment["text"] in source or segment["text"] == source.strip(), (segment["text"], source)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # 3,000 in make test-fuzz
@given(PAGE)
@example("Q: Who are you?\n\nA: I am the commander.\n\n")
@example("\x00\x1b[31m\u202e\ufeff\n\r\n")
def test_invariants_hold_on_random_pages(text: str):
    check_page(text)


@pytest.mark.fuzz
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE)
def test_invariants_hold_on_many_random_pages(text: str):
    check_page(text)


PAGE_BUDGET = workers.DEFAULT_PAGE_TIMEOUT
"""The build's own budget: a page of the fuzz must pass every stage within it."""
MEMORY_BOUND = 1_500_000_000
"""Bytes a worker may grow beyond the process it was forked from, for one page of up to a few megabytes."""
CLOCK: dict = {"examples": 0, "slowest": {}, "largest_growth_bytes": 0}


@pytest.fixture(scope="module", autouse=True)
def clock_report():
    """The slowest page per stage and the largest memory growth, for the record (output/fuzz/)."""
    yield
    if CLOCK["examples"]:
        folder = REPO / "output" / "fuzz"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "clock.json").write_text(json.dumps(CLOCK, indent=1, sort_keys=True) + "\n")


def _page_in_worker(files: list[ingest.RawFile]) -> dict:
    """Run in the worker process: every stage on the one page, then the invariants; what was found comes back."""
    result = run_batch(files, frozenset())
    problems = []
    published = result.tables["documents"].num_rows
    if published + len(result.outcomes) + len(result.unreadable) != 1:
        problems.append(f"not accounted for exactly once: {published} rows, {result.outcomes}, {result.unreadable}")
    problems += [f"{o.status} at {o.stage}: {o.reason}" for o in result.outcomes if o.status not in ("rejected", "duplicate")]
    if published:
        doc = ingest.read_document(files[0])
        data = files[0].path.read_bytes()
        for row in result.tables["removed"].to_pylist():
            if data[row["raw_byte_start"] : row["raw_byte_end"]].decode(doc.codec, "replace") != row["text"]:
                problems.append(f"removed row {row['removal_id']} does not decode to its text ({doc.encoding})")
        text = result.tables["documents"].column("text")[0].as_py()
        for row in result.tables["segments"].to_pylist():
            if text[row["char_start"] : row["char_end"]] != row["text"]:
                problems.append(f"segment {row['segment_id']} does not slice documents.text")
        try:
            check_spans(doc, {**result.tables, "entities": None})
        except AssertionError as error:
            problems.append(f"raw spans: {str(error)[:300]}")
    return {"seconds": result.seconds, "problems": problems}


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def check_pathological(data: bytes) -> None:
    folder = Path(tempfile.mkdtemp(prefix="aic-fuzz-"))
    (folder / "page.txt").write_bytes(data)
    files, _ = ingest.discover(folder)
    before = _resident_bytes()
    guarded = workers.run_guarded(_page_in_worker, files, lambda raw: raw.doc_id, PAGE_BUDGET)
    assert guarded.taken_out == [], f"{guarded.taken_out} on a page of {len(data):,} bytes: {data[:200]!r}"
    found = guarded.result
    assert found["problems"] == [], f"{found['problems']} on a page of {len(data):,} bytes: {data[:200]!r}"
    growth = guarded.peak_rss_bytes - before
    assert growth < MEMORY_BOUND, f"the worker grew by {growth / 1e6:.0f} MB on a page of {len(data):,} bytes"
    CLOCK["examples"] += 1
    CLOCK["largest_growth_bytes"] = max(CLOCK["largest_growth_bytes"], growth)
    for stage in STAGES:
        seconds = found["seconds"].get(stage, 0.0)
        if seconds > CLOCK["slowest"].get(stage, {}).get("seconds", -1):
            CLOCK["slowest"][stage] = {"seconds": round(seconds, 3), "page_bytes": len(data), "starts": data[:80].decode("utf-8", "replace")}


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # no shrinking here: a failure is reported as found
@given(encoded(pathological_pages(longest=60_000)))
def test_pathological_pages_pass_every_stage_within_the_budget(data: bytes):
    check_pathological(data)


@pytest.mark.fuzz
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(encoded(pathological_pages(longest=250_000)))
def test_many_pathological_pages_pass_every_stage_within_the_budget(data: bytes):
    check_pathological(data)
