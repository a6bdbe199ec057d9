"""A row's owner that is another user's live process is not gone: ``os.kill(pid, 0)`` refusing
with EPERM says the process exists (only ESRCH says it does not), so a second account's
``jupyter nbcraft run`` on a shared store must not mark the first account's running rows lost.
The start time, readable across users in ``/proc``, still tells a pid given again."""

from __future__ import annotations

import json

from nbcraft.jobs import owner


def _refused(pid: int, signal: int) -> None:
    raise PermissionError(1, "Operation not permitted")


def _owner(**changed) -> str:
    """This process as a row names it, with ``changed`` fields."""
    return json.dumps({**owner.identity(), **changed})


def test_a_live_process_of_another_user_is_not_gone(monkeypatch):
    monkeypatch.setattr(owner.os, "kill", _refused)
    assert owner.owner_gone(_owner()) is False  # (its /proc start time is the recorded one)


def test_another_users_process_on_a_reused_pid_is_gone(monkeypatch):
    monkeypatch.setattr(owner.os, "kill", _refused)
    monkeypatch.setattr(owner, "_started", lambda pid: "999")
    assert owner.owner_gone(_owner(start="123")) is True


def test_an_unreadable_start_time_with_eperm_counts_as_alive(monkeypatch):
    monkeypatch.setattr(owner.os, "kill", _refused)
    monkeypatch.setattr(owner, "_started", lambda pid: "")
    assert owner.owner_gone(_owner(start="123")) is False
