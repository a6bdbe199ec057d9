"""Chart series read straight from the embedded store (``get-history-bulk-interval``).

MLflow 3's SQL store samples a metric history with ``NTILE(max_results)`` and then
``ROW_NUMBER() OVER (PARTITION BY bucket ...)``: it numbers every row, groups them into
buckets and sorts them again by bucket, then builds ORM objects and protobufs. On 100,000
steps that is ~250 ms of the chart's cold time even with nbcraft's covering index
(``store_index``). The sample itself is simple: NTILE's buckets have known sizes
(``n % m`` buckets of ``n // m + 1`` rows, then ``n // m`` rows each), MLflow keeps the first
row of each bucket, and the run's last row replaces the last sample. So the row *positions*
are known from the count alone, and this module reads exactly those rows, walking the
covering index once: each sample is a seek past the previous one plus an ``OFFSET`` of the
bucket's size (``(step, timestamp, value, is_nan) > (previous) ... LIMIT 1 OFFSET gap``),
which SQLite steps through inside the index without building rows. ~30 ms on 100,000 steps
(2-core machine), the same points as MLflow's.

Only for the embedded store (``<root>/.nbcraft/mlflow.db``, created by the ``mlflow server``
nbcraft starts), opened read-only. Whenever anything is not the plain case (a parameter
MLflow would check, an unknown or deleted run, another schema, a missing index, a locked
or broken file), :meth:`EmbeddedSeries.answer` returns ``None`` and the proxy forwards the
request to MLflow as before, so errors and edge cases stay MLflow's own.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from .store_index import HISTORY_INDEX, HISTORY_INDEX_COLUMNS

# mlflow.server.handlers: MAX_RUNS_GET_METRIC_HISTORY_BULK and MAX_RESULTS_PER_RUN (the
# tests check them against the installed MLflow, so a change there is noticed).
MAX_RUN_IDS = 100
MAX_RESULTS_PER_RUN = 2500

# Plain decimal integers only; anything else ("1e3", " 5", "5.0") is MLflow's to judge.
_INT = re.compile(r"^-?[0-9]{1,18}$")
_PARAMS = frozenset({"run_ids", "metric_key", "max_results", "start_step", "end_step"})

_ROW = "step, timestamp, value, is_nan"
_ORDER = "ORDER BY step, timestamp, value, is_nan"
_DESC = "ORDER BY step DESC, timestamp DESC, value DESC, is_nan DESC"


@dataclass(frozen=True)
class BulkIntervalQuery:
    run_ids: tuple[str, ...]
    metric_key: str
    max_results: int
    start_step: int | None
    end_step: int | None


def parse_bulk_interval_query(query: str) -> BulkIntervalQuery | None:
    """The request's parameters when they are plainly valid for MLflow, else None."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        return None
    run_ids: list[str] = []
    single: dict[str, str] = {}
    for name, value in pairs:
        if name not in _PARAMS:
            return None
        if name == "run_ids":
            run_ids.append(value)
        elif name in single:
            return None  # repeated: which one MLflow takes is its business
        else:
            single[name] = value
    if not run_ids or len(run_ids) > MAX_RUN_IDS or not all(run_ids):
        return None
    metric_key = single.get("metric_key", "")
    if not metric_key:
        return None
    numbers: dict[str, int] = {}
    for name in ("max_results", "start_step", "end_step"):
        if name in single:
            if not _INT.match(single[name]):
                return None
            numbers[name] = int(single[name])
    max_results = numbers.get("max_results", MAX_RESULTS_PER_RUN)
    if not 1 <= max_results <= MAX_RESULTS_PER_RUN:
        return None
    start, end = numbers.get("start_step"), numbers.get("end_step")
    if (start is None) != (end is None) or (start is not None and start > end):  # type: ignore[operator]
        return None
    return BulkIntervalQuery(tuple(run_ids), metric_key, max_results, start, end)


def sample_positions(count: int, max_results: int) -> list[int]:
    """Which rows (0-based, in step order) MLflow's sampling returns out of ``count``.

    NTILE(m) over n rows: the first ``n % m`` buckets hold ``n // m + 1`` rows, the rest
    ``n // m``; MLflow keeps each bucket's first row, then the last row replaces the last
    sample (or is added when there is room). With n <= m every row is its own bucket.
    """
    if count <= 0:
        return []
    if count <= max_results:
        return list(range(count))
    size, bigger = divmod(count, max_results)
    starts = [
        b * (size + 1) if b < bigger else bigger * (size + 1) + (b - bigger) * size
        for b in range(max_results - 1)
    ]
    return [*starts, count - 1]


class SeriesTooLarge(Exception):
    """The answer would pass the byte cap; the proxy answers 413 as for MLflow's answers."""


class EmbeddedSeries:
    """Answers ``get-history-bulk-interval`` from the embedded SQLite store, read-only."""

    def __init__(self, db_path: Path, busy_timeout: float = 2.0) -> None:
        self.db_path = Path(db_path)
        self.busy_timeout = busy_timeout
        self._schema_ok: bool | None = None  # checked once per store

    def answer(self, query: BulkIntervalQuery, max_bytes: int | None = None) -> bytes | None:
        """MLflow's JSON answer, or None when MLflow should answer (see the module doc).

        Raises ``SeriesTooLarge`` as soon as the answer passes ``max_bytes`` (the proxy's
        ``max_response_bytes``): up to 100 runs x 2,500 points is ~40 MB of JSON."""
        if self._schema_ok is False or not self.db_path.is_file():
            return None
        try:
            db = sqlite3.connect(
                f"{self.db_path.resolve().as_uri()}?mode=ro",
                uri=True,
                timeout=self.busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error:
            return None
        with contextlib.closing(db):
            try:
                if self._schema_ok is None:
                    self._schema_ok = _schema_is_mlflows(db)
                if not self._schema_ok or not _has_index(db):
                    return None
                # One read transaction: the count and the rows are from the same state, even
                # while MLflow logs more steps.
                db.execute("BEGIN")
                try:
                    if not _runs_are_active(db, query.run_ids):
                        return None
                    metrics: list[str] = []
                    # the answer's frame, '{"metrics": [' and ']}', and n - 1 separators ", "
                    size = len('{"metrics": [') + len("]}") - 2
                    for run_id in query.run_ids:
                        rows = _sample_run(db, run_id, query)
                        if rows is None:
                            return None
                        for row in rows:
                            metrics.append(_metric_json(query.metric_key, run_id, row))
                            size += len(metrics[-1]) + 2
                            if max_bytes is not None and size > max_bytes:
                                raise SeriesTooLarge(size)
                finally:
                    db.execute("COMMIT")
            except sqlite3.Error:
                return None
        if not metrics:
            return b"{}"  # what MLflow's protobuf JSON is for no metrics
        return ('{"metrics": [' + ", ".join(metrics) + "]}").encode()


def _schema_is_mlflows(db: sqlite3.Connection) -> bool:
    # name -> NOT NULL; MLflow's metrics columns are all NOT NULL (they form its primary key).
    # NULLs would break the row-value seeks below, so a schema that allows them is not ours.
    metrics = {row[1]: bool(row[3]) for row in db.execute("PRAGMA table_info(metrics)")}
    runs = {row[1] for row in db.execute("PRAGMA table_info(runs)")}
    not_null = all(metrics.get(c) for c in HISTORY_INDEX_COLUMNS)
    return not_null and {"run_uuid", "lifecycle_stage"} <= runs


def _has_index(db: sqlite3.Connection) -> bool:
    # Without it every sample would scan and sort: MLflow's own query is then no slower.
    columns = [row[2] for row in db.execute(f"PRAGMA index_info({HISTORY_INDEX})")]
    return tuple(columns) == HISTORY_INDEX_COLUMNS


def _runs_are_active(db: sqlite3.Connection, run_ids: tuple[str, ...]) -> bool:
    unique = sorted(set(run_ids))
    marks = ", ".join("?" * len(unique))
    active = db.execute(
        f"SELECT count(*) FROM runs WHERE lifecycle_stage = 'active' AND run_uuid IN ({marks})",
        unique,
    ).fetchone()[0]
    return bool(active == len(unique))


def _sample_run(
    db: sqlite3.Connection, run_id: str, query: BulkIntervalQuery
) -> list[tuple[int, int, float, int]] | None:
    where = "run_uuid = ? AND key = ?"
    base: tuple[object, ...] = (run_id, query.metric_key)
    # The seeks past a sampled row need no lower bound (that row is in range), and with one
    # SQLite would range-scan from start_step instead of seeking past the row.
    seek_where, seek_base = where, base
    if query.start_step is not None:
        where += " AND step >= ? AND step <= ?"
        base += (query.start_step, query.end_step)
        seek_where += " AND step <= ?"
        seek_base += (query.end_step,)
    total = db.execute(f"SELECT count(*) FROM metrics WHERE {where}", base).fetchone()[0]
    if total == 0:
        return []
    positions = sample_positions(total, query.max_results)
    if total <= query.max_results:
        rows = db.execute(f"SELECT {_ROW} FROM metrics WHERE {where} {_ORDER}", base).fetchall()
    else:
        rows = []
        previous = -1
        for position in positions[:-1]:
            if previous < 0:
                sql = f"SELECT {_ROW} FROM metrics WHERE {where} {_ORDER} LIMIT 1 OFFSET ?"
                args = (*base, position)
            else:
                sql = (
                    f"SELECT {_ROW} FROM metrics WHERE {seek_where} AND ({_ROW}) > (?, ?, ?, ?) "
                    f"{_ORDER} LIMIT 1 OFFSET ?"
                )
                args = (*seek_base, *rows[-1], position - previous - 1)
            row = db.execute(sql, args).fetchone()
            if row is None:
                return None
            rows.append(row)
            previous = position
        last = db.execute(f"SELECT {_ROW} FROM metrics WHERE {where} {_DESC} LIMIT 1", base)
        rows.append(last.fetchone())
    if len(rows) != len(positions) or any(r is None for r in rows):
        return None
    return rows


def _metric_json(key: str, run_id: str, row: tuple[int, int, float, int]) -> str:
    step, timestamp, value, is_nan = row
    # As MLflow's protobuf JSON: NaN (stored as 0 with is_nan) is the string "NaN"; +/-inf
    # were stored as +/-max double and come back as such.
    shown: object = "NaN" if is_nan else float(value)
    if isinstance(shown, float) and not math.isfinite(shown):
        shown = "Infinity" if shown > 0 else "-Infinity"
    return json.dumps(
        {
            "key": key,
            "value": shown,
            "timestamp": int(timestamp),
            "step": int(step),
            "run_id": run_id,
        }
    )
