"""The chart index nbcraft adds to its embedded SQLite store.

The store is created by MLflow's own SqlAlchemyStore (its real schema and migrations), and
the query checked is the one MLflow itself sends for get-history-bulk-interval, captured
from its engine: if a future MLflow changes that query so the index no longer serves it,
these tests fail and say so.
"""

from __future__ import annotations

import sqlite3
import time

import pytest
from mlflow.entities import Metric
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
from sqlalchemy import event

from nbcraft.tracking.store_index import HISTORY_INDEX, ensure_metric_history_index


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "mlflow.db"
    store = SqlAlchemyStore(f"sqlite:///{db}", str(tmp_path / "artifacts"))
    experiment = store.create_experiment("charts")
    runs = []
    for n in range(3):
        run = store.create_run(experiment, "tester", int(time.time() * 1000), [], f"r{n}")
        runs.append(run.info.run_id)
        # Every run logs "loss": the unindexed plan reads all three runs' rows.
        store.log_batch(
            run.info.run_id,
            metrics=[Metric("loss", 1.0 / (s + 1 + n), 1000 + s, s) for s in range(400)],
            params=[],
            tags=[],
        )
    yield db, store, runs
    store.engine.dispose()


def bulk_interval_sql(store, run_id):
    """MLflow's own SQL for a 320-point sample, and its answer."""
    statements = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        sample = store.get_metric_history_bulk_interval([run_id], "loss", 320, None, None)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    windowed = [s for s in statements if "ntile" in s[0].lower()]
    assert len(windowed) == 1, "MLflow no longer samples with NTILE; revisit store_index.py"
    return windowed[0], [(m.step, m.value) for m in sample]


def plan(db, statement, parameters):
    with sqlite3.connect(db) as conn:
        return " | ".join(
            row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        )


def test_mlflows_chart_query_uses_the_index_and_answers_the_same(store):
    db, mlflow_store, runs = store
    (statement, parameters), before = bulk_interval_sql(mlflow_store, runs[1])
    # MLflow's schema alone: no index leads with run_uuid and key in the window's order.
    assert HISTORY_INDEX not in plan(db, statement, parameters)

    assert ensure_metric_history_index(db) == "created"
    query_plan = plan(db, statement, parameters)
    assert f"COVERING INDEX {HISTORY_INDEX} (run_uuid=? AND key=?)" in query_plan, query_plan

    # Same sample, first and last step kept (an index changes the speed, never the answer).
    (_, _), after = bulk_interval_sql(mlflow_store, runs[1])
    assert after == before
    assert len(after) == 320 and after[0][0] == 0 and after[-1][0] == 399


def test_idempotent_and_writes_still_work(store):
    db, mlflow_store, runs = store
    assert ensure_metric_history_index(db) == "created"
    assert ensure_metric_history_index(db) == "present"
    # MLflow keeps logging to an indexed store (the index is maintained on insert).
    mlflow_store.log_metric(runs[0], Metric("loss", 0.01, 5000, 400))
    history = mlflow_store.get_metric_history(runs[0], "loss")
    assert len(history) == 401
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_foreign_or_missing_stores_are_left_alone(tmp_path):
    assert ensure_metric_history_index(tmp_path / "absent.db").startswith("skipped: no store")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    assert ensure_metric_history_index(other) == "skipped: the store has no metrics table"
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute("CREATE TABLE metrics (key TEXT, value REAL, run_uuid TEXT)")
    outcome = ensure_metric_history_index(old)
    assert outcome.startswith("skipped: the metrics table has no step")
    with sqlite3.connect(old) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")]
    assert HISTORY_INDEX not in names
