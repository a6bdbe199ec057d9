"""A warning about the tracking server is scrubbed first and only then cut: ``pipelines.py``
cut the parent run's error at 300 characters and scrubbed nothing, so a URL's password
crossing the cut (``https://alice:s3cr`` without its ``@``) reached the job store and the
browser. Real parts: the JobService, its SQLite store, the pipeline runner; the tracking read
is the service's own seam (a tracking setting the server could not use, with its message)."""

from __future__ import annotations

import json

from nbcraft.jobs.pipelines import Pipeline, PipelineRuns
from nbcraft.jobs.runner import StandaloneKernels
from nbcraft.jobs.service import JobService, TrackingTarget, safe_line
from nbcraft.jobs.settings import NbcraftJobs
from nbcraft.jobs.store import Job, new_id

PASSWORD = "s3cret-" + "q" * 40


def _straddling(cut: int, head: str) -> str:
    """A message whose URL password starts a few characters before ``cut`` (its place in
    the warning, after ``head``)."""
    url = f"https://alice:{PASSWORD}@mlflow.internal/api"
    before = cut - len(head) - len("https://alice:") - 5
    return "x" * before + " " + url + " is not reachable"


def _leaked(text: str) -> bool:
    return any(PASSWORD[:k] in text for k in range(4, len(PASSWORD) + 1))


async def test_the_parent_run_s_warning_is_scrubbed_before_it_is_cut(tmp_path):
    message = _straddling(300, "")
    service = JobService(
        tmp_path,
        StandaloneKernels(),
        lambda: None,
        lambda: TrackingTarget(None, None, message),
        settings=NbcraftJobs(state_dir=str(tmp_path / "state")),
    )
    row = Job(id=new_id(), notebook="", target="local", parameters={}, pipeline="p", steps=[])
    service.store.save(row)
    await PipelineRuns(service)._run(row, Pipeline(name="p", source="nbcraft.json"), {}, {})
    stored = service.store.get(row.id)
    assert stored is not None and stored.warnings, stored
    (warning,) = stored.warnings
    assert warning.startswith("no parent MLflow run: " + "x" * 10)
    assert "https://mlflow.int" in warning  # where it points is kept (up to the cut)
    assert not _leaked(json.dumps(stored.to_json())), warning
    service.store.close()


def test_a_job_s_warning_is_scrubbed_before_it_is_cut():
    """The job's own warnings (``not logged to MLflow: ...``) cut at 500: the same order."""
    line = safe_line(RuntimeError(_straddling(500, "")), "https://other.example")
    assert "https://mlflow.int" in line and not _leaked(line), line
    assert len(line) <= 501
