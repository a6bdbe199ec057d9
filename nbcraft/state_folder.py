"""A state folder in the project (``.nbcraft``) that nbcraft writes private files to.

It is in the project, so a cloned repository may ship it: a link there (``.nbcraft -> public``,
``mlflow-server.pid -> ~/.bashrc``) would have nbcraft write through it, a folder of another
user is not ours, and a shipped ``.gitignore`` may un-ignore what nbcraft keeps there. Used by
the embedded MLflow server and the job store.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

_GITIGNORE = "# created by nbcraft: local state\n*\n"


def folder_problem(folder: Path, own: list[Path], show: Callable[[Path], str] = str) -> str | None:
    """Why ``folder`` (with nbcraft's files ``own`` in it) cannot be used, or None; ``show``:
    how the message names a path (a client of the routes sees it relative to the root)."""
    for path in [folder, *own]:
        if path.is_symlink():
            return (
                f"{show(path)} is a symbolic link, and nbcraft writes only its own files in "
                f"{show(folder)}: remove the link (a cloned repository may have shipped it)."
            )
    with contextlib.suppress(FileNotFoundError):
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return f"{show(folder)} belongs to another user."
    return None


def ignore_all(folder: Path) -> None:
    """``folder/.gitignore`` ignoring everything, written over one that does anything else."""
    gitignore = folder / ".gitignore"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        lines = gitignore.read_text(encoding="utf-8").splitlines()
        if [line.strip() for line in lines if line.strip() and not line.startswith("#")] == ["*"]:
            return
    gitignore.write_text(_GITIGNORE, encoding="utf-8")
