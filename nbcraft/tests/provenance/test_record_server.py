"""Through a real Jupyter server with nbcraft: a kernel started as JupyterLab starts one for an
open notebook (``POST /api/sessions``) gets the recorder from the server's own start-up wiring
(``PYTHONSTARTUP``, ``NBCRAFT_JUPYTER_ROOT``, ``MLFLOW_TRACKING_URI``), and its run records the
notebook's commit, snapshot and data. Real server, kernel, git and ``mlflow server``.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from record_support import FLUSH, artifact, get_run, git, tags_of, write_notebook


@pytest.fixture
def jp_server_config(jp_server_config, mlflow_server, monkeypatch):
    for name in ("MLFLOW_RUN_ID", "MLFLOW_TRACKING_URI", "PYTHONSTARTUP"):
        monkeypatch.delenv(name, raising=False)
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["NbcraftTracking"] = {"embedded": False, "uri": mlflow_server}
    config["NbcraftCompute"] = {"watch_interval": 0.0}
    return config


async def test_a_kernel_the_server_starts_records_its_runs(
    jp_fetch, jp_serverapp, jp_root_dir, mlflow_server
):
    repo = jp_root_dir / "project"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "data.csv").write_text("a,b\n1,2\n3,4\n")
    code = (
        "import mlflow, pandas as pd\ndf = pd.read_csv('data.csv')\n"
        "with mlflow.start_run() as run:\n    mlflow.log_metric('rows', len(df))\n"
        "print(run.info.run_id)"
    )
    write_notebook(repo / "explore.ipynb", code)  # the cell the kernel runs below
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    body = {"path": "project/explore.ipynb", "name": "explore.ipynb", "type": "notebook",
            "kernel": {"name": "python3"}}  # fmt: skip
    session = json.loads(
        (await jp_fetch("api", "sessions", method="POST", body=json.dumps(body))).body
    )
    client = jp_serverapp.kernel_manager.get_kernel(session["kernel"]["id"]).client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=180)
        out = []

        def hook(message):
            if message["msg_type"] == "stream":
                out.append(message["content"]["text"])

        reply = await client.execute_interactive(code, output_hook=hook, timeout=240)
        assert reply["content"]["status"] == "ok", "".join(out)
        # the flush is not a cell of the notebook: kept out of the history, as the lab's own
        # requests are
        before = len(out)
        await client.execute_interactive(FLUSH, output_hook=hook, timeout=240, store_history=False)
        # one print may reach us as several stream messages ("flushed", then "\n") under load
        flushed = "".join(out[before:])
        assert flushed.strip().splitlines()[-1:] == ["flushed"], flushed
        del out[before:]
    finally:
        client.stop_channels()
    run = get_run(mlflow_server, "".join(out).strip().splitlines()[-1])
    tags = tags_of(run)
    assert tags["nbcraft.notebook"] == "project/explore.ipynb"
    assert tags["mlflow.source.git.commit"] == git(repo, "rev-parse", "HEAD")
    assert tags["nbcraft.git.path"] == "explore.ipynb"
    assert tags["nbcraft.provenance"] == "complete", tags.get("nbcraft.provenance.note")
    assert tags["nbcraft.notebook.executed"] == "same"
    assert tags["nbcraft.git.notebook"] == "committed"
    snapshot = artifact(mlflow_server, run, "nbcraft/notebook.ipynb")
    assert tags["nbcraft.notebook.sha256"] == hashlib.sha256(snapshot).hexdigest()
    inputs = json.loads(artifact(mlflow_server, run, "nbcraft/inputs.json"))["inputs"]
    assert [(e["path"], e["location"]) for e in inputs] == [("data.csv", "repo")]


async def test_a_job_the_server_runs_has_the_same_record_as_an_interactive_run(
    jp_fetch, jp_root_dir, mlflow_server
):
    """``POST /nbcraft/jobs`` on the local target, as the lab's "Run as job..." sends it: the
    job's kernel runs nbcraft's start-up, so the run is ``complete`` with the environment and
    the data inputs, and carries no note (the one logged while the kernel was starting said
    they were missing)."""
    import asyncio

    repo = jp_root_dir / "project"
    (repo / "data").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    csv = repo / "data" / "train.csv"
    csv.write_text("x,y\n" + "".join(f"{i},{2 * i}\n" for i in range(20)))
    write_notebook(
        repo / "train.ipynb",
        "import mlflow, pandas as pd\ndf = pd.read_csv('data/train.csv')",
        "with mlflow.start_run():\n    mlflow.log_metric('rows', len(df))",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    body = {"notebook": "project/train.ipynb", "target": "local", "parameters": {}}
    job = json.loads((await jp_fetch("nbcraft", "jobs", method="POST", body=json.dumps(body))).body)
    for _ in range(1200):
        job = json.loads((await jp_fetch("nbcraft", "jobs", job["id"])).body)
        if job["status"] not in ("queued", "running"):
            break
        await asyncio.sleep(0.2)
    assert job["status"] == "finished", (job["error"], job.get("warnings"))
    run = get_run(mlflow_server, job["mlflow_run_id"])
    tags = tags_of(run)
    assert tags["nbcraft.provenance"] == "complete"
    assert "nbcraft.provenance.note" not in tags, tags["nbcraft.provenance.note"]
    assert tags["mlflow.source.git.commit"] == git(repo, "rev-parse", "HEAD")
    assert tags["nbcraft.python"] and tags["nbcraft.compute_target"] == "local"
    lock = artifact(mlflow_server, run, "nbcraft/requirements.lock").decode()
    assert any(line.startswith("pandas==") for line in lock.splitlines())
    datasets = run["inputs"]["dataset_inputs"]
    assert [d["dataset"]["name"] for d in datasets] == ["data/train.csv"]
    inputs = json.loads(artifact(mlflow_server, run, "nbcraft/inputs.json"))["inputs"]
    assert [(e["path"], e["digest"]) for e in inputs] == [
        ("data/train.csv", hashlib.sha256(csv.read_bytes()).hexdigest())
    ]
