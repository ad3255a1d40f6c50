"""Ingest: the raw inputs, hashing, decoding errors and byte-exact line geometry."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest
from conftest import REPO, SEED_DIR, SEED_FILES, seed_document

from flows.corpus import scan
from flows.sources import Source
from flows.stages.ingest import RawDocument, batch_fingerprint, discover, read_batch

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
    files, sources = discover(SEED_DIR)
    assert [s.status for s in sources] == ["pending"] * 5
    assert [f.doc_id for f in files] == sorted(f.doc_id for f in files)
    assert {f.path.name: f.sha256 for f in files} == SEED_SHA256
    assert batch_fingerprint(files) == batch_fingerprint(list(files))
    assert batch_fingerprint(files[:2]) != batch_fingerprint(files[1:3])


def test_byte_identical_duplicate_is_a_duplicate_naming_the_kept_copy(raw_copy: Path):
    (raw_copy / "copy_of_000.txt").write_bytes((raw_copy / SEED_FILES[0]).read_bytes())
    files, sources = discover(raw_copy)
    assert len(files) == 5
    copy = next(s for s in sources if s.source_file == "copy_of_000.txt")
    kept = next(f for f in files if f.source_file == SEED_FILES[0])
    assert (copy.status, copy.duplicate_of, copy.similarity) == ("duplicate", kept.doc_id, 1.0)
    assert SEED_FILES[0] in copy.reason


def read_one(folder: Path, name: str, content: bytes):
    """Write one file, discover and read it: the document, or its rejected Source row."""
    (folder / name).write_bytes(content)
    files, sources = discover(folder)
    settled = [s for s in sources if s.source_file == name and s.status != "pending"]
    if settled:
        return settled[0]
    documents, rejected = read_batch([f for f in files if f.source_file == name])
    return documents[0] if documents else rejected[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"   \n\n\t", "only white space"),
        (bytes(range(256)) * 40, "binary content"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 50, "binary content"),
        (b"\xff\xfe" + b"\x00\xd8", "not valid UTF-16-LE"),
    ],
)
def test_files_that_are_not_text_are_rejected_with_a_reason(tmp_path: Path, content: bytes, expected: str):
    row = read_one(tmp_path, "bad.txt", content)
    assert isinstance(row, Source) and row.status == "rejected" and expected in row.reason


PAGE = "Kabul, 25 September 2021\nThe commander’s envoy spoke in Dushanbe about the valley and its people.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8-bom"),
        (codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_byte_order_marks_decide_the_encoding_and_offsets_count_real_bytes(tmp_path: Path, data: bytes, encoding: str):
    doc = read_one(tmp_path, "page.txt", data)
    assert isinstance(doc, RawDocument) and (doc.text, doc.encoding, doc.encoding_confidence) == (PAGE, encoding, 1.0)
    for line in doc.lines:
        span = line.span(0, len(line.text))
        assert data[span.byte_start : span.byte_end].decode(doc.codec) == line.text


PERSIAN_PAGE = "گفت‌وگو با فرمانده\n\nفرمانده گفت که دره تا پایان زمستان مقاومت خواهد کرد.\n"


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le", "utf-32-be", "utf-32-le"])
@pytest.mark.parametrize("text", [PAGE, PERSIAN_PAGE, "Командир сказал, что дороги откроются весной.\n"], ids=["latin", "persian", "cyrillic"])
def test_utf16_and_utf32_without_a_byte_order_mark_are_read_as_text(tmp_path: Path, codec: str, text: str):
    """Their zero bytes once made them 'binary content'; the byte order is the one the bytes show."""
    data = text.encode(codec)
    doc = read_one(tmp_path, "page.txt", data)
    assert isinstance(doc, RawDocument) and (doc.text, doc.encoding) == (text, codec)
    for line in doc.lines:
        span = line.span(0, len(line.text))
        assert data[span.byte_start : span.byte_end].decode(doc.codec) == line.text


def test_a_guessed_encoding_maps_every_character_onto_bytes_of_its_own(tmp_path: Path):
    """UTF-8 whose last bytes are cut: the best guess, Shift_JIS-2004, reads them as 'か゚' (a letter and a combining
    mark from two bytes), and a span between the two would point at no byte. The next guess that maps every
    character onto bytes of its own is taken, so every span's bytes decode to its text."""
    data = "Teilen\nDer Kommandant sagte, die Straßen würden im Frühling öffnen.\nAbonnieren\n".encode() + b"\x82\xf5"
    doc = read_one(tmp_path, "cut.txt", data)
    assert isinstance(doc, RawDocument) and doc.encoding != "shift_jis_2004"
    for line in doc.lines:
        for start in range(len(line.text)):
            span = line.span(start, len(line.text))
            assert data[span.byte_start : span.byte_end].decode(doc.codec) == line.text[start:]


def test_legacy_single_byte_encodings_are_detected(tmp_path: Path):
    text = (
        "Le ministre a déclaré à la presse que l’été serait décisif pour la vallée du Panjshir. "
        "Les réfugiés arrivés à Douchanbé espèrent rentrer chez eux avant l’hiver, a-t-il ajouté.\n"
    ) * 3
    for name, codec in (("cp1252.txt", "cp1252"), ("latin1.txt", "latin-1")):
        data = text.replace("’", "'").encode(codec) if codec == "latin-1" else text.encode(codec)
        doc = read_one(tmp_path, name, data)
        assert isinstance(doc, RawDocument) and doc.text == data.decode(codec)
        assert doc.encoding != "utf-8" and 0 < doc.encoding_confidence <= 1
        line = doc.lines[0]
        assert data[line.span(0, 40).byte_start : line.span(0, 40).byte_end] == line.text[:40].encode(codec)


def test_a_page_with_a_few_stray_nul_bytes_is_text(tmp_path: Path):
    doc = read_one(tmp_path, "nul.txt", PAGE.encode() * 20 + b"\x00 trailing words of the page.\n")
    assert isinstance(doc, RawDocument) and "\x00" in doc.text


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


def test_the_corpus_pass_reads_only_pages_its_cache_does_not_know(raw_copy: Path, tmp_path: Path):
    (raw_copy / "copy_of_000.txt").write_text((raw_copy / SEED_FILES[0]).read_text(encoding="utf-8") + "\nShare this\n")
    files, _ = discover(raw_copy)
    cache = tmp_path / "scan" / "pages.arrow"
    plain, first, again = scan(files), scan(files, cache), scan(files, cache)
    assert (first.pages_read, again.pages_read) == (6, 0)
    assert plain.duplicates == first.duplicates == again.duplicates and len(plain.duplicates) == 1
    assert plain.frequent_lines == first.frequent_lines == again.frequent_lines
    (raw_copy / "new.txt").write_text("A new page\n\nThe council met on Monday to discuss the winter roads and the fuel.\n")
    assert scan(discover(raw_copy)[0], cache).pages_read == 1
