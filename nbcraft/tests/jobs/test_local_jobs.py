"""Jobs on the `local` target through the routes, against a real Jupyter server, real kernels
and the session's real ``mlflow server``: parameters, metrics, tags and the executed notebook
in MLflow; a failing notebook names its cell; cancel, time-out and the queue's limit."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from jobs_support import api, mlflow_client, notebook, submit, wait_for, write_notebook

# The first start_run() resumes the job's run; the next ones are new runs, which the job's
# kernel makes children of the job's run, unless the code names a parent itself.
SECOND_RUNS = notebook(
    "import mlflow",
    "with mlflow.start_run() as first:\n    mlflow.log_metric('in_job_run', 1)",
    "with mlflow.start_run() as second:\n    mlflow.log_metric('in_second_run', 2)",
    "with mlflow.start_run() as outer:\n"
    "    with mlflow.start_run(nested=True) as inner:\n"
    "        pass",
    "print(first.info.run_id, second.info.run_id, outer.info.run_id, inner.info.run_id)",
)


async def test_parameterized_job_lands_in_mlflow(jp_fetch, mlflow_server, tmp_path):
    job_id = await submit(
        jp_fetch,
        notebook="train.ipynb",
        target="local",
        parameters={"alpha": 0.25, "n": 4, "model": "forest"},
        experiment="jobs-local",
    )
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", (job["error"], job["warnings"])
    assert job["error"] is None and job["warnings"] == []
    assert set(job) >= {
        "id", "notebook", "target", "parameters", "status", "mlflow_run_id",
        "created", "started", "ended", "progress", "error",
    }  # fmt: skip
    assert job["notebook"] == "train.ipynb" and job["target"] == "local"
    assert job["parameters"] == {"alpha": 0.25, "n": 4, "model": "forest"}
    assert job["created"] <= job["started"] <= job["ended"]
    assert job["progress"]["cells"] == 4  # 3 cells + the injected parameters

    client = mlflow_client(mlflow_server)
    run = client.get_run(job["mlflow_run_id"])
    assert run.info.status == "FINISHED"
    assert client.get_experiment(run.info.experiment_id).name == "jobs-local"
    assert run.data.params == {"alpha": "0.25", "n": "4", "model": "forest"}
    assert run.data.metrics == {"score": 1.0}  # logged by the notebook into the job's run
    assert run.data.tags["nbcraft.job"] == job_id
    assert run.data.tags["nbcraft.notebook"] == "train.ipynb"
    assert run.data.tags["nbcraft.compute_target"] == "local"

    local = client.download_artifacts(run.info.run_id, "nbcraft/output.ipynb", str(tmp_path))
    executed = nbformat.read(local, as_version=4)
    tags = [c["metadata"].get("tags", []) for c in executed["cells"]]
    assert tags[1] == ["injected-parameters"]  # papermill's convention, after `parameters`
    assert "alpha = 0.25" in "".join(executed["cells"][1]["source"])
    printed = "".join(o.get("text", "") for o in executed["cells"][3]["outputs"])
    assert f"run {run.info.run_id}" in printed  # start_run() resumed the job's run

    code, output = await api(jp_fetch, "nbcraft", "jobs", job_id, "output")
    printed = [o["text"] for o in output["cells"][2]["outputs"] if o.get("name") == "stdout"]
    assert code == 200 and printed == ["training forest 1.0\n"]


async def test_failing_notebook_names_the_cell_and_the_run_is_failed(jp_fetch, mlflow_server):
    """REFERENCE.md: the notebook's `with mlflow.start_run():` ends the job's run FINISHED;
    the job still marks it FAILED when a later cell fails."""
    job_id = await submit(jp_fetch, notebook="work/fail.ipynb", experiment="jobs-local")
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "failed"
    assert job["error"] == "cell 4: ZeroDivisionError: division by zero"
    assert "ZeroDivisionError" in job["progress"]["traceback"]
    run = mlflow_client(mlflow_server).get_run(job["mlflow_run_id"])
    assert run.info.status == "FAILED"
    assert run.data.metrics == {"before_failure": 1.0}
    assert run.data.tags["nbcraft.job.error"] == job["error"]
    code, output = await api(jp_fetch, "nbcraft", "jobs", job_id, "output")
    assert code == 200 and output["cells"][3]["outputs"][0]["ename"] == "ZeroDivisionError"
    assert output["cells"][4].get("outputs", []) == []  # nothing ran after the failure


async def test_cancel_interrupts_and_stops_the_kernel(jp_fetch, mlflow_server):
    job_id = await submit(jp_fetch, notebook="slow.ipynb")
    running = await wait_for(
        jp_fetch,
        job_id,
        until=lambda j: "sleeping" in ((j.get("progress") or {}).get("output") or ""),
    )
    assert running["status"] == "running"
    assert running["progress"]["cell"] == 3 and running["progress"]["label"] == "cell 3"
    _, kernels = await api(jp_fetch, "api", "kernels")
    assert len(kernels) == 1  # the job's kernel, started through the server

    code, answer = await api(jp_fetch, "nbcraft", "jobs", job_id, "cancel", method="POST", body={})
    assert code == 200 and answer["id"] == job_id
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "cancelled" and job["error"] == "cancelled in cell 3"
    assert mlflow_client(mlflow_server).get_run(job["mlflow_run_id"]).info.status == "KILLED"
    _, kernels = await api(jp_fetch, "api", "kernels")
    assert kernels == []
    code, again = await api(
        jp_fetch, "nbcraft", "jobs", job_id, "cancel", method="POST", body={}, raise_error=False
    )
    assert code == 409 and "already cancelled" in again["message"]


async def test_timeout_stops_the_job(jp_fetch):
    # The time-out counts from the kernel being ready; cells 1 and 2 take milliseconds.
    job_id = await submit(jp_fetch, notebook="slow.ipynb", timeout=5)
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "failed"
    assert job["error"] == "timed out after 5 s in cell 3; the kernel was stopped"


@pytest.mark.parametrize("jobs_config", [{"max_concurrent": 1}])
async def test_queue_keeps_to_the_concurrency_limit(jp_fetch):
    first = await submit(jp_fetch, notebook="slow.ipynb")
    second = await submit(jp_fetch, notebook="slow.ipynb")  # the same notebook, twice
    await wait_for(jp_fetch, first, until=lambda j: j["status"] == "running")
    _, waiting = await api(jp_fetch, "nbcraft", "jobs", second)
    assert waiting["status"] == "queued" and waiting["started"] is None

    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert [j["id"] for j in listing["jobs"][:2]] == [second, first]  # newest first
    assert listing["total"] == 2

    await api(jp_fetch, "nbcraft", "jobs", first, "cancel", method="POST", body={})
    await wait_for(jp_fetch, second, until=lambda j: j["status"] == "running")
    await api(jp_fetch, "nbcraft", "jobs", second, "cancel", method="POST", body={})
    assert (await wait_for(jp_fetch, second))["status"] == "cancelled"


async def test_two_jobs_of_the_same_notebook_at_once(jp_fetch, mlflow_server):
    ids = [
        await submit(jp_fetch, notebook="train.ipynb", parameters={"n": n}, experiment="jobs-local")
        for n in (10, 20)
    ]
    jobs = [await wait_for(jp_fetch, job_id) for job_id in ids]
    assert [j["status"] for j in jobs] == ["finished", "finished"]
    client = mlflow_client(mlflow_server)
    scores = [client.get_run(j["mlflow_run_id"]).data.metrics["score"] for j in jobs]
    assert scores == [5.0, 10.0]
    outputs = [(await api(jp_fetch, "nbcraft", "jobs", i, "output"))[1] for i in ids]
    assert outputs[0]["cells"][1]["source"] != outputs[1]["cells"][1]["source"]


async def test_later_runs_in_a_job_are_children_of_its_run(jp_fetch, mlflow_server, jobs_root):
    """Through nbcraft's run-context provider (the installed package's MLflow entry point)."""
    write_notebook(jobs_root / "second.ipynb", SECOND_RUNS)
    job_id = await submit(jp_fetch, notebook="second.ipynb", experiment="jobs-children")
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", job["error"]
    _, output = await api(jp_fetch, "nbcraft", "jobs", job_id, "output")
    first, second, outer, inner = output["cells"][4]["outputs"][0]["text"].split()
    assert first == job["mlflow_run_id"]  # resumed, not a new run

    client = mlflow_client(mlflow_server)
    job_run = client.get_run(first)
    assert "mlflow.parentRunId" not in job_run.data.tags
    assert job_run.data.metrics == {"in_job_run": 1.0}
    for child in (second, outer):
        run = client.get_run(child)
        assert run.data.tags["mlflow.parentRunId"] == first
        assert run.info.experiment_id == job_run.info.experiment_id  # shown under the job
    assert client.get_run(second).data.metrics == {"in_second_run": 2.0}
    # A parent the notebook names itself (nested=True) wins over the job's.
    assert client.get_run(inner).data.tags["mlflow.parentRunId"] == outer


# The sample notebook's shape: it names its own experiment, then starts a run. Submitted with no
# experiment (the lab dialog's default), the job's run must be created in that experiment: the
# notebook's start_run() resumes MLFLOW_RUN_ID, which MLflow refuses when the run lives in
# another experiment than the active one ("active experiment ID does not match").
SETS_ITS_EXPERIMENT = notebook(
    "%config InlineBackend.figure_format = 'png'\nimport mlflow",
    "mlflow.set_experiment('named-by-the-notebook')",
    "with mlflow.start_run() as run:\n    mlflow.log_metric('m', 1)",
    "print(run.info.run_id)",
)


async def test_job_runs_in_the_experiment_the_notebook_sets(jp_fetch, mlflow_server, jobs_root):
    write_notebook(jobs_root / "own-experiment.ipynb", SETS_ITS_EXPERIMENT)
    job_id = await submit(jp_fetch, notebook="own-experiment.ipynb", target="local")
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", job["error"]
    client = mlflow_client(mlflow_server)
    run = client.get_run(job["mlflow_run_id"])
    assert client.get_experiment(run.info.experiment_id).name == "named-by-the-notebook"
    assert run.data.metrics == {"m": 1.0}  # start_run() resumed the job's run


SAMPLE = Path(__file__).resolve().parents[3] / "examples" / "sample-training.ipynb"


@pytest.mark.timeout(900)  # the whole sample: training, 20 metric steps, the model logged
async def test_the_sample_runs_as_a_job_with_parameters(jp_fetch, mlflow_server, jobs_root):
    """The job example of the README on the sample `make lab` opens: its `parameters` cell
    declares the training's settings, so `-p` values replace them (no "not declared" warning),
    the training uses them, and the job's run records them."""
    shutil.copy(SAMPLE, jobs_root / SAMPLE.name)
    job_id = await submit(
        jp_fetch,
        notebook=SAMPLE.name,
        target="local",
        parameters={"n_estimators": 20, "learning_rate": 0.1},
    )
    job = await wait_for(jp_fetch, job_id, timeout=600)
    assert job["status"] == "finished", job["error"]
    assert job["warnings"] == []
    client = mlflow_client(mlflow_server)
    run = client.get_run(job["mlflow_run_id"])
    assert client.get_experiment(run.info.experiment_id).name == "sample-diabetes"
    assert run.data.params["n_estimators"] == "20"
    assert run.data.params["learning_rate"] == "0.1"
    assert run.data.params["max_depth"] == "3"  # the notebook's own default, logged by it
    assert len(client.get_metric_history(run.info.run_id, "rmse")) == 20  # one per stage
