"""What the user sees when the tracking server fails.

The 401/403/429/500, redirect, broken-JSON, slow and oversized answers come from the
``fault_injector`` (a small http.server on loopback): deliberate fault injectors, because a
real ``mlflow server`` does not produce these on demand. "Down" is a real closed port.
"""

from __future__ import annotations

import base64
import json
import socket

import pytest


def body_of(response):
    return json.loads(response.body)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def tracking_config(
    request,
    fault_injector,
    jp_environ,
    jp_home_dir,
    jp_root_dir,
    distinctive_credentials,
    monkeypatch,
    trust_project,
):
    """``NbcraftTracking`` settings from the test's parameter: (mode, extra settings)."""
    mode, extra = getattr(request, "param", ("ok", {}))
    if mode == "project-file":
        (jp_root_dir / "nbcraft.json").write_text(
            json.dumps({"tracking": {"uri": fault_injector.uri("ok")}})
        )
        trust_project(jp_root_dir)  # a project file sets the tracking server only when trusted
        return {**extra}
    if mode == "environment":
        monkeypatch.setenv("MLFLOW_TRACKING_URI", fault_injector.uri("ok"))
        return {**extra}
    if mode == "down":
        return {"uri": f"http://127.0.0.1:{closed_port()}", **extra}
    if mode == "databricks-401":
        # Databricks itself cannot run here: a ~/.databrickscfg profile points at the fault
        # injector, since which profile the 401 hint names is nbcraft's own logic.
        (jp_home_dir / ".databrickscfg").write_text(
            f"[dev]\nhost = {fault_injector.uri('s401')}\n"
            f"token = {distinctive_credentials['token']}\n"
        )
        return {"uri": "databricks://dev", **extra}
    if mode == "nothing":
        return {"embedded": False, **extra}
    if mode == "file-store":
        return {"uri": "file:///tmp/mlruns", **extra}
    # The user's own Jupyter config sends the environment's MLFLOW_TRACKING_* credentials to
    # this server (by default they go only to MLFLOW_TRACKING_URI's: see test_credentials).
    origin = f"http://127.0.0.1:{fault_injector.port}"
    return {"uri": fault_injector.uri(mode), "env_credentials_origins": [origin], **extra}


@pytest.fixture
def basic_credentials(monkeypatch, distinctive_credentials):
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", distinctive_credentials["user"])
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", distinctive_credentials["password"])
    pair = f"{distinctive_credentials['user']}:{distinctive_credentials['password']}"
    return [
        distinctive_credentials["user"],
        distinctive_credentials["password"],
        base64.b64encode(pair.encode()).decode(),
    ]


@pytest.fixture
def bearer_token(monkeypatch, distinctive_credentials):
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", distinctive_credentials["token"])
    return distinctive_credentials["token"]


async def get_runs(jp_fetch):
    return await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/runs/get", params={"run_id": "r1"}, raise_error=False
    )


def assert_no_secret(response, secrets):
    text = response.body.decode() + str(list(response.headers.get_all()))
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize("tracking_config", [("s401", {})], indirect=True)
async def test_401_says_which_variables_to_fix(basic_credentials, jp_fetch, fault_injector):
    response = await get_runs(jp_fetch)
    assert response.code == 401
    problem = body_of(response)
    assert problem["reason"] == "upstream-auth" and problem["upstream_status"] == 401
    assert (
        "MLFLOW_TRACKING_USERNAME" in problem["hint"]
        and "MLFLOW_TRACKING_PASSWORD" in problem["hint"]
    )
    assert fault_injector.uri("s401") in problem["message"]
    # The injector echoed the Authorization header into its message; nbcraft scrubbed it.
    assert "you sent Authorization" in problem["message"]
    assert_no_secret(response, basic_credentials)
    status = body_of(await jp_fetch("nbcraft/mlflow/status"))
    assert status["state"] == "unauthorized" and status["reachable"] is True
    assert "MLFLOW_TRACKING_PASSWORD" in status["hint"]
    assert_no_secret(await jp_fetch("nbcraft/mlflow/status"), basic_credentials)


@pytest.mark.parametrize("tracking_config", [("s403", {})], indirect=True)
async def test_403_with_a_token_names_the_token_variable(bearer_token, jp_fetch):
    response = await get_runs(jp_fetch)
    assert response.code == 403
    problem = body_of(response)
    assert problem["reason"] == "upstream-auth"
    assert "MLFLOW_TRACKING_TOKEN" in problem["hint"]
    assert_no_secret(response, [bearer_token])


@pytest.mark.parametrize("tracking_config", [("databricks-401", {})], indirect=True)
async def test_databricks_401_names_the_profile_and_file(
    jp_fetch, jp_home_dir, distinctive_credentials
):
    response = await get_runs(jp_fetch)
    assert response.code == 401
    problem = body_of(response)
    assert f"profile [dev] of {jp_home_dir / '.databrickscfg'}" in problem["hint"]
    assert "databricks://dev" in problem["message"]
    assert_no_secret(response, [distinctive_credentials["token"]])


@pytest.mark.parametrize("tracking_config", [("s429", {})], indirect=True)
async def test_429_passes_retry_after(jp_fetch):
    response = await get_runs(jp_fetch)
    assert response.code == 429
    assert response.headers["Retry-After"] == "7"
    problem = body_of(response)
    assert problem["reason"] == "rate-limited" and "Retry after 7 s" in problem["hint"]


@pytest.mark.parametrize("tracking_config", [("s500", {})], indirect=True)
async def test_500_is_a_502_with_the_servers_message_scrubbed(bearer_token, jp_fetch, caplog):
    response = await get_runs(jp_fetch)
    assert "you sent Authorization" in caplog.text  # logged...
    assert bearer_token not in caplog.text  # ...without the token
    assert response.code == 502
    problem = body_of(response)
    assert problem["reason"] == "upstream-error" and problem["upstream_status"] == 500
    assert problem["error_code"] == "FAULT" and "status 500" in problem["message"]
    assert_no_secret(response, [bearer_token])


@pytest.mark.parametrize("tracking_config", [("badjson", {})], indirect=True)
async def test_malformed_json_is_a_502(jp_fetch):
    response = await get_runs(jp_fetch)
    assert response.code == 502
    problem = body_of(response)
    assert problem["reason"] == "malformed-response"
    assert "not JSON" in problem["message"] and "login page" in problem["hint"]


@pytest.mark.parametrize("tracking_config", [("redirect", {})], indirect=True)
async def test_redirects_are_not_followed(jp_fetch, fault_injector):
    before = len(fault_injector.requests)
    response = await get_runs(jp_fetch)
    assert response.code == 502
    problem = body_of(response)
    assert problem["reason"] == "redirect-refused" and "evil.example" in problem["message"]
    assert "x=1" not in problem["message"]  # a redirect's query may carry a signed token
    assert len(fault_injector.requests) == before + 1  # nothing was sent to evil.example


@pytest.mark.parametrize("tracking_config", [("slow", {"request_timeout": 1.0})], indirect=True)
async def test_slow_server_times_out_with_504(jp_fetch):
    response = await get_runs(jp_fetch)
    assert response.code == 504
    problem = body_of(response)
    assert problem["reason"] == "timeout" and "request_timeout" in problem["hint"]


@pytest.mark.parametrize(
    "tracking_config", [("big", {"max_artifact_bytes": 1024 * 1024})], indirect=True
)
async def test_artifact_over_the_cap_is_413(jp_fetch):
    response = await jp_fetch(
        "nbcraft/mlflow/get-artifact", params={"path": "a.bin", "run_uuid": "r"}, raise_error=False
    )
    assert response.code == 413
    assert "max_artifact_bytes" in body_of(response)["message"]


async def test_forwarded_request_carries_server_credentials_only(
    bearer_token, jp_fetch, fault_injector, jp_auth_header
):
    fault_injector.requests.clear()
    response = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/experiments/search",
        method="POST",
        body=json.dumps({"max_results": 5}),
        headers={"Cookie": "session=browser-cookie", "X-XSRFToken": "browser-xsrf"},
    )
    assert body_of(response) == {"experiments": []}
    sent = fault_injector.requests[-1]
    assert sent["path"] == "/ok/api/2.0/mlflow/experiments/search"
    assert sent["headers"]["Authorization"] == f"Bearer {bearer_token}"
    assert json.loads(sent["body"]) == {"max_results": 5}
    jupyter_token = jp_auth_header["Authorization"].split(" ", 1)[1]
    forwarded = json.dumps(sent["headers"])
    for browser_secret in (jupyter_token, "browser-cookie", "browser-xsrf"):
        assert browser_secret not in forwarded


@pytest.mark.parametrize("tracking_config", [("down", {})], indirect=True)
async def test_unreachable_server_names_the_uri(jp_fetch, jp_server_config):
    uri = jp_server_config["NbcraftTracking"]["uri"]
    response = await get_runs(jp_fetch)
    assert response.code == 502
    problem = body_of(response)
    assert problem["reason"] == "unreachable"
    assert uri in problem["message"] and "c.NbcraftTracking.uri" in problem["message"]
    status = body_of(await jp_fetch("nbcraft/mlflow/status"))
    assert status["reachable"] is False and status["state"] == "unreachable"
    assert uri in status["message"]


@pytest.mark.parametrize("tracking_config", [("file-store", {})], indirect=True)
async def test_bad_configuration_is_reported_not_raised(jp_fetch):
    status = body_of(await jp_fetch("nbcraft/mlflow/status"))
    assert status["state"] == "error" and status["reachable"] is False
    assert "c.NbcraftTracking.uri" in status["message"] and "local store" in status["message"]
    response = await get_runs(jp_fetch)
    assert response.code == 503
    assert body_of(response)["reason"] == "config-error"


@pytest.mark.parametrize("tracking_config", [("nothing", {})], indirect=True)
async def test_nothing_configured_and_embedded_server_off(jp_fetch):
    status = body_of(await jp_fetch("nbcraft/mlflow/status"))
    assert status["state"] == "disabled" and status["kind"] is None
    response = await get_runs(jp_fetch)
    assert response.code == 503 and body_of(response)["reason"] == "not-configured"


@pytest.mark.parametrize("tracking_config", [("project-file", {})], indirect=True)
async def test_project_file_at_the_jupyter_root_is_used(jp_fetch, jp_root_dir, fault_injector):
    status = body_of(await jp_fetch("nbcraft/mlflow/status"))
    assert status["uri"] == fault_injector.uri("ok") and status["state"] == "ready"
    assert status["source"] == f"tracking.uri in {jp_root_dir / 'nbcraft.json'}"


@pytest.mark.parametrize("tracking_config", [("environment", {})], indirect=True)
async def test_mlflow_tracking_uri_is_used_when_nothing_else_is_set(jp_fetch, fault_injector):
    status = body_of(await jp_fetch("nbcraft/mlflow/status"))
    assert status["uri"] == fault_injector.uri("ok") and status["source"] == "MLFLOW_TRACKING_URI"
    assert status["kind"] == "mlflow" and status["reachable"] is True
    assert status["version"] is None  # the stand-in's /version answer is not a version
