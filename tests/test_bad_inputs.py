"""What happens to bad input: every kind, as real files, through ingest and through a real build."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from bad_inputs import every_path, write_bad_inputs
from conftest import SEED_DIR, SEED_FILES

from flows.release.query import connect_release
from flows.stages import ingest
from flows.stages.ingest import discover, read_batch


@pytest.fixture
def shared_tmp():
    """A folder other users can enter (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="aic-bad-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def as_user_nobody():
    """Run a block with the effective uid of `nobody`: file permissions apply again (root ignores them)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_an_unreadable_file_is_rejected_and_the_others_are_read(shared_tmp: Path):
    (shared_tmp / "ok.txt").write_text("A readable page about the valley and its people in winter.\n")
    locked = shared_tmp / "locked.txt"
    locked.write_text("A page nobody may read.\n")
    locked.chmod(0o000)
    with as_user_nobody():
        files, sources = discover(shared_tmp)
    row = next(s for s in sources if s.source_file == "locked.txt")
    assert (row.status, row.stage, row.reason) == ("rejected", "discover", "cannot read: Permission denied")
    assert [f.source_file for f in files] == ["ok.txt"]


def test_a_read_that_fails_with_eio_is_rejected(tmp_path: Path, monkeypatch):
    (tmp_path / "disk.txt").write_text("A page on a failing disk, read back after discovery.\n")
    files, _ = discover(tmp_path)

    def failing_read(self):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(self))

    monkeypatch.setattr(Path, "read_bytes", failing_read)
    documents, rejected = read_batch(files)
    assert documents == [] and rejected[0].reason == "cannot read: Input/output error"
    assert rejected[0].stage == "ingest" and rejected[0].sha256 == files[0].sha256


def test_a_file_that_disappears_after_discovery_is_rejected(tmp_path: Path):
    (tmp_path / "gone.txt").write_text("A page deleted while the build runs.\n")
    (tmp_path / "changed.txt").write_text("A page rewritten while the build runs.\n")
    files, _ = discover(tmp_path)
    (tmp_path / "gone.txt").unlink()
    (tmp_path / "changed.txt").write_text("Something else entirely.\n")
    _, rejected = read_batch(files)
    assert {r.source_file: r.reason for r in rejected} == {
        "gone.txt": "disappeared after it was found",
        "changed.txt": "changed while the build was running (its sha256 differs from the one found)",
    }


def test_an_html_page_gives_its_main_text_and_metadata(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    raw = tmp_path / "raw"
    shutil.copytree(SEED_DIR, raw)
    write_bad_inputs(raw, raw / SEED_FILES[0], outside)
    page = next(f for f in discover(raw)[0] if f.source_file == "page.html")
    doc = ingest.read_document(page)
    assert doc.format == "html" and doc.metadata["author"] == "Jane Roe" and doc.metadata["date"] == "2021-09-25"
    assert "needed flour and fuel" in doc.text
    assert "World news menu" not in doc.text and "totally agree" not in doc.text


@pytest.mark.usefixtures("prefect_server")
def test_a_build_over_every_bad_input_publishes_the_good_and_accounts_for_every_path(tmp_path: Path, seed_tables):
    from flows.release_flow import build_release

    raw, outside, output = tmp_path / "raw", tmp_path / "outside", tmp_path / "output"
    shutil.copytree(SEED_DIR, raw)
    outside.mkdir()
    expected = write_bad_inputs(raw, raw / SEED_FILES[0], outside)
    expected |= {name: expected["enc-utf8-bom.txt"] for name in SEED_FILES}

    report = build_release(raw_dir=str(raw), output_dir=str(output))
    assert report.outcome.status == "published"
    con = connect_release(report.outcome.path)
    rows = con.sql("SELECT source_file, status, stage, reason, doc_id, duplicate_of, similarity, encoding FROM sources").fetchall()
    listed = Counter(r[0] for r in rows)
    assert set(listed) == every_path(raw) == set(expected) and set(listed.values()) == {1}
    for name, status, _stage, reason, doc_id, duplicate_of, similarity, _ in rows:
        want = expected[name]
        assert status == want.status, (name, status, reason)
        assert want.reason is None or want.reason in reason, (name, reason)
        assert (doc_id is not None) == (status == "published")
        assert (duplicate_of is not None and similarity > 0.3) == (status == "duplicate")
    encodings = {r[0]: r[7] for r in rows}
    assert encodings["enc-utf16le.txt"] == "utf-16-le" and encodings["enc-cp1252.txt"] == "cp1252"
    assert encodings["enc-utf16be-no-bom.txt"] == "utf-16-be" and encodings["enc-utf16le-no-bom-persian.txt"] == "utf-16-le"

    texts = " ".join(t for (t,) in con.sql("SELECT text FROM documents").fetchall())
    assert "machine-name-that-must-not-be-published" not in texts
    assert "\x00" not in texts and "\x1b" not in texts and "World news menu" not in texts
    assert con.sql("SELECT count(*) FROM documents").fetchone()[0] == sum(e.status == "published" for e in expected.values())
    for table in ("documents", "segments", "removed"):  # the seeds are published exactly as on their own
        seeds = seed_tables[table].to_pylist()
        ids = tuple(sorted({r["doc_id"] for r in seeds}))
        mixed = con.sql(f"SELECT * FROM {table} WHERE doc_id IN {ids} ORDER BY ALL").fetchall()
        assert mixed == sorted(tuple(r.values()) for r in seeds), table
    repairs = dict(con.sql("SELECT source_file, text_repairs FROM documents").fetchall())
    assert any(r.startswith("control_character_removed") for r in repairs["nul-bytes.txt"])
    assert any(r.startswith("ansi_escape_removed") for r in repairs["controls-and-ansi.txt"])
    assert any(r.startswith("ftfy_fixed_line") for r in repairs["mojibake.txt"])
    manifest_counts = report.counts
    assert manifest_counts == dict(Counter(e.status for e in expected.values()))
