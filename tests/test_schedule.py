"""A real scheduled run: `prefect server start`, `aic serve` on a short interval, a release appears;
and `prefect deploy` reads prefect.yaml into the same deployment."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(url: str, path: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method="POST" if body is not None else "GET",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def wait_until(check, what: str, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if found := check():
                return found
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"not within {seconds} s: {what}")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def prefect_server(tmp_path: Path):
    """`prefect server start` on a free loopback port, its own home and database; stopped after the test."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_UI_ENABLED="false", PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2",
               PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}")
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    try:
        wait_until(lambda: api(url, "/health"), "the Prefect server answers", 120)
        yield url, {**env, "PREFECT_API_URL": url}
    finally:
        stop(server)


def test_a_served_schedule_runs_and_publishes_a_release(prefect_server, tmp_path: Path):
    from conftest import SEED_DIR

    url, env = prefect_server
    output = tmp_path / "output"
    serve = subprocess.Popen([str(BIN / "aic"), "serve", "--raw", str(SEED_DIR), "--output", str(output), "--interval", "5"],
                             env={**env, "PREFECT_RUNNER_POLL_FREQUENCY": "2"}, cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        [deployment] = wait_until(lambda: api(url, "/deployments/filter", {}), "the deployment is registered", 120)
        assert deployment["name"] == "nightly-release" and deployment["global_concurrency_limit"]["limit"] == 1
        assert deployment["schedules"][0]["schedule"]["interval"] == 5.0
        completed = wait_until(lambda: api(url, "/flow_runs/filter", {
            "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}, "deployment_id": {"any_": [deployment["id"]]}}}),
            "a scheduled run completes")
        assert completed[0]["state"]["type"] == "COMPLETED"
        assert (output / "releases" / "v1.0.0" / "manifest.json").is_file()
        assert json.loads((output / "latest.json").read_text())["latest"] == "v1.0.0"
    finally:
        stop(serve)  # the served process first: stopped after the server it would retry for a minute
    assert serve.returncode is not None


@pytest.mark.slow  # 45 s: `prefect deploy` against a server of its own
def test_prefect_deploy_reads_prefect_yaml(prefect_server):
    url, env = prefect_server
    env = {**env, "PWD": str(REPO)}
    pool = subprocess.run([str(BIN / "prefect"), "work-pool", "create", "aic", "--type", "process"],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert pool.returncode == 0, pool.stdout + pool.stderr
    deploy = subprocess.run([str(BIN / "prefect"), "--no-prompt", "deploy", "--all"], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=180)
    assert deploy.returncode == 0, deploy.stdout[-3000:] + deploy.stderr[-3000:]
    [deployment] = api(url, "/deployments/filter", {})
    assert (deployment["name"], deployment["entrypoint"]) == ("nightly-release", "flows/release_flow.py:build_release")
    assert deployment["global_concurrency_limit"]["limit"] == 1 and deployment["work_pool_name"] == "aic"
    assert deployment["schedules"][0]["schedule"]["cron"] == "0 3 * * *"
    assert deployment["parameters"] == {"raw_dir": "raw", "output_dir": "output", "runner": "auto"}
    assert deployment["pull_steps"][0]["prefect.deployments.steps.set_working_directory"]["directory"] == str(REPO)
