"""Chart series read from the embedded store itself (store_series.py), against MLflow.

A real ``mlflow server`` started with the embedded server's own command line (SQLite store
under ``<root>/.nbcraft``), seeded with the real MLflow client; every direct answer is
compared with MLflow's own answer to the same request from that server. Then, through a
real Jupyter server: the embedded store answers directly, edge cases and errors stay
MLflow's, and a configured (non-embedded) server is always asked.
"""

from __future__ import annotations

import json
import math
import os
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient
from mlflow_http import mlflow_get

from nbcraft.tracking import store_series
from nbcraft.tracking.embedded import EmbeddedMlflowServer
from nbcraft.tracking.store_index import HISTORY_INDEX, ensure_metric_history_index
from nbcraft.tracking.store_series import (
    EmbeddedSeries,
    SeriesTooLarge,
    parse_bulk_interval_query,
    sample_positions,
)

BULK = "ajax-api/2.0/mlflow/metrics/get-history-bulk-interval"
SOURCE = "X-Nbcraft-Series-Source"


def log_many(client: MlflowClient, run_id: str, metrics: list[Metric]) -> None:
    for i in range(0, len(metrics), 1000):  # log_batch takes at most 1000 metrics
        client.log_batch(run_id, metrics=metrics[i : i + 1000])


def seed_runs(client: MlflowClient, experiment_id: str) -> dict[str, str]:
    """Runs of several shapes, logged with the real client; name -> run id."""
    runs: dict[str, str] = {}

    def run(name: str, metrics: list[Metric]) -> None:
        run_id = client.create_run(experiment_id, run_name=name).info.run_id
        log_many(client, run_id, metrics)
        runs[name] = run_id

    for size in (1, 2, 319, 320, 321, 10_000):
        run(f"steps-{size}", [Metric("loss", 1.0 / (s + 1), 1000 + s, s) for s in range(size)])
    # Several values per step (a step logged again later), out of order.
    run(
        "duplicate-steps",
        [
            Metric("loss", float(s % 7) + t, 5000 - s + t, s // 3)
            for s in range(900)
            for t in (0, 1)
        ],
    )
    # log_metric without a step: every value at step 0, told apart by time.
    run("step-zero", [Metric("loss", math.sin(s), 2000 + s, 0) for s in range(700)])
    nan_values = [float("nan"), 1.0, float("inf"), -float("inf"), 2.0]
    run(
        "nan",
        [Metric("loss", nan_values[s % 5], 3000 + s, s) for s in range(400)]
        + [Metric("loss", float("nan"), 9999, 399)],  # a NaN as the very last row
    )
    run("other-key-only", [Metric("acc", 0.5, 1000, 0)])
    return runs


def wait_health(uri: str, process: subprocess.Popen, log: Path) -> None:  # /health is open
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"mlflow server exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{uri}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"mlflow server did not answer /health:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def embedded_store(tmp_path_factory):
    """The embedded server's command on its own root, seeded; yields (uri, db path, runs)."""
    root = tmp_path_factory.mktemp("embedded-root")
    server = EmbeddedMlflowServer(root)
    server.state_dir.mkdir(parents=True)
    server.write_auth_config()  # its basic-auth app, as it starts it
    env = server.process_environment()
    with server.log_path.open("wb") as log:
        process = subprocess.Popen(
            server.command(),
            cwd=server.state_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        wait_health(server.uri, process, server.log_path)
        with pytest.MonkeyPatch.context() as patch:
            for name, value in embedded_credentials(server).items():
                patch.setenv(name, value)
            client = MlflowClient(tracking_uri=server.uri)
            experiment_id = client.create_experiment("direct-series")
            runs = seed_runs(client, experiment_id)
            deleted = client.create_run(experiment_id)
            log_many(client, deleted.info.run_id, [Metric("loss", 1.0, 1, s) for s in range(3)])
            client.delete_run(deleted.info.run_id)
            runs["deleted"] = deleted.info.run_id
        assert ensure_metric_history_index(server.db_path) == "created"
        yield server.uri, server.db_path, runs, embedded_credentials(server)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def embedded_credentials(server: EmbeddedMlflowServer) -> dict[str, str]:
    return {
        "MLFLOW_TRACKING_USERNAME": server.username,
        "MLFLOW_TRACKING_PASSWORD": server.password,
    }


@pytest.fixture(autouse=True)
def _signed_in(request, clean_tracking_environment, monkeypatch):
    """The MLflow client and mlflow_answer sign in to the store's server (basic auth)."""
    if "embedded_store" in request.fixturenames:
        for name, value in request.getfixturevalue("embedded_store")[3].items():
            monkeypatch.setenv(name, value)


def mlflow_answer(uri: str, query: str) -> tuple[int, dict]:
    return mlflow_get(f"{uri}/{BULK}?{query}")


def direct_answer(db: Path, query: str) -> dict | None:
    parsed = parse_bulk_interval_query(query)
    assert parsed is not None, query
    body = EmbeddedSeries(db).answer(parsed)
    return None if body is None else json.loads(body)


SHAPES = ["steps-1", "steps-2", "steps-319", "steps-320", "steps-321", "steps-10000"]
SHAPES += ["duplicate-steps", "step-zero", "nan"]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("max_results", [None, 1, 2, 320])
def test_direct_answer_is_mlflows(embedded_store, shape, max_results):
    uri, db, runs, _auth = embedded_store
    run_id = runs[shape]
    query = f"run_ids={run_id}&metric_key=loss"
    if max_results is not None:
        query += f"&max_results={max_results}"
    status, expected = mlflow_answer(uri, query)
    assert status == 200
    got = direct_answer(db, query)
    assert got is not None, "the embedded store should answer this itself"
    # The same points, in the same order, with NaN as MLflow writes it ("NaN").
    assert got == expected

    points = got["metrics"]
    limit = max_results or store_series.MAX_RESULTS_PER_RUN
    assert 1 <= len(points) <= limit
    logged = MlflowClient(tracking_uri=uri).get_metric_history(run_id, "loss")
    real = {(m.step, m.timestamp, "NaN" if math.isnan(m.value) else m.value) for m in logged}
    ordered = sorted(
        logged, key=lambda m: (m.step, m.timestamp, 0 if math.isnan(m.value) else m.value)
    )
    assert all((p["step"], p["timestamp"], p["value"]) in real for p in points)
    assert [p["step"] for p in points] == sorted(p["step"] for p in points)
    assert all(p["key"] == "loss" and p["run_id"] == run_id for p in points)
    last = ordered[-1]
    assert (points[-1]["step"], points[-1]["timestamp"]) == (last.step, last.timestamp)
    if limit > 1:
        first = ordered[0]
        assert (points[0]["step"], points[0]["timestamp"]) == (first.step, first.timestamp)
    assert len(points) == min(limit, len(logged))


def test_nan_and_infinity_as_mlflow(embedded_store):
    _uri, db, runs, _auth = embedded_store
    got = direct_answer(db, f"run_ids={runs['nan']}&metric_key=loss&max_results=2500")
    values = [p["value"] for p in got["metrics"]]
    assert values.count("NaN") == 81 and values[-1] == "NaN"  # 80 + the last row
    assert 1.7976931348623157e308 in values and -1.7976931348623157e308 in values


@pytest.mark.parametrize(
    ("shape", "start", "end"),
    [("steps-10000", 100, 7000), ("steps-10000", 9990, 20000), ("duplicate-steps", 5, 40),
     ("step-zero", 0, 0), ("step-zero", 1, 5), ("steps-321", -5, 0)],
)  # fmt: skip
def test_start_and_end_step(embedded_store, shape, start, end):
    uri, db, runs, _auth = embedded_store
    query = (
        f"run_ids={runs[shape]}&metric_key=loss&max_results=50&start_step={start}&end_step={end}"
    )
    status, expected = mlflow_answer(uri, query)
    got = direct_answer(db, query)
    assert status == 200 and got == expected
    assert all(start <= p["step"] <= end for p in got.get("metrics", []))


def test_several_runs_in_request_order_and_runs_without_the_metric(embedded_store):
    uri, db, runs, _auth = embedded_store
    ids = [runs["steps-321"], runs["other-key-only"], runs["nan"], runs["steps-2"]]
    query = "&".join(f"run_ids={i}" for i in ids) + "&metric_key=loss&max_results=30"
    status, expected = mlflow_answer(uri, query)
    got = direct_answer(db, query)
    assert status == 200 and got == expected
    assert [p["run_id"] for p in got["metrics"]][::30][:2] == [ids[0], ids[2]]
    # No run has the metric: MLflow's protobuf JSON is {} and so is ours.
    query = f"run_ids={runs['other-key-only']}&metric_key=loss"
    assert direct_answer(db, query) == mlflow_answer(uri, query)[1] == {}


def test_what_mlflow_must_answer_is_left_to_it(embedded_store, tmp_path):
    _uri, db, runs, _auth = embedded_store
    plain = f"run_ids={runs['steps-2']}&metric_key=loss"
    for query in (
        "metric_key=loss",
        f"run_ids={runs['steps-2']}",
        plain + "&max_results=0",
        plain + "&max_results=2501",
        plain + "&max_results=1e2",
        plain + "&max_results=5&max_results=6",
        plain + "&start_step=3",
        plain + "&start_step=5&end_step=1",
        plain + "&page_token=x",
        plain + "&run_ids=",
        "&".join([f"run_ids={runs['steps-2']}"] * 101) + "&metric_key=loss",
    ):
        assert parse_bulk_interval_query(query) is None, query
    assert parse_bulk_interval_query(plain + "&max_results=5") is not None
    # MLflow's limits are the ones we copy.
    from mlflow.server import handlers

    assert store_series.MAX_RESULTS_PER_RUN == handlers.MAX_RESULTS_PER_RUN
    assert store_series.MAX_RUN_IDS == handlers.MAX_RUNS_GET_METRIC_HISTORY_BULK

    # Unknown and deleted runs: MLflow decides what they mean.
    assert direct_answer(db, "run_ids=0123456789abcdef0123456789abcdef&metric_key=loss") is None
    assert direct_answer(db, f"run_ids={runs['deleted']}&metric_key=loss") is None
    assert direct_answer(db, f"{plain}&run_ids={runs['deleted']}") is None

    # A copy of the store without the index, or with another schema: not ours to sample.
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    assert direct_answer(copy, plain) is not None
    with sqlite3.connect(copy) as conn:
        conn.execute(f"DROP INDEX {HISTORY_INDEX}")
    assert direct_answer(copy, plain) is None
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE metrics (key TEXT, value REAL, run_uuid TEXT)")
    assert direct_answer(foreign, plain) is None
    nullable = tmp_path / "nullable.db"  # every column, but NULLs allowed
    with sqlite3.connect(nullable) as conn:
        conn.execute(
            "CREATE TABLE metrics (key TEXT, value REAL, timestamp INT, run_uuid TEXT, "
            "step INT NOT NULL, is_nan INT NOT NULL)"
        )
        conn.execute("CREATE TABLE runs (run_uuid TEXT, lifecycle_stage TEXT)")
        conn.execute(
            f"CREATE INDEX {HISTORY_INDEX} ON metrics (run_uuid, key, step, timestamp, value, is_nan)"
        )
        conn.execute("INSERT INTO runs VALUES (?, 'active')", (runs["steps-2"],))
        conn.execute("INSERT INTO metrics VALUES ('loss', 1.0, NULL, ?, 0, 0)", (runs["steps-2"],))
    assert direct_answer(nullable, plain) is None
    assert direct_answer(tmp_path / "absent.db", plain) is None


def test_direct_answer_stops_at_the_byte_cap(embedded_store):
    _uri, db, runs, _auth = embedded_store
    query = f"run_ids={runs['steps-10000']}&metric_key=loss&max_results=2500"
    parsed = parse_bulk_interval_query(query)
    full = EmbeddedSeries(db).answer(parsed)
    assert full is not None and len(full) > 100_000
    # the cap is exact: the answer's frame and separators are counted (it was 13 bytes over)
    assert EmbeddedSeries(db).answer(parsed, max_bytes=len(full)) == full
    with pytest.raises(SeriesTooLarge):
        EmbeddedSeries(db).answer(parsed, max_bytes=len(full) - 1)
    with pytest.raises(SeriesTooLarge):
        EmbeddedSeries(db).answer(parsed, max_bytes=100_000)


def test_sample_positions_are_ntiles_first_rows_and_the_last():
    assert sample_positions(0, 5) == []
    assert sample_positions(3, 5) == [0, 1, 2]
    assert sample_positions(5, 5) == [0, 1, 2, 3, 4]
    assert sample_positions(7, 1) == [6]
    assert sample_positions(7, 2) == [0, 6]
    # NTILE(3) of 7 rows: buckets of 3, 2, 2 starting at 0, 3, 5; the last row replaces 5.
    assert sample_positions(7, 3) == [0, 3, 6]
    assert sample_positions(10, 4) == [0, 3, 6, 9]


def test_read_only_and_mlflow_keeps_writing(embedded_store):
    uri, db, runs, _auth = embedded_store
    client = MlflowClient(tracking_uri=uri)
    run_id = client.create_run(client.get_run(runs["steps-2"]).info.experiment_id).info.run_id
    log_many(client, run_id, [Metric("loss", 1.0, 1, s) for s in range(10)])
    query = f"run_ids={run_id}&metric_key=loss&max_results=4"
    before = direct_answer(db, query)
    client.log_metric(run_id, "loss", 0.5, timestamp=2, step=10)
    after = direct_answer(db, query)
    assert before["metrics"][-1]["step"] == 9 and after["metrics"][-1]["step"] == 10
    assert after == mlflow_answer(uri, query)[1]
