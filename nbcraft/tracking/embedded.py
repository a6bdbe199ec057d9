"""The embedded tracking server: ``mlflow server`` on 127.0.0.1, owned by the Jupyter server.

Started when nothing is configured. The port is chosen up front so the URI is known (and
exported to kernels) before the process answers; the process starts in the background and
the status says ``starting`` meanwhile. A monitor on Jupyter's event loop health-checks it,
restarts it (same port, so kernels keep a valid URI) with exponential backoff when it dies
or stops answering, and gives up after a bounded number of restarts. It is stopped when
Jupyter stops: the whole process group (mlflow's CLI, uvicorn and its job runner).
Once ready, nbcraft adds a chart index to the store it owns (``store_index``).

Authentication: MLflow's own ``basic-auth`` app (``mlflow server --app-name basic-auth``).
Each start makes a random admin password, written only into the server's auth config,
``$(jupyter --runtime-dir)/nbcraft-mlflow-<port>.ini`` (mode 0600, in the user's private
runtime folder rather than the project, which may be shared or synced; given to MLflow by
``MLFLOW_AUTH_CONFIG_PATH``, removed when the server stops; beside it, without the password,
``nbcraft-mlflow-<port>.json`` says which Jupyter root it serves, see discovery.py). The auth database (users and
permissions) is its own file, ``.nbcraft/mlflow-auth.db``, made afresh at each start, so the
tracking store ``mlflow.db`` of an older nbcraft is used as it is. Other users get
``NO_PERMISSIONS``; a request without the password gets 401. The proxy and the status probe
use the password server-side; kernels get it through their environment at launch.
"""

from __future__ import annotations

import asyncio
import base64
import configparser
import contextlib
import importlib.util
import json
import logging
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from tornado.httpclient import HTTPRequest
from tornado.ioloop import IOLoop

from ..http_client import TRACKING, nbcraft_http_client
from ..relative_path import shown_path
from ..state_folder import folder_problem, ignore_all
from .discovery import discovery_path, write_discovery
from .store_index import HISTORY_INDEX, ensure_metric_history_index

STARTING, READY, RESTARTING, FAILED, STOPPED = (
    "starting",
    "ready",
    "restarting",
    "failed",
    "stopped",
)

#: The longest experiment name asked for: MLflow's experiments table keeps a name in
#: VARCHAR(256) (its REST check allows 500, which only SQLite then stores whole).
MAX_EXPERIMENT_NAME = 256


def experiment_name_problem(name: str) -> str | None:
    """Why MLflow would refuse ``name`` as an experiment name, in words (the name cut)."""
    if not name.strip():
        return "an empty experiment name"
    if len(name) > MAX_EXPERIMENT_NAME:
        return (
            f"the experiment name {name[:40]!r}… ({len(name)} characters; MLflow takes at "
            f"most {MAX_EXPERIMENT_NAME})"
        )
    return None


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def auth_config_path(port: int, runtime_dir: Path | None = None) -> Path:
    """Where the embedded server on ``port`` keeps its auth config (with the password)."""
    if runtime_dir is None:
        from jupyter_core.paths import jupyter_runtime_dir

        runtime_dir = Path(jupyter_runtime_dir())
    return Path(runtime_dir) / f"nbcraft-mlflow-{port}.ini"


def embedded_credentials(uri: str, runtime_dir: Path | None = None) -> tuple[str, str] | None:
    """(user, password) of the embedded server at ``uri`` (http://127.0.0.1:<port>) run by
    this user, read from its 0600 auth config; None when there is none. For the user's own
    scripts and the benches: e.g. a seed script logging to the embedded server."""
    parts = urlsplit(uri)
    if parts.hostname != "127.0.0.1" or not parts.port:
        return None
    try:
        text = auth_config_path(parts.port, runtime_dir).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return credentials_from_auth_config(text)


def credentials_from_auth_config(text: str) -> tuple[str, str] | None:
    """(user, password) from the text of an embedded server's auth config; None when absent."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
        section = parser["mlflow"]
        return section["admin_username"], section["admin_password"]
    except (KeyError, configparser.Error):
        return None


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
        runtime_dir: Path | None = None,
        experiments: tuple[str, ...] = (),
    ) -> None:
        self.state_dir = Path(root_dir) / ".nbcraft"
        self.db_path = self.state_dir / "mlflow.db"
        self.artifacts_dir = self.state_dir / "mlartifacts"
        self.log_path = self.state_dir / "mlflow-server.log"
        self.pid_path = self.state_dir / "mlflow-server.pid"
        self.username = "nbcraft"
        self.password = ""  # made at each start(); kept across restarts for running kernels
        self._flask_secret = ""
        self.port = port or free_loopback_port()
        # MLflow's basic-auth app: its config (holds the password: 0600) and its own database.
        self.auth_config_path = auth_config_path(self.port, runtime_dir)
        self.auth_db_path = self.state_dir / "mlflow-auth.db"
        self.startup_timeout = startup_timeout
        self.health_interval = health_interval
        self.max_restarts = max_restarts
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.stable_after = stable_after
        self.python = python
        self.log = log or logging.getLogger("nbcraft.tracking")
        self.state = STOPPED
        # Why the server is not ready, as the log says it (absolute paths) and as the routes tell
        # a client (``public_message``: paths relative to the Jupyter root, see _fail).
        self.message = ""
        self.public_message = ""
        self.restarts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._monitor: asyncio.Task[None] | None = None
        self._stopping = False
        self._index_task: asyncio.Future[None] | None = None
        # What ensure_metric_history_index did on the last start ("" until it ran).
        self.index_outcome = ""
        # Experiments the store should have once the server answers (see make_experiments).
        self.experiments = tuple(experiments)
        self._experiments_task: asyncio.Future[list[str]] | None = None

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
            "--app-name", "basic-auth",
        ]  # fmt: skip

    def process_environment(self) -> dict[str, str]:
        """The server's environment: Jupyter's, without tracking credentials, with its auth."""
        env = {
            k: v
            for k, v in os.environ.items()
            # MLFLOW_AUTH_ADMIN_* would override the admin user of the auth config.
            if not k.startswith(("MLFLOW_TRACKING_", "MLFLOW_AUTH_ADMIN_"))
        }
        env["MLFLOW_AUTH_CONFIG_PATH"] = str(self.auth_config_path)
        # The basic-auth app's CSRF key (its sign-up form); random, like the password.
        env["MLFLOW_FLASK_SERVER_SECRET_KEY"] = self._flask_secret
        # MLflow's job runner (GenAI jobs: trace roll-ups, judges) adds eight processes the
        # sidebar never uses; the user can turn it back on by setting the variable.
        env.setdefault("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false")
        return env

    def write_auth_config(self) -> None:
        """A new password and a fresh auth database for this server (see the module doc).

        MLflow creates its admin user only when the auth database lacks it, so the database
        of an earlier start (another password) is removed first; it holds no runs."""
        self.password = secrets.token_urlsafe(32)
        self._flask_secret = secrets.token_urlsafe(32)
        for stale in (self.auth_db_path, self.auth_config_path):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        self.auth_config_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = (
            "# Written by nbcraft at each start of the embedded mlflow server; do not share.\n"
            "[mlflow]\n"
            "default_permission = NO_PERMISSIONS\n"
            f"database_uri = sqlite:///{self.auth_db_path}\n"
            f"admin_username = {self.username}\n"
            f"admin_password = {self.password}\n"
            "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n"
            # One worker and a password that never changes while it runs: check the PBKDF2
            # hash once, not on every request of the sidebar.
            "auth_cache_ttl_seconds = 3600\n"
        )
        # Created 0600 from the first byte (no window with the umask's mode).
        fd = os.open(self.auth_config_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        # How `jupyter nbcraft run` in a shell of this user finds this server (discovery.py).
        write_discovery(self.auth_config_path, self.uri, self.state_dir.parent)

    # --- life cycle ---------------------------------------------------------------------------

    def start(self, io_loop: IOLoop | None = None) -> None:
        """Spawn the process now; monitor it on Jupyter's event loop (running or about to run)."""
        self._stopping = False
        if self.python == sys.executable and importlib.util.find_spec("flask_wtf") is None:
            # MLflow's basic-auth app needs Flask-WTF; never start the server without it.
            self._fail(
                lambda _: (
                    "The embedded mlflow server needs MLflow's auth extra to require a password: "
                    "pip install 'mlflow[auth]' (or 'nbcraft[mlflow]'), then restart Jupyter."
                )
            )
            return
        if self._state_dir_problem(str) is not None:
            self._fail(
                lambda show: (
                    f"The embedded mlflow server cannot start: {self._state_dir_problem(show)}"
                )
            )
            return
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            # The store, artifacts and auth config are this user's alone (a shared VM, a
            # JupyterHub node): other local users must not read them around the server.
            self.state_dir.chmod(0o700)
            self.write_auth_config()
            # The database and artifacts are local state, not something to commit.
            ignore_all(self.state_dir)
            self._kill_stale_server()
            self._spawn()
        except OSError as error:
            # A read-only Jupyter root, a file named .nbcraft, no Python: say so on the status
            # route instead of failing the whole server extension.
            # (strerror, not the error's text: that repeats the absolute path)
            why = error.strerror or type(error).__name__
            where = Path(error.filename) if error.filename else self.state_dir
            self._fail(
                lambda show: f"The embedded mlflow server cannot start: {why} ({show(where)})."
            )
            self._withdraw_discovery()
            return
        self.state = STARTING
        (io_loop or IOLoop.current()).add_callback(self._start_monitor)

    def _fail(self, told: Callable[[Callable[[Path], str]], str]) -> None:
        """FAILED, because ``told(show)``: logged with absolute paths (``show=str``); told to
        clients (``public_message``) with each path relative to the Jupyter root."""
        self.state = FAILED
        self.message = told(str)
        self.public_message = told(self.shown)
        self.log.error("nbcraft: %s", self.message)

    def shown(self, path: Path) -> str:
        """``path`` as a client of the routes sees it: as named under the Jupyter root, links
        not followed (``.nbcraft/mlflow-server.log`` even when ``.nbcraft`` is a link), else
        ``shown_path``'s answer."""
        root = self.state_dir.parent
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
        return shown_path(path, root, ".nbcraft")

    def _state_dir_problem(self, show: Callable[[Path], str] = str) -> str | None:
        """Why the state folder cannot be used, or None. It is in the project, so a cloned
        repository may ship it: a link there (``mlflow-server.pid -> ~/.bashrc``) would have
        nbcraft or mlflow write through it, and a folder of another user is not ours."""
        own = [self.state_dir, self.db_path, self.artifacts_dir, self.log_path]
        own += [self.log_path.with_suffix(".log.1"), self.pid_path, self.state_dir / ".gitignore"]
        for db in (self.db_path, self.auth_db_path):
            own += [db, *(db.with_name(db.name + end) for end in ("-journal", "-wal", "-shm"))]
        return folder_problem(self.state_dir, own, show)

    def _start_monitor(self) -> None:
        if not self._stopping:
            self._monitor = asyncio.ensure_future(self._watch())

    def _spawn(self) -> None:
        if self.log_path.exists() and self.log_path.stat().st_size > 5 * 1024 * 1024:
            self.log_path.replace(self.log_path.with_suffix(".log.1"))
        env = self.process_environment()
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

    def _withdraw_discovery(self) -> None:
        """A server that gave up is no longer found by ``jupyter nbcraft run``: its port is
        free, and another local user could listen on it."""
        with contextlib.suppress(OSError):
            discovery_path(self.auth_config_path).unlink()

    def stop(self) -> None:
        """Stop the process group; idempotent, safe from atexit (no event loop needed)."""
        self._stopping = True
        if self._monitor is not None and not self._monitor.done():
            with contextlib.suppress(RuntimeError):  # the loop may already be closed
                self._monitor.cancel()
        self._terminate()
        for path in (self.pid_path, self.auth_config_path, discovery_path(self.auth_config_path)):
            with contextlib.suppress(OSError):
                path.unlink()
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
            pid = int(self.pid_path.read_text(encoding="utf-8").split("\n")[0])
        except (OSError, ValueError):
            return
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            return
        # The pid file is in the project (a clone may ship one): only a server on this very
        # database is ours to stop, whatever else the file says.
        if f"sqlite:///{self.db_path}" in args and any("mlflow" in arg for arg in args):
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

    async def make_experiments(self) -> list[str]:
        """Create the configured experiments the store lacks; the names created.

        ``make lab`` names the sample's experiment, so the sample's ``mlflow.set_experiment``
        finds it: MLflow then says nothing, where creating it logs an INFO line on the
        notebook's stderr. Through MLflow's REST API, as a kernel would create it (the same
        ``mlflow-artifacts:`` location); one that exists already is left as it is."""
        created: list[str] = []
        pair = f"{self.username}:{self.password}".encode()
        headers = {
            "Authorization": "Basic " + base64.b64encode(pair).decode("ascii"),
            "Content-Type": "application/json",
        }
        for name in self.experiments:
            problem = experiment_name_problem(name)
            if problem is not None:
                self.log.warning("nbcraft: embedded_experiments: %s is refused", problem)
                continue
            request = HTTPRequest(
                f"{self.uri}/api/2.0/mlflow/experiments/create",
                method="POST",
                headers=headers,
                body=json.dumps({"name": name}),
                connect_timeout=5,
                request_timeout=30,
            )
            try:
                response = await nbcraft_http_client(TRACKING).fetch(request, raise_error=False)
            except Exception as error:  # noqa: BLE001 - a convenience: never fail the server
                self.log.warning("nbcraft: could not create the experiment %r: %s", name, error)
                continue
            if response.code == 200:
                created.append(name)
                self.log.info("nbcraft: created the MLflow experiment %r", name)
            elif b"RESOURCE_ALREADY_EXISTS" not in (response.body or b""):
                self.log.warning(
                    "nbcraft: could not create the experiment %r: HTTP %s", name, response.code
                )
        return created

    # --- monitoring ---------------------------------------------------------------------------

    async def _healthy(self) -> bool:
        request = HTTPRequest(f"{self.uri}/health", connect_timeout=2, request_timeout=3)
        try:
            # nbcraft's client: 127.0.0.1 is not resolved on a thread that a busy default pool
            # could hold back past the 2 s (a healthy server then looked dead and was restarted).
            response = await nbcraft_http_client(TRACKING).fetch(request, raise_error=False)
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
                            if self.experiments:
                                self._experiments_task = asyncio.ensure_future(
                                    self.make_experiments()
                                )
                        elif time.monotonic() - ready_since > self.stable_after:
                            self.restarts = 0  # the bound is on crash loops, not on a lifetime
                        self.state, self.message, failures = READY, "", 0
                        self.public_message = ""
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
                    told = f"The embedded mlflow server {reason} and was restarted "
                    told += f"{self.restarts} times; nbcraft gave up. See "
                    self._fail(lambda show, told=told: f"{told}{show(self.log_path)}.")
                    self._terminate(graceful=False)
                    self._withdraw_discovery()
                    return
                self.state = RESTARTING
                self.message = self.public_message = (
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
            # (the error's text may name files by their absolute path: the log only)
            told = f"The embedded mlflow server monitor failed: {type(error).__name__}"
            detail = f": {error}"
            self._fail(lambda show: told + (detail if show is str else "; see the Jupyter log."))
            self._withdraw_discovery()
