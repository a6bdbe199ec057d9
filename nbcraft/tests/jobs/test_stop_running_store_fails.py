"""A pipeline run that stopped because its store fails on reads could not stop its running
steps: ``stop_running`` went through ``JobService.cancel``, which read the store first and
raised before it reached the step's execution in memory, so the kernel ran on until the
notebook ended. The running step is now stopped from memory first, and the store's error is
then reported in the log. Real JobService and SQLite store (another connection takes its
table away, so every read fails for real), a real process as the step's kernel."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import subprocess
import sys

from jobs_support import untracked_service

from nbcraft.jobs.pipeline_end import stop_running
from nbcraft.jobs.store import Job


class ProcessExecution:
    """What the service holds for a running job, its kernel a real process: cancel ends it."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])

    async def cancel(self) -> None:
        self.process.kill()
        self.process.wait()


def test_a_running_step_stops_when_the_store_fails_on_reads(tmp_path, caplog):
    root, state = tmp_path / "root", tmp_path / "state"
    root.mkdir()
    service = untracked_service(root, state)
    step = Job(id="step0000001", notebook="a.ipynb", target="local", parameters={},
               status="running", pipeline_id="p0000000001", step="a")  # fmt: skip
    service.store.save(step)
    execution = ProcessExecution()
    service._running[step.id] = execution
    other = sqlite3.connect(state / "jobs.db")
    try:
        other.execute("ALTER TABLE jobs RENAME TO jobs_gone")  # every read now fails
        other.commit()
        row = Job(id="p0000000001", notebook="", target="", parameters={}, pipeline="p",
                  error="the pipeline run stopped: the job store is damaged")  # fmt: skip
        caplog.set_level(logging.ERROR, logger=service.log.name)
        asyncio.run(stop_running(service, row, {"a": step.id}))
        assert execution.process.poll() is not None  # was: None, its kernel running on
        told = [r.getMessage() for r in caplog.records]
        assert any("step a of p0000000001" in line and "no such table" in line for line in told)
    finally:
        if execution.process.poll() is None:
            execution.process.kill()
            execution.process.wait()
        other.close()
        service.store.close()
