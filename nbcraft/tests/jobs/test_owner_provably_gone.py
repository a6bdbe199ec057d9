"""The CLI's start marks ``lost`` only the rows whose owner is provably gone (owner.py): a
live owner in another PID namespace of this host (a container sharing the store's volume),
a row with no owner (an older nbcraft during an upgrade) and a row owned on another host were
all taken as gone, their live runs marked lost. Real SQLite files, real processes (one in a
PID namespace of its own, made with ``unshare``); the store as the CLI opens it
(``mark_lost(..., gone_owners_only=True)``)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nbcraft
from nbcraft.jobs import owner
from nbcraft.jobs.store import Job, JobStore

STOPPED = "the `jupyter nbcraft run` process running it stopped (killed, or its machine)"
CHECKOUT = str(Path(nbcraft.__file__).parents[1])

# A process that saves one running job in the store, says so, and lives until its stdin closes.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from nbcraft.jobs.store import Job, JobStore
    store = JobStore(Path(sys.argv[1]))
    store.save(Job(id=sys.argv[2], notebook="a.ipynb", target="local", parameters={},
                   status="running"))
    store.close()
    print("saved", flush=True)
    sys.stdin.read()
    """
)


def _writer(path: Path, job_id: str, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
    process = subprocess.Popen(
        [*prefix, sys.executable, "-c", WRITER, str(path), job_id],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": CHECKOUT},
    )  # fmt: skip
    line = process.stdout.readline()
    if line.strip() != "saved":
        process.kill()
        raise AssertionError(f"the writer did not save: {process.stderr.read()}")
    return process


def _end(process: subprocess.Popen) -> None:
    process.stdin.close()
    process.wait(timeout=60)


def _lost_by_a_cli_start(path: Path) -> list[str]:
    store = JobStore(path)
    try:
        return sorted(job.id for job in store.mark_lost(STOPPED, gone_owners_only=True))
    finally:
        store.close()


def _status(path: Path, job_id: str) -> str:
    store = JobStore(path)
    try:
        return store.get(job_id).status
    finally:
        store.close()


def _set_owner(path: Path, job_id: str, value: str | None) -> None:
    db = sqlite3.connect(path)
    try:
        db.execute("UPDATE jobs SET owner = ? WHERE id = ?", (value, job_id))
        db.commit()
    finally:
        db.close()


def _saved(path: Path, job_id: str) -> None:
    store = JobStore(path)
    store.save(Job(id=job_id, notebook="a.ipynb", target="local", parameters={}, status="running"))
    store.close()


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", "true"],
        check=False,
        capture_output=True,
        timeout=30,
    )
    return done.returncode == 0


def test_a_live_owner_in_another_pid_namespace_is_not_lost(tmp_path):
    if not _unshare_works():
        pytest.skip("no PID namespace can be made here (unshare needs root or user namespaces)")
    path = tmp_path / "state" / "jobs.db"
    process = _writer(path, "incontainer", ("unshare", "--pid", "--fork", "--mount-proc"))
    try:
        assert _lost_by_a_cli_start(path) == []  # was: ["incontainer"] (its pid not seen here)
        assert _status(path, "incontainer") == "running"
        row = json.loads(sqlite3.connect(path).execute("SELECT owner FROM jobs").fetchone()[0])
        assert row["pidns"] != owner.identity()["pidns"]  # (it ran in a namespace of its own)
    finally:
        _end(process)


def test_a_live_owner_in_this_namespace_is_not_lost_and_an_ended_one_is(tmp_path):
    path = tmp_path / "state" / "jobs.db"
    live = _writer(path, "live")
    ended = _writer(path, "ended")
    _end(ended)
    try:
        assert _lost_by_a_cli_start(path) == ["ended"]
        assert _status(path, "live") == "running"
    finally:
        _end(live)


def test_a_row_with_no_owner_is_left_to_its_server(tmp_path):
    path = tmp_path / "state" / "jobs.db"
    _saved(path, "olderversion")
    _set_owner(path, "olderversion", None)  # (as an nbcraft from before owners saved it)
    assert _lost_by_a_cli_start(path) == []  # was: marked lost
    store = JobStore(path)  # a Jupyter server's start still closes it: it owns its store
    try:
        assert [job.id for job in store.mark_lost()] == ["olderversion"]
    finally:
        store.close()


def test_a_row_owned_on_another_host_or_machine_is_not_lost(tmp_path):
    path = tmp_path / "state" / "jobs.db"
    here = owner.identity()
    _saved(path, "otherhost")
    _set_owner(path, "otherhost", json.dumps({**here, "host": "elsewhere", "pid": 1}))
    _saved(path, "othermachine")  # (same name, another machine: another boot id too)
    other = {**here, "machine": "0" * 32, "boot": "other-boot", "pid": 1}
    _set_owner(path, "othermachine", json.dumps(other))
    assert _lost_by_a_cli_start(path) == []


def test_a_row_of_an_earlier_boot_of_this_host_is_lost(tmp_path):
    path = tmp_path / "state" / "jobs.db"
    _saved(path, "beforereboot")
    before = {**owner.identity(), "boot": "00000000-0000-0000-0000-000000000000", "pidns": "x"}
    _set_owner(path, "beforereboot", json.dumps(before))
    assert _lost_by_a_cli_start(path) == ["beforereboot"]


def test_a_pid_given_again_to_another_process_is_lost(tmp_path):
    path = tmp_path / "state" / "jobs.db"
    _saved(path, "reused")  # this live process's pid, with another start time
    _set_owner(path, "reused", json.dumps({**owner.identity(), "start": "1"}))
    assert _lost_by_a_cli_start(path) == ["reused"]


def test_a_store_made_by_the_previous_nbcraft_loads_and_keeps_its_rows(tmp_path):
    """data/store_by_main_71d11385.db was saved by main at 71d11385 (owner ``"<host> <pid>
    <start>"``, the process ended since): it opens, every row reads, its running row is not
    taken as lost (that owner format names no namespace), and a row saved now names its owner
    the new way."""
    path = tmp_path / "state" / "jobs.db"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(Path(__file__).parent / "data" / "store_by_main_71d11385.db", path)
    store = JobStore(path)
    try:
        jobs, total = store.list()
        assert total == 3
        assert {job.id: job.status for job in jobs} == {
            "done0000main": "finished",
            "runs0000main": "running",
            "wait0000main": "queued",
        }
        assert store.get("runs0000main").parameters == {"lr": 0.2}
        assert store.mark_lost(STOPPED, gone_owners_only=True) == []
        job = store.get("wait0000main")
        store.save(job)
    finally:
        store.close()
    saved = (
        sqlite3.connect(path)
        .execute("SELECT owner FROM jobs WHERE id = 'wait0000main'")
        .fetchone()[0]
    )
    assert json.loads(saved)["pid"] == os.getpid()
