"""Jupyter Enterprise Gateway targets, mixed with local kernels through ``kernels-mixer``.

Core jupyter_server either runs every kernel locally or sends every kernel to one gateway
(jupyter_server#1187). kernels-mixer (PyPI) wraps both managers and routes by kernel name,
for one gateway. The kernel classes are chosen when the server starts, before extensions
load, so this is a config helper for ``jupyter_server_config.py``::

    from nbcraft.compute.gateway import configure_gateway
    configure_gateway(c, "http://127.0.0.1:8889")

The gateway's kernels are then listed in ``/api/kernelspecs`` under their own names (with
" (Remote)" appended to the display name), next to the local ones and nbcraft's generated
``nbcraft-*`` specs. A gateway target's ``kernel`` names one of them.

Environment: ``GatewayClient`` sends a kernel only ``KERNEL_*`` variables and those listed
in ``GatewayClient.allowed_envs``; the gateway keeps only those in its ``EG_CLIENT_ENVS``.
So the MLflow variables must be in both lists (run the gateway with
``EG_CLIENT_ENVS=MLFLOW_TRACKING_URI,...``).

A tracking credential goes to the gateway only when the gateway can use it: when the tracking
URI is on this machine's loopback (the embedded server, with its random password) and the
gateway is not itself on loopback, its kernels cannot reach that server, so neither the URI
nor its credentials are sent. This is decided at each kernel start
(:class:`TrackingGatewayKernelManager`), from the environment the kernel would get then: the
embedded server may have restarted with a new password, or the user switched servers, since
the configuration was read.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from jupyter_server.gateway.managers import GatewayKernelManager

from ..tracking.resolve import MLFLOW_CREDENTIAL_VARS
from .kernelspecs import TRACKING_VARS

_STOCK_KERNEL_MANAGER = "jupyter_server.gateway.managers.GatewayKernelManager"

MIXER_CLASSES = {
    "kernel_spec_manager_class": "kernels_mixer.kernelspecs.MixingKernelSpecManager",
    "kernel_manager_class": "kernels_mixer.kernels.MixingMappingKernelManager",
    "kernel_websocket_connection_class": "kernels_mixer.websockets.DelegatingWebsocketConnection",
}


def forwarded_envs(existing: str = "", extra: tuple[str, ...] = ()) -> str:
    """``allowed_envs`` with the tracking variables added (order kept, no duplicates)."""
    names = [n.strip() for n in existing.split(",") if n.strip()]
    for name in (*TRACKING_VARS, *extra):
        if name not in names:
            names.append(name)
    return ",".join(names)


def is_loopback_host(host: str | None) -> bool:
    """``localhost`` or a loopback address (``127.0.0.0/8``, ``::1``), as written: a name is
    not resolved, so any other name counts as another machine."""
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def loopback_tracking_uri(environ: Mapping[str, str]) -> str | None:
    """The ``MLFLOW_TRACKING_URI`` of ``environ`` when it is an http(s) URI on this machine's
    loopback, shown without credentials (``scheme://host:port``); else None."""
    uri = environ.get("MLFLOW_TRACKING_URI", "")
    if not uri.startswith(("http://", "https://")):
        return None
    parts = urlsplit(uri)
    try:
        port = parts.port
    except ValueError:
        port = None
    if not is_loopback_host(parts.hostname):
        return None
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def withheld_tracking_vars(gateway_url: str | None, environ: Mapping[str, str]) -> tuple[str, ...]:
    """The tracking variables a kernel of ``gateway_url`` must not get: the URI and its
    credentials when the URI is on this machine's loopback and the gateway is not (its kernels
    could not reach that server; its password would leave the host for nothing). Nothing
    otherwise: a remote tracking server's credentials go where the user configured them."""
    if is_loopback_host(urlsplit(gateway_url or "").hostname):
        return ()
    if loopback_tracking_uri(environ) is None:
        return ()
    return ("MLFLOW_TRACKING_URI", *MLFLOW_CREDENTIAL_VARS)


def loopback_tracking_note(gateway_url: str | None, environ: Mapping[str, str]) -> str | None:
    """What to tell the user when :func:`withheld_tracking_vars` holds the tracking variables
    back from ``gateway_url``'s kernels (the URI shown without credentials); else None."""
    if not withheld_tracking_vars(gateway_url, environ):
        return None
    return (
        f"the tracking server {loopback_tracking_uri(environ)} is on this machine's loopback, "
        "which kernels on the gateway's cluster cannot reach, so they get neither its URI nor "
        "its credentials: point MLFLOW_TRACKING_URI at a shared server"
    )


def gateway_allowed_envs(allowed: str, gateway_url: str | None, environ: Mapping[str, str]) -> str:
    """``allowed_envs`` for one kernel start: the tracking variables added, less those
    :func:`withheld_tracking_vars` holds back."""
    withheld = withheld_tracking_vars(gateway_url, environ)
    return ",".join(n for n in forwarded_envs(allowed).split(",") if n not in withheld)


class TrackingGatewayKernelManager(GatewayKernelManager):
    """``GatewayKernelManager`` that decides at each kernel start which tracking variables
    the gateway gets (:func:`withheld_tracking_vars`). jupyter_server builds the start
    request from ``os.environ`` plus the request's ``env``, filtered by
    ``GatewayClient.allowed_envs`` as it stands when the request is built; so that list is set
    for this start, from the same environment, right before. (kernels-mixer serves one
    gateway, so concurrent starts compute the same list.)"""

    async def start_kernel(self, **kwargs: Any) -> None:
        if kwargs.get("kernel_id") is None:
            from jupyter_server.gateway.gateway_client import GatewayClient

            client = GatewayClient.instance()
            environ = {**os.environ, **(kwargs.get("env") or {})}
            # The request is built from os.environ updated with ``env``, so what ``env``
            # repeats of os.environ changes nothing; left out, as jupyter_server logs the
            # arguments of each start at INFO (a job's env holds the server's credentials).
            kwargs["env"] = {k: v for k, v in environ.items() if os.environ.get(k) != v}
            client.allowed_envs = gateway_allowed_envs(
                client.allowed_envs or "", client.url, environ
            )
            note = loopback_tracking_note(client.url, environ)
            if note is not None:
                (self.log or logging.getLogger(__name__)).warning(
                    "nbcraft: kernel %r of gateway %s: %s",
                    kwargs.get("kernel_name"),
                    client.url,
                    note,
                )
        await super().start_kernel(**kwargs)


TRACKING_KERNEL_MANAGER = f"{__name__}.{TrackingGatewayKernelManager.__name__}"


def configure_gateway(
    c: Any,
    url: str,
    *,
    auth_token: str | None = None,
    extra_envs: tuple[str, ...] = (),
    request_timeout: float | None = None,
) -> None:
    """Configure a Jupyter server (``c`` from ``get_config()``) to mix the kernels of the
    gateway at ``url`` with local kernels and to forward the MLflow variables."""
    try:
        import kernels_mixer  # noqa: F401
    except ImportError as err:
        raise RuntimeError(
            "gateway targets need kernels-mixer: pip install 'kernels-mixer>=0.0.17'"
        ) from err
    for trait, cls in MIXER_CLASSES.items():
        setattr(c.ServerApp, trait, cls)
    # With GatewayClient.url set, the default session manager is the gateway-only one;
    # the mixer needs the ordinary one.
    c.ServerApp.session_manager_class = (
        "jupyter_server.services.sessions.sessionmanager.SessionManager"
    )
    c.GatewayMappingKernelManager.kernel_manager_class = TRACKING_KERNEL_MANAGER
    c.GatewayClient.url = url.rstrip("/")
    existing = c.GatewayClient.allowed_envs if "allowed_envs" in c.GatewayClient else ""
    c.GatewayClient.allowed_envs = forwarded_envs(existing or "", extra_envs)
    if auth_token:
        c.GatewayClient.auth_token = auth_token
    if request_timeout:
        c.GatewayClient.request_timeout = float(request_timeout)


def gateway_state(server_app: Any) -> dict[str, Any]:
    """What the checks need to know about the server's gateway set-up (no secrets leave
    the server: the token is only used for the server-side reachability request)."""
    from jupyter_server.gateway.gateway_client import GatewayClient

    client = GatewayClient.instance()
    ksm = getattr(server_app, "kernel_spec_manager", None)
    mixing = type(ksm).__name__ == "MixingKernelSpecManager"
    return {
        "url": client.url if client.gateway_enabled else None,
        "mixing": mixing and client.gateway_enabled,
        "auth_token": client.auth_token or None,
    }


def gateway_kernel_managers(server_app: Any) -> list[Any]:
    """The server's ``GatewayMappingKernelManager``: the kernel manager itself (a gateway-only
    server) or kernels-mixer's ``remote_manager``."""
    from jupyter_server.gateway.managers import GatewayMappingKernelManager

    mkm = getattr(server_app, "kernel_manager", None)
    found = [m for m in (mkm, getattr(mkm, "remote_manager", None)) if m is not None]
    return [m for m in found if isinstance(m, GatewayMappingKernelManager)]


def ensure_tracking_forwarded(server_app: Any) -> None:
    """Make sure the tracking variables reach gateway kernels, and only those that can use
    them, even when the server was configured by hand: the gateway's kernels are started by
    :class:`TrackingGatewayKernelManager` (which sets ``allowed_envs`` at each start). When
    they are started by a class of the user's own, no tracking variable is added."""
    from jupyter_server.gateway.gateway_client import GatewayClient

    client = GatewayClient.instance()
    if not client.gateway_enabled:
        return
    managers = gateway_kernel_managers(server_app)
    for manager in managers:
        if manager.kernel_manager_class == _STOCK_KERNEL_MANAGER:
            manager.kernel_manager_class = TRACKING_KERNEL_MANAGER
    if managers and all(m.kernel_manager_class == TRACKING_KERNEL_MANAGER for m in managers):
        client.allowed_envs = forwarded_envs(client.allowed_envs or "")
    else:
        server_app.log.warning(
            "nbcraft: gateway kernels are started by a kernel manager of your own, not %s: "
            "nbcraft adds no MLflow tracking variable to GatewayClient.allowed_envs",
            TRACKING_KERNEL_MANAGER,
        )
