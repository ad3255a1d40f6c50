"""One page never stops a release: each stage works on each document inside a guard.

A stage's batch function maps its per-document function over the batch with
`each_document`. A document whose function raises leaves the batch as an `Outcome` (the
stage, the exception's type and message) and the others go on; a function that raises
`PageRejected` says the page is not worth publishing (nothing left after cleaning), which
is a verdict, not a crash. The flow settles these outcomes in the `sources` table, and an
error budget decides whether a release with that many failures may be published.

A page stuck in C code raises nothing: `watch_pages` lets the process that runs the work
(flows/workers.py) report each page as it starts, and the process watching it keeps the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from flows.sources import Outcome

Item = TypeVar("Item")
Result = TypeVar("Result")
MAX_MESSAGE_CHARS = 300
"""Exception messages are published: long ones (a whole page in a repr) are cut."""


_watcher: Callable[[str, str | None], None] | None = None


def watch_pages(callback: Callable[[str, str | None], None]) -> None:
    """Have `callback(stage, doc_id)` called as each page's work starts (doc_id None: work between pages)."""
    global _watcher
    _watcher = callback


def page_started(stage: str, doc_id: str | None) -> None:
    if _watcher is not None:
        _watcher(stage, doc_id)


class PageRejected(Exception):
    """Raised by a stage for a document that is not a page to publish; the message is the reason."""


def each_document(
    stage: str, items: Iterable[Item], work: Callable[[Item], Result], doc_id_of: Callable[[Item], str]
) -> tuple[list[Result], list[Outcome]]:
    """`work` applied to each item; the items it raised on become outcomes instead of results."""
    results: list[Result] = []
    outcomes: list[Outcome] = []
    for item in items:
        page_started(stage, doc_id_of(item))
        try:
            results.append(work(item))
        except PageRejected as rejected:
            outcomes.append(Outcome(doc_id_of(item), "rejected", stage, str(rejected)))
        except Exception as error:  # any bug on one page must not stop the others
            outcomes.append(Outcome(doc_id_of(item), "failed", stage, describe(error)))
    page_started(stage, None)
    return results, outcomes


def describe(error: BaseException) -> str:
    """'KeyError: ...' on one line, short enough to publish, with nothing that varies between runs."""
    from flows.language.text import shorten  # here: the CLI's help reads flows.workers, text loads blingfire and numpy

    message = shorten(" ".join(str(error).split()), MAX_MESSAGE_CHARS)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
