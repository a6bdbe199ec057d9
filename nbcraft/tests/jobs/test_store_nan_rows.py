"""Rows of ``jobs.db`` holding NaN or Infinity (reviews of s16): an older nbcraft's
``json.dumps`` wrote a script's NaN parameter as bare ``NaN``, which ``GET /nbcraft/jobs`` served
back and the browser's ``JSON.parse`` rejects (the whole Jobs list failed). Refusing such rows
made them ``lost`` with no parameters, and one from before redaction was never redacted: its
secret stayed in ``jobs.db`` and in the output notebook served by ``GET jobs/<id>/output``.
Such a row is now read with each non-finite number as the string MLflow writes (``"NaN"``),
redacted by the migration, closed by ``mark_lost``, and served as strict JSON; only a row that
is not JSON stays unreadable, and its output is never served. A real ``jobs.db`` written by
hand, a real Jupyter server, the real ``mlflow server`` of the session."""

from __future__ import annotations

import json
import logging
import math
import sqlite3

import nbformat
import pytest
from jobs_support import api, submit, wait_for
from nbformat.v4 import new_code_cell, new_notebook

from nbcraft.jobs.migrate import REDACTION
from nbcraft.jobs.store import FINISHED, LOST, Job, JobStore
from nbcraft.provenance.record.redact import REDACTED

SECRET = "hunter2-" + "q" * 12
BASE = '"notebook": "n.ipynb", "target": "local", "status": "finished"'
ROWS = {  # id: (the rest of the row's JSON, redaction); 0 is read by the migration
    "nan-created": ('"parameters": {}, "created": NaN', REDACTION),
    "inf-param": ('"parameters": {"a": Infinity}', REDACTION),
    "minus-inf": ('"parameters": {}, "started": -Infinity', REDACTION),
    "overflow": ('"parameters": {}, "ended": 1e999', REDACTION),  # Python reads inf
    "deep-nan": ('"parameters": {"grid": [[1, NaN]], "db_password": "x"}', REDACTION),
    "old-nan": ('"parameters": {"lr": NaN, "api_token": "' + SECRET + '"}', 0),
    "queued-nan": ('"parameters": {"lr": NaN}', REDACTION),  # ("status" below: queued)
}
# Rows that stay unreadable: the lab's schema takes no string for a progress cell; not JSON.
UNREADABLE = {
    "nan-progress": ('"parameters": {}, "progress": {"cell": NaN}', REDACTION),
    "not-json": ('"parameters": {"lr": nan, "api_token": "' + SECRET + '"}', 0),
}
SEEN = {  # what each readable row's job shows
    "nan-created": {"created": "NaN"},
    "inf-param": {"parameters": {"a": "Infinity"}},
    "minus-inf": {"started": "-Infinity"},
    "overflow": {"ended": "Infinity"},
    "deep-nan": {"parameters": {"grid": [[1, "NaN"]], "db_password": "x"}},
    "old-nan": {"parameters": {"lr": "NaN", "api_token": REDACTED}},
}


def _strict(body: bytes):
    def refuse(word):
        raise ValueError(f"{word} in the answer")

    return json.loads(body, parse_constant=refuse)


def _write_rows(path) -> None:
    store = JobStore(path)
    store.save(Job(id="good", notebook="n.ipynb", target="local", parameters={"lr": 0.1},
                   status=FINISHED))  # fmt: skip
    for job_id, (rest, redaction) in (ROWS | UNREADABLE).items():
        base = BASE.replace("finished", "queued") if job_id == "queued-nan" else BASE
        store._db.execute(
            "INSERT INTO jobs (id, data, redaction) VALUES (?, ?, ?)",
            (job_id, f'{{"id": "{job_id}", {base}, {rest}}}', redaction),
        )
    store.save(Job(id="later", notebook="m.ipynb", target="local", parameters={},
                   status=FINISHED))  # fmt: skip
    store.close()


@pytest.fixture
def jobs_root(jobs_root):
    """The server's ``<root>/.nbcraft/jobs.db`` with the rows above, written before it starts,
    and the output notebooks of the two from before redaction, holding the secret."""
    _write_rows(jobs_root / ".nbcraft" / "jobs.db")
    for job_id in ("old-nan", "not-json"):
        cell = new_code_cell(f'# Parameters\nlr = float("nan")\napi_token = "{SECRET}"\n')
        cell.metadata["tags"] = ["injected-parameters"]
        folder = jobs_root / ".nbcraft" / "jobs" / job_id
        folder.mkdir(parents=True)
        nbformat.write(new_notebook(cells=[cell]), str(folder / "output.ipynb"))
    return jobs_root


def _rows(root, path=".nbcraft/jobs.db") -> dict[str, tuple]:
    db = sqlite3.connect(root / path)
    try:
        return {r[0]: r[1:] for r in db.execute("SELECT id, data, redaction FROM jobs")}
    finally:
        db.close()


async def test_a_nan_row_is_read_redacted_and_served_as_strict_json(jp_fetch, jobs_root):
    response = await jp_fetch("nbcraft", "jobs", params={"limit": "100"})
    listing = _strict(response.body)  # what JSON.parse in the browser takes
    jobs = {job["id"]: job for job in listing["jobs"]}
    assert listing["total"] == len(ROWS) + len(UNREADABLE) + 2
    assert jobs["good"]["status"] == FINISHED and jobs["good"]["parameters"] == {"lr": 0.1}
    assert jobs["later"]["status"] == FINISHED and jobs["later"]["error"] is None
    for job_id, seen in SEEN.items():
        job = jobs[job_id]
        assert job["status"] == FINISHED and job["error"] is None, job
        assert {k: job[k] for k in seen} == seen, job
    # queued when the server stopped: closed as lost, its parameters kept
    assert jobs["queued-nan"]["status"] == LOST and jobs["queued-nan"]["parameters"] == {
        "lr": "NaN"
    }
    for job_id in UNREADABLE:
        job = jobs[job_id]
        assert job["status"] == LOST and job["error"].startswith("unreadable:"), job
        assert SECRET not in job["error"]
    assert "not JSON" in jobs["not-json"]["error"]
    assert "progress" in jobs["nan-progress"]["error"]
    assert jobs["old-nan"]["secret_parameters"] == ["api_token"]
    one = _strict((await jp_fetch("nbcraft", "jobs", "old-nan")).body)
    assert one["parameters"] == {"lr": "NaN", "api_token": REDACTED}

    # the row from before redaction is redacted, on disk too, and saved strict
    rows = _rows(jobs_root)
    data, redaction = rows["old-nan"]
    assert redaction == REDACTION and SECRET not in data
    _strict(data.encode())
    folder = jobs_root / ".nbcraft" / "jobs"
    assert SECRET not in (folder / "old-nan" / "output.ipynb").read_text()
    code, body = await api(jp_fetch, "nbcraft", "jobs", "old-nan", "output")
    assert code == 200 and "api_token" in json.dumps(body) and SECRET not in json.dumps(body)


async def test_the_output_of_an_unreadable_row_is_never_served(jp_fetch, jobs_root):
    """The migration could not redact it: its notebook may hold the secret."""
    code, body = await api(jp_fetch, "nbcraft", "jobs", "not-json", "output", raise_error=False)
    assert code == 404 and SECRET not in json.dumps(body)
    rows = _rows(jobs_root)  # left as it is, for the user to look at
    assert rows["not-json"][1] == 0 and SECRET in rows["not-json"][0]


def test_each_unreadable_row_is_told_once_by_place_not_contents(tmp_path, caplog) -> None:
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
    assert len(told) == len(UNREADABLE), told
    for job_id in UNREADABLE:
        (line,) = [t for t in told if f"(job id {job_id!r})" in t]
        assert "table jobs, row seq" in line and SECRET not in line


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


async def test_the_parameters_that_held_nan_are_named_for_re_run(jp_fetch, jobs_root):
    """Read leniently, an older row's NaN parameter is the string "NaN": the lab's Re-run sent
    it back as a string (the notebook got 'NaN', not float('nan')), silently. The job names
    them in ``non_finite_parameters``, on disk too once the row is saved strict (so a later
    read, with no bare NaN left, still knows), and the lab refuses to re-run it as it is."""
    listing = _strict((await jp_fetch("nbcraft", "jobs", params={"limit": "100"})).body)
    jobs = {job["id"]: job for job in listing["jobs"]}
    named = {job_id: jobs[job_id]["non_finite_parameters"] for job_id in ROWS}
    assert named == {
        "nan-created": [],  # (a time, not a parameter)
        "inf-param": ["a"],
        "minus-inf": [],
        "overflow": [],
        "deep-nan": ["grid"],
        "old-nan": ["lr"],  # redacted and saved strict by the migration
        "queued-nan": ["lr"],  # closed as lost and saved strict by mark_lost
    }
    assert jobs["good"]["non_finite_parameters"] == []
    rows = _rows(jobs_root)
    for job_id in ("old-nan", "queued-nan"):
        saved = _strict(rows[job_id][0].encode())
        assert saved["parameters"]["lr"] == "NaN" and saved["non_finite_parameters"] == ["lr"]

    # a job given the string "NaN" (as the refusal of a NaN says to) is no such job
    job_id = await submit(jp_fetch, notebook="train.ipynb", parameters={"model": "NaN"})
    one = await wait_for(jp_fetch, job_id)
    assert one["status"] == FINISHED, one
    assert one["parameters"] == {"model": "NaN"} and one["non_finite_parameters"] == []
