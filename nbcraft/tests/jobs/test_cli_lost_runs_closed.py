"""A job the CLI marks lost (its ``jupyter nbcraft run`` was killed) had its MLflow run left
RUNNING for ever, where the Jupyter server closes its own lost jobs' runs as FAILED. The CLI's
start now closes them through the same function (``JobService.close_lost_runs``). A real CLI
process killed outright, a real kernel, a real ``mlflow server`` (SQLite store, 127.0.0.1)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from jobs_support import (
    CLI,
    SLOW,
    mlflow_client,
    mlflow_server_on,
    notebook,
    run_cli,
    write_notebook,
)

import nbcraft

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")

PORT = 18981  # (this test's own server: the port given to this work)
CHECKOUT = str(Path(nbcraft.__file__).parents[1])


@pytest.fixture
def tracking(tmp_path):
    (tmp_path / "mlflow").mkdir()
    yield from mlflow_server_on(tmp_path / "mlflow", PORT)


def _row(root: Path, notebook_name: str) -> dict:
    db = sqlite3.connect(root / ".nbcraft" / "cli" / "jobs.db", timeout=30)
    try:
        rows = [json.loads(data) for (data,) in db.execute("SELECT data FROM jobs")]
    finally:
        db.close()
    return next(row for row in rows if row["notebook"] == notebook_name)


def test_a_job_the_cli_marks_lost_has_its_mlflow_run_closed_failed(tmp_path, tracking):
    root = tmp_path / "project"
    root.mkdir()
    write_notebook(root / "slow.ipynb", SLOW)
    write_notebook(root / "quick.ipynb", notebook("1 + 1"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JPY_"))}
    env.pop("JUPYTER_CONFIG_PATH", None)
    env.update(PYTHONPATH=CHECKOUT, MLFLOW_TRACKING_URI=tracking)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(root / ".no-lab-settings")
    env["JUPYTER_CONFIG_DIR"] = str(root / ".jupyter-config")
    process = subprocess.Popen(
        [CLI, "run", "slow.ipynb"], cwd=root, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while not (root / "pid.txt").exists():
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "the slow job did not start"
            time.sleep(0.2)
        kernel = int((root / "pid.txt").read_text())
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI, at once
        process.wait()
    try:
        os.kill(kernel, signal.SIGKILL)  # (its kernel, in a session of its own)
    except ProcessLookupError:
        pass
    killed = _row(root, "slow.ipynb")
    assert killed["status"] == "running" and killed["mlflow_run_id"]
    client = mlflow_client(tracking)
    assert client.get_run(killed["mlflow_run_id"]).info.status == "RUNNING"

    done = run_cli("quick.ipynb", cwd=root, tracking=tracking, PYTHONPATH=CHECKOUT)
    assert done.returncode == 0, done.stderr

    assert _row(root, "slow.ipynb")["status"] == "lost"
    run = client.get_run(killed["mlflow_run_id"])
    assert run.info.status == "FAILED"  # was: RUNNING, for ever
    assert run.info.end_time is not None
