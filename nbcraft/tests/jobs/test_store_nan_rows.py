"""Rows of ``jobs.db`` holding NaN or Infinity (a review of s16): Python's ``json`` read them,
the field checks passed them (a NaN is a float), and ``GET /nbcraft/jobs`` wrote them back as
bare ``NaN``, which the browser's ``JSON.parse`` rejects: the lab's per-row drop never ran and
the whole Jobs list failed. Such a row is now an unreadable ``lost`` job like any other
malformed one (told in the log by place, never by contents; left as it is), and the routes
answer strict JSON. A real ``jobs.db`` written by hand, a real Jupyter server, the real
``mlflow server`` of the session."""

from __future__ import annotations

import json
import logging
import math
import sqlite3

import pytest
from jobs_support import api

from nbcraft.jobs.migrate import REDACTION
from nbcraft.jobs.store import FINISHED, LOST, Job, JobStore

SECRET = "hunter2-" + "q" * 12
BASE = '"notebook": "n.ipynb", "target": "local", "status": "finished"'
ROWS = {  # id: (the rest of the row's JSON, redaction); 0 is read by the migration
    "nan-created": ('"parameters": {}, "created": NaN', REDACTION),
    "inf-param": ('"parameters": {"a": Infinity}', REDACTION),
    "nan-progress": ('"parameters": {}, "progress": {"cell": NaN}', REDACTION),
    "minus-inf": ('"parameters": {}, "started": -Infinity', REDACTION),
    "overflow": ('"parameters": {}, "ended": 1e999', REDACTION),  # Python reads inf
    "deep-nan": ('"parameters": {"grid": [[1, NaN]], "db_password": "' + SECRET + '"}', REDACTION),
    "old-nan": ('"parameters": {"lr": NaN, "api_token": "' + SECRET + '"}', 0),
}


def _strict(body: bytes):
    def refuse(word):
        raise ValueError(f"{word} in the answer")

    return json.loads(body, parse_constant=refuse)


def _write_rows(path) -> None:
    store = JobStore(path)
    store.save(Job(id="good", notebook="n.ipynb", target="local", parameters={"lr": 0.1},
                   status=FINISHED))  # fmt: skip
    for job_id, (rest, redaction) in ROWS.items():
        store._db.execute(
            "INSERT INTO jobs (id, data, redaction) VALUES (?, ?, ?)",
            (job_id, f'{{"id": "{job_id}", {BASE}, {rest}}}', redaction),
        )
    store.save(Job(id="later", notebook="m.ipynb", target="local", parameters={},
                   status=FINISHED))  # fmt: skip
    store.close()


@pytest.fixture
def jobs_root(jobs_root):
    """The server's ``<root>/.nbcraft/jobs.db`` with the rows above, written before it starts."""
    _write_rows(jobs_root / ".nbcraft" / "jobs.db")
    return jobs_root


def _rows(root, path=".nbcraft/jobs.db") -> dict[str, tuple]:
    db = sqlite3.connect(root / path)
    try:
        return {r[0]: r[1:] for r in db.execute("SELECT id, data, redaction FROM jobs")}
    finally:
        db.close()


async def test_a_nan_row_is_unreadable_and_the_list_is_strict_json(jp_fetch, jobs_root):
    before = _rows(jobs_root)
    response = await jp_fetch("nbcraft", "jobs", params={"limit": "100"})
    listing = _strict(response.body)  # what JSON.parse in the browser takes
    jobs = {job["id"]: job for job in listing["jobs"]}
    assert listing["total"] == len(ROWS) + 2
    assert jobs["good"]["status"] == FINISHED and jobs["good"]["parameters"] == {"lr": 0.1}
    assert jobs["later"]["status"] == FINISHED and jobs["later"]["error"] is None
    for job_id in ROWS:
        job = jobs[job_id]
        assert job["status"] == LOST and job["parameters"] == {}, job
        assert job["error"].startswith("unreadable:") and "not JSON" in job["error"], job
        assert SECRET not in job["error"]
    assert "Infinity is not a JSON number" in jobs["inf-param"]["error"]
    assert "too large for a double" in jobs["overflow"]["error"]
    # one job's own route, too
    one = _strict((await jp_fetch("nbcraft", "jobs", "nan-progress")).body)
    assert one["status"] == LOST

    assert _rows(jobs_root) == before  # never rewritten, the migration's row neither


def test_each_nan_row_is_told_once_by_place_not_contents(tmp_path, caplog) -> None:
    path = tmp_path / "state" / "jobs.db"
    _write_rows(path)
    caplog.set_level(logging.WARNING, logger="nbcraft.jobs")
    store = JobStore(path)
    try:
        store.mark_lost()
        store.list(limit=100)
        store.list(limit=100)
    finally:
        store.close()
    told = [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(told) == len(ROWS), told
    for job_id in ROWS:
        (line,) = [t for t in told if f"(job id {job_id!r})" in t]
        assert "table jobs, row seq" in line and "not JSON" in line and SECRET not in line


async def test_a_nan_parameter_is_saved_as_strict_json(jp_fetch, jobs_root):
    """The store's own save wrote ``json.dumps``'s NaN: that row would now read back as
    unreadable. It is written as MLflow writes a non-finite double (``"NaN"``)."""
    path = jobs_root / ".nbcraft" / "jobs.db"
    code, _ = await api(jp_fetch, "nbcraft", "jobs")  # the server holds the store open
    assert code == 200
    store = JobStore(path)
    try:
        given = {"lr": math.nan, "grid": [math.inf, -math.inf, 1.5]}
        store.save(Job(id="nan-saved", notebook="n.ipynb", target="local", parameters=given,
                       status=FINISHED))  # fmt: skip
        data = _rows(jobs_root)["nan-saved"][0]
        _strict(data.encode())
        assert store.get("nan-saved").parameters == {
            "lr": "NaN",
            "grid": ["Infinity", "-Infinity", 1.5],
        }
    finally:
        store.close()
    body = (await jp_fetch("nbcraft", "jobs", "nan-saved")).body
    assert _strict(body)["status"] == FINISHED
