"""MLflow 3 asks the run-context providers for tags when it creates a LoggedModel
(``log_model``), not only when a run starts: the record nbcraft takes then belongs to no run,
and must not become the next run's. Seen in the first-hour walk: the sample logs its model,
and the second run of "compare two runs" carried the record taken during the first run's
``log_model`` (its snapshot, its commit state, its cells), so its unsaved parameter edit was
named "run while the run was open".

Real parts: an IPython kernel as a Jupyter server with nbcraft starts one, each cell sent with
its cell id, a real ``mlflow server``, a real git repository.
"""

from __future__ import annotations

import json

from record_support import Kernel, artifact, get_run, git, tags_of, write_notebook

LR = "lr = 0.05"
TRAIN = (
    "import mlflow\n"
    "with mlflow.start_run() as run:\n"
    "    mlflow.log_param('lr', lr)\n"
    "    mlflow.create_external_model(name='model')\n"
    "print(run.info.run_id)"
)


def committed(tmp_path):
    """A repository with ``train.ipynb`` (LR, TRAIN) committed."""
    repo = tmp_path / "proj"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    notebook = write_notebook(repo / "train.ipynb", LR, TRAIN)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    return repo, notebook


def test_a_logged_model_s_tags_do_not_become_the_next_run_s_record(tmp_path, mlflow_server):
    _repo, notebook = committed(tmp_path)
    lr, train = [cell["id"] for cell in json.loads(notebook.read_text())["cells"]][1:]
    kernel = Kernel(notebook, tmp_path, mlflow_server)
    try:
        kernel.ok(LR, cell_id=lr)  # [1]
        first = kernel.ok(TRAIN, cell_id=train).strip().splitlines()[-1]  # [2], logs a model
        kernel.ok("lr = 0.1", cell_id=lr)  # [3]: edited in the lab, not saved
        second = kernel.ok(TRAIN, cell_id=train).strip().splitlines()[-1]  # [4]
        runs = [get_run(mlflow_server, run_id, kernel) for run_id in (first, second)]
    finally:
        kernel.stop()
    assert tags_of(runs[0])["nbcraft.notebook.executed"] == "same"
    tags = tags_of(runs[1])
    assert tags["nbcraft.notebook.executed"] == "differs"
    assert tags["nbcraft.provenance.note"] == (
        "cell 2 ran code that the saved notebook does not hold ([3]: edited and not saved, "
        "or changed after it ran)"
    )
    # the second run's own start record: the cells run until it started, [4] included
    history = json.loads(artifact(mlflow_server, runs[1], "nbcraft/history.json"))["cells"]
    assert [cell["execution_count"] for cell in history] == [1, 2, 3, 4]


# counts the start records the kernel's recorder takes (its own method, wrapped in place)
COUNT_RECORDS = (
    "from nbcraft.provenance.record import kernel as _k\n"
    "_k._taken = []\n"
    "_r = _k.current()\n"
    "_r._start_record = (lambda take, taken: lambda: (taken.append(1), take())[1])(\n"
    "    _r._start_record, _k._taken\n"
    ")\n"
    "del _k, _r"
)
RECORDS_TAKEN = "from nbcraft.provenance.record import kernel as _k\nprint(len(_k._taken))\ndel _k"


def test_a_logged_model_takes_no_record(tmp_path, mlflow_server):
    """The record taken for a LoggedModel was dropped afterwards: a snapshot, three git calls
    and the history, wasted at every ``log_model``. Only the run's start takes one."""
    repo, notebook = committed(tmp_path)
    kernel = Kernel(notebook, tmp_path, mlflow_server)
    try:
        assert kernel.run(COUNT_RECORDS, store_history=False)[2] is None
        kernel.ok(LR)
        run_id = kernel.ok(TRAIN).strip().splitlines()[-1]  # one run, one LoggedModel
        out, err, error = kernel.run(RECORDS_TAKEN, store_history=False)
        assert error is None, err
        run = get_run(mlflow_server, run_id, kernel)
    finally:
        kernel.stop()
    assert out.strip() == "1"
    assert tags_of(run)["nbcraft.notebook.executed"] == "same"
    assert tags_of(run)["mlflow.source.git.commit"] == git(repo, "rev-parse", "HEAD")


KEPT = (
    "from nbcraft.provenance.record import kernel as _k\n"
    "_r = _k.current()\n"
    "_r.flush(60)\n"
    "print(sorted((k, len(v)) for run in _r.runs.values() for k, v in run.record.artifacts.items()))\n"
    "del _k, _r"
)


def test_a_logged_and_settled_run_keeps_no_copy_of_its_artifacts(tmp_path, mlflow_server):
    """Each run's snapshot, history and lock stayed in the kernel for the kernel's life (20
    runs in a session with 8 MB of cells kept 160 MB). Once logged and settled, none is kept;
    the run's record on the server is whole."""
    _repo, notebook = committed(tmp_path)
    kernel = Kernel(notebook, tmp_path, mlflow_server)
    try:
        kernel.ok(LR)
        kernel.ok("blob = '" + "abc def " * 20_000 + "'")  # not in the notebook: extra
        runs = [kernel.ok(TRAIN).strip().splitlines()[-1] for _ in range(3)]
        out, err, error = kernel.run(KEPT, store_history=False)
        assert error is None, err
        logged = [get_run(mlflow_server, run_id, kernel) for run_id in runs]
    finally:
        kernel.stop()
    assert out.strip() == "[]"
    for run in logged:
        assert artifact(mlflow_server, run, "nbcraft/history.json")
        assert artifact(mlflow_server, run, "nbcraft/notebook.ipynb")
        assert tags_of(run)["nbcraft.notebook.executed"] == "extra"
