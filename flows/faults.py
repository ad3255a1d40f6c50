"""Named fault points, for proving that a build killed at any of them harms nothing, and pages
that hang or crash their worker, for proving that the per-page time budget holds.

`checkpoint(name)` does nothing unless the environment variable AIC_KILL_AT names that
point: then the process kills itself with SIGKILL right there, as a crash, an OOM kill or a
power cut would; or AIC_PAUSE_AT names it: then it says so on standard error and waits, for
a test to send it a signal right there. The kill and stop tests (tests/test_faults.py,
tests/test_stops.py) run real builds in subprocesses with them set; a normal build never sets
them. Points: after-batch, publishing (tables written, nothing committed), before-rename,
after-rename, between-pointers.

`page_fault(text)`, called as the clean stage starts on a page, does nothing unless
AIC_STALL_ON or AIC_CRASH_ON is set and the page's text holds that marker: then the work says
so on standard error and gets stuck inside the regular expression engine (C code holding the
interpreter lock, as a 1 MB line once did), or the worker dies of a segmentation fault.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time

KILL_AT = "AIC_KILL_AT"
PAUSE_AT = "AIC_PAUSE_AT"
STALL_ON = "AIC_STALL_ON"
CRASH_ON = "AIC_CRASH_ON"


def checkpoint(name: str) -> None:
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get(PAUSE_AT) == name:
        print(f"fault: paused at {name}", file=sys.stderr, flush=True)
        time.sleep(600)


def page_fault(text: str) -> None:
    if (marker := os.environ.get(STALL_ON)) and marker in text:
        print(f"fault: stuck on the page marked {marker}", file=sys.stderr, flush=True)
        re.match(r"(?:a|aa)+$", "a" * 100 + "b")  # exponential backtracking: never returns
    if (marker := os.environ.get(CRASH_ON)) and marker in text:
        os.kill(os.getpid(), signal.SIGSEGV)
