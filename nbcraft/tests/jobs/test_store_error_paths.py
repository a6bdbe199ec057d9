"""A job store that fails answered the routes with its absolute path (``/home/<user>/<project>
/.nbcraft/jobs.db``: the server's home folder and user name) where every other route names
files relative to the Jupyter root. The routes now name it relative to the root; the server's
log keeps the absolute path, and so does ``jupyter nbcraft run`` (test_store_failures.py).
A real Jupyter server, a real SQLite file locked by another connection."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from nbcraft.jobs import store as store_module


@pytest.fixture
def tracking_uri():
    return "http://127.0.0.1:9"  # (nothing here reaches it)


@pytest.fixture
def quick_busy(monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_MS", 100)  # (before the server opens its store)


async def test_a_failing_store_is_named_relative_to_the_root(
    quick_busy, jp_fetch, jobs_root, caplog
):
    caplog.set_level(logging.ERROR)
    response = await jp_fetch("nbcraft", "jobs")
    assert response.code == 200
    path = jobs_root / ".nbcraft" / "jobs.db"
    other = sqlite3.connect(path, isolation_level=None)
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
    body = response.body.decode()
    assert response.code == 503
    message = json.loads(body)["message"]
    assert message.startswith("the job store .nbcraft/jobs.db is locked by another process")
    assert str(jobs_root) not in body and str(path) not in body  # was: in the message
    assert str(Path.home()) not in body
    assert str(path) in caplog.text  # the server's log still says which file, in full
