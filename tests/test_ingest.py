"""Ingest: the raw inputs, hashing, decoding errors and byte-exact line geometry."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import REPO, SEED_DIR, SEED_FILES, seed_document

from flows.ingest import IngestError, RawDocument, batch_fingerprint, discover, read_batch

# sha256 of the five seed files as delivered in ../shared/raw (the dataset's inputs).
SEED_SHA256 = {
    "000_3131ce3db25c692d.txt": "d62d198d4980798160eb45a42e0cf46c24bba9c520684f92204df759a37d5198",
    "001_3739cf2775348802.txt": "239a35db1f5d0b9922ce1db3ca62c167020bfa9f41034d4a7550200e407320f3",
    "002_baeb63891f48ba25.txt": "149ed1c1383b9161d1213fd8d53857c289af3faff8138c285d835578c35aad01",
    "003_bc1397019d84c04d.txt": "fd18aa6300af09d32aa8c086a53b6fa44048d30a303b2d55e6572e699ce813dd",
    "004_f564f0beba51ee61.txt": "8f91ba11cf4741188640b25c9d838d069b68b96fe6e61853d27913a2de6f5587",
}


def test_raw_folder_is_a_byte_exact_copy_of_the_seeds():
    assert {name: hashlib.sha256((SEED_DIR / name).read_bytes()).hexdigest() for name in SEED_FILES} == SEED_SHA256
    shared = REPO.parent / "shared" / "raw"
    if shared.is_dir():
        assert sorted(p.name for p in shared.glob("*.txt")) == SEED_FILES
        for name in SEED_FILES:
            assert (shared / name).read_bytes() == (SEED_DIR / name).read_bytes()


def test_discover_orders_by_content_id_and_fingerprints_batches():
    files, errors = discover(SEED_DIR)
    assert errors == []
    assert [f.doc_id for f in files] == sorted(f.doc_id for f in files)
    assert {f.path.name: f.sha256 for f in files} == SEED_SHA256
    assert batch_fingerprint(files) == batch_fingerprint(list(files))
    assert batch_fingerprint(files[:2]) != batch_fingerprint(files[1:3])


def test_byte_identical_duplicate_is_rejected_and_named(raw_copy: Path):
    (raw_copy / "copy_of_000.txt").write_bytes((raw_copy / SEED_FILES[0]).read_bytes())
    files, errors = discover(raw_copy)
    assert len(files) == 5
    assert len(errors) == 1 and errors[0].source_file == "copy_of_000.txt"
    assert SEED_FILES[0] in errors[0].reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Caf\u00e9 in Kabul".encode("latin-1"), "not valid UTF-8"),
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"text\x00more", "NUL byte at offset 4"),
    ],
)
def test_bad_files_become_errors_naming_the_file(tmp_path: Path, content: bytes, expected: str):
    (tmp_path / "good.txt").write_bytes("A fine line of text.\n".encode())
    (tmp_path / "bad.txt").write_bytes(content)
    files, _ = discover(tmp_path)
    documents, errors = read_batch(files, tmp_path)
    assert [d.source_file for d in documents] == ["good.txt"]
    assert len(errors) == 1
    assert isinstance(errors[0], IngestError) and errors[0].source_file == "bad.txt"
    assert expected in str(errors[0]) and str(errors[0]).startswith("bad.txt: ")


def test_latin1_error_gives_the_byte_position(tmp_path: Path):
    (tmp_path / "x.txt").write_bytes(b"Stephane Dujarric and St\xe9phane")
    files, _ = discover(tmp_path)
    _, errors = read_batch(files, tmp_path)
    assert "at byte 24" in errors[0].reason and "e9" in errors[0].reason


@pytest.mark.parametrize("name", SEED_FILES)
def test_line_spans_point_at_the_raw_bytes(name: str):
    doc = seed_document(name)
    raw = (SEED_DIR / name).read_bytes()
    assert len(doc.lines) == raw.count(b"\n") + 1
    for line in doc.lines:
        span = line.span(0, len(line.text))
        assert raw[span.byte_start : span.byte_end].decode("utf-8") == line.text


def test_crlf_line_endings_are_not_part_of_the_text():
    doc = RawDocument("crlf.txt", "0" * 64, 12, "ab\r\ncd\r\n")
    assert [line.text for line in doc.lines] == ["ab", "cd", ""]
    assert doc.lines[1].byte_start == 4
