"""Owners that ``owner_gone`` took as gone, or crashed on, when nothing proved them ended:

- another boot id on a host of the same name, where either side has no ``/etc/machine-id``
  (containers often have none, and share a host name): another machine, maybe alive, was
  read as "an earlier boot of this host" and its live run marked lost;
- a malformed owner (a pid out of range, a bool pid, a start that is no string, an owner that
  is no text or is nested too deep): ``OverflowError`` and co. escaped every CLI start;
- on Windows, ``os.kill(pid, 0)`` sends CTRL_C_EVENT to the console's processes: no check.

Real processes and a real SQLite store; the machine id and the platform are patched."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from nbcraft.jobs import owner
from nbcraft.jobs.store import Job, JobStore

OTHER_BOOT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def no_machine_id_here(monkeypatch):
    """This process as on a system with no (or an empty) ``/etc/machine-id``."""
    read = owner._read
    monkeypatch.setattr(owner, "_read", lambda path: "" if "machine-id" in path else read(path))
    monkeypatch.setattr(owner, "_this", (0, ""))
    yield
    monkeypatch.setattr(owner, "_this", (0, ""))


def _ended_identity() -> dict:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        named = owner.identity(process.pid)
    finally:
        process.kill()
        process.wait()
    return named


def test_another_boot_without_a_machine_id_here_proves_nothing(no_machine_id_here):
    here = json.loads(owner.this_process())
    assert here["machine"] == ""
    other = {**here, "machine": "", "boot": OTHER_BOOT, "pid": os.getpid()}
    assert owner.owner_gone(json.dumps(other)) is False  # was: True
    named = {**here, "machine": "f" * 32, "boot": OTHER_BOOT}
    assert owner.owner_gone(json.dumps(named)) is False  # was: True


def test_another_boot_with_no_machine_id_in_the_row_proves_nothing():
    here = json.loads(owner.this_process())
    if not here["machine"]:
        pytest.skip("this system has no /etc/machine-id")
    other = {**here, "machine": "", "boot": OTHER_BOOT, "pid": os.getpid()}
    assert owner.owner_gone(json.dumps(other)) is False  # was: True
    # the same non-empty machine id: an earlier boot of this machine, every process ended
    assert owner.owner_gone(json.dumps({**here, "boot": OTHER_BOOT})) is True


@pytest.mark.parametrize(
    "change",
    [
        {"pid": 2**31},  # was: OverflowError
        {"pid": 2**63},  # was: OverflowError
        {"pid": 2**200},
        {"pid": True},  # (a bool is an int in Python: pid 1)
        {"start": 5},  # (was: "5" != 5, so "re-used": gone)
        {"start": ["x"]},
    ],
)
def test_a_malformed_owner_is_not_provably_gone(change):
    named = {**_ended_identity(), **change}
    assert owner.owner_gone(json.dumps(named)) is False


@pytest.mark.parametrize("text", [b'{"pid": 1}', 12, "[" * 100_000, '{"pid": 1e400}'])
def test_an_owner_that_is_no_text_or_too_deep_is_not_gone(text):
    assert owner.owner_gone(text) is False  # was: TypeError, RecursionError


def test_a_cli_start_over_a_malformed_owner_leaves_the_row(tmp_path):
    """The whole path: a CLI start (``mark_lost(..., gone_owners_only=True)``) raised."""
    path = tmp_path / "state" / "jobs.db"
    store = JobStore(path)
    store.save(Job(id="bigpid00000", notebook="a.ipynb", target="local", parameters={},
                   status="running"))  # fmt: skip
    store.close()
    db = sqlite3.connect(path)
    try:
        db.execute("UPDATE jobs SET owner = ?", (json.dumps({**owner.identity(), "pid": 2**31}),))
        db.commit()
    finally:
        db.close()
    store = JobStore(path)
    try:
        assert store.mark_lost("killed", gone_owners_only=True) == []  # was: OverflowError
        assert store.get("bigpid00000").status == "running"
    finally:
        store.close()


def test_on_windows_no_owner_is_probed_with_os_kill(monkeypatch):
    """Windows cannot run here: the platform is patched. There ``os.kill(pid, 0)`` is
    ``GenerateConsoleCtrlEvent(CTRL_C_EVENT, pid)``, which interrupts the processes sharing the
    console and never says whether ``pid`` exists; the standard library has no safe check, so
    no owner there is provably gone."""
    ended = {**_ended_identity(), "machine": "", "boot": "", "pidns": "", "start": ""}
    here = {**json.loads(owner.this_process()), "machine": "", "boot": "", "pidns": ""}
    sent: list[tuple[int, int]] = []

    def kill(pid: int, sig: int) -> None:
        sent.append((pid, sig))
        raise ProcessLookupError(pid)

    monkeypatch.setattr(owner, "_this", (os.getpid(), json.dumps(here, sort_keys=True)))
    monkeypatch.setattr(os, "kill", kill)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "name", "nt")
    gone = owner.owner_gone(json.dumps(ended))
    monkeypatch.undo()
    assert sent == []  # was: [(pid, 0)], a Ctrl+C to the console
    assert gone is False
