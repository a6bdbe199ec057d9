"""A Jupyter server restart, walked for real: a ``jupyter server`` process with nbcraft and
its embedded ``mlflow server``, stopped and started again on the same port and root, as a
user restarting ``jupyter lab`` with the lab open. The sidebar's side of it (Jupyter not
answering, then answering again) is src/tracking/controller.ts's; this checks what it gets.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nbcraft.tracking.embedded import embedded_credentials, free_loopback_port

TOKEN = "restart-walk-token-5d1c"


class JupyterProcess:
    def __init__(self, root: Path, home: Path) -> None:
        self.root, self.home = root, home
        self.port = free_loopback_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / "jupyter.log"
        self.process: subprocess.Popen | None = None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JUPYTER"))},
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false",
        }
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "jupyter_server_config.json").write_text(
            json.dumps(
                {
                    "ServerApp": {
                        "jpserver_extensions": {"nbcraft": True},
                        "ip": "127.0.0.1",
                        "port": self.port,
                        "port_retries": 0,
                        "open_browser": False,
                        "allow_root": True,
                        "root_dir": str(root),
                    },
                    "IdentityProvider": {"token": TOKEN},
                }
            )
        )

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyter_server"],
                cwd=self.root,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        """SIGTERM: jupyter_server shuts down cleanly, extensions included (SIGINT would ask)."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def get(self, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/{path}", data=data, headers={"Authorization": f"token {TOKEN}"}
        )
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def wait_ready(self, timeout: float = 240) -> list[str]:
        """Poll the status route as the sidebar does; return the states seen on the way."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(self.log.read_text(errors="replace")[-3000:])
            try:
                code, status = self.get("nbcraft/mlflow/status")
            except OSError:
                seen.append("no-answer")  # Jupyter not listening yet
            else:
                assert code == 200, status
                seen.append(status["state"])
                if status["state"] == "ready":
                    return seen
            time.sleep(0.5)
        raise TimeoutError(f"not ready after {timeout} s: {seen[-5:]}")


@pytest.fixture
def jupyter(tmp_path):
    if not (Path(sys.executable).parent / "mlflow").exists():
        pytest.skip("mlflow is not installed in this venv")
    root, home = tmp_path / "root", tmp_path / "home"
    root.mkdir()
    home.mkdir()
    server = JupyterProcess(root, home)
    yield server
    server.stop()


def runs_of(server: JupyterProcess, experiment_id: str) -> list[str]:
    code, reply = server.get(
        "nbcraft/mlflow/api/2.0/mlflow/runs/search", {"experiment_ids": [experiment_id]}
    )
    assert code == 200, reply
    return [run["info"]["run_id"] for run in reply.get("runs", [])]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_a_jupyter_restart_keeps_the_runs_and_leaks_no_password(jupyter, monkeypatch):
    from mlflow.tracking import MlflowClient

    jupyter.start()
    jupyter.wait_ready()
    status = jupyter.get("nbcraft/mlflow/status")[1]
    first_uri = status["uri"]
    runtime = jupyter.home / "runtime"
    user, first_password = embedded_credentials(first_uri, runtime)
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", user)
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", first_password)
    client = MlflowClient(tracking_uri=first_uri)
    experiment_id = client.create_experiment("before-restart")
    run_id = client.create_run(experiment_id, run_name="logged-before").info.run_id
    client.set_terminated(run_id)
    assert runs_of(jupyter, experiment_id) == [run_id]
    mlflow_pid = int((jupyter.root / ".nbcraft" / "mlflow-server.pid").read_text().split()[0])

    jupyter.stop()
    # The embedded server went with Jupyter, and took its password file with it.
    with pytest.raises(ProcessLookupError):
        for _ in range(50):
            os.kill(mlflow_pid, 0)
            time.sleep(0.2)
    assert embedded_credentials(first_uri, runtime) is None

    # What the open lab gets while Jupyter is away: no answer at all (the sidebar's status 0).
    with pytest.raises(OSError):
        jupyter.get("nbcraft/mlflow/status")

    jupyter.start()
    jupyter.wait_ready()
    status = jupyter.get("nbcraft/mlflow/status")[1]
    assert status["reachable"] is True
    # The runs logged before are there, read through the proxy with the new password.
    assert runs_of(jupyter, experiment_id) == [run_id]
    _, new_password = embedded_credentials(status["uri"], runtime)
    assert new_password != first_password
    # The old password is of no use any more (a stale one would be refused, not used).
    request = urllib.request.Request(
        f"{status['uri']}/api/2.0/mlflow/experiments/get?experiment_id={experiment_id}",
        headers={"Authorization": basic(user, first_password)},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401

    # Neither password is in anything Jupyter said, nor in its log.
    answers = json.dumps([status, jupyter.get("nbcraft/mlflow/status")[1]])
    log = jupyter.log.read_text(errors="replace")
    for secret in (first_password, new_password):
        assert secret not in answers
        assert secret not in log
