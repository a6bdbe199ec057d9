"""Helpers for the jobs tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat

JOB_TIMEOUT = 240  # generous: a shared 2-core machine may be slow to start kernels


def notebook(*cells: str | tuple[str, list[str]], kernel: str = "python3") -> dict:
    """A notebook of code cells; a cell given as ``(source, tags)`` gets those tags."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python 3", "language": "python"}
    for cell in cells:
        source, tags = (cell, []) if isinstance(cell, str) else cell
        code = nbformat.v4.new_code_cell(source)
        if tags:
            code.metadata["tags"] = tags
        nb.cells.append(code)
    return nb


def write_notebook(path: Path, nb: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.from_dict(nb), str(path))
    return path


# A parameterized training-like notebook: defaults in the `parameters` cell, a metric logged
# through the notebook's own `with mlflow.start_run():` (which resumes the job's run).
TRAIN = notebook(
    ("alpha = 0.5\nn = 2\nmodel = 'tree'", ["parameters"]),
    "import os, mlflow\nscore = alpha * n\nprint('training', model, score)",
    "with mlflow.start_run() as run:\n"
    "    mlflow.log_metric('score', score)\n"
    "    inside = run.info.run_id\n"
    "print('run', inside)",
)

# Logs into the job's run, which `with` ENDS (FINISHED), and then fails in cell 4.
RESUME_THEN_FAIL = notebook(
    "import mlflow",
    "with mlflow.start_run():\n    mlflow.log_metric('before_failure', 1.0)",
    "x = 1",
    "1 / 0",
    "print('never runs')",
)

# The gateway's Python (.venv-eg) has no mlflow: the notebook logs through MLflow's REST API
# with what its kernel was given, MLFLOW_TRACKING_URI and the job's MLFLOW_RUN_ID.
GATEWAY_JOB = notebook(
    ("x = 2", ["parameters"]),
    "import json, os, sys, time, urllib.request\n"
    "body = {'run_id': os.environ['MLFLOW_RUN_ID'], 'key': 'squared', 'value': x * x,\n"
    "        'timestamp': int(time.time() * 1000), 'step': 0}\n"
    "request = urllib.request.Request(\n"
    "    os.environ['MLFLOW_TRACKING_URI'] + '/api/2.0/mlflow/runs/log-metric',\n"
    "    data=json.dumps(body).encode(), headers={'Content-Type': 'application/json'})\n"
    "urllib.request.urlopen(request, timeout=30).read()\n"
    "print(sys.prefix)",
)

SLOW = notebook(
    ("seconds = 600", ["parameters"]),
    "import os, pathlib, time\npathlib.Path('pid.txt').write_text(str(os.getpid()))",
    "print('sleeping', flush=True)\ntime.sleep(seconds)",
)


async def api(jp_fetch, *parts, method="GET", body=None, raise_error=True):
    kwargs = {"body": json.dumps(body)} if body is not None else {}
    response = await jp_fetch(*parts, method=method, raise_error=raise_error, **kwargs)
    return response.code, (json.loads(response.body) if response.body else None)


async def submit(jp_fetch, **body):
    code, answer = await api(jp_fetch, "nbcraft", "jobs", method="POST", body=body)
    assert code == 201, answer
    return answer["id"]


async def wait_for(jp_fetch, job_id, until=None, timeout=JOB_TIMEOUT):
    """Poll ``GET jobs/<id>`` until ``until(job)`` (default: the job is done)."""
    until = until or (lambda job: job["status"] in ("finished", "failed", "cancelled", "lost"))
    deadline = time.monotonic() + timeout
    while True:
        _, job = await api(jp_fetch, "nbcraft", "jobs", job_id)
        if until(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} did not get there in {timeout} s: {job}")
        await asyncio.sleep(0.2)


def mlflow_client(uri):
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=uri)


def mlflow_server_on(work: Path, port: int):
    """A real ``mlflow server`` in ``work`` on ``port`` (a test's own), as nbcraft/tests'
    conftest.py starts one: yields its URI (a generator for a fixture to yield from)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "conftest.py"  # (nbcraft/tests' own)
    spec = importlib.util.spec_from_file_location(f"nbcraft_tests_root_conftest_{port}", path)
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    fixtures._need_mlflow()
    server = fixtures.MlflowServerProcess(work, port)
    try:
        server.start()
        yield server.uri
    finally:
        server.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait(timeout=30)


CLI = shutil.which("jupyter-nbcraft", path=str(Path(sys.executable).parent))


def run_cli(*args, cwd, tracking=None, timeout=300, **extra_env):
    """``jupyter nbcraft run ARGS`` in a clean environment: no MLFLOW_* or JPY_* variables,
    no lab settings, and a Jupyter config folder of the test's own (``<cwd>/.jupyter-config``,
    empty unless the test writes a config there) instead of the user's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JPY_"))}
    env.pop("PYTHONPATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(Path(cwd) / ".no-lab-settings")
    env["JUPYTER_CONFIG_DIR"] = str(Path(cwd) / ".jupyter-config")
    env.update(extra_env)
    if tracking:
        env["MLFLOW_TRACKING_URI"] = tracking
    return subprocess.run(
        [CLI, "run", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_cli_here(*args, cwd, monkeypatch, tracking=None) -> int:
    """``jupyter nbcraft run ARGS`` in this process (``cli.main``, what the console script
    calls) with :func:`run_cli`'s clean environment: for answers that come before any kernel
    or server starts (usage, bad input, bad config), where a new Python process would only
    add its start-up. What it printed is in pytest's ``capsys``."""
    from nbcraft.jobs.cli import main

    for name in [k for k in os.environ if k.startswith(("MLFLOW_", "JPY_"))]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(Path(cwd) / ".no-lab-settings"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(Path(cwd) / ".jupyter-config"))
    if tracking:
        monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking)
    monkeypatch.chdir(cwd)
    return main(list(args))


def embedded_discovery(
    runtime: Path, root: Path, pid: int, mode: int = 0o600, password: str = "pw"
) -> socket.socket:
    """A discovery file and its auth config, as a lab writes them, for a port this test
    listens on (as the embedded server would)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    write_embedded_discovery(runtime, root, listener.getsockname()[1], pid, mode, password)
    return listener


def write_embedded_discovery(
    runtime: Path, root: Path, port: int, pid: int, mode: int = 0o600, password: str = "pw"
) -> None:
    """The discovery file and auth config a lab writes for its embedded server on ``port``."""
    from nbcraft.tracking.discovery import write_discovery
    from nbcraft.tracking.embedded import auth_config_path

    runtime.mkdir(mode=0o700, exist_ok=True)
    ini = auth_config_path(port, runtime)
    ini.write_text(f"[mlflow]\nadmin_username = nbcraft\nadmin_password = {password}\n")
    ini.chmod(0o600)
    path = write_discovery(ini, f"http://127.0.0.1:{port}", root)
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "pid": pid}))
    path.chmod(mode)


def untracked_service(root: Path, state: Path):
    """A real JobService over ``state``'s store, with local kernels and no tracking server."""
    from nbcraft.jobs.runner import StandaloneKernels
    from nbcraft.jobs.service import JobService, TrackingTarget
    from nbcraft.jobs.settings import NbcraftJobs

    return JobService(
        root,
        StandaloneKernels(),
        lambda: None,
        lambda: TrackingTarget(None, None, "no tracking server is configured"),
        settings=NbcraftJobs(state_dir=str(state)),
    )


def process_gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie, killed but not yet reaped, counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] in ("Z", "X")
