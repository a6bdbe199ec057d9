"""Tracking server resolution: pure, every kind and every bad configuration.

Databricks' and Azure's own endpoints cannot run here, so these tests check what nbcraft
resolves (URL, auth kind, hints) without calling them; the SDK-based auth objects are built
but not asked for tokens.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from nbcraft.tracking.errors import TrackingConfigError
from nbcraft.tracking.resolve import Candidate, resolve_tracking_server
from nbcraft.tracking.settings import read_project_tracking_uri


def resolve(
    value, env=None, source="MLFLOW_TRACKING_URI", modules=("databricks.sdk", "azure.identity")
):
    from_environment = source == "MLFLOW_TRACKING_URI"  # its credentials come with it
    return resolve_tracking_server(
        [Candidate(value, source, from_environment)],
        env or {},
        has_module=lambda name: name in modules,
    )


def test_nothing_configured_means_embedded():
    assert resolve_tracking_server([Candidate(None, "a"), Candidate("  ", "b")], {}) is None


def test_first_non_empty_candidate_wins():
    server = resolve_tracking_server(
        [
            Candidate("", "c.NbcraftTracking.uri"),
            Candidate("http://first:5000", "nbcraft.json"),
            Candidate("http://second:5000", "MLFLOW_TRACKING_URI"),
        ],
        {},
    )
    assert (server.uri, server.source) == ("http://first:5000", "nbcraft.json")


def test_plain_http_without_credentials():
    server = resolve("http://127.0.0.1:5000/")
    assert server.kind == "mlflow"
    assert server.rest_base == "http://127.0.0.1:5000"
    assert server.ui_url == "http://127.0.0.1:5000/"
    assert server.auth.headers() == {}
    assert server.ui_run_url_template.format(experiment_id="1", run_id="r") == (
        "http://127.0.0.1:5000/#/experiments/1/runs/r"
    )


def test_path_prefix_is_kept():
    assert resolve("https://h.example/mlflow").rest_base == "https://h.example/mlflow"


def test_basic_auth_from_environment():
    server = resolve(
        "https://h.example",
        {"MLFLOW_TRACKING_USERNAME": "ann", "MLFLOW_TRACKING_PASSWORD": "s3cret"},
    )
    header = server.auth.headers()["Authorization"]
    assert header == "Basic " + base64.b64encode(b"ann:s3cret").decode()
    assert "s3cret" in server.auth.secrets() and "ann" in server.auth.secrets()
    assert "MLFLOW_TRACKING_PASSWORD" in server.auth_hint


def test_bearer_token_from_environment():
    server = resolve("https://h.example", {"MLFLOW_TRACKING_TOKEN": "tok-123"})
    assert server.auth.headers() == {"Authorization": "Bearer tok-123"}
    assert "MLFLOW_TRACKING_TOKEN" in server.auth_hint


def test_half_of_basic_auth_names_the_missing_variable():
    with pytest.raises(TrackingConfigError, match="MLFLOW_TRACKING_PASSWORD is not set"):
        resolve("https://h.example", {"MLFLOW_TRACKING_USERNAME": "ann"})


def test_userinfo_becomes_basic_auth_and_leaves_the_uri():
    server = resolve("https://ann:pw%21@h.example:8443/x", source="c.NbcraftTracking.uri")
    assert server.uri == "https://h.example:8443/x"
    assert "pw" not in server.uri and "ann" not in server.rest_base
    assert (
        server.auth.headers()["Authorization"] == "Basic " + base64.b64encode(b"ann:pw!").decode()
    )
    assert "c.NbcraftTracking.uri" in server.auth_hint


def test_tls_settings_from_environment():
    server = resolve(
        "https://h.example",
        {"MLFLOW_TRACKING_INSECURE_TLS": "true", "MLFLOW_TRACKING_SERVER_CERT_PATH": "/ca.pem"},
    )
    assert server.verify_tls is False and server.ca_certs == "/ca.pem"


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("file:///tmp/mlruns", "a local store"),
        ("sqlite:///mlflow.db", "a local store"),
        ("./mlruns", "a local store"),
        ("ftp://h/x", "does not know the scheme 'ftp'"),
        ("http://", "no host name"),
        ("http://h:port", "port is not a number"),
        ("http://h/x?token=1", "no query string"),
    ],
)
def test_bad_uris_name_the_setting(value, needle):
    with pytest.raises(TrackingConfigError) as error:
        resolve(value, source="tracking.uri in /p/nbcraft.json")
    assert needle in error.value.message
    assert "tracking.uri in /p/nbcraft.json" in error.value.message


def test_bad_uri_error_does_not_repeat_a_password():
    with pytest.raises(TrackingConfigError) as error:
        resolve("ftp://ann:hunter22@h/x")
    assert "hunter22" not in error.value.message


# --- Databricks -------------------------------------------------------------------------------


def write_cfg(home: Path, text: str) -> None:
    (home / ".databrickscfg").write_text(text)


def test_databricks_profile_with_token(tmp_path):
    write_cfg(
        tmp_path,
        "[DEFAULT]\nhost = https://d.example\ntoken = dapiDEFAULT\n"
        "[dev]\nhost = adb-1.azuredatabricks.net/\ntoken = dapi%dev\n",
    )
    server = resolve("databricks://dev", {"HOME": str(tmp_path)})
    assert server.kind == "databricks"
    assert server.uri == "databricks://dev"
    assert server.rest_base == "https://adb-1.azuredatabricks.net"
    assert server.auth.headers() == {"Authorization": "Bearer dapi%dev"}
    assert "profile [dev]" in server.auth_hint and ".databrickscfg" in server.auth_hint
    assert server.ui_run_url_template.format(experiment_id=3, run_id="r") == (
        "https://adb-1.azuredatabricks.net/ml/experiments/3/runs/r"
    )


def test_databricks_default_profile_is_a_profile_not_configparser_defaults(tmp_path):
    # [dev] has no token: it must not inherit DEFAULT's.
    write_cfg(
        tmp_path,
        "[DEFAULT]\nhost = https://d.example\ntoken = dapiDEFAULT\n[dev]\nhost = https://x\n",
    )
    assert (
        resolve("databricks", {"HOME": str(tmp_path)}).auth.headers()["Authorization"]
        == "Bearer dapiDEFAULT"
    )
    with pytest.raises(TrackingConfigError, match=r"profile \[dev\] of .*has no token"):
        resolve("databricks://dev", {"HOME": str(tmp_path)})


def test_databricks_config_profile_variable_picks_the_profile(tmp_path):
    write_cfg(tmp_path, "[team]\nhost = https://t.example\ntoken = dapiT\n")
    server = resolve("databricks", {"HOME": str(tmp_path), "DATABRICKS_CONFIG_PROFILE": "team"})
    assert server.rest_base == "https://t.example"


def test_databricks_environment_variables(tmp_path):
    server = resolve(
        "databricks",
        {
            "DATABRICKS_HOST": "https://e.example",
            "DATABRICKS_TOKEN": "dapiE",
            "HOME": str(tmp_path),
        },
    )
    assert server.rest_base == "https://e.example"
    assert server.auth.headers() == {"Authorization": "Bearer dapiE"}
    assert "DATABRICKS_TOKEN" in server.auth_hint


def test_databricks_oauth_m2m_uses_the_sdk_when_installed(tmp_path):
    env = {
        "DATABRICKS_HOST": "https://e.example",
        "DATABRICKS_CLIENT_ID": "id",
        "DATABRICKS_CLIENT_SECRET": "sec-ret",
        "HOME": str(tmp_path),
    }
    server = resolve("databricks", env)
    assert server.auth.kind == "databricks-sdk"
    assert "sec-ret" in server.auth.secrets()
    with pytest.raises(TrackingConfigError, match="needs the databricks-sdk package"):
        resolve("databricks", env, modules=())


def test_databricks_profile_with_oauth_uses_the_sdk(tmp_path):
    write_cfg(tmp_path, "[sp]\nhost = https://s.example\nclient_id = abc\nclient_secret = xyz\n")
    server = resolve("databricks://sp", {"HOME": str(tmp_path)})
    assert server.auth.kind == "databricks-sdk" and "xyz" in server.auth.secrets()
    with pytest.raises(TrackingConfigError, match=r"profile \[sp\].*databricks-sdk"):
        resolve("databricks://sp", {"HOME": str(tmp_path)}, modules=())


@pytest.mark.parametrize(
    ("cfg", "uri", "needle"),
    [
        (None, "databricks://dev", "does not exist"),
        ("[other]\nhost = https://o\ntoken = t\n", "databricks://dev", "profiles there: other"),
        ("[dev]\ntoken = t\n", "databricks://dev", "host in profile [dev]"),
        ("[dev\nhost = x\n", "databricks://dev", "not a valid .databrickscfg"),
        ("[dev]\nhost = https://u:p@h\ntoken = t\n", "databricks://dev", "must look like https://"),
        ("", "databricks://scope:prefix", "secret-scope URIs"),
        ("", "databricks://a/b", "write databricks or databricks://<profile>"),
    ],
)
def test_databricks_bad_config_names_file_and_profile(tmp_path, cfg, uri, needle):
    if cfg is not None:
        write_cfg(tmp_path, cfg)
    with pytest.raises(TrackingConfigError) as error:
        resolve(uri, {"HOME": str(tmp_path)})
    assert needle in error.value.message
    if "[dev]" in needle or "profiles there" in needle or "exist" in needle:
        assert str(tmp_path / ".databrickscfg") in error.value.message


def test_databricks_host_without_credentials(tmp_path):
    with pytest.raises(TrackingConfigError, match="neither DATABRICKS_TOKEN"):
        resolve("databricks", {"DATABRICKS_HOST": "https://e", "HOME": str(tmp_path)})


def test_databricks_config_file_variable(tmp_path):
    cfg = tmp_path / "elsewhere.cfg"
    cfg.write_text("[DEFAULT]\nhost = https://f.example\ntoken = t\n")
    assert (
        resolve("databricks", {"DATABRICKS_CONFIG_FILE": str(cfg)}).rest_base == "https://f.example"
    )


# --- Azure ML ---------------------------------------------------------------------------------

AZURE = (
    "azureml://westeurope.api.azureml.ms/mlflow/v1.0/subscriptions/sub-1/resourceGroups/rg-1/"
    "providers/Microsoft.MachineLearningServices/workspaces/ws-1"
)


def test_azureml_maps_to_https_rest_base():
    server = resolve(AZURE)
    assert server.kind == "azureml"
    assert server.uri == AZURE
    assert server.rest_base == AZURE.replace("azureml://", "https://")
    assert server.auth.kind == "azure-identity"
    assert "wsid=/subscriptions/sub-1/resourcegroups/rg-1/" in server.ui_url


def test_azureml_token_comes_from_the_credential_for_the_management_audience():
    # Azure's token service cannot run here: a stand-in credential records the scope asked.
    from nbcraft.tracking.auth import AzureIdentityAuth

    asked = []

    class Token:
        token, expires_on = "aad-token", 9_999_999_999

    class Credential:
        def get_token(self, scope):
            asked.append(scope)
            return Token()

    auth = AzureIdentityAuth(hint="h", credential_factory=Credential)
    assert auth.headers() == {"Authorization": "Bearer aad-token"}
    assert auth.headers() == {"Authorization": "Bearer aad-token"}  # cached, not asked again
    assert asked == ["https://management.azure.com/.default"]
    assert auth.secrets() == ["aad-token"]


def test_azureml_bad_shape_and_missing_package():
    with pytest.raises(TrackingConfigError, match="an Azure ML tracking URI looks like"):
        resolve("azureml://westeurope.api.azureml.ms/mlflow/v1.0/subscriptions/s")
    with pytest.raises(TrackingConfigError, match="needs the azure-identity package"):
        resolve(AZURE, modules=())


# --- project config ---------------------------------------------------------------------------


def test_project_uri_from_nbcraft_json(tmp_path, trust_project):
    (tmp_path / "nbcraft.json").write_text(json.dumps({"tracking": {"uri": "databricks://dev"}}))
    # Untrusted: held back, resolution goes on to the next source; the reason names the key.
    uri, reason = read_project_tracking_uri(tmp_path)
    assert uri is None
    assert reason.startswith("nbcraft.json: tracking: held back: the file is not trusted")
    trust_project(tmp_path)
    uri, source = read_project_tracking_uri(tmp_path)
    assert uri == "databricks://dev"
    assert source == f"tracking.uri in {tmp_path / 'nbcraft.json'}"


def test_project_uri_from_pyproject(tmp_path, trust_project):
    (tmp_path / "pyproject.toml").write_text('[tool.nbcraft.tracking]\nuri = "http://h:1"\n')
    assert read_project_tracking_uri(tmp_path)[0] is None
    trust_project(tmp_path)
    assert read_project_tracking_uri(tmp_path)[0] == "http://h:1"


def test_project_without_tracking_settings(tmp_path):
    assert read_project_tracking_uri(tmp_path)[0] is None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert read_project_tracking_uri(tmp_path)[0] is None


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("nbcraft.json", '{"tracking": {"uri": }', "nbcraft.json: line 1 column 22: invalid JSON"),
        (
            "nbcraft.json",
            '{"tracking": {"uri": 5}}',
            "nbcraft.json: tracking.uri: expected a string",
        ),
        ("nbcraft.json", '{"tracking": "http://h"}', "nbcraft.json: tracking: expected an object"),
        ("pyproject.toml", "[tool.nbcraft\n", "pyproject.toml: (file): invalid TOML"),
    ],
)
def test_broken_project_config_names_the_file(tmp_path, name, text, needle, trust_project):
    (tmp_path / name).write_text(text)
    trust_project(tmp_path)  # a wrong value is reported once the file may act
    with pytest.raises(TrackingConfigError) as error:
        read_project_tracking_uri(tmp_path)
    assert needle in error.value.message and str(tmp_path / name) in error.value.message
