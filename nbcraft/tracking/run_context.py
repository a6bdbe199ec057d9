"""MLflow run-context provider: runs started in a notebook kernel know their notebook.

Registered through the ``mlflow.run_context_provider`` entry point. Jupyter puts
``JPY_SESSION_NAME`` (the notebook path, sometimes absolute) in every kernel it starts for a
session, and nbcraft's server extension adds ``NBCRAFT_JUPYTER_ROOT``, so the path is
recorded relative to the Jupyter root: the same path the sidebar knows the notebook by.

Tags set, following MLflow's conventions (``mlflow.source.*`` as in ``mlflow.utils.mlflow_tags``):
``nbcraft.notebook`` and ``mlflow.source.name`` = the notebook path; ``mlflow.source.type`` =
``NOTEBOOK``. Entry-point providers run after MLflow's own, so these win over MLflow's
Jupyter provider, which records only the file name.

Kernels started from a compute target's generated kernelspec carry
``NBCRAFT_COMPUTE_TARGET`` (see ``nbcraft.compute.kernelspecs``): their runs also get
``nbcraft.compute_target`` = the target name, so local and remote runs can be told apart in
the same experiment. That tag is set even outside a notebook session (``jupyter console
--kernel nbcraft-<target>``).

In a job's kernel (``NBCRAFT_JOB_RUN_ID``, set by ``nbcraft.jobs``), the first
``start_run()`` resumes the job's run (``MLFLOW_RUN_ID``, which MLflow then forgets); any
later new run gets ``mlflow.parentRunId`` = the job's run, so it shows under the job. A
parent the code names itself (``nested=True``) wins: MLflow applies the caller's tags last.

Provenance (issue 14): a run started from a notebook also gets the start tags of
``nbcraft.provenance.record`` (git commit, notebook hash, Python, platform, lock file, ...); in
a kernel where the recorder runs, asking for these tags is also how it learns that a run is
starting (``kernel.current().run_starting()``). A run gets them (``mlflow.start_run()``, a
child run autolog makes): a LoggedModel, a trace or a dataset MLflow tags with the same
providers gets the notebook's tags only (:func:`starting_a_run`).
"""

from __future__ import annotations

import os
import sys
from pathlib import PurePosixPath

NOTEBOOK_TAG = "nbcraft.notebook"
COMPUTE_TARGET_TAG = "nbcraft.compute_target"
COMPUTE_TARGET_VAR = "NBCRAFT_COMPUTE_TARGET"
JOB_RUN_VAR = "NBCRAFT_JOB_RUN_ID"
PARENT_RUN_TAG = "mlflow.parentRunId"


def notebook_path(session_name: str, jupyter_root: str | None) -> str:
    """The notebook path relative to the Jupyter root when it lies inside it, POSIX style."""
    if jupyter_root and os.path.isabs(session_name):
        root = os.path.realpath(jupyter_root)
        full = os.path.realpath(session_name)
        if full == root or full.startswith(root.rstrip(os.sep) + os.sep):
            return PurePosixPath(*os.path.relpath(full, root).split(os.sep)).as_posix()
    return session_name.replace(os.sep, "/") if os.sep != "/" else session_name


class NotebookRunContextProvider:
    """Implements MLflow's ``RunContextProvider`` interface (``in_context``, ``tags``).

    Not a subclass on purpose: importing ``mlflow`` here would make MLflow load this module
    from its entry points while it is still half-imported whenever this module comes first.
    """

    def in_context(self) -> bool:
        return any(os.environ.get(v) for v in ("JPY_SESSION_NAME", COMPUTE_TARGET_VAR, JOB_RUN_VAR))

    def tags(self) -> dict[str, str]:
        tags: dict[str, str] = {}
        session = os.environ.get("JPY_SESSION_NAME")
        if session:
            path = notebook_path(session, os.environ.get("NBCRAFT_JUPYTER_ROOT"))
            tags.update(
                {
                    NOTEBOOK_TAG: path,
                    "mlflow.source.name": path,
                    "mlflow.source.type": "NOTEBOOK",
                }
            )
        target = os.environ.get(COMPUTE_TARGET_VAR)
        if target:
            tags[COMPUTE_TARGET_TAG] = target
        if session and starting_a_run():
            tags.update(_provenance_tags())
        tags.update(job_parent_tags())
        return tags


def starting_a_run() -> bool:
    """Whether MLflow asks for the tags of a run, so that the provenance record is taken.
    MLflow 3 asks the providers in other places too: a LoggedModel (``log_model``,
    ``create_external_model``), a trace's metadata, a dataset. Taking the record there cost a
    snapshot, git and the history at every ``log_model``, for a record no run took. Found
    from the MLflow frames above MLflow's ``resolve_tags``: a run when ``fluent.start_run`` is
    among them; not one only for the callers known to make no run (:data:`_NOT_RUNS`,
    ``mlflow.data.*``, ``mlflow.tracing.*``); a run otherwise. So a child run made with
    ``MlflowClient`` (GridSearchCV's under autolog), an MLflow version with another helper
    in between, or frames not found at all keep their provenance: this fails open."""
    frame = sys._getframe(1)
    while frame is not None and not (
        frame.f_code.co_name == "resolve_tags" and _module(frame) == _REGISTRY
    ):
        frame = frame.f_back
    if frame is None:
        return True
    callers = []
    frame = frame.f_back
    while frame is not None and _module(frame).split(".")[0] == "mlflow":
        callers.append((_module(frame), frame.f_code.co_name))
        frame = frame.f_back
    if (_FLUENT, "start_run") in callers:
        return True
    return not any(
        name in _NOT_RUNS or module.startswith(("mlflow.data.", "mlflow.tracing."))
        for module, name in callers
    )


def _module(frame) -> str:
    return str(frame.f_globals.get("__name__") or "")


_REGISTRY = "mlflow.tracking.context.registry"
_FLUENT = "mlflow.tracking.fluent"
# MLflow functions that ask for the context's tags for something that is not a run
_NOT_RUNS = frozenset({"_create_logged_model", "create_external_model", "create_dataset"})


def job_parent_tags() -> dict[str, str]:
    """In a job's kernel: new runs are children of the job's run."""
    job_run = os.environ.get(JOB_RUN_VAR)
    return {PARENT_RUN_TAG: job_run} if job_run else {}


def _provenance_tags() -> dict[str, str]:
    from ..provenance.record import recording_enabled

    if not recording_enabled():
        return {}
    try:
        from ..provenance.record import context, kernel

        recorder = kernel.current()
        return recorder.run_starting() if recorder else context.kernel_start_record().tags
    except Exception as error:  # noqa: BLE001 - a run must start even when recording fails
        try:  # (an MLflow tag: no URL's password, no Authorization value, cut after)
            from ..jobs.lines import safe_line

            why = safe_line(error, None)
        except Exception:  # noqa: BLE001 - the run starts all the same
            why = "(its message left out)"
        return {
            "nbcraft.provenance": "partial",
            "nbcraft.provenance.note": f"not recorded: {type(error).__name__}: {why}",
        }
