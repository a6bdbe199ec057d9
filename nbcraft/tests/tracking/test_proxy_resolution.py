"""How the proxy reaches the tracking server's address, against a real ``mlflow server`` on
127.0.0.1 and a real Jupyter server.

The sidebar saw 504 "Timeout while resolving 127.0.0.1" under load: tornado's default
resolver runs ``getaddrinfo`` on asyncio's default thread pool, even for an IP literal, and
when other work fills that pool (a job's MLflow calls, SQLite reads) the lookup waits past the
connect timeout. These tests fill the pool for real and ask through the proxy.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import urllib.error
import urllib.request

import pytest
from busy_pool import BusyDefaultPool, default_pool_size

from nbcraft.http_client import TRACKING, numeric_addresses, resolver_for


@pytest.fixture
def tracking_config(seeded):
    # A short connect timeout: before the fix, a lookup held back 1 s failed at once.
    return {"uri": seeded["uri"], "connect_timeout": 1.0}


async def in_thread(function, *args):
    """Run a blocking call on a thread of its own (never the default pool) and await it."""
    result: dict = {}

    def target():
        try:
            result["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            result["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    while thread.is_alive():
        await asyncio.sleep(0.02)
    if "error" in result:
        raise result["error"]
    return result["value"]


def get_through_jupyter(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def test_a_busy_default_thread_pool_does_not_stall_the_proxy(jp_fetch, jp_serverapp, seeded):
    # The server is up and the proxy has forwarded once (nothing left to start lazily).
    assert (await jp_fetch("nbcraft", "mlflow", "status")).code == 200
    loop = asyncio.get_running_loop()
    busy = BusyDefaultPool(loop)
    try:
        await busy.wait_full(default_pool_size())
        url = (
            f"{jp_serverapp.connection_url.rstrip('/')}/nbcraft/mlflow/api/2.0/mlflow/"
            f"experiments/get?experiment_id={seeded['experiment_id']}"
        )
        code, body = await in_thread(get_through_jupyter, url, jp_serverapp.identity_provider.token)
        assert code == 200, body
        assert body["experiment"]["name"] == "nbcraft-seed"
        # The status probe goes the same way.
        status = await in_thread(
            get_through_jupyter,
            f"{jp_serverapp.connection_url.rstrip('/')}/nbcraft/mlflow/status",
            jp_serverapp.identity_provider.token,
        )
        assert status[1]["state"] == "ready", status
    finally:
        await busy.close()


async def test_an_ip_literal_is_answered_without_any_thread():
    loop = asyncio.get_running_loop()
    busy = BusyDefaultPool(loop)
    try:
        await busy.wait_full(default_pool_size())
        resolver = resolver_for(TRACKING)
        v4 = await asyncio.wait_for(resolver.resolve("127.0.0.1", 5000), 1)
        assert v4 == [(socket.AF_INET, ("127.0.0.1", 5000))]
        v6 = await asyncio.wait_for(resolver.resolve("::1", 5000), 1)
        assert v6 and all(fam == socket.AF_INET6 and addr[:2] == ("::1", 5000) for fam, addr in v6)
    finally:
        await busy.close()


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1.nbcraft-test.invalid",  # a name dressed as a literal
        "127.0.0.1@nbcraft-test.invalid",
    ],
)
async def test_a_name_is_never_taken_for_a_literal_nor_pointed_at_loopback(host):
    # Attack: a host that only looks like loopback must resolve as what it is (here: nothing),
    # never fall back to, or be cached as, the embedded server's address.
    assert numeric_addresses(host, 80) is None
    with pytest.raises(socket.gaierror):
        await resolver_for(TRACKING).resolve(host, 80)


async def test_a_name_resolves_exactly_as_the_system_resolver_says():
    expected = {
        (fam, addr)
        for fam, _, _, _, addr in socket.getaddrinfo("localhost", 80, 0, socket.SOCK_STREAM)
    }
    assert set(await resolver_for(TRACKING).resolve("localhost", 80)) == expected
