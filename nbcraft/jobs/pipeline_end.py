"""How a pipeline run ends (pipelines.py runs it): its status and error from its steps' ends,
or ``failed`` when its loop stopped half-way (a job store failing, a step's row gone), its
steps not yet started then skipped rather than left ``queued`` until the next start."""

from __future__ import annotations

from typing import Any

from . import store as states
from .lines import safe_line
from .store import Job, JobStore, JobStoreError, now

STOPPED_STEP = "skipped: the pipeline run stopped (its error says why)"


def conclude(store: JobStore, row: Job, done: dict[str, str]) -> None:
    """``row``'s status and error from ``done`` (each step's end, by name): finished when
    all finished; failed naming the failed and lost steps (lost: its row unreadable, or so
    marked by another process starting on the store); else cancelled, saying why as the
    cancel stored it."""
    statuses = set(done.values())
    if statuses <= {states.FINISHED}:
        row.status = states.FINISHED
    elif statuses & {states.FAILED, states.LOST}:
        row.status = states.FAILED
        row.error = "; ".join(
            f"step(s) {end}: {', '.join(n for n, s in done.items() if s == end)}"
            for end in (states.FAILED, states.LOST)
            if end in statuses
        )
    else:
        row.status = states.CANCELLED
        told = store.get(row.id)  # (why, as cancel() saved it)
        row.error = row.error or (told.error if told else None) or "cancelled"


def stopped(
    service: Any, row: Job, pending: dict[str, Job], error: Exception, uri: str | None
) -> None:
    """``row`` ``failed`` saying why its run stopped half-way (a store failing: its file and
    what failed, no value stored), told in the log; the steps in ``pending`` (not started)
    skipped where the store still allows, else told in the log with the store's file (the
    next start marks them lost), their real parameters dropped from memory. The steps
    already running are then stopped by :func:`stop_running`."""
    if isinstance(error, JobStoreError):  # (the log names the store's absolute path, the row
        line, shown = str(error), error.public  # which the routes serve, its path in the root)
    else:  # (a bug: its type and first line, scrubbed)
        line = shown = f"{type(error).__name__}: {safe_line(error, uri, 300)}"
    service.log.error("nbcraft jobs: pipeline run %s stopped: %s", row.id, line)
    row.status = states.FAILED
    row.error = f"the pipeline run stopped: {shown}"
    for job in pending.values():
        service._prepared.pop(job.id, None)
        try:
            stored = service.store.get(job.id)
            if stored is None or stored.status != states.QUEUED:
                continue
            stored.status, stored.ended, stored.error = states.CANCELLED, now(), STOPPED_STEP
            service.store.save(stored)
        except JobStoreError as failure:
            service.log.error("nbcraft jobs: step %s of %s: %s", job.id, row.id, failure)


async def stop_running(service: Any, row: Job, running: dict[str, str]) -> None:
    """The steps of ``row`` still running when its run stopped half-way (``running``: their
    job ids by step name) cancelled as a job is (``JobService.cancel``: the kernel interrupted,
    then shut down), each saying why (``row.error``); a step the store cannot cancel is told in
    the log (the next start marks it lost)."""
    for name, job_id in list(running.items()):
        try:
            await service.cancel(job_id, row.error)
        except (JobStoreError, ValueError) as failure:  # (JobInputError: already done)
            service.log.error("nbcraft jobs: step %s of %s: %s", name, row.id, failure)
