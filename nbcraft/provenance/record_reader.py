"""Reading a run's provenance record back: its tags and its ``nbcraft/`` artifacts (pure parsing
plus one download through MLflow's client). Shared by the lab's summary (summary.py) and by
``reproduce`` (reproduce.py); the recording side (record/) writes what this reads, as the
contract in docs/provenance.md says.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .record.executed import DIFFERS as EXECUTED_DIFFERS
from .record.executed import (
    EXECUTED,
    EXECUTED_SHA,  # noqa: F401 - the tags' names are read from here
)
from .record.executed import EXTRA as EXECUTED_EXTRA
from .record.executed import MARK as EXECUTED_MARK
from .record.notebook import notebook_cells  # noqa: F401 - the views compare cells with it

# Tags (written by the recording side; mlflow.source.git.* are MLflow's own names).
COMMIT = "mlflow.source.git.commit"
BRANCH = "mlflow.source.git.branch"
REPO_URL = "mlflow.source.git.repoURL"
DIRTY = "nbcraft.git.dirty"
DIFF_TRUNCATED = "nbcraft.git.diff_truncated"
GIT_PATH = "nbcraft.git.path"
GIT_NOTEBOOK = "nbcraft.git.notebook"  # committed | modified | untracked | ignored
NOTEBOOK = "nbcraft.notebook"
NOTEBOOK_SHA = "nbcraft.notebook.sha256"
# EXECUTED (same | extra | differs): the cells the kernel ran against the snapshot
# (record/executed.py)
PYTHON = "nbcraft.python"
PLATFORM = "nbcraft.platform"
TARGET = "nbcraft.compute_target"
LOCKFILE = "nbcraft.env.lockfile"
LOCKFILE_SHA = "nbcraft.env.lockfile.sha256"
PROVENANCE = "nbcraft.provenance"
PROVENANCE_NOTE = "nbcraft.provenance.note"
REPRODUCES = "nbcraft.reproduces"

ARTIFACT_DIR = "nbcraft"
SNAPSHOT, LOCK, DIFF, INPUTS, HISTORY = (
    "notebook.ipynb",
    "requirements.lock",
    "git.diff",
    "inputs.json",
    "history.json",
)

# MLflow run ids: 32 hex on MLflow and Databricks; Azure ML names runs with letters, digits,
# `_` and `-`. Nothing else reaches a URL or a path.
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
_REQ = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)$")
_LOCAL = re.compile(
    r"^#\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)\s+\(local: (?P<url>.*)\)\s*$"
)


class RecordError(ValueError):
    """A run or its record cannot be read; the message says which and why."""


def executed_note(tags: dict[str, str]) -> str | None:
    """The parts of the provenance note that name executions the snapshot does not hold
    (``extra`` or ``differs`` runs), else None."""
    if tags.get(EXECUTED) not in (EXECUTED_EXTRA, EXECUTED_DIFFERS):
        return None
    parts = [p for p in tags.get(PROVENANCE_NOTE, "").split("; ") if EXECUTED_MARK in p]
    return "; ".join(parts) or None


def valid_run_id(run_id: str) -> bool:
    return bool(_RUN_ID.match(run_id or ""))


def normalize(name: str) -> str:
    """PEP 503's normalized distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    name: str
    version: str
    local: str | None = None  # the URL of an editable/local install, from direct_url.json


@dataclass
class Lock:
    """``nbcraft/requirements.lock``: pip format, plus header and local-install comments."""

    python: str | None = None
    platform: str | None = None
    requirements: dict[str, Requirement] = field(default_factory=dict)  # normalized name ->

    @classmethod
    def parse(cls, text: str) -> Lock:
        lock = cls()
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                local = _LOCAL.match(line)
                if local:
                    req = Requirement(local["name"], local["version"], local["url"])
                    lock.requirements[normalize(req.name)] = req
                elif line.lower().startswith("# python "):
                    lock.python = line[len("# python ") :].strip()
                elif line.lower().startswith("# platform "):
                    lock.platform = line[len("# platform ") :].strip()
                continue
            match = _REQ.match(line.split(";")[0].strip())
            if match:
                req = Requirement(match["name"], match["version"])
                lock.requirements[normalize(req.name)] = req
        return lock

    def versions(self) -> dict[str, tuple[str, str]]:
        return {key: (req.name, req.version) for key, req in self.requirements.items()}


def environment_diff(
    before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]
) -> dict[str, list[dict[str, str]]]:
    """``after`` relative to ``before`` (normalized name -> (shown name, version))."""
    added = [
        {"name": after[k][0], "version": after[k][1]} for k in sorted(after.keys() - before.keys())
    ]
    removed = [
        {"name": before[k][0], "version": before[k][1]}
        for k in sorted(before.keys() - after.keys())
    ]
    changed = [
        {"name": before[k][0], "run": before[k][1], "now": after[k][1]}
        for k in sorted(before.keys() & after.keys())
        if before[k][1] != after[k][1]
    ]
    return {"added": added, "removed": removed, "changed": changed}


@dataclass(frozen=True)
class Input:
    path: str
    location: str  # repo | jupyter-root | outside
    size: int | None
    mtime: float | None
    digest: str
    digest_kind: str  # sha256 | sampled-sha256
    reader: str


def _finite(value: Any) -> float | None:
    """A number as a float; None for anything else, NaN and Infinity too (served back, the
    browser's JSON.parse read neither)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of 400 digits
        return None
    return number if math.isfinite(number) else None


def parse_inputs(text: str) -> list[Input]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"{ARTIFACT_DIR}/{INPUTS}: invalid JSON at line {error.lineno}") from None
    except (ValueError, RecursionError):  # a huge number, deep nesting
        raise RecordError(f"{ARTIFACT_DIR}/{INPUTS}: not valid JSON") from None
    items = data.get("inputs") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise RecordError(f'{ARTIFACT_DIR}/{INPUTS}: expected {{"inputs": [...]}}')
    found = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise RecordError(f"{ARTIFACT_DIR}/{INPUTS}: inputs[{index}] has no `path`")
        size, mtime = item.get("size"), item.get("mtime")
        found.append(
            Input(
                path=item["path"],
                location=str(item.get("location") or "repo"),
                size=size if isinstance(size, int) else None,
                mtime=_finite(mtime),
                digest=str(item.get("digest") or ""),
                digest_kind=str(item.get("digest_kind") or "sha256"),
                reader=str(item.get("reader") or "open"),
            )
        )
    return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_digest(path: Path, kind: str) -> str:
    """The digest of ``path`` (a file or a folder) exactly as the recording computed it
    (record/digest.py owns the algorithm). OSError when it is gone or unreadable."""
    from .record.digest import file_digest

    return file_digest(str(path), kind)


def recorded_before(path: Path, item: Input) -> bool:
    """A sampled digest from a record made while the recorder still hashed the mtime: the
    same content when it matches with the mtime the record kept (a checkout or a copy
    changes the file's own mtime, so the new form of the digest cannot match it)."""
    from .record.digest import old_sampled_match

    try:
        return old_sampled_match(str(path), item.digest_kind, item.digest, item.mtime)
    except (OSError, ValueError):
        return False


@dataclass
class RunRecord:
    """One run's provenance: its MLflow run and the ``nbcraft/`` artifacts it has."""

    run: Any
    folder: Path  # where the artifacts were downloaded (a temporary folder)
    files: set[str]
    # The artifacts' bytes when the record is held in memory (record_cache.py) instead of
    # in ``folder``.
    contents: dict[str, bytes] | None = None

    @property
    def tags(self) -> dict[str, str]:
        return dict(self.run.data.tags)

    @property
    def run_id(self) -> str:
        return str(self.run.info.run_id)

    def text(self, name: str) -> str | None:
        if name not in self.files:
            return None
        if self.contents is not None:
            return self.contents[name].decode("utf-8", errors="replace")
        return (self.folder / name).read_text(encoding="utf-8", errors="replace")

    def snapshot(self) -> dict | None:
        text = self.text(SNAPSHOT)
        if text is None:
            return None
        try:
            nb = json.loads(text)
        except (ValueError, RecursionError):  # invalid JSON, a huge number, deep nesting
            raise RecordError(f"{ARTIFACT_DIR}/{SNAPSHOT}: not valid JSON") from None
        return nb if isinstance(nb, dict) else None

    def lock(self) -> Lock | None:
        text = self.text(LOCK)
        return None if text is None else Lock.parse(text)

    def inputs(self) -> list[Input]:
        text = self.text(INPUTS)
        return [] if text is None else parse_inputs(text)


def get_run(client: Any, run_id: str) -> Any:
    """The MLflow run, or RecordError("no run ...")."""
    if not valid_run_id(run_id):
        raise RecordError(f"{run_id!r} is not an MLflow run id")
    from mlflow.exceptions import MlflowException

    try:
        return client.get_run(run_id)
    except MlflowException as error:
        code = getattr(error, "error_code", "")
        if code in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "NOT_FOUND"):
            raise RecordError(f"no run {run_id} on the tracking server") from None
        raise


ARTIFACTS = frozenset({SNAPSHOT, LOCK, DIFF, INPUTS, HISTORY})
# What the lab's views read (summary.py): neither the diff nor the history.
VIEW_ARTIFACTS = frozenset({SNAPSHOT, LOCK, INPUTS})


def load_record(
    client: Any, run_id: str, into: Path | None = None, names: frozenset[str] = ARTIFACTS
) -> RunRecord:
    """The run and its ``nbcraft/`` artifacts among ``names``, downloaded into ``into``
    (default: a new temporary folder the caller removes)."""
    return download_record(client, get_run(client, run_id), into, names)


def download_record(
    client: Any, run: Any, into: Path | None = None, names: frozenset[str] = ARTIFACTS
) -> RunRecord:
    """``run``'s ``nbcraft/`` artifacts among ``names``, downloaded into ``into``."""
    run_id = str(run.info.run_id)
    folder = Path(into or tempfile.mkdtemp(prefix="nbcraft-record-"))
    present = {
        Path(item.path).name
        for item in client.list_artifacts(run_id, ARTIFACT_DIR)
        if not item.is_dir
    }
    wanted = present & names
    downloaded = folder / ARTIFACT_DIR
    downloaded.mkdir(parents=True, exist_ok=True)
    for name in sorted(wanted):
        local = client.download_artifacts(run_id, f"{ARTIFACT_DIR}/{name}", str(folder))
        if Path(local).resolve() != (downloaded / name).resolve():
            shutil.move(local, downloaded / name)
    files = {name for name in wanted if (downloaded / name).is_file()}
    return RunRecord(run, downloaded, files)
