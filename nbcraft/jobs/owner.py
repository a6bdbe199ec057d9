"""Which process owns a job's row, and whether that process is gone.

Several ``jupyter nbcraft run`` processes may share the CLI's job store at once, so one cannot
take every queued or running row for lost when it starts, as a Jupyter server does with its
own store. Each row names the process that saved it (``this_process``): host, pid and, where
the system tells it, the process's start time, so a pid the system gave again to another
process does not pass for the owner. A row is the CLI's to close when its owner is gone.
"""

from __future__ import annotations

import os
import socket


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


_this: tuple[int, str] = (0, "")


def this_process() -> str:
    """This process, as a row names its owner (kept: a store saves a job several times)."""
    global _this
    pid = os.getpid()
    if _this[0] != pid:  # (a fork is another process)
        _this = (pid, f"{socket.gethostname()} {pid} {_started(pid)}")
    return _this[1]


def owner_gone(owner: str | None) -> bool:
    """Whether the process ``owner`` names has ended. A row from an older nbcraft (no owner)
    counts as gone; a process on another host as alive (nothing here can tell)."""
    if not owner:
        return True
    host, _, rest = owner.partition(" ")
    pid_text, _, started = rest.partition(" ")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
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
