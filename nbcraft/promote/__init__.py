"""Promote's Python side: kernels started by this Jupyter server import promoted modules.

Promote (the CLI and the lab's dialog, both in ``@nbcraft/lint-rules``) puts a module's
import root on pytest's ``pythonpath``; ``kernel_paths.py`` reads that option in each kernel.
``setup(server_app)`` is called by ``nbcraft.extension``: it serves ``promote/existing``
(``handlers.py``: the preview's question about paths the listings leave out) and
``promote/remove-folder`` (a refused promotion's roll-back of a folder it made), and points
``PYTHONSTARTUP`` at that file in the server's environment, which every kernel it starts
inherits (IPython kernels run the file at start-up), keeping the user's own start-up file to
run after it; and it leaves promote's temporary names out of listings (``hide_temporary_names``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

STARTUP_VAR = "PYTHONSTARTUP"
USER_STARTUP_VAR = "NBCRAFT_USER_PYTHONSTARTUP"
KERNEL_PATHS = Path(__file__).resolve().parent / "kernel_paths.py"
# The names the lab's promote writes under before renaming into place (``temporaryName`` in
# src/promote/writePlan.ts), in the notebook's folder: see ``hide_temporary_names``.
TEMPORARY_GLOB = "*.nbcraft-*.tmp"


def export_kernel_startup(environ: Any) -> dict[str, str | None]:
    """Point ``PYTHONSTARTUP`` at kernel_paths.py; returns the values to restore."""
    saved = {name: environ.get(name) for name in (STARTUP_VAR, USER_STARTUP_VAR)}
    current = environ.get(STARTUP_VAR)
    if current and Path(current).resolve() != KERNEL_PATHS:
        environ[USER_STARTUP_VAR] = current
    environ[STARTUP_VAR] = str(KERNEL_PATHS)
    return saved


def hide_temporary_names(contents_manager: Any) -> None:
    """Leave promote's temporary names out of listings (``hide_globs``; Contents still reads,
    writes, renames and deletes them).

    The file browser lists the notebook's folder while promote renames and deletes them there:
    jupyter_server lists by ``lstat`` then ``get`` of each entry, and an entry gone between the
    two made the whole listing 404, which JupyterLab shows as a "Directory not found" dialog on
    the user's own folder. A ``hide_globs`` name is skipped before that ``get``.
    """
    if TEMPORARY_GLOB not in contents_manager.hide_globs:
        contents_manager.hide_globs = [*contents_manager.hide_globs, TEMPORARY_GLOB]


def restore(environ: Any, saved: dict[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value


def setup(server_app: Any) -> list[tuple[Any, ...]]:
    from ..tracking import _stop_with
    from .handlers import EmptyFolderHandler, ExistingPathsHandler

    saved = export_kernel_startup(os.environ)
    _stop_with(server_app, lambda: restore(os.environ, saved))
    hide_temporary_names(server_app.contents_manager)
    return [
        ("promote/existing", ExistingPathsHandler),
        ("promote/remove-folder", EmptyFolderHandler),
    ]
