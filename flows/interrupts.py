"""Clean stops: SIGINT or SIGTERM ends a build promptly, whatever it is doing, and harms nothing.

Ctrl-C, a service stop and a Prefect cancellation all arrive as one of these two signals. While
`stop_on_signals()` is active, either one sets `STOP` (which the workers' supervisors poll, so
they kill the page work in C code that no Python handler could interrupt) and raises
`BuildInterrupted` in the main thread: the build unwinds through its `finally` blocks (the
staging folder removed, the store's lock released, the workers killed) and ends cancelled,
with nothing published. From `point_of_no_return()` on (a release's rename and pointers, then
the build's last bookkeeping, well under a second) a signal is only recorded: a release is
published whole or not at all, and the command still exits with the signal's code.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STOP = threading.Event()
"""Set once a stop signal arrived: every supervisor of a worker process checks it."""

_received: list[int] = []
_deferring = False
_depth = 0


class BuildInterrupted(BaseException):
    """A stop signal arrived. A BaseException, like KeyboardInterrupt: the guards that keep one page's
    error from stopping the others (`except Exception`) must not swallow it."""

    def __init__(self, signum: int):
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """What a shell reports for a process ended by this signal: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


def received() -> int | None:
    """The first stop signal received, if any."""
    return _received[0] if _received else None


def _on_signal(signum: int, frame: object) -> None:
    _received.append(signum)
    STOP.set()
    if not _deferring:
        raise BuildInterrupted(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into BuildInterrupted for the duration (main thread only; elsewhere
    the signals stay with whoever handles them there). Previous handlers come back afterwards; the
    outermost use starts from a clean slate, so a build after a stopped one runs normally."""
    global _deferring, _depth
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _depth == 0:
        STOP.clear()
        _received.clear()
        _deferring = False
    _depth += 1
    previous = {signum: signal.signal(signum, _on_signal) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        _depth -= 1
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def point_of_no_return() -> None:
    """From here to the end of the outermost `stop_on_signals()`, stop signals are recorded, not raised: the release
    being committed is published whole, and the build's remaining steps are short."""
    global _deferring
    _deferring = True
