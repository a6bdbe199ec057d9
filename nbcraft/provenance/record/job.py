"""The job side: a job's run records the code and the notebook when the job starts.

The job service creates the run before the kernel starts (the kernel resumes it through
``MLFLOW_RUN_ID``), so MLflow's run-context providers never see it: :func:`record_job_start`
logs the git tags, ``git.diff``, the notebook snapshot and the lock file hash with the job
service's own client, and makes a spool folder (``NBCRAFT_PROVENANCE_SPOOL``, private to the
user) where the job's kernel writes its environment and the paths it reads (kernel.py). When
the kernel has stopped, :func:`record_job_end` hashes those files and logs the environment and
the data inputs. A kernel that wrote nothing (a gateway's, a Databricks cluster's, one without
nbcraft's start-up) leaves the run ``partial`` with the note set at the start.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from . import recording_enabled
from .context import NOTE, StartRecord, code_record, environment_record, git_record
from .inputs import budget_tags, dataset_inputs, input_entries, inputs_json
from .notebook import sha256_hex
from .upload import log_to

PIPELINE_FILE = "pipeline.json"  # under nbcraft/ of a pipeline's parent run
PIPELINE_SHA = "nbcraft.pipeline.sha256"
WAITING = (
    "environment and data inputs not recorded: the job's kernel did not run nbcraft's start-up"
)


def job_spool() -> str:
    """A private folder for one job's kernel to write its environment and reads into
    (``NBCRAFT_PROVENANCE_SPOOL``); made before the kernel starts, so it is in its
    environment from the first moment (the run id comes later, see nbcraft.jobs.service)."""
    return tempfile.mkdtemp(prefix="nbcraft-job-provenance-")


def record_job_start(
    client: Any, run_id: str, notebook: Path, spool: str | None = None
) -> dict[str, str]:
    """Log the start record of a job's run; returns the variables the job's kernel needs
    (the notes so far, the repository). Never raises: a job runs without provenance rather
    than not at all; what failed is in ``nbcraft.provenance.note`` when it could be logged."""
    if not recording_enabled():
        return {}
    record = StartRecord()
    spool = spool or job_spool()
    try:
        code_record(record, str(notebook), str(Path(notebook).parent))
        tags = {**record.tags, **StartRecord(notes=[*record.notes, WAITING]).status_tags()}
        log_to(client, run_id, tags, record.artifacts)
    except Exception as error:  # noqa: BLE001 - logged as a note when the server takes it
        record.notes.append(f"code and notebook not recorded ({type(error).__name__}: {error})")
        _say_partial(client, run_id, record.notes)
    return {
        "NBCRAFT_PROVENANCE_JOB_NOTES": "; ".join(record.notes),
        "NBCRAFT_PROVENANCE_REPO": record.repo_root or "",
        "NBCRAFT_PROVENANCE_SPOOL": spool,
    }


def record_pipeline_start(client: Any, run_id: str, root: Path, definition: dict) -> None:
    """The provenance of a pipeline's parent run: what applies to the whole chain. The
    commit, branch, origin and diff of the repository holding the project (``root``), the
    pipeline's definition as it ran (``nbcraft/pipeline.json``, its hash
    ``nbcraft.pipeline.sha256``, the config file as ``mlflow.source.name``), and the
    environment of the process that runs the steps. Each notebook's snapshot, data and
    kernel environment are its step's run's. Never raises: the pipeline runs without it."""
    if not recording_enabled():
        return
    record = StartRecord()
    try:
        git_record(record, None, str(root))
        environment_record(record)
        # a TOML date or time as its text (str), not a failed record
        data = json.dumps(definition, indent=1, sort_keys=True, ensure_ascii=False, default=str)
        data += "\n"
        record.artifacts[PIPELINE_FILE] = data.encode("utf-8")
        record.tags[PIPELINE_SHA] = sha256_hex(record.artifacts[PIPELINE_FILE])
        record.tags["mlflow.source.name"] = str(definition.get("source") or "")
        record.tags["mlflow.source.type"] = "JOB"
        log_to(client, run_id, {**record.tags, **record.status_tags()}, record.artifacts)
    except Exception as error:  # noqa: BLE001 - logged as a note when the server takes it
        record.notes.append(f"pipeline provenance not recorded ({type(error).__name__}: {error})")
        _say_partial(client, run_id, record.notes)


def _say_partial(client: Any, run_id: str, notes: list[str]) -> None:
    try:
        client.set_tag(run_id, "nbcraft.provenance", "partial")
        client.set_tag(run_id, "nbcraft.provenance.note", "; ".join(notes)[:5000])
    except Exception:  # noqa: BLE001, S110 - the server is gone: the job still runs
        pass


def record_job_end(client: Any, run_id: str, job_env: dict[str, str]) -> None:
    """Log what the job's kernel wrote to the spool folder: environment, data inputs (hashed
    now, when the run ends), the final ``nbcraft.provenance``. Never raises."""
    spool = job_env.get("NBCRAFT_PROVENANCE_SPOOL")
    if not spool:
        return
    try:
        if not recording_enabled():
            return  # what the kernel may have written is dropped with the spool folder
        try:
            kernel = json.loads(Path(spool, "kernel.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # the kernel did not run nbcraft's start-up: the run stays partial
        try:
            where = json.loads(Path(spool, "reads.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            where = {"reads": {}}
        repo = where.get("repo") or job_env.get("NBCRAFT_PROVENANCE_REPO") or None
        root = where.get("jupyter_root") or job_env.get("NBCRAFT_JUPYTER_ROOT") or None
        entries, problems = input_entries(dict(where.get("reads") or {}), repo, root)
        notes = [job_env.get("NBCRAFT_PROVENANCE_JOB_NOTES", ""), *kernel.get("notes", [])]
        status = StartRecord(notes=[n for n in [*notes, *problems] if n]).status_tags()
        from mlflow.entities import RunTag

        tags = {**kernel.get("tags", {}), **status, **budget_tags(entries)}
        client.log_batch(run_id, tags=[RunTag(k, v) for k, v in tags.items()])
        if NOTE not in status:  # complete: the note logged at the start (WAITING) is not true
            _drop_tag(client, run_id, NOTE)
        Path(spool, "inputs.json").write_bytes(inputs_json(entries))
        client.log_artifact(run_id, str(Path(spool, "inputs.json")), artifact_path="nbcraft")
        lock = Path(spool, "requirements.lock")
        if lock.is_file():
            client.log_artifact(run_id, str(lock), artifact_path="nbcraft")
        datasets = dataset_inputs(entries, repo, root)
        if datasets:
            client.log_inputs(run_id, datasets=datasets)
    except Exception as error:  # noqa: BLE001 - the job's own result matters more
        try:
            client.set_tag(run_id, "nbcraft.provenance", "partial")
            client.set_tag(
                run_id,
                "nbcraft.provenance.note",
                f"environment and data inputs not recorded ({type(error).__name__}: {error})",
            )
        except Exception:  # noqa: BLE001, S110 - the server is gone
            pass
    finally:
        shutil.rmtree(spool, ignore_errors=True)


def _drop_tag(client: Any, run_id: str, key: str) -> None:
    from mlflow.exceptions import MlflowException

    try:
        client.delete_tag(run_id, key)
    except MlflowException as error:  # never set (the start record failed before it)
        if error.error_code != "RESOURCE_DOES_NOT_EXIST":
            raise


def job_kernel_startup(environ: Any = None) -> None:
    """Job kernels started outside a Jupyter server (``jupyter nbcraft run``) get the same
    start-up file as the server's kernels."""
    from ...promote import export_kernel_startup

    export_kernel_startup(os.environ if environ is None else environ)
