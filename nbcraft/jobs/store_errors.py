"""What the job store says when its SQLite file fails: which file, what failed, what to do.

A raw ``sqlite3.OperationalError: database is locked`` reached the jobs routes (a 500 with no
word of which file) and ``jupyter nbcraft run`` (a traceback). Every store failure is one
:class:`JobStoreError` instead, whose ``code`` is the HTTP status the routes answer with: 503
(and Retry-After) when another process holds the lock, 507 when the disk is full, 500 when the
file cannot be written or is damaged. SQLite's own message is kept (it names no value stored).
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..relative_path import shown_path

LOCKED, FULL, FAILED = 503, 507, 500

_STATE_DIR = "c.NbcraftJobs.state_dir"

# (SQLite's primary result codes, by name; what that means for the store; status; what to do)
_KINDS: tuple[tuple[tuple[str, ...], str, int, str], ...] = (
    (
        ("SQLITE_BUSY", "SQLITE_LOCKED"),
        (
            "is locked by another process (another Jupyter server or `jupyter nbcraft run` on "
            "this project is writing to it)"
        ),
        LOCKED,
        "try again when it is done",
    ),
    (("SQLITE_FULL",), "cannot grow: the disk is full", FULL, "free some space on its disk"),
    (
        ("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN", "SQLITE_AUTH"),
        "cannot be written (read-only, or its folder is gone or not writable)",
        FAILED,
        f"make it and its folder writable by this user, or set {_STATE_DIR} to a folder that is",
    ),
    (
        ("SQLITE_CORRUPT", "SQLITE_NOTADB"),
        "is damaged (not a SQLite database, or truncated)",
        FAILED,
        "move it aside (its jobs are then no longer listed); nbcraft makes a new one",
    ),
    (
        ("SQLITE_IOERR",),
        "could not be read or written (a disk error)",
        FAILED,
        "check its disk, then try again",
    ),
)


# (SQLite's message for each primary code, sqlite3_errstr: Python 3.10's sqlite3.Error has no
# ``sqlite_errorname``, added in 3.11, so there the message tells the code)
_MESSAGES: tuple[tuple[str, str], ...] = (
    ("database is locked", "SQLITE_BUSY"),
    ("database table is locked", "SQLITE_LOCKED"),
    ("database or disk is full", "SQLITE_FULL"),
    ("attempt to write a readonly database", "SQLITE_READONLY"),
    ("access permission denied", "SQLITE_PERM"),
    ("unable to open database file", "SQLITE_CANTOPEN"),
    ("authorization denied", "SQLITE_AUTH"),
    ("database disk image is malformed", "SQLITE_CORRUPT"),
    ("file is not a database", "SQLITE_NOTADB"),
    ("disk I/O error", "SQLITE_IOERR"),
)


def _code_name(error: sqlite3.Error) -> str:
    """SQLite's result code name for ``error`` ("SQLITE_BUSY", ...), "" when unknown."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name:
        return name
    text = str(error)
    return next((code for message, code in _MESSAGES if message in text), "")


class JobStoreError(Exception):
    """The job store failed: the message names the file, what failed and what to do; ``code``
    is the HTTP status of a route that met it. ``public``: the same message for a client of
    the routes, which names the store's files relative to the Jupyter root (the file name
    alone when they are outside it), never by their absolute path (the server's home folder
    and user name); the server's log and the CLI keep the message itself."""

    def __init__(self, message: str, code: int = FAILED, public: str | None = None):
        super().__init__(message)
        self.code = code
        self.public = message if public is None else public


def store_error(
    path: Path, action: str, error: BaseException, root: Path | None = None
) -> JobStoreError:
    """``error`` (SQLite's, or the OS's while the store's folder or file was made) told as a
    :class:`JobStoreError` about the store at ``path`` while ``action``; ``root``: the Jupyter
    root its ``public`` message names the files relative to."""
    if isinstance(error, sqlite3.Error):
        name = _code_name(error)
        for names, what, code, todo in _KINDS:
            if name.startswith(names):
                return _told(
                    lambda store, _, what=what, todo=todo: (
                        f"the job store {store} {what}, while {action} (SQLite: {error}): {todo}"
                    ),
                    code, path, root,
                )  # fmt: skip
        return _told(
            lambda store, _: f"the job store {store} failed while {action} (SQLite: {error})",
            FAILED, path, root,
        )  # fmt: skip
    if isinstance(error, OSError):
        where = error.filename or path
        if error.errno == errno.ENOSPC:
            return _told(
                lambda store, file: (
                    f"the job store {store} cannot grow: the disk is full, while {action} "
                    f"({file}): free some space on its disk"
                ),
                FULL, path, root, where,
            )  # fmt: skip
        return _told(
            lambda store, file: (
                f"the job store {store} cannot be used, while {action}: {file}: "
                f"{error.strerror or error}; set {_STATE_DIR} to a folder this user can "
                "write, or make this one so"
            ),
            FAILED, path, root, where,
        )  # fmt: skip
    raise TypeError(f"not a store failure: {type(error).__name__}")


def _told(
    text: Callable[[Any, Any], str], code: int, path: Path, root: Path | None, where: Any = None
) -> JobStoreError:
    """The error whose message is ``text(the store's path, the file the OS named)``: the
    absolute paths in its message, as shown to a client in ``public``."""
    shown_where = None if where is None else shown_path(where, root)
    return JobStoreError(text(path, where), code, text(shown_path(path, root), shown_where))


@contextlib.contextmanager
def told_as_store_errors(path: Path, root: Path | None, action: str) -> Iterator[None]:
    """SQLite's and the OS's failures in the block, as :class:`JobStoreError` (``store_error``)."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        raise store_error(path, action, error, root) from error
