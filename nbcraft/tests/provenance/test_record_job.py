"""Provenance of a job's run (``jupyter nbcraft run``): the job service records the code and
the notebook when the job starts, the job's kernel its environment and the data it read, also
when the notebook never calls ``mlflow.start_run()``.

Real parts only: a git repository, the session's ``mlflow server``, the real CLI and kernels.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version

import nbformat
import pytest
from record_support import artifact, artifact_names, get_run, git, run_job, tags_of, write_notebook

READ = "import pandas as pd\ndf = pd.read_csv('data/train.csv')"
TRAIN = (
    "import mlflow\n"
    "from sklearn.linear_model import Ridge\n"
    "with mlflow.start_run():\n"
    "    model = Ridge(alpha=alpha).fit(df[['x']], df['y'])\n"
    "    mlflow.log_metric('score', float(model.score(df[['x']], df['y'])))"
)

# The first start_run() resumes the job's run; the second is a run of its own (a child of the
# job's), recorded by the kernel. Its record must be logged when its cell ends: the job's kernel
# is shut down right after the last cell, and a record still being logged then can be lost.
TWO_RUNS = (
    "import mlflow\nwith mlflow.start_run():\n    mlflow.log_metric('first', 1)",
    "with mlflow.start_run(run_name='second') as second:\n    mlflow.log_metric('second', 2)",
    (
        "client, run_id = mlflow.MlflowClient(), second.info.run_id\n"  # the next cell
        "names = [a.path for a in client.list_artifacts(run_id, 'nbcraft')]\n"
        "print('second run:', run_id, sorted(names))"
    ),
)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("job-repo")
    git(repo, "init", "-q", "-b", "trunk")
    (repo / "data").mkdir()
    (repo / "data" / "train.csv").write_text(
        "x,y\n" + "".join(f"{i},{3 * i + 1}\n" for i in range(40))
    )
    (repo / "uv.lock").write_text("version = 1\n")
    (repo / "pyproject.toml").write_text("[project]\nname = 'jobproj'\nversion = '0'\n")
    write_notebook(repo / "train.ipynb", "alpha = 1.0", READ, TRAIN)
    write_notebook(repo / "read_only.ipynb", READ, "print(len(df))")
    write_notebook(repo / "two_runs.ipynb", READ, *TWO_RUNS)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "job project")
    return repo


def _job_run(repo, name, mlflow_server):
    done = run_job(repo / name, repo, mlflow_server)
    assert done.returncode == 0, done.stderr[-3000:]
    run_id = done.stdout.split()[0]
    return run_id, get_run(mlflow_server, run_id)


def test_a_job_run_records_code_notebook_environment_and_data(repo, mlflow_server):
    run_id, run = _job_run(repo, "train.ipynb", mlflow_server)
    tags = tags_of(run)
    assert tags["nbcraft.job"]
    assert tags["mlflow.source.git.commit"] == git(repo, "rev-parse", "HEAD")
    assert tags["mlflow.source.git.branch"] == "trunk"
    assert "mlflow.source.git.repoURL" not in tags  # no remote
    assert tags["nbcraft.git.dirty"] == "false"
    assert tags["nbcraft.git.path"] == "train.ipynb"
    assert tags["nbcraft.notebook"] == "train.ipynb"
    assert tags["nbcraft.env.lockfile"] == "uv.lock"
    lock = (repo / "uv.lock").read_bytes()
    assert tags["nbcraft.env.lockfile.sha256"] == hashlib.sha256(lock).hexdigest()
    assert tags["nbcraft.compute_target"] == "local"
    assert tags["nbcraft.provenance"] == "complete", tags.get("nbcraft.provenance.note")
    # the note logged while the kernel started ("... not recorded") is gone: it is not true
    assert "nbcraft.provenance.note" not in tags, tags["nbcraft.provenance.note"]
    names = artifact_names(mlflow_server, run_id)
    # no history.json: a job runs the notebook top to bottom, the notebook is the history
    assert names == ["inputs.json", "notebook.ipynb", "output.ipynb", "requirements.lock"]
    snapshot = artifact(mlflow_server, run, "nbcraft/notebook.ipynb")
    assert hashlib.sha256(snapshot).hexdigest() == tags["nbcraft.notebook.sha256"]
    cells = json.loads(snapshot)["cells"]
    # the notebook as on disk: no injected parameters cell, no outputs
    assert ["".join(c["source"]) for c in cells] == ["# Training", "alpha = 1.0", READ, TRAIN]
    assert all(c.get("outputs", []) == [] for c in cells)
    lock_lines = artifact(mlflow_server, run, "nbcraft/requirements.lock").decode().splitlines()
    assert lock_lines[0].startswith("# python ")
    assert f"scikit-learn=={version('scikit-learn')}" in lock_lines
    assert tags["nbcraft.python"] == lock_lines[0].split()[-1]
    inputs = json.loads(artifact(mlflow_server, run, "nbcraft/inputs.json"))["inputs"]
    csv = repo / "data" / "train.csv"
    assert [(e["path"], e["location"], e["reader"], e["digest"]) for e in inputs] == [
        ("data/train.csv", "repo", "open", hashlib.sha256(csv.read_bytes()).hexdigest())
    ]
    datasets = run["inputs"]["dataset_inputs"]
    assert [d["dataset"]["name"] for d in datasets] == ["data/train.csv"]
    assert run["data"]["metrics"][0]["key"] == "score"


def test_a_job_that_never_starts_a_run_still_gets_its_inputs(repo, mlflow_server):
    run_id, run = _job_run(repo, "read_only.ipynb", mlflow_server)
    tags = tags_of(run)
    assert tags["nbcraft.provenance"] == "complete", tags.get("nbcraft.provenance.note")
    assert "requirements.lock" in artifact_names(mlflow_server, run_id)
    assert [d["dataset"]["name"] for d in run["inputs"]["dataset_inputs"]] == ["data/train.csv"]


def test_a_second_run_in_a_job_is_logged_when_its_cell_ends(repo, mlflow_server):
    run_id, run = _job_run(repo, "two_runs.ipynb", mlflow_server)
    output = nbformat.reads(artifact(mlflow_server, run, "nbcraft/output.ipynb").decode(), 4)
    printed = "".join(o.get("text", "") for c in output.cells for o in c.get("outputs", []))
    [line] = [ln for ln in printed.splitlines() if ln.startswith("second run:")]
    second_id = line.split()[2]
    # seen from the next cell: everything the kernel records for the run was logged by then
    expected = ["nbcraft/inputs.json", "nbcraft/notebook.ipynb", "nbcraft/requirements.lock"]
    assert line.endswith(str(expected)), line
    second = get_run(mlflow_server, second_id)
    tags = tags_of(second)
    assert tags["mlflow.parentRunId"] == run_id
    assert tags["mlflow.source.git.commit"] == git(repo, "rev-parse", "HEAD")
    assert tags["nbcraft.provenance"] == "complete", tags.get("nbcraft.provenance.note")
    assert [d["dataset"]["name"] for d in second["inputs"]["dataset_inputs"]] == ["data/train.csv"]
    # and the job's own run keeps its record
    assert [d["dataset"]["name"] for d in run["inputs"]["dataset_inputs"]] == ["data/train.csv"]


def test_a_job_whose_kernel_records_nothing_keeps_its_partial_note(repo, mlflow_server, tmp_path):
    """As on a gateway or a cluster, where nbcraft's start-up cannot run (here it is turned
    off in the kernel's own environment, by its kernelspec; the server still records): the run
    says plainly that the environment and the data inputs are missing."""
    import sys

    import nbformat

    spec = tmp_path / "jupyter-data" / "kernels" / "no-recording"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python, no recording", "language": "python",
        "env": {"NBCRAFT_PROVENANCE": "0"},
    }))  # fmt: skip
    path = repo / "read_only.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.metadata["kernelspec"] = {"name": "no-recording", "display_name": "x", "language": "python"}
    nbformat.write(nb, str(path))
    git(repo, "commit", "-qam", "the kernel of its own")
    done = run_job(path, repo, mlflow_server, JUPYTER_PATH=str(tmp_path / "jupyter-data"))
    assert done.returncode == 0, done.stderr[-3000:]
    tags = tags_of(get_run(mlflow_server, done.stdout.split()[0]))
    assert tags["nbcraft.provenance"] == "partial"
    assert "the job's kernel did not run nbcraft's start-up" in tags["nbcraft.provenance.note"]
    assert tags["mlflow.source.git.commit"] == git(repo, "rev-parse", "HEAD")
