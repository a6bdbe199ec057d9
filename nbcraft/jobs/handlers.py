"""Routes of the jobs capability (under ``<base_url>/nbcraft/``): thin, over :class:`JobService`.

Every verb is authenticated and authorized (resource ``nbcraft-jobs``: GET is ``read``, POST
is ``write``); jupyter_server's APIHandler checks XSRF on POST.
"""

from __future__ import annotations

import json
from typing import Any

import tornado
from jupyter_server.auth.decorator import authorized

from .. import strict_json
from ..handlers import NbcraftHandler
from .service import JobInputError, JobStoreError

_REFUSED = (JobInputError, JobStoreError)  # each with its ``code``, told by ``refuse``


class _JobsHandler(NbcraftHandler):
    auth_resource = "nbcraft-jobs"

    def initialize(self, service: Any) -> None:
        self.service = service

    def body(self) -> dict[str, Any]:
        try:
            # (Python's json: a script's NaN parameter runs as papermill's float('nan'))
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as error:
            raise JobInputError(f"the request body is not JSON: {error}") from None
        except RecursionError:
            raise JobInputError("the request body is nested too deeply") from None
        if not isinstance(data, dict):
            raise JobInputError("the request body must be a JSON object")
        return data

    def refuse(self, error: JobInputError | JobStoreError) -> None:
        """Bad input, or a job store that failed (locked: try again later; the server's log
        hears of a store that failed with its absolute path, the user sees which file,
        relative to the root, and what to do)."""
        if isinstance(error, JobStoreError):
            self.log.error("nbcraft jobs: %s", error)
            if error.code == 503:
                self.set_header("Retry-After", "5")
            self.write_problem(error.code, error.public)
            return
        self.write_problem(error.code, str(error))


class JobsHandler(_JobsHandler):
    """``POST jobs`` ``{notebook, target, parameters, experiment?, timeout?}`` (or
    ``{pipeline, from?}``) -> 201 ``{id, status}``; ``GET jobs?offset=&limit=`` -> newest first
    ``{jobs, total, offset, limit}``."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        try:
            offset = max(0, int(self.get_query_argument("offset", "0")))
            limit = min(200, max(1, int(self.get_query_argument("limit", "50"))))
        except ValueError:
            self.write_problem(400, "`offset` and `limit` must be whole numbers")
            return
        try:
            listed = self.service.list(offset=offset, limit=limit)
        except JobStoreError as error:
            self.refuse(error)
            return
        self.write_json(listed)

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        try:
            data = self.body()
            if "pipeline" in data:
                if self.service.pipelines is None:
                    raise JobInputError("pipelines are not available on this server")
                job = await self.service.pipelines.start(data.get("pipeline"), data.get("from"))
            else:
                unknown = sorted(
                    set(data) - {"notebook", "target", "parameters", "experiment", "timeout"}
                )
                if unknown:
                    raise JobInputError(f"unknown field(s): {', '.join(unknown)}")
                await self.service.look_up_tracking([data.get("target") or "local"])
                job = self.service.submit(
                    data.get("notebook"),
                    data.get("target"),
                    data.get("parameters"),
                    data.get("experiment"),
                    data.get("timeout"),
                )
        except _REFUSED as error:
            self.refuse(error)
            return
        self.write_json({"id": job.id, "status": job.status, "warnings": job.warnings}, 201)


class JobHandler(_JobsHandler):
    """``GET jobs/<id>`` -> ``{id, notebook, target, parameters, status, mlflow_run_id, created,
    started, ended, progress, error, ...}``."""

    @tornado.web.authenticated
    @authorized
    async def get(self, job_id: str) -> None:
        try:
            job = self.service.describe(job_id)
        except JobStoreError as error:
            self.refuse(error)
            return
        if job is None:
            self.write_problem(404, f"no job {job_id!r}")
            return
        self.write_json(job)


class CancelHandler(_JobsHandler):
    """``POST jobs/<id>/cancel``: a queued job is dropped, a running one interrupted and its
    kernel shut down. 409 when the job is already done."""

    @tornado.web.authenticated
    @authorized
    async def get(self, job_id: str) -> None:
        self.set_header("Allow", "POST")
        self.write_problem(405, f"POST to cancel job {job_id}")

    @tornado.web.authenticated
    @authorized
    async def post(self, job_id: str) -> None:
        try:
            job = await self.service.cancel(job_id)
        except _REFUSED as error:
            self.refuse(error)
            return
        self.write_json({"id": job.id, "status": job.status})


class OutputHandler(_JobsHandler):
    """``GET jobs/<id>/output`` -> the executed notebook (nbformat 4 JSON), as far as it ran."""

    @tornado.web.authenticated
    @authorized
    async def get(self, job_id: str) -> None:
        store = self.service.store
        try:
            # an unreadable row may be one the migration could not redact: its output is not
            # served
            if store.get(job_id) is None or store.unreadable(job_id):
                self.write_problem(404, f"no job {job_id!r}")
                return
            nb = self.service.output(job_id)
        except JobStoreError as error:
            self.refuse(error)
            return
        if nb is None:
            self.write_problem(404, f"job {job_id} has no executed notebook yet")
            return
        self.set_header("Content-Type", "application/x-ipynb+json")
        self.finish(strict_json.dumps(nb))
