"""The corpus pass: one streamed read of every page before the batches, for what needs them all.

Near-duplicates (flows/dedup.py) are found in path order, so the copy kept is the one whose
path sorts first; they leave the build here, before any batch spends time on them. Line
frequency across the corpus (the cleaner's boilerplate rule) is counted over the pages
that remain, so a reposted article does not make its own lines look like site chrome.
Memory holds one page, the line counter and one MinHash signature per page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flows import clean, ingest
from flows.dedup import NearDuplicateIndex
from flows.sources import Outcome


@dataclass(frozen=True)
class CorpusScan:
    frequent_lines: clean.FrequentLines
    duplicates: list[Outcome]


def scan(files: list[ingest.RawFile]) -> CorpusScan:
    index = NearDuplicateIndex()
    names: dict[str, str] = {}
    duplicates: list[Outcome] = []

    def originals() -> Iterator[ingest.RawDocument]:
        for doc in ingest.iter_documents(sorted(files, key=lambda f: f.source_file)):
            match = index.add(doc.doc_id, doc.text)
            if match is None:
                names[doc.doc_id] = doc.source_file
                yield doc
            else:
                duplicates.append(
                    Outcome(doc.doc_id, "duplicate", "dedup", f"near-duplicate of {names[match.key]}", match.key, match.similarity)
                )

    frequent = clean.frequent_lines(originals())
    return CorpusScan(frequent, duplicates)
