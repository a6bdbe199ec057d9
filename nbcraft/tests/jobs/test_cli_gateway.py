"""``jupyter nbcraft run --target <gateway>`` and the tracking credentials: the CLI (a real
process) sends a gateway what the lab does, and says so when it holds something back.

The gateway is ``recording_gateway`` (nbcraft/tests/compute/conftest.py): a listener of this
test that answers the gateway kernel API and records each start request, but runs no kernel,
so every job here fails once its kernel is started; what matters is what the gateway
received. Its "remote" URL uses this host's network address and stands in for another host.
The tracking server is a loopback URI with a password in the environment, as a lab terminal
gets it for the embedded server (or as ``jupyter nbcraft run`` puts the discovered one there,
nbcraft/jobs/cli.py ``lab_embedded_tracking``); nothing listens there, so no run is logged.
"""

from __future__ import annotations

import json
import secrets

import pytest
from jobs_support import CLI, TRAIN, run_cli, write_notebook

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")

TRACKING = "http://127.0.0.1:5998"


@pytest.mark.parametrize("where", ["remote", "loopback"])
def test_the_cli_sends_a_loopback_password_only_to_a_gateway_on_this_machine(
    tmp_path, recording_gateway, where
):
    url = recording_gateway.remote_url if where == "remote" else recording_gateway.loopback_url
    if url is None:
        pytest.skip("this machine has no network address besides loopback")
    target = {"name": "eg", "kind": "gateway", "url": url, "kernel": recording_gateway.kernel}
    config = tmp_path / ".jupyter-config" / "jupyter_server_config.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"NbcraftCompute": {"targets": [target]}}))
    write_notebook(tmp_path / "train.ipynb", TRAIN)
    password = secrets.token_hex(16)

    done = run_cli(
        "train.ipynb", "--target", "eg", "--timeout", "30",
        cwd=tmp_path, tracking=TRACKING, timeout=120,
        MLFLOW_TRACKING_USERNAME="nbcraft", MLFLOW_TRACKING_PASSWORD=password,
        KERNEL_USERNAME="nbcraft-test",
        # As a user would list them for the lab's gateway (jupyter_server reads this too).
        JUPYTER_GATEWAY_ALLOWED_ENVS="MLFLOW_TRACKING_URI,MLFLOW_TRACKING_PASSWORD",
    )  # fmt: skip

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
