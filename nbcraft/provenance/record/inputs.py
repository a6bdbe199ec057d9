"""``nbcraft/inputs.json`` and MLflow dataset inputs from a :class:`ReadLog`.

Digests are computed when a run is logged, once per file version: a cache keyed by path, size
and mtime keeps a second run that read the same files from hashing them again.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from .digest import file_digest, kind_for, tree_size

CONTEXT = "nbcraft.read"
_cache: dict[tuple, str] = {}


def _under(path: str, root: str | None) -> str | None:
    if not root:
        return None
    root = os.path.realpath(root)
    if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
        return os.path.relpath(path, root).replace(os.sep, "/")
    return None


def where(path: str, repo_root: str | None, jupyter_root: str | None) -> tuple[str, str]:
    """The location of a local path and the path as inputs.json shows it."""
    rel = _under(path, repo_root)
    if rel is not None:
        return "repo", rel
    rel = _under(path, jupyter_root)
    if rel is not None:
        return "jupyter-root", rel
    return "outside", path


def gone_problem(shown: str, error: OSError) -> str:
    return (
        f"{shown}: gone or unreadable before it could be hashed "
        f"({error.strerror or type(error).__name__})"
    )


def input_entries(
    reads: dict[str, str], repo_root: str | None, jupyter_root: str | None
) -> tuple[list[dict], list[str]]:
    """The entries of inputs.json, and what could not be recorded (one line each)."""
    entries, problems = [], []
    for path, reader in list(reads.items()):
        if not os.path.isabs(path):  # a URL given to spark.read or pyarrow
            entries.append({"path": path, "location": "outside", "size": None, "mtime": None,
                            "digest": None, "digest_kind": None, "reader": reader})  # fmt: skip
            problems.append(f"{path} ({reader}) is not a local file: recorded without a digest")
            continue
        location, shown = where(path, repo_root, jupyter_root)
        try:
            stat = os.stat(path)
            size = tree_size(path)
            kind = kind_for(size)
            key = (path, size, stat.st_mtime_ns, kind)
            digest = _cache.get(key)
            if digest is None:
                digest = _cache[key] = file_digest(path, kind)
        except OSError as error:
            problems.append(gone_problem(shown, error))
            continue
        entries.append({"path": shown, "location": location, "size": size,
                        "mtime": stat.st_mtime, "digest": digest, "digest_kind": kind,
                        "reader": reader})  # fmt: skip
    return entries, problems


def inputs_json(entries: list[dict]) -> bytes:
    return (json.dumps({"inputs": entries}, indent=1) + "\n").encode("utf-8")


def file_uri(path: str) -> str:
    return "file://" + quote(path.replace(os.sep, "/"))


def dataset_inputs(entries: list[dict], repo_root: str | None, jupyter_root: str | None):
    """MLflow ``DatasetInput`` entities: name = the recorded path, source = the file's URI,
    digest = the first 32 hex digits (MLflow's column is short), context ``nbcraft.read``."""
    from mlflow.entities import Dataset, DatasetInput, InputTag

    found = []
    for entry in entries:
        if not entry["digest"]:
            continue
        if entry["location"] == "repo":
            full = os.path.join(repo_root or "", entry["path"])
        elif entry["location"] == "jupyter-root":
            full = os.path.join(jupyter_root or "", entry["path"])
        else:
            full = entry["path"]
        dataset = Dataset(
            name=entry["path"],
            digest=entry["digest"][:32],
            source_type="local",
            source=json.dumps({"uri": file_uri(os.path.realpath(full))}),
        )
        found.append(DatasetInput(dataset, [InputTag("mlflow.data.context", CONTEXT)]))
    return found
