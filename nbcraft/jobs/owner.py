"""Which process owns a job's row, and whether that process is provably gone.

Several ``jupyter nbcraft run`` processes may share the CLI's job store at once, so one cannot
take every queued or running row for lost when it starts, as a Jupyter server does with its
own store. Each row names the process that saved it (``this_process``), and a row is the CLI's
to close only when that process is *provably* gone (``owner_gone``).

What names a process (a JSON object in the row's ``owner`` column): the host (its name and,
where the system has one, ``/etc/machine-id``), the boot (``/proc/sys/kernel/random/boot_id``),
the PID namespace (the inode of ``/proc/self/ns/pid``), the pid, and the process's start time
(``/proc/<pid>/stat``). A pid only means something on the same host, boot and namespace: a
container sharing the store's volume runs in a namespace of its own, where the owner's pid is
absent (or is another process) although the owner runs. So the owner is gone when it is on
this host and either from an earlier boot of this machine (the same machine id, not empty:
boot ids differ between machines too, and containers share host names without one; every
process of that boot ended), or in this namespace with its pid absent, a zombie, or given
again to another process (its start time differs). Anything else (another host, another
namespace, an owner that names no namespace, a malformed owner, any owner on Windows, where
no safe existence check exists) is taken as alive: a live run wrongly marked lost cannot be
undone, while a row wrongly left ``running`` has a way out (the README's "jupyter nbcraft run":
close its MLflow run, remove ``.nbcraft/cli/``).

Rows that name no owner this way stay as they are for the CLI: a row with no owner (saved by
an nbcraft from before owners, maybe still running during an upgrade) and a row of the first
owner format (``"<host> <pid> <start>"``, which names no boot or namespace). A Jupyter server
still marks every row of its own store lost when it starts (``JobStore.mark_lost`` without
``gone_owners_only``): nothing in it will finish them. But it closes a lost row's MLflow run
only when the row's owner is provably gone, as the CLI does (``JobService.close_lost_runs``):
a copy of a project (``cp -a``) taken while a job ran holds a row whose owner still runs it.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from typing import Any


def _read(path: str) -> str:
    """The file's text, stripped; "" where the system has no such file."""
    try:
        with open(path, "rb") as f:
            return f.read(256).decode("ascii", "replace").strip()
    except OSError:
        return ""


def _started(pid: int) -> str:
    """The process's start time (Linux: field 22 of ``/proc/<pid>/stat``, in clock ticks since
    boot), "" where the system does not tell it, "ended" for a zombie (killed, not yet reaped
    by its parent)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            text = f.read().decode("ascii", "replace")
    except OSError:
        return ""
    # (the command's name, field 2, is in parentheses and may hold spaces: split after it)
    fields = text.rpartition(")")[2].split()
    if fields and fields[0] in ("Z", "X"):
        return "ended"
    return fields[19] if len(fields) > 19 else ""


def _pid_namespace() -> str:
    """This process's PID namespace (``pid:[4026531836]``); "" where the system has none."""
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""


def identity(pid: int | None = None) -> dict[str, Any]:
    """This process as a row names its owner (``pid``: another process of this namespace)."""
    pid = os.getpid() if pid is None else pid
    return {
        "host": socket.gethostname(),
        "machine": _read("/etc/machine-id"),
        "boot": _read("/proc/sys/kernel/random/boot_id"),
        "pidns": _pid_namespace(),
        "pid": pid,
        "start": _started(pid),
    }


_this: tuple[int, str] = (0, "")


def this_process() -> str:
    """This process, as a row names its owner (kept: a store saves a job several times)."""
    global _this
    pid = os.getpid()
    if _this[0] != pid:  # (a fork is another process)
        _this = (pid, json.dumps(identity(pid), sort_keys=True))
    return _this[1]


_MAX_PID = 2**31 - 1  # (a pid_t; beyond it os.kill raises OverflowError)


def _named(owner: Any) -> dict[str, Any] | None:
    """The owner a row names, or None when it names none this module can check (no owner, the
    first format, a hand edit: no text, nested too deep, a pid that is no pid, a field of
    another type)."""
    if not isinstance(owner, str):
        return None
    try:
        named = json.loads(owner)
    except (ValueError, RecursionError):
        return None
    if not isinstance(named, dict):
        return None
    pid = named.get("pid")
    if type(pid) is not int or not 0 < pid <= _MAX_PID:  # (a bool is an int too)
        return None
    if not all(isinstance(named.get(k), str) for k in ("host", "machine", "boot", "pidns")):
        return None
    if not isinstance(named.get("start", ""), str):
        return None
    return named


def _windows() -> bool:
    """Windows: ``os.kill(pid, 0)`` there is ``GenerateConsoleCtrlEvent(CTRL_C_EVENT, pid)``,
    a Ctrl+C to the processes sharing the console, and no existence check; the standard
    library has none that is safe (only ctypes' OpenProcess), so no owner there is provably
    gone."""
    return os.name == "nt" or sys.platform == "win32"


def owner_gone(owner: str | None) -> bool:
    """Whether the process ``owner`` names has provably ended (see the module's docstring);
    False when it may still run or nothing here can tell."""
    named = _named(owner) if owner else None
    if named is None:
        return False
    here = json.loads(this_process())
    if named["host"] != here["host"]:
        return False
    if named["machine"] and here["machine"] and named["machine"] != here["machine"]:
        return False  # (another machine of the same name)
    if named["boot"] != here["boot"]:
        # An earlier boot of this machine: every process of it ended. Only a machine id, the
        # same and not empty on both sides, says it is this machine: boot ids differ between
        # machines too, and containers (often with no /etc/machine-id) share host names.
        return bool(named["boot"] and here["machine"] and named["machine"] == here["machine"])
    if named["pidns"] != here["pidns"]:
        return False  # another PID namespace (a container): its pids mean nothing here
    pid, started = named["pid"], named.get("start") or ""
    if _windows():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        # (EPERM: a process holds the pid, of another user; whether it is the owner is told
        # by its start time below, which /proc shows across users)
        pass
    except OSError:
        return False
    now = _started(pid)
    return now == "ended" or (bool(started) and now not in ("", started))
