"""Reproduce a recorded run: check out its commit into a temporary git worktree (its diff
applied when it was dirty), restore the notebook snapshot, check every recorded input's
digest, optionally rebuild its environment from the lock, re-run the notebook as a job with
the run's parameters, tag the new run ``nbcraft.reproduces=<RUN_ID>`` and compare every
metric.

Outcomes (the exit codes of ``jupyter nbcraft reproduce``): 0 reproduced; 1 not reproduced
(a metric differs beyond ``rtol``, an input's digest changed or it is gone, the notebook
failed); 2 cannot try (unknown run, no provenance, commit not in the repository, missing
notebook snapshot, a run that executed code its snapshot does not hold, a truncated diff, an
environment that cannot be built, an unknown target).

The worktree lives under ``<Jupyter root>/.nbcraft/reproduce/<id>/`` (the job service runs
notebooks under the root only) and is removed afterwards, also on failure.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..jobs.tracking import PIPELINE_TAG
from ..relative_path import refusal
from . import record_reader as rr
from .repository import (
    GitError,
    add_worktree,
    apply_diff,
    find_repository,
    has_commit,
    is_shallow,
    remove_worktree,
)
from .summary import input_file, run_repository

DEFAULT_RTOL = 1e-6
REPRODUCED, NOT_REPRODUCED, CANNOT = 0, 1, 2
STATUS = {REPRODUCED: "reproduced", NOT_REPRODUCED: "not-reproduced", CANNOT: "cannot"}
ENVS = ("current", "rebuild")


class CannotTry(Exception):
    """Exit 2: the reproduction could not be attempted."""


class NotReproduced(Exception):
    """Exit 1: attempted, and the result differs (or the notebook failed)."""


@dataclass
class Options:
    run_id: str
    target: str | None = None
    env: str = "current"
    rtol: float = DEFAULT_RTOL


@dataclass
class Reproduction:
    """One reproduction's state; ``to_json`` is ``GET /nbcraft/provenance/reproductions/<id>``."""

    run_id: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    status: str = "running"
    exit_code: int | None = None
    message: str = "starting"
    new_run_id: str | None = None
    metrics: list[dict[str, Any]] = field(default_factory=list)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def finish(self, code: int, message: str) -> Reproduction:
        self.exit_code, self.status, self.message = code, STATUS[code], message
        return self

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "run_id": self.run_id,
            "status": self.status,
            "exit_code": self.exit_code,
            "message": self.message,
            "new_run_id": self.new_run_id,
            "metrics": self.metrics,
            "inputs": self.inputs,
            "notes": self.notes,
        }


# ------------------------------------------------------------------ pure steps


def rel_diff(original: float, reproduced: float) -> float:
    if original == reproduced or (math.isnan(original) and math.isnan(reproduced)):
        return 0.0
    if original == 0 or math.isnan(original) or math.isnan(reproduced):
        return math.inf
    return abs(reproduced - original) / abs(original)


ATOL = 1e-12  # a metric that is 0 in one run: float noise around it is still equal


def within(original: float, reproduced: float, rtol: float) -> bool:
    """Equal within ``rtol`` relative to the original, or within ``ATOL`` absolutely (a
    relative difference from 0 is infinite)."""
    if rel_diff(original, reproduced) <= rtol:
        return True
    return abs(reproduced - original) <= ATOL  # False for NaN against a number


def compare_metrics(
    original: dict[str, float], reproduced: dict[str, float], rtol: float
) -> list[dict[str, Any]]:
    """Every metric of either run: a metric only one of them has is not reproduced."""
    rows = []
    for key in sorted(original.keys() | reproduced.keys()):
        a, b = original.get(key), reproduced.get(key)
        diff = rel_diff(a, b) if a is not None and b is not None else None
        rows.append(
            {
                "key": key,
                "original": a,
                "reproduced": b,
                # (inf against a number is inf/inf, NaN: the lab's schema takes a number or null)
                "rel_diff": None if diff is None or not math.isfinite(diff) else diff,
                "ok": diff is not None and within(a, b, rtol),
            }
        )
    return rows


def metric_table(rows: list[dict[str, Any]], rtol: float) -> str:
    """The table ``reproduce`` prints: metric, original, reproduced, relative difference,
    within ``rtol``."""

    def num(value: Any) -> str:
        return "-" if value is None else f"{value:.6g}"

    def diff(row: dict[str, Any]) -> str:
        if row["original"] is None or row["reproduced"] is None:
            return "-"
        return "inf" if row["rel_diff"] is None else f"{row['rel_diff']:.3g}"

    header = ("metric", "original", "reproduced", "rel. diff", f"within {rtol:g}")
    body = [
        (r["key"], num(r["original"]), num(r["reproduced"]), diff(r), "yes" if r["ok"] else "NO")
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
        for line in [header, *body]
    )


def job_parameters(run: Any, nb: Any, path: Path) -> dict[str, Any]:
    """The run's params that the notebook's ``parameters`` cell declares (a job's
    parameters, or values an interactive run logged under a declared name)."""
    from ..jobs.params import declared_parameters, parse_value
    from .record.redact import REDACTED

    declared = declared_parameters(nb, path) or {}
    found = {k: v for k, v in run.data.params.items() if k in declared}
    secret = sorted(k for k, v in found.items() if REDACTED in str(v))  # or a part of it
    if secret:  # the job was given it, the run does not hold it: not "<redacted>" instead
        raise CannotTry(
            f"the run's parameter(s) {', '.join(secret)} were logged as {REDACTED} (a "
            "credential's name or shape); the reproduction cannot be given their values: run "
            "the notebook again with jupyter nbcraft run -p NAME VALUE"
        )
    return {k: parse_value(v) for k, v in found.items()}


def _check_record(record: rr.RunRecord) -> tuple[str, str]:
    tags = record.tags
    if tags.get(PIPELINE_TAG):  # only the parent run has it; its steps are child runs
        raise CannotTry(
            f"run {record.run_id} is a pipeline's parent run ({tags[PIPELINE_TAG]}): it ran no "
            "notebook of its own; reproduce a step's run"
        )
    if tags.get(rr.PROVENANCE) not in ("complete", "partial"):
        raise CannotTry(
            f"run {record.run_id} has no provenance record ({rr.PROVENANCE} tag): it was not "
            "started from a notebook kernel or job with nbcraft's recording"
        )
    note = tags.get(rr.PROVENANCE_NOTE)
    commit = tags.get(rr.COMMIT)
    if not commit:
        why = f" ({note})" if note else ""
        raise CannotTry(f"run {record.run_id} recorded no git commit{why}")
    git_path = tags.get(rr.GIT_PATH)
    if not git_path:
        raise CannotTry(f"run {record.run_id} recorded no notebook path in its repository")
    why = refusal(git_path) or (None if PurePosixPath(git_path).parts else "no file's name")
    if why is not None:
        raise CannotTry(
            f"run {record.run_id} recorded {git_path!r} as its notebook's path in its "
            f"repository: {why}"
        )
    if tags.get(rr.DIFF_TRUNCATED) == "true":
        raise CannotTry(
            f"run {record.run_id} ran from a dirty tree whose diff was cut at the size cap "
            f"({rr.DIFF_TRUNCATED}): its code cannot be restored"
        )
    if tags.get(rr.EXECUTED) == rr.EXECUTED_DIFFERS:
        # the snapshot is the saved file; a cell of it ran other code (an unsaved edit, a
        # cell changed after it ran): running the snapshot would reproduce a run that never was
        cells = rr.executed_note(tags)
        raise CannotTry(
            f"run {record.run_id} ran code that its notebook snapshot does not hold"
            f"{f' ({cells})' if cells else ''}, so the snapshot is not what ran; the cells it "
            f"ran are in {rr.ARTIFACT_DIR}/{rr.HISTORY}. Save the notebook, run it again and "
            "reproduce that run"
        )
    if rr.SNAPSHOT not in record.files:
        raise CannotTry(
            f"run {record.run_id} has no notebook snapshot ({rr.ARTIFACT_DIR}/{rr.SNAPSHOT})"
        )
    expected = tags.get(rr.NOTEBOOK_SHA)
    actual = hashlib.sha256((record.folder / rr.SNAPSHOT).read_bytes()).hexdigest()
    if expected and expected != actual:
        raise CannotTry(
            f"the notebook snapshot of run {record.run_id} does not match its "
            f"{rr.NOTEBOOK_SHA} tag (sha256 {actual[:12]}, tag {expected[:12]})"
        )
    return commit, git_path


def _check_commit(repo: Path, commit: str) -> None:
    if has_commit(repo, commit):
        return
    hint = (
        " (shallow clone? git fetch --unshallow)"
        if is_shallow(repo)
        else " (git fetch the branch it was on?)"
    )
    raise CannotTry(f"commit {commit[:12]} is not in the repository {repo}{hint}")


def inside(base: Path, path: Path) -> bool:
    """``path``, once its symlinks are resolved, is ``base`` or under it."""
    try:
        path.resolve().relative_to(base.resolve())
    except (ValueError, OSError):
        return False
    return True


def _place(source: Path, dest: Path, tree: Path) -> None:
    """A copy of ``source`` at ``dest`` in the worktree, keeping its mtime. Never a link: the reproduced notebook may write its inputs, and must not
    change the user's files."""
    if dest.exists() or dest.is_symlink() or not inside(tree, dest.parent):
        return
    if source.is_dir():
        shutil.copytree(source, dest, symlinks=True)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, dest)


def _readable_input(path: Path) -> bool:
    """A regular file or a folder (a dataset), not a device, fifo or socket."""
    return path.is_file() or path.is_dir()


def check_inputs(record: rr.RunRecord, repo: Path, root: Path, tree: Path) -> list[dict[str, Any]]:
    """Every recorded input's digest: a file of the repository from the worktree when the
    commit (or its diff) has it, else from where the run read it (then placed into the
    worktree at the same path once its digest matches)."""
    results = []
    for item in record.inputs():
        if not item.digest:
            reason = "recorded without a digest (not a local file): not checked"
            results.append({"path": item.path, "ok": True, "reason": reason})
            continue
        in_tree = None
        why = refusal(item.path) if item.location in ("repo", "jupyter-root") else None
        if why is not None:
            where = "its repository" if item.location == "repo" else "the Jupyter root"
            reason = f"refused: {why}; the path must be relative, under {where}"
            results.append({"path": item.path, "ok": False, "reason": reason})
            continue
        if item.location == "repo":
            in_tree = tree / item.path
        source = in_tree if in_tree is not None and inside(tree, in_tree) else None
        if source is not None and not source.exists():
            source = None
        source = source or input_file(item, repo, root)
        if source is None or not source.exists():
            results.append({"path": item.path, "ok": False, "reason": "missing: the file is gone"})
            continue
        if not _readable_input(source):
            reason = "refused: not a regular file or folder"
            results.append({"path": item.path, "ok": False, "reason": reason})
            continue
        try:
            digest = rr.input_digest(source, item.digest_kind)
        except (OSError, ValueError) as error:
            results.append({"path": item.path, "ok": False, "reason": f"unreadable: {error}"})
            continue
        if digest != item.digest and not rr.recorded_before(source, item):
            reason = (
                f"changed since the run ({item.digest_kind} {item.digest[:12]} then, "
                f"{digest[:12]} now)"
            )
            results.append({"path": item.path, "ok": False, "reason": reason})
            continue
        results.append({"path": item.path, "ok": True, "reason": "same digest"})
        if in_tree is not None and source != in_tree:
            _place(source, in_tree, tree)
    return results


def _restore_snapshot(record: rr.RunRecord, tree: Path, git_path: str, kernel: str | None) -> Path:
    import json

    nb = record.snapshot() or {}
    if kernel:
        nb.setdefault("metadata", {})["kernelspec"] = {
            "name": kernel,
            "display_name": kernel,
            "language": "python",
        }
    path = tree / Path(*PurePosixPath(git_path).parts)
    # Never through a symlink (one the commit or the recorded diff made): the file must be
    # the worktree's own, and no folder is made before that is known (``resolve`` follows
    # the symlinks of the part that exists).
    if not inside(tree, path.parent):
        raise CannotTry(f"{git_path}: its folder leads outside the worktree (a symlink)")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        path.unlink()
    tmp = path.with_name(f".{path.name}.nbcraft-tmp")
    tmp.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


# ------------------------------------------------------------------ the whole


@dataclass
class Context:
    """What a reproduction runs against: the same tracking server and job service as
    ``jupyter nbcraft run`` (CLI) or the lab (routes)."""

    client: Any  # MLflow's client for the tracking server the jobs log to
    jobs: Any  # nbcraft.jobs.service.JobService
    repo_start: Path  # the repository is the one holding this folder
    kernels_dir: Path | None = None  # where a rebuilt environment's kernelspec goes
    # The lab: the repository of the run's notebook under the root (else the root's).
    repo_from_run: bool = False


async def reproduce(
    options: Options, ctx: Context, state: Reproduction | None = None
) -> Reproduction:
    state = state or Reproduction(options.run_id)
    try:
        await _reproduce(options, ctx, state)
    except CannotTry as error:
        state.finish(CANNOT, f"cannot try: {error}")
    except NotReproduced as error:
        state.finish(NOT_REPRODUCED, f"not reproduced: {error}")
    except rr.RecordError as error:
        state.finish(CANNOT, f"cannot try: {error}")
    except GitError as error:
        state.finish(CANNOT, f"cannot try: {error}")
    except Exception as error:  # noqa: BLE001 - a tracking server that went away, a full disk
        from ..tracking.errors import scrub

        text = scrub(str(error)).strip().splitlines()
        state.finish(CANNOT, f"cannot try: {type(error).__name__}: {text[0][:300] if text else ''}")
    return state


async def _blocking(function: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)


def extra_code_note(run_id: str, tags: dict[str, str]) -> str:
    """What reproduce says of an ``extra`` run: it runs the snapshot, not that code."""
    cells = rr.executed_note(tags)
    return (
        f"run {run_id} also ran code that its notebook snapshot does not hold"
        f"{f' ({cells})' if cells else ''}: this runs the snapshot only, so the metrics say "
        "whether that code mattered"
    )


async def _reproduce(options: Options, ctx: Context, state: Reproduction) -> None:
    from ..jobs.service import JobInputError

    if options.env not in ENVS:
        raise CannotTry(f"--env must be one of {', '.join(ENVS)}")
    root = Path(ctx.jobs.root).resolve()
    work = root / ".nbcraft" / "reproduce" / state.id
    work.mkdir(parents=True, exist_ok=True)
    # Keeps the worktrees out of the user's `git status` when the root is in a repository.
    (work.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    tree, kernelspec = work / "tree", None
    repo: Path | None = None
    try:
        state.message = f"reading run {options.run_id}"
        record = await _blocking(rr.load_record, ctx.client, options.run_id, work / "record")
        commit, git_path = _check_record(record)
        if record.tags.get(rr.EXECUTED) == rr.EXECUTED_EXTRA:
            state.notes.append(extra_code_note(record.run_id, record.tags))
        if ctx.repo_from_run:
            repo = run_repository(record.tags, root)
        else:
            repo = find_repository(ctx.repo_start)
        if repo is None:
            raise CannotTry(f"{ctx.repo_start} is not in a git repository")
        _check_commit(repo, commit)
        target = options.target or record.tags.get(rr.TARGET) or "local"
        if options.env == "rebuild" and target != "local":
            raise CannotTry("--env rebuild builds the environment on this machine: --target local")

        state.message = f"checking out {commit[:12]}"
        await _blocking(add_worktree, repo, tree, commit)
        if record.tags.get(rr.DIRTY) == "true":
            if rr.DIFF not in record.files:
                raise CannotTry(
                    f"run {record.run_id} was dirty and has no {rr.ARTIFACT_DIR}/{rr.DIFF}"
                )
            if re.search(
                rb"^(new file mode|new mode) 120000",
                (record.folder / rr.DIFF).read_bytes(),
                re.MULTILINE,
            ):
                raise CannotTry(
                    "the run's diff adds a symbolic link: refused (it could point anywhere)"
                )
            try:
                await _blocking(apply_diff, tree, record.folder / rr.DIFF)
            except GitError as error:
                raise CannotTry(
                    f"the run's diff does not apply to {commit[:12]}: {error}"
                ) from None

        state.message = "checking the inputs"
        state.inputs = await _blocking(check_inputs, record, repo, root, tree)
        bad = [item for item in state.inputs if not item["ok"]]
        if bad:
            raise NotReproduced("; ".join(f"{item['path']}: {item['reason']}" for item in bad))

        kernel = None
        lock = record.lock()
        if options.env == "current" and lock is not None:
            from .rebuild import working_copy_installs

            state.notes.extend(working_copy_installs(lock, repo))
        if options.env == "rebuild":
            kernel, kernelspec = await _rebuild(record, ctx, work, state, repo, tree)
        notebook = _restore_snapshot(record, tree, git_path, kernel)

        state.message = "running the notebook as a job"
        from ..jobs.params import read_notebook

        nb = read_notebook(notebook)
        experiment = await _blocking(_experiment_name, ctx.client, record.run)
        try:
            job = ctx.jobs.submit(
                str(notebook), target, job_parameters(record.run, nb, notebook), experiment
            )
        except JobInputError as error:
            raise CannotTry(str(error)) from None
        job = await ctx.jobs.wait(job.id)
        state.new_run_id = job.mlflow_run_id
        if job.mlflow_run_id:
            await _blocking(ctx.client.set_tag, job.mlflow_run_id, rr.REPRODUCES, options.run_id)
        state.notes.extend(job.warnings)
        if job.status != "finished":
            raise NotReproduced(f"the notebook failed: {job.error}")
        if not job.mlflow_run_id:
            raise NotReproduced("the job's run was not logged: " + "; ".join(job.warnings))
        new = await _blocking(ctx.client.get_run, job.mlflow_run_id)
        state.metrics = compare_metrics(
            dict(record.run.data.metrics), dict(new.data.metrics), options.rtol
        )
        differ = [row["key"] for row in state.metrics if not row["ok"]]
        if differ:
            raise NotReproduced(f"{len(differ)} metric(s) differ: {', '.join(differ)}")
        if not state.metrics:
            state.notes.append("the run logged no metrics: the notebook ran, nothing to compare")
        state.finish(REPRODUCED, f"reproduced as run {job.mlflow_run_id}")
    finally:
        if repo is not None and tree.exists():
            await _blocking(remove_worktree, repo, tree)
        if kernelspec is not None:
            shutil.rmtree(kernelspec, ignore_errors=True)
        await _blocking(shutil.rmtree, work, True)


async def _rebuild(
    record: rr.RunRecord, ctx: Context, work: Path, state: Reproduction, repo: Path, tree: Path
) -> tuple[str, Path]:
    from .rebuild import BuildError, build_environment, write_kernelspec

    lock = record.lock()
    if lock is None or not lock.requirements:
        raise CannotTry(f"run {record.run_id} has no {rr.ARTIFACT_DIR}/{rr.LOCK} to rebuild from")
    if ctx.kernels_dir is None:
        raise CannotTry("--env rebuild is not available here (no kernelspec folder)")
    state.message = f"building the environment ({len(lock.requirements)} packages)"
    try:
        built = await _blocking(build_environment, lock, work / "venv", repo, tree)
    except BuildError as error:
        raise CannotTry(f"the environment could not be built: {error}") from None
    state.notes.extend(built.notes)
    name = f"nbcraft-reproduce-{state.id}"
    folder = write_kernelspec(
        ctx.kernels_dir, name, built.python, f"Reproduce {record.run_id[:8]} (rebuilt)"
    )
    return name, folder


def _experiment_name(client: Any, run: Any) -> str | None:
    try:
        return str(client.get_experiment(run.info.experiment_id).name)
    except Exception:  # noqa: BLE001 - the job then uses the notebook's or the default
        return None
