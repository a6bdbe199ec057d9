"""A run that logged ``float('nan')`` and ``float('inf')``, read through the proxy from the
session's real ``mlflow server``. MLflow answers most of its API with protobuf's JSON (NaN as
the string ``"NaN"``; it stores an infinity as the largest double), but ``get-history-bulk`` (ajax-api only) is
Flask's ``jsonify``: a bare ``NaN``, which the browser's ``JSON.parse`` rejects. The proxy now
passes that answer on as MLflow's other answers write it; every answer the lab reads is
strict JSON with the same values."""

from __future__ import annotations

import json
import math
import sys

import pytest

MAX = sys.float_info.max  # how MLflow's SQL store keeps an infinity


@pytest.fixture
def tracking_config(mlflow_server):
    return {"uri": mlflow_server}


@pytest.fixture(scope="module")
def nan_run(mlflow_server):
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=mlflow_server)
    run_id = client.create_run("0", run_name="nan-and-inf").info.run_id
    for step, value in enumerate([1.0, math.nan, math.inf, -math.inf, math.nan]):
        client.log_metric(run_id, "loss", value, step=step)
    client.set_terminated(run_id)
    return run_id


def strict(body: bytes):
    def refuse(word):
        raise ValueError(f"{word} in the answer: JSON.parse rejects it")

    return json.loads(body, parse_constant=refuse)


EXPECTED = [1.0, "NaN", MAX, -MAX, "NaN"]


@pytest.mark.parametrize(
    "path, run_ids",
    [
        ("ajax-api/2.0/mlflow/metrics/get-history-bulk", "run_id"),
        ("api/2.0/mlflow/metrics/get-history", "run_id"),
        ("ajax-api/2.0/mlflow/metrics/get-history-bulk-interval", "run_ids"),
    ],
)
async def test_a_nan_metric_history_is_strict_json(jp_fetch, nan_run, path, run_ids):
    response = await jp_fetch(
        "nbcraft", "mlflow", *path.split("/"), params={run_ids: nan_run, "metric_key": "loss"}
    )
    metrics = sorted(strict(response.body)["metrics"], key=lambda m: m["step"])
    assert [m["value"] for m in metrics] == EXPECTED
    assert response.headers["Content-Type"].startswith("application/json")


async def test_a_run_whose_latest_value_is_nan_is_strict_json(jp_fetch, nan_run):
    response = await jp_fetch(
        "nbcraft", "mlflow", "api", "2.0", "mlflow", "runs", "get", params={"run_id": nan_run}
    )
    (metric,) = strict(response.body)["run"]["data"]["metrics"]
    assert metric["key"] == "loss" and metric["value"] == "NaN" and metric["step"] == 4


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a": NaN, "b": ' + b"[" * 100_000])
def test_json_nested_too_deeply_is_a_malformed_response(body):
    """A hostile server's nesting raised RecursionError out of the proxy (a 500 with a trace)."""
    from nbcraft.tracking.resolve import TrackingServer
    from nbcraft.tracking.upstream import Problem, UpstreamAnswer, check_json

    server = TrackingServer("mlflow", "http://127.0.0.1:9", "http://127.0.0.1:9", "test", None,
                            None)  # fmt: skip
    with pytest.raises(Problem) as raised:
        check_json(server, UpstreamAnswer(200, body, "application/json"), "api/2.0/mlflow/x")
    assert raised.value.status == 502 and raised.value.reason == "malformed-response"
    assert "nested too deeply" in raised.value.message


@pytest.mark.parametrize(
    "body, passed_on",
    [
        (  # only the bare words change: numbers, spacing, escapes and strings stay as written
            b'{"v": [1.0, NaN, 1e5, -Infinity],\n "s": "NaN \\" Infinity", "u": "\xc3\xa9\\u00e9"}',
            b'{"v": [1.0, "NaN", 1e5, "-Infinity"],\n "s": "NaN \\" Infinity", "u": "\xc3\xa9\\u00e9"}',
        ),
        ('[NaN, "\u00e9"]'.encode("utf-16"), '["NaN", "\u00e9"]'.encode()),  # (json reads UTF-16)
    ],
)
def test_a_bare_nan_answer_keeps_every_other_byte(body, passed_on):
    """It was read into Python and encoded again (twice, with a walk between): a 64 MB answer
    took 40 s of the event loop instead of 4.5 (bench/tracking-nan-rewrite.py prints it)."""
    from nbcraft.tracking.resolve import TrackingServer
    from nbcraft.tracking.upstream import UpstreamAnswer, check_json

    server = TrackingServer("mlflow", "http://127.0.0.1:9", "http://127.0.0.1:9", "test", None,
                            None)  # fmt: skip
    answer = UpstreamAnswer(200, body, "application/json")
    check_json(server, answer, "ajax-api/2.0/mlflow/metrics/get-history-bulk")
    assert answer.body == passed_on
    strict(answer.body)


async def test_the_rewritten_answer_is_held_to_max_response_bytes(
    jp_fetch, jp_serverapp, mlflow_server, nan_run
):
    """The rewrite adds two bytes per bare word, after the byte cap was checked on what MLflow
    sent: an answer of bare NaNs under the cap reached the browser up to 5/3 of it. It is the
    413 any answer over the cap gets; one that fits exactly is passed on."""
    from urllib.parse import urlencode

    from tornado.httpclient import AsyncHTTPClient, HTTPClientError

    path = ["ajax-api", "2.0", "mlflow", "metrics", "get-history-bulk"]
    params = {"run_id": nan_run, "metric_key": "loss"}
    sent = (await jp_fetch("nbcraft", "mlflow", *path, params=params)).body
    url = f"{mlflow_server}/{'/'.join(path)}?{urlencode(params)}"
    mlflows = (await AsyncHTTPClient().fetch(url)).body  # what MLflow itself sends: bare NaN
    assert mlflows.count(b"NaN") == 2 and len(sent) == len(mlflows) + 4
    settings = jp_serverapp.web_app.settings["nbcraft_tracking"].settings
    cap = settings.max_response_bytes
    try:
        settings.max_response_bytes = len(sent)  # what reaches the browser fits exactly
        assert (await jp_fetch("nbcraft", "mlflow", *path, params=params)).body == sent
        settings.max_response_bytes = len(mlflows) + 3  # MLflow's answer fits, the rewrite not
        with pytest.raises(HTTPClientError) as refused:
            await jp_fetch("nbcraft", "mlflow", *path, params=params)
    finally:
        settings.max_response_bytes = cap
    problem = json.loads(refused.value.response.body)
    assert refused.value.code == 413 and problem["reason"] == "too-large"
    assert "c.NbcraftTracking.max_response_bytes" in problem["message"]
