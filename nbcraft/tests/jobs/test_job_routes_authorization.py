"""The jobs routes ask the server's authorizer (resource ``nbcraft-jobs``): a user who may only
read jobs can list them but cannot start or cancel one."""

from __future__ import annotations

import pytest
from jobs_support import api
from jupyter_server.auth.authorizer import Authorizer


class ReadOnlyJobs(Authorizer):
    """A deployment where this user may look at jobs but not start or cancel them."""

    def is_authorized(self, handler, user, action, resource):
        return not (resource == "nbcraft-jobs" and action == "write")


@pytest.fixture
def jp_server_config(jp_server_config):
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["ServerApp"]["authorizer_class"] = ReadOnlyJobs
    return config


async def test_read_only_user_cannot_start_or_cancel_jobs(jp_fetch):
    code, _ = await api(jp_fetch, "nbcraft", "jobs")
    assert code == 200
    code, _ = await api(
        jp_fetch,
        "nbcraft",
        "jobs",
        method="POST",
        body={"notebook": "train.ipynb"},
        raise_error=False,
    )
    assert code == 403
    code, _ = await api(
        jp_fetch, "nbcraft", "jobs", "abc123", "cancel", method="POST", body={}, raise_error=False
    )
    assert code == 403
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert listing["total"] == 0
