"""The tracking client's lifetime and its name lookups.

A slow DNS server cannot run here: the lookup function itself is replaced by one that
sleeps as a slow server would (on nbcraft's real lookup threads), and counts its calls.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.web import Application, RequestHandler

from nbcraft import http_client


def test_clients_of_closed_loops_are_closed_and_not_kept():
    made = []

    async def use():
        made.append(http_client.nbcraft_http_client(http_client.TRACKING))

    for _ in range(5):
        asyncio.run(use())
    # Before: every client was kept (it holds its loop, the weak key), never closed.
    kept = [key for key in http_client._clients if key[0].is_closed()]
    assert len(kept) <= 1
    assert all(client._closed for client in made[:-1])
    http_client.close_http_clients(only_closed_loops=True)
    assert not [key for key in http_client._clients if key[0].is_closed()]
    assert made[-1]._closed


class _SlowLookups:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, host, port, family, flags=0):
        if flags:  # AI_NUMERICHOST: not an IP literal
            raise socket.gaierror(socket.EAI_NONAME, "not numeric")
        with self._lock:
            self.calls += 1
        time.sleep(self.seconds)
        return [(socket.AF_INET, ("127.0.0.1", port))]


class _Ok(RequestHandler):
    def get(self) -> None:
        self.write("ok")


async def test_concurrent_lookups_of_one_name_share_one(monkeypatch):
    slow = _SlowLookups(1.0)
    monkeypatch.setattr(http_client, "_addresses", slow)
    resolver = http_client.resolver_for(http_client.TRACKING)
    answers = await asyncio.gather(*[resolver.resolve("tracking.example", 5000) for _ in range(10)])
    assert slow.calls == 1  # before: 10, queued two at a time on the lookup threads
    assert all(a == [(socket.AF_INET, ("127.0.0.1", 5000))] for a in answers)
    # Done: the next lookup asks again (nothing is cached).
    await resolver.resolve("tracking.example", 5000)
    assert slow.calls == 2


async def test_requests_that_gave_up_leave_no_backlog_of_lookups(monkeypatch):
    server = Application([(r"/x", _Ok)]).listen(0, "127.0.0.1")
    port = next(iter(server._sockets.values())).getsockname()[1]
    slow = _SlowLookups(2.0)
    monkeypatch.setattr(http_client, "_addresses", slow)
    client = http_client.nbcraft_http_client(http_client.TRACKING)
    try:

        async def fetch(timeout: float):
            request = HTTPRequest(
                f"http://tracking.example:{port}/x",
                connect_timeout=timeout,
                request_timeout=timeout,
            )
            try:
                return (await client.fetch(request, raise_error=False)).code
            except HTTPClientError:  # the resolve timeout is raised; fetch_upstream catches it
                return 599

        codes = await asyncio.gather(*[fetch(0.5) for _ in range(10)])
        assert set(codes) == {599}
        # Before: ten 2 s lookups queued on two threads, this one behind them (~10 s, past
        # its 5 s timeout: 599); now the one lookup they shared answers it (in 1.5 s at
        # most). The request's own timeout is the bound: no wall-clock assertion.
        assert await fetch(5.0) == 200
        assert slow.calls == 1
    finally:
        server.stop()


class _SlowComputeHosts:
    """Compute hosts whose names resolve slowly and then fail (a cluster's name while the VPN
    is down); the tracking server's name answers at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.slow: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, host, port, family, flags=0):
        if flags:  # AI_NUMERICHOST: not an IP literal
            raise socket.gaierror(socket.EAI_NONAME, "not numeric")
        if host == "tracking.example":
            return [(socket.AF_INET, ("127.0.0.1", port))]
        with self._lock:
            self.slow.append(host)
        time.sleep(self.seconds)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


async def test_slow_compute_lookups_do_not_delay_the_tracking_servers(monkeypatch):
    from nbcraft.compute.checks import tcp_reachable

    server = Application([(r"/x", _Ok)]).listen(0, "127.0.0.1")
    port = next(iter(server._sockets.values())).getsockname()[1]
    hosts = _SlowComputeHosts(1.5)
    monkeypatch.setattr(http_client, "_addresses", hosts)
    try:
        # Targets on four slow hosts, each listed twice: the checks time out, their lookups
        # keep running.
        names = [f"cluster-{n}.example" for n in range(4)] * 2
        results = await asyncio.gather(*[tcp_reachable(name, 15002, 0.3) for name in names])
        assert not any(ok for ok, _ in results)
        assert "no answer from cluster-0.example:15002 within 0.3 s" in results[0][1]
        # One lookup per name however many checks asked (one resolver for compute); two
        # started, on compute's two threads, the others wait there.
        assert sorted(hosts.slow) == sorted(set(hosts.slow))
        client = http_client.nbcraft_http_client(http_client.TRACKING)
        # Before: the tracking server's lookup queued on the same two threads behind the
        # compute hosts' (2.5 s here, 9.5 s in the review's run), past this request's 1.5 s
        # connect timeout (its name resolves at once: 10x what it needs and more).
        request = HTTPRequest(f"http://tracking.example:{port}/x", connect_timeout=1.5)
        assert (await client.fetch(request)).code == 200
    finally:
        server.stop()
        # The lookups left running end before the next test needs compute's threads.
        while http_client.resolver_for(http_client.COMPUTE)._in_flight:
            await asyncio.sleep(0.05)
        assert sorted(hosts.slow) == sorted(set(names))


@pytest.fixture(autouse=True)
def _forget_clients():
    yield
    http_client.close_http_clients(only_closed_loops=True)
