"""The tracking server from JupyterLab's settings (``trackingUri`` of ``nbcraft:tracking``),
read on the server from the user-settings file, before ``c.NbcraftTracking.uri``, nbcraft.json
and MLFLOW_TRACKING_URI, and followed when the user changes it while Jupyter runs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from nbcraft.tracking.errors import TrackingConfigError
from nbcraft.tracking.lab_settings import (
    LabSettingsError,
    read_plugin_settings,
    settings_file,
    user_settings_dir,
)
from nbcraft.tracking.settings import settings_tracking_uri

# What JupyterLab's settings editor writes: JSON5 with comments and trailing commas.
SETTINGS_TEMPLATE = """{
    // nbcraft: MLflow Runs
    "pageSize": 50, /* runs per page */
    "trackingUri": "%s",
}
"""


def test_settings_files_are_read_as_json5(tmp_path):
    path = settings_file(tmp_path, "tracking")
    assert path == tmp_path / "nbcraft" / "tracking.jupyterlab-settings"
    assert read_plugin_settings(path) == {}  # no file: nothing set
    path.parent.mkdir(parents=True)
    path.write_text(SETTINGS_TEMPLATE % "databricks://dev")
    assert read_plugin_settings(path) == {"pageSize": 50, "trackingUri": "databricks://dev"}
    path.write_text("  \n")
    assert read_plugin_settings(path) == {}
    path.write_text('{"trackingUri": "http://x",,}')
    with pytest.raises(LabSettingsError) as caught:
        read_plugin_settings(path)
    assert str(path) in str(caught.value) and "invalid JSON5" in str(caught.value)
    path.write_text("[1, 2]")
    with pytest.raises(LabSettingsError, match="JSON object"):
        read_plugin_settings(path)


def test_user_settings_dir_follows_jupyterlab(monkeypatch, tmp_path):
    monkeypatch.delenv("JUPYTERLAB_SETTINGS_DIR", raising=False)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "cfg"))
    assert user_settings_dir() == tmp_path / "cfg" / "lab" / "user-settings"
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path / "env-dir"))
    assert user_settings_dir() == tmp_path / "env-dir"

    # LabApp's own (configurable) folder wins when JupyterLab runs in the server.
    class LabApp:  # stands in for jupyterlab's LabApp: only its configured folder matters
        user_settings_dir = str(tmp_path / "lab-app")

    lab_app = LabApp()
    server_app = SimpleNamespace(
        extension_manager=SimpleNamespace(extension_apps={"jupyterlab": {lab_app}})
    )
    assert user_settings_dir(server_app) == tmp_path / "lab-app"


def test_tracking_uri_setting_is_checked():
    where = "trackingUri in the nbcraft:tracking settings"
    assert settings_tracking_uri({}, where) is None
    assert settings_tracking_uri({"trackingUri": "  "}, where) is None
    assert settings_tracking_uri({"trackingUri": " databricks "}, where) == "databricks"
    with pytest.raises(TrackingConfigError, match="must be a string"):
        settings_tracking_uri({"trackingUri": 5}, where)
    with pytest.raises(TrackingConfigError) as caught:
        settings_tracking_uri({"trackingUri": "https://bob:s3cret-pw@mlflow.example"}, where)
    assert "s3cret-pw" not in caught.value.message + caught.value.hint
    assert "MLFLOW_TRACKING_PASSWORD" in caught.value.hint


@pytest.fixture
def lab_settings(tmp_path, monkeypatch):
    """The user-settings folder this test's Jupyter server reads."""
    folder = tmp_path / "user-settings"
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(folder))
    path = settings_file(folder, "tracking")
    path.parent.mkdir(parents=True)
    return path


async def status_of(jp_fetch) -> dict:
    return json.loads((await jp_fetch("nbcraft/mlflow/status")).body)


class TestSettingWins:
    @pytest.fixture
    def tracking_config(self, lab_settings, seeded, fault_injector, monkeypatch):
        lab_settings.write_text(SETTINGS_TEMPLATE % seeded["uri"])
        # Both lower in the order; both would answer differently.
        monkeypatch.setenv("MLFLOW_TRACKING_URI", fault_injector.uri("s500"))
        return {"uri": fault_injector.uri("s401")}

    async def test_the_setting_beats_jupyter_config_and_the_environment(
        self, jp_fetch, seeded, lab_settings
    ):
        status = await status_of(jp_fetch)
        assert status["kind"] == "mlflow" and status["uri"] == seeded["uri"]
        assert status["source"].startswith("trackingUri in the nbcraft:tracking settings")
        assert str(lab_settings) in status["source"]
        assert status["state"] == "ready" and status["reachable"] is True
        assert os.environ["MLFLOW_TRACKING_URI"] == seeded["uri"]  # what kernels get
        runs = json.loads(
            (
                await jp_fetch(
                    "nbcraft/mlflow/api/2.0/mlflow/runs/search",
                    method="POST",
                    body=json.dumps({"experiment_ids": [seeded["experiment_id"]]}),
                )
            ).body
        )["runs"]
        assert len(runs) >= 3


class TestSettingChangesWhileRunning:
    @pytest.fixture
    def tracking_config(self, lab_settings):
        return {}  # nothing configured, embedded off

    async def test_status_and_kernel_env_follow_the_setting(
        self, jp_fetch, lab_settings, seeded, fault_injector
    ):
        fault_injector.requests.clear()  # the session's injector: earlier tests used /ok too
        assert (await status_of(jp_fetch))["state"] == "disabled"
        assert "MLFLOW_TRACKING_URI" not in os.environ

        lab_settings.write_text(SETTINGS_TEMPLATE % seeded["uri"])
        # The compute picker's routes notice it too, so a kernel switched to next gets it.
        assert (await jp_fetch("nbcraft/compute/targets")).code == 200
        assert os.environ["MLFLOW_TRACKING_URI"] == seeded["uri"]
        status = await status_of(jp_fetch)
        assert (status["kind"], status["uri"], status["state"]) == (
            "mlflow",
            seeded["uri"],
            "ready",
        )

        # Credentials typed into the setting: refused (the settings reach the browser).
        leaky = fault_injector.uri("ok").replace("http://", "http://eve:leak-pw-3391@")
        lab_settings.write_text(SETTINGS_TEMPLATE % leaky)
        response = await jp_fetch("nbcraft/mlflow/status")
        assert b"leak-pw-3391" not in response.body
        status = json.loads(response.body)
        assert status["state"] == "error" and "credentials" in status["message"]
        assert "MLFLOW_TRACKING_URI" not in os.environ  # kernels are not sent anywhere
        proxied = await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/experiments/search",
            method="POST",
            body="{}",
            raise_error=False,
        )
        assert proxied.code == 503 and json.loads(proxied.body)["reason"] == "config-error"
        assert b"leak-pw-3391" not in proxied.body
        assert not any(r["path"].startswith("/ok") for r in fault_injector.requests)

        # A broken file is an error that names it, not a silent fallback.
        lab_settings.write_text('{"trackingUri": ')
        status = await status_of(jp_fetch)
        assert status["state"] == "error" and str(lab_settings) in status["message"]

        # Setting removed: back to "nothing configured".
        lab_settings.write_text("{\n  // reset\n}\n")
        status = await status_of(jp_fetch)
        assert status["state"] == "disabled" and status["uri"] is None


class TestEmbeddedThatCannotStart:
    @pytest.fixture
    def tracking_config(self, jp_root_dir, lab_settings):
        # A file where the embedded server's state folder should be: it cannot start. (A
        # read-only root would do the same, but tests may run as root, which ignores modes.)
        (Path(jp_root_dir) / ".nbcraft").write_text("not a folder")
        return {"embedded": True}

    async def test_status_reports_failed_and_the_rest_keeps_working(
        self, jp_fetch, jp_serverapp, lab_settings, seeded
    ):
        status = await status_of(jp_fetch)
        assert status["kind"] == "embedded"
        assert status["state"] == "failed" and status["reachable"] is False
        assert "cannot start" in status["message"] and ".nbcraft" in status["message"]
        assert "trackingUri" in status["hint"]
        assert "MLFLOW_TRACKING_URI" not in os.environ  # nothing answers at that URI
        proxied = await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/runs/search",
            method="POST",
            body="{}",
            raise_error=False,
        )
        assert proxied.code == 503
        assert json.loads(proxied.body)["reason"] == "embedded-failed"
        # The extension loaded all the same: the other capability answers.
        assert (await jp_fetch("nbcraft/compute/targets")).code == 200

        # The way out the hint names: a tracking server in the settings, taken without restart.
        service = jp_serverapp.web_app.settings["nbcraft_tracking"]
        lab_settings.write_text(SETTINGS_TEMPLATE % seeded["uri"])
        status = await status_of(jp_fetch)
        assert (status["kind"], status["state"], status["uri"]) == (
            "mlflow",
            "ready",
            seeded["uri"],
        )
        assert service.embedded is None
        assert os.environ["MLFLOW_TRACKING_URI"] == seeded["uri"]
