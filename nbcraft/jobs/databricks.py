"""Jobs on a ``databricks-connect`` target run on the cluster itself, as Databricks one-time runs.

The prepared notebook (papermill's injected parameters included, so the notebook reads them as
it does locally) is imported into the workspace (``POST /api/2.0/workspace/import``, format
``JUPYTER``) and submitted as a notebook task on the target's cluster
(``POST /api/2.1/jobs/runs/submit``, the parameters also as ``base_parameters`` for notebooks that
read widgets); then ``GET /api/2.1/jobs/runs/get`` is polled until the run terminates and
``runs/get-output`` gives the error. Cancel is ``POST /api/2.1/jobs/runs/cancel``.

The executed notebook comes back through ``GET /api/2.1/jobs/runs/export`` (the task's run,
``views_to_export=CODE``): Databricks exports a run's notebook only as HTML (there is no ipynb
of a run's results in the documented API), so the job logs it as ``nbcraft/output.html``.

The workspace URL and credentials come from the target's profile in ``~/.databrickscfg``,
resolved as the tracking capability resolves ``databricks://<profile>``; they go only to that
workspace. The job's MLflow run id reaches the notebook through a first cell that sets
``MLFLOW_RUN_ID`` (there is no kernel environment to put it in).
"""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import os
from collections.abc import Mapping
from typing import Any

from .params import Prepared
from .runner import Outcome, kernel_preamble

TERMINAL = ("TERMINATED", "SKIPPED", "INTERNAL_ERROR")
SETUP_TAG = "nbcraft-job-setup"


class DatabricksApiError(RuntimeError):
    pass


class DatabricksWorkspace:
    """The few REST calls a one-time run needs (synchronous; called in a worker thread)."""

    def __init__(self, profile: str, environ: Mapping[str, str] | None = None, timeout: float = 30):
        from ..tracking.resolve import Candidate, resolve_tracking_server

        server = resolve_tracking_server(
            [Candidate(f"databricks://{profile}", f"profile {profile!r} of the compute target")],
            dict(environ if environ is not None else os.environ),
        )
        assert server is not None
        self.host = server.rest_base
        self.auth = server.auth
        self.timeout = timeout

    def call(self, method: str, path: str, body: dict | None = None, query: str = "") -> dict:
        import requests

        url = f"{self.host}/api/{path}" + (f"?{query}" if query else "")
        headers = {"Content-Type": "application/json", **self.auth.headers()}
        response = requests.request(
            method,
            url,
            headers=headers,
            data=json.dumps(body) if body is not None else None,
            timeout=self.timeout,
            allow_redirects=False,
        )
        try:
            answer = response.json() if response.content else {}
        except ValueError:
            answer = {}
        if response.status_code >= 300:
            message = answer.get("message") or answer.get("error_code") or response.reason
            raise DatabricksApiError(f"{method} /api/{path}: {response.status_code} {message}")
        return answer

    def import_notebook(self, nb: Any, path: str) -> None:
        import nbformat

        folder = path.rsplit("/", 1)[0]
        self.call("POST", "2.0/workspace/mkdirs", {"path": folder})
        content = base64.b64encode(nbformat.writes(nb).encode("utf-8")).decode("ascii")
        self.call(
            "POST",
            "2.0/workspace/import",
            {"path": path, "format": "JUPYTER", "content": content, "overwrite": True},
        )

    def delete(self, path: str) -> None:
        self.call("POST", "2.0/workspace/delete", {"path": path, "recursive": False})

    def submit(self, run_name: str, path: str, parameters: Mapping[str, Any], cluster: str) -> int:
        task = {
            "task_key": "notebook",
            "notebook_task": {
                "notebook_path": path,
                "base_parameters": {k: _text(v) for k, v in parameters.items()},
                "source": "WORKSPACE",
            },
            "existing_cluster_id": cluster,
        }
        answer = self.call("POST", "2.1/jobs/runs/submit", {"run_name": run_name, "tasks": [task]})
        return int(answer["run_id"])

    def get(self, run_id: int) -> dict:
        return self.call("GET", "2.1/jobs/runs/get", query=f"run_id={run_id}")

    def output(self, task_run_id: int) -> dict:
        return self.call("GET", "2.1/jobs/runs/get-output", query=f"run_id={task_run_id}")

    def export_html(self, task_run_id: int) -> str | None:
        """The task run's notebook with its results, as Databricks renders it (HTML)."""
        answer = self.call(
            "GET", "2.1/jobs/runs/export", query=f"run_id={task_run_id}&views_to_export=CODE"
        )
        for view in answer.get("views") or []:
            if view.get("type", "NOTEBOOK") == "NOTEBOOK" and view.get("content"):
                return str(view["content"])
        return None

    def cancel(self, run_id: int) -> None:
        self.call("POST", "2.1/jobs/runs/cancel", {"run_id": run_id})


class DatabricksExecution:
    """A job run on the cluster; the same interface as :class:`runner.Execution`."""

    poll_interval = 2.0

    def __init__(
        self,
        prepared: Prepared,
        workspace: Any,
        cluster_id: str,
        workspace_path: str,
        parameters: Mapping[str, Any],
        job_env: Mapping[str, str],
        run_name: str,
    ):
        self.prepared = prepared
        self._workspace = workspace  # () -> DatabricksWorkspace: resolving may fail
        self.workspace: Any = None
        self.cluster_id = cluster_id
        self.workspace_path = workspace_path
        self.parameters = parameters
        self.job_env = {
            k: v for k, v in job_env.items() if k.startswith(("MLFLOW_RUN_ID", "NBCRAFT_JOB"))
        }
        self.run_name = run_name
        self.run_id: int | None = None
        self.run_page_url: str | None = None
        self.state = "PENDING"
        self.cancelled = False
        self.output_html: str | None = None  # the executed notebook, exported after the run
        self.output_problem: str | None = None  # why it could not be exported
        # why the imported notebook (the injected parameters in it) is still in the workspace
        self.leftover: str | None = None

    def progress(self) -> dict[str, Any]:
        return {
            "cell": None,
            "cells": self.prepared.cell_count,
            "label": None,
            "output": f"Databricks run {self.run_id or '(submitting)'}: {self.state}",
            "run_page_url": self.run_page_url,
        }

    def kept_output(self, secret_parameters: list[str]) -> tuple[str | None, list[str]]:
        """The executed notebook to keep and log (Databricks' HTML export) or None, and the
        job's warnings about it. Not the export of a job with secret parameters: it shows
        their injected values in clear."""
        warnings = [self.leftover] if self.leftover else []
        if self.output_html is not None and secret_parameters:
            warnings.append(
                "the executed notebook (Databricks' HTML export) is not logged: it shows "
                f"the injected values of {', '.join(secret_parameters)} in clear; "
                "give a Databricks job its credentials from a secret scope "
                "(dbutils.secrets.get) instead"
            )
            return None, warnings
        if self.output_html is None and self.run_id is not None:
            warnings.append(
                "the executed notebook could not be brought back from Databricks: "
                f"{self.output_problem}"
            )
        return self.output_html, warnings

    def notebook(self) -> Any:
        """What is imported: the job's set-up cell, then the prepared notebook."""
        import nbformat

        nb = copy.deepcopy(self.prepared.nb)
        setup = nbformat.v4.new_code_cell(kernel_preamble(self.job_env))
        setup.metadata["tags"] = [SETUP_TAG]
        nb.cells.insert(0, setup)
        return nb

    async def run(self, timeout: float | None = None, finish: Any = None) -> Outcome:
        """Import, submit, poll, export; then ``finish(outcome)`` (as runner.Execution)."""
        outcome = await self._run(timeout)
        if finish is not None:
            await finish(outcome)
        return outcome

    async def _run(self, timeout: float | None) -> Outcome:
        loop = asyncio.get_running_loop()
        call = lambda fn, *a: loop.run_in_executor(None, fn, *a)
        started = loop.time()
        try:
            self.workspace = self._workspace()
            await call(self.workspace.import_notebook, self.notebook(), self.workspace_path)
        except Exception as error:  # noqa: BLE001 - unreachable workspace, bad profile
            return _failed(error)
        try:
            return await self._submitted(call, started, timeout)
        finally:  # the imported copy holds the injected parameters: not left in the workspace
            try:
                await call(self.workspace.delete, self.workspace_path)
            except Exception as error:  # noqa: BLE001 - the job's outcome stands
                from .lines import safe_line  # (no URL's password, no Authorization value)

                why = safe_line(error, None)
                self.leftover = f"{self.workspace_path} was not deleted from the workspace: {why}"

    async def _submitted(self, call: Any, started: float, timeout: float | None) -> Outcome:
        loop = asyncio.get_running_loop()
        try:
            if self.cancelled:
                return Outcome("cancelled", "cancelled before it was submitted")
            self.run_id = await call(
                self.workspace.submit,
                self.run_name,
                self.workspace_path,
                self.parameters,
                self.cluster_id,
            )
            while True:
                run = await call(self.workspace.get, self.run_id)
                state = run.get("state", {})
                self.state = state.get("life_cycle_state", "?")
                self.run_page_url = run.get("run_page_url", self.run_page_url)
                if self.state in TERMINAL:
                    return await self._outcome(run, call)
                if timeout and loop.time() - started > timeout:
                    await call(self.workspace.cancel, self.run_id)
                    return Outcome(
                        "failed",
                        f"timed out after {timeout:g} s on the cluster; the run was cancelled",
                    )
                await asyncio.sleep(self.poll_interval)
        except Exception as error:  # noqa: BLE001 - unreachable workspace, bad profile
            return _failed(error)

    async def _export(self, run: dict, call: Any) -> None:
        tasks = run.get("tasks") or []
        if not tasks or "run_id" not in tasks[0]:
            self.output_problem = "the run has no task to export"
            return
        try:
            self.output_html = await call(self.workspace.export_html, tasks[0]["run_id"])
        except DatabricksApiError as error:
            self.output_problem = str(error)
            return
        if self.output_html is None:
            self.output_problem = "runs/export returned no notebook view"

    async def _outcome(self, run: dict, call: Any) -> Outcome:
        await self._export(run, call)
        state = run.get("state", {})
        result = state.get("result_state")
        if result == "SUCCESS":
            return Outcome("finished")
        if result == "CANCELED" or self.cancelled:
            return Outcome("cancelled", "cancelled on the cluster")
        error, trace = state.get("state_message") or result or self.state, None
        tasks = run.get("tasks") or []
        if tasks:
            try:
                output = await call(self.workspace.output, tasks[0]["run_id"])
                error = output.get("error") or error
                trace = output.get("error_trace")
            except DatabricksApiError:
                pass
        return Outcome("failed", f"on the cluster: {error}", trace)

    async def cancel(self) -> None:
        self.cancelled = True
        if self.run_id is not None and self.workspace is not None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, self.workspace.cancel, self.run_id)


def _failed(error: Exception) -> Outcome:
    if isinstance(error, DatabricksApiError):
        return Outcome("failed", f"Databricks: {error}")
    message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
    return Outcome("failed", f"Databricks: {message}")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)
