"""Jobs benchmark: what a job costs over running the same notebook with papermill directly, and
the queue's throughput for 50 tiny jobs.

    .venv/bin/python bench/jobs-bench.py [--repeat 5] [--jobs 50] [--concurrent 2] [--phases]

Starts its own ``mlflow server`` (SQLite, loopback) unless MLFLOW_TRACKING_URI is set. Each
job and each papermill run starts a fresh ``python3`` kernel, so the difference is what nbcraft
adds: the MLflow run (create, params, the output notebook as an artifact, the final status),
papermill's parameter injection and the job bookkeeping (SQLite). Prints medians in ms.
``--phases`` also prints where a job's time goes (medians of each step, timed around the
service's own calls): the kernel's start and readiness, the MLflow calls (which overlap the
kernel's start and stop), the cells, the kernel's shut-down, the SQLite saves.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def tiny_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = nbformat.v4.new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("y = x * 2\nprint(y)")]
    nbformat.write(nb, str(path))


def start_mlflow(work: Path) -> tuple[subprocess.Popen | None, str]:
    if os.environ.get("MLFLOW_TRACKING_URI"):
        return None, os.environ["MLFLOW_TRACKING_URI"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
    command = [
        sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
        "--workers", "1", "--backend-store-uri", f"sqlite:///{work / 'mlflow.db'}",
        "--serve-artifacts", "--artifacts-destination", str(work / "artifacts"),
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    uri = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{uri}/health", timeout=2):
                return process, uri
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def papermill_once(notebook: Path, out: Path) -> float:
    import papermill

    start = time.perf_counter()
    papermill.execute_notebook(
        str(notebook), str(out), parameters={"x": 3}, kernel_name="python3", progress_bar=False
    )
    return time.perf_counter() - start


async def job_once(service, notebook: Path) -> float:
    start = time.perf_counter()
    job = service.submit(str(notebook), "local", {"x": 3}, "jobs-bench")
    job = await service.wait(job.id)
    elapsed = time.perf_counter() - start
    assert job.status == "finished" and job.mlflow_run_id, (job.status, job.error, job.warnings)
    return elapsed


async def queue_throughput(service, notebook: Path, count: int) -> float:
    start = time.perf_counter()
    jobs = [service.submit(str(notebook), "local", {"x": i}, "jobs-bench") for i in range(count)]
    done = await asyncio.gather(*(service.wait(job.id) for job in jobs))
    elapsed = time.perf_counter() - start
    assert all(job.status == "finished" for job in done), [j.error for j in done]
    return elapsed


def service_for(root: Path, uri: str, concurrent: int):
    from nbcraft.jobs.runner import StandaloneKernels
    from nbcraft.jobs.service import JobService, NbcraftJobs, TrackingTarget

    return JobService(
        root,
        StandaloneKernels(log_dir=root / "kernels"),
        lambda: None,
        lambda: TrackingTarget(uri, None),
        settings=NbcraftJobs(max_concurrent=concurrent, state_dir=str(root / ".state")),
    )


PHASES: dict[str, list[float]] = {}


def time_phases() -> None:
    """Wrap the steps of a job with timers (the bench's process only)."""
    import functools
    import inspect

    import nbclient

    from nbcraft.jobs import runner, store, tracking

    def timed(owner: Any, attribute: str, name: str) -> None:
        fn = getattr(owner, attribute)

        def note(start: float) -> None:
            PHASES.setdefault(name, []).append(time.perf_counter() - start)

        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def wrapper(*a: Any, **k: Any) -> Any:
                start = time.perf_counter()
                try:
                    return await fn(*a, **k)
                finally:
                    note(start)
        else:

            @functools.wraps(fn)
            def wrapper(*a: Any, **k: Any) -> Any:
                start = time.perf_counter()
                try:
                    return fn(*a, **k)
                finally:
                    note(start)

        setattr(owner, attribute, wrapper)

    timed(runner.StandaloneKernels, "start", "kernel process started")
    timed(nbclient.NotebookClient, "async_start_new_kernel_client", "kernel ready")
    timed(nbclient.NotebookClient, "async_execute_cell", "one cell")
    timed(runner.StandaloneKernels, "shutdown", "kernel shut down")
    timed(tracking.JobTracking, "experiment_id", "MLflow: experiment (overlaps kernel start)")
    timed(tracking.JobTracking, "start", "MLflow: create run + params (overlaps kernel start)")
    timed(tracking.JobTracking, "finish", "MLflow: artifact + status (overlaps kernel stop)")
    timed(store.JobStore, "save", "SQLite: one save")


def print_phases() -> None:
    for name, values in PHASES.items():
        print(f"  {name:52s} median {statistics.median(values) * 1000:6.0f} ms")


async def main_async(args: argparse.Namespace, root: Path, uri: str) -> None:
    notebook = root / "tiny.ipynb"
    tiny_notebook(notebook)
    loop = asyncio.get_running_loop()
    service = service_for(root, uri, 1)
    # Warm-up: imports (papermill, nbclient, mlflow) and the experiment, outside the timing.
    await loop.run_in_executor(None, papermill_once, notebook, root / "warm.ipynb")
    await job_once(service, notebook)
    PHASES.clear()

    direct, jobs = [], []
    for i in range(args.repeat):  # interleaved, so machine load affects both alike
        direct.append(
            await loop.run_in_executor(None, papermill_once, notebook, root / f"pm{i}.ipynb")
        )
        jobs.append(await job_once(service, notebook))
    pm_ms = statistics.median(direct) * 1000
    job_ms = statistics.median(jobs) * 1000
    print(f"papermill directly:   median {pm_ms:7.0f} ms  ({args.repeat} runs, fresh kernel each)")
    print(f"nbcraft job:          median {job_ms:7.0f} ms  (same notebook, MLflow run + artifact)")
    print(f"overhead of a job:    median {job_ms - pm_ms:7.0f} ms  (target: < 1000 ms)")
    if args.phases:
        print("where a job's time goes:")
        print_phases()

    queue = service_for(root, uri, args.concurrent)
    elapsed = await queue_throughput(queue, notebook, args.jobs)
    print(
        f"queue: {args.jobs} tiny jobs, max_concurrent={args.concurrent}: {elapsed:6.1f} s, "
        f"{args.jobs / elapsed:.2f} jobs/s ({elapsed / args.jobs * 1000:.0f} ms per job)"
    )
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=50)
    parser.add_argument("--concurrent", type=int, default=2)
    parser.add_argument("--phases", action="store_true", help="also time each step of a job")
    args = parser.parse_args()
    if args.phases:
        time_phases()
    os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")  # only our numbers
    with tempfile.TemporaryDirectory(prefix="nbcraft-jobs-bench-") as tmp:
        root = Path(tmp)
        process, uri = start_mlflow(root)
        try:
            asyncio.run(main_async(args, root, uri))
        finally:
            if process is not None:
                os.killpg(process.pid, 15)
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
