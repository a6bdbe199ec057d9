"""Chart series SQL on the embedded store: query plans and timings (prints numbers; not a test).

    .venv/bin/python bench/tracking-series-sql.py [--steps 100000] [--points 320] [--repeat 9]

Builds a store with MLflow's own SqlAlchemyStore (its schema, in a temporary folder), three
runs with --steps values of "loss" each, nbcraft's covering index, then prints for one run:
the EXPLAIN QUERY PLAN of nbcraft's direct reads (store_series.py) and of the ROW_NUMBER
alternative, and the median time of: nbcraft's direct answer (count + index seeks + JSON),
the ROW_NUMBER-filter alternative (one pass, every row numbered), and MLflow's own
``get_metric_history_bulk_interval`` store call (NTILE + ROW_NUMBER per bucket, ORM), and
whether nbcraft's points are MLflow's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

from nbcraft.tracking.store_index import ensure_metric_history_index
from nbcraft.tracking.store_series import (
    EmbeddedSeries,
    parse_bulk_interval_query,
    sample_positions,
)

SEEK = (
    "SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ? AND key = ? "
    "AND (step, timestamp, value, is_nan) > (?, ?, ?, ?) "
    "ORDER BY step, timestamp, value, is_nan LIMIT 1 OFFSET ?"
)
COUNT = "SELECT count(*) FROM metrics WHERE run_uuid = ? AND key = ?"
LAST = (
    "SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ? AND key = ? "
    "ORDER BY step DESC, timestamp DESC, value DESC, is_nan DESC LIMIT 1"
)
ROW_NUMBER = """
SELECT step, timestamp, value, is_nan FROM (
  SELECT step, timestamp, value, is_nan,
         ROW_NUMBER() OVER (ORDER BY step, timestamp, value, is_nan) - 1 AS k
  FROM metrics WHERE run_uuid = :run AND key = :key)
WHERE (k < :split AND k % (:size + 1) = 0 AND k <= :cut)
   OR (k >= :split AND (k - :split) % :size = 0 AND k <= :cut) OR k = :last
"""


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=320)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="nbcraft-series-sql-"))
    db = work / "mlflow.db"
    store = SqlAlchemyStore(f"sqlite:///{db}", str(work / "artifacts"))
    experiment = store.create_experiment("bench")
    runs = [store.create_run(experiment, "bench", 0, [], f"r{n}").info.run_id for n in range(3)]
    with sqlite3.connect(db) as conn:  # straight inserts: the client would take minutes
        for run_id in runs:
            conn.executemany(
                "INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) "
                "VALUES ('loss', ?, ?, ?, ?, 0)",
                ((1.0 / (s + 1), 1000 + s, run_id, s) for s in range(args.steps)),
            )
    print(f"store: {db} ({args.steps} steps x 3 runs), index {ensure_metric_history_index(db)}")
    run_id = runs[1]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def plan(sql: str, params) -> str:
        return " | ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))

    size, bigger = divmod(args.steps, args.points)
    window_params = {
        "run": run_id,
        "key": "loss",
        "split": bigger * (size + 1),
        "size": size,
        "cut": sample_positions(args.steps, args.points)[-2],
        "last": args.steps - 1,
    }
    print("EXPLAIN QUERY PLAN")
    print(f"  count         {plan(COUNT, (run_id, 'loss'))}")
    print(f"  seek + offset {plan(SEEK, (run_id, 'loss', 0, 0, 0.0, 0, 1))}")
    print(f"  last row      {plan(LAST, (run_id, 'loss'))}")
    print(f"  row_number    {plan(ROW_NUMBER, window_params)}")

    reader = EmbeddedSeries(db)
    query = parse_bulk_interval_query(f"run_ids={run_id}&metric_key=loss&max_results={args.points}")
    assert query is not None
    direct_ms, direct = timed(lambda: reader.answer(query), args.repeat)
    window_ms, window_rows = timed(
        lambda: conn.execute(ROW_NUMBER, window_params).fetchall(), args.repeat
    )
    mlflow_ms, sample = timed(
        lambda: store.get_metric_history_bulk_interval([run_id], "loss", args.points, None, None),
        args.repeat,
    )
    ours = [(m["step"], m["timestamp"], m["value"]) for m in json.loads(direct)["metrics"]]
    theirs = [(m.step, m.timestamp, m.value) for m in sample]
    print(f"median of {args.repeat}, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}:")
    print(
        f"  nbcraft direct answer (count + seeks + JSON)  {direct_ms:7.1f} ms  {len(ours)} points"
    )
    print(
        f"  ROW_NUMBER filter alternative (rows only)     {window_ms:7.1f} ms  {len(window_rows)} points"
    )
    print(
        f"  MLflow's store call (NTILE, ORM)               {mlflow_ms:7.1f} ms  {len(theirs)} points"
    )
    print(f"  same points as MLflow: {ours == theirs}")
    store.engine.dispose()
    conn.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
