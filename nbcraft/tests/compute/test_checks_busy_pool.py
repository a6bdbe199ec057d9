"""The compute checks' network part with asyncio's default thread pool busy for real (jobs,
SQLite reads, other extensions): a listener that accepts must be called reachable. The
gateway's HTTP check is tested against a real Enterprise Gateway in test_gateway.py."""

from __future__ import annotations

import asyncio

from busy_pool import BusyDefaultPool, default_pool_size

from nbcraft.compute.checks import tcp_reachable


async def test_a_name_is_resolved_without_the_default_pool():
    # A real listener on loopback: what a Spark Connect server is to this check.
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    busy = BusyDefaultPool(asyncio.get_running_loop())
    try:
        await busy.wait_full(default_pool_size())
        # Before: asyncio resolved "localhost" on the busy pool and the check timed out.
        ok, how = await tcp_reachable("localhost", port, 1.0)
        assert ok, how
        ok, how = await tcp_reachable("127.0.0.1", port, 1.0)
        assert ok, how
    finally:
        await busy.close()
        server.close()
        await server.wait_closed()


async def test_a_closed_port_is_named():
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    ok, how = await tcp_reachable("localhost", port, 2.0)
    assert not ok
    assert f"cannot connect to localhost:{port}" in how
