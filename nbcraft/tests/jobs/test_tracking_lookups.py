"""A job submission looks the tracking server's host name up only when its target is a gateway
(the only decision that needs it: what a gateway's kernels may get); a local job, or a pipeline
without a gateway step, waits for no lookup. Through the real route of a real Jupyter server."""

from __future__ import annotations

import uuid

import pytest
from jobs_support import api

PROBE = f"nbcraft-{uuid.uuid4().hex[:8]}.invalid"  # never resolves


@pytest.fixture
def tracking_uri():
    return f"http://{PROBE}:5000"


@pytest.fixture
def jp_server_config(jp_server_config):
    gateway = {"name": "eg", "kind": "gateway", "url": "http://192.0.2.10:8888", "kernel": "k"}
    jp_server_config["NbcraftCompute"]["targets"] = [gateway]
    return jp_server_config


async def submitted(jp_fetch, **body) -> str:
    code, answer = await api(jp_fetch, "nbcraft", "jobs", method="POST", body=body)
    assert code == 201, answer
    return answer["id"]


async def test_a_local_job_looks_nothing_up(jp_fetch, lookups):
    job_id = await submitted(jp_fetch, notebook="train.ipynb", parameters={"alpha": 0.5})
    assert PROBE not in lookups
    await api(
        jp_fetch, "nbcraft", "jobs", job_id, "cancel", method="POST", body={}, raise_error=False
    )


async def test_a_gateway_job_looks_the_tracking_host_up_before_its_note(jp_fetch, lookups):
    from nbcraft.compute import this_host

    this_host._known.pop(PROBE, None)  # not remembered from an earlier test
    code, answer = await api(
        jp_fetch, "nbcraft", "jobs", method="POST", body={"notebook": "train.ipynb", "target": "eg"}
    )
    assert code == 201, answer
    assert lookups.count(PROBE) == 1
    # Not resolved: it may be this machine, so the gateway's kernels get neither URI nor
    # credentials, and the job says why.
    assert any("could not be resolved" in w for w in answer["warnings"]), answer["warnings"]
    await api(
        jp_fetch,
        "nbcraft",
        "jobs",
        answer["id"],
        "cancel",
        method="POST",
        body={},
        raise_error=False,
    )
