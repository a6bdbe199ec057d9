"""A job's secret parameters reach its kernel and nothing nbcraft writes or logs. papermill
writes every parameter's value into the executed notebook's ``injected-parameters`` cell (and
its ``papermill.parameters`` metadata); that notebook was kept under the state folder, copied to
``--output`` and logged to the job's MLflow run as ``nbcraft/output.ipynb``, the password in
clear. Redacted as ``pipeline.json`` redacts them (``redact_value``: a credential's name, or a
value shaped like one).

Real parts: the CLI as a user runs it, its kernels, the session's ``mlflow server``, a git
repository with a trusted project config.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from mlflow.tracking import MlflowClient
from record_support import run_job, write_notebook
from test_record_pipeline import chain_project, with_parameters

from nbcraft.provenance.reproduce import CannotTry, job_parameters

PASSWORD = "hunter2"  # CHAIN's step a parameter ``db_password``
TOKEN = "dapi" + "0123456789abcdef" * 2  # a Databricks token's shape, under a plain name


def _output(client: MlflowClient, run_id: str, folder: Path) -> str:
    return Path(client.download_artifacts(run_id, "nbcraft/output.ipynb", str(folder))).read_text()


def _kept_on_disk(root: Path) -> list[str]:
    return [p.read_text() for p in sorted((root / ".nbcraft").rglob("output.ipynb"))]


def test_a_job_s_secret_parameters_are_redacted_in_its_output(tmp_path, mlflow_server):
    root = chain_project(tmp_path)
    notebook = root / "secret.ipynb"
    shown = "print(db_password.upper(), note.upper())\nprint(db_password, note)"
    write_notebook(notebook, "db_password = ''\nnote = ''\nrows = 1", shown)
    with_parameters(notebook)
    args = ("-p", "db_password", PASSWORD, "-p", "note", TOKEN, "-p", "rows", "3")
    done = run_job(notebook, root, mlflow_server, args=(*args, "--output", "out.ipynb"))
    assert done.returncode == 0, done.stderr
    written = (root / "out.ipynb").read_text()
    nb = nbformat.reads(written, as_version=4)
    assert nb.cells[3].source.splitlines()[-1] == "print(db_password, note)"
    # the kernel had the real values; printed as they are, they are redacted (jobs/scrub.py)
    printed = f"{PASSWORD.upper()} {TOKEN.upper()}\n<redacted> <redacted>\n"
    assert nb.cells[3].outputs[0]["text"] == printed
    injected = nb.cells[2]
    assert injected.metadata.tags == ["injected-parameters"]
    # a comment, not an assignment: the kept notebook run again does not get "<redacted>"
    assert injected.source.splitlines()[-2:] == ["# db_password: <redacted>", "# note: <redacted>"]
    assert "rows = 3" in injected.source and "db_password =" not in injected.source
    assert nb.metadata.papermill.parameters == {
        "db_password": "<redacted>", "note": "<redacted>", "rows": 3
    }  # fmt: skip
    run_id = done.stdout.split()[0]
    client = MlflowClient(tracking_uri=mlflow_server)
    params = client.get_run(run_id).data.params  # the run's params are the parameters, shown
    assert params == {"db_password": "<redacted>", "note": "<redacted>", "rows": "3"}
    logged = _output(client, run_id, tmp_path / "a")
    kept = _kept_on_disk(root)
    assert kept
    for text in (logged, *kept):
        injected = [c for c in json.loads(text)["cells"] if c["cell_type"] == "code"][1]
        assert "<redacted>" in "".join(injected["source"])
        assert PASSWORD not in text and TOKEN not in text


def test_a_pipeline_step_s_secret_parameters_are_redacted_in_its_output(tmp_path, mlflow_server):
    root = chain_project(tmp_path)
    done = run_job(None, root, mlflow_server, args=("--pipeline", "chain"))
    assert done.returncode == 0, done.stderr
    client = MlflowClient(tracking_uri=mlflow_server)
    parent = client.get_run(done.stdout.split()[0])
    step = client.search_runs(
        [parent.info.experiment_id],
        f"tags.`mlflow.parentRunId` = '{parent.info.run_id}' "
        "and tags.`nbcraft.pipeline.step` = 'a'",
    )[0]
    logged = _output(client, step.info.run_id, tmp_path / "a")
    kept = _kept_on_disk(root)
    assert len(kept) == 2  # steps a and b
    for text in (logged, *kept):
        assert PASSWORD not in text
    nb = nbformat.reads(logged, as_version=4)
    assert "# db_password: <redacted>" in nb.cells[2].source
    assert "rows = 3" in nb.cells[2].source
    assert nb.cells[3].outputs[0]["text"] == "3\n"  # the step ran with its parameters


def test_reproduce_cannot_give_a_parameter_it_was_not_told(tmp_path):
    """A run's param logged as ``<redacted>`` is not passed to the reproduction as the value
    ``"<redacted>"`` (the notebook would run with a wrong password and fail, or worse,
    succeed): reproduce cannot try, and says which parameter."""
    notebook = tmp_path / "secret.ipynb"
    write_notebook(notebook, "db_password = ''\nrows = 1", "print(rows)")
    with_parameters(notebook)
    nb = nbformat.read(str(notebook), as_version=4)

    run = SimpleNamespace(data=SimpleNamespace(params={"db_password": "<redacted>", "rows": "3"}))
    with pytest.raises(CannotTry, match="parameter\\(s\\) db_password were logged as <redacted>"):
        job_parameters(run, nb, notebook)
    run.data.params = {"rows": "3"}
    assert job_parameters(run, nb, notebook) == {"rows": 3}


def test_ordinary_parameters_keep_their_values():
    """A run id, a commit, a model URI and a path are a job's usual parameters: redacting them
    by a generic hex or random shape hid them in the run's params and made reproduce refuse."""
    from nbcraft.provenance.record.redact import redact_parameters

    ordinary = {
        "model_uri": "runs:/0123456789abcdef0123456789abcdef/model",
        "base_run_id": "0123456789abcdef0123456789abcdef",
        "commit": "a3f5c2e1b7d94f0e8c6a2b1d3e5f7a9c0b2d4e6f",
        "input_path": "/data/projects/churn/features/train_2024_v3.parquet",
        "bucket": "s3://my-bucket/datasets/customer_churn/2024-01-01/",
        "rows": 3,
    }
    assert redact_parameters(ordinary) == ordinary
    secret = {"db_password_prod": "hunter2", "note": TOKEN, "key": "-----BEGIN PRIVATE KEY-----"}
    assert redact_parameters(secret) == dict.fromkeys(secret, "<redacted>")


def test_a_parameter_s_text_is_cleaned_like_a_cell_s():
    """A URL's password, a connection string's, a header's token inside a parameter's value;
    a dict's items by their keys, a list's items."""
    from nbcraft.provenance.record.redact import redact_parameters

    given = {
        "db_url": "postgresql://admin:hunter2@db.internal/sales",
        "conn": "Server=x;Password=hunter2;",
        "odbc": "Driver={x};Uid=me;Pwd=hunter2",
        "headers": {"Authorization": "Bearer abc123def456", "x_token": "t0k", "page": 2},
        "calls": [{"auth": "Bearer abc123def456"}, "https://u:hunter2@h/x", TOKEN],
    }
    assert redact_parameters(given) == {
        "db_url": "postgresql://admin:<redacted>@db.internal/sales",
        "conn": "Server=x;Password=<redacted>;",
        "odbc": "Driver={x};Uid=me;Pwd=<redacted>",
        "headers": {"Authorization": "Bearer <redacted>", "x_token": "<redacted>", "page": 2},
        "calls": [{"auth": "Bearer <redacted>"}, "https://u:<redacted>@h/x", "<redacted>"],
    }


def test_signed_urls_webhooks_and_quoted_connection_passwords_are_redacted():
    """The second review's value forms: a presigned S3 URL and a Slack webhook (redacted by a
    generic shape before token_kind), an ODBC ``PWD={...}``, a quoted ``Password="..."``, an
    Azure SAS ``sig=`` without ``sv=`` were kept in clear."""
    from nbcraft.provenance.record.redact import redact_parameters

    signature = "0123456789abcdef" * 4
    given = {
        "s3": f"s3://bucket/x?X-Amz-Signature={signature}&X-Amz-Date=20261206",
        "gcs": f"https://storage.googleapis.com/b/o?X-Goog-Signature={signature}",
        "sas_url": "https://acct.blob.core.windows.net/c?sp=r&sig=AbCdEf0123456789AbCdEf01%3D",
        "webhook": "https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx",
        "discord": "https://discord.com/api/webhooks/123456/abcdefghijklmnopqrstuvwxyz_0123",
        "odbc": "Driver={ODBC Driver 18};Server=x;UID=u;PWD={hunter2;x}",
        "quoted": 'Server=x;Password="hunter2";Timeout=5',
    }
    shown = redact_parameters(given)
    assert shown["odbc"] == "Driver={ODBC Driver 18};Server=x;UID=u;PWD=<redacted>"
    assert shown["quoted"] == "Server=x;Password=<redacted>;Timeout=5"
    for name in ("s3", "gcs", "sas_url", "webhook", "discord"):
        assert shown[name] == "<redacted>", name
    ordinary = {"page": "https://example.org/search?q=signature&lang=en", "sig_level": 0.05}
    assert redact_parameters(ordinary) == ordinary


def test_reproduce_refuses_a_parameter_redacted_in_part(tmp_path):
    notebook = tmp_path / "secret.ipynb"
    write_notebook(notebook, "db_url = ''\nrows = 1", "print(rows)")
    with_parameters(notebook)
    nb = nbformat.read(str(notebook), as_version=4)
    url = "postgresql://admin:<redacted>@db.internal/sales"
    run = SimpleNamespace(data=SimpleNamespace(params={"db_url": url, "rows": "3"}))
    with pytest.raises(CannotTry, match="parameter\\(s\\) db_url were logged"):
        job_parameters(run, nb, notebook)
