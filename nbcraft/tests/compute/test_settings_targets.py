"""Compute targets from JupyterLab's settings (``targets`` of ``nbcraft:compute``) next to
nbcraft.json, through a real Jupyter server; and no secret of the server's environment in
any generated kernelspec file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from nbcraft.compute.config import load_targets
from nbcraft.tracking.lab_settings import settings_file

CLOSED = 9  # nothing listens on the discard port here

# Secret values in the server's environment, each distinctive so a leak is found by value.
SECRET_ENV = {
    "MLFLOW_TRACKING_USERNAME": "alice-user-4471",
    "MLFLOW_TRACKING_PASSWORD": "mlflow-pw-value-8812",
    "MLFLOW_TRACKING_TOKEN": "mlflow-token-value-1290",
    "DATABRICKS_TOKEN": "dapi0123456789abcdef0123456789abcd01",
    "DATABRICKS_CLIENT_SECRET": "dbx-client-secret-value-5530",
    "AZURE_CLIENT_SECRET": "abc8Q~azure-client-secret-value-77",
    "SC_TOKEN": "spark-connect-bearer-value-9904",
}

SETTINGS_TEXT = """{
    // Compute targets of this user (JupyterLab settings editor)
    "targets": [
        {"name": "my-spark", "kind": "spark-connect", "url": "sc://127.0.0.1:CLOSED",
         "env": {"TZ": "UTC"}},
        {"name": "my-dbx", "kind": "databricks-connect", "profile": "dev", "serverless": true,},
    ],
}
""".replace("CLOSED", str(CLOSED))


def test_settings_targets_join_the_root_config_and_name_their_key(tmp_path, trust_project):
    (tmp_path / "nbcraft.json").write_text(
        json.dumps({"compute": {"targets": [{"name": "a", "kind": "local", "kernel": "python3"}]}})
    )
    trust_project(tmp_path)
    loaded = load_targets(
        tmp_path,
        None,
        [
            {"name": "b", "kind": "spark-connect", "url": "sc://127.0.0.1:15002"},
            {"name": "a", "kind": "local", "kernel": "python3"},
            {"name": "c", "kind": "spark-connect", "url": "localhost"},
        ],
        "nbcraft:compute settings",
    )
    assert [t.name for t in loaded.targets] == ["a", "b"]
    assert loaded.targets[1].source == "nbcraft:compute settings"
    assert loaded.targets[1].key == "targets[0]"
    problems = [str(p) for p in loaded.problems]
    assert problems[0].startswith("nbcraft:compute settings: targets[1].name: duplicate")
    assert problems[1].startswith("nbcraft:compute settings: targets[2].url: expected sc://")
    not_a_list = load_targets(tmp_path, None, {"name": "x"}, "S")
    assert [str(p) for p in not_a_list.problems] == ["S: targets: expected a list"]


@pytest.fixture
def settings_path(tmp_path, monkeypatch):
    folder = tmp_path / "user-settings"
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(folder))
    path = settings_file(folder, "compute")
    path.parent.mkdir(parents=True)
    path.write_text(SETTINGS_TEXT)
    return path


@pytest.fixture
def jp_server_config(
    jp_server_config, jp_environ, settings_path, jp_root_dir, tmp_path, monkeypatch, trust_project
):
    for name, value in SECRET_ENV.items():
        monkeypatch.setenv(name, value)
    cfg = tmp_path / "databrickscfg"
    cfg.write_text("[dev]\nhost = https://adb-1.azuredatabricks.net\ntoken = ${DATABRICKS_TOKEN}\n")
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(cfg))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5999")
    (Path(jp_root_dir) / "nbcraft.json").write_text(
        json.dumps(
            {
                "compute": {
                    "targets": [
                        {"name": "laptop", "kind": "local", "kernel": "python3"},
                        {
                            "name": "gw",
                            "kind": "gateway",
                            "url": f"http://127.0.0.1:{CLOSED}",
                            "kernel": "py",
                        },
                    ]
                }
            }
        )
    )
    trust_project(jp_root_dir)  # the user's own test project: its targets may act
    return {
        **jp_server_config,
        "ServerApp": {"jpserver_extensions": {"nbcraft": True}},
        "NbcraftCompute": {"watch_interval": 0.2, "check_timeout": 1.0},
    }


async def get_json(jp_fetch, *parts):
    return json.loads((await jp_fetch(*parts)).body)


async def test_settings_targets_are_listed_and_get_kernelspecs(
    jp_fetch, jp_data_dir, settings_path
):
    targets = {t["name"]: t for t in await get_json(jp_fetch, "nbcraft", "compute", "targets")}
    assert set(targets) == {"laptop", "gw", "my-spark", "my-dbx"}
    assert targets["my-spark"]["kernelspec"] == "nbcraft-my-spark"
    assert targets["my-spark"]["source"] == (
        f"nbcraft:compute settings ({settings_path}): targets[0]"
    )
    specs = (await get_json(jp_fetch, "api", "kernelspecs"))["kernelspecs"]
    env = specs["nbcraft-my-spark"]["spec"]["env"]
    assert env["SPARK_REMOTE"] == f"sc://127.0.0.1:{CLOSED}"
    assert env["TZ"] == "UTC"
    assert env["MLFLOW_TRACKING_URI"] == "${MLFLOW_TRACKING_URI}"
    assert specs["nbcraft-my-dbx"]["spec"]["env"]["DATABRICKS_CONFIG_PROFILE"] == "dev"

    # Changed in the settings editor: picked up without a restart, with the key named.
    settings_path.write_text(
        '{"targets": [{"name": "my-spark", "kind": "spark-connect", "url": "nope"},],}'
    )
    for _ in range(50):
        listed = await get_json(jp_fetch, "nbcraft", "compute", "targets")
        if "my-dbx" not in {t["name"] for t in listed}:
            break
        await asyncio.sleep(0.1)
    errors = [t for t in listed if t.get("error")]
    assert len(errors) == 1
    assert errors[0]["detail"].startswith(
        f"nbcraft:compute settings ({settings_path}): targets[0].url: expected sc://host:port"
    )
    # The config watcher removes their specs (a GET writes nothing).
    for _ in range(50):
        specs = (await get_json(jp_fetch, "api", "kernelspecs"))["kernelspecs"]
        if "nbcraft-my-dbx" not in specs:
            break
        await asyncio.sleep(0.1)
    assert "nbcraft-my-dbx" not in specs and "nbcraft-my-spark" not in specs
    assert "nbcraft-laptop" in specs  # the good targets stay

    # A settings file that does not parse is a located error, not a crash.
    settings_path.write_text('{"targets": [')
    listed = await get_json(jp_fetch, "nbcraft", "compute", "targets")
    assert any(str(settings_path) in t["detail"] and t.get("error") for t in listed)
    assert {"laptop", "gw"} <= {t["name"] for t in listed}


async def test_no_secret_value_in_any_file_the_server_generated(jp_fetch, jp_data_dir):
    listed = await get_json(jp_fetch, "nbcraft", "compute", "targets")
    assert {t["name"] for t in listed} == {"laptop", "gw", "my-spark", "my-dbx"}
    kernels = Path(jp_data_dir) / "kernels"
    files = [p for p in kernels.rglob("*") if p.is_file()]
    assert {p.parent.name for p in files} >= {
        "nbcraft-laptop",
        "nbcraft-my-spark",
        "nbcraft-my-dbx",
    }
    for path in files:
        text = path.read_text()
        for name, value in SECRET_ENV.items():
            assert value not in text, f"{name}'s value leaked into {path}"
    for name in ("laptop", "my-spark", "my-dbx"):
        env = json.loads((kernels / f"nbcraft-{name}" / "kernel.json").read_text())["env"]
        for var in (
            "MLFLOW_TRACKING_USERNAME",
            "MLFLOW_TRACKING_PASSWORD",
            "MLFLOW_TRACKING_TOKEN",
        ):
            assert env[var] == "${" + var + "}", (name, var)  # a reference, filled at start
        assert "DATABRICKS_CLIENT_SECRET" not in env and "AZURE_CLIENT_SECRET" not in env
    # Nor in what the routes answer.
    for parts in (("nbcraft", "compute", "targets"), ("api", "kernelspecs")):
        body = (await jp_fetch(*parts)).body.decode()
        for name, value in SECRET_ENV.items():
            assert value not in body, f"{name}'s value is in GET /{'/'.join(parts)}"
