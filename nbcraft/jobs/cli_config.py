"""The user's Jupyter server config for ``jupyter nbcraft run``, loaded as ``jupyter server``
loads it (``JupyterApp.load_config_file``): ``jupyter_config`` then ``jupyter_server_config``
(``.py`` then ``.json``) in every folder of ``jupyter_core.paths.jupyter_config_path()``, the
first folder (``JUPYTER_CONFIG_DIR``) winning. The files are the user's own, trusted as the
server trusts them; a broken one is an error naming the file and the line."""

from __future__ import annotations

import json
import traceback
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

BASE_NAMES = ("jupyter_config", "jupyter_server_config")


class JupyterConfigError(ValueError):
    """A Jupyter config file that cannot be loaded; the message names the file and line."""


def config_folders() -> list[str]:
    """Where ``jupyter server`` looks, highest priority first (as ``JupyterApp``)."""
    from jupyter_core.paths import jupyter_config_dir, jupyter_config_path

    folders = jupyter_config_path()
    if jupyter_config_dir() not in folders:
        folders.insert(0, jupyter_config_dir())
    return folders


def load_server_config(folders: list[str] | None = None) -> Config:
    """The merged config. Lower-priority folders are loaded first so the first one wins, and
    within a folder ``.json`` wins over ``.py``, as traitlets' ``Application`` does."""
    folders = config_folders() if folders is None else folders
    config = Config()
    for base in BASE_NAMES:
        for folder in reversed(folders):
            for loader_class, ext in ((PyFileConfigLoader, ".py"), (JSONFileConfigLoader, ".json")):
                loader = loader_class(base + ext, path=folder)
                try:
                    loaded = loader.load_config()
                except ConfigFileNotFound:
                    continue
                except Exception as error:  # noqa: BLE001 - a user's .py file may raise anything
                    raise JupyterConfigError(_located(Path(folder) / (base + ext), error)) from None
                config.merge(loaded)
    return config


def _located(path: Path, error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        return f"{path}, line {error.lineno}: {error.msg}"
    if isinstance(error, json.JSONDecodeError):
        return f"{path}, line {error.lineno} column {error.colno}: {error.msg}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == path]
    where = f", line {frames[-1].lineno}" if frames else ""
    return f"{path}{where}: {type(error).__name__}: {error}"
