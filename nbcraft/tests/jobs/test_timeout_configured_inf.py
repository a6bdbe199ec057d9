"""``c.NbcraftJobs.timeout = float('inf')`` is no limit, as 0 is (a review of s16): the job
was saved with its timeout as ``"Infinity"`` (strict JSON), read back as that string, and
``call_later`` got a string: every job crashed. A real Jupyter server, a real kernel, the real
``mlflow server`` of the session."""

from __future__ import annotations

import pytest
from jobs_support import submit, wait_for


@pytest.fixture
def jobs_config():
    return {"timeout": float("inf")}


async def test_a_configured_timeout_of_inf_is_no_limit(jp_fetch, jobs_root):
    job_id = await submit(jp_fetch, notebook="train.ipynb", parameters={"n": 3})
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished" and job["error"] is None, job
    assert job["timeout"] is None, job
