"""Compute targets (issue 7): local kernels, Spark Connect, Databricks Connect and Jupyter
Enterprise Gateway, turned into kernelspecs ``nbcraft-<name>`` that carry the MLflow
tracking variables. See config.py (what can be declared), kernelspecs.py (where and how the
specs are written), checks.py (reachability), switching.py (rebind vs change kernel) and
gateway.py (kernels-mixer set-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_NAME = r"([^/]+)"  # positional: the handlers take it as `name`


def setup(server_app: Any) -> list[tuple]:
    from ..tracking import _stop_with
    from ..tracking.lab_settings import settings_file, user_settings_dir
    from .gateway import ensure_tracking_forwarded
    from .handlers import SwitchHandler, TargetHandler, TargetsHandler
    from .service import NbcraftCompute

    compute = NbcraftCompute(
        Path(server_app.root_dir),
        server_app=server_app,
        lab_settings_path=settings_file(user_settings_dir(server_app), "compute"),
        parent=server_app,
    )
    # Kernelspecs of trusted targets are written now, and removed again when this server stops.
    compute.refresh(force=True, write=True)
    compute.start_watching()
    _stop_with(server_app, compute.remove_own_kernelspecs)
    ensure_tracking_forwarded(server_app, compute.gateway_hold_back_local_tracking)
    server_app.web_app.settings["nbcraft_compute"] = compute
    kwargs = {"compute": compute}
    return [
        ("compute/targets", TargetsHandler, kwargs),
        (f"compute/targets/{_NAME}/switch", SwitchHandler, kwargs),
        (f"compute/targets/{_NAME}", TargetHandler, kwargs),
    ]
