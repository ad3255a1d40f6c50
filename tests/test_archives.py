"""Pages from archives of many pages: web archives (WARC, as Common Crawl publishes them) and JSON Lines.
Each record is a page named <file>#<record id>, with a `sources` row of its own, built by the real flow."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.release.query import connect_release
from flows.stages.ingest import discover, read_batch

TOPICS = (
    ("Snow closes the passes", "The passes over the mountains were closed by snow for most of January.",
     "Trucks carrying fuel waited for eleven days in the plain below Salang.",
     "Why did the convoys not turn back?", "Drivers are paid by the trip, so they slept in their cabs and waited."),
    ("Classrooms stay empty", "Girls in the northern districts have not sat in a classroom since the autumn.",
     "Teachers at two schools said they now give lessons in private homes.",
     "Who pays the teachers now?", "Parents collect a little money each month, and some teach without any pay."),
    ("A late harvest", "The wheat harvest came in late and small after a dry spring.",
     "In the bazaar the price of flour doubled within a single month.",
     "Can families store enough grain?", "Most have sold their reserve already; a few kept seed for next year."),
    ("One doctor, three clinics", "Three clinics in the valley share one doctor.",
     "She drives between them on a motorbike twice a week, whatever the weather.",
     "What happens between her visits?", "A nurse and a midwife handle births, wounds and fevers on their own."),
)


def page(n: int) -> bytes:
    """An invented interview page of its own topic (pages sharing their words would be near-duplicates)."""
    title, fact, other, question, answer = TOPICS[n - 1]
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{fact} {other}</p><p>Q: {question}</p><p>A: {answer}</p></article></body></html>").encode()


def write_warc(path: Path, gzipped: bool = True) -> list[str]:
    """A WARC with two HTML responses, the request before each, and an image; returns the pages' record ids."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    ids = []
    for n, url in ((1, "https://example.org/interview-1"), (2, "https://example.org/interview-2")):
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(page(n)), http_headers=headers)
        ids.append(record.rec_headers.get_header("WARC-Record-ID").strip("<>"))
        writer.write_record(record)
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG...."), http_headers=image))
    path.write_bytes(buffer.getvalue())
    return ids


def write_jsonl(path: Path) -> None:
    lines = [
        json.dumps({"id": "a-7", "url": "https://example.net/a-7", "html": page(3).decode()}),
        json.dumps({"text": "A plain page\n\nThe council met on Monday to discuss the winter roads and the fuel.\n"}),
        "{not json",
        json.dumps({"id": "no-page", "title": "a record without html or text"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_record_of_a_warc_and_a_jsonl_file_is_a_page_or_a_row_saying_why(tmp_path: Path):
    ids = write_warc(tmp_path / "crawl.warc.gz")
    write_jsonl(tmp_path / "pages.jsonl")
    files, sources = discover(tmp_path)
    rows = {s.source_file: s for s in sources}
    pages = {f.source_file: f for f in files}
    assert set(pages) == {f"crawl.warc.gz#{ids[0]}", f"crawl.warc.gz#{ids[1]}", "pages.jsonl#a-7", "pages.jsonl#line-2"}
    assert sorted(r.reason for r in rows.values() if r.status == "rejected") == [
        "a JSON record without a page: none of html, text is a string",
        "not a JSON record: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        "not a page: a WARC request record", "not a page: a WARC request record",
        "not a page: a WARC response record of image/png",
    ]
    assert rows["pages.jsonl#line-3"].reason.startswith("not a JSON record")  # a bad line is named by its number
    documents, rejected = read_batch(files)
    assert rejected == []
    by_name = {d.source_file: d for d in documents}
    first = by_name[f"crawl.warc.gz#{ids[0]}"]
    assert first.raw_bytes == len(page(1)) and "Why did the convoys not turn back?" in first.text
    assert first.metadata["url"] == "https://example.org/interview-1"
    assert by_name["pages.jsonl#a-7"].metadata["url"] == "https://example.net/a-7"
    plain = by_name["pages.jsonl#line-2"]
    assert plain.format == "text" and plain.text.startswith("A plain page") and plain.lines[2].byte_start == len("A plain page\n\n")


def test_a_plain_warc_reads_as_a_gzipped_one_and_a_truncated_archive_keeps_what_came_before(tmp_path: Path):
    write_warc(tmp_path / "plain.warc", gzipped=False)
    files, _ = discover(tmp_path)
    assert len(files) == 2 and all(f.sha256 for f in files)
    broken = tmp_path / "cut.warc.gz"
    write_warc(broken)
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) - 200])  # the image record, cut inside its gzip member
    files, sources = discover(tmp_path)
    cut = [s for s in sources if s.source_file == "cut.warc.gz"]
    assert len(cut) == 1 and cut[0].status == "rejected" and cut[0].reason.startswith("archive unreadable after 4 records")
    assert sum(s.status == "duplicate" for s in sources) == 2  # the same two pages as plain.warc


@pytest.mark.usefixtures("prefect_server")
def test_a_warc_file_and_a_jsonl_file_build_into_a_release(tmp_path: Path):
    from flows.release_flow import build_release

    raw = tmp_path / "raw"
    raw.mkdir()
    ids = write_warc(raw / "crawl.warc.gz")
    write_jsonl(raw / "pages.jsonl")
    (raw / "single.html").write_bytes(gzip.decompress(gzip.compress(page(4))))
    report = build_release(raw_dir=str(raw), output_dir=str(tmp_path / "out"), return_state=True).result()
    con = connect_release(report.outcome.path)
    documents = con.sql("SELECT source_file, url, n_words > 20 FROM documents ORDER BY url NULLS LAST, source_file").fetchall()
    assert documents == [
        ("pages.jsonl#a-7", "https://example.net/a-7", True),
        (f"crawl.warc.gz#{ids[0]}", "https://example.org/interview-1", True),
        (f"crawl.warc.gz#{ids[1]}", "https://example.org/interview-2", True),
        ("pages.jsonl#line-2", None, False),
        ("single.html", None, True),
    ]
    statuses = dict(con.sql("SELECT status, count(*) FROM sources GROUP BY ALL").fetchall())
    assert statuses == {"published": 5, "rejected": 5}  # two requests, an image, two bad JSON lines
    turns = con.sql("SELECT count(*) FROM segments s JOIN documents d USING (doc_id) "
                    "WHERE d.source_file LIKE 'crawl.warc.gz#%' AND s.kind = 'question'").fetchone()[0]
    assert turns == 2  # the pages are segmented as any other: a question turn each
