"""The proxy and status routes against a real ``mlflow server`` (SQLite, 127.0.0.1), seeded
with the real MLflow client."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import mlflow
import pytest
from tornado.httpclient import AsyncHTTPClient


@pytest.fixture
def tracking_config(seeded):
    return {"uri": seeded["uri"]}


def body_of(response):
    return json.loads(response.body)


async def test_status_reports_the_configured_server(jp_fetch, seeded):
    status = body_of(await jp_fetch("nbcraft", "mlflow", "status"))
    assert status["kind"] == "mlflow"
    assert status["uri"] == seeded["uri"]
    assert status["source"] == "c.NbcraftTracking.uri (Jupyter config)"
    assert status["reachable"] is True
    assert status["state"] == "ready"
    assert status["version"] == mlflow.__version__
    assert status["ui_url"] == seeded["uri"] + "/"
    assert "{run_id}" in status["ui_run_url_template"]


async def test_search_runs_with_filter_and_order(jp_fetch, seeded):
    query = {
        "experiment_ids": [seeded["experiment_id"]],
        "filter": "params.model != 'linear'",
        "order_by": ["metrics.rmse ASC"],
        "max_results": 10,
    }
    response = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/runs/search", method="POST", body=json.dumps(query)
    )
    assert response.headers["Content-Type"].startswith("application/json")
    runs = body_of(response)["runs"]
    assert [r["data"]["params"][0]["value"] for r in runs] == ["forest", "tree"]


async def test_invalid_filter_is_an_inline_error_with_mlflows_message(jp_fetch, seeded):
    query = {"experiment_ids": [seeded["experiment_id"]], "filter": "metrics.rmse <<< 1"}
    response = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/runs/search",
        method="POST",
        body=json.dumps(query),
        raise_error=False,
    )
    assert response.code == 400
    problem = body_of(response)
    assert problem["error"] is True and problem["reason"] == "upstream-rejected"
    assert problem["error_code"] == "INVALID_PARAMETER_VALUE"
    assert "Invalid comparator '<<<'" in problem["message"]  # MLflow's own words, for the UI


async def test_read_endpoints_pass_through(jp_fetch, seeded):
    run_id = seeded["run_ids"][0]
    run = body_of(
        await jp_fetch("nbcraft/mlflow/api/2.0/mlflow/runs/get", params={"run_id": run_id})
    )
    assert run["run"]["info"]["run_id"] == run_id
    history = body_of(
        await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/metrics/get-history",
            params={"run_id": run_id, "metric_key": "rmse"},
        )
    )
    assert [m["step"] for m in history["metrics"]] == [0, 1, 2, 3, 4]
    bulk = body_of(
        await jp_fetch(
            "nbcraft/mlflow/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval",
            params={"run_ids": run_id, "metric_key": "rmse", "max_results": 320},
        )
    )
    assert len(bulk["metrics"]) == 5
    listing = body_of(
        await jp_fetch("nbcraft/mlflow/api/2.0/mlflow/artifacts/list", params={"run_id": run_id})
    )
    assert {f["path"] for f in listing["files"]} == {"docs", "big.bin"}
    by_name = body_of(
        await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/experiments/get-by-name",
            params={"experiment_name": "nbcraft-seed"},
        )
    )
    assert by_name["experiment"]["experiment_id"] == seeded["experiment_id"]


async def test_artifact_download_is_served_as_inert_content(jp_fetch, seeded):
    # mlflow-artifacts:/<exp>/<run>/artifacts -> api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts
    location = seeded["artifact_uri"].split("mlflow-artifacts:/", 1)[1].lstrip("/")
    response = await jp_fetch(
        f"nbcraft/mlflow/api/2.0/mlflow-artifacts/artifacts/{location}/docs/notes.txt"
    )
    assert response.body == b"hello from nbcraft\n"
    assert response.headers["Content-Disposition"] == "attachment"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    ui_download = await jp_fetch(
        "nbcraft/mlflow/get-artifact",
        params={"path": "docs/notes.txt", "run_uuid": seeded["run_ids"][0]},
    )
    assert ui_download.body == b"hello from nbcraft\n"


@pytest.mark.parametrize("tracking_config", [None], indirect=True)
async def test_artifact_over_the_size_cap_is_413(jp_fetch, seeded, request):
    response = await jp_fetch(
        "nbcraft/mlflow/get-artifact",
        params={"path": "big.bin", "run_uuid": seeded["run_ids"][0]},
        raise_error=False,
    )
    assert response.code == 413
    problem = body_of(response)
    assert problem["reason"] == "too-large"
    assert "1 MB" in problem["message"] and "max_artifact_bytes" in problem["message"]


@pytest.fixture
def tracking_config(seeded, request):  # noqa: F811 - the size-cap test narrows the cap
    config = {"uri": seeded["uri"]}
    if getattr(request, "param", "absent") is None:
        config["max_artifact_bytes"] = 1024 * 1024
    return config


# --- authentication and XSRF ------------------------------------------------------------------


async def test_routes_refuse_requests_without_credentials(jp_fetch, jp_http_port, jp_base_url):
    client = AsyncHTTPClient()
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}nbcraft/mlflow/"
    for method, path, body in [
        ("GET", "status", None),
        ("GET", "api/2.0/mlflow/experiments/get-by-name?experiment_name=nbcraft-seed", None),
        ("POST", "api/2.0/mlflow/runs/search", "{}"),
    ]:
        response = await client.fetch(base + path, method=method, body=body, raise_error=False)
        assert response.code == 403, (method, path)
        assert b"nbcraft-seed" not in response.body


async def _cookie_login(port: int, base_url: str, token: str) -> tuple[str, str]:
    """Log in through Jupyter's login form, as a browser does: (cookie header, xsrf token)."""
    client = AsyncHTTPClient()
    login = f"http://127.0.0.1:{port}{base_url}login"
    page = await client.fetch(login, follow_redirects=False, raise_error=False)
    cookies = dict(c.split(";", 1)[0].split("=", 1) for c in page.headers.get_list("Set-Cookie"))
    xsrf = cookies["_xsrf"]
    answer = await client.fetch(
        login,
        method="POST",
        body=urlencode({"_xsrf": xsrf, "password": token}),
        headers={"Cookie": f"_xsrf={xsrf}"},
        follow_redirects=False,
        raise_error=False,
    )
    assert answer.code == 302, answer.body
    for cookie in answer.headers.get_list("Set-Cookie"):
        name, value = cookie.split(";", 1)[0].split("=", 1)
        cookies[name] = value
    return "; ".join(f"{k}={v}" for k, v in cookies.items()), xsrf


async def test_post_needs_the_xsrf_token_when_logged_in_by_cookie(
    jp_fetch, jp_serverapp, jp_http_port, jp_base_url, seeded
):
    cookie, xsrf = await _cookie_login(
        jp_http_port, jp_base_url, jp_serverapp.identity_provider.token
    )
    url = f"http://127.0.0.1:{jp_http_port}{jp_base_url}nbcraft/mlflow/api/2.0/mlflow/runs/search"
    body = json.dumps({"experiment_ids": [seeded["experiment_id"]]})
    client = AsyncHTTPClient()
    # The cookie alone is a logged-in user: GET works...
    status = await client.fetch(
        url.replace("api/2.0/mlflow/runs/search", "status"), headers={"Cookie": cookie}
    )
    assert status.code == 200
    # ...but a POST without the XSRF token is what a forged cross-site form would send.
    forged = await client.fetch(
        url, method="POST", body=body, headers={"Cookie": cookie}, raise_error=False
    )
    assert forged.code == 403
    genuine = await client.fetch(
        url, method="POST", body=body, headers={"Cookie": cookie, "X-XSRFToken": xsrf}
    )
    assert len(json.loads(genuine.body)["runs"]) == 3


async def test_post_body_must_be_a_json_object(jp_fetch):
    for body in ("not json", "[1, 2]"):
        response = await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/runs/search", method="POST", body=body, raise_error=False
        )
        assert response.code == 400 and body_of(response)["reason"] == "bad-request"


# --- allow-list over HTTP ---------------------------------------------------------------------

EVIL_URLS = [
    "http://evil.example/x",
    "http:%2F%2Fevil.example%2Fx",
    "%2F%2Fevil.example/api/2.0/mlflow/runs/get",
    "api/2.0/mlflow/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "api/2.0/mlflow/%252e%252e/x",
    "api/2.0/mlflow/runs%2fget?run_id=a",
    "api/2.0/mlflow/runs%5cget?run_id=a",
    "api/2.0/mlflow/runs/get%40evil.example?run_id=a",
    "api/2.0/mlflow/runs/get%0d%0aX-Injected:%201?run_id=a",
    "api/2.0/mlflow/runs/get?run_id=a%0d%0aHost:%20evil",
    "get-artifact?path=..%2F..%2Fmlflow.db&run_uuid=a",
    "api/2.0/mlflow-artifacts/artifacts/%2e%2e/%2e%2e/mlflow.db",
    "health",
    "version",
    "static-files/index.html",
    "api/2.0/mlflow/users/get?username=admin",
    "api/2.0/mlflow/secrets/list",
]


async def test_refused_paths_are_403(jp_fetch, jp_http_port, jp_base_url, jp_auth_header):
    client = AsyncHTTPClient()
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}nbcraft/mlflow/"
    for evil in EVIL_URLS:
        response = await client.fetch(base + evil, headers=jp_auth_header, raise_error=False)
        # Tornado itself answers 400 for some malformed targets before any handler runs.
        assert response.code in (403, 400), evil
        if response.code == 403:
            assert body_of(response)["reason"] == "not-allowed", evil
    # Writes are refused as well.
    for write in ("api/2.0/mlflow/runs/create", "api/2.0/mlflow/experiments/delete"):
        response = await client.fetch(
            base + write, method="POST", body="{}", headers=jp_auth_header, raise_error=False
        )
        assert response.code == 403, write


@pytest.fixture
def basic_credentials(monkeypatch, distinctive_credentials):
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", distinctive_credentials["user"])
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", distinctive_credentials["password"])
    return distinctive_credentials


async def test_credentials_never_appear_in_answers(basic_credentials, jp_fetch, seeded):
    """Basic-auth credentials are configured (the open test server ignores them); nothing
    Jupyter answers may contain them, in bodies or headers, on success or failure."""
    import base64

    user, password = basic_credentials["user"], basic_credentials["password"]
    secrets = [user, password, base64.b64encode(f"{user}:{password}".encode()).decode()]
    run_id = seeded["run_ids"][0]
    answers = [
        await jp_fetch("nbcraft/mlflow/status"),
        await jp_fetch("nbcraft/mlflow/api/2.0/mlflow/runs/get", params={"run_id": run_id}),
        await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/runs/get",
            params={"run_id": "missing"},
            raise_error=False,
        ),
        await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/runs/search",
            method="POST",
            body=json.dumps({"experiment_ids": [seeded["experiment_id"]], "filter": "bad filter"}),
            raise_error=False,
        ),
        await jp_fetch("nbcraft/mlflow/api/2.0/mlflow/users/get", raise_error=False),
    ]
    assert [a.code for a in answers] == [200, 200, 404, 400, 403]
    for answer in answers:
        text = answer.body.decode() + "\n".join(f"{k}: {v}" for k, v in answer.headers.get_all())
        for secret in secrets:
            assert secret not in text
    status = body_of(answers[0])
    assert status["reachable"] is True and status["uri"] == seeded["uri"]
