"""One row of ``jobs.db`` that is not a job's JSON (a disk error, a hand edit) stopped the
store from opening (``json.loads`` in the migration, in ``mark_lost``, in the list), which
took the jobs capability down with every other job. The store now opens, the other rows are
listed, the bad one is shown as an unreadable ``lost`` job and told once in the server's log
by table, seq and job id, never by its contents; the row is never rewritten or deleted.
Real SQLite files, the real store and JobService."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from jobs_support import untracked_service

from nbcraft.jobs.migrate import REDACTION
from nbcraft.jobs.store import FINISHED, LOST, RUNNING, Job, JobStore

SECRET = "hunter2-" + "z" * 12
# what a cut-off write leaves: JSON that ends inside a parameter holding a secret
BROKEN = '{"id": "broken", "status": "running", "parameters": {"db_password": "' + SECRET
ROWS = {  # id: (data, redaction): a row from before redaction is read by the migration
    "broken": (BROKEN, REDACTION),
    "old-broken": ('{"id": "old-broken", "api_token": "' + SECRET, 0),
    "a-list": (json.dumps([SECRET]), REDACTION),
    "no-id": (json.dumps({"status": "finished", "db_password": SECRET}), REDACTION),
}


def _store_with_bad_rows(path: Path) -> None:
    first = JobStore(path)
    first.save(Job(id="done", notebook="a.ipynb", target="local", parameters={}, status=FINISHED))
    first.save(Job(id="was-running", notebook="a.ipynb", target="local", parameters={},
                   status=RUNNING))  # fmt: skip
    for job_id, (data, redaction) in ROWS.items():
        first._db.execute(
            "INSERT INTO jobs (id, data, redaction) VALUES (?, ?, ?)", (job_id, data, redaction)
        )
    first.save(Job(id="after", notebook="b.ipynb", target="local", parameters={}, status=FINISHED))
    first.close()


def _raw(path: Path) -> dict[str, tuple]:
    db = sqlite3.connect(path)
    try:
        return {r[0]: r[1:] for r in db.execute("SELECT id, seq, data, redaction FROM jobs")}
    finally:
        db.close()


def test_a_bad_row_does_not_stop_the_store_nor_lose_the_others(tmp_path: Path, caplog) -> None:
    path = tmp_path / ".nbcraft" / "jobs.db"
    _store_with_bad_rows(path)
    before = _raw(path)
    caplog.set_level(logging.WARNING, logger="nbcraft.jobs")

    opened = JobStore(path)
    lost = opened.mark_lost()
    assert [j.id for j in lost] == ["was-running"]  # the unreadable "running" row is not one
    jobs, total = opened.list(limit=100)
    assert total == 7
    assert [j.id for j in jobs] == ["after", "no-id", "a-list", "old-broken", "broken",
                                    "was-running", "done"]  # fmt: skip
    assert opened.get("done").status == FINISHED and opened.get("after").notebook == "b.ipynb"
    shown = {j.id: j for j in jobs if j.error and j.error.startswith("unreadable:")}
    assert sorted(shown) == sorted(ROWS)
    for job in shown.values():
        assert job.status == LOST and job.parameters == {}
        assert f"seq {before[job.id][0]}" in job.error
    assert "not JSON" in shown["broken"].error and "id is not the row" in shown["no-id"].error
    assert "not an object" in shown["a-list"].error
    opened.save(opened.get("broken"))  # what a route could do with it: nothing is written

    # told once each, located, without the row's text
    told = [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(told) == len(ROWS), told
    for job_id in ROWS:
        (line,) = [t for t in told if f"(job id {job_id!r})" in t]
        assert "table jobs" in line and f"row seq {before[job_id][0]}" in line
        assert str(path) in line
    assert not any(SECRET[:6] in t for t in told)
    opened.close()

    after = _raw(path)
    for job_id in ROWS:
        assert after[job_id] == before[job_id]  # same seq, text and redaction: left as it was
    assert after["was-running"][1] != before["was-running"][1]  # (marked lost: rows do change)


def test_the_jobs_service_starts_and_lists_the_others(tmp_path: Path) -> None:
    state = tmp_path / "state"
    _store_with_bad_rows(state / "jobs.db")
    service = untracked_service(tmp_path, state)
    listing = service.list(limit=100)
    assert listing["total"] == 7
    by_id = {j["id"]: j for j in listing["jobs"]}
    assert by_id["done"]["status"] == "finished" and by_id["was-running"]["status"] == "lost"
    assert by_id["broken"]["status"] == "lost" and by_id["broken"]["error"].startswith("unreadable")
    assert SECRET not in json.dumps(listing)
    with pytest.raises(Exception, match="already lost"):
        import asyncio

        asyncio.run(service.cancel("broken"))
    service.store.close()


def test_a_row_rewritten_by_another_process_after_it_was_told_is_not_called_lost(
    tmp_path: Path,
) -> None:
    """``mark_lost`` reads a row this store told unreadable, since rewritten as a running job
    by another process (a second server, ``jupyter nbcraft run``, on its own connection):
    ``save`` leaves a told row as it is, so ``mark_lost`` does not report it lost either (it
    did once, the row unchanged: the list said what the store had not written)."""
    path = tmp_path / ".nbcraft" / "jobs.db"
    _store_with_bad_rows(path)
    opened = JobStore(path)
    assert opened.get("broken").error.startswith("unreadable:")  # told
    running = Job(id="broken", notebook="c.ipynb", target="local", parameters={}, status=RUNNING)
    other = sqlite3.connect(path)
    other.execute("UPDATE jobs SET data = ? WHERE id = 'broken'", (json.dumps(running.to_json()),))
    other.commit()
    other.close()
    rewritten = _raw(path)["broken"]

    lost = opened.mark_lost()
    assert [j.id for j in lost] == ["was-running"]
    opened.close()
    assert _raw(path)["broken"] == rewritten  # the other process's row, as it wrote it
