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
"""

from __future__ import annotations

from typing import Any

from .kernelspecs import TRACKING_VARS

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


def ensure_tracking_forwarded(server_app: Any) -> None:
    """Make sure the tracking variables reach gateway kernels even when the server was
    configured by hand (``allowed_envs`` is read at each kernel start)."""
    from jupyter_server.gateway.gateway_client import GatewayClient

    client = GatewayClient.instance()
    if client.gateway_enabled:
        client.allowed_envs = forwarded_envs(client.allowed_envs or "")
