"""Every kind of bad input a scraper's folder holds, written as real files (and links, pipes,
odd names) into a folder, with what the pipeline must do with each: its status in `sources`
and a fragment of the reason. Used by the ingest tests and by the end-to-end build test."""

from __future__ import annotations

import codecs
import os
import random
from dataclasses import dataclass
from pathlib import Path

PAGE = (
    "Valley envoy speaks in Dushanbe\n\n"
    "The envoy of the northern valley spoke to reporters in Dushanbe on Tuesday about the winter ahead.\n\n"
    "He said that the roads had been closed for three weeks and that the villages needed flour and fuel.\n"
)
HUGE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Expected:
    status: str
    reason: str | None = None  # a fragment of the published reason


_WORDS = (
    "valley river winter convoy flour fuel council envoy village school market border road bridge snow spring "
    "teacher doctor farmer soldier elder minister reporter driver trader mother father student clinic mosque "
    "wheat rice sugar salt blanket tent radio phone letter message promise warning meeting journey morning night"
).split()


def _sentences(topic: str, count: int) -> list[str]:
    """Sentences of words drawn by the topic, so no two pages are near-duplicates."""
    draw = random.Random(topic)
    return [" ".join(draw.choice(_WORDS) for _ in range(14)).capitalize() + "." for _ in range(count)]


def _page(topic: str) -> str:
    """A small page of its own."""
    sentences = _sentences(topic, 4)
    return f"Report on {topic}\n\n{sentences[0]} {sentences[1]}\n\n{sentences[2]} {sentences[3]}\n"


def write_bad_inputs(raw: Path, seed: Path, outside: Path) -> dict[str, Expected]:
    """Write every bad input into raw/ (seed: a page in raw/ to copy; outside: a folder beside raw/).

    Returns the expected outcome per published path (relative, as `sources.source_file` shows it).
    """
    expected: dict[str, Expected] = {}

    def put(name: str, data: bytes, outcome: Expected) -> None:
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = outcome

    published = Expected("published")
    put("enc-utf8-bom.txt", codecs.BOM_UTF8 + _page("grain prices").encode(), published)
    put("enc-utf16le.txt", codecs.BOM_UTF16_LE + _page("mountain passes").encode("utf-16-le"), published)
    put("enc-utf16be.txt", codecs.BOM_UTF16_BE + _page("river crossings").encode("utf-16-be"), published)
    put("enc-utf16be-no-bom.txt", _page("valley roads").encode("utf-16-be"), published)
    put("enc-utf16le-no-bom-persian.txt", "گفت‌وگو با فرمانده\n\nفرمانده گفت که دره تا پایان زمستان مقاومت خواهد کرد.\n".encode("utf-16-le"),
        published)
    put("enc-cp1252.txt", _page("réfugiés à Douchanbé – l’hiver").encode("cp1252"), published)
    put("enc-latin1.txt", _page("élections à Hérat, été").encode("latin-1"), published)
    put("mojibake.txt", _page("cafÃ© owners in Kabul").encode("utf-8"), published)
    put(
        "page.html",
        (
            b"<html><head><title>Envoy speaks</title><meta name='author' content='Jane Roe'>"
            b"<meta property='article:published_time' content='2021-09-25'></head><body>"
            b"<nav><a href='/'>Home</a> <a href='/world'>World news menu</a></nav><article><h1>Envoy speaks of the valley</h1>"
            b"<p>The envoy of the valley spoke to reporters on Saturday about the situation in the north.</p>"
            b"<p>He said the villages needed flour and fuel before the first snow closed the passes.</p></article>"
            b"<div class='comments'><p>Comment: totally agree with this great article!</p></div></body></html>"
        ),
        published,
    )
    put("upper-case.TXT", _page("teachers' salaries").encode(), published)
    put("one-line-no-newline.txt", b"A single line about the convoy that reached the valley on Monday morning.", published)
    put("crlf.txt", _page("wheat harvests").replace("\n", "\r\n").encode(), published)
    put("lone-cr.txt", _page("power cuts").replace("\n", "\r").encode(), published)
    put("rtl.txt", "گفت‌وگو با فرمانده\n\nفرمانده گفت که دره تا پایان زمستان مقاومت خواهد کرد و مردم به کمک نیاز دارند.\n".encode(), published)
    put("nul-bytes.txt", _page("school openings").encode() * 3 + b"\x00 and a stray NUL byte in the last line.\n", published)
    put(
        "controls-and-ansi.txt",
        _page("border trade").encode() + b"\x1b[31mThe traders\x1b[0m said the border\x07 was open again on Friday.\n",
        published,
    )
    put("long-line.txt", " ".join(_sentences("a long line", 4_000)).encode(), published)  # 400 KB on one line
    put("one-sentence-23000-times.txt", (("The convoy moved slowly along the river road. " * 23_000).strip()).encode(),
        Expected("rejected", "repetitive text"))
    put("name with spaces.txt", _page("hospital supplies").encode(), published)
    put("nön-ascii ñame.txt", _page("mobile networks").encode(), published)
    put("new\nline.txt", _page("airport flights").encode(), published)
    put("x" * 251 + ".txt", _page("radio stations").encode(), published)
    put("sub/folder/nested.txt", _page("road tolls").encode(), published)
    bad_name = os.fsencode(raw) + b"/bad-\xff-byte.txt"
    with open(bad_name, "wb") as handle:
        handle.write(_page("currency exchange").encode())
    expected["bad-\\xff-byte.txt"] = published

    put("empty.txt", b"", Expected("rejected", "empty file"))
    put("white-space.txt", b"  \n\t\n", Expected("rejected", "only white space"))
    put("binary.txt", bytes(range(256)) * 64, Expected("rejected", "binary content"))
    put("only-chrome.txt", b"Home\nNews\nSport\nShare on Facebook\nSubscribe\n", Expected("rejected", "no running text"))
    put("only-punctuation.txt", b"....\n* * *\n---\n!!!\n", Expected("rejected", "nothing left after cleaning"))
    put("notes.md", b"# not a page\n", Expected("rejected", "not a page"))
    put("huge.txt", b"a" * HUGE_BYTES, Expected("rejected", "too large for a page"))
    put("copy-of-seed.txt", seed.read_bytes(), Expected("duplicate", "same bytes as"))
    near = seed.read_text(encoding="utf-8").replace("Taliban", "Talibans", 3).replace("the", "teh", 2)
    put("near-copy-of-seed.txt", near.encode(), Expected("duplicate", "near-duplicate of"))

    (outside / "secret.txt").write_text("machine-name-that-must-not-be-published\n")
    os.symlink(outside / "secret.txt", raw / "link-outside.txt")
    expected["link-outside.txt"] = Expected("rejected", "outside the raw folder")
    os.symlink(raw / "does-not-exist.txt", raw / "dangling.txt")
    expected["dangling.txt"] = Expected("rejected", "dangling link")
    os.symlink(raw / "loop-b.txt", raw / "loop-a.txt")
    os.symlink(raw / "loop-a.txt", raw / "loop-b.txt")
    expected["loop-a.txt"] = expected["loop-b.txt"] = Expected("rejected", "link loop")
    os.symlink(seed, raw / "link-inside.txt")  # seed lies in raw: read through the link, a copy of it
    expected["link-inside.txt"] = Expected("duplicate", "same bytes as")
    os.symlink(outside, raw / "link-to-folder")
    expected["link-to-folder"] = Expected("rejected", "link to a folder")
    os.mkfifo(raw / "pipe.txt")
    expected["pipe.txt"] = Expected("rejected", "named pipe")
    (raw / "folder.txt").mkdir()
    expected["folder.txt"] = Expected("rejected", "a folder named like a page")
    put("folder.txt/inside.txt", _page("bakery queues").encode(), published)
    return expected


def every_path(raw: Path) -> set[str]:
    """What `sources` must list: every path under raw but plain folders (entered, not listed)."""
    found = set()
    for folder, folders, names in os.walk(raw):
        for name in folders:
            path = Path(folder, name)
            if path.is_symlink() or Path(name).suffix.lower() in (".txt", ".html", ".htm"):
                found.add(os.fsencode(os.path.relpath(path, raw)).decode("utf-8", "backslashreplace"))
        for name in names:
            found.add(os.fsencode(os.path.relpath(Path(folder, name), raw)).decode("utf-8", "backslashreplace"))
    return found
