"""The tracking capability's state inside one Jupyter server: which server, its status, its
embedded process, and the environment kernels inherit."""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from tornado.ioloop import IOLoop

from ..trust.store import TrustStore
from . import embedded as embedded_states
from .auth import BasicAuth
from .embedded import EmbeddedMlflowServer
from .errors import TrackingConfigError, scrub, without_userinfo
from .lab_settings import LabSettingsError, read_plugin_settings, stamp
from .resolve import (
    KIND_DATABRICKS,
    KIND_EMBEDDED,
    KIND_MLFLOW,
    MLFLOW_CREDENTIAL_VARS,
    Candidate,
    TrackingServer,
    embedded_server,
    resolve_tracking_server,
)
from .series_cache import SeriesCache
from .settings import NbcraftTracking, read_project_tracking_uri, settings_tracking_uri
from .store_series import EmbeddedSeries, SeriesTooLarge, parse_bulk_interval_query
from .upstream import Limits, Problem, fetch_upstream, too_large_problem

# Set in the Jupyter server's environment, so every kernel (and terminal) it starts inherits
# them: the URI, the Jupyter root, and only the credentials of that URI (the embedded
# server's own password; the user's MLFLOW_TRACKING_* only when they belong to the URI, see
# resolve.py); never written to a file.
TRACKING_URI_VAR = "MLFLOW_TRACKING_URI"
SUPPRESS_RUN_LINKS_VAR = "MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT"
JUPYTER_ROOT_VAR = "NBCRAFT_JUPYTER_ROOT"

_VERSION = re.compile(r"^\d+(\.\d+){1,3}([.+\-]?[A-Za-z0-9.]{1,20})?$")

DISABLED, ERROR, READY, UNREACHABLE, UNAUTHORIZED = (
    "disabled",
    "error",
    "ready",
    "unreachable",
    "unauthorized",
)


class TrackingService:
    def __init__(
        self,
        settings: NbcraftTracking,
        root_dir: Path,
        log: logging.Logger,
        environ: MutableMapping[str, str] | None = None,
        lab_settings_path: Path | None = None,
    ) -> None:
        self.settings = settings
        self.root_dir = Path(root_dir)
        self.log = log
        self.environ = os.environ if environ is None else environ
        # <user settings dir>/nbcraft/tracking.jupyterlab-settings (key ``trackingUri``).
        self.lab_settings_path = lab_settings_path
        self.server: TrackingServer | None = None
        self.config_error: TrackingConfigError | None = None
        self.embedded: EmbeddedMlflowServer | None = None
        self._saved_env: dict[str, str | None] = {}
        self._stamp: tuple[Any, ...] | None = None
        self._stopped = False
        # Chart series answered lately (see series_cache.py); emptied when the server changes.
        self.series_cache = SeriesCache(settings.series_cache_bytes)
        # Chart series read from the embedded store itself (store_series.py); only ever for
        # the SQLite file of the mlflow server this service started.
        self._embedded_series: EmbeddedSeries | None = None
        # Proxied requests in flight (bounded by c.NbcraftTracking.max_concurrent_requests).
        self.in_flight = 0

    # --- start and stop -------------------------------------------------------------------------

    def start(self, io_loop: IOLoop | None = None) -> None:
        self._stopped = False
        self._stamp = self._config_stamp()
        server, error = self._try_resolve()
        self._apply(server, error, io_loop)

    def refresh(self, io_loop: IOLoop | None = None) -> None:
        """Follow a changed setting (the settings editor, nbcraft.json) without a restart.

        Called by the routes before they answer; costs three ``stat`` calls when nothing
        changed. Kernels started from now on get the new URI; running ones keep theirs."""
        if self._stopped:
            return
        current = self._config_stamp()
        if current == self._stamp:
            return
        self._stamp = current
        server, error = self._try_resolve()
        old = self.server if self.embedded is None else None
        if error is None and self.config_error is None:
            if server is None and self.embedded is not None:
                return  # still nothing configured: keep the embedded server running
            if server is not None and old is not None and _same(server, old):
                return  # an unrelated edit of the same file
        self.log.info("nbcraft: tracking settings changed; resolving the tracking server again")
        self._apply(server, error, io_loop)

    def _try_resolve(self) -> tuple[TrackingServer | None, TrackingConfigError | None]:
        try:
            return self._resolve(), None
        except TrackingConfigError as error:
            return None, error

    def _apply(
        self,
        server: TrackingServer | None,
        error: TrackingConfigError | None,
        io_loop: IOLoop | None,
    ) -> None:
        keep_embedded = error is None and server is None and self.embedded is not None
        if self.embedded is not None and not keep_embedded:
            self.embedded.stop()
            self.embedded = None
            self._embedded_series = None
        self._restore_env()
        self.config_error = error
        self.server = server
        self.series_cache.clear()
        if error is not None:
            self.log.error("nbcraft: tracking is not set up: %s %s", error.message, error.hint)
            return
        if server is None:
            if keep_embedded:
                self.server = self._embedded_server()
            elif not self.settings.embedded:
                self.log.info("nbcraft: no tracking server configured; the embedded one is off")
                return
            else:
                self.embedded = EmbeddedMlflowServer(
                    self.root_dir,
                    port=self.settings.embedded_port,
                    startup_timeout=self.settings.embedded_startup_timeout,
                    health_interval=self.settings.health_interval,
                    max_restarts=self.settings.embedded_max_restarts,
                    backoff_initial=self.settings.embedded_restart_backoff,
                    log=self.log,
                    experiments=tuple(self.settings.embedded_experiments),
                )
                self.embedded.start(io_loop)
                self._embedded_series = EmbeddedSeries(self.embedded.db_path)
                self.server = self._embedded_server()
                if self.embedded.state == embedded_states.FAILED:
                    return  # nothing answers at that URI: kernels must not be sent there
        else:
            self.log.info(
                "nbcraft: tracking server %s (%s, from %s)",
                server.uri,
                server.kind,
                server.source,
            )
        assert self.server is not None
        self._export_env(TRACKING_URI_VAR, self.server.uri)
        self._export_env(JUPYTER_ROOT_VAR, str(self.root_dir))
        self._export_kernel_credentials(self.server)

    def _embedded_server(self) -> TrackingServer:
        embedded = self.embedded
        assert embedded is not None
        auth = BasicAuth(
            embedded.username,
            embedded.password,
            hint=f"nbcraft restarts the embedded server with a new password; see {embedded.log_path}.",
        )
        return embedded_server(embedded.uri, auth)

    def _export_kernel_credentials(self, server: TrackingServer) -> None:
        """Kernels get the credentials of the server they log to, and no others."""
        if server.kind == KIND_EMBEDDED:
            # MLflow prints "View run ... at: http://127.0.0.1:<port>/#/..." when a run ends: a
            # link to the embedded server, which asks the browser for a password the user never
            # has (and must not get). The run is in the nbcraft sidebar instead. Another server
            # gets the user's own value back from _apply's _restore_env.
            self._export_env(SUPPRESS_RUN_LINKS_VAR, "true")
        if server.kind == KIND_EMBEDDED or not server.env_credentials:
            own = self.kernel_credentials()
            # (No token with the embedded password: MLflow would prefer it.)
            for name in MLFLOW_CREDENTIAL_VARS:
                self._export_env(name, own.get(name))

    def kernel_credentials(self) -> dict[str, str]:
        """The credential variables kernels get with the current server's URI: the embedded
        server's password, or the environment's own when they belong to the URI."""
        server = self.server
        if server is None:
            return {}
        if server.kind == KIND_EMBEDDED and self.embedded is not None:
            return {
                "MLFLOW_TRACKING_USERNAME": self.embedded.username,
                "MLFLOW_TRACKING_PASSWORD": self.embedded.password,
            }
        if server.kind != KIND_EMBEDDED and server.env_credentials:
            return {n: self.environ[n] for n in MLFLOW_CREDENTIAL_VARS if self.environ.get(n)}
        return {}

    def _config_stamp(self) -> tuple[Any, ...]:
        files = [self.root_dir / "nbcraft.json", self.root_dir / "pyproject.toml"]
        if self.lab_settings_path is not None:
            files.append(self.lab_settings_path)
        # Trusting or revoking the project file changes what it may set.
        return (*(stamp(path) for path in files), TrustStore().stamp())

    def _resolve(self) -> TrackingServer | None:
        return resolve_configured_server(
            self.settings, self.root_dir, self.lab_settings_path, self._user_environ()
        )

    def _user_environ(self) -> dict[str, str]:
        """The environment as the user set it, without what this service exported."""
        environ = dict(self.environ)
        for name, value in self._saved_env.items():
            if value is None:
                environ.pop(name, None)
            else:
                environ[name] = value
        return environ

    def _export_env(self, name: str, value: str | None) -> None:
        """Set (or, with None, remove) a variable kernels inherit; undone by _restore_env."""
        if name not in self._saved_env:
            self._saved_env[name] = self.environ.get(name)
        if value is None:
            self.environ.pop(name, None)
        else:
            self.environ[name] = value

    def stop(self) -> None:
        self._stopped = True
        if self.embedded is not None:
            self.embedded.stop()
        self._restore_env()

    def _restore_env(self) -> None:
        # Give the process its environment back (matters when several servers share one
        # process, as in tests, and when the settings change).
        for name, value in self._saved_env.items():
            if value is None:
                self.environ.pop(name, None)
            else:
                self.environ[name] = value
        self._saved_env.clear()

    # --- what the routes need -------------------------------------------------------------------

    def not_ready_problem(self) -> Problem | None:
        """Why the proxy cannot forward right now, or None when it can."""
        if self.config_error is not None:
            return Problem(503, "config-error", self.config_error.message, self.config_error.hint)
        if self.server is None:
            return Problem(
                503,
                "not-configured",
                "No tracking server is configured and the embedded one is off "
                "(c.NbcraftTracking.embedded = False).",
                "Set trackingUri in the nbcraft:tracking settings, c.NbcraftTracking.uri, "
                "tracking.uri in nbcraft.json, or MLFLOW_TRACKING_URI.",
            )
        if self.embedded is not None and self.embedded.state != embedded_states.READY:
            state = self.embedded.state
            if state == embedded_states.FAILED:
                return Problem(
                    503, "embedded-failed", self.embedded.public_message, self._embedded_hint()
                )
            return Problem(
                503,
                "starting" if state == embedded_states.STARTING else state,
                self.embedded.public_message or "The embedded MLflow server is starting.",
                "Retry in a few seconds.",
                {"state": state},
                {"Retry-After": "2"},
            )
        return None

    def begin_request(self) -> Problem | None:
        """Count a proxied request in, or say why not: 429 when the bound is reached."""
        bound = self.settings.max_concurrent_requests
        if bound > 0 and self.in_flight >= bound:
            return Problem(
                429,
                "busy",
                f"nbcraft is already forwarding {self.in_flight} requests to the tracking "
                "server, its limit (c.NbcraftTracking.max_concurrent_requests).",
                "Retry in a moment; if this happens often, raise "
                "c.NbcraftTracking.max_concurrent_requests in jupyter_server_config.",
                {"retry_after": "1"},
                {"Retry-After": "1"},
            )
        self.in_flight += 1
        return None

    def end_request(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)

    async def embedded_series_answer(self, query: str) -> bytes | None:
        """A get-history-bulk-interval answer read from the embedded store, or None to ask
        MLflow: the server is not the embedded one, or the request is not the plain case.
        Raises a 413 ``Problem`` past ``max_response_bytes``, as MLflow's answers get."""
        reader, embedded, server = self._embedded_series, self.embedded, self.server
        if (
            reader is None
            or embedded is None
            or server is None
            or server.kind != KIND_EMBEDDED
            or server.uri != embedded.uri
            or embedded.state != embedded_states.READY
            or reader.db_path != embedded.db_path
        ):
            return None
        parsed = parse_bulk_interval_query(query)
        if parsed is None:
            return None
        # SQLite work off the event loop (a busy store may make it wait for its lock).
        cap = self.settings.max_response_bytes
        try:
            return await asyncio.get_running_loop().run_in_executor(
                None, reader.answer, parsed, cap
            )
        except SeriesTooLarge:
            raise too_large_problem(cap, "c.NbcraftTracking.max_response_bytes") from None
        except Exception as error:  # noqa: BLE001 - anything unexpected: MLflow answers instead
            self.log.warning("nbcraft: chart series from %s failed: %r", reader.db_path, error)
            return None

    def _embedded_hint(self) -> str:
        """What to do, for a client: the server's log named relative to the Jupyter root."""
        embedded = self.embedded
        log = embedded.shown(embedded.log_path) if embedded else ".nbcraft/mlflow-server.log"
        return (
            f"See {log}. Or use another tracking server: trackingUri in the nbcraft:tracking "
            "settings, c.NbcraftTracking.uri, tracking.uri in nbcraft.json or MLFLOW_TRACKING_URI."
        )

    def limits(self, is_artifact: bool) -> tuple[Limits, str]:
        name = "max_artifact_bytes" if is_artifact else "max_response_bytes"
        return (
            Limits(
                connect_timeout=self.settings.connect_timeout,
                request_timeout=self.settings.request_timeout,
                max_bytes=getattr(self.settings, name),
            ),
            f"c.NbcraftTracking.{name}",
        )

    async def status(self) -> dict[str, Any]:
        server = self.server
        # No URI reaches the browser with credentials in it, whatever resolved it.
        body: dict[str, Any] = {
            "kind": server.kind if server else None,
            "uri": without_userinfo(server.uri) if server else None,
            "source": server.source if server else None,
            "reachable": False,
            "version": None,
            "ui_url": without_userinfo(server.ui_url) if server else None,
            "ui_run_url_template": without_userinfo(server.ui_run_url_template) if server else None,
            "state": DISABLED,
            "message": "",
            "hint": "",
        }
        problem = self.not_ready_problem()
        if problem is not None:
            if self.config_error is not None:
                state = ERROR
            elif server is None:
                state = DISABLED
            else:
                state = self.embedded.state if self.embedded else ERROR
            body.update(state=state, message=problem.message, hint=problem.hint)
            return body
        assert server is not None
        (
            body["reachable"],
            body["version"],
            body["state"],
            body["message"],
            body["hint"],
        ) = await self._probe(server)
        return body

    async def _probe(self, server: TrackingServer) -> tuple[bool, str | None, str, str, str]:
        """(reachable, version, state, message, hint) from two small requests."""
        limits = Limits(
            connect_timeout=min(self.settings.connect_timeout, 3.0),
            request_timeout=5.0,
            max_bytes=64 * 1024,
        )
        version = None
        if server.kind in (KIND_EMBEDDED, KIND_MLFLOW):
            try:
                answer = await fetch_upstream(server, "version", accept="text/plain", limits=limits)
                text = answer.body.decode("utf-8", errors="replace").strip()
                version = text if _VERSION.match(text) else None
            except Problem as problem:
                if problem.reason in ("unreachable", "timeout", "tls"):
                    return False, None, UNREACHABLE, problem.message, problem.hint
            # Older or proxied servers may lack /version; the API answer below decides.
        try:
            await fetch_upstream(
                server,
                "api/2.0/mlflow/experiments/search",
                method="POST",
                body=b'{"max_results": 1}',
                limits=limits,
            )
        except Problem as problem:
            if problem.reason in ("unreachable", "timeout", "tls", "redirect-refused"):
                return False, version, UNREACHABLE, problem.message, problem.hint
            if problem.reason in ("upstream-auth", "auth-failed"):
                return True, version, UNAUTHORIZED, problem.message, problem.hint
            return True, version, ERROR, problem.message, problem.hint
        if server.kind == KIND_DATABRICKS:
            version = None  # Databricks does not publish its MLflow server version
        return True, version, READY, "", ""


def resolve_configured_server(
    settings: NbcraftTracking,
    root: Path,
    lab_settings_path: Path | None,
    environ: dict[str, str],
) -> TrackingServer | None:
    """The tracking server the configuration names, in the one order the server and
    ``jupyter nbcraft run`` share: the user's trackingUri setting, ``c.NbcraftTracking.uri``
    (Jupyter config), ``tracking.uri`` of the trusted project config, ``MLFLOW_TRACKING_URI``.
    None: nothing configured. A broken source raises TrackingConfigError naming it."""
    lab_uri, lab_source = None, "trackingUri in the nbcraft:tracking settings"
    if lab_settings_path is not None:
        lab_source = f"trackingUri in the nbcraft:tracking settings ({lab_settings_path})"
        try:
            lab_settings = read_plugin_settings(lab_settings_path)
        except LabSettingsError as error:
            raise TrackingConfigError(
                str(error), hint="Fix the file, or reset the settings in the Settings Editor."
            ) from None
        lab_uri = settings_tracking_uri(lab_settings, lab_source)
    project_uri, project_source = read_project_tracking_uri(root)
    candidates = [
        Candidate(lab_uri, lab_source),
        Candidate(settings.uri, "c.NbcraftTracking.uri (Jupyter config)"),
        Candidate(project_uri, project_source),
        Candidate(environ.get(TRACKING_URI_VAR), TRACKING_URI_VAR, from_environment=True),
    ]
    return resolve_tracking_server(
        candidates,
        environ,
        env_credentials_origins=settings.env_credentials_origins,
    )


def _same(a: TrackingServer, b: TrackingServer) -> bool:
    return (a.kind, a.uri, a.rest_base, a.source) == (b.kind, b.uri, b.rest_base, b.source)


def scrubbed(server: TrackingServer | None, text: str) -> str:
    return scrub(text, server.auth.secrets() if server else ())
