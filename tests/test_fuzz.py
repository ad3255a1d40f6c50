"""Property-based tests: random and adversarial pages through clean, segment, tag and assemble.

Invariants on every page: no stage raises (a page may only be rejected, with a reason);
every offset slices its text exactly and validation accepts the rows; kept and removed raw
spans cover every character of every raw line (blank space, and the colon that opens an
utterance under a speaker label, aside); no kept text is absent from the input (after the
documented repairs). A bounded run is in the default suite; `make test-fuzz` runs many more.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flows.language.text import repair
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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
