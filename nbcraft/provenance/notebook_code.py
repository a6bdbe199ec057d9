"""Whether a notebook git lists as modified is a change of code, for the lint rule NB511
(mlflow-run-dirty-tree) in the lab: running a committed notebook saves its outputs and
execution counts, and that alone must not make every run look like uncommitted work. A
notebook is unchanged when each cell's kind and source equal HEAD's blob (``notebook_cells``:
outputs, counts, ids and metadata are not code). Anything unreadable, or over ``SIZE_LIMIT``,
counts as changed. The CLI's twin: lint-rules/src/cli/notebookCode.ts (both held to
lint-rules/test/fixtures/notebook-code-changes.json).

``nbcraft.git.dirty`` and the recorded diff (record/git.py) stay about every byte: they say
what a reproduction must apply, this says only whether there is code no one can check out.
"""

from __future__ import annotations

import json
from pathlib import Path

from .record.notebook import notebook_cells
from .repository import GitError, git

SIZE_LIMIT = 16 * 1024 * 1024  # bytes of a notebook (either side) compared at most


def _cells(text: bytes) -> list[dict[str, str]] | None:
    try:
        nb = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None
    if not all(isinstance(cell, dict) for cell in nb["cells"]):
        return None
    return notebook_cells(nb)


def same_notebook_code(committed: bytes, working: bytes) -> bool:
    """The two notebook texts hold the same cells (kind and source, in order)."""
    a, b = _cells(committed), _cells(working)
    return a is not None and b is not None and a == b


def code_changed_paths(repo: Path, paths: list[str], limit: int = SIZE_LIMIT) -> list[str]:
    """``paths`` (relative to ``repo``, as git status lists them) without the ``.ipynb`` files
    whose cells equal HEAD's blob."""
    return [p for p in paths if not p.lower().endswith(".ipynb") or _changed(repo, p, limit)]


def _changed(repo: Path, relpath: str, limit: int) -> bool:
    spec = f"HEAD:{relpath}"
    try:
        file = Path(repo) / relpath
        if file.stat().st_size > limit:
            return True
        if int(git(repo, "cat-file", "-s", spec).strip()) > limit:
            return True
        committed = git(repo, "cat-file", "blob", spec, text=False)
        return not same_notebook_code(committed, file.read_bytes())
    except (OSError, ValueError, GitError):
        return True  # deleted, unreadable, not at HEAD: a change
