"""Closing lost jobs' MLflow runs closed whatever run id a row named: a job store shipped in a
cloned project (``.nbcraft/jobs.db``, ``.nbcraft/cli/jobs.db``) with a ``running`` row naming a
colleague's live run made the server's start (and the CLI's) end that run FAILED, with the
user's credentials. Now only a run that is the row's own job's (tagged ``nbcraft.job`` = the
row's id) and still RUNNING is closed; any other is left alone, one log line saying so. Real
``mlflow server`` (SQLite, 127.0.0.1), real SQLite job stores, a real ended process as the CLI
row's owner."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from jobs_support import mlflow_client, mlflow_server_on

from nbcraft.jobs import owner, run_proof
from nbcraft.jobs.service import JobService, TrackingTarget
from nbcraft.jobs.settings import NbcraftJobs
from nbcraft.jobs.store import Job, JobStore

PORT = 18991  # (this work's own port)
CLI_STOPPED = "killed while this job was running"


@pytest.fixture(scope="module")
def tracking(tmp_path_factory):
    yield from mlflow_server_on(tmp_path_factory.mktemp("mlflow"), PORT)


def _runs(uri: str) -> dict[str, str]:
    """Runs by what the rows will claim of them: a colleague's (no nbcraft tag), another job's,
    this job's already finished, one tagged with the row's job id but without this user's proof
    (a colleague's copied job, or one an older nbcraft started), and this job's still running,
    with its proof (the one to close)."""
    client = mlflow_client(uri)
    experiment = client.create_experiment(f"colleague-{id(client)}")
    own = {"nbcraft.job": "own00000000", **run_proof.proof_tags("own00000000")}
    ids = {
        "foreign": client.create_run(experiment, tags={"owner": "alice"}).info.run_id,
        "otherjob": client.create_run(experiment, tags={"nbcraft.job": "someoneelse"}).info.run_id,
        "finished": client.create_run(experiment, tags={"nbcraft.job": "finished000"}).info.run_id,
        "unproven": client.create_run(experiment, tags={"nbcraft.job": "unproven000"}).info.run_id,
        "own": client.create_run(experiment, tags=own).info.run_id,
    }
    client.set_terminated(ids["finished"], "FINISHED")
    return ids


def _rows(state: Path, runs: dict[str, str], owner_of_rows: str | None = None) -> None:
    store = JobStore(state / "jobs.db")
    for row_id, run in (
        ("foreign0000", "foreign"),
        ("otherjob000", "otherjob"),
        ("finished000", "finished"),
        ("unproven000", "unproven"),
        ("own00000000", "own"),
    ):
        job = Job(id=row_id, notebook="x.ipynb", target="local", parameters={}, status="running")
        job.mlflow_run_id = runs[run]
        store.save(job)
    store.close()
    if owner_of_rows is not None:  # (as a CLI process that has ended saved them)
        db = sqlite3.connect(state / "jobs.db")
        try:
            db.execute("UPDATE jobs SET owner = ?", (owner_of_rows,))
            db.commit()
        finally:
            db.close()


def _ended_process() -> str:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        named = json.dumps(owner.identity(process.pid))
    finally:
        process.kill()
        process.wait()
    return named


def _close(service: JobService) -> None:
    thread = service.close_lost_runs()
    assert thread is not None
    thread.join(60)
    assert not thread.is_alive()


def _check(uri: str, runs: dict[str, str], caplog) -> None:
    client = mlflow_client(uri)
    status = {name: client.get_run(run).info.status for name, run in runs.items()}
    # was: all five FAILED (unproven: before the proof)
    assert status == {
        "foreign": "RUNNING",
        "otherjob": "RUNNING",
        "finished": "FINISHED",
        "unproven": "RUNNING",
        "own": "FAILED",
    }
    for name in ("foreign", "otherjob", "finished", "unproven"):
        assert "nbcraft.job.error" not in client.get_run(runs[name]).data.tags, name
    assert "nbcraft.job.error" in client.get_run(runs["own"]).data.tags
    told = [r.getMessage() for r in caplog.records if "left alone" in r.getMessage()]
    assert len(told) == 4, told
    assert all("\n" not in line and uri not in line for line in told), told
    assert any("foreign0000" in line and runs["foreign"] in line for line in told), told


def test_the_server_start_closes_only_its_own_jobs_runs(tmp_path, tracking, caplog):
    root = tmp_path / "project"
    root.mkdir()
    runs = _runs(tracking)
    _rows(root / ".nbcraft", runs)  # (a store the cloned project shipped)
    log = logging.getLogger("nbcraft.test.lostruns.server")
    caplog.set_level(logging.INFO, logger=log.name)
    service = JobService(root, None, lambda: None, lambda: TrackingTarget(tracking), log=log)
    assert len(service.lost) == 5
    _close(service)
    service.store.close()
    _check(tracking, runs, caplog)


def test_the_cli_start_closes_only_its_own_jobs_runs(tmp_path, tracking, caplog):
    root = tmp_path / "project"
    root.mkdir()
    state = root / ".nbcraft" / "cli"
    runs = _runs(tracking)
    _rows(state, runs, _ended_process())
    log = logging.getLogger("nbcraft.test.lostruns.cli")
    caplog.set_level(logging.INFO, logger=log.name)
    service = JobService(
        root, None, lambda: None, lambda: TrackingTarget(tracking), log=log,
        settings=NbcraftJobs(state_dir=str(state)), stopped=CLI_STOPPED,
    )  # fmt: skip
    assert len(service.lost) == 5
    _close(service)
    service.store.close()
    _check(tracking, runs, caplog)
