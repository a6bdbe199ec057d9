"""A real Jupyter server process is killed while a job runs and one waits, and a pipeline's steps
wait behind them; the next server on the same root lists them ``lost``, each saying why in its
own words (a pipeline has no kernel; its step is run again with the pipeline), and keeps the
finished one as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jobs_support import (
    SLOW,
    TRAIN,
    free_port,
    kill_group,
    mlflow_client,
    wait_until_up,
    write_notebook,
)

import nbcraft

TOKEN = "restart-test-token"


def start_server(root: Path, mlflow_uri: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JUPYTER_"))}
    env["JUPYTER_CONFIG_DIR"] = str(root.parent / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(root.parent / "runtime")
    # the test's own data folder (conftest.py): the trust store the test wrote, and never the
    # user's own
    env["JUPYTER_DATA_DIR"] = os.environ["JUPYTER_DATA_DIR"]
    # the nbcraft under test (this process's), not whichever the interpreter has installed
    env["PYTHONPATH"] = str(Path(nbcraft.__file__).resolve().parents[1])
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
        "--ip=127.0.0.1", "--allow-root", f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={TOKEN}",
        "--ServerApp.jpserver_extensions={'nbcraft': True}",
        "--NbcraftTracking.embedded=False", f"--NbcraftTracking.uri={mlflow_uri}",
        "--NbcraftJobs.max_concurrent=1", "--NbcraftCompute.watch_interval=0",
    ]  # fmt: skip
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/api/status?token={TOKEN}", process, log)
    return process, url


def call(url: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{url}/nbcraft/{path}",
        data=json.dumps(body).encode() if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={"Authorization": f"token {TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def poll(url: str, job_id: str, until, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = call(url, f"jobs/{job_id}")
        if until(job):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


@pytest.mark.timeout(600)  # two Jupyter servers and three kernels, one after the other
def test_restart_marks_running_and_queued_jobs_lost(tmp_path, mlflow_server, trust_project):
    root = tmp_path / "project"
    root.mkdir()
    write_notebook(root / "slow.ipynb", SLOW)
    write_notebook(root / "train.ipynb", TRAIN)
    steps = [
        {"name": "a", "notebook": "train.ipynb"},
        {"name": "b", "notebook": "train.ipynb", "needs": ["a"]},
    ]
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": {"p": {"steps": steps}}}))
    trust_project(root)
    log = tmp_path / "server.log"
    server, url = start_server(root, mlflow_server, log)
    kernel_pid = None
    try:
        done = call(url, "jobs", {"notebook": "train.ipynb"})["id"]
        assert poll(url, done, lambda j: j["status"] == "finished")["mlflow_run_id"]
        running = call(url, "jobs", {"notebook": "slow.ipynb"})["id"]
        queued = call(url, "jobs", {"notebook": "slow.ipynb"})["id"]
        pipeline = call(url, "jobs", {"pipeline": "p"})["id"]  # its steps wait behind both
        poll(url, running, lambda j: "sleeping" in ((j["progress"] or {}).get("output") or ""))
        kernel_pid = int((root / "pid.txt").read_text())
        os.kill(server.pid, signal.SIGKILL)  # the server dies; no clean-up runs
        server.wait(timeout=30)
    finally:
        kill_group(server)
        if kernel_pid:  # the orphaned kernel of the lost job
            try:
                os.kill(kernel_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    server, url = start_server(root, mlflow_server, log)
    try:
        listing = call(url, "jobs")
        assert [j["id"] for j in listing["jobs"]] == [pipeline, queued, running, done]
        jobs = {j["id"]: j for j in listing["jobs"]}
        assert jobs[done]["status"] == "finished"
        assert jobs[running]["status"] == "lost"
        assert jobs[running]["error"] == (
            "the Jupyter server stopped while this job was running; its kernel is gone"
        )
        assert jobs[running]["ended"] is not None
        assert jobs[queued]["status"] == "lost"
        assert "stopped before this job started" in jobs[queued]["error"]
        assert jobs[pipeline]["status"] == "lost"
        assert jobs[pipeline]["error"] == (
            "the Jupyter server stopped while this pipeline was running; its steps that had "
            "not finished are lost: run the pipeline again (`--from STEP` keeps the finished "
            "steps)"
        )
        waited = "the Jupyter server stopped before this step started: run the pipeline again"
        assert [(s["name"], s["status"], s["error"]) for s in jobs[pipeline]["steps"]] == [
            ("a", "lost", waited),
            ("b", "lost", waited),
        ]
        # The lost job's MLflow run is closed as FAILED, with why.
        client = mlflow_client(mlflow_server)
        deadline = time.monotonic() + 60
        while (run := client.get_run(jobs[running]["mlflow_run_id"])).info.status == "RUNNING":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert run.info.status == "FAILED"
        assert run.data.tags["nbcraft.job.error"] == jobs[running]["error"]
    finally:
        kill_group(server)
