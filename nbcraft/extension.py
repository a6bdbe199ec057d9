"""Wires each capability's routes into the Jupyter server.

Each capability lives in its own sub-package and exposes ``setup(server_app) ->
list[handler tuples]``; this module only joins them under the base URL.
"""

from __future__ import annotations

import importlib
from typing import Any

from jupyter_server.utils import url_path_join

from .info import InfoHandler

# Sub-packages that provide ``setup(server_app)``; each returns its handlers.
CAPABILITIES: tuple[str, ...] = ("tracking", "compute", "trust", "jobs", "promote")


def load(server_app: Any) -> None:
    web_app = server_app.web_app
    base_url = web_app.settings["base_url"]
    loaded: list[str] = []
    handlers: list[tuple[str, Any]] = [(url_path_join(base_url, "nbcraft", "info"), InfoHandler)]
    for name in CAPABILITIES:
        module = importlib.import_module(f"nbcraft.{name}")
        for pattern, handler, *rest in module.setup(server_app):
            handlers.append((url_path_join(base_url, "nbcraft", pattern), handler, *rest))
        loaded.append(name)
    web_app.settings["nbcraft_capabilities"] = loaded
    # Recorded so the tests can check that every route refuses anonymous requests.
    web_app.settings["nbcraft_routes"] = [pattern for pattern, *_ in handlers]
    web_app.add_handlers(".*$", handlers)
    server_app.log.info("nbcraft %s loaded: %s", _version(), ", ".join(loaded) or "core")


def _version() -> str:
    from . import __version__

    return __version__
