"""``jupyter nbcraft run``: a notebook, or a pipeline, headless as MLflow runs, for CI.

    jupyter nbcraft run NOTEBOOK [-p NAME VALUE]... [--target NAME] [--experiment NAME]
                                 [--output PATH] [--timeout S]
    jupyter nbcraft run --pipeline NAME [--from STEP]

Prints the MLflow run id, then the run's URL in the tracking server's UI. Exit 0 finished;
1 the notebook (or a step) failed: ``cell N`` and the exception on one line, then the
traceback; 2 usage, an unreadable notebook, an unknown target or a bad pipeline config.

The same config as the lab: the project config (``nbcraft.json`` / ``[tool.nbcraft]``) found
upwards from the notebook (or the current folder), its compute targets and the user's
nbcraft:compute settings through ``nbcraft.compute``; the tracking server as the lab resolves
it (the nbcraft:tracking setting, ``tracking.uri``, ``MLFLOW_TRACKING_URI``).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
from pathlib import Path
from typing import Any

USAGE, FAILED, OK = 2, 1, 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits; we return 2 instead
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jupyter nbcraft run",
        description="Run a notebook or a pipeline headless, each notebook an MLflow run.",
    )
    p.add_argument("notebook", nargs="?", help="the notebook to run")
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter (a Python literal, else a string); repeat for more",
    )
    p.add_argument("--target", default=None, help="compute target (default: local)")
    p.add_argument("--experiment", default=None, help="MLflow experiment name")
    p.add_argument("--output", default=None, help="write the executed notebook here")
    p.add_argument("--timeout", type=float, default=None, help="seconds before the job is stopped")
    p.add_argument("--pipeline", default=None, help="run this pipeline of the project config")
    p.add_argument("--from", dest="from_step", default=None, help="re-run from this step on")
    return p


def project_root(start: Path) -> Path:
    """The nearest folder upwards holding ``nbcraft.json`` or ``pyproject.toml``; else
    ``start`` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "nbcraft.json").is_file() or (folder / "pyproject.toml").is_file():
            return folder
    return start


def main(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
        if args.pipeline and args.notebook:
            raise _UsageError("give a NOTEBOOK or --pipeline NAME, not both")
        if not args.pipeline and not args.notebook:
            raise _UsageError("a NOTEBOOK (or --pipeline NAME) is required")
        if args.from_step and not args.pipeline:
            raise _UsageError("--from STEP goes with --pipeline NAME")
        if args.pipeline and (args.parameter or args.target or args.output or args.experiment):
            raise _UsageError("-p, --target, --experiment and --output are for a NOTEBOOK")
        if args.timeout is not None and args.timeout <= 0:
            raise _UsageError("--timeout must be a positive number of seconds")
    except _UsageError as error:
        print(f"jupyter nbcraft run: {error}", file=sys.stderr)
        parser().print_usage(sys.stderr)
        return USAGE
    return asyncio.run(_main(args))


async def _main(args: argparse.Namespace) -> int:
    import os

    from .params import parse_value

    # MLflow's client prints "View run ... at: <url>" on stdout when a run ends; our stdout
    # is the run id and URL only, for scripts.
    os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
    from .service import JobInputError

    start = Path(args.notebook).resolve().parent if args.notebook else Path.cwd()
    root = project_root(start)
    try:
        service = build_service(root)
    except JobInputError as error:
        print(f"jupyter nbcraft run: {error}", file=sys.stderr)
        return USAGE
    try:
        if args.pipeline:
            return await _run_pipeline(service, args)
        parameters = {name: parse_value(value) for name, value in args.parameter}
        try:
            job = service.submit(
                str(Path(args.notebook).resolve()),
                args.target,
                parameters,
                args.experiment,
                args.timeout,
            )
        except JobInputError as error:
            print(f"jupyter nbcraft run: {error}", file=sys.stderr)
            return USAGE
        for warning in job.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        job = await service.wait(job.id)
        return _report(service, job, args.output)
    finally:
        service.store.close()


def _report(service: Any, job: Any, output: str | None) -> int:
    for warning in job.warnings:
        if "not logged" in warning or "could not be logged" in warning:
            print(f"warning: {warning}", file=sys.stderr)
    if job.mlflow_run_id:
        print(job.mlflow_run_id)
        if job.mlflow_run_url:
            print(job.mlflow_run_url)
    if output:
        executed = service.output_dir / job.id / "output.ipynb"
        if executed.is_file():
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(executed, output)
    if job.status == "finished":
        return OK
    print(f"{job.notebook}: {job.error}", file=sys.stderr)
    traceback = (job.progress or {}).get("traceback")
    if traceback:
        print(traceback.rstrip(), file=sys.stderr)
    return FAILED


async def _run_pipeline(service: Any, args: argparse.Namespace) -> int:
    from .pipelines import PipelineRuns
    from .service import JobInputError

    runs = PipelineRuns(service)
    service.pipelines = runs
    try:
        row = await runs.start(args.pipeline, args.from_step)
    except JobInputError as error:
        print(f"jupyter nbcraft run: {error}", file=sys.stderr)
        return USAGE
    await runs.wait(row.id)
    final = service.describe(row.id)
    for warning in final["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    if final["mlflow_run_id"]:
        print(final["mlflow_run_id"])
        if final.get("mlflow_run_url"):
            print(final["mlflow_run_url"])
    for step in final["steps"]:
        reused = " (kept from the last run)" if step.get("reused") else ""
        line = f"  {step['name']}: {step['status']}{reused}"
        if step.get("mlflow_run_id"):
            line += f"  {step['mlflow_run_id']}"
        if step["status"] not in ("finished",) and step.get("error"):
            line += f"  {step['notebook']}: {step['error']}"
        print(line, file=sys.stderr if step["status"] != "finished" else sys.stdout)
    return OK if final["status"] == "finished" else FAILED


def build_service(root: Path) -> Any:
    """A job service for this process: the project's targets and tracking server, kernels
    started here, jobs kept in ``<root>/.nbcraft/cli/``."""
    from ..compute.service import NbcraftCompute
    from ..tracking.lab_settings import settings_file, user_settings_dir
    from .runner import StandaloneKernels
    from .service import JobService, NbcraftJobs

    compute = NbcraftCompute(
        root, lab_settings_path=settings_file(user_settings_dir(None), "compute"), watch_interval=0
    )
    compute.refresh(force=True)
    gateways = {t.kernelspec_name: t.url for t in compute.loaded.targets if t.kind == "gateway"}
    tracking = cli_tracking(root)
    return JobService(
        root,
        StandaloneKernels(gateways, log_dir=root / ".nbcraft" / "cli" / "kernels"),
        lambda: compute,
        lambda: tracking,
        settings=NbcraftJobs(state_dir=str(root / ".nbcraft" / "cli")),
        recover=False,
    )


def cli_tracking(root: Path) -> Any:
    """The tracking server as the lab resolves it, without a Jupyter server: the user's
    nbcraft:tracking setting, ``tracking.uri`` of the project config, ``MLFLOW_TRACKING_URI``."""
    import os

    from ..tracking.errors import TrackingConfigError
    from ..tracking.lab_settings import read_plugin_settings, settings_file, user_settings_dir
    from ..tracking.resolve import Candidate, resolve_tracking_server
    from ..tracking.settings import read_project_tracking_uri, settings_tracking_uri
    from .service import JobInputError, TrackingTarget

    try:
        lab_path = settings_file(user_settings_dir(None), "tracking")
        lab_source = f"trackingUri in the nbcraft:tracking settings ({lab_path})"
        lab_uri = settings_tracking_uri(read_plugin_settings(lab_path), lab_source)
        project_uri, project_source = read_project_tracking_uri(root)
        server = resolve_tracking_server(
            [
                Candidate(lab_uri, lab_source),
                Candidate(project_uri, project_source),
                Candidate(os.environ.get("MLFLOW_TRACKING_URI"), "MLFLOW_TRACKING_URI"),
            ],
            os.environ,
        )
    except (TrackingConfigError, ValueError) as error:
        message = getattr(error, "message", str(error))
        raise JobInputError(f"tracking server: {message}") from None
    if server is None:
        return TrackingTarget(
            None,
            None,
            "no tracking server is configured (set MLFLOW_TRACKING_URI, or tracking.uri in "
            "nbcraft.json)",
        )
    return TrackingTarget(server.uri, server.ui_run_url_template)
