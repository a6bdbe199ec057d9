"""The attack: the embedded MLflow server's password (any tracking credential of a loopback
tracking URI) sent to a gateway on another machine with each kernel start request.

The gateway is ``recording_gateway`` (conftest.py): a listener of this test that answers the
gateway kernel API and records every start request's body. Its "remote" URL uses this host's
network address, which stands in for another host (nbcraft cannot tell the difference: only a
loopback host counts as this machine); its loopback URL is a gateway on this machine. The
Jupyter server is real, with kernels-mixer set up by ``configure_gateway`` or by hand.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from traitlets.config import Config

pytest.importorskip("kernels_mixer", reason="pip install 'kernels-mixer>=0.0.17'")

from nbcraft.compute.gateway import MIXER_CLASSES, configure_gateway

LOOPBACK_TRACKING = "http://127.0.0.1:5999"
# An address of another machine (a documentation range): a name would be resolved, and
# counts as maybe this machine when it cannot be (this test machine has no DNS).
SHARED_TRACKING = "https://192.0.2.10"


@pytest.fixture(params=["remote", "loopback"])
def where(request):
    return request.param


@pytest.fixture(params=["configure_gateway", "by hand"])
def setup(request):
    return request.param


@pytest.fixture
def gateway_url(recording_gateway, where):
    if where == "remote" and recording_gateway.remote_url is None:
        pytest.skip("this machine has no network address besides loopback")
    return recording_gateway.remote_url if where == "remote" else recording_gateway.loopback_url


@pytest.fixture
def password(jp_environ, monkeypatch, jp_root_dir, gateway_url, trust_project):
    """The Jupyter server's environment as the tracking service leaves it for a loopback
    server: its URI and password (the embedded server's are exported the same way)."""
    secret = secrets.token_hex(16)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", LOOPBACK_TRACKING)
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "nbcraft")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", secret)
    target = {"name": "eg", "kind": "gateway", "url": gateway_url, "kernel": "remote-python"}
    (Path(jp_root_dir) / "nbcraft.json").write_text(json.dumps({"compute": {"targets": [target]}}))
    trust_project(jp_root_dir)
    return secret


@pytest.fixture
def jp_server_config(jp_server_config, password, gateway_url, setup):
    from jupyter_server.gateway.gateway_client import GatewayClient

    GatewayClient.clear_instance()  # a process-wide singleton: no gateway for other tests
    c = Config(jp_server_config)
    if setup == "configure_gateway":
        configure_gateway(c, gateway_url)
    else:  # what a user who followed the README of an older nbcraft may have written
        for trait, cls in MIXER_CLASSES.items():
            setattr(c.ServerApp, trait, cls)
        c.ServerApp.session_manager_class = (
            "jupyter_server.services.sessions.sessionmanager.SessionManager"
        )
        c.GatewayClient.url = gateway_url
        c.GatewayClient.allowed_envs = "MLFLOW_TRACKING_URI,MLFLOW_TRACKING_PASSWORD"
    yield c
    GatewayClient.clear_instance()


async def start_remote_kernel(jp_fetch, gateway) -> dict:
    """Start the gateway's kernel through the Jupyter server, as the lab does; the env the
    gateway received."""
    await jp_fetch("api", "kernelspecs")  # kernels-mixer learns which kernels are remote
    before = len(gateway.starts)
    await jp_fetch("api", "kernels", method="POST", body=json.dumps({"name": gateway.kernel}))
    assert len(gateway.starts) == before + 1
    return gateway.starts[-1]


async def test_a_loopback_tracking_password_goes_only_to_a_gateway_on_this_machine(
    jp_fetch, recording_gateway, where, password, monkeypatch, caplog
):
    body = await start_remote_kernel(jp_fetch, recording_gateway)
    # The server's log says what was held back, and why (and never the password).
    told = "so they get neither its URI nor its credentials" in caplog.text
    assert told is (where == "remote")
    assert password not in caplog.text
    if where == "remote":
        assert password not in json.dumps(body)
        assert "MLFLOW_TRACKING_PASSWORD" not in body["env"]
        assert "MLFLOW_TRACKING_USERNAME" not in body["env"]
        assert "MLFLOW_TRACKING_URI" not in body["env"]  # its kernels cannot reach it anyway
    else:  # a gateway on this host reaches the loopback server and needs the password
        assert body["env"]["MLFLOW_TRACKING_PASSWORD"] == password
        assert body["env"]["MLFLOW_TRACKING_URI"] == LOOPBACK_TRACKING

    # Decided at each start: the embedded server restarted with a new password.
    renewed = secrets.token_hex(16)
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", renewed)
    body = await start_remote_kernel(jp_fetch, recording_gateway)
    if where == "remote":
        assert renewed not in json.dumps(body) and password not in json.dumps(body)
    else:
        assert body["env"]["MLFLOW_TRACKING_PASSWORD"] == renewed

    # The user switched to a shared server: its credentials go to the gateway, as documented.
    monkeypatch.setenv("MLFLOW_TRACKING_URI", SHARED_TRACKING)
    body = await start_remote_kernel(jp_fetch, recording_gateway)
    assert body["env"]["MLFLOW_TRACKING_URI"] == SHARED_TRACKING
    assert body["env"]["MLFLOW_TRACKING_PASSWORD"] == renewed


async def test_the_targets_listing_says_what_a_remote_gateway_does_not_get(
    jp_fetch, recording_gateway, where, password
):
    answer = await jp_fetch("nbcraft", "compute", "targets")
    (target,) = json.loads(answer.body)
    assert target["reachable"] is True, target
    note = (
        "the tracking server http://127.0.0.1:5999 is on this machine's loopback, which kernels "
        "on the gateway's cluster cannot reach, so they get neither its URI nor its credentials"
    )
    assert (note in target["detail"]) is (where == "remote"), target["detail"]
    assert password not in target["detail"]
