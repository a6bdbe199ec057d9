"""``jupyter nbcraft run --target <gateway>`` and the tracking credentials: the CLI (a real
process) sends a gateway what the lab does, and says so when it holds something back.

The gateway is ``recording_gateway`` (nbcraft/tests/compute/conftest.py): a listener of this
test that answers the gateway kernel API and records each start request, but runs no kernel,
so every job here fails once its kernel is started; what matters is what the gateway
received. Its "remote" URL uses this host's network address and stands in for another host.
In the first test the tracking server is a loopback URI with a password in the environment,
as a lab terminal gets it for the embedded server; nothing listens there, so no run is logged.
In the second nothing is in the environment: the CLI discovers a lab's embedded server
(nbcraft/jobs/cli.py ``lab_embedded_tracking``) from a discovery file this test writes for a
port it listens on, as ``test_cli_finds_lab.py`` does.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from jobs_support import CLI, TRAIN, run_cli, write_embedded_discovery, write_notebook

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")

TRACKING = "http://127.0.0.1:5998"


def run_on_gateway(root, url: str, kernel: str, tracking: str, password: str):
    """``jupyter nbcraft run train.ipynb --target eg`` (a gateway target at ``url``) with the
    tracking server and its password in the environment, as a lab terminal has them."""
    target = {"name": "eg", "kind": "gateway", "url": url, "kernel": kernel}
    config = root / ".jupyter-config" / "jupyter_server_config.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"NbcraftCompute": {"targets": [target]}}))
    write_notebook(root / "train.ipynb", TRAIN)
    return run_cli(
        "train.ipynb", "--target", "eg", "--timeout", "30",
        cwd=root, tracking=tracking, timeout=120,
        MLFLOW_TRACKING_USERNAME="nbcraft", MLFLOW_TRACKING_PASSWORD=password,
        KERNEL_USERNAME="nbcraft-test",
        # As a user would list them for the lab's gateway (jupyter_server reads this too).
        JUPYTER_GATEWAY_ALLOWED_ENVS="MLFLOW_TRACKING_URI,MLFLOW_TRACKING_PASSWORD",
    )  # fmt: skip


@pytest.mark.parametrize("where", ["remote", "loopback"])
def test_the_cli_sends_a_loopback_password_only_to_a_gateway_on_this_machine(
    tmp_path, recording_gateway, where
):
    url = recording_gateway.remote_url if where == "remote" else recording_gateway.loopback_url
    if url is None:
        pytest.skip("this machine has no network address besides loopback")
    password = secrets.token_hex(16)
    done = run_on_gateway(tmp_path, url, recording_gateway.kernel, TRACKING, password)

    assert len(recording_gateway.starts) == 1, (done.stdout, done.stderr)
    sent = recording_gateway.starts[0]
    assert sent["name"] == recording_gateway.kernel
    note = (
        "target 'eg': the tracking server http://127.0.0.1:5998 is on this machine's loopback, "
        "which kernels on the gateway's cluster cannot reach, so they get neither its URI nor "
        "its credentials"
    )
    if where == "remote":
        assert password not in json.dumps(sent)
        assert "MLFLOW_TRACKING_URI" not in sent["env"]
        assert f"warning: {note}" in done.stderr
    else:
        assert sent["env"]["MLFLOW_TRACKING_PASSWORD"] == password
        assert sent["env"]["MLFLOW_TRACKING_URI"] == TRACKING
        assert note not in done.stderr
    assert password not in done.stdout + done.stderr


class _NotFound(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("where", ["remote", "loopback"])
def test_the_cli_sends_the_discovered_embedded_password_only_to_a_gateway_on_this_machine(
    tmp_path, recording_gateway, where
):
    """No MLFLOW_* in the shell: the password comes from the discovered embedded server, and
    the decision at the kernel start sees the same URI the job's note is about."""
    url = recording_gateway.remote_url if where == "remote" else recording_gateway.loopback_url
    if url is None:
        pytest.skip("this machine has no network address besides loopback")
    root, runtime = tmp_path / "root", tmp_path / "runtime"
    project = root / "project"
    target = {"name": "eg", "kind": "gateway", "url": url, "kernel": recording_gateway.kernel}
    config = project / ".jupyter-config" / "jupyter_server_config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"NbcraftCompute": {"targets": [target]}}))
    write_notebook(project / "train.ipynb", TRAIN)
    password = secrets.token_hex(16)
    # Stands in for the embedded server: this process listens on its port (discovery checks
    # that the lab's process does) and answers 404, so the CLI's MLflow client gives up at once.
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    write_embedded_discovery(runtime, root, port, os.getpid(), password=password)
    embedded = f"http://127.0.0.1:{port}"
    try:
        done = run_cli(
            "train.ipynb", "--target", "eg", "--timeout", "30",
            cwd=project, timeout=120, JUPYTER_RUNTIME_DIR=str(runtime),
            KERNEL_USERNAME="nbcraft-test",
            JUPYTER_GATEWAY_ALLOWED_ENVS="MLFLOW_TRACKING_URI,MLFLOW_TRACKING_PASSWORD",
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()

    assert f"logging to the embedded MLflow server ({embedded})" in done.stderr, done.stderr
    assert len(recording_gateway.starts) == 1, (done.stdout, done.stderr)
    sent = recording_gateway.starts[0]
    note = f"target 'eg': the tracking server {embedded} is on this machine's loopback"
    if where == "remote":
        assert password not in json.dumps(sent)
        assert not {"MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_PASSWORD"} & set(sent["env"])
        assert f"warning: {note}" in done.stderr  # the note says what the start did
    else:
        assert sent["env"]["MLFLOW_TRACKING_PASSWORD"] == password
        assert sent["env"]["MLFLOW_TRACKING_URI"] == embedded
        assert note not in done.stderr
    assert password not in done.stdout + done.stderr


def test_the_cli_note_names_a_host_name_of_this_machine_as_such(
    tmp_path, recording_gateway, loopback_alias
):
    """A tracking URI with a name that resolves to loopback (here from /etc/hosts): the name
    is resolved before the job is submitted (off the event loop), so the job's note says the
    server is on this machine, not that its name could not be resolved."""
    if recording_gateway.remote_url is None:
        pytest.skip("this machine has no network address besides loopback")
    password = secrets.token_hex(16)
    tracking = f"http://{loopback_alias}:5998"
    done = run_on_gateway(
        tmp_path, recording_gateway.remote_url, recording_gateway.kernel, tracking, password
    )

    assert len(recording_gateway.starts) == 1, (done.stdout, done.stderr)
    assert password not in json.dumps(recording_gateway.starts[0])
    assert f"warning: target 'eg': the tracking server {tracking} is on this machine's" in (
        done.stderr
    )
    assert "could not be resolved" not in done.stderr
