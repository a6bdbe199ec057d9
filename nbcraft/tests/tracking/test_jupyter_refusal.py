"""Two different refusals, against a real Jupyter server and a real ``mlflow server``: Jupyter
refusing the lab's request itself (the server restarted with a new token, the session
expired) and the tracking server refusing nbcraft's credentials. The sidebar tells the user
to sign in again for the first and to fix the credentials for the second, so the answers
must say which is which (``reason``). The tracking server's refusal, ``upstream-auth``, is
checked in test_upstream_faults.py."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def tracking_config(seeded):
    return {"uri": seeded["uri"]}


STALE = {"Authorization": "token the-token-before-the-restart"}


async def test_jupyter_refusing_a_stale_token_says_it_is_jupyter(jp_fetch, seeded):
    # With the lab's token, the real tracking server answers through the proxy.
    answer = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/experiments/get",
        params={"experiment_id": seeded["experiment_id"]},
    )
    assert json.loads(answer.body)["experiment"]["name"] == "nbcraft-seed"
    # The token of the server before a restart: Jupyter refuses before any nbcraft code runs.
    for path, method, body in (
        ("nbcraft/mlflow/status", "GET", None),
        ("nbcraft/mlflow/api/2.0/mlflow/runs/search", "POST", "{}"),
        ("nbcraft/mlflow/api/2.0/mlflow/experiments/get", "GET", None),
    ):
        refused = await jp_fetch(
            path, method=method, body=body, headers=dict(STALE), raise_error=False
        )
        assert refused.code == 403, (path, refused.code)
        problem = json.loads(refused.body)
        # Before: {"message": "Forbidden", "reason": null}, which the sidebar showed as
        # "Unreachable: Forbidden".
        assert problem["reason"] == "jupyter-auth", problem
        # The lab says what to do in its own (translated) words: no hint of the server's.
        assert "hint" not in problem
        assert "the-token-before-the-restart" not in refused.body.decode()
