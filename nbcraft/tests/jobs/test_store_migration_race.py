"""Two processes opening a job store that is not migrated yet (two Jupyter servers, or
``jupyter nbcraft run`` beside one; second review of s14-jobs): one failed with ``database is
locked`` or ``duplicate column name: redaction``. Real SQLite, real processes."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from nbcraft.jobs import migrate
from nbcraft.jobs.store import JobStore


def _old_store(path: Path, rows: int) -> None:
    """A store from before the ``redaction`` column, each row with curl's password in clear."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,"
        " pipeline_id TEXT, data TEXT NOT NULL)"
    )
    for i in range(rows):
        row = {"id": f"j{i}", "notebook": "a.ipynb", "target": "local", "status": "finished",
               "parameters": {"fetch": f"curl -u alice:pw{i}s3cret https://x", "n": i},
               "secret_parameters": []}  # fmt: skip
        db.execute("INSERT INTO jobs (id, data) VALUES (?, ?)", (row["id"], json.dumps(row)))
    db.commit()
    db.close()


def _assert_migrated(path: Path, rows: int) -> None:
    db = sqlite3.connect(path)
    try:
        redactions = db.execute(
            "SELECT redaction, count(*) FROM jobs GROUP BY redaction"
        ).fetchall()
        assert redactions == [(migrate.REDACTION, rows)]
        assert db.execute("SELECT count(*) FROM jobs WHERE data LIKE '%s3cret%'").fetchone() == (0,)
    finally:
        db.close()


def _open(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        JobStore(Path(path)).close()
        results.put("ok")
    except Exception as e:  # noqa: BLE001 - the test shows it
        results.put(f"{type(e).__name__}: {e}")


def test_two_processes_open_an_unmigrated_store_at_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for trial in range(3):
        path = tmp_path / str(trial) / ".nbcraft" / "jobs.db"
        _old_store(path, 2000)
        barrier, results = context.Barrier(2), context.Queue()
        processes = [
            context.Process(target=_open, args=(str(path), barrier, results)) for _ in "ab"
        ]
        for p in processes:
            p.start()
        for p in processes:
            p.join(120)
        assert [results.get(timeout=5) for _ in processes] == ["ok", "ok"], trial
        _assert_migrated(path, 2000)


_HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


def test_opening_waits_for_another_process_writing_the_store(tmp_path: Path) -> None:
    """Another process's migration of a large store holds the write lock longer than SQLite's
    default 5 s wait: opening waits for it (and then redacts what is left) instead of failing."""
    path = tmp_path / ".nbcraft" / "jobs.db"
    _old_store(path, 50)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(path), "7"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        JobStore(path).close()
        assert time.monotonic() - started > 5  # it did wait for the other process
    finally:
        holder.wait(30)
    _assert_migrated(path, 50)


def test_migration_commits_in_batches_and_reads_on_from_the_last_row(tmp_path: Path) -> None:
    path = tmp_path / ".nbcraft" / "jobs.db"
    _old_store(path, migrate.BATCH * 2 + 7)
    JobStore(path).close()
    _assert_migrated(path, migrate.BATCH * 2 + 7)


def test_a_databricks_export_of_a_row_that_gains_secrets_is_removed(tmp_path: Path) -> None:
    """``kept_output`` keeps no ``output.html`` for a job with secret parameters (the export
    shows them in clear); a row that gains secret names in the migration lost its export too."""
    path = tmp_path / ".nbcraft" / "jobs.db"
    _old_store(path, 2)
    db = sqlite3.connect(path)  # j1 without a secret
    db.execute("UPDATE jobs SET data = json_set(data, '$.parameters.fetch', 'x') WHERE id='j1'")
    db.commit()
    db.close()
    for job_id in ("j0", "j1"):
        folder = path.parent / "jobs" / job_id
        folder.mkdir(parents=True)
        (folder / "output.html").write_text("<pre>curl -u alice:pw0s3cret</pre>")
    JobStore(path).close()
    assert not (path.parent / "jobs" / "j0" / "output.html").exists()
    assert (path.parent / "jobs" / "j1" / "output.html").exists()
