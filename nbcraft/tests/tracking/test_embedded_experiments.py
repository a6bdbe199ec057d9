"""The experiments ``make lab`` names (the sample's) are created once the embedded server
answers, through MLflow's REST API with the server's own credentials, so the sample's
``mlflow.set_experiment`` finds its experiment and MLflow logs no INFO line on the notebook's
stderr. A stand-in for MLflow's create route: one experiment exists, one name fails."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from nbcraft.tracking.embedded import MAX_EXPERIMENT_NAME, EmbeddedMlflowServer


class CreateRoute:
    def __init__(self, password: str) -> None:
        self.names = {"Default"}
        self.calls: list[tuple[str, str]] = []
        route = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, code: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                name = json.loads(raw)["name"]
                auth = self.headers.get("Authorization", "")
                route.calls.append((self.path, name))
                if auth != "Basic " + base64.b64encode(f"nbcraft:{password}".encode()).decode():
                    return self._send(401, {"error_code": "UNAUTHENTICATED"})
                if self.path != "/api/2.0/mlflow/experiments/create":
                    return self._send(404, {"error_code": "ENDPOINT_NOT_FOUND"})
                if name == "broken":
                    return self._send(500, {"error_code": "INTERNAL_ERROR"})
                if name in route.names:
                    return self._send(
                        400,
                        {
                            "error_code": "RESOURCE_ALREADY_EXISTS",
                            "message": f"Experiment '{name}' already exists.",
                        },
                    )
                route.names.add(name)
                return self._send(200, {"experiment_id": str(len(route.names))})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_the_named_experiments_are_created_once_and_a_failure_is_logged(tmp_path, caplog):
    password = "p" * 43
    route = CreateRoute(password)
    try:
        server = EmbeddedMlflowServer(
            tmp_path,
            port=route.port,
            log=logging.getLogger("nbcraft.test"),
            experiments=("sample-diabetes", "Default", "broken"),
        )
        server.password = password
        with caplog.at_level(logging.INFO, logger="nbcraft.test"):
            created = asyncio.run(server.make_experiments())
            # a second start of the server: nothing more to create
            again = asyncio.run(server.make_experiments())
    finally:
        route.close()
    assert created == ["sample-diabetes"]
    assert again == []
    assert route.names == {"Default", "sample-diabetes"}
    assert [name for path, name in route.calls] == ["sample-diabetes", "Default", "broken"] * 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    # an existing experiment is no failure; the broken one is said, without the password
    assert warnings == ["nbcraft: could not create the experiment 'broken': HTTP 500"] * 2
    assert password not in caplog.text


def test_a_name_mlflow_would_refuse_is_refused_first_in_a_short_log_line(tmp_path, caplog):
    password = "p" * 43
    route = CreateRoute(password)
    longest = "y" * MAX_EXPERIMENT_NAME
    try:
        server = EmbeddedMlflowServer(
            tmp_path,
            port=route.port,
            log=logging.getLogger("nbcraft.test"),
            experiments=("", "  ", "x" * 5000, longest, "sample"),
        )
        server.password = password
        with caplog.at_level(logging.INFO, logger="nbcraft.test"):
            created = asyncio.run(server.make_experiments())
    finally:
        route.close()
    assert created == [longest, "sample"]
    assert [name for path, name in route.calls] == [longest, "sample"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "nbcraft: embedded_experiments: an empty experiment name is refused",
        "nbcraft: embedded_experiments: an empty experiment name is refused",
        (
            f"nbcraft: embedded_experiments: the experiment name {'x' * 40!r}… (5000 characters;"
            f" MLflow takes at most {MAX_EXPERIMENT_NAME}) is refused"
        ),
    ]


def test_no_experiments_are_asked_for_by_default(tmp_path):
    assert EmbeddedMlflowServer(tmp_path, port=1).experiments == ()
