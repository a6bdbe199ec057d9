"""Rows of ``jobs.db`` that are JSON objects yet no job's (a review of s15): one nested too
deep raised RecursionError (the store and the jobs service did not start); a job's
``parameters`` that are no object failed the migration's redaction (the store did not open);
a status that is none of a job's reached the browser, where the lab's schema rejected the
whole Jobs list; and a row naming another job's id was saved over that job by ``mark_lost``,
whose MLflow run was then closed as FAILED. Each is now an unreadable ``lost`` job, the others
as they were, the row left as it is. Real SQLite files, the real store and JobService."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from jobs_support import untracked_service

from nbcraft.jobs.migrate import REDACTION
from nbcraft.jobs.store import FINISHED, LOST, STATUSES, Job, JobStore


def _job(job_id: str, **fields) -> str:
    return json.dumps({"id": job_id, "notebook": "n.ipynb", "target": "local",
                       "parameters": {}, **fields})  # fmt: skip


ROWS = {  # id: (data, redaction)
    "deep": ("[" * 100_000, REDACTION),
    "deep-old": ('{"id": "deep-old", "parameters": ' + "[" * 100_000, 0),
    "oops": (_job("oops", parameters="oops", status="failed"), 0),  # read by the migration
    "oops-new": (_job("oops-new", parameters=["x"], status="failed"), REDACTION),
    "listed": (_job("listed", status=["running"]), REDACTION),
    "odd": (_job("odd", status="exploded"), REDACTION),
    "warned": (_job("warned", status="finished", warnings=[{"x": 1}]), REDACTION),
    "evil": (_job("victim", status="running", mlflow_run_id="ATTACKER"), REDACTION),
}


def _store(path: Path) -> None:
    first = JobStore(path)
    first.save(Job(id="victim", notebook="real.ipynb", target="local", parameters={"lr": 0.1},
                   status=FINISHED, mlflow_run_id="RUN1"))  # fmt: skip
    for job_id, (data, redaction) in ROWS.items():
        first._db.execute(
            "INSERT INTO jobs (id, data, redaction) VALUES (?, ?, ?)", (job_id, data, redaction)
        )
    first.close()


def _raw(path: Path) -> dict[str, tuple]:
    db = sqlite3.connect(path)
    try:
        return {r[0]: r[1:] for r in db.execute("SELECT id, data, redaction FROM jobs")}
    finally:
        db.close()


def test_the_store_opens_and_no_row_speaks_for_another(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    _store(path)
    before = _raw(path)
    opened = JobStore(path)
    assert opened.mark_lost() == []
    victim = opened.get("victim")
    assert victim is not None and victim.notebook == "real.ipynb"
    assert victim.status == FINISHED and victim.mlflow_run_id == "RUN1"
    jobs, total = opened.list(limit=100)
    assert total == len(ROWS) + 1
    for job in jobs:
        assert job.status in STATUSES and isinstance(job.parameters, dict)
        if job.id in ROWS:
            assert job.status == LOST and job.error.startswith("unreadable:"), job
    opened.close()
    assert _raw(path) == before  # every row left as it was


def test_the_jobs_service_starts_and_the_list_is_a_list_of_jobs(tmp_path: Path) -> None:
    state = tmp_path / "state"
    _store(state / "jobs.db")
    service = untracked_service(tmp_path, state)
    listing = json.loads(json.dumps(service.list(limit=100)))
    by_id = {j["id"]: j for j in listing["jobs"]}
    assert set(by_id) == {*ROWS, "victim"}
    assert all(j["status"] in STATUSES for j in listing["jobs"])
    assert all(isinstance(w, str) for j in listing["jobs"] for w in j.get("warnings") or [])
    assert by_id["victim"]["mlflow_run_id"] == "RUN1" and by_id["victim"]["status"] == FINISHED
    service.store.close()
