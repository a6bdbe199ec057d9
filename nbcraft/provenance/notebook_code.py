"""Whether a notebook git lists as modified is a change of code, for the lint rule NB511
(mlflow-run-dirty-tree) in the lab: running a committed notebook saves its outputs and
execution counts, and that alone must not make every run look like uncommitted work. A
notebook is unchanged when each cell's kind and source equal HEAD's blob (``notebook_cells``:
outputs, counts, ids and other metadata are not code). What chooses what runs is: the kernel
and language the notebook names (kernelspec name and language, language_info name; a key one
side lacks is no change, since a run adds language_info) and each cell's tags (papermill's
``parameters``, ``skip-execution``) and polyglot kernel. Only a regular file is read (not a
link, FIFO or device), and no more than ``SIZE_LIMIT`` + 1 bytes of it: anything that cannot
be read so, or is over ``SIZE_LIMIT``, counts as changed. The CLI's twin: lint-rules/src/cli/notebookCode.ts (both held to
lint-rules/test/fixtures/notebook-code-changes.json).

``nbcraft.git.dirty`` and the recorded diff (record/git.py) stay about every byte: they say
what a reproduction must apply, this says only whether there is code no one can check out.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from .record.notebook import notebook_cells
from .repository import GitError, git

SIZE_LIMIT = 16 * 1024 * 1024  # bytes of a notebook (either side) compared at most


# notebook-level keys that name what runs the cells, and a polyglot cell's kernel keys
_NOTEBOOK_KEYS = (("kernelspec", "name"), ("kernelspec", "language"), ("language_info", "name"))
_CELL_KEYS = (("polyglot_notebook", "kernelName"), ("dotnet_interactive", "language"))


def _nested(obj: Any, outer: str, inner: str) -> str | None:
    o = obj.get(outer) if isinstance(obj, dict) else None
    v = o.get(inner) if isinstance(o, dict) else None
    return v if isinstance(v, str) else None


def _code(text: bytes) -> tuple[list[str | None], list[tuple[Any, ...]]] | None:
    """The notebook's kernel keys (None: not said) and per cell its kind, source, tags and
    polyglot kernel; None when the text is not a notebook."""
    try:
        nb = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None
    if not all(isinstance(cell, dict) for cell in nb["cells"]):
        return None
    cells = []
    for cell, kind_source in zip(nb["cells"], notebook_cells(nb)):
        meta = cell.get("metadata")
        tags = meta.get("tags") if isinstance(meta, dict) else None
        cells.append(
            (
                kind_source["cell_type"],
                kind_source["source"],
                tuple(str(t) for t in tags) if isinstance(tags, list) else (),
                *(_nested(meta, o, i) or "" for o, i in _CELL_KEYS),
            )
        )
    kernel = [_nested(nb.get("metadata"), o, i) for o, i in _NOTEBOOK_KEYS]
    return kernel, cells


def same_notebook_code(committed: bytes, working: bytes) -> bool:
    """The two notebook texts hold the same code: cells (kind, source, tags, polyglot kernel,
    in order) and the kernel and language each names."""
    a, b = _code(committed), _code(working)
    if a is None or b is None:
        return False
    kernels_agree = all(x is None or y is None or x == y for x, y in zip(a[0], b[0]))
    return kernels_agree and a[1] == b[1]


def _read_bounded(file: Path, limit: int) -> bytes | None:
    """``file``'s bytes when it is a regular file (not followed through a link; a FIFO is
    opened without waiting for a writer) of at most ``limit`` bytes, else None. The bound is
    what was read, not a size taken before: a file that grows is cut at limit + 1."""
    fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        parts, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                return None
    finally:
        os.close(fd)


def code_changed_paths(repo: Path, paths: list[str], limit: int = SIZE_LIMIT) -> list[str]:
    """``paths`` (relative to ``repo``, as git status lists them) without the ``.ipynb`` files
    whose cells equal HEAD's blob."""
    return [p for p in paths if not p.lower().endswith(".ipynb") or _changed(repo, p, limit)]


def _changed(repo: Path, relpath: str, limit: int) -> bool:
    spec = f"HEAD:{relpath}"
    try:
        working = _read_bounded(Path(repo) / relpath, limit)
        if working is None:
            return True
        if int(git(repo, "cat-file", "-s", spec).strip()) > limit:
            return True
        committed = git(repo, "cat-file", "blob", spec, text=False)
        return not same_notebook_code(committed, working)
    except (OSError, ValueError, GitError):
        return True  # deleted, a link, unreadable, not at HEAD: a change
