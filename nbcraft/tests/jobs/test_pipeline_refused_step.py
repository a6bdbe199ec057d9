"""A pipeline whose later step is refused at its start (a parameter its notebook does not define,
a target that is not configured) runs nothing and keeps nothing: every step is checked before
any is stored, so no earlier step is left ``queued`` for ever (visible by its id, ``lost`` after
the next restart as if it had been accepted), through the route and ``jupyter nbcraft run
--pipeline``. And after a restart, a pipeline's lost row and steps say what was lost, in a
pipeline's words (no kernel for the pipeline itself; a step is not submitted again by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jobs_support import api, notebook, run_cli_here, write_notebook

from nbcraft.jobs import store as states
from nbcraft.jobs.store import Job, JobStore

PREP = notebook(("rows = 10", ["parameters"]), "print('prepared', rows)")
TRAIN = notebook(("rows = 1", ["parameters"]), "print('trained', rows)")

# step 2 refused: `lr` is not defined by train.ipynb's parameters cell; or its target is unknown
REFUSALS = {
    "undefined-parameter": ({"parameters": {"lr": 0.1}}, "does not define 'lr'"),
    "unknown-target": ({"target": "cluster"}, "unknown target 'cluster'"),
}


def write_project(root: Path, trust_project, second: dict) -> None:
    steps = [
        {"name": "prep", "notebook": "prep.ipynb", "parameters": {"rows": 5}},
        {"name": "train", "notebook": "train.ipynb", "needs": ["prep"], **second},
    ]
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": {"p": {"steps": steps}}}))
    write_notebook(root / "prep.ipynb", PREP)
    write_notebook(root / "train.ipynb", TRAIN)
    trust_project(root)


def every_job(store: JobStore) -> list[Job]:
    jobs, _ = store.list(limit=200, top_level=False)
    return jobs


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
async def test_the_route_refuses_the_pipeline_and_stores_no_step(
    jp_fetch, jp_serverapp, jp_root_dir, trust_project, refusal
):
    second, says = REFUSALS[refusal]
    write_project(Path(jp_root_dir), trust_project, second)
    code, answer = await api(
        jp_fetch, "nbcraft", "jobs", method="POST", body={"pipeline": "p"}, raise_error=False
    )
    assert code == 400, answer
    assert answer["message"].startswith("step 'train': "), answer
    assert says in answer["message"]
    service = jp_serverapp.web_app.settings["nbcraft_jobs"]
    assert every_job(service.store) == []  # step `prep` was stored as queued, for ever
    assert service._prepared == {}  # nor kept in memory (its parameters)
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert listing["total"] == 0


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_the_cli_refuses_the_pipeline_and_stores_no_step(
    tmp_path, monkeypatch, capsys, trust_project, refusal
):
    second, says = REFUSALS[refusal]
    write_project(tmp_path, trust_project, second)
    assert run_cli_here("--pipeline", "p", cwd=tmp_path, monkeypatch=monkeypatch) == 2
    err = capsys.readouterr().err
    assert "jupyter nbcraft run: step 'train': " in err and says in err, err
    store = JobStore(tmp_path / ".nbcraft" / "cli" / "jobs.db", tmp_path)
    try:
        assert every_job(store) == []
    finally:
        store.close()


def test_a_restart_says_what_a_pipeline_run_lost(tmp_path):
    """The next server's store marks the pipeline's row and its unfinished steps lost; the
    row's error is no kernel's, a waiting step's says to run the pipeline again (a step
    cannot be submitted on its own), a finished step is kept."""
    root, path = tmp_path / "root", tmp_path / "state" / "jobs.db"
    root.mkdir()
    store = JobStore(path, root)
    row = Job(id="row", notebook="nbcraft.json", target="", parameters={}, pipeline="p")
    row.status = states.RUNNING
    steps = [
        Job(id=name, notebook=f"{name}.ipynb", target="local", parameters={},
            pipeline_id="row", step=name, status=status)
        for name, status in (
            ("prep", states.FINISHED), ("train", states.RUNNING), ("report", states.QUEUED)
        )
    ]  # fmt: skip
    plain = Job(id="plain", notebook="a.ipynb", target="local", parameters={})
    for job in (row, *steps, plain):
        store.save(job)
    store.close()

    store = JobStore(path, root)
    try:
        lost = {job.id: job for job in store.mark_lost()}
        assert sorted(lost) == ["plain", "report", "row", "train"]
        assert store.get("prep").status == states.FINISHED
        assert lost["row"].error == (
            "the Jupyter server stopped while this pipeline was running; its steps that had "
            "not finished are lost: run the pipeline again (`--from STEP` keeps the finished "
            "steps)"
        )
        assert lost["train"].error == (
            "the Jupyter server stopped while this step was running; its kernel is gone"
        )
        assert lost["report"].error == (
            "the Jupyter server stopped before this step started: run the pipeline again"
        )
        assert lost["plain"].error == (
            "the Jupyter server stopped before this job started; submit it again"
        )
        assert all(store.get(i).status == states.LOST for i in lost)
    finally:
        store.close()
