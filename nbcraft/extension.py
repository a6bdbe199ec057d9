"""Wires each capability's routes into the Jupyter server.

Each capability lives in its own sub-package and exposes ``setup(server_app) ->
list[handler tuples]``; this module only joins them under the base URL.
"""

from __future__ import annotations

import importlib
from typing import Any

from jupyter_server.utils import url_path_join
from traitlets import TraitError

from .info import InfoHandler
from .setting_errors import setting_error

# Sub-packages that provide ``setup(server_app)``; each returns its handlers.
CAPABILITIES: tuple[str, ...] = ("tracking", "compute", "trust", "jobs", "promote", "provenance")


def load(server_app: Any) -> None:
    web_app = server_app.web_app
    base_url = web_app.settings["base_url"]
    loaded: list[str] = []
    handlers: list[tuple[str, Any]] = [(url_path_join(base_url, "nbcraft", "info"), InfoHandler)]
    failed: dict[str, str] = {}
    for name in CAPABILITIES:
        # One capability that cannot start (say, a file where its state folder should be)
        # is reported and left out; the others still load.
        try:
            module = importlib.import_module(f"nbcraft.{name}")
            routes = [
                (url_path_join(base_url, "nbcraft", pattern), handler, *rest)
                for pattern, handler, *rest in module.setup(server_app)
            ]
        except TraitError as error:  # a setting of the wrong type: its message prints the value
            failed[name] = setting_error(error)
            server_app.log.error("nbcraft: %s is unavailable: %s", name, failed[name])
            continue
        except Exception as error:  # noqa: BLE001 - logged with its reason, the rest loads
            # /nbcraft/info serves the reason to any client: an error's ``public`` message
            # (the job store's, its files relative to the root) where it has one; the log
            # keeps the message itself (its absolute paths)
            told = getattr(error, "public", None)
            failed[name] = f"{type(error).__name__}: {told if isinstance(told, str) else error}"
            server_app.log.error(
                "nbcraft: %s is unavailable: %s: %s", name, type(error).__name__, error
            )
            continue
        handlers.extend(routes)
        loaded.append(name)
    # nbcraft's own HTTP client serves several capabilities (tracking, compute checks).
    from .http_client import close_http_clients
    from .tracking import _stop_with

    _stop_with(server_app, close_http_clients)
    web_app.settings["nbcraft_capabilities"] = loaded
    web_app.settings["nbcraft_unavailable"] = failed
    # Recorded so the tests can check that every route refuses anonymous requests.
    web_app.settings["nbcraft_routes"] = [pattern for pattern, *_ in handlers]
    web_app.add_handlers(".*$", handlers)
    server_app.log.info("nbcraft %s loaded: %s", _version(), ", ".join(loaded) or "core")


def _version() -> str:
    from . import __version__

    return __version__
