"""Edit a cell, run it, save: the ordinary sequence in the lab. The snapshot is taken when the
run starts, before the save, so the run ran code the snapshot lacks; once the notebook file
holds every cell that ran as it ran, that file becomes the run's snapshot and the run is
``same`` (and reproducible). A run whose edit is never saved stays ``differs``.

Real parts: a git repository in a temporary folder, the session's ``mlflow server``, an
IPython kernel started as a Jupyter server starts one, cells sent with the cell id as
JupyterLab sends them; the save is the file written as the contents API writes it (nbformat).
"""

from __future__ import annotations

import hashlib
import json

import nbformat
import pytest
from record_support import Kernel, artifact, get_run, git, tags_of, write_notebook
from test_record_executed import LR, TRAIN, record_of, train_project

from nbcraft.provenance.reproduce import _check_record


@pytest.fixture
def project(tmp_path):
    return train_project(tmp_path / "jupyter-root")


@pytest.fixture
def kernel(project, mlflow_server):
    started = Kernel(project["notebook"], project["root"], mlflow_server)
    yield started
    started.stop()


def save(notebook, position: int, source: str) -> None:
    nb = nbformat.read(str(notebook), as_version=4)
    nb.cells[position].source = source
    nbformat.write(nb, str(notebook))


def test_an_edit_saved_after_the_run_makes_the_saved_file_its_snapshot(
    project, kernel, mlflow_server, tmp_path
):
    kernel.ok("lr = 0.1", cell_id=project["lr"])  # edited in the lab, not saved yet
    run_id = kernel.ok(TRAIN, cell_id=project["train"]).strip().splitlines()[-1]
    run = get_run(mlflow_server, run_id, kernel)
    assert tags_of(run)["nbcraft.notebook.executed"] == "differs"
    save(project["notebook"], 1, "lr = 0.1")  # the save, seconds later
    kernel.ok("print('next cell')")  # the file is looked at again at the next checkpoint
    run = get_run(mlflow_server, run_id, kernel)
    tags = tags_of(run)
    assert tags["nbcraft.notebook.executed"] == "same"
    assert tags["nbcraft.provenance"] == "complete", tags.get("nbcraft.provenance.note")
    logged = artifact(mlflow_server, run, "nbcraft/notebook.ipynb")
    assert "lr = 0.1" in logged.decode() and "lr = 0.05" not in logged.decode()
    assert tags["nbcraft.notebook.sha256"] == hashlib.sha256(logged).hexdigest()
    # reproduce takes it: what it would run is what ran
    _check_record(record_of(mlflow_server, run_id, tmp_path))


def test_a_save_of_other_code_leaves_the_run_differs(project, kernel, mlflow_server):
    kernel.ok("lr = 0.1", cell_id=project["lr"])
    run_id = kernel.ok(TRAIN, cell_id=project["train"]).strip().splitlines()[-1]
    save(project["notebook"], 1, "lr = 0.2")  # edited again before the save: not what ran
    kernel.ok("print('next cell')")
    run = get_run(mlflow_server, run_id, kernel)
    tags = tags_of(run)
    assert tags["nbcraft.notebook.executed"] == "differs"
    assert "lr = 0.05" in artifact(mlflow_server, run, "nbcraft/notebook.ipynb").decode()


def test_a_run_open_across_saved_edits_ends_with_the_file_that_ran(tmp_path, mlflow_server):
    """``start_run()`` in one cell, the run ended when the kernel exits: cells edited, saved
    and run while it was open are what the file holds at its end, not unsaved edits."""
    repo = tmp_path / "proj"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    start = "import mlflow\nrun = mlflow.start_run()\nprint(run.info.run_id)"
    notebook = write_notebook(repo / "open.ipynb", LR, start, "mlflow.log_param('lr', lr)")
    ids = [cell["id"] for cell in json.loads(notebook.read_text())["cells"]]
    kernel = Kernel(notebook, tmp_path, mlflow_server)
    try:
        kernel.ok(LR, cell_id=ids[1])
        run_id = kernel.ok(start, cell_id=ids[2]).strip().splitlines()[-1]
        save(notebook, 1, "lr = 0.3")  # edited and saved while the run is open
        kernel.ok("lr = 0.3", cell_id=ids[1])
        kernel.ok("mlflow.log_param('lr', lr)", cell_id=ids[3])
    finally:
        kernel.stop()  # the run ends at the kernel's exit
    run = get_run(mlflow_server, run_id)
    tags = tags_of(run)
    assert tags["nbcraft.notebook.executed"] == "same", tags.get("nbcraft.provenance.note")
    logged = artifact(mlflow_server, run, "nbcraft/notebook.ipynb")
    assert "lr = 0.3" in logged.decode()
    assert tags["nbcraft.notebook.sha256"] == hashlib.sha256(logged).hexdigest()


def test_the_saved_snapshot_s_git_state_and_diff_describe_that_file(
    project, kernel, mlflow_server, tmp_path
):
    """The notebook was committed when the run started (lr = 0.05) and ran lr = 0.1, saved
    after: once the saved file is the snapshot, the run said ``nbcraft.git.notebook=committed``
    and ``nbcraft.git.dirty=false`` with no diff, although its snapshot is not the commit's."""
    kernel.ok("lr = 0.1", cell_id=project["lr"])
    run_id = kernel.ok(TRAIN, cell_id=project["train"]).strip().splitlines()[-1]
    tags = tags_of(get_run(mlflow_server, run_id, kernel))
    assert (tags["nbcraft.git.notebook"], tags["nbcraft.git.dirty"]) == ("committed", "false")
    save(project["notebook"], 1, "lr = 0.1")
    kernel.ok("print('next cell')")
    run = get_run(mlflow_server, run_id, kernel)
    tags = tags_of(run)
    assert tags["nbcraft.notebook.executed"] == "same"
    assert tags["nbcraft.git.notebook"] == "modified"
    assert tags["nbcraft.git.dirty"] == "true"
    diff = artifact(mlflow_server, run, "nbcraft/git.diff")
    assert b'+    "lr = 0.1"' in diff and b'-    "lr = 0.05"' in diff
    # the diff is the commit's notebook to the file as saved: it applies to the commit
    saved = tmp_path / "git.diff"
    saved.write_bytes(diff)
    git(project["repo"], "apply", "--check", "-R", str(saved))
    assert git(project["repo"], "rev-parse", "HEAD") == tags["mlflow.source.git.commit"]
