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
keeps no old value (``secure_delete`` zeroes the freed cells; the WAL is checkpointed); a
Databricks run's ``output.html`` goes (``kept_output`` keeps none for a job with secrets).

Only those rows are read: SQLite picks them by the column, so a store of redacted jobs opens
without parsing each one in Python.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import strict_json
from ..provenance.record.redact import redact_parameters
from .scrub import scrub_outputs, scrub_progress, scrub_text, secret_names, secret_strings

# What ``redact_parameters`` redacts, by version: 1, credentials by name and shape (and
# ``secret_parameters``); 2, curl's ``-u``/``-U`` password. A row saved now has this one.
REDACTION = 2


BATCH = 500  # rows redacted per transaction: another process opening the store waits less
MIGRATION_BUSY_MS = 300_000  # how long opening waits for another process's migration


def migrate(
    db: sqlite3.Connection,
    output_dir: Path,
    unreadable: Callable[[int, str, str], None] = lambda seq, job_id, problem: None,
) -> list[str]:
    """Add the ``redaction`` column and redact the rows of an older redaction; the ids of those
    that held a secret. Safe with another process opening the same store at once (two Jupyter
    servers, or ``jupyter nbcraft run`` beside one): each step holds SQLite's write lock
    (``BEGIN IMMEDIATE``) from the check to the write, so neither sees a column or a row the
    other is changing, and no row read before the lock overwrites a newer save. A row that
    cannot be read is told to ``unreadable(seq, id, what failed)`` and left as it is."""
    db.execute(f"PRAGMA busy_timeout = {MIGRATION_BUSY_MS}")
    with _write_lock(db):
        columns = {row[1] for row in db.execute("PRAGMA table_info(jobs)")}
        # which redaction a row had; the process that saved it (owner.py)
        for name, kind in (("redaction", "INTEGER NOT NULL DEFAULT 0"), ("owner", "TEXT")):
            if name in columns:
                continue
            try:
                db.execute(f"ALTER TABLE jobs ADD COLUMN {name} {kind}")
            except sqlite3.OperationalError as e:  # (added by an nbcraft without the lock)
                if "duplicate column" not in str(e):
                    raise
    changed: list[str] = []
    after = 0  # the last seq done (each batch reads on by the rowid: no scan from the start)
    while True:
        with _write_lock(db):
            rows = db.execute(
                f"SELECT seq, id, data FROM jobs WHERE redaction < ? AND seq > ? ORDER BY seq"
                f" LIMIT {BATCH}",
                (REDACTION, after),
            ).fetchall()
            for after, job_id, data in rows:
                try:
                    raw = row_object(data, job_id)
                except ValueError as error:
                    unreadable(after, job_id, unreadable_problem(error))
                    continue
                if _redact_row(raw, output_dir / job_id):
                    changed.append(job_id)
                db.execute(
                    "UPDATE jobs SET data = ?, redaction = ? WHERE id = ?",
                    (strict_json.dumps(raw), REDACTION, job_id),
                )
        if len(rows) < BATCH:
            break
    if changed:  # (secure_delete zeroed the old rows' cells: no VACUUM, which waits for readers)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return changed


class UnreadableRow(ValueError):
    """A row's ``data`` is JSON, but not an object."""


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _or_null(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or check(value)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _object_of(fields: dict[str, Callable[[Any], bool]]) -> Callable[[Any], bool]:
    return lambda value: (
        isinstance(value, dict)
        and all(check(value[name]) for name, check in fields.items() if name in value)
    )


# What the lab's schema (src/jobs/api.ts: JobSchema, ProgressSchema, PipelineStepSchema) takes
# of each field it constrains, when the field is there: one row it rejects empties the Jobs list.
_STEP_FIELDS = _object_of(
    {"needs": _or_null(_texts), "job_id": _or_null(_text), "status": _or_null(_text)}
)


def _step(value: Any) -> bool:  # (a step needs its name)
    return _STEP_FIELDS(value) and isinstance(value.get("name"), str)


_PROGRESS = _object_of(
    {"cell": _or_null(_number), "cells": _or_null(_number)}
    | {name: _or_null(_text) for name in ("label", "output", "traceback")}
)
JOB_FIELDS: dict[str, Callable[[Any], bool]] = {
    "notebook": _text,
    "target": _text,
    "parameters": _or_null(lambda value: isinstance(value, dict)),
    "secret_parameters": _or_null(_texts),
    "non_finite_parameters": _or_null(_texts),
    "status": lambda value: isinstance(value, str) and value in _statuses(),
    "created": _or_null(lambda value: _text(value) or _number(value)),
    "started": _or_null(lambda value: _text(value) or _number(value)),
    "ended": _or_null(lambda value: _text(value) or _number(value)),
    "progress": _or_null(_PROGRESS),
    "warnings": _or_null(_texts),
    "steps": _or_null(lambda value: isinstance(value, list) and all(_step(v) for v in value)),
    **{
        name: _or_null(_text)
        for name in ("mlflow_run_id", "experiment", "error", "mlflow_run_url", "pipeline")
        + ("pipeline_id", "step")
    },
}


def _statuses() -> tuple[str, ...]:
    from .store import STATUSES

    return STATUSES


def row_object(data: str, job_id: Any) -> dict[str, Any]:
    """A row's ``data`` read: a job's JSON object, else ValueError (``UnreadableRow``): the
    row's own id (a row saying it is another job would be saved over that one, its MLflow run
    closed), and each field ``JOB_FIELDS`` names of the type the lab's schema takes (it rejects
    the whole list for one such job; the migration's redaction failed on some). A bare NaN or
    Infinity an older nbcraft wrote (a script's NaN parameter) is read as the string MLflow
    writes (``strict_json.loads``): served back, the browser's ``JSON.parse`` reads it, and the
    row is still redacted by the migration and its job closed by ``mark_lost``."""
    try:
        raw, non_finite = strict_json.loads_noting(data)
    except RecursionError:
        raise UnreadableRow("JSON nested too deep") from None
    if not isinstance(raw, dict):
        raise UnreadableRow(f"JSON {type(raw).__name__}, not an object")
    if raw.get("id") != job_id:
        raise UnreadableRow("its id is not the row's")
    if non_finite and isinstance(raw.get("parameters"), dict):
        # Which parameters were numbers the lab now sees as "NaN": Re-run would send the
        # string (kept on the job: the row is saved strict by the migration or mark_lost).
        held = strict_json.non_finite_names(json.loads(data)["parameters"])
        if held:
            before = raw.get("non_finite_parameters")
            raw["non_finite_parameters"] = sorted({*(before if _texts(before) else []), *held})
    for name, check in JOB_FIELDS.items():
        if name in raw and not check(raw[name]):
            raise UnreadableRow(f"its {name} is not what a job's {name} is")
    return raw


def unreadable_problem(error: Exception) -> str:
    """What failed to parse in a row, without its text: json's message is its place only
    (``Expecting value: line 1 column 9 (char 8)``); a missing field's is the field's name."""
    if isinstance(error, json.JSONDecodeError):
        return f"not JSON: {error.msg} (character {error.pos})"
    if isinstance(error, TypeError):  # Job(...) without a field it needs
        return f"not a job: {str(error).split('(', 1)[0]}{str(error).partition(')')[2]}"
    return str(error)


@contextlib.contextmanager
def _write_lock(db: sqlite3.Connection):
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _redact_row(raw: dict[str, Any], folder: Path) -> bool:
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
    _rewrite_output(folder / "output.ipynb", real, shown, secrets)
    with contextlib.suppress(OSError):  # a Databricks run's export: kept_output keeps it only
        (folder / "output.html").unlink()  # for a job without secret parameters
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
