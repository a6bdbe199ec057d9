"""Opening the job store at every server start read and parsed every row twice: the migration
``redact_old_rows`` (only rows from before redaction need it) and ``mark_lost`` (only queued and
running jobs). Each now reads only its rows, picked by SQLite (``json_type``, ``json_extract``);
the migration still redacts every old row wherever it is. Real SQLite; the rows parsed in
Python are counted (bench/jobs-store-startup.py has the time)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from nbcraft.jobs import migrate, store
from nbcraft.jobs.store import FAILED, FINISHED, LOST, QUEUED, RUNNING, Job, JobStore


class _Counting:
    """``json`` for the module under test, counting ``loads``."""

    def __init__(self) -> None:
        self.loads_calls = 0

    def loads(self, text):
        self.loads_calls += 1
        return json.loads(text)

    def dumps(self, value):
        return json.dumps(value)


def _old_row(db: sqlite3.Connection, job_id: str, parameters: dict) -> None:
    row = {"id": job_id, "notebook": "a.ipynb", "target": "local", "status": "finished"}
    db.execute(
        "INSERT INTO jobs (id, data) VALUES (?, ?)",
        (job_id, json.dumps({**row, "parameters": parameters})),
    )


def test_opening_parses_only_old_rows_and_unfinished_jobs(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / ".nbcraft" / "jobs.db"
    first = JobStore(path)
    for i in range(200):
        first.save(Job(id=f"done{i}", notebook="a.ipynb", target="local", parameters={"i": i},
                       status=FINISHED if i % 2 else FAILED))  # fmt: skip
    first.save(Job(id="running", notebook="a.ipynb", target="local", parameters={}, status=RUNNING))
    first.save(Job(id="queued", notebook="a.ipynb", target="local", parameters={}, status=QUEUED))
    # Rows from before redaction, among the new ones: one whose parameters hold a key named
    # secret_parameters (the row itself has none: it is still old), one whose key is null.
    _old_row(first._db, "old", {"db_password": "hunter2-secret"})
    _old_row(first._db, "nested", {"cfg": {"secret_parameters": []}, "api_token": "tok-123456"})
    first._db.execute(
        "INSERT INTO jobs (id, data) VALUES ('null', ?)",
        (json.dumps({"id": "null", "notebook": "a.ipynb", "target": "local", "parameters": {},
                     "secret_parameters": None}),),
    )  # fmt: skip
    first.close()

    counting = _Counting()
    monkeypatch.setattr(migrate, "json", counting)
    parsed: list[str] = []
    real_job = store._job

    def job(data: str) -> Job:
        parsed.append(json.loads(data)["id"])
        return real_job(data)

    monkeypatch.setattr(store, "_job", job)
    opened = JobStore(path)
    assert counting.loads_calls == 2  # "old" and "nested"; not the 202 redacted rows
    lost = opened.mark_lost()
    assert sorted(parsed) == ["queued", "running"]
    assert sorted(j.id for j in lost) == ["queued", "running"]
    monkeypatch.undo()

    assert {opened.get(i).status for i in ("queued", "running")} == {LOST}
    assert opened.get("done1").status == FINISHED and opened.get("done0").status == FAILED
    assert opened.get("old").parameters == {"db_password": "<redacted>"}
    assert opened.get("old").secret_parameters == ["db_password"]
    nested = opened.get("nested")
    assert nested.parameters["api_token"] == "<redacted>" and nested.secret_parameters
    assert opened.get("null").secret_parameters is None  # (has the key: left as it was)
    total = opened.list(limit=1000)[1]
    assert total == 205  # nothing lost
    opened.close()
    again = JobStore(path)
    assert again.mark_lost() == []
    again.close()


def test_a_row_that_is_not_json_still_stops_the_store_with_python_s_error(tmp_path: Path):
    """As before the SQL filter: the migration reads it and json says where it is broken."""
    path = tmp_path / ".nbcraft" / "jobs.db"
    JobStore(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO jobs (id, data) VALUES ('broken', '{\"id\": ')")
    db.commit()
    db.close()
    with pytest.raises(json.JSONDecodeError):
        JobStore(path)
