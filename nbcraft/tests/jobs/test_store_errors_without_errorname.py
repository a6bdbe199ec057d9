"""On Python 3.10 (``requires-python >= 3.10``) a ``sqlite3.Error`` has no ``sqlite_errorname``
(added in 3.11), so the store tells what failed from SQLite's own message: a lock is still a 503
with "try again", a full disk a 507. An error built here has no such attribute, as on 3.10; the
messages are SQLite's (sqlite3_errstr) for each primary code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nbcraft.jobs.store_errors import store_error


@pytest.mark.parametrize(
    ("cls", "message", "code", "told"),
    [
        (sqlite3.OperationalError, "database is locked", 503, "try again"),
        (sqlite3.OperationalError, "database table is locked", 503, "try again"),
        (sqlite3.OperationalError, "database or disk is full", 507, "free some space"),
        (sqlite3.OperationalError, "attempt to write a readonly database", 500, "writable"),
        (sqlite3.OperationalError, "unable to open database file", 500, "writable"),
        (sqlite3.DatabaseError, "file is not a database", 500, "move it aside"),
        (sqlite3.DatabaseError, "database disk image is malformed", 500, "move it aside"),
        (sqlite3.OperationalError, "disk I/O error", 500, "check its disk"),
    ],
)
def test_a_store_error_without_its_code_name_is_told_from_the_message(cls, message, code, told):
    error = cls(message)
    assert not hasattr(error, "sqlite_errorname")  # (as on Python 3.10)
    told_error = store_error(Path("/s/jobs.db"), "saving a job", error)
    assert told_error.code == code
    assert told in str(told_error) and message in str(told_error)


def test_an_unknown_message_stays_the_generic_failure():
    told_error = store_error(
        Path("/s/jobs.db"), "saving", sqlite3.OperationalError("no such table: x")
    )
    assert told_error.code == 500 and "failed while saving" in str(told_error)
