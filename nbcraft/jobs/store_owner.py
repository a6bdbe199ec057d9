"""Whether nbcraft made a job store's file where it is: the store is in the project by default
(``.nbcraft/jobs.db``), so a cloned repository or an unpacked archive may ship one, whose rows
would be listed in the Jobs panel, marked lost and have their MLflow runs ended (a row may copy a
colleague's live job from a shared tracking server, its id and run id: the ``nbcraft.job`` tag
check cannot tell) before the user trusted anything.

When nbcraft makes a store it writes the file's inode number into the store's own ``store``
table. A file that came with a clone or an archive was made anew by git or the unpacker, under
another inode than the one its rows recorded on the machine that wrote them, which no repository
can know in advance. So a store is nbcraft's own here when the number it recorded is its file's.
A store with no job rows is taken as it is (nothing in it can act). Any other, including one an
nbcraft before this check made, is moved aside by the store (store.py) unless adopted (``adopt``).
Every process that opens the store (the server, ``jupyter nbcraft run``, one in a container with
the project bind-mounted) sees the same inode, so they agree; a copy of the whole project to
another disk (a restore from a backup) is a new file, and its store is moved aside the same way.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

_TABLE = "CREATE TABLE IF NOT EXISTS store (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_SET = "INSERT OR REPLACE INTO store (key, value) VALUES ('inode', ?)"


def file_number(db_path: Path) -> str:
    """The store file's inode number, as recorded."""
    return str(os.stat(db_path).st_ino)


def made_here(db: sqlite3.Connection, db_path: Path) -> bool:
    """Whether the store open in ``db`` is nbcraft's own at ``db_path`` (see the module's doc);
    a store with no job rows is made so (its file's number written in it)."""
    db.execute(_TABLE)
    row = db.execute("SELECT value FROM store WHERE key = 'inode'").fetchone()
    number = file_number(db_path)
    if row is not None and str(row[0]) == number:
        return True
    if db.execute("SELECT 1 FROM jobs LIMIT 1").fetchone() is not None:
        return False
    db.execute(_SET, (number,))
    return True


def adopt(db_path: Path) -> None:
    """Take the store at ``db_path`` as nbcraft's own, as it is (one an nbcraft before this
    check made, with its rows): its file's number written in it."""
    db = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        db.execute(_TABLE)
        db.execute(_SET, (file_number(db_path),))
    finally:
        db.close()
