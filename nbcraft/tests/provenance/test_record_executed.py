"""A run records whether the cells the kernel ran are the notebook it snapshotted.

The snapshot is the notebook file as saved when the run started; the kernel runs what is in the
editor. An unsaved edit (``lr = 0.1`` run, ``lr = 0.05`` saved) must not leave a record that
shows 0.05 and calls itself complete: the run is tagged ``nbcraft.notebook.executed=differs``,
its provenance is partial with a note naming the cell, the lab's views say so, and
``reproduce`` refuses it (exit 2).

Real parts: a git repository in a temporary folder, the session's ``mlflow server``, an
IPython kernel started as a Jupyter server with nbcraft starts one, with each cell sent as
JupyterLab sends it (``metadata.cellId`` of the execute request). The first tests are of the
pure comparison (record/executed.py).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import nbformat
import pytest
from record_support import Kernel, artifact, get_run, git, tags_of, write_notebook

from nbcraft.provenance import record_reader as rr
from nbcraft.provenance.record.context import StartRecord
from nbcraft.provenance.record.executed import Execution, differences, executed_record
from nbcraft.provenance.reproduce import extra_code_note
from nbcraft.provenance.summary import compare_records, run_summary

NB = {
    "cells": [
        {"cell_type": "markdown", "id": "m", "source": "# Training"},
        {"cell_type": "code", "id": "a", "source": "lr = 0.05\n"},
        {"cell_type": "code", "id": "b", "source": ["train(", "lr)"]},
    ]
}


def test_an_unsaved_edit_names_the_cell_by_its_position():
    found = differences(NB, [Execution(1, "lr = 0.1", "a"), Execution(2, "train(lr)", "b")])
    line = (
        "cell 2 ran code that the saved notebook does not hold ([1]: edited and not saved, "
        "or changed after it ran)"
    )
    assert found == [("differs", line)]


def test_the_last_execution_of_a_cell_counts_and_trailing_space_does_not():
    runs = [Execution(1, "lr = 0.1", "a"), Execution(2, "lr = 0.05  \n\n", "a")]
    assert differences(NB, [*runs, Execution(3, "train(lr)", "b")]) == []
    # an edit after the last run: the cell ran the old code
    assert differences(NB, [Execution(1, "lr = 0.05", "a"), Execution(2, "lr = 1", "a")])


def test_cells_the_snapshot_lacks_and_code_typed_elsewhere():
    runs = [
        Execution(1, "lr = 0.05"),  # no id: held by a saved cell
        Execution(2, "x = 1", "new-cell"),
        Execution(3, "print(lr)"),
        Execution(4, "train(lr)", "copied-cell"),  # an id not saved, but code the file holds
    ]
    mark = "ran code that the saved notebook does not hold"
    assert differences(NB, runs) == [
        ("extra", f"[2] {mark} (a cell not saved yet, or deleted since)"),
        ("extra", f"[3] {mark} (typed outside the notebook, or a cell changed since)"),
    ]


def test_the_record_names_five_executions_and_counts_the_rest():
    tags, notes = executed_record(NB, [Execution(n, f"x = {n}") for n in range(1, 9)])
    assert tags["nbcraft.notebook.executed"] == "extra"  # no saved cell ran other code
    assert len(notes) == 6 and notes[0].startswith("[1] ran code")
    assert notes[-1] == "3 more executions ran code that the saved notebook does not hold"
    tags, notes = executed_record(NB, [])
    assert (tags["nbcraft.notebook.executed"], notes) == ("same", [])
    edited = executed_record(NB, [Execution(1, "x = 1"), Execution(2, "lr = 1", "a")])[0]
    assert edited["nbcraft.notebook.executed"] == "differs"


def test_the_executed_digest_is_of_the_code_that_ran_not_of_its_order():
    def digest(*runs: Execution) -> str:
        return executed_record(NB, list(runs))[0]["nbcraft.notebook.executed.sha256"]

    both = digest(Execution(1, "lr = 0.05", "a"), Execution(2, "train(lr)", "b"))
    # another kernel, the cells in another order, one re-run with trailing spaces
    again = digest(
        Execution(1, "train(lr)", "b"), Execution(2, "lr = 0.05", "a"), Execution(3, "lr = 0.05 ")
    )
    assert both == again and len(both) == 64
    assert digest(Execution(1, "lr = 0.05", "a")) != both  # cell 3 did not run
    # an edit run then undone: the cell's last run counts
    assert digest(Execution(1, "lr = 1", "a"), Execution(2, "lr = 0.05", "a"),
                  Execution(3, "train(lr)", "b")) == both  # fmt: skip


def test_the_executed_digest_cannot_be_used_to_guess_a_redacted_secret():
    """history.json holds ``db_password = "<redacted>"``; a digest of the source as typed
    would let a reader of the run try passwords offline until one matches the tag."""
    typed = [Execution(1, 'db_password = "Summer2026!"', "deleted"), Execution(2, LR, "a")]
    digest = executed_record(NB, typed)[0]["nbcraft.notebook.executed.sha256"]
    guessed = sorted({'db_password = "Summer2026!"', LR})
    assert digest != hashlib.sha256(json.dumps(guessed).encode()).hexdigest()
    # what history.json holds is what the digest is of
    other = [Execution(1, 'db_password = "hunter2"', "deleted"), Execution(2, LR, "a")]
    assert executed_record(NB, other)[0]["nbcraft.notebook.executed.sha256"] == digest
    redacted = sorted({'db_password = "<redacted>"', LR})
    assert digest == hashlib.sha256(json.dumps(redacted).encode()).hexdigest()


def test_a_duplicated_cell_id_is_the_first_cell_as_the_lab_sees_it():
    """nbformat (the contents API) keeps a duplicated id on its first cell and gives the
    others new ids: the lab runs the first cell under that id."""
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "code", "id": "X", "metadata": {}, "outputs": [],
             "execution_count": None, "source": "lr = 0.05"},
            {"cell_type": "code", "id": "X", "metadata": {}, "outputs": [],
             "execution_count": None, "source": "train(lr)"},
        ],
    }  # fmt: skip
    with warnings.catch_warnings():  # nbformat warns that it renumbered the duplicate
        warnings.simplefilter("ignore")
        lab = nbformat.reads(json.dumps(nb), as_version=4)
    runs = [Execution(n, cell.source, cell.id) for n, cell in enumerate(lab.cells, start=1)]
    assert runs[0].cell_id == "X" and runs[1].cell_id != "X"
    tags, notes = executed_record(nb, runs)
    assert (tags["nbcraft.notebook.executed"], notes) == ("same", [])


def test_the_executed_notes_survive_a_long_note_and_reproduce_never_says_none():
    """The note tag is cut at 5000 characters: the executed notes come first, else reproduce
    and the views lose them (reproduce printed "(None)")."""
    _, notes = executed_record(NB, [Execution(1, "x = 1")])
    record = StartRecord(notes=[f"data input {n} not recorded: " + "x" * 200 for n in range(40)])
    tags = {**record.status_tags(first=notes), "nbcraft.notebook.executed": "extra"}
    assert rr.executed_note(tags) == notes[0]
    cut = {"nbcraft.notebook.executed": "extra", "nbcraft.provenance.note": "x" * 5000}
    said = extra_code_note("abc", cut)
    assert "None" not in said and "()" not in said
    assert said.startswith("run abc also ran code that its notebook snapshot does not hold:")


def test_a_cell_run_while_the_run_was_open_is_not_called_unsaved():
    """A run started in cell [2] and ended later: cell 2 run again at [3] with code its
    start snapshot lacks may well have been saved after the run started."""
    runs = [Execution(1, "x = 1"), Execution(2, "train(lr)", "b"), Execution(3, "lr = 1", "a")]
    _, notes = executed_record(NB, runs, started=2)
    assert notes[1] == (
        "cell 2 ran code that the saved notebook does not hold "
        "([3]: run while the run was open, not as saved when it started)"
    )
    _, notes = executed_record(NB, runs[:1] + [Execution(2, "lr = 1", "a")], started=2)
    assert notes[1].endswith("([2]: edited and not saved, or changed after it ran)")


# ------------------------------------------------------------------ a real kernel

LR = "lr = 0.05"
TRAIN = (
    "import mlflow\n"
    "with mlflow.start_run() as run:\n"
    "    mlflow.log_param('lr', lr)\n"
    "print(run.info.run_id)"
)


def train_project(root: Path) -> dict:
    """A Jupyter root holding a repository with a committed ``train.ipynb`` (LR, TRAIN)."""
    repo = root / "proj"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    notebook = write_notebook(repo / "train.ipynb", LR, TRAIN)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    ids = [cell["id"] for cell in json.loads(notebook.read_text())["cells"]]
    return {"root": root, "repo": repo, "notebook": notebook, "lr": ids[1], "train": ids[2]}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return train_project(tmp_path_factory.mktemp("jupyter-root"))


@pytest.fixture(scope="module")
def kernel(project, mlflow_server):
    started = Kernel(project["notebook"], project["root"], mlflow_server)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def runs():
    return {}


def record_of(uri: str, run_id: str, tmp_path: Path) -> rr.RunRecord:
    from mlflow.tracking import MlflowClient

    return rr.load_record(MlflowClient(tracking_uri=uri), run_id, tmp_path / run_id)


def test_a_run_made_with_an_unsaved_edit_says_so(project, kernel, mlflow_server, runs, tmp_path):
    kernel.ok("lr = 0.1", cell_id=project["lr"])  # edited in the lab, not saved
    run_id = kernel.ok(TRAIN, cell_id=project["train"]).strip().splitlines()[-1]
    run = get_run(mlflow_server, run_id, kernel)
    runs["edited"] = run_id
    tags = tags_of(run)
    assert {p["key"]: p["value"] for p in run["data"]["params"]} == {"lr": "0.1"}
    assert tags["nbcraft.notebook.executed"] == "differs"
    assert tags["nbcraft.provenance"] == "partial"
    assert tags["nbcraft.provenance.note"] == (
        "cell 2 ran code that the saved notebook does not hold ([1]: edited and not saved, "
        "or changed after it ran)"
    )
    # the file on disk is the commit's: the tree is clean, and the record says the notebook
    # itself is committed (the snapshot is the saved file; the edit is in history.json)
    assert tags["nbcraft.git.dirty"] == "false"
    assert tags["nbcraft.git.notebook"] == "committed"
    snapshot = json.loads(artifact(mlflow_server, run, "nbcraft/notebook.ipynb"))
    assert "".join(snapshot["cells"][1]["source"]) == LR
    history = json.loads(artifact(mlflow_server, run, "nbcraft/history.json"))["cells"]
    assert history[:2] == [
        {"execution_count": 1, "source": "lr = 0.1", "cell_id": project["lr"]},
        {"execution_count": 2, "source": TRAIN, "cell_id": project["train"]},
    ]

    summary = run_summary(record_of(mlflow_server, run_id, tmp_path), project["root"], None, "")
    assert summary["status"] == "partial"
    assert summary["notebook"]["executed"] == "differs"
    assert summary["git"]["notebook"] == "committed"


def test_running_the_saved_cells_again_is_complete(project, kernel, mlflow_server, runs):
    kernel.ok(LR, cell_id=project["lr"])  # the last run of cell 2 is the saved code now
    run_id = kernel.ok(TRAIN, cell_id=project["train"]).strip().splitlines()[-1]
    runs["saved"] = run_id
    tags = tags_of(get_run(mlflow_server, run_id, kernel))
    assert tags["nbcraft.notebook.executed"] == "same"
    assert tags["nbcraft.provenance"] == "complete", tags.get("nbcraft.provenance.note")


def test_code_typed_outside_the_notebook_is_named(project, kernel, mlflow_server, runs, tmp_path):
    typed = "lr = 2.0\nprint(len(get_ipython().history_manager.input_hist_raw) - 1)"
    counted = kernel.ok(typed).strip()  # the count of this very cell
    run_id = kernel.ok(TRAIN, cell_id=project["train"]).strip().splitlines()[-1]
    runs["console"] = run_id
    tags = tags_of(get_run(mlflow_server, run_id, kernel))
    # every saved cell ran as saved (their last runs), but other code ran too
    assert tags["nbcraft.notebook.executed"] == "extra"
    assert tags["nbcraft.provenance"] == "partial"
    assert (
        f"[{counted}] ran code that the saved notebook does not hold (typed outside"
        in (tags["nbcraft.provenance.note"])
    )
    summary = run_summary(record_of(mlflow_server, run_id, tmp_path), project["root"], None, "")
    assert summary["notebook"]["executed"] == "extra"


def test_compare_says_which_run_ran_other_code(mlflow_server, runs, tmp_path):
    saved = record_of(mlflow_server, runs["saved"], tmp_path)
    edited = record_of(mlflow_server, runs["edited"], tmp_path)
    body = compare_records(saved, edited)
    notebook = body["notebook"]
    assert notebook["a_cells"] == notebook["b_cells"]  # the same snapshot...
    assert (notebook["a_executed"], notebook["b_executed"]) == ("same", "differs")
    assert notebook["a_note"] is None  # ...but b ran other code, and the view says where
    assert notebook["b_note"].startswith("cell 2 ran code that the saved notebook does not hold")
    assert notebook["executed_same"] is False  # lr = 0.1 ran in one, lr = 0.05 in the other
    assert compare_records(saved, saved)["notebook"]["executed_same"] is True


def test_reproduce_refuses_a_run_that_ran_other_code(
    project, mlflow_server, runs, capsys, monkeypatch, tmp_path
):
    from nbcraft.provenance.cli import main

    monkeypatch.chdir(project["repo"])
    for name in ("MLFLOW_RUN_ID", "MLFLOW_EXPERIMENT_NAME", "JUPYTER_CONFIG_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path / "lab-settings"))
    run_id = runs["edited"]
    assert main([run_id]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().splitlines()[-1] == (
        f"cannot try: run {run_id} ran code that its notebook snapshot does not hold (cell 2 "
        "ran code that the saved notebook does not hold ([1]: edited and not saved, or changed "
        "after it ran)), so the snapshot is not what ran; the cells it ran are in "
        "nbcraft/history.json. Save the notebook, run it again and reproduce that run"
    )
    # refused before a worktree was made
    worktrees = project["repo"] / ".nbcraft" / "reproduce"
    left = [p.name for p in worktrees.iterdir()] if worktrees.exists() else []
    assert left in ([], [".gitignore"])
