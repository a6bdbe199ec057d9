"""``jupyter nbcraft run --pipeline`` stopped between steps: Ctrl-C or SIGTERM left the steps
that had not run ``queued`` for ever (and the run itself ``running``); a CLI killed outright
left them so with nothing to close them, as the CLI's store is shared by every run in the
project. Now an interrupt cancels them saying why, and the next run marks the rows of a
process that has ended ``lost``, leaving a live run's alone. A real CLI process, real kernels;
the tracking server is unreachable (the steps run untracked, as they do then)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from jobs_support import CLI, SLOW, notebook, process_gone, run_cli, write_notebook

import nbcraft
from nbcraft.jobs.store import Job, JobStore

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")

DEAD = "http://127.0.0.1:9"
QUIET = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"}


@pytest.fixture
def project(tmp_path, trust_project):
    steps = [
        {"name": "slow", "notebook": "slow.ipynb"},
        {"name": "after", "notebook": "quick.ipynb", "needs": ["slow"]},
    ]
    (tmp_path / "nbcraft.json").write_text(json.dumps({"pipelines": {"p": {"steps": steps}}}))
    write_notebook(tmp_path / "slow.ipynb", SLOW)
    write_notebook(tmp_path / "quick.ipynb", notebook("1 + 1"))
    trust_project(tmp_path)
    return tmp_path


def _rows(root: Path) -> dict[str, dict]:
    """The CLI store's jobs by step name (the run's own row as ``"run"``), read as they are."""
    db = sqlite3.connect(root / ".nbcraft" / "cli" / "jobs.db", timeout=30)
    try:
        rows = [json.loads(data) for (data,) in db.execute("SELECT data FROM jobs")]
    finally:
        db.close()
    return {row.get("step") or ("run" if row.get("pipeline") else row["id"]): row for row in rows}


def _start(root: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JPY_"))}
    env.pop("JUPYTER_CONFIG_PATH", None)
    env.update(QUIET, MLFLOW_TRACKING_URI=DEAD)
    env["PYTHONPATH"] = str(Path(nbcraft.__file__).parents[1])  # (this checkout's nbcraft)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(root / ".no-lab-settings")
    env["JUPYTER_CONFIG_DIR"] = str(root / ".jupyter-config")
    return subprocess.Popen(
        [CLI, "run", "--pipeline", "p"], cwd=root, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _until_slow_runs(root: Path, process: subprocess.Popen, timeout: float = 180) -> int:
    """The slow step's kernel pid, once its first cell ran."""
    deadline = time.monotonic() + timeout
    while not (root / "pid.txt").exists():
        if process.poll() is not None:
            raise AssertionError(f"the CLI ended ({process.returncode}): {process.stderr.read()}")
        assert time.monotonic() < deadline, "the slow step did not start"
        time.sleep(0.2)
    assert _rows(root)["after"]["status"] == "queued"
    return int((root / "pid.txt").read_text())


@pytest.mark.parametrize("sent, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupt_cancels_the_steps_not_run_saying_why(project, sent, code):
    process = _start(project)
    try:
        kernel = _until_slow_runs(project, process)
        process.send_signal(sent)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == code, err
    assert f"interrupted: `jupyter nbcraft run` got {sent.name}" in err
    assert "Traceback" not in err
    rows = _rows(project)
    assert {name: row["status"] for name, row in rows.items()} == {
        "run": "cancelled",
        "slow": "cancelled",
        "after": "cancelled",
    }
    why = f"interrupted: `jupyter nbcraft run` got {sent.name}"
    assert rows["run"]["error"] == why
    assert rows["after"]["error"] == f"skipped: {why}"
    assert rows["slow"]["error"] == f"cancelled in cell 3: {why}"  # was: no why
    deadline = time.monotonic() + 30
    while not process_gone(kernel):  # its kernel was stopped with it
        assert time.monotonic() < deadline, "the slow step's kernel still runs"
        time.sleep(0.2)


def test_a_killed_cli_leaves_rows_the_next_run_marks_lost(project):
    process = _start(project)
    try:
        kernel = _until_slow_runs(project, process)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI, at once
        process.wait()
    with contextlib.suppress(ProcessLookupError):  # (its kernel, in a session of its own)
        os.kill(kernel, signal.SIGKILL)
    statuses = {name: row["status"] for name, row in _rows(project).items()}
    assert statuses == {"run": "running", "slow": "running", "after": "queued"}
    # a run still going in this (live) process: the next CLI leaves it alone
    live = JobStore(project / ".nbcraft" / "cli" / "jobs.db")
    live.save(Job(id="live0000", notebook="quick.ipynb", target="local", parameters={},
                  status="running"))  # fmt: skip
    live.close()

    checkout = str(Path(nbcraft.__file__).parents[1])  # (this checkout's nbcraft, as _start)
    done = run_cli("quick.ipynb", cwd=project, tracking=DEAD, PYTHONPATH=checkout, **QUIET)
    assert done.returncode == 0, done.stderr
    rows = _rows(project)
    assert {name: rows[name]["status"] for name in ("run", "slow", "after")} == {
        "run": "lost",
        "slow": "lost",
        "after": "lost",
    }
    stopped = "the `jupyter nbcraft run` process running it stopped (killed, or its machine)"
    assert rows["slow"]["error"] == f"{stopped} while this step was running; its kernel is gone"
    assert rows["after"]["error"] == f"{stopped} before this step started: run the pipeline again"
    assert rows["live0000"]["status"] == "running"
