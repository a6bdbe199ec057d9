"""The job service: a queue with a concurrency limit, one MLflow run per job, a SQLite store.

Thin routes (handlers.py) and the CLI (cli.py) both go through :class:`JobService`. It runs on
the event loop of its owner (the Jupyter server's, or the CLI's own); MLflow's client is
synchronous and is called in a worker thread.
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..compute.this_host import look_up
from ..provenance.record.redact import redact_parameters
from ..strict_json import non_finite_names
from ..tracking.errors import ERROR_SCRUBBED, raw_head, shown_line
from . import scrub
from . import store as states
from .gateway_jobs import gateway_url, named_gateways, withheld_from
from .lines import safe_line
from .params import NotebookError, prepare, read_notebook, redacted, undeclared
from .runner import Execution, JobKernels, Outcome
from .settings import NbcraftJobs
from .store import Job, JobStore, new_id, now
from .tracking import (
    OUTPUT_DIR,
    JobTracking,
    TrackingUnavailable,
    experiment_named_in,
    job_tags,
)

LOCAL = "local"  # the notebook's own kernel, unless a target of that name is configured
MLFLOW_STATUS = {states.FINISHED: "FINISHED", states.FAILED: "FAILED", states.CANCELLED: "KILLED"}


class JobInputError(ValueError):
    """Bad input for a job (notebook, target, parameters): the message says which and why."""

    def __init__(self, message: str, code: int = 400):
        super().__init__(message)
        self.code = code


@dataclass
class _Pending:
    """What a queued job needs that the store does not keep."""

    nb: Any
    kernel: str
    path: Path
    target: Any  # the compute Target, or None for `local`
    parent_run_id: str | None = None
    # the job's real parameters (its kernel's): never in the store or a route's answer
    parameters: dict[str, Any] = field(default_factory=dict)
    # their strings the job shows redacted (scrub.secret_strings), worked out once
    secrets: list[str] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class TrackingTarget:
    """Where jobs log: the URI kernels get, a run's UI link, that URI's credentials (one read)."""

    uri: str | None
    ui_run_url_template: str | None = None
    problem: str | None = None  # why there is no usable tracking server
    credentials: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)


def seconds_or_none(value: Any) -> float | None:
    """A timeout as a float of seconds: positive and finite; else None (``c.NbcraftJobs.timeout``
    of 0 or ``inf``: no limit). An integer past a double (``1`` and 400 zeros) is None too."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        seconds = float(value)
    except OverflowError:
        return None
    return seconds if 0 < seconds < math.inf else None


class JobService:
    def __init__(
        self,
        root: Path,
        kernels: JobKernels,
        targets: Callable[[], Any],
        tracking: Callable[[], TrackingTarget],
        settings: NbcraftJobs | None = None,
        log: Any = None,
        recover: bool = True,
    ):
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
        # The Jupyter server owns its store: what an earlier server left running is lost.
        self.lost = self.store.mark_lost() if recover else []
        self._queue: list[str] = []
        self._running: dict[str, Execution | None] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._waiters: dict[str, asyncio.Future] = {}
        self._prepared: dict[str, Any] = {}
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
            raise JobInputError(f"{raw}: outside the Jupyter root {self.root}") from None
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

    def submit(
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
        start: bool = True,
    ) -> Job:
        """Check the input, store the job as ``queued`` and queue it."""
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
            where = f"step {step!r}: " if step else ""
            raise JobInputError(f"{where}{error}") from None
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
        self._prepared[job.id] = _Pending(nb, kernel, path, found, parent_run_id)
        try:  # (redacted and saved by walks in Python: a 500 past ~490 levels)
            self.give_parameters(job, parameters)
            self.store.save(job)
        except RecursionError:
            del self._prepared[job.id]
            raise JobInputError("`parameters` are nested too deeply") from None
        if start:
            self.enqueue(job.id)
        return job

    def give_parameters(self, job: Job, parameters: dict[str, Any]) -> None:
        """The queued job's parameters: the real ones kept in memory for its kernel, the job
        (stored, served, logged) showing them redacted (``redact_parameters``) and naming the
        secret ones. A job is never resumed after a restart, so nothing needs them later."""
        pending = self._prepared[job.id]
        pending.parameters = parameters
        job.parameters = redact_parameters(parameters)
        job.secret_parameters = scrub.secret_names(parameters, job.parameters)
        secret = job.secret_parameters
        pending.secrets = scrub.secret_strings(parameters, job.parameters) if secret else []

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
        job = self.store.get(job_id)
        try:
            if job is None or job.status != states.QUEUED:
                return
            await self._run_job(job)
        except Exception as error:  # noqa: BLE001 - told (scrubbed) and stored; the server goes on
            line = shown_line(f"{type(error).__name__}: {raw_head(str(error), ERROR_SCRUBBED)}")
            line = scrub.scrub_text(line, self._secrets(job_id) if job else []) or line
            frames = "".join(traceback.format_tb(error.__traceback__))  # (no message: the line)
            self.log.error("nbcraft jobs: job %s crashed: %s\n%s", job_id, line, frames)
            if job is not None:
                job.status, job.ended = states.FAILED, now()
                job.error = f"nbcraft could not run the job: {line}"
                self.store.save(job)
        finally:
            self._running.pop(job_id, None)
            self._tasks.pop(job_id, None)
            self._prepared.pop(job_id, None)
            final = self.store.get(job_id)
            waiter = self._waiters.pop(job_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(final)
            self._pump()

    async def _run_job(self, job: Job) -> None:
        """Run one job. The kernel starts while its MLflow run is being created (the run id
        reaches the kernel in the set-up code run before the first cell, see runner.py), and
        the output is logged while the kernel shuts down: a job costs little more than the
        notebook itself (bench/jobs-bench.py)."""
        pending = self._prepared[job.id]
        nb, path, secrets = pending.nb, pending.path, pending.secrets
        job.status, job.started = states.RUNNING, now()
        prepared = prepare(nb, pending.parameters)
        job.progress = {"cell": None, "cells": prepared.cell_count, "label": None, "output": ""}
        self.store.save(job)

        where = self._tracking()
        tracking = JobTracking(where.uri, where.ui_run_url_template)
        opening = asyncio.ensure_future(self._open_run(tracking, where, job, pending))
        job_env = {"NBCRAFT_JOB_ID": job.id, "NBCRAFT_JUPYTER_ROOT": str(self.root)}
        job_env["JPY_SESSION_NAME"] = str(path)
        if gateway_url(pending.target) is not None:
            await look_up(where.uri)
        withheld, _ = self._gateway_withheld(pending.target, where)
        credentials: dict[str, str] = {}
        if where.uri and "MLFLOW_TRACKING_URI" not in withheld:
            # (Not to a remote gateway's kernel when the server is on this host's loopback:
            # the set-up code would carry it where GatewayClient does not, see gateway.py.)
            job_env["MLFLOW_TRACKING_URI"] = where.uri
            # Its credentials from the same read, to the kernel's start only (not the set-up
            # code, not the provenance record); a gateway start decides what goes.
            credentials = {k: v for k, v in where.credentials.items() if k not in withheld}
        from ..provenance.record.job import job_spool, record_job_end, record_job_start

        loop = asyncio.get_running_loop()
        # Provenance (issue 14): the kernel writes its environment and the paths it read
        # to a private spool folder, which the service logs once the kernel has stopped.
        spool = await loop.run_in_executor(None, job_spool)
        job_env["NBCRAFT_PROVENANCE_SPOOL"] = spool

        async def run_env() -> dict[str, str]:
            run = await opening
            if run is None:
                return {}
            # Later runs in the kernel: children of this one, in its experiment
            # (nbcraft/tracking/run_context.py reads NBCRAFT_JOB_RUN_ID).
            return {
                "MLFLOW_RUN_ID": run.run_id,
                "NBCRAFT_JOB_RUN_ID": run.run_id,
                "MLFLOW_EXPERIMENT_ID": run.experiment_id,
            }

        async def start_record() -> dict[str, str]:
            """The code and the notebook, logged while the kernel starts."""
            run = await opening
            if run is None:
                return {}
            return await loop.run_in_executor(
                None, record_job_start, tracking.client, run.run_id, path, spool
            )

        recording = asyncio.ensure_future(start_record())
        if self._on_cluster(pending):  # the run id goes into the imported notebook itself
            job_env.update(await run_env())
            execution = self._execution(job, pending, prepared, job_env, credentials)
        else:
            execution = self._execution(job, pending, prepared, job_env, credentials, run_env)

        async def log(outcome: Outcome) -> None:
            run = await opening
            scrub.scrub_outcome(outcome, secrets)  # before MLflow's nbcraft.job.error
            await self._log_output(job, execution, prepared, outcome, tracking, where, run)

        if job.id not in self._running:  # cancelled before it started
            outcome = Outcome("cancelled", "cancelled before it started")
            await log(outcome)
        else:
            self._running[job.id] = execution
            outcome = await execution.run(seconds_or_none(job.timeout), log)  # (a hand-edited row)
        run = await opening
        started = await recording
        if run is not None:  # environment and data inputs (issue 14), the kernel has stopped
            await loop.run_in_executor(
                None, record_job_end, tracking.client, run.run_id, {**job_env, **started}
            )
        else:
            shutil.rmtree(spool, ignore_errors=True)
        # Only now, with the kernel stopped and the run logged, is the job done.
        job.status, job.ended = outcome.status, now()
        job.error = scrub.scrub_outcome(outcome, secrets).error
        if outcome.traceback:
            job.progress["traceback"] = _tail(outcome.traceback, 8000)
        self.store.save(job)

    async def _open_run(
        self, tracking: JobTracking, where: TrackingTarget, job: Job, pending: _Pending
    ) -> Any:
        """The job's MLflow run, or None (and a warning) when the tracking server cannot be
        used: the job runs anyway."""
        loop = asyncio.get_running_loop()
        try:
            if where.problem:
                raise TrackingUnavailable(where.problem)
            run = await loop.run_in_executor(
                None, self._start_run, tracking, job, pending.nb, pending.parent_run_id
            )
        except Exception as error:  # noqa: BLE001 - a tracking server that is down or refuses
            job.warnings.append(
                f"not logged to MLflow: {safe_line(error, where.uri)}; the job ran without a run"
            )
            self.store.save(job)
            return None
        job.mlflow_run_id, job.mlflow_run_url = run.run_id, run.url
        self.store.save(job)
        return run

    async def _log_output(
        self,
        job: Job,
        execution: Any,
        prepared: Any,
        outcome: Outcome,
        tracking: JobTracking,
        where: TrackingTarget,
        run: Any,
    ) -> None:
        """Keep the executed notebook; log it to the run with the run's final status."""
        loop = asyncio.get_running_loop()
        folder = self.output_dir / job.id
        output = folder / "output.ipynb"
        pending = self._prepared[job.id]
        real, secrets = pending.parameters, pending.secrets  # the kernel's
        shown = scrub.scrub_outputs(redacted(prepared.nb, real, job.parameters), secrets)
        await loop.run_in_executor(None, _write_notebook, shown, output)
        job.progress = scrub.scrub_progress(execution.progress(), secrets)
        artifact: Path | None = output
        if hasattr(execution, "kept_output"):  # on a Databricks cluster: its HTML export
            html, warnings = execution.kept_output(job.secret_parameters)
            job.warnings += warnings
            artifact = None if html is None else folder / "output.html"
            if artifact is not None:
                await loop.run_in_executor(None, _write_text, html, artifact)
        if run is not None:
            try:
                await loop.run_in_executor(
                    None,
                    tracking.finish,
                    run.run_id,
                    MLFLOW_STATUS[outcome.status],
                    artifact,
                    outcome.error,
                )
                if artifact is not None:
                    job.output_artifact = f"{OUTPUT_DIR}/{artifact.name}"
            except Exception as error:  # noqa: BLE001 - the server went away meanwhile
                line = safe_line(error, where.uri)
                job.warnings.append(f"the run's status and output could not be logged: {line}")

    async def look_up_tracking(self, targets: Any = (LOCAL,)) -> None:
        """Before a submission on the target names ``targets``: when one is a gateway, resolve
        the tracking server's host name off the loop (its decision needs it); else nothing."""
        if named_gateways(self._targets(), targets):
            await look_up(self._tracking().uri)

    def _gateway_withheld(
        self, target: Any, where: TrackingTarget | None = None
    ) -> tuple[tuple[str, ...], str | None]:
        """What a gateway target's kernel does not get (gateway_jobs.withheld_from), from
        ``where`` (the job's tracking read; read now when not given)."""
        if gateway_url(target) is None:
            return (), None
        where = self._tracking() if where is None else where
        hold_back = getattr(self._targets(), "gateway_hold_back_local_tracking", True)
        return withheld_from(target, where.uri, where.credentials, hold_back)

    @staticmethod
    def _on_cluster(pending: _Pending) -> bool:
        return pending.target is not None and pending.target.kind == "databricks-connect"

    def _execution(
        self, job: Job, pending: _Pending, prepared: Any, job_env: dict, creds: dict, run_env=None
    ) -> Any:
        target = pending.target
        if self._on_cluster(pending):
            from .databricks import DatabricksExecution, DatabricksWorkspace

            folder = self.settings.databricks_workspace_dir.rstrip("/")
            return DatabricksExecution(
                prepared,
                lambda: DatabricksWorkspace(target.profile),
                target.cluster_id,
                f"{folder}/{job.id}/{pending.path.stem}",
                pending.parameters,
                job_env,
                run_name=f"nbcraft job {job.id}: {job.notebook}",
            )
        return Execution(
            prepared,
            self.kernels,
            pending.kernel,
            pending.path.parent,
            # The job's own variables: the kernels add os.environ at the start (runner.py).
            {**job_env, **creds},
            job_env,
            startup_timeout=self.settings.startup_timeout,
            more_env=run_env,
            gateway=gateway_url(target),
        )

    def _start_run(self, tracking: JobTracking, job: Job, nb: Any, parent_run_id: str | None):
        tracking.check_reachable()
        experiment_id = self.experiment_of_parent(
            tracking, parent_run_id
        ) or tracking.experiment_id(job.experiment, nb.metadata, experiment_named_in(nb))
        tags = job_tags(
            job_id=job.id,
            notebook=job.notebook,
            target=job.target,
            parent_run_id=parent_run_id,
            step=job.step,
        )
        name = f"{PurePosixPath(job.notebook).stem} ({job.step or 'job'} {job.id[:6]})"
        return tracking.start(
            experiment_id=experiment_id, run_name=name, tags=tags, parameters=job.parameters
        )

    @staticmethod
    def experiment_of_parent(tracking: JobTracking, parent_run_id: str | None) -> str | None:
        if not parent_run_id:
            return None
        return str(tracking.client.get_run(parent_run_id).info.experiment_id)

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

    async def cancel(self, job_id: str) -> Job:
        job = self.store.get(job_id)
        if job is None:
            raise JobInputError(f"no job {job_id!r}", 404)
        if job.pipeline and self.pipelines is not None:
            return await self.pipelines.cancel(job)
        if job.status in states.DONE:
            raise JobInputError(f"job {job_id} is already {job.status}", 409)
        if job_id in self._queue:
            self._queue.remove(job_id)
            job.status, job.ended, job.error = states.CANCELLED, now(), "cancelled while queued"
            self.store.save(job)
            self._prepared.pop(job_id, None)
            waiter = self._waiters.pop(job_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(job)
            return job
        execution = self._running.get(job_id)
        if execution is None:
            self._running.pop(job_id, None)  # starting: _run_job sees it is gone
        else:
            await execution.cancel()
        return self.store.get(job_id) or job

    def close_lost_runs(self) -> None:
        """Mark the MLflow runs of lost jobs FAILED, in a thread (the tracking server may be
        slow to answer, or still starting)."""
        import threading

        lost = [job for job in self.lost if job.mlflow_run_id]
        where = self._tracking()
        if not lost or where.problem:
            return

        def close() -> None:
            tracking = JobTracking(where.uri)
            for job in lost:
                try:
                    tracking.finish(job.mlflow_run_id, "FAILED", None, job.error)
                except Exception as error:  # noqa: BLE001 - logged; the job list is right anyway
                    self.log.warning(
                        "nbcraft jobs: run of lost job %s: %s", job.id, safe_line(error, where.uri)
                    )

        threading.Thread(target=close, name="nbcraft-lost-runs", daemon=True).start()

    async def stop(self) -> None:
        """Server shut-down: stop the kernels of running jobs (they become ``lost``)."""
        for execution in list(self._running.values()):
            if execution is not None:
                await execution.cancel()
        self.store.close()


def _write_notebook(nb: Any, path: Path) -> None:
    import nbformat

    _write_text(nbformat.writes(nb), path)


def _write_text(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _tail(text: str, limit: int) -> str:
    """The end of a traceback (where the exception is), cut at a line start."""
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    return "...\n" + cut[cut.find("\n") + 1 :]
