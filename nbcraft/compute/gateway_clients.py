"""One ``GatewayClient`` per gateway in a process that starts job kernels itself
(``jupyter nbcraft run``), where a pipeline's steps may run on different Enterprise Gateways.

jupyter_server's gateway classes read every setting (URL, token, headers, time-outs, TLS) from
the singleton ``GatewayClient.instance()``, so one process serves one gateway (the lab's case:
kernels-mixer routes to one). Here each gateway URL gets its own client, built from the user's
Jupyter config (``c.GatewayClient.*`` and the ``JUPYTER_GATEWAY_*`` variables, as the lab reads
them) with the target's URL, and ``GatewayClient.instance()`` answers, in the asyncio context
that started a kernel (a job's task), that kernel's client (:func:`using`).

Credentials go only to the gateway they were configured for: ``auth_token``, ``http_user`` /
``http_pwd`` and ``headers`` (which may carry one) of the global config belong to
``c.GatewayClient.url`` (or ``JUPYTER_GATEWAY_URL``), and a gateway at another URL gets none of
them, only its own token from ``c.NbcraftCompute.gateway_auth_tokens`` (URL -> token), which
wins over the global one for its URL.
"""

from __future__ import annotations

import contextvars
import functools
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

CREDENTIAL_SETTINGS = ("auth_token", "http_user", "http_pwd", "headers")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_current: contextvars.ContextVar[Any] = contextvars.ContextVar("nbcraft_gateway_client")


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


def client_settings(
    config: Mapping[str, Any],
    url: str,
    tokens: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The ``GatewayClient`` settings for the gateway at ``url``: the global ones of ``config``
    (a Jupyter config) with ``url``; the global credentials only when ``url`` is the gateway
    they were configured for, else none (set empty, so the ``JUPYTER_GATEWAY_*`` variables
    are not read either); ``tokens``' entry for ``url`` as its token."""
    environ = os.environ if environ is None else environ
    settings = dict((config or {}).get("GatewayClient") or {})
    configured = settings.get("url") or environ.get("JUPYTER_GATEWAY_URL")
    key = gateway_key(url)
    if not same_gateway(url, configured):
        for name in CREDENTIAL_SETTINGS:
            settings[name] = "{}" if name == "headers" else ""
    own = [token for where, token in (tokens or {}).items() if gateway_key(where) == key]
    if key is not None and own:
        settings["auth_token"] = own[-1]
    settings["url"] = url.rstrip("/")
    return settings


class GatewayClients:
    """The clients of one process, one per gateway URL, made on first use."""

    def __init__(
        self, config: Mapping[str, Any] | None = None, tokens: Mapping[str, str] | None = None
    ):
        self.config = config or {}
        self.tokens = dict(tokens or {})
        self._clients: dict[Any, Any] = {}

    def client(self, url: str) -> Any:
        from jupyter_server.gateway.gateway_client import GatewayClient
        from traitlets.config import Config

        key = gateway_key(url) or url
        if key not in self._clients:
            config = Config()
            config.GatewayClient = Config(client_settings(self.config, url, self.tokens))
            self._clients[key] = GatewayClient(config=config)
        return self._clients[key]


def using(client: Any) -> contextvars.Token:
    """Make ``GatewayClient.instance()`` answer ``client`` in this asyncio context (and the
    tasks it starts) until :func:`_current`'s token is reset."""
    _install()
    return _current.set(client)


def done_using(token: contextvars.Token) -> None:
    _current.reset(token)


def _install() -> None:
    from jupyter_server.gateway.gateway_client import GatewayClient

    if getattr(GatewayClient.instance, "_nbcraft_per_context", False):
        return
    original = GatewayClient.instance

    def instance(cls: Any, *args: Any, **kwargs: Any) -> Any:
        client = _current.get(None)
        return client if client is not None else original(*args, **kwargs)

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
                client.ws_url or "", client.kernels_endpoint, url_escape(self.kernel_id), "channels"
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
