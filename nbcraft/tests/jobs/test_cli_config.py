"""``jupyter nbcraft run`` reads the user's Jupyter server config as ``jupyter server`` does
(issue 13: "it uses the same config as the lab"): ``c.NbcraftTracking.*`` and
``c.NbcraftCompute.targets`` in ``jupyter_server_config.py``/``.json`` of ``JUPYTER_CONFIG_DIR``.
Real process, real kernels, the session's real ``mlflow server``."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from jobs_support import (
    CLI,
    GATEWAY_JOB,
    TRAIN,
    mlflow_client,
    notebook,
    run_cli,
    run_cli_here,
    write_notebook,
)

pytestmark = pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here")

# What the kernel saw: the target's env, and whether an MLflow credential reached it.
ENV_SEEN = notebook(
    "import os, mlflow",
    "with mlflow.start_run():\n"
    "    mlflow.set_tag('hashseed', os.environ.get('PYTHONHASHSEED', '-'))\n"
    "    mlflow.set_tag('has_password', str('MLFLOW_TRACKING_PASSWORD' in os.environ))",
)
DEAD = "http://127.0.0.1:9"  # nothing listens on the discard port


@pytest.fixture
def project(tmp_path):
    (tmp_path / "nbcraft.json").write_text("{}")
    write_notebook(tmp_path / "nbs" / "train.ipynb", TRAIN)
    write_notebook(tmp_path / "nbs" / "env.ipynb", ENV_SEEN)
    (tmp_path / ".jupyter-config").mkdir()  # run_cli's JUPYTER_CONFIG_DIR
    return tmp_path


def server_config(project: Path, name: str, text: str) -> None:
    (project / ".jupyter-config" / name).write_text(text)


def test_tracking_uri_of_the_jupyter_config_is_where_the_run_lands(project, mlflow_server):
    server_config(
        project, "jupyter_server_config.py", f"c.NbcraftTracking.uri = {mlflow_server!r}\n"
    )
    # As in the lab, c.NbcraftTracking.uri wins over MLFLOW_TRACKING_URI (a dead one here).
    done = run_cli("nbs/train.ipynb", "-p", "n", "3", cwd=project, tracking=DEAD)
    assert done.returncode == 0, done.stderr
    run_id, url = done.stdout.split()
    run = mlflow_client(mlflow_server).get_run(run_id)
    assert run.info.status == "FINISHED"
    assert run.data.params["n"] == "3" and run.data.metrics == {"score": 1.5}
    assert url == f"{mlflow_server}/#/experiments/{run.info.experiment_id}/runs/{run_id}"


def test_a_target_of_the_jupyter_config_runs_with_target(project, mlflow_server, tmp_path):
    target = {"name": "cpu", "kind": "local", "kernel": "python3", "env": {"PYTHONHASHSEED": "7"}}
    server_config(
        project, "jupyter_server_config.json", json.dumps({"NbcraftCompute": {"targets": [target]}})
    )
    done = run_cli("nbs/env.ipynb", "--target", "cpu", cwd=project, tracking=mlflow_server)
    assert done.returncode == 0, done.stderr
    run = mlflow_client(mlflow_server).get_run(done.stdout.split()[0])
    assert run.data.tags["nbcraft.compute_target"] == "cpu"
    assert run.data.tags["hashseed"] == "7"  # the target's kernelspec started the kernel
    # Its kernelspec was written for that run only: none is left in the Jupyter data folder.
    from jupyter_core.paths import jupyter_data_dir

    assert not list((Path(jupyter_data_dir()) / "kernels").glob("nbcraft-*"))


@pytest.mark.parametrize(
    "origins, reaches_kernel", [([], "False"), (["{server}"], "True")], ids=["kept", "listed"]
)
def test_environment_credentials_follow_env_credentials_origins(
    project, mlflow_server, origins, reaches_kernel
):
    """The attack: a tracking URI set elsewhere than MLFLOW_TRACKING_URI must not receive the
    environment's MLflow password unless the user listed its origin in their own config."""
    listed = [o.format(server=mlflow_server) for o in origins]
    server_config(
        project,
        "jupyter_server_config.py",
        f"c.NbcraftTracking.uri = {mlflow_server!r}\n"
        f"c.NbcraftTracking.env_credentials_origins = {listed!r}\n",
    )
    done = run_cli(
        "nbs/env.ipynb", cwd=project,
        MLFLOW_TRACKING_USERNAME="someone", MLFLOW_TRACKING_PASSWORD="not-for-this-server",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    run = mlflow_client(mlflow_server).get_run(done.stdout.split()[0])
    assert run.data.tags["has_password"] == reaches_kernel


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "jupyter_server_config.py",
            "c.NbcraftTracking.uri = 'http://x'\nc.NbcraftCompute.targets = [\n",
            "jupyter_server_config.py, line 2: ",
        ),
        (
            "jupyter_server_config.py",
            "c.NbcraftTracking.embedded = False\nc.NbcraftTracking.uri = TRACKING\n",
            "jupyter_server_config.py, line 2: NameError: name 'TRACKING' is not defined",
        ),
        (
            "jupyter_server_config.json",
            '{"NbcraftCompute": {"targets": [}}',
            "jupyter_server_config.json, line 1 column 33: Expecting value",
        ),
        (
            "jupyter_server_config.py",
            "c.NbcraftCompute.targets = 5\n",
            "c.NbcraftCompute.targets: expected a list (the value is not shown",
        ),
    ],
    ids=["py-syntax", "py-raises", "json-syntax", "wrong-type"],
)
def test_a_bad_jupyter_config_is_named_and_exits_2(
    project, name, text, message, monkeypatch, capsys
):
    server_config(project, name, text)
    # In this process (the config is read before any kernel starts): see run_cli_here.
    code = run_cli_here("nbs/train.ipynb", cwd=project, monkeypatch=monkeypatch, tracking=DEAD)
    stderr = capsys.readouterr().err
    assert code == 2, stderr
    assert stderr.startswith("jupyter nbcraft run: Jupyter config"), stderr
    assert message in stderr
    if "line" in message:
        assert str(project / ".jupyter-config" / name) in stderr


def test_a_job_on_an_enterprise_gateway_target_from_the_cli(
    project, mlflow_server, enterprise_gateway, tmp_path
):
    """The real Enterprise Gateway of nbcraft/tests/compute/conftest.py, as a target of the user's
    Jupyter config: the CLI starts the kernel there, not on this machine."""
    target = {
        "name": "eg",
        "kind": "gateway",
        "url": enterprise_gateway.url,
        "kernel": enterprise_gateway.kernel,
    }
    server_config(
        project, "jupyter_server_config.json", json.dumps({"NbcraftCompute": {"targets": [target]}})
    )
    write_notebook(project / "nbs" / "remote.ipynb", GATEWAY_JOB)
    done = run_cli(
        "nbs/remote.ipynb", "--target", "eg", "-p", "x", "7", "--output", "out/remote.ipynb",
        cwd=project, tracking=mlflow_server, KERNEL_USERNAME="nbcraft-test",  # EG refuses root
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    run = mlflow_client(mlflow_server).get_run(done.stdout.split()[0])
    assert run.info.status == "FINISHED"
    assert run.data.params == {"x": "7"} and run.data.metrics == {"squared": 49.0}
    assert run.data.tags["nbcraft.compute_target"] == "eg"
    executed = nbformat.read(project / "out" / "remote.ipynb", as_version=4)
    printed = executed["cells"][2]["outputs"][0]["text"]
    assert printed.strip().endswith(".venv-eg")  # it ran in the gateway's Python


MISTYPED = 987654321012  # a token written as a number: still a token, never printed or kept


@pytest.mark.parametrize(
    "settings, message",
    [
        (
            {"NbcraftCompute": {"gateway_auth_tokens": {"http://127.0.0.1:9": MISTYPED}}},
            "c.NbcraftCompute.gateway_auth_tokens (values): expected a unicode string",
        ),
        (
            {"GatewayClient": {"url": "http://127.0.0.1:9", "auth_token": MISTYPED}},
            "c.GatewayClient.auth_token: expected a unicode string",
        ),
    ],
    ids=["nbcraft-token", "gateway-client-token"],
)
def test_a_mistyped_token_is_named_not_shown_and_no_job_keeps_it(
    project, settings, message, monkeypatch, capsys
):
    """The gateway clients are made before any job: a c.GatewayClient.* of the wrong type
    exits 2 (not a failed job whose error, in jobs.db and the run's tag, carries the value)."""
    target = {"name": "eg", "kind": "gateway", "url": "http://127.0.0.1:9", "kernel": "k"}
    settings.setdefault("NbcraftCompute", {})["targets"] = [target]
    server_config(project, "jupyter_server_config.json", json.dumps(settings))
    code = run_cli_here(
        "nbs/train.ipynb", "--target", "eg", cwd=project, monkeypatch=monkeypatch, tracking=DEAD
    )
    stderr = capsys.readouterr().err
    assert code == 2, stderr
    assert message in stderr and str(MISTYPED) not in stderr
    kept = [p for p in (project / ".nbcraft").rglob("*") if p.is_file()]
    assert not any(str(MISTYPED).encode() in p.read_bytes() for p in kept)
    assert not (project / ".nbcraft" / "cli" / "jobs.db").exists()


@pytest.mark.parametrize(
    "name",
    ["jupyter_server_config.py", "jupyter_config.py", "jupyter_nbcraft_config.py"],
)
def test_a_config_file_in_the_project_folder_is_not_loaded(project, name, monkeypatch, capsys):
    """``jupyter server`` started in a folder does not read that folder's config files, and
    neither does the CLI: a cloned repository's ``jupyter_server_config.py`` runs nothing and
    configures no target (nor a gateway to send a token to)."""
    marker = project / "loaded.marker"
    code = (
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "c.NbcraftCompute.targets = [{'name': 'evil', 'kind': 'gateway', "
        "'url': 'http://127.0.0.1:9', 'kernel': 'python3'}]\n"
        "c.GatewayClient.url = 'http://127.0.0.1:9'\n"
    )
    for folder in (project, project / "nbs"):
        (folder / name).write_text(code)
        (folder / name.replace(".py", ".json")).write_text(
            json.dumps({"NbcraftCompute": {"targets": [{"name": "evil", "kind": "local"}]}})
        )
    monkeypatch.chdir(project)
    code_ = run_cli_here(
        "nbs/train.ipynb", "--target", "evil", cwd=project, monkeypatch=monkeypatch
    )
    assert code_ == 2
    assert "unknown target 'evil'" in capsys.readouterr().err
    assert not marker.exists()


def test_the_jupyter_config_dir_is_loaded_even_when_it_is_the_project_folder(
    project, monkeypatch, capsys
):
    """What Jupyter itself loads (here JUPYTER_CONFIG_DIR pointed at the project) the CLI loads
    too: the rule is Jupyter's paths, not the folder."""
    (project / "jupyter_server_config.json").write_text(
        json.dumps({"NbcraftCompute": {"targets": [{"name": "mine", "kind": "local"}]}})
    )
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(project))
    from nbcraft.jobs.cli_config import load_server_config

    assert load_server_config().NbcraftCompute.targets == [{"name": "mine", "kind": "local"}]


def test_a_refused_websocket_url_from_the_environment_is_named_for_what_it_must_be(
    project, monkeypatch, capsys
):
    """Not a type error but the trait's own check, and not from jupyter_server_config: said
    as what the setting must be, without the value (it may carry a token in its query)."""
    url = "http://127.0.0.1:9"
    target = {"name": "eg", "kind": "gateway", "url": url, "kernel": "k"}
    config = {"GatewayClient": {"url": url}, "NbcraftCompute": {"targets": [target]}}
    server_config(project, "jupyter_server_config.json", json.dumps(config))
    monkeypatch.setenv("JUPYTER_GATEWAY_WS_URL", "https://127.0.0.1:9/?token=tok-in-url")
    code = run_cli_here(
        "nbs/train.ipynb", "--target", "eg", cwd=project, monkeypatch=monkeypatch, tracking=DEAD
    )
    stderr = capsys.readouterr().err
    assert code == 2, stderr
    assert "c.GatewayClient.ws_url (or its environment variable) must start with 'ws'" in stderr
    assert "tok-in-url" not in stderr and "wrong type" not in stderr
    assert "jupyter_server_config)" not in stderr
