"""Opening the job store at every server start read and parsed every row twice: the migration
``migrate`` (only rows from before redaction need it) and ``mark_lost`` (only queued and
running jobs). Each now reads only its rows, picked by SQLite (``json_type``, ``json_extract``);
the migration still redacts every old row wherever it is. Real SQLite; the rows parsed in
Python are counted (bench/jobs-store-startup.py has the time). Rows redacted by an older
nbcraft (``redaction`` below ``migrate.REDACTION``: before curl's password was) are redacted
again, once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from nbcraft import strict_json
from nbcraft.jobs import migrate, store
from nbcraft.jobs.store import FAILED, FINISHED, LOST, QUEUED, RUNNING, Job, JobStore


class _Counting:
    """``strict_json`` for the module under test, counting ``loads``."""

    def __init__(self) -> None:
        self.loads_calls = 0

    def loads(self, text):
        self.loads_calls += 1
        return strict_json.loads(text)

    def loads_noting(self, text):  # (a row's read: ``loads`` saying whether it met a NaN)
        self.loads_calls += 1
        return strict_json.loads_noting(text)

    def non_finite_names(self, values):
        return strict_json.non_finite_names(values)

    def dumps(self, value):
        return strict_json.dumps(value)


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
    monkeypatch.setattr(migrate, "strict_json", counting)
    parsed: list[str] = []
    real_job = store._job

    def job(data: str, job_id: str) -> Job:
        parsed.append(json.loads(data)["id"])
        return real_job(data, job_id)

    monkeypatch.setattr(store, "_job", job)
    opened = JobStore(path)
    # "old", "nested" and "null" (written without the redaction column's value); not the
    # 202 rows this nbcraft saved
    assert counting.loads_calls == 3
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


def _nan_store(path: Path) -> None:
    first = JobStore(path)  # what a job with {"lr": NaN} stores (json.dumps writes NaN)
    first.save(Job(id="nan", notebook="a.ipynb", target="local", parameters={"lr": float("nan")},
                   status=FINISHED))  # fmt: skip
    first.save(Job(id="inf", notebook="a.ipynb", target="local",
                   parameters={"lr": float("inf")}, status=RUNNING))  # fmt: skip
    first.save(Job(id="running", notebook="a.ipynb", target="local", parameters={}, status=RUNNING))
    first.close()


def test_a_nan_parameter_does_not_stop_the_store_from_opening(tmp_path: Path) -> None:
    """SQLite before 3.42 (3.40 here) calls NaN and Infinity malformed JSON: json_extract on
    every row failed mark_lost, at every start. Those rows are read in Python."""
    path = tmp_path / ".nbcraft" / "jobs.db"
    _nan_store(path)
    opened = JobStore(path)
    assert sorted(j.id for j in opened.mark_lost()) == ["inf", "running"]
    assert opened.get("nan").status == FINISHED and opened.get("inf").status == LOST
    assert opened.mark_lost() == []
    opened.close()


def test_the_jobs_service_starts_with_a_nan_parameter_in_the_store(tmp_path: Path) -> None:
    from nbcraft.jobs.service import JobService

    _nan_store(tmp_path / ".nbcraft" / "jobs.db")
    service = JobService(tmp_path, None, lambda: None, lambda: None)
    assert service.store.get("running").status == LOST
    service.store.close()


def test_without_sqlite_json_functions_the_rows_are_read_in_python(tmp_path: Path, monkeypatch):
    """A SQLite built without JSON functions: both start-up reads fall back to every row."""
    path = tmp_path / ".nbcraft" / "jobs.db"
    _nan_store(path)
    db = sqlite3.connect(path)
    _old_row(db, "old", {"db_password": "hunter2-secret"})
    db.commit()
    db.close()
    connect = sqlite3.connect

    def without_json(*args, **kwargs):
        conn = connect(*args, **kwargs)
        for name in ("json_valid", "json_type", "json_extract"):
            for arity in (1, 2, 3):
                conn.create_function(name, arity, _no_such_function)
        return conn

    monkeypatch.setattr(store.sqlite3, "connect", without_json)
    opened = JobStore(path)
    assert opened.get("old").parameters == {"db_password": "<redacted>"}
    assert sorted(j.id for j in opened.mark_lost()) == ["inf", "running"]
    assert opened.get("nan").status == FINISHED
    opened.close()


def _no_such_function(*args):
    raise sqlite3.OperationalError("no such function")


def test_a_row_redacted_before_curl_s_password_was_is_redacted_again(tmp_path: Path, monkeypatch):
    """A store written by the nbcraft before (its rows have ``secret_parameters``, the table no
    ``redaction`` column): curl's password stayed in clear in its parameters, error and kept
    notebook; the migration read only rows without ``secret_parameters``."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    state = tmp_path / ".nbcraft"
    state.mkdir()
    db = sqlite3.connect(state / "jobs.db")
    db.execute("CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,"
               " pipeline_id TEXT, data TEXT NOT NULL)")  # fmt: skip
    fetch = "curl -u alice:pw1secret-xyz https://x"
    row = {"id": "j1", "notebook": "a.ipynb", "target": "local", "status": "failed",
           "parameters": {"fetch": fetch, "api_token": "<redacted>", "n": 1},
           "secret_parameters": ["api_token"], "error": "cell 1: Error: 401 for pw1secret-xyz"}  # fmt: skip
    plain = {**row, "id": "plain", "parameters": {"n": 2}, "secret_parameters": [], "error": None}
    for r in (row, plain):
        db.execute("INSERT INTO jobs (id, data) VALUES (?, ?)", (r["id"], json.dumps(r)))
    db.commit()
    db.close()
    kept = state / "jobs" / "j1" / "output.ipynb"
    kept.parent.mkdir(parents=True)
    injected = new_code_cell(f"fetch = {fetch!r}\nn = 1")
    injected.metadata["tags"] = ["injected-parameters"]
    nbformat.write(new_notebook(cells=[injected]), str(kept))

    opened = JobStore(state / "jobs.db")
    job = opened.get("j1")
    assert job.parameters == {"fetch": "curl -u alice:<redacted> https://x",
                              "api_token": "<redacted>", "n": 1}  # fmt: skip
    assert job.secret_parameters == ["api_token", "fetch"]
    assert job.error == "cell 1: Error: 401 for <redacted>"
    assert opened.get("plain").secret_parameters == [] and opened.get("plain").error is None
    assert "pw1secret" not in kept.read_text()
    opened.save(Job(id="new", notebook="a.ipynb", target="local", parameters={}))
    opened.close()
    stored = b"".join(p.read_bytes() for p in state.glob("jobs.db*"))
    assert b"pw1secret" not in stored

    counting = _Counting()
    monkeypatch.setattr(migrate, "strict_json", counting)
    JobStore(state / "jobs.db").close()
    assert counting.loads_calls == 0  # once: every row now has this redaction
