"""The embedded tracking server: ``mlflow server`` on 127.0.0.1, owned by the Jupyter server.

Started when nothing is configured. The port is chosen up front so the URI is known (and
exported to kernels) before the process answers; the process starts in the background and
the status says ``starting`` meanwhile. A monitor on Jupyter's event loop health-checks it,
restarts it (same port, so kernels keep a valid URI) with exponential backoff when it dies
or stops answering, and gives up after a bounded number of restarts. It is stopped when
Jupyter stops: the whole process group (mlflow's CLI, uvicorn and its job runner).
Once ready, nbcraft adds a chart index to the store it owns (``store_index``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.ioloop import IOLoop

from .store_index import HISTORY_INDEX, ensure_metric_history_index

STARTING, READY, RESTARTING, FAILED, STOPPED = (
    "starting",
    "ready",
    "restarting",
    "failed",
    "stopped",
)


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: have the kernel send SIGTERM to mlflow if the Jupyter server dies (even SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001, S110 - best effort; no logging between fork and exec
        pass


class EmbeddedMlflowServer:
    def __init__(
        self,
        root_dir: Path,
        port: int = 0,
        startup_timeout: float = 180.0,
        health_interval: float = 5.0,
        max_restarts: int = 5,
        backoff_initial: float = 1.0,
        backoff_max: float = 30.0,
        stable_after: float = 600.0,
        python: str = sys.executable,
        log: logging.Logger | None = None,
    ) -> None:
        self.state_dir = Path(root_dir) / ".nbcraft"
        self.db_path = self.state_dir / "mlflow.db"
        self.artifacts_dir = self.state_dir / "mlartifacts"
        self.log_path = self.state_dir / "mlflow-server.log"
        self.pid_path = self.state_dir / "mlflow-server.pid"
        self.port = port or free_loopback_port()
        self.startup_timeout = startup_timeout
        self.health_interval = health_interval
        self.max_restarts = max_restarts
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.stable_after = stable_after
        self.python = python
        self.log = log or logging.getLogger("nbcraft.tracking")
        self.state = STOPPED
        self.message = ""
        self.restarts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._monitor: asyncio.Task[None] | None = None
        self._stopping = False
        self._index_task: asyncio.Future[None] | None = None
        # What ensure_metric_history_index did on the last start ("" until it ran).
        self.index_outcome = ""

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def command(self) -> list[str]:
        return [
            self.python, "-m", "mlflow", "server",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--workers", "1",
            "--backend-store-uri", f"sqlite:///{self.db_path}",
            "--serve-artifacts",
            "--artifacts-destination", str(self.artifacts_dir),
        ]  # fmt: skip

    # --- life cycle ---------------------------------------------------------------------------

    def start(self, io_loop: IOLoop | None = None) -> None:
        """Spawn the process now; monitor it on Jupyter's event loop (running or about to run)."""
        self._stopping = False
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            gitignore = self.state_dir / ".gitignore"
            if not gitignore.exists():
                # The database and artifacts are local state, not something to commit.
                gitignore.write_text(
                    "# created by nbcraft: local MLflow data\n*\n", encoding="utf-8"
                )
            self._kill_stale_server()
            self._spawn()
        except OSError as error:
            # A read-only Jupyter root, a file named .nbcraft, no Python: say so on the status
            # route instead of failing the whole server extension.
            self.state = FAILED
            self.message = (
                f"The embedded mlflow server cannot start: {error.strerror or error} "
                f"({error.filename or self.state_dir})."
            )
            self.log.error("nbcraft: %s", self.message)
            return
        self.state = STARTING
        (io_loop or IOLoop.current()).add_callback(self._start_monitor)

    def _start_monitor(self) -> None:
        if not self._stopping:
            self._monitor = asyncio.ensure_future(self._watch())

    def _spawn(self) -> None:
        if self.log_path.exists() and self.log_path.stat().st_size > 5 * 1024 * 1024:
            self.log_path.replace(self.log_path.with_suffix(".log.1"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_TRACKING_")}
        # MLflow's job runner (GenAI jobs: trace roll-ups, judges) adds eight processes the
        # sidebar never uses; the user can turn it back on by setting the variable.
        env.setdefault("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false")
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                cwd=self.state_dir,
                env=env,
                start_new_session=True,  # its own process group: stop() ends uvicorn too
                # Only calls prctl, which is async-signal-safe enough for the fork-exec window.
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
            )
        self.pid_path.write_text(f"{self.process.pid}\n{self.db_path}\n", encoding="utf-8")
        self.log.info(
            "nbcraft: embedded mlflow server starting at %s (pid %s)", self.uri, self.process.pid
        )

    async def wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.state == READY:
                return True
            if self.state in (FAILED, STOPPED):
                return False
            await asyncio.sleep(0.1)
        return self.state == READY

    def stop(self) -> None:
        """Stop the process group; idempotent, safe from atexit (no event loop needed)."""
        self._stopping = True
        if self._monitor is not None and not self._monitor.done():
            with contextlib.suppress(RuntimeError):  # the loop may already be closed
                self._monitor.cancel()
        self._terminate()
        with contextlib.suppress(OSError):
            self.pid_path.unlink()
        if self.state != STOPPED:
            self.log.info("nbcraft: embedded mlflow server stopped")
        self.state = STOPPED

    def _terminate(self, graceful: bool = True) -> None:
        """End the process group. Graceful (SIGTERM, wait) only at shut-down: from the monitor
        a hung server gets SIGKILL at once, so Jupyter's event loop never waits on it."""
        process = self.process
        if process is None:
            return
        if graceful and process.poll() is None:
            self._signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._signal_group(process.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=5)
        # uvicorn and the job runner share the group; end them even if the CLI exited first.
        self._signal_group(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0 if not graceful else 5)  # reap it: no zombie left behind

    @staticmethod
    def _signal_group(pgid: int, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signum)

    def _kill_stale_server(self) -> None:
        """A Jupyter that was SIGKILLed may have left its server running on our database."""
        try:
            pid_text, db_text = self.pid_path.read_text(encoding="utf-8").split("\n")[:2]
            pid = int(pid_text)
        except (OSError, ValueError):
            return
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            return
        if db_text and db_text in cmdline and "mlflow" in cmdline:
            self.log.warning("nbcraft: stopping a stale embedded mlflow server (pid %s)", pid)
            self._signal_group(pid, signal.SIGKILL)

    async def _index_store(self) -> None:
        """Add the chart index to our own store (see ``store_index``), off the event loop."""
        try:
            outcome = await asyncio.get_running_loop().run_in_executor(
                None, ensure_metric_history_index, self.db_path
            )
        except (sqlite3.Error, OSError) as error:
            outcome = f"failed: {error}"
        self.index_outcome = outcome
        if outcome == "created":
            self.log.info("nbcraft: added the chart index %s to %s", HISTORY_INDEX, self.db_path)
        elif outcome != "present":
            self.log.warning("nbcraft: chart index for %s %s", self.db_path, outcome)

    # --- monitoring ---------------------------------------------------------------------------

    async def _healthy(self) -> bool:
        request = HTTPRequest(f"{self.uri}/health", connect_timeout=2, request_timeout=3)
        try:
            response = await AsyncHTTPClient().fetch(request, raise_error=False)
        except Exception:  # noqa: BLE001 - any failure to answer means "not healthy"
            return False
        return response.code == 200

    async def _watch(self) -> None:
        started = ready_since = time.monotonic()
        failures = 0
        backoff = self.backoff_initial
        try:
            while not self._stopping:
                process = self.process
                died = process is None or process.poll() is not None
                if not died:
                    healthy = await self._healthy()
                    if healthy:
                        if self.state != READY:
                            self.log.info("nbcraft: embedded mlflow server ready at %s", self.uri)
                            ready_since = time.monotonic()
                            # MLflow has created (or migrated) its schema by now.
                            self._index_task = asyncio.ensure_future(self._index_store())
                        elif time.monotonic() - ready_since > self.stable_after:
                            self.restarts = 0  # the bound is on crash loops, not on a lifetime
                        self.state, self.message, failures = READY, "", 0
                        backoff = self.backoff_initial
                        await asyncio.sleep(self.health_interval)
                        continue
                    if self.state == READY:
                        failures += 1  # a busy server may miss one check; three in a row is hung
                    elif time.monotonic() - started > self.startup_timeout:
                        failures = 3
                    if failures < 3:
                        await asyncio.sleep(0.25 if self.state != READY else 1.0)
                        continue
                if self._stopping:
                    return
                code = process.poll() if process else None
                reason = f"exited with code {code}" if died else "stopped answering /health"
                if self.restarts >= self.max_restarts:
                    self.state = FAILED
                    self.message = (
                        f"The embedded mlflow server {reason} and was restarted {self.restarts} "
                        f"times; nbcraft gave up. See {self.log_path}."
                    )
                    self.log.error("nbcraft: %s", self.message)
                    self._terminate(graceful=False)
                    return
                self.state = RESTARTING
                self.message = (
                    f"The embedded mlflow server {reason}; restarting in {backoff:.0f} s."
                )
                self.log.warning("nbcraft: %s See %s.", self.message, self.log_path)
                self._terminate(graceful=False)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.backoff_max)
                if self._stopping:
                    return
                self.restarts += 1
                self._spawn()
                self.state, failures, started = STARTING, 0, time.monotonic()
        except asyncio.CancelledError:
            pass
        except Exception as error:  # noqa: BLE001 - never let the monitor die silently
            self.state = FAILED
            self.message = (
                f"The embedded mlflow server monitor failed: {type(error).__name__}: {error}"
            )
            self.log.error("nbcraft: %s", self.message)
