"""Opening a run's details must not hold the Jupyter server's event loop: the first MLflow
client of the process imports mlflow (seconds on a loaded machine), and done on the loop it
held every other request; the sidebar's proxied ``logged-models`` call then timed out
"while resolving 127.0.0.1" (504). Here a client that takes as long as the test wants, a real
Jupyter server and the session's real ``mlflow server``: another request is answered while
the client is still being made."""

from __future__ import annotations

import asyncio
import threading

import pytest
from reproduce_support import get, make_project, new_run, server_config

from nbcraft.provenance.handlers import Provenance

HOLD = 15.0  # seconds the slow client waits for the test at most


@pytest.fixture
def repo(jp_root_dir):
    return make_project(jp_root_dir)


@pytest.fixture
def jp_server_config(jp_server_config, repo, mlflow_server, monkeypatch):
    return server_config(jp_server_config, mlflow_server, monkeypatch)


async def test_the_server_answers_while_a_run_s_mlflow_client_is_made(
    jp_fetch, repo, mlflow_server, monkeypatch
):
    run = new_run(mlflow_server, repo, status="FINISHED")
    made, released, timed_out = threading.Event(), threading.Event(), []
    real_client = Provenance.client

    def slow_client(self, *args):
        made.set()
        timed_out.append(not released.wait(HOLD))  # as a first `import mlflow` holds
        return real_client(self, *args)

    monkeypatch.setattr(Provenance, "client", slow_client)
    details = asyncio.ensure_future(get(jp_fetch, "runs", run))
    assert await asyncio.to_thread(made.wait, HOLD), "the details never asked for a client"

    status = await asyncio.wait_for(jp_fetch("api", "status"), HOLD / 3)
    assert status.code == 200 and not details.done()
    released.set()
    code, body = await details
    assert code == 200, body
    assert timed_out == [False]  # released by this test, not by the wait's end
