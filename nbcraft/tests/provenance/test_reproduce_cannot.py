"""``jupyter nbcraft reproduce`` exits 2, with the reason on one line, whenever it cannot try:
an unknown run, a run without provenance, a commit the repository lacks (a shallow clone is
named as such), a missing notebook snapshot, a diff cut at the size cap, usage errors; and a
target that only an untrusted project config declares is not used.

No kernel starts in these cases: ``main`` runs in this process (the same code path as the
console script) against the session's real ``mlflow server`` and real git repositories. The
runs are created with MLflow's client, carrying the provenance contract's tags and artifacts
(reproduce_support.ensure_contract), some of them broken on purpose.
"""

from __future__ import annotations

import pytest
from reproduce_support import client, ensure_contract, git, make_project

from nbcraft.provenance.cli import main


@pytest.fixture
def project(tmp_path, mlflow_server, monkeypatch):
    repo = make_project(tmp_path / "project")
    monkeypatch.chdir(repo)
    for name in ("MLFLOW_RUN_ID", "MLFLOW_EXPERIMENT_NAME", "PYTHONPATH", "JUPYTER_CONFIG_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path / "lab-settings"))
    return repo


def new_run(uri: str, repo, **overrides) -> str:
    mlflow = client(uri)
    experiment = mlflow.get_experiment_by_name("reproduce-cannot")
    experiment_id = (
        experiment.experiment_id if experiment else mlflow.create_experiment("reproduce-cannot")
    )
    run_id = mlflow.create_run(experiment_id).info.run_id
    mlflow.log_metric(run_id, "accuracy", 0.9)
    if overrides.pop("bare", False):
        return run_id
    ensure_contract(mlflow, run_id, repo, **overrides)
    return run_id


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_unknown_run(project, capsys):
    code, out, err = run_main(capsys, "0123456789abcdef0123456789abcdef")
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        "cannot try: no run 0123456789abcdef0123456789abcdef on the tracking server"
    )
    assert out == ""


def test_run_without_provenance(project, mlflow_server, capsys):
    run_id = new_run(mlflow_server, project, bare=True)
    code, _, err = run_main(capsys, run_id)
    assert code == 2
    assert f"cannot try: run {run_id} has no provenance record (nbcraft.provenance tag)" in err


def test_commit_missing_from_a_shallow_clone_says_so(project, mlflow_server, tmp_path, capsys,
                                                     monkeypatch):  # fmt: skip
    run_id = new_run(mlflow_server, project)
    commit = git(project, "rev-parse", "HEAD")
    (project / "README.md").write_text("later\n")
    git(project, "add", "README.md")
    git(project, "commit", "-q", "-m", "a later commit")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project}", str(shallow))
    monkeypatch.chdir(shallow)

    code, _, err = run_main(capsys, run_id)

    assert code == 2
    assert err.strip().splitlines()[-1] == (
        f"cannot try: commit {commit[:12]} is not in the repository {shallow.resolve()} "
        "(shallow clone? git fetch --unshallow)"
    )


def test_commit_missing_from_a_full_clone(project, mlflow_server, capsys):
    run_id = new_run(mlflow_server, project, **{"mlflow.source.git.commit": "ab" * 20})
    code, _, err = run_main(capsys, run_id)
    assert code == 2
    assert "cannot try: commit abababababab is not in the repository" in err
    assert "shallow" not in err


def test_missing_notebook_snapshot(project, mlflow_server, capsys):
    run_id = new_run(mlflow_server, project, **{"artifact:notebook.ipynb": False})
    code, _, err = run_main(capsys, run_id)
    assert code == 2
    assert f"run {run_id} has no notebook snapshot (nbcraft/notebook.ipynb)" in err


def test_a_snapshot_that_does_not_match_its_digest_tag(project, mlflow_server, capsys):
    run_id = new_run(mlflow_server, project, **{"nbcraft.notebook.sha256": "0" * 64})
    code, _, err = run_main(capsys, run_id)
    assert code == 2
    assert "does not match its nbcraft.notebook.sha256 tag" in err


def test_a_truncated_diff_is_refused(project, mlflow_server, capsys):
    run_id = new_run(
        mlflow_server,
        project,
        **{"nbcraft.git.dirty": "true", "nbcraft.git.diff_truncated": "true"},
    )
    code, _, err = run_main(capsys, run_id)
    assert code == 2
    assert "whose diff was cut at the size cap (nbcraft.git.diff_truncated)" in err
    # Nothing is left behind: no worktree was made.
    assert git(project, "worktree", "list").count("\n") == 0


def test_not_in_a_repository(project, mlflow_server, tmp_path, capsys, monkeypatch):
    run_id = new_run(mlflow_server, project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = run_main(capsys, run_id)
    assert code == 2
    assert f"cannot try: {elsewhere} is not in a git repository" in err


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "the following arguments are required: RUN_ID"),
        (("abc", "--env", "docker"), "argument --env: invalid choice: 'docker'"),
        (("abc", "--rtol", "-1"), "--rtol must be a finite number >= 0"),
        (("abc", "--rtol", "nan"), "--rtol must be a finite number >= 0"),
        (("abc", "--rtol", "inf"), "--rtol must be a finite number >= 0"),
        (("../../etc/passwd",), "'../../etc/passwd' is not an MLflow run id"),
    ],
)
def test_usage_errors_exit_2(project, capsys, args, message):
    code, _, err = run_main(capsys, *args)
    assert code == 2
    assert message in err


def test_an_untrusted_project_config_does_not_choose_the_target(project, mlflow_server, capsys):
    """The project file (never trusted here) declares a target `evil` running an interpreter
    of the project's, and a tracking server of its own; the run says it ran on `evil`.
    Reproduce neither uses that target nor sends anything to that server."""
    (project / "nbcraft.json").write_text(
        '{"tracking": {"uri": "http://127.0.0.1:9"}, "compute": {"targets": '
        '[{"name": "evil", "kind": "local", "python": "./evil/python"}]}}\n'
    )
    marker = project / "evil-ran"
    (project / "evil").mkdir()
    (project / "evil" / "python").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (project / "evil" / "python").chmod(0o755)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "a config asking for more")
    run_id = new_run(mlflow_server, project, **{"nbcraft.compute_target": "evil"})

    code, _, err = run_main(capsys, run_id)

    assert code == 2
    assert "cannot try: unknown target 'evil'; known targets: local" in err
    assert not marker.exists()
    # The run was read from the environment's tracking server, not the file's.
    assert "127.0.0.1:9" not in err


def test_a_tracking_server_that_is_down(project, capsys, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:9")
    code, out, err = run_main(capsys, "0123456789abcdef0123456789abcdef")
    assert code == 2 and out == ""
    assert err.strip() == (
        "jupyter nbcraft reproduce: the tracking server http://127.0.0.1:9 is not reachable "
        "(Connection refused)"
    )
