"""``/nbcraft/provenance/...``: what the lab's Provenance section, compare view and lint rule
read, and the Reproduce button (thin over summary.py and reproduce.py).

- ``GET runs/<run_id>[?kernel=<id>]``: the run's record against now (summary.run_summary);
- ``GET compare?a=<run>&b=<run>``: two records (summary.compare_records);
- ``POST runs/<run_id>/reproduce`` ``{target?, env?, rtol?}`` -> 202 ``{id}``;
- ``GET reproductions/<id>``: its state (reproduce.Reproduction.to_json);
- ``GET git[?path=<notebook>]``: the repository of a notebook under the root.
Authenticated, ``@authorized`` on ``nbcraft-provenance``, XSRF-checked on POST. MLflow is
called on the server with the tracking capability's server and credentials, in the
executor's threads (never on the event loop: a slow tracking server or a large artifact must not
hold up the server's other requests); the records of ended runs are kept (record_cache.py).
"""

from __future__ import annotations

import asyncio
import math
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.auth.decorator import authorized

from ..handlers import NbcraftHandler
from . import record_reader as rr
from .record_cache import RecordCache, view_record
from .reproduce import DEFAULT_RTOL, ENVS, Context, Options, Reproduction, reproduce
from .summary import (
    PathRefused,
    compare_records,
    git_state,
    interpreter_distributions,
    kernel_interpreter,
    run_summary,
    server_distributions,
)

MAX_REPRODUCTIONS = 100  # finished ones kept for GET; the oldest go first
MAX_RUNNING = 2  # each makes a worktree, maybe a virtual environment, and runs a kernel


class ProvenanceUnavailable(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Provenance:
    """The routes' state in one server: the root, the capabilities used, the reproductions."""

    def __init__(self, root: Path, settings: dict[str, Any], kernel_manager: Any):
        self.root = Path(root).resolve()
        self.settings = settings
        self.kernel_manager = kernel_manager
        self.reproductions: dict[str, Reproduction] = {}
        self._tasks: set[asyncio.Task] = set()
        self.records = RecordCache()

    def tracking_uri(self) -> str:
        """The tracking capability's server (on the event loop: it follows a changed setting)."""
        tracking = self.settings.get("nbcraft_tracking")
        if tracking is None:
            raise ProvenanceUnavailable(503, "the tracking capability is not loaded")
        tracking.refresh()
        if tracking.config_error is not None:
            raise ProvenanceUnavailable(503, tracking.config_error.message)
        if tracking.server is None:
            raise ProvenanceUnavailable(503, "no tracking server is configured")
        return tracking.server.uri

    def client(self, uri: str | None = None) -> Any:
        """MLflow's client for the tracking capability's server (its credentials stay in
        this process's environment, exported by that capability). Blocking: the first call
        imports mlflow (seconds on a busy machine), so the routes call it in a thread."""
        uri = uri if uri is not None else self.tracking_uri()
        from mlflow.tracking import MlflowClient

        return MlflowClient(tracking_uri=uri)

    async def viewer(self) -> Any:
        """``view(run_id) -> RunRecord`` (blocking) for the lab's views: MLflow's client for
        the tracking server, and the cache of ended runs' records under its credentials. The
        client is made in a thread: importing mlflow on the event loop held every other
        request (the sidebar's proxied calls timed out "while resolving 127.0.0.1")."""
        uri = self.tracking_uri()
        client = await asyncio.get_running_loop().run_in_executor(None, self.client, uri)
        scope = self.records.scope(uri)
        return lambda run_id: view_record(client, run_id, self.records, scope)

    def jobs(self) -> Any:
        jobs = self.settings.get("nbcraft_jobs")
        if jobs is None:
            raise ProvenanceUnavailable(
                503, "the jobs capability is not loaded: it runs reproductions"
            )
        return jobs

    def start(self, options: Options, client: Any = None) -> Reproduction:
        """``client``: MLflow's, made in a thread by the route (None: made here, blocking)."""
        from ..compute.kernelspecs import default_kernels_dir

        if len(self._tasks) >= MAX_RUNNING:
            raise ProvenanceUnavailable(
                429, f"{len(self._tasks)} reproductions are running: try again when one ends"
            )

        ctx = Context(
            client if client is not None else self.client(),
            self.jobs(),
            self.root,
            kernels_dir=default_kernels_dir(),
            repo_from_run=True,
        )
        state = Reproduction(options.run_id)
        self.reproductions[state.id] = state
        while len(self.reproductions) > MAX_REPRODUCTIONS:
            oldest = next(
                (k for k, v in self.reproductions.items() if v.exit_code is not None), None
            )
            if oldest is None:
                break
            del self.reproductions[oldest]
        task = asyncio.ensure_future(reproduce(options, ctx, state))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return state


class _ProvenanceHandler(NbcraftHandler):
    auth_resource = "nbcraft-provenance"

    def initialize(self, provenance: Provenance) -> None:
        self.provenance = provenance

    async def blocking(self, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, function, *args)

    def refuse_run_id(self, run_id: str) -> bool:
        if rr.valid_run_id(run_id):
            return False
        self.write_problem(400, f"{run_id!r} is not an MLflow run id")
        return True

    async def answer(self, work: Any) -> None:
        """Run ``work`` (a coroutine) and answer its JSON, or the problem it raised."""
        try:
            self.write_json(await work)
        except ProvenanceUnavailable as error:
            self.write_problem(error.status, str(error))
        except rr.RecordError as error:
            status = 404 if str(error).startswith("no run") else 400
            self.write_problem(status, str(error))
        except PathRefused as error:
            self.write_problem(400, str(error))
        except Exception as error:  # noqa: BLE001 - a tracking server that fails: one line, no trace
            from ..tracking.errors import scrub

            self.log.warning("nbcraft provenance: %s", scrub(repr(error))[:500])
            lines = scrub(str(error)).strip().splitlines()
            first = lines[0][:300] if lines else ""
            self.write_problem(
                502, f"the tracking server could not answer: {type(error).__name__}: {first}"
            )


class RunHandler(_ProvenanceHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, run_id: str) -> None:
        if self.refuse_run_id(run_id):
            return
        await self.answer(self._summary(run_id, self.get_query_argument("kernel", None)))

    async def _summary(self, run_id: str, kernel_id: str | None) -> dict[str, Any]:
        p = self.provenance
        view = await p.viewer()
        record, (now, compared_with, note) = await asyncio.gather(
            self.blocking(view, run_id), self._environment(kernel_id)
        )
        return await self.blocking(run_summary, record, p.root, now, compared_with, note)

    async def _environment(self, kernel_id: str | None) -> tuple[Any, str, str | None]:
        """The environment the run is compared with: the kernel's, else the server's."""
        if kernel_id:
            try:
                python, display = kernel_interpreter(self.provenance.kernel_manager, kernel_id)
            except KeyError:
                raise ProvenanceUnavailable(404, f"no kernel {kernel_id!r}") from None
            if python is None:
                return (
                    await self.blocking(server_distributions),
                    "server",
                    f"the kernel {display!r} runs remotely: compared with the server's"
                    + " environment instead",
                )
            try:
                return await self.blocking(interpreter_distributions, python), display, None
            except (OSError, RuntimeError, ValueError) as error:
                return (
                    await self.blocking(server_distributions),
                    "server",
                    f"the kernel's packages could not be listed ({error}); compared with"
                    + " the server's environment instead",
                )
        return await self.blocking(server_distributions), "server", None


class CompareHandler(_ProvenanceHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        a, b = self.get_query_argument("a", ""), self.get_query_argument("b", "")
        if not a or not b:
            self.write_problem(400, "compare needs two runs: ?a=<run id>&b=<run id>")
            return
        if self.refuse_run_id(a) or self.refuse_run_id(b):
            return
        await self.answer(self._compare(a, b))

    async def _compare(self, a: str, b: str) -> dict[str, Any]:
        view = await self.provenance.viewer()
        ra, rb = await asyncio.gather(self.blocking(view, a), self.blocking(view, b))
        return await self.blocking(compare_records, ra, rb)


class ReproduceHandler(_ProvenanceHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, run_id: str) -> None:
        self.set_header("Allow", "POST")
        self.write_problem(405, f"POST to reproduce run {run_id}")

    @tornado.web.authenticated
    @authorized
    async def post(self, run_id: str) -> None:
        if self.refuse_run_id(run_id):
            return
        body = self.get_json_body() if self.request.body else {}
        problem = _check_body(body)
        if problem:
            self.write_problem(400, problem)
            return
        options = Options(
            run_id,
            body.get("target") or None,
            body.get("env") or "current",
            float(body["rtol"]) if body.get("rtol") is not None else DEFAULT_RTOL,
        )
        try:
            uri = self.provenance.tracking_uri()
            client = await self.blocking(self.provenance.client, uri)
            state = self.provenance.start(options, client)
        except ProvenanceUnavailable as error:
            self.write_problem(error.status, str(error))
            return
        self.log.info("nbcraft: reproducing run %s (%s)", run_id, state.id)
        self.write_json({"id": state.id}, 202)


def _check_body(body: Any) -> str | None:
    if not isinstance(body, dict):
        return 'expected a JSON object {"target"?, "env"?, "rtol"?}'
    unknown = sorted(set(body) - {"target", "env", "rtol"})
    if unknown:
        return f"unknown field(s): {', '.join(unknown)}"
    if body.get("target") is not None and not isinstance(body["target"], str):
        return "`target` must be a target name"
    if body.get("env") is not None and body["env"] not in ENVS:
        return f"`env` must be one of {', '.join(ENVS)}"
    rtol = body.get("rtol")
    if rtol is not None and (
        isinstance(rtol, bool)
        or not isinstance(rtol, (int, float))
        or not math.isfinite(rtol)
        or rtol < 0
    ):
        return "`rtol` must be a finite number >= 0"
    return None


class ReproductionHandler(_ProvenanceHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, reproduction_id: str) -> None:
        state = self.provenance.reproductions.get(reproduction_id)
        if state is None:
            self.write_problem(404, f"no reproduction {reproduction_id!r}")
            return
        self.write_json(state.to_json())


class GitHandler(_ProvenanceHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        path = self.get_query_argument("path", None)
        await self.answer(self.blocking(git_state, self.provenance.root, path))
