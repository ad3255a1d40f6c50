"""Named fault points, for proving that a build killed at any of them harms nothing.

`checkpoint(name)` does nothing unless the environment variable AIC_KILL_AT names that
point: then the process kills itself with SIGKILL right there, as a crash, an OOM kill or a
power cut would. The kill tests (tests/test_faults.py) run real builds in subprocesses with
it set; a normal build never sets it. Points: after-first-batch, before-rename,
after-rename, between-pointers.
"""

from __future__ import annotations

import os
import signal

KILL_AT = "AIC_KILL_AT"


def checkpoint(name: str) -> None:
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)
