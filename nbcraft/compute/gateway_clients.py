"""One ``GatewayClient`` per gateway in a process that starts job kernels itself
(``jupyter nbcraft run``), where a pipeline's steps may run on different Enterprise Gateways.

jupyter_server's gateway classes read every setting (URL, token, headers, time-outs, TLS) from
the singleton ``GatewayClient.instance()``, so one process serves one gateway (the lab's case:
kernels-mixer routes to one). Here each gateway URL gets its own client, built from the user's
Jupyter config (``c.GatewayClient.*`` and the ``JUPYTER_GATEWAY_*`` variables, as the lab reads
them) with the target's URL, and ``GatewayClient.instance()`` answers, in the asyncio context
that started a kernel (a job's task), that kernel's client (:func:`using`).

The global config belongs to ``c.GatewayClient.url`` (or ``JUPYTER_GATEWAY_URL``): that gateway
gets all of it. A gateway at another URL gets only the settings that carry no identity and no
trust (:data:`SHARED_SETTINGS`: time-outs, endpoints, retries, cookies), an allow-list, and of
``allowed_envs`` the names that are not a credential's (:func:`shared_allowed_envs`); every
other setting (token, user, password, headers, client certificate, token renewer, websocket
URL, TLS verification and CA, the token's header format, and any setting jupyter_server adds
later) is set to its class's default, so neither the config nor the ``JUPYTER_GATEWAY_*``
variables reach it. Its token is its own, from ``c.NbcraftCompute.gateway_auth_tokens``
(URL -> token), which wins over the global one for its URL; its websocket URL is its URL with
the scheme swapped (http -> ws, https -> wss), nothing else changed.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

# What a gateway other than c.GatewayClient.url gets of the global c.GatewayClient.*: settings
# that say how to talk to a gateway, none that says who is talking, where else to go, whom to
# trust (TLS), in what header format its token goes, or which of this process's variables
# its kernels get (allowed_envs is filtered instead: :func:`shared_allowed_envs`).
SHARED_SETTINGS = frozenset(
    {
        "kernels_endpoint",
        "kernelspecs_endpoint",
        "kernelspecs_resource_endpoint",
        "connect_timeout",
        "request_timeout",
        "launch_timeout_pad",
        "gateway_retry_interval",
        "gateway_retry_interval_max",
        "gateway_retry_max",
        "accept_cookies",
    }
)
# Set for such a gateway to none of the global values (nor of the JUPYTER_GATEWAY_* variables,
# which the trait defaults would read); every other GatewayClient setting gets its class's
# default (:func:`_own_defaults`).
NO_IDENTITY = {
    "auth_token": "",
    "http_user": "",
    "http_pwd": "",
    "headers": "{}",
    "client_cert": "",
    "client_key": "",
    "gateway_token_renewer_class": "jupyter_server.gateway.gateway_client.NoOpTokenRenewer",
}
# Said per gateway by client_settings itself (url, ws_url, allowed_envs), or not a setting.
_NOT_DEFAULTED = frozenset({"url", "ws_url", "allowed_envs", "env_whitelist", "event_logger"})
# jupyter_server's code that serving several gateways in one process relies on, as nbcraft
# was checked against it (sha256 of its source; nbcraft/tests/compute/test_gateway_clients.py):
# start_channels, which HeadersGatewayKernelClient replaces, and gateway_request, which must
# ask GatewayClient.instance() at each call. pyproject allows jupyter_server >=2.4,<3.
UPSTREAM_SOURCES = {
    "jupyter_server.gateway.managers:GatewayKernelClient.start_channels": (
        "04fa7b38e8a5a66b705e85df2fc8af98f8533f452561a1c3e00257948566bd55"
    ),
    "jupyter_server.gateway.gateway_client:gateway_request": (
        "c87ffa966466dcf667cb4e24f2f41f7a6d121b17945941238ae73de64aa5715d"
    ),
}
_WS_SCHEMES = {"http": "ws", "https": "wss"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_current: contextvars.ContextVar[Any] = contextvars.ContextVar("nbcraft_gateway_client")
# In a process serving several gateways (one_client_per_context): no fallback to the singleton.
_strict: contextvars.ContextVar[bool] = contextvars.ContextVar("nbcraft_gateway_strict")


def gateway_key(url: str | None) -> tuple[str, str, int | None, str] | None:
    """What makes two gateway URLs the same gateway: scheme, host, port (the scheme's default
    when absent) and path without a trailing slash; None for no or a malformed URL."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not parts.hostname or scheme not in _DEFAULT_PORTS:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme], parts.path.rstrip("/")


def same_gateway(a: str | None, b: str | None) -> bool:
    """Whether two URLs name one gateway (:func:`gateway_key`); never for no URL."""
    key = gateway_key(a)
    return key is not None and key == gateway_key(b)


def _host(url: str) -> str:
    key = gateway_key(url)
    return f"{key[1]}:{key[2]}" if key else "a gateway"


def ws_url_for(url: str) -> str:
    """The websocket URL of the gateway at ``url``: its scheme swapped (http -> ws, https ->
    wss), the rest as it is (jupyter_server's default replaces "http" anywhere, the host too)."""
    scheme, sep, rest = url.strip().partition("://")
    return _WS_SCHEMES.get(scheme.lower(), scheme) + sep + rest


def client_settings(
    config: Mapping[str, Any],
    url: str,
    tokens: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The ``GatewayClient`` settings for the gateway at ``url``: all of ``config``'s
    (a Jupyter config) ``GatewayClient`` ones when ``url`` is the gateway they were configured
    for, else only :data:`SHARED_SETTINGS` and :data:`NO_IDENTITY`; ``tokens``' entry for
    ``url`` as its token; ``url``; a ``ws_url`` (the configured one for the configured gateway,
    else :func:`ws_url_for`)."""
    environ = os.environ if environ is None else environ
    configured_settings = dict((config or {}).get("GatewayClient") or {})
    configured = configured_settings.get("url") or environ.get("JUPYTER_GATEWAY_URL")
    key = gateway_key(url)
    url = url.rstrip("/")
    if same_gateway(url, configured):
        settings = configured_settings
        ws_url = settings.get("ws_url") or environ.get("JUPYTER_GATEWAY_WS_URL")
    else:
        settings = dict(_own_defaults())
        settings.update({k: v for k, v in configured_settings.items() if k in SHARED_SETTINGS})
        settings.update(NO_IDENTITY)
        settings["allowed_envs"] = shared_allowed_envs(configured_settings, environ)
        ws_url = None
    own = [token for where, token in (tokens or {}).items() if gateway_key(where) == key]
    if key is not None and own:
        settings["auth_token"] = own[-1]
    settings["url"] = url
    settings["ws_url"] = ws_url or ws_url_for(url)
    return settings


def shared_allowed_envs(configured: Mapping[str, Any], environ: Mapping[str, str]) -> str:
    """What another gateway's kernels get of the configured gateway's ``allowed_envs`` (or
    its old name ``env_whitelist``, or their ``JUPYTER_GATEWAY_*`` variables): the names
    :func:`~nbcraft.secret_shapes.is_secret_name` does not take for a credential. A
    credential in the environment goes only to the host it belongs to (DESIGN.md)."""
    from ..secret_shapes import is_secret_name

    listed = (
        configured.get("allowed_envs")
        or configured.get("env_whitelist")
        or environ.get("JUPYTER_GATEWAY_ALLOWED_ENVS")
        or environ.get("JUPYTER_GATEWAY_ENV_WHITELIST")
        or ""
    )
    names = (name.strip() for name in str(listed).split(","))
    return ",".join(name for name in names if name and not is_secret_name(name))


@functools.cache
def _own_defaults() -> dict[str, Any]:
    """Every ``GatewayClient`` setting outside :data:`SHARED_SETTINGS` at its class's default
    (not the trait's dynamic default, which reads a ``JUPYTER_GATEWAY_*`` variable of the
    configured gateway), so a setting jupyter_server adds later is not read from the
    environment for another gateway either."""
    from jupyter_server.gateway.gateway_client import GatewayClient
    from traitlets import Undefined

    own: dict[str, Any] = {}
    for name, trait in GatewayClient.class_traits(config=True).items():
        if name in SHARED_SETTINGS or name in _NOT_DEFAULTED:
            continue
        value = getattr(GatewayClient, f"{name}_default_value", trait.default_value)
        if value is not Undefined:
            own[name] = value
    return own


def websocket_base(client: Any) -> str:
    """Where a kernel's websocket goes for ``client``: the ``ws_url`` configured for its
    gateway, else its URL with the scheme swapped (:func:`ws_url_for`), so the websocket (and
    the headers it carries) goes to the gateway's own host and port. A client of
    :class:`GatewayClients` says which (``nbcraft_ws_url_configured``); the Jupyter server's
    own client (the lab) has it from the server's config or ``JUPYTER_GATEWAY_WS_URL``."""
    configured = getattr(client, "nbcraft_ws_url_configured", None)
    if configured is None:
        section = client.config.get("GatewayClient") or {}
        configured = bool(section.get("ws_url") or os.environ.get(client.ws_url_env))
    if configured and client.ws_url:
        return client.ws_url
    return ws_url_for(client.url or "")


def upstream_changed() -> list[str]:
    """Which of :data:`UPSTREAM_SOURCES` differ in the installed jupyter_server (or cannot be
    read): code nbcraft has not been checked against."""
    import hashlib
    import importlib
    import inspect

    changed = []
    for where, digest in UPSTREAM_SOURCES.items():
        module, _, path = where.partition(":")
        try:
            found: Any = importlib.import_module(module)
            for part in path.split("."):
                found = getattr(found, part)
            source = inspect.getsource(found)
        except (ImportError, AttributeError, OSError, TypeError):
            changed.append(where)
            continue
        if hashlib.sha256(source.encode()).hexdigest() != digest:
            changed.append(where)
    return changed


class GatewayClients:
    """The clients of one process, one per gateway URL, made on first use."""

    def __init__(
        self, config: Mapping[str, Any] | None = None, tokens: Mapping[str, str] | None = None
    ):
        self.config = config or {}
        self.tokens = dict(tokens or {})
        self._clients: dict[Any, Any] = {}
        self._started: set[Any] = set()
        self._upstream_changed: list[str] | None = None

    def client(self, url: str) -> Any:
        from jupyter_server.gateway.gateway_client import GatewayClient
        from traitlets.config import Config

        key = gateway_key(url) or url
        if key not in self._clients:
            config = Config()
            settings = client_settings(self.config, url, self.tokens)
            config.GatewayClient = Config(settings)
            client = GatewayClient(config=config)
            client.nbcraft_ws_url_configured = settings["ws_url"] != ws_url_for(settings["url"])
            self._clients[key] = client
        return self._clients[key]

    def kernel_client(self, url: str) -> Any:
        """:meth:`client`, for a kernel start: refused for a second gateway in this process
        when the installed jupyter_server's gateway code is not the one nbcraft was checked
        against (:func:`upstream_changed`), where one gateway's settings might reach another."""
        key = gateway_key(url) or url
        others = self._started - {key}
        if others and self._upstream_changed is None:
            self._upstream_changed = upstream_changed()
        if others and self._upstream_changed:
            import jupyter_server

            raise RuntimeError(
                f"a kernel on a second gateway ({_host(url)}) in one run: jupyter_server "
                f"{jupyter_server.__version__} has gateway code nbcraft was not checked against "
                f"({', '.join(self._upstream_changed)}); run the steps of each gateway "
                "separately, or use the jupyter_server version nbcraft supports"
            )
        self._started.add(key)
        return self.client(url)


def using(client: Any) -> contextvars.Token:
    """Make ``GatewayClient.instance()`` answer ``client`` in this asyncio context (and the
    tasks it starts) until :func:`_current`'s token is reset."""
    _install()
    return _current.set(client)


def done_using(token: contextvars.Token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def one_client_per_context() -> Iterator[None]:
    """For a process that serves several gateways (``jupyter nbcraft run``): in this context
    and the tasks it starts, ``GatewayClient.instance()`` raises where no client was set
    (:func:`using`), instead of answering the process's own singleton (the
    ``JUPYTER_GATEWAY_*`` variables' gateway), which a gateway call made from a task that
    lost its client would otherwise get, with whatever credentials it carries."""
    _install()
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


def _install() -> None:
    from jupyter_server.gateway.gateway_client import GatewayClient

    if getattr(GatewayClient.instance, "_nbcraft_per_context", False):
        return
    original = GatewayClient.instance

    def instance(cls: Any, *args: Any, **kwargs: Any) -> Any:
        client = _current.get(None)
        if client is not None:
            return client
        if _strict.get(False):
            raise RuntimeError(
                "a gateway call with no gateway client of its own (nbcraft serves several "
                "gateways in this process and sends none of them another's settings)"
            )
        return original(*args, **kwargs)

    instance._nbcraft_per_context = True  # type: ignore[attr-defined]
    GatewayClient.instance = classmethod(instance)  # type: ignore[method-assign]


@functools.cache
def kernel_client_class() -> type:
    """jupyter_server's ``GatewayKernelClient`` (what nbclient talks to a gateway kernel
    through: a job's kernel, in the lab or the CLI) opens the kernel's websocket without the
    client's headers, so a gateway with a token refuses it (the browser's websocket goes
    through ``GatewayWebSocketConnection``, which sends them). This one sends them, and
    honours ``validate_cert`` as the client's HTTP requests do."""
    import ssl
    from threading import Thread

    import websocket
    from jupyter_client.asynchronous.client import AsyncKernelClient
    from jupyter_core.utils import ensure_async
    from jupyter_server.gateway.gateway_client import GatewayClient
    from jupyter_server.gateway.managers import GatewayKernelClient
    from jupyter_server.utils import url_escape, url_path_join

    class HeadersGatewayKernelClient(GatewayKernelClient):
        async def start_channels(self, shell=True, iopub=True, stdin=True, hb=True, control=True):
            client = GatewayClient.instance()
            args = client.load_connection_args()
            ws_url = url_path_join(
                websocket_base(client),
                client.kernels_endpoint,
                url_escape(self.kernel_id),
                "channels",
            )
            sslopt: dict[str, Any] = {
                "ca_certs": client.ca_certs,
                "certfile": client.client_cert,
                "keyfile": client.client_key,
            }
            if not client.validate_cert:
                sslopt["cert_reqs"] = ssl.CERT_NONE
            self.channel_socket = websocket.create_connection(
                ws_url,
                timeout=client.KERNEL_LAUNCH_TIMEOUT,
                enable_multithread=True,
                sslopt=sslopt,
                header=dict(args.get("headers") or {}),
            )
            await ensure_async(
                AsyncKernelClient.start_channels(
                    self, shell=shell, iopub=iopub, stdin=stdin, hb=hb, control=control
                )
            )
            self.response_router = Thread(target=self._route_responses)
            self.response_router.start()

    return HeadersGatewayKernelClient
