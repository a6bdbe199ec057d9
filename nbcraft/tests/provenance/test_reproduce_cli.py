"""``jupyter nbcraft reproduce`` as a user and CI run it: a real git repository, a real
``mlflow server``, real kernels (the re-run is a real job of ``nbcraft.jobs``).

The recorded run is a real job of the notebook; its provenance contract (tags and
``nbcraft/`` artifacts) is completed with MLflow's client where the run does not carry it
(reproduce_support.ensure_contract), so these tests do not depend on how it is recorded.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reproduce_support import (
    CLI,
    CSV,
    MODEL,
    TRAIN_NOTEBOOK,
    cli,
    client,
    csv_text,
    editable,
    ensure_contract,
    git,
    make_project,
    record_run,
)

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory, mlflow_server):
    """A project and one recorded run of its notebook (shared: tests work on clones)."""
    repo = make_project(tmp_path_factory.mktemp("reproduce") / "project")
    run_id = record_run(repo, mlflow_server, "reproduce-cli")
    return repo, run_id


@pytest.fixture
def copy(recorded, tmp_path):
    """A clone of the project with its ignored data/, where a test may change things."""
    repo, _ = recorded
    clone = tmp_path / "copy"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    shutil.copytree(repo / "data", clone / "data")
    return clone


def reproduce(copy: Path, uri: str, *args: str):
    return cli("reproduce", *args, cwd=copy, tracking=uri, **editable(copy))


def test_reproduces_with_equal_metrics_from_the_run_s_commit_and_snapshot(
    recorded, copy, mlflow_server
):
    _, run_id = recorded
    # The notebook file now fails: the snapshot of the run is what runs, not the file.
    broken = (copy / TRAIN_NOTEBOOK).read_text().replace("seed = 7", "1 / 0")
    (copy / TRAIN_NOTEBOOK).write_text(broken)

    done = reproduce(copy, mlflow_server, run_id)

    assert done.returncode == 0, done.stderr
    mlflow = client(mlflow_server)
    original = mlflow.get_run(run_id)
    new_run_id = done.stdout.splitlines()[-2]
    new = mlflow.get_run(new_run_id)
    assert new.data.tags["nbcraft.reproduces"] == run_id
    assert set(original.data.metrics) == {"accuracy", "coef0"}
    assert new.data.metrics == original.data.metrics
    assert new.info.experiment_id == original.info.experiment_id
    table = done.stdout.splitlines()
    assert table[0].split() == [
        "metric",
        "original",
        "reproduced",
        "rel.",
        "diff",
        "within",
        "1e-06",
    ]
    assert [line.split()[0] for line in table[1:3]] == ["accuracy", "coef0"]
    assert all(line.split()[-1] == "yes" and line.split()[-2] == "0" for line in table[1:3])
    assert done.stdout.splitlines()[-1] == f"reproduced as run {new_run_id}"
    # The temporary worktree is gone, and git forgot it.
    assert git(copy, "worktree", "list").count("\n") == 0
    assert list((copy / ".nbcraft" / "reproduce").glob("*")) == [
        copy / ".nbcraft" / "reproduce" / ".gitignore"
    ]


def test_a_changed_csv_is_named_and_exits_1_without_running(recorded, copy, mlflow_server):
    _, run_id = recorded
    (copy / CSV).write_text(csv_text(flip=3))

    done = reproduce(copy, mlflow_server, run_id)

    assert done.returncode == 1, (done.stdout, done.stderr)
    assert f"input {CSV}: changed since the run (sha256 " in done.stderr
    assert f"not reproduced: {CSV}: changed since the run" in done.stderr
    assert done.stdout == ""  # no run, no table: the notebook did not run


def test_a_commit_that_changes_the_model_exits_1_with_the_metric_table(
    recorded, copy, mlflow_server
):
    """The model module comes from the environment (an editable install of the working
    copy), as ``--env current`` uses it: a later commit changes what the run's code calls."""
    _, run_id = recorded
    (copy / "src" / "model.py").write_text(MODEL.format(c=0.01))
    git(copy, "commit", "-q", "-am", "a much stronger regularization")

    done = reproduce(copy, mlflow_server, run_id, "--rtol", "0.001")

    assert done.returncode == 1, (done.stdout, done.stderr)
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()[1:3]}
    assert done.stdout.splitlines()[0].split()[-2:] == ["within", "0.001"]
    assert rows["coef0"][-1] == "NO"
    original = client(mlflow_server).get_run(run_id).data.metrics
    assert float(rows["coef0"][1]) == pytest.approx(original["coef0"], rel=1e-5)
    assert float(rows["coef0"][2]) < float(rows["coef0"][1])  # regularized: smaller
    assert "not reproduced:" in done.stderr and "coef0" in done.stderr.splitlines()[-1]
    new_run_id = done.stdout.splitlines()[-1]
    assert client(mlflow_server).get_run(new_run_id).data.tags["nbcraft.reproduces"] == run_id


def test_a_dirty_run_is_reproduced_with_its_recorded_diff(tmp_path, mlflow_server):
    """The CSV is tracked here, and the run read an uncommitted edit of it. A clone has only
    the committed CSV: the run's ``nbcraft/git.diff``, applied to the worktree, brings the
    edit back, so the input's digest matches and the metrics are equal."""
    repo = make_project(tmp_path / "dirty", track_data=True)
    (repo / CSV).write_text(csv_text(flip=6))
    run_id = record_run(repo, mlflow_server, "reproduce-dirty")
    diff = subprocess.run(
        ["git", "-C", str(repo), "diff", "--binary", "HEAD"], capture_output=True, check=True
    ).stdout
    assert diff
    mlflow = client(mlflow_server)
    ensure_contract(mlflow, run_id, repo, force={"git.diff": diff}, **{"nbcraft.git.dirty": "true"})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    assert (clone / CSV).read_text() == csv_text()

    done = reproduce(clone, mlflow_server, run_id)

    assert done.returncode == 0, (done.stdout, done.stderr)
    new = mlflow.get_run(done.stdout.splitlines()[-2])
    assert new.data.metrics == mlflow.get_run(run_id).data.metrics
    assert (clone / CSV).read_text() == csv_text()  # the user's files are untouched
