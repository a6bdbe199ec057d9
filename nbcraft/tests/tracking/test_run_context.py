"""The run-context provider: runs started from a notebook kernel are tagged with the notebook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

from nbcraft.tracking.run_context import NotebookRunContextProvider, notebook_path


def test_not_in_context_outside_a_notebook_kernel(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert NotebookRunContextProvider().in_context() is False


def test_tags_use_the_path_relative_to_the_jupyter_root(monkeypatch, tmp_path):
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "nb" / "train.ipynb"))
    monkeypatch.setenv("NBCRAFT_JUPYTER_ROOT", str(tmp_path))
    provider = NotebookRunContextProvider()
    assert provider.in_context() is True
    tags = provider.tags()
    assert {
        k: tags[k] for k in ("nbcraft.notebook", "mlflow.source.name", "mlflow.source.type")
    } == {
        "nbcraft.notebook": "nb/train.ipynb",
        "mlflow.source.name": "nb/train.ipynb",
        "mlflow.source.type": "NOTEBOOK",
    }
    # provenance (nbcraft/tests/provenance): this notebook does not exist, so the run says what is missing
    assert tags["nbcraft.provenance"] == "partial"
    assert "does not exist" in tags["nbcraft.provenance.note"]
    assert "mlflow.source.git.commit" not in tags


def test_compute_target_kernels_tag_the_target(monkeypatch, tmp_path):
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "train.ipynb"))
    monkeypatch.setenv("NBCRAFT_JUPYTER_ROOT", str(tmp_path))
    monkeypatch.setenv("NBCRAFT_COMPUTE_TARGET", "spark-local")
    tags = NotebookRunContextProvider().tags()
    assert tags["nbcraft.compute_target"] == "spark-local"
    assert tags["nbcraft.notebook"] == "train.ipynb"
    # A target kernel outside a notebook session (jupyter console --kernel nbcraft-...).
    monkeypatch.delenv("JPY_SESSION_NAME")
    provider = NotebookRunContextProvider()
    assert provider.in_context() is True
    assert provider.tags() == {"nbcraft.compute_target": "spark-local"}
    monkeypatch.delenv("NBCRAFT_COMPUTE_TARGET")
    assert provider.in_context() is False


def test_paths_outside_the_root_or_already_relative_stay_as_given(tmp_path):
    assert notebook_path("/elsewhere/x.ipynb", str(tmp_path)) == "/elsewhere/x.ipynb"
    assert notebook_path("nb/x.ipynb", str(tmp_path)) == "nb/x.ipynb"
    assert notebook_path(str(tmp_path / "x.ipynb"), None) == str(tmp_path / "x.ipynb")


def _run_tags(uri: str, run_id: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{uri}/api/2.0/mlflow/runs/get?run_id={run_id}", timeout=30) as r:
        tags = json.load(r)["run"]["data"].get("tags", [])
    return {t["key"]: t["value"] for t in tags}


def test_real_runs_are_tagged_only_from_a_notebook_session(
    run_context_entry_point, seeded, tmp_path
):
    """One subprocess (MLflow's import is slow): a run with JPY_SESSION_NAME set, then one
    after removing it."""
    code = (
        "import os, mlflow\n"
        f"mlflow.set_tracking_uri({seeded['uri']!r})\n"
        "ids = []\n"
        "for _ in range(2):\n"
        f"    with mlflow.start_run(experiment_id={seeded['experiment_id']!r}) as run:\n"
        "        mlflow.log_metric('m', 1.0)\n"
        "    ids.append(run.info.run_id)\n"
        "    os.environ.pop('JPY_SESSION_NAME', None)\n"
        "    os.environ.pop('NBCRAFT_COMPUTE_TARGET', None)\n"
        "print(' '.join(ids))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.update(
        JPY_SESSION_NAME=str(tmp_path / "nb" / "train.ipynb"),
        NBCRAFT_JUPYTER_ROOT=str(tmp_path),
        NBCRAFT_COMPUTE_TARGET="dev-cluster",
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    in_notebook, outside = done.stdout.strip().splitlines()[-1].split()

    tags = _run_tags(seeded["uri"], in_notebook)
    assert tags["nbcraft.notebook"] == "nb/train.ipynb"
    assert tags["mlflow.source.name"] == "nb/train.ipynb"
    assert tags["mlflow.source.type"] == "NOTEBOOK"
    assert tags["nbcraft.compute_target"] == "dev-cluster"

    tags = _run_tags(seeded["uri"], outside)
    assert "nbcraft.notebook" not in tags
    assert "nbcraft.compute_target" not in tags
    assert tags["mlflow.source.type"] != "NOTEBOOK"


def test_recording_off_gives_a_run_the_notebook_s_tags_only(monkeypatch, tmp_path):
    """With ``NBCRAFT_PROVENANCE=0`` (and so no recorder in the kernel) a run still got the
    commit, the notebook's hash, Python and ``nbcraft.provenance=complete`` with no artifact
    behind them. Real git repository with the notebook committed."""

    def git(*args: str) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
        done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                              cwd=repo, env=env, capture_output=True, text=True, check=True)  # fmt: skip
        return done.stdout.strip()

    repo = tmp_path / "proj"
    repo.mkdir()
    notebook = repo / "t.ipynb"
    notebook.write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "first")
    monkeypatch.setenv("JPY_SESSION_NAME", str(notebook))
    monkeypatch.setenv("NBCRAFT_JUPYTER_ROOT", str(repo))
    monkeypatch.setenv("NBCRAFT_PROVENANCE", "0")
    tags = NotebookRunContextProvider().tags()
    assert tags == {
        "nbcraft.notebook": "t.ipynb",
        "mlflow.source.name": "t.ipynb",
        "mlflow.source.type": "NOTEBOOK",
    }
    monkeypatch.setenv("NBCRAFT_PROVENANCE", "1")  # the same notebook, recording on
    on = NotebookRunContextProvider().tags()
    assert on["mlflow.source.git.commit"] == git("rev-parse", "HEAD")
