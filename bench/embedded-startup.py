"""The embedded mlflow server's time to ready, with and without its authentication (prints
numbers; not a test).

    .venv/bin/python bench/embedded-startup.py [--repeat 3]

Each round starts the embedded server's own command (nbcraft.tracking.embedded) on a fresh
root, alternating: with MLflow's basic-auth app (what nbcraft runs) and without it (the
command before authentication: the same command minus ``--app-name basic-auth``). Prints,
per variant, the median seconds until ``/health`` answers and until a first authenticated
``experiments/search`` answers 200 (what the sidebar needs), the CPU seconds the server's
process group used until then (what load does not distort), and for the auth variant the
median time of one more authenticated request (the PBKDF2 check is cached after the first).
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nbcraft.tracking.embedded import EmbeddedMlflowServer


def wait_until(url: str, headers: dict[str, str], process: subprocess.Popen, method="GET") -> None:
    body = b'{"max_results": 1}' if method == "POST" else None
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"mlflow server exited with {process.returncode}")
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.05)


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system, with reaped children) of a process group, from /proc: on a
    loaded machine wall time says more about the neighbours than about the server."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def one_start(auth: bool) -> tuple[float, float, float | None, float]:
    with tempfile.TemporaryDirectory() as root:
        server = EmbeddedMlflowServer(Path(root))
        server.state_dir.mkdir(parents=True)
        server.write_auth_config()
        command = server.command()
        headers = {"Content-Type": "application/json"}
        if auth:
            pair = f"{server.username}:{server.password}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        else:
            command = command[: command.index("--app-name")]
        with server.log_path.open("wb") as log:
            started = time.monotonic()
            process = subprocess.Popen(
                command,
                cwd=server.state_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=server.process_environment(),
                start_new_session=True,
            )
        server.process = process  # so _terminate ends its whole process group
        try:
            wait_until(f"{server.uri}/health", {}, process)
            health = time.monotonic() - started
            search = f"{server.uri}/api/2.0/mlflow/experiments/search"
            wait_until(search, headers, process, "POST")
            ready = time.monotonic() - started
            cpu = group_cpu_seconds(process.pid)
            again = None
            if auth:
                t = time.monotonic()
                wait_until(search, headers, process, "POST")
                again = time.monotonic() - t
            return health, ready, again, cpu
        finally:
            server._terminate()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[bool, list[tuple[float, float, float | None, float]]] = {True: [], False: []}
    for _ in range(args.repeat):
        for auth in (False, True):
            results[auth].append(one_start(auth))
    for auth in (False, True):
        rows = results[auth]
        name = "basic-auth (nbcraft now)" if auth else "no auth (before)"
        health = statistics.median(r[0] for r in rows)
        ready = statistics.median(r[1] for r in rows)
        cpu = statistics.median(r[3] for r in rows)
        line = f"{name:26} /health {health:5.2f} s   first search {ready:5.2f} s   CPU {cpu:5.2f} s"
        if auth:
            line += f"   next search {statistics.median(r[2] for r in rows) * 1000:.0f} ms"
        print(line + f"   (median of {len(rows)})")


if __name__ == "__main__":
    main()
