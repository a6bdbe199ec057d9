"""Pipelines: validation that names the file and key (pure), and real runs through the CLI and
the route: a parent MLflow run with child runs, a parallel pair, a failed step that stops its
dependents only, ``--from`` reusing what finished, ``${steps.prep.run_id}``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jobs_support import CLI, api, mlflow_client, notebook, run_cli, wait_for, write_notebook

from nbcraft.jobs.pipelines import PipelineConfigError, parse_pipelines, pipelines_config
from nbcraft.project_config import read_project_config
from nbcraft.trust.store import TrustStore

# prep -> (train || check) -> report. `train` waits until `check` has started (proof that the
# pair runs side by side: run one after the other, train would give up and fail); `check`
# fails while broken.flag exists.
PREP = notebook(("rows = 10", ["parameters"]), "print('prepared', rows)")
TRAIN_STEP = notebook(
    ("prep_run = ''", ["parameters"]),
    "import pathlib, time\n"
    "deadline = time.monotonic() + 180\n"
    "while not pathlib.Path('check.started').exists():\n"
    "    assert time.monotonic() < deadline, 'check never started alongside train'\n"
    "    time.sleep(0.1)\n"
    "import mlflow\nmlflow.log_param('prep_run_seen', prep_run)",
)
CHECK = notebook(
    "import pathlib\npathlib.Path('check.started').write_text('yes')",
    "if pathlib.Path('broken.flag').exists():\n    raise ValueError('data check failed')",
)
REPORT = notebook("print('report')")

PIPELINES = {
    "train": {
        "steps": [
            {"name": "prep", "notebook": "prep.ipynb", "parameters": {"rows": 5}},
            {
                "name": "train",
                "notebook": "train.ipynb",
                "parameters": {"prep_run": "${steps.prep.run_id}"},
                "needs": ["prep"],
            },
            {"name": "check", "notebook": "check.ipynb", "needs": ["prep"]},
            {"name": "report", "notebook": "report.ipynb", "needs": ["train", "check"]},
        ]
    }
}


def write_project(root: Path, trusted: bool = True) -> Path:
    """The pipeline project; trusted by default, as a user who ran ``jupyter nbcraft trust``
    (an untrusted file's pipelines are held back: see the test below)."""
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": PIPELINES}))
    for name, nb in (("prep", PREP), ("train", TRAIN_STEP), ("check", CHECK), ("report", REPORT)):
        write_notebook(root / f"{name}.ipynb", nb)
    if trusted:
        trust(root)
    return root


def trust(root: Path) -> None:
    config = read_project_config(root)
    TrustStore().trust(config.path, config.sha256)


def test_an_untrusted_project_file_runs_no_pipeline(tmp_path):
    """A cloned repository's pipelines run nothing until the user trusts that content."""
    write_project(tmp_path, trusted=False)
    with pytest.raises(PipelineConfigError) as raised:
        pipelines_config(tmp_path)
    (problem,) = raised.value.problems
    assert problem.startswith("nbcraft.json: pipelines: held back: the file is not trusted")
    trust(tmp_path)
    assert sorted(pipelines_config(tmp_path)[1]) == ["train"]
    # any change makes it untrusted again
    (tmp_path / "nbcraft.json").write_text(json.dumps({"pipelines": PIPELINES}, indent=1))
    with pytest.raises(PipelineConfigError):
        pipelines_config(tmp_path)


def test_an_untrusted_pipeline_is_refused_by_the_cli(tmp_path):
    write_project(tmp_path, trusted=False)
    done = run_cli("--pipeline", "train", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "held back: the file is not trusted" in done.stderr
    assert not (tmp_path / "check.started").exists()  # no step ran


# ------------------------------------------------------------------ validation (pure)


def problems(section, root):
    with pytest.raises(PipelineConfigError) as raised:
        parse_pipelines("nbcraft.json", section, root)
    return raised.value.problems


def test_validation_names_file_and_key(tmp_path):
    write_project(tmp_path)
    steps = json.loads(json.dumps(PIPELINES["train"]["steps"]))
    steps[3]["needs"] = ["train", "chek"]
    assert problems({"train": {"steps": steps}}, tmp_path) == [
        (
            "nbcraft.json: pipelines.train.steps[3].needs[1]: unknown step 'chek' "
            "(steps: check, prep, report, train)"
        )
    ]
    steps[3]["needs"] = ["train"]
    steps[0]["needs"] = ["report"]
    assert problems({"train": {"steps": steps}}, tmp_path) == [
        (
            "nbcraft.json: pipelines.train.steps: the steps' needs form a cycle: "
            "prep -> report -> train -> prep"
        )
    ]
    steps[0]["needs"] = []
    steps[2]["notebook"] = "checks/missing.ipynb"
    steps[1]["parameters"] = {"prep_run": "${steps.check.run_id}"}
    assert problems({"train": {"steps": steps}}, tmp_path) == [
        "nbcraft.json: pipelines.train.steps[2].notebook: checks/missing.ipynb: no such notebook",
    ]
    steps[2]["notebook"] = "check.ipynb"
    assert problems({"train": {"steps": steps}}, tmp_path) == [
        (
            "nbcraft.json: pipelines.train.steps[1].parameters.prep_run: ${steps.check.run_id} "
            "names a step that does not run before 'train': add 'check' to its `needs`"
        )
    ]
    assert problems(
        {"x": {"steps": [{"name": "a", "notebook": "prep.ipynb", "when": 1}]}}, tmp_path
    ) == [
        (
            "nbcraft.json: pipelines.x.steps[0].when: unknown key; allowed: name, needs, notebook, "
            "parameters, target"
        )
    ]
    assert problems({"x": {"steps": []}}, tmp_path) == [
        'nbcraft.json: pipelines.x: expected {"steps": [...]} with at least one step'
    ]
    # a NaN a config holds (json.loads reads a bare NaN, TOML's nan) is refused as the route
    # refuses it: the step's job would be stored and shown with the string "NaN"
    nan_step = {"name": "a", "notebook": "prep.ipynb", "parameters": {"lr": float("nan")}}
    assert problems({"x": {"steps": [nan_step]}}, tmp_path) == [
        (
            "nbcraft.json: pipelines.x.steps[0].parameters.lr: NaN or Infinity: write it as a "
            "string and convert it in the notebook"
        )
    ]


def test_pipelines_from_pyproject(tmp_path):
    write_project(tmp_path)
    (tmp_path / "nbcraft.json").unlink()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nbcraft.pipelines.p]\nsteps = [{name = "a", notebook = "prep.ipynb", needs = ["b"]}]\n'
    )
    trust(tmp_path)
    source, section = pipelines_config(tmp_path)
    assert source == "pyproject.toml"
    with pytest.raises(PipelineConfigError) as raised:
        parse_pipelines(source, section, tmp_path)
    assert raised.value.problems == [
        "pyproject.toml: tool.nbcraft.pipelines.p.steps[0].needs[0]: unknown step 'b' (steps: a)"
    ]


# ------------------------------------------------------------------ real runs


@pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")
@pytest.mark.timeout(900)  # two pipeline runs, six kernels: slow on a loaded 2-core machine
def test_pipeline_parallel_pair_failed_step_and_from(tmp_path, mlflow_server):
    root = write_project(tmp_path)
    (root / "broken.flag").write_text("1")
    first = run_cli("--pipeline", "train", cwd=root, tracking=mlflow_server)
    assert first.returncode == 1, first.stderr
    parent_id = first.stdout.split()[0]
    lines = {
        line.split(":")[0].strip(): line
        for line in (first.stdout + first.stderr).splitlines()
        if line.startswith("  ")
    }
    assert "prep: finished" in lines["prep"] and "train: finished" in lines["train"]
    assert "check: failed" in lines["check"]
    assert "check.ipynb: cell 2: ValueError: data check failed" in lines["check"]
    assert (
        "report: skipped" in lines["report"] and "it needs 'check', which failed" in lines["report"]
    )

    client = mlflow_client(mlflow_server)
    parent = client.get_run(parent_id)
    assert parent.data.tags["nbcraft.pipeline"] == "train" and parent.info.status == "FAILED"
    children = client.search_runs(
        [parent.info.experiment_id], f"tags.`mlflow.parentRunId` = '{parent_id}'"
    )
    by_step = {r.data.tags["nbcraft.pipeline.step"]: r for r in children}
    assert set(by_step) == {"prep", "train", "check"}  # report never ran
    assert by_step["check"].info.status == "FAILED" and by_step["train"].info.status == "FINISHED"
    prep_run = by_step["prep"].info.run_id
    assert by_step["train"].data.params == {"prep_run": prep_run, "prep_run_seen": prep_run}
    assert by_step["prep"].data.params == {"rows": "5"}

    (root / "broken.flag").unlink()
    (root / "check.started").write_text("yes")  # train is kept, so nothing waits on it
    again = run_cli("--pipeline", "train", "--from", "check", cwd=root, tracking=mlflow_server)
    assert again.returncode == 0, again.stderr
    lines = {
        line.split(":")[0].strip(): line
        for line in again.stdout.splitlines()
        if line.startswith("  ")
    }
    assert "prep: finished (kept from the last run)" in lines["prep"]
    assert "train: finished (kept from the last run)" in lines["train"]
    assert "check: finished" in lines["check"] and "kept" not in lines["check"]
    assert "report: finished" in lines["report"] and "kept" not in lines["report"]
    repair = client.get_run(again.stdout.split()[0])
    assert repair.info.status == "FINISHED" and repair.data.tags["nbcraft.pipeline.from"] == "check"
    children = client.search_runs(
        [repair.info.experiment_id], f"tags.`mlflow.parentRunId` = '{repair.info.run_id}'"
    )
    assert sorted(r.data.tags["nbcraft.pipeline.step"] for r in children) == ["check", "report"]


@pytest.fixture
def pipeline_root(jobs_root):
    return write_project(jobs_root)


async def test_pipeline_through_the_route(jp_fetch, pipeline_root, mlflow_server):
    code, started = await api(
        jp_fetch, "nbcraft", "jobs", method="POST", body={"pipeline": "train"}
    )
    assert code == 201
    row = await wait_for(jp_fetch, started["id"])
    assert row["kind"] == "pipeline" and row["pipeline"] == "train"
    assert row["status"] == "finished", row
    assert [s["name"] for s in row["steps"]] == ["prep", "train", "check", "report"]
    assert [s["status"] for s in row["steps"]] == ["finished"] * 4
    assert row["steps"][3]["needs"] == ["train", "check"]
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert [j["id"] for j in listing["jobs"]] == [row["id"]]  # steps are inside their pipeline
    code, bad = await api(
        jp_fetch, "nbcraft", "jobs", method="POST", body={"pipeline": "train", "from": "nope"},
        raise_error=False,
    )  # fmt: skip
    assert code == 400 and "has no such step" in bad["message"]


async def test_cancelling_a_pipeline_cancels_its_running_step_and_skips_the_rest(
    jp_fetch, jobs_root, mlflow_server
):
    hold = {
        "steps": [
            {"name": "sleep", "notebook": "slow.ipynb"},
            {"name": "after", "notebook": "train.ipynb", "needs": ["sleep"]},
        ]
    }
    (jobs_root / "nbcraft.json").write_text(json.dumps({"pipelines": {"hold": hold}}))
    trust(jobs_root)
    code, started = await api(jp_fetch, "nbcraft", "jobs", method="POST", body={"pipeline": "hold"})
    assert code == 201
    await wait_for(
        jp_fetch, started["id"], until=lambda row: row["steps"][0]["status"] == "running"
    )
    code, _ = await api(
        jp_fetch, "nbcraft", "jobs", started["id"], "cancel", method="POST", body={}
    )
    assert code == 200
    row = await wait_for(jp_fetch, started["id"])
    assert row["status"] == "cancelled", row
    assert [s["status"] for s in row["steps"]] == ["cancelled", "skipped"]
    assert row["steps"][1]["mlflow_run_id"] is None  # `after` never ran
    client = mlflow_client(mlflow_server)
    assert client.get_run(row["steps"][0]["mlflow_run_id"]).info.status == "KILLED"


async def test_a_step_that_never_runs_leaves_no_parameters_in_memory(
    jp_fetch, jp_serverapp, jobs_root, mlflow_server
):
    """A step's real parameters (its secrets) are kept in the server's memory from the
    pipeline's start until the step runs: a step skipped after a failed need, or cancelled
    before it started, kept them until the server stopped."""
    secret = {"db_password": "hunter2-" + "x" * 8}
    write_notebook(jobs_root / "boom.ipynb", notebook("raise ValueError('data check failed')"))
    # a parameter the notebook does not define is refused at the start: this one defines it
    write_notebook(jobs_root / "load.ipynb", notebook(("db_password = ''", ["parameters"]), "1"))
    pipelines = {
        "fails": {
            "steps": [
                {"name": "boom", "notebook": "boom.ipynb"},
                {
                    "name": "next",
                    "notebook": "load.ipynb",
                    "needs": ["boom"],
                    "parameters": secret,
                },
            ]
        },
        "hold": {
            "steps": [
                {"name": "sleep", "notebook": "slow.ipynb"},
                {
                    "name": "after",
                    "notebook": "load.ipynb",
                    "needs": ["sleep"],
                    "parameters": secret,
                },
            ]
        },
    }
    (jobs_root / "nbcraft.json").write_text(json.dumps({"pipelines": pipelines}))
    trust(jobs_root)
    service = jp_serverapp.web_app.settings["nbcraft_jobs"]
    _, failed = await api(jp_fetch, "nbcraft", "jobs", method="POST", body={"pipeline": "fails"})
    row = await wait_for(jp_fetch, failed["id"])
    assert [s["status"] for s in row["steps"]] == ["failed", "skipped"]
    assert row["steps"][1]["job_id"] and row["steps"][1]["job_id"] not in service._prepared
    _, held = await api(jp_fetch, "nbcraft", "jobs", method="POST", body={"pipeline": "hold"})
    await wait_for(jp_fetch, held["id"], until=lambda row: row["steps"][0]["status"] == "running")
    await api(jp_fetch, "nbcraft", "jobs", held["id"], "cancel", method="POST", body={})
    row = await wait_for(jp_fetch, held["id"])
    assert [s["status"] for s in row["steps"]] == ["cancelled", "skipped"]
    assert row["steps"][1]["job_id"] and row["steps"][1]["job_id"] not in service._prepared


async def test_cancelling_a_step_that_waits_for_its_needs_cancels_it(
    jp_fetch, jp_serverapp, jobs_root, mlflow_server
):
    """POST jobs/<step>/cancel on a step still waiting for its needs: it was answered 200 with
    the step still ``queued``, and the step ran once its needs had finished. Now it is
    cancelled at once, and its pipeline does not start it."""
    hold = {
        "steps": [
            {"name": "sleep", "notebook": "slow.ipynb", "parameters": {"seconds": 15}},
            {"name": "after", "notebook": "train.ipynb", "needs": ["sleep"]},
        ]
    }
    (jobs_root / "nbcraft.json").write_text(json.dumps({"pipelines": {"hold": hold}}))
    trust(jobs_root)
    code, started = await api(jp_fetch, "nbcraft", "jobs", method="POST", body={"pipeline": "hold"})
    assert code == 201
    row = await wait_for(
        jp_fetch, started["id"], until=lambda row: row["steps"][0]["status"] == "running"
    )
    after = row["steps"][1]["job_id"]
    code, answer = await api(jp_fetch, "nbcraft", "jobs", after, "cancel", method="POST", body={})
    assert (code, answer["status"]) == (200, "cancelled")
    assert after not in jp_serverapp.web_app.settings["nbcraft_jobs"]._prepared
    row = await wait_for(jp_fetch, started["id"])
    assert [s["status"] for s in row["steps"]] == ["finished", "cancelled"], row
    assert row["steps"][1]["mlflow_run_id"] is None  # `after` never ran
    assert row["status"] == "cancelled"


async def test_a_cancelled_waiting_step_stays_cancelled_when_its_need_then_fails(
    jp_fetch, jobs_root, mlflow_server
):
    """A step the user cancelled while it waited for its needs, whose need then failed, was
    rewritten as ``skipped: it needs …``: the user's cancel is kept."""
    gate = notebook(
        "import pathlib, time\n"
        "deadline = time.monotonic() + 120\n"
        "while not pathlib.Path('go.flag').exists():\n"
        "    assert time.monotonic() < deadline, 'go.flag never came'\n"
        "    time.sleep(0.1)",
        "raise ValueError('data check failed')",
    )
    write_notebook(jobs_root / "gate.ipynb", gate)
    steps = [
        {"name": "gate", "notebook": "gate.ipynb"},
        {"name": "after", "notebook": "train.ipynb", "needs": ["gate"]},
    ]
    (jobs_root / "nbcraft.json").write_text(json.dumps({"pipelines": {"g": {"steps": steps}}}))
    trust(jobs_root)
    _, started = await api(jp_fetch, "nbcraft", "jobs", method="POST", body={"pipeline": "g"})
    row = await wait_for(
        jp_fetch, started["id"], until=lambda row: row["steps"][0]["status"] == "running"
    )
    after = row["steps"][1]["job_id"]
    code, _ = await api(jp_fetch, "nbcraft", "jobs", after, "cancel", method="POST", body={})
    assert code == 200
    (jobs_root / "go.flag").write_text("1")  # now `gate` fails
    row = await wait_for(jp_fetch, started["id"])
    assert [s["status"] for s in row["steps"]] == ["failed", "cancelled"], row
    assert row["steps"][1]["error"] == "cancelled while queued"
    assert row["status"] == "failed"
