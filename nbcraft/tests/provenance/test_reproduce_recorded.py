"""End to end, with nothing filled in by the test: a run recorded by nbcraft's own recording in
a real interactive kernel (started as the Jupyter server starts kernels, record_support.Kernel),
then ``jupyter nbcraft reproduce`` on it, against a real git repository and ``mlflow server``."""

from __future__ import annotations

import nbformat
import pytest
from record_support import Kernel
from reproduce_support import (
    CLI,
    CSV,
    TRAIN_NOTEBOOK,
    cli,
    client,
    csv_text,
    editable,
    make_project,
)

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")


@pytest.fixture
def recorded(tmp_path, mlflow_server):
    repo = make_project(tmp_path / "project")
    kernel = Kernel(repo / TRAIN_NOTEBOOK, repo, mlflow_server, **editable(repo))
    try:
        kernel.ok("import mlflow\nmlflow.set_experiment('reproduce-recorded')")
        nb = nbformat.read(str(repo / TRAIN_NOTEBOOK), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                kernel.ok(cell.source)
        run_id = kernel.ok("print(mlflow.last_active_run().info.run_id)").strip()
        # The kernel logs its record from a background thread: wait until it is written.
        kernel.ok(
            "import nbcraft.provenance.record.kernel as recording\n"
            "current = getattr(recording, 'current', lambda: None)()\n"
            "if current is not None:\n    current.flush()"
        )
    finally:
        kernel.stop()
    return repo, run_id


def test_a_recorded_interactive_run_reproduces_then_names_a_changed_csv(recorded, mlflow_server):
    repo, run_id = recorded
    tags = client(mlflow_server).get_run(run_id).data.tags
    assert tags["nbcraft.provenance"] in ("complete", "partial"), tags
    assert tags["nbcraft.git.path"] == TRAIN_NOTEBOOK
    # the fixture typed `mlflow.set_experiment(...)`, a cell the notebook does not hold
    assert tags["nbcraft.notebook.executed"] == "extra"

    done = cli("reproduce", run_id, cwd=repo, tracking=mlflow_server, **editable(repo))

    assert done.returncode == 0, (done.stdout, done.stderr)
    assert done.stdout.splitlines()[-1].startswith("reproduced as run ")
    # ...and the reproduction says it ran the snapshot, not that extra code
    assert (
        f"note: run {run_id} also ran code that its notebook snapshot does not hold ([1] ran "
        "code that the saved notebook does not hold (typed outside the notebook, or a cell "
        "changed since)): this runs the snapshot only" in done.stderr
    ), done.stderr
    new_run_id = done.stdout.splitlines()[-2]
    new = client(mlflow_server).get_run(new_run_id)
    assert new.data.tags["nbcraft.reproduces"] == run_id
    assert new.data.metrics == client(mlflow_server).get_run(run_id).data.metrics

    (repo / CSV).write_text(csv_text(flip=5))
    done = cli("reproduce", run_id, cwd=repo, tracking=mlflow_server, **editable(repo))
    assert done.returncode == 1
    assert f"not reproduced: {CSV}: changed since the run" in done.stderr
