"""``jupyter nbcraft run``: a notebook, or a pipeline, headless as MLflow runs, for CI.

    jupyter nbcraft run NOTEBOOK [-p NAME VALUE]... [--target NAME] [--experiment NAME]
                                 [--output PATH] [--timeout S]
    jupyter nbcraft run --pipeline NAME [--from STEP]

Prints the MLflow run id, then the run's URL in the tracking server's UI. Exit 0 finished;
1 the notebook (or a step) failed: ``cell N`` and the exception on one line, then the
traceback; 2 usage, an unreadable notebook, an unknown target, a bad pipeline config or a job
store that cannot be opened (one line: which file, what failed, what to do).

Ctrl-C (SIGINT) or SIGTERM: the running job is cancelled (its kernel stopped), a pipeline's
steps that had not run are closed as cancelled saying so, and the exit is 130 or 143. A run
killed outright (SIGKILL, a crash) leaves its jobs queued or running: the next ``jupyter
nbcraft run`` in the project marks them lost (``JobStore.mark_lost``, for the rows whose
process has provably ended, owner.py: several runs may share the store at once) and closes
their MLflow runs as FAILED, as a Jupyter server does (``JobService.close_lost_runs``).

The same config as the lab: the user's Jupyter server config (``c.NbcraftTracking.*``,
``c.NbcraftCompute.targets``, ``c.NbcraftJobs.*`` in ``jupyter_server_config.py``/``.json``,
loaded as ``jupyter server`` loads it, see cli_config.py), the project config
(``nbcraft.json`` / ``[tool.nbcraft]``) found upwards from the notebook (or the current
folder), trusted keys only, and the user's nbcraft:compute and nbcraft:tracking settings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import shutil
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from ..app import Parser as _Parser
from ..app import UsageError as _UsageError
from ..project_config import find_root

USAGE, FAILED, OK = 2, 1, 0
INTERRUPTED = {signal.SIGINT: 130, signal.SIGTERM: 143}  # (128 + the signal, as shells do)

# How long the process waits, at its end, for the MLflow runs of lost jobs to be closed
CLOSE_LOST_RUNS_WAIT = 60.0

# What a job left behind by a ``jupyter nbcraft run`` that was killed is lost to
STOPPED = "the `jupyter nbcraft run` process running it stopped (killed, or its machine)"


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
    ``start`` itself (``nbcraft.project_config.find_root``)."""
    return find_root(start)


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
        if args.timeout is not None and not args.timeout > 0:  # (nan too)
            raise _UsageError("--timeout must be a positive number of seconds")
        if args.timeout == math.inf:  # `--timeout inf`: no limit, as before
            args.timeout = None
    except _UsageError as error:
        print(f"jupyter nbcraft run: {error}", file=sys.stderr)
        parser().print_usage(sys.stderr)
        return USAGE
    return asyncio.run(_main(args))


async def _main(args: argparse.Namespace) -> int:
    import os

    # MLflow's client prints "View run ... at: <url>" on stdout when a run ends; our stdout
    # is the run id and URL only, for scripts.
    os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
    from .service import JobInputError, JobStoreError

    start = Path(args.notebook).resolve().parent if args.notebook else Path.cwd()
    root = project_root(start)
    received = _on_interrupt(asyncio.current_task())
    try:
        async with cli_service(root, "run") as (service, _specs):
            return await _run(service, args, received)
    except (JobInputError, JobStoreError) as error:  # from build_service: nothing has run
        print(f"jupyter nbcraft run: {error}", file=sys.stderr)
        return USAGE


def _on_interrupt(task: asyncio.Task | None) -> list[signal.Signals]:
    """The signals that stop this run, as they come: SIGTERM cancels ``task`` as asyncio.run
    does on SIGINT (which it cancels itself), so the jobs are closed the same way."""
    received: list[signal.Signals] = []

    def stop() -> None:
        received.append(signal.SIGTERM)
        if task is not None:
            task.cancel()

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # (Windows)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop)
    return received


async def _run(service: Any, args: argparse.Namespace, received: list[signal.Signals]) -> int:
    from .params import parse_value
    from .service import JobInputError, JobStoreError

    try:
        if args.pipeline:
            return await _run_pipeline(service, args, received)
        parameters = {name: parse_value(value) for name, value in args.parameter}
        try:
            await service.look_up_tracking([args.target or "local"])  # a gateway's note
        except asyncio.CancelledError:
            return _interrupted_before(received)
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
        try:
            job = await service.wait(job.id)
        except asyncio.CancelledError:
            return await _interrupted(service, job.id, received)
        return _report(service, job, args.output)
    except JobStoreError as error:  # (opened, it failed later)
        print(f"jupyter nbcraft run: {error}", file=sys.stderr)
        return FAILED
    finally:
        with contextlib.suppress(JobStoreError):
            service.store.close()


async def _interrupted(
    service: Any, job_id: str, received: list[signal.Signals], runs: Any = None
) -> int:
    """Ctrl-C or SIGTERM while ``job_id`` (a job, or with ``runs`` a pipeline run) ran: it is
    cancelled, saying why (a pipeline's steps that had not run too, rather than left queued
    for ever), and waited for; the exit code says which signal."""
    which = received[-1] if received else signal.SIGINT
    reason = f"interrupted: `jupyter nbcraft run` got {which.name}"
    print(f"jupyter nbcraft run: {reason}; cancelling {job_id}", file=sys.stderr)
    job = service.store.get(job_id)
    if job is not None and job.status not in ("finished", "failed", "cancelled", "lost"):
        if runs is not None:
            await runs.cancel(job, reason)
            await runs.wait(job_id)
        else:
            await service.cancel(job_id, reason)
            await service.wait(job_id)
    return INTERRUPTED[which]


def _interrupted_before(received: list[signal.Signals]) -> int:
    """Ctrl-C or SIGTERM while the tracking server was looked up, before any job was stored:
    nothing ran, nothing to cancel; the exit code says which signal."""
    which = received[-1] if received else signal.SIGINT
    print(
        f"jupyter nbcraft run: interrupted: `jupyter nbcraft run` got {which.name} "
        "before anything ran (while the tracking server was looked up)",
        file=sys.stderr,
    )
    return INTERRUPTED[which]


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


async def _run_pipeline(
    service: Any, args: argparse.Namespace, received: list[signal.Signals]
) -> int:
    from .pipelines import PipelineRuns
    from .service import JobInputError

    runs = PipelineRuns(service)
    service.pipelines = runs
    try:
        row = await runs.start(args.pipeline, args.from_step)
    except JobInputError as error:
        print(f"jupyter nbcraft run: {error}", file=sys.stderr)
        return USAGE
    except asyncio.CancelledError:  # (its only wait is the tracking look-up: nothing stored)
        return _interrupted_before(received)
    try:
        await runs.wait(row.id)
    except asyncio.CancelledError:
        return await _interrupted(service, row.id, received, runs)
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


@contextlib.asynccontextmanager
async def cli_service(root: Path, command: str) -> AsyncIterator[tuple[Any, Path]]:
    """The job service of a CLI command (``run``, ``reproduce``) and the folder of the
    targets' kernelspecs, written for this process only (a running lab's own specs and other
    CLI runs' are left alone, and nothing stays behind). Each gateway job gets its own
    GatewayClient (StandaloneKernels) and none the process's: in this context a gateway call
    without one fails (``one_client_per_context``). :class:`JobInputError` when the settings
    cannot make one (:func:`build_service`)."""
    from ..compute.gateway_clients import one_client_per_context

    with (
        one_client_per_context(),
        tempfile.TemporaryDirectory(prefix=f"nbcraft-{command}-kernels-") as specs,
    ):
        service = build_service(root, Path(specs))
        # the MLflow runs of the jobs this start marked lost, FAILED as the server closes its
        # own (else they stay RUNNING for ever); waited for before the process exits
        closing = service.close_lost_runs()
        try:
            yield service, Path(specs)
        finally:
            if closing is not None:
                await asyncio.get_running_loop().run_in_executor(
                    None, closing.join, CLOSE_LOST_RUNS_WAIT
                )
                if closing.is_alive():
                    print(
                        "warning: the tracking server did not answer in time: the MLflow runs "
                        "of the jobs marked lost may still show RUNNING",
                        file=sys.stderr,
                    )


def build_service(root: Path, kernelspecs: Path) -> Any:
    """A job service for this process: the targets and tracking server the lab would use
    (the user's Jupyter server config, the trusted project config, the lab settings), kernels
    started here from the targets' kernelspecs written to ``kernelspecs``, jobs kept in
    ``<root>/.nbcraft/cli/``."""
    from ..compute.service import NbcraftCompute
    from ..tracking.lab_settings import settings_file, user_settings_dir
    from ..tracking.settings import NbcraftTracking
    from .cli_config import load_server_config
    from .runner import StandaloneKernels
    from .service import JobService
    from .settings import NbcraftJobs

    with _setting_errors():
        config = load_server_config()
        compute = NbcraftCompute(
            root,
            lab_settings_path=settings_file(user_settings_dir(None), "compute"),
            config=config,
            watch_interval=0,
            kernels_dir=str(kernelspecs),
        )
        tracking_settings = NbcraftTracking(config=config)
        # The CLI keeps its own jobs database: the server's may be open in a running lab.
        jobs_settings = NbcraftJobs(config=config, state_dir=str(root / ".nbcraft" / "cli"))
    # First: it may take the environment's MLflow credentials away, which the specs forward.
    tracking = cli_tracking(root, tracking_settings)
    from ..provenance.record.job import job_kernel_startup

    job_kernel_startup()  # the server's kernel start-up, provenance included (issue 14)
    compute.refresh(force=True, write=True)
    for problem in compute.loaded.problems:
        print(f"warning: compute config: {problem}", file=sys.stderr)
    from ..compute.gateway_clients import GatewayClients

    # Each gateway target its own client: c.GatewayClient.* as the lab reads it, the global
    # credentials to c.GatewayClient.url only (compute/gateway_clients.py). All made now, so
    # a setting of the wrong type is an error here, before any job or run exists to keep it.
    gateway_clients = GatewayClients(config, compute.gateway_auth_tokens)
    with _setting_errors():
        for target in compute.loaded.targets:
            if target.kind == "gateway":
                gateway_clients.client(target.url)
    return JobService(
        root,
        StandaloneKernels(
            gateway_clients,
            log_dir=root / ".nbcraft" / "cli" / "kernels",
            kernel_dirs=[kernelspecs],
            hold_back_local_tracking=compute.gateway_hold_back_local_tracking,
        ),
        lambda: compute,
        lambda: tracking,
        settings=jobs_settings,
        stopped=STOPPED,  # (only the jobs whose process has ended: other runs share the store)
    )


@contextlib.contextmanager
def _setting_errors() -> Iterator[None]:
    """A config file that cannot be loaded, or a setting it (or a ``JUPYTER_GATEWAY_*``
    variable) gives a value its trait refuses, as a :class:`JobInputError` that names the
    setting, never its value (:func:`nbcraft.setting_errors.setting_error`)."""
    from traitlets import TraitError

    from ..setting_errors import setting_error
    from .cli_config import JupyterConfigError
    from .service import JobInputError

    try:
        yield
    except JupyterConfigError as error:
        raise JobInputError(f"Jupyter config: {error}") from None
    except TraitError as error:  # checked by the trait itself; its message prints the value
        raise JobInputError(f"Jupyter config: {setting_error(error)}") from None


def cli_tracking(root: Path, settings: Any) -> Any:
    """The tracking server as the lab resolves it (``resolve_configured_server``: the user's
    nbcraft:tracking setting, ``c.NbcraftTracking.uri``, ``tracking.uri`` of the trusted
    project config, ``MLFLOW_TRACKING_URI``). As in the lab, the environment's MLflow
    credentials stay with their own server: when they do not belong to the resolved one they
    are removed from this process, so neither its MLflow client nor its kernels send them."""
    import os

    from ..tracking.errors import TrackingConfigError
    from ..tracking.lab_settings import settings_file, user_settings_dir
    from ..tracking.resolve import MLFLOW_CREDENTIAL_VARS
    from ..tracking.service import resolve_configured_server
    from .service import JobInputError, TrackingTarget

    try:
        server = resolve_configured_server(
            settings, root, settings_file(user_settings_dir(None), "tracking"), dict(os.environ)
        )
    except (TrackingConfigError, ValueError) as error:
        message = getattr(error, "message", str(error))
        raise JobInputError(f"tracking server: {message}") from None
    if server is None:
        return lab_embedded_tracking(root) or TrackingTarget(
            None,
            None,
            "no tracking server is configured (set MLFLOW_TRACKING_URI, c.NbcraftTracking.uri "
            "in jupyter_server_config, or tracking.uri in nbcraft.json)",
        )
    if not server.env_credentials:
        for name in MLFLOW_CREDENTIAL_VARS:
            os.environ.pop(name, None)
    own = {name: os.environ[name] for name in MLFLOW_CREDENTIAL_VARS if os.environ.get(name)}
    return TrackingTarget(server.uri, server.ui_run_url_template, credentials=own)


def lab_embedded_tracking(root: Path) -> Any:
    """Nothing configured: the embedded MLflow server of this user's running Jupyter server
    whose root holds ``root`` (``nbcraft.tracking.discovery``), as its kernels log there.
    Its password goes into this process's environment only, which the MLflow client and the
    job kernels read (with its URI, as the lab exports them); it is never printed or passed
    as an argument."""
    import os

    from ..tracking.discovery import running_embedded_server
    from ..tracking.resolve import MLFLOW_CREDENTIAL_VARS, embedded_server
    from .service import TrackingTarget

    found = running_embedded_server(root)
    if found is None:
        return None
    for name in MLFLOW_CREDENTIAL_VARS:
        os.environ.pop(name, None)
    # The URI too, as the lab exports it: a gateway kernel's start decides from this
    # environment whether the password may go (not to a gateway elsewhere).
    os.environ["MLFLOW_TRACKING_URI"] = found.uri
    os.environ["MLFLOW_TRACKING_USERNAME"] = found.username
    os.environ["MLFLOW_TRACKING_PASSWORD"] = found.password
    print(
        f"jupyter nbcraft run: logging to the embedded MLflow server ({found.uri}) of the "
        f"Jupyter server serving {found.root_dir} (pid {found.pid})",
        file=sys.stderr,
    )
    return TrackingTarget(
        found.uri,
        embedded_server(found.uri).ui_run_url_template,
        credentials={
            "MLFLOW_TRACKING_USERNAME": found.username,
            "MLFLOW_TRACKING_PASSWORD": found.password,
        },
    )
