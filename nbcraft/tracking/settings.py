"""Where tracking settings come from: Jupyter's config system and the project config file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from traitlets import Bool, Float, Int, Unicode
from traitlets.config import LoggingConfigurable

from .errors import TrackingConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


class NbcraftTracking(LoggingConfigurable):
    """nbcraft's experiment-tracking settings (``c.NbcraftTracking.*`` in jupyter_server_config)."""

    uri = Unicode(
        "",
        config=True,
        help="Tracking server for the sidebar and for kernels: http(s)://host:port, databricks, "
        "databricks://<profile> or azureml://... The user's trackingUri setting (nbcraft:tracking) "
        "wins over it. Empty: tracking.uri of nbcraft.json/pyproject.toml at the Jupyter root, "
        "then MLFLOW_TRACKING_URI, then the embedded server.",
    )
    embedded = Bool(
        True,
        config=True,
        help="Start a local `mlflow server` (SQLite in <root>/.nbcraft/) when no tracking server is "
        "configured.",
    )
    embedded_port = Int(
        0, config=True, help="Port of the embedded server on 127.0.0.1; 0 = a free one."
    )
    embedded_startup_timeout = Float(
        180.0, config=True, help="Seconds the embedded server may take to answer /health."
    )
    embedded_max_restarts = Int(
        5,
        config=True,
        help="Times the embedded server is restarted after dying before nbcraft gives up.",
    )
    health_interval = Float(
        5.0, config=True, help="Seconds between health checks of the embedded server."
    )
    embedded_restart_backoff = Float(
        1.0,
        config=True,
        help="Seconds before the first restart of a dead embedded server; doubles per restart "
        "in a row, up to 30 s.",
    )
    connect_timeout = Float(5.0, config=True, help="Seconds to connect to the tracking server.")
    request_timeout = Float(60.0, config=True, help="Seconds for a whole proxied request.")
    max_artifact_bytes = Int(
        20 * 1024 * 1024,
        config=True,
        help="Largest artifact the proxy passes to the browser (413 above).",
    )
    max_response_bytes = Int(
        64 * 1024 * 1024,
        config=True,
        help="Largest MLflow API answer the proxy passes (413 above).",
    )
    series_cache_bytes = Int(
        16 * 1024 * 1024,
        config=True,
        help="Memory for chart series (get-history-bulk-interval answers) kept by the proxy for "
        "the same runs in the same state; 0 turns the cache off.",
    )
    max_request_bytes = Int(
        1024 * 1024, config=True, help="Largest request body the proxy forwards (413 above)."
    )


def read_project_tracking_uri(root: Path) -> tuple[str | None, str]:
    """``tracking.uri`` from ``nbcraft.json`` or else ``[tool.nbcraft]`` of ``pyproject.toml``.

    Returns ``(uri or None, source description)``. A file that exists but is broken is an
    error naming the file and the place, never silently ignored.
    """
    json_path = root / "nbcraft.json"
    if json_path.is_file():
        try:
            data = json.loads(json_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise TrackingConfigError(
                f"{json_path}, line {error.lineno}, column {error.colno}: invalid JSON ({error.msg}).",
                hint="Fix the JSON syntax; nbcraft ignores no part of its config.",
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise TrackingConfigError(
                f"{json_path} cannot be read: {type(error).__name__}."
            ) from None
        return _tracking_uri_from(data, f"{json_path}")

    toml_path = root / "pyproject.toml"
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise TrackingConfigError(
                f"{toml_path}: invalid TOML ({error}).", hint="Fix the TOML syntax."
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise TrackingConfigError(
                f"{toml_path} cannot be read: {type(error).__name__}."
            ) from None
        tool = data.get("tool", {}) if isinstance(data, dict) else {}
        nbcraft = tool.get("nbcraft") if isinstance(tool, dict) else None
        if nbcraft is None:
            return None, ""
        return _tracking_uri_from(nbcraft, f"[tool.nbcraft] of {toml_path}")
    return None, ""


def _tracking_uri_from(data: object, where: str) -> tuple[str | None, str]:
    source = f"tracking.uri in {where}"
    if not isinstance(data, dict):
        raise TrackingConfigError(f"{where} must be an object of settings.")
    tracking = data.get("tracking")
    if tracking is None:
        return None, source
    if not isinstance(tracking, dict):
        raise TrackingConfigError(f'tracking in {where} must be an object like {{"uri": "..."}}.')
    uri = tracking.get("uri")
    if uri is None:
        return None, source
    if not isinstance(uri, str):
        raise TrackingConfigError(f"{source} must be a string, not {type(uri).__name__}.")
    return uri, source


def settings_tracking_uri(settings: dict[str, object], source: str) -> str | None:
    """``trackingUri`` of the nbcraft:tracking JupyterLab settings, checked.

    The settings file is sent to the browser by JupyterLab's settings API, so a URI with a
    user name or password in it would put a credential in the page: refused, with where the
    credentials belong instead."""
    uri = settings.get("trackingUri")
    if uri is None:
        return None
    if not isinstance(uri, str):
        raise TrackingConfigError(f"{source} must be a string, not {type(uri).__name__}.")
    uri = uri.strip()
    if not uri:
        return None
    from urllib.parse import urlsplit

    try:
        has_userinfo = "@" in (urlsplit(uri).netloc or "")
    except ValueError:
        has_userinfo = False
    if has_userinfo:
        raise TrackingConfigError(
            f"{source} holds credentials (user:password@), and JupyterLab's settings reach the "
            "browser.",
            hint="Remove them from the setting; set MLFLOW_TRACKING_USERNAME and "
            "MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) in Jupyter's environment.",
        )
    return uri
