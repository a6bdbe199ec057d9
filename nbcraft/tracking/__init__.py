"""Experiment tracking: the MLflow proxy, the status route and the embedded MLflow server.

``setup(server_app)`` is called by ``nbcraft.extension``; imports stay inside it so that the
run-context provider (loaded by MLflow inside kernels) does not pull in the server side.
"""

from __future__ import annotations

from typing import Any


def setup(server_app: Any) -> list[tuple[Any, ...]]:
    import atexit
    from pathlib import Path

    from .handlers import MlflowProxyHandler, MlflowStatusHandler
    from .lab_settings import settings_file, user_settings_dir
    from .service import TrackingService
    from .settings import NbcraftTracking

    settings = NbcraftTracking(parent=server_app)
    service = TrackingService(
        settings,
        Path(server_app.root_dir),
        server_app.log,
        lab_settings_path=settings_file(user_settings_dir(server_app), "tracking"),
    )
    service.start(server_app.io_loop)
    server_app.web_app.settings["nbcraft_tracking"] = service
    _stop_with(server_app, service.stop)
    atexit.register(service.stop)  # a Jupyter that exits without its clean-up path
    kwargs = {"service": service}
    return [
        ("mlflow/status", MlflowStatusHandler, kwargs),
        ("mlflow/(.*)", MlflowProxyHandler, kwargs),
    ]


def _stop_with(server_app: Any, stop: Any) -> None:
    """Run ``stop`` when the server shuts down.

    jupyter_server 2 calls shut-down hooks only for ExtensionApp-based extensions; a module
    extension like nbcraft gets none, so hook the server's own extension clean-up step.
    """
    original = server_app.cleanup_extensions

    async def cleanup_extensions() -> None:
        try:
            stop()
        finally:
            await original()

    server_app.cleanup_extensions = cleanup_extensions
