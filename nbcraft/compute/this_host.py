"""Whether a tracking server's host name may be this machine: the tracking side of gateway.py,
where "maybe this machine" holds the URI and credentials back from a gateway elsewhere, so
loose is safe.

A name counts when it is one of this machine's names (``localhost`` and its usual aliases,
``*.localhost``, the host name, the fully qualified name) or when it resolves to a loopback,
unspecified or local-interface address (``/etc/hosts`` maps the host name to ``127.0.1.1``;
``localtest.me`` and ``*.nip.io`` resolve to loopback). A name that cannot be resolved within
:data:`LOOKUP_TIMEOUT` counts too, and the note says so. Names are resolved on nbcraft's own
lookup threads (``nbcraft.http_client``, compute's) and remembered for :data:`REMEMBER`
seconds. The event loop never waits for a lookup: a kernel start resolves first
(:func:`look_up`, awaited); a check made on the loop before the name was looked up counts it
as not resolved yet (and starts the lookup).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from typing import Any
from urllib.parse import urlsplit

THIS_MACHINE = "this machine"
UNRESOLVED = "unresolved"
LOOKUP_TIMEOUT = 2.0
REMEMBER = 60.0

_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_known: dict[str, tuple[float, str | None]] = {}
_fqdn: Any = None  # a Future of socket.getfqdn(), which may ask DNS


def is_this_machine_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, unspecified (a client connects to this host) or an address of one of this
    machine's interfaces (it can be bound here), IPv4-mapped IPv6 included."""
    mapped = getattr(address, "ipv4_mapped", None)
    for one in (address, mapped):
        if one is not None and (one.is_loopback or one.is_unspecified):
            return True
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.bind((str(address), 0))
        return True
    except OSError:
        return False


def _own_names() -> set[str]:
    global _fqdn
    from ..http_client import COMPUTE, submit_lookup

    names = {socket.gethostname().rstrip(".").lower()}
    if _fqdn is None:
        _fqdn = submit_lookup(COMPUTE, socket.getfqdn)
    if _fqdn.done() and _fqdn.exception() is None:
        names.add(_fqdn.result().rstrip(".").lower())
    return names


def _verdict(addresses: list[str]) -> str | None:
    if not addresses:
        return UNRESOLVED
    parsed = [ipaddress.ip_address(a.split("%", 1)[0]) for a in addresses]
    return THIS_MACHINE if any(is_this_machine_address(a) for a in parsed) else None


def _remember(host: str, future: Any) -> str | None:
    try:
        verdict = _verdict(future.result())
    except (OSError, ValueError, UnicodeError):
        verdict = UNRESOLVED
    _known[host] = (time.monotonic(), verdict)
    return verdict


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def name_verdict(host: str) -> str | None:
    """For a host name (lower case, no trailing dot; not an address): :data:`THIS_MACHINE`,
    :data:`UNRESOLVED` (not resolved in time, or not yet on the event loop), or None (it
    resolves to addresses of other machines only)."""
    if host in _NAMES or host.endswith(".localhost") or host in _own_names():
        return THIS_MACHINE
    known = _known.get(host)
    if known is not None and time.monotonic() - known[0] < REMEMBER:
        return known[1]
    from ..http_client import lookup_host

    future = lookup_host(host)
    if _on_event_loop():  # never wait here: remembered for the next check
        future.add_done_callback(lambda done: _remember(host, done))
        return UNRESOLVED
    try:
        future.result(timeout=LOOKUP_TIMEOUT)
    except Exception:  # noqa: BLE001 - read in _remember; a time-out stays unresolved
        if not future.done():
            _known[host] = (time.monotonic(), UNRESOLVED)
            return UNRESOLVED
    return _remember(host, future)


async def look_up(*uris: str | None) -> None:
    """Resolve the host names of ``uris`` (tracking URIs) and this machine's fully qualified
    name on nbcraft's lookup threads, concurrently, at most :data:`LOOKUP_TIMEOUT` seconds in
    all, so that :func:`name_verdict` knows them (a name not resolved by then counts as
    :data:`UNRESOLVED`)."""
    from ..http_client import _retrieved, lookup_host

    _own_names()
    waits = []
    for uri in uris:
        try:
            host = (urlsplit((uri or "").strip()).hostname or "").rstrip(".").lower()
        except ValueError:
            continue
        if (
            not host
            or address_of(host) is not None
            or host in _NAMES
            or host.endswith(".localhost")
        ):
            continue
        known = _known.get(host)
        fresh = known is not None and time.monotonic() - known[0] < REMEMBER
        if not fresh and all(host != other for other, _ in waits):
            waits.append((host, lookup_host(host)))
    if _fqdn is not None and not _fqdn.done():
        waits.append(("", _fqdn))
    # All at once, under one deadline: a slow name (or the fully qualified name) does not
    # hold the others back, and the whole look-up takes at most LOOKUP_TIMEOUT.
    waiting = set()
    for _, future in waits:
        one = asyncio.wrap_future(future)
        one.add_done_callback(_retrieved)  # its error is read in _remember
        waiting.add(one)
    if waiting:
        await asyncio.wait(waiting, timeout=LOOKUP_TIMEOUT)
    for host, future in waits:
        if host:
            if future.done():
                _remember(host, future)
            else:
                _known[host] = (time.monotonic(), UNRESOLVED)


def address_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address ``host`` spells, as a client connecting to it reads it: IPv6 (zone
    dropped), IPv4 dotted or in the shorthand, decimal, octal and hex forms ``inet_aton``
    takes (``127.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``); None for a name."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None
