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


def test_a_logged_model_s_tags_do_not_become_the_next_run_s_record(tmp_path, mlflow_server):
    repo = tmp_path / "proj"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    notebook = write_notebook(repo / "train.ipynb", LR, TRAIN)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
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
