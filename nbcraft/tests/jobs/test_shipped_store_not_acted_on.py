"""A job store in the project (``.nbcraft/jobs.db``) can come with a cloned repository: the
Jupyter server read it at start, marked its ``running`` rows lost and ended their MLflow runs
FAILED with the user's credentials (a row may copy a colleague's live job, its id and run id,
from a shared tracking server: the ``nbcraft.job`` tag check cannot tell). A run is now closed
only when its ``nbcraft.job.proof`` tag verifies with this user's secret (run_proof.py), which
no project and no colleague has: the colleague's run stays RUNNING, while this user's own lost
job in the same store (its process ended), copied with the project (``cp -a``: a new file), is
still closed and its store kept (an earlier fix moved every copied or upgraded store aside, its
jobs' runs left RUNNING for ever). Real Jupyter server, real ``mlflow server``, real SQLite stores."""

from __future__ import annotations

import asyncio
import json
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
from jobs_support import api, mlflow_client

from nbcraft.jobs import owner, run_proof
from nbcraft.jobs.store import Job, JobStore
from nbcraft.jobs.tracking import job_tags

MINE = "mine0000000"


@pytest.fixture
def live_run(tracking_uri):
    """A colleague's job run, live on the shared tracking server, with the proof their own
    nbcraft wrote under their secret: (its job id, its run id)."""
    client = mlflow_client(tracking_uri)
    experiment = client.create_experiment(f"colleague-{time.monotonic_ns()}")
    job_id = f"c{time.monotonic_ns() % 10**11:011d}"
    tags = {"nbcraft.job": job_id, "nbcraft.job.proof": secrets.token_hex(32)}
    run = client.create_run(experiment, tags=tags).info.run_id
    return job_id, run


def _key() -> bytes:
    key = run_proof.read_key(create=True)
    assert key is not None
    return key


@pytest.fixture
def ended_owner():
    """The owner text of a process that has ended (the earlier server that ran this user's
    job): its row is provably left behind."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        return json.dumps(owner.identity(process.pid), sort_keys=True)
    finally:
        process.kill()
        process.wait()


@pytest.fixture
def my_run(jp_environ, tracking_uri, ended_owner):
    """This user's own job's run, started by nbcraft (its tags, proof included: for the process
    that ran it, since ended) in the Jupyter data folder the server will use (``jp_environ``)."""
    client = mlflow_client(tracking_uri)
    experiment = client.create_experiment(f"mine-{time.monotonic_ns()}")
    tags = job_tags(
        job_id=MINE, notebook="train.ipynb", target="local", parent_run_id=None, step=None
    )
    run = client.create_run(experiment, run_name="train", tags=tags).info.run_id
    client.set_tag(run, "nbcraft.job.proof", run_proof.proof(_key(), MINE, run, ended_owner))
    return run


@pytest.fixture
def shipped(jobs_root, live_run, my_run, tmp_path, ended_owner):
    """``.nbcraft/jobs.db`` made by nbcraft elsewhere, with two ``running`` rows (this user's
    own job and one copying the colleague's live job), then copied into this project as git,
    an unpacker or ``cp -a`` writes it (a new file)."""
    job_id, run = live_run
    theirs = tmp_path / "their-checkout" / ".nbcraft" / "jobs.db"
    store = JobStore(theirs)
    for row_id, run_id in ((job_id, run), (MINE, my_run)):
        job = Job(id=row_id, notebook="train.ipynb", target="local", parameters={})
        job.status, job.mlflow_run_id = "running", run_id
        store.save(job)
    store.close()
    db = sqlite3.connect(theirs)  # (saved by the processes that ran them, since ended)
    try:
        db.execute("UPDATE jobs SET owner = ?", (ended_owner,))
        db.commit()
    finally:
        db.close()
    (jobs_root / ".nbcraft").mkdir(exist_ok=True)
    shutil.copy2(theirs, jobs_root / ".nbcraft" / "jobs.db")
    return jobs_root / ".nbcraft" / "jobs.db"


@pytest.fixture
def jp_server_config(jp_server_config, shipped, capsys):  # (capsys: from the start)
    return jp_server_config


async def test_a_shipped_job_store_closes_only_this_users_runs(
    jp_fetch, jp_serverapp, jobs_root, shipped, live_run, my_run, tracking_uri, capsys, caplog
):
    job_id, run = live_run
    service = jp_serverapp.web_app.settings["nbcraft_jobs"]
    assert sorted(j.id for j in service.lost) == sorted([job_id, MINE])  # the store is kept
    client = mlflow_client(tracking_uri)
    log = ""
    for _ in range(100):  # (lost runs are closed in a thread, in any order: give it the time)
        # (the server's log reaches stderr, or pytest's log capture when its logging plugin runs,
        # as in `make test`: read both)
        log += capsys.readouterr().err
        if client.get_run(my_run).info.status != "RUNNING" and "left alone" in log + caplog.text:
            break
        await asyncio.sleep(0.2)
    assert client.get_run(my_run).info.status == "FAILED"  # was: RUNNING for ever (moved aside)
    assert client.get_run(run).info.status == "RUNNING"  # was: FAILED
    assert "nbcraft.job.error" not in client.get_run(run).data.tags
    assert [p.name for p in shipped.parent.iterdir() if "not-made-here" in p.name] == []
    _, listed = await api(jp_fetch, "nbcraft", "jobs")
    assert sorted(j["id"] for j in listed["jobs"]) == sorted([job_id, MINE])
    log += caplog.text
    assert f"lost job {job_id} left alone" in log and "proof" in log, log
