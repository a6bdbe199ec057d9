"""Jupyter's refusals that signing in again does not fix, against a real Jupyter server: an
Authorizer refusing the ``nbcraft-tracking`` resource to a known user (JupyterHub scopes)
and a ``Host`` Jupyter does not serve answer ``jupyter-forbidden`` with a message saying why;
a failed XSRF check is fixed by a reload (a new ``_xsrf`` cookie), so it is ``jupyter-auth``
like a missing sign-in (test_jupyter_refusal.py)."""

from __future__ import annotations

import json

import pytest
from jupyter_server.auth.authorizer import Authorizer


class NoTracking(Authorizer):
    """A deployment whose users may use the lab but not nbcraft's tracking routes."""

    def is_authorized(self, handler, user, action, resource):
        return resource != "nbcraft-tracking"


@pytest.fixture
def jupyter_extra():
    return {}


@pytest.fixture
def tracking_config():
    # Nothing listens there: any answer below is Jupyter's, before the proxy ran.
    return {"uri": "http://127.0.0.1:9", "embedded": False}


@pytest.fixture
def jp_server_config(jp_server_config, jupyter_extra):
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["ServerApp"] = {**config.get("ServerApp", {}), **jupyter_extra}
    return config


@pytest.mark.parametrize("jupyter_extra", [{"authorizer_class": NoTracking}])
async def test_a_user_the_authorizer_refuses_is_told_why_not_to_reload(jp_fetch):
    refused = await jp_fetch("nbcraft/mlflow/status", raise_error=False)
    assert refused.code == 403
    problem = json.loads(refused.body)
    # Before: "jupyter-auth", which the sidebar showed as "session expired, reload".
    assert problem["reason"] == "jupyter-forbidden", problem
    assert problem["message"] == (
        "User is not authorized to read on resource: nbcraft-tracking."
    ), problem
    # The same user may use the other nbcraft routes: the refusal is the resource's.
    assert (await jp_fetch("nbcraft/info")).code == 200


async def test_a_host_jupyter_does_not_serve_is_named(jp_fetch):
    refused = await jp_fetch(
        "nbcraft/mlflow/status", headers={"Host": "evil.example"}, raise_error=False
    )
    assert refused.code == 403
    problem = json.loads(refused.body)
    assert problem["reason"] == "jupyter-forbidden", problem
    assert "'evil.example'" in problem["message"]
    assert "allow_remote_access" in problem["message"]


@pytest.mark.parametrize("jupyter_extra", [{"token": ""}])
async def test_a_failed_xsrf_check_is_fixed_by_signing_in_again(jp_fetch):
    # No token: a user without token authentication, so Jupyter checks XSRF on a POST.
    refused = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/runs/search",
        method="POST",
        body="{}",
        headers={"Authorization": ""},
        raise_error=False,
    )
    assert refused.code == 403
    problem = json.loads(refused.body)
    assert problem["reason"] == "jupyter-auth", problem
    assert "_xsrf" in problem["message"], problem
