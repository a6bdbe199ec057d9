"""The job side: a job's run records the code and the notebook when the job starts.

The job service creates the run before the kernel starts (the kernel resumes it through
``MLFLOW_RUN_ID``), so MLflow's run-context providers never see it: :func:`record_job_start`
logs the git tags, ``git.diff``, the notebook snapshot and the lock file hash with the job
service's own client. The job's kernel, when it runs nbcraft's start-up, adds the environment
and the data inputs (kernel.py) and sets ``nbcraft.provenance``; a kernel that cannot (a
gateway's, a Databricks cluster's) leaves the run ``partial`` with the note set here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from .context import StartRecord, code_record

WAITING = (
    "environment and data inputs not recorded: the job's kernel did not run nbcraft's start-up"
)


def record_job_start(client: Any, run_id: str, notebook: Path) -> dict[str, str]:
    """Log the start record of a job's run; returns the variables the job's kernel needs
    (the notes so far, the repository). Never raises: a job runs without provenance rather
    than not at all; what failed is in ``nbcraft.provenance.note`` when it could be logged."""
    record = StartRecord()
    try:
        code_record(record, str(notebook), str(Path(notebook).parent))
        tags = {**record.tags, **StartRecord(notes=[*record.notes, WAITING]).status_tags()}
        from mlflow.entities import RunTag

        client.log_batch(run_id, tags=[RunTag(k, v) for k, v in tags.items()])
        with tempfile.TemporaryDirectory(prefix="nbcraft-provenance-") as folder:
            for name, data in record.artifacts.items():
                Path(folder, name).write_bytes(data)
            if record.artifacts:
                client.log_artifacts(run_id, folder, artifact_path="nbcraft")
    except Exception as error:  # noqa: BLE001 - logged as a note when the server takes it
        record.notes.append(f"code and notebook not recorded ({type(error).__name__}: {error})")
        try:
            client.set_tag(run_id, "nbcraft.provenance", "partial")
            client.set_tag(run_id, "nbcraft.provenance.note", "; ".join(record.notes)[:5000])
        except Exception:  # noqa: BLE001, S110 - the server is gone: the job still runs
            pass
    return {
        "NBCRAFT_PROVENANCE_JOB_NOTES": "; ".join(record.notes),
        "NBCRAFT_PROVENANCE_REPO": record.repo_root or "",
    }


def job_kernel_startup(environ: Any = None) -> None:
    """Job kernels started outside a Jupyter server (``jupyter nbcraft run``) get the same
    start-up file as the server's kernels."""
    from ...promote import export_kernel_startup

    export_kernel_startup(os.environ if environ is None else environ)
