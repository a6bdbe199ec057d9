"""Jobs and pipelines (issue 13): a notebook run headless with parameters on a compute target,
or a chain of notebooks, each an MLflow run with the executed notebook attached.

params.py (notebook reading, papermill's parameter injection), runner.py (nbclient, one kernel
per job), tracking.py (the job's MLflow run), store.py (SQLite), service.py (input, queue,
cancel), job_run.py (one job's run: its kernel's environment, MLflow run, output, time-out),
pipelines.py (config, validation, DAG runs), databricks.py (one-time runs on a Databricks
cluster), handlers.py (routes), cli.py (``jupyter nbcraft run``).
"""

from __future__ import annotations

from typing import Any

_ID = r"([^/]+)"


def setup(server_app: Any) -> list[tuple]:
    import os
    from pathlib import Path

    from .handlers import CancelHandler, JobHandler, JobsHandler, OutputHandler
    from .pipelines import PipelineRuns
    from .runner import JobKernels
    from .service import JobService, TrackingTarget
    from .settings import NbcraftJobs

    settings = server_app.web_app.settings

    def targets() -> Any:
        compute = settings.get("nbcraft_compute")
        if compute is not None:
            compute.refresh()
        return compute

    def tracking() -> TrackingTarget:
        service = settings.get("nbcraft_tracking")
        if service is None:
            uri = os.environ.get("MLFLOW_TRACKING_URI")
            return TrackingTarget(uri, None, None if uri else "no tracking server is configured")
        service.refresh()
        if service.config_error is not None:
            return TrackingTarget(None, None, service.config_error.message)
        if service.server is None:
            return TrackingTarget(None, None, "no tracking server is configured")
        # The URI and its credentials from this one read (refresh() exports both).
        return TrackingTarget(
            service.server.uri,
            service.server.ui_run_url_template,
            credentials=service.kernel_credentials(),
        )

    root = Path(server_app.root_dir)
    service = JobService(
        root,
        JobKernels(server_app.kernel_manager, root),
        targets,
        tracking,
        settings=NbcraftJobs(parent=server_app),
        log=server_app.log,
    )
    service.pipelines = PipelineRuns(service)
    for job in service.lost:
        server_app.log.warning(
            "nbcraft jobs: job %s (%s) is lost: %s", job.id, job.notebook, job.error
        )
    service.close_lost_runs()
    settings["nbcraft_jobs"] = service
    kwargs = {"service": service}
    return [
        ("jobs", JobsHandler, kwargs),
        (f"jobs/{_ID}", JobHandler, kwargs),
        (f"jobs/{_ID}/cancel", CancelHandler, kwargs),
        (f"jobs/{_ID}/output", OutputHandler, kwargs),
    ]
