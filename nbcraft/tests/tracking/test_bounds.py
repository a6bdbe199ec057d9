"""The proxy bounds the requests it forwards at once.

The fault injector's ``/hold`` mode keeps a request until the test lets it go, so "one
request in flight" is a state the test waits for, not a moment it sleeps until.
"""

from __future__ import annotations

import asyncio
import json

import pytest


@pytest.fixture
def held(fault_injector):
    fault_injector.arrived.clear()
    fault_injector.release.clear()
    yield fault_injector
    fault_injector.release.set()


@pytest.fixture
def tracking_config(fault_injector):
    return {"uri": fault_injector.uri("hold"), "max_concurrent_requests": 1}


async def test_one_more_than_the_bound_is_429_at_once(held, jp_fetch):
    first = asyncio.ensure_future(
        jp_fetch("nbcraft/mlflow/api/2.0/mlflow/runs/get", params={"run_id": "r1"})
    )
    assert await asyncio.get_running_loop().run_in_executor(None, held.arrived.wait, 60)

    busy = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/experiments/get",
        params={"experiment_id": "0"},
        raise_error=False,
    )
    assert busy.code == 429 and busy.headers["Retry-After"] == "1"
    problem = json.loads(busy.body)
    assert problem["reason"] == "busy"
    assert "c.NbcraftTracking.max_concurrent_requests" in problem["message"]
    assert not first.done()  # the request in flight was not disturbed

    held.release.set()
    assert (await first).code == 200
    again = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/experiments/get", params={"experiment_id": "0"}
    )
    assert again.code == 200  # its slot was given back
