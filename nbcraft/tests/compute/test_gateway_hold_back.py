"""What of the tracking settings a gateway kernel's start sends, for the spellings of "this
machine" an attacker review found (a loopback server written so that it looked remote), the
tracking URIs that are not clearly elsewhere (fail closed), the log line jupyter_server writes
for each start, a kernel manager of the user's own, and the opt-out.

The gateway is ``recording_gateway`` (conftest.py): a listener of this test that answers the
gateway kernel API and records each start request's body; its "remote" URL uses this host's
network address and stands in for another host. The kernel starts go through nbcraft's real
``TrackingGatewayKernelManager`` and jupyter_server's ``GatewayClient`` (in this process, or in a
real Jupyter server where the set-up matters).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import socket
from pathlib import Path

import pytest
import requests
from jupyter_server.gateway.gateway_client import GatewayClient
from jupyter_server.gateway.managers import GatewayKernelManager
from traitlets.config import Config

from nbcraft.compute.gateway import (
    TrackingGatewayKernelManager,
    configure_gateway,
    ensure_tracking_forwarded,
    forwarded_envs,
    is_loopback_host,
    loopback_tracking_note,
    may_be_this_host,
    withheld_tracking_vars,
)

# Each reaches a server listening on this machine (checked below for the IPv4 ones).
THIS_HOST_SPELLINGS = [
    "http://127.0.0.1:{port}",
    "HTTP://127.0.0.1:{port}",
    "  http://127.0.0.1:{port} ",
    "http://0.0.0.0:{port}",
    "http://127.1:{port}",
    "http://2130706433:{port}",
    "http://0x7f000001:{port}",
    "http://0177.0.0.1:{port}",
    "http://localhost:{port}",
    "Http://LocalHost:{port}",
]
MAYBE_THIS_HOST_V6 = ["http://[::1]:5000", "http://[::]:5000", "http://[::ffff:127.0.0.1]:5000"]
# Not an http(s) server clearly elsewhere: the credentials stay, the URI may go.
NOT_CLEARLY_ELSEWHERE = [
    "",
    "file:///tmp/mlruns",
    "sqlite:///mlflow.db",
    "/tmp/mlruns",
    "mlruns",
    "http://[::1",
]
# (Addresses of other machines, from documentation ranges: a name is resolved first, and
# one that cannot be, as here without DNS, counts as maybe this machine; see below.)
ELSEWHERE = [
    "https://192.0.2.10",
    "http://10.1.2.3:5000",
    "databricks",
    "databricks://profile",
    "azureml://westeurope.api.azureml.ms/mlflow/v1.0/subscriptions/s",
]
CREDENTIALS = ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN")


@pytest.fixture
def remote_gateway(recording_gateway):
    if recording_gateway.remote_url is None:
        pytest.skip("this machine has no network address besides loopback")
    return recording_gateway


@pytest.fixture
def client(monkeypatch):
    """jupyter_server's GatewayClient singleton, for this test only."""
    for name in [*CREDENTIALS, "MLFLOW_TRACKING_URI"]:
        monkeypatch.delenv(name, raising=False)
    GatewayClient.clear_instance()
    yield GatewayClient.instance()
    GatewayClient.clear_instance()


def start(gateway_url: str, gateway, env: dict | None = None, **traits) -> dict:
    """One kernel start through TrackingGatewayKernelManager; the env the gateway received."""
    client = GatewayClient.instance()
    client.url = gateway_url
    client.allowed_envs = forwarded_envs("")
    km = TrackingGatewayKernelManager(kernel_name=gateway.kernel, **traits)
    asyncio.run(km.start_kernel(kernel_name=gateway.kernel, env=env or {}))
    return gateway.starts[-1]["env"]


@pytest.mark.parametrize("spelling", THIS_HOST_SPELLINGS)
def test_no_spelling_of_this_machine_gets_its_password_to_another_host(
    remote_gateway, client, monkeypatch, spelling
):
    uri = spelling.format(port=remote_gateway.port)
    # The premise: a client given this URI reaches the listener on this machine.
    answer = requests.get(f"{uri.strip()}/api/kernelspecs", timeout=10)
    assert answer.json()["default"] == remote_gateway.kernel
    password = secrets.token_hex(16)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "nbcraft")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)

    sent = start(remote_gateway.remote_url, remote_gateway)
    assert password not in json.dumps(sent)
    assert "MLFLOW_TRACKING_URI" not in sent  # its kernels could not reach it
    # ... and a gateway on this machine still gets both.
    sent = start(remote_gateway.loopback_url, remote_gateway)
    assert sent["MLFLOW_TRACKING_PASSWORD"] == password
    assert sent["MLFLOW_TRACKING_URI"] == uri


@pytest.mark.parametrize("uri", NOT_CLEARLY_ELSEWHERE + ELSEWHERE)
def test_credentials_go_only_with_a_tracking_uri_clearly_elsewhere(
    remote_gateway, client, monkeypatch, uri
):
    token = secrets.token_hex(16)
    if uri:
        monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", token)
    sent = start(remote_gateway.remote_url, remote_gateway)
    assert (sent.get("MLFLOW_TRACKING_TOKEN") == token) is (uri in ELSEWHERE), sent
    if uri:  # not a server on this machine's loopback: the URI itself goes
        assert sent["MLFLOW_TRACKING_URI"] == uri


def test_the_two_sides_of_this_machine():
    """The gateway side is strict (only certainly this machine lets the credentials go); the
    tracking side is loose (perhaps this machine holds them back)."""
    for host in ("localhost", "127.0.0.1", "127.1", "2130706433", "[::1]", "::ffff:127.0.0.1"):
        assert is_loopback_host(host) and may_be_this_host(host), host
    for host in ("gw.localhost", "0.0.0.0", "::"):
        assert not is_loopback_host(host) and may_be_this_host(host), host
    for host in ("192.0.2.10", "198.51.100.7", "[2001:db8::1]"):
        assert not is_loopback_host(host) and not may_be_this_host(host), host
    for host in ("localhost.localdomain", "ip6-localhost", socket.gethostname()):
        assert not is_loopback_host(host) and may_be_this_host(host), host
    for uri in MAYBE_THIS_HOST_V6 + ["http://mlflow.localhost:5000"]:
        withheld = withheld_tracking_vars(
            "http://gw.example.org:8888", {"MLFLOW_TRACKING_URI": uri}
        )
        assert withheld == ("MLFLOW_TRACKING_URI", *CREDENTIALS), uri
    # A gateway named *.localhost is not taken for this machine.
    loopback = {"MLFLOW_TRACKING_URI": "http://127.0.0.1:5000"}
    assert "MLFLOW_TRACKING_PASSWORD" in withheld_tracking_vars(
        "http://gw.localhost:8888", loopback
    )
    assert withheld_tracking_vars("http://localhost:8888", loopback) == ()


@pytest.mark.parametrize(
    "name", ["hostname", "localhost.localdomain", "ip6-localhost", "in /etc/hosts"]
)
def test_names_of_this_machine_get_no_password_to_another_host(
    remote_gateway, client, monkeypatch, name, request
):
    """A tracking URI that names this machine (its host name, the usual aliases, a name the
    resolver maps to loopback) is held back from a gateway elsewhere, as its address is."""
    if name == "in /etc/hosts":
        host = request.getfixturevalue("loopback_alias")
    else:
        host = socket.gethostname() if name == "hostname" else name
    password = secrets.token_hex(16)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"http://{host}:5000")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)
    sent = start(remote_gateway.remote_url, remote_gateway)
    assert password not in json.dumps(sent)
    assert "MLFLOW_TRACKING_URI" not in sent


async def test_the_event_loop_never_waits_for_a_lookup(loopback_alias):
    """On the event loop a name not looked up yet counts as maybe this machine at once (the
    lookup starts meanwhile); a kernel start awaits :func:`look_up` first, on nbcraft's own
    lookup threads, and then knows."""
    from nbcraft.compute import this_host

    this_host._known.pop(loopback_alias.lower(), None)
    assert this_host.name_verdict(loopback_alias.lower()) == this_host.UNRESOLVED
    this_host._known.pop(loopback_alias.lower(), None)
    await this_host.look_up(f"http://{loopback_alias}:5000")
    assert this_host.name_verdict(loopback_alias.lower()) == this_host.THIS_MACHINE


def test_a_name_that_does_not_resolve_counts_as_maybe_this_machine(
    remote_gateway, client, monkeypatch
):
    """Loose is safe: a name the resolver cannot answer (``.invalid`` never resolves) holds
    URI and password back, and the note says why."""
    password = secrets.token_hex(16)
    environ = {"MLFLOW_TRACKING_URI": "http://mlflow.invalid:5000"}
    monkeypatch.setenv("MLFLOW_TRACKING_URI", environ["MLFLOW_TRACKING_URI"])
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)
    sent = start(remote_gateway.remote_url, remote_gateway)
    assert password not in json.dumps(sent)
    assert "MLFLOW_TRACKING_URI" not in sent
    note = loopback_tracking_note(remote_gateway.remote_url, environ)
    assert "host name could not be resolved" in note and "neither its URI" in note


def test_the_start_log_line_shows_no_secret_value(remote_gateway, client, monkeypatch, caplog):
    """jupyter_server logs each start's arguments at INFO: an env value that differs from
    os.environ is sent, not logged. A credential of the env without its URI (server A's
    password, read before the user switched to server B) is not sent with B's URI: the
    credentials come from where the URI comes from, here os.environ."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "https://192.0.2.10")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", "new-password-of-server-b")
    old = "OLD-SECRET-of-server-A-" + secrets.token_hex(8)
    other = "a-databricks-token-" + secrets.token_hex(8)
    env = {"MLFLOW_TRACKING_PASSWORD": old, "DATABRICKS_TOKEN": other, "NBCRAFT_JOB_ID": "j1"}
    caplog.set_level(logging.INFO)
    logger = logging.getLogger("ServerApp")
    sent = start(remote_gateway.remote_url, remote_gateway, env, log=logger)
    assert sent["MLFLOW_TRACKING_URI"] == "https://192.0.2.10"
    assert sent["MLFLOW_TRACKING_PASSWORD"] == "new-password-of-server-b"
    assert old not in json.dumps(sent)
    line = next(r.getMessage() for r in caplog.records if "started kernel" in r.getMessage())
    assert old not in caplog.text and other not in caplog.text
    assert "'NBCRAFT_JOB_ID': 'j1'" in line and "DATABRICKS_TOKEN" in line


def test_a_start_env_naming_another_uri_gets_no_credential_of_the_environment(
    remote_gateway, client, monkeypatch
):
    """The lab switched to the embedded server (os.environ: its loopback URI and password)
    after a job read a remote server without credentials: the start's env names the remote
    URI and no password, and can override os.environ but not remove from it."""
    password = "EMBEDDED-" + secrets.token_hex(8)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5005")
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "nbcraft")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)
    remote = "http://192.0.2.10:5000"
    sent = start(remote_gateway.remote_url, remote_gateway, {"MLFLOW_TRACKING_URI": remote})
    assert sent["MLFLOW_TRACKING_URI"] == remote
    assert password not in json.dumps(sent)
    assert "MLFLOW_TRACKING_USERNAME" not in sent
    # With its own credentials, the env's go (and still not the environment's username).
    own = {"MLFLOW_TRACKING_URI": remote, "MLFLOW_TRACKING_PASSWORD": "remote-own"}
    sent = start(remote_gateway.remote_url, remote_gateway, own)
    assert sent["MLFLOW_TRACKING_PASSWORD"] == "remote-own"
    assert "MLFLOW_TRACKING_USERNAME" not in sent


@pytest.mark.parametrize("where", ["config file", "command line"])
def test_the_opt_out_sends_a_loopback_server_to_a_gateway_that_reaches_it(
    remote_gateway, client, monkeypatch, where
):
    """An SSH reverse tunnel makes this machine's loopback server reachable from the
    cluster: the user turned the hold-back off (in a config file, or on the command line,
    which a real ServerApp parses into a string for the trait to read)."""
    from jupyter_server.serverapp import ServerApp

    password = secrets.token_hex(16)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)
    if where == "config file":
        config = Config({"NbcraftCompute": {"gateway_hold_back_local_tracking": False}})
    else:
        app = ServerApp()
        app.parse_command_line(["--NbcraftCompute.gateway_hold_back_local_tracking=False"])
        config = app.config
    sent = start(remote_gateway.remote_url, remote_gateway, config=config)
    assert sent["MLFLOW_TRACKING_PASSWORD"] == password
    assert sent["MLFLOW_TRACKING_URI"] == "http://127.0.0.1:5000"
    sent = start(remote_gateway.remote_url, remote_gateway)  # the default holds back
    assert password not in json.dumps(sent)


# ----------------------------------------------------------- in a real Jupyter server


class OwnGatewayKernelManager(GatewayKernelManager):
    """A user's own gateway kernel manager (nbcraft does not replace it)."""


@pytest.fixture(params=["own manager", "opt-out", "opt-out on the command line"])
def setup(request):
    return request.param


@pytest.fixture
def jp_argv(setup):
    """``jupyter lab --NbcraftCompute.gateway_hold_back_local_tracking=False``: the server
    parses its command line (a string for the trait to read, traitlets' DeferredConfigString)."""
    if setup == "opt-out on the command line":
        return ["--NbcraftCompute.gateway_hold_back_local_tracking=False"]
    return []


@pytest.fixture
def password(jp_environ, monkeypatch, jp_root_dir, remote_gateway, trust_project):
    secret = secrets.token_hex(16)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5999")
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "nbcraft")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", secret)
    target = {
        "name": "eg",
        "kind": "gateway",
        "url": remote_gateway.remote_url,
        "kernel": remote_gateway.kernel,
    }
    (Path(jp_root_dir) / "nbcraft.json").write_text(json.dumps({"compute": {"targets": [target]}}))
    trust_project(jp_root_dir)
    return secret


@pytest.fixture
def jp_server_config(jp_server_config, password, remote_gateway, setup):
    pytest.importorskip("kernels_mixer", reason="pip install 'kernels-mixer>=0.0.17'")
    GatewayClient.clear_instance()
    c = Config(jp_server_config)
    configure_gateway(c, remote_gateway.remote_url)
    if setup == "own manager":
        own = f"{__name__}.{OwnGatewayKernelManager.__name__}"  # importable: pytest's sys.path
        c.GatewayMappingKernelManager.kernel_manager_class = own
    elif setup == "opt-out":
        c.NbcraftCompute.gateway_hold_back_local_tracking = False
    yield c
    GatewayClient.clear_instance()


async def test_a_server_sends_what_its_set_up_says(
    jp_fetch, jp_serverapp, remote_gateway, password, setup, caplog
):
    await jp_fetch("api", "kernelspecs")  # kernels-mixer learns which kernels are remote
    await jp_fetch(
        "api", "kernels", method="POST", body=json.dumps({"name": remote_gateway.kernel})
    )
    (body,) = remote_gateway.starts
    listing = json.loads((await jp_fetch("nbcraft", "compute", "targets")).body)[0]["detail"]
    # nbcraft looks at the set-up when it loads (its warning then goes to the setup phase's
    # stderr, out of caplog's reach): again, as it does then.
    ensure_tracking_forwarded(jp_serverapp)
    logged = caplog.text
    if setup == "own manager":
        # configure_gateway listed no credential; nbcraft says it holds nothing back.
        assert password not in json.dumps(body)
        assert "adds no MLflow tracking credential to GatewayClient.allowed_envs" in logged
    else:
        assert body["env"]["MLFLOW_TRACKING_PASSWORD"] == password
        assert body["env"]["MLFLOW_TRACKING_URI"] == "http://127.0.0.1:5999"
        assert "get neither its URI nor its credentials" not in logged + listing
    assert password not in logged


@pytest.mark.parametrize(
    "uri", ["http://127.0.0.1:5000", "http://mlflow.invalid:5000", "https://192.0.2.10"]
)
def test_a_kernel_start_works_the_tracking_host_out_once(remote_gateway, client, monkeypatch, uri):
    """What is sent and the note come from one verdict on the tracking host (two could
    disagree: a lookup that ends between them), and the work is not repeated."""
    from nbcraft.compute import gateway

    verdicts: list[str | None] = []
    real = gateway.this_host_verdict

    def counting(host):
        verdicts.append(host)
        return real(host)

    monkeypatch.setattr(gateway, "this_host_verdict", counting)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", secrets.token_hex(16))
    start(remote_gateway.remote_url, remote_gateway)
    assert len(verdicts) == 1, verdicts
