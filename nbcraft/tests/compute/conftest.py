"""Fixtures for the compute-target tests: real engines on loopback.

- ``spark_connect``: a Spark Connect server from the venv's pip ``pyspark`` (Java 17+),
  module-scoped because it takes 20-40 s to start;
- ``mlflow_server`` (nbcraft/tests/conftest.py): a real ``mlflow server`` with SQLite;
- ``enterprise_gateway``: Jupyter Enterprise Gateway from ``.venv-eg`` (it pins an older
  jupyter_server than ours), made by scripts/setup.d/30-compute.sh;
- ``run_code``: executes code in a kernel through the Jupyter server's websocket, as the
  browser does.
Each one skips with what to install when its engine is missing.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EG_VENV = REPO / ".venv-eg"
PORT_RANGE = range(18700, 18800)  # this layer's loopback ports (see .team/COMMON.md)


def free_port() -> int:
    """A free loopback port from this layer's range (random start, so parallel runs and a
    port left in TIME_WAIT do not collide)."""
    ports = list(PORT_RANGE)
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18700-18799")


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"process exited with {proc.returncode}; log:\n"
                + log.read_text(errors="replace")[-3000:]
            )
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError(
        f"port {port} not open after {timeout} s; log:\n" + log.read_text(errors="replace")[-3000:]
    )


def stop(proc: subprocess.Popen, grace: float = 5) -> None:
    """Stop a server we started (its whole process group: spark-submit forks a JVM, mlflow
    forks uvicorn workers)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


# --------------------------------------------------------------------------- Spark


class SparkServer:
    def __init__(self, proc: subprocess.Popen, port: int, log: Path):
        self.proc, self.port, self.log = proc, port, log
        self.url = f"sc://127.0.0.1:{port}"

    def kill(self) -> None:
        stop(self.proc)


@pytest.fixture(scope="module")
def spark_connect(tmp_path_factory, request):
    from nbcraft.compute.checks import java_status

    major, message = java_status()
    if major is None or major < 17:
        pytest.skip(f"Spark Connect needs Java 17+ ({message})")
    try:
        import grpc  # noqa: F401
        import pyspark
        import zstandard  # noqa: F401
    except ImportError as err:
        pytest.skip(
            f"the Spark Connect client is missing ({err}): pip install 'pyspark[connect]>=4,<5'"
        )
    spark_home = Path(pyspark.__file__).parent
    work = tmp_path_factory.mktemp("spark")
    port = free_port()
    log = work / "spark-connect.log"
    cmd = [
        str(spark_home / "bin" / "spark-submit"),
        "--class",
        "org.apache.spark.sql.connect.service.SparkConnectServer",
        "--master",
        "local[1]",
        "--conf",
        f"spark.connect.grpc.binding.port={port}",
        "--conf",
        "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf",
        "spark.driver.host=127.0.0.1",
        "--conf",
        "spark.driver.bindAddress=127.0.0.1",
        "--conf",
        "spark.ui.enabled=false",
        "--conf",
        f"spark.sql.warehouse.dir={work / 'warehouse'}",
        # The tests move a few rows: one shuffle partition instead of 200 tasks per stage.
        "--conf",
        "spark.sql.shuffle.partitions=1",
        # A short-lived test JVM on 2 shared cores: the C1 JIT only and the serial GC start
        # faster and burn less CPU than C2 and G1's background threads.
        "--driver-java-options",
        f"-Dderby.system.home={work} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    ]
    env = {
        **os.environ,
        "SPARK_HOME": str(spark_home),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "PYSPARK_PYTHON": sys.executable,
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        # A module that also needs the tracking server says so (ALSO_START = ["mlflow_server"]):
        # it starts while the JVM boots, as both take tens of seconds.
        for name in getattr(request.module, "ALSO_START", ()):
            request.getfixturevalue(name)
        wait_for_port(port, proc, 240, log)  # ~25 s on an idle machine
        yield SparkServer(proc, port, log)
    finally:
        stop(proc)


# MLflow: the session-scoped ``mlflow_server`` fixture of nbcraft/tests/conftest.py (a real
# ``mlflow server`` with SQLite on loopback) is used as is.


def _wait_http(url: str, timeout: float, token: str | None = None) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    headers = {"Authorization": f"token {token}"} if token else {}
    while True:
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.3)


# --------------------------------------------------------------------------- Enterprise Gateway


class Gateway:
    def __init__(self, proc: subprocess.Popen, url: str, kernel: str, log: Path):
        self.proc, self.url, self.kernel, self.log = proc, url, kernel, log


@pytest.fixture(scope="module")
def enterprise_gateway(tmp_path_factory):
    yield from _enterprise_gateway(tmp_path_factory, "127.0.0.1")


@pytest.fixture(scope="module")
def network_enterprise_gateway(tmp_path_factory):
    """The same gateway, listening on every address and reached at this host's network
    address (``own_remote_address``): it stands in for a gateway on another host."""
    address = own_remote_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    yield from _enterprise_gateway(tmp_path_factory, "0.0.0.0", address)


def _enterprise_gateway(
    tmp_path_factory, ip: str, host: str = "127.0.0.1", token: str | None = None, label: str = ""
):
    """``token``: the gateway's ``auth_token`` (it refuses requests without it); ``label``:
    set as ``NBCRAFT_TEST_GATEWAY`` in its kernels' environment (which gateway ran a kernel),
    and the client's ``NBCRAFT_TEST_PROBE`` is kept when the client sends it."""
    eg = EG_VENV / "bin" / "jupyter-enterprisegateway"
    if not eg.exists() or not (EG_VENV / "bin" / "python").exists():
        pytest.skip(
            f"Jupyter Enterprise Gateway is not installed in {EG_VENV}: "
            "run scripts/setup.d/30-compute.sh"
        )
    work = tmp_path_factory.mktemp("eg")
    kernel = "eg-python"  # differs from every local kernel name: kernels-mixer prefers local
    spec_dir = work / "share" / "jupyter" / "kernels" / kernel
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    str(EG_VENV / "bin" / "python"),
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "Python (gateway)",
                "language": "python",
                **({"env": {"NBCRAFT_TEST_GATEWAY": label}} if label else {}),
            }
        )
    )
    port = free_port()
    log = work / "eg.log"
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("JUPYTER", "MLFLOW", "PYTHONPATH"))
        },
        "JUPYTER_PATH": str(work / "share" / "jupyter"),
        "JUPYTER_DATA_DIR": str(work / "data"),
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTER_CONFIG_DIR": str(work / "config"),
        # The gateway keeps only the client variables listed here (plus KERNEL_*).
        "EG_CLIENT_ENVS": "MLFLOW_TRACKING_URI,MLFLOW_EXPERIMENT_NAME"
        + (",NBCRAFT_TEST_PROBE,NBCRAFT_TEST_PROBE_KEY" if label else ""),
    }
    cmd = [
        str(eg),
        f"--ip={ip}",
        f"--port={port}",
        f"--EnterpriseGatewayApp.allowed_kernels=['{kernel}']",
        # Lets the Jupyter server (and the test) list running kernels; off by default.
        "--EnterpriseGatewayApp.list_kernels=True",
    ]
    if token:
        env["EG_AUTH_TOKEN"] = token  # EnterpriseGatewayApp.auth_token, not on the command line
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_for_port(port, proc, 60, log)
        url = f"http://{host}:{port}"
        _wait_http(f"{url}/api/kernelspecs", 30, token)
        yield Gateway(proc, url, kernel, log)
    finally:
        stop(proc)


# --------------------------------------------------------------------------- kernels


class KernelRun:
    """What one execute_request produced."""

    def __init__(self):
        self.status = None
        self.stdout = ""
        self.stderr = ""
        self.results: list[str] = []
        self.error: tuple[str, str] | None = None

    def __repr__(self) -> str:
        return (
            f"KernelRun(status={self.status!r}, results={self.results!r}, "
            f"error={self.error!r}, stdout={self.stdout[-500:]!r}, "
            f"stderr={self.stderr[-1500:]!r})"
        )


@pytest.fixture
def run_code(jp_ws_fetch):
    """``await run_code(kernel_id, code, timeout)``: execute through the server's kernel
    websocket (the browser's path) and collect outputs."""

    async def run(kernel_id: str, code: str, timeout: float = 120) -> KernelRun:
        ws = await jp_ws_fetch("api", "kernels", kernel_id, "channels")
        msg_id = uuid.uuid4().hex
        ws.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "session": uuid.uuid4().hex,
                        "username": "test",
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        run = KernelRun()
        got_reply = got_idle = False
        deadline = time.monotonic() + timeout
        try:
            while not (got_reply and got_idle):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no reply within {timeout} s: {run!r}")
                raw = await asyncio.wait_for(ws.read_message(), remaining)
                if raw is None:
                    raise ConnectionError(f"kernel websocket closed: {run!r}")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    if content["name"] == "stdout":
                        run.stdout += content["text"]
                    else:
                        run.stderr += content["text"]
                elif kind in ("execute_result", "display_data"):
                    run.results.append(content["data"].get("text/plain", ""))
                elif kind == "error":
                    run.error = (content["ename"], content["evalue"])
                elif kind == "execute_reply":
                    run.status = content["status"]
                    got_reply = True
                elif kind == "status" and content["execution_state"] == "idle":
                    got_idle = True
        finally:
            ws.close()
        return run

    return run


# --------------------------------------------------------------------------- a recording gateway


def own_remote_address() -> str | None:
    """This machine's address on its network (not loopback): a gateway URL with it is, for
    nbcraft, a gateway on another machine, while the listener is still the test's own."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("203.0.113.1", 9))  # no packet is sent: this only picks a route
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


class RecordingGateway:
    """The kernel API of a gateway, enough for jupyter_server's GatewayKernelManager to list
    kernelspecs, start, look up and stop a kernel; it runs no kernel and records each start
    request's JSON body (what a gateway receives: the ``env`` the client sent)."""

    kernel = "remote-python"

    def __init__(self, port: int, remote_host: str | None):
        self.port = port
        self.loopback_url = f"http://127.0.0.1:{port}"
        # Stands in for a gateway on another host: the URL's host is not loopback.
        self.remote_url = f"http://{remote_host}:{port}" if remote_host else None
        self.starts: list[dict] = []

    def envs(self) -> list[dict]:
        return [body.get("env", {}) for body in self.starts]


@pytest.fixture
def recording_gateway():
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    remote_host = own_remote_address()
    port = free_port()
    gateway = RecordingGateway(port, remote_host)
    kernels: dict[str, dict] = {}
    spec = {
        "name": gateway.kernel,
        "spec": {"display_name": "Remote Python", "language": "python", "argv": [], "env": {}},
        "resources": {},
    }

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, code: int, body: object = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            path = self.path.split("?")[0].rstrip("/")
            if path == "/api/kernelspecs":
                self._answer(
                    200, {"default": gateway.kernel, "kernelspecs": {gateway.kernel: spec}}
                )
            elif path == "/api/kernels":
                self._answer(200, list(kernels.values()))
            elif path.startswith("/api/kernels/") and path.split("/")[3] in kernels:
                self._answer(200, kernels[path.split("/")[3]])
            else:
                self._answer(404, {"message": "not found"})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if self.path.rstrip("/") != "/api/kernels":
                return self._answer(404, {"message": "not found"})
            gateway.starts.append(body)
            kernel_id = str(uuid.uuid4())
            kernels[kernel_id] = {
                "id": kernel_id,
                "name": body.get("name"),
                "last_activity": "2026-12-06T00:00:00.000000Z",
                "execution_state": "idle",
                "connections": 0,
            }
            self._answer(201, kernels[kernel_id])

        def do_DELETE(self):
            kernels.pop(self.path.rstrip("/").split("/")[-1], None)
            self._answer(204)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("", port), Handler)  # loopback and this host's address
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


def hosts_file_loopback_name() -> str | None:
    """A name /etc/hosts maps to a loopback address, other than the usual ones and this
    machine's host name: it counts as this machine only because it resolves there."""
    usual = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
    usual |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    try:
        lines = Path("/etc/hosts").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split("#", 1)[0].split()
        if len(fields) > 1 and fields[0].startswith("127."):
            for name in fields[1:]:
                if name.lower() not in usual and not name.lower().endswith(".localhost"):
                    return name
    return None


@pytest.fixture
def loopback_alias() -> str:
    name = hosts_file_loopback_name()
    if name is None:
        pytest.skip("/etc/hosts maps no other name than the usual ones to loopback here")
    return name


@pytest.fixture
def lookups(monkeypatch):
    """The host names nbcraft looks up on its lookup threads (``http_client.lookup_host``),
    in order, while the test runs (they are still looked up)."""
    from nbcraft import http_client

    asked: list[str] = []
    real = http_client.lookup_host

    def counting(host, *args, **kwargs):
        asked.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(http_client, "lookup_host", counting)
    return asked
