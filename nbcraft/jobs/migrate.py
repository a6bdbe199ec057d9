"""A job store's rows redacted by an older nbcraft, or before redaction, redacted again when
the store is opened.

A row from before redaction holds every parameter in clear and no ``secret_parameters``: the
routes served them, Re-run sent them back, and ``<state>/jobs/<id>/output.ipynb`` kept
papermill's injected cell in clear. A row redacted before curl's ``-u user:password`` was
(redaction 1) keeps that password. Each row's ``redaction`` column says which redaction it had
(0: none, or a store from before the column); on opening, each row below ``REDACTION`` gets
``redact_parameters`` and the names it redacts added to its ``secret_parameters`` (its error and
progress scrubbed of the values too); its kept notebook is rewritten as a new job's is
(``params.redacted``, ``scrub.scrub_outputs``), or removed when it cannot be read; the database
is vacuumed so the old values leave its free pages and WAL.

Only those rows are read: SQLite picks them by the column, so a store of redacted jobs opens
without parsing each one in Python.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from ..provenance.record.redact import redact_parameters
from .scrub import scrub_outputs, scrub_progress, scrub_text, secret_names, secret_strings

# What ``redact_parameters`` redacts, by version: 1, credentials by name and shape (and
# ``secret_parameters``); 2, curl's ``-u``/``-U`` password. A row saved now has this one.
REDACTION = 2
UNREDACTED = "SELECT id, data FROM jobs WHERE redaction < ?"


def redact_old_rows(db: sqlite3.Connection, output_dir: Path) -> list[str]:
    """Redact the rows of an older redaction; the ids of those that held a secret."""
    rows = db.execute(UNREDACTED, (REDACTION,)).fetchall()
    changed: list[str] = []
    db.execute("BEGIN")
    try:
        for job_id, data in rows:
            raw = json.loads(data)
            if _redact_row(raw, output_dir / job_id / "output.ipynb"):
                changed.append(job_id)
            db.execute(
                "UPDATE jobs SET data = ?, redaction = ? WHERE id = ?",
                (json.dumps(raw), REDACTION, job_id),
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if changed:
        db.execute("VACUUM")  # (secure_delete is on: nothing of the old rows stays behind)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return changed


def _redact_row(raw: dict[str, Any], output: Path) -> bool:
    """``raw`` redacted in place (a row redacted before keeps its ``secret_parameters``, and
    gains the names redacted now); whether it held a secret."""
    real = raw.get("parameters") or {}
    shown = redact_parameters(real) if isinstance(real, dict) else {}
    secret = secret_names(real, shown)
    known = raw.get("secret_parameters")
    if "secret_parameters" not in raw or secret:
        raw["secret_parameters"] = [*(known or []), *(n for n in secret if n not in (known or []))]
    raw["parameters"] = shown or real
    if not secret:
        return False
    secrets = secret_strings(real, shown)
    raw["error"] = scrub_text(raw.get("error"), secrets)
    if isinstance(raw.get("progress"), dict):
        raw["progress"] = scrub_progress(raw["progress"], secrets)
    _rewrite_output(output, real, shown, secrets)
    return True


def _rewrite_output(path: Path, real: dict[str, Any], shown: dict[str, Any], secrets) -> None:
    if not path.is_file():
        return
    import nbformat

    from .params import redacted

    try:
        nb = nbformat.read(str(path), as_version=4)
        text = nbformat.writes(scrub_outputs(redacted(nb, real, shown), secrets))
    except Exception:  # noqa: BLE001 - not a notebook nbcraft can read: it goes
        with contextlib.suppress(OSError):
            path.unlink()
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
