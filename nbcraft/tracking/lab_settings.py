"""Read nbcraft's JupyterLab extension settings on the server.

The settings editor stores each plugin's user settings in
``<user settings dir>/nbcraft/<plugin>.jupyterlab-settings``: JSON5 (comments, trailing
commas), written by JupyterLab's settings API. The server reads two keys from them:
``trackingUri`` of ``nbcraft:tracking`` and ``targets`` of ``nbcraft:compute``.

The user settings folder is LabApp's ``user_settings_dir`` when JupyterLab runs in this
server, else what JupyterLab would use: ``JUPYTERLAB_SETTINGS_DIR`` or
``<jupyter config dir>/lab/user-settings``.

A file that cannot be parsed is an error naming the file and line, never ignored silently.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PACKAGE = "nbcraft"


class LabSettingsError(ValueError):
    """The settings file exists but is not a JSON5 object; the message names the file."""


def user_settings_dir(server_app: Any = None) -> Path:
    """Where JupyterLab keeps user settings for this server."""
    manager = getattr(server_app, "extension_manager", None)
    if manager is not None:
        try:
            apps = manager.extension_apps.get("jupyterlab", set())
        except Exception:  # noqa: BLE001 - an odd extension manager: use the default below
            apps = set()
        for app in apps:
            configured = getattr(app, "user_settings_dir", "")
            if configured:
                return Path(configured)
    from_env = os.environ.get("JUPYTERLAB_SETTINGS_DIR")
    if from_env:
        return Path(from_env)
    from jupyter_core.paths import jupyter_config_dir

    return Path(jupyter_config_dir()) / "lab" / "user-settings"


def settings_file(settings_dir: Path, plugin: str) -> Path:
    """``nbcraft:compute`` -> ``<dir>/nbcraft/compute.jupyterlab-settings``."""
    return Path(settings_dir) / PACKAGE / f"{plugin}.jupyterlab-settings"


def read_plugin_settings(path: Path) -> dict[str, Any]:
    """The user's settings of one plugin; ``{}`` when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise LabSettingsError(f"{path} cannot be read: {type(error).__name__}.") from None
    if not text.strip():
        return {}
    import json5  # a jupyterlab_server dependency, so always present with JupyterLab

    try:
        data = json5.loads(text)
    except ValueError as error:
        raise LabSettingsError(f"{path}: invalid JSON5 ({error}).") from None
    if not isinstance(data, dict):
        raise LabSettingsError(f"{path} must hold a JSON object of settings.")
    return data


def stamp(path: Path) -> tuple[int, int] | None:
    """What changes when the file is rewritten (for cheap change detection)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
