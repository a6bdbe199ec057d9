"""Shared pytest fixtures for the server extension's tests.

Keep this small and generic; capability-specific fixtures live in
nbcraft/tests/<capability>/conftest.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest_plugins = ["pytest_jupyter.jupyter_server"]


@pytest.fixture
def jp_server_config(jp_server_config):
    """nbcraft enabled. The embedded MLflow server is off unless a test turns it on (it takes
    seconds to start); tests that need tracking point ``NbcraftTracking.uri`` at
    ``mlflow_server`` or enable ``NbcraftTracking.embedded`` themselves."""
    config = {key: dict(value) for key, value in jp_server_config.items()}
    server = config.setdefault("ServerApp", {})
    server["jpserver_extensions"] = {**server.get("jpserver_extensions", {}), "nbcraft": True}
    config.setdefault("NbcraftTracking", {}).setdefault("embedded", False)
    return config


@pytest.fixture(autouse=True)
def _own_jupyter_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own Jupyter data folder: nbcraft's trust store and generated
    kernelspecs live there, and no test may read or change the user's real ones.
    (pytest-jupyter's ``jp_environ`` sets its own folder on top of this for server tests.)"""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path_factory.mktemp("jupyter-data")))


@pytest.fixture
def trust_project():
    """``trust_project(root)``: trust the project config at ``root`` as it is now, as
    ``jupyter nbcraft trust`` does; returns its hash. A test whose project file must act
    says so by calling it (untrusted, its tracking and compute keys are held back)."""

    def trust(root: Path) -> str:
        from nbcraft.project_config import read_project_config
        from nbcraft.trust.store import TrustStore

        config = read_project_config(Path(root))
        assert config.path is not None and config.sha256 is not None, f"no config at {root}"
        TrustStore().trust(config.path, config.sha256)
        return config.sha256

    return trust


def free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(
    url: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None
) -> None:
    """Poll ``url`` until it answers 200; fail with the log's tail if the process dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"process exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop_process_group(process: subprocess.Popen) -> None:
    """Stop a process started with ``start_new_session=True`` and all of its children."""
    for signum, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(process.pid, signal.SIGKILL)  # children that outlived their parent
    except ProcessLookupError:
        pass


class MlflowServerProcess:
    """A real ``mlflow server`` on 127.0.0.1 (SQLite store, served artifacts) in ``work``, on a
    port fixed up front, so a test can stop it and start it again at the same URI."""

    def __init__(self, work: Path, port: int | None = None) -> None:
        self.work = work
        self.port = port or free_loopback_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        self.log = work / "mlflow.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            sys.executable, "-m", "mlflow", "server",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
            "--backend-store-uri", f"sqlite:///{self.work / 'mlflow.db'}",
            "--serve-artifacts", "--artifacts-destination", str(self.work / "artifacts"),
        ]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        # No GenAI job runner: 8 fewer processes.
        env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] = "false"
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command,
                cwd=self.work,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        wait_for_http(f"{self.uri}/health", 180, self.process, self.log)

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process)
            self.process = None


def _need_mlflow() -> None:
    if shutil.which("mlflow", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("mlflow is not installed in this venv: pip install 'mlflow>=3,<4'")


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory) -> str:
    """A real ``mlflow server`` on 127.0.0.1 (SQLite store, served artifacts), one per session.

    Yields its URI (``http://127.0.0.1:<port>``).
    """
    _need_mlflow()
    server = MlflowServerProcess(tmp_path_factory.mktemp("mlflow-server"))
    try:
        server.start()
        yield server.uri
    finally:
        server.stop()


@pytest.fixture
def own_mlflow_server(tmp_path):
    """A real ``mlflow server`` of this test's own, which the test may stop and start again."""
    _need_mlflow()
    server = MlflowServerProcess(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()
