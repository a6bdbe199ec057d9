"""Closing lost jobs' MLflow runs closed whatever run id a row named: a job store shipped in a
cloned project (``.nbcraft/jobs.db``, ``.nbcraft/cli/jobs.db``) with a ``running`` row naming a
colleague's live run made the server's start (and the CLI's) end that run FAILED, with the
user's credentials. Now only a run that is the row's own job's (tagged ``nbcraft.job`` = the
row's id), started by a process that has ended (the row's owner, signed in the run's proof)
and still RUNNING is closed; any other is left alone, one log line saying so. Real ``mlflow
server`` (SQLite, 127.0.0.1), real SQLite job stores, a real ended process as the rows' owner."""

from __future__ import annotations

import json
import logging
import shutil
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


def _runs(uri: str, owner_of_rows: str) -> dict[str, str]:
    """Runs by what the rows will claim of them: a colleague's (no nbcraft tag), another job's,
    this job's already finished, one tagged with the row's job id but without this user's proof
    (a colleague's copied job, or one an older nbcraft started), and this job's still running,
    with its proof for the process that owns the rows (the one to close)."""
    client = mlflow_client(uri)
    experiment = client.create_experiment(f"colleague-{id(client)}")
    own = {"nbcraft.job": "own00000000"}
    ids = {
        "foreign": client.create_run(experiment, tags={"owner": "alice"}).info.run_id,
        "otherjob": client.create_run(experiment, tags={"nbcraft.job": "someoneelse"}).info.run_id,
        "finished": client.create_run(experiment, tags={"nbcraft.job": "finished000"}).info.run_id,
        "unproven": client.create_run(experiment, tags={"nbcraft.job": "unproven000"}).info.run_id,
        "own": client.create_run(experiment, tags=own).info.run_id,
    }
    client.set_terminated(ids["finished"], "FINISHED")
    proof = run_proof.proof_tags("own00000000", ids["own"], owner_of_rows)["nbcraft.job.proof"]
    client.set_tag(ids["own"], "nbcraft.job.proof", proof)
    return ids


def _rows(state: Path, runs: dict[str, str], owner_of_rows: str | None = None) -> None:
    named = {
        "foreign0000": "foreign",
        "otherjob000": "otherjob",
        "finished000": "finished",
        "unproven000": "unproven",
        "own00000000": "own",
    }
    rows = {row_id: runs[run] for row_id, run in named.items()}
    # (as a CLI process that has ended saved them)
    _running_rows(state, rows, owner_of_rows is not None, owner_of_rows)


def _running_rows(
    state: Path, rows: dict[str, str], set_owner: bool, owner_of_rows: str | None
) -> None:
    """``running`` rows (job id -> run id), saved by this process; owned by ``owner_of_rows``
    instead when ``set_owner`` (None: rows that name none)."""
    store = JobStore(state / "jobs.db")
    for row_id, run in rows.items():
        job = Job(id=row_id, notebook="x.ipynb", target="local", parameters={}, status="running")
        job.mlflow_run_id = run
        store.save(job)
    store.close()
    if set_owner:
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
    ended = _ended_process()  # (the server that ran them)
    runs = _runs(tracking, ended)
    _rows(root / ".nbcraft", runs, ended)  # (a store the cloned project shipped)
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
    ended = _ended_process()
    runs = _runs(tracking, ended)
    _rows(state, runs, ended)
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


# RV9 G1: the proof signed the job id only, and a server marked every running row of its store
# lost and closed its run: a copy of a project (``cp -a``) taken while one of its jobs ran, or a
# crafted store naming the user's own live run (ids and tags are readable on a shared tracking
# server), made the user's nbcraft end that live run. The run's proof now binds the job id, the
# run id and the row's owner process, and a run is closed only when that owner has ended.


def _live_job(uri: str, job_id: str) -> str:
    """A job's run this process's nbcraft started (a lab still running it): its run id."""
    from nbcraft.jobs.tracking import JobTracking, job_tags

    client = mlflow_client(uri)
    experiment = client.create_experiment(f"live-{job_id}-{id(client)}")
    tags = job_tags(
        job_id=job_id, notebook="x.ipynb", target="local", parent_run_id=None, step=None
    )
    return (
        JobTracking(uri)
        .start(experiment_id=experiment, run_name="train", tags=tags, parameters={})
        .run_id
    )


def _store_of(state: Path, job_id: str, run: str, owner_of_row: str | None = "") -> None:
    """A store whose ``running`` row names ``run``; its owner this process, else
    ``owner_of_row`` (None: a row that names none)."""
    _running_rows(state, {job_id: run}, owner_of_row != "", owner_of_row)


def _server_start(root: Path, uri: str, log: logging.Logger) -> JobService:
    """What the server extension does at its start: the service, then its lost runs closed."""
    service = JobService(root, None, lambda: None, lambda: TrackingTarget(uri), log=log)
    thread = service.close_lost_runs()
    if thread is not None:
        thread.join(60)
        assert not thread.is_alive()
    service.store.close()
    return service


def test_a_copy_of_a_project_leaves_its_live_jobs_run_alone(tmp_path, tracking, caplog):
    project = tmp_path / "projA"
    run = _live_job(tracking, "live0000000")
    _store_of(project / ".nbcraft", "live0000000", run)  # (projA's lab, alive, runs it)
    copy = tmp_path / "projB"
    shutil.copytree(project, copy, symlinks=True)  # cp -a, then a lab in the copy
    log = logging.getLogger("nbcraft.test.lostruns.copy")
    caplog.set_level(logging.INFO, logger=log.name)
    service = _server_start(copy, tracking, log)
    assert [job.id for job in service.lost] == ["live0000000"]  # lost in the copy's own list
    live = mlflow_client(tracking).get_run(run)
    assert live.info.status == "RUNNING", "the copy ended projA's live run"  # was: FAILED
    assert "nbcraft.job.error" not in live.data.tags
    told = [r.getMessage() for r in caplog.records if "left alone" in r.getMessage()]
    assert len(told) == 1 and "live0000000" in told[0] and "may still run" in told[0], told


@pytest.mark.parametrize("crafted", ["an ended process", "no owner"])
def test_a_crafted_row_naming_the_users_live_run_leaves_it_alone(
    crafted, tmp_path, tracking, caplog
):
    job_id = "victim00000" if crafted == "no owner" else "victim00001"
    run = _live_job(tracking, job_id)  # the user's live job, its id, run id and proof public
    owner_of_row = _ended_process() if crafted == "an ended process" else None
    _store_of(tmp_path / "shipped" / ".nbcraft", job_id, run, owner_of_row)
    log = logging.getLogger(f"nbcraft.test.lostruns.crafted.{crafted}")
    caplog.set_level(logging.INFO, logger=log.name)
    service = _server_start(tmp_path / "shipped", tracking, log)
    assert [job.id for job in service.lost] == [job_id]
    assert mlflow_client(tracking).get_run(run).info.status == "RUNNING"  # was: FAILED
    told = [r.getMessage() for r in caplog.records if "left alone" in r.getMessage()]
    assert len(told) == 1 and job_id in told[0], told


_EARLIER_SERVER = """
import sys
from pathlib import Path
from nbcraft.jobs.store import Job, JobStore
from nbcraft.jobs.tracking import JobTracking, job_tags
from mlflow.tracking import MlflowClient

uri, state, job_id = sys.argv[1:]
experiment = MlflowClient(tracking_uri=uri).create_experiment("restart-" + job_id)
tags = job_tags(job_id=job_id, notebook="x.ipynb", target="local", parent_run_id=None, step=None)
run = JobTracking(uri).start(experiment_id=experiment, run_name="x", tags=tags, parameters={})
store = JobStore(Path(state) / "jobs.db")
job = Job(id=job_id, notebook="x.ipynb", target="local", parameters={}, status="running")
job.mlflow_run_id = run.run_id
store.save(job)
store.close()
print(run.run_id)
"""


def test_a_restart_still_closes_the_users_own_lost_run(tmp_path, tracking, caplog):
    """The server that started the job (a process of its own, its row saved by it) died: the
    next server's start closes its run FAILED."""
    project = tmp_path / "project"
    done = subprocess.run(
        [sys.executable, "-c", _EARLIER_SERVER, tracking, str(project / ".nbcraft"), "gone0000000"],
        capture_output=True, text=True, timeout=120, check=True, cwd=Path(__file__).parents[3],
    )  # fmt: skip
    run = done.stdout.split()[-1]
    log = logging.getLogger("nbcraft.test.lostruns.restart")
    caplog.set_level(logging.INFO, logger=log.name)
    service = _server_start(project, tracking, log)
    assert [job.id for job in service.lost] == ["gone0000000"]
    closed = mlflow_client(tracking).get_run(run)
    assert closed.info.status == "FAILED"
    assert "its kernel is gone" in closed.data.tags["nbcraft.job.error"]
