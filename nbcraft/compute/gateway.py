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

A tracking credential goes to a gateway not on this machine's loopback only with a tracking
URI clearly elsewhere (:func:`decide`); when the URI may be on this machine (the
embedded server, with its random password, in any spelling of loopback, or a name of this
machine or resolving here: this_host.py) its kernels cannot reach that server, so the URI is
not sent either. ``c.NbcraftCompute.gateway_hold_back_local_tracking = False`` turns this off
(a cluster that reaches this machine through a tunnel). This is decided at each kernel start
(:class:`TrackingGatewayKernelManager`), from the environment the kernel would get then: the
embedded server may have restarted with a new password, or the user switched servers, since
the configuration was read; the credentials come only from where the URI comes from (the
start's ``env`` or this process's environment, ``with_tracking_env``).
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from jupyter_server.gateway.managers import GatewayKernelManager
from traitlets import Bool, default

from ..secret_shapes import is_secret_name
from ..tracking.errors import REDACTED, shown_line
from ..tracking.resolve import MLFLOW_CREDENTIAL_VARS, with_tracking_env
from .kernelspecs import TRACKING_VARS
from .this_host import (
    LOOKUP_TIMEOUT,
    THIS_MACHINE,
    UNRESOLVED,
    address_of,
    is_this_machine_address,
    look_up,
    name_verdict,
)


def shadowing_kernel(kernel: str, local_names: Iterable[str]) -> str | None:
    """Why kernels-mixer would start a kernel of this machine for a gateway target's
    ``kernel``: a local kernelspec of that name, compared as kernels-mixer routes (the exact
    name: a gateway's ``PYTHON3`` beside a local ``python3`` is the gateway's). None when there
    is none."""
    if kernel not in local_names:
        return None
    return (
        f"a kernel of this machine is also named {kernel!r}, and kernels-mixer starts that "
        "one, not the gateway's: give the target the gateway's kernel under another name"
    )


_STOCK_KERNEL_MANAGER = "jupyter_server.gateway.managers.GatewayKernelManager"

MIXER_CLASSES = {
    "kernel_spec_manager_class": "kernels_mixer.kernelspecs.MixingKernelSpecManager",
    "kernel_manager_class": "kernels_mixer.kernels.MixingMappingKernelManager",
    "kernel_websocket_connection_class": "kernels_mixer.websockets.DelegatingWebsocketConnection",
}


def _names(listed: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in listed.split(",") if n.strip())


def forwarded_envs(existing: str = "", extra: tuple[str, ...] = ()) -> str:
    """``allowed_envs`` with the tracking variables added (order kept, no duplicates)."""
    names = list(_names(existing))
    for name in (*TRACKING_VARS, *extra):
        if name not in names:
            names.append(name)
    return ",".join(names)


def _host(host: str | None) -> str:
    return (host or "").strip().strip("[]").rstrip(".").lower()


def _is_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def is_loopback_host(host: str | None) -> bool:
    """Certainly this machine (the gateway side, where "this machine" lets the credentials
    go): ``localhost`` or a loopback address (``127.0.0.0/8``, ``::1``) in any spelling. A
    name is not resolved, and ``*.localhost`` is loopback only under some resolvers, so any
    other name counts as another machine."""
    host = _host(host)
    if host == "localhost":
        return True
    address = address_of(host) if host else None
    return address is not None and _is_loopback(address)


def this_host_verdict(host: str | None) -> str | None:
    """Why ``host`` may be this machine (the tracking side, where "this machine" holds the
    credentials back), or None: ``this_host.THIS_MACHINE`` for no host, a loopback,
    unspecified (``0.0.0.0``, ``::``) or local-interface address in any spelling, and a name
    of this machine or resolving to such an address; ``this_host.UNRESOLVED`` for a name not
    resolved (in time)."""
    host = _host(host)
    if not host:
        return THIS_MACHINE
    address = address_of(host)
    if address is not None:
        return THIS_MACHINE if is_this_machine_address(address) else None
    return name_verdict(host)


def may_be_this_host(host: str | None) -> bool:
    """Perhaps this machine (:func:`this_host_verdict`)."""
    return this_host_verdict(host) is not None


# Tracking URIs whose server is a service elsewhere (nbcraft.tracking.resolve): "databricks",
# databricks://<profile>, azureml://...
_SERVICE_SCHEMES = ("databricks", "azureml")


def _tracking_parts(environ: Mapping[str, str]) -> tuple[Any, str | None]:
    try:
        parts = urlsplit(environ.get("MLFLOW_TRACKING_URI", "").strip())
        return parts, parts.hostname
    except ValueError:
        return None, None


def _shown(parts: Any, host: str) -> str:
    try:
        port = parts.port
    except ValueError:
        port = None
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme.lower()}://{shown}" + (f":{port}" if port else "")


def decide(
    gateway_url: str | None, environ: Mapping[str, str], hold_back: bool = True
) -> tuple[tuple[str, ...], str | None]:
    """The tracking variables a kernel of ``gateway_url`` must not get, and what to tell the
    user about it (None when nothing of ``environ`` is held back). Unless the gateway is on
    this machine's loopback (or ``hold_back`` is off: ``c.NbcraftCompute
    .gateway_hold_back_local_tracking``), the credentials go only with a tracking URI that is
    clearly elsewhere (an http(s) host that is not :func:`may_be_this_host`, or Databricks / Azure
    ML); a URI that may be on this machine is
    held back too, as the gateway's kernels cannot reach it. The tracking host's verdict is
    worked out once (one lookup result for both answers)."""
    try:
        gateway_host = urlsplit((gateway_url or "").strip()).hostname
    except ValueError:  # a malformed URL is not this machine
        gateway_host = None
    if not hold_back or is_loopback_host(gateway_host):
        return (), None
    uri = (environ.get("MLFLOW_TRACKING_URI") or "").strip()
    parts, host = _tracking_parts(environ)
    scheme = parts.scheme.lower() if parts is not None else ""
    if parts is not None and (uri.lower() == "databricks" or scheme in _SERVICE_SCHEMES):
        return (), None
    if scheme in ("http", "https") and host:
        verdict = this_host_verdict(host)
        if verdict is None:  # clearly elsewhere
            return (), None
        shown = _shown(parts, host)
        if verdict == UNRESOLVED:
            note = (
                f"the tracking server {shown}'s host name could not be resolved (within "
                f"{LOOKUP_TIMEOUT:g} s), so it may be this machine, which kernels on the "
                "gateway's cluster cannot reach: they get neither its URI nor its "
                "credentials; use a name this machine resolves, or an address"
            )
        else:
            note = (
                f"the tracking server {shown} is on this machine's loopback, which kernels on "
                "the gateway's cluster cannot reach, so they get neither its URI nor its "
                "credentials: point MLFLOW_TRACKING_URI at a shared server"
            )
        return ("MLFLOW_TRACKING_URI", *MLFLOW_CREDENTIAL_VARS), note
    held = [name for name in MLFLOW_CREDENTIAL_VARS if environ.get(name)]
    note = None
    if held:
        note = (
            f"{'/'.join(held)} not sent: the tracking URI is not an http(s) server on another "
            "machine, so the gateway's kernels get no tracking credentials"
        )
    return MLFLOW_CREDENTIAL_VARS, note


def withheld_tracking_vars(
    gateway_url: str | None, environ: Mapping[str, str], hold_back: bool = True
) -> tuple[str, ...]:
    """What :func:`decide` holds back from ``gateway_url``'s kernels."""
    return decide(gateway_url, environ, hold_back)[0]


def loopback_tracking_note(
    gateway_url: str | None, environ: Mapping[str, str], hold_back: bool = True
) -> str | None:
    """What to tell the user when :func:`decide` holds something back from ``gateway_url``'s
    kernels that ``environ`` has (the URI shown without credentials); else None."""
    return decide(gateway_url, environ, hold_back)[1]


def start_decision(
    gateway_url: str | None,
    environ: Mapping[str, str],
    env: Mapping[str, str],
    hold_back: bool = True,
) -> tuple[tuple[str, ...], str | None]:
    """What a kernel start of ``gateway_url`` with ``env`` would not send of the tracking
    settings (``environ``: this process's), and the note why (:func:`decide`)."""
    return decide(gateway_url, with_tracking_env(environ, env), hold_back)


def _allowed_without(allowed: str, withheld: tuple[str, ...]) -> str:
    return ",".join(n for n in forwarded_envs(allowed).split(",") if n not in withheld)


class _LoggedEnv(dict):
    """A kernel start's ``env``, sent as it is; shown (jupyter_server logs the arguments of
    each start at INFO) with the values of secret-named variables hidden."""

    def __repr__(self) -> str:
        return repr({k: REDACTED if is_secret_name(k) else v for k, v in self.items()})

    __str__ = __repr__


class TrackingGatewayKernelManager(GatewayKernelManager):
    """``GatewayKernelManager`` that decides at each kernel start which tracking variables
    the gateway gets (:func:`withheld_tracking_vars`). jupyter_server builds the start
    request from ``os.environ`` plus the request's ``env``, filtered by
    ``GatewayClient.allowed_envs`` as it stands when the request is built; so that list is set
    for this start, from the same environment, right before. (kernels-mixer serves one
    gateway, so concurrent starts compute the same list.)"""

    hold_back_local_tracking = Bool(
        help="Whether a tracking URI that may be on this machine and the tracking credentials "
        "of a URI not clearly elsewhere are held back from a gateway not on loopback "
        "(default: c.NbcraftCompute.gateway_hold_back_local_tracking)."
    )

    @default("client_factory")
    def _client_factory_default(self) -> type:
        # A job's kernel client (nbclient's): its websocket with the gateway's token.
        from .gateway_clients import kernel_client_class

        return kernel_client_class()

    @default("hold_back_local_tracking")
    def _hold_back_default(self) -> bool:
        # The server's NbcraftCompute value, handed over by ensure_tracking_forwarded.
        resolved = getattr(self.parent, _RESOLVED_HOLD_BACK, None)
        return hold_back_setting(self.config) if resolved is None else resolved

    async def start_kernel(self, **kwargs: Any) -> None:
        if kwargs.get("kernel_id") is None:
            from jupyter_server.gateway.gateway_client import GatewayClient

            # Names resolved first (not on the event loop), then decided and sent with no
            # wait in between: os.environ may change while this waits.
            uris = (
                (kwargs.get("env") or {}).get("MLFLOW_TRACKING_URI"),
                os.environ.get("MLFLOW_TRACKING_URI"),
            )
            await look_up(*uris)

            client = GatewayClient.instance()
            hold_back = self.hold_back_local_tracking
            # The credentials only from where the URI comes from (a job's env read before
            # the user switched servers names the old URI; os.environ has the new password).
            environ = with_tracking_env(os.environ, kwargs.get("env") or {})
            # The request is built from os.environ updated with ``env``: ``env`` can override
            # but not remove, so os.environ's credentials of another URI are kept off the
            # list of what is sent. What ``env`` repeats of os.environ changes nothing; left
            # out, and what is left is logged without secret values.
            other_uris = [n for n in MLFLOW_CREDENTIAL_VARS if n in os.environ and n not in environ]
            kwargs["env"] = _LoggedEnv({k: v for k, v in environ.items() if os.environ.get(k) != v})
            withheld, note = decide(client.url, environ, hold_back)  # one verdict
            allowed = _allowed_without(client.allowed_envs or "", withheld)
            client.allowed_envs = ",".join(n for n in _names(allowed) if n not in other_uris)
            if note is not None:
                (self.log or logging.getLogger(__name__)).warning(
                    "nbcraft: kernel %r of gateway %s: %s",
                    kwargs.get("kernel_name"),
                    shown_line(client.url or "", client.auth_token),
                    note,
                )
        await super().start_kernel(**kwargs)


def hold_back_setting(config: Any) -> bool:
    """``c.NbcraftCompute.gateway_hold_back_local_tracking`` of a Jupyter server config (the
    trait's default when unset), read as the trait reads it: a command-line value
    (``--NbcraftCompute.gateway_hold_back_local_tracking=False``) is a string the trait
    parses, anything else it checks."""
    from traitlets.config.loader import DeferredConfig

    from .service import NbcraftCompute

    trait = NbcraftCompute.class_traits()["gateway_hold_back_local_tracking"]
    section = (config or {}).get("NbcraftCompute") or {}
    if "gateway_hold_back_local_tracking" not in section:
        return bool(trait.default_value)
    value = section["gateway_hold_back_local_tracking"]
    if isinstance(value, DeferredConfig):
        value = value.get_value(trait)
    return bool(trait.validate(None, value))


# Set by ensure_tracking_forwarded on the server's gateway kernel managers (the parents of
# TrackingGatewayKernelManager): NbcraftCompute's own value, which owns the setting.
_RESOLVED_HOLD_BACK = "nbcraft_hold_back_local_tracking"


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
    # Not the credentials: TrackingGatewayKernelManager adds them at each start when they may
    # go; a kernel manager of the user's own (set after this call) gets only what they list.
    c.GatewayClient.allowed_envs = ",".join(
        name
        for name in forwarded_envs(existing or "", extra_envs).split(",")
        if name not in MLFLOW_CREDENTIAL_VARS or name in _names(existing or "") + extra_envs
    )
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


def ensure_tracking_forwarded(server_app: Any, hold_back: bool | None = None) -> None:
    """Make sure the tracking variables reach gateway kernels, and only those that can use
    them, even when the server was configured by hand: the gateway's kernels are started by
    :class:`TrackingGatewayKernelManager` (which sets ``allowed_envs`` at each start), with
    ``hold_back`` (the server's ``NbcraftCompute.gateway_hold_back_local_tracking``). When
    they are started by a class of the user's own, no tracking variable is added."""
    from jupyter_server.gateway.gateway_client import GatewayClient

    client = GatewayClient.instance()
    if not client.gateway_enabled:
        return
    managers = gateway_kernel_managers(server_app)
    for manager in managers:
        if manager.kernel_manager_class == _STOCK_KERNEL_MANAGER:
            manager.kernel_manager_class = TRACKING_KERNEL_MANAGER
        if hold_back is not None:
            setattr(manager, _RESOLVED_HOLD_BACK, bool(hold_back))
    if managers and all(m.kernel_manager_class == TRACKING_KERNEL_MANAGER for m in managers):
        client.allowed_envs = forwarded_envs(client.allowed_envs or "")
    else:
        server_app.log.warning(
            "nbcraft: gateway kernels are started by a kernel manager of your own, not %s: "
            "nbcraft adds no MLflow tracking credential to GatewayClient.allowed_envs and "
            "holds no loopback tracking URI back (only what you list there is sent)",
            TRACKING_KERNEL_MANAGER,
        )
