"""What the lab shows about runs' provenance (the routes in handlers.py are thin over this):

- :func:`run_summary`: one run's record against now: the commit (still in the repository?),
  the notebook snapshot against the file now, the environment against a kernel's or the
  server's, each data input's "changed since";
- :func:`compare_records`: two runs' records against each other (b relative to a);
- :func:`git_state`: the repository of a notebook under the Jupyter root, for the lint rule.

Paths from a request are confined to the Jupyter root (no ``..``, no absolute path, no
symlink out of it). Nothing here holds or returns a credential.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path, PurePosixPath
from typing import Any

from ..relative_path import confined, refusal
from . import record_reader as rr
from .notebook_code import code_changed_paths
from .repository import GitError, find_repository, has_commit, is_tracked, status


class PathRefused(ValueError):
    """A request's path that is not a file under the Jupyter root."""


def under_root(root: Path, relpath: str) -> Path:
    """``relpath`` (POSIX, relative to ``root``) as a path that stays under ``root`` once
    symlinks are resolved; else PathRefused."""
    if not isinstance(relpath, str) or not relpath.strip():
        raise PathRefused("a path relative to the Jupyter root is required")
    why = refusal(relpath.strip())
    if why is not None:
        raise PathRefused(f"{relpath!r}: {why}, not a path under the Jupyter root")
    pure = PurePosixPath(relpath.strip())
    try:
        root = Path(root).resolve()
        path = (root / Path(*pure.parts)).resolve()
        path.relative_to(root)
    except ValueError:
        raise PathRefused(f"{relpath!r}: leads outside the Jupyter root") from None
    except (OSError, RuntimeError) as error:  # a symlink loop; said without the root's path
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise PathRefused(
            f"{relpath!r}: cannot be followed under the Jupyter root ({reason})"
        ) from None
    return path


# ------------------------------------------------------------------ environments


# Run by a kernel's interpreter, which may not have nbcraft: the standard library only.
_LIST_SCRIPT = """
import importlib.metadata as md, json, site, sys
dists = {}
for d in md.distributions():
    n = d.metadata["Name"] if d.metadata else None
    if n:
        dists.setdefault(n, d.version)
paths = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
print(json.dumps({"dists": dists, "paths": paths}))
"""

_cache: dict[str, tuple[tuple, dict[str, tuple[str, str]]]] = {}
_cache_lock = threading.Lock()


def _stamp(paths: list[str]) -> tuple:
    stamps = []
    for path in paths:
        try:
            stamps.append((path, os.stat(path).st_mtime_ns))
        except OSError:
            stamps.append((path, None))
    return tuple(stamps)


def server_distributions() -> dict[str, tuple[str, str]]:
    """This process's installed distributions (importlib.metadata), normalized name ->
    (name, version); listed once (hundreds of metadata files) and cached, as another
    interpreter's are, until its site-packages folders change."""
    import importlib.metadata as md

    paths = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
    stamp = _stamp(paths)
    with _cache_lock:
        cached = _cache.get("")
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found: dict[str, tuple[str, str]] = {}
    for dist in md.distributions():
        name = dist.metadata["Name"] if dist.metadata else None
        if name:
            found.setdefault(rr.normalize(name), (name, dist.version))
    with _cache_lock:
        _cache[""] = (stamp, found)
    return found


def interpreter_distributions(python: str) -> dict[str, tuple[str, str]]:
    """The distributions of another interpreter (a kernel's), listed once and cached until
    its site-packages folders change (an install adds or removes a ``.dist-info``)."""
    with _cache_lock:
        cached = _cache.get(python)
    if cached is not None and _stamp([p for p, _ in cached[0]]) == cached[0]:
        return cached[1]
    done = subprocess.run(
        [python, "-I", "-c", _LIST_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise RuntimeError(f"{python} could not list its packages: {last}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    found = {rr.normalize(n): (n, v) for n, v in data["dists"].items()}
    with _cache_lock:
        _cache[python] = (_stamp(data["paths"]), found)
    return found


def kernel_interpreter(kernel_manager: Any, kernel_id: str) -> tuple[str | None, str]:
    """(the kernel's interpreter, its kernelspec's display name); interpreter None for a
    kernel that runs elsewhere (a gateway's). KeyError for an unknown kernel id."""
    if kernel_id not in kernel_manager:
        raise KeyError(kernel_id)
    km = kernel_manager.get_kernel(kernel_id)
    name = getattr(km, "kernel_name", "") or ""
    ksm = getattr(kernel_manager, "kernel_spec_manager", None)
    remote = getattr(ksm, "is_remote", None)
    if callable(remote) and remote(name):
        return None, name
    spec = getattr(km, "kernel_spec", None)
    if spec is None:
        return None, name
    display = getattr(spec, "display_name", "") or name
    argv = list(getattr(spec, "argv", []) or [])
    if not argv:
        return None, display
    python = argv[0]
    # As jupyter_client's KernelManager does: a bare "python" is the server's own.
    major, minor = sys.version_info[:2]
    if python in {"python", f"python{major}", f"python{major}.{minor}"}:
        python = sys.executable
    return python, display


# ------------------------------------------------------------------ one run


def _git_section(tags: dict[str, str], repo: Path | None) -> dict[str, Any]:
    commit = tags.get(rr.COMMIT)
    in_repo = None
    if commit and repo is not None:
        try:
            in_repo = has_commit(repo, commit)
        except (OSError, subprocess.SubprocessError):
            in_repo = None
    elif commit:
        in_repo = False
    return {
        "commit": commit,
        "branch": tags.get(rr.BRANCH),
        "repo_url": tags.get(rr.REPO_URL),
        "dirty": _bool(tags.get(rr.DIRTY)),
        "diff_truncated": tags.get(rr.DIFF_TRUNCATED) == "true",
        "in_repository": in_repo,
        # the notebook file itself: committed | modified | untracked | ignored, "outside"
        # the repository, or None (not recorded)
        "notebook": _notebook_in_git(tags),
    }


def _notebook_in_git(tags: dict[str, str]) -> str | None:
    state = tags.get(rr.GIT_NOTEBOOK)
    if state:
        return state
    # nbcraft's git step ran (it tags `dirty`) and found no path of the notebook in the
    # repository; a commit alone may be MLflow's own git context, set when nbcraft's failed
    if tags.get(rr.DIRTY) and tags.get(rr.NOTEBOOK) and not tags.get(rr.GIT_PATH):
        return "outside"
    return None


def _bool(value: str | None) -> bool | None:
    return None if value is None else value == "true"


def _notebook_section(record: rr.RunRecord, root: Path) -> dict[str, Any]:
    tags = record.tags
    path = tags.get(rr.NOTEBOOK)
    snapshot = record.snapshot()
    snapshot_cells = rr.notebook_cells(snapshot) if snapshot is not None else []
    current: list[dict[str, str]] | None = None
    if path:
        try:
            file = under_root(root, path)
            current = rr.notebook_cells(json.loads(file.read_text(encoding="utf-8")))
        except (PathRefused, OSError, ValueError):
            current = None
    changed = None if current is None or snapshot is None else current != snapshot_cells
    return {
        "path": path,
        "sha256": tags.get(rr.NOTEBOOK_SHA),
        # same | extra | differs: whether the cells the kernel ran are the snapshot's; None
        # when not checked (a job runs the file itself; runs recorded before the check)
        "executed": tags.get(rr.EXECUTED),
        "changed": changed,
        "snapshot_cells": snapshot_cells,
        "current_cells": current,
    }


def _environment_section(
    record: rr.RunRecord,
    repo: Path | None,
    root: Path,
    now: dict[str, tuple[str, str]] | None,
    compared_with: str,
) -> dict[str, Any]:
    tags = record.tags
    lock = record.lock()
    lockfile = tags.get(rr.LOCKFILE)
    lockfile_changed = None
    if lockfile and repo is not None and tags.get(rr.LOCKFILE_SHA):
        file = input_file(rr.Input(lockfile, "repo", None, None, "x", "sha256", ""), repo, root)
        if file is not None and file.is_file():
            lockfile_changed = rr.file_sha256(file) != tags[rr.LOCKFILE_SHA]
    diff = (
        rr.environment_diff(lock.versions(), now)
        if lock is not None and now is not None
        else {"added": [], "removed": [], "changed": []}
    )
    return {
        "python": tags.get(rr.PYTHON) or (lock.python if lock else None),
        "platform": tags.get(rr.PLATFORM) or (lock.platform if lock else None),
        "target": tags.get(rr.TARGET),
        "lockfile": lockfile,
        "lockfile_changed": lockfile_changed,
        "compared_with": compared_with,
        **diff,
    }


def input_file(item: rr.Input, repo: Path | None, root: Path) -> Path | None:
    """Where a recorded input is now: ``repo`` paths under the repository, ``jupyter-root``
    paths under the Jupyter root (relative, no ``..``, no symlink out), ``outside`` paths as
    recorded (absolute). None for a path that breaks those rules."""
    pure = PurePosixPath(item.path)
    if item.location == "outside":
        return Path(item.path) if pure.is_absolute() else None
    base = root if item.location == "jupyter-root" else repo
    if base is None or not confined(item.path):
        return None
    path = base / Path(*pure.parts)
    try:
        path.resolve().relative_to(base.resolve())
    except (ValueError, OSError):
        return None
    return path


def input_changed(item: rr.Input, file: Path | None) -> bool | None:
    """True/False; None when the file is gone now, was recorded without a digest (a URL), or
    lies outside the repository and the Jupyter root (the lab never reads those)."""
    if not item.digest or item.location == "outside" or file is None:
        return None
    if not (file.is_file() or file.is_dir()):  # gone, or a device, fifo or socket
        return None
    if file.is_file() and item.size is not None and file.stat().st_size != item.size:
        return True  # no need to read it
    try:
        if rr.input_digest(file, item.digest_kind) == item.digest:
            return False
    except (OSError, ValueError):
        return None
    return not rr.recorded_before(file, item)


def _inputs_section(record: rr.RunRecord, repo: Path | None, root: Path) -> list[dict]:
    out = []
    for item in record.inputs():
        out.append(
            {
                "path": item.path,
                "location": item.location,
                "size": item.size,
                "digest_kind": item.digest_kind,
                "reader": item.reader,
                "changed": input_changed(item, input_file(item, repo, root)),
            }
        )
    return out


def run_repository(tags: dict[str, str], root: Path) -> Path | None:
    """The repository of the run's notebook (``nbcraft.notebook``, under the Jupyter root),
    else the Jupyter root's: a root holding several project repositories is common."""
    notebook = tags.get(rr.NOTEBOOK)
    if notebook:
        try:
            folder = under_root(root, notebook).parent
        except PathRefused:
            folder = None
        if folder is not None and folder.is_dir():
            found = _repository_of(folder)
            if found is not None:
                return found
    return _repository_of(root)


def _repository_of(folder: Path) -> Path | None:
    """``find_repository``, with a folder the file system cannot look into as none."""
    try:
        return find_repository(folder)
    except OSError:
        return None


def run_summary(
    record: rr.RunRecord,
    root: Path,
    now: dict[str, tuple[str, str]] | None,
    compared_with: str,
    environment_note: str | None = None,
) -> dict[str, Any]:
    """``GET /nbcraft/provenance/runs/<id>``: the record against the Jupyter root's
    repository, the notebook file and the environment ``now`` (None: not known)."""
    tags = record.tags
    repo = run_repository(tags, root)
    state = tags.get(rr.PROVENANCE)
    if state in ("complete", "partial"):
        note = tags.get(rr.PROVENANCE_NOTE, "")
    else:
        state = "none"
        note = (
            "this run has no provenance record: it was not started from a notebook kernel or "
            "a job with nbcraft's recording"
        )
    environment = _environment_section(record, repo, root, now, compared_with)
    if environment_note:
        environment["note"] = environment_note
    return {
        "run_id": record.run_id,
        "status": state,
        "note": note,
        "git": _git_section(tags, repo),
        "notebook": _notebook_section(record, root),
        "environment": environment,
        "inputs": _inputs_section(record, repo, root),
    }


def compare_records(a: rr.RunRecord, b: rr.RunRecord) -> dict[str, Any]:
    """``GET /nbcraft/provenance/compare``: b relative to a."""
    commit_a, commit_b = a.tags.get(rr.COMMIT), b.tags.get(rr.COMMIT)
    snap_a, snap_b = a.snapshot(), b.snapshot()
    lock_a, lock_b = a.lock(), b.lock()
    environment = rr.environment_diff(
        lock_a.versions() if lock_a else {}, lock_b.versions() if lock_b else {}
    )
    inputs_a = {item.path: item for item in a.inputs()}
    inputs_b = {item.path: item for item in b.inputs()}
    inputs = []
    for path in sorted(inputs_a.keys() | inputs_b.keys()):
        da = inputs_a[path].digest if path in inputs_a else None
        db = inputs_b[path].digest if path in inputs_b else None
        inputs.append({"path": path, "a": da, "b": db, "same": da is not None and da == db})
    return {
        "a": a.run_id,
        "b": b.run_id,
        "git": {"a": commit_a, "b": commit_b, "same": bool(commit_a) and commit_a == commit_b},
        "notebook": {
            "a_cells": rr.notebook_cells(snap_a) if snap_a is not None else None,
            "b_cells": rr.notebook_cells(snap_b) if snap_b is not None else None,
            # a run that ran code its snapshot does not hold: the snapshots alone do not
            # say what ran
            "a_executed": a.tags.get(rr.EXECUTED),
            "b_executed": b.tags.get(rr.EXECUTED),
            "a_note": rr.executed_note(a.tags),
            "b_note": rr.executed_note(b.tags),
            # whether the two ran the same cells (None: a run without the digest, a job)
            "executed_same": _same_digest(a.tags, b.tags, rr.EXECUTED_SHA),
        },
        "environment": environment,
        "inputs": inputs,
    }


def _same_digest(a: dict[str, str], b: dict[str, str], tag: str) -> bool | None:
    return a[tag] == b[tag] if a.get(tag) and b.get(tag) else None


def git_state(root: Path, relpath: str | None) -> dict[str, Any]:
    """``GET /nbcraft/provenance/git``: the repository of ``relpath`` (or of the root), dirty
    when tracked files differ from HEAD in code (notebook_code.py: a notebook whose cells'
    kinds and sources are HEAD's is left out; unlike ``nbcraft.git.dirty``)."""
    root = Path(root).resolve()
    target = under_root(root, relpath) if relpath else root
    try:
        folder = target if target.exists() else target.parent
    except OSError:  # too long once under the root, or not to be looked into
        folder = None
    repo = _repository_of(folder) if folder is not None else None
    if repo is None:
        return {"repository": None, "dirty": None, "dirty_paths": [], "notebook_tracked": None}
    try:
        state = status(repo)
    except GitError:
        return {"repository": None, "dirty": None, "dirty_paths": [], "notebook_tracked": None}
    tracked = None
    if relpath:
        tracked = target.is_file() and is_tracked(repo, os.path.relpath(target, repo))
    # a notebook saved after a run (outputs, counts) is no uncommitted code for NB511
    changed = code_changed_paths(repo, state.dirty_paths)
    return {
        "repository": PurePosixPath(Path(os.path.relpath(repo, root))).as_posix(),
        "dirty": bool(changed),
        "dirty_paths": changed,
        "notebook_tracked": tracked,
    }
