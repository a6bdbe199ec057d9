"""A job's MLflow run, through MLflow's own client (synchronous: call it off the event loop).

The run is created before the kernel starts, so the kernel gets ``MLFLOW_RUN_ID``. MLflow's
``start_run()`` in the notebook then resumes this run, and a ``with mlflow.start_run():`` block
ENDS it (FINISHED) when the block exits (REFERENCE.md): so the job sets the final status
itself after the kernel has stopped, and a later cell that fails still makes the run FAILED.
Runs the notebook starts after that are new runs; the kernel is told the job's run id in
``NBCRAFT_JOB_RUN_ID`` so they can be related to it.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

JOB_TAG = "nbcraft.job"
NOTEBOOK_TAG = "nbcraft.notebook"
TARGET_TAG = "nbcraft.compute_target"
PIPELINE_TAG = "nbcraft.pipeline"
STEP_TAG = "nbcraft.pipeline.step"
ERROR_TAG = "nbcraft.job.error"
PARENT_TAG = "mlflow.parentRunId"
OUTPUT_DIR = "nbcraft"  # where the executed notebook goes in the run's artifacts
OUTPUT_ARTIFACT = f"{OUTPUT_DIR}/output.ipynb"
_MAX_PARAM = 6000  # MLflow's limit for a param value
_MAX_TAG = 5000


def experiment_named_in(nb: Any) -> str | None:
    """The experiment a notebook names in its first literal ``mlflow.set_experiment("name")``
    (or ``set_experiment(experiment_name="name")``) call, or None.

    A job's run must live there: the notebook's ``start_run()`` resumes the job's run
    (``MLFLOW_RUN_ID``), and MLflow refuses that when the active experiment, which
    ``set_experiment`` just chose, is not the run's. Cells that do not parse as Python, even
    after IPython's own transforms (magics, ``!cmd``), are skipped."""
    names = _MlflowNames()
    for cell in getattr(nb, "cells", None) or []:
        if cell.get("cell_type") != "code":
            continue
        tree = _parse_cell("".join(cell.get("source") or ""))
        for node in _run_at_cell_level(tree):
            names.learn(node)
            name = names.experiment_set_by(node)
            if name:
                return name
    return None


def _run_at_cell_level(tree: ast.AST | None) -> Iterator[ast.AST]:
    """The nodes of a cell in source order, without the bodies of functions and lambdas (a
    ``set_experiment`` in a helper runs only if it is called; decorators, defaults and class
    bodies run with the cell). An explicit stack: a deeply nested expression cannot overflow
    Python's recursion limit here."""
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            children = [*node.decorator_list, node.args, *([node.returns] if node.returns else [])]
        elif isinstance(node, ast.Lambda):
            children = [node.args]
        else:
            children = list(ast.iter_child_nodes(node))
        stack.extend(reversed(children))


class _MlflowNames:
    """The names a notebook gives MLflow and its ``set_experiment`` so far (``import mlflow as
    mf``, ``from mlflow import set_experiment as se``), in source order."""

    def __init__(self) -> None:
        self.modules = {"mlflow"}
        self.functions = {"set_experiment"}

    def learn(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "mlflow":
                    self.modules.add(alias.asname or "mlflow")
        elif isinstance(node, ast.ImportFrom) and node.module == "mlflow" and not node.level:
            for alias in node.names:
                if alias.name == "set_experiment":
                    self.functions.add(alias.asname or "set_experiment")

    def experiment_set_by(self, node: ast.AST) -> str | None:
        """The literal experiment name of an MLflow ``set_experiment`` call; not another
        library's method of that name (``aim_run.set_experiment``)."""
        if not isinstance(node, ast.Call):
            return None
        func = node.func
        if isinstance(func, ast.Attribute):
            if not (
                func.attr == "set_experiment"
                and isinstance(func.value, ast.Name)
                and func.value.id in self.modules
            ):
                return None
        elif not (isinstance(func, ast.Name) and func.id in self.functions):
            return None
        args = list(node.args[:1])
        args += [k.value for k in node.keywords if k.arg == "experiment_name"]
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                return arg.value
        return None


def _parse_cell(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        pass
    except (ValueError, RecursionError, MemoryError):
        return None  # a NUL byte, or nesting / a length the parser cannot take
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return ast.parse(TransformerManager().transform_cell(source))
    except Exception:  # noqa: BLE001 - no IPython, or a cell that is not Python at all
        return None


class TrackingUnavailable(RuntimeError):
    """The tracking server could not be used; the message says which and why (no secrets)."""


@dataclass(frozen=True)
class RunRef:
    run_id: str
    experiment_id: str
    url: str | None


class JobTracking:
    """MLflow for jobs, against one tracking URI (the one kernels get)."""

    def __init__(self, uri: str | None, ui_run_url_template: str | None = None):
        self.uri = uri
        self.ui_run_url_template = ui_run_url_template
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            from mlflow.tracking import MlflowClient

            self._client = MlflowClient(tracking_uri=self.uri)
        return self._client

    def check_reachable(self, timeout: float = 3.0) -> None:
        """Fail fast on a server that does not answer (MLflow's client retries for minutes).
        Any HTTP answer counts as reachable; only http(s) URIs can be probed this way."""
        if not self.uri:
            raise TrackingUnavailable(
                "no tracking server is configured (MLFLOW_TRACKING_URI, tracking.uri in "
                "nbcraft.json, or the lab's embedded server)"
            )
        parts = urlsplit(self.uri)
        if parts.scheme not in ("http", "https"):
            return
        import socket

        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        try:
            with socket.create_connection((host, port), timeout=timeout):
                pass
        except OSError as error:
            raise TrackingUnavailable(
                f"the tracking server {parts.scheme}://{host}:{port} is not reachable "
                f"({error.strerror or type(error).__name__})"
            ) from None

    def experiment_id(
        self, name: str | None, nb_metadata: Mapping[str, Any], named_in_code: str | None = None
    ) -> str:
        """``name`` (created when missing); else the experiment the notebook's code names
        (``named_in_code``: see :func:`experiment_named_in`); else the experiment the notebook
        is linked to (``metadata.nbcraft.experiment_id``, the sidebar's Link button); else
        ``MLFLOW_EXPERIMENT_NAME``; else MLflow's default experiment."""
        name = name or named_in_code
        if not name:
            linked = (nb_metadata.get("nbcraft") or {}).get("experiment_id")
            if isinstance(linked, str) and linked:
                return linked
            name = os.environ.get("MLFLOW_EXPERIMENT_NAME") or None
        if not name:
            return "0"
        found = self.client.get_experiment_by_name(name)
        if found is not None:
            return str(found.experiment_id)
        return str(self.client.create_experiment(name))

    def url(self, experiment_id: str, run_id: str) -> str | None:
        if not self.ui_run_url_template:
            return None
        return self.ui_run_url_template.format(experiment_id=experiment_id, run_id=run_id)

    def start(
        self,
        *,
        experiment_id: str,
        run_name: str,
        tags: Mapping[str, str],
        parameters: Mapping[str, Any],
    ) -> RunRef:
        from mlflow.entities import Param, RunTag

        from .owner import this_process
        from .run_proof import proof_tags

        run = self.client.create_run(experiment_id, run_name=run_name, tags=dict(tags))
        run_id = run.info.run_id
        params = [Param(str(k), _text(v)[:_MAX_PARAM]) for k, v in parameters.items()]
        # What lets this user's nbcraft close the run if its job is lost: the proof signs the
        # run id, so it is set once the run exists, with the process that owns the job's row.
        proven = proof_tags(tags[JOB_TAG], run_id, this_process()) if JOB_TAG in tags else {}
        if params or proven:
            found = [RunTag(k, v) for k, v in proven.items()]
            self.client.log_batch(run_id, params=params, tags=found)
        return RunRef(run_id, experiment_id, self.url(experiment_id, run_id))

    def finish(
        self, run_id: str, status: str, output: Path | None = None, error: str | None = None
    ) -> None:
        """Attach the executed notebook and set the final status (FINISHED, FAILED, KILLED)."""
        if output is not None and output.is_file():
            self.client.log_artifact(run_id, str(output), artifact_path=OUTPUT_DIR)
        if error:
            self.client.set_tag(run_id, ERROR_TAG, error[:_MAX_TAG])
        self.client.set_terminated(run_id, status=status)

    def close_lost(
        self, run_id: str, job_id: str, owner: str | None, error: str | None
    ) -> str | None:
        """End a lost job's run FAILED with ``error``, only when it is that job's run (tagged
        ``nbcraft.job`` = ``job_id``), started by this user's nbcraft in the process ``owner``
        (the row's owner text) as its ``nbcraft.job.proof`` proves (run_proof.py), and still
        RUNNING; else leave it and say why (a store shipped in a cloned project may name
        anyone's run, tags included: its rows are no proof). The caller checks that ``owner``
        has ended (a copy of the user's own row verifies)."""
        from .run_proof import PROOF_TAG, unproven

        run = self.client.get_run(run_id)
        tagged = run.data.tags.get(JOB_TAG)
        if tagged != job_id:
            return "it is not this job's run (no nbcraft.job tag naming it)"
        problem = unproven(job_id, run_id, owner, run.data.tags.get(PROOF_TAG))
        if problem is not None:
            return problem
        if run.info.status != "RUNNING":
            return f"it is {run.info.status}, not RUNNING"
        self.finish(run_id, "FAILED", None, error)
        return None


def job_tags(
    *, job_id: str, notebook: str, target: str, parent_run_id: str | None, step: str | None
) -> dict[str, str]:
    tags = {
        JOB_TAG: job_id,
        NOTEBOOK_TAG: notebook,
        TARGET_TAG: target,
        "mlflow.source.name": notebook,
        "mlflow.source.type": "NOTEBOOK",
    }
    if parent_run_id:
        tags[PARENT_TAG] = parent_run_id
    if step:
        tags[STEP_TAG] = step
    return tags


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    import json

    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
