"""Databricks OAuth M2M through the real databricks-sdk.

Databricks' own endpoints cannot run here, so a small http.server on loopback stands in for
the workspace: the host-metadata and OIDC discovery documents, the token endpoint, and the
MLflow API. Everything on nbcraft's side (the SDK's sign-in, the proxy, the hints) is real.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("databricks.sdk", reason="OAuth M2M needs databricks-sdk (nbcraft[databricks])")

ACCESS_TOKEN = "m2m-access-token-5d1e"
CLIENT_SECRET = "m2m-client-secret-never-shown"


class WorkspaceStandIn:
    def __init__(self) -> None:
        self.api_calls: list[dict] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, payload):
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if self.path.startswith("/.well-known/databricks-config"):
                    return self._send(200, {"oidc_endpoint": f"{base}/oidc", "workspace_id": "1"})
                if self.path.startswith("/oidc/.well-known/oauth-authorization-server"):
                    return self._send(
                        200,
                        {
                            "authorization_endpoint": f"{base}/oidc/v1/authorize",
                            "token_endpoint": f"{base}/oidc/v1/token",
                        },
                    )
                if self.path.startswith("/oidc/v1/token"):
                    if "client_credentials" not in body or CLIENT_SECRET not in _basic(self):
                        return self._send(401, {"error": "invalid_client"})
                    return self._send(
                        200,
                        {"access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600},
                    )
                if self.path.startswith("/api/2.0/mlflow/"):
                    stand_in.api_calls.append(
                        {"path": self.path, "auth": self.headers.get("Authorization")}
                    )
                    return self._send(200, {"experiments": [{"experiment_id": "7", "name": "dbx"}]})
                return self._send(404, {"error_code": "ENDPOINT_NOT_FOUND"})

            do_GET = do_POST = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _basic(handler) -> str:
    import base64

    value = handler.headers.get("Authorization", "")
    if not value.startswith("Basic "):
        return ""
    return base64.b64decode(value[6:]).decode(errors="replace")


@pytest.fixture
def workspace():
    stand_in = WorkspaceStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture
def tracking_config(request, workspace, monkeypatch):
    secret = getattr(request, "param", CLIENT_SECRET)
    monkeypatch.setenv("DATABRICKS_HOST", workspace.host)
    monkeypatch.setenv("DATABRICKS_CLIENT_ID", "service-principal")
    monkeypatch.setenv("DATABRICKS_CLIENT_SECRET", secret)
    return {"uri": "databricks"}


async def test_oauth_m2m_token_is_obtained_and_used(jp_fetch, workspace):
    response = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/experiments/search",
        method="POST",
        body=json.dumps({"max_results": 10}),
    )
    assert json.loads(response.body)["experiments"][0]["name"] == "dbx"
    assert workspace.api_calls[-1]["auth"] == f"Bearer {ACCESS_TOKEN}"
    status = json.loads((await jp_fetch("nbcraft/mlflow/status")).body)
    assert status["kind"] == "databricks" and status["state"] == "ready"
    assert status["version"] is None
    assert status["ui_url"] == f"{workspace.host}/ml/experiments"
    for answer in (response.body.decode(), json.dumps(status)):
        assert CLIENT_SECRET not in answer and ACCESS_TOKEN not in answer


@pytest.mark.parametrize("tracking_config", ["wrong-secret-also-hidden"], indirect=True)
async def test_refused_oauth_sign_in_names_the_variables(jp_fetch, workspace):
    response = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/experiments/search",
        method="POST",
        body="{}",
        raise_error=False,
    )
    assert response.code == 502
    problem = json.loads(response.body)
    assert problem["reason"] == "auth-failed"
    assert (
        "DATABRICKS_CLIENT_ID" in problem["hint"] and "DATABRICKS_CLIENT_SECRET" in problem["hint"]
    )
    assert "wrong-secret-also-hidden" not in response.body.decode()
    assert workspace.api_calls == []  # nothing reached the API without a token
