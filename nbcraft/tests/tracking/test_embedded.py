"""The embedded tracking server, end to end: it starts in the background when nothing is
configured, kernels log to it with no set-up, runs are tagged with their notebook, it is
restarted after being killed, and it stops with Jupyter."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket
import sqlite3
import stat
import urllib.error
import urllib.request
from pathlib import Path

import mlflow
import pytest

from nbcraft.tracking.store_index import HISTORY_INDEX


@pytest.fixture
def legacy_run(jp_root_dir):
    """A ``.nbcraft/mlflow.db`` as an older nbcraft left it (MLflow's own SQL store, no auth
    database): upgrading must keep its runs. Returns the run id."""
    from mlflow.entities import Metric
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    state = jp_root_dir / ".nbcraft"
    state.mkdir()
    store = SqlAlchemyStore(f"sqlite:///{state / 'mlflow.db'}", "mlflow-artifacts:/")
    experiment_id = store.create_experiment("from-an-older-nbcraft")
    run = store.create_run(experiment_id, "someone", 0, [], "legacy")
    store.log_metric(run.info.run_id, Metric("acc", 0.9, 0, 0))
    store.engine.dispose()
    return run.info.run_id


@pytest.fixture
def tracking_config(legacy_run):
    # Nothing configured and the embedded server on; quick health checks so the test is short.
    return {"embedded": True, "health_interval": 0.5, "embedded_restart_backoff": 0.1}


def body_of(response):
    return json.loads(response.body)


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


async def wait_for(predicate, timeout: float, what: str):
    for _ in range(int(timeout / 0.2)):
        if predicate():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def http_get(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def log_tail(embedded) -> str:
    return (
        embedded.log_path.read_text(errors="replace")[-3000:] if embedded.log_path.exists() else ""
    )


@pytest.mark.timeout(900)  # two cold starts of mlflow; slow on a loaded 2-core CI machine
async def test_embedded_server_lifecycle(
    jp_fetch, jp_serverapp, jp_root_dir, start_notebook_kernel, run_context_entry_point, legacy_run
):
    service = jp_serverapp.web_app.settings["nbcraft_tracking"]
    embedded = service.embedded
    assert embedded is not None, "nothing is configured, so the embedded server must start"
    uri = embedded.uri
    assert uri.startswith("http://127.0.0.1:")
    # The URI is exported before the server answers, so kernels started now still get it.
    assert os.environ["MLFLOW_TRACKING_URI"] == uri

    # Jupyter was not blocked: it answers while mlflow is still starting.
    status = body_of(await jp_fetch("nbcraft/mlflow/status"))
    assert status["kind"] == "embedded" and status["uri"] == uri
    if status["state"] == "starting":
        assert status["reachable"] is False
        early = await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/experiments/search",
            method="POST",
            body="{}",
            raise_error=False,
        )
        assert early.code == 503 and early.headers["Retry-After"] == "2"
        assert body_of(early)["reason"] == "starting"

    assert await embedded.wait_ready(300), log_tail(embedded)
    status_response = await jp_fetch("nbcraft/mlflow/status")
    status = body_of(status_response)
    assert status["state"] == "ready" and status["reachable"] is True
    assert status["version"] == mlflow.__version__
    state_dir = jp_root_dir / ".nbcraft"
    assert (state_dir / "mlflow.db").is_file()
    assert (state_dir / ".gitignore").read_text().strip().endswith("*")

    # It requires its password: without it (or with another) its port answers 401, while the
    # proxy (which adds it) answers; the password is in one 0600 file and nowhere in sight.
    password = embedded.password
    assert len(password) >= 32
    for headers in ({}, {"Authorization": "Basic " + base64.b64encode(b"nbcraft:guess").decode()}):
        for path in (
            "api/2.0/mlflow/experiments/search?max_results=1",
            "ajax-api/2.0/mlflow/runs/get?run_id=x",
            "api/2.0/mlflow-artifacts/artifacts",
            "",
        ):
            code, _ = http_get(f"{uri}/{path}", headers)
            assert code == 401, (path, headers)
    assert stat.S_IMODE(embedded.auth_config_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(state_dir.stat().st_mode) == 0o700
    assert password in embedded.auth_config_path.read_text()
    assert password not in status_response.body.decode() + str(status_response.headers)
    assert password not in " ".join(embedded.command())
    # Runs of the store an older nbcraft left are all there (the auth database is apart).
    legacy = body_of(
        await jp_fetch("nbcraft/mlflow/api/2.0/mlflow/runs/get", params={"run_id": legacy_run})
    )
    assert legacy["run"]["data"]["metrics"][0]["key"] == "acc"
    # Once ready, nbcraft adds its chart index to the store it owns (see store_index.py).
    await wait_for(lambda: embedded.index_outcome != "", 30, "the chart index")
    assert embedded.index_outcome in ("created", "present"), embedded.index_outcome
    with sqlite3.connect(state_dir / "mlflow.db") as db:
        indexes = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")]
    assert HISTORY_INDEX in indexes

    # A notebook kernel logs with no set-up; the run is tagged with the notebook's path.
    run = await start_notebook_kernel("work/train.ipynb")
    out = await run(
        "import os, mlflow\n"
        "print('URI=' + os.environ['MLFLOW_TRACKING_URI'])\n"
        "mlflow.set_experiment('from-notebook')\n"
        "with mlflow.start_run() as r:\n"
        "    mlflow.log_metric('loss', 0.5, step=1)\n"
        "print('RUN=' + r.info.run_id)\n"
    )
    assert f"URI={uri}\n" in out
    run_id = out.split("RUN=", 1)[1].split()[0]
    found = body_of(
        await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/experiments/get-by-name",
            params={"experiment_name": "from-notebook"},
        )
    )
    runs = body_of(
        await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/runs/search",
            method="POST",
            body=json.dumps(
                {
                    "experiment_ids": [found["experiment"]["experiment_id"]],
                    "filter": "tags.`nbcraft.notebook` = 'work/train.ipynb'",
                }
            ),
        )
    )["runs"]
    assert [r["info"]["run_id"] for r in runs] == [run_id]

    # Killed (the whole process group) -> noticed and restarted on the same port.
    first_pid = embedded.pid
    assert len(group_members(first_pid)) >= 2  # mlflow's CLI and uvicorn
    os.killpg(first_pid, signal.SIGKILL)
    await wait_for(lambda: embedded.pid != first_pid, 60, "a restart")
    assert embedded.restarts == 1
    assert body_of(await jp_fetch("nbcraft/mlflow/status"))["state"] in ("starting", "ready")
    assert await embedded.wait_ready(300), log_tail(embedded)
    assert embedded.uri == uri
    again = body_of(
        await jp_fetch("nbcraft/mlflow/api/2.0/mlflow/runs/get", params={"run_id": run_id})
    )
    assert again["run"]["info"]["run_id"] == run_id  # the data survived the restart

    assert password not in embedded.log_path.read_text(errors="replace")

    # Jupyter's shut-down stops the process group and gives the environment back.
    second_pid = embedded.pid
    await jp_serverapp.cleanup_extensions()
    assert embedded.state == "stopped"
    await wait_for(lambda: not group_members(second_pid), 10, "the process group to end")
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", embedded.port)) != 0
    assert "MLFLOW_TRACKING_URI" not in os.environ
    assert "MLFLOW_TRACKING_PASSWORD" not in os.environ
    assert not (state_dir / "mlflow-server.pid").exists()


async def test_restarts_are_bounded_and_the_failure_names_the_log(tmp_path):
    """A server that dies at once (here /bin/false stands in for a broken Python, a real
    process that exits 1) is restarted with backoff, then given up on."""
    from tornado.ioloop import IOLoop

    from nbcraft.tracking.embedded import EmbeddedMlflowServer

    server = EmbeddedMlflowServer(
        tmp_path, python="/bin/false", max_restarts=2, backoff_initial=0.05, backoff_max=0.1
    )
    server.start(IOLoop.current())
    try:
        await wait_for(lambda: server.state == "failed", 30, "the server to be given up on")
        assert server.restarts == 2
        assert "exited with code 1" in server.message and str(server.log_path) in server.message
        # given up on, its port is free for anyone: `jupyter nbcraft run` must not find it
        assert not server.auth_config_path.with_suffix(".json").exists()
    finally:
        server.stop()
        server.stop()  # idempotent
    assert server.state == "stopped"


def test_the_password_file_is_private_and_found_only_for_its_own_server(tmp_path):
    from nbcraft.tracking.embedded import EmbeddedMlflowServer, embedded_credentials

    runtime = tmp_path / "runtime"
    server = EmbeddedMlflowServer(tmp_path / "root", runtime_dir=runtime)
    server.state_dir.mkdir(parents=True)
    server.write_auth_config()
    first = server.password
    assert stat.S_IMODE(server.auth_config_path.stat().st_mode) == 0o600
    assert server.auth_config_path.parent == runtime  # not in the project folder
    assert embedded_credentials(server.uri, runtime) == ("nbcraft", first)
    assert embedded_credentials(server.uri.replace("127.0.0.1", "localhost"), runtime) is None
    assert embedded_credentials("http://127.0.0.1:1", runtime) is None
    server.write_auth_config()  # a new start: a new password, the old one is gone
    assert server.password != first
    assert embedded_credentials(server.uri, runtime) == ("nbcraft", server.password)
    env = server.process_environment()
    assert env["MLFLOW_AUTH_CONFIG_PATH"] == str(server.auth_config_path)
    assert server.password not in " ".join(env.values())
    # what `jupyter nbcraft run` finds it by (discovery.py): private, no password in it
    found = server.auth_config_path.with_suffix(".json")
    assert stat.S_IMODE(found.stat().st_mode) == 0o600
    assert server.password not in found.read_text()
    assert json.loads(found.read_text())["uri"] == server.uri
    server.stop()
    assert not server.auth_config_path.exists() and not found.exists()
