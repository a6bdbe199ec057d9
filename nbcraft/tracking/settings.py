"""Where tracking settings come from: Jupyter's config system and the project config file
(read by ``nbcraft.project_config``, used only when trusted)."""

from __future__ import annotations

from pathlib import Path

from traitlets import Bool, Float, Int, List, Unicode
from traitlets.config import LoggingConfigurable

from ..project_config import read_project_config
from .errors import TrackingConfigError


class NbcraftTracking(LoggingConfigurable):
    """nbcraft's experiment-tracking settings (``c.NbcraftTracking.*`` in jupyter_server_config)."""

    uri = Unicode(
        "",
        config=True,
        help="Tracking server for the sidebar and for kernels: http(s)://host:port, databricks, "
        "databricks://<profile> or azureml://... The user's trackingUri setting (nbcraft:tracking) "
        "wins over it. Empty: tracking.uri of nbcraft.json/pyproject.toml at the Jupyter root "
        "(once the user trusted that file), then MLFLOW_TRACKING_URI, then the embedded server.",
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
    embedded_experiments = List(
        Unicode(),
        default_value=[],
        config=True,
        help="Experiments the embedded server's store gets once it answers, unless it has them "
        "(make lab: the sample's), so a notebook's mlflow.set_experiment finds its experiment "
        "instead of creating it with an INFO line on the notebook's stderr. A name MLflow would "
        "refuse (empty, longer than 256 characters) is skipped with a warning.",
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
    max_concurrent_requests = Int(
        16,
        config=True,
        help="Proxied requests in flight at once; one more is answered 429 with Retry-After "
        "(a bound on the memory and connections the proxy uses). 0 = no bound.",
    )
    env_credentials_origins = List(
        Unicode(),
        default_value=[],
        config=True,
        help="Tracking servers (http(s)://host[:port]) that may receive MLFLOW_TRACKING_TOKEN, "
        "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD from Jupyter's environment when "
        "the tracking URI was set somewhere else than MLFLOW_TRACKING_URI (c.NbcraftTracking.uri, "
        "the trackingUri setting, a trusted nbcraft.json). By default those credentials go only "
        "to the server of MLFLOW_TRACKING_URI, and kernels do not get them either.",
    )


def read_project_tracking_uri(root: Path) -> tuple[str | None, str]:
    """``tracking.uri`` of the project config at the root (``nbcraft.project_config``).

    Returns ``(uri or None, source description)``. The URI is used only when the user
    trusted the file's exact content; untrusted, it is ``(None, why it is held back)`` and
    resolution goes on to the next source. A file that exists but is broken is an error
    naming the file and the key, never silently ignored.
    """
    config = read_project_config(root)
    if config.error is not None:
        raise TrackingConfigError(
            f"{Path(root) / str(config.error)}.",
            hint="Fix the file; nbcraft ignores no part of its config.",
        )
    if config.path is None:
        return None, ""
    source = f"{config.key('tracking.uri')} in {Path(root) / config.source}"
    if config.source == "pyproject.toml":
        source = f"tracking.uri in [tool.nbcraft] of {Path(root) / config.source}"
    tracking, held_back = config.section("tracking")
    if held_back is not None:
        return None, held_back
    if tracking is None:
        return None, source
    where = Path(root) / config.source
    if not isinstance(tracking, dict):
        raise TrackingConfigError(
            f'{where}: {config.key("tracking")}: expected an object like {{"uri": "..."}}.'
        )
    uri = tracking.get("uri")
    if uri is None:
        return None, source
    if not isinstance(uri, str):
        raise TrackingConfigError(
            f"{where}: {config.key('tracking.uri')}: expected a string, not {type(uri).__name__}."
        )
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
