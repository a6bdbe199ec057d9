"""A tracking server that stops and comes back: what the status route and the proxy say
meanwhile (the sidebar shows it: src/tracking/controller.ts). A real ``mlflow server`` the
test stops and starts again on the same port, a real Jupyter server in front."""

from __future__ import annotations

import json

import pytest

PASSWORD = "pw-outage-never-shown"


@pytest.fixture
def tracking_config(own_mlflow_server, monkeypatch):
    # Credentials for this server (plain mlflow ignores them): they must not show anywhere.
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "outage-user")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", PASSWORD)
    return {"uri": own_mlflow_server.uri, "connect_timeout": 2.0}


async def status_of(jp_fetch) -> dict:
    return json.loads((await jp_fetch("nbcraft", "mlflow", "status")).body)


async def test_status_and_proxy_follow_a_server_that_stops_and_returns(jp_fetch, own_mlflow_server):
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=own_mlflow_server.uri)
    experiment_id = client.create_experiment("outage")
    run_id = client.create_run(experiment_id, run_name="before-outage").info.run_id
    search = json.dumps({"experiment_ids": [experiment_id]})
    assert (await status_of(jp_fetch))["state"] == "ready"

    own_mlflow_server.stop()
    status = await status_of(jp_fetch)
    assert status["reachable"] is False and status["state"] == "unreachable"
    assert own_mlflow_server.uri in status["message"]  # the reason, naming the server
    assert "Check that the server is running" in status["hint"]
    proxied = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/runs/search", method="POST", body=search, raise_error=False
    )
    problem = json.loads(proxied.body)
    # What the sidebar switches on (src/core/retry.ts): 502 and the reason "unreachable".
    assert proxied.code == 502 and problem["reason"] == "unreachable"
    for text in (proxied.body.decode(), json.dumps(status)):
        assert PASSWORD not in text and "outage-user" not in text

    own_mlflow_server.start()
    status = await status_of(jp_fetch)
    assert status["reachable"] is True and status["state"] == "ready"
    runs = json.loads(
        (
            await jp_fetch("nbcraft/mlflow/api/2.0/mlflow/runs/search", method="POST", body=search)
        ).body
    )["runs"]
    assert [r["info"]["run_id"] for r in runs] == [run_id]
