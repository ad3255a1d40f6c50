"""A time budget per page: the work on pages runs in a forked process that this one can kill.

A stuck page can hold the interpreter lock inside C code (a regular expression backtracking on a
1 MB line, a tokenizer): no timer or signal handler in the process doing the work can stop it.
So the work (a batch's stages, the corpus pass's reading of pages) runs in a child process forked
from this one: it starts at once with every module and model already loaded, shared copy-on-write.
The child reports each page it starts (`flows.isolation.watch_pages`); this process keeps the clock.
A page whose time, summed over the stages, passes the budget is killed with the child wherever it
is stuck, taken out as `failed` ("timeout after N s") at the stage it was in, and the work runs
again without it. A child that dies on a page (a crash in C code, the kernel's out-of-memory
killer) takes that page out the same way. A stop signal (flows/interrupts.py) kills the child at
once and raises BuildInterrupted here.

The work must be a pure function of its items (the pages of a batch are independent), so a run
without the page gives the other pages' rows unchanged.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, Pipe
from typing import Generic, TypeVar

from flows import interrupts, isolation
from flows.sources import Outcome

Item = TypeVar("Item")
Result = TypeVar("Result")

DEFAULT_BATCH_SIZE = 50
"""Pages a worker takes at a time (a batch, one Prefect task), on average: small enough that two workers
finish together and that a new page reprocesses fifty pages (about 4 s of work at 85 ms a page), large
enough that a task's cost (about 0.1 s) stays small beside its work."""
DEFAULT_PAGE_TIMEOUT = 60.0
"""Seconds a page may hold its worker, over every stage. The slowest real page takes about a second."""
POLL_SECONDS = 0.2
"""How often a supervisor looks at the clock and at stop requests while the child is silent."""
_PR_SET_PDEATHSIG = 1


class WorkerFailed(RuntimeError):
    """The worker process failed outside any page (batch-level work): nothing to take out, the batch fails."""


@dataclass(frozen=True)
class Guarded(Generic[Result]):
    """What the work returned on the pages that stayed, and the pages taken out on the way."""

    result: Result
    taken_out: list[Outcome] = field(default_factory=list)
    peak_rss_bytes: int = 0  # the largest resident size a worker reached (its share of the parent's pages included)


def timeout_reason(seconds: float) -> str:
    return f"timeout after {seconds:g} s"


def run_guarded(
    work: Callable[[list[Item]], Result], items: list[Item], doc_id_of: Callable[[Item], str], budget: float
) -> Guarded[Result]:
    """`work(items)` in a worker process, with at most `budget` seconds per page; pages over it leave."""
    remaining = list(items)
    taken_out: list[Outcome] = []
    peak = 0
    while True:
        run = _Run(work, remaining, budget)
        peak = max(peak, run.peak_rss_bytes)
        if run.stopped is None:
            return Guarded(run.result, taken_out, peak)
        taken_out.append(run.stopped)
        left = [item for item in remaining if doc_id_of(item) != run.stopped.doc_id]
        if len(left) == len(remaining):
            raise WorkerFailed(f"the worker stopped on a page that is not in its work: {run.stopped}")
        remaining = left


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_FORKING = threading.Lock()
"""Held from a run's pipe to its fork and the parent's close of the writing end: a run forked at the same time
from another thread must not inherit that end, or the death of this run's child would go unseen (no EOF)."""


class _Run:
    """One attempt: fork, watch the pages go by, collect the result or stop on a page."""

    def __init__(self, work: Callable[[list], object], items: list, budget: float):
        self.result: object = None
        self.stopped: Outcome | None = None
        self.peak_rss_bytes = 0
        self._status: int | None = None
        with _FORKING:
            reader, writer = Pipe(duplex=False)
            pid = os.fork()
            if pid == 0:  # the child: never returns
                reader.close()
                _work_in_child(work, items, writer)
            writer.close()
        try:
            self._supervise(pid, reader, budget)
        finally:
            reader.close()
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # a no-op when it has already exited
            self._reap(pid)

    def _supervise(self, pid: int, reader: Connection, budget: float) -> None:
        spent: dict[str, float] = {}  # seconds per page, summed over stages
        stage, page, since = "", None, time.monotonic()
        while True:
            if interrupts.STOP.is_set():
                raise interrupts.BuildInterrupted(interrupts.received() or signal.SIGTERM)
            now = time.monotonic()
            used = spent.get(page, 0.0) + now - since if page is not None else 0.0
            if page is not None and used > budget:
                self.stopped = Outcome(page, "failed", stage, timeout_reason(budget))
                return
            wait = POLL_SECONDS if page is None else min(POLL_SECONDS, budget - used + 0.01)
            if not reader.poll(wait):
                continue
            try:
                message = reader.recv()
            except EOFError:  # the child died without a word
                self._died(pid, stage, page)
                return
            now = time.monotonic()
            if page is not None:
                spent[page] = spent.get(page, 0.0) + now - since
            kind = message[0]
            if kind == "page":
                _, stage, page = message
                since = now
            elif kind == "done":
                self.result = message[1]
                return
            else:  # "error": the work raised outside any page's guard (writing the batch's tables, say)
                if isinstance(message[1], Exception):
                    raise message[1]
                raise WorkerFailed(f"the worker failed at {stage or 'start'}: {message[1]}")

    def _died(self, pid: int, stage: str, page: str | None) -> None:
        status = self._reap(pid)
        how = _exit_text(status)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in interrupts.STOP_SIGNALS:
            interrupts.STOP.set()  # the stop reached the child first (Ctrl-C reaches the whole process group)
            raise interrupts.BuildInterrupted(os.WTERMSIG(status))
        if page is None:
            raise WorkerFailed(f"the worker process {how} at {stage or 'start'}, outside any page")
        self.stopped = Outcome(page, "failed", stage, f"worker process {how}")

    def _reap(self, pid: int) -> int:
        """Wait for the child (once) and note its peak memory; returns its wait status."""
        if self._status is not None:
            return self._status
        _, status, usage = os.wait4(pid, 0)
        self._status = status
        self.peak_rss_bytes = usage.ru_maxrss * 1024  # kilobytes on Linux
        return status


def _exit_text(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with code {os.WEXITSTATUS(status)}"


def _work_in_child(work: Callable[[list], object], items: list, writer: Connection) -> None:
    code = 1
    try:
        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a stop ends the child at once; the parent reports it
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        gc.freeze()  # the collector leaves the parent's objects alone: their pages stay shared
        isolation.watch_pages(lambda stage, doc_id: writer.send(("page", stage, doc_id)))
        result = work(items)
        writer.send(("done", result))
        code = 0
    except BaseException as error:  # reported to the parent, which decides
        try:
            writer.send(("error", error))  # as is, when it pickles: a full disk stays an OSError
        except BaseException:
            with contextlib.suppress(BaseException):
                writer.send(("error", isolation.describe(error)))
    finally:
        os._exit(code)  # no atexit handler, no flush of the parent's buffers


def die_with_parent() -> None:
    """SIGKILL this process when its parent dies (Linux prctl): no worker outlives a killed build."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
