"""Fixtures for the tracking tests: a seeded real MLflow server, and fault injectors.

The fault injectors are deliberate: a real ``mlflow server`` does not answer 401, 429, 500,
a redirect or broken JSON on demand, so a small ``http.server`` on loopback plays those parts.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Distinctive credentials: tests assert they never appear in anything Jupyter answers.
BASIC_USER = "nbcraft-user-7f3a"
BASIC_PASSWORD = "pw-Zq81-never-shown"
TOKEN = "tok-94c1e0b7-never-shown"

TRACKING_VARS = (
    "MLFLOW_TRACKING_URI",
    "MLFLOW_TRACKING_USERNAME",
    "MLFLOW_TRACKING_PASSWORD",
    "MLFLOW_TRACKING_TOKEN",
    "MLFLOW_TRACKING_INSECURE_TLS",
    "MLFLOW_TRACKING_SERVER_CERT_PATH",
    "MLFLOW_EXPERIMENT_NAME",
    "MLFLOW_EXPERIMENT_ID",
    "DATABRICKS_HOST",
    "DATABRICKS_TOKEN",
    "DATABRICKS_CONFIG_PROFILE",
    "DATABRICKS_CONFIG_FILE",
    "NBCRAFT_JUPYTER_ROOT",
    "JPY_SESSION_NAME",
    "NBCRAFT_COMPUTE_TARGET",
)


@pytest.fixture
def distinctive_credentials():
    return {"user": BASIC_USER, "password": BASIC_PASSWORD, "token": TOKEN}


@pytest.fixture(autouse=True)
def clean_tracking_environment(monkeypatch):
    """Each test starts without tracking variables, and whatever the extension exports into
    this process's environment is undone afterwards."""
    for name in TRACKING_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def tracking_config(jp_server_config):
    """Tests set ``NbcraftTracking`` options by overriding this fixture or parametrizing it."""
    return {}


@pytest.fixture
def jp_server_config(jp_server_config, tracking_config):
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["NbcraftTracking"] = {**config.get("NbcraftTracking", {}), **tracking_config}
    return config


@pytest.fixture(scope="session")
def seeded(mlflow_server, tmp_path_factory):
    """Seed the session's real MLflow server with the real client: one experiment, three
    runs with params, metric histories and tags, a text artifact and a 2 MB artifact."""
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=mlflow_server)
    experiment_id = client.create_experiment("nbcraft-seed")
    files = tmp_path_factory.mktemp("artifacts")
    (files / "notes.txt").write_text("hello from nbcraft\n")
    (files / "big.bin").write_bytes(b"\0" * (2 * 1024 * 1024))
    run_ids = []
    for index, model in enumerate(("tree", "forest", "linear")):
        run = client.create_run(experiment_id, run_name=f"run-{model}")
        client.log_param(run.info.run_id, "model", model)
        for step in range(5):
            client.log_metric(run.info.run_id, "rmse", 1.0 / (step + 1 + index), step=step)
        client.set_tag(run.info.run_id, "team", "nbcraft")
        run_ids.append(run.info.run_id)
    client.log_artifact(run_ids[0], str(files / "notes.txt"), artifact_path="docs")
    client.log_artifact(run_ids[0], str(files / "big.bin"))
    for run_id in run_ids:
        client.set_terminated(run_id)
    return {
        "uri": mlflow_server,
        "experiment_id": experiment_id,
        "run_ids": run_ids,
        "artifact_uri": client.get_run(run_ids[0]).info.artifact_uri,
    }


class FaultInjector:
    """Answers by the first path segment: /s401, /s403, /s429, /s500, /badjson, /redirect,
    /slow, /big, /hold, /ok. It echoes the Authorization header it received in its error
    messages, as a careless server might, so tests can prove nbcraft scrubs it. Records every
    request. /hold sets ``arrived`` and answers only once the test sets ``release``, so a
    request in flight is a state a test waits for, not a moment it sleeps until."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.arrived = threading.Event()
        self.release = threading.Event()
        injector = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def _answer(self, code, body, content_type="application/json", headers=()):
                data = body if isinstance(body, bytes) else body.encode()
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                injector.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers.items()),
                        "body": self.rfile.read(length) if length else b"",
                    }
                )
                mode = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
                echoed = self.headers.get("Authorization", "")
                if mode.startswith("s") and mode[1:].isdigit():
                    code = int(mode[1:])
                    message = f"status {code}; you sent Authorization: {echoed}"
                    headers = [("Retry-After", "7")] if code == 429 else []
                    self._answer(
                        code,
                        json.dumps({"error_code": "FAULT", "message": message}),
                        headers=headers,
                    )
                elif mode == "badjson":
                    self._answer(200, "<html><body>Please log in</body></html>", "text/html")
                elif mode == "redirect":
                    self._answer(302, "", headers=[("Location", "http://evil.example/steal?x=1")])
                elif mode == "slow":
                    time.sleep(3)
                    self._answer(200, "{}")
                elif mode == "hold":
                    injector.arrived.set()
                    injector.release.wait(120)
                    self._answer(200, json.dumps({"run": {"info": {"run_id": "r1"}}}))
                elif mode == "big":
                    self._answer(200, b"x" * (3 * 1024 * 1024), "application/octet-stream")
                else:
                    self._answer(200, json.dumps({"experiments": []}))

            do_GET = do_POST = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def uri(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def fault_injector():
    injector = FaultInjector()
    yield injector
    injector.close()


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


@pytest.fixture
def start_notebook_kernel(jp_fetch, jp_serverapp, jp_root_dir):
    """Start a kernel the way JupyterLab does for an open notebook (POST /api/sessions), so it
    gets the Jupyter server's environment plus JPY_SESSION_NAME. Returns ``run(code) -> stdout``
    for that kernel."""
    clients = []

    async def start(notebook_path: str):
        folder = jp_root_dir / Path(notebook_path).parent
        folder.mkdir(parents=True, exist_ok=True)
        (jp_root_dir / notebook_path).write_text(
            json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
        )
        session = json.loads(
            (
                await jp_fetch(
                    "api",
                    "sessions",
                    method="POST",
                    body=json.dumps(
                        {
                            "path": notebook_path,
                            "name": Path(notebook_path).name,
                            "type": "notebook",
                            "kernel": {"name": "python3"},
                        }
                    ),
                )
            ).body
        )
        manager = jp_serverapp.kernel_manager.get_kernel(session["kernel"]["id"])
        client = manager.client()
        client.start_channels()
        clients.append(client)
        await client.wait_for_ready(timeout=180)

        async def run(code: str) -> str:
            out: list[str] = []

            def hook(message):
                if message["msg_type"] == "stream":
                    out.append(message["content"]["text"])
                elif message["msg_type"] == "error":
                    out.append("\n".join(message["content"]["traceback"]))

            reply = await client.execute_interactive(code, output_hook=hook, timeout=180)
            text = "".join(out)
            assert reply["content"]["status"] == "ok", text
            return text

        return run

    yield start
    for client in clients:
        client.stop_channels()


@pytest.fixture
def run_context_entry_point():
    """MLflow finds the provider only through the installed package's entry point."""
    from importlib.metadata import entry_points

    if not entry_points(group="mlflow.run_context_provider", name="nbcraft"):
        pytest.skip("nbcraft's mlflow.run_context_provider entry point needs `pip install -e .`")
