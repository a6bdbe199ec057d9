"""A job store in the project (``.nbcraft/jobs.db``) can come with a cloned repository: the
Jupyter server read it at start, marked its ``running`` rows lost, ended their MLflow runs FAILED
with the user's credentials (a row may copy a colleague's live job, its id and run id, from a
shared tracking server: the ``nbcraft.job`` tag check cannot tell) and listed its rows in the
Jobs panel, all before the user trusted anything. A store nbcraft did not make where it is (its
file is not the one its rows recorded) is now moved aside, kept and named in the log, and a new
one made: none of its rows is listed, marked lost or closed. Real Jupyter server, real ``mlflow server``, real SQLite stores."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time

import pytest
from jobs_support import api, mlflow_client

from nbcraft.jobs.store import Job, JobStore


@pytest.fixture
def live_run(tracking_uri):
    """A colleague's job run, live on the shared tracking server: (its job id, its run id)."""
    client = mlflow_client(tracking_uri)
    experiment = client.create_experiment(f"colleague-{time.monotonic_ns()}")
    job_id = f"c{time.monotonic_ns() % 10**11:011d}"
    run = client.create_run(experiment, tags={"nbcraft.job": job_id}).info.run_id
    return job_id, run


@pytest.fixture
def shipped(jobs_root, live_run, tmp_path):
    """``.nbcraft/jobs.db`` as a repository ships it: made by nbcraft in someone's checkout,
    one ``running`` row naming the colleague's live run, then copied into this project as git
    or an unpacker writes it (a new file)."""
    job_id, run = live_run
    theirs = tmp_path / "their-checkout" / ".nbcraft" / "jobs.db"
    store = JobStore(theirs)
    job = Job(id=job_id, notebook="train.ipynb", target="local", parameters={})
    job.status, job.mlflow_run_id = "running", run
    store.save(job)
    store.close()
    (jobs_root / ".nbcraft").mkdir(exist_ok=True)
    shutil.copyfile(theirs, jobs_root / ".nbcraft" / "jobs.db")
    return jobs_root / ".nbcraft" / "jobs.db"


@pytest.fixture
def jp_server_config(jp_server_config, shipped, capsys):  # (capsys: from the start)
    return jp_server_config


async def test_a_shipped_job_store_is_neither_listed_nor_acted_on(
    jp_fetch, jp_serverapp, jobs_root, shipped, live_run, tracking_uri, capsys
):
    job_id, run = live_run
    service = jp_serverapp.web_app.settings["nbcraft_jobs"]
    assert service.lost == []  # was: the shipped row, marked lost
    _, listed = await api(jp_fetch, "nbcraft", "jobs")
    assert [j["id"] for j in listed["jobs"]] == []  # was: the shipped row
    code, _ = await api(jp_fetch, "nbcraft", "jobs", job_id, raise_error=False)
    assert code == 404
    client = mlflow_client(tracking_uri)
    for _ in range(25):  # (lost runs are closed in a thread: give it the time it took)
        if client.get_run(run).info.status != "RUNNING":
            break
        await asyncio.sleep(0.2)
    assert client.get_run(run).info.status == "RUNNING"  # was: FAILED
    # kept aside, untouched: its row still says running
    aside = [p for p in shipped.parent.iterdir() if p.name.startswith("jobs.db.not-made-here")]
    assert len(aside) == 1, list(shipped.parent.iterdir())
    (row,) = sqlite3.connect(aside[0]).execute("SELECT data FROM jobs").fetchall()
    assert '"running"' in row[0]
    log = capsys.readouterr().err
    assert f".nbcraft/{aside[0].name}" in log and "not made by nbcraft here" in log, log
    # the new store is this user's: a job submitted now is listed
    new = Job(id="mine0000000", notebook="train.ipynb", target="local", parameters={})
    service.store.save(new)
    _, listed = await api(jp_fetch, "nbcraft", "jobs")
    assert [j["id"] for j in listed["jobs"]] == ["mine0000000"]
