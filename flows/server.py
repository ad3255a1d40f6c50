"""A temporary Prefect API server that cannot outlive the build that started it.

With no PREFECT_API_URL, Prefect starts its own temporary server in a subprocess and stops
it from an `atexit` hook; a build killed with SIGKILL never runs that hook, and the server
lives on. `aic build` starts the same server itself (Prefect's own app, same settings) with
the kernel's parent-death signal set, so the server dies with the build however it ends.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from flows.workers import die_with_parent

STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def build_api_server() -> Iterator[str | None]:
    """Point Prefect at a server that lives exactly as long as this process: the user's
    (PREFECT_API_URL, yielded as is) or a temporary one started here (its URL is yielded)."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    port = _free_port()
    app_dir = Path(importlib.util.find_spec("prefect").origin).parent.parent  # not imported: settings read env later
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
        "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "error",
        "--lifespan", "on",
    ]
    # its own session: a Ctrl-C in the terminal reaches the build, which still needs the server to record
    # the run as cancelled, and not the server; it stops when the build is done with it, or dies with it
    server = subprocess.Popen(command, env=env, preexec_fn=die_with_parent, stdin=subprocess.DEVNULL,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(server, url)
        os.environ["PREFECT_API_URL"] = url
        os.environ["PREFECT_UI_URL"] = ""  # no "View at http://127.0.0.1:PORT/..." link: this server has no UI and
        # is gone when the build ends
        yield url
    finally:
        _drain_prefect_clients()
        os.environ.pop("PREFECT_API_URL", None)
        os.environ.pop("PREFECT_UI_URL", None)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _drain_prefect_clients() -> None:
    """Send the logs and events Prefect still queues while the server is up (not at exit, when it is gone)."""
    if "prefect.logging.handlers" in sys.modules:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=5)
    if "prefect.events.worker" in sys.modules:
        from prefect.events.worker import EventsWorker

        EventsWorker.drain_all(timeout=5)


def _wait_healthy(server: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the temporary Prefect server exited with code {server.returncode} while starting")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)
    raise RuntimeError(f"the temporary Prefect server did not answer at {url} within {STARTUP_SECONDS} s")
