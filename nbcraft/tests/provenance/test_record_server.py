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
        await client.execute_interactive(FLUSH, output_hook=hook, timeout=240, store_history=False)
        assert out[-1].strip() == "flushed"
        out.pop()
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
