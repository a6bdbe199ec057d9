"""The notebook as it was when a run started: code and markdown, outputs dropped.

Read with ``json`` (no nbformat: this runs in kernels that may not have it). Cell ids, cell
metadata and the notebook's metadata stay; code cells lose ``outputs`` and get
``execution_count: null``. Written as nbformat writes notebooks (one-space indent, sorted keys),
so a notebook saved by JupyterLab with no outputs snapshots to the same text.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any


class NotebookUnreadable(ValueError):
    """The notebook file could not be snapshotted; the message names the file and why."""


def snapshot(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            nb = json.loads(file.read().decode("utf-8"))
    except FileNotFoundError:
        raise NotebookUnreadable(f"{path}: the notebook file does not exist") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise NotebookUnreadable(f"{path}: not a readable notebook ({error})") from None
    except RecursionError:
        raise NotebookUnreadable(f"{path}: not a readable notebook (nested too deeply)") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookUnreadable(f"{path}: not a notebook (no `cells` list)")
    if nb.get("nbformat") != 4:
        raise NotebookUnreadable(f"{path}: nbformat {nb.get('nbformat')!r}, expected 4")
    for cell in nb["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def notebook_cells(nb: Any) -> list[dict[str, str]]:
    """The cells as the lab compares them: type and source (outputs are not part of a
    snapshot)."""
    cells = nb.get("cells") if isinstance(nb, dict) else None
    out = []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict):
            continue
        out.append(
            {
                "cell_type": str(cell.get("cell_type", "")),
                "source": source_text(cell.get("source", "")),
            }
        )
    return out


def source_text(source: Any) -> str:
    """A cell's ``source`` as one string (nbformat allows a list of lines)."""
    if isinstance(source, list):
        return "".join(str(part) for part in source)
    return str(source)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def notebook_file(session_name: str | None, jupyter_root: str | None) -> str | None:
    """The notebook's absolute path from ``JPY_SESSION_NAME`` (absolute, or relative to the
    Jupyter root), or None when the session is not a notebook file."""
    if not session_name or not session_name.endswith(".ipynb"):
        return None
    if os.path.isabs(session_name):
        return session_name
    base = jupyter_root or os.getcwd()
    return os.path.join(base, session_name)
