"""nbcraft's own HTTP client for the servers it talks to (the tracking server, the proxy's
upstream, a compute target's gateway), and how it resolves their hosts.

tornado's default resolver hands every host to asyncio's default thread pool
(``loop.getaddrinfo``), IP literals included. That pool is shared with everything in the
Jupyter server that runs work in threads (a job's MLflow run opened and recorded, SQLite
reads of chart series, provenance), only ``min(32, cores + 4)`` threads: six on two cores.
With those busy, resolving ``127.0.0.1`` (the embedded server) waited behind them for the
whole connect timeout and the proxy answered 504 "Timeout while resolving 127.0.0.1".

So, here:
- an IP literal becomes its socket address at once, on the event loop: ``getaddrinfo`` with
  ``AI_NUMERICHOST`` does no lookup, and answers exactly what the default resolver would;
- a host name is resolved on a small thread pool of nbcraft's own, where it waits for other
  lookups only; nothing is cached or overridden, so a name resolves as it would anyway, but
  concurrent lookups of the same (host, port, family) share one: with a slow DNS server, the
  requests that gave up would otherwise leave their lookups queued ahead of the next one;
- each capability (``TRACKING``, ``COMPUTE``) has its own lookup threads and one resolver: a
  lookup that outlives its timeout keeps its thread, so compute hosts that resolve slowly (a
  cluster's name while the VPN is down) would otherwise queue the tracking server's lookups
  behind theirs;
- each capability's client is nbcraft's own instance with its own connection slots (tornado's
  shared ``AsyncHTTPClient()`` queues past 10 requests, whoever made them), above the proxy's
  bound (``c.NbcraftTracking.max_concurrent_requests``) plus the status probe. A client holds
  its loop, so clients are kept in a plain dict, closed when their loop has closed and when
  the extension stops (``close_http_clients``).
"""

from __future__ import annotations

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from tornado.httpclient import AsyncHTTPClient
from tornado.netutil import Resolver
from tornado.simple_httpclient import SimpleAsyncHTTPClient

# Connection slots of each capability's client: the proxy's default bound (16) with room for
# the status probe and the embedded server's health check.
MAX_CONNECTIONS = 64

# The capabilities that resolve hosts apart from each other.
Capability = Literal["tracking", "compute"]
TRACKING: Capability = "tracking"
COMPUTE: Capability = "compute"

# Lookups of host names only (a remote tracking server; a gateway or Spark Connect host), two
# threads per capability, shared by every client and check of that capability in this process.
_LOOKUPS: dict[str, ThreadPoolExecutor] = {
    capability: ThreadPoolExecutor(
        max_workers=2, thread_name_prefix=f"nbcraft-resolve-{capability}"
    )
    for capability in (TRACKING, COMPUTE)
}


def _addresses(
    host: str, port: int, family: socket.AddressFamily, flags: int = 0
) -> list[tuple[int, Any]]:
    return [
        (fam, address)
        for fam, _, _, _, address in socket.getaddrinfo(
            host, port, family, socket.SOCK_STREAM, 0, flags
        )
    ]


def numeric_addresses(
    host: str, port: int, family: socket.AddressFamily = socket.AF_UNSPEC
) -> list[tuple[int, Any]] | None:
    """The socket addresses of an IP literal, or None when ``host`` is a name."""
    try:
        return _addresses(host, port, family, socket.AI_NUMERICHOST)
    except socket.gaierror:
        return None


def _retrieved(future: asyncio.Future[Any]) -> None:
    # Every waiter may have given up (its timeout): the lookup's error is still read here.
    if not future.cancelled():
        future.exception()


class NbcraftResolver(Resolver):
    """IP literals answered on the event loop, names on ``lookups`` (a capability's threads)."""

    def initialize(self, lookups: ThreadPoolExecutor) -> None:
        self._lookups = lookups
        self._in_flight: dict[tuple[asyncio.AbstractEventLoop, str, int, int], Any] = {}

    async def resolve(
        self, host: str, port: int, family: socket.AddressFamily = socket.AF_UNSPEC
    ) -> list[tuple[int, Any]]:
        literal = numeric_addresses(host, port, family)
        if literal is not None:
            return literal
        loop = asyncio.get_running_loop()
        key = (loop, host, port, int(family))
        lookup = self._in_flight.get(key)
        if lookup is None:
            lookup = loop.run_in_executor(self._lookups, _addresses, host, port, family)
            self._in_flight[key] = lookup
            lookup.add_done_callback(lambda _: self._in_flight.pop(key, None))
            lookup.add_done_callback(_retrieved)
        # A waiter that gives up (its connect timeout) leaves the shared lookup running.
        return list(await asyncio.shield(lookup))


_resolvers: dict[str, NbcraftResolver] = {}


def resolver_for(capability: Capability) -> NbcraftResolver:
    """The capability's one resolver (its lookups in flight are shared by all its callers)."""
    resolver = _resolvers.get(capability)
    if resolver is None:
        resolver = _resolvers[capability] = NbcraftResolver(lookups=_LOOKUPS[capability])
    return resolver


_clients: dict[tuple[asyncio.AbstractEventLoop, str], AsyncHTTPClient] = {}


def close_http_clients(only_closed_loops: bool = False) -> None:
    """Close the clients (all, or those whose loop has closed) and forget them."""
    for key in list(_clients):
        if not only_closed_loops or key[0].is_closed():
            _clients.pop(key).close()


def nbcraft_http_client(capability: Capability) -> AsyncHTTPClient:
    """The running event loop's client for a capability (made on first use)."""
    key = (asyncio.get_running_loop(), capability)
    client = _clients.get(key)
    if client is None:
        close_http_clients(only_closed_loops=True)
        client = SimpleAsyncHTTPClient(
            force_instance=True, resolver=resolver_for(capability), max_clients=MAX_CONNECTIONS
        )
        _clients[key] = client
    return client


def lookup_host(host: str, capability: Capability = COMPUTE) -> Any:
    """The addresses (strings) a host name resolves to, looked up on ``capability``'s lookup
    threads: a ``concurrent.futures.Future``, to wait on with a time-out or wrap for asyncio."""
    return _LOOKUPS[capability].submit(
        lambda: sorted({str(a[0]) for _, a in _addresses(host, 0, socket.AF_UNSPEC)})
    )


def submit_lookup(capability: Capability, fn: Any, *args: Any) -> Any:
    """Run a name lookup ``fn(*args)`` (e.g. ``socket.getfqdn``) on ``capability``'s lookup
    threads: a ``concurrent.futures.Future``."""
    return _LOOKUPS[capability].submit(fn, *args)
