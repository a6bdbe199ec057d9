"""``jupyter nbcraft reproduce``: re-run a recorded MLflow run and compare its metrics.

    jupyter nbcraft reproduce RUN_ID [--target NAME] [--env current|rebuild] [--rtol R]

The repository is the current folder's (else the project root's); the tracking server,
targets and trust are those of ``jupyter nbcraft run`` (its ``build_service``). Prints the
metric table and the new run's id on stdout; what went wrong on stderr. Exit 0 reproduced,
1 not reproduced, 2 cannot try or usage.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
from pathlib import Path
from typing import Any

from ..app import Parser as _Parser
from ..app import UsageError as _UsageError
from .reproduce import (
    CANNOT,
    DEFAULT_RTOL,
    ENVS,
    Context,
    Options,
    Reproduction,
    metric_table,
    reproduce,
)


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jupyter nbcraft reproduce",
        description="Re-run a recorded MLflow run from its commit, notebook snapshot and "
        "inputs, log a new run tagged nbcraft.reproduces, and compare every metric.",
    )
    p.add_argument("run_id", metavar="RUN_ID", help="the MLflow run to reproduce")
    p.add_argument("--target", default=None, help="compute target (default: the run's own)")
    p.add_argument(
        "--env",
        choices=ENVS,
        default="current",
        help="current: this environment's kernel; rebuild: a new virtual environment from "
        "the run's requirements.lock",
    )
    p.add_argument(
        "--rtol",
        type=float,
        default=DEFAULT_RTOL,
        help=f"relative tolerance of a metric (default {DEFAULT_RTOL:g})",
    )
    return p


def main(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
        if not math.isfinite(args.rtol) or args.rtol < 0:
            raise _UsageError("--rtol must be a finite number >= 0")
    except _UsageError as error:
        print(f"jupyter nbcraft reproduce: {error}", file=sys.stderr)
        parser().print_usage(sys.stderr)
        return CANNOT
    return asyncio.run(_main(args))


async def _main(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
    # No download progress bars on stderr, where the reasons are printed.
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    from ..jobs.cli import cli_service, project_root
    from ..jobs.service import JobInputError, JobStoreError

    cwd = Path.cwd()
    try:
        # As ``run``: each gateway job its own GatewayClient, none the process's.
        async with cli_service(project_root(cwd), "reproduce") as (service, specs):
            result = await _reproduce(args, service, cwd, specs)
    except (JobInputError, JobStoreError) as error:  # the settings, the store: nothing ran
        print(f"jupyter nbcraft reproduce: {error}", file=sys.stderr)
        return CANNOT
    if result is None:
        return CANNOT
    if result.metrics:
        print(metric_table(result.metrics, args.rtol))
    for item in result.inputs:
        if not item["ok"]:
            print(f"input {item['path']}: {item['reason']}", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if result.new_run_id:
        print(result.new_run_id)
    print(result.message, file=sys.stderr if result.exit_code else sys.stdout)
    return int(result.exit_code if result.exit_code is not None else CANNOT)


async def _reproduce(
    args: argparse.Namespace, service: Any, cwd: Path, specs: Path
) -> Reproduction | None:
    """The reproduction, with ``service``'s tracking server; None (said why) when it has
    none or cannot reach it."""
    from ..jobs.tracking import JobTracking

    try:
        where = service._tracking()
        if where.problem:
            print(f"jupyter nbcraft reproduce: {where.problem}", file=sys.stderr)
            return None
        tracking = JobTracking(where.uri)
        try:
            tracking.check_reachable()
        except Exception as error:  # noqa: BLE001 - TrackingUnavailable, says which
            print(f"jupyter nbcraft reproduce: {error}", file=sys.stderr)
            return None
        ctx = Context(tracking.client, service, cwd, kernels_dir=specs)
        options = Options(args.run_id, args.target, args.env, args.rtol)
        return await reproduce(options, ctx)
    finally:
        service.store.close()
