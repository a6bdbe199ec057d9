"""The Reproduce button's routes in a real Jupyter server: ``POST runs/<id>/reproduce`` starts
a reproduction through the server's own job service (real kernels, the session's real
``mlflow server``), ``GET reproductions/<id>`` follows it to its outcome. The original run is
a real job of the server; its provenance contract is completed with MLflow's client
(reproduce_support.ensure_contract)."""

from __future__ import annotations

import asyncio
import json
import os
import time

import pytest
from reproduce_support import (
    TRAIN_NOTEBOOK,
    client,
    editable,
    ensure_contract,
    git,
    make_project,
    server_config,
)

TIMEOUT = 400


@pytest.fixture
def repo(jp_root_dir):
    return make_project(jp_root_dir)


@pytest.fixture
def jp_server_config(jp_server_config, repo, mlflow_server, monkeypatch):
    return server_config(jp_server_config, mlflow_server, monkeypatch)


async def call(jp_fetch, *parts, method="GET", body=None):
    kwargs = {"body": json.dumps(body)} if body is not None else {}
    response = await jp_fetch(*parts, method=method, raise_error=False, **kwargs)
    return response.code, json.loads(response.body)


async def until(jp_fetch, parts, done):
    deadline = time.monotonic() + TIMEOUT
    while True:
        _, body = await call(jp_fetch, *parts)
        if done(body):
            return body
        assert time.monotonic() < deadline, body
        await asyncio.sleep(0.5)


async def reproduce(jp_fetch, run_id, body):
    code, started = await call(
        jp_fetch, "nbcraft", "provenance", "runs", run_id, "reproduce", method="POST", body=body
    )
    assert code == 202, started
    return await until(
        jp_fetch,
        ("nbcraft", "provenance", "reproductions", started["id"]),
        lambda state: state["status"] != "running",
    )


async def train_run(jp_fetch, repo, mlflow_server, monkeypatch) -> str:
    """The MLflow run of a real job of the training notebook, its provenance contract whole."""
    # The kernels import src/model.py from the working copy (pytest-jupyter's own PYTHONPATH
    # is set after the fixtures run, so this goes in front of it here).
    path = editable(repo)["PYTHONPATH"] + os.pathsep + os.environ.get("PYTHONPATH", "")
    monkeypatch.setenv("PYTHONPATH", path)
    code, job = await call(
        jp_fetch, "nbcraft", "jobs", method="POST", body={"notebook": TRAIN_NOTEBOOK}
    )
    assert code == 201, job
    job = await until(jp_fetch, ("nbcraft", "jobs", job["id"]), lambda j: j["status"] != "running"
                      and j["status"] != "queued")  # fmt: skip
    assert job["status"] == "finished", job
    run_id = job["mlflow_run_id"]
    ensure_contract(client(mlflow_server), run_id, repo)
    return run_id


async def test_reproduce_button_runs_a_job_and_compares_the_metrics(
    jp_fetch, repo, mlflow_server, monkeypatch
):
    run_id = await train_run(jp_fetch, repo, mlflow_server, monkeypatch)

    state = await reproduce(jp_fetch, run_id, {"rtol": 0})

    assert state["status"] == "reproduced", state
    assert state["exit_code"] == 0 and state["run_id"] == run_id
    assert [(m["key"], m["ok"], m["rel_diff"]) for m in state["metrics"]] == [
        ("accuracy", True, 0.0),
        ("coef0", True, 0.0),
    ]
    assert state["inputs"] == [{"path": "data/train.csv", "ok": True, "reason": "same digest"}]
    new = client(mlflow_server).get_run(state["new_run_id"])
    assert new.data.tags["nbcraft.reproduces"] == run_id
    assert state["message"] == f"reproduced as run {state['new_run_id']}"
    assert git(repo, "worktree", "list").count("\n") == 0


async def test_an_untrusted_project_config_cannot_choose_the_target(jp_fetch, repo, mlflow_server):
    """The Jupyter root's nbcraft.json (never trusted) declares a target `evil`; asking the
    button to reproduce on it ends as "cannot", naming the known targets, and nothing runs."""
    (repo / "nbcraft.json").write_text(
        '{"compute": {"targets": [{"name": "evil", "kind": "local", "python": "./evil/py"}]}}\n'
    )
    marker = repo / "evil-ran"
    (repo / "evil").mkdir()
    (repo / "evil" / "py").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (repo / "evil" / "py").chmod(0o755)
    mlflow = client(mlflow_server)
    run_id = mlflow.create_run("0").info.run_id
    ensure_contract(mlflow, run_id, repo)

    state = await reproduce(jp_fetch, run_id, {"target": "evil"})

    assert state["status"] == "cannot" and state["exit_code"] == 2, state
    assert "unknown target 'evil'; known targets: local" in state["message"]
    assert state["new_run_id"] is None and not marker.exists()
    _, jobs = await call(jp_fetch, "nbcraft", "jobs")
    assert jobs["total"] == 0


async def test_a_nan_metric_reaches_the_lab_as_strict_json(
    jp_fetch, repo, mlflow_server, monkeypatch
):
    """A metric MLflow holds as NaN (the original run's ``loss``, logged by MLflow's client to
    the real server) was answered by ``GET reproductions/<id>`` as a bare ``NaN``, which the
    browser's ``JSON.parse`` rejects: the lab showed no outcome at all. It is now ``"NaN"``, as
    MLflow's own REST API writes a double."""
    run_id = await train_run(jp_fetch, repo, mlflow_server, monkeypatch)
    client(mlflow_server).log_metric(run_id, "loss", float("nan"))

    state = await reproduce(jp_fetch, run_id, {"rtol": 0})

    assert state["status"] == "not-reproduced", state
    assert "1 metric(s) differ: loss" in state["message"]
    response = await jp_fetch("nbcraft", "provenance", "reproductions", state["id"])
    strict = json.loads(response.body, parse_constant=_refuse)
    rows = {m["key"]: m for m in strict["metrics"]}
    assert rows["loss"] == {
        "key": "loss", "original": "NaN", "reproduced": None, "rel_diff": None, "ok": False
    }  # fmt: skip
    assert rows["accuracy"]["ok"] is True and rows["coef0"]["ok"] is True


def _refuse(word: str):
    raise ValueError(f"{word} in the answer: JSON.parse rejects it")
