"""A second review of s15: rows of ``jobs.db`` (which may ship with an untrusted project) whose
fields are of a type the lab's ``JobSchema`` (src/jobs/api.ts) rejects were served unchanged,
and one such row made the whole Jobs list fail in the lab: ``notebook: 5``, ``target: null``,
``error: ["x"]``, ``steps: [{}]``, ``created: {}``, ``secret_parameters: "abc"``... Each is now
an unreadable ``lost`` job (its row left as it is); a row whose fields are all right is served
as it was. Real SQLite files, the real store and JobService."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from jobs_support import untracked_service

from nbcraft.jobs.migrate import REDACTION
from nbcraft.jobs.store import FINISHED, LOST, Job, JobStore

HOSTILE = {
    "notebook5": {"notebook": 5},
    "notebook-null": {"notebook": None},
    "target-null": {"target": None},
    "error5": {"error": 5},
    "error-list": {"error": ["x"]},
    "experiment5": {"experiment": 5},
    "pipeline5": {"pipeline": 5},
    "pipeline-id5": {"pipeline_id": 5},
    "step-list": {"step": ["a"]},
    "url5": {"mlflow_run_url": 5},
    "run-id-obj": {"mlflow_run_id": {}},
    "created-obj": {"created": {}},
    "ended-bool": {"ended": True},
    "secrets-str": {"secret_parameters": "abc"},
    "secrets-ints": {"secret_parameters": [1]},
    "steps-str": {"pipeline": "p", "steps": "x"},
    "steps-empty": {"pipeline": "p", "steps": [{}]},
    "steps-int": {"pipeline": "p", "steps": [1]},
    "steps-needs": {"pipeline": "p", "steps": [{"name": "a", "needs": "b"}]},
    "progress-str": {"progress": "x"},
    "progress-cell": {"progress": {"cell": "3"}},
}
FINE = {
    "id": "fine", "notebook": "a.ipynb", "target": "local", "parameters": {"a": [1, {"b": 2}]},
    "status": FINISHED, "created": 1765000000, "started": "2026-12-06T00:00:00Z", "ended": None,
    "secret_parameters": ["token"], "error": None, "warnings": ["w"], "experiment": "e",
    "pipeline": "p", "steps": [{"name": "a", "needs": [], "job_id": None, "status": "pending"}],
    "progress": {"cell": 1, "cells": 2, "label": "cell 1", "output": None},
    "mlflow_run_url": None, "pipeline_id": None, "step": None,
}  # fmt: skip


def _rows(path: Path) -> dict[str, str]:
    store = JobStore(path)
    store.save(Job(id="good", notebook="n.ipynb", target="local", parameters={}, status=FINISHED))
    rows = {"fine": json.dumps(FINE)}
    for job_id, fields in HOSTILE.items():
        rows[job_id] = json.dumps({"id": job_id, "notebook": "n.ipynb", "target": "local",
                                   "parameters": {}, "status": FINISHED, **fields})  # fmt: skip
    for job_id, data in rows.items():
        store._db.execute(
            "INSERT INTO jobs (id, data, redaction) VALUES (?, ?, ?)", (job_id, data, REDACTION)
        )
    store.close()
    return rows


@pytest.fixture
def listing(tmp_path: Path) -> tuple[dict[str, dict], dict[str, str], Path]:
    state = tmp_path / "state"
    rows = _rows(state / "jobs.db")
    service = untracked_service(tmp_path, state)
    try:
        jobs = json.loads(json.dumps(service.list(limit=100)))["jobs"]
    finally:
        service.store.close()
    return {j["id"]: j for j in jobs}, rows, state / "jobs.db"


@pytest.mark.parametrize("job_id", sorted(HOSTILE))
def test_a_field_the_lab_rejects_makes_the_row_unreadable(listing, job_id: str) -> None:
    by_id, _, _ = listing
    job = by_id[job_id]
    field = next(iter(HOSTILE[job_id].keys() - {"pipeline"}), "pipeline")
    assert job["status"] == LOST and job["error"].startswith("unreadable:"), job
    assert f"its {field} " in job["error"]


def test_every_listed_job_has_the_types_the_lab_takes(listing) -> None:
    by_id, _, _ = listing
    assert set(by_id) == {"good", "fine", *HOSTILE}
    text = lambda v: isinstance(v, str)
    for job in by_id.values():
        assert text(job["notebook"]) and text(job["target"]), job
        for name in ("error", "experiment", "pipeline", "pipeline_id", "step", "mlflow_run_url"):
            assert job.get(name) is None or text(job[name]), (name, job)
        assert all(text(s) for s in job.get("secret_parameters") or []), job
        assert all(isinstance(s, dict) and text(s.get("name")) for s in job.get("steps") or [])
        assert job.get("progress") is None or isinstance(job["progress"], dict), job


def test_a_row_of_the_right_types_is_served_as_it_was(listing) -> None:
    by_id, _, _ = listing
    fine = by_id["fine"]
    assert fine["status"] == FINISHED and fine["error"] is None
    assert fine["steps"] == FINE["steps"] and fine["secret_parameters"] == ["token"]
    assert fine["progress"] == FINE["progress"] and fine["created"] == FINE["created"]


def test_the_hostile_rows_are_left_as_they_are(listing) -> None:
    _, rows, path = listing
    db = sqlite3.connect(path)
    try:
        kept = {r[0]: r[1] for r in db.execute("SELECT id, data FROM jobs")}
    finally:
        db.close()
    assert {k: kept[k] for k in rows} == rows
