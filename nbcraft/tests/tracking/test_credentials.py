"""Credentials follow their own host (issue 12): the attacks first, then what still works.

The capture server is the session's fault injector (a loopback ``http.server`` that records
every request with its headers). A tracking URI set anywhere but ``MLFLOW_TRACKING_URI``
(here the Jupyter config; a trusted project file takes the same path) must get none of the
environment's ``MLFLOW_TRACKING_*`` credentials, through the proxy, the status probe or a
real kernel. Azure's token service and Databricks cannot run here: a stand-in
``azure.identity`` module records whether a token was ever asked for, and the Databricks
cases are checked where nbcraft decides (resolution), against a loopback host.
"""

from __future__ import annotations

import base64
import importlib.machinery
import json
import sys
import types

import pytest

from nbcraft.tracking.errors import TrackingConfigError, without_userinfo
from nbcraft.tracking.resolve import Candidate, resolve_tracking_server


def body_of(response):
    return json.loads(response.body)


@pytest.fixture
def every_credential(monkeypatch, distinctive_credentials):
    """All three MLflow credential variables set in Jupyter's environment."""
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", distinctive_credentials["token"])
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", distinctive_credentials["user"])
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", distinctive_credentials["password"])
    return list(distinctive_credentials.values())


def assert_nothing_carries(requests, secrets):
    assert requests, "the capture server saw no request: the test would prove nothing"
    for request in requests:
        assert "Authorization" not in request["headers"], request["path"]
        seen = json.dumps(request["headers"]) + request["path"]
        for secret in secrets:
            assert secret not in seen


@pytest.fixture
def tracking_config(request, fault_injector, monkeypatch):
    """The capture server as ``c.NbcraftTracking.uri``; ``MLFLOW_TRACKING_URI`` (where the
    credentials belong) names another server. With ``opt-in``, the user's own config lists
    the capture server in ``env_credentials_origins``."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "https://mlflow.corp.example")
    config = {"uri": fault_injector.uri("ok")}
    if getattr(request, "param", None) == "opt-in":
        config["env_credentials_origins"] = [f"http://127.0.0.1:{fault_injector.port}"]
    return config


async def test_configured_uri_gets_no_environment_credentials(
    every_credential, jp_fetch, fault_injector, start_notebook_kernel
):
    fault_injector.requests.clear()
    status = body_of(await jp_fetch("nbcraft/mlflow/status"))
    assert status["uri"] == fault_injector.uri("ok") and status["reachable"] is True
    search = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/experiments/search", method="POST", body="{}"
    )
    assert search.code == 200
    assert_nothing_carries(fault_injector.requests, every_credential)

    # Kernels log to that URI, so they must not hold the credentials either.
    run = await start_notebook_kernel("creds/probe.ipynb")
    out = await run(
        "import os\n"
        "print('URI=' + os.environ.get('MLFLOW_TRACKING_URI', ''))\n"
        "print('HELD=' + repr(sorted(k for k in os.environ if k in ("
        "'MLFLOW_TRACKING_TOKEN', 'MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD'))))\n"
    )
    assert f"URI={fault_injector.uri('ok')}\n" in out
    assert "HELD=[]\n" in out
    for secret in every_credential:
        assert secret not in out


@pytest.mark.parametrize("tracking_config", ["opt-in"], indirect=True)
async def test_the_users_own_config_can_send_them(
    every_credential, distinctive_credentials, jp_fetch, fault_injector
):
    fault_injector.requests.clear()
    await jp_fetch("nbcraft/mlflow/api/2.0/mlflow/experiments/search", method="POST", body="{}")
    sent = fault_injector.requests[-1]["headers"]
    pair = f"{distinctive_credentials['user']}:{distinctive_credentials['password']}"
    assert sent["Authorization"] == "Basic " + base64.b64encode(pair.encode()).decode()


def resolve(value, env, source="c.NbcraftTracking.uri", from_environment=False, origins=()):
    return resolve_tracking_server(
        [Candidate(value, source, from_environment)],
        env,
        has_module=lambda name: True,
        env_credentials_origins=origins,
    )


def test_environment_credentials_are_bound_to_the_origin_of_mlflow_tracking_uri():
    env = {"MLFLOW_TRACKING_URI": "https://ml.example:8443/x", "MLFLOW_TRACKING_TOKEN": "t-1"}
    # The same origin, whoever wrote it: the credentials are that server's.
    same = resolve("https://ML.example:8443/other", env)
    assert same.auth.headers() == {"Authorization": "Bearer t-1"} and same.env_credentials
    for elsewhere in ("https://ml.example", "http://ml.example:8443", "https://evil.example"):
        server = resolve(elsewhere, env)
        assert server.auth.headers() == {} and not server.env_credentials, elsewhere
        assert "c.NbcraftTracking.env_credentials_origins" in server.auth_hint
        assert "MLFLOW_TRACKING_TOKEN" in server.auth_hint
    from_env = resolve("https://ml.example:8443/x", env, "MLFLOW_TRACKING_URI", True)
    assert from_env.auth.headers() == {"Authorization": "Bearer t-1"}
    opted = resolve("https://evil.example/m", env, origins=["https://evil.example"])
    assert opted.auth.headers() == {"Authorization": "Bearer t-1"}
    with pytest.raises(TrackingConfigError, match="env_credentials_origins"):
        resolve("https://evil.example", env, origins=["evil.example"])


# --- Azure ML --------------------------------------------------------------------------------

WORKSPACE = (
    "/mlflow/v1.0/subscriptions/s/resourceGroups/rg/providers/"
    "Microsoft.MachineLearningServices/workspaces/ws"
)


@pytest.fixture
def azure_identity_stand_in(monkeypatch):
    """Azure's token service cannot run here: ``azure.identity`` is replaced by a module whose
    DefaultAzureCredential records every token asked for."""
    asked: list[str] = []

    class Token:
        token, expires_on = "aad-token-never-sent-1f2e", 9_999_999_999

    class DefaultAzureCredential:
        def get_token(self, scope):
            asked.append(scope)
            return Token()

    module = types.ModuleType("azure.identity")
    module.__spec__ = importlib.machinery.ModuleSpec("azure.identity", None)
    module.DefaultAzureCredential = DefaultAzureCredential
    monkeypatch.setitem(sys.modules, "azure.identity", module)
    return asked


class TestAzureAttacker:
    @pytest.fixture
    def tracking_config(self):
        return {"uri": "azureml://attacker.example" + WORKSPACE}

    async def test_no_azure_token_for_a_foreign_host(self, azure_identity_stand_in, jp_fetch):
        status = body_of(await jp_fetch("nbcraft/mlflow/status"))
        assert status["state"] == "error"
        assert "attacker.example is not an Azure ML host" in status["message"]
        search = await jp_fetch(
            "nbcraft/mlflow/api/2.0/mlflow/experiments/search",
            method="POST",
            body="{}",
            raise_error=False,
        )
        assert search.code == 503 and body_of(search)["reason"] == "config-error"
        assert azure_identity_stand_in == []


@pytest.mark.parametrize(
    "host",
    [
        "westeurope.api.azureml.ms",
        "usgovvirginia.api.ml.azure.us",
        "chinaeast2.api.ml.azure.cn",
        "0a1b-guid.workspace.eastus.api.azureml.ms",
    ],
)
def test_azure_ml_hosts_get_the_token(host, azure_identity_stand_in):
    server = resolve("azureml://" + host + WORKSPACE, {})
    assert server.rest_base == "https://" + host + WORKSPACE
    assert server.auth.headers()["Authorization"].startswith("Bearer ")
    assert azure_identity_stand_in == ["https://management.azure.com/.default"]


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example",
        "api.azureml.ms.attacker.example",
        "westeurope.api.azureml.ms:8443",
        "evilapi.azureml.ms",
        ":pw@westeurope.api.azureml.ms",
        "127.0.0.1",
    ],
)
def test_other_hosts_are_refused_before_any_token(host, azure_identity_stand_in):
    with pytest.raises(TrackingConfigError) as refused:
        resolve("azureml://" + host + WORKSPACE, {})
    assert "pw" not in refused.value.message
    assert azure_identity_stand_in == []


# --- Databricks ------------------------------------------------------------------------------


def databricks_env(tmp_path, profile: str, **env):
    (tmp_path / ".databrickscfg").write_text(profile)
    return {"HOME": str(tmp_path), **env}


@pytest.mark.parametrize(
    ("profile", "env"),
    [
        # The SDK takes DATABRICKS_TOKEN from the environment and the host from the profile.
        ("[p]\nhost = https://other.example\nauth_type = pat\n", {"DATABRICKS_TOKEN": "dapi-env"}),
        (
            "[p]\nhost = https://other.example\nauth_type = pat\n",
            {"DATABRICKS_TOKEN": "dapi-env", "DATABRICKS_HOST": "https://mine.example"},
        ),
        # A kernel's SDK would pair the environment's token with the profile's host.
        ("[p]\nhost = https://other.example\ntoken = dapi-p\n", {"DATABRICKS_TOKEN": "dapi-env"}),
    ],
)
def test_databricks_token_to_another_host_is_refused(tmp_path, profile, env):
    with pytest.raises(TrackingConfigError) as refused:
        resolve("databricks://p", databricks_env(tmp_path, profile, **env))
    assert "DATABRICKS_TOKEN" in refused.value.message
    assert "https://other.example" in refused.value.message
    assert "dapi-env" not in refused.value.message + refused.value.hint


def test_databricks_tokens_stay_with_their_own_host(tmp_path):
    mine = {"DATABRICKS_TOKEN": "dapi-env", "DATABRICKS_HOST": "https://mine.example/"}
    # The environment's pair, and a profile with its own token next to another pair.
    assert resolve("databricks", mine).auth.headers() == {"Authorization": "Bearer dapi-env"}
    profile = "[p]\nhost = https://other.example\ntoken = dapi-p\n"
    server = resolve("databricks://p", databricks_env(tmp_path, profile, **mine))
    assert server.rest_base == "https://other.example"
    assert server.auth.headers() == {"Authorization": "Bearer dapi-p"}
    # The profile that names the environment's own host may use the SDK with it.
    sdk = "[p]\nhost = https://mine.example\nauth_type = pat\n"
    assert resolve("databricks://p", databricks_env(tmp_path, sdk, **mine)).kind == "databricks"


# --- no userinfo reaches the browser ---------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "profile"),
    [
        ({"DATABRICKS_HOST": "https://:hunter2-secret@d.example", "DATABRICKS_TOKEN": "t"}, None),
        ({}, "[DEFAULT]\nhost = https://:hunter2-secret@d.example\ntoken = t\n"),
        ({}, "[DEFAULT]\nhost = https://admin:hunter2-secret@d.example\ntoken = t\n"),
    ],
)
def test_userinfo_in_a_databricks_host_is_refused_unshown(tmp_path, env, profile):
    if profile:
        (tmp_path / ".databrickscfg").write_text(profile)
    with pytest.raises(TrackingConfigError) as refused:
        resolve("databricks", {"HOME": str(tmp_path), **env})
    assert "hunter2-secret" not in refused.value.message + refused.value.hint
    assert "no user name or password" in refused.value.message


def test_without_userinfo():
    assert without_userinfo("https://:s@h.example/x") == "https://h.example/x"
    assert without_userinfo("http://a:b@h:1/") == "http://h:1/"
    assert without_userinfo("databricks://dev") == "databricks://dev"
    assert without_userinfo(None) is None


class TestStatusShowsNoUserinfo:
    @pytest.fixture
    def tracking_config(self, fault_injector):
        return {"uri": fault_injector.uri("ok").replace("://", "://:pw-in-uri-77@")}

    async def test_status(self, jp_fetch, fault_injector):
        response = await jp_fetch("nbcraft/mlflow/status")
        status = body_of(response)
        assert status["uri"] == fault_injector.uri("ok")
        assert status["ui_url"] == fault_injector.uri("ok") + "/"
        assert "pw-in-uri-77" not in response.body.decode()
