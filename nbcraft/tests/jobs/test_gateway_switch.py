"""A gateway job whose tracking read and kernel start straddle a tracking-settings switch.

The job read the tracking server (a remote one, whose credentials are not the kernels') and,
before its kernel started, the user cleared the setting: the lab exported the embedded
server's loopback URI and password into its environment. jupyter_server builds a gateway
start from that environment updated with the start's ``env``, which can override but not
remove: the job's kernel must get the remote URI without the embedded password.

The gateway is ``recording_gateway`` (nbcraft/tests/compute/conftest.py): a listener of this
test that answers the gateway kernel API and records each start request, but runs no kernel;
its "remote" URL uses this host's network address and stands in for another host. The job
service, nbcraft's compute settings and the CLI's standalone kernels are the real ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from pathlib import Path
from typing import Any

import pytest
from jobs_support import TRAIN, write_notebook
from traitlets.config import Config

# Stands in for a tracking server on another machine (an address, so no name lookup).
REMOTE_TRACKING = "http://192.0.2.10:5000"


@pytest.fixture(autouse=True)
def gateway_client():
    """jupyter_server's GatewayClient singleton, which StandaloneKernels points at the
    gateway: for this test only (a later test's server would send its kernels there)."""
    from jupyter_server.gateway.gateway_client import GatewayClient

    GatewayClient.clear_instance()
    yield
    GatewayClient.clear_instance()


def gateway_job_service(root: Path, gateway, tracking) -> Any:
    """The real JobService with nbcraft's compute settings (a gateway target ``eg`` at the
    recording gateway's "remote" URL) and the CLI's standalone kernels; ``tracking`` is the
    job's tracking read."""
    from nbcraft.compute.service import NbcraftCompute
    from nbcraft.jobs.runner import StandaloneKernels
    from nbcraft.jobs.service import JobService
    from nbcraft.jobs.settings import NbcraftJobs

    if gateway.remote_url is None:
        pytest.skip("this machine has no network address besides loopback")
    target = {"name": "eg", "kind": "gateway", "url": gateway.remote_url, "kernel": gateway.kernel}
    compute = NbcraftCompute(
        root,
        config=Config({"NbcraftCompute": {"targets": [target]}}),
        watch_interval=0,
        kernels_dir=str(root / "kernels"),
    )
    compute.refresh(force=True)
    write_notebook(root / "train.ipynb", TRAIN)
    return JobService(
        root,
        StandaloneKernels(),  # the job passes the target's URL
        lambda: compute,
        tracking,
        settings=NbcraftJobs(state_dir=str(root / "state"), startup_timeout=5),
        recover=False,
    )


async def run_until_started(service: Any, gateway) -> None:
    """Submit a job on ``eg``, wait for its kernel start request, cancel it (the recording
    gateway runs no kernel) and wait for it to end."""
    from nbcraft.jobs.service import JobInputError

    job = service.submit("train.ipynb", "eg", timeout=10)
    waiting = asyncio.ensure_future(service.wait(job.id))
    for _ in range(200):
        if gateway.starts:
            break
        await asyncio.sleep(0.05)
    with contextlib.suppress(JobInputError):  # (it may have failed already)
        await service.cancel(job.id)
    await asyncio.wait_for(waiting, 60)
    assert gateway.starts, "the kernel start was not requested"


async def test_a_job_started_during_a_switch_sends_no_password_of_the_new_server(
    tmp_path, recording_gateway, monkeypatch
):
    from nbcraft.jobs.service import TrackingTarget

    password = "embedded-" + secrets.token_hex(16)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5005")
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "nbcraft")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)
    monkeypatch.setenv("KERNEL_USERNAME", "nbcraft-test")
    # The job's read came before the switch: the remote server, no credentials for kernels.
    service = gateway_job_service(
        tmp_path, recording_gateway, lambda: TrackingTarget(REMOTE_TRACKING)
    )
    await run_until_started(service, recording_gateway)

    (sent,) = recording_gateway.envs()
    assert sent.get("MLFLOW_TRACKING_URI") == REMOTE_TRACKING
    assert password not in json.dumps(sent), sent
    assert "MLFLOW_TRACKING_USERNAME" not in sent


async def test_a_gateway_job_with_no_tracking_uri_decides_from_one_read(
    tmp_path, recording_gateway, monkeypatch
):
    """No tracking server configured (the read's URI is None): the job's kernel start is
    decided from that read, not from another one made because None also meant "not read"."""
    from nbcraft.jobs.service import TrackingTarget

    for name in ("MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KERNEL_USERNAME", "nbcraft-test")
    reads: list[str] = []

    def tracking() -> TrackingTarget:
        reads.append("read")
        return TrackingTarget(None, None, "no tracking server is configured")

    service = gateway_job_service(tmp_path, recording_gateway, tracking)
    await run_until_started(service, recording_gateway)
    assert len(reads) == 2, reads  # one when the job is submitted, one when it runs
