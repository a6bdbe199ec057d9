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
from .tracking.errors import scrub, shown_line

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
            failed[name] = public_reason(error)
            server_app.log.error(
                "nbcraft: %s is unavailable: %s: %s", name, type(error).__name__, logged_text(error)
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


GENERIC_REASON = "failed to start; see the server log"


def public_reason(error: BaseException) -> str:
    """Why a capability is unavailable, as ``/nbcraft/info`` tells any logged-in client: the
    error's prepared ``public`` message where it has one (the job store's), else
    ``GENERIC_REASON``; never the error's own text (paths anywhere, credentials in any form),
    and never an exception (``load`` calls it while handling one). The log has the text."""
    name = type(error).__name__
    try:
        told = getattr(error, "public", None)
        told = shown_line(told) if isinstance(told, str) and told else GENERIC_REASON
    except Exception:  # noqa: BLE001 - a broken error object: the generic reason
        told = GENERIC_REASON
    return f"{name}: {told}"


def logged_text(error: BaseException) -> str:
    """The error's text for the server's log, one line, credentials redacted (in URLs and as
    ``name=value``); a placeholder when the error cannot be shown (its ``__str__`` raises)."""
    try:
        return shown_line(scrub(str(error)))
    except Exception:  # noqa: BLE001 - the log line must still be written
        return "(its text could not be read)"


def _version() -> str:
    from . import __version__

    return __version__
