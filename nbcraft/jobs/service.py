"""The job service: a queue with a concurrency limit, one MLflow run per job, a SQLite store.

Thin routes (handlers.py) and the CLI (cli.py) both go through :class:`JobService`. It runs on
the event loop of its owner (the Jupyter server's, or the CLI's own); MLflow's client is
synchronous and is called in a worker thread. This module owns the input checks, the queue,
reading and cancelling; how one job runs (its kernel's environment, its MLflow run, its output)
is job_run.py's.
"""

from __future__ import annotations

import asyncio
import os
import traceback
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from .. import strict_json
from ..compute.this_host import look_up
from ..provenance.record.redact import redact_parameters
from ..strict_json import non_finite_names
from ..tracking.errors import ERROR_SCRUBBED, raw_head, shown_line
from . import scrub
from . import store as states
from .gateway_jobs import named_gateways
from .job_run import JobRunning, TrackingTarget, _Pending
from .lines import safe_line
from .owner import owner_gone
from .params import NotebookError, read_notebook, redacted, undeclared
from .runner import Execution, JobKernels
from .settings import NbcraftJobs, seconds_or_none
from .store import Job, JobStore, JobStoreError, new_id, now
from .tracking import JobTracking

__all__ = [
    "JobInputError",
    "JobService",
    "JobStoreError",
    "TrackingTarget",
    "safe_line",
    "seconds_or_none",
]

LOCAL = "local"  # the notebook's own kernel, unless a target of that name is configured
_RUNNING_ELSEWHERE = (
    "the process that ran it may still run (a copy of its project, another server on the same"
    " store, another host or container) or its row names none nbcraft can check: close the run"
    " by hand if its job is lost (README)"
)


class JobInputError(ValueError):
    """Bad input for a job (notebook, target, parameters): the message says which and why."""

    def __init__(self, message: str, code: int = 400):
        super().__init__(message)
        self.code = code


class JobService(JobRunning):
    def __init__(
        self,
        root: Path,
        kernels: JobKernels,
        targets: Callable[[], Any],
        tracking: Callable[[], TrackingTarget],
        settings: NbcraftJobs | None = None,
        log: Any = None,
        recover: bool = True,
        stopped: str | None = None,
    ):
        """``recover``: the jobs an earlier owner left queued or running are marked lost, all
        of them (a Jupyter server owns its store); with ``stopped`` (what stopped, said in
        their error: a store several CLI processes share), only those whose process ended.
        Either way a lost job's run is closed only when its process ended (close_lost_runs)."""
        import logging

        self.root = Path(root).resolve()
        self.kernels = kernels
        self._targets = targets  # () -> NbcraftCompute (refreshed)
        self._tracking = tracking
        self.settings = settings or NbcraftJobs()
        self.log = log or logging.getLogger("nbcraft.jobs")
        state = Path(self.settings.state_dir) if self.settings.state_dir else self.root / ".nbcraft"
        self.output_dir = state / "jobs"
        self.store = JobStore(state / "jobs.db", self.root, self.log)
        # The Jupyter server owns its store: what an earlier server left running is lost
        # (nothing here will finish it); its MLflow run is closed only when the process that
        # ran it has ended (close_lost_runs: a copy of a project holds live rows too).
        left: list[tuple[Job, str | None]] = []
        if recover and stopped is None:
            left = self.store.mark_lost_left_by()
        elif recover:
            left = self.store.mark_lost_left_by(stopped, gone_owners_only=True)
        self.lost = [job for job, _ in left]
        self._left_by = {job.id: owner for job, owner in left}  # (the row's owner, before)
        self._queue: list[str] = []
        self._running: dict[str, Execution | None] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._waiters: dict[str, asyncio.Future] = {}
        self._prepared: dict[str, Any] = {}
        self._cancel_reasons: dict[str, str] = {}  # why a running job was cancelled, if said
        self.pipelines: Any = None  # PipelineRuns, set by the owner when pipelines are served

    # ------------------------------------------------------------------ input

    def notebook_path(self, notebook: Any) -> tuple[Path, str]:
        """The notebook's file and its path relative to the root; refuses paths outside it."""
        if not isinstance(notebook, str) or not notebook.strip():
            raise JobInputError("`notebook` is required: a notebook path relative to the root")
        raw = notebook.strip()
        path = Path(raw) if os.path.isabs(raw) else self.root / raw
        try:
            rel = path.resolve().relative_to(self.root)
        except ValueError:
            # (the client's own path only: the root's would name the server's home and user)
            raise JobInputError(f"{raw}: outside the Jupyter root") from None
        return path.resolve(), PurePosixPath(*rel.parts).as_posix()

    def kernel_for(self, target: str, nb: Any) -> tuple[str, Any]:
        """The kernel a job on ``target`` starts, and the target: ``local`` = the notebook's
        own kernel; a configured target = its ``nbcraft-<name>`` kernelspec, or the gateway's
        kernel (a ``databricks-connect`` target's job runs on the cluster instead)."""
        compute = self._targets()
        found = compute.find(target) if compute is not None else None
        if found is None:
            if target == LOCAL:
                return (nb.metadata.get("kernelspec") or {}).get("name") or "python3", None
            names = [LOCAL] + ([t.name for t in compute.loaded.targets] if compute else [])
            raise JobInputError(f"unknown target {target!r}; known targets: {', '.join(names)}")
        if found.kind == "databricks-connect" and not found.cluster_id:
            raise JobInputError(
                f"target {target!r} is serverless: jobs run on a cluster (`clusterId`) only"
            )
        return found.kernelspec_name, found

    def submit(self, *args: Any, start: bool = True, **kwargs: Any) -> Job:
        """Check the input (:meth:`checked`, same arguments), store the job as ``queued`` and
        queue it when ``start``."""
        job, pending = self.checked(*args, **kwargs)
        self.keep(job, pending, start)
        return job

    def checked(
        self,
        notebook: Any,
        target: Any = None,
        parameters: Any = None,
        experiment: Any = None,
        timeout: Any = None,
        *,
        pipeline_id: str | None = None,
        step: str | None = None,
        parent_run_id: str | None = None,
    ) -> tuple[Job, _Pending]:
        """The job, checked, and what its run needs: stored and queued by nothing yet (a
        pipeline checks every step before it stores one, :meth:`keep`)."""
        path, rel = self.notebook_path(notebook)
        target = LOCAL if target in (None, "") else target
        if not isinstance(target, str):
            raise JobInputError("`target` must be a target name (GET /nbcraft/compute/targets)")
        if parameters is None:
            parameters = {}
        if not isinstance(parameters, dict) or not all(isinstance(k, str) for k in parameters):
            raise JobInputError("`parameters` must be an object of name -> value")
        non_finite = non_finite_names(parameters)
        if non_finite:  # (Python's json reads a script's NaN; -p lr 1e999 is inf)
            raise JobInputError(
                f"`parameters`: {', '.join(non_finite)} holds NaN or Infinity, which JSON has no"
                " number for (the job would show it, and run again, as a string): pass a string"
                " and convert it in the notebook"
            )
        if experiment is not None and not isinstance(experiment, str):
            raise JobInputError("`experiment` must be an experiment name")
        seconds = seconds_or_none(timeout)  # (NaN and Infinity, which Python's json reads, too)
        if timeout is not None and seconds is None:
            raise JobInputError("`timeout` must be a positive number of seconds")
        try:
            nb = read_notebook(path, rel)
        except NotebookError as error:
            raise JobInputError(str(error)) from None
        kernel, found = self.kernel_for(target, nb)
        try:
            warnings = undeclared(nb, path, parameters, rel)
        except NotebookError as error:
            raise JobInputError(str(error)) from None
        _, note = self._gateway_withheld(found)
        if note is not None:
            warnings.append(f"target {target!r}: {note}")
        job = Job(
            id=new_id(),
            notebook=rel,
            target=target,
            parameters=parameters,
            experiment=experiment or None,
            warnings=warnings,
            timeout=seconds or seconds_or_none(self.settings.timeout),  # (0, inf: no limit)
            pipeline_id=pipeline_id,
            step=step,
        )
        pending = _Pending(nb, kernel, path, found, parent_run_id)
        try:  # (redacted and saved by walks in Python: a 500 past ~490 levels)
            _give_parameters(job, pending, parameters)
            strict_json.dumps(job.to_json())  # as the store will
        except RecursionError:
            raise JobInputError("`parameters` are nested too deeply") from None
        return job, pending

    def keep(self, job: Job, pending: _Pending, start: bool = True) -> None:
        """Store a :meth:`checked` job as ``queued``, its real parameters kept in memory for
        its kernel; queue it when ``start``."""
        self.keep_all([(job, pending)])
        if start:
            self.enqueue(job.id)

    def keep_all(self, checked: list[tuple[Job, _Pending]], also: tuple[Job, ...] = ()) -> None:
        """Store :meth:`checked` jobs as ``queued``, and the jobs ``also`` (a pipeline run's own
        row), in one transaction: all or none, even if the server dies meanwhile; the real
        parameters kept in memory only once they are stored. Queues none."""
        for job, pending in checked:
            self._prepared[job.id] = pending
        try:
            self.store.save_all([job for job, _ in checked] + list(also))
        except BaseException:
            for job, _ in checked:
                self._prepared.pop(job.id, None)
            raise

    def give_parameters(self, job: Job, parameters: dict[str, Any]) -> None:
        """The queued job's parameters (a pipeline step's, once its needs have run):
        :func:`_give_parameters`."""
        _give_parameters(job, self._prepared[job.id], parameters)

    def _secrets(self, job_id: str) -> list[str]:
        """The secret parameters' real strings, to take out of errors and outputs."""
        pending = self._prepared.get(job_id)
        return pending.secrets if pending else []

    # ------------------------------------------------------------------ queue

    def enqueue(self, job_id: str) -> None:
        self._queue.append(job_id)
        self._pump()

    def _pump(self) -> None:
        while self._queue and len(self._running) < max(1, self.settings.max_concurrent):
            job_id = self._queue.pop(0)
            self._running[job_id] = None
            self._tasks[job_id] = asyncio.ensure_future(self._execute(job_id))

    async def wait(self, job_id: str) -> Job:
        """Until the job is done (the CLI and pipelines wait on their jobs)."""
        job = self.store.get(job_id)
        if job is not None and job.status in states.DONE:
            return job
        future = self._waiters.setdefault(job_id, asyncio.get_running_loop().create_future())
        return await asyncio.shield(future)

    async def _execute(self, job_id: str) -> None:
        job: Job | None = None
        failure: JobStoreError | None = None
        try:
            job = self.store.get(job_id)
            if job is None or job.status != states.QUEUED:
                return
            await self._run_job(job)
        except Exception as error:  # noqa: BLE001 - told (scrubbed) and stored; the server goes on
            told = error.public if isinstance(error, JobStoreError) else str(error)  # (no path)
            line = shown_line(f"{type(error).__name__}: {raw_head(told, ERROR_SCRUBBED)}")
            line = scrub.scrub_text(line, self._secrets(job_id) if job else []) or line
            frames = "".join(traceback.format_tb(error.__traceback__))  # (no message: the line)
            logged = f"JobStoreError: {error}" if isinstance(error, JobStoreError) else line
            self.log.error("nbcraft jobs: job %s crashed: %s\n%s", job_id, logged, frames)
            if job is not None:
                job.status, job.ended = states.FAILED, now()
                job.error = f"nbcraft could not run the job: {line}"
                self._save_or_tell(job)
        finally:
            self._running.pop(job_id, None)
            self._tasks.pop(job_id, None)
            self._prepared.pop(job_id, None)
            self._cancel_reasons.pop(job_id, None)
            try:
                final = self.store.get(job_id)
            except JobStoreError as error:  # its waiter (the CLI, a pipeline) still hears
                self.log.error("nbcraft jobs: job %s: %s", job_id, error)
                final, failure = job, error
            waiter = self._waiters.pop(job_id, None)
            if waiter is not None and not waiter.done():
                if final is None and failure is not None:
                    waiter.set_exception(failure)
                else:
                    waiter.set_result(final)
            self._pump()

    def _save_or_tell(self, job: Job) -> None:
        """``store.save(job)``; a store that fails is told in the log (the job's own failure
        is being told already)."""
        try:
            self.store.save(job)
        except JobStoreError as error:
            self.log.error("nbcraft jobs: job %s: %s", job.id, error)

    async def look_up_tracking(self, targets: Any = (LOCAL,)) -> None:
        """Before a submission on the target names ``targets``: when one is a gateway, resolve
        the tracking server's host name off the loop (its decision needs it); else nothing."""
        if named_gateways(self._targets(), targets):
            await look_up(self._tracking().uri)

    # ------------------------------------------------------------------ reading, cancelling

    def describe(self, job_id: str) -> dict[str, Any] | None:
        job = self.store.get(job_id)
        if job is None:
            return None
        execution = self._running.get(job_id)
        if job.status == states.RUNNING and execution is not None:
            job.progress = scrub.scrub_progress(execution.progress(), self._secrets(job_id))
        data = job.to_json()
        if job.pipeline:
            data["steps"] = self.pipelines.describe_steps(job) if self.pipelines else job.steps
        return data

    def list(self, offset: int = 0, limit: int = 50) -> dict[str, Any]:
        jobs, total = self.store.list(offset=offset, limit=limit)
        return {
            "jobs": [self.describe(job.id) or job.to_json() for job in jobs],
            "total": total,
            "offset": offset,
            "limit": limit,
        }

    def output(self, job_id: str) -> dict[str, Any] | None:
        """The executed notebook: the one being written while the job runs, else the file."""
        import nbformat

        execution, pending = self._running.get(job_id), self._prepared.get(job_id)
        job = self.store.get(job_id) if execution is not None and pending is not None else None
        if job is not None:
            shown = redacted(execution.prepared.nb, pending.parameters, job.parameters)
            return dict(scrub.scrub_outputs(shown, pending.secrets))
        path = self.output_dir / job_id / "output.ipynb"
        if not path.is_file():
            return None
        return nbformat.read(str(path), as_version=4)

    async def cancel(self, job_id: str, reason: str | None = None) -> Job:
        """``reason``: why, in a queued job's error (else "cancelled while queued"), after
        where it stopped in a running job's (``cancelled in cell 3: <reason>``). A job running
        here is stopped first, from memory, and only then read: a store that fails on reads
        (why a pipeline run stops its steps) is reported, raised, once its kernel is stopped."""
        if job_id in self._running:  # (popped when it ends: never a done job, nor a pipeline)
            await self._stop_running(job_id, reason)
            job = self.store.get(job_id)
            if job is None:
                raise JobInputError(f"no job {job_id!r}", 404)
            return job
        job = self.store.get(job_id)
        if job is None:
            raise JobInputError(f"no job {job_id!r}", 404)
        if job.pipeline and self.pipelines is not None:
            return await self.pipelines.cancel(job, reason)
        if job.status in states.DONE:
            raise JobInputError(f"job {job_id} is already {job.status}", 409)
        # queued, or a pipeline step waiting for its needs (its pipeline then does not start it)
        if job_id in self._queue or (job.pipeline_id and job_id not in self._running):
            if job_id in self._queue:
                self._queue.remove(job_id)
            job.status, job.ended = states.CANCELLED, now()
            job.error = reason or "cancelled while queued"
            self.store.save(job)
            self._prepared.pop(job_id, None)
            waiter = self._waiters.pop(job_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(job)
            return job
        await self._stop_running(job_id, reason)
        return self.store.get(job_id) or job

    async def _stop_running(self, job_id: str, reason: str | None) -> None:
        """The running job's kernel interrupted, then shut down (its run records it
        ``cancelled``); a job still starting is dropped (``_run_job`` sees it is gone)."""
        if reason:  # (its error says where it stopped, then why)
            self._cancel_reasons[job_id] = reason
        execution = self._running.get(job_id)
        if execution is None:
            self._running.pop(job_id, None)
        else:
            await execution.cancel()

    def close_lost_runs(self) -> Any:
        """Mark the MLflow runs of lost jobs FAILED (only a run whose job's process has
        provably ended, owner.py, that is its job's, still RUNNING, and proven this user's for
        that process: ``JobTracking.close_lost``), in a thread (the tracking server may be
        slow to answer, or still starting), which is returned (None when there is nothing to
        close): the Jupyter server lets it run, the CLI waits for it before it exits."""
        import threading

        lost = [job for job in self.lost if job.mlflow_run_id]
        where = self._tracking()
        if not lost or where.problem:
            return None

        def close() -> None:
            tracking = JobTracking(where.uri)
            for job in lost:
                owner = self._left_by.get(job.id)
                try:
                    left = _RUNNING_ELSEWHERE
                    if owner_gone(owner):
                        left = tracking.close_lost(job.mlflow_run_id, job.id, owner, job.error)
                    if left is not None:
                        self.log.warning(
                            "nbcraft jobs: run %r of lost job %s left alone: %s",
                            job.mlflow_run_id[:80], job.id, left,
                        )  # fmt: skip
                except Exception as error:  # noqa: BLE001 - logged; the job list is right anyway
                    self.log.warning(
                        "nbcraft jobs: run of lost job %s: %s", job.id, safe_line(error, where.uri)
                    )

        thread = threading.Thread(target=close, name="nbcraft-lost-runs", daemon=True)
        thread.start()
        return thread

    async def stop(self) -> None:
        """Server shut-down: stop the kernels of running jobs (they become ``lost``)."""
        for execution in list(self._running.values()):
            if execution is not None:
                await execution.cancel()
        self.store.close()


def _give_parameters(job: Job, pending: _Pending, parameters: dict[str, Any]) -> None:
    """The job's parameters: the real ones kept in memory (``pending``) for its kernel, the job
    (stored, served, logged) showing them redacted (``redact_parameters``) and naming the
    secret ones. A job is never resumed after a restart, so nothing needs them later."""
    pending.parameters = parameters
    job.parameters = redact_parameters(parameters)
    job.secret_parameters = scrub.secret_names(parameters, job.parameters)
    secret = job.secret_parameters
    pending.secrets = scrub.secret_strings(parameters, job.parameters) if secret else []
