"""The proxy answers chart series from the embedded store, and only from it.

A real Jupyter server with its real embedded ``mlflow server``, runs logged with the real
MLflow client. The direct answer equals MLflow's own, the series cache still works on top,
what MLflow must judge (unknown runs, bad parameters) is forwarded, and once the tracking
URI is configured to another server (here the session's ``mlflow server``), the store is
never read again.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qsl

import pytest
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient
from mlflow_http import mlflow_get
from tornado.httpclient import HTTPClientError

from nbcraft.tracking.series_cache import STAMP_HEADER
from nbcraft.tracking.store_series import EmbeddedSeries

BULK = "ajax-api/2.0/mlflow/metrics/get-history-bulk-interval"
PROXY = "nbcraft/mlflow/" + BULK
SOURCE = "X-Nbcraft-Series-Source"


@pytest.fixture
def tracking_config(request, seeded):
    if getattr(request, "param", None) == "configured":
        return {"uri": seeded["uri"]}
    return {"embedded": True, "health_interval": 0.5}  # nothing configured: the embedded one


@pytest.fixture
def direct_reads(monkeypatch):
    """Every call of EmbeddedSeries.answer, and what it returned."""
    calls: list[bytes | None] = []
    original = EmbeddedSeries.answer

    def spy(self, query, max_bytes=None):
        result = original(self, query, max_bytes)
        calls.append(result)
        return result

    monkeypatch.setattr(EmbeddedSeries, "answer", spy)
    return calls


def mlflow_answer(uri: str, query: str) -> tuple[int, dict]:
    return mlflow_get(f"{uri}/{BULK}?{query}")


async def proxied(jp_fetch, query: str, headers=None):
    try:
        params = dict(parse_qsl(query))  # one run id per request here
        response = await jp_fetch(PROXY, params=params, headers=headers or {})
    except HTTPClientError as error:
        response = error.response
    return response.code, json.loads(response.body), response.headers


async def wait_for(predicate, timeout: float, what: str):
    for _ in range(int(timeout / 0.2)):
        if predicate():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


async def test_embedded_store_answers_and_other_servers_never_do(
    jp_fetch, jp_serverapp, jp_root_dir, seeded, direct_reads, trust_project
):
    service = jp_serverapp.web_app.settings["nbcraft_tracking"]
    embedded = service.embedded
    assert await embedded.wait_ready(300), embedded.message
    await wait_for(lambda: embedded.index_outcome != "", 60, "the chart index")
    uri = embedded.uri
    client = MlflowClient(tracking_uri=uri)
    run_id = client.create_run(client.create_experiment("proxy-direct")).info.run_id
    metrics = [Metric("loss", 1.0 / (s + 1), 1000 + s, s) for s in range(1000)]
    for i in range(0, 1000, 500):
        client.log_batch(run_id, metrics=metrics[i : i + 500])
    client.log_metric(run_id, "loss", float("nan"), timestamp=5000, step=1000)

    # Answered from the store: MLflow's own answer, and the header says where it came from.
    query = f"run_ids={run_id}&metric_key=loss&max_results=320"
    code, body, headers = await proxied(jp_fetch, query)
    assert code == 200 and headers[SOURCE] == "embedded-sqlite"
    assert (200, body) == mlflow_answer(uri, query)
    assert len(body["metrics"]) == 320 and body["metrics"][-1]["value"] == "NaN"
    assert len(direct_reads) == 1 and direct_reads[0] is not None

    # The series cache works on top: same stamp, no second read of the store.
    stamp = {STAMP_HEADER: f"{run_id}:RUNNING:1000:5000"}
    code, first, headers = await proxied(jp_fetch, query + "&start_step=0&end_step=999", stamp)
    assert headers[SOURCE] == "embedded-sqlite" and headers["X-Nbcraft-Cache"] == "miss"
    code, again, headers = await proxied(jp_fetch, query + "&start_step=0&end_step=999", stamp)
    assert headers[SOURCE] == "cache" and headers["X-Nbcraft-Cache"] == "hit"
    assert again == first and first["metrics"][-1]["step"] == 999
    assert len(direct_reads) == 2

    # Past the proxy's byte cap the direct answer is a 413, as MLflow's answers are.
    cap = service.settings.max_response_bytes
    service.settings.max_response_bytes = 1000
    try:
        code, body, headers = await proxied(jp_fetch, query)
    finally:
        service.settings.max_response_bytes = cap
    assert code == 413 and body["reason"] == "too-large"
    assert "c.NbcraftTracking.max_response_bytes" in body["message"]

    # Unknown run: MLflow's answer, whatever it is.
    unknown = "run_ids=0123456789abcdef0123456789abcdef&metric_key=loss"
    code, body, headers = await proxied(jp_fetch, unknown)
    assert headers[SOURCE] == "mlflow" and (code, body) == mlflow_answer(uri, unknown)
    assert direct_reads[-1] is None

    # Bad parameters: MLflow's error, with its message.
    for bad in ("&max_results=0", "&start_step=3", "&start_step=9&end_step=2"):
        status, expected = mlflow_answer(uri, query.replace("&max_results=320", "") + bad)
        assert status == 400
        code, body, headers = await proxied(jp_fetch, query.replace("&max_results=320", "") + bad)
        assert code == 400 and body["reason"] == "upstream-rejected"
        assert body["message"] == expected["message"]
    reads = len(direct_reads)

    # Configured elsewhere (nbcraft.json): the store is never read, MLflow answers.
    (jp_root_dir / "nbcraft.json").write_text(json.dumps({"tracking": {"uri": seeded["uri"]}}))
    trust_project(jp_root_dir)  # a project file sets the tracking server only when trusted
    other = f"run_ids={seeded['run_ids'][0]}&metric_key=rmse&max_results=3"
    code, body, headers = await proxied(jp_fetch, other)
    assert service.server.kind == "mlflow" and service.embedded is None
    assert code == 200 and headers[SOURCE] == "mlflow"
    assert body == mlflow_answer(seeded["uri"], other)[1] and len(body["metrics"]) == 3
    assert len(direct_reads) == reads


@pytest.mark.parametrize("tracking_config", ["configured"], indirect=True)
async def test_a_configured_server_is_always_forwarded(
    jp_fetch, jp_serverapp, seeded, direct_reads
):
    service = jp_serverapp.web_app.settings["nbcraft_tracking"]
    assert service.server.kind == "mlflow" and service.embedded is None
    query = f"run_ids={seeded['run_ids'][1]}&metric_key=rmse"
    code, body, headers = await proxied(jp_fetch, query)
    assert code == 200 and headers[SOURCE] == "mlflow"
    assert body == mlflow_answer(seeded["uri"], query)[1]
    assert direct_reads == []
