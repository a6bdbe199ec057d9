"""A pipeline's parent run (``jupyter nbcraft run --pipeline NAME``) records what applies to
the whole chain: the commit it ran from, the chain's definition and the environment that ran
it. Each step's notebook, data and kernel environment stay its own run's.

Real parts: a git repository, the CLI as a user runs it (its kernels), the session's
``mlflow server``; the project config trusted as ``jupyter nbcraft trust`` trusts it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pytest
from mlflow.tracking import MlflowClient
from record_support import git, run_job, write_notebook

from nbcraft.project_config import read_project_config
from nbcraft.provenance.record_reader import load_record
from nbcraft.provenance.reproduce import CannotTry, _check_record
from nbcraft.trust.store import TrustStore

CHAIN = {
    "chain": {
        "steps": [
            {
                "name": "a",
                "notebook": "a.ipynb",
                "parameters": {"rows": 3, "db_password": "hunter2", "start": "2026-12-06"},
            },
            {"name": "b", "notebook": "b.ipynb", "needs": ["a"]},
        ]
    }
}


def with_parameters(path: Path) -> None:
    """The notebook's first code cell tagged ``parameters``, as papermill wants it."""
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[1].metadata["tags"] = ["parameters"]
    nbformat.write(nb, str(path))


def chain_project(tmp_path: Path, **files: str) -> Path:
    """The CHAIN pipeline's project (and ``files``, ``name="text"`` as ``name.py``),
    committed, its config trusted."""
    root = tmp_path / "proj"
    root.mkdir()
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": CHAIN}))
    with_parameters(
        write_notebook(root / "a.ipynb", "rows = 1\ndb_password = ''\nstart = ''", "print(rows)")
    )
    write_notebook(root / "b.ipynb", "print('b')")
    for name, text in files.items():
        (root / f"{name}.py").write_text(text)
    (root / ".gitignore").write_text(".jupyter-config/\n.no-lab-settings/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "chain")
    config = read_project_config(root)
    TrustStore().trust(config.path, config.sha256)
    return root


def test_a_pipeline_s_parent_run_has_the_chain_s_provenance(tmp_path, mlflow_server):
    """Each step's run had provenance, the parent run none: not the commit the chain ran
    from, nor the chain's definition, nor the environment that ran it."""
    root = chain_project(tmp_path)
    done = run_job(None, root, mlflow_server, args=("--pipeline", "chain"))
    assert done.returncode == 0, done.stderr
    client = MlflowClient(tracking_uri=mlflow_server)
    parent = client.get_run(done.stdout.split()[0])
    tags = parent.data.tags
    assert tags["nbcraft.pipeline"] == "chain"
    assert tags["mlflow.source.git.commit"] == git(root, "rev-parse", "HEAD")
    assert tags["mlflow.source.git.branch"] == "main"
    assert tags["nbcraft.git.dirty"] == "false"
    assert (tags["mlflow.source.type"], tags["mlflow.source.name"]) == ("JOB", "nbcraft.json")
    assert tags["nbcraft.provenance"] == "complete", tags.get("nbcraft.provenance.note")
    assert "nbcraft.notebook.sha256" not in tags  # the notebooks are the steps'
    folder = Path(client.download_artifacts(parent.info.run_id, "nbcraft", str(tmp_path)))
    assert sorted(p.name for p in folder.iterdir()) == ["pipeline.json", "requirements.lock"]
    definition = (folder / "pipeline.json").read_bytes()
    assert tags["nbcraft.pipeline.sha256"] == hashlib.sha256(definition).hexdigest()
    steps = json.loads(definition)["steps"]
    assert [(s["name"], s["notebook"], s["needs"]) for s in steps] == [
        ("a", "a.ipynb", []),
        ("b", "b.ipynb", ["a"]),
    ]
    # a parameter named as a credential is not copied into the record
    assert steps[0]["parameters"] == {
        "rows": 3,
        "db_password": "<redacted>",
        "start": "2026-12-06",
    }
    assert b"hunter2" not in definition
    lock = (folder / "requirements.lock").read_text()
    assert "\nmlflow==" in lock and tags["nbcraft.python"].count(".") == 2
    children = client.search_runs(
        [parent.info.experiment_id], f"tags.`mlflow.parentRunId` = '{parent.info.run_id}'"
    )
    assert len(children) == 2
    for child in children:  # each step keeps its own notebook's provenance
        assert child.data.tags["mlflow.source.git.commit"] == tags["mlflow.source.git.commit"]
        assert "nbcraft.notebook.sha256" in child.data.tags
    # Reproduce on the parent says what to reproduce instead (it had offered it and failed
    # with "no notebook snapshot"); a step's run passes the same check
    with pytest.raises(
        CannotTry, match="a pipeline's parent run \\(chain\\).*reproduce a step's run"
    ):
        _check_record(load_record(client, parent.info.run_id, tmp_path / "parent-record"))
    child = next(c for c in children if c.data.tags.get("nbcraft.pipeline.step") == "b")
    assert (
        _check_record(load_record(client, child.info.run_id, tmp_path / "b-record"))[1] == "b.ipynb"
    )


def test_recording_off_in_the_server_s_environment_logs_no_provenance(tmp_path, mlflow_server):
    """``NBCRAFT_PROVENANCE=0`` was not honoured by the job service: a job's and a pipeline's
    runs got the commit, the tags and the whole ``git.diff`` of a dirty tree (which can hold
    uncommitted secrets). For jobs the switch is the environment of the process that runs
    them (here the CLI's); off, no run gets a provenance tag or artifact."""
    root = chain_project(tmp_path, settings="DB = 'x'\n")
    (root / "settings.py").write_text("DB = 'postgresql://admin:uncommitted-pw@db/x'\n")
    done = run_job(None, root, mlflow_server, args=("--pipeline", "chain"), NBCRAFT_PROVENANCE="0")
    assert done.returncode == 0, done.stderr
    client = MlflowClient(tracking_uri=mlflow_server)
    parent = client.get_run(done.stdout.split()[0])
    children = client.search_runs(
        [parent.info.experiment_id], f"tags.`mlflow.parentRunId` = '{parent.info.run_id}'"
    )
    assert len(children) == 2
    for run in [parent, *children]:
        tags = run.data.tags
        recorded = [k for k in tags if k.startswith(("nbcraft.provenance", "nbcraft.git"))]
        assert recorded == [], tags
        assert "mlflow.source.git.commit" not in tags and "nbcraft.python" not in tags
        logged = {a.path for a in client.list_artifacts(run.info.run_id, "nbcraft")}
        assert logged <= {"nbcraft/output.ipynb"}, logged  # a step's executed notebook only
