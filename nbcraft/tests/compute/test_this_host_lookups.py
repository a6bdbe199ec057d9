"""How long a kernel start waits for the tracking host's name (``this_host.look_up``): every
name at once, under one deadline of ``LOOKUP_TIMEOUT``, however many names are slow.

A slow resolver cannot be produced here on demand (no DNS server of the test's own), so the
resolver of nbcraft's lookup threads (``socket.getaddrinfo``, for the test's ``.invalid`` names
only; every other name resolves as usual) waits until the test ends and then fails, as a
resolver whose DNS server does not answer."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid

import pytest

from nbcraft.compute import this_host


@pytest.fixture
def slow_names(monkeypatch):
    """Host names (``*.slow.invalid``) whose lookups hang until the test ends."""
    release = threading.Event()
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".slow.invalid"):
            release.wait(30)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(this_host, "LOOKUP_TIMEOUT", 0.6)
    try:
        yield lambda: f"n{uuid.uuid4().hex[:10]}.slow.invalid"
    finally:
        release.set()


async def test_slow_names_are_waited_for_together_under_one_deadline(slow_names):
    await this_host.look_up()  # this machine's fully qualified name, looked up before
    names = [slow_names() for _ in range(20)]
    started = time.monotonic()
    await this_host.look_up(*(f"http://{name}:5000" for name in names))
    took = time.monotonic() - started
    # One deadline (0.6 s) for all, not one each (12 s): the bound is 10x the one deadline, so
    # a loaded machine does not fail it, and one deadline a name still does.
    assert took < 6.0, f"look_up took {took:.2f} s for 20 slow names"
    # Fail closed: none answered in time, so each may be this machine.
    assert {this_host.name_verdict(name) for name in names} == {this_host.UNRESOLVED}


async def test_a_name_given_twice_is_looked_up_once(slow_names, lookups):
    name = slow_names()
    # A job's env and this process's environment name the same server.
    await asyncio.wait_for(this_host.look_up(f"http://{name}:5000", f"http://{name}:5000"), 5)
    assert lookups == [name]
