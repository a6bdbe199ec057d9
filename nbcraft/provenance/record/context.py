"""What is known when a run starts: the tags and the ``nbcraft/`` artifacts of the contract
(``docs/provenance.md``), for the notebook a kernel or a job runs.

Pure of MLflow: it returns a :class:`StartRecord`; kernel.py and job.py log it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from . import environment, git, notebook

PROVENANCE = "nbcraft.provenance"
NOTE = "nbcraft.provenance.note"
NOTEBOOK_GIT = "nbcraft.git.notebook"
_MAX_TAG = 5000


@dataclass
class StartRecord:
    tags: dict[str, str] = field(default_factory=dict)
    artifacts: dict[str, bytes] = field(default_factory=dict)  # name under nbcraft/ -> bytes
    notes: list[str] = field(default_factory=list)  # what is missing, and why
    repo_root: str | None = None
    # cells that ran code the snapshot does not hold, so far (executed.py); the end record
    # says it again with every cell run until the run ended
    executed_notes: list[str] = field(default_factory=list)
    # how many executions ran until the run started, its own cell included (the counts
    # repeat after a reset that starts a new IPython session)
    started: int | None = None

    def status_tags(self, more: list[str] = (), first: list[str] = ()) -> dict[str, str]:
        """The note is cut at the tag's size: ``first`` (the executed notes, which reproduce
        and the views quote) comes before anything else."""
        notes = [*first, *self.notes, *more]
        if not notes:
            return {PROVENANCE: "complete"}
        return {PROVENANCE: "partial", NOTE: "; ".join(dict.fromkeys(notes))[:_MAX_TAG]}


def relative_posix(path: str, root: str) -> str | None:
    path, root = os.path.realpath(path), os.path.realpath(root)
    if path != root and not path.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return PurePosixPath(*os.path.relpath(path, root).split(os.sep)).as_posix()


def code_record(record: StartRecord, notebook_file: str | None, folder: str) -> None:
    """Git tags, ``git.diff``, the notebook snapshot and the lock file hash."""
    git_record(record, notebook_file, folder)
    notebook_record(record, notebook_file)


def git_record(record: StartRecord, notebook_file: str | None, folder: str) -> None:
    """Git tags, ``git.diff`` and the lock file hash."""
    state = git.git_state(folder)
    if state.problem:
        record.notes.append(state.problem)
    record.repo_root = state.root
    if state.commit:
        record.tags["mlflow.source.git.commit"] = state.commit
        if state.branch:
            record.tags["mlflow.source.git.branch"] = state.branch
        if state.remote_url:
            record.tags["mlflow.source.git.repoURL"] = state.remote_url
        record.tags["nbcraft.git.dirty"] = "true" if state.dirty else "false"
        if state.dirty:
            failed = None
            try:
                diff, truncated = git.tracked_diff(state.root, overrides=state.overrides)
            except (OSError, subprocess.SubprocessError) as error:
                diff, truncated, failed = b"", True, type(error).__name__
            if state.status_failed:
                failed = failed or "git status failed"
            record.artifacts["git.diff"] = diff
            if truncated or failed:
                # reproduce refuses a run whose diff is incomplete (it would run other code)
                record.tags["nbcraft.git.diff_truncated"] = "true"
                record.notes.append(
                    f"git.diff incomplete ({failed})"
                    if failed
                    else f"git.diff cut at {git.diff_cap()} bytes"
                )
        if notebook_file and (rel := relative_posix(notebook_file, state.root)):
            record.tags["nbcraft.git.path"] = rel
            # the tree's `dirty` leaves untracked files out: say how the notebook itself is
            notebook_state = (
                git.file_state(state.root, rel, state.overrides)
                if os.path.isfile(notebook_file)
                else None
            )
            if notebook_state == git.MODIFIED and _same_cells_as_committed(
                notebook_file, state.root, rel, state.overrides
            ):
                notebook_state = git.COMMITTED  # outputs, counts or metadata changed only
            if notebook_state:
                record.tags[NOTEBOOK_GIT] = notebook_state
        lock = environment.find_lockfile(folder, state.root)
        if lock:
            try:
                with open(lock, "rb") as file:
                    digest = hashlib.sha256(file.read()).hexdigest()
                record.tags["nbcraft.env.lockfile"] = relative_posix(lock, state.root) or lock
                record.tags["nbcraft.env.lockfile.sha256"] = digest
            except OSError as error:
                record.notes.append(f"lock file {lock} not read ({error.strerror})")


def _same_cells_as_committed(
    path: str, root: str, rel: str, overrides: list[str], rev: str = "HEAD", now: Any = None
) -> bool:
    """Whether the notebook's code and markdown cells are the commit's: a notebook run and
    autosaved since its commit differs from it in outputs and execution counts only.
    ``now``: the notebook already read (parsed); else the file at ``path`` is read."""
    committed = git.committed_text(root, rel, overrides, rev)
    if committed is None:
        return False
    try:
        if now is None:
            with open(path, "rb") as file:
                now = json.loads(file.read().decode("utf-8"))
        then = json.loads(committed.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return notebook.notebook_cells(now) == notebook.notebook_cells(then)


def saved_notebook_git(
    record: StartRecord, notebook_file: str, fresh: bytes
) -> tuple[dict[str, str], dict[str, bytes]]:
    """When the file as saved later replaces a run's snapshot (kernel.py's ``_settle``): the
    tags and artifacts that describe the notebook, made to describe that snapshot
    (``fresh``, :func:`notebook.snapshot` of ``notebook_file``) rather than the file at the
    run's start: ``nbcraft.git.notebook`` against the run's commit, and the notebook's part
    of ``git.diff`` (with ``nbcraft.git.dirty``). The commit, the branch and the other files'
    part of the diff stay the run's start's: that is the code the run ran with. Nothing for
    a notebook git does not track; no diff when the start's was cut (reproduce refuses it
    anyway), the file's own is over the cap, or the file was saved again meanwhile (its diff
    would describe another notebook than ``fresh``)."""
    root, rel = record.repo_root, record.tags.get("nbcraft.git.path")
    commit = record.tags.get("mlflow.source.git.commit")
    if not (root and rel and commit) or record.tags.get(NOTEBOOK_GIT) not in (
        git.COMMITTED,
        git.MODIFIED,
    ):
        return {}, {}
    overrides = git.filter_overrides(root)
    same = _same_cells_as_committed(notebook_file, root, rel, overrides, commit, json.loads(fresh))
    tags = {NOTEBOOK_GIT: git.COMMITTED if same else git.MODIFIED}
    if record.tags.get("nbcraft.git.diff_truncated") == "true":
        return tags, {}
    section = git.file_diff(root, rel, commit, overrides)
    try:
        unchanged = notebook.snapshot(notebook_file) == fresh
    except notebook.NotebookUnreadable:
        unchanged = False
    diff = None
    if section is not None and unchanged:
        diff = git.replace_file_diff(record.artifacts.get("git.diff", b""), rel, section)
    if diff is None or len(diff) > git.diff_cap():
        return tags, {}
    tags["nbcraft.git.dirty"] = "true" if diff else "false"
    return tags, {"git.diff": diff}


def notebook_record(record: StartRecord, notebook_file: str | None) -> None:
    """The notebook snapshot and its hash."""
    if notebook_file:
        try:
            data = notebook.snapshot(notebook_file)
        except notebook.NotebookUnreadable as error:
            record.notes.append(str(error))
        else:
            record.artifacts["notebook.ipynb"] = data
            record.tags["nbcraft.notebook.sha256"] = notebook.sha256_hex(data)


def environment_record(record: StartRecord) -> None:
    record.tags["nbcraft.python"] = environment.python_version()
    record.tags["nbcraft.platform"] = environment.platform_name()
    try:
        record.artifacts["requirements.lock"] = environment.lock_text().encode("utf-8")
    except Exception as error:  # noqa: BLE001 - a broken environment must not stop the run
        record.notes.append(f"installed distributions not listed ({type(error).__name__})")


def kernel_start_record(environ: dict | None = None, *, with_code: bool = True) -> StartRecord:
    """The record of a run a notebook kernel starts: its notebook (``JPY_SESSION_NAME``), the
    kernel's environment."""
    env = os.environ if environ is None else environ
    root = env.get("NBCRAFT_JUPYTER_ROOT")
    record = StartRecord()
    nb_file = notebook.notebook_file(env.get("JPY_SESSION_NAME"), root)
    folder = os.path.dirname(nb_file) if nb_file else os.getcwd()
    if with_code:
        if nb_file is None:
            record.notes.append("not started from a notebook file (no JPY_SESSION_NAME)")
        if os.path.isdir(folder):
            code_record(record, nb_file, folder)
        else:
            record.notes.append(f"the notebook's folder {folder} does not exist")
    environment_record(record)
    target = env.get("NBCRAFT_COMPUTE_TARGET")
    if target:
        record.tags["nbcraft.compute_target"] = target
    record.tags.update(record.status_tags())
    return record
