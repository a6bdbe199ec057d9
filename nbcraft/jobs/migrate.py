"""A job store written before secret parameters were redacted, redacted once when it is opened.

Such a store's rows hold every parameter in clear and no ``secret_parameters``: the routes
served them, Re-run sent them back, and ``<state>/jobs/<id>/output.ipynb`` kept papermill's
injected cell in clear. On opening, each such row gets ``redact_parameters`` and its
``secret_parameters`` (its error and progress scrubbed of the values too); its kept notebook
is rewritten as a new job's is (``params.redacted``, ``scrub.scrub_outputs``), or removed when
it cannot be read; the database is vacuumed so the old values leave its free pages and WAL.

Only those rows are read: SQLite picks them (``json_type``, SQLite's JSON functions, built in
since 3.38), so a store of many redacted jobs opens without parsing each one in Python.
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

# The rows with no ``secret_parameters`` key (``"secret_parameters" not in raw``); a row that is
# not JSON, or that SQLite's JSON functions reject (NaN before SQLite 3.42), is read too, as
# before (CASE: json_type would fail on it, and the whole query with it).
UNREDACTED = (
    "SELECT id, data FROM jobs WHERE CASE WHEN json_valid(data)"
    " THEN json_type(data, '$.secret_parameters') IS NULL ELSE 1 END"
)


def redact_old_rows(db: sqlite3.Connection, output_dir: Path) -> list[str]:
    """Redact the rows without ``secret_parameters``; the ids of those that held a secret."""
    from .store import select_rows

    rows = select_rows(db, UNREDACTED, (), "SELECT id, data FROM jobs")
    changed: list[str] = []
    for job_id, data in rows:
        raw = json.loads(data)
        if "secret_parameters" in raw:
            continue
        real = raw.get("parameters") or {}
        shown = redact_parameters(real) if isinstance(real, dict) else {}
        secret = secret_names(real, shown)
        raw["parameters"], raw["secret_parameters"] = shown or real, secret
        if secret:
            secrets = secret_strings(real, shown)
            raw["error"] = scrub_text(raw.get("error"), secrets)
            if isinstance(raw.get("progress"), dict):
                raw["progress"] = scrub_progress(raw["progress"], secrets)
            _rewrite_output(output_dir / job_id / "output.ipynb", real, shown, secrets)
            changed.append(job_id)
        db.execute("UPDATE jobs SET data = ? WHERE id = ?", (json.dumps(raw), job_id))
    if changed:
        db.execute("VACUUM")  # (secure_delete is on: nothing of the old rows stays behind)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return changed


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
