"""A user who may read provenance (``nbcraft-provenance``, action "read") sees runs but cannot
start a reproduction: the POST asks for "write" and is refused before anything runs."""

from __future__ import annotations

import json

import pytest
from jupyter_server.auth.authorizer import Authorizer


class ReadOnlyProvenance(Authorizer):
    def is_authorized(self, handler, user, action, resource):
        return not (resource == "nbcraft-provenance" and action == "write")


@pytest.fixture
def jp_server_config(jp_server_config, mlflow_server):
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["ServerApp"]["jpserver_extensions"] = {"nbcraft": True}
    config["ServerApp"]["authorizer_class"] = ReadOnlyProvenance
    config["NbcraftTracking"] = {"embedded": False, "uri": mlflow_server}
    return config


async def test_read_only_user_reads_but_cannot_reproduce(jp_fetch, jp_serverapp):
    response = await jp_fetch("nbcraft", "provenance", "git")
    assert response.code == 200
    response = await jp_fetch(
        "nbcraft", "provenance", "runs", "0123456789abcdef0123456789abcdef", "reproduce",
        method="POST", body=json.dumps({}), raise_error=False,
    )  # fmt: skip
    assert response.code == 403
    handler_state = jp_serverapp.web_app.settings
    # Nothing was started: no job, no reproduction.
    assert handler_state["nbcraft_jobs"].store.list()[1] == 0
