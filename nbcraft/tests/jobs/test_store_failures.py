"""A job store that fails (locked by another process, read-only, a full disk, a damaged file,
a folder that cannot be made) is a clear, located error: which file, what failed, what to do,
with the HTTP status the routes answer and one line from ``jupyter nbcraft run``; never a raw
``sqlite3.OperationalError``, and nothing stored half-way. Real SQLite files in tmp folders:
a second connection holding the write lock, SQLite's own page limit for a full disk (root
writes through any chmod), a read-only connection, truncated and foreign files."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path

import pytest
from jobs_support import TRAIN, api, run_cli_here, write_notebook

from nbcraft.jobs import store as store_module
from nbcraft.jobs.store import Job, JobStore, JobStoreError, new_id


def _job(**extra) -> Job:
    return Job(
        **{"id": new_id(), "notebook": "a.ipynb", "target": "local", "parameters": {}, **extra}
    )


def _fill(path: Path, rows: int = 300) -> None:
    store = JobStore(path)
    store.save_all([_job(parameters={"text": "y" * 500}) for _ in range(rows)])
    store.close()


def test_a_store_locked_by_another_process_says_so_and_when_to_retry(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_MS", 100)
    path = tmp_path / "state" / "jobs.db"
    store = JobStore(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # (another server or `jupyter nbcraft run` writing)
    with pytest.raises(JobStoreError) as raised:
        store.save(_job())
    with pytest.raises(JobStoreError):
        store.save_all([_job(), _job()])
    other.execute("ROLLBACK")
    error = raised.value
    assert error.code == 503
    assert str(path) in str(error) and "locked by another process" in str(error)
    assert "try again" in str(error)
    assert store.list()[1] == 0  # nothing was stored half-way
    store.save(_job())  # the lock gone, the store works again
    assert store.list()[1] == 1
    store.close()
    other.close()


def test_a_full_disk_stores_no_part_of_a_pipeline(tmp_path):
    path = tmp_path / "state" / "jobs.db"
    store = JobStore(path)
    store.save(_job())
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's SQLITE_FULL, for real
    row = _job(pipeline="train", status="running")
    steps = [_job(pipeline_id=row.id, parameters={"big": "x" * 20_000}) for _ in range(3)]
    with pytest.raises(JobStoreError) as raised:
        store.save_all([*steps, row])
    assert raised.value.code == 507
    assert str(path) in str(raised.value) and "disk is full" in str(raised.value)
    assert "free some space" in str(raised.value)
    store._db.execute("PRAGMA max_page_count = 1073741823")
    assert store.list(top_level=False)[1] == 1  # none of the four
    store.close()


def test_a_read_only_store_names_the_file_and_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "state" / "jobs.db"
    JobStore(path).close()
    connect = sqlite3.connect

    def read_only(database, *args, **kwargs):  # (root writes through a chmod: SQLite's own)
        kwargs["uri"] = True
        return connect(f"file:{database}?mode=ro", *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    store = JobStore(path)
    with pytest.raises(JobStoreError) as raised:
        store.save(_job())
    store.close()
    assert str(path) in str(raised.value) and "cannot be written" in str(raised.value)
    assert "writable" in str(raised.value) and raised.value.code == 500


@pytest.mark.parametrize("damage", ["foreign", "truncated"])
def test_a_damaged_store_says_to_move_it_aside(tmp_path, damage):
    path = tmp_path / "state" / "jobs.db"
    if damage == "foreign":
        path.parent.mkdir()
        path.write_bytes(b"not a database at all\n" * 200)
    else:
        _fill(path)
        with open(path, "r+b") as f:
            f.truncate(path.stat().st_size // 2)
    with pytest.raises(JobStoreError) as raised:
        store = JobStore(path)
        store.list(limit=1000, top_level=False)
        store.mark_lost()
    message = str(raised.value)
    assert str(path) in message and "damaged" in message and "move it aside" in message
    assert "sqlite3" not in message


def test_a_folder_that_cannot_be_made_is_named(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(JobStoreError) as raised:
        JobStore(tmp_path / "afile" / "state" / "jobs.db")
    assert str(tmp_path / "afile" / "state") in str(raised.value)
    assert "c.NbcraftJobs.state_dir" in str(raised.value)


def test_the_cli_prints_one_line_and_exits_2_on_a_damaged_store(tmp_path, monkeypatch, capsys):
    (tmp_path / "nbcraft.json").write_text("{}")
    write_notebook(tmp_path / "train.ipynb", TRAIN)
    state = tmp_path / ".nbcraft" / "cli"
    state.mkdir(parents=True)
    (state / "jobs.db").write_bytes(b"\x00garbage" * 500)
    code = run_cli_here("train.ipynb", cwd=tmp_path, monkeypatch=monkeypatch)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("jupyter nbcraft run: the job store ")
    assert str(state / "jobs.db") in err and "Traceback" not in err


@pytest.fixture
def tracking_uri():
    return "http://127.0.0.1:9"  # (nothing here reaches it)


@pytest.fixture
def quick_busy(monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_MS", 100)  # (before the server opens its store)


async def test_a_locked_store_is_a_503_with_retry_after(quick_busy, jp_fetch, jobs_root, caplog):
    caplog.set_level(logging.ERROR)
    code, _ = await api(jp_fetch, "nbcraft", "jobs")
    assert code == 200
    other = sqlite3.connect(jobs_root / ".nbcraft" / "jobs.db", isolation_level=None)
    other.execute("PRAGMA busy_timeout = 100")
    other.execute("BEGIN EXCLUSIVE")
    try:
        response = await jp_fetch(
            "nbcraft", "jobs", method="POST", raise_error=False,
            body=json.dumps({"notebook": "train.ipynb"}),
        )  # fmt: skip
    finally:
        other.execute("ROLLBACK")
        other.close()
    answer = json.loads(response.body)
    assert response.code == 503 and response.headers.get("Retry-After")
    assert "locked by another process" in answer["message"]
    assert "jobs.db" in answer["message"] and "OperationalError" not in answer["message"]
    # the file relative to the root, as the other routes name files: its absolute path told
    # any client the server's home folder and user name; the server's log keeps it
    path = jobs_root / ".nbcraft" / "jobs.db"
    assert answer["message"].startswith("the job store .nbcraft/jobs.db is locked")
    body = response.body.decode()
    assert str(jobs_root) not in body and str(Path.home()) not in body
    assert str(path) in caplog.text
    code, listed = await api(jp_fetch, "nbcraft", "jobs")
    assert code == 200 and listed["total"] == 0  # nothing queued with no row


def test_reproduce_prints_one_line_and_exits_2_on_a_damaged_store(tmp_path, monkeypatch, capsys):
    """``jupyter nbcraft reproduce`` opens the same CLI store (``cli_service``)."""
    from nbcraft.provenance.cli import main

    (tmp_path / "nbcraft.json").write_text("{}")
    state = tmp_path / ".nbcraft" / "cli"
    state.mkdir(parents=True)
    (state / "jobs.db").write_bytes(b"\x00garbage" * 500)
    for name in [k for k in os.environ if k.startswith(("MLFLOW_", "JPY_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path / ".no-lab-settings"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / ".jupyter-config"))
    monkeypatch.chdir(tmp_path)
    code = main(["0123456789abcdef0123456789abcdef"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("jupyter nbcraft reproduce: the job store ") and "damaged" in err
