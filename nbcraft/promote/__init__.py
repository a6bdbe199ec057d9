"""Promote's Python side: kernels started by this Jupyter server import promoted modules.

Promote (the CLI and the lab's dialog, both in ``@nbcraft/lint-rules``) puts a module's
import root on pytest's ``pythonpath``; ``kernel_paths.py`` reads that option in each kernel.
``setup(server_app)`` is called by ``nbcraft.extension``: it serves ``promote/existing``
(``handlers.py``: the preview's question about paths the listings leave out) and
``promote/remove-folder`` (a refused promotion's roll-back of a folder it made), and points
``PYTHONSTARTUP`` at that file in the server's environment, which every kernel it starts
inherits (IPython kernels run the file at start-up), keeping the user's own start-up file to
run after it; and it makes folder listings leave out an entry that vanished mid-listing
(``listing.py``: promote renames and deletes in the folder the file browser lists).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

STARTUP_VAR = "PYTHONSTARTUP"
USER_STARTUP_VAR = "NBCRAFT_USER_PYTHONSTARTUP"
KERNEL_PATHS = Path(__file__).resolve().parent / "kernel_paths.py"


def export_kernel_startup(environ: Any) -> dict[str, str | None]:
    """Point ``PYTHONSTARTUP`` at kernel_paths.py; returns the values to restore."""
    saved = {name: environ.get(name) for name in (STARTUP_VAR, USER_STARTUP_VAR)}
    current = environ.get(STARTUP_VAR)
    if current and Path(current).resolve() != KERNEL_PATHS:
        environ[USER_STARTUP_VAR] = current
    environ[STARTUP_VAR] = str(KERNEL_PATHS)
    return saved


def restore(environ: Any, saved: dict[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value


def setup(server_app: Any) -> list[tuple[Any, ...]]:
    from ..tracking import _stop_with
    from .handlers import EmptyFolderHandler, ExistingPathsHandler
    from .listing import tolerate_vanishing_entries

    saved = export_kernel_startup(os.environ)
    _stop_with(server_app, lambda: restore(os.environ, saved))
    tolerate_vanishing_entries(server_app.contents_manager)
    return [
        ("promote/existing", ExistingPathsHandler),
        ("promote/remove-folder", EmptyFolderHandler),
    ]
