"""A message of megabytes is cut (at ``ERROR_SCRUBBED``) before it is scrubbed; the scrubber
then shortens it (a query goes), so what was past the cut reaches the final window: a cut
through ``https://alice:s3cret...@host`` left ``https://alice:s3cret``, which no scrubber knows
for a password (no ``@``). The word the cut goes through is dropped now. Real parts: the
JobService with its SQLite store, the runner's log filter; the crash is the job's own coroutine
raising (a job that crashes is what is tested, not how)."""

from __future__ import annotations

import logging

from nbcraft.jobs import store as states
from nbcraft.jobs.runner import _NBCLIENT_LOG, ERROR_SCRUBBED, StandaloneKernels, error_line
from nbcraft.jobs.service import JobService, TrackingTarget, safe_line
from nbcraft.jobs.settings import NbcraftJobs
from nbcraft.jobs.store import Job, new_id
from nbcraft.tracking.errors import raw_head

SECRET = "s3cretPasswordXYZ"


def _message(before: int) -> str:
    """A query that goes when scrubbed, then a URL whose password crosses ERROR_SCRUBBED."""
    head = "https://h/api?q=" + "a" * before
    return head + " https://alice:" + SECRET + "@mlflow.internal/x"


def _leaks(text: str) -> bool:
    return any(SECRET[:k] in text for k in range(3, len(SECRET) + 1))


def test_raw_head_drops_the_word_it_cuts():
    assert raw_head("ab cd ef", 4) == "ab"
    assert raw_head("ab cd ef", 6) == "ab cd"
    assert raw_head("ab cd", 10) == "ab cd"


def test_a_warning_s_line():
    line = safe_line(RuntimeError(_message(8155)), None)
    assert line.startswith("https://h/api") and not _leaks(line), line


def test_an_outcome_s_error_line():
    line = error_line(RuntimeError(_message(ERROR_SCRUBBED - 36)))
    assert "@mlflow.internal" in line or not _leaks(line), line  # whole, or none of it


def test_the_handshake_log_line(caplog):
    with caplog.at_level(logging.ERROR, logger=_NBCLIENT_LOG.name):
        _NBCLIENT_LOG.error("Error occurred while starting new kernel client: %s", _message(8100))
    assert caplog.records and not _leaks(caplog.records[-1].getMessage())


async def test_a_crashed_job_s_error(tmp_path):
    service = JobService(
        tmp_path,
        StandaloneKernels(),
        lambda: None,
        lambda: TrackingTarget(None, None, None),
        settings=NbcraftJobs(state_dir=str(tmp_path / "state")),
    )
    job = Job(id=new_id(), notebook="n.ipynb", target="local", parameters={})
    service.store.save(job)

    async def crash(_job):
        raise RuntimeError(_message(8155))

    service._run_job = crash
    await service._execute(job.id)
    stored = service.store.get(job.id)
    assert stored is not None and stored.status == states.FAILED, stored
    assert stored.error and "https://h/api" in stored.error and not _leaks(stored.error)
    service.store.close()
