"""A real Jupyter Enterprise Gateway (its own venv, .venv-eg) mixed with local kernels in a
real Jupyter server through kernels-mixer, configured by nbcraft.compute.gateway: a gateway
kernel starts through the Jupyter server, receives MLFLOW_TRACKING_URI, and runs next to a
local nbcraft kernel in the same server."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from tornado.httpclient import AsyncHTTPClient
from traitlets.config import Config

pytest.importorskip("kernels_mixer", reason="pip install 'kernels-mixer>=0.0.17'")

from busy_pool import BusyDefaultPool, default_pool_size

from nbcraft.compute.gateway import configure_gateway

TRACKING = "http://127.0.0.1:5999/tracking-of-the-jupyter-server"


@pytest.fixture
def gateway_root(jp_environ, jp_root_dir, enterprise_gateway, monkeypatch, trust_project):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", TRACKING)
    # EG refuses to start kernels for 'root' (EnterpriseGatewayApp.unauthorized_users), and
    # this machine and CI run as root; GatewayClient forwards KERNEL_* variables.
    monkeypatch.setenv("KERNEL_USERNAME", "nbcraft-test")
    monkeypatch.delenv("PYTHONPATH", raising=False)  # see test_spark_connect.spark_root
    (Path(jp_root_dir) / "nbcraft.json").write_text(
        json.dumps(
            {
                "compute": {
                    "targets": [
                        {"name": "laptop", "kind": "local", "kernel": "python3"},
                        {
                            "name": "eg",
                            "kind": "gateway",
                            "url": enterprise_gateway.url,
                            "kernel": enterprise_gateway.kernel,
                        },
                        {
                            "name": "eg-typo",
                            "kind": "gateway",
                            "url": enterprise_gateway.url,
                            "kernel": "python_k8s",
                        },
                    ]
                }
            }
        )
    )
    trust_project(jp_root_dir)  # the user's own test project: its targets may act
    return Path(jp_root_dir)


@pytest.fixture
def jp_server_config(jp_server_config, gateway_root, enterprise_gateway):
    from jupyter_server.gateway.gateway_client import GatewayClient

    # GatewayClient is a process-wide singleton: start and end with a fresh one, so other
    # tests' servers do not inherit this gateway.
    GatewayClient.clear_instance()
    c = Config(jp_server_config)
    c.ServerApp.jpserver_extensions = {"nbcraft": True}
    configure_gateway(c, enterprise_gateway.url)
    yield c
    GatewayClient.clear_instance()


async def api(jp_fetch, *parts, method="GET", body=None):
    kwargs = {"body": json.dumps(body)} if body is not None else {}
    response = await jp_fetch(*parts, method=method, **kwargs)
    return json.loads(response.body) if response.body else None


async def gateway_kernels(url):
    """Ask the gateway itself which kernels it runs."""
    response = await AsyncHTTPClient().fetch(f"{url}/api/kernels", request_timeout=10)
    return json.loads(response.body)


def test_configure_gateway_sets_the_mixer_and_forwards_tracking():
    c = Config()
    c.GatewayClient.allowed_envs = "MY_VAR"
    configure_gateway(c, "http://127.0.0.1:8889/")
    assert c.ServerApp.kernel_manager_class == "kernels_mixer.kernels.MixingMappingKernelManager"
    assert c.ServerApp.kernel_spec_manager_class == (
        "kernels_mixer.kernelspecs.MixingKernelSpecManager"
    )
    assert c.ServerApp.kernel_websocket_connection_class == (
        "kernels_mixer.websockets.DelegatingWebsocketConnection"
    )
    assert c.GatewayClient.url == "http://127.0.0.1:8889"
    envs = c.GatewayClient.allowed_envs.split(",")
    assert envs[0] == "MY_VAR" and "MLFLOW_TRACKING_URI" in envs


async def test_gateway_kernel_gets_the_tracking_uri_next_to_a_local_kernel(
    jp_fetch, run_code, enterprise_gateway
):
    specs = (await api(jp_fetch, "api", "kernelspecs"))["kernelspecs"]
    assert enterprise_gateway.kernel in specs  # the gateway's kernel, mixed in
    assert specs[enterprise_gateway.kernel]["spec"]["display_name"].endswith("(Remote)")
    assert "nbcraft-laptop" in specs and "python3" in specs  # local ones still there

    targets = {t["name"]: t for t in await api(jp_fetch, "nbcraft", "compute", "targets")}
    assert targets["eg"]["reachable"] is True, targets["eg"]
    assert targets["eg"]["kernelspec"] == enterprise_gateway.kernel
    assert targets["eg-typo"]["reachable"] is False
    assert "has no kernel 'python_k8s' (it has: eg-python" in targets["eg-typo"]["detail"]

    remote = await api(
        jp_fetch,
        "api",
        "sessions",
        method="POST",
        body={
            "path": "remote.ipynb",
            "name": "remote.ipynb",
            "type": "notebook",
            "kernel": {"name": targets["eg"]["kernelspec"]},
        },
    )
    local = await api(
        jp_fetch,
        "api",
        "sessions",
        method="POST",
        body={
            "path": "local.ipynb",
            "name": "local.ipynb",
            "type": "notebook",
            "kernel": {"name": "nbcraft-laptop"},
        },
    )

    # The gateway really runs the remote kernel: it lists it on its own API.
    on_gateway = await gateway_kernels(enterprise_gateway.url)
    assert [k["name"] for k in on_gateway] == [enterprise_gateway.kernel]

    probe = "import os, sys; print(os.environ.get('MLFLOW_TRACKING_URI')); print(sys.prefix)"
    remote_run = await run_code(remote["kernel"]["id"], probe)
    assert remote_run.status == "ok", remote_run
    uri, prefix = remote_run.stdout.split()
    assert uri == TRACKING  # forwarded by GatewayClient.allowed_envs + EG_CLIENT_ENVS
    assert prefix.endswith(".venv-eg")  # the gateway's Python, not ours

    local_run = await run_code(local["kernel"]["id"], probe)
    assert local_run.status == "ok", local_run
    assert local_run.stdout.split() == [TRACKING, sys.prefix]

    for session in (remote, local):
        await jp_fetch("api", "sessions", session["id"], method="DELETE")
    assert await gateway_kernels(enterprise_gateway.url) == []  # shut down on the gateway too


def gateway_target(enterprise_gateway):
    """The real gateway as a project's target, for the checks."""
    from nbcraft.compute.config import parse_target

    return parse_target(
        {
            "name": "eg",
            "kind": "gateway",
            "url": enterprise_gateway.url,
            "kernel": enterprise_gateway.kernel,
        },
        "nbcraft.json",
        "t[0]",
    )


async def test_gateway_check_says_how_to_enable_mixing(enterprise_gateway):
    """The check against the real gateway, for a Jupyter server that is not set up for it."""
    from nbcraft.compute.checks import check_target

    target = gateway_target(enterprise_gateway)

    async def check(gateway):
        return await check_target(
            target,
            root=Path("."),
            environ={},
            timeout=2.0,
            kernelspecs={"python3": "/x"},
            gateway=gateway,
        )

    plain = await check({"mixing": False, "url": None})
    assert plain.reachable is False
    assert "does not mix gateway kernels with local ones" in plain.detail
    assert f"configure_gateway(c, '{enterprise_gateway.url}')" in plain.detail
    other = await check({"mixing": True, "url": "http://127.0.0.1:9"})
    assert other.reachable is False and "kernels-mixer serves one gateway" in other.detail
    mixed = await check({"mixing": True, "url": enterprise_gateway.url + "/"})
    assert mixed.reachable is True
    assert mixed.detail == f"gateway {enterprise_gateway.url} serves kernel 'eg-python'"


async def test_gateway_check_answers_while_the_default_thread_pool_is_busy(enterprise_gateway):
    """The check asks the real gateway on 127.0.0.1 with nbcraft's own client. With tornado's
    shared client, resolving even 127.0.0.1 waited for a thread of asyncio's default pool:
    with that pool busy (jobs, SQLite reads, other extensions), the check timed out and
    called a running gateway unreachable."""
    from nbcraft.compute.checks import check_target

    target = gateway_target(enterprise_gateway)
    busy = BusyDefaultPool(asyncio.get_running_loop())
    try:
        await busy.wait_full(default_pool_size())
        result = await check_target(
            target,
            root=Path("."),
            environ={},
            timeout=1.0,
            kernelspecs={},
            gateway={"mixing": False, "url": None},
        )
    finally:
        await busy.close()
    # The gateway answered: the check got as far as this server's own set-up.
    assert "does not mix gateway kernels with local ones" in result.detail, result.detail
