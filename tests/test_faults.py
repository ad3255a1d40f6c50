"""Faults, with real `aic build` processes: killed builds, builds stopped by SIGTERM or SIGINT,
two builds at once, a full disk, an output folder the build may not write. The previous release
and the store's index files must stay valid, the next build must repair what a killed one left,
and no process may outlive its build."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from conftest import SEED_DIR

from flows.faults import KILL_AT, PAUSE_AT, STALL_ON
from flows.stages.publish import store_lock

AIC = Path(sys.executable).with_name("aic")
NEW_PAGE = "A new report from the valley\n\nThe commander said the roads would reopen in the spring, after the snow.\n"


DROP_ROOT_OVERRIDES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
"""Run a command as root without the capabilities that ignore file permissions."""


@pytest.fixture(scope="module")
def api(prefect_server) -> dict:
    """The test session's Prefect server, for builds that need not start their own (faster)."""
    from prefect.settings import get_current_settings

    return {"PREFECT_API_URL": get_current_settings().api.url}


def run_aic(*args: str, env: dict | None = None, prefix: list[str] | None = None):
    """`aic` in a subprocess with its own Prefect home; with no PREFECT_API_URL in `env`, the
    build starts (and must stop) its own temporary server."""
    home = Path(tempfile.mkdtemp(prefix="aic-home-"))
    home.chmod(0o777)
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    full_env |= {"PREFECT_HOME": str(home), "PREFECT_LOGGING_LEVEL": "WARNING"} | (env or {})
    try:
        return subprocess.run(
            [*(prefix or []), str(AIC), *args], env=full_env, capture_output=True, text=True, timeout=300
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)


def processes_with(tag: str) -> list[int]:
    """pids of live processes whose environment carries the tag (a build's children inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if f"AIC_TEST_TAG={tag}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
    return found


def assert_store_is_valid(output: Path, index_complete: bool = True) -> list[str]:
    """Every release folder verifies; releases.json and latest.json parse and name release folders
    (all of them, unless a build was killed after a rename: the next build completes the index).
    Returns the versions on disk."""
    versions = sorted(p.name for p in (output / "releases").iterdir() if p.name.startswith("v"))
    for version in versions:
        subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=output / "releases" / version, check=True)
    releases = json.loads((output / "releases.json").read_text())
    latest = json.loads((output / "latest.json").read_text())
    indexed = sorted(r["version"] for r in releases["releases"])
    if index_complete:
        assert latest["latest"] == releases["latest"] == versions[-1] and indexed == versions
    else:
        assert {latest["latest"], releases["latest"], *indexed} <= set(versions)
    return versions


@pytest.fixture(scope="module")
def first_release(tmp_path_factory, api) -> Path:
    """A store holding v1.0.0 of the seeds, built once by a real `aic build`."""
    root = tmp_path_factory.mktemp("store")
    shutil.copytree(SEED_DIR, root / "raw")
    done = run_aic("build", "--raw", str(root / "raw"), "--output", str(root / "output"), env=api)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def store(first_release: Path, tmp_path: Path) -> Path:
    """A private copy of that store, with one new page in raw/ (the next build makes v1.1.0)."""
    shutil.copytree(first_release, tmp_path / "s", symlinks=True)
    (tmp_path / "s" / "raw" / "005_new.txt").write_text(NEW_PAGE, encoding="utf-8")
    return tmp_path / "s"


@pytest.mark.parametrize("point", [  # the default run kills before the rename, the riskiest moment; make test-slow all
    pytest.param("after-batch", marks=pytest.mark.slow), "before-rename",
    pytest.param("after-rename", marks=pytest.mark.slow), pytest.param("between-pointers", marks=pytest.mark.slow),
])
def test_a_build_killed_anywhere_harms_nothing_and_the_next_build_repairs(store: Path, point: str, api: dict):
    raw, output, tag = store / "raw", store / "output", uuid.uuid4().hex
    killed = run_aic("build", "--raw", str(raw), "--output", str(output), env={KILL_AT: point, "AIC_TEST_TAG": tag})
    assert killed.returncode == -9, killed.stderr
    deadline = time.monotonic() + 15
    while processes_with(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_with(tag) == [], "a process of the killed build outlived it"
    assert "v1.0.0" in assert_store_is_valid(output, index_complete=False)

    again = run_aic("build", "--raw", str(raw), "--output", str(output), env=api)
    assert again.returncode == 0, again.stderr
    assert assert_store_is_valid(output) == ["v1.0.0", "v1.1.0"]
    assert json.loads((output / "latest.json").read_text())["latest"] == "v1.1.0"
    assert "v1.1.0" in (output / "CHANGELOG.md").read_text()
    assert list((output / "releases").glob(".staging-*")) == [] and list(output.glob(".*.tmp")) == []
    renamed = point in ("after-rename", "between-pointers")
    assert ("no change" in again.stdout) == renamed, again.stdout  # a renamed release is complete: kept as is


def test_a_second_build_fails_fast_while_one_holds_the_store(store: Path, api: dict):
    with store_lock(store / "output"):
        busy = run_aic("build", "--raw", str(store / "raw"), "--output", str(store / "output"), env=api)
    assert busy.returncode == 1
    assert f"error: another build (pid {os.getpid()}) is writing to {store / 'output'}" in busy.stderr
    assert "Traceback" not in busy.stderr
    assert assert_store_is_valid(store / "output") == ["v1.0.0"]


@pytest.mark.slow  # 18 s: two real builds racing for the store's lock
def test_two_builds_started_at_once_never_make_two_releases_of_one_version(tmp_path: Path, api: dict):
    shutil.copytree(SEED_DIR, tmp_path / "raw")
    command = [str(AIC), "build", "--raw", str(tmp_path / "raw"), "--output", str(tmp_path / "out")]
    env = os.environ | api | {"PREFECT_LOGGING_LEVEL": "WARNING"}
    both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in both]
    assert sorted(p.name for p in (tmp_path / "out" / "releases").iterdir()) == ["v1.0.0"]
    assert [code for code, _, _ in results].count(0) >= 1
    for code, out, err in results:
        assert (code == 0 and ("published v1.0.0" in out or "no change" in out)) or (
            code == 1 and "another build" in err
        ), (code, out, err)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 6 MiB filesystem (tmpfs); skipped where this machine may not mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small filesystem here (needs root with CAP_SYS_ADMIN)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow  # 45 s: a loop-mounted small disk filled by a build
def test_a_full_disk_publishes_nothing_and_leaves_the_store_valid(small_disk: Path, api: dict):
    shutil.copytree(SEED_DIR, small_disk / "raw")
    output = small_disk / "output"
    first = run_aic("build", "--raw", str(small_disk / "raw"), "--output", str(output), env=api)
    assert first.returncode == 0, first.stderr
    (small_disk / "raw" / "005_new.txt").write_text(NEW_PAGE, encoding="utf-8")
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * max(free - 64 * 1024, 0))
    full = run_aic("build", "--raw", str(small_disk / "raw"), "--output", str(output), env=api)
    assert full.returncode == 1
    assert f"error: cannot write the release in {output}: No space left on device" in full.stderr.splitlines()
    assert "Traceback" not in full.stderr
    assert assert_store_is_valid(output) == ["v1.0.0"]
    assert list((output / "releases").glob(".staging-*")) == []
    (small_disk / "filler").unlink()
    assert run_aic("build", "--raw", str(small_disk / "raw"), "--output", str(output), env=api).returncode == 0
    assert assert_store_is_valid(output) == ["v1.0.0", "v1.1.0"]


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv")
def test_an_output_folder_the_build_may_not_write_is_a_clear_error(tmp_path: Path, api: dict):
    shutil.copytree(SEED_DIR, tmp_path / "raw")
    output = tmp_path / "output"
    output.mkdir()
    output.chmod(0o555)
    denied = run_aic("build", "--raw", str(tmp_path / "raw"), "--output", str(output), env=api, prefix=DROP_ROOT_OVERRIDES)
    assert denied.returncode == 1, denied.stderr
    assert f"error: cannot write the release in {output}: Permission denied" in denied.stderr
    assert "Traceback" not in denied.stderr
    assert list(output.iterdir()) == []


def lines_of(stream) -> queue.Queue:
    """The lines a process writes, as they come (read by a thread: a test never blocks on a silent pipe)."""
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def wait_for(lines: queue.Queue, text: str, seen: list[str], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
        if line is None:
            break
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"the build never printed {text!r}: {''.join(seen)[-3000:]}")


def flow_run_state(api: dict, output: Path) -> str:
    """The state of the one flow run that built into `output`, as the Prefect server recorded it."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs(limit=200) if r.parameters.get("output_dir") == str(output)]
    assert len(runs) == 1, runs
    return runs[0].state.type.value


STUCK = "STUCK-IN-C-CODE"


@pytest.mark.parametrize(("moment", "signum"), [  # each signal at one moment by default, every pair in make test-slow
    pytest.param("batches", signal.SIGTERM, id="batches-SIGTERM"),
    pytest.param("publishing", signal.SIGINT, id="publishing-SIGINT"),
    pytest.param("batches", signal.SIGINT, id="batches-SIGINT", marks=pytest.mark.slow),
    pytest.param("publishing", signal.SIGTERM, id="publishing-SIGTERM", marks=pytest.mark.slow),
])
def test_a_stop_signal_ends_the_build_within_seconds_and_harms_nothing(store: Path, api: dict, signum: int, moment: str):
    """SIGTERM (a service stop, a Prefect cancellation) to the build, or SIGINT to its whole process group
    (Ctrl-C in a terminal): while a worker is stuck in the regex engine on a page, or while the release's
    tables are being written. Within 10 s the build exits with 128 + the signal, the run is cancelled in
    Prefect, no process or staging folder is left, v1.0.0 is untouched, and the next build runs normally."""
    raw, output, tag = store / "raw", store / "output", uuid.uuid4().hex
    if moment == "batches":
        (raw / "006_stuck.txt").write_text(f"A stuck page\n\nThis page holds {STUCK}, where the worker hangs.\n")
        fault, said = {STALL_ON: STUCK}, f"fault: stuck on the page marked {STUCK}"
    else:
        fault, said = {PAUSE_AT: "publishing"}, "fault: paused at publishing"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")} | api | fault | {"AIC_TEST_TAG": tag}
    build = subprocess.Popen([str(AIC), "build", "--raw", str(raw), "--output", str(output)], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    errors, seen = lines_of(build.stderr), []
    wait_for(errors, said, seen)
    sent = time.monotonic()
    if signum == signal.SIGINT:
        os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group gets it
    else:
        build.send_signal(signal.SIGTERM)
    code = build.wait(timeout=60)
    took = time.monotonic() - sent
    stderr = "".join(seen) + "".join(iter(errors.get, None))
    assert code == 128 + signum and took < 10, (code, took, stderr)
    assert f"interrupted: stopped by {signal.Signals(signum).name}; nothing was published" in stderr
    assert "Traceback" not in stderr
    assert processes_with(tag) == [], "a process of the stopped build outlived it"
    assert assert_store_is_valid(output) == ["v1.0.0"]
    assert list((output / "releases").glob(".staging-*")) == [] and list(output.glob(".*.tmp")) == []
    assert flow_run_state(api, output) == "CANCELLED"

    if signum == signal.SIGTERM:  # once per moment is enough to show the next build starts normally
        (raw / "006_stuck.txt").unlink(missing_ok=True)
        again = run_aic("build", "--raw", str(raw), "--output", str(output), env=api)
        assert again.returncode == 0, again.stderr
        assert assert_store_is_valid(output) == ["v1.0.0", "v1.1.0"]
