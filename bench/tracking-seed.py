"""Seed an MLflow tracking server with experiments, runs, metric histories and artifacts.

Used by the tracking UI tests (small: a few experiments, ~50 runs, a metric over 1,000 steps)
and by the tracking benchmark (large: 10,000 runs, one metric with 100,000 steps).

    python bench/tracking-seed.py --uri http://127.0.0.1:5000 [--runs 50] [--steps 1000]
        [--bulk-runs 0] [--bulk-steps 0] [--bulk-long-runs 1] [--prefix nbcraft-ui]
    python bench/tracking-seed.py --uri ... --runs 0 --notebook PATH --tag-runs RUN_ID...

``--tag-runs``: the given runs tagged as started from ``--notebook`` (the small seed's
``notebook_runs``), for a UI test whose notebook lives in Galata's per-test folder, known only
once the test starts (the runs are seeded once for the spec).

The small seed writes through the REST API with the real mlflow client (``log_batch``:
up to 1,000 metrics, 100 params and 100 tags per call). For the bulk seed, REST costs three
requests and three SQLite commits per run (measured here: ~0.27 s a run on a busy 2-core
machine, 45 minutes for 10,000 runs), so ``--db`` writes the runs straight into the tracking
server's SQLite store with mlflow's own SQLAlchemy models, in one transaction (seconds). The
experiment itself is still created through the server, so its artifact location is the
server's. Prints one JSON line with what it created.

nbcraft's embedded server requires its password: for a 127.0.0.1 URI without
MLFLOW_TRACKING_USERNAME/PASSWORD set, the script signs in with the embedded server's own
credentials (its 0600 auth config in the Jupyter runtime folder, which the same user reads).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mlflow.entities import Metric, Param, RunTag
from mlflow.tracking import MlflowClient

MODELS = ["tree", "forest", "linear", "boosting"]


NOTEBOOK_TAGS = ("nbcraft.notebook", "mlflow.source.name")


def seed_small(client: MlflowClient, prefix: str, runs: int, steps: int, notebook: str) -> dict:
    """Several experiments; runs with params/metrics/tags; one long metric; artifacts."""
    rng = random.Random(7)
    exp_main = _experiment(client, f"{prefix}-main")
    exp_other = _experiment(client, f"{prefix}-other")
    exp_empty = _experiment(client, f"{prefix}-empty")
    run_ids: list[str] = []
    base_ms = int(time.time() * 1000) - runs * 60_000
    for i in range(runs):
        exp = exp_main if i % 5 != 4 else exp_other
        model = MODELS[i % len(MODELS)]
        tags = {"mlflow.runName": f"run-{i:03d}", "team": "ds" if i % 2 else "ml"}
        if i % 3 == 0:
            # Runs "from this notebook": the path tag nbcraft's run-context provider writes.
            tags.update(dict.fromkeys(NOTEBOOK_TAGS, notebook))
        start = base_ms + i * 60_000
        run = client.create_run(exp, start_time=start, tags=tags, run_name=f"run-{i:03d}")
        rid = run.info.run_id
        lr = round(0.001 * (1 + i % 10), 4)
        params = [
            Param("model", model),
            Param("lr", str(lr)),
            Param("depth", str(2 + i % 6)),
            Param("seed", str(i)),
        ]
        metrics = [
            Metric("rmse", round(1.0 / (1 + i) + rng.random() * 0.01, 6), start, 0),
            Metric("accuracy", round(0.5 + (i % 50) / 100.0, 4), start, 0),
        ]
        client.log_batch(rid, metrics=metrics, params=params)
        run_ids.append(rid)
        client.set_terminated(
            rid, "FINISHED" if i % 7 else "FAILED", end_time=start + 1000 * (10 + i)
        )
    # One run with a long metric history (loss over `steps` steps) and artifacts.
    long_run = run_ids[0]
    _log_history(client, long_run, "loss", steps, base_ms, seed=1)
    _log_history(client, run_ids[3], "loss", steps, base_ms, seed=2)
    _log_history(client, run_ids[6], "loss", steps, base_ms, seed=3)
    _log_artifacts(client, long_run)
    return {
        "experiments": {"main": exp_main, "other": exp_other, "empty": exp_empty},
        "runs": len(run_ids),
        "long_run": long_run,
        "history_runs": [run_ids[0], run_ids[3], run_ids[6]],
        "notebook_runs": [r for k, r in enumerate(run_ids) if k % 3 == 0],
    }


def seed_bulk_sqlite(
    client: MlflowClient, db: str, prefix: str, runs: int, steps: int, long_runs: int = 1
) -> dict:
    """Many runs and one very long metric, inserted into the SQLite store in one transaction."""
    import uuid

    from mlflow.store.tracking.dbmodels import models as m
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    exp = _experiment(client, f"{prefix}-bulk")
    base_ms = int(time.time() * 1000) - runs * 1000
    t0 = time.perf_counter()
    engine = create_engine(f"sqlite:///{db}", connect_args={"timeout": 60})
    objects: list = []
    ids = []
    for i in range(runs):
        rid = uuid.uuid4().hex
        ids.append(rid)
        start = base_ms + i * 1000
        name = f"bulk-{i:05d}"
        objects.append(
            m.SqlRun(
                run_uuid=rid, name=name, source_type="LOCAL", source_name="bench", entry_point_name="",
                user_id="bench", status="FINISHED", start_time=start, end_time=start + 500,
                source_version="", lifecycle_stage="active",
                artifact_uri=f"mlflow-artifacts:/{exp}/{rid}/artifacts", experiment_id=int(exp),
            )
        )  # fmt: skip
        for key, value in (("rmse", 1.0 / (1 + i)), ("accuracy", (i % 1000) / 1000)):
            objects.append(
                m.SqlMetric(
                    key=key, value=value, timestamp=start, step=0, is_nan=False, run_uuid=rid
                )
            )
            objects.append(
                m.SqlLatestMetric(
                    key=key, value=value, timestamp=start, step=0, is_nan=False, run_uuid=rid
                )
            )
        for key, value in (
            ("model", MODELS[i % 4]),
            ("lr", str(0.001 * (1 + i % 10))),
            ("depth", str(i % 12)),
        ):
            objects.append(m.SqlParam(key=key, value=value, run_uuid=rid))
        objects.append(m.SqlTag(key="mlflow.runName", value=name, run_uuid=rid))
        objects.append(m.SqlTag(key="batch", value=str(i // 1000), run_uuid=rid))
    # The newest runs (first rows of the default sort, start_time DESC) log the long metric;
    # the benchmark charts each of them once, so each chart it calls cold is one no server
    # (and no cache) has sampled before.
    long_ids = ids[-max(1, long_runs) :]
    for n, rid in enumerate(long_ids):
        rng = random.Random(9 + n)
        last = None
        for s in range(steps):
            value = 2.0 * math.exp(-s / (steps / 5)) + 0.05 * rng.random()
            last = (value, base_ms + s * 10, s)
            objects.append(
                m.SqlMetric(
                    key="loss", value=value, timestamp=last[1], step=s, is_nan=False, run_uuid=rid
                )
            )
        if last:
            objects.append(
                m.SqlLatestMetric(
                    key="loss",
                    value=last[0],
                    timestamp=last[1],
                    step=last[2],
                    is_nan=False,
                    run_uuid=rid,
                )
            )
    with Session(engine) as session, session.begin():
        session.bulk_save_objects(objects)
    return {
        "experiment": exp,
        "runs": len(ids),
        "long_run": long_ids[-1],
        "long_runs": long_ids,
        "steps": steps,
        "insert_seconds": round(time.perf_counter() - t0, 1),
    }


def seed_bulk(client: MlflowClient, prefix: str, runs: int, steps: int, workers: int) -> dict:
    """Many runs (in parallel threads, one log_batch per run) and one very long metric."""
    exp = _experiment(client, f"{prefix}-bulk")
    base_ms = int(time.time() * 1000) - runs * 1000
    t0 = time.perf_counter()

    def one(i: int) -> str:
        start = base_ms + i * 1000
        run = client.create_run(exp, start_time=start, tags={"mlflow.runName": f"bulk-{i:05d}"})
        rid = run.info.run_id
        client.log_batch(
            rid,
            metrics=[
                Metric("rmse", 1.0 / (1 + i), start, 0),
                Metric("accuracy", (i % 1000) / 1000, start, 0),
            ],
            params=[
                Param("model", MODELS[i % 4]),
                Param("lr", str(0.001 * (1 + i % 10))),
                Param("depth", str(i % 12)),
            ],
            tags=[RunTag("batch", str(i // 1000))],
        )
        client.set_terminated(rid, "FINISHED", end_time=start + 500)
        return rid

    with ThreadPoolExecutor(max_workers=workers) as pool:
        ids = list(pool.map(one, range(runs)))
    runs_seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    long_run = ids[-1]  # the newest run: first row of the default sort (start_time DESC)
    if steps:
        _log_history(client, long_run, "loss", steps, base_ms, seed=9, workers=workers)
    return {
        "experiment": exp,
        "runs": len(ids),
        "long_run": long_run,
        "runs_seconds": round(runs_seconds, 1),
        "history_seconds": round(time.perf_counter() - t1, 1),
    }


def _experiment(client: MlflowClient, name: str) -> str:
    found = client.get_experiment_by_name(name)
    return found.experiment_id if found else client.create_experiment(name)


def _log_history(
    client: MlflowClient,
    run_id: str,
    key: str,
    steps: int,
    base_ms: int,
    seed: int,
    workers: int = 1,
) -> None:
    rng = random.Random(seed)
    values = [
        Metric(
            key,
            2.0 * math.exp(-s / (steps / 5)) + 0.05 * rng.random() + 0.01 * seed,
            base_ms + s * 100,
            s,
        )
        for s in range(steps)
    ]
    chunks = [values[k : k + 1000] for k in range(0, len(values), 1000)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda chunk: client.log_batch(run_id, metrics=chunk), chunks))


def _log_artifacts(client: MlflowClient, run_id: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "data"))
        os.makedirs(os.path.join(tmp, "plots"))
        with open(os.path.join(tmp, "notes.txt"), "w") as f:
            f.write("Trained on the sample data.\nSecond line.\n")
        with open(os.path.join(tmp, "config.json"), "w") as f:
            json.dump({"model": "tree", "depth": 3, "features": ["a", "b"]}, f)
        with open(os.path.join(tmp, "data", "predictions.csv"), "w") as f:
            f.write("id,y_true,y_pred\n")
            f.writelines(f"{k},{k % 2},{(k * 7) % 2}\n" for k in range(500))
        with open(os.path.join(tmp, "plots", "curve.png"), "wb") as f:
            f.write(_tiny_png())
        client.log_artifacts(run_id, tmp)
    # The tag MLflow 2's log_model writes: the sidebar offers "Insert model snippet" only for a
    # run that has a model (this one, as `runs:/<id>/model`), never for the others.
    history = [{"run_id": run_id, "artifact_path": "model", "flavors": {"python_function": {}}}]
    client.set_tag(run_id, "mlflow.log-model.history", json.dumps(history))


def _tiny_png() -> bytes:
    """A 16x16 PNG gradient written with zlib only (no imaging library needed)."""
    import struct
    import zlib

    width = height = 16
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            row += bytes((x * 16, y * 16, 160))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return (
            struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uri", required=True, help="tracking URI (http://127.0.0.1:PORT)")
    parser.add_argument("--prefix", default="nbcraft-ui")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--notebook", default="tracking-runs.ipynb")
    parser.add_argument("--bulk-runs", type=int, default=0)
    parser.add_argument("--bulk-steps", type=int, default=0)
    parser.add_argument(
        "--bulk-long-runs",
        type=int,
        default=1,
        help="how many of the newest runs log the long metric",
    )
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--tag-runs", nargs="*", default=[], help="runs to tag --notebook on")
    parser.add_argument(
        "--db", help="bulk seed straight into this SQLite store (the server's mlflow.db)"
    )
    args = parser.parse_args()
    if not os.environ.get("MLFLOW_TRACKING_USERNAME"):
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from nbcraft.tracking.embedded import embedded_credentials

        credentials = embedded_credentials(args.uri)
        if credentials is not None:
            os.environ["MLFLOW_TRACKING_USERNAME"], os.environ["MLFLOW_TRACKING_PASSWORD"] = (
                credentials
            )
    client = MlflowClient(tracking_uri=args.uri)
    out: dict = {}
    t0 = time.perf_counter()
    if args.runs:
        out["small"] = seed_small(client, args.prefix, args.runs, args.steps, args.notebook)
    for run_id in args.tag_runs:
        for tag in NOTEBOOK_TAGS:
            client.set_tag(run_id, tag, args.notebook)
    if args.bulk_runs and args.db:
        out["bulk"] = seed_bulk_sqlite(
            client, args.db, args.prefix, args.bulk_runs, args.bulk_steps, args.bulk_long_runs
        )
    elif args.bulk_runs:
        out["bulk"] = seed_bulk(client, args.prefix, args.bulk_runs, args.bulk_steps, args.workers)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
