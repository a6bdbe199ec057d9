"""Running one job: its kernel's environment (the tracking URI and credentials a gateway may not
get, the job's run id), its MLflow run opened while the kernel starts, provenance recorded
around it, and the executed notebook kept and logged with the run's final status.

:class:`JobRunning` is a part of :class:`~nbcraft.jobs.service.JobService` (which owns the
queue, the input checks and the store); it reads the service's state named below.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..compute.this_host import look_up
from . import scrub
from . import store as states
from .gateway_jobs import gateway_url, withheld_from
from .lines import safe_line
from .params import prepare, redacted
from .runner import Execution, JobKernels, Outcome
from .settings import NbcraftJobs, seconds_or_none
from .store import Job, JobStore, now
from .tracking import (
    OUTPUT_DIR,
    JobTracking,
    TrackingUnavailable,
    experiment_named_in,
    job_tags,
)

MLFLOW_STATUS = {states.FINISHED: "FINISHED", states.FAILED: "FAILED", states.CANCELLED: "KILLED"}


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


class JobRunning:
    """How a queued job runs (mixed into JobService, whose state these are)."""

    root: Path
    kernels: JobKernels
    settings: NbcraftJobs
    store: JobStore
    output_dir: Path
    _targets: Callable[[], Any]
    _tracking: Callable[[], TrackingTarget]
    _running: dict[str, Execution | None]
    _prepared: dict[str, Any]
    _cancel_reasons: dict[str, str]

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
        why = self._cancel_reasons.pop(job.id, None)
        if why and outcome.status == "cancelled":
            job.error = f"{job.error}: {why}"
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
