"""``jupyter nbcraft run`` typed in a shell of the user running a lab, with no tracking server
configured and no ``MLFLOW_*`` in its environment (a terminal whose profile resets it, a tmux
session started before the lab): it logs to the lab's embedded MLflow server, found through
Jupyter's runtime folder, instead of writing a ``mlflow.db`` into the project. A real Jupyter
server process with its embedded ``mlflow server``, the real CLI, a real kernel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from jobs_support import (
    CLI,
    TRAIN,
    embedded_discovery,
    free_port,
    kill_group,
    run_cli,
    wait_until_up,
    write_notebook,
)

from nbcraft.tracking.discovery import _listener_is_ours, running_embedded_server
from nbcraft.tracking.embedded import embedded_credentials

TOKEN = "cli-finds-lab-token"


@pytest.fixture
def lab(tmp_path):
    """A Jupyter server with nbcraft and its embedded MLflow server, serving ``root``."""
    root, runtime = tmp_path / "root", tmp_path / "runtime"
    root.mkdir()
    port, mlflow_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JUPYTER_"))}
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(runtime)
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
        "--ip=127.0.0.1", "--allow-root", f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={TOKEN}",
        "--ServerApp.jpserver_extensions={'nbcraft': True}",
        f"--NbcraftTracking.embedded_port={mlflow_port}", "--NbcraftCompute.watch_interval=0",
    ]  # fmt: skip
    log = tmp_path / "server.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/api/status?token={TOKEN}", process, log)
        status_url = f"{url}/nbcraft/mlflow/status?token={TOKEN}"
        for _ in range(900):
            with urllib.request.urlopen(status_url, timeout=10) as response:
                status = json.loads(response.read())
            if status.get("state") == "ready":
                break
            assert status.get("state") in ("starting", "restarting"), status
            subprocess.run(["sleep", "0.2"], check=True)
        assert status["state"] == "ready", status
        yield root, runtime, status["uri"], url
    finally:
        kill_group(process)


def embedded_run(uri: str, runtime: Path, run_id: str):
    """The run, read from the embedded server with its password (from its 0600 file)."""
    from mlflow.tracking import MlflowClient

    user, password = embedded_credentials(uri, runtime)
    names = ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict(zip(names, (user, password))))
    try:
        return MlflowClient(tracking_uri=uri).get_run(run_id)
    finally:
        for name, value in saved.items():
            os.environ.pop(name) if value is None else os.environ.__setitem__(name, value)


def terminal_environment(url: str, folder: Path) -> dict[str, str]:
    """The environment of a shell in a terminal the lab opens (``POST /api/terminals``, then
    its websocket, as JupyterLab does)."""
    import asyncio

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {TOKEN}"}
    request = urllib.request.Request(f"{url}/api/terminals", data=b"{}", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        name = json.loads(response.read())["name"]
    dump = folder / "terminal.env"

    async def run() -> None:
        ws_url = url.replace("http", "ws", 1) + f"/terminals/websocket/{name}"
        ws = await websocket_connect(HTTPRequest(ws_url, headers=headers))
        await ws.write_message(
            json.dumps(["stdin", f"env -0 > {dump}.tmp && mv {dump}.tmp {dump}\r"])
        )
        for _ in range(600):
            if dump.exists():
                break
            await asyncio.sleep(0.1)
        ws.close()

    asyncio.run(run())
    delete = urllib.request.Request(f"{url}/api/terminals/{name}", headers=headers, method="DELETE")
    urllib.request.urlopen(delete, timeout=30).close()
    pairs = [item.split("=", 1) for item in dump.read_text().split("\0") if "=" in item]
    return dict(pairs)


@pytest.mark.timeout(600)
def test_the_cli_in_a_lab_terminal_logs_to_the_labs_embedded_server(lab, tmp_path):
    """What a lab terminal inherits (MLFLOW_TRACKING_URI and the embedded server's
    credentials, exported by the server extension) is enough: nothing else is looked for."""
    root, runtime, uri, url = lab
    env = terminal_environment(url, tmp_path)
    assert env["MLFLOW_TRACKING_URI"] == uri
    project = root / "here"
    write_notebook(project / "train.ipynb", TRAIN)
    done = subprocess.run(
        [CLI, "run", str(project / "train.ipynb")],
        cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "logging to the embedded" not in done.stderr  # the terminal had it already
    assert not (project / "mlflow.db").exists()
    assert env["MLFLOW_TRACKING_PASSWORD"] not in done.stdout + done.stderr
    run_id, link = done.stdout.split()
    assert link.startswith(f"{uri}/#/experiments/") and link.endswith(f"/runs/{run_id}")
    run = embedded_run(uri, runtime, run_id)
    assert run.info.status == "FINISHED" and run.data.metrics == {"score": 1.0}


@pytest.mark.timeout(600)
def test_the_cli_in_a_lab_shell_logs_to_the_labs_embedded_server(lab):
    root, runtime, uri, _ = lab
    project = root / "project"
    write_notebook(project / "train.ipynb", TRAIN)
    done = run_cli(
        str(project / "train.ipynb"),
        "-p",
        "alpha",
        "2",
        cwd=project,
        JUPYTER_RUNTIME_DIR=str(runtime),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # before: no tracking server, the job's MLflow wrote its default store into the project
    assert not (project / "mlflow.db").exists() and not (project / "mlruns").exists()
    assert done.stdout.strip(), done.stderr[-3000:]  # the run id
    run_id = done.stdout.split()[0]
    assert uri in done.stderr and str(root) in done.stderr  # it says where it logs
    _, password = embedded_credentials(uri, runtime)
    assert password not in done.stdout + done.stderr
    run = embedded_run(uri, runtime, run_id)
    assert run.info.status == "FINISHED"
    assert run.data.metrics == {"score": 4.0}  # logged by the job's kernel: it had the password
    assert run.data.tags["nbcraft.notebook"] == "train.ipynb"
    assert "nbcraft.provenance" in run.data.tags  # recorded (partial here: not a git repository)
    assert "git" in run.data.tags.get("nbcraft.provenance.note", ""), run.data.tags


def test_only_a_live_private_server_whose_root_holds_the_project_is_taken(tmp_path):
    runtime, root = tmp_path / "runtime", tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    listeners = [
        embedded_discovery(runtime, root / "a" / "b", int(dead.stdout)),  # its Jupyter has stopped
        embedded_discovery(runtime, root / "a", os.getpid(), mode=0o644),  # readable by others
        embedded_discovery(runtime, tmp_path / "elsewhere", os.getpid()),  # another root
    ]
    gone = embedded_discovery(runtime, root / "a" / "b", os.getpid())
    gone.close()  # nothing listens on its port any more
    try:
        assert running_embedded_server(root / "a" / "b", runtime) is None
        listeners.append(embedded_discovery(runtime, root, os.getpid()))
        inner = embedded_discovery(runtime, root / "a", os.getpid())
        listeners.append(inner)
        found = running_embedded_server(root / "a" / "b", runtime)
        assert found is not None
        assert (found.uri, found.root_dir, found.password) == (
            f"http://127.0.0.1:{inner.getsockname()[1]}",
            (root / "a").resolve(),
            "pw",
        )
        assert "pw" not in repr(found)
        assert running_embedded_server(tmp_path, runtime) is None  # above every root
    finally:
        for listener in listeners:
            listener.close()


def test_a_port_another_user_listens_on_gets_no_password(tmp_path):
    """A lab that crashed leaves its file; another user may have taken its port since."""
    table = tmp_path / "tcp"
    header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"
    row = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  {uid}\n"
    table.write_text(header + row.format(uid=os.getuid() + 1))
    assert not _listener_is_ours(0x1F90, table)
    table.write_text(header + row.format(uid=os.getuid()))
    assert _listener_is_ours(0x1F90, table)
    assert not _listener_is_ours(0x1F91, table)


def test_without_a_socket_table_nothing_is_believed(tmp_path):
    """Off Linux (no /proc/net/tcp) the listener cannot be checked: no password goes out."""
    assert not _listener_is_ours(0x1F90, tmp_path / "no-such-table")


def test_a_runtime_folder_others_can_write_is_not_believed(tmp_path):
    """In a folder another user can write, the files could be swapped between the checks and
    the reads (a renamed .ini, a symlinked .json): nothing in it is taken."""
    runtime, root = tmp_path / "runtime", tmp_path / "root"
    root.mkdir()
    listener = embedded_discovery(runtime, root, os.getpid())
    try:
        assert running_embedded_server(root, runtime) is not None
        os.chmod(runtime, 0o777)
        assert running_embedded_server(root, runtime) is None
        os.chmod(runtime, 0o700)
        # a discovery file that is a link to a private file of this user is not followed
        port = listener.getsockname()[1]
        real = runtime / f"nbcraft-mlflow-{port}.json"
        moved = tmp_path / "elsewhere.json"
        real.rename(moved)
        real.symlink_to(moved)
        assert running_embedded_server(root, runtime) is None
    finally:
        listener.close()
