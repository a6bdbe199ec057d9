"""The main job, end to end: every notebook in ``examples/`` runs top to bottom in a kernel of a
real Jupyter server (started the way JupyterLab starts it, through ``/api/sessions``) against the
embedded MLflow server, and what it logged is read back from MLflow with MLflow's own client."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import mlflow
import nbformat
import pytest
from mlflow.tracking import MlflowClient
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
NOTEBOOKS = sorted(p.name for p in EXAMPLES.glob("*.ipynb"))
# A line MLflow's logging writes at INFO level: `2026/12/06 11:10:08 INFO mlflow.tracking...`
MLFLOW_INFO = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d INFO mlflow\.")


@pytest.fixture
def tracking_config():
    # Nothing configured: the embedded server, as `make lab` runs it.
    return {"embedded": True, "health_interval": 0.5}


def test_there_are_examples_to_run():
    assert "sample-training.ipynb" in NOTEBOOKS


async def run_in_server_kernel(jp_fetch, jp_serverapp, jp_root_dir, name: str):
    """Execute the notebook in a kernel the Jupyter server started for it (so the kernel has
    the server's MLFLOW_TRACKING_URI and JPY_SESSION_NAME). Raises CellExecutionError, which
    names the cell and the exception, when a cell fails."""
    shutil.copy(EXAMPLES / name, jp_root_dir / name)
    session = json.loads(
        (
            await jp_fetch(
                "api",
                "sessions",
                method="POST",
                body=json.dumps(
                    {"path": name, "name": name, "type": "notebook", "kernel": {"name": "python3"}}
                ),
            )
        ).body
    )
    manager = jp_serverapp.kernel_manager.get_kernel(session["kernel"]["id"])
    notebook = nbformat.read(jp_root_dir / name, as_version=4)
    # km given: nbclient runs in the server's kernel and leaves it to the server.
    client = NotebookClient(notebook, km=manager, timeout=600, startup_timeout=180)
    await client.async_execute()
    return notebook


@pytest.mark.timeout(900)  # a cold mlflow server start plus model logging, on a loaded machine
@pytest.mark.parametrize("name", NOTEBOOKS)
async def test_example_runs_to_the_end_and_its_runs_finish(
    name, jp_fetch, jp_serverapp, jp_root_dir, run_context_entry_point, monkeypatch
):
    embedded = jp_serverapp.web_app.settings["nbcraft_tracking"].embedded
    assert await embedded.wait_ready(600), "the embedded MLflow server did not start"

    executed = await run_in_server_kernel(jp_fetch, jp_serverapp, jp_root_dir, name)

    errors = [
        (index, output.get("ename"))
        for index, cell in enumerate(executed.cells)
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
    # No warning either: a new user's Run All began with tqdm's "TqdmWarning: IProgress not
    # found" (`import mlflow` imports tqdm.auto, which wants ipywidgets in a kernel). MLflow's
    # own INFO notes ("Creating a new experiment") are all that may reach stderr.
    stderr = [
        (index, line)
        for index, cell in enumerate(executed.cells)
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
        for line in output.get("text", "").splitlines()
        if not MLFLOW_INFO.match(line)
    ]
    assert stderr == []
    # JupyterLab writes the kernel's language_info into an opened notebook: an example that
    # holds exactly that is not marked modified (and rewritten by autosave) just by opening.
    stored = nbformat.read(EXAMPLES / name, as_version=4).metadata.get("language_info")
    assert stored == executed.metadata.language_info, "update the example's language_info"
    client = MlflowClient(tracking_uri=embedded.uri)
    runs = client.search_runs(
        [e.experiment_id for e in client.search_experiments()],
        filter_string=f"tags.`nbcraft.notebook` = '{name}'",
    )
    assert runs, f"{name} logged no run to the embedded server"
    assert {r.info.status for r in runs} == {"FINISHED"}
    if name == "sample-training.ipynb":
        monkeypatch.setenv("MLFLOW_TRACKING_URI", embedded.uri)
        check_sample_model(client, runs, executed, monkeypatch)


def check_sample_model(client: MlflowClient, runs, executed, monkeypatch) -> None:
    """The sample's run: its params, the learning curve, and a model that loads back."""
    [run] = runs
    assert run.info.run_name == "lr=0.05"
    assert run.data.params["n_estimators"] == "200"
    assert len(client.get_metric_history(run.info.run_id, "rmse")) == 200
    assert 0 < run.data.metrics["r2"] <= 1
    # MLflow 3: the model is a LoggedModel whose source is the run (what the sidebar reads).
    [output] = run.outputs.model_outputs
    model = client.get_logged_model(output.model_id)
    assert model.source_run_id == run.info.run_id and model.name == "model"
    assert str(model.status).endswith("READY")
    artifacts = {a.path for a in client.list_logged_model_artifacts(model.model_id)}
    assert {"MLmodel", "model.skops", "input_example.json"} <= artifacts
    # The training cell's last expression: the URI to load the model from.
    [train] = [c for c in executed.cells if c.get("id") == "76ec5a9d"]
    # No word from nbcraft: the folder log_model saves the model to and deletes is not a data
    # input (it said "model: gone or unreadable").
    printed = "".join(o.get("text", "") for o in train.outputs if o.get("output_type") == "stream")
    assert "nbcraft:" not in printed, printed
    # Nor MLflow's "View run ... at: http://127.0.0.1:<port>/#/..." links: they opened the
    # embedded server's password prompt, a password the user never gets.
    assert "View run" not in printed and "127.0.0.1" not in printed, printed
    [result] = [o for o in train.outputs if o.get("output_type") == "execute_result"]
    shown = result["data"]["text/plain"]
    assert shown.strip("'") == f"models:/{model.model_id}"

    # skops (no pickle), with exactly the one extra type the notebook says it trusts.
    info = mlflow.models.get_model_info(f"models:/{model.model_id}")
    assert info.flavors["sklearn"]["serialization_format"] == "skops"
    assert info.flavors["sklearn"]["skops_trusted_types"] == ["sklearn.tree._tree.Tree"]
    assert info.signature is not None
    # Loading any MLflow model runs code from it: MLflow asks for consent, given here.
    monkeypatch.setenv("MLFLOW_ALLOW_PICKLE_DESERIALIZATION", "true")
    loaded = mlflow.pyfunc.load_model(f"models:/{model.model_id}")
    example = loaded.input_example
    assert len(loaded.predict(example)) == len(example) == 3
